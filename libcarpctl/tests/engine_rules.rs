//! FreeBSD's CARP rules, one test each, on a single engine driven by hand
//! (hand-built advertisements, simulated time).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use libcarpctl::engine::hmac::CarpMac;
use libcarpctl::engine::vrrp::{encode_vrrp, VrrpAdvert};
use libcarpctl::engine::wire::CarpHeader;
use libcarpctl::engine::{Action, Engine, IfRef, Received, Settings, Stats, VhidConfig, VhidStatus};
use libcarpctl::{CarpState, CarpVersion, Key, Vhid};

const VIP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 100);
const VIP6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x100);
const PEER_SRC: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 9);
const MCAST: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 18);
const MCAST6: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0x12);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn v(n: u8) -> Vhid {
    Vhid::new(n.into()).unwrap()
}

fn cfg(advbase: u8, advskew: u8) -> VhidConfig {
    VhidConfig { advbase, advskew, key: Key::from_passphrase(b"secret"), ..VhidConfig::new(v(42)) }
}

fn iface() -> IfRef {
    IfRef { src4: Some(Ipv4Addr::new(192, 0, 2, 1)), ..IfRef::new(1, "em0") }
}

/// An engine with vhid 42 (config `c`) holding `VIP`, drained.
fn engine_with(settings: Settings, c: &VhidConfig) -> Engine {
    let mut e = Engine::new(settings, 7);
    e.configure(Duration::ZERO, &iface(), c).unwrap();
    e.set_addresses(Duration::ZERO, 1, c.vhid, &[VIP], &[]).unwrap();
    drain(&mut e);
    e
}

fn drain(e: &mut Engine) -> Vec<Action> {
    std::iter::from_fn(|| e.poll_action()).collect()
}

fn status(e: &Engine) -> VhidStatus {
    e.status().next().unwrap()
}

fn state(e: &Engine) -> CarpState {
    status(e).state
}

fn sends(actions: &[Action]) -> Vec<(IpAddr, Vec<u8>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send { dst, packet, .. } => Some((*dst, packet.bytes().to_vec())),
            _ => None,
        })
        .collect()
}

fn reasons(actions: &[Action]) -> Vec<(CarpState, CarpState, &'static str)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::StateChanged { from, to, reason, .. } => Some((*from, *to, *reason)),
            _ => None,
        })
        .collect()
}

/// A valid advertisement from a peer holding `VIP` with key "secret".
fn advert(advbase: u8, advskew: u8, counter: u64) -> [u8; 36] {
    advert_for(b"secret", 42, &[VIP], advbase, advskew, counter)
}

fn advert_for(key: &[u8], vhid: u8, v4: &[Ipv4Addr], advbase: u8, advskew: u8, counter: u64) -> [u8; 36] {
    let md = CarpMac::new(&Key::from_passphrase(key), vhid, v4, &[]).generate(counter);
    CarpHeader::advertisement(vhid, advbase, advskew, counter, md).encode()
}

fn rx(e: &mut Engine, now: Duration, payload: &[u8]) {
    rx_ttl(e, now, payload, 255);
}

fn rx_ttl(e: &mut Engine, now: Duration, payload: &[u8], ttl: u8) {
    let pkt = Received { src: IpAddr::V4(PEER_SRC), dst: IpAddr::V4(MCAST), ttl, payload };
    e.receive(now, 1, &pkt);
}

/// Run the engine's own timers up to `end`, collecting the actions.
fn run_until(e: &mut Engine, end: Duration) -> Vec<Action> {
    let mut out = Vec::new();
    while let Some(t) = e.poll_timeout().filter(|t| *t <= end) {
        e.handle_timeout(t);
        out.extend(drain(e));
    }
    out
}

/// An engine that became MASTER at 3 s (nobody else there).
fn master(settings: Settings, c: &VhidConfig) -> Engine {
    let mut e = engine_with(settings, c);
    run_until(&mut e, ms(3000 * u64::from(c.advbase) + u64::from(c.advskew) * 1000 / 256 + 1));
    assert_eq!(state(&e), CarpState::Master);
    e
}

#[test]
fn init_to_backup_needs_link_and_an_address() {
    let mut e = Engine::new(Settings::default(), 1);
    e.configure(Duration::ZERO, &iface(), &cfg(1, 0)).unwrap();
    assert_eq!(state(&e), CarpState::Init, "no address yet");
    e.link_changed(Duration::ZERO, 1, false);
    e.set_addresses(Duration::ZERO, 1, v(42), &[VIP], &[]).unwrap();
    assert_eq!(state(&e), CarpState::Init, "no link");
    drain(&mut e);
    e.link_changed(ms(5), 1, true);
    assert_eq!(state(&e), CarpState::Backup);
    let r = reasons(&drain(&mut e));
    assert_eq!(r.last(), Some(&(CarpState::Init, CarpState::Backup, "initialization complete")));
}

#[test]
fn link_down_goes_init_and_demotes_240_until_it_returns() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    e.link_changed(ms(5000), 1, false);
    assert_eq!(state(&e), CarpState::Init);
    assert_eq!(e.demotion(), 240);
    let a = drain(&mut e);
    assert!(a.iter().any(|a| matches!(a, Action::BecomeBackup { .. })), "addresses released");
    assert_eq!(reasons(&a), vec![(CarpState::Master, CarpState::Init, "hardware interface down")]);
    assert_eq!(e.poll_timeout(), None, "INIT has no timer");
    e.link_changed(ms(6000), 1, true);
    assert_eq!(e.demotion(), 0);
    assert_eq!(state(&e), CarpState::Backup);
}

#[test]
fn advertisement_interval_is_advbase_plus_demoted_skew() {
    let mut e = master(Settings::default(), &cfg(2, 100));
    let t0 = status(&e).advertise_at.unwrap();
    let a = run_until(&mut e, t0);
    assert_eq!(sends(&a)[0].1[2], 100, "advertised skew");
    // 2 s + 100/256 s, truncated to microseconds like FreeBSD's tv_usec.
    assert_eq!(status(&e).advertise_at.unwrap() - t0, Duration::from_micros(2_390_625));
    // Demotion 100: skew 200 on the wire and in the interval.
    e.set_settings(t0, Settings { demotion: 100, ..Settings::default() });
    let a = drain(&mut e);
    assert_eq!(sends(&a)[0].1[2], 200, "a demotion change advertises at once");
    assert_eq!(status(&e).advertise_at.unwrap() - t0, Duration::from_micros(2_781_250));
    // Capped at 240.
    e.set_settings(t0, Settings { demotion: 1000, ..Settings::default() });
    assert_eq!(sends(&drain(&mut e))[0].1[2], 240);
    assert_eq!(status(&e).advertise_at.unwrap() - t0, Duration::from_micros(2_937_500));
    assert_eq!(status(&e).demoted_skew, 240);
}

#[test]
fn master_down_interval_uses_the_configured_skew() {
    let mut e = engine_with(Settings { demotion: 100, ..Settings::default() }, &cfg(2, 50));
    // 3 * 2 s + 50/256 s: demotion does not count here.
    assert_eq!(status(&e).master_down_at, Some(Duration::from_micros(6_195_312)));
    let a = run_until(&mut e, ms(6195));
    assert!(a.is_empty());
    let a = run_until(&mut e, ms(6196));
    assert_eq!(reasons(&a), vec![(CarpState::Backup, CarpState::Master, "master timed out")]);
    // An advertisement resets it.
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    rx(&mut e, ms(2000), &advert(1, 0, 1));
    assert_eq!(status(&e).master_down_at, Some(ms(5000)));
}

#[test]
fn master_yields_to_an_equal_advertisement() {
    let mut e = master(Settings::default(), &cfg(1, 100));
    rx(&mut e, ms(3500), &advert(1, 100, 1));
    assert_eq!(state(&e), CarpState::Backup, "ties yield");
    let a = drain(&mut e);
    assert_eq!(
        reasons(&a),
        vec![(CarpState::Master, CarpState::Backup, "more frequent advertisement received")]
    );
    assert!(a.iter().any(|a| matches!(a, Action::BecomeBackup { v4, .. } if v4 == &[VIP])));
    assert_eq!(status(&e).advertise_at, None);
    assert!(status(&e).master_down_at.is_some());
}

#[test]
fn master_yields_to_a_more_frequent_advertisement_only() {
    let mut e = master(Settings::default(), &cfg(1, 100));
    rx(&mut e, ms(3500), &advert(1, 101, 1));
    rx(&mut e, ms(3600), &advert(2, 0, 2));
    assert_eq!(state(&e), CarpState::Master, "slower adverts do not move a master");
    rx(&mut e, ms(3700), &advert(1, 99, 3));
    assert_eq!(state(&e), CarpState::Backup);
}

#[test]
fn demoted_master_yields_to_a_normal_one() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    e.set_settings(ms(3100), Settings { demotion: 240, ..Settings::default() });
    rx(&mut e, ms(3200), &advert(1, 100, 1));
    assert_eq!(state(&e), CarpState::Backup, "our 0+240 is slower than their 100");
}

#[test]
fn backup_takes_over_on_timeout() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    rx(&mut e, ms(1000), &advert(1, 0, 1));
    let a = run_until(&mut e, ms(4000));
    assert_eq!(state(&e), CarpState::Master);
    assert_eq!(reasons(&a), vec![(CarpState::Backup, CarpState::Master, "master timed out")]);
    // Send first, then take the addresses (FreeBSD: carp_send_ad, then ARP/NA).
    let send = a.iter().position(|a| matches!(a, Action::Send { .. })).unwrap();
    let take = a.iter().position(|a| matches!(a, Action::BecomeMaster { v4, .. } if v4 == &[VIP])).unwrap();
    assert!(send < take);
}

#[test]
fn backup_preempts_a_slower_master_only_with_preempt() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    rx(&mut e, ms(1000), &advert(1, 100, 1));
    assert_eq!(state(&e), CarpState::Backup);
    let mut e = engine_with(Settings { preempt: true, ..Settings::default() }, &cfg(1, 0));
    rx(&mut e, ms(1000), &advert(1, 0, 1));
    assert_eq!(state(&e), CarpState::Backup, "equal is not slower");
    rx(&mut e, ms(2000), &advert(1, 100, 2));
    assert_eq!(state(&e), CarpState::Master);
    let a = drain(&mut e);
    assert_eq!(reasons(&a), vec![(CarpState::Backup, CarpState::Master, "preempting a slower master")]);
}

#[test]
fn backup_takes_over_from_a_master_slower_than_three_times_ours() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    rx(&mut e, ms(1000), &advert(3, 0, 1));
    assert_eq!(state(&e), CarpState::Backup, "exactly 3x is not slower than 3x");
    rx(&mut e, ms(2000), &advert(3, 1, 2));
    assert_eq!(state(&e), CarpState::Master);
    assert_eq!(reasons(&drain(&mut e)).last().unwrap().2, "master will time out");
}

#[test]
fn counter_is_random_until_synchronised_then_increments() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    let counter = |b: &[u8]| CarpHeader::parse(b).unwrap().counter;
    let a = run_until(&mut e, ms(6000));
    let c: Vec<u64> = sends(&a).iter().map(|(_, b)| counter(b)).collect();
    assert_eq!(c.len(), 3);
    assert!(c.windows(2).all(|w| w[1] != w[0].wrapping_add(1)), "random while alone: {c:x?}");
    // A valid advertisement (less frequent, so we stay MASTER) syncs it.
    rx(&mut e, ms(6100), &advert(1, 200, 0x1000));
    let a = run_until(&mut e, ms(8000));
    let c: Vec<u64> = sends(&a).iter().map(|(_, b)| counter(b)).collect();
    assert_eq!(c, vec![0x1001, 0x1002]);
    // Every advertisement verifies with the key over the address set.
    let mac = CarpMac::new(&Key::from_passphrase(b"secret"), 42, &[VIP], &[]);
    for (_, b) in sends(&a) {
        let h = CarpHeader::decode(&b).unwrap();
        assert!(mac.verify(h.counter, &h.md));
    }
}

/// Each check, in FreeBSD's order, counts once and drops the packet.
#[test]
fn input_checks_count_in_freebsd_order() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    let good = advert(1, 0, 1);
    let mut bad_sum = good;
    bad_sum[2] = 7;
    let other_vhid = advert_for(b"secret", 41, &[VIP], 1, 0, 1);
    let mut v3 = CarpHeader::parse(&good).unwrap();
    v3.version = 1;
    let wrong_key = advert_for(b"secreT", 42, &[VIP], 1, 0, 1);
    let wrong_addr = advert_for(b"secret", 42, &[Ipv4Addr::new(192, 0, 2, 101)], 1, 0, 1);
    let cases: Vec<(&str, Vec<u8>, u8)> = vec![
        ("badttl", good.to_vec(), 254),
        // A short packet with a bad TTL counts as badttl: TTL comes first.
        ("badttl", good[..20].to_vec(), 1),
        ("badlen", good[..35].to_vec(), 255),
        ("badlen", Vec::new(), 255),
        ("badsum", bad_sum.to_vec(), 255),
        ("badvhid", other_vhid.to_vec(), 255),
        ("badver", v3.encode().to_vec(), 255),
        ("badauth", wrong_key.to_vec(), 255),
        ("badauth", wrong_addr.to_vec(), 255),
    ];
    for (i, (name, bytes, ttl)) in cases.iter().enumerate() {
        let before = *e.stats();
        rx_ttl(&mut e, ms(100 + i as u64), bytes, *ttl);
        let after = *e.stats();
        let changed: Vec<_> = before
            .entries()
            .iter()
            .zip(after.entries())
            .filter(|(b, a)| b.1 != a.1)
            .map(|(b, _)| b.0)
            .collect();
        assert_eq!(changed, vec!["carps_ipackets", &format!("carps_{name}")], "case {i}");
        assert_eq!(state(&e), CarpState::Backup);
        assert_eq!(status(&e).counters.received, 0, "dropped silently");
    }
    assert_eq!(status(&e).counters.badauth, 2);
    // The good one passes every check.
    rx(&mut e, ms(500), &good);
    assert_eq!(status(&e).counters.received, 1);
}

#[test]
fn vhid_needs_an_address_of_the_packets_family() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    let pkt = Received {
        src: "fe80::9".parse().unwrap(),
        dst: IpAddr::V6(MCAST6),
        ttl: 255,
        payload: &advert(1, 0, 1),
    };
    e.receive(ms(10), 1, &pkt);
    assert_eq!(e.stats().badvhid, 1, "vhid 42 has no IPv6 address");
    // IPv6 on an interface without vhids: badif.
    e.receive(ms(10), 2, &pkt);
    assert_eq!((e.stats().badif, e.stats().ipackets6), (1, 2));
}

#[test]
fn allow_off_drops_everything_and_stops_the_vhids() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    e.set_settings(ms(1), Settings { allow: false, ..Settings::default() });
    assert_eq!(state(&e), CarpState::Init);
    rx(&mut e, ms(2), &advert(1, 0, 1));
    assert_eq!(e.stats().ipackets, 1);
    assert_eq!(Stats { ipackets: 0, ..*e.stats() }, Stats::default(), "no other counter moves");
    e.set_settings(ms(3), Settings::default());
    assert_eq!(state(&e), CarpState::Backup);
    assert_eq!(e.demotion(), 0);
}

#[test]
fn three_send_errors_demote_240_three_successes_restore() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    let t = ms(3500);
    let send = |e: &mut Engine, ok: bool| e.send_result(t, 1, v(42), ok);
    send(&mut e, false);
    send(&mut e, false);
    assert_eq!(e.demotion(), 0);
    send(&mut e, true);
    send(&mut e, true);
    send(&mut e, true);
    send(&mut e, false);
    send(&mut e, false);
    assert_eq!(e.demotion(), 0, "three successes reset the error count");
    // One success does not: the errors keep counting (FreeBSD 12+).
    send(&mut e, true);
    send(&mut e, false);
    assert_eq!(e.demotion(), 240);
    let a = drain(&mut e);
    assert_eq!(sends(&a)[0].1[2], 240, "masters advertise the new demotion at once");
    send(&mut e, false);
    assert_eq!(e.demotion(), 240, "demoted once, not per error");
    send(&mut e, true);
    send(&mut e, true);
    assert_eq!(e.demotion(), 240);
    send(&mut e, true);
    assert_eq!(e.demotion(), 0);
    send(&mut e, true);
    assert_eq!(e.demotion(), 0);
}

#[test]
fn one_advertisement_per_family_to_multicast_or_the_peer() {
    let mut e = Engine::new(Settings::default(), 3);
    e.configure(Duration::ZERO, &iface(), &cfg(1, 0)).unwrap();
    e.set_addresses(Duration::ZERO, 1, v(42), &[VIP], &[VIP6]).unwrap();
    let a = run_until(&mut e, ms(3000));
    let dsts: Vec<IpAddr> = sends(&a).iter().map(|(d, _)| *d).collect();
    assert_eq!(dsts, vec![IpAddr::V4(MCAST), IpAddr::V6(MCAST6)]);
    assert_eq!((e.stats().opackets, e.stats().opackets6), (1, 1));
    // Unicast peers replace the groups, per family.
    let peer: Ipv4Addr = "198.51.100.2".parse().unwrap();
    let peer6: Ipv6Addr = "2001:db8::2".parse().unwrap();
    e.configure(ms(3100), &iface(), &VhidConfig { peer, peer6, ..cfg(1, 0) }).unwrap();
    let a = run_until(&mut e, ms(4000));
    let dsts: Vec<IpAddr> = sends(&a).iter().map(|(d, _)| *d).collect();
    assert_eq!(dsts, vec![IpAddr::V4(peer), IpAddr::V6(peer6)]);
    // Only IPv6 left: one IPv6 advertisement.
    e.set_addresses(ms(4100), 1, v(42), &[], &[VIP6]).unwrap();
    let a = run_until(&mut e, ms(20_000));
    assert!(sends(&a).iter().all(|(d, _)| d.is_ipv6()));
}

#[test]
fn the_hmac_covers_both_families() {
    let mut e = Engine::new(Settings::default(), 3);
    e.configure(Duration::ZERO, &iface(), &cfg(1, 0)).unwrap();
    e.set_addresses(Duration::ZERO, 1, v(42), &[VIP], &[VIP6]).unwrap();
    let a = run_until(&mut e, ms(3000));
    let mac = CarpMac::new(&Key::from_passphrase(b"secret"), 42, &[VIP], &[VIP6]);
    let v4_only = CarpMac::new(&Key::from_passphrase(b"secret"), 42, &[VIP], &[]);
    let h = CarpHeader::decode(&sends(&a)[0].1).unwrap();
    assert!(mac.verify(h.counter, &h.md));
    assert!(!v4_only.verify(h.counter, &h.md));
}

#[test]
fn requested_states_are_nudges() {
    // From BACKUP, "state master" takes over at once.
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    e.configure(ms(100), &iface(), &VhidConfig { state: Some(CarpState::Master), ..cfg(1, 0) }).unwrap();
    assert_eq!(state(&e), CarpState::Master);
    let a = drain(&mut e);
    assert_eq!(reasons(&a), vec![(CarpState::Backup, CarpState::Master, "user requested via ifconfig")]);
    assert_eq!(sends(&a).len(), 1);
    // ...and the protocol goes on: a more frequent advert still wins.
    rx(&mut e, ms(200), &advert(1, 0, 1));
    assert_eq!(state(&e), CarpState::Backup);
    // From MASTER, "state backup" steps down.
    let mut e = master(Settings::default(), &cfg(1, 0));
    e.configure(ms(3500), &iface(), &VhidConfig { state: Some(CarpState::Backup), ..cfg(1, 0) }).unwrap();
    assert_eq!(state(&e), CarpState::Backup);
    assert_eq!(status(&e).master_down_at, Some(ms(6500)));
    // INIT ignores requests; "state init" is ignored everywhere.
    let mut e = Engine::new(Settings::default(), 1);
    e.configure(Duration::ZERO, &iface(), &VhidConfig { state: Some(CarpState::Master), ..cfg(1, 0) })
        .unwrap();
    assert_eq!(state(&e), CarpState::Init);
    let mut e = master(Settings::default(), &cfg(1, 0));
    e.configure(ms(3500), &iface(), &VhidConfig { state: Some(CarpState::Init), ..cfg(1, 0) }).unwrap();
    assert_eq!(state(&e), CarpState::Master);
}

#[test]
fn address_change_restarts_and_rehashes() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    let other = Ipv4Addr::new(192, 0, 2, 101);
    e.set_addresses(ms(3500), 1, v(42), &[VIP, other], &[]).unwrap();
    let a = drain(&mut e);
    assert_eq!(
        reasons(&a),
        vec![
            (CarpState::Master, CarpState::Init, "hardware interface up"),
            (CarpState::Init, CarpState::Backup, "initialization complete")
        ]
    );
    // The old address set no longer authenticates.
    rx(&mut e, ms(3600), &advert(1, 0, 1));
    assert_eq!(e.stats().badauth, 1);
    rx(&mut e, ms(3700), &advert_for(b"secret", 42, &[other, VIP], 1, 0, 2));
    assert_eq!(status(&e).counters.received, 1);
    // The same set again changes nothing.
    e.set_addresses(ms(3800), 1, v(42), &[other, VIP], &[]).unwrap();
    assert!(drain(&mut e).is_empty());
}

#[test]
fn remove_releases_the_addresses_and_the_demotion() {
    let mut e = master(Settings::default(), &cfg(1, 0));
    e.remove(ms(3500), 1, v(42)).unwrap();
    let a = drain(&mut e);
    assert!(a.iter().any(|a| matches!(a, Action::BecomeBackup { .. })));
    assert_eq!(e.status().count(), 0);
    assert!(e.remove(ms(3600), 1, v(42)).is_err());
    // A vhid removed while its link is down takes its demotion with it.
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    e.link_changed(ms(1), 1, false);
    assert_eq!(e.demotion(), 240);
    e.remove(ms(2), 1, v(42)).unwrap();
    assert_eq!(e.demotion(), 0);
}

#[test]
fn status_hides_the_key_and_the_accessor_shows_it() {
    let e = engine_with(Settings::default(), &cfg(1, 0));
    let st = status(&e);
    assert!(st.has_key);
    assert!(!format!("{st:?}").contains("secret"));
    assert_eq!(e.key(1, v(42)).unwrap().reveal(), b"secret");
}

// VRRPv3 (carpver 3).

fn vrrp_cfg(priority: u8, interval_cs: u16) -> VhidConfig {
    VhidConfig {
        version: CarpVersion::Vrrp,
        vrrp_priority: priority,
        vrrp_interval: interval_cs,
        ..VhidConfig::new(v(42))
    }
}

fn vrrp_rx(e: &mut Engine, now: Duration, src: Ipv4Addr, priority: u8, interval: u16) {
    let (s, d) = (IpAddr::V4(src), IpAddr::V4(MCAST));
    let bytes = encode_vrrp(42, priority, interval, &[IpAddr::V4(VIP)], s, d);
    e.receive(now, 1, &Received { src: s, dst: d, ttl: 255, payload: &bytes });
}

#[test]
fn vrrp_owner_is_master_at_once() {
    let mut e = engine_with(Settings::default(), &vrrp_cfg(255, 100));
    assert_eq!(state(&e), CarpState::Master);
    let _ = drain(&mut e);
    let a = run_until(&mut e, ms(1000));
    let (dst, bytes) = &sends(&a)[0];
    assert_eq!(*dst, IpAddr::V4(MCAST));
    let adv = VrrpAdvert::decode(bytes, false).unwrap();
    assert_eq!((adv.vrid, adv.priority, adv.interval, adv.count()), (42, 255, 100, 1));
    // The checksum covers the pseudo-header with the interface's source address.
    let src = IpAddr::V4(iface().src4.unwrap());
    assert!(libcarpctl::engine::vrrp::vrrp_checksum_ok(src, *dst, bytes));
}

#[test]
fn vrrp_master_down_is_three_intervals_plus_skew_time() {
    let mut e = engine_with(Settings::default(), &vrrp_cfg(100, 100));
    assert_eq!(state(&e), CarpState::Backup);
    // 3 * 100 cs + (256 - 100) * 100 / 256 = 300 + 60 cs.
    assert_eq!(status(&e).master_down_at, Some(ms(3600)));
    let a = run_until(&mut e, ms(3600));
    assert_eq!(reasons(&a), vec![(CarpState::Backup, CarpState::Master, "master timed out")]);
    // Advertisements every 100 cs.
    assert_eq!(status(&e).advertise_at, Some(ms(4600)));
}

#[test]
fn vrrp_election_by_priority() {
    let mut e = engine_with(Settings::default(), &vrrp_cfg(100, 100));
    run_until(&mut e, ms(3600));
    vrrp_rx(&mut e, ms(3700), Ipv4Addr::new(192, 0, 2, 9), 99, 100);
    assert_eq!(state(&e), CarpState::Master, "lower priority is ignored");
    vrrp_rx(&mut e, ms(3800), Ipv4Addr::new(192, 0, 2, 9), 101, 50);
    assert_eq!(state(&e), CarpState::Backup);
    // The master's interval (50 cs) now drives the master-down timer.
    assert_eq!(status(&e).master_down_at, Some(ms(3800 + 1500 + 300)));
    // Equal priority: the larger source address wins (ours is 192.0.2.1).
    let mut e = engine_with(Settings::default(), &vrrp_cfg(100, 100));
    run_until(&mut e, ms(3600));
    vrrp_rx(&mut e, ms(3700), Ipv4Addr::new(192, 0, 2, 0), 100, 100);
    assert_eq!(state(&e), CarpState::Master);
    vrrp_rx(&mut e, ms(3800), Ipv4Addr::new(192, 0, 2, 2), 100, 100);
    assert_eq!(state(&e), CarpState::Backup);
}

#[test]
fn vrrp_priority_zero_hands_over_after_skew_time() {
    let mut e = engine_with(Settings::default(), &vrrp_cfg(100, 100));
    vrrp_rx(&mut e, ms(1000), Ipv4Addr::new(192, 0, 2, 9), 200, 100);
    vrrp_rx(&mut e, ms(1500), Ipv4Addr::new(192, 0, 2, 9), 0, 100);
    assert_eq!(status(&e).master_down_at, Some(ms(1500 + 600)));
}

#[test]
fn vrrp_and_carp_do_not_mix() {
    let mut e = engine_with(Settings::default(), &vrrp_cfg(100, 100));
    rx(&mut e, ms(10), &advert(1, 0, 1));
    assert_eq!(e.stats().badver, 1, "a CARP packet for a VRRP vhid");
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    vrrp_rx(&mut e, ms(10), PEER_SRC, 100, 100);
    assert_eq!(e.stats().badver, 1, "a VRRP packet for a CARP vhid");
    // A VRRP packet with a checksum for another source: badsum.
    let bytes = encode_vrrp(42, 100, 100, &[IpAddr::V4(VIP)], IpAddr::V4(PEER_SRC), IpAddr::V4(MCAST));
    let pkt =
        Received { src: "192.0.2.10".parse().unwrap(), dst: IpAddr::V4(MCAST), ttl: 255, payload: &bytes };
    e.receive(ms(20), 1, &pkt);
    assert_eq!(e.stats().badsum, 1);
    // The version of an existing vhid cannot change.
    assert!(e.configure(ms(30), &iface(), &vrrp_cfg(100, 100)).is_err());
}

#[test]
fn unicast_peers_accept_any_ttl_multicast_needs_255() {
    let peer: Ipv4Addr = "198.51.100.2".parse().unwrap();
    let mut e = engine_with(Settings::default(), &VhidConfig { peer, ..cfg(1, 0) });
    rx_ttl(&mut e, ms(10), &advert(1, 0, 1), 62);
    assert_eq!((e.stats().badttl, status(&e).counters.received), (0, 1), "routed unicast advertisement");
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    rx_ttl(&mut e, ms(10), &advert(1, 0, 1), 62);
    assert_eq!((e.stats().badttl, status(&e).counters.received), (1, 0));
}

#[test]
fn vhid_zero_from_our_own_address_is_a_loop() {
    let mut e = engine_with(Settings::default(), &cfg(1, 0));
    let looped = advert_for(b"secret", 0, &[VIP], 1, 0, 1);
    let own = Received {
        src: IpAddr::V4(iface().src4.unwrap()),
        dst: IpAddr::V4(MCAST),
        ttl: 255,
        payload: &looped,
    };
    e.receive(ms(10), 1, &own);
    assert_eq!((e.stats().badif, e.stats().badvhid), (1, 0));
    rx(&mut e, ms(20), &looped);
    assert_eq!((e.stats().badif, e.stats().badvhid), (1, 1), "vhid 0 from elsewhere is just a bad vhid");
}

#[test]
fn a_shorter_new_key_keeps_nothing_of_the_old_one() {
    let long = VhidConfig { key: Key::from_passphrase(b"longpassphrase"), ..cfg(1, 0) };
    let mut e = engine_with(Settings::default(), &long);
    e.configure(ms(1), &iface(), &VhidConfig { key: Key::from_passphrase(b"short"), ..cfg(1, 0) }).unwrap();
    let a = run_until(&mut e, ms(3001));
    let h = CarpHeader::decode(&sends(&a)[0].1).unwrap();
    let fresh = CarpMac::new(&Key::from_passphrase(b"short"), 42, &[VIP], &[]);
    assert!(fresh.verify(h.counter, &h.md), "HMAC keyed with exactly \"short\" and zeros");
    assert_eq!(e.key(1, v(42)).unwrap().raw()[5..], [0u8; 15]);
}
