//! Two and three carpd nodes on one bridge: exactly one MASTER per vhid,
//! seen in the daemons' status and in a packet capture (only a MASTER
//! advertises).

#![cfg(target_os = "linux")]

mod support;

use std::time::Duration;

use support::lab::{announcements, can_run, Lab};

fn conf(skew: u8) -> String {
    format!(
        "ifconfig_eth0=\"inet 192.0.2.1/24\"\n\
         ifconfig_eth0_alias0=\"inet vhid 1 advskew {skew} pass s3cret alias 192.0.2.100/32\"\n"
    )
}

#[test]
fn two_nodes_elect_one_master() {
    if !can_run("two_nodes_elect_one_master") {
        return;
    }
    let mut lab = Lab::new(2);
    lab.start_capture();
    let a = lab.carpd(1, &conf(0), &[]);
    let b = lab.carpd(2, &conf(100), &[]);
    lab.wait_log(a, "carp: 1@eth0: BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(lab.carp_state(1), "MASTER");
    assert_eq!(lab.carp_state(2), "BACKUP", "{}", lab.log(b));
    let ads = lab.stop_capture();
    let last: Vec<_> = ads.iter().filter(|x| x.time > ads.last().unwrap().time - 1.5).collect();
    assert!(!last.is_empty());
    assert!(last.iter().all(|x| x.src == "192.0.2.11"), "{last:?}");
    // Advertisements leave from the host's own address with TTL 255 and,
    // once the macvlan is up, the virtual MAC.
    assert!(last.iter().all(|x| x.ttl == 255 && x.checksum == 1), "{last:?}");
    assert_eq!(last.last().unwrap().eth_src, "00:00:5e:00:01:01");
    // Becoming MASTER announced the VIP from the virtual MAC.
    let ann = announcements(&lab.capture_file());
    assert!(ann.contains(&("00:00:5e:00:01:01".to_string(), "192.0.2.100".to_string())), "{ann:?}");
    // The VIP is on node 1's macvlan with the virtual MAC, not on node 2.
    let n1 = lab.ip(1, &["-o", "addr", "show"]);
    assert!(n1.contains("192.0.2.100/32"), "{n1}");
    assert!(!lab.ip(2, &["-o", "addr", "show"]).contains("192.0.2.100"));
    assert!(lab.ip(1, &["link", "show", "carp2v1"]).contains("00:00:5e:00:01:01"));
}
