//! State-change events on a host file: `libcarpctl::watch::host_file` sees
//! changes that other processes (`ifconfig`) commit, in order, within
//! 100 ms, none lost under 32 concurrent writers; `ifconfig --carp --watch`
//! prints them as they happen.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use libcarpctl::watch::{self, CarpEvent, Watcher};
use libcarpctl::CarpState;

use crate::support::TestHost;

const LATENCY: Duration = Duration::from_millis(100);

fn ifconfig(h: &TestHost, args: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ifconfig"));
    c.arg("--model").arg(&h.path).args(args.split_whitespace()).env_remove("IFCONFIG_MODEL");
    c
}

/// The seed host with vhid 112 MASTER on igb0 and vhids `vhids` in INIT.
fn host_with_vhids(vhids: impl Iterator<Item = u8>) -> TestHost {
    let h = TestHost::seed();
    h.run("igb0 vhid 112").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    h.run("igb0 vhid 112 state master").silent_ok();
    for v in vhids {
        h.run(&format!("igb0 vhid {v}")).silent_ok();
    }
    h
}

/// Collect `n` events, each with the instant it was received.
fn collect(w: &mut Watcher, n: usize) -> Vec<(CarpEvent, Instant)> {
    (0..n)
        .map(|i| {
            let e = w
                .next_timeout(Duration::from_secs(10))
                .expect("watch")
                .unwrap_or_else(|| panic!("event {i} of {n}"));
            (e, Instant::now())
        })
        .collect()
}

fn brief(e: &CarpEvent) -> (u8, Option<CarpState>, Option<CarpState>) {
    (e.vhid.get(), e.from, e.to)
}

#[test]
fn changes_by_other_processes_arrive_in_order_within_100ms() {
    use CarpState::*;
    let h = host_with_vhids(1..=4);
    let mut w = watch::host_file(&h.path).expect("watch the host file");
    // Back to back, without waiting for the watcher: vhids in descending
    // order (not the listing order), then one vhid flapping.
    let mut commands: Vec<String> =
        (1..=4).rev().map(|v| format!("igb0 192.0.2.{v}/32 alias vhid {v}")).collect();
    commands.extend(["backup", "master", "backup"].map(|s| format!("igb0 vhid 112 state {s}")));
    let writer_host = h.path.clone();
    let writer = thread::spawn(move || {
        let mut done = Vec::new();
        for c in commands {
            let st = Command::new(env!("CARGO_BIN_EXE_ifconfig"))
                .arg("--model")
                .arg(&writer_host)
                .args(c.split_whitespace())
                .status()
                .expect("run ifconfig");
            assert!(st.success(), "{c}");
            done.push(Instant::now());
        }
        done
    });
    let got = collect(&mut w, 7);
    let done = writer.join().expect("writer");
    let seen: Vec<_> = got.iter().map(|(e, _)| brief(e)).collect();
    assert_eq!(
        seen,
        [
            (4, Some(Init), Some(Backup)),
            (3, Some(Init), Some(Backup)),
            (2, Some(Init), Some(Backup)),
            (1, Some(Init), Some(Backup)),
            (112, Some(Master), Some(Backup)),
            (112, Some(Backup), Some(Master)),
            (112, Some(Master), Some(Backup)),
        ]
    );
    assert!(got.iter().all(|(e, _)| e.interface == "igb0"));
    for ((e, seen_at), finished) in got.iter().zip(&done) {
        let late = seen_at.saturating_duration_since(*finished);
        assert!(late < LATENCY, "{e} arrived {late:?} after its command ended");
    }
    assert_eq!(w.next_timeout(Duration::from_millis(200)).expect("watch"), None, "nothing more");
}

#[test]
fn none_lost_under_32_concurrent_writers() {
    let h = host_with_vhids(1..=32);
    let mut w = watch::host_file(&h.path).expect("watch the host file");
    // Receive on a thread of its own, already waiting while the writers start.
    let collector = thread::spawn(move || (collect(&mut w, 32), w));
    let (tx, rx) = mpsc::channel();
    let writers: Vec<_> = (1..=32u8)
        .map(|v| {
            let child = ifconfig(&h, &format!("igb0 192.0.2.{v}/32 alias vhid {v}")).spawn().expect("spawn");
            let tx = tx.clone();
            thread::spawn(move || {
                let mut child: Child = child;
                let ok = child.wait().expect("wait").success();
                tx.send((v, ok, Instant::now())).expect("send");
            })
        })
        .collect();
    let (got, mut w) = collector.join().expect("collector");
    writers.into_iter().for_each(|t| t.join().expect("writer"));
    let finished: std::collections::HashMap<u8, Instant> = rx
        .try_iter()
        .map(|(v, ok, at)| {
            assert!(ok, "writer of vhid {v} failed");
            (v, at)
        })
        .collect();
    let mut vhids: Vec<u8> = got.iter().map(|(e, _)| e.vhid.get()).collect();
    vhids.sort_unstable();
    assert_eq!(vhids, (1..=32).collect::<Vec<u8>>(), "every writer's change, once");
    for (e, seen_at) in &got {
        assert_eq!((e.from, e.to), (Some(CarpState::Init), Some(CarpState::Backup)), "{e}");
        let late = seen_at.saturating_duration_since(finished[&e.vhid.get()]);
        assert!(late < LATENCY, "{e} arrived {late:?} after its writer ended");
    }
    assert_eq!(w.next_timeout(Duration::from_millis(200)).expect("watch"), None, "nothing more");
}

/// Read lines from `child`'s stdout on a thread, so a test can wait with a
/// timeout.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A watcher process, killed when the test ends (even by a panic).
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `ifconfig --model H --carp --watch ARGS` and wait until it watches
/// (its journal exists).
fn start_watch(h: &TestHost, args: &str) -> Watching {
    let child = ifconfig(h, &format!("--carp --watch {args}")).stdout(Stdio::piped()).spawn().expect("spawn");
    let mut journal = h.path.clone().into_os_string();
    journal.push(".events");
    let t0 = Instant::now();
    while !std::path::Path::new(&journal).exists() {
        assert!(t0.elapsed() < Duration::from_secs(10), "the watcher never started");
        thread::sleep(Duration::from_millis(5));
    }
    thread::sleep(Duration::from_millis(50));
    Watching(child)
}

#[test]
fn ifconfig_carp_watch_prints_a_line_per_change() {
    let h = host_with_vhids(std::iter::empty());
    let mut child = start_watch(&h, "");
    let lines = lines_of(&mut child.0);
    h.run("igb0 vhid 112 state backup").silent_ok();
    h.run("igb0 vhid 112 advskew 10").silent_ok(); // no state change: no line
    h.run("igb0 vhid 7").silent_ok();
    let first = lines.recv_timeout(Duration::from_secs(5)).expect("a line for the change");
    let second = lines.recv_timeout(Duration::from_secs(5)).expect("a line for the new vhid");
    assert!(lines.recv_timeout(Duration::from_millis(200)).is_err(), "one line per change");
    drop(child);
    // `2026-12-05T19:30:01.123Z igb0 vhid 112: MASTER -> BACKUP`
    let (time, rest) = first.split_once(' ').expect("time, then the change");
    assert!(time.len() == 24 && time.ends_with('Z') && time.as_bytes()[10] == b'T', "{first}");
    assert_eq!(rest, "igb0 vhid 112: MASTER -> BACKUP");
    assert!(second.ends_with(" igb0 vhid 7: - -> INIT"), "{second}");
}

#[test]
fn ifconfig_carp_watch_json_lines_for_one_interface() {
    let h = host_with_vhids(std::iter::empty());
    let mut child = start_watch(&h, "--json igb0");
    let lines = lines_of(&mut child.0);
    h.run("igb0 vhid 112 state backup").silent_ok();
    let line = lines.recv_timeout(Duration::from_secs(5)).expect("a JSON line");
    drop(child);
    let v: serde_json::Value = serde_json::from_str(&line).expect("one JSON object per line");
    assert_eq!(
        (&v["interface"], &v["vhid"], &v["from"], &v["to"]),
        (&"igb0".into(), &112.into(), &"MASTER".into(), &"BACKUP".into())
    );
    assert!(v["time"].as_str().is_some_and(|t| t.ends_with('Z')), "{line}");
}

#[test]
fn watch_needs_the_carp_view() {
    let h = TestHost::seed();
    let r = h.run("--watch");
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{r:?}");
    assert!(r.stderr.starts_with("usage: ifconfig"), "{r:?}");
}
