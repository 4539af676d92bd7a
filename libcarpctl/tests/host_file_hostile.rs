//! Hostile host files (issue 12): special files refused without blocking,
//! symlinks followed, keys never in an error, what a kernel could not hold
//! refused by name, and the temporary files of dead writers removed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use libcarpctl::model::{Host, HostFile};

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("carpctl-hostile-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// `f()` within 10 s (it runs on a thread that a hang would leave behind).
fn within_deadline<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(Duration::from_secs(10)).expect("blocked on a special file")
}

#[test]
fn special_files_are_refused_without_blocking() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("f.json");
    mkfifo(&fifo);
    let file = HostFile::new(&fifo);
    let f = file.clone();
    let err = within_deadline(move || f.load().unwrap_err().to_string());
    assert_eq!(err, format!("{}: not a regular file", fifo.display()));
    let f = file.clone();
    assert!(within_deadline(move || f.lock_for_update().is_err()));
    let f = file.clone();
    assert!(within_deadline(move || f.store(&Host::example_10_0()).is_err()));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo_like());
    // A directory. (There is no lock file to be a FIFO: the lock is on the
    // host file itself, and a FIFO where `PATH.lock` used to go is ignored.)
    let err = HostFile::new(&dir).load().unwrap_err().to_string();
    assert!(err.contains("not a regular file") || err.contains("directory"), "{err}");
    let real = dir.join("h.json");
    HostFile::new(&real).store(&Host::example_10_0()).unwrap();
    assert!(!dir.join("h.json.lock").exists(), "no lock file beside the host file");
    mkfifo(&dir.join("h.json.lock"));
    let f = HostFile::new(&real);
    assert!(within_deadline(move || f.lock_for_update().is_ok()));
    std::fs::remove_dir_all(&dir).unwrap();
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    let dir = temp_dir("link");
    let target = dir.join("target.json");
    HostFile::new(&target).store(&Host::example_10_0()).unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let mut locked = HostFile::new(&link).lock_for_update().unwrap();
    locked.host.interfaces[0].mtu = 9000;
    locked.save().unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(HostFile::new(&target).load().unwrap().interfaces[0].mtu, 9000);
    let mut via_store = Host::example_10_0();
    via_store.interfaces[0].mtu = 1400;
    HostFile::new(&link).store(&via_store).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(HostFile::new(&target).load().unwrap().interfaces[0].mtu, 1400);
    assert!(!dir.join("link.json.lock").exists(), "the lock belongs beside the target");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn temporary_files_of_dead_writers_are_removed() {
    let dir = temp_dir("stale");
    let path = dir.join("host.json");
    HostFile::new(&path).store(&Host::example_10_0()).unwrap();
    // A writer that is gone: a child that has exited (and been reaped).
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = dir.join(format!(".host.json.tmp.{dead}"));
    std::fs::write(&stale, "{half a file").unwrap();
    // A live process's file (pid 1 always exists) and another file's.
    let live = dir.join(".host.json.tmp.1");
    std::fs::write(&live, "").unwrap();
    let other = dir.join(format!(".other.json.tmp.{dead}"));
    std::fs::write(&other, "").unwrap();
    let mut locked = HostFile::new(&path).lock_for_update().unwrap();
    locked.host.interfaces[0].mtu = 9000;
    locked.save().unwrap();
    assert!(!stale.exists(), "the dead writer's temporary file is still there");
    assert!(live.exists() && other.exists(), "removed a file that is not a dead writer's");
    assert_eq!(HostFile::new(&path).load().unwrap().interfaces[0].mtu, 9000);
    std::fs::remove_dir_all(&dir).unwrap();
}

const SAMPLE_CARP: &str = r#"{"schema": 1, "release": "14.1", "interfaces": [{"name": "igb0", "index": 1,
  "flags": ["UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST"],
  "carp": [{"vhid": 10, "state": "INIT", "advbase": 1, "advskew": 0, "FIELD": VALUE}]}]}"#;

#[test]
fn no_error_contains_a_key_whatever_its_type() {
    let secret = "987654321";
    let values = [
        "987654321".to_string(),
        "-987654321".into(),
        "987654321.5".into(),
        "9.87654321e8".into(),
        "[987654321]".into(),
        r#"{"987654321": 987654321}"#.into(),
        r#""987654321987654321987654321""#.into(),
        r#""98765432g1""#.into(),
        r#""9876543210, expected 987654321""#.into(),
    ];
    for field in ["key", "key_hex"] {
        for v in &values {
            let text = SAMPLE_CARP.replace("FIELD", field).replace("VALUE", v);
            let err = match Host::from_json(&text) {
                // Short text is a good `key`.
                Ok(_) if field == "key" && v.starts_with('"') && v.len() <= 22 => continue,
                Ok(h) => panic!("{field} = {v} accepted: {:?}", h.interfaces[0].carp),
                Err(e) => e,
            };
            assert!(!err.contains(secret) && !err.contains("98765"), "{field} = {v}: {err}");
            assert!(err.contains(&format!("interface igb0: vhid 10: {field}")), "{field} = {v}: {err}");
        }
    }
    let text = SAMPLE_CARP.replace("FIELD", "key").replace("VALUE", "987654321");
    assert_eq!(
        Host::from_json(&text).unwrap_err(),
        "not a host file: interface igb0: vhid 10: key must be a string"
    );
    // Other fields are named too (their values are no secret, but the
    // message is the same shape).
    let text = SAMPLE_CARP.replace(r#""FIELD": VALUE"#, r#""peer": 5"#);
    assert_eq!(
        Host::from_json(&text).unwrap_err(),
        "not a host file: interface igb0: vhid 10: peer must be an IPv4 address"
    );
    let text = SAMPLE_CARP
        .replace(r#""FIELD": VALUE"#, r#""peer": "192.0.2.1""#)
        .replace(r#""index": 1"#, r#""index": "one""#);
    assert_eq!(
        Host::from_json(&text).unwrap_err(),
        "not a host file: interface igb0: index must be a whole number from 0 to 4294967295"
    );
}

#[test]
fn what_a_kernel_could_not_hold_is_refused_by_name() {
    let base: serde_json::Value = serde_json::from_str(
        &SAMPLE_CARP
            .replace(r#", "FIELD": VALUE"#, "")
            .replace(r#""release": "14.1""#, r#""release": "15.0""#),
    )
    .unwrap();
    assert!(Host::from_json(&base.to_string()).is_ok());
    type Edit = fn(&mut serde_json::Value);
    let cases: Vec<(Edit, &str)> = vec![
        (|v| v["interfaces"][0]["index"] = 0.into(), "interface igb0: index 0"),
        (|v| v["interfaces"][0]["name"] = "".into(), r#"interface "": name is empty"#),
        (|v| v["interfaces"][0]["name"] = "a23456789012345".into(), "OK"),
        (|v| v["interfaces"][0]["name"] = "a234567890123456".into(), "name is longer than 15 bytes"),
        (|v| v["interfaces"][0]["name"] = "em/0".into(), r#"interface "em/0": name contains '/'"#),
        (
            |v| v["interfaces"][0]["name"] = "em\u{0}0".into(),
            r#"interface "em\00": name contains a NUL byte"#,
        ),
        (
            |v| v["interfaces"][0]["addresses"] = serde_json::json!([{"family": "inet6", "address": "fe80::1", "prefixlen": 64, "scopeid": 4294967295u32}]),
            "interface igb0: address fe80::1: scopeid 4294967295 is not the interface's index 1",
        ),
        (
            |v| {
                v["interfaces"][0]["addresses"] = serde_json::json!([{"family": "inet6", "address": "fe80::1", "prefixlen": 64, "scopeid": 1}])
            },
            "OK",
        ),
        (
            |v| v["interfaces"][0]["addresses"] = serde_json::json!([{"family": "inet", "address": "192.0.2.1", "prefixlen": 24, "scopeid": 1}]),
            "interface igb0: address 192.0.2.1: scopeid on an inet address",
        ),
        (
            |v| v["interfaces"][0]["addresses"] = serde_json::json!([{"family": "inet6", "address": "2001:db8::1", "prefixlen": 64, "broadcast": "192.0.2.255"}]),
            "interface igb0: address 2001:db8::1: broadcast on an inet6 address",
        ),
        (
            |v| v["interfaces"][0]["type"] = "loopback".into(),
            "interface igb0: vhid 10: a loopback interface cannot have a vhid",
        ),
        (
            |v| v["interfaces"][0]["carp"][0] = serde_json::json!({"vhid": 10, "state": "INIT", "advbase": 1, "advskew": 0, "version": 3, "vrrp_interval": 0}),
            "interface igb0: vhid 10: vrrp_interval 0 outside 1..4095",
        ),
        (
            |v| v["interfaces"][0]["carp"][0] = serde_json::json!({"vhid": 10, "state": "INIT", "advbase": 1, "advskew": 0, "version": 3, "vrrp_interval": 1}),
            "OK",
        ),
    ];
    for (edit, want) in cases {
        let mut v = base.clone();
        edit(&mut v);
        match (Host::from_json(&v.to_string()), want) {
            (Ok(_), "OK") => {}
            (Ok(_), _) => panic!("accepted (want {want:?}): {v}"),
            (Err(e), _) => assert!(e.contains(want), "{e:?} lacks {want:?}"),
        }
    }
}
