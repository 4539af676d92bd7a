//! The bridge address cache and per-member STP words on the virtual host
//! (ifbridge.c `static`, `deladdr`, `flush`, `flushall`, `addr`,
//! `ifmaxaddr`, `proto`, `ifpriority`, `ifpathcost`; if_bridge.c's and
//! bridgestp.c's rules): what `ifconfig bridge0 addr` and the member lines
//! print, FreeBSD's messages, and a refused line leaves the host as it was.

use crate::support::{assert_text, refused, TestHost};

/// bridge0 with members epair0a and epair0b on `release`, and `cache`
/// (JSON entries) in its address cache.
fn bridge(release: &str, cache: serde_json::Value) -> TestHost {
    let h = TestHost::seed_with(|v| v["release"] = release.into());
    h.run("epair create").stdout.contains("epair0a").then_some(()).unwrap();
    h.run("bridge0 create").silent_ok();
    h.run("bridge0 addm epair0a addm epair0b up").silent_ok();
    let mut v: serde_json::Value = serde_json::from_slice(&h.bytes()).unwrap();
    let ifaces = v["interfaces"].as_array_mut().unwrap();
    let b = ifaces.iter_mut().find(|i| i["name"] == "bridge0").unwrap();
    b["bridge"]["cache"] = cache;
    TestHost::from_json(&serde_json::to_string_pretty(&v).unwrap())
}

fn learned() -> serde_json::Value {
    serde_json::json!([
        {"mac": "02:00:00:00:00:aa", "vlan": 1, "member": "epair0b", "expire": 1180},
        {"mac": "02:00:00:00:00:bb", "vlan": 1, "member": "epair0a", "expire": 7, "flags": 2},
    ])
}

#[track_caller]
fn addr(h: &TestHost, expected: &str) {
    let r = h.run("bridge0 addr");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    assert_text(&r.stdout, expected);
}

#[test]
fn static_entries_flush_and_the_addr_listing() {
    let h = bridge("14.1", learned());
    // bridge_addresses: MAC VlanN MEMBER EXPIRE flags=N<IFBAFBITS>, in the
    // kernel's list order (newest first).
    addr(
        &h,
        "02:00:00:00:00:aa Vlan1 epair0b 1180 flags=0<>\n02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n",
    );
    // 10-14's ifconfig sends VLAN 1; ether_aton takes unpadded fields.
    h.run("bridge0 static epair0a 2:0:0:0:0:1").silent_ok();
    // A learned entry becomes static on the member named.
    h.run("bridge0 static epair0a 02:00:00:00:00:aa").silent_ok();
    addr(
        &h,
        "02:00:00:00:00:01 Vlan1 epair0a 0 flags=1<STATIC>\n\
         02:00:00:00:00:aa Vlan1 epair0a 0 flags=1<STATIC>\n\
         02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n",
    );
    // `flush` removes dynamic entries only (a sticky one is not dynamic).
    h.run("bridge0 static epair0b 02:00:00:00:00:02").silent_ok();
    let with_learned = bridge("14.1", learned());
    with_learned.run("bridge0 flush").silent_ok();
    addr(&with_learned, "02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n");
    with_learned.run("bridge0 flushall").silent_ok();
    addr(&with_learned, "");
    // `addr` after other words prints the cache once the line is done.
    let r = h.run("bridge0 deladdr 02:00:00:00:00:aa addr");
    assert_text(
        &r.stdout,
        "02:00:00:00:00:02 Vlan1 epair0b 0 flags=1<STATIC>\n\
         02:00:00:00:00:01 Vlan1 epair0a 0 flags=1<STATIC>\n\
         02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n",
    );
    // deletem takes the member's entries with it.
    h.run("bridge0 deletem epair0b").silent_ok();
    addr(&h, "02:00:00:00:00:01 Vlan1 epair0a 0 flags=1<STATIC>\n02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n");
    let kept = String::from_utf8(h.bytes()).unwrap();
    assert!(kept.contains("\"mac\": \"02:00:00:00:00:01\""), "the cache is kept in the host file");
}

#[test]
fn cache_rules_and_messages() {
    let h = bridge("14.1", learned());
    // Parsed before any request (errx).
    refused(&h, "bridge0 static epair0a zz", "epair0a: invalid address: zz");
    refused(&h, "bridge0 deladdr 1:2:3", "invalid address: 1:2:3");
    refused(&h, "bridge0 ifmaxaddr epair0a 0x100000000", "invalid value: 0x100000000");
    // The kernel's refusals (err), the line undone.
    refused(&h, "bridge0 static vmx1 02:00:00:00:00:01", "BRDGSADDR vmx1: No such file or directory");
    refused(&h, "bridge0 static epair0a 01:00:5e:00:00:01", "BRDGSADDR epair0a: Invalid argument");
    refused(&h, "bridge0 static epair0a 0:0:0:0:0:0", "BRDGSADDR epair0a: Invalid argument");
    refused(
        &h,
        "bridge0 deladdr 02:00:00:00:00:99",
        "BRDGDADDR 02:00:00:00:00:99: No such file or directory",
    );
    refused(&h, "bridge0 ifmaxaddr vmx1 5", "BRDGSIFAMAX 5: No such file or directory");
    refused(&h, "igb0 flush", "BRDGFLUSH: Invalid argument");
    refused(&h, "igb0 addr", "unable to get address cache: Invalid argument");
    // A static entry added, then a refusal later on the line: all undone.
    refused(
        &h,
        "bridge0 static epair0a 02:00:00:00:00:01 ifpriority vmx1 16",
        "BRDGSIFPRIO 16: No such file or directory",
    );
    // Per-member limit (ifmaxaddr) and the cache size (maxaddr): ENOSPC.
    h.run("bridge0 ifmaxaddr epair0a 1").silent_ok();
    refused(&h, "bridge0 static epair0a 02:00:00:00:00:01", "BRDGSADDR epair0a: No space left on device");
    h.run("bridge0 ifmaxaddr epair0a 0 maxaddr 2").silent_ok();
    refused(&h, "bridge0 static epair0b 02:00:00:00:00:01", "BRDGSADDR epair0b: No space left on device");
    // A smaller cache drops dynamic entries, newest first (bridge_rttrim).
    h.run("bridge0 maxaddr 1").silent_ok();
    addr(&h, "02:00:00:00:00:bb Vlan1 epair0a 7 flags=2<STICKY>\n");
}

#[test]
fn vlan_option_and_messages_on_15() {
    let h = bridge("15.0", serde_json::json!([]));
    h.run("bridge0 static epair0a 02:00:00:00:00:01 vlan 5 static epair0b 02:00:00:00:00:01").silent_ok();
    // VLAN 0 (none given) maps to 1 in the kernel.
    addr(&h, "02:00:00:00:00:01 Vlan1 epair0b 0 flags=1<STATIC>\n02:00:00:00:00:01 Vlan5 epair0a 0 flags=1<STATIC>\n");
    h.run("bridge0 deladdr 02:00:00:00:00:01 vlan 5").silent_ok();
    addr(&h, "02:00:00:00:00:01 Vlan1 epair0b 0 flags=1<STATIC>\n");
    refused(&h, "bridge0 static epair0a", "usage: static <interface> <address> [vlan <id>]");
    refused(&h, "bridge0 static epair0a zz", "invalid address: zz");
    refused(&h, "bridge0 static epair0a 02:00:00:00:00:01 vlan 4095", "invalid vlan id: 4095");
    refused(&h, "bridge0 deladdr", "usage: deladdr <address> [vlan <id>]");
    refused(&h, "bridge0 deladdr 02:00:00:00:00:01 vlan", "usage: deladdr <address> [vlan <id>]");
    refused(&h, "bridge0 static vmx1 02:00:00:00:00:01", "BRDGSADDR: No such file or directory");
    refused(&h, "bridge0 deladdr 02:00:00:00:00:09", "BRDGDADDR: No such file or directory");
    // Before 15 `vlan` is no option of static: it is the vlan keyword.
    let old = bridge("14.1", serde_json::json!([]));
    old.run("bridge0 static epair0a 02:00:00:00:00:01 vlan 5")
        .fails_with("both vlan and vlandev must be specified");
}

#[test]
fn stp_protocol_and_member_settings() {
    let h = bridge("14.1", serde_json::json!([]));
    // Priority in steps of 16; a cost by hand sets IFBIF_BSTP_ADMCOST
    // (0x400, no name in IFBIFBITS); ifmaxaddr shown on 10-14 always.
    h.run("bridge0 ifpriority epair0a 100 ifpathcost epair0b 5 ifmaxaddr epair0a 10 proto STP").silent_ok();
    let r = h.run("bridge0");
    let lines: String = r
        .stdout
        .lines()
        .filter(|l| l.contains("proto") || l.contains("member") || l.starts_with("\t  "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_text(
        &lines,
        "\tmaxage 20 holdcnt 6 proto stp maxaddr 2000 timeout 1200\n\
         \tmember: epair0a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\
         \t        ifmaxaddr 10 port 2 priority 96 path cost 2000\n\
         \tmember: epair0b flags=543<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\
         \t        ifmaxaddr 0 port 3 priority 128 path cost 5\n",
    );
    // Cost 0 goes back to the computed one; STP mode caps a cost at 16 bits.
    h.run("bridge0 ifpathcost epair0b 0 ifpathcost epair0a 100000").silent_ok();
    let r = h.run("bridge0");
    assert!(r.stdout.contains("flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port 3 priority 128 path cost 2000\n"), "{}", r.stdout);
    assert!(r.stdout.contains("port 2 priority 96 path cost 65535\n"), "{}", r.stdout);
    refused(&h, "bridge0 ifpriority epair0a 241", "BRDGSIFPRIO 241: Invalid argument");
    refused(&h, "bridge0 ifpriority epair0a 256", "invalid value: 256");
    refused(&h, "bridge0 ifpathcost epair0a 200000001", "BRDGSIFCOST 200000001: Invalid argument");
    refused(&h, "bridge0 ifpathcost epair0a x", "invalid value: x");
    refused(&h, "bridge0 ifpriority vmx1 16", "BRDGSIFPRIO 16: No such file or directory");
    refused(&h, "bridge0 proto mstp", "unknown stp protocol");
    refused(&h, "igb0 proto rstp", "BRDGSPROTO rstp: Invalid argument");
    h.run("bridge0 proto rstp").silent_ok();
    assert!(h.run("bridge0").stdout.contains("proto rstp maxaddr"));
    refused(&h, "bridge0 ifpriority", "'ifpriority' requires 2 arguments");
}

/// The bridge block and `addr` listing per release, against golden files
/// (tests/golden/bridge-RELEASE.txt; `BRIDGE_WRITE_GOLDEN=1` rewrites
/// them). Lines: ifbridge.c bridge_status / bridge_addresses of 10.4
/// (coder03/freebsd10.4 3d3f8b11), 14.x (fel1x-developer/freebsd-src
/// 2d614aa2) and 15.x (paigeadelethompson/freebsd-src aeba9097); the STP
/// member part (` proto P`, then `role R state S`) in each of them.
#[test]
fn golden_per_release() {
    for release in ["10.0", "14.1", "15.0"] {
        let h = bridge(release, learned());
        for line in [
            "bridge0 static epair0a 02:00:00:00:00:01 ifmaxaddr epair0b 50",
            "bridge0 ifpriority epair0a 32 ifpathcost epair0b 1000 proto stp",
            "bridge0 deladdr 02:00:00:00:00:aa",
            // STP members: the bridge id is the lowest member address; a
            // member up with its link is designated and forwarding.
            "epair0a up",
            "bridge0 stp epair0a stp epair0b",
        ] {
            h.run(line).silent_ok();
        }
        let mut out = h.run("bridge0").stdout;
        out.push_str(&h.run("bridge0 addr").stdout);
        let name = format!("bridge-{release}.txt");
        if std::env::var_os("BRIDGE_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &out).unwrap();
        }
        assert_text(&out, &crate::support::golden(&name));
    }
}

/// The host file's cache entries are checked as the kernel would hold
/// them: on a member, unicast, once per VLAN.
#[test]
fn host_file_cache_entries_are_checked() {
    for (entry, why) in [
        (serde_json::json!({"mac": "02:00:00:00:00:01", "member": "igb0"}), "igb0 is not a member"),
        (serde_json::json!({"mac": "01:00:5e:00:00:01", "member": "epair0a"}), "not a unicast address"),
        (serde_json::json!({"mac": "02:00:00:00:00:01", "member": "epair0a", "flags": 3}), "flags 3"),
    ] {
        let h = bridge("14.1", serde_json::json!([entry]));
        let r = h.run("bridge0");
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains(&format!("interface bridge0: bridge cache entry 0: {why}")), "{r:?}");
    }
    let twice = serde_json::json!([
        {"mac": "02:00:00:00:00:01", "member": "epair0a", "vlan": 1},
        {"mac": "02:00:00:00:00:01", "member": "epair0b", "vlan": 1},
    ]);
    assert!(bridge("14.1", twice).run("bridge0").stderr.contains("bridge cache entry 1: listed twice"));
}
