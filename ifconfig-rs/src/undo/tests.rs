//! The undo journal on the backends that talk to a FreeBSD kernel, with the
//! kernel model behind them: the ioctl backend over `ModelIoctl` (10-14.0's
//! API) and the netlink backend over `NetlinkPeer` (14+), as on a real
//! FreeBSD host. A refused command leaves the kernel as it was.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::backend::netlink::NetlinkBackend;
use libcarpctl::backend::FreeBsd;
use libcarpctl::model::{Host, ModelIoctl, NetlinkPeer};
use libcarpctl::{AddressRequest, AddressSelector, Backend, CarpSet, CarpState, Key, Release, Vhid};

use super::{Done, Journal};
use crate::error::CliError;
use crate::grammar::{parse, Context};

fn vh(n: u8) -> Vhid {
    Vhid::new(n.into()).unwrap()
}

/// The seed's igb0 on `release` with vhid 10 (advskew 5, a key) MASTER on
/// 10.0.0.110/27.
fn host(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    let set = CarpSet { advskew: 5, key: Key::from_passphrase(b"s3cret"), ..CarpSet::zeroed(vh(10)) };
    h.carp_set("igb0", &set).unwrap();
    h.add_address("igb0", &AddressRequest::parse_inet("10.0.0.110/27").unwrap().with_vhid(vh(10))).unwrap();
    h.carp_set("igb0", &CarpSet { state: CarpState::Master, ..set }).unwrap();
    assert_eq!(h.interfaces[0].carp[0].state, CarpState::Master);
    h
}

/// A backend over a model host, and a way to read the host back.
trait OverModel: Backend {
    fn host(&self) -> &Host;
}

impl OverModel for IoctlBackend<ModelIoctl> {
    fn host(&self) -> &Host {
        &self.sys().host
    }
}

impl OverModel for NetlinkBackend<NetlinkPeer, FreeBsd> {
    fn host(&self) -> &Host {
        &self.transport().host
    }
}

fn ioctl(h: Host) -> IoctlBackend<ModelIoctl> {
    let release = h.release;
    IoctlBackend::new(ModelIoctl::new(h), release)
}

/// Run `line` on igb0 through `b`: the result, as `main` would print it.
fn run(b: &mut dyn Backend, line: &str) -> Result<(), super::Failure> {
    let before = b.interface("igb0").unwrap();
    let words: Vec<String> = line.split_whitespace().map(String::from).collect();
    let plan = parse("igb0", &words, Context { release: b.release(), flags: before.flags })
        .map_err(super::Failure::untouched)?;
    crate::apply::apply(b, &plan, &before, &mut std::io::sink())
}

fn message(f: super::Failure) -> String {
    f.into_error().to_string()
}

const REFUSED: [(&str, &str); 4] = [
    ("down vhid 10 advskew 255", "SIOCSVH: Invalid argument"),
    ("mtu 9000 vhid 10 advskew 255", "SIOCSVH: Invalid argument"),
    ("down mtu 1400 vhid 10 advbase 256 state backup", "SIOCSVH: Invalid argument"),
    (
        "vhid 10 advskew 9 pass other 10.0.0.200/27 -alias",
        "ioctl (SIOCDIFADDR): Can't assign requested address",
    ),
];

/// Each refused line leaves the kernel exactly as it was.
fn refused_lines_change_nothing<B: OverModel>(make: impl Fn(Host) -> B, release: Release) {
    for (line, msg) in REFUSED {
        let mut b = make(host(release));
        let original = b.host().clone();
        let failed = run(&mut b, line).expect_err(line);
        assert!(!failed.kept(), "{release} {line}: {failed:?}");
        assert_eq!(message(failed), msg, "{release} {line}");
        assert_eq!(*b.host(), original, "{release} {line}: the kernel was left changed");
    }
}

#[test]
fn ioctl_backend_undoes_a_refused_command() {
    for release in [Release::V10_0, Release { major: 13, minor: 2 }, Release::V14_0] {
        refused_lines_change_nothing(ioctl, release);
    }
}

#[test]
fn netlink_backend_undoes_a_refused_command() {
    for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
        refused_lines_change_nothing(NetlinkPeer::backend, release);
    }
}

/// 10-13's SIOCSVH applies advbase before it refuses advskew: ifconfig
/// writes back what it read, so an existing vhid is as it was.
#[test]
fn a_half_applied_set_is_written_back() {
    let mut b = ioctl(host(Release::V10_0));
    let original = b.host().clone();
    let failed = run(&mut b, "vhid 10 advbase 7 advskew 255").unwrap_err();
    assert!(!failed.kept());
    assert_eq!(*b.host(), original);
    // A vhid the refused SET created stays, as FreeBSD's kernel keeps it.
    let failed = run(&mut b, "vhid 11 advbase 7 advskew 255").unwrap_err();
    assert!(failed.kept());
    assert_eq!(b.host().iface("igb0").unwrap().carp[1].advbase, 7);
}

/// A removed address comes back with its vhid, recreated if its removal
/// destroyed it.
#[test]
fn a_removed_address_is_put_back_with_its_vhid() {
    for mut b in [
        Box::new(ioctl(host(Release::V10_0))) as Box<dyn OverModel>,
        Box::new(NetlinkPeer::backend(host(Release::V15_0))),
    ] {
        let before = b.interface("igb0").unwrap();
        let address = before.addresses[1].clone();
        let status = b.carp_get("igb0", Some(vh(10))).unwrap().remove(0);
        b.delete_address("igb0", &AddressSelector::Exact(address.addr)).unwrap();
        assert!(b.host().iface("igb0").unwrap().carp.is_empty(), "the vhid went with its last address");
        let mut journal = Journal::new("igb0");
        journal.record(Done::Removed { address: address.clone(), vhid: Some(status.clone()) });
        let failed = journal.undo(b.as_mut(), CliError::msg("x"));
        assert!(!failed.kept(), "{failed:?}");
        let igb0 = b.host().iface("igb0").unwrap();
        assert!(igb0.addresses.contains(&address), "{igb0:?}");
        let back = &igb0.carp[0];
        assert_eq!((back.advskew, back.key.reveal()), (5, &b"s3cret"[..]));
    }
}

/// What cannot be undone is said, after FreeBSD's message.
#[test]
fn what_cannot_be_undone_is_said() {
    // 14's netlink cannot bring a link up (RTM_NEWLINK ignores IFF_UP).
    let mut peer = NetlinkPeer::new(host(Release { major: 14, minor: 1 }));
    peer.ignore_link_up = true;
    let mut b = NetlinkBackend::freebsd(peer, Release { major: 14, minor: 1 });
    let failed = run(&mut b, "down vhid 10 advskew 255").unwrap_err();
    assert!(failed.kept());
    let text = message(failed);
    assert!(
        text.starts_with("SIOCSVH: Invalid argument\nifconfig: could not undo: igb0 is left down ("),
        "{text}"
    );
    assert!(!b.host().iface("igb0").unwrap().flags.contains(libcarpctl::IfFlags::UP));

    // A key cannot be cleared.
    let mut b = ioctl(host(Release::V10_0));
    let was = b.carp_get("igb0", Some(vh(10))).unwrap().remove(0);
    let mut keyless = was.clone();
    keyless.key = Key::empty();
    let mut journal = Journal::new("igb0");
    journal.record(Done::Vhid { vhid: vh(10), was: Some(keyless) });
    journal.record(Done::Mtu { was: 1, now: 1500 });
    let text = message(journal.undo(&mut b, CliError::msg("SIOCSVH: Invalid argument")));
    assert_eq!(
        text,
        "SIOCSVH: Invalid argument\n\
         ifconfig: could not undo: igb0 is left with mtu 1500 (ioctl SIOCSIFMTU (set mtu): Invalid argument)\n\
         ifconfig: could not undo: vhid 10 on igb0 is left with changed settings (the kernel kept the new ones)"
    );
}

/// A vhid this command created goes again (through a spare address, whose
/// removal destroys it), on every backend.
#[test]
fn a_created_vhid_is_removed() {
    for mut b in [
        Box::new(ioctl(host(Release::V10_0))) as Box<dyn OverModel>,
        Box::new(NetlinkPeer::backend(host(Release::V15_0))),
    ] {
        let original = b.host().clone();
        b.carp_set("igb0", &CarpSet { advskew: 7, ..CarpSet::zeroed(vh(12)) }).unwrap();
        let mut journal = Journal::new("igb0");
        journal.record(Done::Vhid { vhid: vh(12), was: None });
        let failed = journal.undo(b.as_mut(), CliError::msg("x"));
        assert!(!failed.kept(), "{failed:?}");
        assert_eq!(*b.host(), original);
    }
}

impl OverModel for libcarpctl::model::ModelBackend {
    fn host(&self) -> &Host {
        &self.host
    }
}

/// Interface changes are undone by their inverses (on the model itself,
/// which a host file otherwise rolls back whole).
#[test]
fn interface_changes_are_undone() {
    let lines = [
        "promisc -arp debug description uplink group edge mtu 1400 vhid 10 advskew 255",
        "lladdr 00:25:90:03:0e:fb -promisc metric 7 vhid 10 advbase 256",
        "description uplink group edge 10.0.0.200/27 -alias",
        "media 100baseTX mediaopt fdx vhid 10 advskew 255",
    ];
    for release in [Release::V10_0, Release::V15_0] {
        for line in lines {
            let mut b = libcarpctl::model::ModelBackend::new(host(release));
            let original = b.host().clone();
            let failed = run(&mut b, line).expect_err(line);
            assert!(!failed.kept(), "{release} {line}: {failed:?}");
            assert_eq!(*b.host(), original, "{release} {line}");
        }
    }
}

/// The same lines on the backends that talk to a FreeBSD kernel: the
/// keyword changes go out as FreeBSD's ioctls (SIOCSIFDESCR,
/// SIOCAIFGROUP, SIOCSIFFLAGS, SIOCSIFLLADDR...) and are undone by them
/// when a later request is refused; the model kernel behind them is left
/// as it was.
#[test]
fn interface_changes_are_undone_through_freebsds_ioctls() {
    let lines = [
        ("description uplink group edge promisc -rxcsum fib 9", "ioctl (SIOCSIFFIB): Invalid argument"),
        // (`vlanpcp` on igb0 is no refusal from 12: SIOCSVLANPCP is
        // SIOCSLANPCP, which ether_ioctl takes.)
        (
            "lladdr 00:25:90:03:0e:fb debug -arp description x mtu 70",
            "ioctl SIOCSIFMTU (set mtu): Invalid argument",
        ),
        ("description uplink group edge mtu 1400 addm nosuch0", "BRDGADD nosuch0: Invalid argument"),
    ];
    for (line, msg) in lines {
        for release in [Release::V10_0, Release { major: 13, minor: 2 }, Release::V14_0] {
            let mut b = ioctl(host(release));
            let original = b.host().clone();
            let failed = run(&mut b, line).expect_err(line);
            assert!(!failed.kept(), "{release} {line}: {failed:?}");
            assert_eq!(message(failed), msg, "{release} {line}");
            assert_eq!(*b.host(), original, "{release} {line}");
            // The earlier words were written, then written back.
            let descr = b.sys().calls.iter().filter(|c| c.name == "SIOCSIFDESCR").count();
            assert_eq!(descr, 2, "{release} {line}");
        }
        for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
            let mut b = libcarpctl::model::SharedKernel::hybrid(host(release));
            let original = b.nl.transport().host();
            let failed = run(&mut b, line).expect_err(line);
            assert!(!failed.kept(), "{release} {line}: {failed:?}");
            assert_eq!(message(failed), msg, "{release} {line}");
            assert_eq!(b.nl.transport().host(), original, "{release} {line}");
        }
    }
}

/// A line's media words go out as one SIOCSIFMEDIA after ifmedia.c's
/// read (SIOCGIFXMEDIA / SIOCGIFMEDIA, then again for the list); when a
/// later request is refused, the word that was current goes back with a
/// second SIOCSIFMEDIA, and the kernel is as it was.
#[test]
fn media_changes_are_undone_through_freebsds_ioctls() {
    let line = "media 1000baseT -mediaopt fdx mediaopt full-duplex vhid 10 advskew 255";
    for release in [Release::V10_0, Release { major: 13, minor: 2 }, Release::V14_0] {
        let mut model = libcarpctl::model::ModelBackend::new(host(release));
        let want = message(run(&mut model, line).expect_err(line));
        let mut b = ioctl(host(release));
        let original = b.host().clone();
        let failed = run(&mut b, line).expect_err(line);
        assert!(!failed.kept(), "{release} {line}: {failed:?}");
        assert_eq!(message(failed), want, "{release} {line}");
        assert_eq!(*b.host(), original, "{release} {line}");
        let sent = b.sys().calls.iter().filter(|c| c.name == "SIOCSIFMEDIA").count();
        assert_eq!(sent, 2, "{release} {line}");
    }
    for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
        let mut b = libcarpctl::model::SharedKernel::hybrid(host(release));
        let original = b.nl.transport().host();
        assert!(!run(&mut b, line).expect_err(line).kept(), "{release}");
        assert_eq!(b.nl.transport().host(), original, "{release} {line}");
    }
}

/// A lagg with a port, on `release`: lagg0 (failover) and epair0a/b.
fn lagg_host(release: Release) -> Host {
    let mut h = host(release);
    for name in ["lagg0", "epair"] {
        h.create_interface(&libcarpctl::CloneRequest { name: name.into(), ..Default::default() }).unwrap();
    }
    h
}

/// Run `line` on `ifname` through `b`, as `main` would.
fn run_on(b: &mut dyn Backend, ifname: &str, line: &str) -> Result<(), super::Failure> {
    let before = b.interface(ifname).unwrap();
    let words: Vec<String> = line.split_whitespace().map(String::from).collect();
    let plan = parse(ifname, &words, Context { release: b.release(), flags: before.flags })
        .map_err(super::Failure::untouched)?;
    crate::apply::apply(b, &plan, &before, &mut std::io::sink())
}

/// The lagg words go out as SIOCSLAGG, SIOCSLAGGHASH, SIOCSLAGGOPTS and
/// SIOCSLAGGPORT, and are written back through them when a later request
/// is refused: the model kernel behind is left as it was.
#[test]
fn lagg_changes_are_undone_through_freebsds_ioctls() {
    let line = "laggproto lacp lagghash l3 use_flowid lacp_strict flowid_shift 4 laggport epair0a fib 9";
    let msg = "ioctl (SIOCSIFFIB): Invalid argument";
    for release in [Release::V10_0, Release { major: 13, minor: 2 }, Release::V14_0] {
        let mut b = ioctl(lagg_host(release));
        let original = b.host().clone();
        let failed = run_on(&mut b, "lagg0", line).expect_err(line);
        assert!(!failed.kept(), "{release}: {failed:?}");
        assert_eq!(message(failed), msg, "{release}");
        assert_eq!(*b.host(), original, "{release}");
        // Each word was written, then written back; `lacp_strict` changes
        // nothing (an lacp lagg starts strict), so it has nothing to undo.
        for (name, n) in [("SIOCSLAGG", 2), ("SIOCSLAGGHASH", 2), ("SIOCSLAGGOPTS", 5)] {
            let sent = b.sys().calls.iter().filter(|c| c.name == name).count();
            assert_eq!(sent, n, "{release} {name}");
        }
        let ports: Vec<&str> = b
            .sys()
            .calls
            .iter()
            .filter(|c| c.name.starts_with("SIOCSLAGG") && c.name.contains("PORT"))
            .map(|c| c.name)
            .collect();
        assert_eq!(ports, ["SIOCSLAGGPORT", "SIOCSLAGGDELPORT"], "{release}");
    }
    for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
        let mut b = libcarpctl::model::SharedKernel::hybrid(lagg_host(release));
        let original = b.nl.transport().host();
        let failed = run_on(&mut b, "lagg0", line).expect_err(line);
        assert!(!failed.kept(), "{release}: {failed:?}");
        assert_eq!(message(failed), msg, "{release}");
        assert_eq!(b.nl.transport().host(), original, "{release}");
    }
}

/// `tunnel`, gif options and `grekey` go out as SIOCSIFPHYADDR(_IN6),
/// GIFSOPTS and GRESKEY, and are undone through SIOCDIFPHYADDR, GIFSOPTS
/// and GRESKEY when a later request is refused.
#[test]
fn tunnel_changes_are_undone_through_freebsds_ioctls() {
    let lines = [
        (
            "gif0",
            "tunnel 192.0.2.1 198.51.100.1 ignore_source fib 9",
            [("SIOCSIFPHYADDR", 1), ("GIFSOPTS", 2)],
        ),
        (
            "gre0",
            "tunnel 2001:db8::1 2001:db8::2 grekey 7 fib 9",
            [("SIOCSIFPHYADDR_IN6", 1), ("GRESKEY", 2)],
        ),
    ];
    let msg = "ioctl (SIOCSIFFIB): Invalid argument";
    let start = |release| {
        let mut h = host(release);
        for name in ["gif0", "gre0"] {
            h.create_interface(&libcarpctl::CloneRequest { name: name.into(), ..Default::default() })
                .unwrap();
        }
        h
    };
    for (ifname, line, sent) in lines {
        for release in [Release::V10_0, Release { major: 13, minor: 2 }, Release::V14_0] {
            let mut b = ioctl(start(release));
            let original = b.host().clone();
            let failed = run_on(&mut b, ifname, line).expect_err(line);
            assert!(!failed.kept(), "{release} {line}: {failed:?}");
            assert_eq!(message(failed), msg, "{release} {line}");
            assert_eq!(*b.host(), original, "{release} {line}");
            for (name, n) in sent.into_iter().chain([("SIOCDIFPHYADDR", 1)]) {
                let count = b.sys().calls.iter().filter(|c| c.name == name).count();
                assert_eq!(count, n, "{release} {line}: {name}");
            }
        }
        for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
            let mut b = libcarpctl::model::SharedKernel::hybrid(start(release));
            let original = b.nl.transport().host();
            let failed = run_on(&mut b, ifname, line).expect_err(line);
            assert!(!failed.kept(), "{release} {line}: {failed:?}");
            assert_eq!(message(failed), msg, "{release} {line}");
            assert_eq!(b.nl.transport().host(), original, "{release} {line}");
        }
    }
}

/// vxlan words go out as VXLAN_CMD_SET_* and are written back the same
/// way when a later request is refused.
#[test]
fn vxlan_changes_are_undone_through_freebsds_ioctls() {
    let line = "vxlanttl 9 vxlanlocalport 4790 vxlantimeout 600 fib 9";
    let msg = "ioctl (SIOCSIFFIB): Invalid argument";
    let start = |release| {
        let mut h = host(release);
        h.create_interface(&libcarpctl::CloneRequest { name: "vxlan0".into(), ..Default::default() })
            .unwrap();
        h
    };
    for release in [Release { major: 10, minor: 3 }, Release { major: 13, minor: 2 }, Release::V14_0] {
        let mut b = ioctl(start(release));
        let original = b.host().clone();
        let failed = run_on(&mut b, "vxlan0", line).expect_err(line);
        assert!(!failed.kept(), "{release}: {failed:?}");
        assert_eq!(message(failed), msg, "{release}");
        assert_eq!(*b.host(), original, "{release}");
        for name in ["VXLAN_CMD_SET_TTL", "VXLAN_CMD_SET_LOCAL_PORT", "VXLAN_CMD_SET_FTABLE_TIMEOUT"] {
            let n = b.sys().calls.iter().filter(|c| c.name == name).count();
            assert_eq!(n, 2, "{release} {name}");
        }
    }
    for release in [Release { major: 14, minor: 1 }, Release::V15_0, Release { major: 16, minor: 0 }] {
        let mut b = libcarpctl::model::SharedKernel::hybrid(start(release));
        let original = b.nl.transport().host();
        let failed = run_on(&mut b, "vxlan0", line).expect_err(line);
        assert!(!failed.kept(), "{release}: {failed:?}");
        assert_eq!(message(failed), msg, "{release}");
        assert_eq!(b.nl.transport().host(), original, "{release}");
    }
}
