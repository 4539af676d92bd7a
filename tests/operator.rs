//! Operator features: `--json` snapshots, `--dry-run`, the `--carp` table,
//! key redaction in every output form, shell completions.

use serde_json::{json, Value};

use crate::support::{assert_text, golden, TestHost};

/// The seed host after the whole seed session (vhid 112 MASTER, key qwerty).
fn seeded() -> TestHost {
    let h = TestHost::seed();
    h.run("igb0 inet6 2001:db8::3 vhid 112 pass qwerty").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    h.run("igb0 vhid 112 state master").silent_ok();
    h
}

fn ok_stdout(h: &TestHost, args: &str) -> String {
    let r = h.run(args);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args}: {r:?}");
    r.stdout
}

/// A host of `release` with demotion `demotion` and these interfaces.
fn host(release: &str, demotion: i64, interfaces: Value) -> TestHost {
    TestHost::from_json(
        &json!({
            "schema": 1, "release": release, "privileged": true, "carp_loaded": true,
            "sysctl": {"net.inet.carp.demotion": demotion},
            "interfaces": interfaces,
        })
        .to_string(),
    )
}

fn ether(name: &str, index: u32, addresses: Value, carp: Value) -> Value {
    json!({
        "name": name, "index": index, "type": "ethernet",
        "flags": ["UP", "BROADCAST", "RUNNING", "PROMISC", "SIMPLEX", "MULTICAST"],
        "mtu": 1500, "ether": format!("00:25:90:03:0e:{index:02x}"), "status": "active",
        "addresses": addresses, "carp": carp,
    })
}

/// Three vhids on 15.0 with demotion 50: CARP MASTER, a BACKUP whose skew
/// the demotion pushes to the 240 limit (unicast peer), and a VRRP vhid.
pub(crate) fn three_vhids() -> TestHost {
    host(
        "15.0",
        50,
        json!([
            ether(
                "igb0",
                1,
                json!([
                    {"family": "inet", "address": "192.0.2.10", "prefixlen": 24, "broadcast": "192.0.2.255", "vhid": 1},
                    {"family": "inet6", "address": "2001:db8::10", "prefixlen": 64, "vhid": 1},
                    {"family": "inet", "address": "192.0.2.20", "prefixlen": 24, "broadcast": "192.0.2.255", "vhid": 2},
                ]),
                json!([
                    {"vhid": 1, "state": "MASTER", "advbase": 1, "advskew": 0, "key": "alpha"},
                    {"vhid": 2, "state": "BACKUP", "advbase": 2, "advskew": 200, "key": "bravo", "peer": "198.51.100.2"},
                ]),
            ),
            ether(
                "igb1",
                2,
                json!([{"family": "inet", "address": "198.51.100.30", "prefixlen": 24, "broadcast": "198.51.100.255", "vhid": 30}]),
                json!([{"vhid": 30, "state": "MASTER", "advbase": 1, "advskew": 0, "version": 3,
                        "vrrp_priority": 150, "vrrp_interval": 100}]),
            ),
        ]),
    )
}

/// Every vhid 1..=255 on one interface of a 14.1 host, demotion 20.
fn all_vhids() -> TestHost {
    let addresses: Vec<Value> = (1..=255)
        .map(|v| json!({"family": "inet", "address": format!("10.1.{v}.1"), "prefixlen": 24, "vhid": v}))
        .collect();
    let carp: Vec<Value> = (1..=255)
        .map(|v| {
            let state = if v % 2 == 1 { "MASTER" } else { "BACKUP" };
            json!({"vhid": v, "state": state, "advbase": 1 + v % 3, "advskew": v - 1})
        })
        .collect();
    host("14.1", 20, json!([ether("lagg0", 1, json!(addresses), json!(carp))]))
}

// ---- --json ----

#[test]
fn json_snapshot_is_the_host_file_schema() {
    let h = seeded();
    let text = ok_stdout(&h, "--json -k -a");
    // The model's own file is a snapshot of itself, byte for byte.
    assert_text(&text, &String::from_utf8(h.bytes()).unwrap());
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["schema", "release", "privileged", "carp_loaded", "sysctl", "interfaces"]);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["release"], "10.0");
    let igb0 = &v["interfaces"][0];
    let iface_keys: Vec<&str> = igb0.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        iface_keys,
        [
            "name",
            "index",
            "type",
            "flags",
            "metric",
            "mtu",
            "options",
            "ether",
            "nd6",
            "media",
            "status",
            "addresses",
            "carp"
        ]
    );
    assert_eq!(
        igb0["carp"][0],
        json!({"vhid": 112, "state": "MASTER", "advbase": 1, "advskew": 0,
        "key": "qwerty", "peer": "224.0.0.18", "peer6": "ff02::12"})
    );
    // Without -k: the same document less the key.
    let plain: Value = serde_json::from_str(&ok_stdout(&h, "--json -a")).unwrap();
    let mut expected = v.clone();
    expected["interfaces"][0]["carp"][0].as_object_mut().unwrap().remove("key");
    assert_eq!(plain, expected);
}

#[test]
fn snapshot_round_trips_through_a_model() {
    for keys in ["", "-k "] {
        let h = seeded();
        let snapshot = ok_stdout(&h, &format!("--json {keys}-a"));
        let copy = TestHost::from_json(&snapshot);
        assert_text(&ok_stdout(&copy, &format!("--json {keys}-a")), &snapshot);
        assert_text(&ok_stdout(&copy, "igb0"), &ok_stdout(&h, "igb0"));
        // The copy is a working host: configure it and snapshot again.
        copy.run("igb0 vhid 112 advskew 100").silent_ok();
        let again: Value = serde_json::from_str(&ok_stdout(&copy, "--json igb0")).unwrap();
        assert_eq!(again["interfaces"][0]["carp"][0]["advskew"], 100);
    }
}

#[test]
fn json_of_one_interface_and_one_family() {
    let h = three_vhids();
    let one: Value = serde_json::from_str(&ok_stdout(&h, "--json igb1")).unwrap();
    assert_eq!(one["interfaces"].as_array().unwrap().len(), 1);
    assert_eq!(one["interfaces"][0]["name"], "igb1");
    let v6: Value = serde_json::from_str(&ok_stdout(&h, "--json igb0 inet6")).unwrap();
    let addrs = v6["interfaces"][0]["addresses"].as_array().unwrap();
    assert!(addrs.iter().all(|a| a["family"] == "inet6") && !addrs.is_empty(), "{v6}");
    h.run("--json igb7").fails_with("interface igb7 does not exist");
    let r = h.run("--json igb0 vhid 1 advskew 3");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("--dry-run"), "{r:?}");
}

// ---- --dry-run ----

#[test]
fn dry_run_shows_block_and_diff_and_changes_nothing() {
    let h = TestHost::seed();
    h.run("igb0 inet6 2001:db8::3 vhid 112 pass qwerty").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    let before = h.bytes();
    let out = ok_stdout(&h, "--dry-run igb0 vhid 112 state master");
    assert_eq!(h.bytes(), before, "dry run wrote the host file");
    let expected = golden("seed-3.txt")
        + "--- igb0 (now)\n+++ igb0 (after)\n@@ -8,4 +8,4 @@\n \
           \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n \
           \tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n \
           \tstatus: active\n\
           -\tcarp: BACKUP vhid 112 advbase 1 advskew 0\n\
           +\tcarp: MASTER vhid 112 advbase 1 advskew 0\n";
    assert_text(&out, &expected);
}

#[test]
fn dry_run_predicts_the_real_command() {
    let lines = [
        "igb0 inet6 2001:db8::3 vhid 112 pass qwerty",
        "igb0 inet vhid 1 pass testpass alias 192.168.1.50/32",
        "igb0 vhid 12 advskew 210 pass RD0B4OBZ 192.168.1.11/32",
        "igb0 mtu 9000 down",
        "igb0 10.0.0.118 -alias",
    ];
    for line in lines {
        let (dry, real) = (TestHost::seed(), TestHost::seed());
        let before = dry.bytes();
        let out = ok_stdout(&dry, &format!("--dry-run {line}"));
        assert_eq!(dry.bytes(), before, "{line}");
        real.run(line).silent_ok();
        let after = ok_stdout(&real, "igb0");
        assert!(out.starts_with(&after), "{line}\n{out}");
        let diff = &out[after.len()..];
        assert!(diff.starts_with("--- igb0 (now)\n+++ igb0 (after)\n@@ "), "{line}\n{diff}");
    }
    // Nothing to change: headers and no hunk.
    let h = TestHost::seed();
    let out = ok_stdout(&h, "--dry-run igb0 up");
    assert_text(&out, &(golden("seed-1.txt") + "--- igb0 (now)\n+++ igb0 (after)\n"));
}

/// An edit of the seed host's JSON.
type Edit = fn(&mut Value);

#[test]
fn dry_run_errors_are_the_real_commands() {
    let cases: [(Edit, &str); 9] = [
        (|v| v["release"] = "15.0".into(), "igb0 vhid 7 advskew 255"),
        (|v| v["release"] = "15.0".into(), "igb0 vhid 7 advbase 256"),
        (|v| v["release"] = "15.0".into(), "igb0 192.0.2.7"),
        (|v| v["privileged"] = false.into(), "igb0 vhid 7 pass x"),
        (|v| v["privileged"] = false.into(), "igb0 192.0.2.1/24 alias"),
        (|v| v["carp_loaded"] = false.into(), "igb0 vhid 7"),
        (|_| {}, "igb0 192.0.2.77 -alias"),
        (|_| {}, "igb9 vhid 1"),
        (|_| {}, "igb0 vhid 0"),
    ];
    for (edit, line) in cases {
        let (dry, real) = (TestHost::seed_with(edit), TestHost::seed_with(edit));
        let before = dry.bytes();
        let d = dry.run(&format!("--dry-run {line}"));
        let r = real.run(line);
        assert_eq!(r.code, 1, "{line}: {r:?}");
        assert_eq!((d.code, d.stderr.as_str(), d.stdout.as_str()), (1, r.stderr.as_str(), ""), "{line}");
        assert_eq!(dry.bytes(), before, "{line}");
    }
    let h15 = TestHost::seed_with(|v| v["release"] = "15.0".into());
    h15.run("--dry-run igb0 vhid 7 advskew 255").fails_with("SIOCSVH: Invalid argument");

    // 10.0 half-applies a rejected SET: the error, and what would stay.
    let h10 = TestHost::seed();
    let before = h10.bytes();
    let d = h10.run("--dry-run igb0 vhid 7 advskew 255");
    assert_eq!((d.code, d.stderr.as_str()), (1, "ifconfig: SIOCSVH: Invalid argument\n"), "{d:?}");
    assert!(d.stdout.contains("+\tcarp: INIT vhid 7 advbase 1 advskew 0\n"), "{d:?}");
    assert_eq!(h10.bytes(), before);

    // Even with -k and privilege, a failed dry run's report shows no key.
    let keyed = seeded();
    let d = keyed.run("-k --dry-run igb0 vhid 7 advskew 255");
    assert_eq!((d.code, d.stderr.as_str()), (1, "ifconfig: SIOCSVH: Invalid argument\n"), "{d:?}");
    assert!(d.stdout.contains("+\tcarp: INIT vhid 7 advbase 1 advskew 0\n"), "{d:?}");
    assert!(!d.stdout.contains("qwerty") && !d.stdout.contains("key"), "{d:?}");
    assert!(ok_stdout(&keyed, "-k igb0").contains("key \"qwerty\""));

    // 14's warning goes to stderr as the real command's does.
    let h14 = TestHost::seed_with(|v| v["release"] = "14.1".into());
    let d = h14.run("--dry-run igb0 192.0.2.7 alias");
    assert_eq!(d.code, 0, "{d:?}");
    assert!(d.stderr.starts_with("ifconfig: WARNING: setting interface address without mask"), "{d:?}");
    assert!(d.stdout.contains("+\tinet 192.0.2.7 "), "{d:?}");
}

#[test]
fn dry_run_json_is_the_resulting_document() {
    let h = seeded();
    let before = h.bytes();
    let v: Value = serde_json::from_str(&ok_stdout(&h, "--dry-run --json igb0 vhid 112 advskew 42")).unwrap();
    assert_eq!(v["interfaces"][0]["carp"][0]["advskew"], 42);
    assert!(v["interfaces"][0]["carp"][0].get("key").is_none());
    assert_eq!(h.bytes(), before);
}

// ---- --carp ----

#[test]
fn carp_table_one_vhid() {
    let h = seeded();
    let out = ok_stdout(&h, "--carp");
    assert_text(&out, &golden("carp-1.txt"));
    assert_text(&ok_stdout(&h, "--carp -a"), &out);
    assert_text(&ok_stdout(&h, "--carp igb0"), &out);
}

#[test]
fn carp_table_three_vhids() {
    let h = three_vhids();
    let out = ok_stdout(&h, "--carp");
    assert_text(&out, &golden("carp-3.txt"));
    assert!(out.lines().all(|l| l.len() <= 80), "{out}");
    assert!(ok_stdout(&h, "--carp -k").lines().all(|l| l.len() <= 80));
}

#[test]
fn carp_table_all_vhids_stays_aligned() {
    let h = all_vhids();
    let out = ok_stdout(&h, "--carp");
    assert_text(&out, &golden("carp-255.txt"));
    // Every row starts each column at the header's column.
    let header = out.lines().next().unwrap();
    let starts: Vec<usize> = ["VHID", "STATE", "BASE", "SKEW", "DEMOTED", "ADDRESSES", "PEERS"]
        .iter()
        .map(|c| header.find(c).unwrap())
        .collect();
    let rows: Vec<&str> = out.lines().skip(1).filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(rows.len(), 255);
    for row in rows {
        let addr = starts[5];
        assert!(row[..addr].ends_with("  ") && !row[addr..].starts_with(' '), "{row}");
        assert!(row.len() <= 80, "{row}");
    }
}

#[test]
fn carp_json_matches_the_table() {
    let h = three_vhids();
    let v: Value = serde_json::from_str(&ok_stdout(&h, "--json --carp")).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["release"], "15.0");
    assert_eq!(v["demotion"], 50);
    let vhids = v["vhids"].as_array().unwrap();
    assert_eq!(vhids.len(), 3);
    assert_eq!(
        vhids[1],
        json!({"interface": "igb0", "vhid": 2, "state": "BACKUP", "advbase": 2, "advskew": 200,
               "effective_advskew": 240, "addresses": ["192.0.2.20/24"],
               "peer": "198.51.100.2", "peer6": "ff02::12"})
    );
    assert_eq!(vhids[2]["version"], 3);
    assert_eq!(vhids[2]["vrrp_priority"], 150);
    assert_eq!(vhids[0]["effective_advskew"], 50);
}

// ---- key redaction ----

#[test]
fn keys_never_show_without_dash_k() {
    let h = three_vhids();
    let forms = [
        "igb0",
        "-a",
        "--json -a",
        "--json igb0",
        "--carp",
        "--json --carp",
        "--dry-run igb0 vhid 1 advskew 5",
        "--dry-run --json igb0 vhid 1 advskew 5",
    ];
    for form in forms {
        let out = ok_stdout(&h, form);
        assert!(!out.contains("alpha") && !out.contains("bravo"), "{form}: {out}");
        let keyed = ok_stdout(&h, &format!("-k {form}"));
        assert!(keyed.contains("alpha"), "-k {form}: {keyed}");
    }
    // An unprivileged caller never gets them, -k or not.
    let text = std::fs::read_to_string(&h.path).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["privileged"] = false.into();
    let unpriv = TestHost::from_json(&v.to_string());
    for form in forms {
        // (The dry runs fail here: an unprivileged SET is refused.)
        let r = unpriv.run(&format!("-k {form}"));
        let all = r.stdout + &r.stderr;
        assert!(!all.contains("alpha") && !all.contains("bravo"), "unprivileged -k {form}: {all}");
    }
    assert!(ok_stdout(&unpriv, "-k --carp").contains("igb0"));
}

mod completion;
