//! A namespace lab: a bridge in a "switch" namespace and one namespace per
//! node on a veth port (`eth0`, 192.0.2.1N/24 and 2001:db8::1N/64). Names
//! carry the pid and a counter; everything (daemons, captures, namespaces,
//! files) is removed on drop, which also runs when a test panics.

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// One lab at a time per test binary: failover timing is asserted to 100 ms,
/// and parallel labs (plus tshark start-up) on a 2-core machine blur it.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

// Not every test uses every helper.
#[allow(unused_imports)]
pub use test_support::{have, root_or_skip as can_run, sh};

/// The workspace's ifconfig, built beside carpd by `cargo test --workspace`.
pub fn ifconfig_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(|d| d.parent()).unwrap().join("ifconfig");
    assert!(bin.exists(), "{} is missing: build the workspace (cargo test --workspace)", bin.display());
    // `cargo test -p carpd` does not rebuild another package's binary: refuse
    // to test an ifconfig older than its sources rather than a stale one.
    let built = fs::metadata(&bin).and_then(|m| m.modified()).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let newest =
        ["ifconfig-rs/src", "libcarpctl/src"].iter().filter_map(|d| newest_mtime(&root.join(d))).max();
    assert!(
        newest.is_none_or(|n| n <= built),
        "{} is older than its sources: run `cargo build -p ifconfig-rs` (or cargo test --workspace)",
        bin.display()
    );
    bin
}

fn newest_mtime(dir: &std::path::Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let t = if path.is_dir() {
            newest_mtime(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        newest = newest.max(t);
    }
    newest
}

pub struct Lab {
    pub prefix: String,
    pub sw: String,
    pub nodes: Vec<String>,
    pub dir: PathBuf,
    procs: Vec<Child>,
    capture: Option<(Child, PathBuf)>,
    // Dropped after `Drop::drop` has cleaned up, so the next lab starts clean.
    _turn: MutexGuard<'static, ()>,
}

/// A process started in a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proc(usize);

impl Lab {
    /// A switch and `n` nodes.
    pub fn new(n: usize) -> Lab {
        // A test that panicked poisons the lock; its lab is gone all the same.
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let prefix = format!("cd{}x{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let dir = std::env::temp_dir().join(&prefix);
        fs::create_dir_all(&dir).unwrap();
        let mut lab = Lab {
            sw: format!("{prefix}sw"),
            nodes: Vec::new(),
            prefix,
            dir,
            procs: Vec::new(),
            capture: None,
            _turn: turn,
        };
        sh(&["ip", "netns", "add", &lab.sw]);
        lab.ip_sw(&["link", "set", "lo", "up"]);
        lab.ip_sw(&["link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
        lab.ip_sw(&["link", "set", "br0", "up"]);
        for i in 1..=n {
            let ns = format!("{}n{i}", lab.prefix);
            sh(&["ip", "netns", "add", &ns]);
            lab.nodes.push(ns.clone());
            let port = format!("p{i}");
            sh(&[
                "ip", "link", "add", "eth0", "netns", &ns, "type", "veth", "peer", "name", &port, "netns",
                &lab.sw,
            ]);
            lab.ip_sw(&["link", "set", &port, "master", "br0"]);
            lab.ip_sw(&["link", "set", &port, "up"]);
            lab.ip(i, &["link", "set", "lo", "up"]);
            lab.ip(i, &["addr", "add", &format!("192.0.2.1{i}/24"), "dev", "eth0"]);
            lab.ip(i, &["addr", "add", &format!("2001:db8::1{i}/64"), "dev", "eth0", "nodad"]);
            lab.ip(i, &["link", "set", "eth0", "up"]);
        }
        lab
    }

    /// `ip -n NODE ARGS` (nodes count from 1).
    pub fn ip(&self, node: usize, args: &[&str]) -> String {
        let mut all = vec!["ip", "-n", &self.nodes[node - 1]];
        all.extend_from_slice(args);
        sh(&all)
    }

    fn ip_sw(&self, args: &[&str]) -> String {
        let mut all = vec!["ip", "-n", &self.sw];
        all.extend_from_slice(args);
        sh(&all)
    }

    /// The control socket of node `i`'s carpd.
    pub fn socket(&self, node: usize) -> PathBuf {
        self.dir.join(format!("n{node}.sock"))
    }

    /// The stderr log of process `p`.
    pub fn log_path(&self, p: Proc) -> PathBuf {
        self.dir.join(format!("proc{}.log", p.0))
    }

    /// Start a program inside node `i`, stderr and stdout to its log.
    pub fn spawn(&mut self, node: usize, args: &[&str]) -> Proc {
        let p = Proc(self.procs.len());
        let log = fs::File::create(self.log_path(p)).unwrap();
        let child = Command::new("ip")
            .args(["netns", "exec", &self.nodes[node - 1]])
            .args(args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("spawn");
        self.procs.push(child);
        p
    }

    /// Start carpd in node `i` with this rc.conf text.
    pub fn carpd(&mut self, node: usize, conf: &str, extra: &[&str]) -> Proc {
        let path = self.dir.join(format!("n{node}.conf"));
        fs::write(&path, conf).unwrap();
        let sock = self.socket(node);
        let mut args = vec![
            env!("CARGO_BIN_EXE_carpd"),
            "--config",
            path.to_str().unwrap(),
            "--socket",
            sock.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        self.spawn(node, &args)
    }

    /// `carpd ctl` against node `i`: (exit code, stdout, stderr).
    pub fn ctl(&self, node: usize, req: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_carpd"))
            .arg("ctl")
            .arg("--socket")
            .arg(self.socket(node))
            .args(req)
            .output()
            .unwrap();
        let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
    }

    /// The state carpd on node `i` reports for its first vhid.
    pub fn carp_state(&self, node: usize) -> String {
        let (code, out, err) = self.ctl(node, &["status"]);
        assert_eq!(code, 0, "{err}");
        let line = out.lines().find_map(|l| l.trim().strip_prefix("carp: ")).unwrap_or("");
        line.split(' ').next().unwrap_or("").to_string()
    }

    /// What process `p` has written so far.
    pub fn log(&self, p: Proc) -> String {
        let mut s = String::new();
        if let Ok(mut f) = fs::File::open(self.log_path(p)) {
            let _ = f.read_to_string(&mut s);
        }
        s
    }

    /// Wait until process `p`'s log contains `needle` (panics after `within`).
    pub fn wait_log(&self, p: Proc, needle: &str, within: Duration) -> Instant {
        let end = Instant::now() + within;
        loop {
            if self.log(p).contains(needle) {
                return Instant::now();
            }
            assert!(Instant::now() < end, "no '{needle}' within {within:?}; log:\n{}", self.log(p));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until `f` holds, polling (panics after `within`).
    pub fn wait_until(&self, what: &str, within: Duration, mut f: impl FnMut() -> bool) {
        let end = Instant::now() + within;
        while !f() {
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether process `p` is still running.
    pub fn running(&mut self, p: Proc) -> bool {
        self.procs[p.0].try_wait().is_ok_and(|s| s.is_none())
    }

    /// Send a signal to process `p` (`ip netns exec` execs, so it is the program).
    pub fn signal(&self, p: Proc, sig: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.procs[p.0].id() as i32);
        let _ = nix::sys::signal::kill(pid, sig);
    }

    /// Wait for process `p` to exit; its exit code.
    pub fn wait_exit(&mut self, p: Proc, within: Duration) -> Option<i32> {
        let end = Instant::now() + within;
        loop {
            if let Ok(Some(st)) = self.procs[p.0].try_wait() {
                return Some(st.code().unwrap_or(-1));
            }
            if Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A crash: SIGKILL and the node's link down.
    pub fn crash(&mut self, node: usize, p: Proc) {
        self.signal(p, nix::sys::signal::Signal::SIGKILL);
        self.ip(node, &["link", "set", "eth0", "down"]);
        let _ = self.procs[p.0].wait();
    }

    /// A crash of a whole node: its link down, then every process in its
    /// namespace killed (programs that fork, like keepalived, included).
    pub fn crash_node(&mut self, node: usize) {
        self.ip(node, &["link", "set", "eth0", "down"]);
        for pid in sh(&["ip", "netns", "pids", &self.nodes[node - 1]]).split_whitespace() {
            if let Ok(pid) = pid.parse::<i32>() {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
    }

    /// Start tshark on the switch's bridge; returns when it captures.
    pub fn start_capture(&mut self) {
        let file = self.dir.join("br0.pcapng");
        let log = self.dir.join("tshark.log");
        let child = Command::new("ip")
            .args(["netns", "exec", &self.sw, "tshark", "-q", "-i", "br0", "-w"])
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .expect("tshark");
        self.capture = Some((child, file));
        let end = Instant::now() + Duration::from_secs(10);
        while !fs::read_to_string(&log).unwrap_or_default().contains("Capturing on") {
            assert!(
                Instant::now() < end,
                "tshark did not start: {}",
                fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stop the capture and decode its protocol-112 packets as CARP.
    pub fn stop_capture(&mut self) -> Vec<Ad> {
        self.stop_capture_as("carp")
    }

    /// Stop the capture and decode protocol 112 as `proto` (carp or vrrp).
    pub fn stop_capture_as(&mut self, proto: &str) -> Vec<Ad> {
        let (mut child, file) = self.capture.take().expect("a capture");
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT);
        let _ = child.wait();
        read_capture(&file, proto)
    }

    /// The capture file, once stopped (for raw bytes).
    pub fn capture_file(&self) -> PathBuf {
        self.dir.join("br0.pcapng")
    }
}

/// One advertisement (or other protocol-112 packet) from a capture.
#[derive(Debug, Clone, PartialEq)]
pub struct Ad {
    pub time: f64,
    pub src: String,
    pub eth_src: String,
    pub vhid: u8,
    pub skew: u8,
    /// tshark's checksum verdict: 1 good, 0 bad, 2 unverified.
    pub checksum: u8,
    pub ttl: u8,
    /// Destination address.
    pub dst: String,
}

/// `tshark -r FILE [-d ip.proto==112,AS] -Y FILTER -T fields -e ...`: one
/// row of fields per frame.
pub fn tshark_fields(
    file: &std::path::Path,
    decode_as: Option<&str>,
    filter: &str,
    fields: &[&str],
) -> Vec<Vec<String>> {
    let mut args = vec!["tshark".to_string(), "-r".into(), file.display().to_string()];
    if let Some(p) = decode_as {
        args.extend(["-d".to_string(), format!("ip.proto==112,{p}")]);
    }
    args.extend(["-Y", filter, "-T", "fields", "-E", "separator=|"].map(String::from));
    for f in fields {
        args.extend(["-e".to_string(), f.to_string()]);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    sh(&refs).lines().map(|l| l.split('|').map(String::from).collect()).collect()
}

fn read_capture(file: &std::path::Path, as_proto: &str) -> Vec<Ad> {
    let (vhid, skew, ck) = if as_proto == "carp" {
        ("carp.vhid", "carp.advskew", "carp.checksum.status")
    } else {
        ("vrrp.virt_rtr_id", "vrrp.prio", "vrrp.checksum.status")
    };
    let fields = [
        "frame.time_epoch",
        "ip.src",
        "ipv6.src",
        "eth.src",
        vhid,
        skew,
        ck,
        "ip.ttl",
        "ipv6.hlim",
        "ip.dst",
        "ipv6.dst",
    ];
    tshark_fields(file, Some(as_proto), "ip.proto==112 || ipv6.nxt==112", &fields)
        .into_iter()
        .filter_map(|f| {
            Some(Ad {
                time: f[0].parse().ok()?,
                src: if f[1].is_empty() { f[2].clone() } else { f[1].clone() },
                eth_src: f[3].clone(),
                vhid: f[4].parse().unwrap_or(0),
                skew: f[5].parse().unwrap_or(0),
                checksum: f[6].parse().unwrap_or(9),
                ttl: f[7].parse().or_else(|_| f[8].parse()).unwrap_or(0),
                dst: if f[9].is_empty() { f.get(10).cloned().unwrap_or_default() } else { f[9].clone() },
            })
        })
        .collect()
}

/// The raw protocol-112 payload of every IPv4 frame, with its source, for
/// checking HMACs with our own decoder.
pub fn payloads(file: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    tshark_fields(file, Some("data"), "ip.proto==112", &["ip.src", "data.data"])
        .into_iter()
        .filter_map(|f| {
            let hex = &f[1];
            let bytes: Result<Vec<u8>, _> =
                (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)).collect();
            Some((f[0].clone(), bytes.ok()?))
        })
        .collect()
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Some((mut c, _)) = self.capture.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        for c in &mut self.procs {
            let _ = c.kill();
            let _ = c.wait();
        }
        // Whatever the programs forked (keepalived's children) goes too.
        for ns in &self.nodes {
            let pids =
                Command::new("ip").args(["netns", "pids", ns]).output().map(|o| o.stdout).unwrap_or_default();
            for pid in String::from_utf8_lossy(&pids).split_whitespace().filter_map(|p| p.parse::<i32>().ok())
            {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        for ns in self.nodes.iter().chain(std::iter::once(&self.sw)) {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
        }
        if std::env::var_os("CARPD_KEEP_LAB").is_none() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Gratuitous ARPs (sender address = target address) and unsolicited
/// neighbour advertisements in a capture: (Ethernet source, address).
pub fn announcements(file: &std::path::Path) -> Vec<(String, String)> {
    let arp = tshark_fields(
        file,
        None,
        "arp.src.proto_ipv4 == arp.dst.proto_ipv4",
        &["eth.src", "arp.src.proto_ipv4"],
    );
    let na_filter = "icmpv6.type == 136 && icmpv6.nd.na.flag.s == 0";
    let na = tshark_fields(file, None, na_filter, &["eth.src", "icmpv6.nd.na.target_address"]);
    arp.into_iter().chain(na).filter(|f| f.len() == 2).map(|f| (f[0].clone(), f[1].clone())).collect()
}
