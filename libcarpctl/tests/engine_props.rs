//! Property tests for the protocol engine: decoders never panic, and any
//! sequence of events keeps the state machine's invariants.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use proptest::prelude::*;

use libcarpctl::engine::hmac::CarpMac;
use libcarpctl::engine::vrrp::{encode_vrrp, vrrp_checksum_ok, VrrpAdvert};
use libcarpctl::engine::wire::CarpHeader;
use libcarpctl::engine::{Action, Engine, IfRef, Received, Settings, VhidConfig};
use libcarpctl::{CarpState, CarpVersion, Key, Vhid};

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..120), v6 in any::<bool>()) {
        let _ = CarpHeader::parse(&bytes);
        if let Ok(h) = CarpHeader::decode(&bytes) {
            // What decodes re-encodes to the same 36 bytes.
            prop_assert_eq!(&h.encode()[..], &bytes[..36]);
        }
        if let Ok(a) = VrrpAdvert::decode(&bytes, v6) {
            prop_assert_eq!(a.addresses().count(), usize::from(a.count()));
        }
        let (s, d) = (IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), IpAddr::V4(Ipv4Addr::new(224, 0, 0, 18)));
        let _ = vrrp_checksum_ok(s, d, &bytes);
    }

    #[test]
    fn receive_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..80),
        ttl in prop_oneof![Just(255u8), any::<u8>()],
        v6 in any::<bool>(),
        ifindex in 0u32..3,
    ) {
        let mut e = engine();
        let src = if v6 { IpAddr::V6("fe80::9".parse().unwrap()) } else { IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)) };
        let dst = if v6 { IpAddr::V6("ff02::12".parse().unwrap()) } else { IpAddr::V4(Ipv4Addr::new(224, 0, 0, 18)) };
        e.receive(Duration::from_secs(1), ifindex, &Received { src, dst, ttl, payload: &bytes });
        let s = e.stats();
        prop_assert_eq!(s.ipackets + s.ipackets6, 1);
    }

    #[test]
    fn any_event_sequence_keeps_the_invariants(events in proptest::collection::vec(event(), 1..60)) {
        let mut e = engine();
        let mut now = Duration::ZERO;
        let mut held: BTreeMap<u8, bool> = BTreeMap::new();
        for ev in events {
            let mut fired = false;
            match ev {
                Ev::Advance(d) => {
                    now += Duration::from_millis(d.into());
                    e.handle_timeout(now);
                    fired = true;
                }
                Ev::Carp { advbase, advskew, counter, good_key } => {
                    let key = Key::from_passphrase(if good_key { b"k" } else { b"x" });
                    let md = CarpMac::new(&key, 1, &[VIP4], &[]).generate(counter);
                    let bytes = CarpHeader::advertisement(1, advbase, advskew, counter, md).encode();
                    let pkt = Received { src: IpAddr::V4(PEER), dst: IpAddr::V4(MCAST), ttl: 255, payload: &bytes };
                    e.receive(now, 1, &pkt);
                }
                Ev::Vrrp { priority, interval } => {
                    let (s, d) = (IpAddr::V4(PEER), IpAddr::V4(MCAST));
                    let bytes = encode_vrrp(2, priority, interval, &[IpAddr::V4(VIP4)], s, d);
                    e.receive(now, 1, &Received { src: s, dst: d, ttl: 255, payload: &bytes });
                }
                Ev::Link(up) => e.link_changed(now, 1, up),
                Ev::Addrs(vhid, mask) => {
                    let v4: Vec<Ipv4Addr> = if mask & 1 != 0 { vec![VIP4] } else { vec![] };
                    let v6: Vec<Ipv6Addr> = if mask & 2 != 0 { vec![VIP6] } else { vec![] };
                    let _ = e.set_addresses(now, 1, v(vhid), &v4, &v6);
                }
                Ev::Nudge(vhid, st) => {
                    let _ = e.configure(now, &iface(), &VhidConfig { state: Some(st), ..config(vhid) });
                }
                Ev::Settings { allow, preempt, demotion } => {
                    e.set_settings(now, Settings { allow, preempt, demotion, ..Settings::default() });
                }
                Ev::SendResult(vhid, ok) => e.send_result(now, 1, v(vhid), ok),
                Ev::Skew(skew) => {
                    let _ = e.configure(now, &iface(), &VhidConfig { advskew: skew, ..config(1) });
                }
            }
            while let Some(a) = e.poll_action() {
                match a {
                    Action::BecomeMaster { vhid, .. } => { held.insert(vhid.get(), true); }
                    Action::BecomeBackup { vhid, .. } => { held.insert(vhid.get(), false); }
                    _ => {}
                }
            }
            for st in e.status() {
                let ok = match st.state {
                    CarpState::Master => st.advertise_at.is_some() && st.master_down_at.is_none(),
                    CarpState::Backup => st.advertise_at.is_none() && st.master_down_at.is_some(),
                    CarpState::Init => st.advertise_at.is_none() && st.master_down_at.is_none(),
                };
                prop_assert!(ok, "timers do not fit the state: {:?}", st);
                for t in [st.advertise_at, st.master_down_at].into_iter().flatten() {
                    prop_assert!(if fired { t > now } else { t >= now }, "timer in the past: {:?}", st);
                }
                let holds = held.get(&st.vhid.get()).copied().unwrap_or(false);
                prop_assert_eq!(holds, st.state == CarpState::Master, "addresses held iff MASTER: {:?}", st);
                prop_assert!(st.demoted_skew <= 240);
            }
            prop_assert!(e.demotion() >= e.settings().demotion);
            prop_assert_eq!(e.poll_timeout(), e.status().flat_map(|s| [s.advertise_at, s.master_down_at]).flatten().min());
        }
    }
}

const VIP4: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 100);
const VIP6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x100);
const PEER: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 9);
const MCAST: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 18);

fn v(n: u8) -> Vhid {
    Vhid::new(n.into()).unwrap()
}

fn iface() -> IfRef {
    IfRef { src4: Some(Ipv4Addr::new(192, 0, 2, 1)), ..IfRef::new(1, "em0") }
}

/// vhid 1: CARP, key "k"; vhid 2: VRRPv3 priority 100.
fn config(n: u8) -> VhidConfig {
    let base = VhidConfig { key: Key::from_passphrase(b"k"), ..VhidConfig::new(v(n)) };
    if n == 2 {
        VhidConfig { version: CarpVersion::Vrrp, vrrp_priority: 100, vrrp_interval: 100, ..base }
    } else {
        base
    }
}

fn engine() -> Engine {
    let mut e = Engine::new(Settings::default(), 5);
    for n in [1, 2] {
        e.configure(Duration::ZERO, &iface(), &config(n)).unwrap();
        e.set_addresses(Duration::ZERO, 1, v(n), &[VIP4], &[]).unwrap();
    }
    e
}

#[derive(Debug, Clone)]
enum Ev {
    Advance(u16),
    Carp { advbase: u8, advskew: u8, counter: u64, good_key: bool },
    Vrrp { priority: u8, interval: u16 },
    Link(bool),
    Addrs(u8, u8),
    Nudge(u8, CarpState),
    Settings { allow: bool, preempt: bool, demotion: i32 },
    SendResult(u8, bool),
    Skew(u8),
}

fn event() -> impl Strategy<Value = Ev> {
    let vhid = 1u8..=2;
    let state = prop_oneof![Just(CarpState::Init), Just(CarpState::Backup), Just(CarpState::Master)];
    prop_oneof![
        4 => (0u16..5000).prop_map(Ev::Advance),
        3 => (1u8..5, any::<u8>(), any::<u64>(), any::<bool>())
            .prop_map(|(advbase, advskew, counter, good_key)| Ev::Carp { advbase, advskew, counter, good_key }),
        2 => (any::<u8>(), 1u16..4096).prop_map(|(priority, interval)| Ev::Vrrp { priority, interval }),
        1 => any::<bool>().prop_map(Ev::Link),
        1 => (vhid.clone(), 0u8..4).prop_map(|(v, m)| Ev::Addrs(v, m)),
        1 => (vhid.clone(), state).prop_map(|(v, s)| Ev::Nudge(v, s)),
        1 => (any::<bool>(), any::<bool>(), -300i32..300)
            .prop_map(|(allow, preempt, demotion)| Ev::Settings { allow, preempt, demotion }),
        1 => (vhid, any::<bool>()).prop_map(|(v, ok)| Ev::SendResult(v, ok)),
        1 => (0u8..255).prop_map(Ev::Skew),
    ]
}
