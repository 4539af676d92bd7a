//! ifconfig's dialect: what differs between FreeBSD releases in
//! ifconfig's own command line and output (keyword availability, flag
//! names, output order), as data tables, in one place. The kernel's
//! differences are the library's [`Release`]. Nothing outside this file
//! compares version numbers: a table row names the [`Since`] where its
//! behaviour begins (and ends).

use std::borrow::Cow;

use libcarpctl::types::Release;
use libcarpctl::{Address, Family};

/// The ifconfig releases where something in the command line or the
/// output changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Since {
    /// 10.0: new CARP (the oldest release supported).
    R10 = 10,
    /// 11.
    R11 = 11,
    /// 12: clang's `.init_array` order; vlanproto.
    R12 = 12,
    /// 14: libifconfig over netlink, unicast peers.
    R14 = 14,
    /// 15: VRRPv3; an inet address needs a mask.
    R15 = 15,
}

/// A behaviour of ifconfig that only some releases have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feature {
    /// The status sections after the addresses run carp, media, nd6 (the
    /// constructors in source order, clang's `.init_array`).
    SourceOrderTrailers,
    /// The vlan line has `vlanproto:` and `vlanpcp:`.
    VlanProto,
    /// `-D` / `-v` add a `drivername:` line.
    DriverName,
    /// `-j jail` in the usage.
    JailOption,
    /// Every flag bit is named (`IFF_30`): netlink's ifconfig.
    NamesEveryFlag,
    /// An inet address without a mask is refused.
    RefusesInetWithoutMask,
    /// An inet address without a mask prints a warning.
    WarnsInetWithoutMask,
    /// Address lines grouped by family, in order of first appearance.
    GroupsAddresses,
    /// Every inet line, then every inet6 line.
    InetThenInet6,
    /// `-v` shows lagg's `lagg options:` / `lagg statistics:` (SIOCGLAGGOPTS).
    LaggOptions,
    /// gif's option 0x1 is NOCLAMP (before: ACCEPT_REV_ETHIP_VER).
    GifNoclamp,
    /// pfsync's status comes from the nvlist (`version:`, `syncok:`).
    PfsyncNvlist,
}

/// Which releases have each feature: from, and until (not included).
const FEATURES: &[(Feature, Since, Option<Since>)] = &[
    (Feature::SourceOrderTrailers, Since::R12, None),
    (Feature::LaggOptions, Since::R11, None),
    (Feature::GifNoclamp, Since::R12, None),
    (Feature::PfsyncNvlist, Since::R14, None),
    (Feature::VlanProto, Since::R12, None),
    (Feature::DriverName, Since::R14, None),
    (Feature::JailOption, Since::R14, None),
    (Feature::NamesEveryFlag, Since::R14, None),
    (Feature::RefusesInetWithoutMask, Since::R15, None),
    (Feature::WarnsInetWithoutMask, Since::R14, Some(Since::R15)),
    (Feature::GroupsAddresses, Since::R11, Some(Since::R14)),
    (Feature::InetThenInet6, Since::R14, None),
];

/// The names of the flag bits, by the releases that print them.
const FLAG_NAMES: &[(u32, &str, Since, Option<Since>)] = &[
    (0, "UP", Since::R10, None),
    (1, "BROADCAST", Since::R10, None),
    (2, "DEBUG", Since::R10, None),
    (3, "LOOPBACK", Since::R10, None),
    (4, "POINTOPOINT", Since::R10, None),
    (5, "SMART", Since::R10, Some(Since::R12)),
    (5, "NEEDSEPOCH", Since::R12, None),
    (6, "RUNNING", Since::R10, None),
    (7, "NOARP", Since::R10, None),
    (8, "PROMISC", Since::R10, None),
    (9, "ALLMULTI", Since::R10, None),
    (10, "OACTIVE", Since::R10, Some(Since::R14)),
    (10, "DRV_OACTIVE", Since::R14, None),
    (11, "SIMPLEX", Since::R10, None),
    (12, "LINK0", Since::R10, None),
    (13, "LINK1", Since::R10, None),
    (14, "LINK2", Since::R10, None),
    (15, "MULTICAST", Since::R10, None),
    (16, "CANTCONFIG", Since::R14, None),
    (17, "PPROMISC", Since::R10, None),
    (18, "MONITOR", Since::R10, None),
    (19, "STATICARP", Since::R10, None),
    (20, "STICKYARP", Since::R14, None),
    (21, "DYING", Since::R14, None),
    (22, "RENAMING", Since::R14, None),
    (23, "NOGROUP", Since::R14, None),
    (24, "LOWER_UP", Since::R14, None),
];

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
    /// vxlan, gre and gif status lines (ifvxlan.c, ifgre.c, ifgif.c).
    Tunnels,
    /// The pfsync line (ifpfsync.c).
    Pfsync,
}

/// The af list in link order (sbin/ifconfig/Makefile: af_nd6.c, ifmedia.c,
/// iffib.c, ifvlan.c, ifvxlan.c, ifgre.c, ifgif.c, ifgroup.c, ifpfsync.c,
/// ifbridge.c, iflagg.c, carp.c).
const LINK_ORDER: [Trailer; 10] = [
    Trailer::Nd6,
    Trailer::Media,
    Trailer::Fib,
    Trailer::Vlan,
    Trailer::Tunnels,
    Trailer::Groups,
    Trailer::Pfsync,
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

    /// Whether this release's ifconfig is at or past `since` (the one
    /// place that compares release numbers).
    pub fn reached(self, since: Since) -> bool {
        self.release.major >= since as u8
    }

    /// Whether a table row `from`..`until` covers this release.
    fn covers(self, from: Since, until: Option<Since>) -> bool {
        self.reached(from) && until.is_none_or(|u| !self.reached(u))
    }

    fn has(self, feature: Feature) -> bool {
        FEATURES.iter().any(|&(f, from, until)| f == feature && self.covers(from, until))
    }

    /// The name of flag bit `bit`, if this release's ifconfig has one.
    pub fn flag_name(self, bit: u32) -> Option<Cow<'static, str>> {
        match FLAG_NAMES.iter().find(|&&(b, _, from, until)| b == bit && self.covers(from, until)) {
            Some((_, name, _, _)) => Some(Cow::Borrowed(name)),
            // 14's netlink ifconfig names every bit; older printb skips
            // the ones its table lacks.
            None if self.has(Feature::NamesEveryFlag) => Some(Cow::Owned(format!("IFF_{bit}"))),
            None => None,
        }
    }

    /// Whether setting an inet address without a mask is refused.
    pub fn refuses_inet_without_mask(self) -> bool {
        self.has(Feature::RefusesInetWithoutMask)
    }

    /// Whether setting an inet address without a mask prints a warning.
    pub fn warns_inet_without_mask(self) -> bool {
        self.has(Feature::WarnsInetWithoutMask)
    }

    /// The address lines' order.
    pub fn order_addresses(self, addrs: &[Address]) -> Vec<&Address> {
        let mut out: Vec<&Address> = addrs.iter().collect();
        // 10.x: the kernel's list order.
        if self.has(Feature::GroupsAddresses) {
            let mut families: Vec<Family> = Vec::new();
            for a in addrs {
                if !families.contains(&a.family()) {
                    families.push(a.family());
                }
            }
            out.sort_by_key(|a| families.iter().position(|f| *f == a.family()));
        } else if self.has(Feature::InetThenInet6) {
            out.sort_by_key(|a| a.family() != Family::Inet);
        }
        out
    }

    /// The order of the status sections after the addresses. Up to 11 the
    /// toolchain ran constructors from `.ctors` in reverse, giving nd6,
    /// media, carp (the seed session's 10.0 output); from 12, clang's
    /// `.init_array` runs them in source order, giving carp, media, nd6.
    pub fn trailer_order(self) -> [Trailer; 10] {
        let mut order = LINK_ORDER;
        if self.has(Feature::SourceOrderTrailers) {
            order.reverse();
        }
        order
    }

    /// Whether `-v` shows lagg's options and statistics.
    pub fn lagg_options(self) -> bool {
        self.has(Feature::LaggOptions)
    }

    /// Whether gif's option 0x1 is NOCLAMP.
    pub fn gif_noclamp(self) -> bool {
        self.has(Feature::GifNoclamp)
    }

    /// Whether pfsync's status is the nvlist one.
    pub fn pfsync_nvlist(self) -> bool {
        self.has(Feature::PfsyncNvlist)
    }

    /// Whether the vlan line has `vlanproto:` and `vlanpcp:` (12+; 10 and
    /// 11 print the tag and parent only).
    pub fn vlan_has_proto(self) -> bool {
        self.has(Feature::VlanProto)
    }

    /// Whether `-D` / `-v` add a `drivername:` line (14+).
    pub fn shows_drivername(self) -> bool {
        self.has(Feature::DriverName)
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
        let (j, opts) = if self.has(Feature::JailOption) { ("[-j jail] ", "[-L] ") } else { ("", "[-L] ") };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_cover_their_releases() {
        let d = |r: &str| Dialect::new(r.parse().unwrap());
        assert!(d("12.4").has(Feature::GroupsAddresses) && !d("12.4").has(Feature::InetThenInet6));
        assert!(!d("10.3").has(Feature::GroupsAddresses) && !d("14.1").has(Feature::GroupsAddresses));
        assert!(d("14.1").warns_inet_without_mask() && !d("15.0").warns_inet_without_mask());
        assert!(d("15.0").refuses_inet_without_mask() && !d("14.1").refuses_inet_without_mask());
        assert_eq!(d("11.4").flag_name(5).as_deref(), Some("SMART"));
        assert_eq!(d("12.0").flag_name(5).as_deref(), Some("NEEDSEPOCH"));
        assert!(d("16.0").reached(Since::R15) && !d("14.3").reached(Since::R15));
    }
}
