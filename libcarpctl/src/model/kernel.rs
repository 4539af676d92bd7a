//! The kernel's rules, as methods on [`Host`]. Each returns the errno the
//! FreeBSD kernel would; callers attach the request name.

use std::net::{IpAddr, Ipv6Addr};

use super::Host;
use crate::error::Errno;
use crate::types::{
    Address, AddressRequest, AddressSelector, CarpSet, CarpState, CarpStatus, CarpVersion, Family, IfFlags,
    Interface, Nd6Flags, Vhid,
};

type KResult<T> = Result<T, Errno>;

/// `CARP_DFLTINTV`: the smallest advbase.
const CARP_DFLTINTV: i32 = 1;
/// VRRPv3's largest advertisement interval, centiseconds.
const VRRP_MAX_INTERVAL: u32 = 4095;

impl Host {
    fn iface_for_request(&mut self, name: &str) -> KResult<&mut Interface> {
        self.iface_mut(name).ok_or(Errno::ENXIO)
    }

    fn require_privilege(&self) -> KResult<()> {
        if self.privileged {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }

    /// SIOCSVH / netlink carp SET.
    pub fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        if !self.carp_loaded {
            return Err(Errno::EPROTONOSUPPORT);
        }
        if req.advbase < 0 || req.advskew < 0 {
            return Err(Errno::EINVAL);
        }
        let release = self.release;
        let iface = self.iface_for_request(ifname)?;
        if !iface.kind.supports_carp() {
            return Err(Errno::EOPNOTSUPP);
        }
        if !iface.flags.contains(IfFlags::MULTICAST) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let existing = iface.carp.iter().position(|c| c.vhid == req.vhid);
        let advbase_bad = req.advbase > 0 && !(CARP_DFLTINTV..=255).contains(&req.advbase);
        let advskew_bad = req.advskew >= 255;
        let version =
            if release.has_vrrp() { check_version(req, existing.map(|i| &iface.carp[i]))? } else { None };
        let interval_bad = release.has_vrrp() && req.vrrp_interval > VRRP_MAX_INTERVAL;
        let rejected = advbase_bad || advskew_bad || interval_bad;
        // Since 2024 a rejected SET changes nothing; older kernels created the
        // vhid and applied a valid advbase before they looked at advskew.
        if rejected && !release.half_applies_rejected_set() {
            return Err(Errno::EINVAL);
        }
        let idx = match existing {
            Some(i) => i,
            None => create_vhid(iface, req.vhid),
        };
        let sc = &mut iface.carp[idx];
        if req.advbase > 0 && !advbase_bad {
            sc.advbase = req.advbase;
        }
        if rejected {
            return Err(Errno::EINVAL);
        }
        sc.advskew = req.advskew;
        if !req.key.is_empty() {
            sc.key = req.key.clone();
        }
        if let Some(p) = req.peer.filter(|p| !p.is_unspecified()) {
            sc.peer = Some(p);
        }
        if let Some(p) = req.peer6.filter(|p| !p.is_unspecified()) {
            sc.peer6 = Some(p);
        }
        if let Some(v) = version {
            sc.version = v;
        }
        if release.has_vrrp() {
            if req.vrrp_priority != 0 {
                sc.vrrp_priority = req.vrrp_priority;
            }
            if req.vrrp_interval != 0 {
                sc.vrrp_interval = req.vrrp_interval as u16;
            }
        }
        // A state request is only a nudge, and only from a running vhid.
        if sc.state != CarpState::Init && req.state != sc.state {
            match req.state {
                CarpState::Master | CarpState::Backup => sc.state = req.state,
                CarpState::Init => {}
            }
        }
        Ok(())
    }

    /// SIOCGVH / netlink carp GET: one vhid, or all when `vhid` is `None`.
    /// Keys are zeroed for unprivileged callers.
    pub fn carp_get(&self, ifname: &str, vhid: Option<Vhid>) -> KResult<Vec<CarpStatus>> {
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        if !self.carp_loaded {
            return Err(Errno::EPROTONOSUPPORT);
        }
        let mut out: Vec<CarpStatus> =
            iface.carp.iter().filter(|c| vhid.is_none_or(|v| v == c.vhid)).cloned().collect();
        if out.is_empty() {
            return Err(Errno::ENOENT);
        }
        if !self.privileged {
            for c in &mut out {
                c.key = crate::types::Key::empty();
            }
        }
        Ok(out)
    }

    /// SIOCAIFADDR / SIOCAIFADDR_IN6 / RTM_NEWADDR.
    pub fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        let carp_loaded = self.carp_loaded;
        let allow = self.sysctl("net.inet.carp.allow") != 0;
        let release = self.release;
        let iface = self.iface_for_request(ifname)?;
        if let Some(v) = req.vhid {
            if !carp_loaded {
                return Err(Errno::EPROTONOSUPPORT);
            }
            if iface.carp.is_empty() {
                return Err(Errno::ENOPROTOOPT);
            }
            if !iface.carp.iter().any(|c| c.vhid == v) {
                return Err(Errno::ENOENT);
            }
        }
        let new = Address {
            addr: req.addr,
            prefixlen: req.effective_prefixlen(),
            broadcast: req.effective_broadcast(),
            vhid: req.vhid,
            scopeid: scope_of(&req.addr, iface.index),
        };
        let first_inet6 =
            req.family() == Family::Inet6 && !iface.addresses.iter().any(|a| a.family() == Family::Inet6);
        let old_vhid = match iface.addresses.iter_mut().find(|a| a.addr == req.addr) {
            Some(a) => std::mem::replace(a, new).vhid,
            None => {
                iface.addresses.push(new);
                None
            }
        };
        if let Some(old) = old_vhid.filter(|o| Some(*o) != req.vhid) {
            drop_vhid_if_unused(iface, old);
        }
        if first_inet6 {
            add_link_local(iface, release.link_local_first());
        }
        if let Some(v) = req.vhid {
            let up = iface.is_up_with_link();
            if let Some(sc) = iface.carp.iter_mut().find(|c| c.vhid == v) {
                if sc.state == CarpState::Init && up && allow {
                    sc.state = CarpState::Backup;
                }
            }
        }
        Ok(())
    }

    /// SIOCDIFADDR / SIOCDIFADDR_IN6 / RTM_DELADDR. Removing a vhid's last
    /// address destroys the vhid.
    pub fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        let iface = self.iface_for_request(ifname)?;
        let pos = match which {
            AddressSelector::Exact(a) => iface.addresses.iter().position(|x| x.addr == *a),
            AddressSelector::First(f) => iface.addresses.iter().position(|x| x.family() == *f),
        }
        .ok_or(Errno::EADDRNOTAVAIL)?;
        let removed = iface.addresses.remove(pos);
        if let Some(v) = removed.vhid {
            drop_vhid_if_unused(iface, v);
        }
        Ok(())
    }

    /// SIOCSIFFLAGS with IFF_UP set or cleared. Down sends every vhid to
    /// INIT; up brings vhids that have addresses back to BACKUP.
    pub fn set_up(&mut self, ifname: &str, up: bool) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        let allow = self.sysctl("net.inet.carp.allow") != 0;
        let iface = self.iface_for_request(ifname)?;
        iface.flags.set(IfFlags::UP, up);
        let link = iface.is_up_with_link();
        let with_addrs: Vec<Vhid> = iface.addresses.iter().filter_map(|a| a.vhid).collect();
        for sc in &mut iface.carp {
            if !up {
                sc.state = CarpState::Init;
            } else if link && allow && sc.state == CarpState::Init && with_addrs.contains(&sc.vhid) {
                sc.state = CarpState::Backup;
            }
        }
        Ok(())
    }

    /// SIOCSIFMTU.
    pub fn set_mtu(&mut self, ifname: &str, mtu: u32) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        if !(72..=65535).contains(&mtu) {
            return Err(Errno::EINVAL);
        }
        self.iface_for_request(ifname)?.mtu = mtu;
        Ok(())
    }

    /// SIOCSIFMETRIC.
    pub fn set_metric(&mut self, ifname: &str, metric: u32) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        self.iface_for_request(ifname)?.metric = metric;
        Ok(())
    }
}

/// Version rules of 15+: 0 keeps (or defaults to CARP), 2/3 only, and an
/// existing vhid cannot change protocol.
fn check_version(req: &CarpSet, existing: Option<&CarpStatus>) -> KResult<Option<CarpVersion>> {
    if req.version == 0 {
        return Ok(None);
    }
    let v = match req.version {
        2 => CarpVersion::Carp,
        3 => CarpVersion::Vrrp,
        _ => return Err(Errno::EINVAL),
    };
    match existing {
        Some(sc) if sc.version != v => Err(Errno::EINVAL),
        _ => Ok(Some(v)),
    }
}

/// Create a vhid in INIT; the first vhid puts the interface in PROMISC.
fn create_vhid(iface: &mut Interface, vhid: Vhid) -> usize {
    if iface.carp.is_empty() {
        iface.flags.insert(IfFlags::PROMISC);
    }
    let pos = iface.carp.partition_point(|c| c.vhid < vhid);
    iface.carp.insert(pos, CarpStatus::new_vhid(vhid));
    pos
}

/// Destroy `vhid` when no address uses it any more; the last vhid's going
/// drops PROMISC.
fn drop_vhid_if_unused(iface: &mut Interface, vhid: Vhid) {
    if iface.addresses.iter().any(|a| a.vhid == Some(vhid)) {
        return;
    }
    iface.carp.retain(|c| c.vhid != vhid);
    if iface.carp.is_empty() {
        iface.flags.remove(IfFlags::PROMISC);
    }
}

/// Link-local and other scoped IPv6 addresses carry the interface index.
fn scope_of(addr: &IpAddr, index: u32) -> Option<u32> {
    match addr {
        IpAddr::V6(a) if is_link_local(a) => Some(index),
        _ => None,
    }
}

fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

/// The automatic link-local address (modified EUI-64 of the MAC), when nd6
/// has AUTO_LINKLOCAL and IPv6 is not disabled.
fn add_link_local(iface: &mut Interface, at_front: bool) {
    let Some(nd6) = iface.nd6 else { return };
    if !nd6.contains(Nd6Flags::AUTO_LINKLOCAL) || nd6.contains(Nd6Flags::IFDISABLED) {
        return;
    }
    let Some(mac) = iface.ether else { return };
    if iface.addresses.iter().any(|a| matches!(a.addr, IpAddr::V6(v) if is_link_local(&v))) {
        return;
    }
    let addr = Ipv6Addr::new(
        0xfe80,
        0,
        0,
        0,
        u16::from_be_bytes([mac[0] ^ 0x02, mac[1]]),
        u16::from_be_bytes([mac[2], 0xff]),
        u16::from_be_bytes([0xfe, mac[3]]),
        u16::from_be_bytes([mac[4], mac[5]]),
    );
    let ll =
        Address { addr: addr.into(), prefixlen: 64, broadcast: None, vhid: None, scopeid: Some(iface.index) };
    if at_front {
        iface.addresses.insert(0, ll);
    } else {
        iface.addresses.push(ll);
    }
}
