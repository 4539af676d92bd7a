//! The host's own addresses on an interface: advertisements leave from the
//! first IPv4 address and the IPv6 link-local one (never from a VIP, which
//! lives on the vhid's macvlan).

use std::net::{Ipv4Addr, Ipv6Addr};

use nix::ifaddrs::getifaddrs;

/// (first IPv4 address, IPv6 link-local) of `ifname`.
pub fn source_addrs(ifname: &str) -> (Option<Ipv4Addr>, Option<Ipv6Addr>) {
    let (mut v4, mut v6) = (None, None);
    let Ok(all) = getifaddrs() else { return (None, None) };
    for ifa in all.filter(|i| i.interface_name == ifname) {
        let Some(a) = ifa.address else { continue };
        if let Some(sin) = a.as_sockaddr_in() {
            v4 = v4.or(Some(sin.ip()));
        } else if let Some(sin6) = a.as_sockaddr_in6() {
            let ip = sin6.ip();
            if ip.segments()[0] & 0xffc0 == 0xfe80 {
                v6 = v6.or(Some(ip));
            }
        }
    }
    (v4, v6)
}
