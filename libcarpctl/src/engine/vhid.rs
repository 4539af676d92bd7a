//! One vhid's state machine (FreeBSD's `carp_softc` and the functions that
//! drive it: `carp_setrun`, `carp_master_down`, `carp_send_ad`,
//! `carp_sc_state`, the state switch of `carp_input_c`).
//!
//! A machine never reaches outside itself: everything host-wide (settings,
//! demotion, statistics, the action queue, the counter generator) comes in
//! a [`Ctx`]; a demotion change is returned in `Ctx::demote` and the host
//! then makes every master advertise (FreeBSD's `carp_sendall_task`).

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use super::config::{IfRef, Settings, VhidConfig, CARP_MAXSKEW};
use super::hmac::CarpMac;
use super::stats::{Rng, Stats};
use super::vrrp::{encode_vrrp, VrrpAdvert};
use super::wire::CarpHeader;
use super::{Action, Packet, Time, VhidCounters};
use crate::types::{CarpState, CarpVersion};

/// `CARP_SENDAD_MAX_ERRORS` / `CARP_SENDAD_MIN_SUCCESS`.
const SENDAD_MAX_ERRORS: u32 = 3;
const SENDAD_MIN_SUCCESS: u32 = 3;

/// Address family index of the per-family master-down timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fam {
    V4 = 0,
    V6 = 1,
}

/// Everything host-wide a machine may read or touch during one event.
pub(crate) struct Ctx<'a> {
    pub now: Time,
    pub iface: &'a IfRef,
    /// The interface is up with link and `allow` is set.
    pub up: bool,
    pub settings: &'a Settings,
    /// The global demotion in force.
    pub demotion: i32,
    pub rng: &'a mut Rng,
    pub stats: &'a mut Stats,
    pub out: &'a mut VecDeque<Action>,
    /// Demotion adjustments this event asks for.
    pub demote: i32,
}

/// `advbase + skew/256` seconds, with FreeBSD's microsecond truncation
/// (`tv_usec = skew * 1000000 / 256`).
pub(crate) fn carp_interval(secs: u32, skew: u32) -> Duration {
    Duration::from_secs(secs.into()) + Duration::from_micros(u64::from(skew) * 1_000_000 / 256)
}

fn centis(cs: u32) -> Duration {
    Duration::from_millis(u64::from(cs) * 10)
}

/// The per-vhid machine.
#[derive(Debug)]
pub(crate) struct Machine {
    pub cfg: VhidConfig,
    pub v4: Vec<Ipv4Addr>,
    pub v6: Vec<Ipv6Addr>,
    mac: CarpMac,
    pub state: CarpState,
    /// Advertisement timer (MASTER).
    pub ad: Option<Time>,
    /// Master-down timers per family (BACKUP).
    pub md: [Option<Time>; 2],
    init_counter: bool,
    counter: u64,
    sendad_errors: u32,
    sendad_success: u32,
    /// This vhid added the interface-down demotion (`sc_suppress`).
    pub suppress: bool,
    /// VRRP: the master's advertised interval, centiseconds.
    master_interval: u16,
    pub counters: VhidCounters,
}

impl Machine {
    pub fn new(cfg: VhidConfig) -> Machine {
        let mac = CarpMac::new(&cfg.key, cfg.vhid.get(), &[], &[]);
        let master_interval = cfg.vrrp_interval;
        Machine {
            cfg,
            v4: Vec::new(),
            v6: Vec::new(),
            mac,
            state: CarpState::Init,
            ad: None,
            md: [None, None],
            init_counter: true,
            counter: 0,
            sendad_errors: 0,
            sendad_success: 0,
            suppress: false,
            master_interval,
            counters: VhidCounters::default(),
        }
    }

    pub fn vrrp(&self) -> bool {
        self.cfg.version == CarpVersion::Vrrp
    }

    pub fn has(&self, fam: Fam) -> bool {
        match fam {
            Fam::V4 => !self.v4.is_empty(),
            Fam::V6 => !self.v6.is_empty(),
        }
    }

    /// New settings; the key (and so the HMAC) only when it changed.
    pub fn reconfigure(&mut self, cfg: &VhidConfig) {
        let rekey = cfg.key != self.cfg.key;
        self.cfg = VhidConfig { state: None, ..cfg.clone() };
        if rekey {
            self.rehash();
        }
    }

    /// New addresses (`carp_attach` / `carp_detach`): rehash and restart.
    pub fn set_addresses(&mut self, ctx: &mut Ctx, v4: &[Ipv4Addr], v6: &[Ipv6Addr]) {
        self.v4 = v4.to_vec();
        self.v6 = v6.to_vec();
        self.rehash();
        self.sc_state(ctx);
    }

    fn rehash(&mut self) {
        self.mac = CarpMac::new(&self.cfg.key, self.cfg.vhid.get(), &self.v4, &self.v6);
    }

    /// `DEMOTE_ADVSKEW`: the skew advertised and compared, capped at 240.
    pub fn demoted_skew(&self, demotion: i32) -> u8 {
        (i32::from(self.cfg.advskew) + demotion).clamp(0, CARP_MAXSKEW) as u8
    }

    pub fn verify(&self, h: &CarpHeader) -> bool {
        self.mac.verify(h.counter, &h.md)
    }

    fn set_state(&mut self, ctx: &mut Ctx, to: CarpState, reason: &'static str) {
        let from = self.state;
        if from == to {
            return;
        }
        self.state = to;
        match to {
            CarpState::Init => {
                self.ad = None;
                self.md = [None, None];
            }
            CarpState::Backup => self.ad = None,
            CarpState::Master => {
                self.md = [None, None];
                self.counters.became_master += 1;
            }
        }
        ctx.out.push_back(Action::StateChanged {
            ifindex: ctx.iface.index,
            ifname: ctx.iface.name.clone(),
            vhid: self.cfg.vhid,
            from,
            to,
            reason,
        });
        if from == CarpState::Master {
            ctx.out.push_back(Action::BecomeBackup {
                ifindex: ctx.iface.index,
                vhid: self.cfg.vhid,
                v4: self.v4.clone(),
                v6: self.v6.clone(),
            });
        }
    }

    /// The master-down interval: CARP `3 * advbase + advskew/256` with the
    /// configured (not demoted) skew; VRRP `3 * Master_Adver_Interval +
    /// Skew_Time`, `Skew_Time = (256 - priority) * Master_Adver_Interval / 256`.
    pub fn master_down_interval(&self) -> Duration {
        if self.vrrp() {
            let mi = u32::from(self.master_interval);
            let skew = (256 - u32::from(self.cfg.vrrp_priority)) * mi / 256;
            centis(3 * mi + skew)
        } else {
            carp_interval(3 * u32::from(self.cfg.advbase), self.cfg.advskew.into())
        }
    }

    /// `carp_setrun`: arm the timers the state needs. `af` picks the
    /// master-down timer a received advertisement resets (None: all).
    fn setrun(&mut self, ctx: &mut Ctx, af: Option<Fam>) {
        if !ctx.up || (self.v4.is_empty() && self.v6.is_empty()) {
            return;
        }
        match self.state {
            CarpState::Init => {
                if self.vrrp() && self.cfg.vrrp_priority == 255 {
                    // RFC 5798 6.4.1: the address owner goes straight to MASTER.
                    self.become_master(ctx, "initialization complete (address owner)");
                } else {
                    self.master_interval = self.cfg.vrrp_interval;
                    self.set_state(ctx, CarpState::Backup, "initialization complete");
                    self.setrun(ctx, None);
                }
            }
            CarpState::Backup => {
                self.ad = None;
                let at = ctx.now + self.master_down_interval();
                for fam in [Fam::V4, Fam::V6] {
                    let armed = match af {
                        Some(f) => (f == fam).then_some(at).or(self.md[fam as usize]),
                        None => Some(at),
                    };
                    self.md[fam as usize] = if self.has(fam) { armed } else { None };
                }
            }
            CarpState::Master => {
                // FreeBSD rearms with the configured skew here; every
                // advertisement then rearms with the demoted one.
                let every = if self.vrrp() {
                    centis(self.cfg.vrrp_interval.into())
                } else {
                    carp_interval(self.cfg.advbase.into(), self.cfg.advskew.into())
                };
                self.ad = Some(ctx.now + every);
                self.md = [None, None];
            }
        }
    }

    /// `carp_master_down_locked`: BACKUP -> MASTER.
    pub fn master_down(&mut self, ctx: &mut Ctx, reason: &'static str) {
        if self.state == CarpState::Backup {
            self.become_master(ctx, reason);
        }
    }

    fn become_master(&mut self, ctx: &mut Ctx, reason: &'static str) {
        self.set_state(ctx, CarpState::Master, reason);
        self.send_ad(ctx);
        ctx.out.push_back(Action::BecomeMaster {
            ifindex: ctx.iface.index,
            vhid: self.cfg.vhid,
            v4: self.v4.clone(),
            v6: self.v6.clone(),
        });
        self.setrun(ctx, None);
    }

    /// `carp_send_ad_locked`: one advertisement per family that has an
    /// address, then rearm the advertisement timer.
    pub fn send_ad(&mut self, ctx: &mut Ctx) {
        if self.vrrp() {
            self.send_vrrp(ctx, self.cfg.vrrp_priority);
            self.ad = Some(ctx.now + centis(self.cfg.vrrp_interval.into()));
            return;
        }
        let skew = self.demoted_skew(ctx.demotion);
        let dsts = [(Fam::V4, IpAddr::V4(self.cfg.peer)), (Fam::V6, IpAddr::V6(self.cfg.peer6))];
        for (fam, dst) in dsts {
            if !self.has(fam) {
                continue;
            }
            // Random while unsynchronised, then one more than the last.
            self.counter = if self.init_counter { ctx.rng.next_u64() } else { self.counter.wrapping_add(1) };
            let md = self.mac.generate(self.counter);
            let h = CarpHeader::advertisement(self.cfg.vhid.get(), self.cfg.advbase, skew, self.counter, md);
            self.emit(ctx, fam, dst, Packet::carp(h.encode()));
        }
        self.ad = Some(ctx.now + carp_interval(self.cfg.advbase.into(), skew.into()));
    }

    /// VRRP advertisements (priority 0 when leaving MASTER).
    pub fn send_vrrp(&mut self, ctx: &mut Ctx, priority: u8) {
        let interval = self.cfg.vrrp_interval;
        let v4: Vec<IpAddr> = self.v4.iter().map(|a| IpAddr::V4(*a)).collect();
        let v6: Vec<IpAddr> = self.v6.iter().map(|a| IpAddr::V6(*a)).collect();
        let src4 = IpAddr::V4(ctx.iface.src4.unwrap_or(Ipv4Addr::UNSPECIFIED));
        let src6 = IpAddr::V6(ctx.iface.src6.unwrap_or(Ipv6Addr::UNSPECIFIED));
        let sends =
            [(Fam::V4, v4, src4, IpAddr::V4(self.cfg.peer)), (Fam::V6, v6, src6, IpAddr::V6(self.cfg.peer6))];
        for (fam, addrs, src, dst) in sends {
            if !addrs.is_empty() {
                let bytes = encode_vrrp(self.cfg.vhid.get(), priority, interval, &addrs, src, dst);
                self.emit(ctx, fam, dst, Packet::vrrp(bytes));
            }
        }
    }

    fn emit(&mut self, ctx: &mut Ctx, fam: Fam, dst: IpAddr, packet: Packet) {
        match fam {
            Fam::V4 => ctx.stats.opackets += 1,
            Fam::V6 => ctx.stats.opackets6 += 1,
        }
        self.counters.sent += 1;
        ctx.out.push_back(Action::Send { ifindex: ctx.iface.index, vhid: self.cfg.vhid, dst, packet });
    }

    /// `carp_send_ad_error` (FreeBSD 12+): any error resets the success
    /// count; the third error demotes; three successes in a row reset the
    /// error count and undo the demotion if there was one.
    pub fn send_result(&mut self, ctx: &mut Ctx, ok: bool) {
        if !ok {
            self.sendad_errors = self.sendad_errors.saturating_add(1);
            if self.sendad_errors == SENDAD_MAX_ERRORS {
                ctx.demote += ctx.settings.senderr_demotion_factor;
            }
            self.sendad_success = 0;
        } else if self.sendad_errors > 0 {
            self.sendad_success += 1;
            if self.sendad_success >= SENDAD_MIN_SUCCESS {
                if self.sendad_errors >= SENDAD_MAX_ERRORS {
                    ctx.demote -= ctx.settings.senderr_demotion_factor;
                }
                self.sendad_errors = 0;
            }
        }
    }

    /// `carp_sc_state`: the interface (or `allow`, or the address set)
    /// changed: restart from INIT, and demote while the interface is down.
    pub fn sc_state(&mut self, ctx: &mut Ctx) {
        if !ctx.up {
            self.set_state(ctx, CarpState::Init, "hardware interface down");
            if !self.suppress {
                ctx.demote += ctx.settings.ifdown_demotion_factor;
            }
            self.suppress = true;
        } else {
            self.set_state(ctx, CarpState::Init, "hardware interface up");
            self.setrun(ctx, None);
            if self.suppress {
                ctx.demote -= ctx.settings.ifdown_demotion_factor;
            }
            self.suppress = false;
        }
    }

    /// Fire the timers due at `ctx.now`.
    pub fn fire(&mut self, ctx: &mut Ctx) {
        if self.ad.is_some_and(|t| t <= ctx.now) {
            self.ad = None;
            if self.state == CarpState::Master {
                self.send_ad(ctx);
            }
        }
        for i in 0..2 {
            if self.md[i].is_some_and(|t| t <= ctx.now) {
                self.md[i] = None;
                self.master_down(ctx, "master timed out");
            }
        }
    }

    /// The earliest armed timer.
    pub fn next_timer(&self) -> Option<Time> {
        [self.ad, self.md[0], self.md[1]].into_iter().flatten().min()
    }

    /// A verified CARP advertisement (`carp_input_c` after the checks).
    pub fn receive_carp(&mut self, ctx: &mut Ctx, h: &CarpHeader, fam: Fam) {
        self.counters.received += 1;
        // No replay protection in FreeBSD: adopt the peer's counter.
        self.init_counter = false;
        self.counter = h.counter;
        let skew = self.demoted_skew(ctx.demotion);
        let ours = carp_interval(self.cfg.advbase.into(), skew.into());
        let theirs = carp_interval(h.advbase.into(), h.advskew.into());
        match self.state {
            CarpState::Init => {}
            CarpState::Master => {
                // Ties yield: there is no address tie-break in FreeBSD.
                if ours >= theirs {
                    self.set_state(ctx, CarpState::Backup, "more frequent advertisement received");
                    self.setrun(ctx, None);
                }
            }
            CarpState::Backup => {
                if ctx.settings.preempt && ours < theirs {
                    self.master_down(ctx, "preempting a slower master");
                } else if carp_interval(3 * u32::from(self.cfg.advbase), skew.into()) < theirs {
                    self.master_down(ctx, "master will time out");
                } else {
                    self.setrun(ctx, Some(fam));
                }
            }
        }
    }

    /// A VRRPv3 advertisement (RFC 5798 6.4.2 / 6.4.3).
    pub fn receive_vrrp(&mut self, ctx: &mut Ctx, a: &VrrpAdvert<'_>, src: IpAddr, fam: Fam) {
        self.counters.received += 1;
        let own = self.cfg.vrrp_priority;
        match self.state {
            CarpState::Init => {}
            CarpState::Backup => {
                if a.priority == 0 {
                    // The master is leaving: take over after Skew_Time.
                    let mi = u32::from(self.master_interval);
                    let skew = (256 - u32::from(own)) * mi / 256;
                    self.md[fam as usize] = Some(ctx.now + centis(skew));
                } else if !ctx.settings.preempt || a.priority >= own {
                    self.master_interval = a.interval.max(1);
                    self.setrun(ctx, Some(fam));
                }
                // Otherwise (preempt, lower priority) discard: the
                // master-down timer runs out and we take over.
            }
            CarpState::Master => {
                if a.priority == 0 {
                    self.send_ad(ctx);
                    return;
                }
                let our_src: Option<IpAddr> = match fam {
                    Fam::V4 => ctx.iface.src4.map(IpAddr::V4),
                    Fam::V6 => ctx.iface.src6.map(IpAddr::V6),
                };
                // Equal priority: the larger primary address wins; unknown
                // own address yields (as CARP does on a tie).
                let tie_lost = a.priority == own && our_src.is_none_or(|o| src > o);
                if a.priority > own || tie_lost {
                    self.master_interval = a.interval.max(1);
                    self.set_state(ctx, CarpState::Backup, "higher priority advertisement received");
                    self.setrun(ctx, None);
                }
            }
        }
    }

    /// A requested state (`ifconfig ... state master|backup`): acts only
    /// when not INIT and different from the current state.
    pub fn nudge(&mut self, ctx: &mut Ctx, req: CarpState) {
        if self.state == CarpState::Init || req == self.state {
            return;
        }
        match req {
            CarpState::Backup => {
                self.set_state(ctx, CarpState::Backup, "user requested via ifconfig");
                self.setrun(ctx, None);
            }
            CarpState::Master => self.master_down(ctx, "user requested via ifconfig"),
            CarpState::Init => {}
        }
    }

    /// The vhid is going away: VRRP masters announce priority 0; the
    /// addresses are released.
    pub fn shutdown(&mut self, ctx: &mut Ctx) {
        if self.state == CarpState::Master && self.vrrp() {
            self.send_vrrp(ctx, 0);
        }
        self.set_state(ctx, CarpState::Init, "vhid removed");
        if self.suppress {
            ctx.demote -= ctx.settings.ifdown_demotion_factor;
            self.suppress = false;
        }
    }
}
