//! Our own fuzz and bad-input suite (issue 12), run in process on the
//! virtual host: random keyword lines, edge numbers, non-UTF-8 bytes,
//! corrupt and special host files. For every input it asserts: no panic;
//! exit 0 or 1; a failed command (and any dry run) leaves the host file
//! byte-identical (on 10-13 a vhid that a refused SIOCSVH created may stay,
//! as documented); no key in any output unless `-k` and privilege allow it
//! on stdout; special files refused at once.
//!
//! Bounded: `FUZZ_INPUTS` inputs (default 20000) or `FUZZ_SECONDS` seconds
//! (default 45), whichever comes first; `FUZZ_SEED` replays a run. It
//! prints `fuzz suite: inputs=N failures=F seed=S` (scripts/test-all
//! repeats that line at its end).

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use libcarpctl::model::Host;

/// The key every base host holds (and its hex spelling, for key_hex).
const KEY: &str = "s3cretK3y";
const KEY_PARTS: [&str; 3] = ["s3cret", "cretK3y", "733363726574"];

/// A tiny deterministic generator (xorshift64*): reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one in-process run printed and returned (`None`: it panicked).
struct Outcome {
    code: Option<u8>,
    stdout: String,
    stderr: String,
}

fn run(args: Vec<OsString>) -> Outcome {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = catch_unwind(AssertUnwindSafe(|| crate::run(args, &|_| None, &mut out, &mut err))).ok();
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

fn os(s: impl AsRef<std::ffi::OsStr>) -> OsString {
    s.as_ref().to_owned()
}

/// A directory of its own, in memory when the machine has /dev/shm (every
/// changing command syncs the host file: a disk makes that the cost).
fn temp_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    let dir = base.join(format!("ifconfig-fuzz-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The base hosts: the seed host on several releases with vhid 10 (a key,
/// inet and inet6 addresses), privileged or not.
fn base_hosts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let seed = include_str!("../../examples/seed-host.json");
    let path = dir.join("base.json");
    let mut hosts = Vec::new();
    for release in ["10.0", "12.4", "13.2", "14.0", "14.1", "15.0", "16.0"] {
        let mut v: serde_json::Value = serde_json::from_str(seed).unwrap();
        v["release"] = release.into();
        std::fs::write(&path, v.to_string()).unwrap();
        for line in [
            format!("igb0 vhid 10 advskew 5 pass {KEY}"),
            "igb0 10.0.0.110/27 alias vhid 10".into(),
            "igb0 inet6 2001:db8::3/64 alias vhid 10".into(),
        ] {
            let mut args = vec![os("--model"), path.clone().into_os_string()];
            args.extend(line.split_whitespace().map(os));
            let o = run(args);
            assert_eq!(o.code, Some(0), "{release}: {line}: {}", o.stderr);
        }
        let privileged = std::fs::read(&path).unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&privileged).unwrap();
        v["privileged"] = false.into();
        hosts.push((release.to_string(), privileged));
        hosts.push((format!("{release} unprivileged"), serde_json::to_vec_pretty(&v).unwrap()));
    }
    hosts
}

/// A corrupt variant of `text`: cut, flipped bytes (non-UTF-8 included),
/// garbage inserted, or a key of another JSON type.
fn corrupt(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut b = text.to_vec();
    match rng.below(5) {
        0 => b.truncate(rng.below(b.len())),
        1 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(b.len());
                b[i] = *rng.pick(&[0xff, 0x00, b'"', b'}', b'9', 0xc3, b'\\', b'\n']);
            }
        }
        2 => {
            let at = rng.below(b.len());
            let junk = rng.pick(&["\u{0}", "\u{fffd}", ",", "]", "{\"key\": 1}", "\"\\ud800\"", "null"]);
            b.splice(at..at, junk.bytes());
        }
        3 => {
            let key = format!("\"{KEY}\"");
            let other = rng.pick(&[
                "987654321",
                "[1, 2]",
                "{\"s3cretK3y\": 1}",
                "true",
                "\"s3cretK3y\u{0}x\"",
                "-1.5e9",
            ]);
            b = String::from_utf8_lossy(&b).replace(&key, other).into_bytes();
        }
        _ => {
            let edits = [
                ("\"index\": 1", "\"index\": 0"),
                ("\"igb0\"", "\"\""),
                ("\"igb0\"", "\"igb0/x\""),
                ("\"igb0\"", "\"igb0123456789abcdef\""),
                ("\"ethernet\"", "\"loopback\""),
                ("\"prefixlen\": 27", "\"prefixlen\": 27, \"scopeid\": 4294967295"),
                ("\"prefixlen\": 64", "\"prefixlen\": 64, \"broadcast\": \"10.0.0.127\""),
                ("\"advskew\": 5", "\"advskew\": 5, \"version\": 3, \"vrrp_interval\": 0"),
                ("\"advskew\": 5", "\"advskew\": 300"),
                ("\"schema\": 1", "\"schema\": 2"),
            ];
            let (from, to) = rng.pick(&edits);
            b = String::from_utf8_lossy(&b).replacen(from, to, 1).into_bytes();
        }
    }
    b
}

/// Words for command lines: every FreeBSD keyword, CARP's, edge numbers,
/// addresses, pass phrases that must never be echoed, odd bytes.
fn vocabulary() -> Vec<String> {
    let keywords = include_str!("../keywords.txt");
    let mut words: Vec<String> = keywords
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next().map(String::from))
        .collect();
    // keywords.txt has the keywords (carp.c's too); these are values and
    // the words that are not keywords of their own.
    let extra = [
        "master",
        "backup",
        "init",
        "inet",
        "inet6",
        "link",
        "ether",
        "0",
        "1",
        "-1",
        "3",
        "10",
        "20",
        "254",
        "255",
        "256",
        "4095",
        "4096",
        "65535",
        "65536",
        "2147483647",
        "2147483648",
        "-2147483649",
        "99999999999999999999",
        "0x10",
        "010",
        "1e3",
        "",
        " ",
        "10.0.0.118",
        "10.0.0.110/27",
        "10.0.0.200/27",
        "10.0.0.118/27",
        "192.0.2.1/24",
        "192.0.2.1/33",
        "192.0.2.1/31",
        "198.51.100.7/32",
        "2001:db8::3",
        "2001:db8::3/64",
        "2001:db8::9/129",
        "fe80::1%igb0",
        "::",
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.18",
        "ff02::12",
        "00:25:90:03:0e:fa",
        "ff:ff:ff:ff:ff:ff",
        "0xffffffe0",
        "255.255.255.0",
        // Media words and values (lists the driver has and has not).
        "100baseTX",
        "1000baseT-FDX",
        "autoselect",
        "10Gbase-T",
        "fdx",
        "full-duplex,flowcontrol",
        "half-duplex",
    ];
    words.extend(extra.iter().map(|s| s.to_string()));
    words
}

/// One argument: mostly a vocabulary word, sometimes odd bytes
/// (non-UTF-8, NUL, control characters, very long).
fn word(rng: &mut Rng, vocab: &[String]) -> OsString {
    match rng.below(20) {
        0 => os(format!("Pw{:08x}", rng.next() as u32)),
        1 => OsString::from_vec(vec![0xff, b'a', 0xfe, 0x80]),
        2 => os("9".repeat(rng.below(60) + 1)),
        3 => os(format!("{}\u{0}{}", rng.pick(vocab), rng.pick(vocab))),
        4 => os("x".repeat(rng.below(300))),
        _ => os(rng.pick(vocab)),
    }
}

const OPTIONS: [&str; 15] = [
    "-k",
    "-a",
    "-l",
    "-d",
    "-u",
    "-m",
    "-L",
    "-C",
    "-n",
    "-v",
    "--json",
    "--dry-run",
    "--carp",
    "-D",
    "--help",
];
const IFNAMES: [&str; 7] = ["igb0", "igb0", "igb0", "lo0", "igb9", "", "igb0/"];

/// A random command line (after `--model PATH`). Sometimes it gives a key
/// (`pass PHRASE` where the grammar reads `pass` as the keyword: first
/// after the interface, or after `vhid N`); those phrases are collected in
/// `phrases` (a phrase elsewhere is an ordinary word, which messages may
/// quote, as FreeBSD's do).
fn command(rng: &mut Rng, vocab: &[String], phrases: &mut Vec<String>) -> Vec<OsString> {
    let mut args = Vec::new();
    while rng.chance(25) {
        args.push(os(rng.pick(&OPTIONS)));
    }
    if rng.chance(5) {
        // No interface: options and words alone.
    } else if rng.chance(3) {
        args.push(OsString::from_vec(vec![b'i', 0xff]));
    } else {
        args.push(os(if rng.chance(80) { "igb0" } else { rng.pick(&IFNAMES) }));
        if rng.chance(25) {
            if rng.chance(50) {
                args.extend([os("vhid"), os(rng.pick(&["10", "20", "255", "0"]))]);
            }
            let p = format!("Pw{:08x}", rng.next() as u32);
            args.extend([os("pass"), os(&p)]);
            phrases.push(p);
        }
    }
    // Half the lines in the grammar's shape (mostly reaching the kernel),
    // half random words; some shaped lines get a random tail.
    let shaped = rng.chance(50);
    if shaped {
        args.extend(structured(rng, phrases));
    }
    if !shaped || rng.chance(25) {
        for _ in 0..rng.below(9) {
            args.push(word(rng, vocab));
        }
    }
    args
}

/// A line in the grammar's own shape (link changes, a vhid, an address),
/// with edge values: most of them reach the kernel, some fail there after
/// earlier steps succeeded, which is what the undo is for.
fn structured(rng: &mut Rng, phrases: &mut Vec<String>) -> Vec<OsString> {
    const EDGE: [&str; 10] = ["0", "1", "5", "100", "254", "255", "256", "1400", "9000", "-1"];
    let mut groups: Vec<Vec<String>> = Vec::new();
    for _ in 0..rng.below(3) {
        let g = match rng.below(8) {
            0 => vec!["down".to_string()],
            1 => vec!["up".into()],
            2 => vec!["mtu".into(), rng.pick(&["1400", "9000", "1", "65536", "-5"]).to_string()],
            3 => vec!["metric".into(), rng.pick(&["3", "0", "-1"]).to_string()],
            4 => vec![rng.pick(&["promisc", "-promisc", "-arp", "debug", "monitor"]).to_string()],
            5 => vec!["description".into(), "uplink".into()],
            6 => vec!["group".into(), "edge".into()],
            _ => vec!["lladdr".into(), "00:25:90:03:0e:fb".into()],
        };
        groups.push(g);
    }
    if rng.chance(60) {
        let mut carp = vec!["vhid".to_string(), rng.pick(&["10", "10", "20", "1", "255", "0"]).to_string()];
        for _ in 0..rng.below(4) {
            match rng.below(9) {
                0 | 1 => carp.extend(["advskew".into(), rng.pick(&EDGE).to_string()]),
                2 => carp.extend(["advbase".into(), rng.pick(&EDGE).to_string()]),
                3 => {
                    let p = format!("Pw{:08x}", rng.next() as u32);
                    carp.extend(["pass".into(), p.clone()]);
                    phrases.push(p);
                }
                4 => carp
                    .extend(["state".into(), rng.pick(&["master", "backup", "init", "bogus"]).to_string()]),
                5 => carp.extend(["peer".into(), "192.0.2.9".into()]),
                6 => carp.extend(["carpver".into(), rng.pick(&["2", "3", "4"]).to_string()]),
                7 => carp.extend(["vrrpinterval".into(), rng.pick(&["0", "100", "4096"]).to_string()]),
                _ => carp.extend(["vrrpprio".into(), "50".into()]),
            }
        }
        groups.push(carp);
    }
    if rng.chance(60) {
        let addr = rng.pick(&[
            "10.0.0.110",
            "10.0.0.110/27",
            "10.0.0.118/27",
            "10.0.0.200/27",
            "192.0.2.1/24",
            "inet6 2001:db8::3",
            "inet6 2001:db8::9/64",
            "inet 198.51.100.7/32",
        ]);
        let mut g: Vec<String> = addr.split(' ').map(String::from).collect();
        if let Some(w) = rng.pick(&[Some("alias"), Some("-alias"), Some("delete"), None]) {
            g.push(w.to_string());
        }
        groups.push(g);
    }
    if rng.chance(20) {
        let (a, b) = (rng.below(groups.len().max(1)), rng.below(groups.len().max(1)));
        if a < groups.len() && b < groups.len() {
            groups.swap(a, b);
        }
    }
    groups.into_iter().flatten().map(os).collect()
}

/// Whether `after` is `before` plus only vhids that a refused SIOCSVH of
/// 10-13 created (and PROMISC, which the first vhid sets).
fn only_half_applied_vhids(before: &[u8], after: &[u8]) -> bool {
    let (Ok(b), Ok(mut a)) =
        (Host::from_json(&String::from_utf8_lossy(before)), Host::from_json(&String::from_utf8_lossy(after)))
    else {
        return false;
    };
    for (ai, bi) in a.interfaces.iter_mut().zip(&b.interfaces) {
        ai.carp.retain(|c| bi.carp.iter().any(|x| x.vhid == c.vhid));
        ai.flags.set(libcarpctl::IfFlags::PROMISC, bi.flags.contains(libcarpctl::IfFlags::PROMISC));
    }
    a == b && b.release.half_applies_rejected_set() && !b.release.has_netlink()
}

/// What is wrong with one run, if anything.
fn judge(
    args: &[OsString],
    o: &Outcome,
    before: &[u8],
    after: &[u8],
    privileged: bool,
    phrases: &[String],
) -> Option<String> {
    let Some(code) = o.code else { return Some("panicked".into()) };
    // ifstf.c's errx(2) is FreeBSD's only exit 2.
    let stf_exit_2 = code == 2 && o.stderr == "ifconfig: Wrong argument given\n";
    if code > 1 && !stf_exit_2 {
        return Some(format!("exit {code}"));
    }
    let code = code.min(1);
    let has = |a: &str| args.iter().any(|x| x == a);
    let dry = has("--dry-run");
    if (code == 1 || dry) && before != after {
        // The refusal is the last line; warnings (a gif option on igb0)
        // may come before it.
        let refused_set = o.stderr.ends_with("ifconfig: SIOCSVH: Invalid argument\n")
            && o.stderr
                .lines()
                .all(|l| l == "ifconfig: SIOCSVH: Invalid argument" || l.starts_with("ifconfig: ioctl("));
        // 12+'s setlaggport only warns (`LAGG PORT: SIOCSLAGGPORT: ...`)
        // and sets exit status 1: the rest of the line is done and kept.
        // Earlier lines may be other warnings (an address without a mask);
        // a real refusal after the warning would be the last line.
        let laggport_warning =
            |l: &str| l.contains(": SIOCSLAGGPORT: ") && !l.starts_with("ifconfig: SIOCSLAGGPORT");
        let warned_laggport = !dry
            && o.stderr.lines().any(laggport_warning)
            && o.stderr
                .lines()
                .last()
                .is_some_and(|l| laggport_warning(l) || l.starts_with("ifconfig: ioctl"));
        if !(code == 1 && (warned_laggport || refused_set && only_half_applied_vhids(before, after))) {
            return Some("the host file changed".into());
        }
    }
    let secrets: Vec<&str> = KEY_PARTS.iter().copied().chain(phrases.iter().map(String::as_str)).collect();
    if let Some(s) = secrets.iter().find(|s| o.stderr.contains(*s)) {
        return Some(format!("a key ({s}) on stderr"));
    }
    let keys_allowed = has("-k") && privileged && code == 0;
    if let Some(s) = secrets.iter().find(|s| o.stdout.contains(*s)) {
        if !keys_allowed {
            return Some(format!("a key ({s}) on stdout without -k and privilege"));
        }
    }
    None
}

/// Special files: refused at once (a hang is a failure), with a message.
fn special_files(dir: &Path) -> (usize, Vec<String>) {
    let fifo = dir.join("fifo.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let link = dir.join("link-to-fifo.json");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let sub = dir.join("a-directory.json");
    std::fs::create_dir_all(&sub).unwrap();
    let files: [&Path; 4] = [&fifo, &link, &sub, Path::new("/dev/null")];
    let lines: [&[&str]; 4] = [&["igb0"], &["-a"], &["igb0", "vhid", "1", "pass", "Pwspecial"], &["--carp"]];
    let (mut n, mut failures) = (0, Vec::new());
    for file in files {
        for line in lines {
            n += 1;
            let mut args = vec![os("--model"), file.as_os_str().to_owned()];
            args.extend(line.iter().map(os));
            let (tx, rx) = mpsc::channel();
            let sent = args.clone();
            std::thread::spawn(move || tx.send(run(sent)));
            match rx.recv_timeout(Duration::from_secs(10)) {
                Err(_) => failures.push(format!("{args:?}: hung")),
                Ok(o)
                    if o.code != Some(1)
                        || !o.stderr.starts_with("ifconfig: ")
                        || o.stderr.contains("Pwspecial") =>
                {
                    failures.push(format!("{args:?}: {:?} {:?}", o.code, o.stderr))
                }
                Ok(_) => {}
            }
        }
    }
    (n, failures)
}

#[test]
fn fuzz_suite() {
    let seed = env_num("FUZZ_SEED", 0).max(1);
    let seed = if std::env::var("FUZZ_SEED").is_ok() {
        seed
    } else {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    };
    let (limit, budget) = (env_num("FUZZ_INPUTS", 20_000), Duration::from_secs(env_num("FUZZ_SECONDS", 45)));
    let dir = temp_dir();
    let hosts = base_hosts(&dir);
    let vocab = vocabulary();
    let path = dir.join("host.json");
    let mut rng = Rng(seed);
    let (special, mut failures) = special_files(&dir);
    let mut inputs = special as u64;
    let (mut refused, mut changed) = (0u64, 0u64);
    let start = Instant::now();
    while inputs < limit && start.elapsed() < budget {
        inputs += 1;
        let (name, base) = rng.pick(&hosts);
        let text = if rng.chance(15) { corrupt(&mut rng, base) } else { base.clone() };
        std::fs::write(&path, &text).unwrap();
        let mut phrases = Vec::new();
        let mut args = vec![os("--model"), path.clone().into_os_string()];
        args.extend(command(&mut rng, &vocab, &mut phrases));
        let o = run(args.clone());
        let after = std::fs::read(&path).unwrap_or_default();
        let privileged = !name.ends_with("unprivileged");
        refused += u64::from(o.code == Some(1));
        changed += u64::from(o.code == Some(0) && after != text);
        if let Some(why) = judge(&args[2..], &o, &text, &after, privileged, &phrases) {
            failures.push(format!(
                "{why}: host {name}, args {:?}\n  stdout {:?}\n  stderr {:?}",
                &args[2..],
                o.stdout,
                o.stderr
            ));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "fuzz suite: inputs={inputs} failures={} refused={refused} changed={changed} seed={seed} seconds={}",
        failures.len(),
        start.elapsed().as_secs()
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} of {inputs} inputs failed (FUZZ_SEED={seed}):\n{}",
        failures.len(),
        failures.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
}
