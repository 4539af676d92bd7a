//! What carpd leaves behind: nothing after SIGTERM; after a crash, the next
//! start removes the leftovers. The hook sees devd's events. Every
//! advertisement decodes as CARP with a good checksum (tshark).

#![cfg(target_os = "linux")]

mod support;

use std::time::Duration;

use nix::sys::signal::Signal;
use support::lab::{can_run, sh, Lab};

const CONF: &str = "ifconfig_eth0=\"inet 192.0.2.11/24\"\n\
                    ifconfig_eth0_alias0=\"inet vhid 3 pass s3cret alias 192.0.2.103/32\"\n";

fn macvlans(lab: &Lab) -> String {
    lab.ip(1, &["-o", "link", "show", "type", "macvlan"])
}

#[test]
fn sigterm_removes_everything_and_the_hook_sees_devd_events() {
    if !can_run("sigterm_removes_everything_and_the_hook_sees_devd_events") {
        return;
    }
    let mut lab = Lab::new(1);
    let events = lab.dir.join("events");
    let hook = lab.dir.join("hook.sh");
    std::fs::write(&hook, format!("#!/bin/sh\necho \"$1|$SUBSYSTEM|$TYPE\" >> {}\n", events.display()))
        .unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    lab.start_capture();
    let p = lab.carpd(1, CONF, &["--hook", hook.to_str().unwrap()]);
    lab.wait_log(p, "carp: 3@eth0: BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    lab.wait_until("the macvlan", Duration::from_secs(2), || macvlans(&lab).contains("carp2v3"));
    // The address follows the macvlan in a request of its own.
    lab.wait_until("the VIP on it", Duration::from_secs(2), || {
        lab.ip(1, &["-o", "addr"]).contains("192.0.2.103/32")
    });
    std::thread::sleep(Duration::from_millis(2200));
    lab.signal(p, Signal::SIGTERM);
    assert_eq!(lab.wait_exit(p, Duration::from_secs(3)), Some(0), "{}", lab.log(p));
    assert!(macvlans(&lab).is_empty(), "{}", macvlans(&lab));
    assert!(!lab.ip(1, &["-o", "addr"]).contains("192.0.2.103"));
    assert!(!lab.socket(1).exists());
    // The parent's ARP settings are back to the namespace's defaults.
    let conf = |k: &str| {
        sh(&["ip", "netns", "exec", &lab.nodes[0], "cat", &format!("/proc/sys/net/ipv4/conf/eth0/{k}")])
    };
    assert_eq!((conf("arp_ignore").trim(), conf("arp_announce").trim()), ("0", "0"));
    let mut state = lab.socket(1).into_os_string();
    state.push(".state");
    assert!(!std::path::Path::new(&state).exists());
    let ev = std::fs::read_to_string(&events).unwrap_or_default();
    assert!(ev.contains("!system=CARP subsystem=3@eth0 type=MASTER|3@eth0|MASTER\n"), "{ev}");
    assert!(!lab.log(p).contains("s3cret"));
    // tshark decodes every advertisement carpd sent as CARP, checksum good.
    let ads = lab.stop_capture();
    assert!(ads.len() >= 2, "{ads:?}");
    assert!(ads.iter().all(|a| a.vhid == 3 && a.checksum == 1 && a.ttl == 255), "{ads:?}");
}

#[test]
fn a_start_after_a_crash_removes_the_leftovers() {
    if !can_run("a_start_after_a_crash_removes_the_leftovers") {
        return;
    }
    let mut lab = Lab::new(1);
    let p = lab.carpd(1, CONF, &[]);
    lab.wait_log(p, "BACKUP -> MASTER", Duration::from_secs(6));
    lab.wait_until("the macvlan", Duration::from_secs(2), || macvlans(&lab).contains("carp2v3"));
    lab.signal(p, Signal::SIGKILL);
    lab.wait_exit(p, Duration::from_secs(2));
    assert!(macvlans(&lab).contains("carp2v3"), "the crash left the macvlan");
    let q = lab.carpd(1, CONF, &[]);
    lab.wait_until("the new carpd answering", Duration::from_secs(3), || lab.ctl(1, &["get"]).0 == 0);
    assert!(macvlans(&lab).is_empty(), "leftover: {}", macvlans(&lab));
    assert!(!lab.ip(1, &["-o", "addr"]).contains("192.0.2.103"));
    assert_eq!(lab.carp_state(1), "BACKUP");
    lab.wait_log(q, "BACKUP -> MASTER", Duration::from_secs(6));
    lab.wait_until("the macvlan again", Duration::from_secs(2), || macvlans(&lab).contains("carp2v3"));
}

#[test]
fn bad_configuration_is_refused_with_the_line_and_no_key() {
    // No root needed: --check only reads the file.
    let dir = std::env::temp_dir().join(format!("carpd-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.conf");
    std::fs::write(&bad, "ifconfig_eth0_alias0=\"vhid 1 pass hunter2 advskew 255 alias 192.0.2.1/32\"\n")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carpd"))
        .args(["--check", "--config"])
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78));
    assert!(err.contains("eth0 vhid 1: advskew 255 outside 0..254"), "{err}");
    assert!(!err.contains("hunter2"));
    let good = dir.join("good.conf");
    std::fs::write(&good, CONF).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carpd"))
        .args(["--check", "--config"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "carpd: configuration OK: 1 vhid(s) on 1 interface(s)\n"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carpd")).arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("carpd: unknown option '--bogus'\nusage: carpd"));
    std::fs::remove_dir_all(&dir).unwrap();
}
