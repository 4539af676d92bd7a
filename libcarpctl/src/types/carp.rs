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

/// The one list of a vhid's fields. Each row: the field, its value type
/// (one per field), how the kernel's report holds it (`plain` or `opt`:
/// `None` where an API lacks it), how a SET request holds it (`opt`: `None`
/// = not given, sent as 0), a new vhid's value, a zeroed request's value,
/// the request value from a report, and when a given value replaces the
/// base in ifconfig's overlay. From it come [`CarpStatus`], [`CarpSet`],
/// [`CarpFields`] (what a command line gives), [`CarpConfig`] and the overlay.
macro_rules! vhid_fields {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $ty:ty, status $sw:ident = $new:expr, set $setw:ident = $zero:expr,
        from |$st:ident| $from:expr, given |$v:ident| $given:expr;
    )*) => {
        /// What the kernel reports for one vhid (SIOCGVH, or a netlink carp
        /// GET reply).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct CarpStatus {
            /// The vhid.
            pub vhid: Vhid,
            $( $(#[doc = $doc])* pub $name: vhid_fields!(@ty $sw $ty), )*
        }

        impl CarpStatus {
            /// A status as the kernel creates a new vhid: INIT, advbase 1,
            /// advskew 0, no key, multicast peers.
            pub fn new_vhid(vhid: Vhid) -> CarpStatus {
                CarpStatus { vhid, $( $name: $new, )* }
            }
        }

        /// A complete SET request: every field the kernel reads (libifconfig
        /// always sends all of them). Numbers stay raw so the kernel, not the
        /// caller, judges their range, exactly as with `struct carpreq`; 0,
        /// an empty key and `None` keep the current value.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct CarpSet {
            /// The vhid (1..=255 by construction; the ABI layer can carry others).
            pub vhid: Vhid,
            $( $(#[doc = $doc])* pub $name: vhid_fields!(@ty $setw $ty), )*
        }

        impl CarpSet {
            /// The base of a read-merge-write when the vhid does not exist
            /// yet (GET said ENOENT): all zeroes.
            pub fn zeroed(vhid: Vhid) -> CarpSet {
                CarpSet { vhid, $( $name: $zero, )* }
            }

            /// The base of a read-merge-write from what GET returned.
            pub fn from_status(status: &CarpStatus) -> CarpSet {
                CarpSet { vhid: status.vhid, $( $name: { let $st = status; $from }, )* }
            }
        }

        /// The vhid fields a command line gives (FreeBSD's `carpr_*`
        /// globals): each `None` unless given.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct CarpFields {
            $( $(#[doc = $doc])* pub $name: Option<$ty>, )*
        }

        /// What a caller wants to change on a vhid: every field optional.
        /// Applied with [`Backend::configure_vhid`](crate::Backend::configure_vhid)
        /// (GET, overlay, SET), as ifconfig does.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct CarpConfig {
            /// The vhid.
            pub vhid: Vhid,
            $( $(#[doc = $doc])* pub $name: Option<$ty>, )*
        }

        impl CarpConfig {
            /// A config that changes nothing but names `vhid` (creating it
            /// if absent).
            pub fn new(vhid: Vhid) -> CarpConfig {
                CarpConfig { vhid, $( $name: None, )* }
            }

            /// The config of `vhid` with the `fields` a command line gave.
            pub fn from_fields(vhid: Vhid, fields: CarpFields) -> CarpConfig {
                CarpConfig { vhid, $( $name: fields.$name, )* }
            }

            /// Overlay this config on `base` the way ifconfig's callback
            /// does: a field is replaced only when given (numbers only when
            /// >= 0, a key only when not empty).
            pub fn overlay(&self, mut base: CarpSet) -> CarpSet {
                $(
                    if let Some($v) = self.$name.as_ref().filter(|$v| $given) {
                        base.$name = vhid_fields!(@wrap $setw $v.clone());
                    }
                )*
                base
            }
        }
    };
    (@ty plain $ty:ty) => { $ty };
    (@ty opt $ty:ty) => { Option<$ty> };
    (@wrap plain $e:expr) => { $e };
    (@wrap opt $e:expr) => { Some($e) };
}

vhid_fields! {
    /// State: reported, or requested (a request is only a nudge, see carp(4)).
    state: CarpState, status plain = CarpState::Init, set plain = CarpState::Init,
        from |s| s.state, given |_v| true;
    /// Advertisement base interval, seconds (`advbase N`; 0 in a SET keeps).
    advbase: i32, status plain = 1, set plain = 0,
        from |s| s.advbase, given |v| **v > -1;
    /// Advertisement skew, 1/256 s (`advskew N`; a SET always replaces it).
    advskew: i32, status plain = 0, set plain = 0,
        from |s| s.advskew, given |v| **v > -1;
    /// The key (`pass PHRASE`): empty in a report to an unprivileged caller;
    /// an empty key in a SET keeps.
    key: Key, status plain = Key::empty(), set plain = Key::empty(),
        from |s| s.key.clone(), given |v| !v.is_empty();
    /// The IPv4 peer (`peer A.B.C.D`, `mcast` = 224.0.0.18). `None` where
    /// the API has no peers (the ioctl of 10-13), and in a SET: keep.
    peer: Ipv4Addr, status opt = Some(CARP_DEFAULT_PEER), set opt = None,
        from |s| s.peer, given |_v| true;
    /// The IPv6 peer (`peer6 X::Y`, `mcast6` = ff02::12).
    peer6: Ipv6Addr, status opt = Some(CARP_DEFAULT_PEER6), set opt = None,
        from |s| s.peer6, given |_v| true;
    /// CARP or VRRPv3 (`carpver 2|3`); `None` in a SET: not given (0).
    version: CarpVersion, status plain = CarpVersion::Carp, set opt = None,
        from |s| match s.version {
            // What the ioctl of 10-13 reads back (no peers, no version): 0.
            CarpVersion::Carp if s.peer.is_none() => None,
            v => Some(v),
        },
        given |_v| true;
    /// VRRP priority (`vrrpprio N`; VRRP vhids only; 0 in a SET keeps).
    vrrp_priority: u8, status plain = 100, set plain = 0,
        from |s| s.vrrp_priority, given |_v| true;
    /// VRRP advertisement interval, centiseconds (`vrrpinterval N`; VRRP
    /// vhids only; 0 in a SET keeps).
    vrrp_interval: u32, status plain = 100, set plain = 0,
        from |s| s.vrrp_interval, given |_v| true;
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
