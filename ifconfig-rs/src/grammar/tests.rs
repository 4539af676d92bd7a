use super::*;
use libcarpctl::CarpState;

fn ctx(major: u8) -> Context {
    Context { release: Release { major, minor: 0 }, flags: IfFlags::UP | IfFlags::BROADCAST }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn plan(s: &str, major: u8) -> Result<Plan, String> {
    parse("igb0", &words(s), ctx(major)).map_err(|e| e.to_string())
}

#[test]
fn seed_lines() {
    let p = plan("inet6 2001:db8::3 vhid 112 pass qwerty", 10).unwrap();
    assert_eq!(p.delete, None, "inet6 without alias deletes nothing");
    let add = p.add.unwrap();
    assert_eq!(add.addr.to_string(), "2001:db8::3");
    assert_eq!(add.vhid.map(Vhid::get), Some(112));
    assert_eq!(p.carp.unwrap().key.unwrap().reveal(), b"qwerty");

    let p = plan("10.0.0.112/27 alias vhid 112", 10).unwrap();
    assert_eq!(p.delete, None);
    assert_eq!(p.add.unwrap().prefixlen, Some(27));

    let p = plan("vhid 112 state master", 10).unwrap();
    assert!(p.add.is_none());
    assert_eq!(p.carp.unwrap().state, Some(CarpState::Master));
}

#[test]
fn replace_deletes_first_inet() {
    let p = plan("192.0.2.1/24", 10).unwrap();
    assert_eq!(p.delete, Some(AddressSelector::First(Family::Inet)));
    assert!(p.delete_is_replace);
}

#[test]
fn delete_forms() {
    for line in ["192.0.2.1 -alias", "-alias 192.0.2.1", "192.0.2.1 delete"] {
        let p = plan(line, 10).unwrap();
        assert_eq!(p.delete, Some(AddressSelector::Exact("192.0.2.1".parse().unwrap())), "{line}");
        assert!(p.add.is_none(), "{line}");
    }
}

#[test]
fn rc_conf_lines() {
    let p = plan("inet vhid 1 pass testpass alias 192.168.1.50/32", 10).unwrap();
    assert_eq!(p.add.as_ref().unwrap().vhid.map(Vhid::get), Some(1));
    assert_eq!(p.delete, None);
    let p = plan("vhid 12 advskew 210 pass RD0B4OBZ 192.168.1.11/32", 10).unwrap();
    assert_eq!(p.carp.as_ref().unwrap().advskew, Some(210));
    assert_eq!(p.delete, Some(AddressSelector::First(Family::Inet)));
}

#[test]
fn messages() {
    let cases = [
        ("vhid 0", "vhid must be greater than 0 and less than 255"),
        ("vhid 256", "vhid must be greater than 0 and less than 255"),
        ("vhid abc", "vhid must be greater than 0 and less than 255"),
        ("advskew 10 vhid 1", "advskew requires vhid"),
        ("advbase 1", "advbase requires vhid"),
        ("pass x", "passwd requires vhid"),
        ("state master", "state requires vhid"),
        ("vhid 1 state slave", "unknown state"),
        ("link vhid 1", "link doesn't support carp(4)"),
        ("ether vhid 1", "ether doesn't support carp(4)"),
        ("vhid", "'vhid' requires argument"),
        ("bogus", "bogus: bad value"),
    ];
    for (line, msg) in cases {
        assert_eq!(plan(line, 10).unwrap_err(), msg, "{line}");
    }
    assert_eq!(plan("vhid 1 peer6 nope", 14).unwrap_err(), "Invalid IPv6 address nope");
    assert_eq!(plan("vhid 1 carpver 4", 15).unwrap_err(), "version must be 2 or 3");
    assert_eq!(
        plan("vhid 1 vrrpinterval 5000", 15).unwrap_err(),
        "vrrpinterval must be greater than 0 and less than 4095"
    );
    // 10-13 have no `peer` keyword: the word is an address operand.
    assert_eq!(plan("vhid 1 peer 192.0.2.9", 13).unwrap_err(), "peer: bad value");
    assert!(plan("vhid 255", 10).is_ok());
}

#[test]
fn inet_without_mask_per_release() {
    assert!(plan("192.0.2.1", 13).unwrap().warnings.is_empty());
    assert_eq!(plan("192.0.2.1", 14).unwrap().warnings.len(), 1);
    assert_eq!(
        plan("192.0.2.1", 15).unwrap_err(),
        "ERROR: setting interface address without mask is no longer supported."
    );
    assert!(plan("192.0.2.1 netmask 255.255.255.0", 15).is_ok());
    assert!(plan("192.0.2.1 netmask 0xffffff00", 15).unwrap().add.unwrap().prefixlen == Some(24));
    let p2p = Context { release: Release::V15_0, flags: IfFlags::UP | IfFlags::POINTOPOINT };
    assert!(parse("tun0", &words("192.0.2.1"), p2p).is_ok());
}

mod never_panics {
    use super::*;
    use libcarpctl::{Backend, HostSession, Snapshot};
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "inet",
        "inet6",
        "link",
        "ether",
        "vhid",
        "advbase",
        "advskew",
        "pass",
        "state",
        "peer",
        "peer6",
        "mcast",
        "mcast6",
        "carpver",
        "vrrpprio",
        "vrrpinterval",
        "alias",
        "-alias",
        "delete",
        "up",
        "down",
        "mtu",
        "metric",
        "netmask",
        "prefixlen",
        "broadcast",
        "master",
        "backup",
        "init",
        "0",
        "1",
        "112",
        "255",
        "256",
        "-1",
        "3",
        "4095",
        "10.0.0.112/27",
        "192.0.2.1",
        "192.0.2.1/33",
        "2001:db8::3",
        "2001:db8::3/129",
        "fe80::1%igb0",
        "0xffffff00",
        "00:11:22:33:44:55",
        "",
        "/",
        "::",
        "x",
        "999999999999999999999",
    ];

    proptest! {
        /// Any sequence of known words and odd values parses to a plan or to
        /// a message, and a plan applies to the model or fails cleanly: a
        /// failure undoes every change, unless it says some stay.
        #[test]
        fn parse_and_apply(idx in proptest::collection::vec(0..WORDS.len(), 0..8), major in 10u8..=16) {
            let words: Vec<String> = idx.iter().map(|i| WORDS[*i].to_string()).collect();
            let host = Snapshot::example_10_0().with_release(Release { major, minor: 0 });
            let flags = host.interfaces()[0].flags;
            if let Ok(plan) = parse("igb0", &words, Context { release: host.release(), flags }) {
                let mut backend = HostSession::in_memory(host.clone());
                let before = host.interfaces()[0].clone();
                if let Err(failed) = crate::apply::apply(&mut backend, &plan, &before, &mut std::io::sink()) {
                    let now = backend.snapshot().unwrap();
                    prop_assert!(failed.kept() || now == host, "{words:?} left {now:?}");
                }
            }
        }
    }
}

/// The checklist of FreeBSD's keywords (ifconfig-rs/keywords.txt): every
/// non-802.11 word must be a row of the keyword tables.
#[test]
fn checklist() {
    let text = include_str!("../../keywords.txt");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == 4), "malformed checklist row");
    let known: Vec<&str> = super::all_keywords().map(|k| k.name).collect();
    let wanted: Vec<&str> = rows.iter().filter(|r| r[3] != "802.11").map(|r| r[0]).collect();
    let missing: Vec<&&str> = wanted.iter().filter(|w| !known.contains(w)).collect();
    assert!(missing.is_empty(), "keywords of FreeBSD's ifconfig missing from the tables: {missing:?}");
    // The figure the README shows.
    assert_eq!(wanted.len(), 316, "update README's coverage figure");
    let unverified = rows.iter().filter(|r| r[3] != "802.11" && r[2] == "unverified").count();
    assert_eq!(unverified, 1, "update README's coverage figure (unverified rows)");
    // The 802.11 table is exactly the checklist's ifieee80211.c words.
    let mut listed: Vec<&str> = rows.iter().filter(|r| r[3] == "802.11").map(|r| r[0]).collect();
    let mut table: Vec<&str> = super::wireless_keywords().map(|k| k.name).collect();
    listed.sort_unstable();
    table.sort_unstable();
    assert_eq!(table, listed, "802.11 table and checklist differ");
}

/// 802.11 words on a non-wireless interface fail as FreeBSD's do.
#[test]
fn wireless_words_fail_like_freebsd() {
    assert_eq!(plan("ssid foo", 14).unwrap_err(), "SIOCS80211: Invalid argument");
    assert_eq!(plan("list scan", 14).unwrap_err(), "unable to get scan results");
    // `ap` takes the bssid (DEF_CMD_ARG, set80211bssid); the vht words are
    // 802.11 words like the others.
    assert_eq!(plan("ap", 14).unwrap_err(), "'ap' requires argument");
    assert_eq!(plan("ap 00:11:22:33:44:55", 14).unwrap_err(), "SIOCS80211: Invalid argument");
    for w in ["vht", "-vht", "vht40", "-vht80", "vht80p80", "-vht160"] {
        assert_eq!(plan(w, 15).unwrap_err(), "SIOCS80211: Invalid argument", "{w}");
    }
    // Not words of ifieee80211.c: an address operand, as on FreeBSD.
    for w in ["wps", "-wps", "-ap", "bursting", "-bursting", "location"] {
        assert_eq!(plan(w, 14).unwrap_err(), format!("{w}: bad value"), "{w}");
    }
}

/// A bad fib is iffib.c's warn(3): the word is skipped, the line goes on.
#[test]
fn bad_fib_is_a_warning() {
    let p = plan("fib abc up", 14).unwrap();
    assert_eq!(p.warnings, ["fib abc not valid: Invalid argument"]);
    assert_eq!(p.changes.len(), 0);
    assert_eq!(p.link.len(), 1, "up still applies");
    let p = plan("tunnelfib 99999999999999999999999", 14).unwrap();
    assert_eq!(p.warnings, ["fib 99999999999999999999999 not valid: Result too large"]);
    let p = plan("fib 12x", 14).unwrap();
    assert_eq!(p.warnings, ["fib 12x not valid: No error: 0"]);
    assert!(plan("fib 0x10", 14).unwrap().warnings.is_empty());
}

/// ifwg.c's words are in no release (13-CURRENT only): an address operand
/// everywhere. ifgeneve.c's are 16's: an operand before (their own tests
/// are in grammar/geneve_tests.rs; gif's in grammar/families_tests.rs).
#[test]
fn wg_and_geneve_words_by_release() {
    assert_eq!(plan("geneveid 5", 15).unwrap_err(), "geneveid: bad value");
    assert!(plan("geneveid 5", 16).is_ok());
    for r in [13, 14, 15, 16] {
        assert_eq!(plan("peer-list", r).unwrap_err(), "peer-list: bad value");
        assert_eq!(plan("endpoint 192.0.2.1:51820", r).unwrap_err(), "endpoint: bad value");
        assert_eq!(plan("listen-port 51820", r).unwrap_err(), "listen-port: bad value");
    }
    // The key after `private-key` is withheld when it reaches the
    // address parser.
    assert_eq!(plan("description private-key c2VjcmV0", 14).unwrap_err(), "(key not shown): bad value");
    assert!(plan("-noclamp", 14).is_ok());
}

/// The changes a line asks for, in order.
fn changes(s: &str, major: u8) -> Vec<libcarpctl::IfaceChange> {
    plan(s, major).unwrap().changes.into_iter().map(|c| c.change).collect()
}

/// 15.x's bridge VLAN words: FreeBSD's value checks and messages
/// (ifbridge.c), the requests they make; not words before 15.
#[test]
fn bridge_vlan_words() {
    use libcarpctl::{BridgeMember, BridgeVlanChange as V, IfaceChange as C, VlanSet, VlanSetOp};
    let set = |s: &str| VlanSet::parse(s).unwrap();
    assert_eq!(plan("ifuntagged em0 4095", 15).unwrap_err(), "invalid VLAN identifier: 4095");
    assert_eq!(
        changes("ifuntagged em0 0x10 -ifuntagged em1", 15),
        [
            C::BridgeVlan(V::Pvid { member: "em0".into(), vid: 16, label: "BRDGSIFPVID 0x10".into() }),
            C::BridgeVlan(V::Pvid { member: "em1".into(), vid: 0, label: "BRDGSIFPVID".into() }),
        ]
    );
    let tagged = |op, s: &str, label: &str| {
        C::BridgeVlan(V::Tagged { member: "em0".into(), op, set: set(s), label: label.into() })
    };
    assert_eq!(
        changes("iftagged em0 1-10,20 +iftagged em0 all -iftagged em0 none", 15),
        [
            tagged(VlanSetOp::Set, "1-10,20", "BRDGSIFVLANSET 1-10,20"),
            tagged(VlanSetOp::Add, "all", "BRDGSIFVLANSET all"),
            tagged(VlanSetOp::Del, "none", "BRDGSIFVLANSET none"),
        ]
    );
    assert_eq!(plan("-iftagged em0 10-5", 15).unwrap_err(), "invalid vlan set: 10-5");
    assert_eq!(plan("iftagged em0 0x10", 15).unwrap_err(), "invalid vlan set: 0x10", "decimal only");
    assert_eq!(plan("ifvlanproto em0 qinq", 15).unwrap_err(), "unrecognised VLAN protocol: qinq");
    assert_eq!(plan("ifvlanproto em0 802.1Q", 15).unwrap_err(), "unrecognised VLAN protocol: 802.1Q");
    assert_eq!(
        changes("ifvlanproto em0 802.1ad", 15),
        [C::BridgeVlan(V::Proto { member: "em0".into(), proto: 0x88a8 })]
    );
    assert_eq!(plan("defuntagged 0", 15).unwrap_err(), "invalid vlan id: 0");
    assert_eq!(
        changes("defuntagged 4094 -defuntagged vlanfilter -defqinq", 15),
        [
            C::BridgeVlan(V::DefaultPvid(4094)),
            C::BridgeVlan(V::DefaultPvid(0)),
            C::BridgeVlan(V::Flags { flags: 1, set: true }),
            C::BridgeVlan(V::Flags { flags: 2, set: false }),
        ]
    );
    assert_eq!(
        changes("qinq em0 -qinq em1", 15),
        [
            C::BridgeMemberFlag { member: "em0".into(), flag: BridgeMember::QINQ, set: true },
            C::BridgeMemberFlag { member: "em1".into(), flag: BridgeMember::QINQ, set: false },
        ]
    );
    assert_eq!(plan("qinq", 15).unwrap_err(), "'qinq' requires argument");
    assert_eq!(plan("iftagged em0", 15).unwrap_err(), "'iftagged' requires 2 arguments");
    assert_eq!(plan("vlanfilter", 14).unwrap_err(), "vlanfilter: bad value");
}

/// 15's `addm` is a DEF_CMD_VARG (setbridge_add): option pairs after the
/// member while the next word is `untagged` or `tagged`; 10-14's takes one.
#[test]
fn addm_takes_vlan_options_on_15() {
    use libcarpctl::{BridgeVlanChange as V, IfaceChange as C, VlanSet, VlanSetOp};
    assert_eq!(
        changes("addm em0 tagged 5 untagged 7 up", 15),
        [
            C::BridgeMember("em0".into(), true),
            C::BridgeVlan(V::Pvid { member: "em0".into(), vid: 7, label: "BRDGSIFPVID em0 7".into() }),
            C::BridgeVlan(V::Tagged {
                member: "em0".into(),
                op: VlanSetOp::Set,
                set: VlanSet::parse("5").unwrap(),
                label: "BRDGSIFVLANSET em0".into(),
            }),
        ]
    );
    assert!(plan("addm em0 tagged 5 untagged 7 up", 15).unwrap().link.len() == 1, "`up` is left");
    assert_eq!(changes("addm em0 addm em1", 15).len(), 2);
    assert_eq!(plan("addm", 15).unwrap_err(), "usage: addm <interface> [opts ...]");
    assert_eq!(plan("addm em0 untagged", 15).unwrap_err(), "usage: untagged <vlan id>");
    assert_eq!(plan("addm em0 tagged", 15).unwrap_err(), "usage: tagged <vlan set>");
    assert_eq!(plan("addm em0 untagged 0", 15).unwrap_err(), "invalid VLAN identifier: 0");
    assert_eq!(plan("addm em0 tagged 1-", 15).unwrap_err(), "invalid vlan set: 1-");
    assert_eq!(plan("addm", 14).unwrap_err(), "'addm' requires argument");
    assert!(plan("addm em0 untagged 7", 14).is_err(), "14's addm takes one word");
}

/// FreeBSD only warns when the kernel refuses a gif or gre option, key or
/// port (ifgif.c setgifopts, ifgre.c setifgre*): a property of those rows.
#[test]
fn warn_only_rows() {
    for w in
        ["noclamp", "-ignore_source", "accept_rev_ethip_ver", "grekey", "udpport", "greport", "-udpencap"]
    {
        assert!(super::refusal_only_warns(w), "{w}");
    }
    for w in ["addm", "laggport", "vxlanid", "syncdev", "up", "tunnel", "nosuchword"] {
        assert!(!super::refusal_only_warns(w), "{w}");
    }
}

/// `nomap` (ifconfig.c 94ac312a) is 12.x's word for IFCAP_NOMAP; 13
/// renamed it `mextpg`, and the dialect retires the word from 13 on.
#[test]
fn nomap_ends_at_13() {
    use libcarpctl::{Capabilities, IfaceChange};
    let nomap = IfaceChange::Capabilities { caps: Capabilities::from_bits_retain(1 << 26), set: false };
    assert_eq!(changes("-nomap", 12), [nomap]);
    assert_eq!(plan("nomap", 11).unwrap_err(), "nomap: bad value");
    assert_eq!(plan("nomap", 13).unwrap_err(), "nomap: bad value");
    assert_eq!(plan("-nomap", 15).unwrap_err(), "-nomap: bad value");
    assert!(plan("mextpg", 14).is_ok());
}

/// ifmedia.c (fel1x 2d614aa2): `media` takes an Ethernet subtype name or
/// alias, any case; `mediaopt` each option of its list; `inst` 0..=15.
/// A line's media words make one change, in their order, after the
/// line's other words (ifmedia.c's callback).
#[test]
fn media_words_are_checked() {
    use libcarpctl::{IfaceChange, MediaEdit, MediaStep};
    let sub = |w: &str| MediaStep::Subtype(w.into());
    let opts = |l: &str, clear| MediaStep::Options { list: l.into(), clear };
    assert_eq!(changes("media 1000baseTX", 14), [IfaceChange::Media(MediaEdit::one(sub("1000baseTX")))]);
    assert!(plan("media AUTOSELECT", 10).is_ok());
    assert_eq!(plan("media 1000baseXX", 14).unwrap_err(), "unknown media subtype: 1000baseXX");
    assert_eq!(plan("mediaopt fdx,turbo", 14).unwrap_err(), "unknown option: turbo");
    assert_eq!(plan("-mediaopt bogus", 15).unwrap_err(), "unknown option: bogus");
    assert_eq!(plan("inst 16", 14).unwrap_err(), "invalid media instance: 16");
    assert_eq!(plan("instance -1", 14).unwrap_err(), "invalid media instance: -1");
    let line = MediaEdit {
        steps: vec![
            opts("full-duplex,flowcontrol", false),
            sub("100TX"),
            MediaStep::Instance(1),
            MediaStep::Mode("11g".into()),
            opts("flow", true),
        ],
    };
    assert_eq!(
        changes("mediaopt full-duplex,flowcontrol media 100TX descr LAN inst 1 mode 11g -mediaopt flow", 14),
        [IfaceChange::Description("LAN".into()), IfaceChange::Media(line)]
    );
    // Before 14 the old ifmedia.c let an unknown option through (the
    // kernel then refuses the word).
    assert_eq!(changes("mediaopt turbo", 13), [IfaceChange::Media(MediaEdit::one(opts("turbo", false)))]);
}

/// The bridge cache and STP words (ifbridge.c): the requests, their
/// labels, 15's `vlan N` option and the words it leaves to the next
/// keyword.
#[test]
fn bridge_cache_words() {
    use libcarpctl::{BridgeCacheChange as K, BridgeStpChange as S, IfaceChange as C};
    let mac = [2, 0, 0, 0, 0, 1];
    assert_eq!(
        changes("static em0 2:0:0:0:0:1 deladdr 02:00:00:00:00:01 flush flushall", 14),
        [
            C::BridgeCache(K::Static { member: "em0".into(), mac, vlan: 1, label: "BRDGSADDR em0".into() }),
            C::BridgeCache(K::Delete { mac, vlan: 0, label: "BRDGDADDR 02:00:00:00:00:01".into() }),
            C::BridgeCache(K::Flush { all: false }),
            C::BridgeCache(K::Flush { all: true }),
        ]
    );
    assert_eq!(
        changes("static em0 2:0:0:0:0:1 vlan 7 deladdr 2:0:0:0:0:1 up", 15),
        [
            C::BridgeCache(K::Static { member: "em0".into(), mac, vlan: 7, label: "BRDGSADDR".into() }),
            C::BridgeCache(K::Delete { mac, vlan: 0, label: "BRDGDADDR".into() }),
        ]
    );
    assert_eq!(plan("static em0 2:0:0:0:0:1 vlan 7 deladdr 2:0:0:0:0:1 up", 15).unwrap().link.len(), 1);
    assert_eq!(
        changes("ifmaxaddr em0 0x10 proto RSTP ifpriority em0 017 ifpathcost em0 0x100000005", 14),
        [
            C::BridgeCache(K::MemberLimit {
                member: "em0".into(),
                max: 16,
                label: "BRDGSIFAMAX 0x10".into()
            }),
            C::BridgeStp(S::Proto { proto: 2, label: "BRDGSPROTO RSTP".into() }),
            C::BridgeStp(S::Priority { member: "em0".into(), value: 15, label: "BRDGSIFPRIO 017".into() }),
            // ifbr_path_cost is 32 bits: the u_long is truncated.
            C::BridgeStp(S::PathCost {
                member: "em0".into(),
                cost: 5,
                label: "BRDGSIFCOST 0x100000005".into()
            }),
        ]
    );
    assert!(plan("addr", 14).unwrap().bridge_addresses);
    assert_eq!(plan("static em0 1:2:3:4:5", 14).unwrap_err(), "em0: invalid address: 1:2:3:4:5");
    assert_eq!(plan("static em0", 14).unwrap_err(), "'static' requires 2 arguments");
    assert_eq!(plan("static em0", 15).unwrap_err(), "usage: static <interface> <address> [vlan <id>]");
    assert_eq!(plan("deladdr x vlan 1", 15).unwrap_err(), "invalid address: x");
    assert_eq!(plan("ifpriority em0 256", 14).unwrap_err(), "invalid value: 256");
    assert_eq!(plan("proto mstp", 14).unwrap_err(), "unknown stp protocol");
}

#[test]
fn vnet_words_name_the_jail_in_every_release() {
    use libcarpctl::IfaceChange::{Reclaim, Vnet};
    for major in [10, 13, 14, 15, 16] {
        assert_eq!(changes("vnet j1", major), [Vnet("j1".into())]);
        assert_eq!(changes("-vnet 3", major), [Reclaim("3".into())]);
        assert_eq!(changes("vnet j1 up", major), [Vnet("j1".into())], "up is a link action");
        assert_eq!(plan("vnet", major).unwrap_err(), "'vnet' requires argument");
        assert_eq!(plan("-vnet", major).unwrap_err(), "'-vnet' requires argument");
    }
}

/// ifconfig.c's `DEF_CMD_SARG` rows for setifcapnv: `rxtls` hands it
/// `RXTLS4,RXTLS6` (net/if_strings.h's IFCAP2 names), `-rxtls` the same
/// negated; 15's `ipsec` `IPSEC`. Before 14 (no setifcapnv) and `ipsec`
/// before 15 they are addresses: `bad value`.
#[test]
fn nv_capability_words() {
    use libcarpctl::IfaceChange;
    let nv =
        |l: &[(&str, bool)]| IfaceChange::CapabilityNv(l.iter().map(|(n, b)| (n.to_string(), *b)).collect());
    assert_eq!(changes("rxtls", 14), [nv(&[("RXTLS4", true), ("RXTLS6", true)])]);
    assert_eq!(changes("-rxtls", 16), [nv(&[("RXTLS4", false), ("RXTLS6", false)])]);
    assert_eq!(changes("-ipsec", 15), [nv(&[("IPSEC", false)])]);
    assert_eq!(plan("rxtls", 13).unwrap_err(), "rxtls: bad value");
    assert_eq!(plan("ipsec", 14).unwrap_err(), "ipsec: bad value");
}
