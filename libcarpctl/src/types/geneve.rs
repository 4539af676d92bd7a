//! geneve(4) (FreeBSD 16): a softc's configuration and the changes
//! ifgeneve.c's words ask for. Defaults and rules are if_geneve.c's
//! (freebsd-src 2646acf6, `geneve_set_default_config`,
//! `geneve_clone_modify_nl`); the netlink attributes that carry them are
//! in [`crate::netlink::geneve`]. Kept in the host file (see
//! libcarpctl-host(5)).

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// A geneve interface's configuration, as `geneve_clone_dump_nl` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneveConfig {
    /// The inner protocol, fixed at creation (`genevemode`): 0x6558
    /// (GENEVE_PROTO_ETHER, `l2`) or 0 (GENEVE_PROTO_INHERIT, `l3`).
    #[serde(default = "proto_ether")]
    pub proto: u16,
    /// The network identifier; absent until set (GENEVE_VNI_MAX in the
    /// softc: `not configured`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vni: Option<u32>,
    /// `genevelocal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<IpAddr>,
    /// `geneveremote` / `genevegroup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<IpAddr>,
    /// `genevelocalport` (GENEVE_UDPPORT 6081).
    #[serde(default = "udp_port")]
    pub local_port: u16,
    /// `geneveremoteport` (GENEVE_UDPPORT 6081).
    #[serde(default = "udp_port")]
    pub remote_port: u16,
    /// `geneveportrange` minimum (net.inet.ip.portrange.first, 10000).
    #[serde(default = "port_min")]
    pub port_min: u16,
    /// `geneveportrange` maximum (net.inet.ip.portrange.last, 65535).
    #[serde(default = "port_max")]
    pub port_max: u16,
    /// `genevedf`: 0 unset, 1 set, 2 inherit (`enum ifla_geneve_df`).
    #[serde(default)]
    pub df: u8,
    /// `genevettl N` (net.inet.ip.ttl, 64).
    #[serde(default = "ttl")]
    pub ttl: u8,
    /// `genevettl inherit`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ttl_inherit: bool,
    /// `genevedscpinherit`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dscp_inherit: bool,
    /// `geneveexternal` (GENEVE_FLAG_COLLECT_METADATA): the configuration
    /// is then locked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// `genevelearn` / `-genevelearn` (on at creation).
    #[serde(default = "yes")]
    pub learn: bool,
    /// `genevemaxaddr` (GENEVE_FTABLE_MAX 2000).
    #[serde(default = "ftable_max")]
    pub ftable_max: u32,
    /// `genevetimeout`, seconds (GENEVE_FTABLE_TIMEOUT 1200).
    #[serde(default = "ftable_timeout")]
    pub ftable_timeout: u32,
    /// `genevedev`: the multicast interface's name (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dev: String,
    /// GENEVE_FLAG_RUNNING: set by the first `up` (even when the
    /// configuration could not start the tunnel, as `geneve_init` sets it
    /// on every path), cleared by `down`. While set the configuration is
    /// busy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub running: bool,
    /// GENEVE_FLAG_USER_MTU: an MTU was set, so a new remote address
    /// keeps it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub user_mtu: bool,
}

fn proto_ether() -> u16 {
    GeneveConfig::PROTO_ETHER
}
fn udp_port() -> u16 {
    GeneveConfig::UDP_PORT
}
fn port_min() -> u16 {
    10000
}
fn port_max() -> u16 {
    65535
}
fn ttl() -> u8 {
    64
}
fn yes() -> bool {
    true
}
fn ftable_max() -> u32 {
    GeneveConfig::FTABLE_MAX
}
fn ftable_timeout() -> u32 {
    1200
}

impl Default for GeneveConfig {
    fn default() -> Self {
        GeneveConfig {
            proto: proto_ether(),
            vni: None,
            local: None,
            remote: None,
            local_port: udp_port(),
            remote_port: udp_port(),
            port_min: port_min(),
            port_max: port_max(),
            df: 0,
            ttl: ttl(),
            ttl_inherit: false,
            dscp_inherit: false,
            external: false,
            learn: true,
            ftable_max: ftable_max(),
            ftable_timeout: ftable_timeout(),
            dev: String::new(),
            running: false,
            user_mtu: false,
        }
    }
}

impl GeneveConfig {
    /// GENEVE_PROTO_ETHER (`genevemode l2`, the default).
    pub const PROTO_ETHER: u16 = 0x6558;
    /// GENEVE_PROTO_INHERIT (`genevemode l3`).
    pub const PROTO_INHERIT: u16 = 0;
    /// GENEVE_UDPPORT.
    pub const UDP_PORT: u16 = 6081;
    /// GENEVE_VNI_MAX: identifiers are below 2^24.
    pub const VNI_MAX: u32 = 1 << 24;
    /// GENEVE_FTABLE_MAX: the most `genevemaxaddr` takes.
    pub const FTABLE_MAX: u32 = 2000;
    /// GENEVE_FTABLE_MAX_TIMEOUT: the most `genevetimeout` takes.
    pub const FTABLE_MAX_TIMEOUT: u32 = 86400;

    /// A new softc of inner protocol `proto`.
    pub fn with_proto(proto: u16) -> GeneveConfig {
        GeneveConfig { proto, ..GeneveConfig::default() }
    }

    /// Whether it carries Ethernet frames (`l2`).
    pub fn is_l2(&self) -> bool {
        self.proto == Self::PROTO_ETHER
    }

    /// `geneve_valid_init_config`: whether `up` can start the tunnel (a
    /// vni, a remote address of one family with the local one, a device
    /// only with a group, both ports).
    pub fn can_start(&self) -> bool {
        let Some(remote) = self.remote else { return false };
        let vni = self.vni.is_some_and(|v| v < Self::VNI_MAX);
        let any = remote.is_unspecified();
        let dev_without_group = !self.dev.is_empty() && !remote.is_multicast();
        vni && !any && !dev_without_group && self.local_port != 0 && self.remote_port != 0
    }

    /// What `geneve_get_local_port` reports: the port of the local
    /// sockaddr, 0 while it has no family.
    pub fn reported_local_port(&self) -> u16 {
        if self.local.is_some() {
            self.local_port
        } else {
            0
        }
    }

    /// What `geneve_get_remote_port` reports (0 without a remote address).
    pub fn reported_remote_port(&self) -> u16 {
        if self.remote.is_some() {
            self.remote_port
        } else {
            0
        }
    }

    /// `geneve_setup_interface_hdrlen`: the link header the tunnel adds,
    /// and so the MTU it starts with (ETHERMTU less it) until one is set.
    pub fn default_mtu(&self) -> u32 {
        // ETHER_HDR_LEN + UDP + geneve header, the inner Ethernet header
        // for l2, and the outer IP header (IPv6's unless the remote is IPv4).
        let mut hdr = 14 + 8 + 8;
        if self.is_l2() {
            hdr += 14;
        }
        hdr += if self.remote.is_some_and(|r| r.is_ipv4()) { 20 } else { 40 };
        1500 - hdr
    }
}

/// One geneve setting: one IFLA_GENEVE_* attribute (two for a TTL) of an
/// RTM_NEWLINK, as ifgeneve.c sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GeneveChange {
    /// `geneveid N` (IFLA_GENEVE_ID).
    Vni(u32),
    /// `genevelocal A` (IFLA_GENEVE_LOCAL).
    Local(IpAddr),
    /// `geneveremote A` / `genevegroup A` (IFLA_GENEVE_REMOTE).
    Remote(IpAddr),
    /// `genevelocalport N` (IFLA_GENEVE_LOCAL_PORT).
    LocalPort(u16),
    /// `geneveremoteport N` (IFLA_GENEVE_PORT).
    RemotePort(u16),
    /// `geneveportrange MIN MAX` (IFLA_GENEVE_PORT_RANGE).
    PortRange(u16, u16),
    /// `genevetimeout N` (IFLA_GENEVE_FTABLE_TIMEOUT).
    Timeout(u32),
    /// `genevemaxaddr N` (IFLA_GENEVE_FTABLE_MAX).
    MaxAddr(u32),
    /// `genevedev IF` (IFLA_GENEVE_MC_IFNAME).
    Dev(String),
    /// `genevettl N` (IFLA_GENEVE_TTL, then IFLA_GENEVE_TTL_INHERIT false).
    Ttl(u8),
    /// `genevettl inherit` (IFLA_GENEVE_TTL_INHERIT true).
    TtlInherit,
    /// `genevedf set|inherit|unset` (IFLA_GENEVE_DF).
    Df(u8),
    /// `genevedscpinherit` / `-genevedscpinherit` (IFLA_GENEVE_DSCP_INHERIT).
    DscpInherit(bool),
    /// `genevelearn` / `-genevelearn` (IFLA_GENEVE_FTABLE_LEARN).
    Learn(bool),
    /// `geneveflush` (true) / `geneveflushall` (false): the flag
    /// IFLA_GENEVE_FTABLE_FLUSH carries (ifgeneve.c's `d`).
    Flush(bool),
    /// `geneveexternal` / `-geneveexternal` (IFLA_GENEVE_COLLECT_METADATA).
    External(bool),
}

/// Why the kernel refused a geneve change: its errno and the message it
/// attaches (`nlmsg_report_err_msg`), which ifconfig prints.
pub type GeneveRefusal = (crate::error::Errno, Option<String>);

impl GeneveChange {
    /// `geneve_can_change_config`: whether the change needs a softc that
    /// is neither running nor externally controlled.
    fn needs_idle(&self) -> bool {
        matches!(
            self,
            GeneveChange::Vni(_)
                | GeneveChange::Local(_)
                | GeneveChange::Remote(_)
                | GeneveChange::LocalPort(_)
                | GeneveChange::RemotePort(_)
                | GeneveChange::PortRange(..)
                | GeneveChange::Df(_)
                | GeneveChange::Dev(_)
        )
    }

    /// `geneve_clone_modify_nl`'s setters: check, then change `c`.
    pub fn apply(&self, c: &mut GeneveConfig) -> Result<(), GeneveRefusal> {
        use crate::error::Errno::{EBUSY, EINVAL};
        let einval = |m: String| Err((EINVAL, Some(m)));
        match self {
            GeneveChange::Vni(v) if *v >= GeneveConfig::VNI_MAX => {
                return einval(format!("geneve vni is invalid: {v}"))
            }
            GeneveChange::LocalPort(0) => return einval("local port is invalid: 0".into()),
            GeneveChange::RemotePort(0) => return einval("remote port is invalid: 0".into()),
            GeneveChange::PortRange(lo, hi) if *lo == 0 || hi < lo => {
                return einval(format!("port range is invalid: {lo}-{hi}"))
            }
            // geneve_check_multicast_addr's 1 comes back as the errno
            // (EPERM), with no message (ifconfig refuses such an address
            // before sending it).
            GeneveChange::Local(a) if a.is_multicast() => return Err((crate::error::Errno::EPERM, None)),
            GeneveChange::MaxAddr(m) if *m > GeneveConfig::FTABLE_MAX => {
                return einval(format!(
                    "maximum number of entries in the table can not be more than {}",
                    GeneveConfig::FTABLE_MAX
                ))
            }
            GeneveChange::Timeout(t) if *t > GeneveConfig::FTABLE_MAX_TIMEOUT => {
                return einval(format!(
                    "maximum timeout for stale entries in the table can not be more than {}",
                    GeneveConfig::FTABLE_MAX_TIMEOUT
                ))
            }
            _ => {}
        }
        if self.needs_idle() && (c.running || c.external) {
            return Err((EBUSY, Some("geneve interface is busy.".into())));
        }
        match self {
            GeneveChange::Vni(v) => c.vni = Some(*v),
            GeneveChange::Local(a) => c.local = Some(*a),
            GeneveChange::Remote(a) => c.remote = Some(*a),
            // The port lives in the address's sockaddr: without an
            // address of a family the setter changes nothing.
            GeneveChange::LocalPort(p) if c.local.is_some() => c.local_port = *p,
            GeneveChange::RemotePort(p) if c.remote.is_some() => c.remote_port = *p,
            GeneveChange::LocalPort(_) | GeneveChange::RemotePort(_) => {}
            GeneveChange::PortRange(lo, hi) => (c.port_min, c.port_max) = (*lo, *hi),
            GeneveChange::Timeout(t) => c.ftable_timeout = *t,
            GeneveChange::MaxAddr(m) => c.ftable_max = *m,
            GeneveChange::Dev(d) => c.dev = d.chars().take(15).collect(),
            GeneveChange::Ttl(t) => (c.ttl, c.ttl_inherit) = (*t, false),
            GeneveChange::TtlInherit => c.ttl_inherit = true,
            GeneveChange::Df(d) => c.df = *d,
            GeneveChange::DscpInherit(b) => c.dscp_inherit = *b,
            GeneveChange::Learn(b) => c.learn = *b,
            GeneveChange::Flush(_) => {}
            GeneveChange::External(b) => c.external = *b,
        }
        Ok(())
    }

    /// The change that puts back what `c` has (`None`: nothing to undo).
    pub fn undo_on(&self, c: &GeneveConfig) -> Option<GeneveChange> {
        Some(match self {
            GeneveChange::Vni(_) => GeneveChange::Vni(c.vni?),
            GeneveChange::Local(_) => GeneveChange::Local(c.local?),
            GeneveChange::Remote(_) => GeneveChange::Remote(c.remote?),
            GeneveChange::LocalPort(_) => GeneveChange::LocalPort(c.local_port),
            GeneveChange::RemotePort(_) => GeneveChange::RemotePort(c.remote_port),
            GeneveChange::PortRange(..) => GeneveChange::PortRange(c.port_min, c.port_max),
            GeneveChange::Timeout(_) => GeneveChange::Timeout(c.ftable_timeout),
            GeneveChange::MaxAddr(_) => GeneveChange::MaxAddr(c.ftable_max),
            GeneveChange::Dev(_) => GeneveChange::Dev(c.dev.clone()),
            GeneveChange::Ttl(_) | GeneveChange::TtlInherit if c.ttl_inherit => GeneveChange::TtlInherit,
            GeneveChange::Ttl(_) | GeneveChange::TtlInherit => GeneveChange::Ttl(c.ttl),
            GeneveChange::Df(_) => GeneveChange::Df(c.df),
            GeneveChange::DscpInherit(_) => GeneveChange::DscpInherit(c.dscp_inherit),
            GeneveChange::Learn(_) => GeneveChange::Learn(c.learn),
            GeneveChange::Flush(_) => return None,
            GeneveChange::External(_) => GeneveChange::External(c.external),
        })
    }
}
