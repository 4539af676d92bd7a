//! Issue 12's reproducers: nothing half-done, nothing leaked, hostile host
//! files refused. Each test here failed before the fix.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestHost};

/// A 14.1 host whose igb0 has vhid 10 (advskew 5, a key) on 10.0.0.110/27.
fn host_14_1_with_vhid_10() -> TestHost {
    let h = TestHost::seed_with(|v| v["release"] = "14.1".into());
    h.run("igb0 vhid 10 advskew 5 pass s3cret").silent_ok();
    h.run("igb0 10.0.0.110/27 alias vhid 10").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tcarp: BACKUP vhid 10 advbase 1 advskew 5\n"));
    h
}

/// `args` fails with `msg`, and the host file and igb0's listing are as before.
#[track_caller]
fn refused_whole(h: &TestHost, args: &str, msg: &str) {
    let (bytes, listing) = (h.bytes(), h.run("igb0").stdout);
    h.run(args).fails_with(msg);
    assert_eq!(h.run("igb0").stdout, listing, "igb0 changed by: {args}");
    assert_eq!(h.bytes(), bytes, "host file changed by: {args}");
}

#[test]
fn a_refused_carp_step_undoes_the_link_changes() {
    let h = host_14_1_with_vhid_10();
    refused_whole(&h, "igb0 down vhid 10 advskew 255", "SIOCSVH: Invalid argument");
    refused_whole(&h, "igb0 mtu 9000 vhid 10 advskew 255", "SIOCSVH: Invalid argument");
    refused_whole(&h, "igb0 down 10.0.0.200 -alias", "ioctl (SIOCDIFADDR): Can't assign requested address");
    // A MASTER stays MASTER (going down and up again would make it BACKUP).
    h.run("igb0 vhid 10 state master").silent_ok();
    refused_whole(&h, "igb0 down mtu 1400 vhid 10 advbase 256", "SIOCSVH: Invalid argument");
}

#[test]
fn a_refused_address_step_undoes_the_carp_change() {
    let h = host_14_1_with_vhid_10();
    refused_whole(
        &h,
        "igb0 vhid 20 10.0.0.200/27 -alias",
        "ioctl (SIOCDIFADDR): Can't assign requested address",
    );
    assert!(!h.run("igb0").stdout.contains("vhid 20"));
    refused_whole(
        &h,
        "igb0 vhid 10 advskew 9 10.0.0.200/27 -alias",
        "ioctl (SIOCDIFADDR): Can't assign requested address",
    );
    refused_whole(
        &h,
        "igb0 down vhid 10 state master pass other 10.0.0.201/27 -alias",
        "ioctl (SIOCDIFADDR): Can't assign requested address",
    );
}

/// Run `ifconfig ARGS` with a deadline; `None` if it had to be killed.
fn run_with_deadline(args: &[&str], limit: Duration) -> Option<Run> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ifconfig"))
        .args(args)
        .env_remove("IFCONFIG_MODEL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Some(Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    })
}

#[test]
fn a_fifo_as_host_file_is_refused_at_once() {
    let h = TestHost::seed();
    let fifo = h.path.with_file_name("f.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let path = fifo.display().to_string();
    for args in [vec!["--model", &path, "igb0"], vec!["--model", &path, "igb0", "vhid", "1"]] {
        let out = run_with_deadline(&args, Duration::from_secs(10)).expect("ifconfig hung on a FIFO");
        out.fails_with(&format!("{path}: not a regular file"));
    }
}

#[test]
fn a_key_of_any_type_is_never_echoed() {
    let keys = [
        "987654321",
        "-987654321",
        "9876.54321",
        "true",
        "[987654321]",
        r#"{"k": "987654321"}"#,
        r#""987654321987654321987654321""#,
    ];
    for field in ["key", "key_hex"] {
        for key in keys {
            let h = TestHost::seed_with(|v| {
                v["interfaces"][0]["carp"] = serde_json::from_str(&format!(
                    r#"[{{"vhid": 10, "state": "INIT", "advbase": 1, "advskew": 0, "{field}": {key}}}]"#
                ))
                .unwrap();
            });
            for args in ["igb0", "-k -a", "igb0 vhid 10 advskew 3", "--carp"] {
                let out = h.run(args);
                assert_eq!(out.code, 1, "{field}: {key}: {args}: {out:?}");
                assert!(!format!("{out:?}").contains("987654321"), "{field} echoed: {out:?}");
                let (file, field) = (
                    format!("ifconfig: {}: ", h.path.display()),
                    format!("interface igb0: vhid 10: {field}"),
                );
                assert!(
                    out.stderr.starts_with(&file) && out.stderr.contains(&field),
                    "{out:?} names no field"
                );
            }
        }
    }
}

#[test]
fn a_symlinked_host_file_updates_its_target() {
    let h = TestHost::seed();
    let link = h.path.with_file_name("link.json");
    std::os::unix::fs::symlink(&h.path, &link).unwrap();
    let model = link.display().to_string();
    let out = crate::support::run_raw(&["--model".into(), model, "igb0".into(), "mtu".into(), "9000".into()]);
    out.silent_ok();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    assert!(h.run("igb0").stdout.contains(" mtu 9000\n"), "the target was not updated");
}

#[test]
fn invalid_host_files_are_refused_naming_the_field() {
    type Edit = fn(&mut serde_json::Value);
    let cases: Vec<(Edit, &str)> = vec![
        (|v| v["interfaces"][0]["index"] = 0.into(), "interface igb0: index 0"),
        (|v| v["interfaces"][0]["name"] = "".into(), "interface \"\": name is empty"),
        (|v| v["interfaces"][0]["name"] = "igb0123456789abc".into(), "name is longer than 15 bytes"),
        (|v| v["interfaces"][0]["name"] = "ig/b0".into(), "interface \"ig/b0\": name contains '/'"),
        (|v| v["interfaces"][0]["name"] = "ig\0b0".into(), "interface \"ig\\0b0\": name contains a NUL byte"),
        (
            |v| {
                v["interfaces"][0]["addresses"] = serde_json::json!([
                    {"family": "inet6", "address": "fe80::1", "prefixlen": 64, "scopeid": 4294967295u32}
                ])
            },
            "interface igb0: address fe80::1: scopeid 4294967295",
        ),
        (
            |v| {
                v["interfaces"][0]["addresses"] = serde_json::json!([
                    {"family": "inet6", "address": "2001:db8::1", "prefixlen": 64, "broadcast": "10.0.0.127"}
                ])
            },
            "interface igb0: address 2001:db8::1: broadcast",
        ),
        (
            |v| {
                v["interfaces"][0]["type"] = "loopback".into();
                v["interfaces"][0]["carp"] =
                    serde_json::json!([{"vhid": 3, "state": "INIT", "advbase": 1, "advskew": 0}]);
            },
            "interface igb0: vhid 3: a loopback interface cannot have a vhid",
        ),
        (
            |v| {
                v["release"] = "15.0".into();
                v["interfaces"][0]["carp"] = serde_json::json!([
                    {"vhid": 3, "state": "INIT", "advbase": 1, "advskew": 0, "version": 3, "vrrp_interval": 0}
                ]);
            },
            "interface igb0: vhid 3: vrrp_interval 0",
        ),
    ];
    for (edit, want) in cases {
        let h = TestHost::seed_with(edit);
        let before = h.bytes();
        for args in ["igb0", "-a", "igb0 mtu 1400"] {
            let out = h.run(args);
            assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{want}: {out:?}");
            let whole = format!("ifconfig: {}: ", h.path.display());
            assert!(out.stderr.starts_with(&whole) && out.stderr.contains(want), "{want}: {out:?}");
        }
        assert_eq!(h.bytes(), before);
    }
}

#[test]
fn a_fifo_as_passfile_is_refused_at_once() {
    let h = TestHost::seed();
    let fifo = h.path.with_file_name("key.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (model, key) = (h.path.display().to_string(), fifo.display().to_string());
    let args = ["--model", &model, "igb0", "vhid", "1", "passfile", &key];
    let out = run_with_deadline(&args, Duration::from_secs(10)).expect("ifconfig hung on a FIFO passfile");
    out.fails_with(&format!("passfile {key}: not a regular file"));
}
