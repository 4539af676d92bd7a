//! The issue-10 scenario's `ifconfig -a` per release, against golden files
//! (tests/golden/breadth-RELEASE.txt): the description right after the
//! flags line, `tunnel` before the addresses, and the status sections in
//! each release's order (10-11: nd6, media, fib, vlan, groups, bridge,
//! lagg, carp; 12+: the reverse).
//!
//! The lines were checked against FreeBSD's print functions (files under
//! sbin/ifconfig unless said; "fel1x" is the 14.x-era mirror
//! fel1x-developer/freebsd-src 2d614aa2, "10.4" coder03/freebsd10.4
//! 3d3f8b11, "94ac312a" freebsd/freebsd-src's stored 13-CURRENT ifconfig.c):
//! - flags line, `description:`: ifconfig.c status() (10.4, 94ac312a);
//!   14+: ifconfig_netlink.c status_nl() and print_bits (fel1x): no `<>`
//!   after a zero value.
//! - `options=`: ifconfig.c status() printb(IFCAPBITS) only when nonzero
//!   (10.4, 94ac312a; names per release in render/dialect.rs CAP_NAMES);
//!   14+: ifconfig_netlink.c print_ifcaps() prints it for every interface,
//!   `options=0` included (fel1x; real 14.x output shows `options=0`).
//! - `groups:`: ifgroup.c getifgroups() (fel1x).
//! - `vlan:`: ifvlan.c vlan_status() (fel1x; 10.x: tag and parent only;
//!   11.x `vlanpcp:` without `vlanproto:`, index file 69971903).
//! - bridge block: ifbridge.c bridge_status() (fel1x for 10-14: no flags
//!   line, `ifmaxaddr` always; 15.x: the clean 15.x-era copy the index
//!   gives as file 175971584, `bridge flags=` line, `ifmaxaddr` only when
//!   set, ` vlan protocol 802.1q`); member flag names in IFBIFBITS order
//!   (net/if_bridgevar.h, index file 1173329061).
//! - `nd6 options=`: af_nd6.c nd6_status() printb(ND6BITS) (fel1x).
//! - `media:` / `status:`: ifmedia.c media_status() (fel1x).
//!
//! - `laggproto`/`laggport:`: iflagg.c lagg_status (10.4 and fel1x; 14.x
//!   freebsd-src 58409938's text).
//! - gif `tunnel inet A --> B`: af_inet.c in_status_tunnel (fel1x);
//!   ifgif.c gif_status prints nothing without options.
//! - gre `grekey:`: ifgre.c gre_status (freebsd-src fdaf572e): the key in
//!   hex with its decimal; no `options=` line without options.
//! - vxlan `vxlan vni N local A:P remote B:P`: ifvxlan.c vxlan_status
//!   (freebsd-src 6d13bb0e).
//! - pfsync: ifpfsync.c pfsync_status: 10-13 `pfsync: syncdev: IF maxupd:
//!   128` (freebsd-src 328757268's text), 14+ the nvlist form with
//!   `syncpeer:`, `version:` and `syncok:` (freebsd-src 35167811's text).
//! - 15.0's bridge VLAN filtering: ifbridge.c bridge_status of 15.x
//!   (paigeadelethompson/freebsd-src aeba9097 and 28e0d866, and the clean
//!   copy 175971584): `bridge flags=1<VLANFILTER> defuntagged=N`, the
//!   member's ` untagged N tagged A-B,C`.
//!
//! Not checked here: the model's facts behind the lines (which nd6 flags a
//! new clone has).

use crate::support::{assert_text, golden, run_raw, TestHost};

fn scenario(release: &str) -> String {
    let h = TestHost::seed_with(|v| {
        v["release"] = release.into();
        v["interfaces"][0]["name"] = "vmx1".into();
    });
    let lines: &[&[&str]] = &[
        &["epair", "create"],
        &["epair0a", "up"],
        &["bridge0", "create"],
        &["bridge0", "addm", "epair0a", "up"],
        &["vlan111", "create", "vlan", "111", "vlandev", "vmx1"],
        &["vmx1", "description", "LAN"],
        &["lagg0", "create"],
        &["lagg0", "laggport", "epair0b", "laggproto", "lacp"],
        &["gif0", "create"],
        &["gif0", "tunnel", "192.0.2.1", "198.51.100.1"],
        &["vmx1", "group", "egress"],
        &["vmx1", "inet6", "2001:db8::1/64", "no_dad", "-ifdisabled"],
        &["gre0", "create"],
        &["gre0", "tunnel", "192.0.2.2", "198.51.100.2", "grekey", "7"],
        &["vxlan0", "create", "vxlanid", "42", "vxlanlocal", "192.0.2.3", "vxlanremote", "198.51.100.3"],
        &["pfsync0", "create"],
        &["pfsync0", "syncdev", "vmx1"],
    ];
    // 15's bridge VLAN filtering (the words do not exist before 15).
    let vlan_lines: &[&[&str]] = &[
        &["bridge0", "vlanfilter", "defuntagged", "9"],
        &["bridge0", "ifuntagged", "epair0a", "5", "iftagged", "epair0a", "10-12,20"],
    ];
    let fifteen = release.starts_with("15");
    for l in lines.iter().chain(vlan_lines.iter().filter(|_| fifteen)) {
        let mut args = vec!["--model".to_string(), h.path.display().to_string()];
        args.extend(l.iter().map(|s| s.to_string()));
        let r = run_raw(&args);
        assert_eq!(r.code, 0, "{l:?}: {r:?}");
    }
    run_raw(&["--model".to_string(), h.path.display().to_string(), "-a".to_string()]).stdout
}

#[test]
fn golden_per_release() {
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let out = scenario(release);
        let name = format!("breadth-{release}.txt");
        if std::env::var_os("BREADTH_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &out).unwrap();
        }
        assert_text(&out, &golden(&name));
    }
}
