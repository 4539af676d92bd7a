//! `vnet` / `-vnet` through FreeBSD's requests with the kernel model behind
//! them: jail_getid (jail_get(2)) for the jid, then SIOCSIFVNET /
//! SIOCSIFRVNET with `ifr_jid`, on the ioctl backend (10-15) and the 14+
//! netlink-and-ioctl backend; every line must end as on the virtual host
//! itself, refusals worded the same, and the interface must land in the
//! same jail with the same state.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{Host, Jail, ModelBackend, SharedKernel};
use libcarpctl::{Backend, IfaceChange, Release};

use super::kernel_tests::{line, printed};

/// The seed host with a vnet jail `j1` (jid 1) and a jail `web` (jid 2)
/// sharing the host's stack.
fn jailed(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    let own = Some(Box::new(Host::new(release)));
    h.jails.push(Jail { name: "j1".into(), jid: 1, vnet: own, addresses: Vec::new() });
    h.jails.push(Jail { name: "web".into(), jid: 2, vnet: None, addresses: Vec::new() });
    h
}

/// `(interface, words, expected failure)`.
const LINES: [(&str, &str, Option<&str>); 8] = [
    ("epair", "create", None),
    ("epair0b", "inet 198.51.100.2/24 up group web", None),
    ("epair0b", "vnet nope", Some("jail \"nope\" not found")),
    ("epair0b", "vnet 9", Some("jail 9 not found")),
    ("epair0b", "vnet 0", Some("SIOCSIFVNET: Device not configured")),
    ("epair0b", "vnet web", Some("SIOCSIFVNET: File exists")),
    ("epair0a", "-vnet j1", Some("SIOCSIFRVNET(1, epair0a): Device not configured")),
    ("epair0b", "vnet j1", None),
];

fn same_moves(b: &mut dyn Backend, release: Release) -> ModelBackend {
    let mut model = ModelBackend::new(jailed(release));
    for (ifname, words, fails) in LINES {
        let want = line(&mut model, ifname, words);
        assert_eq!(want.clone().err().as_deref(), fails, "{release}: {ifname} {words}");
        assert_eq!(line(b, ifname, words), want, "{release}: {ifname} {words}");
    }
    assert_eq!(printed(b), printed(&mut model), "{release}");
    assert!(!printed(b).contains("epair0b"), "{release}: moved away");
    // `-vnet` as the first word, for an interface not here.
    let back = IfaceChange::Reclaim("j1".into());
    let again = Some("SIOCSIFRVNET(1, epair0b): Device not configured");
    for fails in [None, again] {
        let want = model.change("epair0b", &back).map_err(|e| e.freebsd_message());
        assert_eq!(want.clone().err().as_deref(), fails, "{release}");
        assert_eq!(b.change("epair0b", &back).map_err(|e| e.freebsd_message()), want, "{release}");
    }
    assert_eq!(printed(b), printed(&mut model), "{release}");
    assert!(printed(b).contains("epair0b: flags="), "{release}: back");
    // Into the jail again, by jid, to compare what the jail holds.
    assert_eq!(line(b, "epair0b", "vnet 1"), Ok(()));
    line(&mut model, "epair0b", "vnet 1").unwrap();
    model
}

#[test]
fn vnet_through_the_kernel_requests() {
    for (major, minor) in [(10, 0), (11, 4), (13, 2), (14, 0), (15, 0)] {
        let release = Release { major, minor };
        let kernel = SharedKernel::new(jailed(release));
        let mut b = IoctlBackend::new(kernel.clone(), release);
        let model = same_moves(&mut b, release);
        assert_eq!(kernel.host().jails, model.host.jails, "{release}: the jail holds the same");
        let calls: Vec<&str> = kernel.calls().iter().map(|c| c.name).collect();
        assert!(calls.contains(&"SIOCSIFVNET") && calls.contains(&"SIOCSIFRVNET"), "{calls:?}");
    }
    for (major, minor) in [(14, 1), (15, 0), (16, 0)] {
        let release = Release { major, minor };
        same_moves(&mut SharedKernel::hybrid(jailed(release)), release);
    }
}
