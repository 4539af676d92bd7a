//! Jails on the virtual host: `IF vnet JAIL` (SIOCSIFVNET, if.c's
//! if_vmove_loan), `IF -vnet JAIL` (SIOCSIFRVNET, if_vmove_reclaim) and
//! `-j JAIL` (jail_getid + jail_attach, 14+), with FreeBSD's messages:
//! kern_jail.c's `jail "X" not found` / `jail N not found` from
//! jail_getid, `err(1, "SIOCSIFVNET")`, `err(1, "SIOCSIFRVNET(%d, %s)")`,
//! and 14's `Perror("jail not found")` / `Perror("cannot attach to
//! jail")`. Golden output per release: tests/golden/vnet-R.txt.

use crate::support::{assert_text, golden, refused, TestHost};

/// The seed host of `release` with a vnet jail `j1` (jid 1, its own lo0)
/// and a jail `web` (jid 2) that shares the host's network stack.
pub fn jailed_host(release: &str) -> TestHost {
    TestHost::seed_with(|v| {
        v["release"] = release.into();
        v["jails"] = serde_json::json!([
            {"name": "j1", "jid": 1, "vnet": true, "interfaces": [
                {"name": "lo0", "index": 1, "type": "loopback", "flags": ["UP", "LOOPBACK", "RUNNING", "MULTICAST"],
                 "mtu": 16384, "options": ["RXCSUM", "TXCSUM", "LINKSTATE", "RXCSUM_IPV6", "TXCSUM_IPV6"],
                 "nd6": ["PERFORMNUD", "AUTO_LINKLOCAL"],
                 "addresses": [{"family": "inet", "address": "127.0.0.1", "prefixlen": 8}]}
            ]},
            {"name": "web", "jid": 2, "addresses": ["10.0.0.118"]}
        ]);
    })
}

fn setup(h: &TestHost) {
    h.run("epair create").silent_ok_or_name();
    h.run("epair0b inet 198.51.100.2/24 up group web").silent_ok();
}

trait NameOk {
    fn silent_ok_or_name(&self);
}

impl NameOk for crate::support::Run {
    /// `epair create` prints the name it got and nothing else.
    fn silent_ok_or_name(&self) {
        assert_eq!((self.code, self.stdout.as_str(), self.stderr.as_str()), (0, "epair0a\n", ""));
    }
}

#[test]
fn vnet_moves_the_interface_into_the_jail_bare() {
    let h = jailed_host("14.1");
    setup(&h);
    h.run("epair0b vnet j1").silent_ok();
    // Gone from the host; in the jail without its address, group or UP.
    refused(&h, "epair0b", "interface epair0b does not exist");
    let inside = h.run("-j j1 epair0b");
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    let first = inside.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "epair0b: flags=1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500"
    );
    assert!(!inside.stdout.contains("198.51.100.2"), "{}", inside.stdout);
    assert!(inside.stdout.contains("\tgroups: epair\n"), "{}", inside.stdout);
    assert!(
        inside.stdout.contains("nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>"),
        "{}",
        inside.stdout
    );
    // 14+: one index table for every vnet, the index stays (3).
    assert!(h.run("-j j1 -l").stdout == "lo0 epair0b\n");
}

/// The jail's interfaces as the host file holds them: (name, index).
fn jail_interfaces(h: &TestHost, jail: usize) -> Vec<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(&h.bytes()).unwrap();
    v["jails"][jail]["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap().to_string(), i["index"].as_u64().unwrap()))
        .collect()
}

#[test]
fn index_is_per_vnet_before_14() {
    // 10-13: if_vmove takes the lowest free index in the jail's own table.
    for (release, index) in [("10.0", 2), ("13.2", 2), ("14.1", 3), ("15.0", 3)] {
        let h = jailed_host(release);
        setup(&h);
        h.run("epair0b vnet j1").silent_ok();
        assert_eq!(jail_interfaces(&h, 0), [("lo0".into(), 1), ("epair0b".into(), index)], "{release}");
        // A new interface here: 14+ cannot reuse the index the jail's
        // epair0b holds. Back home, 10-13 take the lowest free index.
        h.run("tap0 create").silent_ok();
        h.run("epair0b -vnet j1").silent_ok();
        let v: serde_json::Value = serde_json::from_slice(&h.bytes()).unwrap();
        let here: Vec<_> = v["interfaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["name"].as_str().unwrap().to_string(), i["index"].as_u64().unwrap()))
            .collect();
        let (epair, tap) = if release < "14" { (4, 3) } else { (3, 4) };
        let mut want = vec![
            ("igb0".to_string(), 1),
            ("epair0a".into(), 2),
            ("epair0b".into(), epair),
            ("tap0".into(), tap),
        ];
        want.sort_by_key(|x| x.1);
        assert_eq!(here, want, "{release}");
    }
}

#[test]
fn interfaces_made_in_a_jail_take_a_free_global_index() {
    for release in ["14.1", "15.0"] {
        let h = jailed_host(release);
        setup(&h);
        // epair0a 2 and epair0b 3 here: the jail's tap0 cannot take 2.
        h.run("-j j1 tap0 create").silent_ok();
        assert_eq!(jail_interfaces(&h, 0), [("lo0".into(), 1), ("tap0".into(), 4)], "{release}");
    }
}

#[test]
fn dash_j_is_14_and_later() {
    let old = jailed_host("13.2");
    let r = old.run("-j j1 -a");
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("usage: ifconfig"), "{}", r.stderr);
    let h = jailed_host("14.1");
    assert_eq!(h.run("-j j1 -l").stdout, "lo0\n");
    assert_eq!(h.run("-j 1 -l").stdout, "lo0\n", "a jid is a jail too");
    // A jail without vnet sees the host's interfaces, but of their
    // addresses only its own.
    assert_eq!(h.run("-j web -l").stdout, h.run("-l").stdout);
    h.run("igb0 inet 192.0.2.77/24 alias").silent_ok();
    let (inside, outside) = (h.run("-j web igb0").stdout, h.run("igb0").stdout);
    assert!(outside.contains("inet 192.0.2.77 ") && !inside.contains("192.0.2.77"), "{inside}");
    assert!(inside.contains("\tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n"), "{inside}");
}

#[test]
fn bad_jails_get_freebsds_messages_and_change_nothing() {
    let h = jailed_host("14.1");
    setup(&h);
    let before = h.bytes();
    refused(&h, "epair0b vnet nope", "jail \"nope\" not found");
    refused(&h, "epair0b vnet 7", "jail 7 not found");
    // jid 0 is the host itself: no child prison (ENXIO).
    refused(&h, "epair0b vnet 0", "SIOCSIFVNET: Device not configured");
    // A jail without vnet shares this stack (EEXIST).
    refused(&h, "epair0b vnet web", "SIOCSIFVNET: File exists");
    refused(&h, "epair0b -vnet j1", "SIOCSIFRVNET(1, epair0b): Device not configured");
    refused(&h, "epair0b -vnet web", "SIOCSIFRVNET(2, epair0b): File exists");
    refused(&h, "nosuch0 -vnet j1", "SIOCSIFRVNET(1, nosuch0): Device not configured");
    refused(&h, "nosuch0 -vnet nope", "jail \"nope\" not found");
    refused(&h, "-j nope -a", "jail not found: No such file or directory");
    refused(&h, "-j 0 -a", "cannot attach to jail: Invalid argument");
    refused(&h, "epair0b vnet", "'vnet' requires argument");
    assert_eq!(h.bytes(), before);
    // The jail already has an interface of that name.
    h.run("-j j1 epair create").silent_ok_or_name();
    refused(&h, "epair0b vnet j1", "SIOCSIFVNET: File exists");
}

#[test]
fn unprivileged_moves_are_refused() {
    let h = jailed_host("14.1");
    setup(&h);
    let unpriv = TestHost::from_json(
        &String::from_utf8(h.bytes()).unwrap().replace("\"privileged\": true", "\"privileged\": false"),
    );
    refused(&unpriv, "epair0b vnet j1", "SIOCSIFVNET: Operation not permitted");
    refused(&unpriv, "-j j1 -a", "cannot attach to jail: permission denied");
    // Jailed root without vnet has no network privileges.
    refused(&h, "-j web epair0b down", "down: permission denied");
}

#[test]
fn moves_leave_bridges_laggs_and_vhids() {
    let h = jailed_host("14.1");
    setup(&h);
    h.run("bridge0 create addm epair0b up").silent_ok();
    h.run("epair0b inet 198.51.100.9/24 alias vhid 5 pass x").silent_ok();
    h.run("epair0b vhid 6").silent_ok();
    h.run("epair0b vnet j1").silent_ok();
    assert!(!h.run("bridge0").stdout.contains("member:"), "the bridge let it go");
    let inside = h.run("-j j1 epair0b").stdout;
    // carp_detach destroyed vhid 5 with its address; vhid 6 (no address)
    // went along, in INIT with the interface down.
    assert!(!inside.contains("vhid 5"), "{inside}");
    assert!(inside.contains("carp: INIT vhid 6"), "{inside}");
    // Inside the jail the interface is configured as any other.
    h.run("-j j1 epair0b inet 192.0.2.7/24 up").silent_ok();
    assert!(h.run("-j j1 epair0b").stdout.contains("inet 192.0.2.7 netmask 0xffffff00"));
    // And comes back without it.
    h.run("epair0b -vnet j1").silent_ok();
    let back = h.run("epair0b").stdout;
    assert!(!back.contains("192.0.2.7") && back.contains("carp: INIT vhid 6"), "{back}");
    assert_eq!(jail_interfaces(&h, 0), [("lo0".into(), 1)]);
}

#[test]
fn reclaim_then_more_words_on_one_line() {
    let h = jailed_host("15.0");
    setup(&h);
    h.run("epair0b vnet j1").silent_ok();
    h.run("epair0b -vnet j1 inet 203.0.113.5/24 up").silent_ok();
    assert!(h.run("epair0b").stdout.contains("inet 203.0.113.5 netmask 0xffffff00 broadcast 203.0.113.255"));
}

#[test]
fn vnet_golden_per_release() {
    for release in ["10.0", "13.2", "14.1", "15.0"] {
        let h = jailed_host(release);
        setup(&h);
        let mut shown = String::new();
        let mut run = |line: &str| {
            let r = h.run(line);
            shown.push_str(&format!("$ ifconfig {line}\n{}{}exit {}\n", r.stdout, r.stderr, r.code));
        };
        for line in [
            "epair0b vnet nope",
            "epair0b vnet j1",
            "epair0b",
            "-j j1",
            "-j j1 epair0b inet 192.0.2.7/24 up",
            "-j j1 -a",
            "epair0b -vnet web",
            "epair0b -vnet j1",
            "-a",
        ] {
            run(line);
        }
        let name = format!("vnet-{release}.txt");
        if std::env::var_os("VNET_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &shown).unwrap();
        }
        assert_text(&shown, &golden(&name));
    }
}
