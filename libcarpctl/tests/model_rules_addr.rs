//! The model's address and interface rules (in.c, in6.c, if.c, and how
//! they drive carp(4)), one test per rule.

#[path = "support/hosts.rs"]
mod hosts;

use std::net::Ipv4Addr;

use hosts::*;
use libcarpctl::model::Host;
use libcarpctl::{AddressSelector, CarpState, Errno, Family, IfFlags, Nd6Flags, Release};

const V14_1: Release = Release { major: 14, minor: 1 };

fn del(h: &mut Host, a: [u8; 4]) -> Result<(), Errno> {
    h.delete_address("igb0", &AddressSelector::Exact(v4(a)))
}

#[test]
fn address_join_starts_the_vhid_when_up_with_link() {
    for r in releases() {
        let mut h = host(r);
        h.carp_set("igb0", &set(1, 0, 0)).unwrap();
        h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).unwrap();
        assert_eq!(vhid(&h, 1).state, CarpState::Backup, "{r}");
    }
    // Down, or without carrier: INIT.
    let mut h = host(V14_1);
    h.interfaces[0].flags.remove(IfFlags::UP);
    h.carp_set("igb0", &set(1, 0, 0)).unwrap();
    h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Init);
    let mut h = host(V14_1);
    h.interfaces[0].status = Some("no carrier".into());
    h.carp_set("igb0", &set(1, 0, 0)).unwrap();
    h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Init);
}

#[test]
fn carp_allow_zero_holds_vhids_in_init_since_12() {
    for (r, want) in [("10.0", CarpState::Backup), ("11.4", CarpState::Backup), ("12.4", CarpState::Init)] {
        let mut h = host(r.parse().unwrap());
        h.sysctl.insert("net.inet.carp.allow".into(), 0);
        h.carp_set("igb0", &set(1, 0, 0)).unwrap();
        h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).unwrap();
        assert_eq!(vhid(&h, 1).state, want, "{r}");
    }
}

#[test]
fn address_with_vhid_errors() {
    for r in [Release::V10_0, V14_1] {
        // ENOPROTOOPT: the interface has no vhid at all.
        let mut h = host(r);
        refused(&mut h, Errno::ENOPROTOOPT, |h| h.add_address("igb0", &inet("10.0.0.112/27", Some(1))));
        // ENOENT: not that vhid.
        let mut h = with_vhid(r, 1);
        refused(&mut h, Errno::ENOENT, |h| h.add_address("igb0", &inet("10.0.0.113/27", Some(2))));
        // EPROTONOSUPPORT: carp.ko is not loaded.
        h.carp_loaded = false;
        refused(&mut h, Errno::EPROTONOSUPPORT, |h| h.add_address("igb0", &inet("10.0.0.113/27", Some(1))));
        h.add_address("igb0", &inet("10.0.0.113/27", None)).expect("no vhid, no carp needed");
        // EPERM before anything else.
        let mut h = with_vhid(r, 1);
        h.privileged = false;
        refused(&mut h, Errno::EPERM, |h| h.add_address("igb0", &inet("10.0.0.113/27", Some(1))));
        refused(&mut h, Errno::EPERM, |h| del(h, [10, 0, 0, 112]));
        refused(&mut h, Errno::ENXIO, |h| h.add_address("nosuch0", &inet("10.0.0.113/27", None)));
    }
}

#[test]
fn refused_inet6_vhid_leaves_the_address_without_vhid() {
    // in6_update_ifa configures the address before carp_attach is tried.
    let mut h = with_vhid(V14_1, 1);
    let before = h.clone();
    assert_eq!(h.add_address("igb0", &inet6("2001:db8::3", Some(2))), Err(Errno::ENOENT));
    assert!(addrs(&h).contains(&"2001:db8::3/64".to_string()), "{:?}", addrs(&h));
    assert_eq!(igb0(&h).carp, igb0(&before).carp, "vhids untouched");
    assert_eq!(igb0(&h).addresses.len(), igb0(&before).addresses.len() + 1, "no link-local on failure");
    let mut h = host(V14_1);
    h.carp_loaded = false;
    assert_eq!(h.add_address("igb0", &inet6("2001:db8::3", Some(1))), Err(Errno::EPROTONOSUPPORT));
    assert!(addrs(&h).contains(&"2001:db8::3/64".to_string()));
}

#[test]
fn vhid_dies_with_its_last_address_and_promisc_with_the_last_vhid() {
    let mut h = with_vhid(V14_1, 1);
    h.carp_set("igb0", &set(2, 0, 0)).unwrap();
    h.add_address("igb0", &inet("10.0.0.113/27", Some(1))).unwrap();
    h.add_address("igb0", &inet("10.0.0.114/27", Some(2))).unwrap();
    del(&mut h, [10, 0, 0, 112]).unwrap();
    assert_eq!(vhids(&h), vec![1, 2], "vhid 1 still has 10.0.0.113");
    del(&mut h, [10, 0, 0, 113]).unwrap();
    assert_eq!(vhids(&h), vec![2]);
    assert!(igb0(&h).flags.contains(IfFlags::PROMISC), "vhid 2 remains");
    del(&mut h, [10, 0, 0, 114]).unwrap();
    assert!(vhids(&h).is_empty());
    assert!(!igb0(&h).flags.contains(IfFlags::PROMISC), "the last vhid drops PROMISC");
    refused(&mut h, Errno::EADDRNOTAVAIL, |h| del(h, [10, 0, 0, 114]));
    assert_eq!(addrs(&h), vec!["10.0.0.118/27"]);
}

#[test]
fn attach_and_detach_restart_the_vhid() {
    // carp_sc_state runs on every attach/detach: INIT, then BACKUP at once.
    let mut h = with_vhid(V14_1, 1);
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    h.add_address("igb0", &inet("10.0.0.113/27", Some(1))).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    del(&mut h, [10, 0, 0, 113]).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
}

#[test]
fn readding_an_existing_vhid_address_keeps_the_vhid() {
    for r in [Release::V10_0, V14_1, Release::V15_0] {
        let mut h = with_vhid(r, 1);
        h.add_address("igb0", &inet("10.0.0.120/27", None)).unwrap();
        h.add_address("igb0", &inet("10.0.0.112/27", Some(1))).expect("re-add its only address");
        assert_eq!(vhids(&h), vec![1], "{r}");
        assert_eq!(vhid(&h, 1).state, CarpState::Backup);
        assert_eq!(vhid(&h, 1).key.reveal(), b"k", "the vhid's settings survive");
        // in_aifaddr_ioctl deletes and appends: the address moves to the end.
        assert_eq!(addrs(&h), vec!["10.0.0.118/27", "10.0.0.120/27", "10.0.0.112/27 vhid 1"]);
        // inet6 is updated in place.
        h.add_address("igb0", &inet6("2001:db8::3/64", Some(1))).unwrap();
        h.add_address("igb0", &inet6("2001:db8::4/64", None)).unwrap();
        h.add_address("igb0", &inet6("2001:db8::3/64", Some(1))).unwrap();
        let list = addrs(&h);
        let pos3 = list.iter().position(|a| a == "2001:db8::3/64 vhid 1").unwrap();
        let pos4 = list.iter().position(|a| a == "2001:db8::4/64").unwrap();
        assert!(pos3 < pos4, "{list:?}");
    }
}

#[test]
fn readding_without_vhid_detaches_but_keeps_the_vhid() {
    let mut h = with_vhid(V14_1, 1);
    h.add_address("igb0", &inet("10.0.0.112/27", None)).unwrap();
    assert_eq!(addrs(&h), vec!["10.0.0.118/27", "10.0.0.112/27"]);
    assert_eq!(vhids(&h), vec![1], "carp_detach(keep_cif) keeps the vhid");
    assert_eq!(vhid(&h, 1).state, CarpState::Init, "no address left: INIT");
}

#[test]
fn readd_with_a_refused_vhid_leaves_the_inet_address_deleted() {
    let mut h = with_vhid(V14_1, 1);
    h.add_address("igb0", &inet("10.0.0.120/27", None)).unwrap();
    assert_eq!(h.add_address("igb0", &inet("10.0.0.120/27", Some(9))), Err(Errno::ENOENT));
    assert_eq!(addrs(&h), vec!["10.0.0.118/27", "10.0.0.112/27 vhid 1"]);
}

#[test]
fn first_inet6_address_adds_the_link_local() {
    let ll = "fe80::225:90ff:fe03:efa/64".to_string();
    // 10.0 (the seed): at the front; later releases: after the new address.
    let mut h = host(Release::V10_0);
    h.add_address("igb0", &inet6("2001:db8::3", None)).unwrap();
    assert_eq!(addrs(&h), vec![ll.clone(), "10.0.0.118/27".into(), "2001:db8::3/64".into()]);
    let scope = igb0(&h).addresses[0].scopeid;
    assert_eq!(scope, Some(1));
    h.add_address("igb0", &inet6("2001:db8::4", None)).unwrap();
    assert_eq!(addrs(&h).iter().filter(|a| a.starts_with("fe80")).count(), 1, "only once");
    let mut h = host(V14_1);
    h.add_address("igb0", &inet6("2001:db8::3", None)).unwrap();
    assert_eq!(addrs(&h), vec!["10.0.0.118/27".into(), "2001:db8::3/64".into(), ll.clone()]);
    // Without AUTO_LINKLOCAL: none.
    let mut h = host(V14_1);
    h.interfaces[0].nd6 = Some(Nd6Flags::PERFORMNUD);
    h.add_address("igb0", &inet6("2001:db8::3", None)).unwrap();
    assert_eq!(addrs(&h), vec!["10.0.0.118/27", "2001:db8::3/64"]);
    // With IPv6 disabled, the new address clears IFDISABLED (in6.c's
    // aifaddr_out) and the interface, being up, gets its link-local.
    let mut h = host(V14_1);
    h.interfaces[0].nd6 = Some(Nd6Flags::AUTO_LINKLOCAL | Nd6Flags::IFDISABLED);
    h.add_address("igb0", &inet6("2001:db8::3", None)).unwrap();
    assert_eq!(addrs(&h), vec!["10.0.0.118/27".into(), "2001:db8::3/64".into(), ll]);
    assert_eq!(igb0(&h).nd6, Some(Nd6Flags::AUTO_LINKLOCAL));
}

#[test]
fn broadcast_is_derived_from_the_prefix() {
    let mut h = host(V14_1);
    let cases = [
        ("192.0.2.10/24", Some([192, 0, 2, 255])),
        ("198.51.100.7/31", Some([255, 255, 255, 255])),
        ("203.0.113.9/32", Some([203, 0, 113, 9])),
        ("10.1.2.3", Some([10, 255, 255, 255])),
    ];
    for (a, want) in cases {
        h.add_address("igb0", &inet(a, None)).unwrap();
        let req = inet(a, None);
        let got = igb0(&h).addresses.iter().find(|x| x.addr == req.addr).unwrap().broadcast;
        assert_eq!(got, want.map(Ipv4Addr::from), "{a}");
    }
    let mut explicit = inet("192.0.2.20/24", None);
    explicit.broadcast = Some(Ipv4Addr::new(192, 0, 2, 99));
    h.add_address("igb0", &explicit).unwrap();
    assert_eq!(igb0(&h).addresses.last().unwrap().broadcast, Some(Ipv4Addr::new(192, 0, 2, 99)));
    // No IFF_BROADCAST, no broadcast address.
    h.add_address("lo0", &inet("127.0.0.2/8", None)).unwrap();
    assert_eq!(h.iface("lo0").unwrap().addresses[0].broadcast, None);
}

#[test]
fn down_sends_vhids_to_init_and_up_restarts_them() {
    let mut h = with_vhid(V14_1, 1);
    h.carp_set("igb0", &set(2, 0, 0)).unwrap();
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    h.set_up("igb0", false).unwrap();
    assert!(!igb0(&h).flags.contains(IfFlags::UP));
    assert_eq!((vhid(&h, 1).state, vhid(&h, 2).state), (CarpState::Init, CarpState::Init));
    h.set_up("igb0", true).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
    assert_eq!(vhid(&h, 2).state, CarpState::Init, "no address: stays INIT");
    // Setting UP on an up interface is no transition: a MASTER stays.
    h.carp_set("igb0", &set_state(1, CarpState::Master)).unwrap();
    h.set_up("igb0", true).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Master);
    h.privileged = false;
    refused(&mut h, Errno::EPERM, |h| h.set_up("igb0", false));
}

#[test]
fn mtu_and_metric() {
    let mut h = host(V14_1);
    h.set_mtu("igb0", 9000).unwrap();
    h.set_metric("igb0", 7).unwrap();
    assert_eq!((igb0(&h).mtu, igb0(&h).metric), (9000, 7));
    refused(&mut h, Errno::EINVAL, |h| h.set_mtu("igb0", 10));
    refused(&mut h, Errno::ENXIO, |h| h.set_metric("nosuch0", 1));
    h.privileged = false;
    refused(&mut h, Errno::EPERM, |h| h.set_mtu("igb0", 1400));
}

#[test]
fn delete_first_of_a_family() {
    let mut h = with_vhid(V14_1, 1);
    h.delete_address("igb0", &AddressSelector::First(Family::Inet)).unwrap();
    assert_eq!(addrs(&h), vec!["10.0.0.112/27 vhid 1"]);
    refused(&mut h, Errno::EADDRNOTAVAIL, |h| {
        h.delete_address("igb0", &AddressSelector::First(Family::Inet6))
    });
}

#[test]
fn sysctls_allow_demotion_dscp() {
    let mut h = with_vhid(V14_1, 1);
    h.set_sysctl("net.inet.carp.allow", 0).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Init, "allow=0 stops the vhid (12+)");
    h.set_sysctl("net.inet.carp.allow", 1).unwrap();
    assert_eq!(vhid(&h, 1).state, CarpState::Backup);
    let mut old = with_vhid(Release::V10_0, 1);
    old.set_sysctl("net.inet.carp.allow", 0).unwrap();
    assert_eq!(vhid(&old, 1).state, CarpState::Backup, "10.x only drops packets");
    h.set_sysctl("net.inet.carp.demotion", 50).unwrap();
    h.set_sysctl("net.inet.carp.demotion", -20).unwrap();
    assert_eq!(h.sysctl("net.inet.carp.demotion"), 30, "writing demotion adds");
    refused(&mut h, Errno::EINVAL, |h| h.set_sysctl("net.inet.carp.dscp", 64));
    refused(&mut h, Errno::ENOENT, |h| h.set_sysctl("net.inet.carp.nosuch", 1));
    h.privileged = false;
    refused(&mut h, Errno::EPERM, |h| h.set_sysctl("net.inet.carp.allow", 0));
}
