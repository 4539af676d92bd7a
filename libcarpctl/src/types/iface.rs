use super::{Address, CarpStatus, IfaceSettings};

bitflags::bitflags! {
    /// Interface flags (`IFF_*`, FreeBSD values; `if_flags` | `if_drv_flags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct IfFlags: u32 {
        /// Interface is administratively up.
        const UP = 0x1;
        /// Broadcast address valid.
        const BROADCAST = 0x2;
        /// Debugging.
        const DEBUG = 0x4;
        /// Loopback interface.
        const LOOPBACK = 0x8;
        /// Point-to-point link.
        const POINTOPOINT = 0x10;
        /// Needs the network epoch (was SMART in 10).
        const NEEDSEPOCH = 0x20;
        /// Driver resources allocated (`IFF_DRV_RUNNING`).
        const RUNNING = 0x40;
        /// No ARP.
        const NOARP = 0x80;
        /// Receive all packets (set by the first vhid).
        const PROMISC = 0x100;
        /// Receive all multicast.
        const ALLMULTI = 0x200;
        /// Transmit busy (`IFF_DRV_OACTIVE`).
        const DRV_OACTIVE = 0x400;
        /// Cannot hear own transmissions.
        const SIMPLEX = 0x800;
        /// Per link layer.
        const LINK0 = 0x1000;
        /// Per link layer.
        const LINK1 = 0x2000;
        /// Per link layer.
        const LINK2 = 0x4000;
        /// Supports multicast (required by carp).
        const MULTICAST = 0x8000;
        /// Cannot be configured.
        const CANTCONFIG = 0x10000;
        /// User-requested promiscuous mode.
        const PPROMISC = 0x20000;
        /// Monitor mode.
        const MONITOR = 0x40000;
        /// Static ARP.
        const STATICARP = 0x80000;
        /// Sticky ARP.
        const STICKYARP = 0x100000;
        /// Being destroyed.
        const DYING = 0x200000;
        /// Being renamed.
        const RENAMING = 0x400000;
        /// Not part of any group.
        const NOGROUP = 0x800000;
        /// Link is up (reported by netlink on 14+).
        const LOWER_UP = 0x1000000;
    }
}

bitflags::bitflags! {
    /// Interface capabilities enabled (`IFCAP_*`), shown as `options=`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Capabilities: u32 {
        /// Any bit.
        const _ = !0;
    }
}

bitflags::bitflags! {
    /// ND6 per-interface options (`ND6_IFF_*`), shown as `nd6 options=`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Nd6Flags: u32 {
        /// Perform neighbour unreachability detection.
        const PERFORMNUD = 0x1;
        /// Accept router advertisements.
        const ACCEPT_RTADV = 0x2;
        /// Prefer this interface's source addresses.
        const PREFER_SOURCE = 0x4;
        /// IPv6 disabled.
        const IFDISABLED = 0x8;
        /// Do not install interface routes.
        const DONT_SET_IFROUTE = 0x10;
        /// Create a link-local address automatically.
        const AUTO_LINKLOCAL = 0x20;
        /// Ignore router advertisements' default router.
        const NO_RADR = 0x40;
        /// No interface preference.
        const NO_PREFER_IFACE = 0x80;
        /// No duplicate address detection.
        const NO_DAD = 0x100;
    }
}

/// Names of the `IFCAP_*` bits, bit 0 first (FreeBSD 14 `net/if.h`).
pub const IFCAP_NAMES: [&str; 32] = [
    "RXCSUM",
    "TXCSUM",
    "NETCONS",
    "VLAN_MTU",
    "VLAN_HWTAGGING",
    "JUMBO_MTU",
    "POLLING",
    "VLAN_HWCSUM",
    "TSO4",
    "TSO6",
    "LRO",
    "WOL_UCAST",
    "WOL_MCAST",
    "WOL_MAGIC",
    "TOE4",
    "TOE6",
    "VLAN_HWFILTER",
    "NV",
    "VLAN_HWTSO",
    "LINKSTATE",
    "NETMAP",
    "RXCSUM_IPV6",
    "TXCSUM_IPV6",
    "HWSTATS",
    "TXRTLMT",
    "HWRXTSTMP",
    "NOMAP",
    "TXTLS4",
    "TXTLS6",
    "VXLAN_HWCSUM",
    "VXLAN_HWTSO",
    "TXTLS_RTLMT",
];

impl Capabilities {
    /// The bit named `name` (`IFCAP_NAMES`).
    pub fn from_cap_name(name: &str) -> Option<Capabilities> {
        IFCAP_NAMES.iter().position(|n| *n == name).map(|b| Capabilities::from_bits_retain(1 << b))
    }
}

/// The kind of an interface, as far as carp(4) cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IfType {
    /// Ethernet (`IFT_ETHER`).
    #[default]
    Ethernet,
    /// Loopback.
    Loopback,
    /// 802.1Q VLAN (`IFT_L2VLAN`).
    L2Vlan,
    /// Bridge (`IFT_BRIDGE`).
    Bridge,
    /// Anything else (carp refuses it with EOPNOTSUPP).
    Other,
}

impl IfType {
    /// Whether carp(4) can run on it (Ethernet, L2 VLAN, bridge).
    pub fn supports_carp(self) -> bool {
        matches!(self, IfType::Ethernet | IfType::L2Vlan | IfType::Bridge)
    }

    /// The host-file name.
    pub fn name(self) -> &'static str {
        match self {
            IfType::Ethernet => "ethernet",
            IfType::Loopback => "loopback",
            IfType::L2Vlan => "l2vlan",
            IfType::Bridge => "bridge",
            IfType::Other => "other",
        }
    }

    /// From a host-file name.
    pub fn from_name(s: &str) -> Option<IfType> {
        [IfType::Ethernet, IfType::Loopback, IfType::L2Vlan, IfType::Bridge, IfType::Other]
            .into_iter()
            .find(|t| t.name() == s)
    }
}

/// A link's status, as ifconfig's `status:` line words it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// `active`: the link is up (Ethernet).
    Active,
    /// `no carrier`: the link is down.
    NoCarrier,
    /// `associated`: an 802.11 station is associated.
    Associated,
    /// `running`: an 802.11 interface in another mode is running.
    Running,
    /// Any other text, kept as it is.
    Other(String),
}

impl LinkStatus {
    /// The text ifconfig prints.
    pub fn as_str(&self) -> &str {
        match self {
            LinkStatus::Active => "active",
            LinkStatus::NoCarrier => "no carrier",
            LinkStatus::Associated => "associated",
            LinkStatus::Running => "running",
            LinkStatus::Other(s) => s,
        }
    }
}

/// From ifconfig's text (anything unknown is kept as [`LinkStatus::Other`]).
impl From<&str> for LinkStatus {
    fn from(s: &str) -> LinkStatus {
        [LinkStatus::Active, LinkStatus::NoCarrier, LinkStatus::Associated, LinkStatus::Running]
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or_else(|| LinkStatus::Other(s.to_string()))
    }
}

/// One interface with everything ifconfig shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interface {
    /// Name (`igb0`).
    pub name: String,
    /// Interface index.
    pub index: u32,
    /// Kind.
    pub kind: IfType,
    /// Flags.
    pub flags: IfFlags,
    /// Metric.
    pub metric: u32,
    /// MTU.
    pub mtu: u32,
    /// Enabled capabilities; `None` when the interface has none to show.
    pub options: Option<Capabilities>,
    /// Link-layer address.
    pub ether: Option<[u8; 6]>,
    /// ND6 options; `None` when IPv6 is not attached.
    pub nd6: Option<Nd6Flags>,
    /// The media line's text after `media: `.
    pub media: Option<String>,
    /// The link status (`status: active`); `None` where the interface has
    /// no media status (a loopback).
    pub status: Option<LinkStatus>,
    /// The media the driver lists (SIOCGIFMEDIA's `ifm_ulist`), as
    /// `ifconfig -m` prints them (`media 100baseTX mediaopt full-duplex`),
    /// in the kernel's order; empty without media.
    pub supported_media: Vec<String>,
    /// Addresses, in the kernel's list order.
    pub addresses: Vec<Address>,
    /// The interface's vhids, in the kernel's order (creation order).
    pub carp: Vec<CarpStatus>,
    /// Description, groups, FIBs and cloned-interface state.
    pub settings: IfaceSettings,
}

impl Interface {
    /// Whether the interface is up and its link is up (carp's condition for
    /// leaving INIT).
    pub fn is_up_with_link(&self) -> bool {
        self.flags.contains(IfFlags::UP) && self.status != Some(LinkStatus::NoCarrier)
    }

    /// The status line's text after `status: ` (`active`, `no carrier`).
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(LinkStatus::as_str)
    }
}
