//! The Linux backend against the real Linux kernel, each test in its own
//! network namespace (bridge and veth interfaces, documentation addresses),
//! checked against `ip -j`. Needs root: otherwise each test prints
//! `SKIPPED (needs root): <name>` (and fails under CI=true).
#![cfg(target_os = "linux")]

use test_support as netns;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use libcarpctl::backend::netlink::{NetlinkBackend, SocketTransport};
use libcarpctl::{
    AddressRequest, AddressSelector, Backend, CarpConfig, CarpSet, Errno, Error, IfFlags, IfType, Interface,
    Op, Release, Vhid,
};
use netns::Netns;
use serde_json::Value;

type Linux = NetlinkBackend<SocketTransport, libcarpctl::backend::Linux>;

/// A namespace with br0 (192.0.2.1/24, no ports: no carrier) and a veth
/// pair v0 (198.51.100.1/24, 2001:db8::1/64) / v1 (198.51.100.2/24), all up.
fn lab() -> Netns {
    let ns = Netns::new();
    ns.ip(&["link", "add", "br0", "type", "bridge"]);
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    ns.ip(&["addr", "add", "192.0.2.1/24", "brd", "+", "dev", "br0"]);
    ns.ip(&["addr", "add", "198.51.100.1/24", "brd", "+", "dev", "v0"]);
    ns.ip(&["addr", "add", "2001:db8::1/64", "dev", "v0", "nodad"]);
    ns.ip(&["addr", "add", "198.51.100.2/24", "brd", "+", "dev", "v1"]);
    for dev in ["br0", "v0", "v1"] {
        ns.ip(&["link", "set", dev, "up"]);
    }
    settle(&ns);
    ns
}

/// Wait until the veths' carrier is up and their link-local addresses exist
/// (link watch and addrconf run asynchronously).
fn settle(ns: &Netns) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let addrs = ns.ip_json(&["addr"]);
        let ready = ["v0", "v1"].iter().all(|dev| {
            iface(&addrs, dev).is_some_and(|i| {
                i["operstate"] == "UP"
                    && i["addr_info"].as_array().is_some_and(|a| a.iter().any(|x| x["scope"] == "link"))
            })
        });
        if ready {
            return;
        }
        assert!(Instant::now() < deadline, "namespace did not settle: {addrs}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn iface<'a>(ip: &'a Value, name: &str) -> Option<&'a Value> {
    ip.as_array()?.iter().find(|i| i["ifname"] == name)
}

fn open() -> Linux {
    NetlinkBackend::open_linux().expect("rtnetlink socket in the namespace")
}

fn vh(n: u8) -> Vhid {
    Vhid::new(n.into()).expect("literal vhid")
}

fn list(ns: &Netns) -> Vec<Interface> {
    ns.run(|| open().list_interfaces().expect("list_interfaces"))
}

/// `ip`'s flag names and ours.
const FLAG_NAMES: [(&str, IfFlags); 9] = [
    ("UP", IfFlags::UP),
    ("BROADCAST", IfFlags::BROADCAST),
    ("LOOPBACK", IfFlags::LOOPBACK),
    ("POINTOPOINT", IfFlags::POINTOPOINT),
    ("NOARP", IfFlags::NOARP),
    ("PROMISC", IfFlags::PROMISC),
    ("ALLMULTI", IfFlags::ALLMULTI),
    ("MULTICAST", IfFlags::MULTICAST),
    ("LOWER_UP", IfFlags::LOWER_UP),
];

/// Compare our listing with `ip -j addr`; `Err` describes the difference.
fn compare(ours: &[Interface], ip: &Value) -> Result<(), String> {
    let theirs = ip.as_array().ok_or("ip -j addr is not an array")?;
    let names = |v: &[Interface]| v.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    let ip_names: Vec<String> =
        theirs.iter().map(|i| i["ifname"].as_str().unwrap_or("").to_string()).collect();
    if names(ours) != ip_names {
        return Err(format!("interfaces {:?} vs ip {:?}", names(ours), ip_names));
    }
    for (o, t) in ours.iter().zip(theirs) {
        let ctx = &o.name;
        if Some(u64::from(o.index)) != t["ifindex"].as_u64() || Some(u64::from(o.mtu)) != t["mtu"].as_u64() {
            return Err(format!("{ctx}: index/mtu {}/{} vs {t}", o.index, o.mtu));
        }
        let ip_flags: Vec<&str> =
            t["flags"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (name, flag) in FLAG_NAMES {
            if ip_flags.contains(&name) != o.flags.contains(flag) {
                return Err(format!("{ctx}: flag {name}: ours {:?}, ip {ip_flags:?}", o.flags));
            }
        }
        let mac = o.ether.map(|m| m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"));
        if t["link_type"] == "ether" && mac.as_deref() != t["address"].as_str() {
            return Err(format!("{ctx}: MAC {mac:?} vs {}", t["address"]));
        }
        if t["link_type"] == "loopback" && (o.kind != IfType::Loopback || o.ether.is_some()) {
            return Err(format!("{ctx}: loopback shown as {:?} {:?}", o.kind, o.ether));
        }
        let ip_addrs: Vec<&Value> = t["addr_info"].as_array().into_iter().flatten().collect();
        if ip_addrs.len() != o.addresses.len() {
            return Err(format!("{ctx}: {} addresses vs ip {}", o.addresses.len(), ip_addrs.len()));
        }
        for (a, x) in o.addresses.iter().zip(ip_addrs) {
            let local: Option<IpAddr> = x["local"].as_str().and_then(|s| s.parse().ok());
            let brd: Option<IpAddr> = x["broadcast"].as_str().and_then(|s| s.parse().ok());
            let link_scope = x["scope"] == "link";
            if Some(a.addr) != local
                || Some(u64::from(a.prefixlen)) != x["prefixlen"].as_u64()
                || a.broadcast.map(IpAddr::V4) != brd
                || (a.scopeid == Some(o.index)) != (link_scope && a.addr.is_ipv6())
                || a.vhid.is_some()
            {
                return Err(format!("{ctx}: address {a:?} vs ip {x}"));
            }
        }
    }
    Ok(())
}

#[test]
fn listing_matches_ip_addr() {
    if !netns::root_or_skip("listing_matches_ip_addr") {
        return;
    }
    let ns = lab();
    // The kernel may still change things (DAD, link watch): compare a
    // listing framed by two identical `ip` outputs.
    let mut last = String::new();
    for _ in 0..20 {
        let before = ns.ip_json(&["addr"]);
        let ours = list(&ns);
        let after = ns.ip_json(&["addr"]);
        if before != after {
            continue;
        }
        match compare(&ours, &after) {
            Ok(()) => {
                let v0 = ours.iter().find(|i| i.name == "v0").expect("v0");
                assert_eq!((v0.kind, v0.status_text(), v0.metric), (IfType::Ethernet, Some("active"), 0));
                let br0 = ours.iter().find(|i| i.name == "br0").expect("br0");
                assert_eq!(br0.kind, IfType::Bridge);
                assert_eq!(br0.status, None, "no status line for a bridge (as FreeBSD)");
                assert!(ours.iter().any(|i| i.kind == IfType::Loopback && i.name == "lo"));
                assert!(ours.iter().all(|i| i.carp.is_empty()));
                return;
            }
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("listing differs from ip -j addr: {last}");
}

/// `ip -j addr show dev DEV`'s (local, prefixlen, broadcast) triples.
fn addrs_of(ns: &Netns, dev: &str) -> Vec<(String, u64, Option<String>)> {
    let v = ns.ip_json(&["addr", "show", "dev", dev]);
    iface(&v, dev)
        .and_then(|i| i["addr_info"].as_array())
        .into_iter()
        .flatten()
        .map(|a| {
            let s = |k: &str| a[k].as_str().map(str::to_string);
            (s("local").unwrap_or_default(), a["prefixlen"].as_u64().unwrap_or(0), s("broadcast"))
        })
        .collect()
}

#[test]
fn add_and_delete_aliases() {
    if !netns::root_or_skip("add_and_delete_aliases") {
        return;
    }
    let ns = lab();
    let v4 = AddressRequest::parse_inet("198.51.100.10/24").expect("literal");
    let classful = AddressRequest::parse_inet("192.0.2.20").expect("literal");
    let v6 = AddressRequest::parse_inet6("2001:db8:1::10/64").expect("literal");
    ns.run(|| {
        let mut b = open();
        b.add_address("v0", &v4).expect("add inet alias");
        b.add_address("v0", &classful).expect("add inet alias without mask");
        b.add_address("v0", &v6).expect("add inet6 alias");
    });
    let got = addrs_of(&ns, "v0");
    let has = |a: &str, p: u64, brd: Option<&str>| got.contains(&(a.to_string(), p, brd.map(str::to_string)));
    assert!(has("198.51.100.10", 24, Some("198.51.100.255")), "{got:?}");
    assert!(has("192.0.2.20", 24, Some("192.0.2.255")), "classful default mask, derived broadcast: {got:?}");
    assert!(has("2001:db8:1::10", 64, None), "{got:?}");
    ns.run(|| {
        let mut b = open();
        b.delete_address("v0", &AddressSelector::Exact(v4.addr)).expect("delete inet alias");
        b.delete_address("v0", &AddressSelector::Exact(v6.addr)).expect("delete inet6 alias");
        b.delete_address("v0", &AddressSelector::Exact(classful.addr)).expect("delete the classful one");
    });
    let got = addrs_of(&ns, "v0");
    assert!(
        !got.iter().any(|(a, ..)| ["198.51.100.10", "2001:db8:1::10", "192.0.2.20"].contains(&a.as_str())),
        "{got:?}"
    );
    assert!(got.iter().any(|(a, ..)| a == "198.51.100.1"), "the others stay: {got:?}");
    // The first inet address of an interface (ifconfig's replace).
    ns.run(|| {
        open().delete_address("v1", &AddressSelector::First(libcarpctl::Family::Inet)).expect("delete first")
    });
    assert!(!addrs_of(&ns, "v1").iter().any(|(a, ..)| a == "198.51.100.2"));
}

#[test]
fn mtu_and_up_down() {
    if !netns::root_or_skip("mtu_and_up_down") {
        return;
    }
    let ns = lab();
    let link = |dev: &str| iface(&ns.ip_json(&["link", "show", "dev", dev]), dev).cloned().expect("link");
    let up = |v: &Value| v["flags"].as_array().is_some_and(|f| f.iter().any(|x| x == "UP"));
    ns.run(|| open().set_mtu("v0", 1400).expect("set mtu"));
    assert_eq!(link("v0")["mtu"], 1400);
    ns.run(|| open().set_up("br0", false).expect("down"));
    assert!(!up(&link("br0")));
    let listed = list(&ns);
    assert!(!listed.iter().find(|i| i.name == "br0").expect("br0").flags.contains(IfFlags::UP));
    ns.run(|| open().set_up("br0", true).expect("up"));
    assert!(up(&link("br0")));
    assert_eq!(link("v0")["mtu"], 1400, "up/down leaves the mtu alone");
}

#[track_caller]
fn assert_kernel<T: std::fmt::Debug>(r: libcarpctl::Result<T>, op: Op, errno: Errno) {
    match r {
        Err(Error::Kernel { op: o, errno: e, .. }) => assert_eq!((o, e), (op, errno)),
        other => panic!("expected {op}: {errno:?}, got {other:?}"),
    }
}

#[test]
fn errors_for_missing_interface_and_duplicates() {
    if !netns::root_or_skip("errors_for_missing_interface_and_duplicates") {
        return;
    }
    let ns = lab();
    let before = ns.ip_json(&["addr"]);
    ns.run(|| {
        let mut b = open();
        let a = AddressRequest::parse_inet("192.0.2.99/24").expect("literal");
        let missing =
            |r: libcarpctl::Result<()>| matches!(r, Err(Error::NoSuchInterface(n)) if n == "nosuch0");
        assert!(missing(b.add_address("nosuch0", &a)));
        assert!(missing(b.delete_address("nosuch0", &AddressSelector::Exact(a.addr))));
        assert!(missing(b.set_mtu("nosuch0", 1400)));
        assert!(missing(b.set_up("nosuch0", true)));
        assert!(matches!(b.interface("nosuch0"), Err(Error::NoSuchInterface(_))));
        let dup = AddressRequest::parse_inet("198.51.100.1/24").expect("literal");
        assert_kernel(b.add_address("v0", &dup), Op::AddAddr, Errno::EEXIST);
        let dup6 = AddressRequest::parse_inet6("2001:db8::1/64").expect("literal");
        assert_kernel(b.add_address("v0", &dup6), Op::AddAddr6, Errno::EEXIST);
        let absent: IpAddr = "192.0.2.77".parse().expect("literal");
        assert_kernel(
            b.delete_address("v0", &AddressSelector::Exact(absent)),
            Op::DelAddr,
            Errno::EADDRNOTAVAIL,
        );
        let absent6: IpAddr = "2001:db8::77".parse().expect("literal");
        assert_kernel(
            b.delete_address("v0", &AddressSelector::Exact(absent6)),
            Op::DelAddr6,
            Errno::EADDRNOTAVAIL,
        );
        assert_kernel(b.set_mtu("v0", 10), Op::SetMtu, Errno::EINVAL);
    });
    assert_eq!(ns.ip_json(&["addr"]), before, "failed requests changed nothing");
}

#[test]
fn carp_is_unsupported_and_changes_nothing() {
    if !netns::root_or_skip("carp_is_unsupported_and_changes_nothing") {
        return;
    }
    let ns = lab();
    let before = ns.ip_json(&["addr"]);
    ns.run(|| {
        let mut b = open();
        assert_eq!((b.name(), b.release()), ("linux", Release::V15_0));
        let results = [
            libcarpctl::backend::merge_and_set(&mut b, "v0", &CarpConfig::new(vh(1))),
            b.carp_set("v0", &CarpSet::zeroed(vh(1))),
            b.carp_get("v0", None).map(|_| ()),
            b.add_address(
                "v0",
                &AddressRequest::parse_inet("198.51.100.50/24").expect("literal").with_vhid(vh(1)),
            ),
        ];
        for r in results {
            match r {
                Err(Error::Unsupported(why)) => assert!(why.contains("no carp(4)"), "{why}"),
                other => panic!("expected Unsupported, got {other:?}"),
            }
        }
    });
    assert_eq!(ns.ip_json(&["addr"]), before);
}

#[test]
fn the_namespace_is_always_removed() {
    if !netns::root_or_skip("the_namespace_is_always_removed") {
        return;
    }
    let name = {
        let ns = Netns::new();
        assert!(netns::exists(ns.name()));
        ns.name().to_string()
    };
    assert!(!netns::exists(&name), "{name} removed on drop");
    let seen = std::sync::Mutex::new(String::new());
    let r = std::panic::catch_unwind(|| {
        let ns = Netns::new();
        *seen.lock().expect("lock") = ns.name().to_string();
        ns.run(|| panic!("a failing test body"));
    });
    assert!(r.is_err());
    let name = seen.lock().expect("lock").clone();
    assert!(!name.is_empty() && !netns::exists(&name), "{name} removed after a panic");
}
