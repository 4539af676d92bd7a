//! rtnetlink: link messages (`ifinfomsg` + `IFLA_*`) and address messages
//! (`ifaddrmsg` + `IFA_*`, with FreeBSD's nested `IFA_FREEBSD`), in both
//! directions. Kernel-specific meaning (flag bits, `ifi_type`, the number of
//! AF_INET6) is left to the caller; the codec carries the raw values.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::DecodeError;
use crate::netlink::msg::MessageBuilder;
use crate::netlink::nla::{self, Attr};
use crate::sys::netlink::{
    IFADDRMSG_LEN, IFAF_FLAGS, IFAF_VHID, IFA_ADDRESS, IFA_BROADCAST, IFA_FLAGS, IFA_FREEBSD, IFA_LABEL,
    IFA_LOCAL, IFINFOMSG_LEN, IFLA_ADDRESS, IFLA_CARRIER, IFLA_IFALIAS, IFLA_IFNAME, IFLA_INFO_DATA,
    IFLA_INFO_KIND, IFLA_INFO_SLAVE_DATA, IFLA_INFO_SLAVE_KIND, IFLA_LINKINFO, IFLA_MASTER, IFLA_MTU,
    IFLA_OPERSTATE, IFLA_PROMISCUITY, IFT_BRIDGE, IFT_ETHER, IFT_L2VLAN, IFT_LOOP,
};
use crate::types::IfType;

/// `struct ifinfomsg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IfInfo {
    /// `ifi_family`.
    pub family: u8,
    /// `ifi_type`: FreeBSD's `IFT_*`, Linux's `ARPHRD_*`.
    pub kind: u16,
    /// `ifi_index`.
    pub index: i32,
    /// `ifi_flags`: the kernel's own `IFF_*` bits.
    pub flags: u32,
    /// `ifi_change`: which flags a request changes.
    pub change: u32,
}

impl IfInfo {
    fn to_bytes(self) -> [u8; IFINFOMSG_LEN] {
        let mut b = [0u8; IFINFOMSG_LEN];
        b[0] = self.family;
        b[2..4].copy_from_slice(&self.kind.to_ne_bytes());
        b[4..8].copy_from_slice(&self.index.to_ne_bytes());
        b[8..12].copy_from_slice(&self.flags.to_ne_bytes());
        b[12..16].copy_from_slice(&self.change.to_ne_bytes());
        b
    }

    fn parse(b: &[u8]) -> Result<IfInfo, DecodeError> {
        let b: &[u8; IFINFOMSG_LEN] = b
            .get(..IFINFOMSG_LEN)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| DecodeError::new("ifinfomsg", format!("{} bytes, need 16", b.len())))?;
        Ok(IfInfo {
            family: b[0],
            kind: u16::from_ne_bytes([b[2], b[3]]),
            index: i32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
            flags: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            change: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        })
    }
}

/// A link message (RTM_NEWLINK / RTM_GETLINK) with the attributes this
/// crate uses; others are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// The fixed header.
    pub info: IfInfo,
    /// `IFLA_IFNAME`.
    pub name: Option<String>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_ADDRESS`: the link-level address.
    pub address: Option<Vec<u8>>,
    /// `IFLA_OPERSTATE`.
    pub operstate: Option<u8>,
    /// `IFLA_CARRIER`.
    pub carrier: Option<u8>,
    /// `IFLA_PROMISCUITY`.
    pub promiscuity: Option<u32>,
    /// `IFLA_LINKINFO` / `IFLA_INFO_KIND` (`"bridge"`, `"veth"`, ...).
    pub info_kind: Option<String>,
    /// `IFLA_LINKINFO` / `IFLA_INFO_DATA`: the kind's own attributes
    /// (a vxlan's id, addresses, ports...), undecoded.
    pub info_data: Option<Vec<u8>>,
    /// `IFLA_IFALIAS`: the description.
    pub alias: Option<String>,
    /// `IFLA_MASTER`: the index of the bridge (or bond) the link is in.
    pub master: Option<u32>,
    /// `IFLA_LINKINFO` / `IFLA_INFO_SLAVE_KIND`: the master's kind
    /// (`"bridge"` on a bridge port).
    pub slave_kind: Option<String>,
    /// `IFLA_LINKINFO` / `IFLA_INFO_SLAVE_DATA`: the master's per-port
    /// attributes, undecoded.
    pub slave_data: Option<Vec<u8>>,
}

impl Link {
    /// Decode the payload of a link message.
    pub fn parse(payload: &[u8]) -> Result<Link, DecodeError> {
        let info = IfInfo::parse(payload)?;
        let mut link = Link { info, ..Link::default() };
        for a in nla::iter(&payload[IFINFOMSG_LEN..]) {
            let a = a?;
            match a.kind {
                IFLA_IFNAME => link.name = Some(a.string()?.to_string()),
                IFLA_MTU => link.mtu = Some(a.u32()?),
                IFLA_ADDRESS => link.address = Some(a.data.to_vec()),
                IFLA_OPERSTATE => link.operstate = Some(a.u8()?),
                IFLA_CARRIER => link.carrier = Some(a.u8()?),
                IFLA_PROMISCUITY => link.promiscuity = Some(a.u32()?),
                IFLA_IFALIAS => link.alias = Some(a.string()?.to_string()),
                IFLA_MASTER => link.master = Some(a.u32()?),
                IFLA_LINKINFO => {
                    // The whole nest is checked, as a parse of it would;
                    // the first of each is kept.
                    let (mut kind, mut data, mut slave_kind, mut slave_data) = (None, None, None, None);
                    for k in a.nested_iter() {
                        let k = k?;
                        match k.kind {
                            IFLA_INFO_KIND if kind.is_none() => kind = Some(k.string()?),
                            IFLA_INFO_DATA if data.is_none() => data = Some(k.data),
                            IFLA_INFO_SLAVE_KIND if slave_kind.is_none() => slave_kind = Some(k.string()?),
                            IFLA_INFO_SLAVE_DATA if slave_data.is_none() => slave_data = Some(k.data),
                            _ => {}
                        }
                    }
                    link.info_kind = kind.map(str::to_string);
                    link.info_data = data.map(<[u8]>::to_vec);
                    link.slave_kind = slave_kind.map(str::to_string);
                    link.slave_data = slave_data.map(<[u8]>::to_vec);
                }
                _ => {}
            }
        }
        Ok(link)
    }

    /// Append this link's header and attributes to `b`.
    pub fn emit(&self, b: &mut MessageBuilder) {
        b.push(&self.info.to_bytes());
        let mut w = b.attrs();
        if let Some(n) = &self.name {
            w.string(IFLA_IFNAME, n);
        }
        if let Some(v) = self.operstate {
            w.u8(IFLA_OPERSTATE, v);
        }
        if let Some(v) = self.carrier {
            w.u8(IFLA_CARRIER, v);
        }
        if let Some(a) = &self.address {
            w.bytes(IFLA_ADDRESS, a);
        }
        if let Some(v) = self.mtu {
            w.u32(IFLA_MTU, v);
        }
        if let Some(v) = self.promiscuity {
            w.u32(IFLA_PROMISCUITY, v);
        }
        if let Some(v) = &self.alias {
            w.string(IFLA_IFALIAS, v);
        }
        if let Some(v) = self.master {
            w.u32(IFLA_MASTER, v);
        }
        if self.info_kind.is_some() || self.slave_kind.is_some() {
            w.nested(IFLA_LINKINFO, false, |w| {
                if let Some(k) = &self.info_kind {
                    w.string(IFLA_INFO_KIND, k);
                }
                if let Some(d) = self.info_data.as_ref().filter(|_| self.info_kind.is_some()) {
                    // Already attributes: the nest's payload as it is.
                    w.bytes(IFLA_INFO_DATA, d);
                }
                if let Some(k) = &self.slave_kind {
                    w.string(IFLA_INFO_SLAVE_KIND, k);
                }
                if let Some(d) = &self.slave_data {
                    // Already attributes: the nest's payload as it is.
                    w.bytes(IFLA_INFO_SLAVE_DATA, d);
                }
            });
        }
    }
}

/// `struct ifaddrmsg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IfAddrInfo {
    /// `ifa_family` (AF_INET6 is 28 on FreeBSD, 10 on Linux).
    pub family: u8,
    /// `ifa_prefixlen`.
    pub prefixlen: u8,
    /// `ifa_flags`.
    pub flags: u8,
    /// `ifa_scope`.
    pub scope: u8,
    /// `ifa_index`.
    pub index: u32,
}

impl IfAddrInfo {
    fn to_bytes(self) -> [u8; IFADDRMSG_LEN] {
        let mut b = [self.family, self.prefixlen, self.flags, self.scope, 0, 0, 0, 0];
        b[4..8].copy_from_slice(&self.index.to_ne_bytes());
        b
    }

    fn parse(b: &[u8]) -> Result<IfAddrInfo, DecodeError> {
        let b: &[u8; IFADDRMSG_LEN] = b
            .get(..IFADDRMSG_LEN)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| DecodeError::new("ifaddrmsg", format!("{} bytes, need 8", b.len())))?;
        Ok(IfAddrInfo {
            family: b[0],
            prefixlen: b[1],
            flags: b[2],
            scope: b[3],
            index: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        })
    }
}

/// Whose numbering an address message follows: attribute 11 is FreeBSD's
/// nested `IFA_FREEBSD` but Linux's `IFA_PROTO` (a u8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// FreeBSD: attribute 11 is `IFA_FREEBSD`.
    FreeBsd,
    /// Linux: attribute 11 is `IFA_PROTO`, ignored.
    Linux,
}

/// FreeBSD's `IFA_FREEBSD` nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FreebsdAddr {
    /// `IFAF_VHID`: the carp vhid.
    pub vhid: Option<u32>,
    /// `IFAF_FLAGS`: FreeBSD address flags.
    pub flags: Option<u32>,
}

/// An address message (RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Addr {
    /// The fixed header.
    pub info: IfAddrInfo,
    /// `IFA_ADDRESS`.
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`.
    pub local: Option<IpAddr>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<Ipv4Addr>,
    /// `IFA_LABEL`.
    pub label: Option<String>,
    /// `IFA_FLAGS`.
    pub flags: Option<u32>,
    /// `IFA_FREEBSD`, when present.
    pub freebsd: Option<FreebsdAddr>,
}

fn ip(a: &Attr<'_>) -> Result<IpAddr, DecodeError> {
    match a.data.len() {
        4 => Ok(IpAddr::V4(a.ipv4()?)),
        16 => Ok(IpAddr::V6(a.ipv6()?)),
        n => Err(DecodeError::new("address attribute", format!("attribute {} has {n} bytes", a.kind))),
    }
}

fn put_ip(w: &mut nla::AttrWriter<'_>, kind: u16, a: IpAddr) {
    match a {
        IpAddr::V4(v) => w.ipv4(kind, v),
        IpAddr::V6(v) => w.ipv6(kind, v),
    };
}

impl Addr {
    /// The interface address: `IFA_LOCAL`, else `IFA_ADDRESS` (both kernels
    /// send only `IFA_ADDRESS` for inet6 on a non point-to-point link).
    pub fn addr(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }

    /// The peer of a point-to-point address: `IFA_ADDRESS` when it differs
    /// from `IFA_LOCAL` (both kernels' rule).
    pub fn peer(&self) -> Option<IpAddr> {
        self.address.filter(|a| self.local.is_some_and(|l| l != *a))
    }

    /// Decode the payload of an address message in `dialect`.
    pub fn parse(payload: &[u8], dialect: Dialect) -> Result<Addr, DecodeError> {
        let info = IfAddrInfo::parse(payload)?;
        let mut out = Addr { info, ..Addr::default() };
        for a in nla::iter(&payload[IFADDRMSG_LEN..]) {
            let a = a?;
            match a.kind {
                IFA_ADDRESS => out.address = Some(ip(&a)?),
                IFA_LOCAL => out.local = Some(ip(&a)?),
                IFA_BROADCAST => out.broadcast = Some(a.ipv4()?),
                IFA_LABEL => out.label = Some(a.string()?.to_string()),
                IFA_FLAGS => out.flags = Some(a.u32()?),
                IFA_FREEBSD if dialect == Dialect::FreeBsd => {
                    let mut f = FreebsdAddr::default();
                    for x in a.nested_iter() {
                        let x = x?;
                        match x.kind {
                            IFAF_VHID => f.vhid = Some(x.u32()?),
                            IFAF_FLAGS => f.flags = Some(x.u32()?),
                            _ => {}
                        }
                    }
                    out.freebsd = Some(f);
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Append this address's header and attributes to `b` (never put an
    /// `IFA_FREEBSD` nest in a message for Linux). In the nest,
    /// `IFAF_FLAGS` comes first and `IFAF_VHID` only when non-zero, as
    /// FreeBSD's ifconfig writes it.
    pub fn emit(&self, b: &mut MessageBuilder) {
        b.push(&self.info.to_bytes());
        let mut w = b.attrs();
        if let Some(a) = self.address {
            put_ip(&mut w, IFA_ADDRESS, a);
        }
        if let Some(a) = self.local {
            put_ip(&mut w, IFA_LOCAL, a);
        }
        if let Some(a) = self.broadcast {
            w.ipv4(IFA_BROADCAST, a);
        }
        if let Some(l) = &self.label {
            w.string(IFA_LABEL, l);
        }
        if let Some(f) = self.flags {
            w.u32(IFA_FLAGS, f);
        }
        if let Some(f) = self.freebsd {
            w.nested(IFA_FREEBSD, false, |w| {
                if let Some(v) = f.flags {
                    w.u32(IFAF_FLAGS, v);
                }
                if let Some(v) = f.vhid.filter(|v| *v != 0) {
                    w.u32(IFAF_VHID, v);
                }
            });
        }
    }
}

/// The interface type of a FreeBSD `IFT_*` number.
pub fn kind_of(ift: u16) -> IfType {
    match ift {
        IFT_ETHER => IfType::Ethernet,
        IFT_LOOP => IfType::Loopback,
        IFT_L2VLAN => IfType::L2Vlan,
        IFT_BRIDGE => IfType::Bridge,
        _ => IfType::Other,
    }
}

/// The `IFT_*` number of an interface type (`Other` has none: 0).
pub fn ift_of(kind: IfType) -> u16 {
    match kind {
        IfType::Ethernet => IFT_ETHER,
        IfType::Loopback => IFT_LOOP,
        IfType::L2Vlan => IFT_L2VLAN,
        IfType::Bridge => IFT_BRIDGE,
        IfType::Other => 0,
    }
}

/// Whether `a` is an IPv6 link-local address (fe80::/10).
pub fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::msg::parse_messages;
    use crate::sys::netlink::{AF_INET, AF_INET6_FREEBSD, RTM_NEWADDR, RTM_NEWLINK};

    #[test]
    fn interface_types_round_trip() {
        for k in [IfType::Ethernet, IfType::Loopback, IfType::L2Vlan, IfType::Bridge] {
            assert_eq!(kind_of(ift_of(k)), k);
        }
        assert_eq!(kind_of(0xf0), IfType::Other);
    }

    #[test]
    fn link_round_trip() {
        let link = Link {
            info: IfInfo { family: 0, kind: 6, index: 1, flags: 0x8843, change: 0 },
            name: Some("igb0".into()),
            mtu: Some(1500),
            address: Some(vec![0, 0x25, 0x90, 3, 0x0e, 0xfa]),
            operstate: Some(6),
            carrier: Some(1),
            promiscuity: Some(0),
            info_kind: Some("bridge".into()),
            info_data: None,
            alias: Some("LAN".into()),
            master: Some(3),
            slave_kind: Some("bridge".into()),
            slave_data: Some(vec![5, 0, 2, 0, 8, 0, 0, 0]),
        };
        let mut b = MessageBuilder::new(RTM_NEWLINK, 0, 1);
        link.emit(&mut b);
        let bytes = b.finish();
        let m = parse_messages(&bytes).unwrap().remove(0);
        assert_eq!(Link::parse(m.payload).unwrap(), link);
        assert!(Link::parse(&m.payload[..15]).is_err());
    }

    #[test]
    fn addr_round_trip_with_freebsd_nest() {
        let addr = Addr {
            info: IfAddrInfo { family: AF_INET6_FREEBSD, prefixlen: 64, flags: 0, scope: 0, index: 1 },
            address: Some("2001:db8::3".parse().unwrap()),
            local: None,
            broadcast: None,
            label: Some("igb0".into()),
            flags: Some(0),
            freebsd: Some(FreebsdAddr { vhid: Some(112), flags: Some(0) }),
        };
        let mut b = MessageBuilder::new(RTM_NEWADDR, 0, 1);
        addr.emit(&mut b);
        let bytes = b.finish();
        let m = parse_messages(&bytes).unwrap().remove(0);
        let got = Addr::parse(m.payload, Dialect::FreeBsd).unwrap();
        assert_eq!(got, addr);
        assert_eq!(got.addr(), addr.address);
        // Flags first, vhid only when non-zero.
        let nest = &m.payload[m.payload.len() - 20..];
        assert_eq!(u16::from_ne_bytes([nest[2], nest[3]]), IFA_FREEBSD);
        assert_eq!(u16::from_ne_bytes([nest[6], nest[7]]), IFAF_FLAGS);
        let no_vhid = Addr {
            info: IfAddrInfo { family: AF_INET, ..IfAddrInfo::default() },
            freebsd: Some(FreebsdAddr { vhid: Some(0), flags: Some(0) }),
            ..Addr::default()
        };
        let mut b = MessageBuilder::new(RTM_NEWADDR, 0, 1);
        no_vhid.emit(&mut b);
        let bytes = b.finish();
        let got = Addr::parse(parse_messages(&bytes).unwrap()[0].payload, Dialect::FreeBsd).unwrap();
        assert_eq!(got.freebsd, Some(FreebsdAddr { vhid: None, flags: Some(0) }));
        // Linux's attribute 11 is IFA_PROTO (a u8), not a nest.
        let mut b = MessageBuilder::new(RTM_NEWADDR, 0, 1);
        b.push(&IfAddrInfo::default().to_bytes()).attrs().u8(IFA_FREEBSD, 2);
        let bytes = b.finish();
        let payload = parse_messages(&bytes).unwrap()[0].payload;
        assert!(Addr::parse(payload, Dialect::FreeBsd).is_err());
        assert_eq!(Addr::parse(payload, Dialect::Linux).unwrap().freebsd, None);
    }

    #[test]
    fn bad_address_length_is_an_error() {
        let mut b = MessageBuilder::new(RTM_NEWADDR, 0, 1);
        b.push(&IfAddrInfo::default().to_bytes()).attrs().bytes(IFA_LOCAL, &[1, 2, 3]);
        let bytes = b.finish();
        assert!(Addr::parse(parse_messages(&bytes).unwrap()[0].payload, Dialect::Linux).is_err());
        assert!(is_link_local(&"fe80::1".parse().unwrap()));
        assert!(!is_link_local(&"2001:db8::1".parse().unwrap()));
    }
}
