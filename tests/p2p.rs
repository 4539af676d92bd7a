//! Point-to-point destinations on the virtual host: ifconfig's second
//! address operand (`setifdstaddr`), the kernel's rules for it (in.c's
//! in_aifaddr_ioctl: EDESTADDRREQ without a peer; netlink's
//! handle_newaddr_inet from 14: EINVAL; in6_update_ifa: a destination only
//! on a point-to-point interface and with prefixlen 128) and the lines
//! af_inet.c's in_status and af_inet6.c's in6_status print
//! (`inet A --> D netmask M`, `inet6 A --> D prefixlen 128`).

use crate::support::{assert_text, golden, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

#[test]
fn a_point_to_point_address_shows_its_peer() {
    let h = host("13.0");
    h.run("gif0 create").silent_ok();
    h.run("gif0 inet 192.0.2.1 192.0.2.2 netmask 255.255.255.255").silent_ok();
    h.run("gif0 inet6 2001:db8::1 2001:db8::2 prefixlen 128").silent_ok();
    // An inet6 address without a peer is allowed on it (no `-->`).
    h.run("gif0 inet6 2001:db8:1::1/64").silent_ok();
    let shown = h.run("gif0").stdout;
    assert!(shown.contains("\tinet 192.0.2.1 --> 192.0.2.2 netmask 0xffffffff\n"), "{shown}");
    assert!(shown.contains("\tinet6 2001:db8::1 --> 2001:db8::2 prefixlen 128\n"), "{shown}");
    assert!(shown.contains("\tinet6 2001:db8:1::1 prefixlen 64\n"), "{shown}");
    // -f inet:cidr / inet6:cidr: the width follows the peer.
    let cidr = h.run("-f inet:cidr,inet6:cidr gif0").stdout;
    assert!(cidr.contains("\tinet 192.0.2.1 --> 192.0.2.2/32\n"), "{cidr}");
    assert!(cidr.contains("\tinet6 2001:db8::1 --> 2001:db8::2/128\n"), "{cidr}");
    // No width: the classful default mask (in_ifinit), no warning on a
    // point-to-point interface, even on 15.
    let h = host("15.0");
    h.run("tun0 create").silent_ok();
    h.run("tun0 inet 198.51.100.1 198.51.100.2").silent_ok();
    assert!(h.run("tun0").stdout.contains("\tinet 198.51.100.1 --> 198.51.100.2 netmask 0xffffff00\n"));
    // The host file keeps the peer; --json shows it.
    assert!(h.run("--json tun0").stdout.contains("\"destination\": \"198.51.100.2\""));
}

#[test]
fn a_missing_or_wrong_peer_is_the_kernels_refusal() {
    // 10-13: in.c's EDESTADDRREQ; 14+: netlink's EINVAL, after af_inet.c's
    // in_exec_nl has printed the kernel's message.
    let netlink_says = "ifconfig: in_exec_nl(): Empty IFA_LOCAL/IFA_ADDRESS\n";
    for (release, said, no_peer) in [
        ("10.0", "", "Destination address required"),
        ("13.0", "", "Destination address required"),
        ("14.1", netlink_says, "Invalid argument"),
        ("15.0", netlink_says, "Invalid argument"),
    ] {
        let h = host(release);
        h.run("gif0 create").silent_ok();
        h.run("gif0 inet 192.0.2.1/32 192.0.2.2").silent_ok();
        let before = h.bytes();
        let r = h.run("gif0 inet 198.51.100.1/24 alias");
        let want = format!("{said}ifconfig: ioctl (SIOCAIFADDR): {no_peer}\n");
        assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (1, "", want.as_str()), "{release}");
        // inet6: a peer needs prefixlen 128 (the default is 64), and a
        // broadcast interface takes none.
        h.run("gif0 inet6 2001:db8::1 2001:db8::2").fails_with("ioctl (SIOCAIFADDR): Invalid argument");
        h.run("igb0 inet6 2001:db8::1 2001:db8::2 prefixlen 128")
            .fails_with("ioctl (SIOCAIFADDR): Invalid argument");
        // af_getaddr(DSTADDR) takes no width: the word is no address.
        h.run("gif0 inet 192.0.2.1 192.0.2.2/30").fails_with("192.0.2.2/30: bad value");
        h.run("gif0 inet6 2001:db8::1 2001:db8::2/128").fails_with("2001:db8::2/128: bad value");
        assert!(before == h.bytes(), "{release}: a failed line changed the host");
    }
}

#[test]
fn a_failed_replace_puts_the_old_peer_back() {
    for release in ["13.0", "14.1"] {
        let h = host(release);
        h.run("gif0 create").silent_ok();
        h.run("gif0 inet 192.0.2.1/32 192.0.2.2").silent_ok();
        let before = h.bytes();
        // The replace deletes 192.0.2.1 first; the vhid then fails (gif
        // has none), and the old address comes back with its peer.
        let r = h.run("gif0 inet 192.0.2.5/32 192.0.2.6 vhid 3");
        assert_eq!(r.code, 1, "{r:?}");
        assert!(before == h.bytes(), "{release}");
        assert!(h.run("gif0").stdout.contains("\tinet 192.0.2.1 --> 192.0.2.2 netmask 0xffffffff\n"));
    }
}

#[test]
fn the_second_address_is_the_broadcast_before_14() {
    // One sockaddr for both before 14: on a broadcast interface the second
    // address is the broadcast, and `broadcast` sets a point-to-point peer.
    let h = host("13.0");
    h.run("igb0 inet 203.0.113.9/24 203.0.113.77 alias").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tinet 203.0.113.9 netmask 0xffffff00 broadcast 203.0.113.77\n"));
    h.run("gif0 create").silent_ok();
    h.run("gif0 inet 192.0.2.1/32 broadcast 192.0.2.9").silent_ok();
    assert!(h.run("gif0").stdout.contains("\tinet 192.0.2.1 --> 192.0.2.9 netmask 0xffffffff\n"));
    // 14's netlink request keeps them apart: IFA_ADDRESS is ignored on a
    // broadcast interface (the broadcast is derived), IFA_BROADCAST on a
    // point-to-point one.
    let h = host("14.1");
    h.run("igb0 inet 203.0.113.9/24 203.0.113.77 alias").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tinet 203.0.113.9 netmask 0xffffff00 broadcast 203.0.113.255\n"));
    h.run("gif0 create").silent_ok();
    let r = h.run("gif0 inet 192.0.2.1/32 broadcast 192.0.2.9");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.ends_with("ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n"), "{r:?}");
}

#[test]
fn a_host_file_destination_is_checked() {
    let h = host("14.1");
    h.run("gif0 create").silent_ok();
    h.run("gif0 inet 192.0.2.1/32 192.0.2.2").silent_ok();
    let text = String::from_utf8(h.bytes()).unwrap();
    // On a broadcast interface, or of the other family: refused on load.
    let on_igb0 = text.replacen(
        "\"broadcast\": \"10.0.0.127\"",
        "\"broadcast\": \"10.0.0.127\", \"destination\": \"10.0.0.1\"",
        1,
    );
    assert_ne!(on_igb0, text);
    let r = TestHost::from_json(&on_igb0).run("igb0");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("destination on an interface without POINTOPOINT"), "{r:?}");
    let v6 = text.replacen("\"destination\": \"192.0.2.2\"", "\"destination\": \"2001:db8::2\"", 1);
    let r = TestHost::from_json(&v6).run("gif0");
    assert!(r.stderr.contains("destination of another family"), "{r:?}");
}

/// Every p2p line of each release (tests/golden/p2p-R.txt); the facts
/// behind each line are asserted in the tests above.
#[test]
fn golden_per_release() {
    let script = [
        "gif0 create",
        "gif0 inet 192.0.2.1 192.0.2.2 netmask 255.255.255.255",
        "gif0 inet6 2001:db8::1 2001:db8::2 prefixlen 128",
        "gif0 up",
        "tun0 create",
        "tun0 inet 198.51.100.1/30 198.51.100.2",
        "gre0 create",
        "gre0 inet6 2001:db8:2::1 2001:db8:2::2 prefixlen 128",
        "igb0 inet 203.0.113.9/24 203.0.113.77 alias",
    ];
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let h = host(release);
        for line in script {
            h.run(line).silent_ok();
        }
        let shown: String = ["igb0", "gif0", "tun0", "gre0"].iter().map(|i| h.run(i).stdout).collect();
        assert_text(&shown, &golden(&format!("p2p-{release}.txt")));
    }
}
