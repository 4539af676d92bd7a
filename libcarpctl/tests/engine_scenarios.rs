//! Multi-node CARP elections on a simulated segment (simulated time):
//! two, three and five nodes, killing the master, partition and heal,
//! equal skews, preemption on and off, demotion of one vhid, a wrong key,
//! 255 vhids on one interface, hours of protocol.

#[path = "support/segment.rs"]
mod segment;

use std::time::{Duration, Instant};

use libcarpctl::engine::{Settings, VhidConfig};
use libcarpctl::{CarpState, Key};
use segment::{vhid, vip, Segment};

const DELAY: Duration = Duration::from_millis(1);

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// `3 * advbase + advskew/256`, with FreeBSD's microsecond truncation.
fn master_down(advbase: u8, advskew: u8) -> Duration {
    Duration::from_secs(3 * u64::from(advbase)) + Duration::from_micros(u64::from(advskew) * 1_000_000 / 256)
}

fn cfg(n: u8, advbase: u8, advskew: u8, key: &[u8]) -> VhidConfig {
    VhidConfig { advbase, advskew, key: Key::from_passphrase(key), ..VhidConfig::new(vhid(n)) }
}

fn preempt() -> Settings {
    Settings { preempt: true, ..Settings::default() }
}

/// Nodes with these skews, all on vhid 1 / ifindex 1, configured one
/// after another `stagger` apart.
fn cluster(skews: &[u8], advbase: u8, settings: Settings, stagger: Duration) -> Segment {
    cluster_with_delay(skews, advbase, settings, stagger, DELAY)
}

fn cluster_with_delay(
    skews: &[u8],
    advbase: u8,
    settings: Settings,
    stagger: Duration,
    delay: Duration,
) -> Segment {
    let mut seg = Segment::new(skews.len(), settings, delay);
    for (i, &skew) in skews.iter().enumerate() {
        seg.configure(i, 1, &cfg(1, advbase, skew, b"secret"), &[vip(1)]);
        seg.run_for(stagger);
    }
    seg
}

/// Kill the current (single) master of vhid 1 at `now + after`; assert
/// that `successor` takes over exactly `delay + 3*advbase + skew/256`
/// after the dead master's last advertisement, and is then the only master.
fn kill_and_check(seg: &mut Segment, after: Duration, successor: usize, advbase: u8, skew: u8) {
    let v = vhid(1);
    let masters = seg.masters(1, v);
    assert_eq!(masters.len(), 1, "one master before the kill");
    let dead = masters[0];
    seg.run_for(after);
    let killed_at = seg.now;
    seg.kill(dead);
    seg.run_for(secs(4.0 * f64::from(advbase) + 2.0));
    let last = seg.last_sent(dead, v, killed_at);
    let took = seg.became_master_after(successor, v, killed_at).expect("successor took over").at;
    assert_eq!(took - last, DELAY + master_down(advbase, skew), "failover time from the last advertisement");
    assert_eq!(seg.masters(1, v), vec![successor]);
}

#[test]
fn two_nodes_elect_and_fail_over() {
    let mut seg = cluster(&[0, 100], 1, Settings::default(), Duration::ZERO);
    seg.run_for(secs(60.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    assert_eq!(seg.state(1, 1, vhid(1)), CarpState::Backup);
    assert!(seg.transitions_after(secs(5.0)).is_empty(), "stable after convergence");
    kill_and_check(&mut seg, secs(0.5), 1, 1, 100);
    let tr = seg.became_master_after(1, vhid(1), secs(60.0)).unwrap();
    assert_eq!(tr.reason, "master timed out");
}

#[test]
fn three_nodes_fail_over_in_skew_order() {
    let mut seg = cluster(&[0, 50, 100], 1, Settings::default(), Duration::ZERO);
    seg.run_for(secs(30.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    kill_and_check(&mut seg, secs(0.25), 1, 1, 50);
    seg.run_for(secs(20.0));
    kill_and_check(&mut seg, secs(0.7), 2, 1, 100);
}

#[test]
fn five_nodes_fail_over_one_by_one() {
    let mut seg = cluster(&[0, 20, 40, 60, 80], 2, Settings::default(), Duration::ZERO);
    seg.run_for(secs(60.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    for (next, skew) in [(1, 20), (2, 40), (3, 60), (4, 80)] {
        kill_and_check(&mut seg, secs(1.3), next, 2, skew);
        seg.run_for(secs(30.0));
        assert_eq!(seg.masters(1, vhid(1)), vec![next]);
    }
}

#[test]
fn partition_makes_two_masters_heal_makes_one() {
    let mut seg = cluster(&[0, 50, 100], 1, Settings::default(), Duration::ZERO);
    seg.run_for(secs(20.0));
    seg.partition(&[&[0], &[1, 2]]);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0, 1], "each side elects its own master");
    let healed_at = seg.now;
    seg.heal();
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    let yielded = seg.transitions_after(healed_at);
    assert!(yielded.iter().any(|t| t.node == 1
        && t.to == CarpState::Backup
        && t.reason == "more frequent advertisement received"));
    // Converged within one advertisement interval of the heal.
    assert!(yielded.iter().all(|t| t.at <= healed_at + secs(1.5)));
}

#[test]
fn equal_skews_converge_to_one_master() {
    // Same advbase and skew everywhere; only the start times differ. The
    // wire is faster than the timers here: FreeBSD yields on every tie, so
    // two equal backups whose master-down timers fire within one network
    // delay of each other would both take over and both yield again.
    let mut seg = cluster_with_delay(&[0, 0, 0], 1, Settings::default(), secs(0.3), Duration::ZERO);
    seg.run_for(secs(20.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    seg.run_for(secs(3600.0));
    assert!(seg.transitions_after(secs(20.0)).is_empty(), "no flapping for an hour");
    // Kill the master: one of the equals takes over, exactly one.
    seg.kill(0);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)).len(), 1);
}

#[test]
fn ties_yield_between_two_masters() {
    // Two masters with the same timing (a healed partition): FreeBSD yields
    // on a tie, so both step down and the next timeout settles it.
    let mut seg = cluster(&[0, 0], 1, Settings::default(), secs(0.4));
    seg.partition(&[&[0], &[1]]);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0, 1]);
    seg.heal();
    seg.run_for(secs(30.0));
    assert_eq!(seg.masters(1, vhid(1)).len(), 1);
}

/// Node 1 (skew 100) is master first; node 0 (skew 0) joins 10 s later.
fn late_better_node(settings: Settings) -> Segment {
    let mut seg = Segment::new(2, settings, DELAY);
    seg.configure(1, 1, &cfg(1, 1, 100, b"secret"), &[vip(1)]);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
    seg.configure(0, 1, &cfg(1, 1, 0, b"secret"), &[vip(1)]);
    seg.run_for(secs(30.0));
    seg
}

#[test]
fn without_preemption_a_better_backup_waits() {
    let seg = late_better_node(Settings::default());
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
    assert_eq!(seg.state(0, 1, vhid(1)), CarpState::Backup);
}

#[test]
fn with_preemption_a_better_backup_takes_over() {
    let seg = late_better_node(preempt());
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    let tr = seg.became_master_after(0, vhid(1), secs(10.0)).unwrap();
    assert_eq!(tr.reason, "preempting a slower master");
    // It preempted on the first advertisement it heard (<= 1 + 100/256 s after joining).
    assert!(tr.at <= secs(10.0) + secs(1.0 + 100.0 / 256.0) + DELAY);
}

/// Two nodes, two interfaces each (vhid 1 on ifindex 1, vhid 2 on
/// ifindex 2); node 0 is the better one on both.
fn two_vhids(settings: Settings) -> Segment {
    let mut seg = Segment::new(2, settings, DELAY);
    for (i, skew) in [(0, 0), (1, 100)] {
        seg.configure(i, 1, &cfg(1, 1, skew, b"one"), &[vip(1)]);
        seg.configure(i, 2, &cfg(2, 1, skew, b"two"), &[vip(2)]);
    }
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    assert_eq!(seg.masters(2, vhid(2)), vec![0]);
    seg
}

#[test]
fn with_preemption_one_vhid_down_demotes_all() {
    let mut seg = two_vhids(preempt());
    let down_at = seg.now;
    seg.link(0, 1, false);
    assert_eq!(seg.nodes[0].engine.demotion(), 240);
    assert_eq!(seg.state(0, 1, vhid(1)), CarpState::Init);
    seg.run_for(secs(10.0));
    // vhid 2 still has link on node 0, but the global demotion makes it
    // advertise skew 240, and node 1 preempts it at once.
    assert_eq!(seg.masters(2, vhid(2)), vec![1]);
    let tr = seg.became_master_after(1, vhid(2), down_at).unwrap();
    assert_eq!(tr.reason, "preempting a slower master");
    assert!(tr.at <= down_at + DELAY, "the demotion is advertised immediately");
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
    // Link back: the demotion goes, node 0 preempts both back.
    seg.link(0, 1, true);
    assert_eq!(seg.nodes[0].engine.demotion(), 0);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    assert_eq!(seg.masters(2, vhid(2)), vec![0]);
}

#[test]
fn without_preemption_only_the_down_vhid_moves() {
    let mut seg = two_vhids(Settings::default());
    seg.link(0, 1, false);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
    assert_eq!(seg.masters(2, vhid(2)), vec![0], "node 1 does not preempt");
}

#[test]
fn a_wrong_key_never_wins() {
    let mut seg = Segment::new(3, Settings::default(), DELAY);
    seg.configure(0, 1, &cfg(1, 1, 50, b"secret"), &[vip(1)]);
    seg.configure(1, 1, &cfg(1, 1, 100, b"secret"), &[vip(1)]);
    seg.configure(2, 1, &cfg(1, 1, 0, b"wrong"), &[vip(1)]);
    seg.run_for(secs(30.0));
    let before = [0, 1].map(|i| seg.nodes[i].engine.stats().badauth);
    seg.run_for(secs(30.0));
    let after = [0, 1].map(|i| seg.nodes[i].engine.stats().badauth);
    // The keyed nodes elect among themselves, ignoring the intruder.
    assert!(seg.masters(1, vhid(1)).contains(&0));
    assert!(!seg.masters(1, vhid(1)).contains(&1));
    assert!(seg
        .transitions
        .iter()
        .all(|t| t.node != 0 || t.reason != "more frequent advertisement received"));
    for i in 0..2 {
        assert!(after[i] > before[i], "node {i} counts bad auth: {before:?} -> {after:?}");
        let st = seg.nodes[i].engine.status().next().unwrap();
        assert_eq!(st.counters.badauth, seg.nodes[i].engine.stats().badauth);
    }
}

#[test]
fn two_hundred_fifty_five_vhids_on_one_interface() {
    let mut seg = Segment::new(2, Settings::default(), DELAY);
    for n in 1..=255u8 {
        seg.configure(0, 1, &cfg(n, 1, 0, b"secret"), &[vip(n)]);
        seg.configure(1, 1, &cfg(n, 1, 100, b"secret"), &[vip(n)]);
    }
    seg.run_for(secs(10.0));
    for n in 1..=255u8 {
        assert_eq!(seg.masters(1, vhid(n)), vec![0], "vhid {n}");
    }
    seg.run_for(secs(0.5));
    let killed_at = seg.now;
    seg.kill(0);
    seg.run_for(secs(5.0));
    for n in 1..=255u8 {
        let v = vhid(n);
        assert_eq!(seg.masters(1, v), vec![1], "vhid {n}");
        let took = seg.became_master_after(1, v, killed_at).unwrap().at;
        assert_eq!(took - seg.last_sent(0, v, killed_at), DELAY + master_down(1, 100));
    }
}

#[test]
fn hours_of_protocol_run_in_milliseconds() {
    let started = Instant::now();
    let mut seg = cluster(&[0, 100], 1, Settings::default(), Duration::ZERO);
    seg.run_for(secs(3.0 * 3600.0));
    let took = started.elapsed();
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    assert!(seg.transitions_after(secs(5.0)).is_empty());
    // One advertisement a second from t = 3 s on.
    let sent = seg.nodes[0].engine.stats().opackets;
    assert_eq!(sent, 3 * 3600 - 3 + 1);
    // All but the last (still in flight at the end) were received and verified.
    assert_eq!(seg.nodes[1].engine.status().next().unwrap().counters.received, sent - 1);
    eprintln!("3 h of protocol (2 nodes, {sent} advertisements) took {took:?}");
    assert!(took < Duration::from_secs(3), "3 h of protocol took {took:?}");
}

#[test]
fn send_errors_demote_and_lose_mastership() {
    let mut seg = cluster(&[0, 100], 1, preempt(), Duration::ZERO);
    seg.run_for(secs(10.0));
    seg.nodes[0].send_fails = true;
    seg.run_for(secs(10.0));
    assert_eq!(seg.nodes[0].engine.demotion(), 240);
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
    seg.nodes[0].send_fails = false;
}

#[test]
fn dual_stack_vhids_advertise_per_family_and_fail_over() {
    let v6 = "2001:db8::100".parse().unwrap();
    let mut seg = Segment::new(2, Settings::default(), DELAY);
    seg.configure_dual(0, 1, &cfg(1, 1, 0, b"secret"), &[vip(1)], &[v6]);
    seg.configure_dual(1, 1, &cfg(1, 1, 100, b"secret"), &[vip(1)], &[v6]);
    // Half an interval past an advertisement: none in flight.
    seg.run_for(secs(20.5));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    let s = seg.nodes[0].engine.stats();
    assert_eq!(s.opackets, s.opackets6, "one advertisement per family");
    // Both families' advertisements verify (the HMAC covers both address sets).
    assert_eq!(seg.nodes[1].engine.stats().badauth, 0);
    assert_eq!(seg.nodes[1].engine.status().next().unwrap().counters.received, s.opackets + s.opackets6);
    kill_and_check(&mut seg, secs(0.1), 1, 1, 100);
}

fn vrrp(n: u8, priority: u8, interval_cs: u16) -> VhidConfig {
    use libcarpctl::CarpVersion;
    VhidConfig {
        version: CarpVersion::Vrrp,
        vrrp_priority: priority,
        vrrp_interval: interval_cs,
        ..VhidConfig::new(vhid(n))
    }
}

#[test]
fn vrrp_nodes_elect_by_priority_and_fail_over() {
    let mut seg = Segment::new(3, Settings::default(), DELAY);
    seg.configure(0, 1, &vrrp(1, 100, 100), &[vip(1)]);
    seg.configure(1, 1, &vrrp(1, 150, 100), &[vip(1)]);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![1], "the higher priority wins");
    // The address owner (255) takes over at once, without waiting.
    let joined = seg.now;
    seg.configure(2, 1, &vrrp(1, 255, 100), &[vip(1)]);
    seg.run_for(secs(5.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![2]);
    assert_eq!(seg.became_master_after(2, vhid(1), joined - DELAY).unwrap().at, joined);
    // Kill the owner: priority 150 takes over after 3 intervals + Skew_Time
    // ((256 - 150) * 100 / 256 = 41 cs) from the owner's last advertisement.
    seg.run_for(secs(0.35));
    let killed_at = seg.now;
    seg.kill(2);
    seg.run_for(secs(5.0));
    let took = seg.became_master_after(1, vhid(1), killed_at).unwrap().at;
    assert_eq!(took - seg.last_sent(2, vhid(1), killed_at), DELAY + Duration::from_millis(3410));
    assert_eq!(seg.masters(1, vhid(1)), vec![1]);
}

#[test]
fn a_leaving_vrrp_master_hands_over_after_skew_time() {
    let mut seg = Segment::new(2, Settings::default(), DELAY);
    seg.configure(0, 1, &vrrp(1, 200, 100), &[vip(1)]);
    seg.configure(1, 1, &vrrp(1, 100, 100), &[vip(1)]);
    seg.run_for(secs(10.0));
    assert_eq!(seg.masters(1, vhid(1)), vec![0]);
    let left = seg.now;
    seg.with(0, |e, now| e.remove(now, 1, vhid(1)).unwrap());
    seg.run_for(secs(5.0));
    // Priority 0 received: Skew_Time = (256 - 100) * 100 / 256 = 60 cs.
    let took = seg.became_master_after(1, vhid(1), left).unwrap().at;
    assert_eq!(took - left, DELAY + Duration::from_millis(600));
}
