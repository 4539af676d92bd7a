//! Property tests of the netlink codec: arbitrary and mutated bytes fed to
//! every decoder give a value or a `DecodeError`, never a panic; valid
//! messages round-trip; the model peer and the backend survive garbage.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libcarpctl::backend::netlink::{NetlinkBackend, Protocol, Transport};
use libcarpctl::model::{Host, NetlinkPeer};
use libcarpctl::netlink::msg::{self, DoneMsg, ErrorMsg, Header, MessageBuilder};
use libcarpctl::netlink::route::{Addr, Dialect, FreebsdAddr, IfAddrInfo, IfInfo, Link};
use libcarpctl::netlink::{carp, geneve, genl, nla};
use libcarpctl::sys::netlink::{RTM_NEWADDR, RTM_NEWLINK};
use libcarpctl::{Backend, CarpState, CarpStatus, CarpVersion, GeneveConfig, Key, Release, Vhid};
use proptest::prelude::*;

/// Run every decoder on `bytes`; only panics matter.
fn decode_everything(bytes: &[u8]) {
    let _ = Header::parse(bytes);
    let _ = msg::parse_messages(bytes);
    let _ = msg::collect(bytes, 1);
    let _ = ErrorMsg::parse(0, bytes);
    let _ = ErrorMsg::parse(0x300, bytes);
    let _ = DoneMsg::parse(0x200, bytes);
    if let Ok(attrs) = nla::parse(bytes) {
        for a in attrs {
            let _ = (a.u8(), a.u16(), a.u32(), a.i32(), a.string(), a.ipv4(), a.ipv6());
            if let Ok(inner) = a.nested() {
                for i in inner {
                    let _ = (i.u32(), i.string(), i.nested());
                }
            }
        }
    }
    let _ = genl::GenlHeader::split(bytes);
    let _ = genl::parse_family_reply(bytes);
    let _ = genl::parse_get_family_request(bytes);
    let _ = carp::parse_status(bytes);
    let _ = carp::parse_get_request(bytes);
    let _ = carp::parse_set_request(bytes);
    let _ = Link::parse(bytes);
    let _ = geneve::decode_config(bytes);
    let _ = geneve::create_proto(bytes);
    let _ = geneve::modify_changes(bytes, &GeneveConfig::default());
    let _ = libcarpctl::netlink::bridge::Neigh::parse(bytes);
    let _ = libcarpctl::netlink::bridge::BridgeAttrs::parse(bytes);
    let _ = libcarpctl::netlink::bridge::PortAttrs::parse(bytes);
    let _ = Addr::parse(bytes, Dialect::FreeBsd);
    let _ = Addr::parse(bytes, Dialect::Linux);
    if let Ok(msgs) = msg::parse_messages(bytes) {
        for m in msgs {
            let _ = (
                Link::parse(m.payload),
                Addr::parse(m.payload, Dialect::FreeBsd),
                carp::parse_status(m.payload),
            );
        }
    }
}

fn any_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| IpAddr::V4(Ipv4Addr::from(o))),
        any::<[u8; 16]>().prop_map(|o| IpAddr::V6(Ipv6Addr::from(o))),
    ]
}

prop_compose! {
    fn any_link()(
        family in any::<u8>(), kind in any::<u16>(), index in any::<i32>(), flags in any::<u32>(),
        change in any::<u32>(), name in proptest::option::of("[a-z]{1,8}[0-9]{0,3}"),
        mtu in proptest::option::of(any::<u32>()), address in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
        operstate in proptest::option::of(any::<u8>()), carrier in proptest::option::of(any::<u8>()),
        promiscuity in proptest::option::of(any::<u32>()), info_kind in proptest::option::of("[a-z]{1,8}"),
        alias in proptest::option::of("[A-Za-z ]{0,12}"), master in proptest::option::of(any::<u32>()),
        slave_kind in proptest::option::of("[a-z]{1,8}"),
    ) -> Link {
        Link { info: IfInfo { family, kind, index, flags, change }, name, mtu, address, operstate, carrier, promiscuity, info_kind, info_data: None, alias, master, slave_kind, slave_data: None }
    }
}

prop_compose! {
    /// A geneve with both addresses set (the dump reports a port as 0
    /// while its address is absent).
    fn any_geneve()(
        proto in any::<u16>(), vni in proptest::option::of(0u32..1 << 24), local in any_ip(), remote in any_ip(),
        ports in any::<[u16; 4]>(), df in any::<u8>(), ttl in any::<u8>(), flags in any::<[bool; 4]>(),
        ftable in any::<[u32; 2]>(), dev in "[a-z]{0,8}[0-9]{0,2}",
    ) -> GeneveConfig {
        GeneveConfig {
            proto, vni, local: Some(local), remote: Some(remote), local_port: ports[0], remote_port: ports[1],
            port_min: ports[2], port_max: ports[3], df, ttl, ttl_inherit: flags[0], dscp_inherit: flags[1],
            external: flags[2], learn: flags[3], ftable_max: ftable[0], ftable_timeout: ftable[1], dev,
            running: false, user_mtu: false,
        }
    }
}

prop_compose! {
    fn any_addr()(
        family in any::<u8>(), prefixlen in any::<u8>(), scope in any::<u8>(), index in any::<u32>(),
        address in proptest::option::of(any_ip()), local in proptest::option::of(any_ip()),
        broadcast in proptest::option::of(any::<[u8; 4]>().prop_map(Ipv4Addr::from)),
        label in proptest::option::of("[a-z]{1,8}[0-9]"), flags in proptest::option::of(any::<u32>()),
        freebsd in proptest::option::of((proptest::option::of(1u32..), proptest::option::of(any::<u32>()))),
    ) -> Addr {
        Addr {
            info: IfAddrInfo { family, prefixlen, flags: 0, scope, index },
            address, local, broadcast, label, flags,
            freebsd: freebsd.map(|(vhid, flags)| FreebsdAddr { vhid, flags }),
        }
    }
}

prop_compose! {
    fn any_status()(
        vhid in 1u8..=255, state in 0i64..=2, advbase in any::<i32>(), advskew in any::<i32>(),
        key in proptest::collection::vec(1u8.., 0..=20), peer in any::<[u8; 4]>(), peer6 in any::<[u8; 16]>(),
        vrrp in any::<bool>(), prio in any::<u8>(), interval in any::<u16>(),
    ) -> CarpStatus {
        let mut st = CarpStatus::new_vhid(Vhid::new(vhid.into()).unwrap());
        st.state = CarpState::from_raw(state).unwrap();
        st.advbase = advbase;
        st.advskew = advskew;
        st.key = Key::from_bytes(&key);
        st.peer = Some(Ipv4Addr::from(peer));
        st.peer6 = Some(Ipv6Addr::from(peer6));
        st.version = if vrrp { CarpVersion::Vrrp } else { CarpVersion::Carp };
        st.vrrp_priority = prio;
        st.vrrp_interval = interval.into();
        st
    }
}

/// A mutation: flip bytes, cut, or splice garbage in.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
            any::<usize>().prop_map(Mutation::Truncate),
            (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
                .prop_map(|(i, v)| Mutation::Insert(i, v)),
        ],
        1..4,
    )
}

fn mutate(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let n = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) if !bytes.is_empty() => bytes[i % n] ^= b | 1,
            Mutation::Flip(..) => {}
            Mutation::Truncate(i) => bytes.truncate(i % n),
            Mutation::Insert(i, v) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, v.iter().copied());
            }
        }
    }
    bytes
}

fn valid_messages(link: &Link, addr: &Addr, st: &CarpStatus) -> Vec<Vec<u8>> {
    let h = Header { seq: 1, ..Header::default() };
    let mut l = MessageBuilder::new(RTM_NEWLINK, 0, 1);
    link.emit(&mut l);
    let mut a = MessageBuilder::new(RTM_NEWADDR, 0, 1);
    addr.emit(&mut a);
    vec![
        l.finish(),
        a.finish(),
        carp::status_message(&h, 33, st, true, true),
        msg::error_message(&h, -22, Some("bad")),
        msg::done_message(&h, 2),
        genl::get_family_request("carp", 1),
    ]
}

/// A transport answering every request with the same bytes.
struct Garbage(Vec<u8>);

impl Transport for Garbage {
    fn exchange(&mut self, _: Protocol, _: &[u8]) -> libcarpctl::Result<Vec<u8>> {
        Ok(self.0.clone())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes);
    }

    #[test]
    fn geneve_dumps_round_trip(c in any_geneve()) {
        prop_assert_eq!(geneve::decode_config(&geneve::encode_config(&c)).unwrap(), c);
    }

    #[test]
    fn links_round_trip(link in any_link()) {
        let mut b = MessageBuilder::new(RTM_NEWLINK, 0, 1);
        link.emit(&mut b);
        let bytes = b.finish();
        let m = msg::parse_messages(&bytes).unwrap();
        prop_assert_eq!(Link::parse(m[0].payload).unwrap(), link);
    }

    #[test]
    fn addrs_round_trip(addr in any_addr()) {
        let mut b = MessageBuilder::new(RTM_NEWADDR, 0, 1);
        addr.emit(&mut b);
        let bytes = b.finish();
        let m = msg::parse_messages(&bytes).unwrap();
        prop_assert_eq!(Addr::parse(m[0].payload, Dialect::FreeBsd).unwrap(), addr);
    }

    #[test]
    fn carp_statuses_round_trip(st in any_status()) {
        let h = Header::default();
        let bytes = carp::status_message(&h, 33, &st, true, true);
        let m = msg::parse_messages(&bytes).unwrap();
        prop_assert_eq!(carp::parse_status(m[0].payload).unwrap(), st);
    }

    #[test]
    fn mutated_messages_never_panic(
        link in any_link(), addr in any_addr(), st in any_status(), which in 0usize..6, muts in mutations(),
    ) {
        let msgs = valid_messages(&link, &addr, &st);
        let bytes = mutate(msgs[which].clone(), &muts);
        decode_everything(&bytes);
        decode_everything(bytes.get(16..).unwrap_or(&[]));
    }

    #[test]
    fn the_peer_survives_any_request(
        link in any_link(), addr in any_addr(), st in any_status(), which in 0usize..6, muts in mutations(),
        generic in any::<bool>(),
    ) {
        let mut host = Host::example_10_0();
        host.release = Release::V15_0;
        let mut peer = NetlinkPeer::new(host);
        let bytes = mutate(valid_messages(&link, &addr, &st)[which].clone(), &muts);
        let proto = if generic { Protocol::Generic } else { Protocol::Route };
        let _ = peer.exchange(proto, &bytes);
    }

    #[test]
    fn the_backend_survives_any_reply(
        link in any_link(), addr in any_addr(), st in any_status(), which in 0usize..6, muts in mutations(),
    ) {
        let reply = mutate(valid_messages(&link, &addr, &st)[which].clone(), &muts);
        let mut b = NetlinkBackend::freebsd(Garbage(reply), Release::V15_0);
        let _ = b.list_interfaces();
        let _ = b.carp_get("igb0", None);
        let _ = b.set_mtu("igb0", 1500);
        let _ = b.delete_address("igb0", &libcarpctl::AddressSelector::First(libcarpctl::Family::Inet6));
    }
}
