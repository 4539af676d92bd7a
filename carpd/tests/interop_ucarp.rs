//! carpd and ucarp (one IPv4 VIP, a key under 20 bytes) elect correctly in
//! both directions, and our decoder verifies the HMAC of ucarp's packets.

#![cfg(target_os = "linux")]

mod support;

use std::net::Ipv4Addr;
use std::time::Duration;

use libcarpctl::engine::hmac::CarpMac;
use libcarpctl::engine::wire::CarpHeader;
use libcarpctl::Key;
use support::lab::{can_run, have, payloads, Lab, Proc};

const KEY: &str = "s3cret";
const VIP: &str = "192.0.2.100";

fn carpd_conf(skew: u8) -> String {
    format!("ifconfig_eth0_alias0=\"inet vhid 7 advskew {skew} pass {KEY} alias {VIP}/32\"\n")
}

/// ucarp on node `i` (address 192.0.2.1i), its up/down scripts logging.
fn ucarp(lab: &mut Lab, node: usize, skew: u8) -> Proc {
    let script = lab.dir.join("ucarp-event.sh");
    std::fs::write(&script, "#!/bin/sh\necho \"ucarp-script $0 $*\"\n").unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let up = lab.dir.join("up");
    let down = lab.dir.join("down");
    let _ = std::os::unix::fs::symlink(&script, &up);
    let _ = std::os::unix::fs::symlink(&script, &down);
    let (src, skew) = (format!("192.0.2.1{node}"), skew.to_string());
    let args = ["ucarp", "-i", "eth0", "-s", &src, "-v", "7", "-p", KEY, "-a", VIP, "-k", &skew];
    let mut all: Vec<&str> = args.to_vec();
    let (u, d) = (up.to_str().unwrap().to_string(), down.to_str().unwrap().to_string());
    all.extend(["-u", &u, "-d", &d, "-n", "-f", "none"]);
    lab.spawn(node, &all)
}

fn skip(test: &str) -> bool {
    if !can_run(test) {
        return true;
    }
    assert!(
        have("ucarp") && have("tshark"),
        "{test}: ucarp and tshark are needed (scripts/setup installs them)"
    );
    false
}

/// The sources that advertised in the last `secs` of the capture.
fn recent_sources(ads: &[support::lab::Ad], secs: f64) -> Vec<String> {
    let end = ads.last().map_or(0.0, |a| a.time);
    let mut s: Vec<String> = ads.iter().filter(|a| a.time > end - secs).map(|a| a.src.clone()).collect();
    s.dedup();
    s
}

#[test]
fn carpd_master_ucarp_backup_then_ucarp_takes_over() {
    if skip("carpd_master_ucarp_backup_then_ucarp_takes_over") {
        return;
    }
    let mut lab = Lab::new(2);
    lab.start_capture();
    let c = lab.carpd(1, &carpd_conf(0), &[]);
    lab.wait_log(c, "BACKUP -> MASTER", Duration::from_secs(6));
    let u = ucarp(&mut lab, 2, 100);
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(lab.carp_state(1), "MASTER");
    // ucarp accepted carpd's advertisements: it never became MASTER.
    assert!(!lab.log(u).contains("Switching to state: MASTER"), "{}", lab.log(u));
    assert!(!lab.log(u).contains("Bad digest"), "{}", lab.log(u));
    lab.crash(1, c);
    lab.wait_log(u, "Switching to state: MASTER", Duration::from_secs(8));
    std::thread::sleep(Duration::from_millis(1500));
    let ads = lab.stop_capture();
    assert_eq!(recent_sources(&ads, 1.5), ["192.0.2.12"]);
}

#[test]
fn ucarp_master_carpd_backup_then_carpd_takes_over_and_hmacs_verify() {
    if skip("ucarp_master_carpd_backup_then_carpd_takes_over_and_hmacs_verify") {
        return;
    }
    let mut lab = Lab::new(2);
    lab.start_capture();
    let u = ucarp(&mut lab, 1, 0);
    lab.wait_log(u, "Switching to state: MASTER", Duration::from_secs(8));
    let c = lab.carpd(2, &carpd_conf(100), &[]);
    std::thread::sleep(Duration::from_secs(5));
    // carpd accepted ucarp's advertisements (good HMAC): it stays BACKUP.
    assert_eq!(lab.carp_state(2), "BACKUP", "{}", lab.log(c));
    let stats = lab.ctl(2, &["stats"]).1;
    assert!(stats.contains("\t\t0 discarded for bad authentication\n"), "{stats}");
    lab.crash(1, u);
    lab.wait_log(c, "BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(1500));
    let ads = lab.stop_capture();
    assert_eq!(recent_sources(&ads, 1.5), ["192.0.2.12"]);
    // Every ucarp advertisement in the capture: checksum good (tshark) and
    // HMAC good (our decoder, FreeBSD's algorithm over the one VIP).
    let mac =
        CarpMac::new(&Key::from_passphrase(KEY.as_bytes()), 7, &[VIP.parse::<Ipv4Addr>().unwrap()], &[]);
    let from_ucarp: Vec<_> =
        payloads(&lab.capture_file()).into_iter().filter(|(s, _)| s == "192.0.2.11").collect();
    assert!(from_ucarp.len() >= 3, "{from_ucarp:?}");
    for (_, bytes) in &from_ucarp {
        let h = CarpHeader::decode(bytes).expect("a valid CARP header");
        assert!(mac.verify(h.counter, &h.md), "ucarp's HMAC did not verify");
    }
    let wrong = CarpMac::new(&Key::from_passphrase(b"other"), 7, &[VIP.parse::<Ipv4Addr>().unwrap()], &[]);
    let h = CarpHeader::decode(&from_ucarp[0].1).unwrap();
    assert!(!wrong.verify(h.counter, &h.md));
    assert!(ads.iter().filter(|a| a.src == "192.0.2.11").all(|a| a.checksum == 1));
}
