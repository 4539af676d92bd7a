use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Vhid;

/// An address family ifconfig knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// IPv4.
    Inet,
    /// IPv6.
    Inet6,
    /// Link layer (`link`, `ether`, `lladdr`).
    Link,
}

impl Family {
    /// The name ifconfig uses.
    pub fn name(self) -> &'static str {
        match self {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
            Family::Link => "link",
        }
    }

    /// The family of an IP address.
    pub fn of(addr: &IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An address configured on an interface, as the kernel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address.
    pub addr: IpAddr,
    /// Prefix length (the netmask, for inet).
    pub prefixlen: u8,
    /// IPv4 broadcast address, when the interface has one.
    pub broadcast: Option<Ipv4Addr>,
    /// The vhid the address belongs to (`if_data.ifi_vhid`, `IFAF_VHID`).
    pub vhid: Option<Vhid>,
    /// IPv6 scope id (interface index for link-local addresses).
    pub scopeid: Option<u32>,
    /// The other end of a point-to-point link (`ifa_dstaddr`; ifconfig
    /// prints it after `-->`).
    pub destination: Option<IpAddr>,
}

impl Address {
    /// The family.
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }

    /// The IPv4 netmask as a host-order number (0xffffffe0 for /27).
    pub fn netmask_v4(&self) -> u32 {
        prefix_to_mask_v4(self.prefixlen)
    }
}

/// `/27` -> 0xffffffe0.
pub(crate) fn prefix_to_mask_v4(prefixlen: u8) -> u32 {
    match prefixlen {
        0 => 0,
        p if p >= 32 => u32::MAX,
        p => u32::MAX << (32 - p),
    }
}

/// An address to add (`SIOCAIFADDR`/`SIOCAIFADDR_IN6`/RTM_NEWADDR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRequest {
    /// The address.
    pub addr: IpAddr,
    /// Prefix length; `None` = not given (the kernel picks a default).
    pub prefixlen: Option<u8>,
    /// Explicit broadcast address (inet).
    pub broadcast: Option<Ipv4Addr>,
    /// The vhid to join.
    pub vhid: Option<Vhid>,
    /// The destination of a point-to-point address (ifconfig's second
    /// address operand: `ifra_dstaddr`, netlink's IFA_ADDRESS).
    pub destination: Option<IpAddr>,
}

impl AddressRequest {
    /// An address without mask, broadcast, destination or vhid.
    pub fn new(addr: IpAddr) -> AddressRequest {
        AddressRequest { addr, prefixlen: None, broadcast: None, vhid: None, destination: None }
    }

    /// Parse `A.B.C.D[/P]` (`None` for anything else; `str::parse` says why).
    pub fn parse_inet(s: &str) -> Option<AddressRequest> {
        Self::parse_family(s, Family::Inet).ok()
    }

    /// Parse `X::Y[/P]` (`None` for anything else; `str::parse` says why).
    pub fn parse_inet6(s: &str) -> Option<AddressRequest> {
        Self::parse_family(s, Family::Inet6).ok()
    }

    fn parse_family(s: &str, family: Family) -> Result<AddressRequest, AddressParseError> {
        let max = if family == Family::Inet6 { 128 } else { 32 };
        let (a, prefixlen) = match s.split_once('/') {
            None => (s, None),
            Some((a, p)) => {
                let len: u8 = p.parse().map_err(|_| AddressParseError::BadPrefix(p.to_string()))?;
                if len > max {
                    return Err(AddressParseError::PrefixTooLong { len, max });
                }
                (a, Some(len))
            }
        };
        let bad = || AddressParseError::BadAddress { text: a.to_string(), family };
        let addr: IpAddr = match family {
            Family::Inet6 => a.parse::<Ipv6Addr>().map_err(|_| bad())?.into(),
            _ => a.parse::<Ipv4Addr>().map_err(|_| bad())?.into(),
        };
        Ok(AddressRequest { prefixlen, ..AddressRequest::new(addr) })
    }

    /// The same request joining `vhid`.
    pub fn with_vhid(mut self, vhid: Vhid) -> AddressRequest {
        self.vhid = Some(vhid);
        self
    }

    /// The family.
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }

    /// The prefix length the kernel will use: the given one, else 64 for
    /// inet6 and the classful mask for inet (FreeBSD's `in_ifinit` rule).
    pub fn effective_prefixlen(&self) -> u8 {
        if let Some(p) = self.prefixlen {
            return p;
        }
        match self.addr {
            IpAddr::V6(_) => 64,
            IpAddr::V4(a) => match a.octets()[0] {
                0..=127 => 8,
                128..=191 => 16,
                _ => 24,
            },
        }
    }

    /// The broadcast address FreeBSD's in.c derives: the explicit one, else
    /// address | ~mask (so a /32's is the address itself), and
    /// 255.255.255.255 for a /31 (RFC 3021).
    pub fn effective_broadcast(&self) -> Option<Ipv4Addr> {
        let IpAddr::V4(a) = self.addr else { return None };
        if self.broadcast.is_some() {
            return self.broadcast;
        }
        let p = self.effective_prefixlen();
        if p == 31 {
            return Some(Ipv4Addr::BROADCAST);
        }
        Some(Ipv4Addr::from(u32::from(a) | !prefix_to_mask_v4(p)))
    }
}

/// Why a text is not an address request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressParseError {
    /// The part before `/` is not an address of the family.
    #[error("{text}: bad {family} address")]
    BadAddress {
        /// The text.
        text: String,
        /// The family it was read as (inet6 when it holds a `:`).
        family: Family,
    },
    /// The part after `/` is not a number.
    #[error("{0}: bad prefix length")]
    BadPrefix(String),
    /// The prefix is longer than the family allows.
    #[error("prefix length {len} is longer than {max}")]
    PrefixTooLong {
        /// The prefix length given.
        len: u8,
        /// 32 or 128.
        max: u8,
    },
}

/// `A.B.C.D[/P]` or `X::Y[/P]` (inet6 when the text holds a `:`).
impl std::str::FromStr for AddressRequest {
    type Err = AddressParseError;
    fn from_str(s: &str) -> Result<Self, AddressParseError> {
        let family = if s.contains(':') { Family::Inet6 } else { Family::Inet };
        AddressRequest::parse_family(s, family)
    }
}

/// Which address a delete names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressSelector {
    /// This exact address.
    Exact(IpAddr),
    /// The interface's first address of the family (ifconfig's replace
    /// without `alias`: SIOCDIFADDR with an empty address).
    First(Family),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_derive() {
        let r = AddressRequest::parse_inet("10.0.0.112/27").unwrap();
        assert_eq!(r.effective_prefixlen(), 27);
        assert_eq!(r.effective_broadcast(), Some(Ipv4Addr::new(10, 0, 0, 127)));
        assert_eq!(prefix_to_mask_v4(27), 0xffff_ffe0);
        assert!(AddressRequest::parse_inet("10.0.0.1/33").is_none());
        assert!(AddressRequest::parse_inet("2001:db8::1").is_none());
        let r6 = AddressRequest::parse_inet6("2001:db8::3").unwrap();
        assert_eq!(r6.effective_prefixlen(), 64);
        assert_eq!(r6.effective_broadcast(), None);
        let r = AddressRequest::parse_inet("192.0.2.1/32").unwrap();
        assert_eq!(r.effective_broadcast(), Some(Ipv4Addr::new(192, 0, 2, 1)));
        let r = AddressRequest::parse_inet("192.0.2.0/31").unwrap();
        assert_eq!(r.effective_broadcast(), Some(Ipv4Addr::BROADCAST));
        let r = AddressRequest::parse_inet("192.0.2.1").unwrap();
        assert_eq!(r.effective_prefixlen(), 24);
    }

    #[test]
    fn from_str_says_why() {
        let r: AddressRequest = "2001:db8::3/64".parse().unwrap();
        assert_eq!((r.family(), r.prefixlen), (Family::Inet6, Some(64)));
        let r: AddressRequest = "192.0.2.7".parse().unwrap();
        assert_eq!((r.family(), r.prefixlen), (Family::Inet, None));
        let err = |s: &str| s.parse::<AddressRequest>().unwrap_err();
        assert_eq!(err("192.0.2.1/33"), AddressParseError::PrefixTooLong { len: 33, max: 32 });
        assert_eq!(err("192.0.2.1/33").to_string(), "prefix length 33 is longer than 32");
        assert_eq!(err("2001:db8::1/129").to_string(), "prefix length 129 is longer than 128");
        assert_eq!(err("192.0.2.1/x").to_string(), "x: bad prefix length");
        assert_eq!(err("igb0").to_string(), "igb0: bad inet address");
        assert_eq!(err("2001:zz::1").to_string(), "2001:zz::1: bad inet6 address");
        assert_eq!(
            err("192.0.2.300/24"),
            AddressParseError::BadAddress { text: "192.0.2.300".into(), family: Family::Inet }
        );
    }
}
