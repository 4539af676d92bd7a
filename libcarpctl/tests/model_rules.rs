//! The model's CARP rules (ip_carp.c's SIOCSVH/SIOCGVH and netlink carp),
//! one test per rule; every refused request leaves the whole host as it was
//! unless the rule documents otherwise. Address and interface rules are in
//! model_rules_addr.rs.

#[path = "support/hosts.rs"]
mod hosts;

use hosts::*;
use libcarpctl::model::{CarpApi, Host, ModelBackend};
use libcarpctl::{
    backend::merge_and_set, AddressRequest, Backend, CarpConfig, CarpSet, CarpState, CarpVersion, Errno,
    IfFlags, Key, Release,
};
use std::net::{Ipv4Addr, Ipv6Addr};

const V14_1: Release = Release { major: 14, minor: 1 };

#[test]
fn set_creates_a_missing_vhid_and_never_says_eexist() {
    for r in releases() {
        let mut h = host(r);
        h.carp_set("igb0", &set(7, 0, 0)).unwrap_or_else(|e| panic!("{r}: {e:?}"));
        let st = vhid(&h, 7);
        assert_eq!((st.state, st.advbase, st.advskew), (CarpState::Init, 1, 0), "{r}");
        assert!(st.key.is_empty());
        assert_eq!(
            (st.peer, st.peer6),
            (Some(Ipv4Addr::new(224, 0, 0, 18)), Some("ff02::12".parse::<Ipv6Addr>().unwrap()))
        );
        h.carp_set("igb0", &set(7, 0, 5)).expect("set again: no EEXIST");
        assert_eq!(vhids(&h), vec![7]);
    }
}

#[test]
fn vhids_are_listed_in_creation_order() {
    let mut h = host(V14_1);
    for v in [20, 10, 30] {
        h.carp_set("igb0", &set(v, 0, 0)).unwrap();
    }
    assert_eq!(vhids(&h), vec![20, 10, 30]);
    let got: Vec<u8> = h.carp_get("igb0", None).unwrap().iter().map(|s| s.vhid.get()).collect();
    assert_eq!(got, vec![20, 10, 30]);
}

#[test]
fn einval_advbase_out_of_range_changes_nothing() {
    for r in [V14_1, Release::V15_0] {
        for api in apis(r) {
            let mut h = with_vhid(r, 1);
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(1, 256, 0)));
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(2, 256, 0)));
        }
    }
}

#[test]
fn einval_advskew_out_of_range_changes_nothing() {
    for r in [V14_1, Release::V15_0] {
        for api in apis(r) {
            let mut h = with_vhid(r, 1);
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(1, 5, 255)));
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(2, 0, 255)));
        }
        let mut h = host(r);
        h.carp_set("igb0", &set(3, 0, 254)).expect("254 is the largest advskew");
        assert_eq!(vhid(&h, 3).advskew, 254);
    }
}

#[test]
fn einval_negative_numbers_change_nothing_on_every_release() {
    for r in releases() {
        for api in apis(r) {
            let mut h = with_vhid(r, 1);
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(2, -1, 0)));
            refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(api, "igb0", &set(1, 0, -1)));
        }
    }
}

#[test]
fn einval_vrrp_interval_above_4095() {
    let mut h = host(Release::V15_0);
    let vrrp = |v: u8, interval: u32| CarpSet {
        version: Some(CarpVersion::Vrrp),
        vrrp_interval: interval,
        ..set(v, 0, 0)
    };
    refused(&mut h, Errno::EINVAL, |h| h.carp_set("igb0", &vrrp(9, 4096)));
    h.carp_set("igb0", &vrrp(9, 4095)).expect("4095 centiseconds is allowed");
    let st = vhid(&h, 9);
    assert_eq!((st.version, st.vrrp_interval), (CarpVersion::Vrrp, 4095));
    refused(&mut h, Errno::EINVAL, |h| h.carp_set("igb0", &vrrp(9, 5000)));
}

#[test]
fn einval_version_not_2_or_3_or_changing_protocol() {
    let mut h = host(Release::V15_0);
    // (A version other than 2 or 3 cannot be written as a CarpSet; the
    // netlink peer refuses it on the wire: netlink_backend.rs.)
    h.carp_set("igb0", &CarpSet { version: Some(CarpVersion::Vrrp), ..set(5, 0, 0) }).expect("VRRP vhid");
    h.carp_set("igb0", &CarpSet { version: Some(CarpVersion::Carp), ..set(6, 0, 0) }).expect("CARP vhid");
    refused(&mut h, Errno::EINVAL, |h| {
        h.carp_set("igb0", &CarpSet { version: Some(CarpVersion::Carp), ..set(5, 0, 0) })
    });
    refused(&mut h, Errno::EINVAL, |h| {
        h.carp_set("igb0", &CarpSet { version: Some(CarpVersion::Vrrp), ..set(6, 0, 0) })
    });
    h.carp_set("igb0", &CarpSet { vrrp_priority: 200, ..set(5, 0, 0) }).expect("version 0 keeps");
    let st = vhid(&h, 5);
    assert_eq!((st.version, st.vrrp_priority), (CarpVersion::Vrrp, 200));
}

#[test]
fn half_apply_of_the_old_ioctl_is_reproduced_and_only_there() {
    // 14.0 and older, ioctl: the vhid is created and a valid advbase applied
    // before advskew is refused.
    for r in [Release::V10_0, Release::V14_0] {
        let mut h = host(r);
        assert_eq!(h.carp_set_via(CarpApi::Ioctl, "igb0", &set(4, 5, 255)), Err(Errno::EINVAL));
        let st = vhid(&h, 4);
        assert_eq!((st.state, st.advbase, st.advskew), (CarpState::Init, 5, 0), "{r}");
        assert!(igb0(&h).flags.contains(IfFlags::PROMISC), "{r}: the half-created vhid sets PROMISC");
        // A bad advbase: created, nothing applied.
        assert_eq!(h.carp_set_via(CarpApi::Ioctl, "igb0", &set(8, 300, 7)), Err(Errno::EINVAL));
        assert_eq!((vhid(&h, 8).advbase, vhid(&h, 8).advskew), (1, 0));
    }
    // 14.0's netlink checks every range before it looks at the interface.
    let mut h = host(Release::V14_0);
    refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(CarpApi::Netlink, "igb0", &set(4, 5, 255)));
    // Fixed in 2024: 14.1's ioctl changes nothing.
    let mut h = host(V14_1);
    refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(CarpApi::Ioctl, "igb0", &set(4, 5, 255)));
}

#[test]
fn eperm_unprivileged_and_the_check_order_of_each_api() {
    for r in releases() {
        for api in apis(r) {
            let mut h = with_vhid(r, 1);
            h.privileged = false;
            refused(&mut h, Errno::EPERM, |h| h.carp_set_via(api, "igb0", &set(1, 0, 0)));
            refused(&mut h, Errno::EPERM, |h| h.carp_set_via(api, "igb0", &set(2, 0, 0)));
            // The ioctl looks at the interface first, netlink at the privilege.
            let want = if api == CarpApi::Ioctl { Errno::EOPNOTSUPP } else { Errno::EPERM };
            refused(&mut h, want, |h| h.carp_set_via(api, "lo0", &set(1, 0, 0)));
            // Both check the privilege before the ranges.
            refused(&mut h, Errno::EPERM, |h| h.carp_set_via(api, "igb0", &set(1, 0, 255)));
            refused(&mut h, Errno::EPERM, |h| h.carp_set_via(api, "igb0", &set(1, -1, -1)));
        }
    }
}

#[test]
fn enxio_without_the_interface() {
    for r in releases() {
        for api in apis(r) {
            let mut h = host(r);
            refused(&mut h, Errno::ENXIO, |h| h.carp_set_via(api, "nosuch0", &set(1, 0, 0)));
            refused(&mut h, Errno::ENXIO, |h| h.carp_get_via(api, "nosuch0", None));
        }
    }
}

#[test]
fn eopnotsupp_unless_ethernet_l2vlan_or_bridge() {
    for r in [Release::V10_0, V14_1] {
        for api in apis(r) {
            let mut h = host(r);
            refused(&mut h, Errno::EOPNOTSUPP, |h| h.carp_set_via(api, "lo0", &set(1, 0, 0)));
            refused(&mut h, Errno::EOPNOTSUPP, |h| h.carp_set_via(api, "gif0", &set(1, 0, 0)));
            refused(&mut h, Errno::EOPNOTSUPP, |h| h.carp_get_via(api, "lo0", None));
            for ok in ["vlan5", "bridge0"] {
                h.carp_set_via(api, ok, &set(1, 0, 0)).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
                assert!(h.iface(ok).unwrap().flags.contains(IfFlags::PROMISC));
            }
        }
    }
}

#[test]
fn eaddrnotavail_without_multicast() {
    for r in [Release::V10_0, V14_1] {
        for api in apis(r) {
            let mut h = host(r);
            refused(&mut h, Errno::EADDRNOTAVAIL, |h| h.carp_set_via(api, "em1", &set(1, 0, 0)));
            // GET: only the ioctl checks IFF_MULTICAST; netlink just finds no vhid.
            let want = if api == CarpApi::Ioctl { Errno::EADDRNOTAVAIL } else { Errno::ENOENT };
            refused(&mut h, want, |h| h.carp_get_via(api, "em1", None));
        }
    }
}

#[test]
fn eprotonosupport_without_carp_ko() {
    for r in [Release::V10_0, V14_1] {
        for api in apis(r) {
            let mut h = with_vhid(r, 1);
            h.carp_loaded = false;
            refused(&mut h, Errno::EPROTONOSUPPORT, |h| h.carp_set_via(api, "igb0", &set(1, 0, 0)));
            refused(&mut h, Errno::EPROTONOSUPPORT, |h| h.carp_set_via(api, "nosuch0", &set(1, 0, 0)));
            refused(&mut h, Errno::EPROTONOSUPPORT, |h| h.carp_get_via(api, "igb0", None));
        }
    }
}

#[test]
fn api_missing_on_the_release() {
    let mut h = host(Release::V10_0);
    refused(&mut h, Errno::EAFNOSUPPORT, |h| h.carp_set_via(CarpApi::Netlink, "igb0", &set(1, 0, 0)));
    let mut h = host("16.0".parse().unwrap());
    refused(&mut h, Errno::EINVAL, |h| h.carp_set_via(CarpApi::Ioctl, "igb0", &set(1, 0, 0)));
    refused(&mut h, Errno::ENXIO, |h| h.carp_set_via(CarpApi::Ioctl, "nosuch0", &set(1, 0, 0)));
    h.carp_loaded = false;
    refused(&mut h, Errno::EINVAL, |h| h.carp_get_via(CarpApi::Ioctl, "igb0", None));
    h.carp_loaded = true;
    h.carp_set("igb0", &set(1, 0, 0)).expect("16 speaks netlink");
}

#[test]
fn key_is_never_cleared() {
    let mut h = host(V14_1);
    h.carp_set("igb0", &set_key(1, b"first")).unwrap();
    h.carp_set("igb0", &set(1, 0, 0)).unwrap();
    assert_eq!(vhid(&h, 1).key.reveal(), b"first", "empty key keeps");
    h.carp_set("igb0", &set_key(1, b"second")).unwrap();
    assert_eq!(vhid(&h, 1).key.reveal(), b"second");
    let raw = CarpSet { key: Key::from_bytes(&[0, b'x', b'y']), ..set(1, 0, 0) };
    h.carp_set("igb0", &raw).unwrap();
    assert_eq!(vhid(&h, 1).key.reveal(), b"second", "key[0] == 0 means no key");
}

#[test]
fn advbase_zero_keeps_and_advskew_is_always_replaced() {
    for r in releases() {
        let mut h = host(r);
        h.carp_set("igb0", &set(1, 3, 100)).unwrap();
        h.carp_set("igb0", &set(1, 0, 0)).unwrap();
        let st = vhid(&h, 1);
        assert_eq!((st.advbase, st.advskew), (3, 0), "{r}");
    }
}

#[test]
fn peers_replaced_only_when_given_and_only_where_they_exist() {
    let unicast = CarpSet {
        peer: Some(Ipv4Addr::new(192, 0, 2, 2)),
        peer6: Some("2001:db8::2".parse().unwrap()),
        ..set(1, 0, 0)
    };
    let mut h = host(V14_1);
    h.carp_set("igb0", &unicast).unwrap();
    let zero =
        CarpSet { peer: Some(Ipv4Addr::UNSPECIFIED), peer6: Some(Ipv6Addr::UNSPECIFIED), ..set(1, 0, 0) };
    h.carp_set("igb0", &zero).unwrap();
    h.carp_set("igb0", &set(1, 0, 0)).unwrap();
    let st = vhid(&h, 1);
    assert_eq!((st.peer, st.peer6), (unicast.peer, unicast.peer6));
    // 10-13 have no peers at all; the ioctl never reports them.
    let mut h = host(Release::V10_0);
    h.carp_set("igb0", &unicast).unwrap();
    assert_eq!(vhid(&h, 1).peer, Some(Ipv4Addr::new(224, 0, 0, 18)));
    assert_eq!(h.carp_get("igb0", None).unwrap()[0].peer, None);
}

#[test]
fn state_request_only_nudges_a_running_vhid() {
    let mut h = host(V14_1);
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Init, "an INIT vhid is not nudged");
    h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Master);
    h.carp_set("igb0", &set_state(1, CarpState::Init)).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Master, "INIT requests are ignored");
    h.carp_set("igb0", &set_state(1, CarpState::Backup)).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
}

#[test]
fn get_enoent_and_key_zeroed_for_unprivileged() {
    for r in releases() {
        for api in apis(r) {
            let mut h = host(r);
            refused(&mut h, Errno::ENOENT, |h| h.carp_get_via(api, "igb0", None));
            let mut h = with_vhid(r, 1);
            refused(&mut h, Errno::ENOENT, |h| h.carp_get_via(api, "igb0", Some(vh(2))));
            assert_eq!(h.carp_get_via(api, "igb0", Some(vh(1))).unwrap()[0].key.reveal(), b"k");
            h.privileged = false;
            let st = h.carp_get_via(api, "igb0", None).unwrap();
            assert_eq!((st.len(), st[0].advskew), (1, 10));
            assert!(st[0].key.is_empty(), "{r} {api:?}: key given to an unprivileged caller");
            assert_eq!(st[0].peer.is_some(), api == CarpApi::Netlink, "peers only over netlink");
        }
    }
}

#[test]
fn model_backend_lists_what_the_native_get_reports() {
    let mut h = with_vhid(Release::V10_0, 1);
    h.privileged = false;
    let mut b = ModelBackend::new(h);
    let list = b.list_interfaces().unwrap();
    let igb = list.iter().find(|i| i.name == "igb0").unwrap();
    assert_eq!(igb.carp.len(), 1);
    assert!(igb.carp[0].key.is_empty());
    assert_eq!(igb.carp[0].peer, None, "10.0 has no peers");
    assert!(list.iter().find(|i| i.name == "lo0").unwrap().carp.is_empty());
}

/// The seed session (reference section 8) on the 10.0 example host.
#[test]
fn seed_session() {
    let mut b = ModelBackend::new(Host::example_10_0());
    let v = vh(112);
    // ifconfig igb0 inet6 2001:db8::3 vhid 112 pass qwerty
    let cfg = CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..CarpConfig::new(v) };
    merge_and_set(&mut b, "igb0", &cfg).unwrap();
    b.add_address("igb0", &AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(v)).unwrap();
    // ifconfig igb0 10.0.0.112/27 alias vhid 112
    b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(v)).unwrap();
    let i = b.interface("igb0").unwrap();
    let got: Vec<String> = i
        .addresses
        .iter()
        .map(|a| {
            let mut s = format!("{}/{}", a.addr, a.prefixlen);
            if let Some(bc) = a.broadcast {
                s += &format!(" bcast {bc}");
            }
            if let Some(sc) = a.scopeid {
                s += &format!(" scopeid {sc}");
            }
            if let Some(v) = a.vhid {
                s += &format!(" vhid {v}");
            }
            s
        })
        .collect();
    assert_eq!(
        got,
        [
            "fe80::225:90ff:fe03:efa/64 scopeid 1",
            "10.0.0.118/27 bcast 10.0.0.127",
            "2001:db8::3/64 vhid 112",
            "10.0.0.112/27 bcast 10.0.0.127 vhid 112",
        ]
    );
    assert_eq!(i.flags.bits(), 0x8943, "UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST");
    assert_eq!(i.carp.len(), 1);
    let st = &i.carp[0];
    assert_eq!((st.vhid, st.state, st.advbase, st.advskew), (v, CarpState::Backup, 1, 0));
    assert_eq!(st.key.reveal(), b"qwerty");
    // ifconfig igb0 vhid 112 state master
    let cfg = CarpConfig { state: Some(CarpState::Master), ..CarpConfig::new(v) };
    merge_and_set(&mut b, "igb0", &cfg).unwrap();
    let st = b.carp_get("igb0", Some(v)).unwrap().remove(0);
    assert_eq!((st.state, st.advbase, st.advskew), (CarpState::Master, 1, 0));
    assert_eq!(st.key.reveal(), b"qwerty", "state master keeps the key");
    assert_eq!(b.interface("igb0").unwrap().addresses.len(), 4);
}
