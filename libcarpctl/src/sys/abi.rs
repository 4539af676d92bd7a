//! FreeBSD amd64 (LP64) structures, as data.
//!
//! Every struct is `#[repr(C)]` with the C spelling of its type and fields,
//! so it can be held side by side with `netinet/ip_carp.h`, `net/if.h`,
//! `netinet/in_var.h`, `netinet6/in6_var.h`, `net/if_dl.h` and
//! `netinet6/nd6.h`. Sizes, alignments and offsets are asserted at compile
//! time here, and checked against the real headers by `scripts/abi-check`
//! (see [`super::cgen`]). Nothing here is FreeBSD-only: the model and the
//! tests build and read these structs on every OS.
//!
//! C unions are kept as byte arrays with typed accessors (no `unsafe`):
//! `ifreq`'s 16-byte `ifr_ifru` and the tail of `in6_ifreq`'s union.

#![allow(non_camel_case_types)]

use std::fmt;
use std::mem::{align_of, offset_of, size_of};

use zeroize::{Zeroize, ZeroizeOnDrop};

/// `IFNAMSIZ`: interface names, NUL included.
pub const IFNAMSIZ: usize = 16;
/// `CARP_KEY_LEN`.
pub const CARP_KEY_LEN: usize = 20;
/// `CARP_MAXVHID`.
pub const CARP_MAXVHID: i32 = 255;
/// `CARP_MAXSTATE`.
pub const CARP_MAXSTATE: i32 = 2;

/// `AF_INET`.
pub const AF_INET: u8 = 2;
/// `AF_LINK`.
pub const AF_LINK: u8 = 18;
/// `AF_INET6` (FreeBSD's number).
pub const AF_INET6: u8 = 28;

/// `IFT_OTHER`: none of the others.
pub const IFT_OTHER: u8 = 0x1;
/// `IFT_ETHER`.
pub const IFT_ETHER: u8 = 0x6;
/// `IFT_LOOP`.
pub const IFT_LOOP: u8 = 0x18;
/// `IFT_L2VLAN`.
pub const IFT_L2VLAN: u8 = 0x87;
/// `IFT_BRIDGE`.
pub const IFT_BRIDGE: u8 = 0xd1;

/// `LINK_STATE_UNKNOWN`.
pub const LINK_STATE_UNKNOWN: u8 = 0;
/// `LINK_STATE_DOWN`.
pub const LINK_STATE_DOWN: u8 = 1;
/// `LINK_STATE_UP`.
pub const LINK_STATE_UP: u8 = 2;

/// `ND6_INFINITE_LIFETIME`: what ifconfig puts in both lifetimes.
pub const ND6_INFINITE_LIFETIME: u32 = 0xffff_ffff;

/// `IFF_CANTCHANGE`: flags SIOCSIFFLAGS cannot change.
pub const IFF_CANTCHANGE: u32 = {
    use crate::types::IfFlags as F;
    F::BROADCAST
        .union(F::POINTOPOINT)
        .union(F::RUNNING)
        .union(F::DRV_OACTIVE)
        .union(F::SIMPLEX)
        .union(F::MULTICAST)
        .union(F::ALLMULTI)
        .union(F::PROMISC)
        .union(F::DYING)
        .union(F::CANTCONFIG)
        .union(F::NEEDSEPOCH)
        .bits()
};

/// An interface name for a request: `None` if it cannot name a FreeBSD
/// interface (empty, 16 bytes or more, or holding a NUL). Never truncates:
/// a cut name could name another interface.
pub fn ifname(name: &str) -> Option<[u8; IFNAMSIZ]> {
    let b = name.as_bytes();
    if b.is_empty() || b.len() >= IFNAMSIZ || b.contains(&0) {
        return None;
    }
    let mut out = [0u8; IFNAMSIZ];
    out[..b.len()].copy_from_slice(b);
    Some(out)
}

/// The name in a fixed buffer, up to its first NUL.
pub fn name_of(buf: &[u8; IFNAMSIZ]) -> &[u8] {
    let end = buf.iter().position(|&c| c == 0).unwrap_or(IFNAMSIZ);
    &buf[..end]
}

/// `struct carpreq` (`netinet/ip_carp.h`), the SIOCSVH/SIOCGVH argument.
/// The key is zeroed on drop and never shown by `Debug`.
#[repr(C)]
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct carpreq {
    /// Number of elements the caller's buffer holds (GET); the kernel
    /// writes back how many vhids it reported.
    pub carpr_count: i32,
    /// The vhid (GET: 0 = all, a listing broken since 2023).
    pub carpr_vhid: i32,
    /// INIT 0, BACKUP 1, MASTER 2.
    pub carpr_state: i32,
    /// Advertisement skew.
    pub carpr_advskew: i32,
    /// Advertisement base (0 = keep).
    pub carpr_advbase: i32,
    /// The key (zeroed by GET for an unprivileged caller).
    pub carpr_key: [u8; CARP_KEY_LEN],
}

impl fmt::Debug for carpreq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("carpreq")
            .field("carpr_count", &self.carpr_count)
            .field("carpr_vhid", &self.carpr_vhid)
            .field("carpr_state", &self.carpr_state)
            .field("carpr_advskew", &self.carpr_advskew)
            .field("carpr_advbase", &self.carpr_advbase)
            .field("carpr_key", &if self.carpr_key[0] == 0 { "<empty>" } else { "<redacted>" })
            .finish()
    }
}

/// `struct in_addr`: the address in network byte order.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in_addr {
    /// `s_addr`, network byte order.
    pub s_addr: u32,
}

/// `struct in6_addr` (a union of byte, u16 and u32 arrays: 4-aligned).
#[repr(C, align(4))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in6_addr {
    /// The 16 bytes.
    pub s6_addr: [u8; 16],
}

/// `struct sockaddr_in` with FreeBSD's leading length byte.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct sockaddr_in {
    /// `sizeof(struct sockaddr_in)` = 16 when present, 0 when absent.
    pub sin_len: u8,
    /// `AF_INET`.
    pub sin_family: u8,
    /// Port, network byte order.
    pub sin_port: u16,
    /// The address.
    pub sin_addr: in_addr,
    /// Padding.
    pub sin_zero: [u8; 8],
}

/// `struct sockaddr_in6` with FreeBSD's leading length byte.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct sockaddr_in6 {
    /// `sizeof(struct sockaddr_in6)` = 28 when present, 0 when absent.
    pub sin6_len: u8,
    /// `AF_INET6`.
    pub sin6_family: u8,
    /// Port, network byte order.
    pub sin6_port: u16,
    /// Flow information.
    pub sin6_flowinfo: u32,
    /// The address.
    pub sin6_addr: in6_addr,
    /// Scope zone index (interface index of a link-local address).
    pub sin6_scope_id: u32,
}

/// `struct ifreq` (`net/if.h`): the name, then a 16-byte union (8-aligned
/// for `ifru_data`). Union members are read and written through methods.
#[repr(C, align(8))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifreq {
    /// `ifr_name`.
    pub ifr_name: [u8; IFNAMSIZ],
    /// `ifr_ifru`, raw.
    pub ifr_ifru: [u8; 16],
}

/// Offsets of `ifreq`'s union members inside `ifr_ifru`.
pub mod ifru {
    /// `ifru_addr` (a `struct sockaddr`).
    pub const ADDR: usize = 0;
    /// `ifru_flags[0]` = `ifr_flags` (low 16 bits).
    pub const FLAGS: usize = 0;
    /// `ifru_flags[1]` = `ifr_flagshigh` (high 16 bits).
    pub const FLAGSHIGH: usize = 2;
    /// `ifru_metric`.
    pub const METRIC: usize = 0;
    /// `ifru_mtu`.
    pub const MTU: usize = 0;
    /// `ifru_data`, a pointer.
    pub const DATA: usize = 0;
    /// `ifru_cap[0]` = `ifr_reqcap`.
    pub const REQCAP: usize = 0;
    /// `ifru_cap[1]` = `ifr_curcap`.
    pub const CURCAP: usize = 4;
}

/// `struct in_aliasreq` (`netinet/in_var.h`), the SIOCAIFADDR argument
/// (the request number names its twin `struct ifaliasreq`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in_aliasreq {
    /// `ifra_name`.
    pub ifra_name: [u8; IFNAMSIZ],
    /// The address.
    pub ifra_addr: sockaddr_in,
    /// Broadcast (or point-to-point destination); `sin_len` 0 = derive.
    pub ifra_broadaddr: sockaddr_in,
    /// Netmask; `sin_len` 0 = the historical classful default.
    pub ifra_mask: sockaddr_in,
    /// The vhid to join, 0 for none.
    pub ifra_vhid: i32,
}

/// `struct in6_addrlifetime`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in6_addrlifetime {
    /// `ia6t_expire` (time_t).
    pub ia6t_expire: i64,
    /// `ia6t_preferred` (time_t).
    pub ia6t_preferred: i64,
    /// Valid lifetime, seconds.
    pub ia6t_vltime: u32,
    /// Preferred lifetime, seconds.
    pub ia6t_pltime: u32,
}

/// `struct in6_aliasreq` (`netinet6/in6_var.h`), the SIOCAIFADDR_IN6 argument.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in6_aliasreq {
    /// `ifra_name`.
    pub ifra_name: [u8; IFNAMSIZ],
    /// The address.
    pub ifra_addr: sockaddr_in6,
    /// Point-to-point destination.
    pub ifra_dstaddr: sockaddr_in6,
    /// Prefix mask (required for a new address).
    pub ifra_prefixmask: sockaddr_in6,
    /// `IN6_IFF_*` flags.
    pub ifra_flags: i32,
    /// Lifetimes.
    pub ifra_lifetime: in6_addrlifetime,
    /// The vhid to join, 0 for none.
    pub ifra_vhid: i32,
}

/// Bytes of `in6_ifreq`'s union after its `sockaddr_in6` member.
pub const IN6_IFRU_REST: usize = 244;

/// `struct in6_ifreq` (`netinet6/in6_var.h`), the SIOCDIFADDR_IN6
/// argument: the name, then a 272-byte union of which only `ifru_addr` is
/// used here.
#[repr(C, align(8))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct in6_ifreq {
    /// `ifr_name`.
    pub ifr_name: [u8; IFNAMSIZ],
    /// `ifr_ifru.ifru_addr`.
    pub ifr_addr: sockaddr_in6,
    /// The rest of the union.
    pub ifr_ifru_rest: [u8; IN6_IFRU_REST],
}

impl Default for in6_ifreq {
    fn default() -> Self {
        in6_ifreq {
            ifr_name: [0; IFNAMSIZ],
            ifr_addr: sockaddr_in6::default(),
            ifr_ifru_rest: [0; IN6_IFRU_REST],
        }
    }
}

/// `struct if_data` (`net/if.h`, FreeBSD 11+ layout). getifaddrs(3) hangs
/// one off every entry (`ifa_data`); for an address, `ifi_vhid` is its vhid.
///
/// FreeBSD 10 laid the fields after `ifi_vhid` out differently (`u_long`
/// counters), so only the six leading bytes ([`IfDataHead`]) are read from
/// a live system; MTU and metric come from their ioctls.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct if_data {
    /// Interface type (`IFT_*`).
    pub ifi_type: u8,
    /// Physical port.
    pub ifi_physical: u8,
    /// Link-level address length.
    pub ifi_addrlen: u8,
    /// Link-level header length.
    pub ifi_hdrlen: u8,
    /// `LINK_STATE_*`.
    pub ifi_link_state: u8,
    /// The carp vhid of an address (0 = none).
    pub ifi_vhid: u8,
    /// `sizeof(struct if_data)`.
    pub ifi_datalen: u16,
    /// MTU.
    pub ifi_mtu: u32,
    /// Metric.
    pub ifi_metric: u32,
    /// Line speed.
    pub ifi_baudrate: u64,
    /// Counters: ipackets, ierrors, opackets, oerrors, collisions, ibytes,
    /// obytes, imcasts, omcasts, iqdrops, oqdrops, noproto.
    pub ifi_counters: [u64; 12],
    /// `IFCAP` offloads.
    pub ifi_hwassist: u64,
    /// `ifi_epoch` (time_t).
    pub ifi_epoch: u64,
    /// `ifi_lastchange` (struct timeval).
    pub ifi_lastchange: [u64; 2],
}

/// The leading bytes of `struct if_data` that are the same in every
/// release from 10 on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IfDataHead {
    /// `ifi_type`.
    pub ifi_type: u8,
    /// `ifi_link_state`.
    pub ifi_link_state: u8,
    /// `ifi_vhid`.
    pub ifi_vhid: u8,
}

impl IfDataHead {
    /// How many leading bytes of `if_data` are read.
    pub const LEN: usize = offset_of!(if_data, ifi_vhid) + 1;

    /// From the leading bytes of an `if_data`.
    pub fn from_bytes(b: &[u8; Self::LEN]) -> IfDataHead {
        IfDataHead {
            ifi_type: b[offset_of!(if_data, ifi_type)],
            ifi_link_state: b[offset_of!(if_data, ifi_link_state)],
            ifi_vhid: b[offset_of!(if_data, ifi_vhid)],
        }
    }
}

/// `struct sockaddr_dl` (`net/if_dl.h`): the link-level address of an
/// interface; `sdl_data` holds the name then the address and may be longer
/// than 46 bytes (`sdl_len` tells).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct sockaddr_dl {
    /// Total length.
    pub sdl_len: u8,
    /// `AF_LINK`.
    pub sdl_family: u8,
    /// Interface index.
    pub sdl_index: u16,
    /// Interface type (`IFT_*`).
    pub sdl_type: u8,
    /// Name length.
    pub sdl_nlen: u8,
    /// Address length.
    pub sdl_alen: u8,
    /// Selector length.
    pub sdl_slen: u8,
    /// Name, then address, then selector.
    pub sdl_data: [u8; 46],
}

/// `struct nd_ifinfo` (`netinet6/nd6.h`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct nd_ifinfo {
    /// LinkMTU.
    pub linkmtu: u32,
    /// Upper bound of LinkMTU.
    pub maxmtu: u32,
    /// BaseReachableTime.
    pub basereachable: u32,
    /// ReachableTime.
    pub reachable: u32,
    /// RetransTimer.
    pub retrans: u32,
    /// `ND6_IFF_*`: what ifconfig shows as `nd6 options=`.
    pub flags: u32,
    /// Re-calculation timer.
    pub recalctm: i32,
    /// CurHopLimit.
    pub chlim: u8,
    /// Whether initialized.
    pub initialized: u8,
    /// Privacy extension state.
    pub randomseed0: [u8; 8],
    /// Privacy extension state.
    pub randomseed1: [u8; 8],
    /// Privacy extension state.
    pub randomid: [u8; 8],
}

/// `struct in6_ndireq`, the SIOCGIFINFO_IN6 argument.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in6_ndireq {
    /// `ifname`.
    pub ifname: [u8; IFNAMSIZ],
    /// The interface's ND information.
    pub ndi: nd_ifinfo,
}

/// `struct in6_ndifreq`, the SIOCSDEFIFACE_IN6 / SIOCGDEFIFACE_IN6
/// argument: the ND default interface by index (0: none).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct in6_ndifreq {
    /// `ifname` (names the socket's interface for ifioctl).
    pub ifname: [u8; IFNAMSIZ],
    /// `ifindex` (a C `u_long`).
    pub ifindex: u64,
}

// ---- compile-time layout checks (amd64) ----

macro_rules! assert_layout {
    ($t:ty, size $size:expr, align $align:expr $(, $field:ident @ $off:expr)* $(,)?) => {
        const _: () = assert!(size_of::<$t>() == $size);
        const _: () = assert!(align_of::<$t>() == $align);
        $( const _: () = assert!(offset_of!($t, $field) == $off); )*
    };
}

assert_layout!(carpreq, size 40, align 4,
    carpr_count @ 0, carpr_vhid @ 4, carpr_state @ 8, carpr_advskew @ 12, carpr_advbase @ 16,
    carpr_key @ 20);
assert_layout!(in_addr, size 4, align 4, s_addr @ 0);
assert_layout!(in6_addr, size 16, align 4, s6_addr @ 0);
assert_layout!(sockaddr_in, size 16, align 4,
    sin_len @ 0, sin_family @ 1, sin_port @ 2, sin_addr @ 4, sin_zero @ 8);
assert_layout!(sockaddr_in6, size 28, align 4,
    sin6_len @ 0, sin6_family @ 1, sin6_port @ 2, sin6_flowinfo @ 4, sin6_addr @ 8, sin6_scope_id @ 24);
assert_layout!(ifreq, size 32, align 8, ifr_name @ 0, ifr_ifru @ 16);
assert_layout!(in_aliasreq, size 68, align 4,
    ifra_name @ 0, ifra_addr @ 16, ifra_broadaddr @ 32, ifra_mask @ 48, ifra_vhid @ 64);
assert_layout!(in6_addrlifetime, size 24, align 8,
    ia6t_expire @ 0, ia6t_preferred @ 8, ia6t_vltime @ 16, ia6t_pltime @ 20);
assert_layout!(in6_aliasreq, size 136, align 8,
    ifra_name @ 0, ifra_addr @ 16, ifra_dstaddr @ 44, ifra_prefixmask @ 72, ifra_flags @ 100,
    ifra_lifetime @ 104, ifra_vhid @ 128);
assert_layout!(in6_ifreq, size 288, align 8, ifr_name @ 0, ifr_addr @ 16, ifr_ifru_rest @ 44);
assert_layout!(if_data, size 152, align 8,
    ifi_type @ 0, ifi_physical @ 1, ifi_addrlen @ 2, ifi_hdrlen @ 3, ifi_link_state @ 4, ifi_vhid @ 5,
    ifi_datalen @ 6, ifi_mtu @ 8, ifi_metric @ 12, ifi_baudrate @ 16, ifi_counters @ 24,
    ifi_hwassist @ 120, ifi_epoch @ 128, ifi_lastchange @ 136);
assert_layout!(sockaddr_dl, size 54, align 2,
    sdl_len @ 0, sdl_family @ 1, sdl_index @ 2, sdl_type @ 4, sdl_nlen @ 5, sdl_alen @ 6, sdl_slen @ 7,
    sdl_data @ 8);
assert_layout!(nd_ifinfo, size 56, align 4,
    linkmtu @ 0, maxmtu @ 4, basereachable @ 8, reachable @ 12, retrans @ 16, flags @ 20, recalctm @ 24,
    chlim @ 28, initialized @ 29, randomseed0 @ 30, randomseed1 @ 38, randomid @ 46);
assert_layout!(in6_ndireq, size 72, align 4, ifname @ 0, ndi @ 16);
assert_layout!(in6_ndifreq, size 24, align 8, ifname @ 0, ifindex @ 16);

const _: () = assert!(IfDataHead::LEN == 6);
const _: () = assert!(ifru::CURCAP + 4 <= 16 && ifru::FLAGSHIGH + 2 <= 16);
