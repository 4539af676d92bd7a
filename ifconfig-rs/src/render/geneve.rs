//! ifgeneve.c's `geneve_status_nl` (freebsd-src 688e289e, FreeBSD 16):
//! the geneve lines, from the interface's RTM_GETLINK read-back. Only
//! interfaces whose name starts with `geneve` are asked.

use std::fmt::Write as _;
use std::net::IpAddr;

use libcarpctl::{GeneveConfig, Interface};

/// getnameinfo(NI_NUMERICHOST) in brackets when the remote is IPv6 (the
/// local address follows the remote's family there, as ifgeneve.c's one
/// `ipv6` flag does), then `:port`.
fn endpoint(a: IpAddr, port: u16, brackets: bool) -> String {
    if brackets {
        format!("[{a}]:{port}")
    } else {
        format!("{a}:{port}")
    }
}

/// The lines, each ending in a newline; none for another interface.
pub fn status(i: &Interface, verbose: bool) -> String {
    let Some(c) = i.settings.geneve.as_ref().filter(|_| i.name.starts_with("geneve")) else {
        return String::new();
    };
    let mode = if c.proto == GeneveConfig::PROTO_INHERIT { "l3" } else { "l2" };
    let mut s = format!("\tgeneve mode: {mode}\n\tgeneve config:\n");
    let Some(vni) = c.vni.filter(|v| *v < GeneveConfig::VNI_MAX) else {
        s.push_str("\t\tvirtual network identifier (vni): not configured\n");
        return s;
    };
    let v6 = c.remote.is_some_and(|r| r.is_ipv6());
    let _ = write!(s, "\t\tvirtual network identifier (vni): {vni}");
    if let Some(l) = c.local {
        let _ = write!(s, "\n\t\tlocal: {}", endpoint(l, c.reported_local_port(), v6));
    }
    if let Some(r) = c.remote {
        // The remote line shows the local port (ifgeneve.c prints
        // ifla_local_port there).
        let group = r.is_multicast();
        let what = if group { "group" } else { "remote" };
        let _ = write!(s, "\n\t\t{what}: {}", endpoint(r, c.reported_local_port(), v6));
        if group {
            let _ = write!(s, ", dev: {}", c.dev);
        }
    }
    if verbose {
        let _ = write!(s, "\n\t\tportrange: {}-{}", c.port_min, c.port_max);
        if c.ttl_inherit {
            s.push_str(", ttl: inherit");
        } else {
            let _ = write!(s, ", ttl: {}", c.ttl);
        }
        if c.dscp_inherit {
            s.push_str(", dscp: inherit");
        }
        s.push_str(match c.df {
            2 => ", df: inherit",
            1 => ", df: set",
            0 => ", df: unset",
            _ => "",
        });
        if c.external {
            s.push_str(", externally controlled");
        }
        if c.is_l2() {
            // The virtual host forwards no frames: no entries, no misses.
            let learn = if c.learn { "" } else { "no" };
            let _ = write!(
                s,
                "\n\t\tftable mode: {learn}learning, count: 0, max: {}, timeout: {}, nospace: 0",
                c.ftable_max, c.ftable_timeout
            );
        }
        s.push_str("\n\t\tstats: tso 0, txcsum 0, rxcsum 0");
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcarpctl::GeneveChange as G;

    fn iface(name: &str, changes: &[G]) -> Interface {
        let mut c = GeneveConfig::default();
        for g in changes {
            g.apply(&mut c).unwrap();
        }
        let mut i = Interface { name: name.into(), ..Interface::default() };
        i.settings.geneve = Some(c);
        i
    }

    #[test]
    fn not_configured_until_a_vni() {
        let i = iface("geneve0", &[G::Remote("192.0.2.9".parse().unwrap())]);
        let want =
            "\tgeneve mode: l2\n\tgeneve config:\n\t\tvirtual network identifier (vni): not configured\n";
        assert_eq!(status(&i, true), want);
        // Renamed: ifgeneve.c asks only names starting with "geneve".
        assert_eq!(status(&Interface { name: "tun9".into(), ..i }, false), "");
    }

    #[test]
    fn endpoints_ports_and_verbose_block() {
        let l = "2001:db8::1".parse().unwrap();
        let i = iface(
            "geneve3",
            &[
                G::Vni(42),
                G::Local(l),
                G::LocalPort(7000),
                G::Remote("ff0e::6081".parse().unwrap()),
                G::Dev("igb0".into()),
            ],
        );
        assert_eq!(
            status(&i, false),
            "\tgeneve mode: l2\n\tgeneve config:\n\t\tvirtual network identifier (vni): 42\n\
             \t\tlocal: [2001:db8::1]:7000\n\t\tgroup: [ff0e::6081]:7000, dev: igb0\n"
        );
        // A remote without a local address: the remote line's port is the
        // local sockaddr's, which has none.
        let mut i = iface("geneve4", &[G::Vni(7), G::Remote("198.51.100.7".parse().unwrap()), G::TtlInherit]);
        i.settings.geneve.as_mut().unwrap().proto = GeneveConfig::PROTO_INHERIT;
        assert_eq!(
            status(&i, true),
            "\tgeneve mode: l3\n\tgeneve config:\n\t\tvirtual network identifier (vni): 7\n\
             \t\tremote: 198.51.100.7:0\n\t\tportrange: 10000-65535, ttl: inherit, df: unset\n\
             \t\tstats: tso 0, txcsum 0, rxcsum 0\n"
        );
        let i = iface(
            "geneve5",
            &[G::Vni(1), G::Learn(false), G::DscpInherit(true), G::Df(1), G::External(true)],
        );
        assert!(status(&i, true).contains(
            "ttl: 64, dscp: inherit, df: set, externally controlled\n\
             \t\tftable mode: nolearning, count: 0, max: 2000, timeout: 1200, nospace: 0\n"
        ));
    }
}
