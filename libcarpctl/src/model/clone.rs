//! Interface cloning (if_clone.c and the cloners' create functions):
//! `ifconfig NAME create`, `destroy`, `ifconfig -C`.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    BridgeConfig, Capabilities, CloneRequest, GifConfig, GreConfig, IfFlags, IfType, Interface, IpsecConfig,
    LaggConfig, Nd6Flags, PfsyncConfig, StfConfig, VlanConfig, VxlanChange, VxlanConfig,
};

/// The cloners of the virtual host, as `ifconfig -C` lists them (those
/// the release has: [`crate::types::Release::has_cloner`]).
pub const CLONERS: [&str; 15] = [
    "bridge", "epair", "geneve", "gif", "gre", "ipsec", "lagg", "lo", "pfsync", "stf", "tap", "tun", "vlan",
    "vxlan", "wg",
];

/// `name` split into its cloner prefix and unit (`vlan111` -> `vlan`, 111).
fn split_unit(name: &str) -> (&str, Option<u32>) {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, unit) = name.split_at(name.len() - digits);
    (prefix, unit.parse().ok())
}

/// The cloner that makes `name` (`vlan111`, `epair`, `bridge0`), and the
/// unit asked for. A name with a dot is a vlan (`vmx1.111`).
fn cloner_of(name: &str) -> Option<(&'static str, Option<u32>)> {
    if name.contains('.') {
        return Some(("vlan", None));
    }
    let (prefix, unit) = split_unit(name);
    CLONERS.iter().find(|c| **c == prefix).map(|c| (*c, unit))
}

impl Host {
    /// The cloner list (`SIOCIFGCLONERS`).
    pub fn cloners(&self) -> Vec<String> {
        CLONERS.iter().filter(|c| self.release.has_cloner(c)).map(|s| s.to_string()).collect()
    }

    fn create_error(&self, name: &str, errno: Errno) -> Error {
        crate::types::create_refused(self.release, name, errno)
    }

    /// SIOCIFCREATE2: a new interface from its cloner; returns its name.
    /// An epair makes two (`epair0a`, `epair0b`) and answers the first.
    pub fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        let name = req.name.as_str();
        // No cloner of that name in this release's kernel: EINVAL (after
        // ifconfig's kldload of `if_NAME` found no module).
        let Some((cloner, unit)) = cloner_of(name).filter(|(c, _)| self.release.has_cloner(c)) else {
            return Err(self.create_error(name, Errno::EINVAL));
        };
        // ifvlan.c's own checks of a vlan's parameters come before the
        // kernel's privilege check.
        req.vlan_params()?;
        // ifgeneve.c creates over netlink (RTM_NEWLINK with NLM_F_CREATE |
        // NLM_F_EXCL): refusals are the kernel's, without a message.
        let netlink = cloner == "geneve";
        if !self.privileged {
            if netlink {
                return Err(Error::Netlink { errno: Errno::EPERM, message: None });
            }
            return Err(self.create_error(name, Errno::EPERM));
        }
        let vlan = self.vlan_params(name, req)?;
        // stf_clone_match takes only `stf` and `stf0`; stf_clone_create
        // always makes unit 0, so a second one is EEXIST.
        let unit = if cloner == "stf" { unit.filter(|u| *u == 0).or(Some(0)) } else { unit };
        if cloner == "stf" && !matches!(name, "stf" | "stf0") {
            return Err(self.create_error(name, Errno::EINVAL));
        }
        let unit = match unit {
            Some(u) => u,
            None if name.contains('.') => 0,
            None => (0..).find(|u| !self.unit_taken(cloner, *u)).unwrap_or(0),
        };
        let base = if name.contains('.') { name.to_string() } else { format!("{cloner}{unit}") };
        if self.unit_taken(cloner, unit) && !name.contains('.') || self.iface(&base).is_some() {
            if netlink {
                return Err(Error::Netlink { errno: Errno::EEXIST, message: None });
            }
            return Err(self.create_error(&base, Errno::EEXIST));
        }
        if cloner == "epair" {
            let (a, b) = (format!("{base}a"), format!("{base}b"));
            let mut ia = self.new_clone(&a, cloner);
            let mut ib = self.new_clone(&b, cloner);
            ia.settings.epair_peer = Some(b.clone());
            ib.settings.epair_peer = Some(a.clone());
            ib.index = ia.index + 1;
            ib.ether = Some(epair_mac(ia.index, 0x0b));
            ia.ether = Some(epair_mac(ia.index, 0x0a));
            self.interfaces.push(ia);
            self.interfaces.push(ib);
            return Ok(a);
        }
        let mut iface = self.new_clone(&base, cloner);
        if netlink {
            Host::geneve_clone(
                &mut iface,
                req.geneve_proto.unwrap_or(crate::types::GeneveConfig::PROTO_ETHER),
            )?;
        }
        if let Some(c) = iface.settings.vxlan.as_mut() {
            // vxlan_clone_create takes the parameters given before the
            // create (vxlan_check_params has judged them).
            for v in &req.vxlan {
                if v.request() == "VXLAN_CMD_SET_VNI"
                    && matches!(v, VxlanChange::Vni(n) if *n >= VxlanConfig::VNI_MAX)
                {
                    return Err(self.create_error(&base, Errno::EINVAL));
                }
                v.apply_to(c);
            }
        }
        if let (Some(l), Some(t)) = (iface.settings.lagg.as_mut(), &req.lagg_type) {
            l.lagg_type = t.clone();
        }
        if let Some((tag, parent)) = vlan {
            let p = self.iface(&parent).cloned().unwrap_or_default();
            iface.ether = p.ether;
            iface.settings.vlan = Some(VlanConfig { tag, parent: Some(parent), ..VlanConfig::default() });
            // vlan_config: "ready for operation", running while down too.
            iface.flags.insert(IfFlags::RUNNING);
            // The parent's media (if_vlan.c forwards SIOCGIFMEDIA).
            iface.media = p.media.clone();
            iface.status = p.status.clone();
        } else if cloner == "vlan" {
            // vlan_clone_create without parameters: no parent, so no
            // address, no protocol, no media, and only BROADCAST and
            // MULTICAST (real 14.x output of such a vlan: `flags=8002`,
            // `ether 00:00:00:00:00:00`, `vlanproto: 0x0000`, no media).
            iface.settings.vlan = Some(VlanConfig { proto: 0, ..VlanConfig::default() });
            iface.ether = Some([0; 6]);
            iface.flags = IfFlags::BROADCAST | IfFlags::MULTICAST;
            iface.media = None;
            iface.status = None;
        }
        self.interfaces.push(iface);
        Ok(base)
    }

    /// The vlan tag and parent of a create: from `vlan N vlandev IF` or the
    /// name (`vmx1.111`); checked as vlan_clone_create does.
    fn vlan_params(&self, name: &str, req: &CloneRequest) -> Result<Option<(u16, String)>> {
        let given = req.vlan_params()?;
        if let Some((tag, parent)) = &given {
            if self.iface(parent).is_none() {
                return Err(self.create_error(name, Errno::ENXIO));
            }
            if *tag >= 4095 {
                return Err(self.create_error(name, Errno::EINVAL));
            }
        }
        Ok(given)
    }

    /// The cloner that made `iface` (its name at creation, if renamed).
    pub(super) fn driver_of(iface: &Interface) -> Option<&'static str> {
        let n = iface.settings.drivername.as_deref().unwrap_or(&iface.name);
        cloner_of(n.trim_end_matches(['a', 'b'])).map(|(c, _)| c)
    }

    fn unit_taken(&self, cloner: &str, unit: u32) -> bool {
        self.interfaces.iter().any(|i| {
            let n = i.settings.drivername.as_deref().unwrap_or(&i.name);
            let n = if cloner == "epair" { n.trim_end_matches(['a', 'b']) } else { n };
            split_unit(n) == (cloner, Some(unit))
        })
    }

    fn new_clone(&self, name: &str, cloner: &str) -> Interface {
        // 14+ has one index table for every vnet: the jails' count too.
        let jailed = self.jails.iter().filter(|_| self.release.ifindex_is_global());
        let index = (self.interfaces.iter())
            .chain(jailed.flat_map(|j| j.vnet.iter().flat_map(|h| h.interfaces.iter())))
            .map(|i| i.index)
            .max()
            .unwrap_or(0)
            + 1;
        let ether_like = IfFlags::BROADCAST | IfFlags::SIMPLEX | IfFlags::MULTICAST;
        let p2p = IfFlags::POINTOPOINT | IfFlags::MULTICAST;
        let nd6_eth = Nd6Flags::PERFORMNUD | Nd6Flags::IFDISABLED | Nd6Flags::AUTO_LINKLOCAL;
        let linkstate = Some(Capabilities::from_bits_retain(0x80000));
        let mut i = Interface { name: name.to_string(), index, mtu: 1500, ..Interface::default() };
        i.settings.groups = vec![cloner.to_string()];
        match cloner {
            "bridge" => {
                i.kind = IfType::Bridge;
                i.flags = ether_like;
                i.ether = Some([0x58, 0x9c, 0xfc, 0x10, 0x00, index as u8]);
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::IFDISABLED);
                i.settings.bridge = Some(BridgeConfig::default());
                if self.release.bridge_has_vlan_hwtagging() {
                    i.options = Some(Capabilities::from_bits_retain(0x10));
                }
            }
            "lo" => {
                i.kind = IfType::Loopback;
                i.flags = IfFlags::LOOPBACK | IfFlags::MULTICAST;
                i.mtu = 16384;
                i.options = Some(Capabilities::from_bits_retain(0x680003));
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL);
            }
            "tun" | "gif" | "gre" => {
                i.kind = IfType::Other;
                i.flags = p2p;
                i.mtu = match cloner {
                    "gif" => 1280,
                    "gre" => 1476,
                    _ => 1500,
                };
                i.options = linkstate;
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL);
                match cloner {
                    "gif" => i.settings.gif = Some(GifConfig::default()),
                    "gre" => i.settings.gre = Some(GreConfig::default()),
                    _ => {}
                }
            }
            "wg" => {
                // if_wg.c wg_clone_create (14.x, fel1x-developer/freebsd-src
                // 2d614aa2): IFT_WIREGUARD, NOARP|MULTICAST, DEFAULT_MTU
                // (ETHERMTU - 80), WG_CAPS = LINKSTATE, no media; nd6 without
                // AUTO_LINKLOCAL and with NO_DAD.
                i.kind = IfType::Other;
                i.flags = IfFlags::NOARP | IfFlags::MULTICAST;
                i.mtu = 1420;
                i.options = linkstate;
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::NO_DAD);
            }
            "ipsec" => {
                // if_ipsec.c ipsec_clone_create: IFT_TUNNEL,
                // POINTOPOINT|MULTICAST, IPSEC_MTU 1400, reqid 0.
                i.kind = IfType::Other;
                i.flags = p2p;
                i.mtu = 1400;
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL);
                i.settings.ipsec = Some(IpsecConfig::default());
            }
            "stf" => {
                // if_stf.c stf_clone_create (14.x): IFT_STF, no flags,
                // IPV6_MMTU; in6_ifattach's IFT_STF quirk clears
                // AUTO_LINKLOCAL and (in the newer in6_ifattach.c read; the
                // release it came in was not checked) sets NO_DAD.
                i.kind = IfType::Other;
                i.mtu = 1280;
                i.nd6 = Some(Nd6Flags::PERFORMNUD | Nd6Flags::NO_DAD);
                i.settings.stf = Some(StfConfig::default());
            }
            "pfsync" => {
                // if_pfsync.c: IFT_PFSYNC, no flags, mtu ETHERMTU, no nd6.
                i.kind = IfType::Other;
                i.settings.pfsync = Some(PfsyncConfig::default());
            }
            _ => {
                i.kind = if cloner == "vlan" { IfType::L2Vlan } else { IfType::Ethernet };
                i.flags = ether_like;
                i.nd6 = Some(nd6_eth);
                i.ether = Some([0x58, 0x9c, 0xfc, 0x00, 0x00, index as u8]);
                i.media = Some("Ethernet autoselect".into());
                match cloner {
                    "epair" => {
                        i.options = Some(Capabilities::from_bits_retain(0x8));
                        i.media = Some("Ethernet 10Gbase-T (10Gbase-T <full-duplex>)".into());
                        i.status = Some("active".into());
                    }
                    "tap" => {
                        i.options = linkstate;
                        // if_tuntap's ifmedia: autoselect, active too
                        // (real output of a tap: `media: Ethernet
                        // autoselect`); no carrier until opened.
                        i.media = Some("Ethernet autoselect".into());
                        i.status = Some("no carrier".into());
                    }
                    "lagg" => {
                        i.ether = Some([0; 6]);
                        i.status = Some("no carrier".into());
                        i.settings.lagg = Some(LaggConfig::default());
                    }
                    "vxlan" => {
                        i.mtu = 1450;
                        // vxlan_media_status: active autoselect full-duplex.
                        i.media = Some("Ethernet autoselect (autoselect <full-duplex>)".into());
                        i.status = Some("no carrier".into());
                        i.settings.vxlan = Some(VxlanConfig::default());
                    }
                    _ => {
                        i.status = Some("active".into());
                    }
                }
            }
        }
        i
    }

    /// SIOCIFDESTROY: only a cloned interface goes (EINVAL otherwise); an
    /// epair goes with its peer; bridges and laggs forget it.
    pub fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        let iface = self.iface(ifname).ok_or_else(|| Error::NoSuchInterface(ifname.into()))?;
        let driver = iface.settings.drivername.clone().unwrap_or_else(|| iface.name.clone());
        let cloned = cloner_of(driver.trim_end_matches(['a', 'b'])).is_some() || driver.contains('.');
        if !cloned {
            return Err(Error::request("SIOCIFDESTROY", Errno::EINVAL));
        }
        if !self.privileged {
            return Err(Error::request("SIOCIFDESTROY", Errno::EPERM));
        }
        let mut gone = vec![ifname.to_string()];
        gone.extend(iface.settings.epair_peer.clone());
        self.interfaces.retain(|i| !gone.contains(&i.name));
        self.forget(&gone);
        // An epair end moved into a jail goes too (if_epair destroys both).
        for own in self.jails.iter_mut().filter_map(|j| j.vnet.as_deref_mut()) {
            let peer =
                |i: &Interface| gone.contains(&i.name) && i.settings.epair_peer.as_deref() == Some(ifname);
            let there: Vec<String> =
                own.interfaces.iter().filter(|i| peer(i)).map(|i| i.name.clone()).collect();
            own.interfaces.retain(|i| !there.contains(&i.name));
            own.forget(&there);
        }
        Ok(())
    }

    /// Bridges, laggs and vlans let go of interfaces that left.
    pub(super) fn forget(&mut self, gone: &[String]) {
        for i in &mut self.interfaces {
            if let Some(b) = i.settings.bridge.as_mut() {
                b.members.retain(|m| !gone.contains(&m.name));
            }
            if let Some(l) = i.settings.lagg.as_mut() {
                l.ports.retain(|p| !gone.contains(p));
            }
            if let Some(v) = i.settings.vlan.as_mut() {
                if v.parent.as_ref().is_some_and(|p| gone.contains(p)) {
                    v.parent = None;
                    v.tag = 0;
                }
            }
        }
    }
}

/// epair(4)'s addresses: 02:xx:xx:xx:xx:0a / 0b.
fn epair_mac(index: u32, end: u8) -> [u8; 6] {
    let [_, b, c, d] = index.to_be_bytes();
    [0x02, 0x00, b, c, d, end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Release;

    #[test]
    fn names_and_units() {
        assert_eq!(cloner_of("vlan111"), Some(("vlan", Some(111))));
        assert_eq!(cloner_of("epair"), Some(("epair", None)));
        assert_eq!(cloner_of("vmx1.111"), Some(("vlan", None)));
        assert_eq!(cloner_of("igb0"), None);
    }

    #[test]
    fn epair_pair_and_units() {
        let mut h = Host::new(Release::V14_0);
        let a =
            h.create_interface(&CloneRequest { name: "epair".into(), ..CloneRequest::default() }).unwrap();
        assert_eq!(a, "epair0a");
        assert!(h.iface("epair0b").is_some());
        let b =
            h.create_interface(&CloneRequest { name: "epair".into(), ..CloneRequest::default() }).unwrap();
        assert_eq!(b, "epair1a");
        let e = h
            .create_interface(&CloneRequest { name: "epair0".into(), ..CloneRequest::default() })
            .unwrap_err();
        assert_eq!(e.to_string(), "interface epair0 already exists");
        h.destroy_interface("epair0b").unwrap();
        assert!(h.iface("epair0a").is_none());
        assert_eq!(
            h.destroy_interface("epair9a").unwrap_err().to_string(),
            "interface epair9a does not exist"
        );
    }
}
