//! What differs between FreeBSD releases in ifconfig's output, in one place.

use libcarpctl::types::{AddressOrder, Release};
use libcarpctl::{Address, Family};

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
