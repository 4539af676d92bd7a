//! The receive path allocates nothing: decoding borrows the input and the
//! HMAC check works on a fixed-size state. (This binary counts every heap
//! allocation, per thread.)

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use libcarpctl::engine::hmac::CarpMac;
use libcarpctl::engine::vrrp::encode_vrrp;
use libcarpctl::engine::wire::CarpHeader;
use libcarpctl::engine::{Engine, IfRef, Received, Settings, VhidConfig};
use libcarpctl::{CarpState, CarpVersion, Key, Vhid};

const VIP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 100);
const SRC: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9));
const MCAST: IpAddr = IpAddr::V4(Ipv4Addr::new(224, 0, 0, 18));

fn engine(cfg: &VhidConfig) -> Engine {
    let mut e = Engine::new(Settings::default(), 1);
    e.configure(Duration::ZERO, &IfRef::new(1, "em0"), cfg).unwrap();
    e.set_addresses(Duration::ZERO, 1, cfg.vhid, &[VIP], &[]).unwrap();
    while e.poll_action().is_some() {}
    e
}

#[test]
fn receiving_carp_advertisements_allocates_nothing() {
    let vhid = Vhid::new(42).unwrap();
    let key = Key::from_passphrase(b"secret");
    let mut e = engine(&VhidConfig { key: key.clone(), ..VhidConfig::new(vhid) });
    let mac = CarpMac::new(&key, 42, &[VIP], &[]);
    let good: Vec<[u8; 36]> =
        (0..1000u64).map(|c| CarpHeader::advertisement(42, 1, 0, c, mac.generate(c)).encode()).collect();
    let mut bad = good[0];
    bad[20] ^= 1;
    let bad = CarpHeader::parse(&bad).unwrap().encode();
    let info = allocation_counter::measure(|| {
        for (i, bytes) in good.iter().enumerate() {
            let now = Duration::from_millis(1000 * i as u64);
            e.receive(now, 1, &Received { src: SRC, dst: MCAST, ttl: 255, payload: bytes });
            e.receive(now, 1, &Received { src: SRC, dst: MCAST, ttl: 255, payload: &bad });
            e.receive(now, 1, &Received { src: SRC, dst: MCAST, ttl: 1, payload: bytes });
        }
    });
    assert_eq!(info.count_total, 0);
    assert_eq!(e.status().next().unwrap().state, CarpState::Backup);
    assert_eq!((e.stats().badauth, e.stats().badttl), (1000, 1000));
    assert_eq!(e.status().next().unwrap().counters.received, 1000);
}

#[test]
fn receiving_vrrp_advertisements_allocates_nothing() {
    let vhid = Vhid::new(7).unwrap();
    let cfg = VhidConfig { version: CarpVersion::Vrrp, vrrp_priority: 50, ..VhidConfig::new(vhid) };
    let mut e = engine(&cfg);
    let bytes = encode_vrrp(7, 100, 100, &[IpAddr::V4(VIP)], SRC, MCAST);
    let info = allocation_counter::measure(|| {
        for i in 0..1000u64 {
            e.receive(
                Duration::from_millis(500 * i),
                1,
                &Received { src: SRC, dst: MCAST, ttl: 255, payload: &bytes },
            );
        }
    });
    assert_eq!(info.count_total, 0);
    assert_eq!(e.status().next().unwrap().counters.received, 1000);
}
