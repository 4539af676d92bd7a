//! The netlink backend end to end over the model peer: the bytes a FreeBSD
//! 14+ kernel would see and answer, decoded back into the typed model.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libcarpctl::backend::merge_and_set;
use libcarpctl::backend::netlink::{NetlinkBackend, Protocol, Transport};
use libcarpctl::backend::FreeBsd;
use libcarpctl::model::{Host, NetlinkPeer};
use libcarpctl::netlink::route::{Addr, Dialect};
use libcarpctl::netlink::{carp, genl::GenlHeader, msg, nla};
use libcarpctl::sys::netlink::{
    CARP_NL_ADDR, CARP_NL_ADDR6, CARP_NL_ADVBASE, CARP_NL_ADVSKEW, CARP_NL_CMD_GET, CARP_NL_CMD_SET,
    CARP_NL_IFNAME, CARP_NL_KEY, CARP_NL_STATE, CARP_NL_VERSION, CARP_NL_VHID, CARP_NL_VRRP_ADV_INTER,
    CARP_NL_VRRP_PRIORITY, CTRL_CMD_GETFAMILY, GENL_ID_CTRL, IFAF_FLAGS, IFAF_VHID, IFA_FREEBSD, RTM_DELADDR,
    RTM_GETADDR, RTM_GETLINK, RTM_NEWADDR, RTM_NEWLINK,
};
use libcarpctl::{
    Address, AddressRequest, AddressSelector, Backend, CarpConfig, CarpSet, CarpState, CarpVersion, Errno,
    Error, IfFlags, IfType, Interface, Key, Op, Release, Vhid,
};

fn vh(n: u8) -> Vhid {
    Vhid::new(n.into()).expect("literal vhid")
}

fn host(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    h
}

#[track_caller]
fn assert_kernel<T: std::fmt::Debug>(r: libcarpctl::Result<T>, op: Op, errno: Errno) {
    match r {
        Err(Error::Kernel { op: o, errno: e, .. }) => assert_eq!((o, e), (op, errno)),
        other => panic!("expected {op}: {errno:?}, got {other:?}"),
    }
}

/// A transport that keeps a copy of every request on its way to the peer.
struct Recorder {
    peer: NetlinkPeer,
    sent: Vec<(Protocol, Vec<u8>)>,
}

impl Transport for Recorder {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> libcarpctl::Result<Vec<u8>> {
        self.sent.push((protocol, request.to_vec()));
        self.peer.exchange(protocol, request)
    }
}

fn recorded(h: Host) -> NetlinkBackend<Recorder, FreeBsd> {
    let release = h.release;
    NetlinkBackend::freebsd(Recorder { peer: NetlinkPeer::new(h), sent: Vec::new() }, release)
}

/// The payload of the last recorded request of `kind`.
fn last_payload(b: &NetlinkBackend<Recorder, FreeBsd>, kind: u16) -> Vec<u8> {
    let (_, bytes) = b
        .transport()
        .sent
        .iter()
        .rev()
        .find(|(_, m)| msg::Header::parse(m).unwrap().kind == kind)
        .expect("request sent");
    msg::parse_messages(bytes).unwrap()[0].payload.to_vec()
}

#[test]
fn set_then_get_and_list() {
    let mut b = NetlinkPeer::backend(host(Release::V14_0));
    let cfg = CarpConfig {
        advskew: Some(100),
        key: Some(Key::from_passphrase(b"qwerty")),
        ..CarpConfig::new(vh(7))
    };
    merge_and_set(&mut b, "igb0", &cfg).expect("create vhid 7");
    let got = b.carp_get("igb0", Some(vh(7))).expect("get one");
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].state, got[0].advbase, got[0].advskew), (CarpState::Init, 1, 100));
    assert_eq!(got[0].key.reveal(), b"qwerty");
    assert_eq!(got[0].peer, Some(Ipv4Addr::new(224, 0, 0, 18)));
    // The kernel model holds what the bytes said.
    let model = &b.transport().host.iface("igb0").unwrap().carp[0];
    assert_eq!((model.vhid, model.advskew), (vh(7), 100));
    let igb0 = b.interface("igb0").expect("listed");
    assert_eq!(igb0.carp.len(), 1);
    assert!(igb0.flags.contains(IfFlags::PROMISC), "the first vhid sets PROMISC");
    assert!(igb0.flags.contains(IfFlags::LOWER_UP), "14+ netlink reports LOWER_UP on a link that is up");
    assert_eq!((igb0.index, igb0.mtu, igb0.kind), (1, 1500, IfType::Ethernet));
    assert_eq!(igb0.ether, Some([0x00, 0x25, 0x90, 0x03, 0x0e, 0xfa]));
    assert_eq!(igb0.status_text(), Some("active"));
    assert_kernel(b.carp_get("igb0", Some(vh(8))), Op::GetVhid, Errno::ENOENT);
}

#[test]
fn set_sends_every_attribute_as_libifconfig() {
    for (release, vrrp) in [(Release::V14_0, false), (Release::V15_0, true)] {
        let mut b = recorded(host(release));
        let cfg = CarpConfig { key: Some(Key::from_passphrase(b"pw")), ..CarpConfig::new(vh(3)) };
        merge_and_set(&mut b, "igb0", &cfg).unwrap();
        let set = last_payload(&b, NetlinkPeer::CARP_FAMILY_ID);
        let (h, attrs) = GenlHeader::split(&set).unwrap();
        assert_eq!(h.cmd, CARP_NL_CMD_SET);
        let kinds: Vec<u16> = attrs.iter().map(|a| a.kind).collect();
        for k in [
            CARP_NL_VHID,
            CARP_NL_STATE,
            CARP_NL_ADVBASE,
            CARP_NL_ADVSKEW,
            CARP_NL_IFNAME,
            CARP_NL_ADDR,
            CARP_NL_ADDR6,
            CARP_NL_KEY,
        ] {
            assert!(kinds.contains(&k), "{release}: attribute {k} missing from SET");
        }
        for k in [CARP_NL_VERSION, CARP_NL_VRRP_PRIORITY, CARP_NL_VRRP_ADV_INTER] {
            assert_eq!(kinds.contains(&k), vrrp, "{release}: VRRP attribute {k}");
        }
        assert_eq!(nla::find(&attrs, CARP_NL_KEY).unwrap().data, b"pw\0");
        let r = carp::parse_set_request(&set).unwrap();
        assert_eq!((r.vhid, r.advbase, r.key.reveal()), (3, 0, &b"pw"[..]));
        // The read-merge-write sent exactly one GET before the SET.
        let gets: Vec<_> = b
            .transport()
            .sent
            .iter()
            .filter(|(_, m)| {
                let m = &msg::parse_messages(m).unwrap()[0];
                m.header.kind == NetlinkPeer::CARP_FAMILY_ID && m.payload[0] == CARP_NL_CMD_GET
            })
            .collect();
        assert_eq!(gets.len(), 1);
    }
}

#[test]
fn addresses_with_vhid_carry_ifa_freebsd() {
    let mut b = recorded(host(Release::V14_0));
    merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(112))).unwrap();
    let req = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112));
    b.add_address("igb0", &req).expect("inet joins vhid 112");
    let add = Addr::parse(&last_payload(&b, RTM_NEWADDR), Dialect::FreeBsd).unwrap();
    assert_eq!((add.info.family, add.info.prefixlen, add.info.index), (2, 27, 1));
    assert_eq!(add.local, Some(req.addr));
    assert_eq!(add.broadcast, None, "as ifconfig: the kernel derives the broadcast");
    let nest = add.freebsd.expect("IFA_FREEBSD sent");
    assert_eq!((nest.flags, nest.vhid), (Some(0), Some(112)));
    // Without a vhid: IFAF_FLAGS only.
    b.add_address("igb0", &AddressRequest::parse_inet6("2001:db8::5/64").unwrap()).unwrap();
    let raw = last_payload(&b, RTM_NEWADDR);
    let add = Addr::parse(&raw, Dialect::FreeBsd).unwrap();
    assert_eq!(add.info.family, 28, "FreeBSD's AF_INET6");
    let attrs = nla::parse(&raw[8..]).unwrap();
    let nest = nla::find(&attrs, IFA_FREEBSD).unwrap().nested().unwrap();
    assert_eq!(nest.iter().map(|a| a.kind).collect::<Vec<_>>(), vec![IFAF_FLAGS]);
    assert!(nla::find(&nest, IFAF_VHID).is_none());

    let igb0 = b.interface("igb0").unwrap();
    let a112 = igb0.addresses.iter().find(|a| a.addr == req.addr).unwrap();
    assert_eq!(
        a112,
        &Address {
            addr: req.addr,
            prefixlen: 27,
            broadcast: Some(Ipv4Addr::new(10, 0, 0, 127)),
            vhid: Some(vh(112)),
            scopeid: None,
            destination: None,
        }
    );
    let ll = igb0
        .addresses
        .iter()
        .find(|a| matches!(a.addr, IpAddr::V6(v) if v.segments()[0] == 0xfe80))
        .expect("link-local created");
    assert_eq!((ll.prefixlen, ll.scopeid), (64, Some(1)));
    assert_eq!(igb0.carp[0].state, CarpState::Backup);

    b.delete_address("igb0", &AddressSelector::Exact(req.addr)).expect("delete the vhid's only address");
    assert!(Addr::parse(&last_payload(&b, RTM_DELADDR), Dialect::FreeBsd).unwrap().local == Some(req.addr));
    assert_kernel(b.carp_get("igb0", Some(vh(112))), Op::GetVhid, Errno::ENOENT);
    assert!(!b.interface("igb0").unwrap().flags.contains(IfFlags::PROMISC));
}

#[test]
fn errors_carry_op_and_freebsd_errno() {
    let mut b = NetlinkPeer::backend(host(Release::V14_0));
    let v4 = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(1));
    assert_kernel(b.add_address("igb0", &v4), Op::AddAddr, Errno::ENOPROTOOPT);
    merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(2))).unwrap();
    let v6 = AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(vh(1));
    assert_kernel(b.add_address("igb0", &v6), Op::AddAddr6, Errno::ENOENT);
    let bad = CarpConfig { advskew: Some(255), ..CarpConfig::new(vh(2)) };
    assert_kernel(merge_and_set(&mut b, "igb0", &bad), Op::SetVhid, Errno::EINVAL);
    let absent: IpAddr = "2001:db8::99".parse().unwrap();
    assert_kernel(
        b.delete_address("igb0", &AddressSelector::Exact(absent)),
        Op::DelAddr6,
        Errno::EADDRNOTAVAIL,
    );
    assert!(matches!(b.add_address("nosuch0", &v4), Err(Error::NoSuchInterface(n)) if n == "nosuch0"));
    assert!(matches!(b.set_mtu("nosuch0", 1400), Err(Error::NoSuchInterface(_))));
    assert_kernel(b.carp_get("nosuch0", None), Op::GetVhid, Errno::ENXIO);

    let mut unpriv = host(Release::V14_0);
    unpriv.privileged = false;
    let mut b = NetlinkPeer::backend(unpriv);
    assert_kernel(merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(1))), Op::SetVhid, Errno::EPERM);
    assert_kernel(b.set_mtu("igb0", 1400), Op::SetMtu, Errno::EPERM);

    // carp.ko not loaded: the family does not resolve (libifconfig's EPROTONOSUPPORT).
    let mut no_carp = host(Release::V14_0);
    no_carp.carp_loaded = false;
    let mut b = NetlinkPeer::backend(no_carp);
    assert_kernel(b.carp_get("igb0", None), Op::GetVhid, Errno::EPROTONOSUPPORT);
    assert_kernel(
        b.carp_set("igb0", &libcarpctl::CarpSet::zeroed(vh(1))),
        Op::SetVhid,
        Errno::EPROTONOSUPPORT,
    );
    let listed = b.list_interfaces().expect("listing works without carp.ko");
    assert!(listed[0].carp.is_empty());

    // No netlink before 14.
    let mut b = NetlinkPeer::backend(host(Release { major: 13, minor: 2 }));
    assert_kernel(b.list_interfaces(), Op::Socket, Errno::EAFNOSUPPORT);
}

#[test]
fn mtu_and_up_down_via_rtm_newlink() {
    let mut b = recorded(host(Release::V15_0));
    b.set_mtu("igb0", 9000).unwrap();
    assert_eq!(b.interface("igb0").unwrap().mtu, 9000);
    b.set_up("igb0", false).unwrap();
    let i = b.interface("igb0").unwrap();
    assert!(!i.flags.contains(IfFlags::UP));
    b.set_up("igb0", true).unwrap();
    assert!(b.interface("igb0").unwrap().flags.contains(IfFlags::UP));
    assert!(
        b.transport().sent.iter().filter(|(_, m)| msg::Header::parse(m).unwrap().kind == RTM_NEWLINK).count()
            >= 3
    );
    assert_kernel(b.set_mtu("igb0", 10), Op::SetMtu, Errno::EINVAL);
    assert!(matches!(b.set_metric("igb0", 3), Err(Error::Unsupported(_))));

    // A kernel whose RTM_NEWLINK ignores "up" is caught, not trusted.
    let mut peer = NetlinkPeer::new(host(Release::V14_0));
    peer.ignore_link_up = true;
    let mut b = NetlinkBackend::freebsd(peer, Release::V14_0);
    b.set_up("igb0", false).unwrap();
    match b.set_up("igb0", true) {
        Err(Error::Unsupported(why)) => assert!(why.contains("SIOCSIFFLAGS"), "{why}"),
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn delete_first_address_of_a_family() {
    let mut b = NetlinkPeer::backend(host(Release::V14_0));
    b.add_address("igb0", &AddressRequest::parse_inet("192.0.2.1/24").unwrap()).unwrap();
    b.delete_address("igb0", &libcarpctl::AddressSelector::First(libcarpctl::Family::Inet)).unwrap();
    let addrs: Vec<IpAddr> = b.interface("igb0").unwrap().addresses.iter().map(|a| a.addr).collect();
    assert_eq!(addrs, vec![IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))], "10.0.0.118 went first");
    assert_kernel(
        b.delete_address("igb0", &libcarpctl::AddressSelector::First(libcarpctl::Family::Inet6)),
        Op::DelAddr6,
        Errno::EADDRNOTAVAIL,
    );
}

#[test]
fn keys_stay_with_privileged_callers() {
    let mut h = host(Release::V14_0);
    let mut b = NetlinkPeer::backend(h.clone());
    merge_and_set(
        &mut b,
        "igb0",
        &CarpConfig { key: Some(Key::from_passphrase(b"sekrit")), ..CarpConfig::new(vh(9)) },
    )
    .unwrap();
    h = b.into_transport().host;
    h.privileged = false;
    let mut b = recorded(h);
    let st = b.carp_get("igb0", None).unwrap();
    assert!(st[0].key.is_empty());
    assert!(b.interface("igb0").unwrap().carp[0].key.is_empty());
    // Not even on the wire.
    let replies = b
        .transport_mut()
        .peer
        .exchange(Protocol::Generic, &carp::get_request(NetlinkPeer::CARP_FAMILY_ID, 99, "igb0", None))
        .unwrap();
    let out = msg::collect(&replies, 99).unwrap();
    let (_, attrs) = GenlHeader::split(out.data[0].payload).unwrap();
    assert!(nla::find(&attrs, CARP_NL_KEY).is_none());
}

/// The seed session (reference section 8) on FreeBSD 14.0 through netlink.
#[test]
fn seed_session_reaches_master_on_14_0() {
    let mut b = NetlinkPeer::backend(host(Release::V14_0));
    // ifconfig igb0 inet6 2001:db8::3 vhid 112 pass qwerty
    let cfg = CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..CarpConfig::new(vh(112)) };
    merge_and_set(&mut b, "igb0", &cfg).unwrap();
    b.add_address("igb0", &AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(vh(112))).unwrap();
    // ifconfig igb0 10.0.0.112/27 alias vhid 112
    merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(112))).unwrap();
    b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112))).unwrap();
    let i = b.interface("igb0").unwrap();
    assert_eq!(i.carp.len(), 1);
    assert_eq!((i.carp[0].state, i.carp[0].advbase, i.carp[0].advskew), (CarpState::Backup, 1, 0));
    assert_eq!(
        i.flags & !IfFlags::LOWER_UP,
        IfFlags::from_bits_retain(0x8943),
        "UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST"
    );
    let ll: Ipv6Addr = "fe80::225:90ff:fe03:efa".parse().unwrap();
    let want: Vec<(IpAddr, u8, Option<Vhid>)> = vec![
        (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 118)), 27, None),
        ("2001:db8::3".parse().unwrap(), 64, Some(vh(112))),
        (IpAddr::V6(ll), 64, None),
        (IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112)), 27, Some(vh(112))),
    ];
    let got: Vec<(IpAddr, u8, Option<Vhid>)> =
        i.addresses.iter().map(|a| (a.addr, a.prefixlen, a.vhid)).collect();
    assert_eq!(got, want, "kernel list order of 14.0 (link-local appended)");
    // ifconfig igb0 vhid 112 state master
    merge_and_set(&mut b, "igb0", &CarpConfig { state: Some(CarpState::Master), ..CarpConfig::new(vh(112)) })
        .unwrap();
    let st = &b.interface("igb0").unwrap().carp[0];
    assert_eq!((st.state, st.key.reveal()), (CarpState::Master, &b"qwerty"[..]));
}

/// A host with `n` Ethernet interfaces of several addresses each, and a loopback.
fn big_host(n: u32) -> Host {
    let mut h = host(Release::V15_0);
    let template = h.interfaces[0].clone();
    for k in 1..n {
        let mut i: Interface = template.clone();
        i.name = format!("em{k}");
        i.index = k + 1;
        i.addresses = (1..=3)
            .map(|j| Address {
                addr: IpAddr::V4(Ipv4Addr::new(198, 51, 100, (k * 4 + j) as u8)),
                prefixlen: 24,
                broadcast: Some(Ipv4Addr::new(198, 51, 100, 255)),
                vhid: None,
                scopeid: None,
                destination: None,
            })
            .collect();
        h.interfaces.push(i);
    }
    let mut lo = template;
    lo.name = "lo0".into();
    lo.index = n + 1;
    lo.kind = IfType::Loopback;
    lo.ether = None;
    lo.status = None;
    h.interfaces.push(lo);
    h
}

#[test]
fn listing_costs_two_dumps_and_one_carp_get_per_interface() {
    for n in [1u32, 4, 12] {
        let mut b = NetlinkPeer::backend(big_host(n));
        merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(1))).unwrap();
        b.transport_mut().log.clear();
        let list = b.list_interfaces().unwrap();
        assert_eq!(list.len() as u32, n + 1);
        assert_eq!(list.iter().map(|i| i.addresses.len()).sum::<usize>(), 1 + 3 * (n as usize - 1) + 1);
        let peer = b.transport();
        assert_eq!(peer.count(RTM_GETLINK, None), 1, "one link dump");
        assert_eq!(peer.count(RTM_GETADDR, None), 1, "one address dump");
        assert!(peer
            .log
            .iter()
            .filter(|r| r.kind == RTM_GETLINK || r.kind == RTM_GETADDR)
            .all(|r| r.is_dump()));
        assert_eq!(
            peer.count(GENL_ID_CTRL, Some(CTRL_CMD_GETFAMILY)),
            0,
            "the family id is looked up once per backend"
        );
        let carp_gets = peer.count(NetlinkPeer::CARP_FAMILY_ID, Some(CARP_NL_CMD_GET));
        assert_eq!(carp_gets as u32, n, "one carp GET per Ethernet interface, none for lo0");
        assert_eq!(peer.log.len() as u32, 2 + n, "nothing else: no per-address round trip");
    }
    // A fresh backend: + one family lookup.
    let mut b = NetlinkPeer::backend(big_host(3));
    b.list_interfaces().unwrap();
    assert_eq!(b.transport().count(GENL_ID_CTRL, Some(CTRL_CMD_GETFAMILY)), 1);
    assert_eq!(b.transport().log.len(), 2 + 1 + 3);
}

#[test]
fn linux_flavor_refuses_carp_and_sends_nothing() {
    let mut b =
        NetlinkBackend::linux(Recorder { peer: NetlinkPeer::new(host(Release::V15_0)), sent: Vec::new() });
    assert_eq!((b.name(), b.release()), ("linux", Release::V15_0));
    for r in [
        merge_and_set(&mut b, "igb0", &CarpConfig::new(vh(1))),
        b.carp_set("igb0", &libcarpctl::CarpSet::zeroed(vh(1))),
        b.carp_get("igb0", None).map(|_| ()),
        b.add_address("igb0", &AddressRequest::parse_inet("192.0.2.1/24").unwrap().with_vhid(vh(1))),
    ] {
        match r {
            Err(Error::Unsupported(why)) => assert!(why.contains("carp(4)"), "{why}"),
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }
    assert!(b.transport().sent.is_empty(), "nothing reached the kernel");
}

/// A SET with a version other than 2 or 3 (which no `CarpSet` can hold)
/// is refused on the wire with EINVAL, as the 15.0 kernel does.
#[test]
fn an_unknown_version_on_the_wire_is_einval() {
    let mut peer = NetlinkPeer::new(host(Release::V15_0));
    let set = CarpSet { version: Some(CarpVersion::Vrrp), ..CarpSet::zeroed(vh(9)) };
    let mut request = carp::set_request(NetlinkPeer::CARP_FAMILY_ID, 7, "igb0", &set, true);
    // The VERSION attribute: length 5, its type, the value 3.
    let [t0, t1] = CARP_NL_VERSION.to_ne_bytes();
    let at = request.windows(5).position(|w| w == [5, 0, t0, t1, 3]).expect("a VERSION attribute");
    request[at + 4] = 4;
    let replies = peer.exchange(Protocol::Generic, &request).unwrap();
    let out = msg::collect(&replies, 7).unwrap();
    assert_eq!(out.error.map(|(e, _)| e), Some(Errno::EINVAL.freebsd()));
    assert!(peer.host.iface("igb0").unwrap().carp.is_empty(), "nothing was created");
}
