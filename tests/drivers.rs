//! Tunnel drivers with few or no ifconfig words, on the virtual host:
//! wg(4) (created by ifconfig, configured by wg(8)), ipsec(4) (`reqid`)
//! and stf(4) (`stfv4net`, `stfv4br`).
//! Status lines are checked against the kernel's create function named in
//! each test; ifwg.c's words, which no release has, fail as any unknown
//! word does, and a key typed after them never reaches any output.

use crate::support::{assert_text, golden, refused, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

/// A private key as wg(8) prints one (32 random bytes in base64).
const KEY: &str = "gN65BkIKy1eCE9pP1wdc8ROUtkHLF2PfAqYdo2zXe1E=";

#[test]
fn wg_create_status_and_destroy() {
    // if_wg.c wg_clone_create (14.x): NOARP|MULTICAST, mtu 1420,
    // LINKSTATE, groups wg, nd6 PERFORMNUD|NO_DAD (no AUTO_LINKLOCAL).
    let h = host("14.1");
    h.run("wg0 create").silent_ok();
    assert_text(
        &h.run("wg0").stdout,
        "wg0: flags=8080<NOARP,MULTICAST> metric 0 mtu 1420\n\
         \toptions=80000<LINKSTATE>\n\
         \tgroups: wg\n\
         \tnd6 options=101<PERFORMNUD,NO_DAD>\n",
    );
    // wg_up marks it running and its link up (LOWER_UP on 14+).
    h.run("wg0 inet 192.0.2.1/24 mtu 1400 up").silent_ok();
    assert_text(
        &h.run("wg0").stdout,
        "wg0: flags=10080c1<UP,RUNNING,NOARP,MULTICAST,LOWER_UP> metric 0 mtu 1400\n\
         \toptions=80000<LINKSTATE>\n\
         \tinet 192.0.2.1 netmask 0xffffff00\n\
         \tgroups: wg\n\
         \tnd6 options=101<PERFORMNUD,NO_DAD>\n",
    );
    // wg_down takes RUNNING (and the link) away.
    h.run("wg0 down").silent_ok();
    assert!(h.run("wg0").stdout.starts_with("wg0: flags=8080<NOARP,MULTICAST> "));
    // SIOCSIFMTU: 1 to IF_MAXMTU - 80.
    let before = h.bytes();
    h.run("wg0 mtu 65456").fails_with("ioctl SIOCSIFMTU (set mtu): Invalid argument");
    assert!(before == h.bytes());
    h.run("wg0 mtu 65455").silent_ok();
    h.run("wg0 create").fails_with("interface wg0 already exists");
    assert!(h.run("-C").stdout.contains(" vxlan wg\n"));
    h.run("wg0 destroy").silent_ok();
    h.run("wg0").fails_with("interface wg0 does not exist");
    // A wildcard create takes the first free unit.
    let r = h.run("wg create");
    assert_eq!((r.code, r.stdout.as_str()), (0, "wg0\n"), "{r:?}");
}

#[test]
fn wg_exists_from_13_2() {
    // 13.1 and older have no wg cloner: SIOCIFCREATE2 fails, -C omits it.
    for release in ["10.0", "12.4", "13.1"] {
        let h = host(release);
        let before = h.bytes();
        h.run("wg0 create").fails_with("SIOCIFCREATE2: Invalid argument");
        assert!(before == h.bytes(), "{release}");
        assert!(!h.run("-C").stdout.contains("wg"), "{release}");
    }
    // 13.x prints no LOWER_UP (ioctl ifconfig).
    let h = host("13.2");
    h.run("wg0 create").silent_ok();
    h.run("wg0 up").silent_ok();
    assert!(h
        .run("wg0")
        .stdout
        .starts_with("wg0: flags=80c1<UP,RUNNING,NOARP,MULTICAST> metric 0 mtu 1420\n"));
}

/// ifwg.c's words are in no release: each release's ifconfig takes them
/// as an address, so they fail with `WORD: bad value`, exit 1, nothing
/// changed, whatever the options; the key after them is never echoed.
#[test]
fn wg_words_fail_everywhere_and_never_show_a_key() {
    for release in ["13.2", "14.1", "15.0", "16.0"] {
        let h = host(release);
        h.run("wg0 create").silent_ok();
        let lines = [
            ("wg0 private-key KEY", "private-key: bad value"),
            ("-k wg0 private-key KEY", "private-key: bad value"),
            ("--dry-run wg0 private-key KEY", "private-key: bad value"),
            ("wg0 listen-port 51820 private-key KEY", "listen-port: bad value"),
            ("wg0 inet 192.0.2.1/24 private-key KEY", "private-key: bad value"),
            ("wg0 inet6 private-key KEY", "private-key: bad value"),
            ("wg1 create private-key KEY", "private-key: bad value"),
            (
                "wg0 public-key KEY allowed-ips 198.51.100.0/24 endpoint 203.0.113.1:51820",
                "public-key: bad value",
            ),
            ("wg0 peer-list", "peer-list: bad value"),
            // Another word takes `private-key` as its argument, so the key
            // reaches the address parser; FreeBSD would echo it.
            ("wg0 description private-key KEY", "(key not shown): bad value"),
            ("wg0 preshared-key KEY", "preshared-key: bad value"),
            ("wg0 description preshared-key KEY", "(key not shown): bad value"),
        ];
        for (line, msg) in lines {
            let before = h.bytes();
            let r = h.run(&line.replace("KEY", KEY));
            r.fails_with(msg);
            assert!(!r.stdout.contains(KEY) && !r.stderr.contains(KEY), "{release} {line}: {r:?}");
            assert!(before == h.bytes(), "{release} {line}: the host file changed");
        }
        // Nor in the listing, whatever the options.
        for args in ["-a", "-k -a", "-v -a", "--json wg0", "--json -a"] {
            let r = h.run(args);
            assert_eq!(r.code, 0, "{args}: {r:?}");
            assert!(!r.stdout.contains(KEY) && !r.stderr.contains(KEY), "{release} {args}");
        }
    }
    // Before 14 `peer` is no word either; from 14 it is carp's and takes
    // `private-key` as its address, so the key is the next operand.
    let h = host("15.0");
    h.run("wg0 create").silent_ok();
    h.run(&format!("wg0 peer private-key {KEY}")).fails_with("(key not shown): bad value");
    h.run(&format!("igb0 peer private-key {KEY}")).fails_with("(key not shown): bad value");
}

#[test]
fn ipsec_reqid_and_status() {
    // if_ipsec.c ipsec_clone_create: POINTOPOINT|MULTICAST, IPSEC_MTU
    // 1400, reqid 0; ifipsec.c ipsec_status prints `reqid:` after groups
    // (ifipsec.c follows ifgif.c in the Makefile; 12+ print in reverse).
    let h = host("14.1");
    h.run("ipsec0 create").silent_ok();
    assert_text(
        &h.run("ipsec0").stdout,
        "ipsec0: flags=8010<POINTOPOINT,MULTICAST> metric 0 mtu 1400\n\
         \toptions=0\n\
         \tgroups: ipsec\n\
         \treqid: 0\n\
         \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n",
    );
    // A tunnel makes key_newreqid choose one (the first is 16385) and, its
    // source being igb0's address, the interface runs.
    h.run("ipsec0 tunnel 10.0.0.118 203.0.113.1 up").silent_ok();
    let out = h.run("ipsec0").stdout;
    assert!(out.starts_with("ipsec0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> "), "{out}");
    assert!(
        out.contains("\ttunnel inet 10.0.0.118 --> 203.0.113.1\n\tgroups: ipsec\n\treqid: 16385\n"),
        "{out}"
    );
    h.run("ipsec0 reqid 0x64").silent_ok();
    assert!(h.run("ipsec0").stdout.contains("\treqid: 100\n"));
    // ipsec_check_reqid: EEXIST for another interface's id. ifipsec.c only
    // warn()s, so the rest of the line goes on and the exit status is 0.
    h.run("ipsec1 create").silent_ok();
    let r = h.run("ipsec1 reqid 100 mtu 1300");
    assert_eq!((r.code, r.stderr.as_str()), (0, "ifconfig: ioctl(IPSECSREQID): File exists\n"), "{r:?}");
    let out = h.run("ipsec1").stdout;
    assert!(out.contains(" mtu 1300\n") && out.contains("\treqid: 0\n"), "{out}");
    // A value strtoul does not take wholly: warn(3) with errno, skipped.
    let r = h.run("ipsec1 reqid abc");
    assert_eq!((r.code, r.stderr.as_str()), (0, "ifconfig: Invalid reqid value abc: Invalid argument\n"));
    let r = h.run("ipsec1 reqid 12x");
    assert_eq!((r.code, r.stderr.as_str()), (0, "ifconfig: Invalid reqid value 12x: No error: 0\n"));
    // Not an ipsec: the driver does not know IPSECSREQID (a warning too).
    let r = h.run("igb0 reqid 5");
    assert_eq!((r.code, r.stderr.as_str()), (0, "ifconfig: ioctl(IPSECSREQID): Invalid argument\n"));
    // IPSEC_MTU_MIN..IPSEC_MTU_MAX.
    refused(&h, "ipsec1 mtu 1279", "ioctl SIOCSIFMTU (set mtu): Invalid argument");
    refused(&h, "ipsec1 mtu 8193", "ioctl SIOCSIFMTU (set mtu): Invalid argument");
    // Unprivileged: EPERM, warned.
    let h = TestHost::seed_with(|v| {
        v["release"] = "14.1".into();
        v["privileged"] = false.into();
    });
    let r = h.run("igb0 reqid 5");
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn ipsec_from_11() {
    // if_ipsec(4) and ifipsec.c came with 11.0.
    let h = host("10.3");
    refused(&h, "ipsec0 create", "SIOCIFCREATE2: Invalid argument");
    refused(&h, "igb0 reqid 5", "reqid: bad value");
    let h = host("11.4");
    h.run("ipsec0 create").silent_ok();
    // 11.x: status sections in .ctors order (nd6 first).
    assert_text(
        &h.run("ipsec0").stdout,
        "ipsec0: flags=8010<POINTOPOINT,MULTICAST> metric 0 mtu 1400\n\
         \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n\
         \treqid: 0\n\
         \tgroups: ipsec\n",
    );
}

#[test]
fn stf_6rd_words_and_status() {
    // if_stf.c (14.x): one unit, stf0; no flags, IPV6_MMTU; the 6rd
    // status line always (STF6RD_GV4NET answers), length 0 shown as 32.
    let h = host("14.1");
    let r = h.run("stf create");
    assert_eq!((r.code, r.stdout.as_str()), (0, "stf0\n"), "{r:?}");
    assert_text(
        &h.run("stf0").stdout,
        "stf0: flags=0 metric 0 mtu 1280\n\
         \toptions=0\n\
         \tgroups: stf\n\
         \tv4net 0.0.0.0/32 -> tv4br 0.0.0.0\n\
         \tnd6 options=101<PERFORMNUD,NO_DAD>\n",
    );
    h.run("stf0 stfv4net 192.0.2.1/24 stfv4br 198.51.100.9").silent_ok();
    assert!(h.run("stf0").stdout.contains("\tv4net 192.0.2.1/24 -> tv4br 198.51.100.9\n"));
    // stf_clone_match: only `stf` and `stf0`; one unit.
    refused(&h, "stf create", "interface stf0 already exists");
    refused(&h, "stf1 create", "SIOCIFCREATE2 (stf1): Invalid argument");
    // ifstf.c's checks, in its order, and its exit statuses.
    let before = h.bytes();
    let r = h.run("stf0 up stfv4net 192.0.2.1");
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (2, "", "ifconfig: Wrong argument given\n"));
    assert!(before == h.bytes());
    refused(&h, "stf0 stfv4net 192.0.2.1/0", "192.0.2.1/0: bad value (prefix length (null))");
    refused(&h, "stf0 stfv4net 192.0.2.1/33", "192.0.2.1/33: bad value (prefix length too large)");
    refused(&h, "stf0 stfv4net 192.0.2.1/-1", "192.0.2.1/-1: bad value (prefix length too small)");
    refused(&h, "stf0 stfv4net 192.0.2.1/2x", "192.0.2.1/2x: bad value (prefix length invalid)");
    refused(&h, "stf0 stfv4net 192.0.2.400/24", "192.0.2.400: bad value");
    refused(&h, "stf0 stfv4br 198.51.100.x", "198.51.100.x: bad value");
    // Not an stf: the driver refuses the SIOCSDRVSPEC command.
    refused(&h, "igb0 stfv4net 192.0.2.1/24", "STF6RD_SV4NET 192.0.2.1: Invalid argument");
    refused(&h, "igb0 stfv4br 198.51.100.9", "STF6RD_SBR198.51.100.9: Invalid argument");
    refused(&h, "stf0 mtu 1279", "ioctl SIOCSIFMTU (set mtu): Invalid argument");
    h.run("stf0 destroy").silent_ok();
}

#[test]
fn stf_before_14_has_no_6rd_words() {
    // Before ifstf.c (taken as 14.0) stf exists without them: no status
    // line, and the words are addresses.
    let h = host("13.5");
    h.run("stf0 create").silent_ok();
    assert_text(
        &h.run("stf0").stdout,
        "stf0: flags=0<> metric 0 mtu 1280\n\tgroups: stf\n\tnd6 options=101<PERFORMNUD,NO_DAD>\n",
    );
    refused(&h, "stf0 stfv4net 192.0.2.1/24", "stfv4net: bad value");
}

#[test]
fn stf_and_ipsec_take_addresses_as_their_drivers_do() {
    let h = host("14.1");
    assert_eq!(h.run("stf create").stdout, "stf0\n");
    // stf_ioctl SIOCSIFADDR: no inet; an inet6 6to4 address must not
    // embed an RFC 1918 address; a good one brings stf0 up and running.
    refused(
        &h,
        "stf0 inet 192.0.2.5/24",
        "ioctl (SIOCAIFADDR): Address family not supported by protocol family",
    );
    refused(&h, "stf0 inet6 2002:c0a8:101::1/16", "ioctl (SIOCAIFADDR): Invalid argument");
    // A 6rd prefix longer than 64 bits gives no IPv4 address either.
    refused(&h, "stf0 inet6 2001:db8::1/96", "ioctl (SIOCAIFADDR): Invalid argument");
    h.run("stf0 inet6 2002:c000:201::1/16").silent_ok();
    assert!(h.run("stf0").stdout.starts_with("stf0: flags=41<UP,RUNNING> metric 0 mtu 1280\n"));
    // ipsec_ioctl SIOCSIFADDR: the interface comes up.
    h.run("ipsec0 create").silent_ok();
    h.run("ipsec0 inet 10.1.0.1/30 10.1.0.2").silent_ok();
    assert!(h.run("ipsec0").stdout.starts_with("ipsec0: flags=8011<UP,POINTOPOINT,MULTICAST> "));
}

/// The three drivers configured the same way on each release, every
/// line of their blocks (tests/golden/drivers-R.txt; the facts behind
/// each line are asserted with their sources in the tests above).
#[test]
fn golden_per_release() {
    let script = [
        "wg0 create",
        "wg0 inet 192.0.2.1/24 up",
        "wg0 inet6 2001:db8::1/64",
        "ipsec0 create",
        "ipsec0 tunnel 10.0.0.118 203.0.113.1",
        // (No inet address on ipsec0: the model keeps no point-to-point
        // destination, so its `inet A --> B` line would be wrong.)
        "ipsec0 up",
        "ipsec0 reqid 200",
        "stf create",
        "stf0 inet6 2002:c000:201::1/16",
        "stf0 stfv4net 192.0.2.1/24",
        "stf0 stfv4br 198.51.100.9",
    ];
    for release in ["10.0", "11.4", "13.2", "14.1", "15.0", "16.0"] {
        let h = host(release);
        for line in script {
            // What a release lacks fails as it does there (asserted above).
            h.run(line);
        }
        let shown: String = ["wg0", "ipsec0", "stf0"]
            .iter()
            .map(|i| h.run(i))
            .filter(|r| r.code == 0)
            .map(|r| r.stdout)
            .collect();
        assert_text(&shown, &golden(&format!("drivers-{release}.txt")));
    }
}
