//! Hosts and requests for the model-rule tests.

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr};

use libcarpctl::model::{CarpApi, Host};
use libcarpctl::{
    Address, AddressRequest, CarpSet, CarpState, Errno, IfFlags, IfType, Interface, Key, Release, Vhid,
};

/// A vhid from a literal.
pub fn vh(n: u8) -> Vhid {
    Vhid::new(n.into()).expect("literal vhid in 1..=255")
}

/// The seed's igb0 host on `release`, plus lo0 (loopback), gif0 (type
/// other), em1 (Ethernet without MULTICAST), vlan5 (L2 VLAN), bridge0.
pub fn host(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    let base = h.interfaces[0].clone();
    let mut add = |name: &str, index: u32, kind: IfType, flags: IfFlags| {
        h.interfaces.push(Interface {
            name: name.into(),
            index,
            kind,
            flags,
            addresses: Vec::new(),
            carp: Vec::new(),
            settings: Default::default(),
            ..base.clone()
        });
    };
    let up = IfFlags::UP | IfFlags::RUNNING;
    add("lo0", 2, IfType::Loopback, up | IfFlags::LOOPBACK | IfFlags::MULTICAST);
    add("gif0", 3, IfType::Other, up | IfFlags::MULTICAST);
    add("em1", 4, IfType::Ethernet, up | IfFlags::BROADCAST);
    add("vlan5", 5, IfType::L2Vlan, up | IfFlags::BROADCAST | IfFlags::MULTICAST);
    add("bridge0", 6, IfType::Bridge, up | IfFlags::BROADCAST | IfFlags::MULTICAST);
    h
}

/// A SET request: vhid, advbase, advskew, nothing else (as merged from zeroes).
pub fn set(vhid: u8, advbase: i32, advskew: i32) -> CarpSet {
    CarpSet { advbase, advskew, ..CarpSet::zeroed(vh(vhid)) }
}

/// `set` with a key.
pub fn set_key(vhid: u8, key: &[u8]) -> CarpSet {
    CarpSet { key: Key::from_passphrase(key), ..CarpSet::zeroed(vh(vhid)) }
}

/// `set` asking for a state.
pub fn set_state(vhid: u8, state: CarpState) -> CarpSet {
    CarpSet { state, ..CarpSet::zeroed(vh(vhid)) }
}

/// An inet request, optionally with a vhid.
pub fn inet(s: &str, vhid: Option<u8>) -> AddressRequest {
    let r = AddressRequest::parse_inet(s).expect("literal inet address");
    match vhid {
        Some(v) => r.with_vhid(vh(v)),
        None => r,
    }
}

/// An inet6 request, optionally with a vhid.
pub fn inet6(s: &str, vhid: Option<u8>) -> AddressRequest {
    let r = AddressRequest::parse_inet6(s).expect("literal inet6 address");
    match vhid {
        Some(v) => r.with_vhid(vh(v)),
        None => r,
    }
}

/// igb0 of `h`.
pub fn igb0(h: &Host) -> &Interface {
    h.iface("igb0").expect("igb0")
}

/// The stored status of vhid `v` on igb0 (keys included).
pub fn vhid(h: &Host, v: u8) -> CarpStatus {
    igb0(h).carp.iter().find(|c| c.vhid == vh(v)).cloned().unwrap_or_else(|| panic!("vhid {v} on igb0"))
}

pub use libcarpctl::CarpStatus;

/// The vhids of igb0, in list order.
pub fn vhids(h: &Host) -> Vec<u8> {
    igb0(h).carp.iter().map(|c| c.vhid.get()).collect()
}

/// igb0's addresses as text (`addr/prefix[ vhid N]`), in list order.
pub fn addrs(h: &Host) -> Vec<String> {
    igb0(h)
        .addresses
        .iter()
        .map(|a| match a.vhid {
            Some(v) => format!("{}/{} vhid {v}", a.addr, a.prefixlen),
            None => format!("{}/{}", a.addr, a.prefixlen),
        })
        .collect()
}

/// Assert `f` fails with `errno` and leaves `h` exactly as it was.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(
    h: &mut Host,
    errno: Errno,
    f: impl FnOnce(&mut Host) -> Result<T, Errno>,
) {
    let before = h.clone();
    let r = f(h);
    assert_eq!(r.map(|_| ()), Err(errno));
    assert_eq!(*h, before, "a refused request changed the host");
}

/// The host with vhid `v` (key "k") holding 10.0.0.112/27 on igb0, BACKUP.
pub fn with_vhid(release: Release, v: u8) -> Host {
    let mut h = host(release);
    h.carp_set("igb0", &CarpSet { advskew: 10, key: Key::from_passphrase(b"k"), ..CarpSet::zeroed(vh(v)) })
        .expect("create");
    h.add_address("igb0", &inet("10.0.0.112/27", Some(v))).expect("attach");
    assert_eq!(vhid(&h, v).state, CarpState::Backup);
    h
}

/// A plain IPv4 address literal.
pub fn v4(a: [u8; 4]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

/// Both CARP APIs of releases that have them.
pub fn apis(release: Release) -> Vec<CarpApi> {
    let mut v = Vec::new();
    if release.has_carp_ioctl() {
        v.push(CarpApi::Ioctl);
    }
    if release.has_netlink() {
        v.push(CarpApi::Netlink);
    }
    v
}

/// Releases covering every behaviour change the model knows.
pub fn releases() -> Vec<Release> {
    ["10.0", "11.4", "12.4", "13.2", "14.0", "14.1", "15.0", "16.0"]
        .iter()
        .map(|r| r.parse().expect("release literal"))
        .collect()
}

/// An address entry for direct host edits.
pub fn address(addr: IpAddr, prefixlen: u8, vhid: Option<u8>) -> Address {
    Address { addr, prefixlen, broadcast: None, vhid: vhid.map(vh), scopeid: None, destination: None }
}
