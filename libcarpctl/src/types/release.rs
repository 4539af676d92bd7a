use std::fmt;
use std::str::FromStr;

/// A FreeBSD release, as the kernel facts that differ between releases:
/// which API exists (SIOCSVH, netlink, unicast peers, VRRP) and the
/// kernel's rules. Every such fact is a method here, so the rest of the
/// library never compares version numbers. ifconfig's own differences
/// (keywords, flag names, output order) are the front end's (ifconfig-rs's
/// `render::dialect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    /// Major version (10..=16).
    pub major: u8,
    /// Minor version.
    pub minor: u8,
}

impl Release {
    /// The release of the seed session.
    pub const V10_0: Release = Release { major: 10, minor: 0 };
    /// 14.0.
    pub const V14_0: Release = Release { major: 14, minor: 0 };
    /// 15.0.
    pub const V15_0: Release = Release { major: 15, minor: 0 };

    /// The oldest release supported (new CARP, 40-byte carpreq).
    pub const OLDEST: Release = Release { major: 10, minor: 0 };

    /// Whether SIOCSVH/SIOCGVH exist (removed in 16).
    pub fn has_carp_ioctl(self) -> bool {
        self.major <= 15
    }

    /// Whether the netlink "carp" family and rtnetlink IFA_FREEBSD exist.
    pub fn has_netlink(self) -> bool {
        self.major >= 14
    }

    /// Whether unicast peers (`peer`, `peer6`) exist and are shown.
    pub fn has_peers(self) -> bool {
        self.major >= 14
    }

    /// Whether VRRPv3 (`carpver 3`, `vrrpprio`, `vrrpinterval`) exists.
    pub fn has_vrrp(self) -> bool {
        self.major >= 15
    }

    /// Whether `LOWER_UP` is reported in the flags.
    pub fn shows_lower_up(self) -> bool {
        self.major >= 14
    }

    /// Whether a SET that the kernel rejects may still have changed some
    /// fields (fixed in 2024; 14.0 and older could half-apply).
    pub fn half_applies_rejected_set(self) -> bool {
        self <= Release::V14_0
    }

    /// Whether `net.inet.carp.allow = 0` holds vhids in INIT (ip_carp.c's
    /// `carp_sc_state`/`carp_setrun` test it since 12; 10.x only stopped
    /// accepting packets).
    pub fn carp_allow_gates_state(self) -> bool {
        self.major >= 12
    }

    /// Whether SIOCGVH's all-vhid listing (vhid 0, count > 1) copies out
    /// garbage after element 0 (since the 2023 rework, 14.0).
    pub fn vhid_listing_is_broken(self) -> bool {
        self.major >= 14
    }

    /// Whether ifconfig's SIOCIFCREATE2 error names the interface
    /// (`SIOCIFCREATE2 (vlan1): ...`, 14 and later).
    pub fn names_interface_in_create_error(self) -> bool {
        self.major >= 14
    }

    /// Whether `struct vlanreq` carries `vlr_proto` (802.1ad, 12.0): older
    /// kernels copy only the parent and the tag.
    pub fn has_vlan_proto(self) -> bool {
        self.major >= 12
    }

    /// Whether ether_ioctl keeps an interface's priority code point
    /// (SIOCSLANPCP, 12.0; it is the number SIOCSVLANPCP already had, so
    /// `vlanpcp` on an Ethernet interface sets it too). Taken as 12.0.
    pub fn has_lan_pcp(self) -> bool {
        self.major >= 12
    }

    /// Whether lagg(4)'s `struct lagg_reqopts` carries `ro_bkt`, the
    /// round-robin stride of `rr_limit` (11.0; 10.x's struct is 36 bytes).
    pub fn lagg_has_stride(self) -> bool {
        self.major >= 11
    }

    /// Whether lagg(4)'s protocol 5 is `broadcast` (11.0) rather than
    /// 10.x's `fec`.
    pub fn lagg_has_broadcast(self) -> bool {
        self.major >= 11
    }

    /// Whether ifconfig marks a stride request with `LAGG_OPT_RR_LIMIT`
    /// (13.0; older ones send the stride with `ro_opts` 0, which a newer
    /// kernel still takes as such). The same change made ifconfig refuse a
    /// stride of 0 and the kernel stop resetting the stride on every
    /// SIOCSLAGGOPTS: 11-12's if_lagg.c sets a round-robin lagg's stride
    /// from `ro_bkt` (0 meaning 1) before it looks at the request at all.
    pub fn lagg_marks_rr_limit(self) -> bool {
        self.major >= 13
    }

    /// Whether a new if_bridge(4) turns on IFCAP_VLAN_HWTAGGING (15.x's
    /// VLAN filtering: real 15.x output shows `options=10<VLAN_HWTAGGING>`
    /// on a fresh bridge; 14.x shows no options line).
    pub fn bridge_has_vlan_hwtagging(self) -> bool {
        self.major >= 15
    }

    /// Whether the kernel has the cloner `name` (`ifconfig -C`, `NAME
    /// create`). wg(4) came back in 13.2 (if_wg, configured by wg(8); the
    /// 13-CURRENT driver of 2020 was removed before 13.0); if_ipsec(4)
    /// arrived in 11.0. The others are in every release supported.
    pub fn has_cloner(self, name: &str) -> bool {
        const FIRST: [(&str, Release); 3] = [
            ("wg", Release { major: 13, minor: 2 }),
            ("ipsec", Release { major: 11, minor: 0 }),
            // if_geneve.c came to main in 2026, after 15.0.
            ("geneve", Release { major: 16, minor: 0 }),
        ];
        FIRST.iter().find(|(c, _)| *c == name).is_none_or(|(_, first)| self >= *first)
    }

    /// Whether the automatic link-local address goes to the front of the
    /// address list (the seed's 10.0 kernel) rather than the tail.
    pub fn link_local_first(self) -> bool {
        self.major == 10
    }

    /// Whether one interface index table serves every vnet, so that an
    /// interface moved to or from a jail keeps its index (if.c of 14.x:
    /// `ifindex_table` without `V_`); before, each vnet had its own and
    /// if_vmove took the lowest free index in the new one.
    pub fn ifindex_is_global(self) -> bool {
        self.major >= 14
    }
}

impl Default for Release {
    fn default() -> Self {
        Release::V15_0
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Release {
    type Err = String;
    /// `"10.0"`, `"14.1"`, `"14.1-RELEASE-p3"`, `"15"`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("bad FreeBSD release {s:?}");
        let head = s.split('-').next().unwrap_or("");
        let mut parts = head.split('.');
        let major: u8 = parts.next().and_then(|m| m.parse().ok()).ok_or_else(bad)?;
        let minor: u8 = match parts.next() {
            Some(m) => m.parse().map_err(|_| bad())?,
            None => 0,
        };
        if !(10..=16).contains(&major) {
            return Err(format!("unsupported FreeBSD release {s:?} (10 to 16)"));
        }
        Ok(Release { major, minor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_rules() {
        let r: Release = "14.1-RELEASE-p3".parse().unwrap();
        assert_eq!(r, Release { major: 14, minor: 1 });
        assert!(r.has_netlink() && r.has_carp_ioctl() && !r.has_vrrp());
        assert!(!r.half_applies_rejected_set());
        assert!(Release::V14_0.half_applies_rejected_set());
        assert!(!"16.0".parse::<Release>().unwrap().has_carp_ioctl());
        assert!("9.3".parse::<Release>().is_err());
        let r = |s: &str| s.parse::<Release>().unwrap();
        assert!(!r("13.1").has_cloner("wg") && r("13.2").has_cloner("wg") && r("16.0").has_cloner("wg"));
        assert!(!r("10.4").has_cloner("ipsec") && r("11.0").has_cloner("ipsec"));
        assert!(r("10.0").has_cloner("bridge"));
        assert!(!r("15.1").has_cloner("geneve") && r("16.0").has_cloner("geneve"));
        // (The address order is ifconfig's: ifconfig-rs's render::dialect.)
    }
}
