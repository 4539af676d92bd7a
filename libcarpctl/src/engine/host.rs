//! The host-level engine: interfaces, their vhids, the global settings and
//! demotion, statistics, and routing a received packet to its vhid through
//! FreeBSD's input checks (`carp_input`, `carp6_input`, `carp_input_c`).

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::config::{ConfigError, IfRef, Settings, VhidConfig};
use super::stats::{Rng, Stats};
use super::vhid::{Ctx, Fam, Machine};
use super::vrrp::{vrrp_checksum_ok, VrrpAdvert, VRRP_HEADER_LEN, VRRP_VERSION};
use super::wire::{checksum_ok, CarpHeader, WireError, CARP_VERSION};
use super::{Action, Received, Time, VhidStatus};
use crate::types::{CarpState, CarpVersion, Key, Vhid};

/// The CARP TTL / hop limit (`CARP_DFLTTL`).
const CARP_TTL: u8 = 255;

#[derive(Debug)]
struct Iface {
    r: IfRef,
    link: bool,
    vhids: Vec<Machine>,
}

/// The whole host: every vhid on every interface. See the module docs.
#[derive(Debug)]
pub struct Engine {
    settings: Settings,
    /// The engine's own share of the demotion (interface down, send errors).
    auto_demotion: i32,
    ifaces: Vec<Iface>,
    stats: Stats,
    rng: Rng,
    out: VecDeque<Action>,
}

impl Engine {
    /// A host with `settings`; `seed` drives the counter generator (the
    /// daemon seeds it from the OS, tests from a constant).
    pub fn new(settings: Settings, seed: u64) -> Engine {
        Engine {
            settings,
            auto_demotion: 0,
            ifaces: Vec::new(),
            stats: Stats::default(),
            rng: Rng::new(seed),
            out: VecDeque::new(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The global demotion, as `sysctl net.inet.carp.demotion` reads: the
    /// administrator's share plus the engine's (240 per vhid whose
    /// interface is down, 240 per vhid after 3 send errors).
    pub fn demotion(&self) -> i32 {
        self.settings.demotion + self.auto_demotion
    }

    /// The statistics (`struct carpstats`).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The key of a vhid, for a privileged caller who asked (`ifconfig -k`).
    pub fn key(&self, ifindex: u32, vhid: Vhid) -> Option<&Key> {
        self.machine(ifindex, vhid).map(|m| &m.cfg.key)
    }

    /// Create or change a vhid on `iface`. A new vhid starts in INIT and
    /// leaves it once it has an address on an interface with link. The
    /// config's `state` is a one-time nudge (carp(4)): `master` from BACKUP
    /// takes over at once, `backup` from MASTER steps down; nothing from INIT.
    pub fn configure(&mut self, now: Time, iface: &IfRef, cfg: &VhidConfig) -> Result<(), ConfigError> {
        let cfg = cfg.clone().validated()?;
        let i = self.iface_index(iface.index, Some(iface));
        let vhids = &mut self.ifaces[i].vhids;
        match vhids.iter_mut().find(|m| m.cfg.vhid == cfg.vhid) {
            Some(m) if m.cfg.version != cfg.version => return Err(ConfigError::VersionChange),
            Some(m) => m.reconfigure(&cfg),
            None => vhids.push(Machine::new(VhidConfig { state: None, ..cfg.clone() })),
        }
        if let Some(req) = cfg.state {
            self.on_vhid(now, iface.index, cfg.vhid, |m, ctx| m.nudge(ctx, req));
        }
        Ok(())
    }

    /// Remove a vhid (releasing its addresses if MASTER).
    pub fn remove(&mut self, now: Time, ifindex: u32, vhid: Vhid) -> Result<(), ConfigError> {
        self.on_vhid(now, ifindex, vhid, |m, ctx| m.shutdown(ctx)).ok_or(ConfigError::NoSuchVhid)?;
        if let Some(iface) = self.ifaces.iter_mut().find(|i| i.r.index == ifindex) {
            iface.vhids.retain(|m| m.cfg.vhid != vhid);
        }
        Ok(())
    }

    /// Set the addresses of a vhid (all of them, both families). A change
    /// rehashes the HMAC and restarts the vhid from INIT, as attaching or
    /// detaching an address does in FreeBSD; the same set again changes nothing.
    pub fn set_addresses(
        &mut self,
        now: Time,
        ifindex: u32,
        vhid: Vhid,
        v4: &[Ipv4Addr],
        v6: &[Ipv6Addr],
    ) -> Result<(), ConfigError> {
        let same = |m: &Machine| sorted(&m.v4) == sorted(v4) && sorted(&m.v6) == sorted(v6);
        match self.machine(ifindex, vhid) {
            None => Err(ConfigError::NoSuchVhid),
            Some(m) if same(m) => Ok(()),
            Some(_) => {
                self.on_vhid(now, ifindex, vhid, |m, ctx| m.set_addresses(ctx, v4, v6));
                Ok(())
            }
        }
    }

    /// The interface went up with link (`up`) or lost it. Every vhid on it
    /// restarts: down goes to INIT and adds the interface-down demotion,
    /// up goes INIT -> BACKUP and removes it. A report of the state it
    /// already has changes nothing. Interfaces are up until told otherwise.
    pub fn link_changed(&mut self, now: Time, ifindex: u32, up: bool) {
        let i = self.iface_index(ifindex, None);
        if self.ifaces[i].link == up {
            return;
        }
        self.ifaces[i].link = up;
        self.each(now, Some(ifindex), |m, ctx| m.sc_state(ctx));
    }

    /// The outcome of one [`Action::Send`]: 3 consecutive errors add the
    /// send-error demotion (240), 3 successes after that take it back.
    pub fn send_result(&mut self, now: Time, ifindex: u32, vhid: Vhid, ok: bool) {
        self.on_vhid(now, ifindex, vhid, |m, ctx| m.send_result(ctx, ok));
    }

    /// New settings. Changing `allow` restarts every vhid; changing the
    /// demotion makes every master advertise at once.
    pub fn set_settings(&mut self, now: Time, settings: Settings) {
        let old = std::mem::replace(&mut self.settings, settings);
        if old.allow != settings.allow {
            self.each(now, None, |m, ctx| m.sc_state(ctx));
        }
        if old.demotion != settings.demotion {
            self.send_all(now);
        }
    }

    /// Fire every timer due at `now`, earliest first.
    pub fn handle_timeout(&mut self, now: Time) {
        loop {
            let due = self
                .ifaces
                .iter()
                .flat_map(|i| i.vhids.iter().map(move |m| (i.r.index, m.cfg.vhid, m.next_timer())))
                .filter_map(|(i, v, t)| Some((t?, i, v)))
                .filter(|(t, _, _)| *t <= now)
                .min();
            let Some((_, ifindex, vhid)) = due else { break };
            self.on_vhid(now, ifindex, vhid, |m, ctx| m.fire(ctx));
        }
    }

    /// The earliest armed timer: call [`Engine::handle_timeout`] then.
    pub fn poll_timeout(&self) -> Option<Time> {
        self.ifaces.iter().flat_map(|i| i.vhids.iter()).filter_map(Machine::next_timer).min()
    }

    /// The next action, in the order they arose.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.out.pop_front()
    }

    /// Every vhid's state, configuration (without the key) and counters.
    pub fn status(&self) -> impl Iterator<Item = VhidStatus> + '_ {
        let demotion = self.demotion();
        self.ifaces.iter().flat_map(move |i| {
            i.vhids.iter().map(move |m| VhidStatus {
                ifindex: i.r.index,
                ifname: i.r.name.clone(),
                vhid: m.cfg.vhid,
                state: m.state,
                advbase: m.cfg.advbase,
                advskew: m.cfg.advskew,
                demoted_skew: m.demoted_skew(demotion),
                has_key: !m.cfg.key.is_empty(),
                peer: m.cfg.peer,
                peer6: m.cfg.peer6,
                version: m.cfg.version,
                vrrp_priority: m.cfg.vrrp_priority,
                vrrp_interval: m.cfg.vrrp_interval,
                v4: m.v4.clone(),
                v6: m.v6.clone(),
                advertise_at: m.ad,
                master_down_at: m.md.iter().flatten().min().copied(),
                counters: m.counters,
            })
        })
    }

    /// A received packet, checked in FreeBSD's order: `allow`, (IPv6: an
    /// interface with vhids), TTL 255 (not for a vhid with a unicast peer,
    /// as in 14+), length, checksum, (vhid 0 from our own address: a loop,
    /// `badif`, 14+), a vhid with an address of that family on this
    /// interface, version, HMAC. A failed check counts in [`Stats`] and
    /// drops the packet silently.
    pub fn receive(&mut self, now: Time, ifindex: u32, pkt: &Received<'_>) {
        let fam = if pkt.src.is_ipv6() { Fam::V6 } else { Fam::V4 };
        match fam {
            Fam::V4 => self.stats.ipackets += 1,
            Fam::V6 => self.stats.ipackets6 += 1,
        }
        if !self.settings.allow {
            return;
        }
        let has_vhids = self.ifaces.iter().any(|i| i.r.index == ifindex && !i.vhids.is_empty());
        if fam == Fam::V6 && !has_vhids {
            self.stats.badif += 1;
            return;
        }
        // FreeBSD 14+ checks the TTL only in multicast mode: a vhid with a
        // unicast peer accepts routed advertisements.
        if pkt.ttl != CARP_TTL && !self.unicast(ifindex, pkt.payload.get(1).copied(), fam) {
            self.stats.badttl += 1;
            return;
        }
        match pkt.payload.first().map(|b| b >> 4) {
            Some(VRRP_VERSION) => self.receive_vrrp(now, ifindex, pkt, fam),
            Some(_) => self.receive_carp(now, ifindex, pkt, fam),
            None => self.stats.badlen += 1,
        }
    }

    fn receive_carp(&mut self, now: Time, ifindex: u32, pkt: &Received<'_>, fam: Fam) {
        let h = match CarpHeader::parse(pkt.payload) {
            Ok(h) => h,
            Err(_) => return self.stats.badlen += 1,
        };
        if !checksum_ok(pkt.payload) {
            return self.stats.badsum += 1;
        }
        // FreeBSD 14+: vhid 0 from one of our own addresses is our own
        // packet echoed back by a looping switch.
        if h.vhid == 0 && self.is_own(ifindex, pkt.src) {
            return self.stats.badif += 1;
        }
        let Some(vhid) = self.vhid_for(ifindex, h.vhid, fam) else {
            return self.stats.badvhid += 1;
        };
        let m = self.machine(ifindex, vhid).expect("found above");
        if h.version != CARP_VERSION || m.cfg.version != CarpVersion::Carp {
            return self.stats.badver += 1;
        }
        if !m.verify(&h) {
            self.stats.badauth += 1;
            self.on_vhid(now, ifindex, vhid, |m, _| m.counters.badauth += 1);
            return;
        }
        self.on_vhid(now, ifindex, vhid, |m, ctx| m.receive_carp(ctx, &h, fam));
    }

    fn receive_vrrp(&mut self, now: Time, ifindex: u32, pkt: &Received<'_>, fam: Fam) {
        if pkt.payload.len() < VRRP_HEADER_LEN {
            return self.stats.badlen += 1;
        }
        if !vrrp_checksum_ok(pkt.src, pkt.dst, pkt.payload) {
            return self.stats.badsum += 1;
        }
        let a = match VrrpAdvert::decode(pkt.payload, fam == Fam::V6) {
            Ok(a) => a,
            Err(WireError::BadType(_) | WireError::BadVersion(_)) => return self.stats.badver += 1,
            Err(_) => return self.stats.badlen += 1,
        };
        let Some(vhid) = self.vhid_for(ifindex, a.vrid, fam) else {
            return self.stats.badvhid += 1;
        };
        if self.machine(ifindex, vhid).is_some_and(|m| m.cfg.version != CarpVersion::Vrrp) {
            return self.stats.badver += 1;
        }
        let src = pkt.src;
        self.on_vhid(now, ifindex, vhid, |m, ctx| m.receive_vrrp(ctx, &a, src, fam));
    }

    /// The vhid `n` on `ifindex` if it has an address of `fam` (`badvhid` otherwise).
    fn vhid_for(&self, ifindex: u32, n: u8, fam: Fam) -> Option<Vhid> {
        let iface = self.ifaces.iter().find(|i| i.r.index == ifindex)?;
        iface.vhids.iter().find(|m| m.cfg.vhid.get() == n && m.has(fam)).map(|m| m.cfg.vhid)
    }

    /// Whether vhid `n` on `ifindex` advertises to a unicast peer of `fam`.
    fn unicast(&self, ifindex: u32, n: Option<u8>, fam: Fam) -> bool {
        let Some(vhid) = n.and_then(|n| self.vhid_for(ifindex, n, fam)) else {
            return false;
        };
        self.machine(ifindex, vhid).is_some_and(|m| match fam {
            Fam::V4 => !m.cfg.peer.is_multicast(),
            Fam::V6 => !m.cfg.peer6.is_multicast(),
        })
    }

    /// Whether `src` is one of this interface's addresses (its source
    /// addresses or a vhid's).
    fn is_own(&self, ifindex: u32, src: IpAddr) -> bool {
        let Some(iface) = self.ifaces.iter().find(|i| i.r.index == ifindex) else {
            return false;
        };
        let vhid_addr = |m: &Machine| match src {
            IpAddr::V4(a) => m.v4.contains(&a),
            IpAddr::V6(a) => m.v6.contains(&a),
        };
        iface.r.src4.map(IpAddr::V4) == Some(src)
            || iface.r.src6.map(IpAddr::V6) == Some(src)
            || iface.vhids.iter().any(vhid_addr)
    }

    fn machine(&self, ifindex: u32, vhid: Vhid) -> Option<&Machine> {
        self.ifaces.iter().find(|i| i.r.index == ifindex)?.vhids.iter().find(|m| m.cfg.vhid == vhid)
    }

    /// The position of interface `ifindex`, created (up, no vhids) if new;
    /// `r` updates its name and source addresses.
    fn iface_index(&mut self, ifindex: u32, r: Option<&IfRef>) -> usize {
        let pos = match self.ifaces.iter().position(|i| i.r.index == ifindex) {
            Some(p) => p,
            None => {
                let name = r.map_or_else(|| ifindex.to_string(), |r| r.name.clone());
                self.ifaces.push(Iface { r: IfRef::new(ifindex, &name), link: true, vhids: Vec::new() });
                self.ifaces.len() - 1
            }
        };
        if let Some(r) = r {
            self.ifaces[pos].r = r.clone();
        }
        pos
    }

    /// Run `f` on one vhid with a context; then apply any demotion it asked for.
    fn on_vhid<R>(
        &mut self,
        now: Time,
        ifindex: u32,
        vhid: Vhid,
        f: impl FnOnce(&mut Machine, &mut Ctx) -> R,
    ) -> Option<R> {
        let mut f = Some(f);
        let mut result = None;
        self.each(now, Some(ifindex), |m, ctx| {
            if m.cfg.vhid == vhid {
                if let Some(f) = f.take() {
                    result = Some(f(m, ctx));
                }
            }
        });
        result
    }

    /// Run `f` on every vhid (of one interface, or all), then apply the
    /// demotion adjustments they asked for: any change makes every master
    /// advertise (`carp_demote_adj` -> `carp_sendall_task`).
    fn each(&mut self, now: Time, ifindex: Option<u32>, mut f: impl FnMut(&mut Machine, &mut Ctx)) {
        let demote = self.run(now, ifindex, &mut f);
        if demote != 0 {
            self.auto_demotion += demote;
            self.send_all(now);
        }
    }

    fn run(&mut self, now: Time, ifindex: Option<u32>, f: &mut dyn FnMut(&mut Machine, &mut Ctx)) -> i32 {
        let demotion = self.demotion();
        let mut demote = 0;
        for Iface { r, link, vhids } in
            self.ifaces.iter_mut().filter(|i| ifindex.is_none_or(|x| x == i.r.index))
        {
            for m in vhids.iter_mut() {
                let mut ctx = Ctx {
                    now,
                    iface: r,
                    up: *link && self.settings.allow,
                    settings: &self.settings,
                    demotion,
                    rng: &mut self.rng,
                    stats: &mut self.stats,
                    out: &mut self.out,
                    demote: 0,
                };
                f(m, &mut ctx);
                demote += ctx.demote;
            }
        }
        demote
    }

    /// Every MASTER advertises now (with the new demotion).
    fn send_all(&mut self, now: Time) {
        self.run(now, None, &mut |m, ctx| {
            if m.state == CarpState::Master {
                m.send_ad(ctx);
            }
        });
    }
}

fn sorted<T: Ord + Copy>(xs: &[T]) -> Vec<T> {
    let mut v = xs.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}
