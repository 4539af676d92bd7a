//! geneve(4) on the virtual host (FreeBSD 16 only): ifgeneve.c's words
//! and lines, if_geneve.c's rules and messages. Each fact is asserted
//! with its source; the whole block per mode is in
//! tests/golden/geneve-16.0.txt.

use crate::support::{assert_text, golden, refused, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

/// What a netlink refusal prints: the kernel's text alone, exit = errno.
#[track_caller]
fn kernel_refuses(h: &TestHost, line: &str, msg: &str, errno: i32) {
    let before = h.bytes();
    let r = h.run(line);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.clone()),
        (errno, "", format!("ifconfig: {msg}\n")),
        "{line}"
    );
    assert!(before == h.bytes(), "{line}: the host file changed");
}

#[test]
fn no_cloner_before_16() {
    // No if_geneve: ifconfig's SIOCIFCREATE2 fails (14+ names the interface).
    for (release, msg) in [
        ("10.0", "SIOCIFCREATE2: Invalid argument"),
        ("13.2", "SIOCIFCREATE2: Invalid argument"),
        ("14.1", "SIOCIFCREATE2 (geneve0): Invalid argument"),
        ("15.0", "SIOCIFCREATE2 (geneve0): Invalid argument"),
    ] {
        let h = host(release);
        refused(&h, "geneve0 create", msg);
        refused(&h, "geneve0 create genevemode l3", msg);
        assert!(!h.run("-C").stdout.contains("geneve"), "{release}");
        // The words are no words there: an address.
        refused(&h, "igb0 geneveid 5", "geneveid: bad value");
    }
    assert!(host("16.0").run("-C").stdout.contains(" geneve "));
}

#[test]
fn create_modes_and_status() {
    let h = host("16.0");
    // The netlink create reads no name back: nothing is printed.
    h.run("geneve create").silent_ok();
    assert_text(
        &h.run("geneve0").stdout,
        "geneve0: flags=1008802<BROADCAST,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1416\n\
         \toptions=a0020<JUMBO_MTU,NV,LINKSTATE>\n\
         \tether 58:9c:fc:00:00:02\n\
         \tgeneve mode: l2\n\
         \tgeneve config:\n\
         \t\tvirtual network identifier (vni): not configured\n\
         \tgroups: geneve\n\
         \tmedia: Ethernet autoselect (autoselect <full-duplex>)\n\
         \tstatus: active\n\
         \tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n",
    );
    // l3: an IFT_TUNNEL without ARP or media; a smaller header, so a
    // larger MTU (ETHERMTU - 70).
    h.run("geneve1 create genevemode l3").silent_ok();
    assert!(h.run("geneve1").stdout.starts_with("geneve1: flags=8080<NOARP,MULTICAST> metric 0 mtu 1430\n"));
    refused(&h, "geneve2 create genevemode ip", "invalid inner protocol: ip");
    // Outside a create genevemode is no word: an address.
    refused(&h, "geneve0 genevemode l3", "genevemode: bad value");
    // A unit in use: the netlink create's NLM_F_EXCL answers EEXIST, which
    // the kernel does not word (errx prints a null text, exit 17).
    kernel_refuses(&h, "geneve0 create", "(null)", 17);
    kernel_refuses(&h, "geneve0 create geneveid 5", "(null)", 17);
    h.run("geneve1 destroy").silent_ok();
    assert!(h.run("geneve1").code != 0);
}

#[test]
fn words_show_in_the_status_lines() {
    let h = host("16.0");
    h.run("geneve0 create").silent_ok();
    h.run("geneve0 geneveid 42 genevelocal 192.0.2.1 genevelocalport 7000 geneveremote 198.51.100.7")
        .silent_ok();
    let out = h.run("geneve0").stdout;
    // The remote line shows the local port (ifgeneve.c prints
    // ifla_local_port there); an IPv4 remote gives ETHERMTU - 64.
    assert!(
        out.starts_with("geneve0: flags=1008802<BROADCAST,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1436\n")
    );
    assert!(out.contains(
        "\tgeneve config:\n\t\tvirtual network identifier (vni): 42\n\
         \t\tlocal: 192.0.2.1:7000\n\t\tremote: 198.51.100.7:7000\n\tgroups: geneve\n"
    ));
    h.run("geneve0 genevettl inherit genevedf set genevedscpinherit -genevelearn genevemaxaddr 10 genevetimeout 60")
        .silent_ok();
    assert!(h.run("-v geneve0").stdout.contains(
        "\t\tportrange: 10000-65535, ttl: inherit, dscp: inherit, df: set\n\
         \t\tftable mode: nolearning, count: 0, max: 10, timeout: 60, nospace: 0\n\
         \t\tstats: tso 0, txcsum 0, rxcsum 0\n"
    ));
    // A group with its device; IPv6 endpoints in brackets.
    h.run("geneve1 create genevegroup ff0e::6081 genevedev igb0 geneveid 9 genevelocal 2001:db8::1")
        .silent_ok();
    assert!(h.run("geneve1").stdout.contains(
        "\t\tvirtual network identifier (vni): 9\n\t\tlocal: [2001:db8::1]:6081\n\
         \t\tgroup: [ff0e::6081]:6081, dev: igb0\n"
    ));
    // Renamed, it is no longer asked: ifgeneve.c checks the name.
    h.run("geneve1 name tun7").silent_ok();
    assert!(!h.run("tun7").stdout.contains("geneve mode"));
}

#[test]
fn ifconfig_refuses_bad_values_before_sending() {
    let h = host("16.0");
    h.run("geneve0 create").silent_ok();
    for (line, msg) in [
        ("geneve0 geneveid 16777216", "invalid network identifier: 16777216"),
        ("geneve0 genevelocal 224.0.0.9", "local address cannot be multicast"),
        ("geneve0 geneveremote 224.0.0.9", "remote address cannot be multicast"),
        ("geneve0 genevegroup 192.0.2.9", "group address must be multicast"),
        ("geneve0 genevelocalport 65535", "invalid local port: 65535"),
        ("geneve0 geneveportrange 2000 1000", "invalid port range"),
        ("geneve0 genevettl 300", "invalid TTL value: 300"),
        ("geneve0 genevedf never", "invalid df value: never"),
        ("geneve0 geneveid 7 genevetimeout x", "invalid timeout value: x"),
    ] {
        refused(&h, line, msg);
    }
}

#[test]
fn the_kernel_refuses_with_its_text_and_errno() {
    let h = host("16.0");
    h.run("geneve0 create").silent_ok();
    // EINVAL (22) with if_geneve.c's messages; the line is undone.
    kernel_refuses(
        &h,
        "geneve0 genevemaxaddr 2001",
        "maximum number of entries in the table can not be more than 2000",
        22,
    );
    kernel_refuses(
        &h,
        "geneve0 genevetimeout 86401",
        "maximum timeout for stale entries in the table can not be more than 86400",
        22,
    );
    kernel_refuses(&h, "geneve0 geneveid 5 genevelocalport 0", "local port is invalid: 0", 22);
    kernel_refuses(&h, "geneve0 geneveportrange 0 10", "port range is invalid: 0-10", 22);
    assert!(h.run("geneve0").stdout.contains("(vni): not configured"));
    // Up runs geneve_init: without a vni the tunnel does not start (no
    // RUNNING), but the softc is running and its configuration busy (16).
    h.run("geneve0 up").silent_ok();
    assert!(h
        .run("geneve0")
        .stdout
        .starts_with("geneve0: flags=1008803<UP,BROADCAST,SIMPLEX,MULTICAST,LOWER_UP> "));
    kernel_refuses(&h, "geneve0 geneveid 5", "geneve interface is busy.", 16);
    h.run("geneve0 genevettl 5 genevelearn").silent_ok();
    h.run("geneve0 down geneveid 5 geneveremote 2001:db8::7 up").silent_ok();
    assert!(h
        .run("geneve0")
        .stdout
        .starts_with("geneve0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> "));
    // External control locks it too.
    h.run("geneve0 down geneveexternal").silent_ok();
    kernel_refuses(&h, "geneve0 genevelocal 192.0.2.1", "geneve interface is busy.", 16);
    // Unprivileged: the netlink request is refused with no text.
    let u = TestHost::seed_with(|v| {
        v["release"] = "16.0".into();
        v["privileged"] = false.into();
    });
    kernel_refuses(&u, "geneve0 create", "(null)", 1);
}

/// Every line of both modes after the same words (the facts behind each
/// line are asserted above, with their sources).
#[test]
fn golden_16() {
    let h = host("16.0");
    for line in [
        "geneve0 create geneveid 100 genevelocal 192.0.2.1 geneveremote 198.51.100.20 genevettl 16",
        "geneve0 inet 10.1.0.1/24 up",
        "geneve1 create genevemode l3 geneveid 200 genevelocal 2001:db8::1 geneveremote 2001:db8::2",
        "geneve1 geneveremoteport 7081 genevedf inherit genevedscpinherit geneveexternal",
        "geneve1 inet6 2001:db8:1::1/64 up",
    ] {
        h.run(line).silent_ok();
    }
    let shown = h.run("geneve0").stdout + &h.run("-v geneve1").stdout;
    assert_text(&shown, &golden("geneve-16.0.txt"));
}
