//! The nv capability words (`rxtls`, 15's `ipsec`): ifconfig.c's
//! `setifcapnv` reads SIOCGIFCAP and, on an interface without IFCAP_NV
//! (every driver of the virtual host: igb, em, vmx, epair, tap...), only
//! warns `IFCAP_NV not supported` and goes on with the line, exit 0.

use crate::support::TestHost;

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

#[test]
fn rxtls_without_ifcap_nv_only_warns() {
    let h = host("14.1");
    let before = h.run("-a").stdout;
    let r = h.run("igb0 rxtls");
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.code), ("", "ifconfig: IFCAP_NV not supported\n", 0));
    assert_eq!(h.run("-a").stdout, before, "nothing changed");
    // The rest of the line is applied.
    let r = h.run("igb0 -rxtls mtu 1400");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: IFCAP_NV not supported\n", 0));
    assert!(h.run("igb0").stdout.contains(" mtu 1400\n"));
}

#[test]
fn ipsec_offload_is_15s_word() {
    let h = host("15.0");
    let r = h.run("igb0 ipsec");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: IFCAP_NV not supported\n", 0));
    let r = h.run("igb0 -ipsec");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: IFCAP_NV not supported\n", 0));
}

/// The seed host with mlx5en's `mce0` (no capabilities of its own in the
/// file: the driver's come with it).
pub(crate) fn with_mce(release: &str) -> TestHost {
    TestHost::seed_with(|v| {
        v["release"] = release.into();
        let mce = serde_json::json!({
            "name": "mce0", "index": 2, "flags": ["BROADCAST", "SIMPLEX", "MULTICAST"],
            "ether": "b8:ce:f6:00:00:01", "media": "Ethernet autoselect", "status": "no carrier"
        });
        v["interfaces"].as_array_mut().unwrap().push(mce);
    })
}

/// mlx5e_create_ifp's words: every supported capability on, IFCAP_NV
/// among them, and from 14 the second word's RXTLS4/RXTLS6 after bit 31
/// (netlink's print_ifcaps over the 64-bit bitset).
const MCE_OPTIONS_14: &str = "\toptions=ffef07bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,\
    VLAN_HWCSUM,TSO4,TSO6,LRO,VLAN_HWFILTER,NV,VLAN_HWTSO,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,\
    TXRTLMT,HWRXTSTMP,MEXTPG,TXTLS4,TXTLS6,VXLAN_HWCSUM,VXLAN_HWTSO,TXTLS_RTLMT,RXTLS4,RXTLS6>\n";

#[test]
fn mce_lists_both_capability_words_from_14() {
    let h = with_mce("14.1");
    assert!(h.run("mce0").stdout.contains(MCE_OPTIONS_14));
    // 13's printb: one word, no IFCAP_NV (0x20000), no names for it.
    let old = with_mce("13.2").run("mce0").stdout;
    assert!(old.contains("\toptions=ffed07bb<RXCSUM,TXCSUM,"), "{old}");
    assert!(!old.contains("NV") && !old.contains("RXTLS"), "{old}");
}

#[test]
fn rxtls_clears_and_sets_the_second_word_and_the_file_keeps_it() {
    let h = with_mce("14.1");
    let r = h.run("mce0 -rxtls");
    assert_eq!((r.stdout.as_str(), r.stderr.as_str(), r.code), ("", "", 0));
    let shown = h.run("-m mce0").stdout;
    let off = MCE_OPTIONS_14.replace(",RXTLS4,RXTLS6>", ">");
    assert!(shown.contains(&off), "{shown}");
    // -m: what the driver supports is unchanged.
    let caps = MCE_OPTIONS_14.replace("\toptions=", "\tcapabilities=");
    assert!(shown.contains(&caps), "{shown}");
    let file: serde_json::Value = serde_json::from_slice(&h.bytes()).unwrap();
    let mce = &file["interfaces"][1];
    assert_eq!(mce["capability_words"]["enabled2"], 0, "{mce}");
    assert_eq!(mce["capability_words"]["supported2"], 3, "{mce}");
    h.run("mce0 rxtls").silent_ok();
    assert!(h.run("mce0").stdout.contains(MCE_OPTIONS_14));
}

/// mlx5e_ioctl: `-txcsum` takes TSO4 with it; `tso4` while TXCSUM is off
/// is EAGAIN, ifconfig's `Perror(vname)`, exit 1, nothing changed; a bit
/// the interface does not support is only masked away by setifcap.
#[test]
fn the_drivers_rules_for_the_first_word() {
    let h = with_mce("14.1");
    h.run("mce0 -txcsum").silent_ok();
    let shown = h.run("mce0").stdout;
    assert!(
        shown.contains("\toptions=ffef06b9<RXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO6,"),
        "{shown}"
    );
    let before = h.bytes();
    let r = h.run("mce0 tso4");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: tso4: Resource temporarily unavailable\n", 1));
    assert_eq!(h.bytes(), before, "nothing changed");
    // WOL_UCAST: not supported, masked by setifcap, no request, no change.
    h.run("mce0 wol_ucast").silent_ok();
    assert_eq!(h.run("mce0").stdout, shown);
}

/// A line that fails after the nv word is undone: the second word back.
#[test]
fn a_failed_line_undoes_the_nv_word() {
    let h = with_mce("15.0");
    let before = h.run("-m mce0").stdout;
    let r = h.run("mce0 -rxtls -txcsum mtu 70000");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n", 1));
    assert_eq!(h.run("-m mce0").stdout, before);
}

/// 15's `ipsec` on hardware without IPsec packet offload (mce0's default):
/// if.c's EINVAL, `Perror(vname)`, exit 1; 14 has no such word.
#[test]
fn ipsec_without_packet_offload_is_einval() {
    let r = with_mce("15.0").run("mce0 ipsec");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: ipsec: Invalid argument\n", 1));
    let r = with_mce("14.1").run("mce0 ipsec");
    assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: ipsec: bad value\n", 1));
}

/// A host file that gives mce0 IPsec offload (`supported2` 7): `ipsec`
/// turns it on and 15 names it IPSEC after RXTLS6.
#[test]
fn ipsec_on_hardware_with_packet_offload() {
    let h = TestHost::seed_with(|v| {
        v["release"] = "15.0".into();
        let mce = serde_json::json!({
            "name": "mce0", "index": 2, "flags": ["BROADCAST", "SIMPLEX", "MULTICAST"],
            "options": 0xffef_07bb_u32,
            "capability_words": {"supported": 0xffef_07bb_u32, "supported2": 7, "enabled2": 3}
        });
        v["interfaces"].as_array_mut().unwrap().push(mce);
    });
    h.run("mce0 ipsec").silent_ok();
    assert!(h.run("mce0").stdout.contains(",TXTLS_RTLMT,RXTLS4,RXTLS6,IPSEC>\n"));
    h.run("mce0 -ipsec").silent_ok();
    assert!(h.run("mce0").stdout.contains(",TXTLS_RTLMT,RXTLS4,RXTLS6>\n"));
}
