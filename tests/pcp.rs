//! `pcp N` / `-pcp` (ifconfig.c setifpcp/disableifpcp, 12.0 on): one
//! SIOCSLANPCP; ether_ioctl keeps the value for an Ethernet interface and
//! af_link.c prints it as `pcp N` after the `ether` line (IFNET_PCP_NONE,
//! the default, prints nothing); on a vlan(4) the request is SIOCSVLANPCP
//! (its `vlanpcp:`); drivers without a link address answer EINVAL.

use crate::support::{assert_text, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

#[test]
fn pcp_is_shown_after_the_ether_line() {
    let h = host("14.1");
    h.run("igb0 pcp 0x5").silent_ok();
    assert_text(
        &h.run("igb0").stdout,
        "igb0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n\
         \toptions=401bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,VLAN_HWTSO>\n\
         \tether 00:25:90:03:0e:fa\n\
         \tpcp 5\n\
         \tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n\
         \tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
         \tstatus: active\n\
         \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n",
    );
    // The host file keeps it; -pcp takes it away.
    assert!(String::from_utf8(h.bytes()).unwrap().contains("\"pcp\": 5"));
    h.run("igb0 -pcp").silent_ok();
    assert!(!h.run("igb0").stdout.contains("\tpcp"));
    // 0 is a value (not IFNET_PCP_NONE) and is shown.
    h.run("igb0 pcp 0").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tether 00:25:90:03:0e:fa\n\tpcp 0\n"));
}

#[test]
fn bad_values_are_ifconfigs_and_change_nothing() {
    let h = host("13.0");
    let before = h.bytes();
    // strtoul over the whole word, base 0; then at most 7.
    h.run("igb0 pcp 8").fails_with("value for pcp out of range");
    h.run("igb0 pcp 010").fails_with("value for pcp out of range");
    h.run("igb0 pcp -1").fails_with("value for pcp out of range");
    h.run("igb0 pcp 3x").fails_with("invalid value for pcp");
    h.run("igb0 pcp").fails_with("'pcp' requires argument");
    assert!(before == h.bytes());
    // 10 and 11 have no such word: it is taken as an address.
    let h = host("11.4");
    h.run("igb0 pcp 3").fails_with("pcp: bad value");
}

#[test]
fn the_driver_decides() {
    let h = host("15.0");
    // gif_ioctl has no SIOCSLANPCP.
    h.run("gif0 create").silent_ok();
    let before = h.bytes();
    h.run("gif0 pcp 3").fails_with("SIOCSLANPCP: Invalid argument");
    assert!(before == h.bytes());
    // vlan_ioctl takes it as SIOCSVLANPCP: 0..7, no IFNET_PCP_NONE.
    h.run("vlan111 create vlan 111 vlandev igb0").silent_ok();
    h.run("vlan111 pcp 6").silent_ok();
    let shown = h.run("vlan111").stdout;
    assert!(shown.contains("vlanpcp: 6 "), "{shown}");
    assert!(!shown.contains("\tpcp"), "{shown}");
    let before = h.bytes();
    h.run("vlan111 -pcp").fails_with("SIOCSLANPCP: Invalid argument");
    assert!(before == h.bytes());
}

#[test]
fn vlanpcp_is_the_same_request() {
    // SIOCSVLANPCP is SIOCSLANPCP: from 12 an Ethernet interface takes
    // `vlanpcp` as its own pcp; 10-11's ether_ioctl refuses it.
    let h = host("13.0");
    h.run("igb0 vlanpcp 3").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tether 00:25:90:03:0e:fa\n\tpcp 3\n"));
    let h = host("11.4");
    let before = h.bytes();
    h.run("igb0 vlanpcp 3").fails_with("SIOCSVLANPCP: Invalid argument");
    assert!(before == h.bytes());
}

#[test]
fn a_failed_line_takes_the_pcp_back() {
    let h = host("14.1");
    h.run("igb0 pcp 2").silent_ok();
    let before = h.bytes();
    // The pcp is set, then the mtu is refused (below 72): undone.
    h.run("igb0 pcp 4 mtu 70").fails_with("ioctl SIOCSIFMTU (set mtu): Invalid argument");
    assert!(before == h.bytes());
    assert!(h.run("igb0").stdout.contains("\tpcp 2\n"));
}

#[cfg(target_os = "linux")]
#[test]
fn linux_has_no_pcp() {
    use crate::support::netns::{can_run, InNamespace as _, Netns};
    if !can_run("linux_has_no_pcp") {
        return;
    }
    let ns = Netns::new();
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    let r = ns.ifconfig("v0 pcp 3");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("Linux has no priority code point for untagged frames"), "{r:?}");
}
