//! ifconfig's interface keywords on Linux, through rtnetlink, where Linux
//! has the concept: `description` (IFLA_IFALIAS), `name` (IFLA_IFNAME),
//! `lladdr` (IFLA_ADDRESS), `promisc` / `arp` / `debug` / `allmulti`
//! (ifi_flags), `addm` / `deletem` (IFLA_MASTER), the bridge words Linux
//! has (see `linux_bridge`), and `create` / `destroy` of bridges, epairs
//! (a veth pair `epairNa` / `epairNb`), vlans and vxlans (see
//! `linux_vxlan`).
//! Everything else fails with a message naming what Linux lacks, before
//! anything is sent.

use super::{Kernel, NetlinkBackend, Transport};
use crate::error::{Error, Op, Result};
use crate::netlink::msg::MessageBuilder;
use crate::netlink::route::{IfInfo, Link};
use crate::sys::netlink::{
    IFLA_IFNAME, IFLA_INFO_KIND, IFLA_LINK, IFLA_LINKINFO, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL,
    NLM_F_REQUEST, RTM_DELLINK, RTM_NEWLINK,
};
use crate::types::{CloneRequest, DriverChange, IfFlags, IfaceChange};

use super::Protocol;

/// The clone kinds Linux has: FreeBSD's cloner name -> Linux link kind.
pub const CLONERS: [&str; 4] = ["bridge", "epair", "vlan", "vxlan"];

/// `IFLA_INFO_DATA` (linux/if_link.h).
const IFLA_INFO_DATA: u16 = 2;
/// `VETH_INFO_PEER` (linux/veth.h).
const VETH_INFO_PEER: u16 = 1;
/// `IFLA_VLAN_ID` (linux/if_link.h).
const IFLA_VLAN_ID: u16 = 1;

/// Linux `ifi_flags` bits for the FreeBSD flags ifconfig's words set.
fn linux_flag(f: IfFlags) -> Option<u32> {
    if f == IfFlags::PPROMISC || f == IfFlags::PROMISC {
        Some(crate::sys::netlink::LINUX_IFF_PROMISC)
    } else if f == IfFlags::NOARP {
        Some(crate::sys::netlink::LINUX_IFF_NOARP)
    } else if f == IfFlags::DEBUG {
        Some(crate::sys::netlink::LINUX_IFF_DEBUG)
    } else if f == IfFlags::ALLMULTI {
        Some(crate::sys::netlink::LINUX_IFF_ALLMULTI)
    } else {
        None
    }
}

/// Why lagg words are refused on Linux: its bonding driver would map, but
/// the mapping is only built where it was tested, and the machine this was
/// built on had no bonding module.
const NO_BOND: &str =
    "lagg(4) is not mapped to Linux bonding: the mapping was never tested against a kernel \
                       with the bonding driver, so it is not built";
/// The same for gif and gre (Linux ipip/sit/gre/ip6gre).
const NO_IP_TUNNELS: &str =
    "gif(4)/gre(4) are not mapped to Linux ipip/sit/gre: the mapping was never tested \
                             against a kernel with those modules, so it is not built";

/// The drivers whose Linux counterpart this machine's kernel lacks
/// (`ip link add ... type wireguard|geneve|xfrm|sit` answered "Unknown
/// device type" in a namespace here), so no mapping was tested or built.
const NOT_ON_THIS_KERNEL: [(&str, &str); 4] =
    [("wg", "wireguard"), ("geneve", "geneve"), ("ipsec", "xfrm"), ("stf", "sit")];

/// Why `cloner` is refused, when it is one of [`NOT_ON_THIS_KERNEL`].
fn not_on_this_kernel(cloner: &str) -> Option<Error> {
    NOT_ON_THIS_KERNEL.iter().find(|(c, _)| *c == cloner).map(|(c, linux)| {
        unsupported(&format!(
            "{c}(4) is not mapped to Linux {linux} links: the kernel this was built and tested on \
             has no {linux} link type, so the mapping was never tested and is not built"
        ))
    })
}

/// pfsync is pf's: Linux has neither.
const NO_PFSYNC: &str = "Linux has no pfsync(4): it syncs pf(4) state, and Linux has no pf";

fn unsupported(what: &str) -> Error {
    Error::Unsupported(format!("{what}; nothing was changed"))
}

// Linux's requests, written for any kernel so that this file depends on
// the backend alone (the Linux kernel is what calls them).
impl<T: Transport, K: Kernel> NetlinkBackend<T, K> {
    fn link_request(&mut self, flags: u16, link: &Link, what: String) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | flags, seq);
        link.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), Op::SetFlags).map_err(|e| named(e, what))
    }

    fn index_of(&mut self, ifname: &str) -> Result<i32> {
        Ok(self.link(ifname)?.info.index)
    }

    pub(super) fn linux_change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        // `-vnet`'s interface is in the other namespace, not here.
        if let IfaceChange::Reclaim(ns) = change {
            return self.reclaim_from_netns(ifname, ns);
        }
        let index = self.index_of(ifname)?;
        let at = |l: Link| Link { info: IfInfo { index, ..l.info }, ..l };
        match change {
            IfaceChange::Description(text) => {
                let l = at(Link { alias: Some(text.clone()), ..Link::default() });
                self.link_request(0, &l, "ioctl (set descr)".into())
            }
            IfaceChange::Name(new) => {
                let l = at(Link { name: Some(new.clone()), ..Link::default() });
                self.link_request(0, &l, "ioctl SIOCSIFNAME (set name)".into())
            }
            IfaceChange::Lladdr(mac) => {
                let l = at(Link { address: Some(mac.to_vec()), ..Link::default() });
                self.link_request(0, &l, "ioctl (SIOCSIFLLADDR)".into())
            }
            IfaceChange::Flags { flags, set } => {
                let bit = linux_flag(*flags).ok_or_else(|| {
                    unsupported(&format!(
                        "Linux has no interface flag {flags:?} (only promisc, arp, debug, allmulti)"
                    ))
                })?;
                let info =
                    IfInfo { index, flags: if *set { bit } else { 0 }, change: bit, ..IfInfo::default() };
                self.link_request(0, &Link { info, ..Link::default() }, "SIOCSIFFLAGS".into())
            }
            IfaceChange::BridgeMember(member, add) => {
                let what = if *add { format!("BRDGADD {member}") } else { format!("BRDGDEL {member}") };
                let bridge = self.link(ifname)?;
                if bridge.info_kind.as_deref() != Some("bridge") {
                    return Err(Error::request(what, crate::Errno::EINVAL));
                }
                let m = self.link(member).map_err(|_| Error::request(what.clone(), crate::Errno::ENOENT))?;
                let master = u32::try_from(index).unwrap_or(0);
                if !*add && m.master != Some(master) {
                    return Err(Error::request(what, crate::Errno::ENOENT));
                }
                if *add && m.master == Some(master) {
                    return Err(Error::request(what, crate::Errno::EEXIST));
                }
                let l = Link {
                    info: IfInfo { index: m.info.index, ..IfInfo::default() },
                    master: Some(if *add { master } else { 0 }),
                    ..Link::default()
                };
                self.link_request(0, &l, what)
            }
            IfaceChange::Capabilities { .. } => Err(unsupported(
                "Linux sets offloads with ethtool (ETHTOOL_SFEATURES), not an interface capability request",
            )),
            IfaceChange::Nd6 { .. } => Err(unsupported(
                "Linux keeps IPv6 per-interface settings in sysctl net.ipv6.conf, not ND6 flags",
            )),
            IfaceChange::Group(..) => Err(unsupported("Linux has no interface groups")),
            IfaceChange::Fib(_) | IfaceChange::TunnelFib(_) => {
                Err(unsupported("Linux has no per-interface FIB (use VRF devices and ip rules)"))
            }
            IfaceChange::Vlan { .. } | IfaceChange::VlanPcp(_) | IfaceChange::VlanDetach => {
                Err(unsupported("Linux cannot change a vlan's tag or parent after creation"))
            }
            IfaceChange::Nd6DefaultIf(_) => Err(unsupported(
                "Linux has no ND default interface (a scope's default zone is chosen per route)",
            )),
            IfaceChange::LanPcp(_) => Err(unsupported(
                "Linux has no priority code point for untagged frames (a vlan's egress-qos-map maps skb priorities)",
            )),
            IfaceChange::BridgeMemberFlag { .. }
            | IfaceChange::BridgeParam(..)
            | IfaceChange::BridgeVlan(_)
            | IfaceChange::BridgeStp(_)
            | IfaceChange::BridgeCache(_) => self.linux_bridge_change(ifname, change),
            IfaceChange::LaggPort(..)
            | IfaceChange::LaggProto(_)
            | IfaceChange::LaggHash(_)
            | IfaceChange::LaggOption { .. }
            | IfaceChange::LaggFlowidShift(_)
            | IfaceChange::LaggRrLimit(_) => Err(unsupported(NO_BOND)),
            IfaceChange::Tunnel(..) | IfaceChange::DeleteTunnel => {
                Err(unsupported("Linux tunnels take their endpoints when created"))
            }
            IfaceChange::GifOption { .. }
            | IfaceChange::GreOption { .. }
            | IfaceChange::GreKey(_)
            | IfaceChange::GrePort(_) => Err(unsupported(NO_IP_TUNNELS)),
            IfaceChange::Pfsync(_) => Err(unsupported(NO_PFSYNC)),
            IfaceChange::MacLabel(_) => Err(unsupported("Linux has no mac(4) labels on interfaces")),
            IfaceChange::CapabilityNv(_) => Err(unsupported(
                "Linux has no IFCAP_NV capabilities (its offloads are ethtool features)",
            )),
            IfaceChange::Driver(d) => {
                let driver = if matches!(d, DriverChange::IpsecReqid(_)) { "ipsec" } else { "stf" };
                Err(not_on_this_kernel(driver).unwrap_or_else(|| unsupported(driver)))
            }
            IfaceChange::Geneve(_) => Err(not_on_this_kernel("geneve").unwrap_or_else(|| unsupported("geneve"))),
            IfaceChange::Vxlan(_) => Err(unsupported(
                "a Linux vxlan takes its settings when created (vxlanN create vxlanid N ...); they cannot be changed later",
            )),
            IfaceChange::Media(_) => Err(unsupported("Linux sets media with ethtool, not SIOCSIFMEDIA")),
            IfaceChange::Vnet(ns) => self.move_to_netns(index, ns),
            IfaceChange::Reclaim(ns) => self.reclaim_from_netns(ifname, ns),
            IfaceChange::Inet6Address { .. } => {
                Err(unsupported("these inet6 address flags are not mapped to Linux's IFA_F_* here"))
            }
        }
    }

    fn free_name(&mut self, prefix: &str, suffix: &str) -> Result<String> {
        let links = self.dump_links()?;
        let taken = |n: &str| links.iter().any(|l| l.name.as_deref() == Some(n));
        Ok((0..)
            .map(|u| format!("{prefix}{u}"))
            .find(|n| !taken(&format!("{n}{suffix}")))
            .unwrap_or_default())
    }

    pub(super) fn linux_create(&mut self, req: &CloneRequest) -> Result<String> {
        let name = req.name.as_str();
        let prefix = name.trim_end_matches(|c: char| c.is_ascii_digit());
        let has_unit = prefix.len() != name.len();
        if let Some(refusal) = not_on_this_kernel(prefix) {
            return Err(refusal);
        }
        let what = format!("SIOCIFCREATE2 ({name})");
        let exists = |e: Error| match e.errno() {
            Some(crate::Errno::EEXIST) => Error::Refused(format!("interface {name} already exists")),
            _ => e,
        };
        match prefix {
            "bridge" => {
                let name = if has_unit { name.to_string() } else { self.free_name("bridge", "")? };
                self.new_link(&name, "bridge", None, None).map_err(|e| exists(named(e, what)))?;
                Ok(name)
            }
            "epair" => {
                let base = if has_unit { name.to_string() } else { self.free_name("epair", "a")? };
                let (a, b) = (format!("{base}a"), format!("{base}b"));
                self.new_link(&a, "veth", Some(&b), None).map_err(|e| exists(named(e, what)))?;
                Ok(a)
            }
            "vlan" => {
                let (tag, parent) = req.vlan.clone().ok_or_else(|| {
                    unsupported("a vlan on Linux needs its tag and parent at creation (vlan N vlandev IF)")
                })?;
                let parent_index =
                    self.index_of(&parent).map_err(|_| Error::request(what.clone(), crate::Errno::ENXIO))?;
                let name = if has_unit { name.to_string() } else { self.free_name("vlan", "")? };
                self.new_link(&name, "vlan", None, Some((tag, parent_index)))
                    .map_err(|e| exists(named(e, what)))?;
                Ok(name)
            }
            "vxlan" => {
                let name = if has_unit { name.to_string() } else { self.free_name("vxlan", "")? };
                self.vxlan_create(&name, &req.vxlan, &what).map_err(|e| exists(named(e, what)))?;
                Ok(name)
            }
            "lagg" => Err(unsupported(NO_BOND)),
            "gif" | "gre" => Err(unsupported(NO_IP_TUNNELS)),
            "pfsync" => Err(unsupported(NO_PFSYNC)),
            other => Err(unsupported(&format!(
                "Linux has no {other} cloner mapped here (only bridge, epair as a veth pair, vlan, vxlan)"
            ))),
        }
    }

    /// RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: a link of `kind`, with a
    /// veth peer or a vlan's tag and parent.
    fn new_link(
        &mut self,
        name: &str,
        kind: &str,
        peer: Option<&str>,
        vlan: Option<(u16, i32)>,
    ) -> Result<()> {
        let parent = vlan.map(|(_, p)| u32::try_from(p).unwrap_or(0));
        self.create_link(name, kind, parent, |w| {
            if let Some(peer) = peer {
                // VETH_INFO_PEER: an ifinfomsg, then the peer's attributes.
                let mut inner = vec![0u8; 16];
                crate::netlink::nla::AttrWriter::new(&mut inner).string(IFLA_IFNAME, peer);
                w.bytes(VETH_INFO_PEER, &inner);
            }
            if let Some((tag, _)) = vlan {
                w.u16(IFLA_VLAN_ID, tag);
            }
        })
    }

    /// RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: a link of `kind` (on
    /// `parent`), its IFLA_INFO_DATA written by `data`.
    pub(super) fn create_link(
        &mut self,
        name: &str,
        kind: &str,
        parent: Option<u32>,
        data: impl FnOnce(&mut crate::netlink::nla::AttrWriter<'_>),
    ) -> Result<()> {
        let seq = self.next_seq();
        let mut b =
            MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        b.push(&[0u8; 16]);
        let mut w = b.attrs();
        w.string(IFLA_IFNAME, name);
        if let Some(p) = parent {
            w.u32(IFLA_LINK, p);
        }
        w.nested(IFLA_LINKINFO, false, |w| {
            w.string(IFLA_INFO_KIND, kind);
            w.nested(IFLA_INFO_DATA, false, data);
        });
        self.ack(Protocol::Route, b.finish(), Op::SetFlags)
    }

    pub(super) fn linux_destroy(&mut self, ifname: &str) -> Result<()> {
        let link = self.link(ifname)?;
        if !matches!(link.info_kind.as_deref(), Some("bridge" | "veth" | "vlan" | "vxlan")) {
            // FreeBSD: no cloner made it.
            return Err(Error::request("SIOCIFDESTROY", crate::Errno::EINVAL));
        }
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        Link { info: IfInfo { index: link.info.index, ..IfInfo::default() }, ..Link::default() }.emit(&mut b);
        self.ack(Protocol::Route, b.finish(), Op::SetFlags).map_err(|e| named(e, "SIOCIFDESTROY".into()))
    }
}

/// A kernel refusal named as ifconfig names the request.
fn named(e: Error, what: String) -> Error {
    match e.errno() {
        Some(errno) => Error::request(what, errno),
        None => e,
    }
}
