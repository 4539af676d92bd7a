//! The state of the tunnel and sync clone families beyond their outer
//! addresses: gif(4) and gre(4) options, vxlan(4), pfsync(4); and the
//! changes their ifconfig keywords ask for. Defaults are the drivers'
//! (if_gre.c, if_vxlan.c, if_pfsync.c). Kept in the host file (see
//! libcarpctl-host(5)).

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// gif(4): `GIFGOPTS` bits (`noclamp`, `ignore_source`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GifConfig {
    /// The option bits (net/if_gif.h `GIF_*`).
    #[serde(default)]
    pub options: u32,
}

/// gre(4): key, options and the GRE-in-UDP port (if_gre.c: all 0 when
/// created).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GreConfig {
    /// `grekey` (0: none).
    #[serde(default)]
    pub key: u32,
    /// `GRE_ENABLE_CSUM` 0x1, `GRE_ENABLE_SEQ` 0x2, `GRE_UDPENCAP` 0x4.
    #[serde(default)]
    pub options: u32,
    /// `udpport`: the UDP source port of GRE-in-UDP (0, the default: one
    /// derived from the flow).
    #[serde(default)]
    pub udpport: u32,
}

impl GreConfig {
    /// GRE_OPTMASK.
    pub const OPTMASK: u32 = 0x7;
    /// The source ports `udpport` takes besides 0 (net.inet.ip.portrange.hifirst..hilast).
    pub const UDPPORTS: std::ops::RangeInclusive<u32> = 49152..=65535;
}

/// vxlan(4) configuration (`struct ifvxlancfg`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VxlanConfig {
    /// The network identifier; absent until set (nothing is shown then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vni: Option<u32>,
    /// `vxlanlocal` (absent: 0.0.0.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<IpAddr>,
    /// `vxlanremote` / `vxlangroup` (absent: 0.0.0.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<IpAddr>,
    /// `vxlanlocalport`.
    #[serde(default = "vxlan_port")]
    pub local_port: u16,
    /// `vxlanremoteport`.
    #[serde(default = "vxlan_port")]
    pub remote_port: u16,
    /// `vxlanportrange` minimum.
    #[serde(default = "port_min")]
    pub port_min: u16,
    /// `vxlanportrange` maximum.
    #[serde(default = "port_max")]
    pub port_max: u16,
    /// `vxlantimeout` (forwarding table entry lifetime, seconds).
    #[serde(default = "ftable_timeout")]
    pub timeout: u32,
    /// `vxlanmaxaddr` (forwarding table size).
    #[serde(default = "ftable_max")]
    pub maxaddr: u32,
    /// `vxlandev` (multicast interface).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<String>,
    /// `vxlanttl`.
    #[serde(default = "ttl")]
    pub ttl: u8,
    /// `vxlanlearn` / `-vxlanlearn`.
    #[serde(default = "yes")]
    pub learn: bool,
}

fn vxlan_port() -> u16 {
    VxlanConfig::PORT
}
fn port_min() -> u16 {
    10000
}
fn port_max() -> u16 {
    65535
}
fn ftable_timeout() -> u32 {
    1200
}
fn ftable_max() -> u32 {
    2000
}
fn ttl() -> u8 {
    64
}
fn yes() -> bool {
    true
}

impl VxlanConfig {
    /// VXLAN_PORT (IANA).
    pub const PORT: u16 = 4789;
    /// VXLAN_VNI_MAX: identifiers are below 2^24.
    pub const VNI_MAX: u32 = 1 << 24;
}

impl Default for VxlanConfig {
    fn default() -> Self {
        VxlanConfig {
            vni: None,
            local: None,
            remote: None,
            local_port: vxlan_port(),
            remote_port: vxlan_port(),
            port_min: port_min(),
            port_max: port_max(),
            timeout: ftable_timeout(),
            maxaddr: ftable_max(),
            dev: None,
            ttl: ttl(),
            learn: true,
        }
    }
}

/// One vxlan setting (a `VXLAN_CMD_SET_*` request, or a create parameter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VxlanChange {
    /// `vxlanid` / `vni`.
    Vni(u32),
    /// `vxlanlocal`.
    Local(IpAddr),
    /// `vxlanremote` / `vxlangroup`.
    Remote(IpAddr),
    /// `vxlanlocalport`.
    LocalPort(u16),
    /// `vxlanremoteport`.
    RemotePort(u16),
    /// `vxlanportrange MIN MAX`.
    PortRange(u16, u16),
    /// `vxlantimeout`.
    Timeout(u32),
    /// `vxlanmaxaddr`.
    MaxAddr(u32),
    /// `vxlandev`.
    Dev(String),
    /// `vxlanttl`.
    Ttl(u8),
    /// `vxlanlearn` / `-vxlanlearn`.
    Learn(bool),
    /// `vxlanflush` (false) / `vxlanflushall` (true).
    Flush(bool),
}

impl VxlanChange {
    /// The `VXLAN_CMD_*` request's name, as ifconfig's `err()` prints it.
    pub fn request(&self) -> &'static str {
        match self {
            VxlanChange::Vni(_) => "VXLAN_CMD_SET_VNI",
            VxlanChange::Local(_) => "VXLAN_CMD_SET_LOCAL_ADDR",
            VxlanChange::Remote(_) => "VXLAN_CMD_SET_REMOTE_ADDR",
            VxlanChange::LocalPort(_) => "VXLAN_CMD_SET_LOCAL_PORT",
            VxlanChange::RemotePort(_) => "VXLAN_CMD_SET_REMOTE_PORT",
            VxlanChange::PortRange(..) => "VXLAN_CMD_SET_PORT_RANGE",
            VxlanChange::Timeout(_) => "VXLAN_CMD_SET_FTABLE_TIMEOUT",
            VxlanChange::MaxAddr(_) => "VXLAN_CMD_SET_FTABLE_MAX",
            VxlanChange::Dev(_) => "VXLAN_CMD_SET_MULTICAST_IF",
            VxlanChange::Ttl(_) => "VXLAN_CMD_SET_TTL",
            VxlanChange::Learn(_) => "VXLAN_CMD_SET_LEARN",
            VxlanChange::Flush(_) => "VXLAN_CMD_FLUSH",
        }
    }

    /// Apply to `c`, as the driver's setter stores it.
    pub fn apply_to(&self, c: &mut VxlanConfig) {
        match self {
            VxlanChange::Vni(v) => c.vni = Some(*v),
            VxlanChange::Local(a) => c.local = Some(*a),
            VxlanChange::Remote(a) => c.remote = Some(*a),
            VxlanChange::LocalPort(p) => c.local_port = *p,
            VxlanChange::RemotePort(p) => c.remote_port = *p,
            VxlanChange::PortRange(a, b) => (c.port_min, c.port_max) = (*a, *b),
            VxlanChange::Timeout(t) => c.timeout = *t,
            VxlanChange::MaxAddr(m) => c.maxaddr = *m,
            VxlanChange::Dev(d) => c.dev = Some(d.clone()),
            VxlanChange::Ttl(t) => c.ttl = *t,
            VxlanChange::Learn(l) => c.learn = *l,
            VxlanChange::Flush(_) => {}
        }
    }

    /// The change that puts back what `c` has for the same setting
    /// (`None`: nothing to put back).
    pub fn undo_on(&self, c: &VxlanConfig) -> Option<VxlanChange> {
        Some(match self {
            VxlanChange::Vni(_) => VxlanChange::Vni(c.vni?),
            VxlanChange::Local(_) => VxlanChange::Local(c.local?),
            VxlanChange::Remote(_) => VxlanChange::Remote(c.remote?),
            VxlanChange::LocalPort(_) => VxlanChange::LocalPort(c.local_port),
            VxlanChange::RemotePort(_) => VxlanChange::RemotePort(c.remote_port),
            VxlanChange::PortRange(..) => VxlanChange::PortRange(c.port_min, c.port_max),
            VxlanChange::Timeout(_) => VxlanChange::Timeout(c.timeout),
            VxlanChange::MaxAddr(_) => VxlanChange::MaxAddr(c.maxaddr),
            VxlanChange::Dev(_) => VxlanChange::Dev(c.dev.clone()?),
            VxlanChange::Ttl(_) => VxlanChange::Ttl(c.ttl),
            VxlanChange::Learn(_) => VxlanChange::Learn(c.learn),
            VxlanChange::Flush(_) => return None,
        })
    }
}

/// pfsync(4) settings (`SIOCGETPFSYNCNV`'s nvlist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PfsyncConfig {
    /// `syncdev` (`syncif` before 14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syncdev: Option<String>,
    /// `syncpeer` (absent: the pfsync multicast group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syncpeer: Option<IpAddr>,
    /// `maxupd`.
    #[serde(default = "maxupd")]
    pub maxupd: u8,
    /// `defer` / `-defer` (PFSYNCF_DEFER).
    #[serde(default)]
    pub defer: bool,
    /// `version` (the message format).
    #[serde(default = "pfsync_version")]
    pub version: u32,
}

fn maxupd() -> u8 {
    128
}
fn pfsync_version() -> u32 {
    PfsyncConfig::VERSION_DEFAULT
}

impl PfsyncConfig {
    /// PFSYNC_MSG_VERSION_DEFAULT (1400 since 14.0).
    pub const VERSION_DEFAULT: u32 = 1400;
    /// The message versions the kernel takes (1301 and 1400; 15 adds 1500).
    pub const VERSIONS: [u32; 3] = [1301, 1400, 1500];

    /// Whether `release`'s kernel speaks message version `v` (1500 is in
    /// 15's header, not in 14's if_pfsync.c).
    pub fn speaks(release: crate::types::Release, v: u32) -> bool {
        Self::VERSIONS.contains(&v) && (v != 1500 || release.major >= 15)
    }
}

impl Default for PfsyncConfig {
    fn default() -> Self {
        PfsyncConfig {
            syncdev: None,
            syncpeer: None,
            maxupd: maxupd(),
            defer: false,
            version: pfsync_version(),
        }
    }
}

/// One pfsync setting (`SIOCSETPFSYNCNV` after a read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PfsyncChange {
    /// `syncdev IF` / `-syncdev` (None).
    Syncdev(Option<String>),
    /// `syncpeer ADDR` / `-syncpeer` (None).
    Syncpeer(Option<IpAddr>),
    /// `maxupd N`.
    Maxupd(u8),
    /// `defer` / `-defer`.
    Defer(bool),
    /// `version N`.
    Version(u32),
}

impl PfsyncChange {
    /// Apply to `c`.
    pub fn apply_to(&self, c: &mut PfsyncConfig) {
        match self {
            PfsyncChange::Syncdev(d) => c.syncdev = d.clone(),
            PfsyncChange::Syncpeer(p) => c.syncpeer = *p,
            PfsyncChange::Maxupd(n) => c.maxupd = *n,
            PfsyncChange::Defer(d) => c.defer = *d,
            PfsyncChange::Version(v) => c.version = *v,
        }
    }

    /// The change that puts back what `c` has for the same setting.
    pub fn undo_on(&self, c: &PfsyncConfig) -> PfsyncChange {
        match self {
            PfsyncChange::Syncdev(_) => PfsyncChange::Syncdev(c.syncdev.clone()),
            PfsyncChange::Syncpeer(_) => PfsyncChange::Syncpeer(c.syncpeer),
            PfsyncChange::Maxupd(_) => PfsyncChange::Maxupd(c.maxupd),
            PfsyncChange::Defer(_) => PfsyncChange::Defer(c.defer),
            PfsyncChange::Version(_) => PfsyncChange::Version(c.version),
        }
    }
}
