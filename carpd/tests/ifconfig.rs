//! ifconfig on Linux drives carpd: the FreeBSD command lines configure a
//! vhid through carpd's socket (FreeBSD's "carp" netlink messages), and
//! ifconfig shows `carp:` lines and ` vhid N` addresses from carpd.

#![cfg(target_os = "linux")]

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use support::lab::{can_run, Lab};

/// The workspace's ifconfig, built beside carpd by `cargo test --workspace`.
fn ifconfig_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(|d| d.parent()).unwrap().join("ifconfig");
    assert!(bin.exists(), "{} is missing: build the workspace (cargo test --workspace)", bin.display());
    bin
}

/// `ifconfig ARGS` in node `i` against its carpd: (exit code, stdout, stderr).
fn ifconfig(lab: &Lab, node: usize, args: &str) -> (i32, String, String) {
    let out = Command::new("ip")
        .args(["netns", "exec", &lab.nodes[node - 1]])
        .arg(ifconfig_bin())
        .args(args.split_whitespace())
        .env("CARPD_SOCKET", lab.socket(node))
        .env_remove("IFCONFIG_MODEL")
        .output()
        .unwrap();
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
}

#[test]
fn ifconfig_configures_a_vhid_through_carpd_and_lists_it() {
    if !can_run("ifconfig_configures_a_vhid_through_carpd_and_lists_it") {
        return;
    }
    let mut lab = Lab::new(2);
    let p1 = lab.carpd(1, "", &[]);
    let p2 = lab.carpd(
        2,
        "ifconfig_eth0_alias0=\"inet vhid 1 advskew 100 pass s3cret alias 192.0.2.100/24\"\n",
        &[],
    );
    lab.wait_until("carpd 1 answering", Duration::from_secs(3), || lab.ctl(1, &["get"]).0 == 0);
    let (code, out, err) = ifconfig(&lab, 1, "eth0 inet 192.0.2.100/24 alias vhid 1 pass s3cret");
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    lab.wait_log(p1, "carp: 1@eth0: BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(1500));
    let (_, out, _) = ifconfig(&lab, 1, "eth0");
    assert!(out.contains("\tinet 192.0.2.100 netmask 0xffffff00 vhid 1\n"), "{out}");
    assert!(out.contains("\tcarp: MASTER vhid 1 advbase 1 advskew 0\n"), "{out}");
    assert!(!out.contains("s3cret"));
    let (_, out, _) = ifconfig(&lab, 1, "-k eth0");
    assert!(out.contains("\tcarp: MASTER vhid 1 advbase 1 advskew 0 key \"s3cret\"\n"), "{out}");
    // carpd's macvlan is plumbing: the listing does not show it.
    assert!(!ifconfig(&lab, 1, "-a").1.contains("carp2v1"));
    assert_eq!(lab.carp_state(2), "BACKUP", "{}", lab.log(p2));
    // `state backup` steps down; node 2 takes over.
    assert_eq!(ifconfig(&lab, 1, "eth0 vhid 1 state backup").0, 0);
    lab.wait_log(p2, "BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    assert!(ifconfig(&lab, 1, "eth0").1.contains("\tcarp: BACKUP vhid 1 advbase 1 advskew 0\n"));
    // FreeBSD's messages and exit codes; nothing changes.
    let (code, _, err) = ifconfig(&lab, 1, "eth0 vhid 1 advskew 300");
    assert_eq!((code, err.as_str()), (1, "ifconfig: SIOCSVH: Invalid argument\n"));
    assert!(ifconfig(&lab, 1, "eth0").1.contains("advskew 0\n"));
    // `passfile PATH` sets the key from a file, keeping it off the command line.
    let keyfile = lab.dir.join("key");
    std::fs::write(&keyfile, "fromfile\n").unwrap();
    assert_eq!(ifconfig(&lab, 1, &format!("eth0 vhid 1 passfile {}", keyfile.display())).0, 0);
    assert!(ifconfig(&lab, 1, "-k eth0").1.contains("key \"fromfile\"\n"));
    let (code, _, err) = ifconfig(&lab, 1, "eth0 vhid 1 passfile /nonexistent/key");
    assert_eq!(
        (code, err.as_str()),
        (1, "ifconfig: passfile /nonexistent/key: No such file or directory (os error 2)\n")
    );
    assert_eq!(ifconfig(&lab, 1, "eth0 inet 192.0.2.100 -alias").0, 0);
    assert!(!ifconfig(&lab, 1, "eth0").1.contains("192.0.2.100"));
    let (code, _, err) = ifconfig(&lab, 1, "eth0 inet 192.0.2.100 -alias");
    assert_eq!((code, err.as_str()), (1, "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n"));
}
