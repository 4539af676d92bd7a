//! Changes to an interface other than addresses and CARP: one variant per
//! kind of kernel request ifconfig's keywords make (SIOCSIFFLAGS,
//! SIOCSIFCAP, SIOCSIFDESCR, SIOCSIFNAME, BRDGADD, SIOCSLAGGPORT, ...).

use std::net::IpAddr;

use super::{
    BridgeCacheChange, BridgeStpChange, BridgeVlanChange, Capabilities, DriverChange, IfFlags, Nd6Flags,
    PfsyncChange, VxlanChange,
};

/// One change to an existing interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfaceChange {
    /// Set or clear interface flags (`promisc`, `-arp`, `debug`, `monitor`...).
    Flags {
        /// The flags.
        flags: IfFlags,
        /// Set (true) or clear.
        set: bool,
    },
    /// Enable or disable capabilities (`rxcsum`, `-tso`, `vlanhwtag`...).
    Capabilities {
        /// The capability bits.
        caps: Capabilities,
        /// Enable (true) or disable.
        set: bool,
    },
    /// The nv capabilities (`rxtls`, 15's `ipsec`): ifconfig.c's
    /// `setifcapnv`, one boolean per capability name (net/if_strings.h's
    /// `IFCAP2_*_NAME`) in a SIOCSIFCAPNV nvlist, after a SIOCGIFCAP read
    /// that must show `IFCAP_NV` (else only [`IFCAP_NV_NOT_SUPPORTED`],
    /// warned).
    CapabilityNv(Vec<(String, bool)>),
    /// `maclabel LABEL`: SIOCSIFMAC with a `struct mac` naming the text
    /// (ifmac.c); a kernel with no MAC policy labelling interfaces
    /// refuses it (EINVAL), which ifconfig only reports
    /// (`perror("setifmac")`).
    MacLabel(String),
    /// Set or clear ND6 per-interface flags (`no_dad`, `-ifdisabled`...).
    Nd6 {
        /// The flags.
        flags: Nd6Flags,
        /// Set (true) or clear.
        set: bool,
    },
    /// `description TEXT` / `-description` (an empty text clears it).
    Description(String),
    /// `name NEWNAME`.
    Name(String),
    /// `group NAME` (true) / `-group NAME`.
    Group(String, bool),
    /// `fib N`.
    Fib(u32),
    /// `tunnelfib N`.
    TunnelFib(u32),
    /// `lladdr`/`ether`/`link` xx:xx:xx:xx:xx:xx.
    Lladdr([u8; 6]),
    /// `vlan N`, `vlandev IF`, `vlanproto P` (what is given).
    Vlan {
        /// The tag.
        tag: Option<u16>,
        /// The parent.
        parent: Option<String>,
        /// The protocol ethertype.
        proto: Option<u16>,
    },
    /// `vlanpcp N`.
    VlanPcp(u8),
    /// `pcp N` / `-pcp` (`None`: IFNET_PCP_NONE), SIOCSLANPCP: the
    /// priority code point of an Ethernet interface's untagged frames (on
    /// a vlan(4) the same request sets its `vlanpcp`).
    LanPcp(Option<u8>),
    /// `defaultif` (true) / `-defaultif`: SIOCSDEFIFACE_IN6, the host's
    /// ND default interface (one for the host; `-defaultif` only acts on the
    /// interface that is it).
    Nd6DefaultIf(bool),
    /// `-vlandev`.
    VlanDetach,
    /// `addm IF` (true) / `deletem IF`.
    BridgeMember(String, bool),
    /// A member flag (`stp IF`, `-learn IF`, `edge IF`, `span IF`...).
    BridgeMemberFlag {
        /// The member.
        member: String,
        /// `IFBIF_*` bit.
        flag: u32,
        /// Set (true) or clear.
        set: bool,
    },
    /// A bridge parameter (`maxaddr`, `timeout`, `priority`, `hellotime`,
    /// `fwddelay`, `maxage`, `holdcnt`) by its keyword, with its value.
    BridgeParam(&'static str, u32),
    /// 15.x's bridge VLAN filtering (`vlanfilter`, `ifuntagged`,
    /// `iftagged`, `defuntagged`, `ifvlanproto`...).
    BridgeVlan(BridgeVlanChange),
    /// The bridge's address cache (`static`, `deladdr`, `flush`,
    /// `flushall`, `ifmaxaddr`).
    BridgeCache(BridgeCacheChange),
    /// STP: `proto`, `ifpriority`, `ifpathcost`.
    BridgeStp(BridgeStpChange),
    /// `laggport IF` (true) / `-laggport IF`.
    LaggPort(String, bool),
    /// `laggproto P`.
    LaggProto(String),
    /// `lagghash l2,l3,l4` (LAGG_F_HASH* bits).
    LaggHash(u32),
    /// `use_flowid`, `-lacp_strict`... (a LAGG_OPT_* bit, set or cleared).
    LaggOption {
        /// The LAGG_OPT_* bit.
        opt: u32,
        /// Set (true) or clear.
        set: bool,
    },
    /// `flowid_shift N`.
    LaggFlowidShift(u32),
    /// `rr_limit N`.
    LaggRrLimit(u32),
    /// gif(4) options (`noclamp`, `-ignore_source`...): GIF_* bits.
    GifOption {
        /// The bits.
        bits: u32,
        /// Set (true) or clear.
        set: bool,
    },
    /// gre(4) options (`enable_csum`, `-udpencap`...): GRE_* bits.
    GreOption {
        /// The bits.
        bits: u32,
        /// Set (true) or clear.
        set: bool,
    },
    /// `grekey N`.
    GreKey(u32),
    /// `udpport N` (gre).
    GrePort(u32),
    /// A vxlan(4) setting (`vxlanid`, `vxlanlocal`, `vxlanflush`...).
    Vxlan(VxlanChange),
    /// A geneve(4) setting (`geneveid`, `genevelocal`, `genevettl`...),
    /// sent over netlink (16).
    Geneve(super::GeneveChange),
    /// A pfsync(4) setting (`syncdev`, `maxupd`, `defer`...).
    Pfsync(PfsyncChange),
    /// ipsec(4)'s `reqid`, stf(4)'s `stfv4net` / `stfv4br`.
    Driver(DriverChange),
    /// `tunnel SRC DST`.
    Tunnel(IpAddr, IpAddr),
    /// `-tunnel` / `deletetunnel`.
    DeleteTunnel,
    /// `vnet JAIL`: SIOCSIFVNET, the interface moves into the jail's vnet
    /// (if.c's if_vmove_loan); the jail as jail_getid(3) takes it, by name
    /// or jid.
    Vnet(String),
    /// `-vnet JAIL`: SIOCSIFRVNET, the interface of this name comes back
    /// from the jail's vnet (if_vmove_reclaim).
    Reclaim(String),
    /// `media`, `mediaopt`, `-mediaopt`, `mode`, `inst` of one line: one
    /// SIOCSIFMEDIA.
    Media(super::MediaEdit),
    /// inet6 address flags and lifetimes given with the address
    /// (`anycast`, `-deprecated`, `pltime N`...).
    Inet6Address {
        /// The address (added by the same command).
        addr: std::net::Ipv6Addr,
        /// `IN6_IFF_*` bits to set.
        set: u32,
        /// `IN6_IFF_*` bits to clear.
        clear: u32,
        /// `pltime`.
        pltime: Option<u32>,
        /// `vltime`.
        vltime: Option<u32>,
    },
}

/// `ifconfig NAME create ...`: a new cloned interface.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloneRequest {
    /// The name asked for (`vlan111`, `bridge`, `epair`, `lo1`...).
    pub name: String,
    /// Clone parameters given before the first other keyword
    /// (`vlan 111 vlandev vmx1`).
    pub vlan: Option<(u16, String)>,
    /// vxlan parameters given before the first other keyword
    /// (`vxlanid 42 vxlanlocal A vxlanremote B`), in order.
    pub vxlan: Vec<VxlanChange>,
    /// `laggtype ethernet|infiniband` (iflagg.c's `iflaggparam`): what
    /// kind of lagg a lagg clone is; `None` is ethernet.
    pub lagg_type: Option<String>,
    /// `genevemode l2|l3` (ifgeneve.c's `geneve_params`): a geneve's
    /// inner protocol; `None` is l2 (GENEVE_PROTO_ETHER).
    pub geneve_proto: Option<u16>,
}

impl CloneRequest {
    /// The vlan parameters ifvlan.c's `vlan_create` sends: those given, or
    /// those of a dotted name (`vmx1.111`: parent `vmx1`, tag 111; the tag
    /// 1 to 4094 without a leading 0, else "invalid vlan tag"); both at
    /// once only when they agree, else "ambiguous vlan specification".
    pub fn vlan_params(&self) -> Result<Option<(u16, String)>, crate::Error> {
        let refused = |s: &str| crate::Error::Refused(s.into());
        let dotted = match self.name.rsplit_once('.') {
            None => None,
            Some((parent, t)) => {
                let tag = t
                    .parse::<u16>()
                    .ok()
                    .filter(|n| (1..4095).contains(n) && !t.starts_with('0'))
                    .ok_or_else(|| refused("invalid vlan tag"))?;
                Some((tag, parent.to_string()))
            }
        };
        match (&self.vlan, dotted) {
            (Some(given), Some(named)) if *given != named => Err(refused("ambiguous vlan specification")),
            (Some(given), _) => Ok(Some(given.clone())),
            (None, named) => Ok(named),
        }
    }
}

/// ifconfig.c's `setifcapnv` on an interface without `IFCAP_NV`: a
/// warning (`warnx`), and the line goes on.
pub const IFCAP_NV_NOT_SUPPORTED: &str = "IFCAP_NV not supported";

/// `IFCAP_NV` (bit 17, `IFCAP_B_NV`): the interface takes SIOCGIFCAPNV /
/// SIOCSIFCAPNV.
pub const IFCAP_NV: u32 = 1 << 17;
