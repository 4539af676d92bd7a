//! A dual-stack vhid with several IPv4 and IPv6 addresses between two carpd
//! (what ucarp cannot do): both families advertise, the MASTER holds every
//! address and answers with the virtual MAC, a failover moves them all.

#![cfg(target_os = "linux")]

mod support;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use libcarpctl::engine::hmac::CarpMac;
use libcarpctl::engine::wire::CarpHeader;
use libcarpctl::Key;
use support::lab::{announcements, can_run, payloads, sh, Lab};

const VMAC: &str = "00:00:5e:00:01:05";
const ADDRS: [&str; 4] = ["192.0.2.105/32", "192.0.2.106/32", "2001:db8::105/64", "2001:db8::106/64"];

fn conf(skew: u8) -> String {
    format!(
        "ifconfig_eth0_alias0=\"inet vhid 5 advskew {skew} pass dualstack alias 192.0.2.105/32\"\n\
         ifconfig_eth0_alias1=\"inet 192.0.2.106 netmask 255.255.255.255 vhid 5\"\n\
         ifconfig_eth0_alias2=\"inet6 2001:db8::105 prefixlen 64 vhid 5\"\n\
         ifconfig_eth0_alias3=\"inet6 2001:db8::106/64 vhid 5 alias\"\n"
    )
}

fn held(lab: &Lab, node: usize) -> Vec<&'static str> {
    let out = lab.ip(node, &["-o", "addr"]);
    ADDRS.iter().copied().filter(|a| out.contains(a)).collect()
}

/// The MAC node `from` resolves `addr` to, after a ping.
fn resolved_mac(lab: &Lab, from: usize, addr: &str) -> String {
    let ping = if addr.contains(':') { "-6" } else { "-4" };
    sh(&["ip", "netns", "exec", &lab.nodes[from - 1], "ping", ping, "-c", "1", "-W", "1", addr]);
    lab.ip(from, &["neigh", "show", addr])
}

#[test]
fn dual_stack_vhid_with_several_addresses() {
    if !can_run("dual_stack_vhid_with_several_addresses") {
        return;
    }
    let mut lab = Lab::new(3);
    lab.start_capture();
    let p1 = lab.carpd(1, &conf(0), &[]);
    let p2 = lab.carpd(2, &conf(100), &[]);
    lab.wait_log(p1, "BACKUP -> MASTER", Duration::from_secs(6));
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(held(&lab, 1), ADDRS);
    assert!(held(&lab, 2).is_empty());
    assert_eq!(lab.carp_state(2), "BACKUP", "{}", lab.log(p2));
    let status = lab.ctl(1, &["status"]).1;
    for a in [
        "inet 192.0.2.105 vhid 5",
        "inet 192.0.2.106 vhid 5",
        "inet6 2001:db8::105 vhid 5",
        "inet6 2001:db8::106 vhid 5",
    ] {
        assert!(status.contains(a), "{status}");
    }
    // A third host reaches every address through the virtual MAC.
    for a in ["192.0.2.105", "192.0.2.106", "2001:db8::105", "2001:db8::106"] {
        let neigh = resolved_mac(&lab, 3, a);
        assert!(neigh.contains(VMAC), "{a}: {neigh}");
    }
    lab.crash(1, p1);
    lab.wait_log(p2, "BACKUP -> MASTER (master timed out)", Duration::from_secs(6));
    lab.wait_until("node 2 holding every address", Duration::from_secs(2), || held(&lab, 2) == ADDRS);
    let ads = lab.stop_capture();
    // Both families advertised, all with TTL / hop limit 255 and good checksums.
    assert!(
        ads.iter().any(|a| a.src == "192.0.2.11") && ads.iter().any(|a| a.src.starts_with("fe80::")),
        "{ads:?}"
    );
    assert!(ads.iter().all(|a| a.ttl == 255 && a.checksum == 1 && a.vhid == 5), "{ads:?}");
    // Gratuitous ARP and unsolicited NA for every address, from the virtual MAC.
    let ann = announcements(&lab.capture_file());
    for a in ["192.0.2.105", "192.0.2.106", "2001:db8::105", "2001:db8::106"] {
        assert!(ann.iter().any(|(mac, ip)| mac == VMAC && ip == a), "{a}: {ann:?}");
    }
    // The HMAC covers every address, sorted, v4 then v6 (FreeBSD's rule).
    let v4: Vec<Ipv4Addr> = ["192.0.2.105", "192.0.2.106"].map(|a| a.parse().unwrap()).to_vec();
    let v6: Vec<Ipv6Addr> = ["2001:db8::105", "2001:db8::106"].map(|a| a.parse().unwrap()).to_vec();
    let mac = CarpMac::new(&Key::from_passphrase(b"dualstack"), 5, &v4, &v6);
    let pk = payloads(&lab.capture_file());
    assert!(pk.len() >= 3);
    for (_, bytes) in pk {
        let h = CarpHeader::decode(&bytes).unwrap();
        assert!(mac.verify(h.counter, &h.md));
    }
}
