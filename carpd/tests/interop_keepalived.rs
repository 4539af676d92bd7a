//! carpd and keepalived (VRRPv3) on a `carpver 3` vhid: they elect by
//! priority in both directions, and with `vrrpinterval 10` (100 ms) a
//! failover takes well under a second.

#![cfg(target_os = "linux")]

mod support;

use std::time::Duration;

use support::lab::{can_run, have, Lab, Proc};

const VIP: &str = "192.0.2.109";

fn carpd_conf(prio: u8, interval_cs: u16) -> String {
    format!("ifconfig_eth0_alias0=\"inet vhid 9 carpver 3 vrrpprio {prio} vrrpinterval {interval_cs} alias {VIP}/32\"\n")
}

fn keepalived(lab: &mut Lab, node: usize, prio: u8, interval_cs: u16) -> Proc {
    let conf = format!(
        "global_defs {{\n  vrrp_version 3\n  router_id n{node}\n}}\n\
         vrrp_instance VI_9 {{\n  state BACKUP\n  interface eth0\n  virtual_router_id 9\n  priority {prio}\n  \
         advert_int {}\n  virtual_ipaddress {{\n    {VIP}/32\n  }}\n}}\n",
        f64::from(interval_cs) / 100.0
    );
    let path = lab.dir.join(format!("keepalived{node}.conf"));
    std::fs::write(&path, conf).unwrap();
    let pid = |n: &str| lab.dir.join(format!("{n}{node}.pid")).to_str().unwrap().to_string();
    let (p, r, c) = (pid("k"), pid("v"), pid("c"));
    let args = ["keepalived", "-n", "-l", "-P", "-f", path.to_str().unwrap(), "-p", &p, "-r", &r, "-c", &c];
    lab.spawn(node, &args)
}

fn skip(test: &str) -> bool {
    if !can_run(test) {
        return true;
    }
    assert!(
        have("keepalived") && have("tshark"),
        "{test}: keepalived and tshark are needed (scripts/setup installs them)"
    );
    false
}

/// Seconds from the last VRRP advertisement of `gone` to the first of `new` after it.
fn takeover(ads: &[support::lab::Ad], gone: &str, new: &str) -> f64 {
    let last = ads.iter().filter(|a| a.src == gone).map(|a| a.time).fold(0.0, f64::max);
    let first = ads.iter().find(|a| a.src == new && a.time > last).expect("a takeover").time;
    first - last
}

#[test]
fn carpd_master_keepalived_backup_then_keepalived_takes_over() {
    if skip("carpd_master_keepalived_backup_then_keepalived_takes_over") {
        return;
    }
    let mut lab = Lab::new(2);
    lab.start_capture();
    let c = lab.carpd(1, &carpd_conf(200, 100), &[]);
    lab.wait_log(c, "BACKUP -> MASTER", Duration::from_secs(6));
    let k = keepalived(&mut lab, 2, 100, 100);
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(lab.carp_state(1), "MASTER");
    assert!(lab.log(k).contains("(VI_9) Entering BACKUP STATE"), "{}", lab.log(k));
    assert!(!lab.log(k).contains("Entering MASTER STATE"), "{}", lab.log(k));
    lab.crash_node(1);
    lab.wait_log(k, "(VI_9) Entering MASTER STATE", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(1500));
    let ads = lab.stop_capture_as("vrrp");
    assert!(
        ads.iter().filter(|a| a.src == "192.0.2.11").all(|a| a.checksum == 1 && a.skew == 200),
        "{ads:?}"
    );
    let took = takeover(&ads, "192.0.2.11", "192.0.2.12");
    // keepalived's own bound: 3 * 1 s + (256 - 100) / 256 s.
    let bound = 3.0 + 156.0 / 256.0;
    eprintln!("keepalived took over {took:.3} s after carpd's last advertisement (bound {bound:.3} s)");
    assert!(took < bound + 0.3, "{took}");
}

#[test]
fn keepalived_master_carpd_backup_and_a_100ms_vhid_fails_over_fast() {
    if skip("keepalived_master_carpd_backup_and_a_100ms_vhid_fails_over_fast") {
        return;
    }
    let mut lab = Lab::new(2);
    lab.start_capture();
    let k = keepalived(&mut lab, 1, 200, 10);
    lab.wait_log(k, "(VI_9) Entering MASTER STATE", Duration::from_secs(6));
    let c = lab.carpd(2, &carpd_conf(100, 10), &[]);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(lab.carp_state(2), "BACKUP", "{}", lab.log(c));
    let stats = lab.ctl(2, &["stats"]).1;
    assert!(stats.contains("\t\t0 discarded for bad checksums\n"), "{stats}");
    lab.crash_node(1);
    lab.wait_log(c, "BACKUP -> MASTER", Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(300));
    let ads = lab.stop_capture_as("vrrp");
    let took = takeover(&ads, "192.0.2.11", "192.0.2.12");
    // VRRPv3: 3 * 0.1 s + (256 - 100) / 256 * 0.1 s.
    let bound = 0.3 + 0.1 * 156.0 / 256.0;
    eprintln!("carpd took over {took:.3} s after keepalived's last advertisement (bound {bound:.3} s)");
    assert!(took <= bound + 0.1, "took {took:.3} s, bound {bound:.3}");
    assert!(ads.iter().filter(|a| a.src == "192.0.2.12").all(|a| a.checksum == 1 && a.ttl == 255), "{ads:?}");
}
