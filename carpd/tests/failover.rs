//! Failover, preemption, maintenance demotion and wrong keys between carpd
//! nodes, timed from a packet capture on the switch.

#![cfg(target_os = "linux")]

mod support;

use std::time::Duration;

use support::lab::{can_run, Lab};

const SECRET: &str = "s3cret";

fn conf(skew: u8, key: &str) -> String {
    format!("ifconfig_eth0_alias0=\"inet vhid 1 advskew {skew} pass {key} alias 192.0.2.100/32\"\n")
}

fn states(lab: &Lab, n: usize) -> Vec<String> {
    (1..=n).map(|i| lab.carp_state(i)).collect()
}

#[test]
fn three_nodes_one_master_and_a_backup_takes_over_within_the_bound() {
    if !can_run("three_nodes_one_master_and_a_backup_takes_over_within_the_bound") {
        return;
    }
    let mut lab = Lab::new(3);
    lab.start_capture();
    let p1 = lab.carpd(1, &conf(0, SECRET), &[]);
    let p2 = lab.carpd(2, &conf(50, SECRET), &[]);
    let _p3 = lab.carpd(3, &conf(100, SECRET), &[]);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(states(&lab, 3), ["MASTER", "BACKUP", "BACKUP"]);
    lab.crash(1, p1);
    lab.wait_log(p2, "BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(lab.carp_state(2), "MASTER");
    assert_eq!(lab.carp_state(3), "BACKUP");
    let ads = lab.stop_capture();
    let last1 = ads.iter().filter(|a| a.src == "192.0.2.11").map(|a| a.time).fold(0.0, f64::max);
    let first2 = ads
        .iter()
        .filter(|a| a.src == "192.0.2.12" && a.time > last1)
        .map(|a| a.time)
        .next()
        .expect("node 2 advertises");
    let bound = 3.0 + 50.0 / 256.0 + 0.1;
    let took = first2 - last1;
    eprintln!("failover: {took:.3} s after the master's last advertisement (bound {bound:.3} s)");
    assert!(took <= bound && took >= 3.0 + 50.0 / 256.0 - 0.05, "took {took:.3} s, bound {bound:.3}");
    // After the takeover only node 2 advertises, every 1 + 50/256 s.
    let after: Vec<f64> = ads.iter().filter(|a| a.time >= first2).map(|a| a.time).collect();
    assert!(ads.iter().filter(|a| a.time >= first2).all(|a| a.src == "192.0.2.12"));
    for w in after.windows(2) {
        assert!((w[1] - w[0] - (1.0 + 50.0 / 256.0)).abs() < 0.05, "interval {}", w[1] - w[0]);
    }
    assert!(lab.ip(2, &["-o", "addr"]).contains("192.0.2.100/32"));
}

#[test]
fn preemption_takes_over_and_without_it_a_better_backup_waits() {
    if !can_run("preemption_takes_over_and_without_it_a_better_backup_waits") {
        return;
    }
    let mut lab = Lab::new(3);
    let p2 = lab.carpd(2, &conf(100, SECRET), &[]);
    lab.wait_log(p2, "BACKUP -> MASTER", Duration::from_secs(6));
    // Node 3 is better (skew 50) but does not preempt: it stays BACKUP.
    let _p3 = lab.carpd(3, &conf(50, SECRET), &[]);
    // Node 1 is best and preempts.
    let p1 = lab.carpd(1, &conf(0, SECRET), &["--sysctl", "net.inet.carp.preempt=1"]);
    lab.wait_log(p1, "BACKUP -> MASTER (preempting a slower master)", Duration::from_secs(6));
    lab.wait_log(p2, "MASTER -> BACKUP (more frequent advertisement received)", Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(states(&lab, 3), ["MASTER", "BACKUP", "BACKUP"]);
}

#[test]
fn maintenance_demotion_hands_over_and_back() {
    if !can_run("maintenance_demotion_hands_over_and_back") {
        return;
    }
    let mut lab = Lab::new(2);
    let preempt = ["--sysctl", "net.inet.carp.preempt=1"];
    let p1 = lab.carpd(1, &conf(0, SECRET), &preempt);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    let p2 = lab.carpd(2, &conf(100, SECRET), &preempt);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(states(&lab, 2), ["MASTER", "BACKUP"]);
    let (code, out, _) = lab.ctl(1, &["set", "demotion", "+240"]);
    assert_eq!(code, 0);
    assert!(out.contains("net.inet.carp.demotion: 240\n"), "{out}");
    lab.wait_log(p2, "BACKUP -> MASTER", Duration::from_secs(4));
    lab.wait_until("node 1 BACKUP", Duration::from_secs(3), || lab.carp_state(1) == "BACKUP");
    let (code, _, _) = lab.ctl(1, &["set", "demotion", "-240"]);
    assert_eq!(code, 0);
    lab.wait_until("node 1 MASTER again", Duration::from_secs(4), || lab.carp_state(1) == "MASTER");
    lab.wait_until("node 2 BACKUP again", Duration::from_secs(3), || lab.carp_state(2) == "BACKUP");
    // A bad request is refused with a message, and changes nothing.
    let (code, _, err) = lab.ctl(1, &["set", "demotion", "lots"]);
    assert_eq!((code, err.trim()), (1, "carpd ctl: demotion: invalid value 'lots'"));
    assert!(lab.ctl(1, &["get"]).1.contains("net.inet.carp.demotion: 0\n"));
}

#[test]
fn a_wrong_key_never_wins() {
    if !can_run("a_wrong_key_never_wins") {
        return;
    }
    let mut lab = Lab::new(3);
    let p1 = lab.carpd(1, &conf(50, SECRET), &[]);
    let _p2 = lab.carpd(2, &conf(100, SECRET), &[]);
    let _p3 = lab.carpd(3, &conf(0, "wrongkey"), &[]);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(2500));
    // Node 3 hears no valid advertisement and makes itself MASTER, but the
    // nodes with the right key ignore it: node 1 stays MASTER.
    assert_eq!(lab.carp_state(1), "MASTER");
    assert_eq!(lab.carp_state(2), "BACKUP");
    let stats = lab.ctl(1, &["stats"]).1;
    let badauth: u64 = stats
        .lines()
        .find(|l| l.contains("bad authentication"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(badauth >= 1, "{stats}");
    assert!(!lab.log(p1).contains(SECRET) && !lab.log(p1).contains("wrongkey"));
}

#[test]
fn unicast_peers_elect_and_fail_over() {
    if !can_run("unicast_peers_elect_and_fail_over") {
        return;
    }
    let mut lab = Lab::new(2);
    let conf = |skew: u8, peer: &str| {
        format!("ifconfig_eth0_alias0=\"inet vhid 4 advskew {skew} pass {SECRET} peer {peer} alias 192.0.2.104/32\"\n")
    };
    lab.start_capture();
    let p1 = lab.carpd(1, &conf(0, "192.0.2.12"), &[]);
    let p2 = lab.carpd(2, &conf(100, "192.0.2.11"), &[]);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(states(&lab, 2), ["MASTER", "BACKUP"]);
    lab.crash(1, p1);
    lab.wait_log(p2, "BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(1200));
    let ads = lab.stop_capture();
    let from1: Vec<_> = ads.iter().filter(|a| a.src == "192.0.2.11").collect();
    let from2: Vec<_> = ads.iter().filter(|a| a.src == "192.0.2.12").collect();
    assert!(from1.len() >= 2 && !from2.is_empty(), "{ads:?}");
    // Unicast both ways: never to the group.
    assert!(from1.iter().all(|a| a.dst == "192.0.2.12" && a.checksum == 1), "{from1:?}");
    assert!(from2.iter().all(|a| a.dst == "192.0.2.11" && a.checksum == 1), "{from2:?}");
}
