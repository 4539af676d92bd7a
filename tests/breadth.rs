//! Issue 10 on the virtual host: FreeBSD's carp.sh IPv6 lines, rc.d's
//! ifconfig lines, cloning, bridges, vlans, descriptions, and what
//! FreeBSD prints for them.

use crate::support::{run_raw, TestHost};

fn host14() -> TestHost {
    TestHost::seed_with(|v| {
        v["release"] = "14.1".into();
        v["interfaces"][0]["name"] = "vmx1".into();
    })
}

fn run(h: &TestHost, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["--model".to_string(), h.path.display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    run_raw(&all)
}

#[test]
fn carp_sh_ipv6_lines() {
    let h = host14();
    assert_eq!(run(&h, &["epair", "create"]).stdout, "epair0a\n");
    run(&h, &["epair0a", "inet6", "2001:db8::1/64", "up", "no_dad"]).silent_ok();
    run(&h, &["epair0a", "inet6", "add", "2001:db8::10", "vhid", "1"]).silent_ok();
    let out = run(&h, &["epair0a"]).stdout;
    assert!(out.contains("\tinet6 2001:db8::10 prefixlen 64 vhid 1\n"), "{out}");
    assert!(out.contains("\tcarp: BACKUP vhid 1 advbase 1 advskew 0\n"), "{out}");
    // in6.c's aifaddr_out: the first address clears IFDISABLED, and on an
    // interface that is up nd6 then assigns the link-local address.
    assert!(out.contains("\tnd6 options=121<PERFORMNUD,AUTO_LINKLOCAL,NO_DAD>\n"), "{out}");
    assert!(
        out.contains(
            "\tinet6 2001:db8::1 prefixlen 64\n\tinet6 fe80::ff:fe00:20a%epair0a prefixlen 64 scopeid 0x2\n"
        ),
        "{out}"
    );
}

#[test]
fn ifdisabled_then_up_assigns_the_link_local_address() {
    let h = host14();
    run(&h, &["epair", "create"]);
    run(&h, &["epair0b", "up"]).silent_ok();
    assert!(!run(&h, &["epair0b"]).stdout.contains("fe80::"), "IFDISABLED: no link-local yet");
    run(&h, &["epair0b", "inet6", "-ifdisabled"]).silent_ok();
    let out = run(&h, &["epair0b"]).stdout;
    assert!(out.contains("\tinet6 fe80::ff:fe00:20b%epair0b prefixlen 64 scopeid 0x3\n"), "{out}");
    assert!(out.contains("\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n"), "{out}");
}

#[test]
fn epair_up_is_running() {
    let h = host14();
    run(&h, &["epair", "create"]);
    run(&h, &["epair0b", "up"]).silent_ok();
    let out = run(&h, &["epair0b"]).stdout;
    assert!(
        out.starts_with(
            "epair0b: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n"
        ),
        "{out}"
    );
    assert!(out.contains("\tgroups: epair\n"), "{out}");
}

#[test]
fn bridge_vlan_name_description() {
    let h = host14();
    run(&h, &["epair", "create"]);
    assert_eq!(run(&h, &["bridge0", "create"]).stdout, "");
    run(&h, &["bridge0", "addm", "epair0a"]).silent_ok();
    run(&h, &["bridge0", "addm", "epair0a"]).fails_with("BRDGADD epair0a: File exists");
    run(&h, &["bridge0", "addm", "nosuch0"]).fails_with("BRDGADD nosuch0: No such file or directory");
    run(&h, &["epair0a", "name", "if_br0"]).silent_ok();
    let br = run(&h, &["bridge0"]).stdout;
    assert!(br.contains("\tmember: if_br0 flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port 2 priority 128 path cost 2000\n"), "{br}");
    assert!(br.contains("\tmaxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200\n"), "{br}");
    run(&h, &["vlan111", "create", "vlan", "111", "vlandev", "vmx1"]).silent_ok();
    let v = run(&h, &["vlan111"]).stdout;
    assert!(v.contains("\tvlan: 111 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1\n"), "{v}");
    run(&h, &["vmx1", "description", "LAN"]).silent_ok();
    let out = run(&h, &["vmx1"]).stdout;
    let second = out.lines().nth(1).unwrap();
    assert_eq!(second, "\tdescription: LAN");
    run(&h, &["vmx1", "-description"]).silent_ok();
    assert!(!run(&h, &["vmx1"]).stdout.contains("description"));
    run(&h, &["vlan112", "create", "vlan", "112"]).fails_with("must specify a parent device for vlan create");
    run(&h, &["vlan111", "create"]).fails_with("interface vlan111 already exists");
}

#[test]
fn rc_d_lines_replay() {
    // What network.subr runs for ifconfig_*, ipv6_*, cloned_interfaces,
    // vlans_*, ifconfig_*_name and ifconfig_*_descr.
    let h = host14();
    let lines: &[&[&str]] = &[
        &["lo0", "create"],
        &["lo0", "inet", "127.0.0.1/8"],
        &["lo0", "inet6", "::1", "prefixlen", "128"],
        &["lo0", "up"],
        &["vmx1", "inet6", "-ifdisabled"],
        &["vmx1", "inet6", "auto_linklocal", "accept_rtadv"],
        &["vmx1", "inet6", "-accept_rtadv"],
        &["vmx1", "inet", "192.0.2.10/24"],
        &["vmx1", "up"],
        &["vmx1", "description", "uplink"],
        &["vmx1.20", "create"],
        &["vlan30", "create", "vlan", "30", "vlandev", "vmx1"],
        &["bridge0", "create"],
        &["tap0", "create"],
        &["bridge0", "addm", "tap0", "up"],
        &["lagg0", "create"],
        &["lagg0", "laggproto", "failover", "laggport", "tap0"],
        &["gif0", "create"],
        &["gif0", "tunnel", "192.0.2.10", "198.51.100.1"],
        &["tun0", "create"],
        &["tap0", "name", "net0"],
        &["vmx1", "group", "egress"],
        &["vmx1", "-group", "egress"],
        &["vmx1", "promisc", "-arp", "arp", "-promisc"],
        &["vmx1", "rxcsum", "-tso", "lro"],
        &["gif0", "-tunnel"],
        &["tun0", "destroy"],
        &["lo0", "inet6", "fe80::1%lo0", "prefixlen", "64"],
        &["vmx1", "inet6", "2001:db8::2/64", "alias"],
        &["vmx1", "inet6", "ifdisabled"],
        &["vmx1", "inet6", "-ifdisabled"],
        &["vmx1", "inet6", "-accept_rtadv", "-auto_linklocal"],
        &["vmx1", "-vlanhwtag"],
        &["vmx1", "down"],
        &["vmx1", "up"],
        &["bridge0", "addm", "vmx1"],
        &["bridge0", "stp", "vmx1"],
        &["bridge0", "deletem", "vmx1"],
        &["vmx1", "inet", "192.0.2.10/24", "-alias"],
    ];
    for l in lines {
        let r = run(&h, l);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{l:?}: {r:?}");
    }
    let all = run(&h, &["-a"]).stdout;
    assert!(all.contains("vmx1.20: flags="), "{all}");
    assert!(all.contains("\tvlan: 20 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1\n"), "{all}");
    assert!(
        all.contains("\tlaggproto failover lagghash l2,l3,l4\n\tlaggport: net0 flags=5<MASTER,ACTIVE>\n"),
        "{all}"
    );
    assert!(!all.contains("tun0"), "{all}");
    assert_eq!(
        run(&h, &["-C"]).stdout,
        "bridge epair gif gre ipsec lagg lo pfsync stf tap tun vlan vxlan wg\n"
    );
}

#[test]
fn options_and_help() {
    let h = host14();
    let r = run(&h, &["-vvvvvam"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("\tdrivername: vmx1\n"), "{r:?}");
    let help = run_raw(&["--help".to_string()]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.starts_with("usage: ifconfig "), "{help:?}");
    assert!(help.stdout.contains("--model PATH") && help.stdout.contains("--completions SH"), "{help:?}");
    let bad = run_raw(&["-Q".to_string()]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.starts_with("usage: ifconfig "));
    run(&h, &["vmx1", "ssid", "x"]).fails_with("SIOCS80211: Invalid argument");
}

#[test]
fn inet6_address_flags_and_lifetimes() {
    let h = host14();
    run(&h, &["vmx1", "inet6", "2001:db8::5/64", "anycast", "pltime", "600", "vltime", "1200"]).silent_ok();
    run(&h, &["vmx1", "inet6", "2001:db8::6/64", "deprecated", "prefer_source"]).silent_ok();
    let out = run(&h, &["vmx1", "inet6"]).stdout;
    assert!(out.contains("\tinet6 2001:db8::5 prefixlen 64 anycast\n"), "{out}");
    assert!(out.contains("\tinet6 2001:db8::6 prefixlen 64 deprecated prefer_source\n"), "{out}");
    let long = run(&h, &["-L", "vmx1", "inet6"]).stdout;
    assert!(long.contains("\tinet6 2001:db8::5 prefixlen 64 anycast pltime 600 vltime 1200\n"), "{long}");
    assert!(long.contains("\tinet6 2001:db8::6 prefixlen 64 deprecated prefer_source\n"), "{long}");
    let before = h.bytes();
    run(&h, &["vmx1", "inet", "192.0.2.9/24", "anycast"])
        .fails_with("address flags can be set only for inet6 addresses: No error: 0");
    run(&h, &["vmx1", "inet", "192.0.2.9/24", "pltime", "5"]).fails_with("pltime not allowed for the AF");
    run(&h, &["vmx1", "inet6", "2001:db8::7", "vltime", "x"]).fails_with("invalid vltime");
    assert_eq!(h.bytes(), before, "refused lines change nothing");
}

/// A vlan created without parameters has no parent: no address, protocol
/// or media, flags BROADCAST and MULTICAST (as real 14.x output of such a
/// vlan shows, with ifvlan.c vlan_status's `vlanproto: 0x0000`); attaching
/// it gives it its parent's address and link.
#[test]
fn vlan_without_parent_then_attached() {
    let h = host14();
    run(&h, &["vlan5", "create"]).silent_ok();
    assert_eq!(
        run(&h, &["vlan5"]).stdout,
        "vlan5: flags=8002<BROADCAST,MULTICAST> metric 0 mtu 1500\n\
         \toptions=0\n\
         \tether 00:00:00:00:00:00\n\
         \tgroups: vlan\n\
         \tvlan: 0 vlanproto: 0x0000 vlanpcp: 0 parent interface: <none>\n\
         \tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n"
    );
    run(&h, &["vlan5", "vlan", "5", "vlandev", "vmx1"]).silent_ok();
    let out = run(&h, &["vlan5"]).stdout;
    assert!(out.contains("\tether 00:25:90:03:0e:fa\n"), "{out}");
    assert!(out.contains("\tvlan: 5 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1\n"), "{out}");
    // if_vlan.c answers SIOCGIFMEDIA with the parent's words.
    assert!(
        out.contains("\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\tstatus: active\n"),
        "{out}"
    );
}

/// A new tap(4): if_tuntap's media is autoselect (real output of a tap:
/// `media: Ethernet autoselect`), with no carrier until it is opened.
#[test]
fn tap_media_is_autoselect() {
    let h = host14();
    run(&h, &["tap0", "create"]).silent_ok();
    let out = run(&h, &["tap0"]).stdout;
    assert!(out.contains("\toptions=80000<LINKSTATE>\n"), "{out}");
    assert!(out.contains("\tgroups: tap\n\tmedia: Ethernet autoselect\n\tstatus: no carrier\n"), "{out}");
}

/// 11.x's vlan line has `vlanpcp:` but not `vlanproto:` (a pre-QinQ
/// ifvlan.c vlan_status); 10.x has neither.
#[test]
fn vlan_line_per_release() {
    for (release, line) in [
        ("10.3", "\tvlan: 111 parent interface: vmx1\n"),
        ("11.4", "\tvlan: 111 vlanpcp: 0 parent interface: vmx1\n"),
        ("13.0", "\tvlan: 111 vlanproto: 802.1q vlanpcp: 0 parent interface: vmx1\n"),
    ] {
        let h = TestHost::seed_with(|v| {
            v["release"] = release.into();
            v["interfaces"][0]["name"] = "vmx1".into();
        });
        run(&h, &["vlan111", "create", "vlan", "111", "vlandev", "vmx1"]).silent_ok();
        let out = run(&h, &["vlan111"]).stdout;
        assert!(out.contains(line), "{release}: {out}");
    }
}

/// in_aifaddr_ioctl hands every inet address to the driver's SIOCSIFADDR,
/// in6_notify_ifa an interface's first inet6 one: ether_ioctl (epair,
/// bridge) and loioctl set IFF_UP and run the interface, vlan_ioctl only
/// sets IFF_UP (a vlan runs from vlan_config, before it is up).
#[test]
fn an_address_brings_the_interface_up() {
    let h = host14();
    run(&h, &["epair", "create"]);
    let flags = |name: &str| run(&h, &[name]).stdout.lines().next().unwrap_or_default().to_string();
    run(&h, &["epair0a", "inet", "192.0.2.1/24"]).silent_ok();
    assert!(
        flags("epair0a").starts_with("epair0a: flags=1008843<UP,BROADCAST,RUNNING,"),
        "{}",
        flags("epair0a")
    );
    run(&h, &["epair0b", "inet6", "2001:db8::5/64"]).silent_ok();
    let out = run(&h, &["epair0b"]).stdout;
    assert!(out.starts_with("epair0b: flags=1008843<UP,BROADCAST,RUNNING,"), "{out}");
    // Up when IFDISABLED is cleared: nd6 then assigns the link-local address.
    assert!(out.contains("\tinet6 2001:db8::5 prefixlen 64\n\tinet6 fe80::ff:fe00:20b%epair0b"), "{out}");
    run(&h, &["lo1", "create"]).silent_ok();
    assert_eq!(flags("lo1"), "lo1: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384");
    run(&h, &["lo1", "inet", "127.0.0.2/8"]).silent_ok();
    assert_eq!(flags("lo1"), "lo1: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384");
    run(&h, &["vlan111", "create", "vlan", "111", "vlandev", "vmx1"]).silent_ok();
    assert_eq!(
        flags("vlan111"),
        "vlan111: flags=1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500"
    );
    run(&h, &["vlan111", "inet", "198.51.100.1/24"]).silent_ok();
    assert_eq!(
        flags("vlan111"),
        "vlan111: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500"
    );
    // A vlan without a parent does not run, up or not (vlan_init does nothing).
    run(&h, &["vlan7", "create"]).silent_ok();
    run(&h, &["vlan7", "up"]).silent_ok();
    assert!(!flags("vlan7").contains("RUNNING"), "{}", flags("vlan7"));
    run(&h, &["bridge0", "create"]).silent_ok();
    run(&h, &["bridge0", "inet", "203.0.113.1/24"]).silent_ok();
    assert!(
        flags("bridge0").starts_with("bridge0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>"),
        "{}",
        flags("bridge0")
    );
    // A later inet6 address of an interface that has one is not the driver's.
    run(&h, &["epair0b", "down"]).silent_ok();
    run(&h, &["epair0b", "inet6", "2001:db8::6/64", "alias"]).silent_ok();
    assert!(!flags("epair0b").contains("<UP,"), "{}", flags("epair0b"));
}
