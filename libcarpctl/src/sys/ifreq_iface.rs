//! The raw ABI of ifconfig's interface keywords beyond addresses and CARP
//! (`net/if.h`, `sys/sockio.h`, `netinet6/in6_var.h`): the `ifreq` union
//! members they use (`ifr_buffer`, `ifr_fib`, `ifr_vlan_pcp`, a link-level
//! `ifr_addr`), `struct ifgroupreq`, `struct ifg_req`, `struct
//! if_clonereq`, the request numbers, and [`IfaceRequest`]: one request
//! with the buffers its pointers name, so the kernel (or the model) can
//! follow them.
//!
//! Every layout here is asserted at compile time and checked against
//! FreeBSD's headers by `scripts/abi-check` (see [`super::cgen`]).

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};

use super::abi::{ifreq, in6_ifreq, in6_ndifreq, in6_ndireq, AF_LINK, IFNAMSIZ};
use super::request::{iow, iowr};
use super::vlan::vlanreq;

const IFREQ: usize = size_of::<ifreq>();

/// `SIOCSIFCAP`: set the enabled capabilities (`ifr_reqcap`).
pub const SIOCSIFCAP: u64 = iow(b'i', 30, IFREQ);
/// `SIOCSIFNAME`: rename (`ifr_data` -> the new name).
pub const SIOCSIFNAME: u64 = iow(b'i', 40, IFREQ);
/// `SIOCSIFDESCR`: set the description (`ifr_buffer`).
pub const SIOCSIFDESCR: u64 = iow(b'i', 41, IFREQ);
/// `SIOCGIFDESCR`: get the description (`ifr_buffer`).
pub const SIOCGIFDESCR: u64 = iowr(b'i', 42, IFREQ);
/// `SIOCSIFLLADDR`: set the link-level address (`ifr_addr`).
pub const SIOCSIFLLADDR: u64 = iow(b'i', 60, IFREQ);
/// `SIOCSIFVNET`: move the interface into the jail `ifr_jid`'s vnet.
pub const SIOCSIFVNET: u64 = iowr(b'i', 90, IFREQ);
/// `SIOCSIFRVNET`: bring the interface `ifr_name` back from the jail
/// `ifr_jid`'s vnet.
pub const SIOCSIFRVNET: u64 = iowr(b'i', 91, IFREQ);
/// `SIOCGIFFIB`.
pub const SIOCGIFFIB: u64 = iowr(b'i', 92, IFREQ);
/// `SIOCSIFFIB`.
pub const SIOCSIFFIB: u64 = iow(b'i', 93, IFREQ);
/// `SIOCGTUNFIB`.
pub const SIOCGTUNFIB: u64 = iowr(b'i', 94, IFREQ);
/// `SIOCSTUNFIB`.
pub const SIOCSTUNFIB: u64 = iow(b'i', 95, IFREQ);
/// `SIOCIFGCLONERS`.
pub const SIOCIFGCLONERS: u64 = iowr(b'i', 120, size_of::<if_clonereq>());
/// `SIOCIFDESTROY`.
pub const SIOCIFDESTROY: u64 = iow(b'i', 121, IFREQ);
/// `SIOCIFCREATE2`: create with parameters (`ifr_data`, NULL for none).
pub const SIOCIFCREATE2: u64 = iowr(b'i', 124, IFREQ);
/// `SIOCAIFGROUP`.
pub const SIOCAIFGROUP: u64 = iow(b'i', 135, size_of::<ifgroupreq>());
/// `SIOCGIFGROUP`.
pub const SIOCGIFGROUP: u64 = iowr(b'i', 136, size_of::<ifgroupreq>());
/// `SIOCDIFGROUP`.
pub const SIOCDIFGROUP: u64 = iow(b'i', 137, size_of::<ifgroupreq>());
/// `SIOCSIFINFO_IN6`: set the ND6 per-interface flags.
pub const SIOCSIFINFO_IN6: u64 = iowr(b'i', 109, size_of::<in6_ndireq>());
/// `SIOCGLANPCP` (= `SIOCGVLANPCP`, `ifr_vlan_pcp`).
pub const SIOCGLANPCP: u64 = iowr(b'i', 152, IFREQ);
/// `SIOCSLANPCP` (= `SIOCSVLANPCP`).
pub const SIOCSLANPCP: u64 = iow(b'i', 153, IFREQ);
/// `SIOCSDEFIFACE_IN6`: set the ND default interface.
pub const SIOCSDEFIFACE_IN6: u64 = iowr(b'i', 85, size_of::<in6_ndifreq>());
/// `SIOCGDEFIFACE_IN6`: read it.
pub const SIOCGDEFIFACE_IN6: u64 = iowr(b'i', 86, size_of::<in6_ndifreq>());
/// `IFNET_PCP_NONE`: no priority code point (`-pcp`).
pub const IFNET_PCP_NONE: u8 = 255;
/// `SIOCSIFMEDIA`: select a medium (`ifr_media`).
pub const SIOCSIFMEDIA: u64 = iowr(b'i', 55, IFREQ);
/// `SIOCGIFGENERIC` (= `SIOCGETVLAN`, `ifr_data` -> `struct vlanreq`).
pub const SIOCGIFGENERIC: u64 = iowr(b'i', 58, IFREQ);
/// `SIOCSIFGENERIC` (= `SIOCSETVLAN`).
pub const SIOCSIFGENERIC: u64 = iow(b'i', 57, IFREQ);

/// `ETHER_ADDR_LEN`.
pub const ETHER_ADDR_LEN: usize = 6;

/// Offsets of the union members used here, inside `ifr_ifru`.
pub mod ifru_more {
    /// `ifru_buffer.length` (`size_t`).
    pub const BUFFER_LENGTH: usize = 0;
    /// `ifru_buffer.buffer` (a pointer).
    pub const BUFFER_BUFFER: usize = 8;
    /// `ifru_fib` (`u_int`).
    pub const FIB: usize = 0;
    /// `ifru_vlan_pcp` (`u_char`).
    pub const VLAN_PCP: usize = 0;
    /// `ifru_media` (`int`).
    pub const MEDIA: usize = 0;
    /// `ifru_jid` (`int`).
    pub const JID: usize = 0;
}

/// `struct ifg_req`: one group (or member) name.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifg_req {
    /// `ifgrq_group` / `ifgrq_member`.
    pub ifgrq_ifgrqu: [u8; IFNAMSIZ],
}

/// `ifgroupreq`'s union: a group name or a pointer to `ifg_req`s.
#[repr(C, align(8))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifgr_ifgru(pub [u8; IFNAMSIZ]);

/// `struct ifgroupreq`: SIOCAIFGROUP / SIOCDIFGROUP (`ifgr_group`) and
/// SIOCGIFGROUP (`ifgr_len` bytes of `ifg_req` at `ifgr_groups`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifgroupreq {
    /// The interface.
    pub ifgr_name: [u8; IFNAMSIZ],
    /// Bytes of the group buffer (GET: the kernel writes what it needs).
    pub ifgr_len: u32,
    /// `ifgr_group` or `ifgr_groups`.
    pub ifgr_ifgru: ifgr_ifgru,
}

/// `struct if_clonereq`: SIOCIFGCLONERS.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct if_clonereq {
    /// Total cloners (out).
    pub ifcr_total: i32,
    /// Room in the buffer, in names of `IFNAMSIZ`.
    pub ifcr_count: i32,
    /// The buffer (a pointer, as a number).
    pub ifcr_buffer: u64,
}

fn put(ifr: &mut ifreq, at: usize, bytes: &[u8]) {
    ifr.ifr_ifru[at..at + bytes.len()].copy_from_slice(bytes);
}

fn get_u64(ifr: &ifreq, at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&ifr.ifr_ifru[at..at + 8]);
    u64::from_ne_bytes(b)
}

impl ifreq {
    /// `ifr_buffer.length`.
    pub fn buffer_length(&self) -> u64 {
        get_u64(self, ifru_more::BUFFER_LENGTH)
    }

    /// `ifr_buffer.buffer` as a number (0 = NULL).
    pub fn buffer_ptr(&self) -> u64 {
        get_u64(self, ifru_more::BUFFER_BUFFER)
    }

    /// Set `ifr_buffer` (a pointer is only a number here).
    pub fn set_buffer(&mut self, length: u64, ptr: u64) {
        put(self, ifru_more::BUFFER_LENGTH, &length.to_ne_bytes());
        put(self, ifru_more::BUFFER_BUFFER, &ptr.to_ne_bytes());
    }

    /// `ifr_fib`.
    pub fn fib(&self) -> u32 {
        let b = &self.ifr_ifru;
        u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Set `ifr_fib`.
    pub fn set_fib(&mut self, fib: u32) {
        put(self, ifru_more::FIB, &fib.to_ne_bytes());
    }

    /// `ifr_jid`.
    pub fn jid(&self) -> i32 {
        let b = &self.ifr_ifru;
        i32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Set `ifr_jid`.
    pub fn set_jid(&mut self, jid: i32) {
        put(self, ifru_more::JID, &jid.to_ne_bytes());
    }

    /// `ifr_media`.
    pub fn media(&self) -> u32 {
        let b = &self.ifr_ifru[ifru_more::MEDIA..];
        u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Set `ifr_media`.
    pub fn set_media(&mut self, word: u32) {
        put(self, ifru_more::MEDIA, &word.to_ne_bytes());
    }

    /// `ifr_vlan_pcp`.
    pub fn vlan_pcp(&self) -> u8 {
        self.ifr_ifru[ifru_more::VLAN_PCP]
    }

    /// Set `ifr_vlan_pcp`.
    pub fn set_vlan_pcp(&mut self, pcp: u8) {
        self.ifr_ifru[ifru_more::VLAN_PCP] = pcp;
    }

    /// Store an Ethernet address in `ifr_addr` as ifconfig's `lladdr`
    /// does: `sa_len` = `ETHER_ADDR_LEN`, `sa_family` = `AF_LINK`, the
    /// bytes in `sa_data`.
    pub fn set_lladdr(&mut self, mac: [u8; ETHER_ADDR_LEN]) {
        self.ifr_ifru[0] = ETHER_ADDR_LEN as u8;
        self.ifr_ifru[1] = AF_LINK;
        self.ifr_ifru[2..2 + ETHER_ADDR_LEN].copy_from_slice(&mac);
    }

    /// `ifr_addr` as `(sa_len, sa_family, sa_data)`.
    pub fn sockaddr_raw(&self) -> (u8, u8, [u8; 14]) {
        let mut d = [0u8; 14];
        d.copy_from_slice(&self.ifr_ifru[2..16]);
        (self.ifr_ifru[0], self.ifr_ifru[1], d)
    }
}

/// A NUL-padded name buffer from `name` (cut at `IFNAMSIZ - 1`: callers
/// check lengths first, as the kernel does).
pub fn name_buf(name: &str) -> [u8; IFNAMSIZ] {
    let mut out = [0u8; IFNAMSIZ];
    let b = name.as_bytes();
    let n = b.len().min(IFNAMSIZ - 1);
    out[..n].copy_from_slice(&b[..n]);
    out
}

impl ifgroupreq {
    /// A request naming interface `ifname` and group `group`.
    pub fn for_group(ifname: [u8; IFNAMSIZ], group: &str) -> ifgroupreq {
        ifgroupreq { ifgr_name: ifname, ifgr_len: 0, ifgr_ifgru: ifgr_ifgru(name_buf(group)) }
    }

    /// `ifgr_group`.
    pub fn group(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifgr_ifgru.0)).into_owned()
    }

    /// Point `ifgr_groups` at a buffer (only a number here).
    pub fn set_groups_ptr(&mut self, ptr: u64) {
        self.ifgr_ifgru.0[..8].copy_from_slice(&ptr.to_ne_bytes());
    }
}

impl ifg_req {
    /// The name it holds.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifgrq_ifgrqu)).into_owned()
    }
}

/// SIOCIFCREATE2's parameters (`ifr_data`), by cloner: vlan(4)'s
/// `vlanreq`, lagg(4)'s `iflaggparam` (13.0), vxlan(4)'s `ifvxlanparam`.
#[derive(Debug)]
pub enum CreateParams<'a> {
    /// `vlan N vlandev IF`, or a dotted name.
    Vlan(&'a mut vlanreq),
    /// `laggtype T`.
    Lagg(&'a mut super::lagg::iflaggparam),
    /// `vxlanid N vxlanlocal A ...` given with `create`.
    Vxlan(&'a mut super::vxlan::ifvxlanparam),
}

/// One interface request of the keywords, with the buffers its pointers
/// name. The real kernel is handed the pointers
/// (`sys::freebsd`); the model reads the buffers directly.
#[derive(Debug)]
pub enum IfaceRequest<'a> {
    /// `SIOCSIFDESCR`: `text` with its NUL (empty = clear: NULL, 0).
    SetDescr {
        /// Names the interface; `ifr_buffer` is filled from `text`.
        ifr: &'a mut ifreq,
        /// The description and its NUL, or empty.
        text: &'a [u8],
    },
    /// `SIOCGIFDESCR` into `buf`: the kernel sets `ifr_buffer.length` to
    /// what it needs, and `ifr_buffer.buffer` to NULL when `buf` is short.
    GetDescr {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// Room for the description and its NUL.
        buf: &'a mut [u8],
    },
    /// `SIOCSIFNAME`: `ifr_data` -> `new`.
    SetName {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The new name, NUL-padded.
        new: &'a [u8; IFNAMSIZ],
    },
    /// `SIOCSIFFLAGS`-like requests on a plain `ifreq`: `SIOCSIFVNET`,
    /// `SIOCSIFRVNET`, `SIOCSIFFIB`,
    /// `SIOCGIFFIB`, `SIOCSTUNFIB`, `SIOCGTUNFIB`, `SIOCSIFLLADDR`,
    /// `SIOCSIFCAP`, `SIOCSLANPCP`, `SIOCGLANPCP`, `SIOCIFDESTROY`,
    /// `SIOCSIFMEDIA`.
    Plain {
        /// The request number (one of the above).
        request: u64,
        /// The argument.
        ifr: &'a mut ifreq,
    },
    /// `SIOCSIFINFO_IN6`.
    SetNd6(&'a mut in6_ndireq),
    /// `SIOCSDEFIFACE_IN6` (true) / `SIOCGDEFIFACE_IN6`.
    DefaultIface {
        /// The request or reply.
        req: &'a mut in6_ndifreq,
        /// SET (true) or GET.
        set: bool,
    },
    /// `SIOCAIFGROUP` (true) / `SIOCDIFGROUP`.
    Group {
        /// The request.
        req: &'a mut ifgroupreq,
        /// Add (true) or delete.
        add: bool,
    },
    /// `SIOCGIFGROUP`: `ifgr_len` 0 asks for the length; otherwise the
    /// kernel writes up to `buf`'s bytes of `ifg_req`.
    GetGroups {
        /// The request; `ifgr_len` must not exceed `buf`'s bytes.
        req: &'a mut ifgroupreq,
        /// The group buffer.
        buf: &'a mut [ifg_req],
    },
    /// `SIOCIFCREATE2`, `ifr_data` -> `params` (NULL for none). The kernel
    /// writes the name it chose into `ifr_name`.
    Create {
        /// Names the interface (or the cloner).
        ifr: &'a mut ifreq,
        /// The vlan parameters (`vlan N vlandev IF`).
        params: Option<CreateParams<'a>>,
    },
    /// `SIOCSETVLAN` (true) / `SIOCGETVLAN`, `ifr_data` -> `vlr`.
    Vlan {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The request or reply.
        vlr: &'a mut vlanreq,
        /// SET (true) or GET.
        set: bool,
    },
    /// `SIOCGIFAFLAG_IN6` / `SIOCGIFALIFETIME_IN6` (`lifetime`): the
    /// address in `ifr_addr`, the answer written over it.
    AddrState {
        /// The request and reply.
        req: &'a mut in6_ifreq,
        /// Lifetimes (true) or flags.
        lifetime: bool,
    },
    /// `SIOCIFGCLONERS`: `ifcr_count` must not exceed `buf`'s length.
    Cloners {
        /// The request.
        req: &'a mut if_clonereq,
        /// Room for `ifcr_count` names.
        buf: &'a mut [[u8; IFNAMSIZ]],
    },
}

impl IfaceRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        match self {
            IfaceRequest::SetDescr { .. } => SIOCSIFDESCR,
            IfaceRequest::GetDescr { .. } => SIOCGIFDESCR,
            IfaceRequest::SetName { .. } => SIOCSIFNAME,
            IfaceRequest::Plain { request, .. } => *request,
            IfaceRequest::SetNd6(_) => SIOCSIFINFO_IN6,
            IfaceRequest::DefaultIface { set: true, .. } => SIOCSDEFIFACE_IN6,
            IfaceRequest::DefaultIface { set: false, .. } => SIOCGDEFIFACE_IN6,
            IfaceRequest::Group { add: true, .. } => SIOCAIFGROUP,
            IfaceRequest::Group { add: false, .. } => SIOCDIFGROUP,
            IfaceRequest::GetGroups { .. } => SIOCGIFGROUP,
            IfaceRequest::Create { .. } => SIOCIFCREATE2,
            IfaceRequest::Vlan { set: true, .. } => SIOCSIFGENERIC,
            IfaceRequest::Vlan { set: false, .. } => SIOCGIFGENERIC,
            IfaceRequest::Cloners { .. } => SIOCIFGCLONERS,
            IfaceRequest::AddrState { lifetime: false, .. } => super::in6_state::SIOCGIFAFLAG_IN6,
            IfaceRequest::AddrState { lifetime: true, .. } => super::in6_state::SIOCGIFALIFETIME_IN6,
        }
    }

    /// The request's C name.
    pub fn name(&self) -> &'static str {
        super::request::name_of(self.request())
    }

    /// The interface the request names (empty for the cloner list).
    pub fn ifname(&self) -> String {
        let text = |b: &[u8; IFNAMSIZ]| String::from_utf8_lossy(super::abi::name_of(b)).into_owned();
        match self {
            IfaceRequest::SetDescr { ifr, .. }
            | IfaceRequest::GetDescr { ifr, .. }
            | IfaceRequest::SetName { ifr, .. }
            | IfaceRequest::Plain { ifr, .. }
            | IfaceRequest::Create { ifr, .. }
            | IfaceRequest::Vlan { ifr, .. } => ifr.name(),
            IfaceRequest::SetNd6(r) => text(&r.ifname),
            IfaceRequest::DefaultIface { req, .. } => text(&req.ifname),
            IfaceRequest::AddrState { req, .. } => text(&req.ifr_name),
            IfaceRequest::Group { req, .. } | IfaceRequest::GetGroups { req, .. } => text(&req.ifgr_name),
            IfaceRequest::Cloners { .. } => String::new(),
        }
    }

    /// Whether it goes to an `AF_INET6` socket (nd6's requests).
    pub fn wants_inet6_socket(&self) -> bool {
        matches!(
            self,
            IfaceRequest::SetNd6(_) | IfaceRequest::DefaultIface { .. } | IfaceRequest::AddrState { .. }
        )
    }
}

const _: () = assert!(size_of::<ifg_req>() == 16 && align_of::<ifg_req>() == 1);
const _: () = assert!(size_of::<ifgroupreq>() == 40 && align_of::<ifgroupreq>() == 8);
const _: () = assert!(offset_of!(ifgroupreq, ifgr_len) == 16 && offset_of!(ifgroupreq, ifgr_ifgru) == 24);
const _: () = assert!(size_of::<if_clonereq>() == 16 && offset_of!(if_clonereq, ifcr_buffer) == 8);

#[cfg(test)]
mod tests {
    use super::*;

    /// The amd64 values, worked out by hand from `sys/sockio.h`.
    #[test]
    fn numbers() {
        assert_eq!(SIOCSIFDESCR, 0x8020_6929);
        assert_eq!(SIOCGIFDESCR, 0xC020_692A);
        assert_eq!(SIOCAIFGROUP, 0x8028_6987);
        assert_eq!(SIOCIFGCLONERS, 0xC010_6978);
        assert_eq!(SIOCSIFINFO_IN6, 0xC048_696D);
    }

    #[test]
    fn union_members() {
        let mut r = ifreq::new("em0").unwrap();
        r.set_buffer(5, 0x1000);
        assert_eq!((r.buffer_length(), r.buffer_ptr()), (5, 0x1000));
        r.set_lladdr([2, 0, 0, 0, 0, 1]);
        assert_eq!(r.sockaddr_raw().0, 6);
        assert_eq!(r.sockaddr_raw().1, AF_LINK);
        r.set_fib(3);
        assert_eq!(r.fib(), 3);
        let g = ifgroupreq::for_group(r.ifr_name, "lan");
        assert_eq!(g.group(), "lan");
    }
}
