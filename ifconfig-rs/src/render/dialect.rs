//! What differs between FreeBSD releases in ifconfig's output, in one place.

use libcarpctl::types::{AddressOrder, Release};
use libcarpctl::{Address, Family};

/// The status sections printed after the address lines. FreeBSD prints
/// them by walking its list of registered address families, which each
/// source file's constructor prepends to: the order is the reverse of the
/// order the constructors ran in (sbin/ifconfig/Makefile lists af_nd6.c,
/// ifmedia.c, carp.c in that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trailer {
    /// `nd6 options=...`.
    Nd6,
    /// `media: ...` and `status: ...`.
    Media,
    /// The `carp:` (and `peer`, `vrrp:`) lines.
    Carp,
    /// `fib:` / `tunnelfib:` (iffib.c).
    Fib,
    /// `vlan: ...` (ifvlan.c).
    Vlan,
    /// `groups: ...` (ifgroup.c).
    Groups,
    /// The bridge block with its `member:` lines (ifbridge.c).
    Bridge,
    /// `laggproto` and `laggport:` lines (iflagg.c).
    Lagg,
}

/// The af list in link order (sbin/ifconfig/Makefile: af_nd6.c, ifmedia.c,
/// iffib.c, ifvlan.c, ifgroup.c, ifbridge.c, iflagg.c, carp.c).
const LINK_ORDER: [Trailer; 8] = [
    Trailer::Nd6,
    Trailer::Media,
    Trailer::Fib,
    Trailer::Vlan,
    Trailer::Groups,
    Trailer::Bridge,
    Trailer::Lagg,
    Trailer::Carp,
];

/// The output dialect of one release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    release: Release,
}

impl Dialect {
    /// The dialect of `release`.
    pub fn new(release: Release) -> Dialect {
        Dialect { release }
    }

    /// The name of flag bit `bit`, if this release's ifconfig has one.
    pub fn flag_name(self, bit: u32) -> Option<String> {
        let major = self.release.major;
        let name = match bit {
            0 => "UP",
            1 => "BROADCAST",
            2 => "DEBUG",
            3 => "LOOPBACK",
            4 => "POINTOPOINT",
            5 if major <= 11 => "SMART",
            5 => "NEEDSEPOCH",
            6 => "RUNNING",
            7 => "NOARP",
            8 => "PROMISC",
            9 => "ALLMULTI",
            10 if major >= 14 => "DRV_OACTIVE",
            10 => "OACTIVE",
            11 => "SIMPLEX",
            12 => "LINK0",
            13 => "LINK1",
            14 => "LINK2",
            15 => "MULTICAST",
            16 if major >= 14 => "CANTCONFIG",
            17 => "PPROMISC",
            18 => "MONITOR",
            19 => "STATICARP",
            20 if major >= 14 => "STICKYARP",
            21 if major >= 14 => "DYING",
            22 if major >= 14 => "RENAMING",
            23 if major >= 14 => "NOGROUP",
            24 if major >= 14 => "LOWER_UP",
            // 14's netlink ifconfig names every bit; older printb skips
            // the ones its table lacks.
            _ if major >= 14 => return Some(format!("IFF_{bit}")),
            _ => return None,
        };
        Some(name.to_string())
    }

    /// The address lines' order.
    pub fn order_addresses(self, addrs: &[Address]) -> Vec<&Address> {
        let mut out: Vec<&Address> = addrs.iter().collect();
        match self.release.address_order() {
            AddressOrder::Kernel => {}
            AddressOrder::GroupedByFirstAppearance => {
                let mut families: Vec<Family> = Vec::new();
                for a in addrs {
                    if !families.contains(&a.family()) {
                        families.push(a.family());
                    }
                }
                out.sort_by_key(|a| families.iter().position(|f| *f == a.family()));
            }
            AddressOrder::InetThenInet6 => out.sort_by_key(|a| a.family() != Family::Inet),
        }
        out
    }

    /// The order of the status sections after the addresses. Up to 11 the
    /// toolchain ran constructors from `.ctors` in reverse, giving nd6,
    /// media, carp (the seed session's 10.0 output); from 12, clang's
    /// `.init_array` runs them in source order, giving carp, media, nd6.
    pub fn trailer_order(self) -> [Trailer; 8] {
        let mut order = LINK_ORDER;
        if self.release.major >= 12 {
            order.reverse();
        }
        order
    }

    /// Whether the vlan line has `vlanproto:` and `vlanpcp:` (12+; 10 and
    /// 11 print the tag and parent only).
    pub fn vlan_has_proto(self) -> bool {
        self.release.major >= 12
    }

    /// Whether `-D` / `-v` add a `drivername:` line (14+).
    pub fn shows_drivername(self) -> bool {
        self.release.major >= 14
    }

    /// Whether the carp line is followed by the `peer` line.
    pub fn shows_peer_line(self) -> bool {
        self.release.has_peers()
    }

    /// Whether VRRP vhids get a `vrrp:` line.
    pub fn shows_vrrp(self) -> bool {
        self.release.has_vrrp()
    }

    /// Whether LOWER_UP may appear in the flags.
    pub fn shows_lower_up(self) -> bool {
        self.release.shows_lower_up()
    }

    /// The usage text.
    pub fn usage(self) -> String {
        let (j, opts) = if self.release.major >= 14 { ("[-j jail] ", "[-L] ") } else { ("", "[-L] ") };
        format!(
            "usage: ifconfig {j}[-f type:format] {opts}interface address_family\n\
             \x20               [address [dest_address]] [parameters]\n\
             \x20      ifconfig {j}interface create\n\
             \x20      ifconfig {j}-a {opts}[-d] [-m] [-u] [-v] [address_family]\n\
             \x20      ifconfig {j}-l [-d] [-u] [address_family]\n\
             \x20      ifconfig {j}{opts}[-d] [-m] [-u] [-v]\n"
        )
    }
}
