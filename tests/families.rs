//! The clone families on the virtual host, end to end: lagg options, gif,
//! gre, vxlan and pfsync. Each status line is checked against the text the
//! FreeBSD status function named in the test prints, per release; bad
//! values give FreeBSD's message and exit 1; a refused word later on the
//! line leaves the host file as it was.

use crate::support::{assert_text, refused, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

/// The status lines (tab-indented) of `ifconfig [-v] IF` that start with
/// one of `prefixes` after the tabs, in order.
fn lines(h: &TestHost, args: &str, prefixes: &[&str]) -> String {
    let r = h.run(args);
    assert_eq!(r.code, 0, "{r:?}");
    r.stdout
        .lines()
        .filter(|l| l.starts_with('\t') && prefixes.iter().any(|p| l.trim_start_matches('\t').starts_with(p)))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A word FreeBSD's ifconfig only `warn()`s about: its message on stderr,
/// the rest of the line applied, exit 0.
#[track_caller]
fn warns(h: &TestHost, args: &str, msg: &str) {
    let r = h.run(args);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{args}: {r:?}");
    assert_eq!(r.stderr, format!("ifconfig: {msg}\n"), "{args}");
}

/// Each of `fields` is in the host file's text.
#[track_caller]
fn kept(h: &TestHost, fields: &[&str]) {
    let text = String::from_utf8(h.bytes()).unwrap();
    for field in fields {
        assert!(text.contains(field), "{field} not in the host file");
    }
}

#[test]
fn lagg_options_per_release() {
    for release in ["12.4", "14.1", "15.0"] {
        let h = host(release);
        h.run("lagg0 create").silent_ok();
        h.run("lagg0 laggproto roundrobin laggport igb0 lagghash l3,l4 use_flowid flowid_shift 4 rr_limit 3")
            .silent_ok();
        // iflagg.c lagg_status (freebsd-src 58409938's text): laggproto,
        // lagghash, the -v option and statistics blocks, laggport lines.
        assert_text(
            &lines(&h, "-v lagg0", &["lagg", "flags", "flowid", "rr_limit", "active", "flapping"]),
            "\tlaggproto roundrobin lagghash l3,l4\n\
             \tlagg options:\n\t\tflags=1<USE_FLOWID>\n\t\tflowid_shift: 4\n\t\trr_limit: 3\n\
             \tlagg statistics:\n\t\tactive ports: 1\n\t\tflapping: 0\n\
             \tlaggport: igb0 flags=5<MASTER,ACTIVE>\n",
        );
        // Without -v only the protocol and port lines.
        assert_text(
            &lines(&h, "lagg0", &["lagg"]),
            "\tlaggproto roundrobin lagghash l3,l4\n\tlaggport: igb0 flags=5<MASTER,ACTIVE>\n",
        );
    }
    // 10.x has no SIOCGLAGGOPTS: -v shows no options block.
    let h = host("10.0");
    h.run("lagg0 create").silent_ok();
    assert_text(&lines(&h, "-v lagg0", &["lagg"]), "\tlaggproto failover lagghash l2,l3,l4\n");
    // Words by release (iflagg.c: 10.4 coder03 3d3f8b11, releng/12.0
    // sunrash/freebsd_steroid 22ff17ba, 14.x fel1x 2d614aa2): rr_limit from
    // 11 (ro_bkt's release), use_numa and laggtype from 13 (14.x has them,
    // 12.0 not).
    let h = host("10.4");
    h.run("lagg0 create").silent_ok();
    h.run("lagg0 rr_limit 3").fails_with("rr_limit: bad value");
    let h = host("11.4");
    h.run("lagg0 create laggproto roundrobin rr_limit 3").silent_ok();
    assert!(h.run("-v lagg0").stdout.contains("\t\trr_limit: 3\n"));
    let h = host("12.4");
    h.run("lagg0 create").silent_ok();
    h.run("lagg0 use_numa").fails_with("use_numa: bad value");
    h.run("lagg1 create laggtype ethernet").fails_with("laggtype: bad value");
    let h = host("13.0");
    h.run("lagg0 create").silent_ok();
    h.run("lagg0 use_numa").silent_ok();
}

#[test]
fn rr_limit_before_13() {
    // 11-12 (releng/12.0's iflagg.c and if_lagg.c): ifconfig sends the
    // stride with no option bit and does not refuse 0; the kernel sets a
    // round-robin lagg's stride from every SIOCSLAGGOPTS (0 meaning 1),
    // and takes the request on any other protocol, changing nothing.
    for release in ["11.4", "12.4"] {
        let h = host(release);
        h.run("lagg0 create laggproto roundrobin rr_limit 0").silent_ok();
        assert!(h.run("-v lagg0").stdout.contains("\t\trr_limit: 1\n"), "{release}");
        h.run("lagg0 rr_limit 5").silent_ok();
        assert!(h.run("-v lagg0").stdout.contains("\t\trr_limit: 5\n"), "{release}");
        h.run("lagg0 use_flowid").silent_ok();
        assert!(h.run("-v lagg0").stdout.contains("\t\trr_limit: 1\n"), "{release}: reset by SIOCSLAGGOPTS");
        h.run("lagg1 create laggproto failover rr_limit 4").silent_ok();
        assert!(!h.run("-v lagg1").stdout.contains("rr_limit"), "{release}: printed for roundrobin only");
        // setlaggrr_limit names its failure SIOCSLAGG.
        refused(&h, "igb0 rr_limit 2", "SIOCSLAGG: Inappropriate ioctl for device");
    }
    let h = host("13.0");
    h.run("lagg0 create laggproto roundrobin rr_limit 5 use_flowid").silent_ok();
    assert!(h.run("-v lagg0").stdout.contains("\t\trr_limit: 5\n"));
    refused(&h, "lagg0 rr_limit 0", "Invalid round-robin stride: 0");
}

#[test]
fn laggtype_is_a_create_parameter() {
    // setlaggtype (iflagg.c, 14.x): LAGG_TYPES' words, else "invalid lagg
    // type"; an infiniband lagg takes no Ethernet port (EPROTONOSUPPORT,
    // warned about as any laggport failure); the type is in the host file.
    let h = host("14.1");
    refused(&h, "lagg1 create laggtype token", "invalid lagg type: token");
    h.run("lagg0 create laggtype infiniband").silent_ok();
    kept(&h, &["\"lagg_type\": \"infiniband\""]);
    let r = h.run("lagg0 laggport igb0");
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "ifconfig: lagg0 igb0: SIOCSLAGGPORT: Protocol not supported\n")
    );
    h.run("lagg2 create laggtype ethernet laggport igb0").silent_ok();
    assert_text(&lines(&h, "lagg2", &["laggport"]), "\tlaggport: igb0 flags=5<MASTER,ACTIVE>\n");
}

#[test]
fn lagg_kernel_rules_and_messages() {
    let h = host("14.1");
    h.run("lagg0 create").silent_ok();
    // if_lagg.c: the LACP options only on an lacp lagg.
    refused(&h, "lagg0 lacp_strict", "SIOCSLAGGOPTS: Invalid argument");
    h.run("lagg0 laggproto lacp lacp_strict lacp_fast_timeout").silent_ok();
    assert!(h.run("-v lagg0").stdout.contains("\t\tflags=90<LACP_STRICT,LACP_FAST_TIMO>\n"));
    // Leaving lacp drops its options.
    h.run("lagg0 laggproto failover").silent_ok();
    assert!(h.run("-v lagg0").stdout.contains("\t\tflags=0<>\n"));
    refused(&h, "lagg0 rr_limit 2", "SIOCSLAGGOPTS: Invalid argument");
    // iflagg.c's own checks.
    refused(&h, "lagg0 lagghash l2,l5", "Invalid lagghash option: l5");
    refused(&h, "lagg0 lagghash ''", "Invalid lagghash option: ''");
    refused(&h, "lagg0 flowid_shift 32", "Invalid flowid_shift option: 32");
    refused(&h, "lagg0 rr_limit 0", "Invalid round-robin stride: 0");
    refused(&h, "lagg0 rr_limit x", "Invalid round-robin stride: x");
    refused(&h, "lagg0 laggproto fast", "Invalid aggregation protocol: fast");
    refused(&h, "lagg0 lagghash", "'lagghash' requires argument");
    // Not a lagg.
    refused(&h, "igb0 lagghash l2", "SIOCSLAGGHASH: Inappropriate ioctl for device");
    // All or nothing: the hash and flowid change before the refused word
    // are undone.
    refused(&h, "lagg0 lagghash l2 use_flowid lacp_rxtest", "SIOCSLAGGOPTS: Invalid argument");
    assert!(h.run("lagg0").stdout.contains("\tlaggproto failover lagghash l2,l3,l4\n"));
}

#[test]
fn gif_options_per_release() {
    // ifgif.c gif_status: `options=` with the release's GIFBITS.
    let h = host("14.1");
    h.run("gif0 create").silent_ok();
    h.run("gif0 noclamp ignore_source tunnel 192.0.2.1 198.51.100.1").silent_ok();
    assert_text(
        &lines(&h, "gif0", &["options", "tunnel"]),
        "\toptions=80000<LINKSTATE>\n\ttunnel inet 192.0.2.1 --> 198.51.100.1\n\toptions=3<NOCLAMP,IGNORE_SOURCE>\n",
    );
    h.run("gif0 -noclamp").silent_ok();
    assert!(h.run("gif0").stdout.contains("\toptions=2<IGNORE_SOURCE>\n"));
    // 14 has no reversed-EtherIP words: they read as an address.
    refused(&h, "gif0 accept_rev_ethip_ver", "accept_rev_ethip_ver: bad value");
    // ifgif.c setgifopts: a failed GIFGOPTS is a warning, not an error.
    let before = h.bytes();
    warns(&h, "igb0 noclamp", "ioctl(GIFGOPTS): Inappropriate ioctl for device");
    assert!(before == h.bytes(), "igb0 noclamp changed the host file");
    // if_gif.c: two gifs cannot share their outer addresses.
    h.run("gif1 create").silent_ok();
    refused(&h, "gif1 tunnel 192.0.2.1 198.51.100.1", "SIOCSIFPHYADDR: Can't assign requested address");
    refused(&h, "gif1 tunnel 192.0.2.1 2001:db8::1", "source and destination address families do not match");
    // 10.x: ACCEPT_REV_ETHIP_VER and SEND_REV_ETHIP_VER, no noclamp.
    let h = host("10.0");
    h.run("gif0 create").silent_ok();
    h.run("gif0 accept_rev_ethip_ver send_rev_ethip_ver").silent_ok();
    assert!(h.run("gif0").stdout.contains("\toptions=11<ACCEPT_REV_ETHIP_VER,SEND_REV_ETHIP_VER>\n"));
    refused(&h, "gif0 noclamp", "noclamp: bad value");
    // releng/12.0's ifgif.c (sunrash/freebsd_steroid 22ff17ba, r326276):
    // ignore_source alone; neither the reversed-EtherIP words nor noclamp.
    let h = host("12.4");
    h.run("gif0 create").silent_ok();
    h.run("gif0 ignore_source").silent_ok();
    assert!(h.run("gif0").stdout.contains("\toptions=2<IGNORE_SOURCE>\n"));
    refused(&h, "gif0 noclamp", "noclamp: bad value");
    refused(&h, "gif0 send_rev_ethip_ver", "send_rev_ethip_ver: bad value");
}

#[test]
fn gre_key_options_port() {
    // ifgre.c gre_status (freebsd-src fdaf572e): grekey, then with options
    // udpport (when not 0) and options=.
    let h = host("14.1");
    h.run("gre0 create").silent_ok();
    h.run("gre0 grekey 0x2a").silent_ok();
    assert_text(
        &lines(&h, "gre0", &["grekey", "udpport", "options=7", "options=1<"]),
        "\tgrekey: 0x2a (42)\n",
    );
    // Options without a port: no udpport line (the port is 0 until set).
    h.run("gre0 enable_seq").silent_ok();
    assert_text(
        &lines(&h, "gre0", &["grekey", "udpport", "options=2"]),
        "\tgrekey: 0x2a (42)\n\toptions=2<ENABLE_SEQ>\n",
    );
    h.run("gre0 -enable_seq").silent_ok();
    h.run("gre0 enable_csum udpencap udpport 50000").silent_ok();
    assert_text(
        &lines(&h, "gre0", &["grekey", "udpport", "options=5"]),
        "\tgrekey: 0x2a (42)\n\tudpport: 50000\n\toptions=5<ENABLE_CSUM,UDPENCAP>\n",
    );
    // ifgre.c setifgreport/setifgreopts only warn(): exit 0, nothing
    // changed by the refused word, the rest of the line applied.
    let before = h.bytes();
    warns(&h, "gre0 udpport 70000", "ioctl (set udpport): Invalid argument");
    warns(&h, "igb0 enable_seq", "ioctl(GREGOPTS): Inappropriate ioctl for device");
    assert!(before == h.bytes(), "a warned-about word changed the host file");
    warns(&h, "gre0 grekey 7 -udpencap udpport 1000", "ioctl (set udpport): Invalid argument");
    let after = h.run("gre0").stdout;
    assert!(after.contains("\tgrekey: 0x7 (7)\n\tudpport: 50000\n\toptions=1<ENABLE_CSUM>\n"), "{after}");
}

#[test]
fn vxlan_create_status_and_rules() {
    for release in ["10.0", "14.1"] {
        let h = host(release);
        h.run("vxlan0 create vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2").silent_ok();
        // ifvxlan.c vxlan_status (freebsd-src 6d13bb0e).
        assert_text(
            &lines(&h, "vxlan0", &["vxlan"]),
            "\tvxlan vni 42 local 192.0.2.1:4789 remote 192.0.2.2:4789\n",
        );
        assert_text(
            &lines(&h, "-v vxlan0", &["vxlan", "config", "ftable"]),
            "\tvxlan vni 42 local 192.0.2.1:4789 remote 192.0.2.2:4789\n\
             \t\tconfig: learning portrange 10000-65535 ttl 64\n\
             \t\tftable: cnt 0 max 2000 timeout 1200\n",
        );
    }
    let h = host("14.1");
    // No vni, no line.
    h.run("vxlan1 create").silent_ok();
    h.run("vxlan0 create vni 1").silent_ok();
    assert_eq!(lines(&h, "vxlan1", &["vxlan "]), "");
    h.run("vxlan1 vni 7 vxlanlocal 2001:db8::1 vxlangroup ff0e::1:2 vxlanremoteport 8472 -vxlanlearn vxlanttl 9")
        .silent_ok();
    assert_text(
        &lines(&h, "-v vxlan1", &["vxlan", "config"]),
        "\tvxlan vni 7 local [2001:db8::1]:4789 group [ff0e::1:2]:8472\n\
         \t\tconfig: nolearning portrange 10000-65535 ttl 9\n",
    );
    // if_vxlan.c: a running vxlan keeps its configuration.
    h.run("vxlan1 up").silent_ok();
    refused(&h, "vxlan1 vxlanid 8", "VXLAN_CMD_SET_VNI: Device busy");
    h.run("vxlan1 vxlanflushall").silent_ok();
    // ifvxlan.c's own checks.
    refused(&h, "vxlan0 vxlanid 16777216", "invalid network identifier: 16777216");
    refused(&h, "vxlan0 vxlanlocal 224.0.0.1", "local address cannot be multicast");
    refused(&h, "vxlan0 vxlangroup 192.0.2.7", "group address must be multicast");
    refused(&h, "vxlan0 vxlanremoteport 65535", "invalid remote port: 65535");
    refused(&h, "vxlan0 vxlanportrange 2000 1000", "invalid port range");
    refused(&h, "vxlan0 vxlanportrange 2000", "'vxlanportrange' requires 2 arguments");
    refused(&h, "vxlan0 vxlanttl 257", "invalid TTL value: 257");
    refused(
        &h,
        "vxlan9 create vxlanlocal 192.0.2.1 vxlanremote 2001:db8::2",
        "cannot mix IPv4 and IPv6 addresses",
    );
    refused(
        &h,
        "vxlan9 create vxlanlocal 192.0.2.1 vxlanlocal 2001:db8::2",
        "cannot specify both local IPv4 and IPv6 addresses",
    );
    // All or nothing: the ttl set before the refused word is put back.
    refused(&h, "vxlan0 vxlanttl 3 vxlanremote 224.0.0.9", "remote address cannot be multicast");
    refused(&h, "vxlan0 vxlanttl 3 vxlanportrange 5 4", "invalid port range");
    assert!(h.run("-v vxlan0").stdout.contains(" ttl 64\n"));
    // On another interface ifconfig only records the parameter: nothing happens.
    h.run("igb0 vxlanid 5").silent_ok();
}

#[test]
fn pfsync_per_release() {
    // ifpfsync.c pfsync_status, 14 (nvlist, freebsd-src 35167811's text):
    // always a line, `version:`, and `syncok:`.
    let h = host("14.1");
    h.run("pfsync0 create").silent_ok();
    assert_text(
        &lines(&h, "pfsync0", &["maxupd", "sync"]),
        "\tmaxupd: 128 defer: off version: 1400\n\tsyncok: 1\n",
    );
    h.run("pfsync0 syncdev igb0 syncpeer 2001:db8::9 maxupd 64 defer").silent_ok();
    assert_text(
        &lines(&h, "pfsync0", &["maxupd", "sync"]),
        "\tsyncdev: igb0 syncpeer: 2001:db8::9 maxupd: 64 defer: on version: 1400\n\tsyncok: 1\n",
    );
    h.run("pfsync0 -syncpeer -defer version 1301").silent_ok();
    assert!(h.run("pfsync0").stdout.contains("\tsyncdev: igb0 maxupd: 64 defer: off version: 1301\n"));
    refused(&h, "pfsync0 maxupd 256", "maxupd 256: out of range");
    refused(&h, "pfsync0 version 1200", "SIOCSETPFSYNCNV: Invalid argument");
    refused(&h, "pfsync0 syncdev nosuch0", "SIOCSETPFSYNCNV: Invalid argument");
    refused(&h, "pfsync0 syncdev abcdefghijklmnopq", "interface name abcdefghijklmnopq is too long");
    refused(&h, "igb0 defer", "SIOCGETPFSYNCNV: Inappropriate ioctl for device");
    // All or nothing.
    refused(&h, "pfsync0 maxupd 9 syncdev nosuch0", "SIOCSETPFSYNCNV: Invalid argument");
    assert!(h.run("pfsync0").stdout.contains("maxupd: 64 "));

    // 10-13 (ifpfsync.c of 10.4 and 12.0): the peer is compared with the
    // group in host order, so on amd64 the line is always there and shows
    // the group; `maxupd` is checked by ifconfig itself.
    let h = host("13.0");
    h.run("pfsync0 create").silent_ok();
    assert_text(
        &lines(&h, "pfsync0", &["pfsync:", "syncpeer", "maxupd"]),
        "\tsyncpeer: 224.0.0.240 maxupd: 128 defer: off\n",
    );
    h.run("pfsync0 syncdev igb0 syncpeer 192.0.2.9").silent_ok();
    assert_text(
        &lines(&h, "pfsync0", &["pfsync:", "maxupd"]),
        "\tpfsync: syncdev: igb0 syncpeer: 192.0.2.9 maxupd: 128 defer: off\n",
    );
    h.run("pfsync0 -syncpeer").silent_ok();
    assert!(h.run("pfsync0").stdout.contains("\tpfsync: syncdev: igb0 syncpeer: 224.0.0.240 maxupd: 128 "));
    refused(&h, "pfsync0 maxupd 300", "maxupd 300: out of range");
    refused(&h, "pfsync0 maxupd -1", "maxupd -1: out of range");
    refused(&h, "pfsync0 version 1400", "version: bad value");
    refused(
        &h,
        "pfsync0 syncpeer 2001:db8::9",
        "error in parsing address string: hostname nor servname provided, or not known",
    );
    refused(&h, "igb0 maxupd 3", "SIOCGETPFSYNC: Inappropriate ioctl for device");

    // 14's kernel (if_pfsync.c pfsync_kstatus_to_softc): `-syncpeer`
    // sends `af` 0, read as no peer, applied only with a sync device; the
    // group asked for is the group; 1500 is 15's version.
    let h = host("14.1");
    h.run("pfsync0 create").silent_ok();
    h.run("pfsync0 syncpeer 192.0.2.9").silent_ok();
    h.run("pfsync0 -syncpeer").silent_ok();
    assert!(h.run("pfsync0").stdout.contains("\tsyncpeer: 192.0.2.9 maxupd: 128 "));
    h.run("pfsync0 syncdev igb0 -syncpeer").silent_ok();
    assert!(h.run("pfsync0").stdout.contains("\tsyncdev: igb0 maxupd: 128 "));
    h.run("pfsync0 syncpeer 224.0.0.240").silent_ok();
    assert!(h.run("pfsync0").stdout.contains("\tsyncdev: igb0 maxupd: 128 "));
    refused(&h, "pfsync0 version 1500", "SIOCSETPFSYNCNV: Invalid argument");
    let h = host("15.0");
    h.run("pfsync0 create").silent_ok();
    h.run("pfsync0 version 1500").silent_ok();
    assert!(h.run("pfsync0").stdout.contains(" version: 1500\n"));
}

#[test]
fn families_survive_the_host_file() {
    // Everything set is kept in the host file and read back.
    let h = host("14.1");
    h.run("vxlan0 create vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2 vxlandev igb0").silent_ok();
    h.run("gre0 create").silent_ok();
    h.run("gre0 grekey 5 enable_seq").silent_ok();
    h.run("pfsync0 create").silent_ok();
    h.run("pfsync0 syncdev igb0 defer").silent_ok();
    kept(
        &h,
        &[
            "\"vxlan\"",
            "\"vni\": 42",
            "\"dev\": \"igb0\"",
            "\"gre\"",
            "\"key\": 5",
            "\"pfsync\"",
            "\"defer\": true",
        ],
    );
    h.run("vxlan0 destroy").silent_ok();
    assert_eq!(h.run("vxlan0").code, 1);
}

#[test]
fn laggport_failures_per_release() {
    // setlaggport of releng/12.0 (sunrash/freebsd_steroid 22ff17ba) and
    // 14.x (fel1x 2d614aa2): a port already in this lagg is no error; any
    // other failure is warnx("LAGG PORT: SIOCSLAGGPORT: ...") and
    // exit_code = 1: the rest of the line is done and kept.
    for release in ["12.4", "14.1"] {
        let h = host(release);
        h.run("lagg0 create").silent_ok();
        h.run("lagg1 create").silent_ok();
        h.run("tap0 create").silent_ok();
        h.run("lagg0 laggport igb0").silent_ok();
        h.run("lagg0 laggport igb0").silent_ok();
        let r = h.run("lagg1 laggport igb0 laggport nosuch0 laggport tap0 up");
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (
                1,
                "",
                "ifconfig: lagg1 igb0: SIOCSLAGGPORT: Device busy\n\
                 ifconfig: lagg1 nosuch0: SIOCSLAGGPORT: Invalid argument\n"
            ),
            "{release}"
        );
        assert_text(&lines(&h, "lagg1", &["laggport"]), "\tlaggport: tap0 flags=5<MASTER,ACTIVE>\n");
        assert!(h.run("lagg1").stdout.starts_with("lagg1: flags=8843<UP,"), "{release}: `up` was done");
    }
    // 10.4's: err(1, "SIOCSLAGGPORT") but for EEXIST (coder03/freebsd10.4
    // 3d3f8b11): the command fails, nothing changed.
    let h = host("10.0");
    h.run("lagg0 create").silent_ok();
    h.run("lagg1 create").silent_ok();
    h.run("lagg0 laggport igb0").silent_ok();
    h.run("lagg0 laggport igb0").silent_ok();
    h.run("tap0 create").silent_ok();
    refused(&h, "lagg1 laggport tap0 laggport igb0", "SIOCSLAGGPORT: Device busy");
}

#[test]
fn bridge_vlan_filtering_on_15() {
    // ifbridge.c's bridge_status as of 15.x (the 15.x-era copies read in
    // keywords.txt): `bridge flags=` with IFBRFBITS and ` defuntagged=N`,
    // then per member ` vlan protocol P`, ` untagged N`, print_vlans'
    // ` tagged A,B-C`; IFBIFBITS ends in QINQ (net/if_bridgevar.h of 15).
    let h = host("15.0");
    assert_eq!(h.run("epair create").stdout, "epair0a\n");
    h.run("bridge0 create").silent_ok();
    h.run("bridge0 addm epair0a").silent_ok();
    // Untagged and tagged VLANs need VLAN filtering (EINVAL): the line
    // fails at BRDGSIFPVID, named as setbridge_add names it, nothing kept.
    refused(&h, "bridge0 addm epair0b untagged 5", "BRDGSIFPVID epair0b 5: Invalid argument");
    refused(&h, "bridge0 ifuntagged epair0a 5", "BRDGSIFPVID 5: Invalid argument");
    refused(&h, "bridge0 iftagged epair0a 10", "BRDGSIFVLANSET 10: Invalid argument");
    h.run("bridge0 vlanfilter defuntagged 7").silent_ok();
    h.run("bridge0 addm epair0b tagged 10-12,20").silent_ok();
    h.run("bridge0 ifuntagged epair0a 5 +iftagged epair0a 30 ifvlanproto epair0a 802.1ad qinq epair0a")
        .silent_ok();
    h.run("bridge0 -iftagged epair0b 11").silent_ok();
    // Not a member: ENOENT.
    refused(&h, "bridge0 ifuntagged vmx1 5", "BRDGSIFPVID 5: No such file or directory");
    refused(&h, "bridge0 ifvlanproto vmx1 802.1q", "BRDGSIFVLANPROTO: No such file or directory");
    // Value checks before any request.
    refused(&h, "bridge0 ifuntagged epair0a 4095", "invalid VLAN identifier: 4095");
    refused(&h, "bridge0 iftagged epair0a 1,x", "invalid vlan set: 1,x");
    refused(&h, "bridge0 defuntagged none", "invalid vlan id: none");
    refused(&h, "bridge0 addm epair0b tagged", "usage: tagged <vlan set>");
    assert_text(
        &lines(&h, "bridge0", &["bridge flags", "member", "  "]),
        "\tbridge flags=1<VLANFILTER> defuntagged=7\n\
         \tmember: epair0a flags=1143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP,QINQ>\n\
         \t        port 2 priority 128 path cost 2000 vlan protocol 802.1ad untagged 5 tagged 30\n\
         \tmember: epair0b flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\
         \t        port 3 priority 128 path cost 2000 vlan protocol 802.1q untagged 7 tagged 10,12,20\n",
    );
    // The state is kept in the host file.
    kept(
        &h,
        &[
            "\"flags\": 1",
            "\"defuntagged\": 7",
            "\"untagged\": 5",
            "\"tagged\": \"10,12,20\"",
            "\"vlanproto\": 34984",
        ],
    );
    h.run("bridge0 -ifuntagged epair0a -qinq epair0a -vlanfilter -defuntagged").silent_ok();
    refused(&h, "bridge0 ifuntagged epair0a 5", "BRDGSIFPVID 5: Invalid argument");
    assert_text(&lines(&h, "bridge0", &["bridge flags"]), "\tbridge flags=0<>\n");
    // Before 15 the words do not exist and addm takes one word.
    let h = host("14.1");
    h.run("bridge0 create").silent_ok();
    h.run("bridge0 vlanfilter").fails_with("vlanfilter: bad value");
}

/// iflagg.c's `-v` lines of an lacp lagg with no partner on the wire (the
/// virtual host's), as ieee8023ad_lacp.c leaves it: strict by default
/// (`flags=10<LACP_STRICT>`); no active aggregator, so the lag id is zero;
/// an up full-duplex port aggregates (key: 1000baseT's group IFM_1000_SX
/// 0xB with the lagg's index 2 in bits 5..14 = 0x004B) and, the lagg
/// running, settles DEFAULTED with the administrative partner; a port
/// that cannot aggregate (tap0: no full-duplex media) keys by its index
/// with bit 15 (0x8003). A lagg that is down runs no LACP timer: its
/// aggregating port stays EXPIRED, the partner zero but TIMEOUT.
#[test]
fn lacp_verbose_lines() {
    let h = host("14.1");
    h.run("lagg0 create").silent_ok();
    h.run("tap0 create").silent_ok();
    h.run("lagg0 laggproto lacp laggport igb0 laggport tap0 up").silent_ok();
    let want = "\tlaggproto lacp lagghash l2,l3,l4\n\
        \tlagg options:\n\
        \t\tflags=10<LACP_STRICT>\n\
        \t\tflowid_shift: 16\n\
        \tlagg statistics:\n\
        \t\tactive ports: 0\n\
        \t\tflapping: 0\n\
        \tlag id: [(0000,00-00-00-00-00-00,0000,0000,0000),\n\
        \t\t (0000,00-00-00-00-00-00,0000,0000,0000)]\n\
        \tlaggport: igb0 flags=0<> state=45<ACTIVITY,AGGREGATION,DEFAULTED>\n\
        \t\t[(8000,00-25-90-03-0E-FA,004B,8000,0001),\n\
        \t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]\n\
        \tlaggport: tap0 flags=0<> state=41<ACTIVITY,DEFAULTED>\n\
        \t\t[(8000,00-25-90-03-0E-FA,8003,8000,0003),\n\
        \t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]\n";
    let out = h.run("-v lagg0").stdout;
    let from = out.find("\tlaggproto").unwrap();
    let to = out.find("\tgroups:").unwrap();
    assert_text(&out[from..to], want);
    // Without -v: the port lines alone, no state.
    assert!(h.run("lagg0").stdout.contains("\tlaggport: igb0 flags=0<>\n\tlaggport: tap0 flags=0<>\n"));
    h.run("lagg0 down").silent_ok();
    let out = h.run("-v lagg0").stdout;
    assert!(out.contains(
        "\tlaggport: igb0 flags=0<> state=85<ACTIVITY,AGGREGATION,EXPIRED>\n\
         \t\t[(8000,00-25-90-03-0E-FA,004B,8000,0001),\n\
         \t\t (0000,00-00-00-00-00-00,0000,0000,0000)]\n"
    ));
    // lacp_fast_timeout: TIMEOUT on the ports; leaving lacp, no lines.
    h.run("lagg0 up lacp_fast_timeout").silent_ok();
    assert!(h.run("-v lagg0").stdout.contains("state=47<ACTIVITY,TIMEOUT,AGGREGATION,DEFAULTED>\n"));
    h.run("lagg0 laggproto failover").silent_ok();
    let out = h.run("-v lagg0").stdout;
    assert!(!out.contains("lag id") && !out.contains("state="), "{out}");
}
