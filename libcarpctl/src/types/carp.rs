use std::net::{Ipv4Addr, Ipv6Addr};

use super::{CarpState, Key, Vhid};

/// The multicast group CARP advertises to unless a unicast peer is set.
pub const CARP_DEFAULT_PEER: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 18);
/// The IPv6 multicast group CARP advertises to unless a unicast peer6 is set.
pub const CARP_DEFAULT_PEER6: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0x12);

/// Which protocol a vhid speaks (FreeBSD 15+ adds VRRPv3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum CarpVersion {
    /// CARP (version 2 on the wire); also what 0/absent means.
    #[default]
    Carp,
    /// VRRPv3 (`carpver 3`).
    Vrrp,
}

impl CarpVersion {
    /// From the netlink VERSION attribute: 0 and 2 are CARP, 3 is VRRPv3.
    pub fn from_raw(n: u8) -> Option<CarpVersion> {
        match n {
            0 | 2 => Some(CarpVersion::Carp),
            3 => Some(CarpVersion::Vrrp),
            _ => None,
        }
    }

    /// The number on the wire and in netlink: 2 or 3.
    pub fn raw(self) -> u8 {
        match self {
            CarpVersion::Carp => 2,
            CarpVersion::Vrrp => 3,
        }
    }
}

/// What the kernel reports for one vhid (SIOCGVH, or a netlink carp GET reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarpStatus {
    /// The vhid.
    pub vhid: Vhid,
    /// Its state.
    pub state: CarpState,
    /// Advertisement base interval, seconds.
    pub advbase: i32,
    /// Advertisement skew, 1/256 s.
    pub advskew: i32,
    /// The key; empty unless the caller is privileged.
    pub key: Key,
    /// The IPv4 peer (224.0.0.18 = multicast). `None` where the API has no
    /// peers (the ioctl of 10-13).
    pub peer: Option<Ipv4Addr>,
    /// The IPv6 peer (ff02::12 = multicast).
    pub peer6: Option<Ipv6Addr>,
    /// CARP or VRRPv3.
    pub version: CarpVersion,
    /// VRRP priority (VRRP vhids only).
    pub vrrp_priority: u8,
    /// VRRP advertisement interval, centiseconds (VRRP vhids only).
    pub vrrp_interval: u16,
}

impl CarpStatus {
    /// A status as the kernel creates a new vhid: INIT, advbase 1, advskew 0,
    /// no key, multicast peers.
    pub fn new_vhid(vhid: Vhid) -> CarpStatus {
        CarpStatus {
            vhid,
            state: CarpState::Init,
            advbase: 1,
            advskew: 0,
            key: Key::empty(),
            peer: Some(CARP_DEFAULT_PEER),
            peer6: Some(CARP_DEFAULT_PEER6),
            version: CarpVersion::Carp,
            vrrp_priority: 100,
            vrrp_interval: 100,
        }
    }
}

/// A complete SET request: every field the kernel reads (libifconfig always
/// sends all of them). Numbers stay raw so the kernel, not the caller, judges
/// their range, exactly as with `struct carpreq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarpSet {
    /// The vhid (1..=255 by construction; the ABI layer can carry others).
    pub vhid: Vhid,
    /// Requested state; only a nudge (see carp(4)).
    pub state: CarpState,
    /// 0 keeps the current advbase.
    pub advbase: i32,
    /// Always replaces the current advskew.
    pub advskew: i32,
    /// Replaces the key unless empty.
    pub key: Key,
    /// Replaces the IPv4 peer unless `None`/unspecified.
    pub peer: Option<Ipv4Addr>,
    /// Replaces the IPv6 peer unless `None`/unspecified.
    pub peer6: Option<Ipv6Addr>,
    /// Protocol version: 0 = not given (CARP), 2, 3.
    pub version: u8,
    /// VRRP priority; 0 = not given.
    pub vrrp_priority: u8,
    /// VRRP interval in centiseconds; 0 = not given.
    pub vrrp_interval: u32,
}

impl CarpSet {
    /// The base of a read-merge-write when the vhid does not exist yet
    /// (GET said ENOENT): all zeroes.
    pub fn zeroed(vhid: Vhid) -> CarpSet {
        CarpSet {
            vhid,
            state: CarpState::Init,
            advbase: 0,
            advskew: 0,
            key: Key::empty(),
            peer: None,
            peer6: None,
            version: 0,
            vrrp_priority: 0,
            vrrp_interval: 0,
        }
    }

    /// The base of a read-merge-write from what GET returned.
    pub fn from_status(st: &CarpStatus) -> CarpSet {
        CarpSet {
            vhid: st.vhid,
            state: st.state,
            advbase: st.advbase,
            advskew: st.advskew,
            key: st.key.clone(),
            peer: st.peer,
            peer6: st.peer6,
            version: match st.version {
                CarpVersion::Carp if st.peer.is_none() => 0,
                v => v.raw(),
            },
            vrrp_priority: st.vrrp_priority,
            vrrp_interval: st.vrrp_interval.into(),
        }
    }
}

/// What a caller wants to change on a vhid: every field optional. Applied
/// with [`Backend::configure_vhid`](crate::Backend::configure_vhid) (GET, overlay, SET), as ifconfig does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarpConfig {
    /// The vhid.
    pub vhid: Vhid,
    /// `state master|backup|init`.
    pub state: Option<CarpState>,
    /// `advbase N` (raw: negative values mean "not given", as ifconfig's atoi).
    pub advbase: Option<i32>,
    /// `advskew N` (raw).
    pub advskew: Option<i32>,
    /// `pass PHRASE`.
    pub key: Option<Key>,
    /// `peer A.B.C.D`, or `mcast` (= 224.0.0.18).
    pub peer: Option<Ipv4Addr>,
    /// `peer6 X::Y`, or `mcast6` (= ff02::12).
    pub peer6: Option<Ipv6Addr>,
    /// `carpver 2|3`.
    pub version: Option<u8>,
    /// `vrrpprio N`.
    pub vrrp_priority: Option<u8>,
    /// `vrrpinterval N`.
    pub vrrp_interval: Option<u32>,
}

impl CarpConfig {
    /// A config that changes nothing but names `vhid` (creating it if absent).
    pub fn new(vhid: Vhid) -> CarpConfig {
        CarpConfig {
            vhid,
            state: None,
            advbase: None,
            advskew: None,
            key: None,
            peer: None,
            peer6: None,
            version: None,
            vrrp_priority: None,
            vrrp_interval: None,
        }
    }

    /// Overlay this config on `base` the way ifconfig's callback does: a
    /// field is replaced only when given (and numbers only when >= 0); a new
    /// key first zeroes the whole buffer.
    pub fn overlay(&self, mut base: CarpSet) -> CarpSet {
        if let Some(k) = &self.key {
            if !k.is_empty() {
                base.key = k.clone();
            }
        }
        if let Some(v) = self.advskew.filter(|v| *v > -1) {
            base.advskew = v;
        }
        if let Some(v) = self.advbase.filter(|v| *v > -1) {
            base.advbase = v;
        }
        if let Some(s) = self.state {
            base.state = s;
        }
        if let Some(p) = self.peer {
            base.peer = Some(p);
        }
        if let Some(p) = self.peer6 {
            base.peer6 = Some(p);
        }
        if let Some(v) = self.version {
            base.version = v;
        }
        if let Some(v) = self.vrrp_priority {
            base.vrrp_priority = v;
        }
        if let Some(v) = self.vrrp_interval {
            base.vrrp_interval = v;
        }
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_keeps_what_is_not_given() {
        let vhid = Vhid::new(112).unwrap();
        let mut st = CarpStatus::new_vhid(vhid);
        st.state = CarpState::Backup;
        st.advskew = 100;
        st.key = Key::from_passphrase(b"qwerty");
        let cfg = CarpConfig { state: Some(CarpState::Master), ..CarpConfig::new(vhid) };
        let set = cfg.overlay(CarpSet::from_status(&st));
        assert_eq!(set.state, CarpState::Master);
        assert_eq!(set.advskew, 100);
        assert_eq!(set.key.reveal(), b"qwerty");
    }

    #[test]
    fn negative_numbers_mean_not_given() {
        let vhid = Vhid::new(1).unwrap();
        let cfg = CarpConfig { advbase: Some(-5), advskew: Some(-1), ..CarpConfig::new(vhid) };
        let base = CarpSet { advbase: 3, advskew: 7, ..CarpSet::zeroed(vhid) };
        let set = cfg.overlay(base);
        assert_eq!((set.advbase, set.advskew), (3, 7));
    }
}
