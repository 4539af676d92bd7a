//! `Display` for what backends report, in the words of FreeBSD 15's
//! ifconfig (the CLI renders every release's own dialect; this is the form a
//! library user gets from `{}`). No form ever shows a key.

use std::fmt;
use std::net::IpAddr;

use super::{Address, CarpStatus, CarpVersion, IfFlags, Interface, LinkStatus, Nd6Flags, IFCAP_NAMES};

/// Names of the `IFF_*` bits, bit 0 first (FreeBSD 14+ `net/if.h`; bits
/// without a name print as `IFF_<bit>`, as 14's ifconfig does).
pub const IFF_NAMES: [&str; 25] = [
    "UP",
    "BROADCAST",
    "DEBUG",
    "LOOPBACK",
    "POINTOPOINT",
    "NEEDSEPOCH",
    "RUNNING",
    "NOARP",
    "PROMISC",
    "ALLMULTI",
    "DRV_OACTIVE",
    "SIMPLEX",
    "LINK0",
    "LINK1",
    "LINK2",
    "MULTICAST",
    "CANTCONFIG",
    "PPROMISC",
    "MONITOR",
    "STATICARP",
    "STICKYARP",
    "DYING",
    "RENAMING",
    "NOGROUP",
    "LOWER_UP",
];

/// Names of the `ND6_IFF_*` bits, bit 0 first.
pub const ND6_NAMES: [&str; 9] = [
    "PERFORMNUD",
    "ACCEPT_RTADV",
    "PREFER_SOURCE",
    "IFDISABLED",
    "DONT_SET_IFROUTE",
    "AUTO_LINKLOCAL",
    "NO_RADR",
    "NO_PREFER_IFACE",
    "NO_DAD",
];

/// printb's `HEX<NAME,NAME>`; unnamed bits as `IFF_<bit>` when `unnamed`
/// says so, else skipped.
fn write_bits(f: &mut fmt::Formatter<'_>, value: u32, names: &[&str], unnamed: Option<&str>) -> fmt::Result {
    write!(f, "{value:x}<")?;
    let mut first = true;
    for bit in (0..32).filter(|b| value & (1 << b) != 0) {
        let sep = if first { "" } else { "," };
        match (names.get(bit), unnamed) {
            (Some(n), _) => write!(f, "{sep}{n}")?,
            (None, Some(prefix)) => write!(f, "{sep}{prefix}{bit}")?,
            (None, None) => continue,
        }
        first = false;
    }
    f.write_str(">")
}

/// `8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>`, as after `flags=`.
impl fmt::Display for IfFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bits(f, self.bits(), &IFF_NAMES, Some("IFF_"))
    }
}

/// `21<PERFORMNUD,AUTO_LINKLOCAL>`, as after `nd6 options=`.
impl fmt::Display for Nd6Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bits(f, self.bits(), &ND6_NAMES, None)
    }
}

/// An address line without the tab; `zone` is the interface name a scoped
/// inet6 address carries (`fe80::1%igb0`).
fn write_address(f: &mut fmt::Formatter<'_>, a: &Address, zone: Option<&str>) -> fmt::Result {
    match a.addr {
        IpAddr::V4(ip) => {
            write!(f, "inet {ip}")?;
            if let Some(d) = a.destination {
                write!(f, " --> {d}")?;
            }
            write!(f, " netmask 0x{:08x}", a.netmask_v4())?;
            if let Some(b) = a.broadcast.filter(|b| !b.is_unspecified()) {
                write!(f, " broadcast {b}")?;
            }
        }
        IpAddr::V6(ip) => {
            write!(f, "inet6 {ip}")?;
            if let (Some(z), Some(_)) = (zone, a.scopeid) {
                write!(f, "%{z}")?;
            }
            if let Some(d) = a.destination {
                write!(f, " --> {d}")?;
            }
            write!(f, " prefixlen {}", a.prefixlen)?;
            if let Some(s) = a.scopeid {
                write!(f, " scopeid 0x{s:x}")?;
            }
        }
    }
    if let Some(v) = a.vhid {
        write!(f, " vhid {v}")?;
    }
    Ok(())
}

/// `inet 10.0.0.112 netmask 0xffffffe0 broadcast 10.0.0.127 vhid 112`,
/// `inet6 2001:db8::3 prefixlen 64 vhid 112`.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_address(f, self, None)
    }
}

/// `carp: BACKUP vhid 112 advbase 1 advskew 0` (a VRRPv3 vhid:
/// `vrrp: MASTER vrid 1 prio 100 interval 100`). Never the key.
impl fmt::Display for CarpStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            CarpVersion::Vrrp => write!(
                f,
                "vrrp: {} vrid {} prio {} interval {}",
                self.state, self.vhid, self.vrrp_priority, self.vrrp_interval
            ),
            CarpVersion::Carp => {
                write!(
                    f,
                    "carp: {} vhid {} advbase {} advskew {}",
                    self.state, self.vhid, self.advbase, self.advskew
                )
            }
        }
    }
}

/// The block FreeBSD 15's `ifconfig IFNAME` prints (without `-k`: no key),
/// ending in a newline. The CLI prints each release's own dialect.
impl fmt::Display for Interface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: flags={} metric {} mtu {}", self.name, self.flags, self.metric, self.mtu)?;
        if let Some(opts) = self.options.filter(|o| !o.is_empty()) {
            f.write_str("\toptions=")?;
            write_bits(f, opts.bits(), &IFCAP_NAMES, None)?;
            f.write_str("\n")?;
        }
        if let Some(m) = &self.ether {
            let hex: Vec<String> = m.iter().map(|b| format!("{b:02x}")).collect();
            writeln!(f, "\tether {}", hex.join(":"))?;
        }
        for a in &self.addresses {
            f.write_str("\t")?;
            write_address(f, a, Some(&self.name))?;
            f.write_str("\n")?;
        }
        for c in &self.carp {
            writeln!(f, "\t{c}")?;
            if c.version == CarpVersion::Carp && (c.peer.is_some() || c.peer6.is_some()) {
                let peer = c.peer.unwrap_or(super::CARP_DEFAULT_PEER);
                let peer6 = c.peer6.unwrap_or(super::CARP_DEFAULT_PEER6);
                writeln!(f, "\t      peer {peer} peer6 {peer6}")?;
            }
        }
        if let Some(m) = &self.media {
            writeln!(f, "\tmedia: {m}")?;
        }
        if let Some(s) = &self.status {
            writeln!(f, "\tstatus: {s}")?;
        }
        if let Some(nd6) = self.nd6 {
            writeln!(f, "\tnd6 options={nd6}")?;
        }
        Ok(())
    }
}

/// `active`, `no carrier`, ... as after `status: `.
impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;
    use crate::types::{CarpState, Key, Vhid};

    fn vh(n: i64) -> Vhid {
        Vhid::new(n).unwrap()
    }

    #[test]
    fn flags_as_printb() {
        let f = IfFlags::UP | IfFlags::BROADCAST | IfFlags::RUNNING | IfFlags::SIMPLEX | IfFlags::MULTICAST;
        assert_eq!(f.to_string(), "8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>");
        assert_eq!(IfFlags::from_bits_retain(0x4000_0001).to_string(), "40000001<UP,IFF_30>");
        assert_eq!(IfFlags::empty().to_string(), "0<>");
        assert_eq!(
            (Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL).to_string(),
            "21<PERFORMNUD,AUTO_LINKLOCAL>"
        );
    }

    #[test]
    fn link_status_is_typed_and_prints_as_ifconfig() {
        for text in ["active", "no carrier", "associated", "running", "hostap"] {
            let st = LinkStatus::from(text);
            assert_eq!((st.to_string(), st.as_str()), (text.to_string(), text));
        }
        assert_eq!(LinkStatus::from("active"), LinkStatus::Active);
        assert_eq!(LinkStatus::from("hostap"), LinkStatus::Other("hostap".into()));
        let mut host = crate::model::Host::example_10_0();
        assert_eq!(host.interfaces[0].status, Some(LinkStatus::Active));
        host.interfaces[0].status = Some(LinkStatus::NoCarrier);
        assert!(!host.interfaces[0].is_up_with_link());
        let back = crate::model::Host::from_json(&host.to_json()).unwrap();
        assert_eq!(back.interfaces[0].status_text(), Some("no carrier"));
    }

    #[test]
    fn addresses() {
        let a = Address {
            addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112)),
            prefixlen: 27,
            broadcast: Some(Ipv4Addr::new(10, 0, 0, 127)),
            vhid: Some(vh(112)),
            scopeid: None,
            destination: None,
        };
        assert_eq!(a.to_string(), "inet 10.0.0.112 netmask 0xffffffe0 broadcast 10.0.0.127 vhid 112");
        // A point-to-point address shows its peer after the address.
        let p2p = Address {
            addr: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
            prefixlen: 32,
            broadcast: None,
            vhid: None,
            scopeid: None,
            destination: Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2))),
        };
        assert_eq!(p2p.to_string(), "inet 192.0.2.1 --> 192.0.2.2 netmask 0xffffffff");
        let a6 = Address {
            addr: IpAddr::V6("fe80::1".parse::<Ipv6Addr>().unwrap()),
            prefixlen: 64,
            broadcast: None,
            vhid: None,
            scopeid: Some(2),
            destination: None,
        };
        assert_eq!(a6.to_string(), "inet6 fe80::1 prefixlen 64 scopeid 0x2");
    }

    #[test]
    fn carp_status_never_shows_the_key() {
        let mut c = CarpStatus::new_vhid(vh(112));
        c.state = CarpState::Backup;
        c.key = Key::from_passphrase(b"qwerty");
        assert_eq!(c.to_string(), "carp: BACKUP vhid 112 advbase 1 advskew 0");
        c.version = CarpVersion::Vrrp;
        c.state = CarpState::Master;
        assert_eq!(c.to_string(), "vrrp: MASTER vrid 112 prio 100 interval 100");
    }

    #[test]
    fn interface_block() {
        let mut host = crate::model::Host::example_10_0();
        let igb0 = &mut host.interfaces[0];
        let mut c = CarpStatus::new_vhid(vh(112));
        c.key = Key::from_passphrase(b"qwerty");
        igb0.carp.push(c);
        igb0.addresses.push(Address {
            addr: IpAddr::V6("fe80::225:90ff:fe03:efa".parse::<Ipv6Addr>().unwrap()),
            prefixlen: 64,
            broadcast: None,
            vhid: None,
            scopeid: Some(1),
            destination: None,
        });
        assert_eq!(
            igb0.to_string(),
            "igb0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\
             \toptions=401bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,VLAN_HWTSO>\n\
             \tether 00:25:90:03:0e:fa\n\
             \tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n\
             \tinet6 fe80::225:90ff:fe03:efa%igb0 prefixlen 64 scopeid 0x1\n\
             \tcarp: INIT vhid 112 advbase 1 advskew 0\n\
             \t      peer 224.0.0.18 peer6 ff02::12\n\
             \tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
             \tstatus: active\n\
             \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n"
        );
    }
}
