//! What the engine is told: host settings (the `net.inet.carp.*` sysctls),
//! the interface a vhid lives on, and one vhid's configuration. The
//! conversions from the library's vhid types live here, in one place.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::types::{
    CarpSet, CarpState, CarpStatus, CarpVersion, Key, Vhid, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6,
};

/// `CARP_MAXSKEW`: the demoted skew never exceeds this.
pub const CARP_MAXSKEW: i32 = 240;
/// The default demotion factors (`net.inet.carp.ifdown_demotion_factor`,
/// `senderr_demotion_factor`).
pub const DEFAULT_DEMOTION_FACTOR: i32 = 240;

/// Host-wide settings, FreeBSD's `net.inet.carp.*` sysctls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// `allow`: accept advertisements and run vhids (default on).
    pub allow: bool,
    /// `preempt`: take over from slower masters; with it, one vhid going
    /// down demotes all (through the global demotion).
    pub preempt: bool,
    /// `demotion`: the administrator's share of the global demotion. The
    /// engine adds its own (interface down, send errors); see
    /// [`crate::engine::Engine::demotion`].
    pub demotion: i32,
    /// `log`: log level for the daemon (0 none, 1 state changes, 2 debug).
    /// The engine never logs; it reports.
    pub log: u8,
    /// `ifdown_demotion_factor`: added while a vhid's interface is down.
    pub ifdown_demotion_factor: i32,
    /// `senderr_demotion_factor`: added after 3 consecutive send errors.
    pub senderr_demotion_factor: i32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            allow: true,
            preempt: false,
            demotion: 0,
            log: 1,
            ifdown_demotion_factor: DEFAULT_DEMOTION_FACTOR,
            senderr_demotion_factor: DEFAULT_DEMOTION_FACTOR,
        }
    }
}

/// The interface a vhid lives on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfRef {
    /// Interface index.
    pub index: u32,
    /// Interface name (for logs and events: `112@igb0`).
    pub name: String,
    /// The IPv4 address advertisements leave from (the interface's first
    /// IPv4 address), when known: VRRP's checksum and tie-break use it.
    pub src4: Option<Ipv4Addr>,
    /// The same for IPv6 (usually the link-local address).
    pub src6: Option<Ipv6Addr>,
}

impl IfRef {
    /// An interface by index and name, source addresses unknown.
    pub fn new(index: u32, name: &str) -> IfRef {
        IfRef { index, name: name.to_string(), src4: None, src6: None }
    }
}

/// One vhid's configuration: every field has a value (no "keep").
#[derive(Clone, PartialEq, Eq)]
pub struct VhidConfig {
    /// The vhid.
    pub vhid: Vhid,
    /// Advertisement base interval, seconds, 1..=255.
    pub advbase: u8,
    /// Advertisement skew, 1/256 s, 0..=254.
    pub advskew: u8,
    /// The key (an empty key is the all-zero key, as in the kernel).
    pub key: Key,
    /// IPv4 destination: 224.0.0.18 (multicast) or a unicast peer.
    pub peer: Ipv4Addr,
    /// IPv6 destination: ff02::12 (multicast) or a unicast peer.
    pub peer6: Ipv6Addr,
    /// CARP or VRRPv3; cannot change once the vhid exists.
    pub version: CarpVersion,
    /// VRRP priority, 1..=255 (255 = owner).
    pub vrrp_priority: u8,
    /// VRRP advertisement interval, centiseconds, 1..=4095.
    pub vrrp_interval: u16,
    /// A requested state (`state master|backup` from ifconfig): a nudge
    /// applied once by [`crate::engine::Engine::configure`], as carp(4) does.
    pub state: Option<CarpState>,
}

impl fmt::Debug for VhidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VhidConfig")
            .field("vhid", &self.vhid)
            .field("advbase", &self.advbase)
            .field("advskew", &self.advskew)
            .field("key", &self.key)
            .field("peer", &self.peer)
            .field("peer6", &self.peer6)
            .field("version", &self.version)
            .field("vrrp_priority", &self.vrrp_priority)
            .field("vrrp_interval", &self.vrrp_interval)
            .field("state", &self.state)
            .finish()
    }
}

/// Why a configuration is refused (the kernel's EINVAL cases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// advbase outside 1..=255.
    Advbase(i64),
    /// advskew outside 0..=254.
    Advskew(i64),
    /// VRRP interval outside 1..=4095.
    VrrpInterval(i64),
    /// VRRP priority 0.
    VrrpPriority,
    /// The version of an existing vhid cannot change.
    VersionChange,
    /// No such vhid on that interface.
    NoSuchVhid,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Advbase(v) => write!(f, "advbase {v} outside 1..255"),
            ConfigError::Advskew(v) => write!(f, "advskew {v} outside 0..254"),
            ConfigError::VrrpInterval(v) => write!(f, "vrrp interval {v} outside 1..4095"),
            ConfigError::VrrpPriority => f.write_str("vrrp priority 0 is reserved"),
            ConfigError::VersionChange => f.write_str("the version of an existing vhid cannot change"),
            ConfigError::NoSuchVhid => f.write_str("no such vhid"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl VhidConfig {
    /// A new vhid as the kernel creates it: advbase 1, advskew 0, no key,
    /// multicast peers, CARP, VRRP priority 100 and interval 100 cs.
    pub fn new(vhid: Vhid) -> VhidConfig {
        VhidConfig {
            vhid,
            advbase: 1,
            advskew: 0,
            key: Key::empty(),
            peer: CARP_DEFAULT_PEER,
            peer6: CARP_DEFAULT_PEER6,
            version: CarpVersion::Carp,
            vrrp_priority: 100,
            vrrp_interval: 100,
            state: None,
        }
    }

    /// From what the kernel (or the model) reports for a vhid.
    pub fn from_status(st: &CarpStatus) -> Result<VhidConfig, ConfigError> {
        let cfg = VhidConfig {
            vhid: st.vhid,
            advbase: range(st.advbase.into(), 1, 255).map_err(ConfigError::Advbase)?,
            advskew: range(st.advskew.into(), 0, 254).map_err(ConfigError::Advskew)?,
            key: st.key.clone(),
            peer: st.peer.unwrap_or(CARP_DEFAULT_PEER),
            peer6: st.peer6.unwrap_or(CARP_DEFAULT_PEER6),
            version: st.version,
            vrrp_priority: st.vrrp_priority,
            vrrp_interval: u16::try_from(st.vrrp_interval).unwrap_or(u16::MAX),
            state: None,
        };
        cfg.validated()
    }

    /// Apply a SET request to `current` (or to a new vhid) with the
    /// kernel's rules: advbase 0 keeps, advskew replaces, an empty key
    /// keeps, unspecified peers keep, version 0 keeps; the state is a nudge.
    pub fn apply_set(current: Option<&VhidConfig>, set: &CarpSet) -> Result<VhidConfig, ConfigError> {
        let mut cfg = current.cloned().unwrap_or_else(|| VhidConfig::new(set.vhid));
        if set.advbase != 0 {
            cfg.advbase = range(set.advbase.into(), 1, 255).map_err(ConfigError::Advbase)?;
        }
        cfg.advskew = range(set.advskew.into(), 0, 254).map_err(ConfigError::Advskew)?;
        if !set.key.is_empty() {
            cfg.key = set.key.clone();
        }
        if let Some(p) = set.peer.filter(|p| !p.is_unspecified()) {
            cfg.peer = p;
        }
        if let Some(p) = set.peer6.filter(|p| !p.is_unspecified()) {
            cfg.peer6 = p;
        }
        if let Some(v) = set.version {
            if current.is_some_and(|c| c.version != v) {
                return Err(ConfigError::VersionChange);
            }
            cfg.version = v;
        }
        if set.vrrp_priority != 0 {
            cfg.vrrp_priority = set.vrrp_priority;
        }
        if set.vrrp_interval != 0 {
            cfg.vrrp_interval =
                range(set.vrrp_interval.into(), 1, 4095).map_err(ConfigError::VrrpInterval)?;
        }
        cfg.state = Some(set.state);
        cfg.validated()
    }

    /// Check the ranges a hand-built config may violate.
    pub fn validated(self) -> Result<VhidConfig, ConfigError> {
        if self.advbase == 0 {
            return Err(ConfigError::Advbase(0));
        }
        if self.advskew == 255 {
            return Err(ConfigError::Advskew(255));
        }
        if self.vrrp_interval == 0 || self.vrrp_interval > 4095 {
            return Err(ConfigError::VrrpInterval(self.vrrp_interval.into()));
        }
        if self.vrrp_priority == 0 {
            return Err(ConfigError::VrrpPriority);
        }
        Ok(self)
    }
}

fn range<T: TryFrom<i64>>(v: i64, lo: i64, hi: i64) -> Result<T, i64> {
    if (lo..=hi).contains(&v) {
        T::try_from(v).map_err(|_| v)
    } else {
        Err(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vhid(n: i64) -> Vhid {
        Vhid::new(n).unwrap()
    }

    #[test]
    fn new_vhid_defaults_match_the_kernel() {
        let c = VhidConfig::new(vhid(3));
        let st = CarpStatus::new_vhid(vhid(3));
        let from = VhidConfig::from_status(&st).unwrap();
        assert_eq!(c, from);
        assert_eq!((c.advbase, c.advskew, c.peer), (1, 0, Ipv4Addr::new(224, 0, 0, 18)));
    }

    #[test]
    fn set_follows_the_kernel_merge_rules() {
        let mut cur = VhidConfig::new(vhid(5));
        cur.advbase = 3;
        cur.key = Key::from_passphrase(b"old");
        let set = CarpSet { advskew: 100, state: CarpState::Master, ..CarpSet::zeroed(vhid(5)) };
        let c = VhidConfig::apply_set(Some(&cur), &set).unwrap();
        assert_eq!((c.advbase, c.advskew), (3, 100));
        assert_eq!(c.key.reveal(), b"old");
        assert_eq!(c.state, Some(CarpState::Master));
        let bad = CarpSet { advskew: 255, ..CarpSet::zeroed(vhid(5)) };
        assert_eq!(VhidConfig::apply_set(Some(&cur), &bad), Err(ConfigError::Advskew(255)));
        let v3 = CarpSet { version: Some(CarpVersion::Vrrp), ..CarpSet::zeroed(vhid(5)) };
        assert_eq!(VhidConfig::apply_set(Some(&cur), &v3), Err(ConfigError::VersionChange));
        assert_eq!(VhidConfig::apply_set(None, &v3).unwrap().version, CarpVersion::Vrrp);
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let mut c = VhidConfig::new(vhid(1));
        c.key = Key::from_passphrase(b"hunter2");
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
