//! ifconfig's interface keywords through the real FreeBSD backends, with
//! the kernel model behind them (raw structs for the ioctl backend; raw
//! structs and netlink bytes from one shared host for the 14+ hybrid):
//! description, name, groups, fib, lladdr, flags, capabilities, nd6,
//! cloning, vlan, bridge, lagg, tunnel, gif, gre and vxlan requests, per
//! release.
//!
//! Each script runs twice, on the model backend itself and on the backend
//! under test: every step must answer the same (value or FreeBSD message)
//! and leave the same host, and the backend's listing must read back what
//! was set.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::backend::FreeBsdHybrid;
use libcarpctl::model::{Host, ModelBackend, ModelIoctl, SharedKernel};
use libcarpctl::{
    Backend, BridgeMember, Capabilities, CloneRequest, IfFlags, IfaceChange, Interface, MediaEdit,
    MediaStep as M, Nd6Flags, PfsyncChange, Release,
};

const IOCTL_RELEASES: [(u8, u8); 7] = [(10, 0), (11, 4), (12, 2), (13, 2), (14, 0), (14, 1), (15, 0)];
const HYBRID_RELEASES: [(u8, u8); 3] = [(14, 0), (15, 0), (16, 0)];

/// One line's media words.
fn media(steps: &[M]) -> IfaceChange {
    IfaceChange::Media(MediaEdit { steps: steps.to_vec() })
}

fn rel((major, minor): (u8, u8)) -> Release {
    Release { major, minor }
}

/// The seed's igb0, plus em0 (a second Ethernet), four FIBs.
fn host(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    let mut em0 = h.interfaces[0].clone();
    em0.name = "em0".into();
    em0.index = 2;
    em0.addresses.clear();
    em0.ether = Some([0x00, 0x25, 0x90, 0x03, 0x0e, 0xfb]);
    h.interfaces.push(em0);
    h.sysctl.insert("net.fibs".into(), 4);
    h
}

/// One step of a script.
#[derive(Debug, Clone)]
enum Step {
    Create(&'static str, Option<(u16, &'static str)>),
    Change(&'static str, IfaceChange),
    Destroy(&'static str),
}

fn flags(f: IfFlags, set: bool) -> IfaceChange {
    IfaceChange::Flags { flags: f, set }
}

fn member_flag(member: &str, flag: u32, set: bool) -> IfaceChange {
    IfaceChange::BridgeMemberFlag { member: member.into(), flag, set }
}

fn vx(v: libcarpctl::VxlanChange) -> IfaceChange {
    IfaceChange::Vxlan(v)
}

fn tunnel(src: &str, dst: &str) -> IfaceChange {
    IfaceChange::Tunnel(src.parse().unwrap(), dst.parse().unwrap())
}

fn lagg_opt(opt: u32, set: bool) -> IfaceChange {
    IfaceChange::LaggOption { opt, set }
}

/// Every family, with refusals among the changes.
fn script(release: Release) -> Vec<Step> {
    use libcarpctl::VxlanChange as V;
    use IfaceChange as C;
    use Step::*;
    let mut steps = vec![
        Create("bridge0", None),
        Create("bridge0", None), // exists
        Create("epair", None),
        Create("vlan111", Some((111, "igb0"))),
        Create("vlan5", None),
        Create("vlan7", Some((7, "nosuch0"))), // no parent
        Create("nosuch", None),                // no cloner
        Create("igb0.7", None),                // parent and tag from the name
        Create("igb0.7", None),                // exists
        Create("em0.8", Some((8, "em0"))),     // the same both ways
        Create("em0.9", Some((10, "em0"))),    // ambiguous
        Create("em0.09", None),                // invalid tag
        Change("vlan5", C::Vlan { tag: Some(5), parent: Some("em0".into()), proto: None }),
        Change("vlan5", C::Vlan { tag: Some(6), parent: Some("igb0".into()), proto: None }), // busy
        Change("igb0", C::Vlan { tag: Some(5), parent: Some("em0".into()), proto: None }),   // not a vlan
        Change("igb0", C::Description("LAN uplink".into())),
        Change("em0", C::Description("spare".into())),
        Change("em0", C::Description(String::new())),
        Change("igb0", C::Group("lan".into(), true)),
        Change("igb0", C::Group("lan".into(), true)), // already: no error
        Change("em0", C::Group("lan".into(), false)), // not in it: no error
        Change("igb0", C::Fib(2)),
        Change("igb0", C::Fib(9)), // beyond net.fibs
        Change("igb0", C::TunnelFib(1)),
        Change("igb0", flags(IfFlags::PPROMISC, true)),
        Change("igb0", flags(IfFlags::DEBUG | IfFlags::NOARP, true)),
        Change("igb0", flags(IfFlags::NOARP, false)),
        Change("igb0", IfaceChange::Capabilities { caps: Capabilities::from_bits_retain(0x101), set: false }),
        Change("igb0", IfaceChange::Capabilities { caps: Capabilities::from_bits_retain(0x400), set: true }),
        Change("epair0a", C::Nd6 { flags: Nd6Flags::IFDISABLED, set: false }),
        Change("epair0a", C::Nd6 { flags: Nd6Flags::NO_DAD, set: true }),
        Change("epair0a", C::Lladdr([0x02, 0, 0, 0, 0, 0xaa])),
        Change("epair0a", C::Lladdr([0x01, 0, 0x5e, 0, 0, 1])), // multicast
        Create("lo1", None),
        Change("lo1", C::Lladdr([0x02, 0, 0, 0, 0, 0xab])), // no link-level address
        Change("lo1", C::Description("loopback".into())),
        Destroy("lo1"),
        Change(
            "igb0",
            C::Inet6Address {
                addr: "2001:db8::9".parse().unwrap(),
                set: 1,
                clear: 0,
                pltime: None,
                vltime: None,
            },
        ), // no such address
        Change("bridge0", C::BridgeMember("epair0a".into(), true)),
        Change("bridge0", C::BridgeMember("em0".into(), true)),
        Change("bridge0", C::BridgeMember("nosuch0".into(), true)),
        Change("bridge0", C::BridgeMember("bridge0".into(), true)),
        Change("igb0", C::BridgeMember("em0".into(), true)), // not a bridge
        Change("bridge0", member_flag("epair0a", BridgeMember::STP, true)),
        Change("bridge0", member_flag("epair0a", BridgeMember::LEARNING, false)),
        Change("bridge0", member_flag("em0", BridgeMember::EDGE, true)),
        Change("bridge0", member_flag("nosuch0", BridgeMember::STP, true)),
        Change("bridge0", C::BridgeParam("priority", 4096)),
        Change("bridge0", C::BridgeParam("maxaddr", 500)),
        Change("bridge0", C::BridgeParam("timeout", 600)),
        Change("bridge0", C::BridgeParam("fwddelay", 20)),
        Change("bridge0", C::BridgeParam("maxage", 30)),
        Change("bridge0", C::BridgeParam("hellotime", 9)), // out of range
        Change("bridge0", C::BridgeParam("holdcnt", 3)),
        Change("bridge0", C::BridgeMember("em0".into(), false)),
        Change("bridge0", C::BridgeMember("em0".into(), false)), // gone
        Change("vlan111", C::VlanPcp(3)),
        Change("igb0", C::VlanPcp(3)), // not a vlan: ether_ioctl's pcp from 12
        Change("igb0", C::LanPcp(Some(5))), // SIOCSLANPCP: from 12
        Change("igb0", C::LanPcp(None)),
        Change("igb0", C::Nd6DefaultIf(true)), // SIOCSDEFIFACE_IN6
        Change("igb0", C::Nd6DefaultIf(false)),
        Change("vlan5", C::VlanDetach),
        Change("igb0", C::VlanDetach), // not a vlan
        Change("epair0b", C::Name("if_br0".into())),
        Change("em0", C::Name("igb0".into())), // taken
        Change("nosuch0", C::Description("x".into())),
        Create("lagg0", None),
        Change("lagg0", C::LaggProto("lacp".into())),
        Change("lagg0", C::LaggPort("em0".into(), true)),
        Change("lagg0", C::LaggPort("em0".into(), true)), // already a port
        Change("lagg0", C::LaggPort("nosuch0".into(), true)), // no such port
        Change("lagg0", C::LaggPort("lagg0".into(), true)), // itself
        Change("lagg0", C::LaggPort("igb0".into(), true)),
        Change("lagg0", C::LaggPort("igb0".into(), false)),
        Change("lagg0", C::LaggPort("igb0".into(), false)), // not a port
        Change("igb0", C::LaggPort("em0".into(), true)),    // not a lagg
        Change("lagg0", C::LaggHash(0x3)),
        Change("lagg0", C::LaggHash(0x8)), // no layer
        Change("lagg0", lagg_opt(0x10, true)),
        Change("lagg0", lagg_opt(0x80, true)),
        Change("lagg0", lagg_opt(0x01, true)),
        Change("lagg0", lagg_opt(0x04, true)),
        Change("lagg0", lagg_opt(0x01, false)),
        Change("lagg0", C::LaggFlowidShift(4)),
        Change("lagg0", C::LaggFlowidShift(40)), // beyond the mask
        Change("lagg0", C::LaggProto("roundrobin".into())),
        Change("lagg0", lagg_opt(0x10, true)), // an lacp option
        Create("gif0", None),
        Create("gif1", None),
        Create("gre0", None),
        Change("gif0", tunnel("192.0.2.1", "198.51.100.1")),
        Change("gif1", tunnel("192.0.2.1", "198.51.100.1")), // the same outer addresses
        Change("gif1", tunnel("192.0.2.2", "198.51.100.2")),
        Change("gif1", C::DeleteTunnel),
        Change("gre0", tunnel("2001:db8::1", "2001:db8::2")),
        Change("igb0", tunnel("192.0.2.9", "198.51.100.9")), // not a tunnel
        Change("gif0", C::GifOption { bits: 0x1, set: true }),
        Change("gif0", C::GifOption { bits: 0x2, set: true }),
        Change("gif0", C::GifOption { bits: 0x2, set: false }),
        Change("gif0", C::GifOption { bits: 0x8, set: true }), // not an option
        Change("gre0", C::GifOption { bits: 0x1, set: true }), // not a gif
        Change("gre0", C::GreKey(42)),
        Change("gre0", C::GreOption { bits: 0x1, set: true }),
        Change("gre0", C::GreOption { bits: 0x8, set: true }), // not an option
        Change("gre0", C::GrePort(50000)),
        Change("gre0", C::GrePort(1000)), // outside the range
        Change("gif0", C::GreKey(1)),     // not a gre
        Create("vxlan0", None),
        Change("vxlan0", vx(V::Vni(42))),
        Change("vxlan0", vx(V::Vni(1 << 24))), // beyond VXLAN_VNI_MAX
        Change("vxlan0", vx(V::Local("192.0.2.10".parse().unwrap()))),
        Change("vxlan0", vx(V::Local("224.0.0.1".parse().unwrap()))), // multicast
        Change("vxlan0", vx(V::Remote("198.51.100.10".parse().unwrap()))),
        Change("vxlan0", vx(V::LocalPort(4790))),
        Change("vxlan0", vx(V::RemotePort(4791))),
        Change("vxlan0", vx(V::PortRange(20000, 30000))),
        Change("vxlan0", vx(V::PortRange(30000, 20000))), // backwards
        Change("vxlan0", vx(V::Timeout(600))),
        Change("vxlan0", vx(V::MaxAddr(100))),
        Change("vxlan0", vx(V::Dev("em0".into()))),
        Change("vxlan0", vx(V::Learn(false))),
        Change("vxlan0", vx(V::Flush(true))),
        Change("igb0", vx(V::Vni(5))), // not a vxlan: nothing changes
        Change("vxlan0", vx(V::Ttl(32))),
        Change("em0", media(&[M::Subtype("100baseTX".into())])),
        Change("em0", media(&[M::Options { list: "fdx,flow".into(), clear: false }])), // not listed
        Change("em0", media(&[M::Options { list: "fdx".into(), clear: false }])),
        Change("em0", media(&[M::Options { list: "hdx".into(), clear: false }])),
        Change("em0", media(&[M::Instance(1)])),        // not listed
        Change("em0", media(&[M::Mode("11g".into())])), // Ethernet has no modes
        Change("em0", media(&[M::Word(0x20)])),         // autoselect, as undo sends it
        Change(
            "em0",
            media(&[M::Subtype("1000baseT".into()), M::Options { list: "fdx".into(), clear: false }]),
        ),
        Change("bridge0", media(&[M::Subtype("autoselect".into())])), // no media
        Change("vlan111", media(&[M::Subtype("autoselect".into())])), // vlan: EINVAL
        Destroy("vlan5"),
        Destroy("igb0"), // not cloned
        Destroy("nosuch0"),
    ];
    // 10.x's lagg has no stride (struct lagg_reqopts without ro_bkt).
    if release.lagg_has_stride() {
        steps.push(Change("lagg0", C::LaggRrLimit(500)));
    }
    steps.extend(pfsync_steps(release));
    steps.extend(driver_steps(release));
    // No interface here has IFCAP_NV: setifcapnv's warning, nothing sent.
    steps.push(Change("igb0", C::CapabilityNv(vec![("RXTLS4".into(), true), ("RXTLS6".into(), true)])));
    // No MAC policy is loaded: SIOCSIFMAC is EINVAL.
    steps.push(Change("igb0", C::MacLabel("biba/high".into())));
    steps
}

fn drv(d: libcarpctl::DriverChange) -> IfaceChange {
    IfaceChange::Driver(d)
}

/// ipsec's reqid (11.0 on) and stf's 6rd words (14.0 on); the refused
/// ones are counted in [`driver_refused`].
fn driver_steps(release: Release) -> Vec<Step> {
    use libcarpctl::DriverChange as D;
    use Step::*;
    let mut steps = Vec::new();
    if release.major >= 11 {
        steps.extend([
            Create("ipsec0", None),
            Create("ipsec1", None),
            Change("ipsec0", drv(D::IpsecReqid(0))), // key_newreqid's
            Change("ipsec0", drv(D::IpsecReqid(7))),
            Change("ipsec1", drv(D::IpsecReqid(7))), // EEXIST
            Change("ipsec1", drv(D::IpsecReqid(9))),
            Change("igb0", drv(D::IpsecReqid(3))), // not an ipsec
        ]);
    }
    if release.major >= 14 {
        let a = "192.0.2.0".parse().unwrap();
        steps.extend([
            Create("stf0", None),
            Change("stf0", drv(D::StfV4Net(a, 24))),
            Change("stf0", drv(D::StfV4Net(a, 0))), // EINVAL
            Change("stf0", drv(D::StfBorderRelay("203.0.113.9".parse().unwrap()))),
            Change("igb0", drv(D::StfBorderRelay(a))), // not an stf
        ]);
    }
    steps
}

fn driver_refused(release: Release) -> usize {
    match release.major {
        ..=10 => 0,
        11..=13 => 2,
        _ => 4,
    }
}

fn ps(p: PfsyncChange) -> IfaceChange {
    IfaceChange::Pfsync(p)
}

/// pfsync through `SIOC[GS]ETPFSYNC` (10-13) or the nvlist pair (14 on).
fn pfsync_steps(release: Release) -> Vec<Step> {
    use PfsyncChange as P;
    use Step::*;
    let mut steps = vec![
        Create("pfsync0", None),
        Change("pfsync0", ps(P::Syncdev(Some("em0".into())))),
        Change("pfsync0", ps(P::Syncdev(Some("nosuch0".into())))), // EINVAL
        Change("pfsync0", ps(P::Syncpeer(Some("192.0.2.9".parse().unwrap())))),
        Change("pfsync0", ps(P::Maxupd(64))),
        Change("pfsync0", ps(P::Defer(true))),
        Change("pfsync0", ps(P::Syncpeer(Some("224.0.0.240".parse().unwrap())))), // the group
        Change("pfsync0", ps(P::Syncpeer(Some("192.0.2.10".parse().unwrap())))),
        Change("pfsync0", ps(P::Syncpeer(None))),
        Change("pfsync0", ps(P::Syncdev(None))),
        Change("pfsync0", ps(P::Syncpeer(Some("192.0.2.11".parse().unwrap())))),
        Change("pfsync0", ps(P::Syncpeer(None))), // no device: 14 keeps the peer
        Change("pfsync0", ps(P::Defer(false))),
        Change("igb0", ps(P::Maxupd(1))), // not a pfsync: ENOTTY
        Change("nosuch0", ps(P::Maxupd(1))),
    ];
    if release.major >= 14 {
        steps.extend([
            Change("pfsync0", ps(P::Version(1301))),
            Change("pfsync0", ps(P::Version(1200))), // EINVAL
            Change("pfsync0", ps(P::Syncpeer(Some("2001:db8::9".parse().unwrap())))),
            Change("pfsync0", ps(P::Version(1500))), // 15 on
        ]);
    } else {
        steps.extend([Change("pfsync0", ps(P::Maxupd(7))), Change("igb0", ps(P::Defer(true)))]);
    }
    steps
}

fn run(b: &mut dyn Backend, step: &Step) -> Result<String, String> {
    let r = match step {
        Step::Create(name, vlan) => {
            let vlan = vlan.map(|(t, p)| (t, p.to_string()));
            let req = CloneRequest { name: name.to_string(), vlan, ..CloneRequest::default() };
            b.create_interface(&req)
        }
        Step::Change(name, c) => b.change(name, c).map(|()| String::new()),
        Step::Destroy(name) => b.destroy_interface(name).map(|()| String::new()),
    };
    r.map_err(|e| e.freebsd_message())
}

/// A backend with the model kernel behind it.
trait OverModel: Backend {
    fn host(&self) -> Host;
}

impl OverModel for IoctlBackend<ModelIoctl> {
    fn host(&self) -> Host {
        self.sys().host.clone()
    }
}

impl OverModel for FreeBsdHybrid<SharedKernel, SharedKernel> {
    fn host(&self) -> Host {
        self.nl.transport().host()
    }
}

/// Run the script on the model and on `b`: the same answers at every
/// step and the same host after it. Returns the model, and how many steps
/// were refused.
fn same_as_model(b: &mut dyn OverModel, start: Host) -> (ModelBackend, usize) {
    let release = start.release;
    let mut model = ModelBackend::new(start);
    let mut refused = 0;
    for step in script(release) {
        let want = run(&mut model, &step);
        let got = run(b, &step);
        assert_eq!(got, want, "{release}: {step:?}");
        refused += usize::from(got.is_err());
        assert_eq!(b.host(), model.host, "{release}: after {step:?}");
    }
    assert_eq!(b.cloners().unwrap(), model.cloners().unwrap(), "{release}: -C");
    (model, refused)
}

/// What the listing reads back after the script: the values set, and the
/// same keyword state as the model's own listing.
fn check_listing(list: &[Interface], model: &mut ModelBackend, release: Release) {
    let get = |n: &str| list.iter().find(|i| i.name == n).unwrap_or_else(|| panic!("{release}: no {n}"));
    let igb0 = get("igb0");
    assert_eq!(igb0.settings.description.as_deref(), Some("LAN uplink"), "{release}");
    assert_eq!(igb0.settings.groups, ["lan"], "{release}");
    assert_eq!((igb0.settings.fib, igb0.settings.tunnelfib), (2, 1), "{release}");
    assert!(igb0.flags.contains(IfFlags::PPROMISC | IfFlags::PROMISC | IfFlags::DEBUG), "{release}");
    assert!(!igb0.flags.contains(IfFlags::NOARP), "{release}");
    assert_eq!(igb0.options.map(|c| c.bits()), Some((0x401bb & !0x101) | 0x400), "{release}");
    assert_eq!(get("em0").settings.description, None, "{release}");
    let a = get("epair0a");
    assert_eq!(a.ether, Some([0x02, 0, 0, 0, 0, 0xaa]), "{release}");
    assert_eq!(a.nd6, Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL | Nd6Flags::NO_DAD), "{release}");
    assert_eq!(a.settings.groups, ["epair"], "{release}");
    assert!(list.iter().any(|i| i.name == "if_br0") && !list.iter().any(|i| i.name == "epair0b"));
    let bridge = get("bridge0").settings.bridge.clone().expect("bridge settings");
    let members: Vec<&str> = bridge.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["epair0a"], "{release}");
    let m = &bridge.members[0];
    assert_eq!(m.flags & (BridgeMember::STP | BridgeMember::LEARNING), BridgeMember::STP, "{release}");
    assert_eq!((bridge.priority, bridge.maxaddr, bridge.timeout), (4096, 500, 600), "{release}");
    assert_eq!((bridge.fwddelay, bridge.maxage), (20, 30), "{release}");
    let v = get("vlan111").settings.vlan.clone().expect("vlan settings");
    assert_eq!((v.tag, v.parent.as_deref(), v.pcp, v.proto), (111, Some("igb0"), 3, 0x8100), "{release}");
    assert!(!list.iter().any(|i| i.name == "vlan5"), "{release}");
    let dotted = get("igb0.7").settings.vlan.clone().expect("vlan settings");
    assert_eq!((dotted.tag, dotted.parent.as_deref()), (7, Some("igb0")), "{release}");
    assert_eq!((bridge.holdcnt, bridge.proto.as_str()), (3, "rstp"), "{release}");
    let l = get("lagg0").settings.lagg.clone().expect("lagg settings");
    assert_eq!((l.proto.as_str(), &l.ports[..]), ("roundrobin", &["em0".to_string()][..]), "{release}");
    let stride = if release.lagg_has_stride() { 500 } else { 0 };
    assert_eq!((l.hash, l.opts, l.flowid_shift, l.rr_limit), (0x3, 0x04, 4, stride), "{release}");
    let gif0 = get("gif0");
    let t = gif0.settings.tunnel.expect("gif0's tunnel");
    assert_eq!((t.src.to_string(), t.dst.to_string()), ("192.0.2.1".into(), "198.51.100.1".into()));
    assert_eq!(gif0.settings.gif.map(|g| g.options), Some(0x1), "{release}");
    assert_eq!(get("gif1").settings.tunnel, None, "{release}");
    let gre0 = get("gre0");
    assert_eq!(gre0.settings.tunnel.map(|t| t.dst.to_string()).as_deref(), Some("2001:db8::2"));
    let g = gre0.settings.gre.expect("gre settings");
    assert_eq!((g.key, g.options, g.udpport), (42, 0x1, 50000), "{release}");
    let v = get("vxlan0").settings.vxlan.clone().expect("vxlan settings");
    assert_eq!(
        (v.vni, v.local_port, v.remote_port, v.port_min, v.port_max),
        (Some(42), 4790, 4791, 20000, 30000)
    );
    assert_eq!((v.timeout, v.maxaddr, v.ttl, v.learn, v.dev.as_deref()), (600, 100, 32, false, Some("em0")));
    assert_eq!(v.remote.map(|a| a.to_string()).as_deref(), Some("198.51.100.10"), "{release}");
    assert_eq!(get("em0").media.as_deref(), Some("Ethernet 1000baseT <full-duplex>"), "{release}");
    assert_eq!(get("em0").supported_media.len(), 7, "{release}");
    // Everything these requests carry reads as the model lists it.
    for want in model.list_interfaces().unwrap() {
        let got = get(&want.name);
        let (g, w) = (&got.settings, &want.settings);
        assert_eq!((&g.description, &g.groups, g.fib, &g.vlan), (&w.description, &w.groups, w.fib, &w.vlan));
        assert_eq!(g.bridge, w.bridge, "{release} {}", want.name);
        assert_eq!(g.lagg, w.lagg, "{release} {}", want.name);
        assert_eq!((g.tunnel, g.gif, g.gre), (w.tunnel, w.gif, w.gre), "{release} {}", want.name);
        assert_eq!(g.vxlan, w.vxlan, "{release} {}", want.name);
        assert_eq!((&g.pfsync, g.ipsec), (&w.pfsync, w.ipsec), "{release} {}", want.name);
        // STF6RD_GV4NET came with 14.0's 6rd: before, nothing to read.
        if release.major >= 14 {
            assert_eq!(g.stf, w.stf, "{release} {}", want.name);
        }
        assert_eq!((&got.media, &got.supported_media), (&want.media, &want.supported_media), "{}", want.name);
        // LOWER_UP is netlink's word only (getifaddrs has no such flag).
        let f = |i: &Interface| i.flags - IfFlags::LOWER_UP;
        assert_eq!((f(got), got.options, got.nd6, got.ether), (f(&want), want.options, want.nd6, want.ether));
    }
}

fn ioctl(h: Host) -> IoctlBackend<ModelIoctl> {
    let release = h.release;
    IoctlBackend::new(ModelIoctl::new(h), release)
}

/// The number of refused steps in [`script`] on 12 and later.
const REFUSED_STEPS: usize = 47;

/// The pcp steps on igb0 10-11's ether_ioctl refuses (SIOCSLANPCP, and
/// SIOCSVLANPCP, the same number, on a non-vlan).
fn pcp_refused(release: Release) -> usize {
    if release.has_lan_pcp() {
        0
    } else {
        3
    }
}

/// The refused steps of [`pfsync_steps`]: `version 1500` is 15's.
fn pfsync_refused(release: Release) -> usize {
    if release.major == 14 {
        5
    } else {
        4
    }
}

#[test]
fn ioctl_backend_makes_every_keyword_change_as_the_model() {
    for r in IOCTL_RELEASES {
        let release = rel(r);
        let mut b = ioctl(host(release));
        let (mut model, refused) = same_as_model(&mut b, host(release));
        let expected =
            REFUSED_STEPS + pcp_refused(release) + pfsync_refused(release) + driver_refused(release);
        assert_eq!(refused, expected, "{release}");
        check_listing(&b.list_interfaces().unwrap(), &mut model, release);
    }
}

#[test]
fn netlink_backend_makes_every_keyword_change_as_the_model() {
    for r in HYBRID_RELEASES {
        let release = rel(r);
        let mut b = SharedKernel::hybrid(host(release));
        let (mut model, refused) = same_as_model(&mut b, host(release));
        let expected =
            REFUSED_STEPS + pcp_refused(release) + pfsync_refused(release) + driver_refused(release);
        assert_eq!(refused, expected, "{release}");
        check_listing(&b.list_interfaces().unwrap(), &mut model, release);
    }
}

/// Without privilege every request that changes something is refused as
/// the model refuses it, and nothing changes.
#[test]
fn unprivileged_changes_are_refused_and_change_nothing() {
    for r in [(10, 0), (13, 2), (15, 0)] {
        let mut h = host(rel(r));
        h.privileged = false;
        let before = h.clone();
        let mut b = ioctl(h.clone());
        let (_, refused) = same_as_model(&mut b, h.clone());
        assert!(refused >= 50, "{refused}");
        assert_eq!(b.host(), before);
        let mut b = SharedKernel::hybrid(h.clone());
        if rel(r).has_netlink() {
            same_as_model(&mut b, h);
            assert_eq!(b.host(), before);
        }
    }
}

/// The requests written are FreeBSD's, by name, one write per change.
#[test]
fn each_change_is_freebsds_request() {
    use IfaceChange as C;
    let cases: [(&str, C, &[&str]); 18] = [
        ("igb0", C::MacLabel("biba/high".into()), &["SIOCSIFMAC"]),
        ("igb0", C::Description("LAN".into()), &["SIOCSIFDESCR"]),
        ("igb0", C::Name("lan0".into()), &["SIOCSIFNAME"]),
        ("igb0", C::Group("lan".into(), true), &["SIOCAIFGROUP"]),
        ("igb0", C::Group("lan".into(), false), &["SIOCDIFGROUP"]),
        ("igb0", C::Fib(1), &["SIOCSIFFIB"]),
        ("igb0", C::TunnelFib(1), &["SIOCSTUNFIB"]),
        ("igb0", C::Lladdr([2, 0, 0, 0, 0, 1]), &["SIOCSIFLLADDR"]),
        ("igb0", flags(IfFlags::PPROMISC, true), &["SIOCGIFFLAGS", "SIOCSIFFLAGS"]),
        (
            "igb0",
            C::Capabilities { caps: Capabilities::from_bits_retain(1), set: false },
            &["SIOCGIFCAP", "SIOCSIFCAP"],
        ),
        ("igb0", C::Nd6 { flags: Nd6Flags::NO_DAD, set: true }, &["SIOCGIFINFO_IN6", "SIOCSIFINFO_IN6"]),
        ("bridge0", C::BridgeMember("em0".into(), true), &["BRDGADD"]),
        ("bridge0", C::BridgeParam("priority", 4096), &["BRDGSPRI"]),
        ("lagg0", C::LaggPort("em0".into(), true), &["SIOCSLAGGPORT"]),
        ("lagg0", C::LaggProto("lacp".into()), &["SIOCSLAGG"]),
        ("lagg0", C::LaggHash(1), &["SIOCSLAGGHASH"]),
        ("lagg0", C::LaggOption { opt: 1, set: true }, &["SIOCSLAGGOPTS"]),
        ("lagg0", C::LaggFlowidShift(3), &["SIOCSLAGGOPTS"]),
    ];
    for (ifname, change, want) in cases {
        let mut b = ioctl(host(Release::V14_0));
        for name in ["bridge0", "lagg0"] {
            b.create_interface(&CloneRequest { name: name.into(), ..CloneRequest::default() }).unwrap();
        }
        let n = b.sys().calls.len();
        // No MAC policy labels interfaces: the one request is refused.
        let r = b.change(ifname, &change);
        assert!(r.is_ok() || matches!(change, C::MacLabel(_)), "{change:?}: {r:?}");
        let names: Vec<&str> = b.sys().calls[n..].iter().map(|c| c.name).collect();
        assert_eq!(names, want, "{change:?}");
    }
    let mut b = ioctl(host(Release::V14_0));
    let vlan =
        CloneRequest { name: "vlan111".into(), vlan: Some((111, "igb0".into())), ..CloneRequest::default() };
    assert_eq!(b.create_interface(&vlan).unwrap(), "vlan111");
    b.change("vlan111", &C::VlanPcp(5)).unwrap();
    b.change("vlan111", &C::VlanDetach).unwrap();
    b.destroy_interface("vlan111").unwrap();
    b.cloners().unwrap();
    let names: Vec<&str> = b.sys().calls.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "SIOCIFCREATE2",
            "SIOCSVLANPCP",
            "SIOCGETVLAN",
            "SIOCGVLANPCP",
            "SIOCSETVLAN",
            "SIOCIFDESTROY",
            "SIOCIFGCLONERS",
            "SIOCIFGCLONERS"
        ]
    );
}

/// pfsync's words are a read and a write of the whole state: the struct
/// pair before 14, the nvlist pair from 14 (ifpfsync.c per release).
#[test]
fn pfsync_words_are_a_read_then_a_write() {
    for (release, get, set) in [
        (Release { major: 13, minor: 2 }, "SIOCGETPFSYNC", "SIOCSETPFSYNC"),
        (Release::V14_0, "SIOCGETPFSYNCNV", "SIOCSETPFSYNCNV"),
    ] {
        let mut b = ioctl(host(release));
        b.create_interface(&CloneRequest { name: "pfsync0".into(), ..CloneRequest::default() }).unwrap();
        let n = b.sys().calls.len();
        b.change("pfsync0", &IfaceChange::Pfsync(PfsyncChange::Maxupd(9))).unwrap();
        let names: Vec<&str> = b.sys().calls[n..].iter().map(|c| c.name).collect();
        assert_eq!(names, [get, set], "{release}");
        let p = b.sys().host.iface("pfsync0").unwrap().settings.pfsync.clone().unwrap();
        assert_eq!(p.maxupd, 9);
        // A refused write changes nothing and says FreeBSD's words.
        let before = b.sys().host.clone();
        let e = b.change("pfsync0", &IfaceChange::Pfsync(PfsyncChange::Syncdev(Some("nosuch0".into()))));
        assert_eq!(e.unwrap_err().freebsd_message(), format!("{set}: Invalid argument"));
        assert_eq!(b.sys().host, before);
        let e = b.change("igb0", &IfaceChange::Pfsync(PfsyncChange::Maxupd(1)));
        assert_eq!(e.unwrap_err().freebsd_message(), format!("{get}: Inappropriate ioctl for device"));
    }
}

/// `rxtls` on an interface with IFCAP_NV: SIOCGIFCAP, then SIOCSIFCAPNV
/// with the names as bools; without IFCAP_NV only the read and the
/// warning.
#[test]
fn nv_capabilities_are_a_cap_read_then_an_nvlist() {
    let change = IfaceChange::CapabilityNv(vec![("RXTLS4".into(), true), ("RXTLS6".into(), true)]);
    let mut h = host(Release::V14_0);
    let mut b = ioctl(h.clone());
    let e = b.change("igb0", &change).unwrap_err();
    assert_eq!(e.to_string(), libcarpctl::IFCAP_NV_NOT_SUPPORTED);
    let names: Vec<&str> = b.sys().calls.iter().map(|c| c.name).collect();
    assert_eq!(names, ["SIOCGIFCAP"]);
    // IFCAP_NV on, but no driver state behind it: the kernel's EINVAL.
    let igb0 = h.interfaces.iter_mut().find(|i| i.name == "igb0").unwrap();
    let on = igb0.options.unwrap().bits() | libcarpctl::IFCAP_NV;
    igb0.options = Some(Capabilities::from_bits_retain(on));
    let mut b = ioctl(h.clone());
    let before = b.sys().host.clone();
    assert_eq!(b.change("igb0", &change).unwrap_err().freebsd_message(), "SIOCSIFCAPNV: Invalid argument");
    let names: Vec<&str> = b.sys().calls.iter().map(|c| c.name).collect();
    assert_eq!(names, ["SIOCGIFCAP", "SIOCSIFCAPNV"]);
    assert_eq!(b.sys().host, before);
    // An IFCAP_NV driver that supports RXTLS: the second word comes on;
    // 14's kernel has no IPSEC name: the list asks for nothing.
    let igb0 = h.interfaces.iter_mut().find(|i| i.name == "igb0").unwrap();
    igb0.settings.capability_words =
        Some(libcarpctl::CapabilityWords { supported: on, supported2: 0b11, enabled2: 0 });
    let mut b = ioctl(h);
    b.change("igb0", &change).unwrap();
    let nv =
        |b: &IoctlBackend<ModelIoctl>| b.sys().host.iface("igb0").unwrap().settings.capability_words.unwrap();
    assert_eq!(nv(&b).enabled2, 0b11);
    let ipsec = IfaceChange::CapabilityNv(vec![("IPSEC".into(), true)]);
    b.change("igb0", &ipsec).unwrap();
    assert_eq!(nv(&b).enabled2, 0b11);
}

/// The kernel model reads the packed list as if_pfsync.c does: one that
/// does not unpack is EINVAL; one without `maxupdates` and `flags` sets
/// every field to zero (the kernel ignores the reader's refusal).
#[test]
fn pfsync_nvlist_as_the_kernel_reads_it() {
    use libcarpctl::nvlist::{NvList, NvValue};
    use libcarpctl::sys::nvreq::{NvRequest, SIOCSETPFSYNCNV};
    use libcarpctl::sys::{IoctlRequest, IoctlSys};
    let mut k = ModelIoctl::new(host(Release::V14_0));
    k.host.create_interface(&CloneRequest { name: "pfsync0".into(), ..CloneRequest::default() }).unwrap();
    let set = |k: &mut ModelIoctl, mut buf: Vec<u8>| {
        let mut ifr = libcarpctl::sys::abi::ifreq::new("pfsync0").unwrap();
        ifr.set_nv_lengths(buf.len() as u32, buf.len() as u32);
        k.ioctl(IoctlRequest::Nv(NvRequest::Packed {
            request: SIOCSETPFSYNCNV,
            ifr: &mut ifr,
            buf: &mut buf,
        }))
    };
    let mut l = NvList::new();
    l.set("maxupdates", NvValue::Number(17));
    l.set("flags", NvValue::Number(2));
    l.set("syncdev", NvValue::String("em0".into()));
    set(&mut k, l.pack()).unwrap();
    let p = k.host.iface("pfsync0").unwrap().settings.pfsync.clone().unwrap();
    assert_eq!((p.maxupd, p.defer, p.syncdev.as_deref(), p.version), (17, true, Some("em0"), 1400));
    let mut bad = l.pack();
    bad[0] = 0;
    assert_eq!(set(&mut k, bad), Err(libcarpctl::Errno::EINVAL));
    let mut only = NvList::new();
    only.set("syncdev", NvValue::String("em0".into()));
    set(&mut k, only.pack()).unwrap();
    let p = k.host.iface("pfsync0").unwrap().settings.pfsync.clone().unwrap();
    assert_eq!((p.maxupd, p.defer, p.syncdev), (0, false, None));
}

/// 10.x's `struct lagg_reqopts` is 36 bytes (no `ro_bkt`): its options
/// go with the 10.x request number, and `rr_limit` is refused by reason.
#[test]
fn lagg_options_on_10_use_the_short_struct() {
    use IfaceChange as C;
    let mut b = ioctl(host(Release::V10_0));
    b.create_interface(&CloneRequest { name: "lagg0".into(), ..CloneRequest::default() }).unwrap();
    b.change("lagg0", &C::LaggFlowidShift(7)).unwrap();
    let last = b.sys().calls.last().unwrap().request;
    assert_eq!(last, libcarpctl::sys::lagg::SIOCSLAGGOPTS_10);
    assert_eq!(b.interface("lagg0").unwrap().settings.lagg.unwrap().flowid_shift, 7);
    let before = b.host();
    let e = b.change("lagg0", &C::LaggRrLimit(5)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "rr_limit: FreeBSD 10.0's lagg(4) has no round-robin stride (struct lagg_reqopts without ro_bkt)"
    );
    assert_eq!(b.host(), before);
    // From 13.0 the stride is marked LAGG_OPT_RR_LIMIT; 11-12 send it alone.
    for (release, opts) in [(Release { major: 12, minor: 2 }, 0), (Release { major: 13, minor: 0 }, 0x100)] {
        let mut b = ioctl(host(release));
        b.create_interface(&CloneRequest { name: "lagg0".into(), ..CloneRequest::default() }).unwrap();
        b.change("lagg0", &C::LaggProto("roundrobin".into())).unwrap();
        let mut seen = Recorder { inner: b.sys().clone(), opts: Vec::new() };
        let mut b2 = IoctlBackend::new(&mut seen, release);
        b2.change("lagg0", &C::LaggRrLimit(9)).unwrap();
        assert_eq!(seen.opts, [(opts, 9)], "{release}");
        assert_eq!(seen.inner.host.iface("lagg0").unwrap().settings.lagg.as_ref().unwrap().rr_limit, 9);
    }
}

/// The model kernel, remembering each SIOCSLAGGOPTS's `ro_opts` and `ro_bkt`.
struct Recorder {
    inner: ModelIoctl,
    opts: Vec<(i32, u32)>,
}

impl libcarpctl::sys::IoctlSys for Recorder {
    fn ioctl(&mut self, req: libcarpctl::sys::IoctlRequest<'_>) -> Result<(), libcarpctl::Errno> {
        use libcarpctl::sys::lagg::LaggRequest;
        if let libcarpctl::sys::IoctlRequest::Lagg(LaggRequest::Opts { ro, set: true, .. }) = &req {
            self.opts.push((ro.ro_opts, ro.ro_bkt));
        }
        self.inner.ioctl(req)
    }

    fn getifaddrs(&mut self) -> libcarpctl::Result<Vec<libcarpctl::sys::IfAddrEntry>> {
        self.inner.getifaddrs()
    }
}

/// A description longer than the first buffer is read whole (the kernel
/// says the length it needs); one beyond `net.ifdescr_maxlen` is refused.
#[test]
fn long_descriptions_round_trip() {
    for mut b in [
        Box::new(ioctl(host(Release { major: 13, minor: 0 }))) as Box<dyn OverModel>,
        Box::new(SharedKernel::hybrid(host(Release::V15_0))),
    ] {
        let long = "uplink to the core switch, ".repeat(10);
        b.change("igb0", &IfaceChange::Description(long.clone())).unwrap();
        assert_eq!(b.interface("igb0").unwrap().settings.description, Some(long));
        let before = b.host();
        let e = b.change("igb0", &IfaceChange::Description("x".repeat(1100))).unwrap_err();
        assert_eq!(e.freebsd_message(), "ioctl (set descr): File name too long");
        assert_eq!(b.host(), before);
    }
}

/// A running vxlan keeps its configuration: VXLAN_CMD_SET_VNI is refused
/// (EBUSY) through the kernel backends as by the model; the TTL still
/// changes.
#[test]
fn a_running_vxlan_keeps_its_configuration() {
    use libcarpctl::VxlanChange as V;
    let vxlan0 = CloneRequest { name: "vxlan0".into(), ..CloneRequest::default() };
    for release in [Release::V10_0, Release::V14_0, Release::V15_0] {
        let mut model = ModelBackend::new(host(release));
        let mut backends = vec![Box::new(ioctl(host(release))) as Box<dyn OverModel>];
        if release.has_netlink() {
            backends.push(Box::new(SharedKernel::hybrid(host(release))));
        }
        for b in std::iter::once(&mut model as &mut dyn Backend)
            .chain(backends.iter_mut().map(|b| b.as_mut() as &mut dyn Backend))
        {
            b.create_interface(&vxlan0).unwrap();
            b.set_up("vxlan0", true).unwrap();
            let e = b.change("vxlan0", &IfaceChange::Vxlan(V::Vni(7))).unwrap_err();
            assert_eq!(e.freebsd_message(), "VXLAN_CMD_SET_VNI: Device busy", "{release}");
            b.change("vxlan0", &IfaceChange::Vxlan(V::Ttl(9))).unwrap();
            assert_eq!(b.interface("vxlan0").unwrap().settings.vxlan.unwrap().ttl, 9, "{release}");
        }
        for b in &backends {
            assert_eq!(b.host(), model.host, "{release}");
        }
    }
}

/// Parameters given with `create` go in SIOCIFCREATE2's `ifr_data`: a
/// `struct iflaggparam` for `laggtype`, a `struct ifvxlanparam` for vxlan
/// words; the kernel model decodes them into the same interface the
/// model backend creates.
#[test]
fn create_parameters_go_with_siocifcreate2() {
    use libcarpctl::VxlanChange as V;
    let vxlan = CloneRequest {
        name: "vxlan1".into(),
        vxlan: vec![
            V::Vni(42),
            V::Local("192.0.2.10".parse().unwrap()),
            V::Remote("198.51.100.10".parse().unwrap()),
            V::RemotePort(4791),
            V::Ttl(9),
            V::Learn(false),
        ],
        ..CloneRequest::default()
    };
    let lagg = CloneRequest {
        name: "lagg1".into(),
        lagg_type: Some("infiniband".into()),
        ..CloneRequest::default()
    };
    for release in [Release { major: 13, minor: 2 }, Release::V14_0, Release::V15_0] {
        let mut model = ModelBackend::new(host(release));
        let mut backends = vec![Box::new(ioctl(host(release))) as Box<dyn OverModel>];
        if release.has_netlink() {
            backends.push(Box::new(SharedKernel::hybrid(host(release))));
        }
        for req in [&vxlan, &lagg] {
            let want = model.create_interface(req);
            for b in backends.iter_mut() {
                assert_eq!(
                    b.create_interface(req).map_err(|e| e.to_string()),
                    want.as_ref().map_err(|e| e.to_string()).cloned(),
                    "{release}"
                );
                assert_eq!(b.host(), model.host, "{release} {}", req.name);
            }
        }
        let v = model.host.iface("vxlan1").unwrap().settings.vxlan.clone().unwrap();
        assert_eq!((v.vni, v.remote_port, v.ttl, v.learn), (Some(42), 4791, 9, false), "{release}");
        let l = model.host.iface("lagg1").unwrap().settings.lagg.clone().unwrap();
        assert_eq!(l.lagg_type, "infiniband", "{release}");
        for b in backends.iter_mut() {
            assert_eq!(b.interface("vxlan1").unwrap().settings.vxlan, Some(v.clone()), "{release}");
        }
    }
    // The ioctl carries the parameters (an ignored pointer would fail above).
    let mut b = ioctl(host(Release::V14_0));
    b.create_interface(&vxlan).unwrap();
    assert_eq!(b.sys().calls.iter().filter(|c| c.name == "SIOCIFCREATE2").count(), 1);
}

#[path = "ioctl_keywords/bridge_cache.rs"]
mod bridge_cache;
