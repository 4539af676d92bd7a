//! The kernel's side of geneve(4) (if_geneve.c, freebsd-src 2646acf6,
//! FreeBSD 16 only): `geneve_clone_create`, the netlink setters of
//! `geneve_clone_modify_nl`, `geneve_init` / `geneve_teardown` on up and
//! down, and SIOCSIFMTU's range.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    Capabilities, GeneveChange, GeneveConfig, IfFlags, IfType, Interface, Nd6Flags, IFCAP_NV,
};

/// GENEVE_BASIC_IFCAPS: LINKSTATE | JUMBO_MTU | NV.
const BASIC_IFCAPS: u32 = 0x80000 | 0x20 | IFCAP_NV;

/// A refusal as ifconfig's netlink code reports it.
fn netlink(errno: Errno, message: Option<String>) -> Error {
    Error::Netlink { errno, message }
}

impl Host {
    /// `geneve_clone_create` for inner protocol `proto` (checked by
    /// `geneve_check_proto`: EAFNOSUPPORT, with the create parser's
    /// message): an Ethernet interface for l2 (with media, always
    /// active), an IFT_TUNNEL one without ARP for l3.
    pub(super) fn geneve_clone(i: &mut Interface, proto: u16) -> Result<()> {
        if proto != GeneveConfig::PROTO_ETHER && proto != GeneveConfig::PROTO_INHERIT {
            let m = format!("Unsupported ethertype: 0x{proto:04X}");
            return Err(netlink(Errno::EOPNOTSUPP, Some(m)));
        }
        let c = GeneveConfig::with_proto(proto);
        i.mtu = c.default_mtu();
        i.options = Some(Capabilities::from_bits_retain(BASIC_IFCAPS));
        if c.is_l2() {
            i.kind = IfType::Ethernet;
            i.flags = IfFlags::BROADCAST | IfFlags::SIMPLEX | IfFlags::MULTICAST;
            i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::IFDISABLED | Nd6Flags::AUTO_LINKLOCAL);
            i.ether = Some([0x58, 0x9c, 0xfc, 0x00, 0x00, i.index as u8]);
            // geneve_media_status: active, autoselect full-duplex.
            i.media = Some("Ethernet autoselect (autoselect <full-duplex>)".into());
            i.status = Some("active".into());
        } else {
            i.kind = IfType::Other;
            i.flags = IfFlags::NOARP | IfFlags::MULTICAST;
            i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL);
            i.ether = None;
            i.media = None;
            i.status = None;
        }
        i.settings.geneve = Some(c);
        Ok(())
    }

    /// An RTM_NEWLINK with geneve attributes. The request needs privilege
    /// (EPERM, no message). An interface that is no geneve takes its
    /// cloner's (or the generic) modify routine, which ignores them.
    pub(super) fn geneve_change(&mut self, ifname: &str, g: &GeneveChange) -> Result<()> {
        if !self.privileged {
            return Err(netlink(Errno::EPERM, None));
        }
        let Some(i) = self.iface_mut(ifname) else { return Err(Error::NoSuchInterface(ifname.into())) };
        let Some(c) = i.settings.geneve.as_mut() else { return Ok(()) };
        g.apply(c).map_err(|(errno, message)| netlink(errno, message))?;
        // geneve_setup_interface_hdrlen after a new remote address.
        if matches!(g, GeneveChange::Remote(_)) && !c.user_mtu {
            i.mtu = c.default_mtu();
        }
        Ok(())
    }

    /// `geneve_ioctl_ifflags`: up runs `geneve_init`, which marks the
    /// softc running whatever happens but starts the tunnel (RUNNING,
    /// link up) only with a valid configuration; down tears it down.
    pub(super) fn geneve_updown(i: &mut Interface, up: bool) {
        let Some(c) = i.settings.geneve.as_mut() else { return };
        let start = up && c.can_start();
        c.running = up;
        i.flags.set(IfFlags::RUNNING, start);
    }

    /// SIOCSIFMTU on a geneve: ETHERMIN to GENEVE_MAX_MTU (l2) or
    /// GENEVE_MAX_L3MTU (l3); a set MTU stays when the remote changes.
    pub(super) fn geneve_mtu_range(i: &Interface) -> Option<std::ops::RangeInclusive<u32>> {
        let c = i.settings.geneve.as_ref()?;
        Some(if c.is_l2() { 46..=65441 } else { 46..=65459 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CloneRequest, IfaceChange, Release};

    fn host() -> Host {
        let mut h = Host::new(Release { major: 16, minor: 0 });
        h.privileged = true;
        h
    }

    fn create(h: &mut Host, name: &str, proto: Option<u16>) -> Result<String> {
        h.create_interface(&CloneRequest {
            name: name.into(),
            geneve_proto: proto,
            ..CloneRequest::default()
        })
    }

    fn set(h: &mut Host, name: &str, g: GeneveChange) -> Result<()> {
        h.change(name, &IfaceChange::Geneve(g))
    }

    fn text(r: Result<()>) -> (Option<Errno>, String) {
        let e = r.unwrap_err();
        (e.errno(), e.to_string())
    }

    #[test]
    fn created_only_on_16_with_if_geneve_defaults() {
        let mut old = Host::new(Release::V15_0);
        old.privileged = true;
        assert_eq!(create(&mut old, "geneve0", None).unwrap_err().errno(), Some(Errno::EINVAL));
        let mut h = host();
        assert_eq!(create(&mut h, "geneve", None).unwrap(), "geneve0");
        let i = h.iface("geneve0").unwrap();
        assert_eq!((i.kind, i.mtu, i.options.unwrap().bits()), (IfType::Ethernet, 1416, 0xa0020));
        assert_eq!(i.settings.groups, ["geneve"]);
        let c = i.settings.geneve.clone().unwrap();
        assert_eq!(
            (c.vni, c.local_port, c.port_min, c.port_max, c.ttl, c.learn),
            (None, 6081, 10000, 65535, 64, true)
        );
        create(&mut h, "geneve1", Some(GeneveConfig::PROTO_INHERIT)).unwrap();
        let l3 = h.iface("geneve1").unwrap();
        assert_eq!((l3.mtu, l3.ether, l3.flags), (1430, None, IfFlags::NOARP | IfFlags::MULTICAST));
        let e = create(&mut h, "geneve2", Some(0x800)).unwrap_err();
        assert_eq!(e.to_string(), "Unsupported ethertype: 0x0800");
        assert!(h.iface("geneve2").is_none());
    }

    #[test]
    fn setters_check_then_change_and_running_locks_the_config() {
        let mut h = host();
        create(&mut h, "geneve0", None).unwrap();
        set(&mut h, "geneve0", GeneveChange::Remote("192.0.2.2".parse().unwrap())).unwrap();
        // An IPv4 remote: a 20-byte outer header, not IPv6's 40.
        assert_eq!(h.iface("geneve0").unwrap().mtu, 1436);
        let bad = [
            (GeneveChange::LocalPort(0), "local port is invalid: 0"),
            (GeneveChange::PortRange(0, 9), "port range is invalid: 0-9"),
            (GeneveChange::MaxAddr(2001), "maximum number of entries in the table can not be more than 2000"),
            (
                GeneveChange::Timeout(86401),
                "maximum timeout for stale entries in the table can not be more than 86400",
            ),
        ];
        for (g, msg) in bad {
            assert_eq!(text(set(&mut h, "geneve0", g)), (Some(Errno::EINVAL), msg.to_string()));
        }
        // Up without a vni: the softc runs (config locked), the tunnel does not.
        h.set_up("geneve0", true).unwrap();
        assert!(!h.iface("geneve0").unwrap().flags.contains(IfFlags::RUNNING));
        let busy = (Some(Errno::EBUSY), "geneve interface is busy.".to_string());
        assert_eq!(text(set(&mut h, "geneve0", GeneveChange::Vni(5))), busy);
        set(&mut h, "geneve0", GeneveChange::Ttl(9)).unwrap();
        h.set_up("geneve0", false).unwrap();
        set(&mut h, "geneve0", GeneveChange::Vni(5)).unwrap();
        h.set_up("geneve0", true).unwrap();
        assert!(h.iface("geneve0").unwrap().flags.contains(IfFlags::RUNNING));
        // External control locks it too.
        h.set_up("geneve0", false).unwrap();
        set(&mut h, "geneve0", GeneveChange::External(true)).unwrap();
        assert_eq!(text(set(&mut h, "geneve0", GeneveChange::LocalPort(7))), busy);
        // Other interfaces ignore the attributes; privilege comes first.
        h.create_interface(&CloneRequest { name: "tap0".into(), ..CloneRequest::default() }).unwrap();
        set(&mut h, "tap0", GeneveChange::Vni(1)).unwrap();
        assert!(h.iface("tap0").unwrap().settings.geneve.is_none());
        h.privileged = false;
        assert_eq!(text(set(&mut h, "geneve0", GeneveChange::Ttl(1))), (Some(Errno::EPERM), "(null)".into()));
    }
}
