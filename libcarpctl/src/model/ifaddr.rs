//! The kernel's address and interface rules (in.c, in6.c, if.c) and how
//! they drive carp(4): attaching an address to a vhid, detaching it, and
//! interface up/down.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::kernel::{destroy_vhid, restart_vhid, KResult};
use super::Host;
use crate::error::Errno;
use crate::types::{Address, AddressRequest, AddressSelector, Family, IfFlags, Interface, Nd6Flags, Vhid};

impl Host {
    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCAIFADDR / SIOCAIFADDR_IN6 / RTM_NEWADDR.
    ///
    /// With a vhid: EPROTONOSUPPORT without carp.ko, ENOPROTOOPT when the
    /// interface has no vhid at all, ENOENT when it lacks that one; on
    /// success the vhid restarts and goes INIT -> BACKUP when it may run.
    ///
    /// Re-adding an existing address keeps its vhid alive even if it was the
    /// vhid's only address. An inet address is deleted and appended anew (so
    /// it moves to the end of the list, and a refused vhid leaves it
    /// deleted); an inet6 address is updated in place *before* the vhid is
    /// attached, so a refused vhid leaves the address configured without one.
    pub fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        self.driver_takes_address(ifname, req)?;
        // in_aifaddr_ioctl hands every inet address to the driver's
        // SIOCSIFADDR; in6_notify_ifa only an interface's first inet6 one.
        let no_inet6 =
            self.iface(ifname).is_some_and(|i| !i.addresses.iter().any(|a| a.family() == Family::Inet6));
        let driver_sees_it = match req.family() {
            Family::Inet6 => {
                self.add_inet6(ifname, req)?;
                no_inet6
            }
            _ => {
                self.add_inet(ifname, req)?;
                true
            }
        };
        if driver_sees_it {
            self.driver_address_added(ifname);
        }
        Ok(())
    }

    /// `in_aifaddr_ioctl`.
    fn add_inet(&mut self, ifname: &str, req: &AddressRequest) -> KResult<()> {
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        // A point-to-point address needs its peer: in.c answers
        // EDESTADDRREQ; from 14 ifconfig asks over netlink, whose
        // handle_newaddr_inet answers EINVAL ("Empty IFA_LOCAL/IFA_ADDRESS").
        let has_peer = matches!(req.destination, Some(IpAddr::V4(d)) if !d.is_unspecified());
        if iface.flags.contains(IfFlags::POINTOPOINT) && !has_peer {
            return Err(if self.release.has_netlink() { Errno::EINVAL } else { Errno::EDESTADDRREQ });
        }
        if req.vhid.is_some() && !self.carp_loaded {
            return Err(Errno::EPROTONOSUPPORT);
        }
        let may_run = self.carp_may_run(iface);
        let new = new_address(iface, req);
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        // An existing address is deleted first; its vhid is kept (keep_cif).
        if let Some(pos) = iface.addresses.iter().position(|a| a.addr == req.addr) {
            let old = iface.addresses.remove(pos);
            if let Some(v) = old.vhid {
                restart_vhid(iface, v, may_run);
            }
        }
        if let Some(v) = req.vhid {
            vhid_attachable(iface, v)?;
        }
        iface.addresses.push(new);
        if let Some(v) = req.vhid {
            restart_vhid(iface, v, may_run);
        }
        Ok(())
    }

    /// `in6_control(SIOCAIFADDR_IN6)`: `in6_update_ifa`, then the vhid.
    fn add_inet6(&mut self, ifname: &str, req: &AddressRequest) -> KResult<()> {
        let carp_loaded = self.carp_loaded;
        let ll_first = self.release.link_local_first();
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        // in6_update_ifa: a destination only on a point-to-point or loopback
        // interface, and then with prefixlen 128.
        if req.destination.is_some() {
            if !iface.flags.intersects(IfFlags::POINTOPOINT | IfFlags::LOOPBACK) {
                return Err(Errno::EINVAL);
            }
            if req.effective_prefixlen() != 128 {
                return Err(Errno::EINVAL);
            }
        }
        let may_run = self.carp_may_run(iface);
        let mut new = new_address(iface, req);
        new.vhid = None;
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        let first_inet6 = !iface.addresses.iter().any(|a| a.family() == Family::Inet6);
        let old_vhid = match iface.addresses.iter_mut().find(|a| a.addr == req.addr) {
            Some(a) => {
                // An update without a destination keeps the old one.
                new.destination = new.destination.or(a.destination);
                std::mem::replace(a, new).vhid
            }
            None => {
                iface.addresses.push(new);
                None
            }
        };
        if let Some(v) = old_vhid {
            restart_vhid(iface, v, may_run);
        }
        if let Some(v) = req.vhid {
            if !carp_loaded {
                return Err(Errno::EPROTONOSUPPORT);
            }
            vhid_attachable(iface, v)?;
            if let Some(a) = iface.addresses.iter_mut().find(|a| a.addr == req.addr) {
                a.vhid = Some(v);
            }
            restart_vhid(iface, v, may_run);
        }
        // aifaddr_out: a new address on an IFDISABLED interface clears the
        // flag (nd6's ifdisabled 1->0 transition, which runs in6_if_up on
        // an interface that is up).
        let was_disabled = iface.nd6.is_some_and(|n| n.contains(Nd6Flags::IFDISABLED));
        if let Some(n) = iface.nd6.as_mut() {
            n.remove(Nd6Flags::IFDISABLED);
        }
        if first_inet6 || (was_disabled && iface.flags.contains(IfFlags::UP)) {
            add_link_local(iface, ll_first);
        }
        Ok(())
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCDIFADDR / SIOCDIFADDR_IN6 / RTM_DELADDR. Removing a vhid's last
    /// address destroys the vhid (and PROMISC with the last vhid); removing
    /// another restarts the vhid.
    pub fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> KResult<()> {
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        self.require_privilege()?;
        let may_run = self.carp_may_run(iface);
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        let pos = match which {
            AddressSelector::Exact(a) => iface.addresses.iter().position(|x| x.addr == *a),
            AddressSelector::First(f) => iface.addresses.iter().position(|x| x.family() == *f),
        }
        .ok_or(Errno::EADDRNOTAVAIL)?;
        let removed = iface.addresses.remove(pos);
        if let Some(v) = removed.vhid {
            if iface.addresses.iter().any(|a| a.vhid == Some(v)) {
                restart_vhid(iface, v, may_run);
            } else {
                destroy_vhid(iface, v);
            }
        }
        Ok(())
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCSIFFLAGS setting or clearing IFF_UP. Only a change acts: going
    /// down sends every vhid to INIT, coming up restarts every vhid (BACKUP
    /// for those with addresses, when they may run).
    pub fn set_up(&mut self, ifname: &str, up: bool) -> KResult<()> {
        let ll_first = self.release.link_local_first();
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        self.require_privilege()?;
        if iface.flags.contains(IfFlags::UP) == up {
            return Ok(());
        }
        let mut changed = iface.clone();
        changed.flags.set(IfFlags::UP, up);
        let may_run = self.carp_may_run(&changed);
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        iface.flags.set(IfFlags::UP, up);
        // An Ethernet-like driver's init routine marks it running when it
        // comes up (epair, bridge, lagg, tap); wg's (wg_up / wg_down)
        // also takes RUNNING away when it goes down.
        // A vlan's init routine does nothing: it runs once it has a parent
        // (vlan_config), up or not.
        let wg = Host::driver_of(iface) == Some("wg");
        let vlan = iface.settings.vlan.is_some();
        if up && (iface.kind.supports_carp() || wg) && !vlan {
            iface.flags.insert(IfFlags::RUNNING);
        } else if !up && wg {
            iface.flags.remove(IfFlags::RUNNING);
        }
        Host::geneve_updown(iface, up);
        // if_up -> in6_if_up: the link-local address, unless IPv6 is
        // disabled or auto_linklocal is off (add_link_local checks both).
        if up {
            add_link_local(iface, ll_first);
        }
        let vhids: Vec<Vhid> = iface.carp.iter().map(|c| c.vhid).collect();
        for v in vhids {
            restart_vhid(iface, v, may_run);
        }
        Ok(())
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCSIFMTU: EINVAL outside the driver's range (72..=65535, the
    /// common one; wg 1..=IF_MAXMTU - 80, if_wg.c; ipsec IPSEC_MTU_MIN
    /// 1280..=IPSEC_MTU_MAX 8192, if_ipsec.h; stf IPV6_MINMTU..=IF_MAXMTU
    /// - 20, if_stf.c).
    pub fn set_mtu(&mut self, ifname: &str, mtu: u32) -> KResult<()> {
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        let range = match Host::driver_of(iface) {
            Some("geneve") => Host::geneve_mtu_range(iface).unwrap_or(72..=65535),
            Some("wg") => 1..=65455,
            Some("ipsec") => 1280..=8192,
            Some("stf") => 1280..=65515,
            _ => 72..=65535,
        };
        self.require_privilege()?;
        if !range.contains(&mtu) {
            return Err(Errno::EINVAL);
        }
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        iface.mtu = mtu;
        if let Some(g) = iface.settings.geneve.as_mut() {
            g.user_mtu = true;
        }
        Ok(())
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCSIFMETRIC.
    pub fn set_metric(&mut self, ifname: &str, metric: u32) -> KResult<()> {
        if self.iface(ifname).is_none() {
            return Err(Errno::ENXIO);
        }
        self.require_privilege()?;
        self.iface_mut(ifname).ok_or(Errno::ENXIO)?.metric = metric;
        Ok(())
    }
}

/// `carp_attach`'s refusals: ENOPROTOOPT without any vhid, ENOENT without
/// this one.
fn vhid_attachable(iface: &Interface, vhid: Vhid) -> KResult<()> {
    if iface.carp.is_empty() {
        return Err(Errno::ENOPROTOOPT);
    }
    if !iface.carp.iter().any(|c| c.vhid == vhid) {
        return Err(Errno::ENOENT);
    }
    Ok(())
}

/// The address the kernel stores for `req`: the mask given or the default,
/// the broadcast given or derived from the prefix (inet on a BROADCAST
/// interface), the scope of a link-local inet6 address, the peer on a
/// POINTOPOINT interface.
fn new_address(iface: &Interface, req: &AddressRequest) -> Address {
    Address {
        addr: req.addr,
        prefixlen: req.effective_prefixlen(),
        broadcast: broadcast_of(iface, req),
        vhid: req.vhid,
        scopeid: scope_of(&req.addr, iface.index),
        destination: req.destination.filter(|_| iface.flags.contains(IfFlags::POINTOPOINT)),
    }
}

/// `in_aifaddr_ioctl`'s broadcast, on a BROADCAST interface only: the one
/// given, else 255.255.255.255 for a /31 (RFC 3021), else the prefix's
/// all-ones host (a /32's broadcast is the address itself).
fn broadcast_of(iface: &Interface, req: &AddressRequest) -> Option<Ipv4Addr> {
    let IpAddr::V4(a) = req.addr else { return None };
    if !iface.flags.contains(IfFlags::BROADCAST) {
        return None;
    }
    if req.broadcast.is_some() {
        return req.broadcast;
    }
    let mask = match req.effective_prefixlen() {
        0 => 0,
        p if p >= 32 => u32::MAX,
        p => u32::MAX << (32 - p),
    };
    if mask == 0xffff_fffe {
        return Some(Ipv4Addr::BROADCAST);
    }
    Some(Ipv4Addr::from(u32::from(a) | !mask))
}

/// Link-local inet6 addresses carry the interface index as scope.
fn scope_of(addr: &IpAddr, index: u32) -> Option<u32> {
    match addr {
        IpAddr::V6(a) if is_link_local(a) => Some(index),
        _ => None,
    }
}

fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

/// The automatic link-local address (fe80:: + modified EUI-64 of the MAC),
/// when nd6 has AUTO_LINKLOCAL, IPv6 is not disabled and there is none yet.
pub(super) fn add_link_local(iface: &mut Interface, at_front: bool) {
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
    let ll = Address {
        addr: addr.into(),
        prefixlen: 64,
        broadcast: None,
        vhid: None,
        scopeid: Some(iface.index),
        destination: None,
    };
    if at_front {
        iface.addresses.insert(0, ll);
    } else {
        iface.addresses.push(ll);
    }
}
