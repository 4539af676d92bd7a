//! Output per release: 11-13 grouping, 14's peer line and LOWER_UP, 15's
//! VRRP line, and `-f` formats.
//!
//! Checked against carp.c carp_status(): 14.x's `\t      peer %s peer6
//! %s` line (fel1x-developer/freebsd-src 2d614aa2) and 15.x's `\tvrrp: %s
//! vrid %d prio %d interval %d` (paigeadelethompson/freebsd-src 28e0d866,
//! ryan-moeller/freebsd-src c70e498f); 14's flags through
//! ifconfig_netlink.c's IFFBITS (LOWER_UP, fel1x 2d614aa2).

use crate::support::{assert_text, TestHost};

const HEAD: &str =
    "\toptions=401bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,VLAN_HWTSO>\n\
                    \tether 00:25:90:03:0e:fa\n";
/// From 12 on, the media and nd6 lines follow the carp lines (see
/// `Dialect::trailer_order`).
const TAIL: &str = "\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
                    \tstatus: active\n\
                    \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n";

fn seed_session(release: &str) -> TestHost {
    let h = TestHost::seed_with(|v| v["release"] = release.into());
    h.run("igb0 inet6 2001:db8::3 vhid 112 pass qwerty").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    h.run("igb0 vhid 112 state master").silent_ok();
    h
}

#[test]
fn release_12_groups_by_first_appearance() {
    let h = seed_session("12.4");
    let expected = format!(
        "igb0: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> metric 0 mtu 1500\n{HEAD}\
         \tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n\
         \tinet 10.0.0.112 netmask 0xffffffe0 broadcast 10.0.0.127 vhid 112\n\
         \tinet6 2001:db8::3 prefixlen 64 vhid 112\n\
         \tinet6 fe80::225:90ff:fe03:efa%igb0 prefixlen 64 scopeid 0x1\n\
         \tcarp: MASTER vhid 112 advbase 1 advskew 0\n{TAIL}"
    );
    assert_text(&h.run("igb0").stdout, &expected);
}

#[test]
fn release_14_peer_line_lower_up_inet_first() {
    let h = seed_session("14.1");
    let expected = format!(
        "igb0: flags=1008943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n{HEAD}\
         \tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n\
         \tinet 10.0.0.112 netmask 0xffffffe0 broadcast 10.0.0.127 vhid 112\n\
         \tinet6 2001:db8::3 prefixlen 64 vhid 112\n\
         \tinet6 fe80::225:90ff:fe03:efa%igb0 prefixlen 64 scopeid 0x1\n\
         \tcarp: MASTER vhid 112 advbase 1 advskew 0\n\
         \t      peer 224.0.0.18 peer6 ff02::12\n{TAIL}"
    );
    assert_text(&h.run("igb0").stdout, &expected);
    h.run("igb0 vhid 112 peer 198.51.100.2 peer6 2001:db8::99").silent_ok();
    let out = h.run("igb0").stdout;
    assert!(out.contains("\t      peer 198.51.100.2 peer6 2001:db8::99\n"), "{out}");
    h.run("igb0 vhid 112 mcast mcast6").silent_ok();
    assert!(h.run("igb0").stdout.contains("\t      peer 224.0.0.18 peer6 ff02::12\n"));
}

#[test]
fn release_14_warns_about_missing_mask() {
    let h = TestHost::seed_with(|v| v["release"] = "14.0".into());
    let out = h.run("igb0 192.0.2.7 alias");
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr,
        "ifconfig: WARNING: setting interface address without mask is deprecated,\n\
         default mask may not be correct.\n"
    );
    assert!(h.run("igb0").stdout.contains("\tinet 192.0.2.7 netmask 0xffffff00 broadcast 192.0.2.255\n"));
}

#[test]
fn release_15_vrrp_line() {
    let h = TestHost::seed_with(|v| v["release"] = "15.0".into());
    h.run("igb0 vhid 20 carpver 3 vrrpprio 150 vrrpinterval 200 192.0.2.20/24 alias").silent_ok();
    let out = h.run("igb0").stdout;
    assert!(out.ends_with(&format!("\tvrrp: BACKUP vrid 20 prio 150 interval 200\n{TAIL}")), "{out}");
    // A CARP vhid still prints both CARP lines on 15.
    h.run("igb0 vhid 21 192.0.2.21/24 alias").silent_ok();
    let out = h.run("igb0").stdout;
    assert!(
        out.contains("\tcarp: BACKUP vhid 21 advbase 1 advskew 0\n\t      peer 224.0.0.18 peer6 ff02::12\n")
    );
}

#[test]
fn cidr_and_dotted_formats() {
    let h = seed_session("10.0");
    let out = h.run("-f inet:cidr,inet6:cidr igb0").stdout;
    assert!(out.contains("\tinet 10.0.0.118/27 broadcast 10.0.0.127\n"), "{out}");
    assert!(out.contains("\tinet 10.0.0.112/27 broadcast 10.0.0.127 vhid 112\n"), "{out}");
    assert!(out.contains("\tinet6 2001:db8::3/64 vhid 112\n"), "{out}");
    assert!(out.contains("\tinet6 fe80::225:90ff:fe03:efa%igb0/64 scopeid 0x1\n"), "{out}");
    let out = h.run("-f inet:dotted igb0").stdout;
    assert!(out.contains("\tinet 10.0.0.118 netmask 255.255.255.224 broadcast 10.0.0.127\n"), "{out}");
}

#[test]
fn release_11_keeps_10s_trailer_order() {
    let h = seed_session("11.4");
    let out = h.run("igb0").stdout;
    assert!(
        out.ends_with(
            "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n\
             \tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
             \tstatus: active\n\
             \tcarp: MASTER vhid 112 advbase 1 advskew 0\n"
        ),
        "{out}"
    );
}
