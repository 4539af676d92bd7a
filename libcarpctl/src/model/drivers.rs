//! The kernel's side of ipsec(4)'s reqid (if_ipsec.c IPSECSREQID,
//! `ipsec_set_reqid` / `ipsec_init_reqid`) and stf(4)'s 6rd parameters
//! (if_stf.c `stf_ioctl` SIOCSDRVSPEC: STF6RD_SV4NET, STF6RD_SBR), read in
//! freebsd-src's if_ipsec.c (the index's version) and
//! fel1x-developer/freebsd-src 2d614aa2 (14.x) if_stf.c.

use std::net::{IpAddr, Ipv4Addr};

use super::kernel::KResult;
use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{AddressRequest, DriverChange, Family, IfFlags, IfType, Interface, IpsecConfig};

impl Host {
    /// Apply an ipsec or stf change. Another driver answers EINVAL (its
    /// ioctl routine does not know the request).
    pub(super) fn driver_change(&mut self, ifname: &str, d: &DriverChange) -> Result<()> {
        let refused = |errno| Error::request(d.request(), errno);
        let settings = &self.iface(ifname).ok_or_else(|| Error::NoSuchInterface(ifname.into()))?.settings;
        match *d {
            DriverChange::IpsecReqid(reqid) => {
                let current = settings.ipsec.ok_or(refused(Errno::EINVAL))?.reqid;
                let new = match reqid {
                    // ipsec_init_reqid keeps an id already set.
                    0 if current != 0 => current,
                    0 => self.new_reqid(),
                    _ if reqid == current => current,
                    // ipsec_check_reqid: one id per interface.
                    _ if self.reqid_taken(reqid) => return Err(refused(Errno::EEXIST)),
                    _ => reqid,
                };
                self.with(ifname, |i| i.settings.ipsec = Some(IpsecConfig { reqid: new }));
            }
            DriverChange::StfV4Net(addr, plen) => {
                settings.stf.ok_or(refused(Errno::EINVAL))?;
                if !(1..=32).contains(&plen) {
                    return Err(refused(Errno::EINVAL));
                }
                self.with(ifname, |i| {
                    if let Some(s) = i.settings.stf.as_mut() {
                        s.v4net = addr;
                        s.v4prefixlen = plen;
                    }
                });
            }
            DriverChange::StfBorderRelay(addr) => {
                settings.stf.ok_or(refused(Errno::EINVAL))?;
                self.with(ifname, |i| {
                    if let Some(s) = i.settings.stf.as_mut() {
                        s.braddr = addr;
                    }
                });
            }
        }
        Ok(())
    }

    /// The driver's SIOCSIFADDR check, which in_ifinit makes for every
    /// inet address and in6_notify_ifa for an interface's first inet6
    /// one: stf takes no inet address (EAFNOSUPPORT) and only an inet6
    /// address stf_getin4addr derives an IPv4 address from (6to4's
    /// 2002::/16 outside RFC 1918, net.link.stf.permit_rfc1918 being 0; a
    /// 6rd prefix of at most 64 bits), else EINVAL.
    pub(super) fn driver_takes_address(&self, ifname: &str, req: &AddressRequest) -> KResult<()> {
        let Some(iface) = self.iface(ifname).filter(|i| i.settings.stf.is_some()) else {
            return Ok(());
        };
        let IpAddr::V6(a) = req.addr else { return Err(Errno::EAFNOSUPPORT) };
        if iface.addresses.iter().any(|x| x.family() == Family::Inet6) {
            return Ok(());
        }
        let o = a.octets();
        let derivable = if o[0] == 0x20 && o[1] == 0x02 {
            !is_rfc1918(Ipv4Addr::new(o[2], o[3], o[4], o[5]))
        } else {
            req.prefixlen.unwrap_or(64) <= 64
        };
        if derivable {
            Ok(())
        } else {
            Err(Errno::EINVAL)
        }
    }

    /// What the driver's SIOCSIFADDR does to the flags (see
    /// [`SetAddrEffect`]).
    pub(super) fn driver_address_added(&mut self, ifname: &str) {
        self.with(ifname, |i| match set_addr_effect(i) {
            SetAddrEffect::Nothing => {}
            SetAddrEffect::Up => i.flags.insert(IfFlags::UP),
            SetAddrEffect::UpRunning => i.flags.insert(IfFlags::UP | IfFlags::RUNNING),
        });
    }

    fn reqid_taken(&self, reqid: u32) -> bool {
        self.interfaces.iter().any(|i| i.settings.ipsec.is_some_and(|c| c.reqid == reqid))
    }

    /// key_newreqid: the ids above IPSEC_MANUAL_REQID_MAX, counting up;
    /// its counter is the kernel's memory, taken here as the highest such
    /// id in use (so the first is 16385), skipping taken ones.
    fn new_reqid(&self) -> u32 {
        let highest = self
            .interfaces
            .iter()
            .filter_map(|i| i.settings.ipsec.map(|c| c.reqid))
            .filter(|r| *r > IpsecConfig::MANUAL_REQID_MAX)
            .max()
            .unwrap_or(IpsecConfig::MANUAL_REQID_MAX + 1);
        (highest.saturating_add(1)..=u32::MAX).find(|r| !self.reqid_taken(*r)).unwrap_or(u32::MAX)
    }

    /// An ipsec tunnel set (`ipsec_set_addresses`): the reqid is chosen if
    /// there is none yet, and the interface runs while its source address
    /// is one of the host's (`ipsec_set_running`).
    pub(super) fn ipsec_tunnel_set(&mut self, ifname: &str, src: std::net::IpAddr) {
        let reqid = match self.iface(ifname).and_then(|i| i.settings.ipsec) {
            Some(c) if c.reqid != 0 => c.reqid,
            Some(_) => self.new_reqid(),
            None => return,
        };
        let local = self.interfaces.iter().any(|i| i.addresses.iter().any(|a| a.addr == src));
        self.with(ifname, |i| {
            i.settings.ipsec = Some(IpsecConfig { reqid });
            i.flags.set(IfFlags::RUNNING, local);
        });
    }
}

/// What a driver's SIOCSIFADDR handler does to the interface's flags.
/// It sets IFF_UP directly, without if_up: no in6_if_up, no carp event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetAddrEffect {
    /// pfsync, wg, geneve: not modelled here (the handler was not read).
    Nothing,
    /// gif_ioctl, gre_ioctl, ipsec_ioctl; vlan_ioctl (a vlan runs from
    /// vlan_config, whatever its flags).
    Up,
    /// ether_ioctl (epair, bridge, lagg, tap, vxlan, and a NIC through
    /// iflib_if_ioctl or its own handler): IFF_UP, then if_init, which
    /// marks the interface running; loioctl; tunifioctl's tuninit; stf.
    UpRunning,
}

/// [`SetAddrEffect`] by driver, a table rather than a cascade.
const SET_ADDR_EFFECTS: [(&str, SetAddrEffect); 10] = [
    ("gif", SetAddrEffect::Up),
    ("gre", SetAddrEffect::Up),
    ("vlan", SetAddrEffect::Up),
    ("epair", SetAddrEffect::UpRunning),
    ("bridge", SetAddrEffect::UpRunning),
    ("lagg", SetAddrEffect::UpRunning),
    ("tap", SetAddrEffect::UpRunning),
    ("vxlan", SetAddrEffect::UpRunning),
    ("tun", SetAddrEffect::UpRunning),
    ("lo", SetAddrEffect::UpRunning),
];

fn set_addr_effect(i: &Interface) -> SetAddrEffect {
    if i.settings.ipsec.is_some() {
        return SetAddrEffect::Up;
    }
    if i.settings.stf.is_some() {
        return SetAddrEffect::UpRunning;
    }
    match Host::driver_of(i) {
        Some(d) => SET_ADDR_EFFECTS.iter().find(|(n, _)| *n == d).map_or(SetAddrEffect::Nothing, |(_, e)| *e),
        // Not a cloned interface: a NIC (ether_ioctl / iflib) or lo0.
        None if matches!(i.kind, IfType::Ethernet | IfType::Loopback) => SetAddrEffect::UpRunning,
        None => SetAddrEffect::Nothing,
    }
}

/// if_stf.c `isrfc1918addr`: 10/8, 172.16/12, 192.168/16.
fn is_rfc1918(a: Ipv4Addr) -> bool {
    let [b0, b1, ..] = a.octets();
    b0 == 10 || (b0 == 172 && (16..32).contains(&b1)) || (b0 == 192 && b1 == 168)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CloneRequest, IfaceChange, Release, StfConfig};
    use std::net::Ipv4Addr;

    fn errno(r: Result<()>) -> Option<Errno> {
        r.err().and_then(|e| e.errno())
    }

    #[test]
    fn ipsec_reqid_rules() {
        let mut h = Host::example_10_0();
        h.release = Release::V14_0;
        for n in ["ipsec0", "ipsec1"] {
            h.create_interface(&CloneRequest { name: n.into(), ..CloneRequest::default() }).unwrap();
        }
        let set = |r| IfaceChange::Driver(DriverChange::IpsecReqid(r));
        let reqid = |h: &Host, n: &str| h.iface(n).unwrap().settings.ipsec.unwrap().reqid;
        assert_eq!(reqid(&h, "ipsec0"), 0, "none until asked");
        h.change("ipsec0", &set(0)).unwrap();
        assert_eq!(reqid(&h, "ipsec0"), 16385, "key_newreqid's first");
        h.change("ipsec0", &set(0)).unwrap();
        assert_eq!(reqid(&h, "ipsec0"), 16385, "kept once set");
        h.change("ipsec1", &set(100)).unwrap();
        assert_eq!(errno(h.change("ipsec0", &set(100))), Some(Errno::EEXIST));
        assert_eq!(errno(h.change("igb0", &set(5))), Some(Errno::EINVAL));
        h.change("ipsec1", &set(100)).unwrap();
        // A tunnel chooses the id when there is none; the interface runs
        // while the source is one of the host's addresses.
        h.create_interface(&CloneRequest { name: "ipsec2".into(), ..CloneRequest::default() }).unwrap();
        let src = h.iface("igb0").unwrap().addresses[0].addr;
        let dst: std::net::IpAddr = "203.0.113.1".parse().unwrap();
        h.change("ipsec2", &IfaceChange::Tunnel(src, dst)).unwrap();
        assert_eq!(reqid(&h, "ipsec2"), 16386);
        assert!(h.iface("ipsec2").unwrap().flags.contains(IfFlags::RUNNING));
        h.change("ipsec2", &IfaceChange::DeleteTunnel).unwrap();
        assert!(!h.iface("ipsec2").unwrap().flags.contains(IfFlags::RUNNING));
        assert_eq!(reqid(&h, "ipsec2"), 16386, "ipsec_delete_tunnel keeps the reqid");
    }

    #[test]
    fn stf_rules() {
        let mut h = Host::example_10_0();
        h.release = Release::V14_0;
        let name =
            h.create_interface(&CloneRequest { name: "stf".into(), ..CloneRequest::default() }).unwrap();
        assert_eq!(name, "stf0");
        let a = Ipv4Addr::new(192, 0, 2, 1);
        let net = |p| IfaceChange::Driver(DriverChange::StfV4Net(a, p));
        assert_eq!(errno(h.change("stf0", &net(0))), Some(Errno::EINVAL));
        assert_eq!(errno(h.change("stf0", &net(33))), Some(Errno::EINVAL));
        h.change("stf0", &net(24)).unwrap();
        let br = IfaceChange::Driver(DriverChange::StfBorderRelay(Ipv4Addr::new(203, 0, 113, 9)));
        h.change("stf0", &br).unwrap();
        assert_eq!(
            h.iface("stf0").unwrap().settings.stf,
            Some(StfConfig { v4net: a, v4prefixlen: 24, braddr: Ipv4Addr::new(203, 0, 113, 9) })
        );
        let r = h.change("igb0", &br);
        assert_eq!(r.as_ref().err().and_then(|e| e.errno()), Some(Errno::EINVAL), "{r:?}");
    }
}
