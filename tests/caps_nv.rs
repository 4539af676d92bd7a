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
