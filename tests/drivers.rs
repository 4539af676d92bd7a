//! The drivers without ifconfig words of their own on a released FreeBSD,
//! on the virtual host: wg(4) (created by ifconfig, configured by wg(8)).
//! Status lines are checked against the kernel's create function named in
//! each test; ifwg.c's words, which no release has, fail as any unknown
//! word does, and a key typed after them never reaches any output.

use crate::support::{assert_text, TestHost};

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
