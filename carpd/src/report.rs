//! Text for the control socket: vhid status like ifconfig's `carp:` lines,
//! and statistics like `netstat -s -p carp`.

use std::fmt::Write;

use libcarpctl::engine::{Stats, VhidStatus};
use libcarpctl::CarpVersion;

/// One block per interface, FreeBSD 14's layout of addresses and carp lines.
pub fn status<'a>(vhids: impl Iterator<Item = VhidStatus> + 'a) -> String {
    let mut all: Vec<VhidStatus> = vhids.collect();
    all.sort_by(|a, b| (&a.ifname, a.vhid.get()).cmp(&(&b.ifname, b.vhid.get())));
    let mut out = String::new();
    let mut last = None;
    for v in &all {
        if last != Some(&v.ifname) {
            let _ = writeln!(out, "{}:", v.ifname);
            last = Some(&v.ifname);
        }
        for a in &v.v4 {
            let _ = writeln!(out, "\tinet {a} vhid {}", v.vhid);
        }
        for a in &v.v6 {
            let _ = writeln!(out, "\tinet6 {a} vhid {}", v.vhid);
        }
        match v.version {
            CarpVersion::Carp => {
                let _ = writeln!(
                    out,
                    "\tcarp: {} vhid {} advbase {} advskew {}",
                    v.state, v.vhid, v.advbase, v.advskew
                );
            }
            CarpVersion::Vrrp => {
                let _ = writeln!(
                    out,
                    "\tcarp: {} vhid {} vrrpv3 prio {} interval {}",
                    v.state, v.vhid, v.vrrp_priority, v.vrrp_interval
                );
            }
        }
        let _ = writeln!(out, "\t      peer {} peer6 {}", v.peer, v.peer6);
    }
    out
}

/// `netstat -s -p carp`.
pub fn stats(s: &Stats) -> String {
    let lines: [(u64, &str); 14] = [
        (s.ipackets, "\t{} packets received (IPv4)"),
        (s.ipackets6, "\t{} packets received (IPv6)"),
        (s.badttl, "\t\t{} packets discarded for wrong TTL"),
        (s.hdrops, "\t\t{} packets shorter than header"),
        (s.badsum, "\t\t{} discarded for bad checksums"),
        (s.badver, "\t\t{} discarded packets with a bad version"),
        (s.badlen, "\t\t{} discarded because packet too short"),
        (s.badauth, "\t\t{} discarded for bad authentication"),
        (s.badvhid, "\t\t{} discarded for bad vhid"),
        (s.badaddrs, "\t\t{} discarded because of a bad address list"),
        (s.opackets, "\t{} packets sent (IPv4)"),
        (s.opackets6, "\t{} packets sent (IPv6)"),
        (s.onomem, "\t\t{} send failed due to mbuf memory error"),
        (s.badif, "\t\t{} discarded for an interface without a vhid"),
    ];
    let mut out = String::from("carp:\n");
    for (n, fmt) in lines {
        out.push_str(&fmt.replacen("{}", &n.to_string(), 1));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_read_like_netstat() {
        let s = Stats { ipackets: 7, badauth: 2, opackets: 3, ..Stats::default() };
        let t = stats(&s);
        assert!(t.starts_with("carp:\n\t7 packets received (IPv4)\n"));
        assert!(t.contains("\t\t2 discarded for bad authentication\n"));
        assert!(t.contains("\t3 packets sent (IPv4)\n"));
    }
}
