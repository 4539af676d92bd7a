//! The bridge address cache, STP and 15's VLAN filtering requests
//! (BRDGSADDR, BRDGDADDR, BRDGFLUSH, BRDGRTS, BRDGSIFAMAX, BRDGSPROTO,
//! BRDGSIFPRIO, BRDGSIFCOST; BRDGSIFPVID, BRDGSIFVLANSET, BRDGGIFVLANSET,
//! BRDGGFLAGS/BRDGSFLAGS, BRDGSDEFPVID/BRDGGDEFPVID, BRDGSIFVLANPROTO)
//! through both FreeBSD backends with the model kernel behind them: each
//! step answers as the model does and leaves the same host; the listing
//! reads the state back.

use super::*;
use libcarpctl::{BridgeCacheChange as K, BridgeStpChange as S, BridgeVlanChange as V, VlanSet, VlanSetOp};

fn steps(release: Release) -> Vec<Step> {
    use Step::{Change, Create};
    let mac = |n: u8| [2, 0, 0, 0, 0, n];
    let st = |m: &str, n: u8, vlan: u16| {
        IfaceChange::BridgeCache(K::Static { member: m.into(), mac: mac(n), vlan, label: "BRDGSADDR".into() })
    };
    let del = |n: u8, vlan: u16| {
        IfaceChange::BridgeCache(K::Delete { mac: mac(n), vlan, label: "BRDGDADDR".into() })
    };
    let stp = IfaceChange::BridgeStp;
    let mut s = vec![
        Create("bridge0", None),
        Create("epair", None),
        Change("bridge0", IfaceChange::BridgeMember("epair0a".into(), true)),
        Change("bridge0", IfaceChange::BridgeMember("em0".into(), true)),
        Change("bridge0", st("epair0a", 1, 1)),
        Change("bridge0", st("em0", 2, 1)),
        Change("bridge0", st("em0", 3, 7)),
        Change("bridge0", st("nosuch0", 4, 1)), // not a member
        Change(
            "bridge0",
            IfaceChange::BridgeCache(K::Static {
                member: "em0".into(),
                mac: [0; 6],
                vlan: 1,
                label: String::new(),
            }),
        ), // all zeros
        Change(
            "bridge0",
            IfaceChange::BridgeCache(K::Static {
                member: "em0".into(),
                mac: [1, 0, 0x5e, 0, 0, 1],
                vlan: 1,
                label: String::new(),
            }),
        ), // multicast
        Change("igb0", st("em0", 5, 1)),        // not a bridge
        Change("bridge0", del(2, 0)),
        Change("bridge0", del(2, 0)), // gone
        Change("bridge0", IfaceChange::BridgeCache(K::Flush { all: false })),
        Change(
            "bridge0",
            IfaceChange::BridgeCache(K::MemberLimit { member: "em0".into(), max: 1, label: String::new() }),
        ),
        Change("bridge0", st("em0", 6, 1)), // over em0's limit
        Change(
            "bridge0",
            IfaceChange::BridgeCache(K::MemberLimit {
                member: "nosuch0".into(),
                max: 1,
                label: String::new(),
            }),
        ),
        Change("bridge0", stp(S::Proto { proto: 0, label: String::new() })),
        Change("bridge0", stp(S::Proto { proto: 1, label: String::new() })), // not stp or rstp
        Change("bridge0", stp(S::Priority { member: "epair0a".into(), value: 100, label: String::new() })),
        Change("bridge0", stp(S::Priority { member: "epair0a".into(), value: 250, label: String::new() })),
        Change("bridge0", stp(S::PathCost { member: "em0".into(), cost: 70000, label: String::new() })),
        Change("bridge0", stp(S::PathCost { member: "em0".into(), cost: 300_000_000, label: String::new() })),
        Change("bridge0", stp(S::PathCost { member: "epair0a".into(), cost: 5, label: String::new() })),
        Change("bridge0", stp(S::PathCost { member: "epair0a".into(), cost: 0, label: String::new() })),
    ];
    if release >= Release::V15_0 {
        let vlan = IfaceChange::BridgeVlan;
        let set = |t: &str| VlanSet::parse(t).unwrap();
        let tagged =
            |op, t: &str| vlan(V::Tagged { member: "em0".into(), op, set: set(t), label: String::new() });
        s.extend([
            Change("bridge0", vlan(V::Pvid { member: "em0".into(), vid: 5, label: String::new() })), // no filtering
            Change("bridge0", vlan(V::Flags { flags: V::VLANFILTER | V::DEFQINQ, set: true })),
            Change("bridge0", vlan(V::Flags { flags: V::DEFQINQ, set: false })),
            Change("bridge0", vlan(V::DefaultPvid(9))),
            Change("bridge0", vlan(V::Pvid { member: "em0".into(), vid: 5, label: String::new() })),
            Change("bridge0", vlan(V::Pvid { member: "nosuch0".into(), vid: 5, label: String::new() })),
            Change("bridge0", tagged(VlanSetOp::Set, "10-12,4094")),
            Change("bridge0", tagged(VlanSetOp::Add, "20")),
            Change("bridge0", tagged(VlanSetOp::Del, "11")),
            Change("bridge0", vlan(V::Proto { member: "em0".into(), proto: 0x88a8 })),
            Change("bridge0", st("epair0a", 7, 30)),
            Change("igb0", vlan(V::Flags { flags: V::VLANFILTER, set: true })), // not a bridge
        ]);
    }
    s
}

/// Both backends answer as the model at every step; the listing reads the
/// cache, member settings and VLAN state back as the model lists them.
#[test]
fn bridge_cache_stp_and_vlan_requests_as_the_model() {
    let releases = IOCTL_RELEASES
        .iter()
        .map(|r| (rel(*r), false))
        .chain(HYBRID_RELEASES.iter().map(|r| (rel(*r), true)));
    for (release, hybrid) in releases {
        let mut b: Box<dyn OverModel> = if hybrid {
            Box::new(SharedKernel::hybrid(host(release)))
        } else {
            Box::new(ioctl(host(release)))
        };
        let mut model = ModelBackend::new(host(release));
        let mut refused = 0;
        for step in steps(release) {
            let want = run(&mut model, &step);
            assert_eq!(run(b.as_mut(), &step), want, "{release}: {step:?}");
            refused += usize::from(want.is_err());
            assert_eq!(b.host(), model.host, "{release}: after {step:?}");
        }
        assert_eq!(refused, if release >= Release::V15_0 { 13 } else { 10 }, "{release}");
        let got = b.interface("bridge0").unwrap().settings.bridge.unwrap();
        let want = model.interface("bridge0").unwrap().settings.bridge.unwrap();
        assert_eq!(got, want, "{release}");
        let macs: Vec<u8> = got.cache.iter().map(|e| e.mac[5]).collect();
        let (prio, cost) = (got.members[0].priority, got.members[1].path_cost);
        assert_eq!((prio, cost, got.proto.as_str()), (96, 65535, "stp"), "{release}");
        if release >= Release::V15_0 {
            assert_eq!(macs, [7, 3, 1], "{release}");
            assert_eq!((got.flags, got.defuntagged), (V::VLANFILTER, 9), "{release}");
            let em0 = &got.members[1];
            assert_eq!(
                (em0.untagged, em0.vlanproto, em0.tagged.to_string().as_str()),
                (5, 0x88a8, "10,12,20,4094")
            );
        } else {
            assert_eq!(macs, [3, 1], "{release}");
        }
    }
}
