//! Jails on Linux: a jail is a named network namespace (/run/netns/NAME).
//! `vnet NAME` moves a link there (RTM_NEWLINK with IFLA_NET_NS_FD),
//! `-vnet NAME` brings it back (the same request from a socket opened
//! inside NAME), `-j NAME` runs the command inside NAME. Checked in
//! namespaces the test creates and removes, against `ip -n NS -j link`;
//! an unknown namespace is FreeBSD's unknown jail, nothing changed.
#![cfg(target_os = "linux")]

use crate::support::netns::{can_run, InNamespace as _, Netns};

/// The link names of a namespace, as `ip -j link` lists them.
fn links(ns: &Netns) -> Vec<String> {
    let v = ns.ip_json(&["link", "show"]);
    let mut names: Vec<String> =
        v.as_array().unwrap().iter().map(|l| l["ifname"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

#[test]
fn linux_vnet_moves_links_between_namespaces() {
    if !can_run("linux_vnet_moves_links_between_namespaces") {
        return;
    }
    let (home, jail) = (Netns::new(), Netns::new());
    home.ip(&["link", "add", "va", "type", "veth", "peer", "name", "vb"]);
    home.ip(&["addr", "add", "192.0.2.1/24", "dev", "vb"]);
    home.ip(&["link", "set", "vb", "up"]);
    let j = jail.name().to_string();
    home.ifconfig(&format!("vb vnet {j}")).silent_ok();
    assert_eq!(links(&home), ["lo", "va"]);
    assert_eq!(links(&jail), ["lo", "vb"]);
    // As on FreeBSD, the link arrives down and without its addresses.
    let moved = jail.ip_json(&["addr", "show", "vb"]);
    assert!(moved[0]["addr_info"].as_array().unwrap().iter().all(|a| a["family"] != "inet"), "{moved}");
    assert!(!moved[0]["flags"].as_array().unwrap().iter().any(|f| f == "UP"), "{moved}");
    // -j: the command runs inside the jail's namespace.
    assert_eq!(home.ifconfig(&format!("-j {j} -l")).stdout, "lo vb\n");
    home.ifconfig(&format!("-j {j} vb inet 198.51.100.2/24 up")).silent_ok();
    let inside = jail.ip_json(&["addr", "show", "vb"]);
    assert!(inside.to_string().contains("198.51.100.2"), "{inside}");
    // -vnet as the first word, for a link not here: it comes back.
    home.ifconfig(&format!("vb -vnet {j}")).silent_ok();
    assert_eq!(links(&home), ["lo", "va", "vb"]);
    assert_eq!(links(&jail), ["lo"]);
}

#[test]
fn linux_vnet_refusals_are_freebsds_and_change_nothing() {
    if !can_run("linux_vnet_refusals_are_freebsds_and_change_nothing") {
        return;
    }
    let (home, jail) = (Netns::new(), Netns::new());
    home.ip(&["link", "add", "va", "type", "veth", "peer", "name", "vb"]);
    jail.ip(&["link", "add", "vb", "type", "veth", "peer", "name", "vc"]);
    let j = jail.name().to_string();
    let nosuch = format!("nosuch-{}", std::process::id());
    let before = (home.ip(&["-j", "link", "show"]), jail.ip(&["-j", "link", "show"]));
    for (line, msg) in [
        (format!("vb vnet {nosuch}"), format!("jail \"{nosuch}\" not found")),
        (format!("vb vnet ../{j}"), format!("jail \"../{j}\" not found")),
        (format!("vb vnet {}", home.name()), "SIOCSIFVNET: File exists".into()),
        // The jail has a vb already (Linux: EEXIST, as FreeBSD's).
        (format!("vb vnet {j}"), "SIOCSIFVNET: File exists".into()),
        (format!("zz0 -vnet {j}"), format!("SIOCSIFRVNET({j}, zz0): Device not configured")),
        (format!("zz0 -vnet {nosuch}"), format!("jail \"{nosuch}\" not found")),
        (format!("-j {nosuch} -l"), "jail not found: No such file or directory".into()),
    ] {
        let r = home.ifconfig(&line);
        assert_eq!(
            (r.code, r.stderr.as_str(), r.stdout.as_str()),
            (1, format!("ifconfig: {msg}\n").as_str(), ""),
            "{line}"
        );
    }
    assert_eq!((home.ip(&["-j", "link", "show"]), jail.ip(&["-j", "link", "show"])), before);
}
