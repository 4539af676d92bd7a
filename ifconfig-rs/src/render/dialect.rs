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
    /// 13: IFCAP_NOMAP printed as MEXTPG.
    R13 = 13,
    /// 14: libifconfig over netlink, unicast peers.
    R14 = 14,
    /// 15: VRRPv3; an inet address needs a mask.
    R15 = 15,
    /// 16 (main, not yet released): geneve(4) (ifgeneve.c, 2026).
    R16 = 16,
    /// No release: words that were only ever in a development branch.
    /// ifwg.c's (`listen-port`, `private-key`, `peer-list`, `public-key`,
    /// `allowed-ips`, `endpoint`) were in 13-CURRENT from November 2020 to
    /// March 2021 and removed from stable/13 and releng/13.0 before 13.0;
    /// the wg(4) of 13.2 and later is configured by wg(8), not ifconfig.
    /// Every release's ifconfig takes them as an address (`bad value`).
    Never = 255,
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
    /// The bridge block of 15.x (VLAN filtering): a `bridge flags=` line,
    /// `ifmaxaddr` only when set, the member's `vlan protocol`.
    BridgeVlanFiltering,
    /// The vlan line has `vlanpcp:` but not `vlanproto:` (11.x).
    VlanPcpOnly,
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
    /// ifconfig has ifstf.c (6rd): stf's `v4net` line.
    Stf6rd,
    /// `laggport` only warns when it fails, naming the lagg and port, and
    /// goes on; the exit status is 1 (iflagg.c of releng/12.0 r332645 and
    /// 14.x; 10.4's err(1, "SIOCSLAGGPORT"); 11.x not read).
    LaggPortWarns,
    /// `mediaopt`/`-mediaopt` stop at an unknown option name (ifmedia.c
    /// through libifconfig, 14.x in fel1x 2d614aa2); the older ifmedia.c
    /// (10.4, coder03 3d3f8b11) ORs its lookup's -1 into the word, which
    /// the kernel refuses (ENXIO). 13.x's was not read: the boundary is
    /// the one the media read's message already has.
    MediaNamesUnknownOptions,
    /// ifconfig has ifgeneve.c (`geneve_status_nl`).
    GeneveStatus,
    /// inet's destination and broadcast are one sockaddr of the request
    /// (ifconfig.h's `BRDADDR = DSTADDR` without netlink): the second
    /// address and `broadcast` set the same field.
    DstIsBroadcast,
}

/// Which releases have each feature: from, and until (not included).
const FEATURES: &[(Feature, Since, Option<Since>)] = &[
    (Feature::SourceOrderTrailers, Since::R12, None),
    (Feature::LaggOptions, Since::R11, None),
    // releng/12.0's ifgif.c (r326276) has GIFBITS "\2IGNORE_SOURCE" only.
    (Feature::GifNoclamp, Since::R13, None),
    (Feature::PfsyncNvlist, Since::R14, None),
    (Feature::MediaNamesUnknownOptions, Since::R14, None),
    (Feature::Stf6rd, Since::R14, None),
    (Feature::LaggPortWarns, Since::R12, None),
    (Feature::VlanProto, Since::R12, None),
    (Feature::DriverName, Since::R14, None),
    (Feature::JailOption, Since::R14, None),
    (Feature::NamesEveryFlag, Since::R14, None),
    (Feature::RefusesInetWithoutMask, Since::R15, None),
    (Feature::WarnsInetWithoutMask, Since::R14, Some(Since::R15)),
    (Feature::GroupsAddresses, Since::R11, Some(Since::R14)),
    (Feature::InetThenInet6, Since::R14, None),
    (Feature::BridgeVlanFiltering, Since::R15, None),
    (Feature::VlanPcpOnly, Since::R11, Some(Since::R12)),
    (Feature::DstIsBroadcast, Since::R10, Some(Since::R14)),
    (Feature::GeneveStatus, Since::R16, None),
];

/// Keywords a release dropped, with the first release without them:
/// `nomap` became `mextpg` with IFCAP_NOMAP's rename (13.x prints MEXTPG;
/// the 13-CURRENT ifconfig.c 94ac312a still had `nomap`).
const RETIRED_WORDS: &[(&str, Since)] = &[("nomap", Since::R13), ("-nomap", Since::R13)];

/// A bit, its name, and the releases that print that name.
type BitName = (u32, &'static str, Since, Option<Since>);

/// The names of the flag bits, by the releases that print them.
const FLAG_NAMES: &[BitName] = &[
    (0, "UP", Since::R10, None),
    (1, "BROADCAST", Since::R10, None),
    (2, "DEBUG", Since::R10, None),
    (3, "LOOPBACK", Since::R10, None),
    (4, "POINTOPOINT", Since::R10, None),
    (5, "SMART", Since::R10, Some(Since::R12)),
    // 12/13's IFFBITS (freebsd-src 94ac312a) names no bit 5; 14's
    // netlink table (fel1x-developer/freebsd-src 2d614aa2) does.
    (5, "NEEDSEPOCH", Since::R14, None),
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

/// The names of the capability bits in `options=`, by the releases that
/// print them. Up to 13, printb's IFCAPBITS string (10.4:
/// coder03/freebsd10.4 3d3f8b11; 12/13-era: freebsd-src 94ac312a), which
/// skips unnamed bits (17, and 23 HWSTATS); from 14 netlink's print_bits
/// over the kernel's names (fel1x-developer/freebsd-src 2d614aa2; the
/// ioctl table of chrislongros/freebsd-src a2b162c4 has the same names).
/// Which 11.x/12.x first printed bits 24-31 was not checked release by
/// release: 94ac312a (13-CURRENT, 2020) has them, 10.4 has none.
const CAP_NAMES: &[BitName] = &[
    (0, "RXCSUM", Since::R10, None),
    (1, "TXCSUM", Since::R10, None),
    (2, "NETCONS", Since::R10, None),
    (3, "VLAN_MTU", Since::R10, None),
    (4, "VLAN_HWTAGGING", Since::R10, None),
    (5, "JUMBO_MTU", Since::R10, None),
    (6, "POLLING", Since::R10, None),
    (7, "VLAN_HWCSUM", Since::R10, None),
    (8, "TSO4", Since::R10, None),
    (9, "TSO6", Since::R10, None),
    (10, "LRO", Since::R10, None),
    (11, "WOL_UCAST", Since::R10, None),
    (12, "WOL_MCAST", Since::R10, None),
    (13, "WOL_MAGIC", Since::R10, None),
    (14, "TOE4", Since::R10, None),
    (15, "TOE6", Since::R10, None),
    (16, "VLAN_HWFILTER", Since::R10, None),
    (17, "NV", Since::R14, None),
    (18, "VLAN_HWTSO", Since::R10, None),
    (19, "LINKSTATE", Since::R10, None),
    (20, "NETMAP", Since::R10, None),
    (21, "RXCSUM_IPV6", Since::R10, None),
    (22, "TXCSUM_IPV6", Since::R10, None),
    (23, "HWSTATS", Since::R14, None),
    (24, "TXRTLMT", Since::R12, None),
    (25, "HWRXTSTMP", Since::R12, None),
    (26, "NOMAP", Since::R12, Some(Since::R13)),
    (26, "MEXTPG", Since::R13, None),
    (27, "TXTLS4", Since::R13, None),
    (28, "TXTLS6", Since::R13, None),
    (29, "VXLAN_HWCSUM", Since::R13, None),
    (30, "VXLAN_HWTSO", Since::R13, None),
    (31, "TXTLS_RTLMT", Since::R13, None),
    // The second word (IFCAP2), from bit 32 of 14's netlink bitset
    // (net/if_strings.h's ifcap_bit_names).
    (32, "RXTLS4", Since::R14, None),
    (33, "RXTLS6", Since::R14, None),
    (34, "IPSEC", Since::R15, None),
    (35, "GENEVE_HWCSUM", Since::R16, None),
    (36, "GENEVE_HWTSO", Since::R16, None),
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
    /// vxlan, gre, gif, ipsec and stf status lines (ifvxlan.c, ifgre.c,
    /// ifgif.c, ifipsec.c right after it in the Makefile, ifstf.c; an
    /// interface has one of them).
    Tunnels,
    /// The pfsync line (ifpfsync.c).
    Pfsync,
    /// The geneve lines (ifgeneve.c, 16: linked last).
    Geneve,
}

/// The af list in link order (sbin/ifconfig/Makefile: af_nd6.c, ifmedia.c,
/// iffib.c, ifvlan.c, ifvxlan.c, ifgre.c, ifgif.c, ifgroup.c, ifpfsync.c,
/// ifbridge.c, iflagg.c, carp.c; 16 links ifgeneve.c after them all, with
/// the netlink sources).
const LINK_ORDER: [Trailer; 11] = [
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
    Trailer::Geneve,
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
        self.bit_name(FLAG_NAMES, bit, "IFF")
    }

    /// A bit's name in `table` for this release; 14's netlink ifconfig
    /// names every bit (`IFF_30`), older printb skips the ones its table
    /// lacks.
    fn bit_name(self, table: &[BitName], bit: u32, prefix: &str) -> Option<Cow<'static, str>> {
        match table.iter().find(|&&(b, _, from, until)| b == bit && self.covers(from, until)) {
            Some((_, name, _, _)) => Some(Cow::Borrowed(name)),
            None if self.has(Feature::NamesEveryFlag) => Some(Cow::Owned(format!("{prefix}_{bit}"))),
            None => None,
        }
    }

    /// The name `options=` gives capability bit `bit` in this release.
    pub fn cap_name(self, bit: u32) -> Option<Cow<'static, str>> {
        self.bit_name(CAP_NAMES, bit, "IFCAPS")
    }

    /// Whether bits print as netlink's print_bits does (14+): nothing at
    /// all for 0 (`flags=0`, not `flags=0<>`), and an `options=` line for
    /// every interface, `options=0` included (the kernel always sends the
    /// capability bitset; 10-13's ioctl path printed it only when nonzero).
    pub fn netlink_bits(self) -> bool {
        self.has(Feature::NamesEveryFlag)
    }

    /// Whether inet's destination and broadcast share one field (10-13's
    /// ioctl request; 14's netlink one sends IFA_ADDRESS and IFA_BROADCAST).
    pub fn dst_is_broadcast(self) -> bool {
        self.has(Feature::DstIsBroadcast)
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
    pub fn trailer_order(self) -> [Trailer; 11] {
        let mut order = LINK_ORDER;
        if self.has(Feature::SourceOrderTrailers) {
            order.reverse();
        }
        order
    }

    /// Whether ifconfig prints geneve's lines (it has ifgeneve.c).
    pub fn geneve_status(self) -> bool {
        self.has(Feature::GeneveStatus)
    }

    /// Whether `mediaopt` names an unknown option (else the kernel refuses
    /// the word).
    pub fn media_names_unknown_options(self) -> bool {
        self.has(Feature::MediaNamesUnknownOptions)
    }

    /// Whether `-v` shows lagg's options and statistics.
    pub fn lagg_options(self) -> bool {
        self.has(Feature::LaggOptions)
    }

    /// Whether gif's option 0x1 is NOCLAMP.
    pub fn gif_noclamp(self) -> bool {
        self.has(Feature::GifNoclamp)
    }

    /// Whether this release's ifconfig no longer knows keyword `word`.
    pub fn retired(self, word: &str) -> bool {
        RETIRED_WORDS.iter().any(|(w, until)| *w == word && self.reached(*until))
    }

    /// Whether `laggport`'s failures name the lagg and port.
    pub fn laggport_warns(self) -> bool {
        self.has(Feature::LaggPortWarns)
    }

    /// Whether stf's status line (ifstf.c, 6rd) is printed.
    pub fn stf_6rd(self) -> bool {
        self.has(Feature::Stf6rd)
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

    /// Whether the vlan line has `vlanpcp:` without `vlanproto:` (11.x).
    pub fn vlan_has_pcp_only(self) -> bool {
        self.has(Feature::VlanPcpOnly)
    }

    /// Whether the bridge block has 15.x's VLAN-filtering form.
    pub fn bridge_vlan_filtering(self) -> bool {
        self.has(Feature::BridgeVlanFiltering)
    }

    /// Whether getopt takes `-j jail` (ifconfig.c's args_parse, 14+):
    /// older releases answer it with the usage.
    pub fn takes_jail_option(self) -> bool {
        self.has(Feature::JailOption)
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
        assert_eq!(d("12.0").flag_name(5), None);
        assert_eq!(d("14.1").flag_name(5).as_deref(), Some("NEEDSEPOCH"));
        // Capability names: printb's IFCAPBITS up to 13, netlink's from 14.
        assert_eq!(d("10.0").cap_name(24), None);
        assert_eq!(d("13.0").cap_name(23), None);
        assert_eq!(d("14.1").cap_name(23).as_deref(), Some("HWSTATS"));
        assert_eq!(d("12.4").cap_name(26).as_deref(), Some("NOMAP"));
        assert_eq!(d("13.2").cap_name(26).as_deref(), Some("MEXTPG"));
        assert!(d("14.0").netlink_bits() && !d("13.5").netlink_bits());
        assert!(d("16.0").reached(Since::R15) && !d("14.3").reached(Since::R15));
        assert!(d("16.0").reached(Since::R16) && !d("15.1").reached(Since::R16));
        assert!(!d("16.0").reached(Since::Never));
    }
}
