//! if_bridge(4)'s words on a real Linux bridge, in namespaces the tests
//! create and remove: each result compared with what iproute2 reads from
//! the kernel (`ip -j -d link show`, `bridge -j -d link show`,
//! `bridge -j fdb show`), each refusal checked to change nothing.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::netns::{can_run, InNamespace as _, Netns};

/// A bridge `bridge0` made by us, with veth `v0` (peer `v1`) added by us,
/// all up.
fn bridge_with_member() -> Netns {
    let ns = Netns::new();
    assert_eq!(ns.ifconfig("bridge create").stdout, "bridge0\n");
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    // v1 sends only what a test makes it send: no IPv6 (router
    // solicitations would be learned at any time), one ARP request a
    // resolution.
    for setting in ["net.ipv6.conf.v1.disable_ipv6=1", "net.ipv4.neigh.v1.mcast_solicit=1"] {
        assert!(ns.exec("sysctl", &["-qw", setting], &[]).status.success(), "sysctl {setting}");
    }
    ns.ifconfig("bridge0 addm v0 up").silent_ok();
    ns.ip(&["link", "set", "v0", "up"]);
    ns.ip(&["link", "set", "v1", "up"]);
    ns
}

/// The bridge's `info_data` as `ip -j -d link show` reads it, only the
/// settings (not its running timers).
fn bridge_data(ns: &Netns) -> Vec<(String, Value)> {
    let link = ns.ip_json(&["-d", "link", "show", "bridge0"]);
    let data = link[0]["linkinfo"]["info_data"].as_object().expect("info_data").clone();
    let keys = ["forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority"];
    keys.iter().map(|k| (k.to_string(), data[*k].clone())).collect()
}

/// `bridge -j -d link show dev v0` (settings only: it has no timers).
fn port(ns: &Netns) -> Value {
    let out = ns.exec("bridge", &["-j", "-d", "link", "show", "dev", "v0"], &[]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("bridge -j link");
    v[0].clone()
}

/// `bridge -j fdb show br bridge0`.
fn fdb(ns: &Netns) -> Vec<Value> {
    let out = ns.exec("bridge", &["-j", "fdb", "show", "br", "bridge0"], &[]);
    serde_json::from_slice::<Value>(&out.stdout).expect("bridge -j fdb").as_array().unwrap().clone()
}

/// The fdb entries FreeBSD's cache would hold: the bridge's own (master
/// bridge0), not local (permanent): `(mac, port, static)`, sorted.
fn cache(ns: &Netns) -> Vec<(String, String, bool)> {
    let mut v: Vec<_> = fdb(ns)
        .iter()
        .filter(|e| e["master"] == "bridge0" && e["state"] != "permanent")
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("mac"), s("ifname"), e["state"] == "static")
        })
        .collect();
    v.sort();
    v
}

/// The local (permanent) entries of the bridge.
fn locals(ns: &Netns) -> Vec<String> {
    let mut v: Vec<String> = fdb(ns)
        .iter()
        .filter(|e| e["master"] == "bridge0" && e["state"] == "permanent")
        .map(|e| e["mac"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// `addr`'s lines as `(mac, port, static)`, sorted, each checked for
/// FreeBSD's shape `MAC Vlan1 PORT EXPIRE flags=N<..>` with an expiry
/// within `timeout` (0 when static).
fn addr(ns: &Netns, timeout: u64) -> Vec<(String, String, bool)> {
    let r = ns.ifconfig("bridge0 addr");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    let mut v: Vec<_> = r
        .stdout
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            assert_eq!((f.len(), f[1]), (5, "Vlan1"), "{l}");
            let expire: u64 = f[3].parse().unwrap();
            let is_static = f[4] == "flags=1<STATIC>";
            assert!(is_static || f[4] == "flags=0<>", "{l}");
            assert!(if is_static { expire == 0 } else { expire <= timeout }, "{l}");
            (f[0].to_string(), f[2].to_string(), is_static)
        })
        .collect();
    v.sort();
    v
}

/// Poll `check` for up to five seconds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(5), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Make `v1` send a frame into the bridge: an ARP request for an address
/// nobody has (the ping itself fails).
fn send_from_v1(ns: &Netns) {
    let _ = ns.exec("ping", &["-c", "1", "-W", "1", "-I", "v1", "192.0.2.9"], &[]);
}

#[test]
fn linux_bridge_parameters_against_ip() {
    if !can_run("linux_bridge_parameters_against_ip") {
        return;
    }
    let ns = bridge_with_member();
    let before = ns.ifconfig("bridge0").stdout;
    assert!(before.contains("\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15\n"), "{before}");
    assert!(before.contains("\tmaxage 20 holdcnt 1 proto stp maxaddr 4294967295 timeout 300\n"), "{before}");
    // Seconds to centiseconds; the priority in steps of 4096 (bstp).
    ns.ifconfig("bridge0 priority 5000 hellotime 1 fwddelay 10 maxage 12 timeout 100").silent_ok();
    let want = [
        ("forward_delay", 1000),
        ("hello_time", 100),
        ("max_age", 1200),
        ("ageing_time", 10000),
        ("stp_state", 0),
        ("priority", 4096),
    ];
    let want: Vec<(String, Value)> = want.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
    assert_eq!(bridge_data(&ns), want);
    let ours = ns.ifconfig("bridge0").stdout;
    assert!(ours.contains("\tid 00:00:00:00:00:00 priority 4096 hellotime 1 fwddelay 10\n"), "{ours}");
    assert!(ours.contains("\tmaxage 12 holdcnt 1 proto stp maxaddr 4294967295 timeout 100\n"), "{ours}");
    // What ip sets, the listing reads: STP on shows the bridge's address.
    ns.ip(&["link", "set", "bridge0", "type", "bridge", "priority", "8192", "stp_state", "1"]);
    let mac = ns.ip_json(&["link", "show", "bridge0"])[0]["address"].as_str().unwrap().to_string();
    let ours = ns.ifconfig("bridge0").stdout;
    assert!(ours.contains(&format!("\tid {mac} priority 8192 hellotime 1 fwddelay 10\n")), "{ours}");
    // Linux runs STP for the whole bridge: every member shows it, with
    // the port's state as the kernel reports it (the bridge is alone: the
    // member is designated).
    assert!(ours.contains("\tmember: v0 flags=7<LEARNING,DISCOVER,STP>\n"), "{ours}");
    let state = port(&ns)["state"].as_str().unwrap().to_string();
    assert!(ours.contains(&format!(" proto stp\n\t        role designated state {state}")), "{ours}");
    ns.ip(&["link", "set", "bridge0", "type", "bridge", "stp_state", "0"]);
    assert!(ns.ifconfig("bridge0").stdout.contains("\tmember: v0 flags=3<LEARNING,DISCOVER>\n"));
    // FreeBSD's checks first, Linux's gaps named; nothing changes.
    let settled = bridge_data(&ns);
    let holdcnt = "Linux's 802.1D STP has a fixed hold time (one BPDU a second per port), no transmit hold count to set; nothing was changed";
    let timeout0 = "FreeBSD's timeout 0 keeps learned addresses forever, Linux's ageing time 0 forgets them at once: Linux has no setting for \"never age\"; nothing was changed";
    let maxaddr0 = "FreeBSD's maxaddr 0 caches no address, Linux's fdb_max_learned 0 means no limit: Linux has no setting for \"none\"; nothing was changed";
    for (words, msg) in [
        ("bridge0 hellotime 5", "BRDGSHT 5: Invalid argument"),
        ("bridge0 fwddelay 3", "BRDGSFD 3: Invalid argument"),
        ("bridge0 maxage 41", "BRDGSMA 41: Invalid argument"),
        ("bridge0 priority 61441", "BRDGSPRI 61441: Invalid argument"),
        ("bridge0 holdcnt 3", holdcnt),
        ("bridge0 timeout 0", timeout0),
        ("bridge0 maxaddr 0", maxaddr0),
        ("v0 priority 4096", "BRDGSPRI 4096: Invalid argument"),
        // A failed line is undone: the priority or limit set first goes back.
        ("bridge0 priority 12288 hellotime 9", "BRDGSHT 9: Invalid argument"),
        ("bridge0 maxaddr 5 timeout 0", timeout0),
    ] {
        ns.ifconfig(words).fails_with(msg);
        assert_eq!(bridge_data(&ns), settled, "{words}: nothing changed");
    }
    assert!(ns.ifconfig("bridge0").stdout.contains(" maxaddr 4294967295 timeout 100\n"), "no limit again");
}

#[test]
fn linux_bridge_maxaddr_limits_learning() {
    if !can_run("linux_bridge_maxaddr_limits_learning") {
        return;
    }
    // IFLA_BR_FDB_MAX_LEARNED (Linux 6.8+; iproute2 6.1 neither sets nor
    // shows it): the listing reads it back and the kernel enforces it.
    let ns = bridge_with_member();
    ns.ip(&["addr", "add", "192.0.2.2/24", "dev", "v1"]);
    ns.ifconfig("bridge0 maxaddr 1").silent_ok();
    assert!(ns.ifconfig("bridge0").stdout.contains(" maxaddr 1 timeout 300\n"));
    let learned = |ns: &Netns, mac: &str| cache(ns).iter().any(|(m, p, s)| m == mac && p == "v0" && !s);
    let first = ns.ip_json(&["link", "show", "v1"])[0]["address"].as_str().unwrap().to_string();
    eventually("v1's address learned", || {
        send_from_v1(&ns);
        learned(&ns, &first)
    });
    ns.ip(&["link", "set", "v1", "address", "02:00:5e:00:53:0b"]);
    for _ in 0..3 {
        send_from_v1(&ns);
    }
    assert!(!learned(&ns, "02:00:5e:00:53:0b"), "the limit of 1 is full: {:?}", cache(&ns));
    // With room for a second, the same frames are learned.
    ns.ifconfig("bridge0 maxaddr 2").silent_ok();
    eventually("the second address learned", || {
        send_from_v1(&ns);
        learned(&ns, "02:00:5e:00:53:0b")
    });
    assert_eq!(addr(&ns, 300), cache(&ns), "addr lists what bridge fdb shows");
}

#[test]
fn linux_bridge_member_words_against_bridge_link() {
    if !can_run("linux_bridge_member_words_against_bridge_link") {
        return;
    }
    let ns = bridge_with_member();
    let defaults = port(&ns);
    assert_eq!(
        (defaults["priority"].clone(), defaults["learning"].clone()),
        (Value::from(32), Value::from(true))
    );
    let ours = ns.ifconfig("bridge0").stdout;
    let cost = defaults["cost"].as_u64().unwrap();
    assert!(ours.contains("\tmember: v0 flags=3<LEARNING,DISCOVER>\n"), "{ours}");
    assert!(ours.contains(&format!("port {} priority 128 path cost {cost}", port(&ns)["ifindex"])), "{ours}");
    // FreeBSD's 0-240 in steps of 16 is Linux's 0-63: the same high byte
    // of the port id; costs above 802.1D's 65535 are cut, as FreeBSD's stp.
    ns.ifconfig("bridge0 ifpriority v0 70 ifpathcost v0 70000 -learn v0 -discover v0 private v0").silent_ok();
    let p = port(&ns);
    let got = [&p["priority"], &p["cost"], &p["learning"], &p["flood"], &p["isolated"]];
    assert_eq!(got.map(Value::to_string), ["16", "65535", "false", "false", "true"]);
    let ours = ns.ifconfig("bridge0").stdout;
    assert!(ours.contains("\tmember: v0 flags=800<PRIVATE>\n"), "{ours}");
    assert!(ours.contains(" priority 64 path cost 65535"), "{ours}");
    ns.ifconfig("bridge0 ifpathcost v0 100 learn v0 discover v0 -private v0").silent_ok();
    let p = port(&ns);
    let got = [&p["cost"], &p["learning"], &p["flood"], &p["isolated"]];
    assert_eq!(got.map(Value::to_string), ["100", "true", "true", "false"]);
    // Refused: FreeBSD's checks, and words Linux has no counterpart for.
    let settled = port(&ns);
    let none = |w: &str, why: &str| format!("{why}: `{w} IF` has no Linux counterpart; nothing was changed");
    let rstp = "Linux's kernel bridge runs 802.1D STP only (RSTP needs a user-space daemon such as mstpd); nothing was changed";
    for (words, msg) in [
        ("bridge0 ifpriority v0 241", "BRDGSIFPRIO 241: Invalid argument".to_string()),
        ("bridge0 ifpathcost v0 300000000", "BRDGSIFCOST 300000000: Invalid argument".into()),
        ("bridge0 ifpriority v1 16", "BRDGSIFPRIO 16: No such file or directory".into()),
        ("bridge0 -learn v1", "unable to get bridge flags: No such file or directory".into()),
        ("v0 learn v1", "unable to get bridge flags: Invalid argument".into()),
        ("bridge0 stp v0", none("stp", "Linux runs STP for a whole bridge (IFLA_BR_STP_STATE), not per member")),
        ("bridge0 edge v0", none("edge", "Linux's kernel STP is 802.1D, which has no edge ports (RSTP's; Linux leaves RSTP to user space)")),
        ("bridge0 autoedge v0", none("autoedge", "Linux's kernel STP is 802.1D, which has no edge detection (RSTP's)")),
        ("bridge0 ptp v0", none("ptp", "Linux's kernel STP is 802.1D, which has no point-to-point links (RSTP's)")),
        ("bridge0 autoptp v0", none("autoptp", "Linux's kernel STP is 802.1D, which has no point-to-point detection (RSTP's)")),
        ("bridge0 span v0", none("span", "a Linux bridge has no span ports (Linux mirrors traffic with tc's mirred action)")),
        ("bridge0 sticky v0", none("sticky", "Linux marks single fdb entries sticky, not a member's learned ones")),
        ("bridge0 ifmaxaddr v0 5", "Linux limits learned addresses per bridge (maxaddr), not per member: `ifmaxaddr` has no Linux counterpart; nothing was changed".into()),
        ("bridge0 ifpathcost v0 0", "Linux cannot give a member back the path cost computed from its speed once one was set: ifpathcost 0 has no Linux counterpart; nothing was changed".into()),
        ("bridge0 proto rstp", rstp.to_string()),
        // The priority set first is put back when the line fails.
        ("bridge0 ifpriority v0 32 -learn v0 span v0", none("span", "a Linux bridge has no span ports (Linux mirrors traffic with tc's mirred action)")),
    ] {
        ns.ifconfig(words).fails_with(&msg);
        assert_eq!(port(&ns), settled, "{words}: nothing changed");
    }
    // `proto stp` is what Linux runs: nothing to do.
    ns.ifconfig("bridge0 proto stp").silent_ok();
}

#[test]
fn linux_bridge_cache_against_fdb() {
    if !can_run("linux_bridge_cache_against_fdb") {
        return;
    }
    let ns = bridge_with_member();
    ns.ip(&["addr", "add", "192.0.2.2/24", "dev", "v1"]);
    let local = locals(&ns);
    assert!(!local.is_empty(), "the member's own address is a local entry");
    let v1 = ns.ip_json(&["link", "show", "v1"])[0]["address"].as_str().unwrap().to_string();
    eventually("v1's address learned", || {
        send_from_v1(&ns);
        cache(&ns).iter().any(|(m, ..)| *m == v1)
    });
    let (a, b) = ("02:00:5e:00:53:01", "02:00:5e:00:53:02");
    ns.ifconfig(&format!("bridge0 static v0 {a} static v0 {b} vlan 1")).silent_ok();
    let entry = |mac: &str, is_static| (mac.to_string(), "v0".to_string(), is_static);
    assert_eq!(cache(&ns), [entry(a, true), entry(b, true), entry(&v1, false)]);
    assert_eq!(addr(&ns, 300), cache(&ns), "addr lists what bridge fdb shows, local entries left out");
    // `static` on a learned address makes it static, as FreeBSD does.
    ns.ifconfig(&format!("bridge0 static v0 {v1}")).silent_ok();
    assert_eq!(cache(&ns), [entry(a, true), entry(b, true), entry(&v1, true)]);
    ns.ifconfig(&format!("bridge0 deladdr {a} deladdr {v1}")).silent_ok();
    assert_eq!(cache(&ns), [entry(b, true)]);
    eventually("v1's address learned again", || {
        send_from_v1(&ns);
        cache(&ns).iter().any(|(m, ..)| *m == v1)
    });
    // A sticky entry (Linux NTF_STICKY: only a static one can be) is
    // listed STATIC,STICKY and kept by `flush`.
    let c = "02:00:5e:00:53:0c";
    assert!(ns
        .exec("bridge", &["fdb", "add", c, "dev", "v0", "master", "static", "sticky"], &[])
        .status
        .success());
    let r = ns.ifconfig("bridge0 addr").stdout;
    assert!(r.lines().any(|l| l == format!("{c} Vlan1 v0 0 flags=3<STATIC,STICKY>")), "{r}");
    // flush: the dynamic entries only; flushall: static and sticky ones
    // too; never the local ones.
    ns.ifconfig("bridge0 flush").silent_ok();
    assert_eq!(cache(&ns), [entry(b, true), entry(c, true)]);
    assert_eq!(locals(&ns), local);
    ns.ifconfig("bridge0 flushall").silent_ok();
    assert_eq!(cache(&ns), []);
    assert_eq!(locals(&ns), local);
    assert_eq!(ns.ifconfig("bridge0 addr").stdout, "");
    // Refusals change nothing.
    ns.ifconfig(&format!("bridge0 static v0 {a}")).silent_ok();
    let settled = fdb(&ns);
    let member_mac = ns.ip_json(&["link", "show", "v0"])[0]["address"].as_str().unwrap().to_string();
    let own = "this is the address of a member or of the bridge, which Linux delivers to the host (a local fdb entry): a static entry would stop that; nothing was changed";
    for (words, msg) in [
        (format!("bridge0 static v0 {member_mac}"), own.to_string()),
        ("bridge0 static v0 01:00:5e:00:00:01".into(), "BRDGSADDR: Invalid argument".into()),
        ("bridge0 static v1 02:00:5e:00:53:03".into(), "BRDGSADDR: No such file or directory".into()),
        ("bridge0 deladdr 02:00:5e:00:53:09".into(), "BRDGDADDR: No such file or directory".into()),
        (format!("bridge0 deladdr {member_mac}"), "BRDGDADDR: No such file or directory".into()),
        ("v0 addr".into(), "unable to get address cache: Invalid argument".into()),
        // Undone: the static entry added first goes again, the one deleted
        // comes back.
        (format!("bridge0 static v0 {b} deladdr {a} hellotime 9"), "BRDGSHT 9: Invalid argument".into()),
    ] {
        ns.ifconfig(&words).fails_with(&msg);
        assert_eq!(fdb(&ns), settled, "{words}: nothing changed");
    }
}

#[test]
fn linux_bridge_vlan_words_refused_with_the_reason() {
    if !can_run("linux_bridge_vlan_words_refused_with_the_reason") {
        return;
    }
    // This kernel has no bridge VLAN filtering: iproute2 cannot turn it on
    // either, so the words are refused, and nothing changes.
    let ns = bridge_with_member();
    let on = ns.try_ip(&["link", "set", "bridge0", "type", "bridge", "vlan_filtering", "1"]);
    assert!(on.is_err_and(|e| e.contains("Operation not supported")), "the kernel has VLAN filtering now");
    let why = "the Linux kernel this was built and tested on has no bridge VLAN filtering (IFLA_BR_VLAN_FILTERING answers EOPNOTSUPP: no CONFIG_BRIDGE_VLAN_FILTERING), so 15's VLAN filtering words are not mapped to it; nothing was changed";
    let before = (bridge_data(&ns), port(&ns), fdb(&ns));
    for words in [
        "bridge0 vlanfilter",
        "bridge0 -vlanfilter",
        "bridge0 defuntagged 5",
        "bridge0 ifuntagged v0 5",
        "bridge0 iftagged v0 10-12",
        "bridge0 -iftagged v0 10",
        "bridge0 ifvlanproto v0 802.1ad",
    ] {
        ns.ifconfig(words).fails_with(why);
    }
    let vlan = "Linux refused a VLAN on this fdb entry: a bridge without VLAN filtering (the kernel this was tested on has none) keeps its entries without VLAN (VLAN 0 or 1 here); nothing was changed";
    ns.ifconfig("bridge0 static v0 02:00:5e:00:53:01 vlan 5").fails_with(vlan);
    assert_eq!((bridge_data(&ns), port(&ns), fdb(&ns)), before, "nothing changed");
    let listing = ns.ifconfig("bridge0").stdout;
    assert!(listing.contains("\tbridge flags=0<>\n"), "{listing}");
}
