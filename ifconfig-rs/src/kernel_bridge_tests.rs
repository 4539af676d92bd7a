//! The bridge address cache, STP and 15's VLAN filtering words through the
//! real FreeBSD backends with the kernel model behind the raw requests
//! (BRDGSADDR, BRDGDADDR, BRDGFLUSH, BRDGRTS, BRDGSIFAMAX, BRDGSPROTO,
//! BRDGSIFPRIO, BRDGSIFCOST; 15: BRDGSIFPVID, BRDGSIFVLANSET,
//! BRDGGIFVLANSET, BRDGGFLAGS/BRDGSFLAGS, BRDGSDEFPVID/BRDGGDEFPVID,
//! BRDGSIFVLANPROTO): every line's result, `addr`'s output and the
//! listing are byte for byte the virtual host's, refusals and undone
//! lines included.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{ModelBackend, ModelIoctl, SharedKernel};
use libcarpctl::{Backend, Release};

use super::{printed, start};

/// `(interface, words, from 15 only)`.
const LINES: [(&str, &str, bool); 17] = [
    ("bridge0", "create", false),
    ("epair", "create", false),
    ("bridge0", "addm epair0a addm epair0b up", false),
    ("bridge0", "static epair0a 02:00:00:00:00:01 ifmaxaddr epair0b 5 addr", false),
    ("bridge0", "ifpriority epair0a 40 ifpathcost epair0b 1000 proto stp", false),
    ("bridge0", "static epair0b 02:00:00:00:00:02 static epair0b 02:00:00:00:00:03", false),
    ("bridge0", "deladdr 02:00:00:00:00:02 flush addr", false),
    // Refused by the kernel, and a line undone after a refusal.
    ("bridge0", "static vmx9 02:00:00:00:00:04", false),
    ("bridge0", "ifpriority epair0a 241", false),
    ("bridge0", "ifpriority epair0a 64 ifpathcost epair0a 0 ifmaxaddr epair0a 9 proto rstp static epair0a 01:00:5e:00:00:01", false),
    ("bridge0", "ifpathcost epair0b 0 ifpathcost epair0a 300000000", false),
    ("epair0a", "addr", false),
    ("bridge0", "vlanfilter defuntagged 7 -defqinq", true),
    ("bridge0", "ifuntagged epair0a 5 iftagged epair0b 10-12,20 ifvlanproto epair0a 802.1ad", true),
    ("bridge0", "-iftagged epair0b 11 +iftagged epair0b 30", true),
    ("bridge0", "ifuntagged epair0a 9 static epair0a 02:00:00:00:00:05 vlan 5 ifuntagged vmx9 3", true),
    ("bridge0", "static epair0a 02:00:00:00:00:05 vlan 5 flushall addr", true),
];

/// One line as `main` runs it: what it printed, or its message.
fn line(b: &mut dyn Backend, ifname: &str, words: &str) -> Result<String, String> {
    let words: Vec<String> = words.split_whitespace().map(String::from).collect();
    if words.first().is_some_and(|w| w == "create") {
        let ctx = crate::grammar::Context { release: b.release(), flags: Default::default() };
        let (req, _) = crate::grammar::parse_create(ifname, &words[1..], ctx).map_err(|e| e.to_string())?;
        return b.create_interface(&req).map_err(|e| e.freebsd_message());
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    crate::configure_existing(b, ifname, &words, &mut out, &mut err)
        .map_err(|f| f.into_error().to_string())?;
    Ok(String::from_utf8(out).unwrap())
}

fn same_output(b: &mut dyn Backend, release: Release) {
    let mut model = ModelBackend::new(start(release));
    let fifteen = release.major >= 15;
    for (ifname, words, new) in LINES.iter().filter(|(.., new)| fifteen || !new) {
        let want = line(&mut model, ifname, words);
        assert_eq!(line(b, ifname, words), want, "{release}: {ifname} {words} ({new})");
    }
    let want = printed(&mut model);
    assert_eq!(printed(b), want, "{release}");
    assert!(want.contains("port 3 priority 32 path cost 2000"), "{release}: {want}");
    assert!(want.contains("ifmaxaddr 5 port"), "{release}: {want}");
    assert!(want.contains("proto stp maxaddr"), "{release}: {want}");
    if fifteen {
        assert!(want.contains("bridge flags=1<VLANFILTER> defuntagged=7\n"), "{release}: {want}");
        assert!(want.contains("vlan protocol 802.1ad untagged 5\n"), "{release}: {want}");
        assert!(want.contains("802.1q tagged 10,12,20,30\n"), "{release}: {want}");
    }
    let addr = line(b, "bridge0", "addr");
    assert_eq!(addr, line(&mut model, "bridge0", "addr"), "{release}");
    let want = "02:00:00:00:00:03 Vlan1 epair0b 0 flags=1<STATIC>\n02:00:00:00:00:01 Vlan1 epair0a 0 flags=1<STATIC>\n";
    assert_eq!(addr.as_deref(), Ok(if fifteen { "" } else { want }), "{release}");
}

#[test]
fn the_ioctl_backend_makes_the_bridge_requests() {
    for (major, minor) in [(10, 0), (11, 4), (12, 2), (13, 2), (14, 0), (15, 0)] {
        let release = Release { major, minor };
        let mut b = IoctlBackend::new(ModelIoctl::new(start(release)), release);
        same_output(&mut b, release);
    }
}

#[test]
fn the_netlink_backend_makes_the_bridge_requests() {
    for (major, minor) in [(14, 1), (15, 0), (16, 0)] {
        let release = Release { major, minor };
        let mut b = SharedKernel::hybrid(start(release));
        same_output(&mut b, release);
    }
}
