//! The host file: the schema-1 JSON format, its validation, and concurrent
//! updates from many processes through `LockedHost`.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::Command;

use libcarpctl::model::{Host, HostFile};
use libcarpctl::{
    AddressRequest, Capabilities, CarpSet, CarpState, CarpVersion, IfFlags, IfType, Key, Nd6Flags, Release,
    Vhid,
};
use proptest::prelude::*;

/// The format's example (the seed's igb0 before the session).
const SAMPLE: &str = r#"{"schema": 1, "release": "10.0", "privileged": true, "carp_loaded": true,
 "sysctl": {"net.inet.carp.allow": 1, "net.inet.carp.preempt": 0, "net.inet.carp.demotion": 0},
 "interfaces": [{"name": "igb0", "index": 1, "type": "ethernet",
   "flags": ["UP","BROADCAST","RUNNING","SIMPLEX","MULTICAST"], "metric": 0, "mtu": 1500,
   "options": ["RXCSUM","TXCSUM","VLAN_MTU","VLAN_HWTAGGING","JUMBO_MTU","VLAN_HWCSUM","TSO4","VLAN_HWTSO"],
   "ether": "00:25:90:03:0e:fa", "nd6": ["PERFORMNUD","AUTO_LINKLOCAL"],
   "media": "Ethernet autoselect (1000baseT <full-duplex>)", "status": "active",
   "addresses": [{"family": "inet", "address": "10.0.0.118", "prefixlen": 27, "broadcast": "10.0.0.127"}],
   "carp": []}]}"#;

fn vh(n: u8) -> Vhid {
    Vhid::new(n.into()).unwrap()
}

/// A host using every feature of the format.
fn rich_host() -> Host {
    let mut h = Host::example_10_0();
    h.release = Release::V15_0;
    h.sysctl.insert("net.inet.carp.demotion".into(), -5);
    let igb0 = "igb0";
    h.carp_set(
        igb0,
        &CarpSet {
            advbase: 3,
            advskew: 40,
            key: Key::from_passphrase(b"two words"),
            ..CarpSet::zeroed(vh(112))
        },
    )
    .unwrap();
    let raw_key = Key::from_bytes(&[0x01, 0xff, b'a', 0, 0x7f]);
    h.carp_set(
        igb0,
        &CarpSet { key: raw_key, peer: Some(Ipv4Addr::new(192, 0, 2, 2)), ..CarpSet::zeroed(vh(7)) },
    )
    .unwrap();
    h.carp_set(
        igb0,
        &CarpSet {
            version: Some(CarpVersion::Vrrp),
            vrrp_priority: 150,
            vrrp_interval: 250,
            ..CarpSet::zeroed(vh(200))
        },
    )
    .unwrap();
    let full = Key::from_bytes(b"0123456789abcdefghij");
    h.carp_set(
        igb0,
        &CarpSet { key: full, peer6: Some("2001:db8::2".parse().unwrap()), ..CarpSet::zeroed(vh(1)) },
    )
    .unwrap();
    h.add_address(igb0, &AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(vh(112))).unwrap();
    h.add_address(igb0, &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112))).unwrap();
    h.add_address(igb0, &AddressRequest::parse_inet("10.0.0.7/32").unwrap().with_vhid(vh(7))).unwrap();
    h.carp_set(igb0, &CarpSet { state: CarpState::Master, ..CarpSet::zeroed(vh(7)) }).unwrap();
    let mut lo = h.interfaces[0].clone();
    lo.name = "lo0".into();
    lo.index = 2;
    lo.kind = IfType::Loopback;
    lo.flags = IfFlags::UP
        | IfFlags::LOOPBACK
        | IfFlags::RUNNING
        | IfFlags::MULTICAST
        | IfFlags::from_bits_retain(1 << 30);
    lo.options = Some(Capabilities::from_bits_retain(0x680003));
    lo.ether = None;
    lo.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::from_bits_retain(0x8000));
    lo.media = None;
    lo.status = None;
    lo.addresses.clear();
    lo.carp.clear();
    h.interfaces.push(lo);
    h.add_address("lo0", &AddressRequest::parse_inet("127.0.0.1/8").unwrap()).unwrap();
    h.privileged = false;
    h
}

#[test]
fn round_trip_keeps_everything() {
    let h = rich_host();
    assert_eq!(h.interfaces[0].carp.len(), 4);
    let text = h.to_json();
    let back = Host::from_json(&text).unwrap();
    assert_eq!(back, h);
    assert_eq!(back.to_json(), text, "writing is stable");
    assert!(text.ends_with("}\n"));
}

#[test]
fn the_documented_example_is_the_seed_host() {
    assert_eq!(Host::from_json(SAMPLE).unwrap(), Host::example_10_0());
}

#[test]
fn keys_are_text_when_printable_else_hex() {
    let text = rich_host().to_json();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let carp = v["interfaces"][0]["carp"].as_array().unwrap();
    let by_vhid = |n: u64| carp.iter().find(|c| c["vhid"] == n).unwrap();
    assert_eq!(by_vhid(112)["key"], "two words");
    assert!(by_vhid(112).get("key_hex").is_none());
    assert_eq!(by_vhid(7)["key_hex"], "01ff61007f000000000000000000000000000000");
    assert!(by_vhid(7).get("key").is_none());
    assert_eq!(by_vhid(1)["key"], "0123456789abcdefghij");
    assert!(by_vhid(200).get("key").is_none() && by_vhid(200).get("key_hex").is_none());
    assert_eq!(
        (by_vhid(200)["version"].as_u64(), by_vhid(200)["vrrp_interval"].as_u64()),
        (Some(3), Some(250))
    );
    // Both spellings read back.
    let hex = SAMPLE.replace(
        r#""carp": []"#,
        r#""carp": [{"vhid": 1, "state": "init", "advbase": 1, "advskew": 0, "key_hex": "71776572747900"}]"#,
    );
    let h = Host::from_json(&hex).unwrap();
    assert_eq!(h.interfaces[0].carp[0].key.reveal(), b"qwerty");
    assert_eq!(h.interfaces[0].carp[0].state, CarpState::Init);
}

#[test]
fn a_vhid_without_an_address_is_init() {
    // carp_setrun keeps an address-less vhid in INIT: a file saying
    // otherwise describes a host the kernel cannot reach.
    let backup = SAMPLE
        .replace(r#""carp": []"#, r#""carp": [{"vhid": 1, "state": "backup", "advbase": 1, "advskew": 0}]"#);
    assert_ne!(backup, SAMPLE);
    let e = Host::from_json(&backup).unwrap_err();
    assert!(e.contains("vhid 1: state BACKUP without an address"), "{e}");
    let init = backup.replace(r#""state": "backup""#, r#""state": "init""#);
    assert_eq!(Host::from_json(&init).unwrap().interfaces[0].carp[0].state, CarpState::Init);
}

#[test]
fn flags_options_and_nd6_as_names_or_numbers() {
    let numbers = SAMPLE
        .replace(r#"["UP","BROADCAST","RUNNING","SIMPLEX","MULTICAST"]"#, "34883")
        .replace(r#"["RXCSUM","TXCSUM","VLAN_MTU","VLAN_HWTAGGING","JUMBO_MTU","VLAN_HWCSUM","TSO4","VLAN_HWTSO"]"#, "262587")
        .replace(r#"["PERFORMNUD","AUTO_LINKLOCAL"]"#, "33");
    assert_ne!(numbers, SAMPLE);
    assert_eq!(Host::from_json(&numbers).unwrap(), Host::example_10_0());
    // A bit without a name is written as a number and read back.
    let text = rich_host().to_json();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["interfaces"][1]["flags"].as_u64(), Some(0x4000_8049));
    assert_eq!(v["interfaces"][1]["nd6"].as_u64(), Some(0x8001));
    assert_eq!(v["interfaces"][0]["flags"][3], "PROMISC");
}

#[test]
fn unknown_fields_are_accepted_everywhere() {
    let extra = SAMPLE
        .replace(r#""schema": 1,"#, r#""schema": 1, "comment": "lab box", "future": {"x": [1, 2]},"#)
        .replace(r#""index": 1,"#, r#""index": 1, "description": "uplink","#)
        .replace(r#""prefixlen": 27,"#, r#""prefixlen": 27, "lifetime": null,"#)
        .replace(
            r#""carp": []"#,
            r#""carp": [{"vhid": 9, "state": "INIT", "advbase": 1, "advskew": 0, "counter": 5}]"#,
        );
    let h = Host::from_json(&extra).unwrap();
    assert_eq!(h.interfaces[0].carp[0].vhid, vh(9));
    assert_eq!(h.interfaces[0].addresses[0].prefixlen, 27);
}

#[test]
fn bad_files_are_errors_that_name_the_problem() {
    let carp = |c: &str| SAMPLE.replace(r#""carp": []"#, &format!(r#""carp": [{c}]"#));
    let ok_carp = r#"{"vhid": 1, "state": "BACKUP", "advbase": 1, "advskew": 0}"#;
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "not a host file"),
        ("[1, 2]".into(), "not a host file"),
        (SAMPLE.replace(r#""schema": 1"#, r#""schema": 2"#), "schema 2"),
        (SAMPLE.replace(r#""schema": 1, "#, ""), "missing field `schema`"),
        (SAMPLE.replace(r#""10.0""#, r#""9.3""#), "9.3"),
        (SAMPLE.replace(r#""10.0""#, r#""ten""#), "ten"),
        (SAMPLE.replace(r#""ethernet""#, r#""token-ring""#), "unknown type \"token-ring\""),
        (SAMPLE.replace(r#""SIMPLEX""#, r#""SIMPLE""#), "flags: unknown flag name \"SIMPLE\""),
        (SAMPLE.replace(r#""TSO4""#, r#""TSO9""#), "options: unknown flag name \"TSO9\""),
        (SAMPLE.replace(r#""PERFORMNUD""#, r#""NUD""#), "nd6: unknown flag name \"NUD\""),
        (SAMPLE.replace("00:25:90:03:0e:fa", "00:25:90:03:0e"), "bad ether"),
        (SAMPLE.replace("00:25:90:03:0e:fa", "00:25:90:03:0e:fa0"), "bad ether"),
        (SAMPLE.replace(r#""10.0.0.118""#, r#""10.0.0.318""#), "address 10.0.0.318: not an IP address"),
        (SAMPLE.replace(r#""family": "inet""#, r#""family": "inet6""#), "not of family \"inet6\""),
        (SAMPLE.replace(r#""prefixlen": 27"#, r#""prefixlen": 33"#), "prefixlen 33 above 32"),
        (SAMPLE.replace(r#""prefixlen": 27"#, r#""prefixlen": 27, "vhid": 3"#), "vhid 3 is not configured"),
        (SAMPLE.replace(r#""prefixlen": 27"#, r#""prefixlen": 27, "vhid": 0"#), "vhid 0"),
        (SAMPLE.replace(r#""mtu": 1500"#, r#""mtu": -1"#), "not a host file"),
        (carp(&ok_carp.replace(r#""vhid": 1"#, r#""vhid": 0"#)), "vhid 0"),
        (carp(&ok_carp.replace("BACKUP", "SLAVE")), "unknown state \"SLAVE\""),
        (carp(&ok_carp.replace(r#""advbase": 1"#, r#""advbase": 0"#)), "advbase 0 outside 1..255"),
        (carp(&ok_carp.replace(r#""advskew": 0"#, r#""advskew": 255"#)), "advskew 255 outside 0..254"),
        (carp(&ok_carp.replace("}", r#", "version": 4}"#)), "version must be 2 or 3"),
        (carp(&ok_carp.replace("}", r#", "version": 3, "vrrp_interval": 5000}"#)), "vrrp_interval 5000"),
        (carp(&ok_carp.replace("}", r#", "key_hex": "abc"}"#)), "key_hex"),
        (carp(&ok_carp.replace("}", r#", "key_hex": "zz"}"#)), "key_hex"),
        (carp(&ok_carp.replace("}", r#", "key_hex": "aé0b"}"#)), "key_hex"),
        (carp(&ok_carp.replace("}", &format!(r#", "key_hex": "{}"}}"#, "00".repeat(21)))), "key_hex"),
        (carp(&ok_carp.replace("}", r#", "key": "123456789012345678901"}"#)), "key longer than 20"),
        (carp(&ok_carp.replace("}", r#", "key": "a", "key_hex": "61"}"#)), "not both"),
        (carp(&format!("{ok_carp}, {ok_carp}")), "vhid 1 is listed twice"),
        (carp(&ok_carp.replace("}", r#", "peer": "224.0.0.300"}"#)), "not a host file"),
    ];
    for (text, want) in &cases {
        match Host::from_json(text) {
            Ok(_) => panic!("accepted a bad file (want {want:?}):\n{text}"),
            Err(e) => assert!(e.contains(want), "error {e:?} does not mention {want:?}"),
        }
        let e = Host::from_json(text).unwrap_err();
        let whole_file = ["not a host", "schema", "9.3", "ten"];
        let per_interface = !whole_file.iter().any(|w| want.contains(w));
        if per_interface {
            assert!(e.starts_with("interface igb0: "), "{e:?} does not name the interface");
        }
    }
    let two = SAMPLE.replace(r#""carp": []}]"#, r#""carp": []}, {"name": "igb0", "index": 2}]"#);
    assert!(Host::from_json(&two).unwrap_err().contains("igb0 is listed twice"));
    let same_index = SAMPLE.replace(r#""carp": []}]"#, r#""carp": []}, {"name": "em0", "index": 1}]"#);
    assert!(Host::from_json(&same_index).unwrap_err().contains("index 1 is already used"));
}

proptest! {
    /// Whatever the bytes, reading never panics.
    #[test]
    fn reading_never_panics(cut in 0usize..2000, noise in "\\PC{0,8}", at in 0usize..2000) {
        let base = rich_host().to_json();
        let mut text: String = base.chars().take(cut).collect();
        let pos = text.char_indices().map(|(i, _)| i).nth(at % (text.chars().count() + 1)).unwrap_or(text.len());
        text.insert_str(pos, &noise);
        let _ = Host::from_json(&text);
    }
}

// ---- the file on disk ----

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("carpctl-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn store_load_and_locked_update() {
    let dir = temp_dir("file");
    let file = HostFile::new(dir.join("host.json"));
    let err = file.load().unwrap_err().to_string();
    assert!(err.contains("host.json"), "{err}");
    file.store(&Host::example_10_0()).unwrap();
    assert_eq!(file.load().unwrap(), Host::example_10_0());
    let mut locked = file.lock_for_update().unwrap();
    locked.host.add_address("igb0", &AddressRequest::parse_inet("192.0.2.1/24").unwrap()).unwrap();
    locked.save().unwrap();
    let h = file.load().unwrap();
    assert_eq!(h.interfaces[0].addresses.len(), 2);
    // Dropping without saving changes nothing.
    let mut locked = file.lock_for_update().unwrap();
    locked.host.interfaces.clear();
    drop(locked);
    assert_eq!(file.load().unwrap(), h);
    std::fs::write(file.path(), "{\"schema\": 1}").unwrap();
    let err = file.load().unwrap_err().to_string();
    assert!(err.contains("host.json") && err.contains("release"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

const CHILD_FILE: &str = "CARPCTL_TEST_HOST_FILE";
const CHILD_N: &str = "CARPCTL_TEST_CHILD_N";
const WRITERS: u8 = 32;

/// The child of `concurrent_processes_lose_no_update`: adds 198.51.100.N/32
/// to igb0 under the file's lock. Ignored in normal runs (it needs the
/// parent's environment); the parent runs it with `--ignored --exact`.
#[test]
#[ignore = "run by concurrent_processes_lose_no_update in child processes"]
fn concurrency_child() {
    // Run on its own (`--include-ignored`), it is a single writer on a file
    // of its own.
    let (path, n) = match (std::env::var(CHILD_FILE), std::env::var(CHILD_N)) {
        (Ok(p), Ok(n)) => (PathBuf::from(p), n.parse::<u8>().unwrap()),
        _ => {
            let p = temp_dir("child").join("host.json");
            HostFile::new(&p).store(&Host::example_10_0()).unwrap();
            (p, 1)
        }
    };
    let file = HostFile::new(&path);
    let mut locked = file.lock_for_update().unwrap();
    // Widen the read-modify-write window: a missing lock would lose updates.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let addr = AddressRequest::parse_inet(&format!("198.51.100.{n}/32")).unwrap();
    locked.host.add_address("igb0", &addr).unwrap();
    locked.save().unwrap();
    let host = file.load().unwrap();
    assert!(host.interfaces[0].addresses.iter().any(|a| a.addr == addr.addr));
    if std::env::var(CHILD_FILE).is_err() {
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}

#[test]
fn concurrent_processes_lose_no_update() {
    let dir = temp_dir("concurrency");
    let path = dir.join("host.json");
    HostFile::new(&path).store(&Host::example_10_0()).unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (1..=WRITERS)
        .map(|n| {
            Command::new(&exe)
                .args(["--ignored", "--exact", "concurrency_child", "--test-threads=1", "--quiet"])
                .env(CHILD_FILE, &path)
                .env(CHILD_N, n.to_string())
                .output_spawn()
        })
        .collect();
    for (n, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "child {} failed: {stdout}{}",
            n + 1,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("1 passed"), "child {} ran no test: {stdout}", n + 1);
    }
    let host = HostFile::new(&path).load().expect("the file still parses");
    let addrs = &host.interfaces[0].addresses;
    assert_eq!(addrs.len(), 1 + WRITERS as usize, "an update was lost");
    for n in 1..=WRITERS {
        let want = std::net::IpAddr::V4(Ipv4Addr::new(198, 51, 100, n));
        assert!(addrs.iter().any(|a| a.addr == want && a.prefixlen == 32), "198.51.100.{n} missing");
    }
    assert_no_temp_files(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn assert_no_temp_files(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp.")), "temporary files left: {names:?}");
}

trait SpawnPiped {
    fn output_spawn(&mut self) -> std::process::Child;
}

impl SpawnPiped for Command {
    fn output_spawn(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }
}

#[test]
fn unprivileged_peers_and_vrrp_survive_the_file() {
    let h = Host::from_json(&rich_host().to_json()).unwrap();
    assert!(!h.privileged);
    let igb0 = &h.interfaces[0];
    let c7 = igb0.carp.iter().find(|c| c.vhid == vh(7)).unwrap();
    assert_eq!((c7.state, c7.peer), (CarpState::Master, Some(Ipv4Addr::new(192, 0, 2, 2))));
    let c1 = igb0.carp.iter().find(|c| c.vhid == vh(1)).unwrap();
    assert_eq!(c1.peer6, Some("2001:db8::2".parse::<Ipv6Addr>().unwrap()));
    let c200 = igb0.carp.iter().find(|c| c.vhid == vh(200)).unwrap();
    assert_eq!((c200.version, c200.vrrp_priority, c200.vrrp_interval), (CarpVersion::Vrrp, 150, 250));
    let order: Vec<u8> = igb0.carp.iter().map(|c| c.vhid.get()).collect();
    assert_eq!(order, vec![112, 7, 200, 1], "creation order is kept");
}

// ---- the host-file session ----

#[test]
fn session_commits_only_changes_and_leaves_nothing_beside_the_file() {
    use libcarpctl::{open_host_file, Backend, Mode};
    let dir = temp_dir("session");
    let path = dir.join("host.json");
    HostFile::new(&path).store(&Host::example_10_0()).unwrap();
    let mtime = || std::fs::metadata(&path).unwrap().modified().unwrap();
    let before = (mtime(), std::fs::read(&path).unwrap());

    // Reading, and an update that changes nothing, write nothing.
    let mut read = open_host_file(&path, Mode::Read).unwrap();
    assert_eq!(read.list_interfaces().unwrap().len(), 1);
    assert!(!read.commit().unwrap());
    let unchanged = open_host_file(&path, Mode::Update).unwrap();
    assert!(!unchanged.changed());
    assert!(!unchanged.commit().unwrap());
    assert_eq!((mtime(), std::fs::read(&path).unwrap()), before);

    // A change is written once, at commit.
    let mut update = open_host_file(&path, Mode::Update).unwrap();
    update.set_mtu("igb0", 1400).unwrap();
    assert!(update.changed());
    // (Read without the lock, which the session holds.)
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(Host::from_json(&text).unwrap(), Host::example_10_0(), "nothing before commit");
    assert!(update.commit().unwrap());
    assert_eq!(HostFile::new(&path).load().unwrap().interfaces[0].mtu, 1400);

    // A read-only session cannot write its changes.
    let mut read = open_host_file(&path, Mode::Read).unwrap();
    read.set_mtu("igb0", 9000).unwrap();
    assert!(read.commit().is_err());
    assert_eq!(HostFile::new(&path).load().unwrap().interfaces[0].mtu, 1400);

    // Dropping an update releases the lock and changes nothing.
    let mut dropped = open_host_file(&path, Mode::Update).unwrap();
    dropped.set_mtu("igb0", 1280).unwrap();
    drop(dropped);
    assert_eq!(open_host_file(&path, Mode::Read).unwrap().interface("igb0").unwrap().mtu, 1400);

    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["host.json"], "no lock or temporary file is left");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_host_file_is_an_error_naming_it() {
    let dir = temp_dir("missing");
    let err = libcarpctl::open_host_file(dir.join("absent.json"), libcarpctl::Mode::Read).err().unwrap();
    assert!(err.to_string().contains("absent.json"), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "opening created nothing");
    std::fs::remove_dir_all(&dir).unwrap();
}
