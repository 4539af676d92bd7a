//! lagg(4)'s raw ABI (`net/if_lagg.h`): the requests of `laggproto`,
//! `laggport` / `-laggport`, `lagghash` and the lagg options, and the
//! reads of iflagg.c's `lagg_status` (SIOCGLAGG, SIOCGLAGGFLAGS,
//! SIOCGLAGGOPTS).
//!
//! Layouts per release (amd64), read from the header at 10.4
//! (`release/10.4.0`), 12-CURRENT (2018) and 14.x (the copy zig ships,
//! which `scripts/abi-check` compiles against):
//! * `lacp_opreq` (32), `lagg_reqport` (72), `lagg_reqall` (80) and
//!   `lagg_reqflags` (20) are the same in every release here;
//! * `lagg_reqopts` is 36 bytes on 10.x and 40 from 11.0, which added
//!   `ro_bkt` (the round-robin stride, `rr_limit`) at its end; so
//!   SIOCGLAGGOPTS / SIOCSLAGGOPTS have two numbers ([`LaggRequest::Opts`]
//!   picks by `stride`);
//! * `LAGG_PROTO_*` 5 is `fec` (ETHERCHANNEL) on 10.x, `broadcast` from
//!   11.0;
//! * `LAGG_OPT_RR_LIMIT` (0x100) marks a stride request from 13.0; before,
//!   ifconfig sent the stride with `ro_opts` 0 (which such a kernel takes
//!   as "only the stride").

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};

use super::abi::IFNAMSIZ;
use super::ifreq_iface::name_buf;
use super::request::{iow, iowr};

/// `LAGG_OPT_FLOWIDSHIFT`: `ro_opts` of a `flowid_shift` request.
pub const LAGG_OPT_FLOWIDSHIFT: i32 = 0x02;
/// `LAGG_OPT_RR_LIMIT`: `ro_opts` of an `rr_limit` request (13.0 on).
pub const LAGG_OPT_RR_LIMIT: i32 = 0x100;
/// `LAGG_F_HASHMASK`: the `rf_flags` of `lagghash`.
pub const LAGG_F_HASHMASK: u32 = 0x7;
/// `LAGG_PROTO_MAX` of every release here (fec or broadcast is 5).
pub const LAGG_PROTO_MAX: u32 = 6;

/// `LAGG_PROTOS`' numbers (`lagg_proto`): `(name, number)`. 5 is
/// `broadcast` from 11.0 and `fec` on 10.x ([`proto_number`]).
pub const PROTOS: [(&str, u32); 6] =
    [("none", 0), ("roundrobin", 1), ("failover", 2), ("loadbalance", 3), ("lacp", 4), ("broadcast", 5)];

/// The number of protocol `name` on a kernel that has (`broadcast`) or
/// lacks (10.x: `fec` instead) the broadcast protocol.
pub fn proto_number(name: &str, broadcast: bool) -> Option<u32> {
    match name {
        "fec" if !broadcast => Some(5),
        "broadcast" if !broadcast => None,
        _ => PROTOS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
    }
}

/// The name of protocol number `n` (iflagg.c prints `<unknown>` else).
pub fn proto_name(n: u32, broadcast: bool) -> Option<&'static str> {
    match n {
        5 if !broadcast => Some("fec"),
        _ => PROTOS.iter().find(|(_, v)| *v == n).map(|(name, _)| *name),
    }
}

/// `struct lacp_opreq`: LACP's operational parameters (read only here).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lacp_opreq {
    /// Actor system priority.
    pub actor_prio: u16,
    /// Actor system id.
    pub actor_mac: [u8; 6],
    /// Actor key.
    pub actor_key: u16,
    /// Actor port priority.
    pub actor_portprio: u16,
    /// Actor port number.
    pub actor_portno: u16,
    /// Actor state bits.
    pub actor_state: u8,
    /// Partner system priority.
    pub partner_prio: u16,
    /// Partner system id.
    pub partner_mac: [u8; 6],
    /// Partner key.
    pub partner_key: u16,
    /// Partner port priority.
    pub partner_portprio: u16,
    /// Partner port number.
    pub partner_portno: u16,
    /// Partner state bits.
    pub partner_state: u8,
}

/// `struct lagg_reqport`: one port (SIOCSLAGGPORT, SIOCSLAGGDELPORT,
/// SIOCGLAGGPORT, and each element of SIOCGLAGG's port buffer).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lagg_reqport {
    /// The lagg.
    pub rp_ifname: [u8; IFNAMSIZ],
    /// The port.
    pub rp_portname: [u8; IFNAMSIZ],
    /// Port priority.
    pub rp_prio: u32,
    /// `LAGG_PORT_*` flags.
    pub rp_flags: u32,
    /// `rp_psc.rpsc_lacp`.
    pub rp_lacpreq: lacp_opreq,
}

impl lagg_reqport {
    /// A request naming port `port` of lagg `lagg`.
    pub fn new(lagg: [u8; IFNAMSIZ], port: &str) -> lagg_reqport {
        lagg_reqport { rp_ifname: lagg, rp_portname: name_buf(port), ..Default::default() }
    }

    /// The port's name.
    pub fn port(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.rp_portname)).into_owned()
    }
}

/// `struct lagg_reqall`: SIOCSLAGG (the protocol) and SIOCGLAGG (the
/// protocol and up to `ra_size` bytes of ports at `ra_port`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lagg_reqall {
    /// The lagg.
    pub ra_ifname: [u8; IFNAMSIZ],
    /// `lagg_proto`.
    pub ra_proto: u32,
    /// Bytes of the port buffer (GET: the kernel writes what it used).
    pub ra_size: u64,
    /// The port buffer (a pointer, as a number).
    pub ra_port: u64,
    /// Ports written (GET).
    pub ra_ports: i32,
    /// `ra_psc.rpsc_lacp`.
    pub ra_lacpreq: lacp_opreq,
}

/// `struct lagg_reqflags`: SIOCSLAGGHASH / SIOCGLAGGFLAGS.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lagg_reqflags {
    /// The lagg.
    pub rf_ifname: [u8; IFNAMSIZ],
    /// `LAGG_F_HASH*` bits.
    pub rf_flags: u32,
}

/// `struct lagg_reqopts` of 11.0 on (10.x's ends before `ro_bkt`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lagg_reqopts {
    /// The lagg.
    pub ro_ifname: [u8; IFNAMSIZ],
    /// SET: one `LAGG_OPT_*` value, negated to clear; GET: the bits.
    pub ro_opts: i32,
    /// Ports (GET).
    pub ro_count: u32,
    /// Active ports (GET).
    pub ro_active: u32,
    /// Flapping events (GET).
    pub ro_flapping: u32,
    /// `flowid_shift`.
    pub ro_flowid_shift: i32,
    /// The round-robin stride (`rr_limit`), 11.0 on.
    pub ro_bkt: u32,
}

/// `struct lagg_reqopts` of 10.x: the same fields without `ro_bkt`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct lagg_reqopts_10 {
    /// The lagg.
    pub ro_ifname: [u8; IFNAMSIZ],
    /// As [`lagg_reqopts::ro_opts`].
    pub ro_opts: i32,
    /// Ports.
    pub ro_count: u32,
    /// Active ports.
    pub ro_active: u32,
    /// Flapping events.
    pub ro_flapping: u32,
    /// `flowid_shift`.
    pub ro_flowid_shift: i32,
}

impl lagg_reqopts_10 {
    /// The leading fields of `o` (a 10.x kernel reads no more).
    pub fn from_full(o: &lagg_reqopts) -> lagg_reqopts_10 {
        lagg_reqopts_10 {
            ro_ifname: o.ro_ifname,
            ro_opts: o.ro_opts,
            ro_count: o.ro_count,
            ro_active: o.ro_active,
            ro_flapping: o.ro_flapping,
            ro_flowid_shift: o.ro_flowid_shift,
        }
    }

    /// Copy back into `o` what a 10.x kernel wrote (`ro_bkt` stays).
    pub fn store_into(&self, o: &mut lagg_reqopts) {
        o.ro_ifname = self.ro_ifname;
        o.ro_opts = self.ro_opts;
        o.ro_count = self.ro_count;
        o.ro_active = self.ro_active;
        o.ro_flapping = self.ro_flapping;
        o.ro_flowid_shift = self.ro_flowid_shift;
    }
}

/// `SIOCGLAGGPORT` (a port's own state; only in the ABI check: the
/// listing reads the ports through SIOCGLAGG).
pub const SIOCGLAGGPORT: u64 = iowr(b'i', 140, size_of::<lagg_reqport>());
/// `SIOCSLAGGPORT`: add a port.
pub const SIOCSLAGGPORT: u64 = iow(b'i', 141, size_of::<lagg_reqport>());
/// `SIOCSLAGGDELPORT`: remove a port.
pub const SIOCSLAGGDELPORT: u64 = iow(b'i', 142, size_of::<lagg_reqport>());
/// `SIOCGLAGG`: the protocol and the ports.
pub const SIOCGLAGG: u64 = iowr(b'i', 143, size_of::<lagg_reqall>());
/// `SIOCSLAGG`: set the protocol.
pub const SIOCSLAGG: u64 = iow(b'i', 144, size_of::<lagg_reqall>());
/// `SIOCGLAGGFLAGS`: the hash layers.
pub const SIOCGLAGGFLAGS: u64 = iowr(b'i', 145, size_of::<lagg_reqflags>());
/// `SIOCSLAGGHASH`: set the hash layers.
pub const SIOCSLAGGHASH: u64 = iow(b'i', 146, size_of::<lagg_reqflags>());
/// `SIOCGLAGGOPTS` (11.0 on).
pub const SIOCGLAGGOPTS: u64 = iowr(b'i', 152, size_of::<lagg_reqopts>());
/// `SIOCSLAGGOPTS` (11.0 on).
pub const SIOCSLAGGOPTS: u64 = iow(b'i', 153, size_of::<lagg_reqopts>());
/// `SIOCGLAGGOPTS` of 10.x (the 36-byte struct).
pub const SIOCGLAGGOPTS_10: u64 = iowr(b'i', 152, size_of::<lagg_reqopts_10>());
/// `SIOCSLAGGOPTS` of 10.x.
pub const SIOCSLAGGOPTS_10: u64 = iow(b'i', 153, size_of::<lagg_reqopts_10>());

/// `LAGG_OPT_*` values SIOCSLAGGOPTS takes as one option, signed:
/// USE_FLOWID, USE_NUMA (13.0), LACP_STRICT, LACP_TXTEST, LACP_RXTEST,
/// LACP_FAST_TIMO (10.x's LACP_TIMEOUT).
pub const OPTION_BITS: [u32; 6] = [0x01, 0x04, 0x10, 0x20, 0x40, 0x80];

/// `LAGG_TYPES`: `laggtype`'s names and `lagg_type` values (13.0).
pub const LAGG_TYPES: [(&str, u8); 2] = [("ethernet", 0), ("infiniband", 1)];

/// `struct iflaggparam` (13.0): `laggtype` at create (SIOCIFCREATE2's
/// `ifr_data`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct iflaggparam {
    /// `LAGG_TYPE_*`.
    pub lagg_type: u8,
    /// Reserved.
    pub reserved_8: [u8; 3],
    /// Reserved.
    pub reserved_32: [u32; 3],
}

impl iflaggparam {
    /// The parameter of `laggtype name` (`None`: not a type).
    pub fn of(name: &str) -> Option<iflaggparam> {
        let t = LAGG_TYPES.iter().find(|(n, _)| *n == name)?.1;
        Some(iflaggparam { lagg_type: t, ..Default::default() })
    }

    /// The type's name (`None`: not one FreeBSD knows).
    pub fn name(&self) -> Option<&'static str> {
        LAGG_TYPES.iter().find(|(_, t)| *t == self.lagg_type).map(|(n, _)| *n)
    }
}

/// `LAGG_MAX_PORTS`: the ports iflagg.c's listing makes room for.
pub const LAGG_MAX_PORTS: usize = 32;

/// One lagg request, with the buffer SIOCGLAGG's pointer names.
#[derive(Debug)]
pub enum LaggRequest<'a> {
    /// SIOCSLAGGPORT (`add`) / SIOCSLAGGDELPORT.
    Port {
        /// The request.
        rp: &'a mut lagg_reqport,
        /// Add (true) or delete.
        add: bool,
    },
    /// SIOCSLAGG: `ra_proto`.
    SetProto(&'a mut lagg_reqall),
    /// SIOCGLAGG: `ra.ra_size` must not exceed `buf`'s bytes.
    Get {
        /// The request and reply.
        ra: &'a mut lagg_reqall,
        /// Where the kernel writes the ports.
        buf: &'a mut [lagg_reqport],
    },
    /// SIOCSLAGGHASH (`set`) / SIOCGLAGGFLAGS.
    Flags {
        /// The request or reply.
        rf: &'a mut lagg_reqflags,
        /// SET (true) or GET.
        set: bool,
    },
    /// SIOCSLAGGOPTS (`set`) / SIOCGLAGGOPTS.
    Opts {
        /// The request or reply.
        ro: &'a mut lagg_reqopts,
        /// SET (true) or GET.
        set: bool,
        /// The kernel's struct has `ro_bkt` (11.0 on): the 40-byte
        /// request; else the 36-byte one of 10.x.
        stride: bool,
    },
}

impl LaggRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        match self {
            LaggRequest::Port { add: true, .. } => SIOCSLAGGPORT,
            LaggRequest::Port { add: false, .. } => SIOCSLAGGDELPORT,
            LaggRequest::SetProto(_) => SIOCSLAGG,
            LaggRequest::Get { .. } => SIOCGLAGG,
            LaggRequest::Flags { set: true, .. } => SIOCSLAGGHASH,
            LaggRequest::Flags { set: false, .. } => SIOCGLAGGFLAGS,
            LaggRequest::Opts { set: true, stride: true, .. } => SIOCSLAGGOPTS,
            LaggRequest::Opts { set: false, stride: true, .. } => SIOCGLAGGOPTS,
            LaggRequest::Opts { set: true, stride: false, .. } => SIOCSLAGGOPTS_10,
            LaggRequest::Opts { set: false, stride: false, .. } => SIOCGLAGGOPTS_10,
        }
    }

    /// The lagg the request names.
    pub fn ifname(&self) -> String {
        let name = match self {
            LaggRequest::Port { rp, .. } => &rp.rp_ifname,
            LaggRequest::SetProto(ra) | LaggRequest::Get { ra, .. } => &ra.ra_ifname,
            LaggRequest::Flags { rf, .. } => &rf.rf_ifname,
            LaggRequest::Opts { ro, .. } => &ro.ro_ifname,
        };
        String::from_utf8_lossy(super::abi::name_of(name)).into_owned()
    }
}

const _: () = assert!(size_of::<lacp_opreq>() == 32 && align_of::<lacp_opreq>() == 2);
const _: () =
    assert!(offset_of!(lacp_opreq, partner_prio) == 16 && offset_of!(lacp_opreq, partner_state) == 30);
const _: () = assert!(size_of::<lagg_reqport>() == 72 && offset_of!(lagg_reqport, rp_lacpreq) == 40);
const _: () = assert!(size_of::<lagg_reqall>() == 80 && align_of::<lagg_reqall>() == 8);
const _: () = assert!(offset_of!(lagg_reqall, ra_size) == 24 && offset_of!(lagg_reqall, ra_lacpreq) == 44);
const _: () = assert!(size_of::<lagg_reqflags>() == 20);
const _: () = assert!(size_of::<lagg_reqopts>() == 40 && offset_of!(lagg_reqopts, ro_bkt) == 36);
const _: () = assert!(size_of::<lagg_reqopts_10>() == 36);
const _: () = assert!(size_of::<iflaggparam>() == 16 && offset_of!(iflaggparam, reserved_32) == 4);

#[cfg(test)]
mod tests {
    use super::*;

    /// The amd64 values, worked out by hand from `net/if_lagg.h`
    /// (`_IOW`: 0x80000000 | len << 16 | 'i' << 8 | num).
    #[test]
    fn numbers() {
        assert_eq!(SIOCSLAGGPORT, 0x8048_698D);
        assert_eq!(SIOCGLAGG, 0xC050_698F);
        assert_eq!(SIOCSLAGGHASH, 0x8014_6992);
        assert_eq!(SIOCSLAGGOPTS, 0x8028_6999);
        // 10.x's request carries 36 bytes: another number.
        assert_eq!(SIOCSLAGGOPTS_10, 0x8024_6999);
        assert_eq!(SIOCGLAGGOPTS_10, 0xC024_6998);
    }

    #[test]
    fn protocols_per_release() {
        assert_eq!(proto_number("broadcast", true), Some(5));
        assert_eq!(proto_number("broadcast", false), None);
        assert_eq!(proto_number("fec", false), Some(5));
        assert_eq!(proto_number("fec", true), None);
        assert_eq!(proto_name(5, false), Some("fec"));
        assert_eq!(proto_name(4, true), Some("lacp"));
        for (name, n) in PROTOS {
            assert_eq!(proto_name(n, true), Some(name));
        }
    }

    #[test]
    fn the_10_x_struct_is_the_leading_part() {
        let o = lagg_reqopts { ro_opts: -0x10, ro_flowid_shift: 3, ro_bkt: 9, ..Default::default() };
        let mut back = lagg_reqopts { ro_bkt: 9, ..Default::default() };
        lagg_reqopts_10::from_full(&o).store_into(&mut back);
        assert_eq!(back, o);
    }
}
