//! What ifconfig's interface keywords set besides addresses and CARP:
//! description, groups, FIBs, and the state of cloned interfaces (vlan,
//! bridge, lagg, epair, tunnels). Kept on [`Interface`](super::Interface)
//! and in the host file (see libcarpctl-host(5)).

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::bridge_vlan::VlanSet;
use super::families::{GifConfig, GreConfig, PfsyncConfig, VxlanConfig};

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The per-interface settings of ifconfig's non-address keywords.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IfaceSettings {
    /// `description` (SIOCSIFDESCR); shown as `description:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Interface groups in the kernel's order (the hidden group `all` is not
    /// listed); a cloned interface starts in its cloner's group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The driver name and unit when the interface was renamed (`-D`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drivername: Option<String>,
    /// `fib N` (0, the default FIB, is not shown).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fib: u32,
    /// `tunnelfib N`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tunnelfib: u32,
    /// `pcp N`: the priority code point of untagged frames (if_pcp;
    /// absent is IFNET_PCP_NONE), shown as `pcp N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcp: Option<u8>,
    /// Whether this is the host's ND default interface (nd6's
    /// `nd6_defifindex`, SIOCSDEFIFACE_IN6); shown as `DEFAULTIF` in
    /// `nd6 options=`. At most one interface has it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nd6_defaultif: bool,
    /// The other end of an epair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epair_peer: Option<String>,
    /// A vlan(4) interface's tag, protocol, priority and parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<VlanConfig>,
    /// An if_bridge(4) interface's parameters and members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<BridgeConfig>,
    /// A lagg(4) interface's protocol and ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lagg: Option<LaggConfig>,
    /// A tunnel's outer addresses (gif, gre, vxlan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tunnel: Option<Tunnel>,
    /// A gif(4) interface's options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gif: Option<GifConfig>,
    /// A gre(4) interface's key, options and UDP port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gre: Option<GreConfig>,
    /// A vxlan(4) interface's configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vxlan: Option<VxlanConfig>,
    /// A geneve(4) interface's configuration (16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geneve: Option<super::GeneveConfig>,
    /// A pfsync(4) interface's settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pfsync: Option<PfsyncConfig>,
    /// ipsec(4): the reqid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipsec: Option<super::IpsecConfig>,
    /// stf(4): the 6rd parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stf: Option<super::StfConfig>,
    /// The supported capability words and the enabled second word, where
    /// known (mlx5en's `mce`; see libcarpctl-host(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability_words: Option<super::CapabilityWords>,
    /// Flags and finite lifetimes of inet6 addresses (`anycast`,
    /// `deprecated`, `autoconf`, `prefer_source`, `pltime`, `vltime`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inet6_addresses: Vec<Inet6AddrState>,
}

/// What `in6_aliasreq` sets on an inet6 address besides the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inet6AddrState {
    /// The address.
    pub addr: std::net::Ipv6Addr,
    /// `IN6_IFF_*` bits.
    #[serde(default)]
    pub flags: u32,
    /// Preferred lifetime, seconds (absent: infinite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pltime: Option<u32>,
    /// Valid lifetime, seconds (absent: infinite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vltime: Option<u32>,
}

/// `IN6_IFF_*` flags ifconfig prints after `prefixlen`, in its order.
pub const IN6_IFF_NAMES: [(u32, &str); 8] = [
    (0x01, "anycast"),
    (0x02, "tentative"),
    (0x04, "duplicated"),
    (0x08, "detached"),
    (0x10, "deprecated"),
    (0x40, "autoconf"),
    (0x80, "temporary"),
    (0x200, "prefer_source"),
];

/// `vlan N vlandev IF vlanproto P vlanpcp N`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VlanConfig {
    /// The 802.1Q tag (0 = none).
    pub tag: u16,
    /// The ethertype: 0x8100 (802.1q) or 0x88a8 (802.1ad).
    #[serde(default = "dot1q")]
    pub proto: u16,
    /// Priority code point, 0..7.
    #[serde(default)]
    pub pcp: u8,
    /// The parent interface; `None` once `-vlandev` detached it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

fn dot1q() -> u16 {
    VlanConfig::PROTO_8021Q
}

impl Default for VlanConfig {
    fn default() -> Self {
        VlanConfig { tag: 0, proto: VlanConfig::PROTO_8021Q, pcp: 0, parent: None }
    }
}

impl VlanConfig {
    /// ETHERTYPE_VLAN.
    pub const PROTO_8021Q: u16 = 0x8100;
    /// ETHERTYPE_QINQ.
    pub const PROTO_8021AD: u16 = 0x88a8;
}

/// if_bridge(4) parameters (defaults: if_bridge.c and bridgestp.c).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeConfig {
    /// Members in the order they were added.
    #[serde(default)]
    pub members: Vec<BridgeMember>,
    /// `maxaddr` (address cache size).
    #[serde(default = "d_maxaddr")]
    pub maxaddr: u32,
    /// `timeout` (address cache lifetime, seconds).
    #[serde(default = "d_timeout")]
    pub timeout: u32,
    /// `priority` (bridge STP priority).
    #[serde(default = "d_priority")]
    pub priority: u16,
    /// `hellotime`.
    #[serde(default = "d_hellotime")]
    pub hellotime: u8,
    /// `fwddelay`.
    #[serde(default = "d_fwddelay")]
    pub fwddelay: u8,
    /// `maxage`.
    #[serde(default = "d_maxage")]
    pub maxage: u8,
    /// `holdcnt`.
    #[serde(default = "d_holdcnt")]
    pub holdcnt: u8,
    /// `proto`: "stp" or "rstp".
    #[serde(default = "d_proto")]
    pub proto: String,
    /// 15.x: `IFBRF_*` bridge flags (`vlanfilter` 0x1, `defqinq` 0x2).
    #[serde(default, skip_serializing_if = "is_zero32")]
    pub flags: u32,
    /// 15.x: `defuntagged`, the untagged VLAN a new member gets (0: none).
    #[serde(default, skip_serializing_if = "is_zero16")]
    pub defuntagged: u16,
    /// The address cache (BRDGRTS): static entries and, since nothing
    /// forwards here, the dynamic ones the host file lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache: Vec<super::BridgeCacheEntry>,
    /// The address in the STP bridge id (`ifbop_bridgeid`'s low 48 bits),
    /// as the kernel reports it: zeros while no member runs STP. Derived
    /// when listing, not kept in the host file.
    #[serde(skip)]
    pub stp_id: [u8; 6],
}

fn is_zero32(v: &u32) -> bool {
    *v == 0
}
fn is_zero16(v: &u16) -> bool {
    *v == 0
}

fn d_maxaddr() -> u32 {
    2000
}
fn d_timeout() -> u32 {
    1200
}
fn d_priority() -> u16 {
    32768
}
fn d_hellotime() -> u8 {
    2
}
fn d_fwddelay() -> u8 {
    15
}
fn d_maxage() -> u8 {
    20
}
fn d_holdcnt() -> u8 {
    6
}
fn d_proto() -> String {
    "rstp".into()
}

impl Default for BridgeConfig {
    fn default() -> Self {
        BridgeConfig {
            members: Vec::new(),
            maxaddr: d_maxaddr(),
            timeout: d_timeout(),
            priority: d_priority(),
            hellotime: d_hellotime(),
            fwddelay: d_fwddelay(),
            maxage: d_maxage(),
            holdcnt: d_holdcnt(),
            proto: d_proto(),
            flags: 0,
            defuntagged: 0,
            cache: Vec::new(),
            stp_id: [0; 6],
        }
    }
}

/// One bridge member (`struct ifbreq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeMember {
    /// The member interface.
    pub name: String,
    /// `IFBIF_*` flags.
    pub flags: u32,
    /// `ifmaxaddr`.
    #[serde(default)]
    pub ifmaxaddr: u32,
    /// `ifpriority`.
    #[serde(default = "d_ifpriority")]
    pub priority: u8,
    /// `ifpathcost`.
    #[serde(default = "d_pathcost")]
    pub path_cost: u32,
    /// The port number (the member's interface index).
    #[serde(default)]
    pub port: u32,
    /// 15.x: `ifuntagged`, the member's untagged VLAN (0: none).
    #[serde(default, skip_serializing_if = "is_zero16")]
    pub untagged: u16,
    /// 15.x: `iftagged`, the VLANs the member carries tagged.
    #[serde(default, skip_serializing_if = "VlanSet::is_empty")]
    pub tagged: VlanSet,
    /// 15.x: `ifvlanproto`, the member's VLAN ethertype (802.1q 0x8100,
    /// the kernel's default, or 802.1ad 0x88a8).
    #[serde(default = "dot1q")]
    pub vlanproto: u16,
    /// The STP port role (`ifbr_role`, BSTP_ROLE_*), derived when listing.
    #[serde(skip)]
    pub stp_role: u8,
    /// The STP port state (`ifbr_state`, BSTP_IFSTATE_*), derived when
    /// listing.
    #[serde(skip)]
    pub stp_state: u8,
}

fn d_ifpriority() -> u8 {
    128
}
fn d_pathcost() -> u32 {
    2000
}

/// `IFBIFBITS` (net/if_bridgevar.h): the member flags printb names, in
/// its order (PRIVATE, 0x800, right after STICKY); ADMEDGE (0x200) and
/// ADMCOST (0x400) have no name there and are not printed.
pub const IFBIFBITS: [(u32, &str); 11] = [
    (0x1, "LEARNING"),
    (0x2, "DISCOVER"),
    (0x4, "STP"),
    (0x8, "SPAN"),
    (0x10, "STICKY"),
    (0x800, "PRIVATE"),
    (0x20, "EDGE"),
    (0x40, "AUTOEDGE"),
    (0x80, "PTP"),
    (0x100, "AUTOPTP"),
    // 15.x (`\015QINQ`): only 15's `qinq` word sets it.
    (0x1000, "QINQ"),
];

impl BridgeMember {
    /// IFBIF_LEARNING.
    pub const LEARNING: u32 = 0x1;
    /// IFBIF_DISCOVER.
    pub const DISCOVER: u32 = 0x2;
    /// IFBIF_STP.
    pub const STP: u32 = 0x4;
    /// IFBIF_SPAN.
    pub const SPAN: u32 = 0x8;
    /// IFBIF_STICKY.
    pub const STICKY: u32 = 0x10;
    /// IFBIF_BSTP_EDGE.
    pub const EDGE: u32 = 0x20;
    /// IFBIF_BSTP_AUTOEDGE.
    pub const AUTOEDGE: u32 = 0x40;
    /// IFBIF_BSTP_PTP.
    pub const PTP: u32 = 0x80;
    /// IFBIF_BSTP_AUTOPTP.
    pub const AUTOPTP: u32 = 0x100;
    /// IFBIF_PRIVATE.
    pub const PRIVATE: u32 = 0x800;
    /// IFBIF_QINQ (15.x): the member allows 802.1ad Q-in-Q.
    pub const QINQ: u32 = 0x1000;

    /// A member as BRDGADD creates it: learning, discovering, automatic
    /// edge and point-to-point detection.
    pub fn new(name: &str, port: u32, path_cost: u32) -> BridgeMember {
        BridgeMember {
            name: name.to_string(),
            flags: Self::LEARNING | Self::DISCOVER | Self::AUTOEDGE | Self::AUTOPTP,
            ifmaxaddr: 0,
            priority: d_ifpriority(),
            path_cost,
            port,
            untagged: 0,
            tagged: VlanSet::default(),
            vlanproto: VlanConfig::PROTO_8021Q,
            stp_role: 0,
            stp_state: 0,
        }
    }
}

/// lagg(4) state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaggConfig {
    /// `laggproto` (failover, lacp, loadbalance, roundrobin, broadcast, none).
    pub proto: String,
    /// Member ports in the order they were added.
    #[serde(default)]
    pub ports: Vec<String>,
    /// `lagghash`: LAGG_F_HASHL2 0x1, L3 0x2, L4 0x4.
    #[serde(default = "lagg_hash")]
    pub hash: u32,
    /// `LAGG_OPT_*` bits (`use_flowid` 0x1, `use_numa` 0x4, `lacp_strict`
    /// 0x10, `lacp_txtest` 0x20, `lacp_rxtest` 0x40, `lacp_fast_timeout` 0x80).
    #[serde(default)]
    pub opts: u32,
    /// `flowid_shift`.
    #[serde(default = "flowid_shift")]
    pub flowid_shift: u32,
    /// `rr_limit` (packets per port in round robin; 0 until set).
    #[serde(default)]
    pub rr_limit: u32,
    /// `laggtype` at create: "ethernet" (the default) or "infiniband"
    /// (LAGG_TYPES); an infiniband lagg takes only infiniband ports.
    #[serde(default = "lagg_type", skip_serializing_if = "is_ethernet")]
    pub lagg_type: String,
    /// LACP's operational state, as SIOCGLAGG reports it for an lacp lagg
    /// (the kernel derives it from the ports: never in a host file).
    #[serde(skip)]
    pub lacp: Option<super::lacp::LacpState>,
}

fn lagg_type() -> String {
    "ethernet".into()
}
fn is_ethernet(t: &str) -> bool {
    t == "ethernet"
}

fn lagg_hash() -> u32 {
    LaggConfig::HASH_MASK
}
fn flowid_shift() -> u32 {
    16
}

impl LaggConfig {
    /// LAGG_F_HASHMASK: l2, l3 and l4, a new lagg's hash.
    pub const HASH_MASK: u32 = 0x7;
    /// The options only an lacp lagg takes (strict, txtest, rxtest, fast timeout).
    pub const LACP_OPTS: u32 = 0xf0;
    /// `LAGG_OPT_LACP_STRICT`.
    pub const LACP_STRICT: u32 = 0x10;
    /// LAGG_TYPES: the `laggtype` words.
    pub const TYPES: [&'static str; 2] = ["ethernet", "infiniband"];
}

impl Default for LaggConfig {
    fn default() -> Self {
        // if_lagg.c: a new lagg uses LAGG_PROTO_DEFAULT, failover, hashes
        // on l2,l3,l4 and shifts flowids by 16 (net.link.lagg.default_flowid_shift).
        LaggConfig {
            proto: "failover".into(),
            ports: Vec::new(),
            hash: lagg_hash(),
            opts: 0,
            flowid_shift: flowid_shift(),
            rr_limit: 0,
            lagg_type: lagg_type(),
            lacp: None,
        }
    }
}

/// A tunnel's outer source and destination (`tunnel SRC DST`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tunnel {
    /// Outer source address.
    pub src: IpAddr,
    /// Outer destination address.
    pub dst: IpAddr,
}
