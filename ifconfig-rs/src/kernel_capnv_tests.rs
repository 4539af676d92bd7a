//! mlx5en's IFCAP_NV interface (`mce0`) through the real FreeBSD backends
//! with the kernel model behind the raw requests: SIOCGIFCAP (its
//! supported set), SIOCSIFCAP (the driver's toggles and EAGAIN),
//! SIOCSIFCAPNV with ifconfig's list and SIOCGIFCAPNV's list read back
//! for the listing. Every line's result and the listing, `-m` included,
//! are the virtual host's byte for byte.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{Host, ModelBackend, ModelIoctl, SharedKernel};
use libcarpctl::{Backend, Release};

use super::{line, printed, printed_as};
use crate::render::View;

/// The seed's igb0 and an mce0 with the driver's capabilities.
fn start(release: Release) -> Host {
    let mut h = super::start(release);
    let mut text = h.to_json();
    let mce = r#"{"name": "mce0", "index": 2, "flags": ["BROADCAST", "SIMPLEX", "MULTICAST"],
        "ether": "b8:ce:f6:00:00:01", "media": "Ethernet autoselect", "status": "no carrier"}"#;
    let at = text.rfind(']').unwrap();
    text.insert_str(at, &format!(",{mce}"));
    h = Host::from_json(&text).unwrap();
    h
}

/// `(interface, words, whether they succeed)`; `ipsec` is 15's word.
const LINES: [(&str, &str, bool); 8] = [
    ("mce0", "-rxtls", true),
    ("mce0", "-txcsum", true),
    ("mce0", "tso4", false),
    ("mce0", "-txtls lro -vxlanhwtso", true),
    ("mce0", "rxtls mtu 70000", false),
    ("mce0", "-txrtlmt", true),
    ("igb0", "rxtls", true),
    ("mce0", "rxtls", true),
];

fn same_output(b: &mut dyn Backend, release: Release) {
    let mut model = ModelBackend::new(start(release));
    let mut lines = LINES.to_vec();
    if release.major >= 15 {
        // The hardware has no IPsec packet offload: EINVAL.
        lines.push(("mce0", "ipsec", false));
    }
    for (ifname, words, ok) in lines {
        let want = line(&mut model, ifname, words);
        assert_eq!(line(b, ifname, words), want, "{release}: {ifname} {words}");
        // Before 14 the nv words are not ifconfig's and mce0 has no nv
        // state: only the agreement is checked.
        if release.has_ifcap_nv() {
            assert_eq!(want.is_ok(), ok, "{release}: {ifname} {words}: {want:?}");
        }
    }
    let want = printed(&mut model);
    assert_eq!(printed(b), want, "{release}");
    let m = View { capabilities: true, ..View::default() };
    let got_m = printed_as(b, &m);
    assert_eq!(got_m, printed_as(&mut model, &m), "{release} -m");
    if release.has_ifcap_nv() {
        // -txcsum took TSO4 with it, -txtls and -vxlanhwtso theirs; rxtls
        // is back on; TXRTLMT stays (mlx5e_ioctl never flips it).
        let opts = "\toptions=a7ef06b9<RXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO6,LRO,\
                    VLAN_HWFILTER,NV,VLAN_HWTSO,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6,HWSTATS,TXRTLMT,HWRXTSTMP,\
                    MEXTPG,VXLAN_HWCSUM,TXTLS_RTLMT,RXTLS4,RXTLS6>\n";
        assert!(want.contains(opts), "{release}: no {opts:?} in\n{want}");
        assert!(got_m.contains("\tcapabilities=ffef07bb<RXCSUM,TXCSUM,"), "{release}\n{got_m}");
    }
}

#[test]
fn the_ioctl_backend_makes_the_capability_requests() {
    for (major, minor) in [(10, 0), (13, 2), (14, 0), (15, 0)] {
        let release = Release { major, minor };
        same_output(&mut IoctlBackend::new(ModelIoctl::new(start(release)), release), release);
    }
}

#[test]
fn the_hybrid_backend_makes_the_capability_requests() {
    for (major, minor) in [(14, 1), (15, 0), (16, 0)] {
        let release = Release { major, minor };
        same_output(&mut SharedKernel::hybrid(start(release)), release);
    }
}
