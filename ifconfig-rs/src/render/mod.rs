//! Interface blocks as FreeBSD's ifconfig prints them: a pure function
//! from library types to text, per release dialect.

mod caps;
pub mod dialect;
mod families;
mod format;
mod geneve;
mod lacp;
mod settings;
pub use settings::bridge_addresses;
mod text;

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};

pub use dialect::{Dialect, Trailer};
pub use format::{Formats, Inet6Format, InetFormat};
use libcarpctl::{
    Address, CarpStatus, CarpVersion, Family, IfFlags, Interface, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6,
    ND6_NAMES,
};

/// What the caller asked to see.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// `-k`: show keys (only those the kernel returned).
    pub keys: bool,
    /// `-m`: show a `capabilities=` line.
    pub capabilities: bool,
    /// Only this family's address lines (`ifconfig igb0 inet`, `-a inet6`).
    pub family: Option<Family>,
    /// `-f` formats.
    pub formats: Formats,
    /// `-v` count.
    pub verbose: u8,
    /// `-D`: the driver name.
    pub driver_name: bool,
    /// `-L`: inet6 lifetimes.
    pub lifetimes: bool,
}

/// `name=HEX<NAME,NAME>` as printb prints it, written to `out`.
fn bits<N: AsRef<str>>(out: &mut String, label: &str, value: u32, name: impl Fn(u32) -> Option<N>) {
    bits_as(out, label, value, name, false);
}

/// [`bits`], or with `netlink` as 14's print_bits: no `<>` for 0.
fn bits_as<N: AsRef<str>>(
    out: &mut String,
    label: &str,
    value: u32,
    name: impl Fn(u32) -> Option<N>,
    netlink: bool,
) {
    if netlink && value == 0 {
        let _ = write!(out, "{label}=0");
        return;
    }
    out.push_str(label);
    out.push('=');
    text::hex(out, value, 1);
    out.push('<');
    let mut first = true;
    for n in (0..32).filter(|b| value & (1 << b) != 0).filter_map(name) {
        if !first {
            out.push(',');
        }
        out.push_str(n.as_ref());
        first = false;
    }
    out.push('>');
}

/// af_nd6.c's own bit in `nd6 options=` (not a kernel ND6 flag): the
/// interface is the ND default one.
const ND6_DEFAULTIF: u32 = 1 << 15;

fn nd6_name(bit: u32) -> Option<&'static str> {
    if 1 << bit == ND6_DEFAULTIF {
        return Some("DEFAULTIF");
    }
    ND6_NAMES.get(bit as usize).copied()
}

/// One interface's block, ending in a newline.
pub fn interface_block(iface: &Interface, dialect: Dialect, view: &View) -> String {
    let mut out = String::new();
    write_block(&mut out, iface, dialect, view);
    out
}

/// One interface's block, written to `out` (listing many interfaces
/// allocates one output, not a string per line).
pub fn write_block(out: &mut String, iface: &Interface, dialect: Dialect, view: &View) {
    let mut flags = iface.flags;
    if !dialect.shows_lower_up() {
        flags.remove(IfFlags::LOWER_UP);
    }
    out.push_str(&iface.name);
    out.push_str(": ");
    bits_as(out, "flags", flags.bits(), |b| dialect.flag_name(b), dialect.netlink_bits());
    out.push_str(" metric ");
    text::dec(out, iface.metric.into());
    out.push_str(" mtu ");
    text::dec(out, iface.mtu.into());
    out.push('\n');
    let all = view.family.is_none();
    out.push_str(&settings::description(iface));
    if dialect.shows_drivername() && (view.driver_name || view.verbose > 0) {
        out.push_str(&settings::drivername(iface));
    }
    // print_ifcap (10-13: when nonzero) / print_ifcaps (14+: always).
    // `None`: the kernel reports no capabilities (Linux): no line at all.
    if let Some(opts) = iface.options {
        caps::write_caps(out, iface, opts.bits(), dialect, view);
    }
    out.push_str(&settings::tunnel(iface));
    if let (Some(mac), true) = (&iface.ether, all || view.family == Some(Family::Link)) {
        out.push_str("\tether ");
        format::write_ether(out, mac, view.formats.ether);
        out.push('\n');
        // af_link.c: SIOCGLANPCP's value unless IFNET_PCP_NONE.
        if let Some(pcp) = iface.settings.pcp {
            let _ = writeln!(out, "\tpcp {pcp}");
        }
    }
    for addr in dialect.order_addresses(&iface.addresses) {
        if view.family.is_none_or(|f| f == addr.family()) {
            write_address_line(out, addr, iface, view);
        }
    }
    for section in dialect.trailer_order() {
        match section {
            Trailer::Nd6 => {
                if let (Some(nd6), true) = (iface.nd6, all || view.family == Some(Family::Inet6)) {
                    out.push('\t');
                    // nd6_status ORs in bit 15 for the ND default interface.
                    let defaultif = if iface.settings.nd6_defaultif { ND6_DEFAULTIF } else { 0 };
                    bits(out, "nd6 options", nd6.bits() | defaultif, nd6_name);
                    out.push('\n');
                }
            }
            Trailer::Media if all => {
                if let Some(media) = &iface.media {
                    let _ = writeln!(out, "\tmedia: {media}");
                }
                if let Some(status) = &iface.status {
                    let _ = writeln!(out, "\tstatus: {status}");
                }
                // `-m`: ifmedia.c's `supported media:` block (every release).
                if view.capabilities && iface.media.is_some() && !iface.supported_media.is_empty() {
                    out.push_str("\tsupported media:\n");
                    for line in &iface.supported_media {
                        let _ = writeln!(out, "\t\t{line}");
                    }
                }
            }
            Trailer::Carp if all => {
                for c in &iface.carp {
                    out.push_str(&carp_lines(c, dialect, view.keys));
                }
            }
            Trailer::Fib if all => out.push_str(&settings::fib(iface)),
            Trailer::Vlan if all => {
                let (proto, pcp) =
                    (dialect.vlan_has_proto(), dialect.vlan_has_proto() || dialect.vlan_has_pcp_only());
                out.push_str(&settings::vlan(iface, proto, pcp));
            }
            Trailer::Groups if all => out.push_str(&settings::groups(iface)),
            Trailer::Bridge if all => settings::bridge(out, iface, dialect.bridge_vlan_filtering()),
            Trailer::Lagg if all => {
                out.push_str(&families::lagg(iface, view.verbose > 0, dialect.lagg_options()))
            }
            Trailer::Tunnels if all => {
                out.push_str(&families::vxlan(iface, view.verbose > 0));
                out.push_str(&families::gre(iface));
                out.push_str(&families::gif(iface, dialect.gif_noclamp()));
                out.push_str(&families::ipsec(iface));
                out.push_str(&families::stf(iface, dialect.stf_6rd()));
            }
            Trailer::Pfsync if all => out.push_str(&families::pfsync(iface, dialect.pfsync_nvlist())),
            Trailer::Geneve if all && dialect.geneve_status() => {
                out.push_str(&geneve::status(iface, view.verbose > 0))
            }
            _ => {}
        }
    }
}

/// One address line, ending in a newline.
#[cfg(test)]
pub fn address_line(addr: &Address, iface: &Interface, view: &View) -> String {
    let mut s = String::new();
    write_address_line(&mut s, addr, iface, view);
    s
}

fn write_address_line(s: &mut String, addr: &Address, iface: &Interface, view: &View) {
    match addr.addr {
        IpAddr::V4(a) => {
            let mask = addr.netmask_v4();
            s.push_str("\tinet ");
            text::ipv4(s, a);
            // in_status: a point-to-point address shows its peer (0.0.0.0
            // when the kernel has none).
            if iface.flags.contains(IfFlags::POINTOPOINT) {
                s.push_str(" --> ");
                match addr.destination {
                    Some(IpAddr::V4(d)) => text::ipv4(s, d),
                    _ => text::ipv4(s, Ipv4Addr::UNSPECIFIED),
                }
            }
            match view.formats.inet {
                InetFormat::Hex => {
                    s.push_str(" netmask 0x");
                    text::hex(s, mask, 8);
                }
                InetFormat::Dotted => {
                    s.push_str(" netmask ");
                    text::ipv4(s, Ipv4Addr::from(mask));
                }
                InetFormat::Cidr => {
                    s.push('/');
                    text::dec(s, addr.prefixlen.into());
                }
            }
            if iface.flags.contains(IfFlags::BROADCAST) {
                if let Some(b) = addr.broadcast.filter(|b| !b.is_unspecified()) {
                    s.push_str(" broadcast ");
                    text::ipv4(s, b);
                }
            }
        }
        IpAddr::V6(a) => {
            s.push_str("\tinet6 ");
            text::ipv6(s, a);
            if addr.scopeid.is_some() {
                s.push('%');
                s.push_str(&iface.name);
            }
            // in6_status: the peer only when there is an inet6 one.
            if let (true, Some(IpAddr::V6(d))) =
                (iface.flags.contains(IfFlags::POINTOPOINT), addr.destination)
            {
                s.push_str(" --> ");
                text::ipv6(s, d);
            }
            s.push_str(match view.formats.inet6 {
                Inet6Format::Prefixlen => " prefixlen ",
                Inet6Format::Cidr => "/",
            });
            text::dec(s, addr.prefixlen.into());
            let state = iface.settings.inet6_addresses.iter().find(|e| e.addr == a);
            for (bit, name) in libcarpctl::IN6_IFF_NAMES {
                if state.is_some_and(|e| e.flags & bit != 0) {
                    let _ = write!(s, " {name}");
                }
            }
            if let Some(scope) = addr.scopeid {
                s.push_str(" scopeid 0x");
                text::hex(s, scope, 1);
            }
            // -L: only finite lifetimes are shown (in6_status).
            if let (true, Some(e)) =
                (view.lifetimes, state.filter(|e| e.pltime.is_some() || e.vltime.is_some()))
            {
                let life = |v: Option<u32>| v.map_or("infty".to_string(), |n| n.to_string());
                let _ = write!(s, " pltime {} vltime {}", life(e.pltime), life(e.vltime));
            }
        }
    }
    if let Some(v) = addr.vhid {
        let _ = write!(s, " vhid {v}");
    }
    s.push('\n');
}

/// The `carp:` (or `vrrp:`) lines of one vhid.
pub fn carp_lines(c: &CarpStatus, dialect: Dialect, keys: bool) -> String {
    if dialect.shows_vrrp() && c.version == CarpVersion::Vrrp {
        return format!(
            "\tvrrp: {} vrid {} prio {} interval {}\n",
            c.state, c.vhid, c.vrrp_priority, c.vrrp_interval
        );
    }
    let mut s = format!("\tcarp: {} vhid {} advbase {} advskew {}", c.state, c.vhid, c.advbase, c.advskew);
    if keys && !c.key.is_empty() {
        s.push_str(" key \"");
        // The key is shown as the bytes it is (printf %s), only under -k.
        s.push_str(&String::from_utf8_lossy(c.key.reveal()));
        s.push('"');
    }
    s.push('\n');
    if dialect.shows_peer_line() {
        let _ = writeln!(
            s,
            "\t      peer {} peer6 {}",
            c.peer.unwrap_or(CARP_DEFAULT_PEER),
            c.peer6.unwrap_or(CARP_DEFAULT_PEER6)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcarpctl::{Release, Snapshot};

    #[test]
    fn seed_block_first_output() {
        let host = Snapshot::example_10_0();
        let text = interface_block(&host.interfaces()[0], Dialect::new(Release::V10_0), &View::default());
        assert_eq!(
            text,
            "igb0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\
             \toptions=401bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,VLAN_HWTSO>\n\
             \tether 00:25:90:03:0e:fa\n\
             \tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n\
             \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n\
             \tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
             \tstatus: active\n"
        );
    }

    #[test]
    fn cidr_keeps_broadcast() {
        let host = Snapshot::example_10_0();
        let view =
            View { formats: Formats { inet: InetFormat::Cidr, ..Formats::default() }, ..View::default() };
        let line = address_line(&host.interfaces()[0].addresses[0], &host.interfaces()[0], &view);
        assert_eq!(line, "\tinet 10.0.0.118/27 broadcast 10.0.0.127\n");
    }

    /// The library's `Display` for an interface is this renderer's 15.0
    /// dialect, on a host with a vhid, an inet6 link-local and LOWER_UP.
    #[test]
    fn library_display_is_the_15_dialect() {
        use libcarpctl::{AddressRequest, Backend, CarpConfig, Vhid};
        let host = Snapshot::example_10_0().with_release(Release::V15_0);
        let mut b = libcarpctl::HostSession::in_memory(host);
        let v = Vhid::new(112).unwrap();
        libcarpctl::backend::merge_and_set(&mut b, "igb0", &CarpConfig::new(v)).unwrap();
        b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(v)).unwrap();
        b.add_address("igb0", &AddressRequest::parse_inet6("fe80::1").unwrap()).unwrap();
        let igb0 = b.interface("igb0").unwrap();
        assert_eq!(igb0.to_string(), interface_block(&igb0, Dialect::new(Release::V15_0), &View::default()));
    }

    #[test]
    fn unnamed_flag_bits() {
        assert_eq!(Dialect::new(Release::V14_0).flag_name(30).as_deref(), Some("IFF_30"));
        assert_eq!(Dialect::new(Release::V10_0).flag_name(30), None);
        assert_eq!(Dialect::new(Release::V10_0).flag_name(10).as_deref(), Some("OACTIVE"));
    }
}
