//! Watching carpd: a subscription on node 2's control socket (the library's
//! `watch::carpd` and `ifconfig --carp --watch`, text and JSON) sees every
//! state change of node 2, in order, when node 1 is killed and when node 2
//! is told to step down; no key in any of it.

#![cfg(target_os = "linux")]

mod support;

use std::time::{Duration, Instant};

use libcarpctl::CarpState;
use support::lab::{can_run, ifconfig_bin, Lab, Proc};

const CONF: &str = "ifconfig_eth0_alias0=\"inet vhid 1 advskew SKEW pass s3cret alias 192.0.2.100/32\"\n";

/// `ifconfig ARGS` in node 2 against its carpd, as a lab process (its
/// output in the process log, killed when the lab goes).
fn ifconfig_in_node2(lab: &mut Lab, args: &str) -> Proc {
    let socket = format!("CARPD_SOCKET={}", lab.socket(2).display());
    let bin = ifconfig_bin();
    let mut argv = vec!["env", "-u", "IFCONFIG_MODEL", &socket, bin.to_str().unwrap()];
    argv.extend(args.split_whitespace());
    lab.spawn(2, &argv)
}

/// The lines process `p` printed once it printed `n` (panics after `within`).
fn lines(lab: &Lab, p: Proc, n: usize, within: Duration) -> Vec<String> {
    let end = Instant::now() + within;
    loop {
        let got: Vec<String> = lab.log(p).lines().map(str::to_string).collect();
        if got.len() >= n {
            return got;
        }
        assert!(Instant::now() < end, "{n} lines expected within {within:?}, got:\n{}", lab.log(p));
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_watcher_on_the_backup_sees_it_take_over_and_step_down_in_order() {
    if !can_run("a_watcher_on_the_backup_sees_it_take_over_and_step_down_in_order") {
        return;
    }
    let mut lab = Lab::new(2);
    let p1 = lab.carpd(1, &CONF.replace("SKEW", "0"), &[]);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    let p2 = lab.carpd(2, &CONF.replace("SKEW", "100"), &[]);
    lab.wait_until("node 2 BACKUP", Duration::from_secs(5), || {
        lab.ctl(2, &["get"]).0 == 0 && lab.carp_state(2) == "BACKUP"
    });
    let mut watcher = libcarpctl::watch::carpd(lab.socket(2)).unwrap();
    let text = ifconfig_in_node2(&mut lab, "--carp --watch");
    let json = ifconfig_in_node2(&mut lab, "--carp --watch --json eth0");
    let other = ifconfig_in_node2(&mut lab, "--carp --watch eth1");
    // Nothing has changed yet: nothing is printed. Give the watchers time to subscribe.
    assert_eq!(watcher.next_timeout(Duration::from_millis(1000)).unwrap(), None);
    assert!(lab.running(text) && lab.running(json), "{}{}", lab.log(text), lab.log(json));

    lab.crash(1, p1);
    let took_over =
        watcher.next_timeout(Duration::from_secs(6)).unwrap().expect("BACKUP -> MASTER on node 2");
    assert_eq!(took_over.interface, "eth0");
    assert_eq!(took_over.vhid.get(), 1);
    assert_eq!((took_over.from, took_over.to), (Some(CarpState::Backup), Some(CarpState::Master)));
    lab.wait_log(p2, "BACKUP -> MASTER (master timed out)", Duration::from_secs(1));

    // Told to step down with no peer left, node 2 goes BACKUP, then MASTER again.
    let down = ifconfig_in_node2(&mut lab, "eth0 vhid 1 state backup");
    assert_eq!(lab.wait_exit(down, Duration::from_secs(5)), Some(0), "{}", lab.log(down));
    let mut seen = vec![took_over.to_string()];
    for _ in 0..2 {
        let e = watcher.next_timeout(Duration::from_secs(6)).unwrap().expect("another change");
        seen.push(e.to_string());
    }
    let expected =
        ["eth0 vhid 1: BACKUP -> MASTER", "eth0 vhid 1: MASTER -> BACKUP", "eth0 vhid 1: BACKUP -> MASTER"];
    assert_eq!(seen, expected);
    assert_eq!(watcher.next_timeout(Duration::from_millis(300)).unwrap(), None);

    // ifconfig printed the same changes, each after a UTC time.
    let printed: Vec<String> = lines(&lab, text, 3, Duration::from_secs(2))
        .iter()
        .map(|l| {
            let (time, rest) = l.split_once(' ').unwrap();
            assert!(time.ends_with('Z') && time.len() == 24, "{l}");
            rest.to_string()
        })
        .collect();
    assert_eq!(printed, expected);
    let printed = lines(&lab, json, 3, Duration::from_secs(2));
    let pairs: Vec<(String, String)> = printed
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!((v["interface"].as_str(), v["vhid"].as_u64()), (Some("eth0"), Some(1)), "{l}");
            (v["from"].as_str().unwrap().to_string(), v["to"].as_str().unwrap().to_string())
        })
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(pairs, [pair("BACKUP", "MASTER"), pair("MASTER", "BACKUP"), pair("BACKUP", "MASTER")]);
    assert_eq!(lab.log(other), "", "eth1 had no changes");

    for p in [p2, text, json, other] {
        assert!(!lab.log(p).contains("s3cret"), "a key in the output of {p:?}");
    }
}

#[test]
fn ifconfig_watch_without_carpd_or_model_says_so() {
    // No carpd socket here: ifconfig explains instead of waiting forever.
    let out = std::process::Command::new(ifconfig_bin())
        .args(["--carp", "--watch"])
        .env("CARPD_SOCKET", "/nonexistent/carpd.sock")
        .env_remove("IFCONFIG_MODEL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ifconfig: --watch: this kernel has no carp(4) and carpd is not running; watch a host file with --model\n"
    );
}
