//! if_bridge(4)'s raw ABI (`net/if.h`'s `struct ifdrv`, `net/if_bridgevar.h`):
//! SIOCSDRVSPEC / SIOCGDRVSPEC carry a bridge command (`BRDG*`) and point
//! at its argument, a `struct ifbreq` (members), `struct ifbrparam` (bridge
//! parameters) or `struct ifbifconf` (the member list).
//!
//! `struct ifbreq` is 80 bytes on every release here: 10-14 end it with
//! `pad[32]`; 15 took four of those bytes for `ifbr_pvid` and
//! `ifbr_vlanproto` (zero when sent to an older kernel, which ignores them).

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};

use super::abi::IFNAMSIZ;
use super::bridge_addr::{ifbaconf, ifbareq, ifbif_vlan_req};
use super::ifreq_iface::name_buf;
use super::request::{iow, iowr};

/// `SIOCSDRVSPEC`: a bridge command that changes something.
pub const SIOCSDRVSPEC: u64 = iow(b'i', 123, size_of::<ifdrv>());
/// `SIOCGDRVSPEC`: a bridge command that reads.
pub const SIOCGDRVSPEC: u64 = iowr(b'i', 123, size_of::<ifdrv>());

/// `BRDGADD`: add a member (`ifbreq`).
pub const BRDGADD: u64 = 0;
/// `BRDGDEL`: delete a member (`ifbreq`).
pub const BRDGDEL: u64 = 1;
/// `BRDGGIFFLGS`: a member's flags (`ifbreq`).
pub const BRDGGIFFLGS: u64 = 2;
/// `BRDGSIFFLGS`: set a member's flags (`ifbreq`).
pub const BRDGSIFFLGS: u64 = 3;
/// `BRDGSCACHE`: address cache size (`ifbrparam`).
pub const BRDGSCACHE: u64 = 4;
/// `BRDGGCACHE`.
pub const BRDGGCACHE: u64 = 5;
/// `BRDGGIFS`: the member list (`ifbifconf`).
pub const BRDGGIFS: u64 = 6;
/// `BRDGSTO`: address cache timeout (`ifbrparam`).
pub const BRDGSTO: u64 = 9;
/// `BRDGGTO`.
pub const BRDGGTO: u64 = 10;
/// `BRDGGPRI`: bridge priority (`ifbrparam`, 16 bits).
pub const BRDGGPRI: u64 = 13;
/// `BRDGSPRI`.
pub const BRDGSPRI: u64 = 14;
/// `BRDGGHT`: hello time (8 bits).
pub const BRDGGHT: u64 = 15;
/// `BRDGSHT`.
pub const BRDGSHT: u64 = 16;
/// `BRDGGFD`: forward delay (8 bits).
pub const BRDGGFD: u64 = 17;
/// `BRDGSFD`.
pub const BRDGSFD: u64 = 18;
/// `BRDGGMA`: max age (8 bits).
pub const BRDGGMA: u64 = 19;
/// `BRDGSMA`.
pub const BRDGSMA: u64 = 20;
/// `BRDGPARAM`: the bridge's STP parameters (`ifbropreq`).
pub const BRDGPARAM: u64 = 25;
/// `BRDGADDS`: add a span port (`ifbreq`).
pub const BRDGADDS: u64 = 23;
/// `BRDGDELS`: delete a span port (`ifbreq`).
pub const BRDGDELS: u64 = 24;
/// `BRDGSTXHC`: transmit hold count (8 bits).
pub const BRDGSTXHC: u64 = 29;
/// `BRDGRTS`: the address cache (`ifbaconf`).
pub const BRDGRTS: u64 = 7;
/// `BRDGSADDR`: add a static entry (`ifbareq`).
pub const BRDGSADDR: u64 = 8;
/// `BRDGDADDR`: delete an entry (`ifbareq`).
pub const BRDGDADDR: u64 = 11;
/// `BRDGFLUSH`: flush the cache (`ifbreq`, `IFBF_*` in `ifbr_ifsflags`).
pub const BRDGFLUSH: u64 = 12;
/// `BRDGSIFPRIO`: a member's STP priority (`ifbreq`).
pub const BRDGSIFPRIO: u64 = 21;
/// `BRDGSIFCOST`: a member's STP path cost (`ifbreq`).
pub const BRDGSIFCOST: u64 = 22;
/// `BRDGSPROTO`: the STP protocol (`ifbrparam`, 8 bits).
pub const BRDGSPROTO: u64 = 28;
/// `BRDGSIFAMAX`: a member's cache entry limit (`ifbreq`).
pub const BRDGSIFAMAX: u64 = 30;
/// 15: `BRDGSIFPVID`: a member's untagged VLAN (`ifbreq`).
pub const BRDGSIFPVID: u64 = 31;
/// 15: `BRDGSIFVLANSET`: a member's tagged set (`ifbif_vlan_req`).
pub const BRDGSIFVLANSET: u64 = 32;
/// 15: `BRDGGIFVLANSET`.
pub const BRDGGIFVLANSET: u64 = 33;
/// 15: `BRDGGFLAGS`: the bridge's `IFBRF_*` (`ifbrparam`, 32 bits).
pub const BRDGGFLAGS: u64 = 34;
/// 15: `BRDGSFLAGS`.
pub const BRDGSFLAGS: u64 = 35;
/// 15: `BRDGGDEFPVID`: the default untagged VLAN (`ifbrparam`, 16 bits).
pub const BRDGGDEFPVID: u64 = 36;
/// 15: `BRDGSDEFPVID`.
pub const BRDGSDEFPVID: u64 = 37;
/// 15: `BRDGSIFVLANPROTO`: a member's VLAN ethertype (`ifbreq`).
pub const BRDGSIFVLANPROTO: u64 = 38;

/// `BSTP_PROTO_STP`: `ifbop_protocol` of 802.1D STP (`net/bridgestp.h`
/// defines both inside `_KERNEL`, so the ABI check cannot see them;
/// ifbridge.c's `stpproto[]` indexes "stp", "-", "rstp" by them).
pub const BSTP_PROTO_STP: u8 = 0;
/// `BSTP_PROTO_RSTP`: `ifbop_protocol` of RSTP.
pub const BSTP_PROTO_RSTP: u8 = 2;

/// `IFBIF_SPAN`: the member is a span port (BRDGADDS, not a flag to set).
pub const IFBIF_SPAN: u32 = 0x0008;

/// Every bridge command used, with its C name (the ABI check).
pub const COMMANDS: [(&str, u64); 38] = [
    ("BRDGPARAM", BRDGPARAM),
    ("BRDGADD", BRDGADD),
    ("BRDGDEL", BRDGDEL),
    ("BRDGGIFFLGS", BRDGGIFFLGS),
    ("BRDGSIFFLGS", BRDGSIFFLGS),
    ("BRDGSCACHE", BRDGSCACHE),
    ("BRDGGCACHE", BRDGGCACHE),
    ("BRDGGIFS", BRDGGIFS),
    ("BRDGSTO", BRDGSTO),
    ("BRDGGTO", BRDGGTO),
    ("BRDGGPRI", BRDGGPRI),
    ("BRDGSPRI", BRDGSPRI),
    ("BRDGGHT", BRDGGHT),
    ("BRDGSHT", BRDGSHT),
    ("BRDGGFD", BRDGGFD),
    ("BRDGSFD", BRDGSFD),
    ("BRDGGMA", BRDGGMA),
    ("BRDGSMA", BRDGSMA),
    ("BRDGADDS", BRDGADDS),
    ("BRDGDELS", BRDGDELS),
    ("BRDGSTXHC", BRDGSTXHC),
    ("IFBIF_SPAN", IFBIF_SPAN as u64),
    ("BRDGRTS", BRDGRTS),
    ("BRDGSADDR", BRDGSADDR),
    ("BRDGDADDR", BRDGDADDR),
    ("BRDGFLUSH", BRDGFLUSH),
    ("BRDGSIFPRIO", BRDGSIFPRIO),
    ("BRDGSIFCOST", BRDGSIFCOST),
    ("BRDGSPROTO", BRDGSPROTO),
    ("BRDGSIFAMAX", BRDGSIFAMAX),
    ("BRDGSIFPVID", BRDGSIFPVID),
    ("BRDGSIFVLANSET", BRDGSIFVLANSET),
    ("BRDGGIFVLANSET", BRDGGIFVLANSET),
    ("BRDGGFLAGS", BRDGGFLAGS),
    ("BRDGSFLAGS", BRDGSFLAGS),
    ("BRDGGDEFPVID", BRDGGDEFPVID),
    ("BRDGSDEFPVID", BRDGSDEFPVID),
    ("BRDGSIFVLANPROTO", BRDGSIFVLANPROTO),
];

/// The C name of a bridge command.
pub fn command_name(cmd: u64) -> &'static str {
    COMMANDS.iter().find(|(n, c)| *c == cmd && n.starts_with("BRDG")).map_or("BRDG?", |(n, _)| n)
}

/// `struct ifdrv`: the SIOCSDRVSPEC / SIOCGDRVSPEC argument.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifdrv {
    /// The bridge.
    pub ifd_name: [u8; IFNAMSIZ],
    /// The `BRDG*` command.
    pub ifd_cmd: u64,
    /// The argument's size (the kernel requires the command's own).
    pub ifd_len: u64,
    /// The argument (a pointer, as a number).
    pub ifd_data: u64,
}

/// `struct ifbreq`: one member.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ifbreq {
    /// The member's name.
    pub ifbr_ifsname: [u8; IFNAMSIZ],
    /// `IFBIF_*`.
    pub ifbr_ifsflags: u32,
    /// STP flags.
    pub ifbr_stpflags: u32,
    /// STP path cost.
    pub ifbr_path_cost: u32,
    /// Port number.
    pub ifbr_portno: u8,
    /// STP priority.
    pub ifbr_priority: u8,
    /// STP protocol.
    pub ifbr_proto: u8,
    /// STP role.
    pub ifbr_role: u8,
    /// STP state.
    pub ifbr_state: u8,
    /// Addresses learned.
    pub ifbr_addrcnt: u32,
    /// Address limit (`ifmaxaddr`).
    pub ifbr_addrmax: u32,
    /// Address limit violations.
    pub ifbr_addrexceeded: u32,
    /// 15: the port VLAN id (10-14: padding).
    pub ifbr_pvid: u16,
    /// 15: the member's VLAN protocol (10-14: padding).
    pub ifbr_vlanproto: u16,
    /// Padding.
    pub pad: [u8; 28],
}

impl Default for ifbreq {
    fn default() -> Self {
        ifbreq {
            ifbr_ifsname: [0; IFNAMSIZ],
            ifbr_ifsflags: 0,
            ifbr_stpflags: 0,
            ifbr_path_cost: 0,
            ifbr_portno: 0,
            ifbr_priority: 0,
            ifbr_proto: 0,
            ifbr_role: 0,
            ifbr_state: 0,
            ifbr_addrcnt: 0,
            ifbr_addrmax: 0,
            ifbr_addrexceeded: 0,
            ifbr_pvid: 0,
            ifbr_vlanproto: 0,
            pad: [0; 28],
        }
    }
}

impl ifbreq {
    /// A request naming member `name`.
    pub fn member(name: &str) -> ifbreq {
        ifbreq { ifbr_ifsname: name_buf(name), ..ifbreq::default() }
    }

    /// The member's name.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifbr_ifsname)).into_owned()
    }
}

/// `struct ifbrparam`: one 32-, 16- or 8-bit value in a union.
#[repr(C, align(4))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifbrparam {
    /// The union's bytes (`ifbrpu_int32` / `_int16` / `_int8` all start
    /// at byte 0).
    pub ifbrp_ifbrpu: [u8; 4],
}

impl ifbrparam {
    /// `ifbrpu_int32`.
    pub fn int32(&self) -> u32 {
        u32::from_ne_bytes(self.ifbrp_ifbrpu)
    }
    /// `ifbrpu_int16`.
    pub fn int16(&self) -> u16 {
        u16::from_ne_bytes([self.ifbrp_ifbrpu[0], self.ifbrp_ifbrpu[1]])
    }
    /// `ifbrpu_int8`.
    pub fn int8(&self) -> u8 {
        self.ifbrp_ifbrpu[0]
    }
    /// A 32-bit value.
    pub fn of32(v: u32) -> ifbrparam {
        ifbrparam { ifbrp_ifbrpu: v.to_ne_bytes() }
    }
    /// A 16-bit value.
    pub fn of16(v: u16) -> ifbrparam {
        let [a, b] = v.to_ne_bytes();
        ifbrparam { ifbrp_ifbrpu: [a, b, 0, 0] }
    }
    /// An 8-bit value.
    pub fn of8(v: u8) -> ifbrparam {
        ifbrparam { ifbrp_ifbrpu: [v, 0, 0, 0] }
    }
}

/// `struct timeval` (amd64).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct timeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds.
    pub tv_usec: i64,
}

/// `struct ifbropreq`: BRDGPARAM, what ifconfig's bridge lines print.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifbropreq {
    /// Transmit hold count (`holdcnt`).
    pub ifbop_holdcount: u8,
    /// `maxage`.
    pub ifbop_maxage: u8,
    /// `hellotime`.
    pub ifbop_hellotime: u8,
    /// `fwddelay`.
    pub ifbop_fwddelay: u8,
    /// `BSTP_PROTO_*`.
    pub ifbop_protocol: u8,
    /// `priority`.
    pub ifbop_priority: u16,
    /// The root port.
    pub ifbop_root_port: u16,
    /// The root path cost.
    pub ifbop_root_path_cost: u32,
    /// The bridge id.
    pub ifbop_bridgeid: u64,
    /// The designated root.
    pub ifbop_designated_root: u64,
    /// The designated bridge.
    pub ifbop_designated_bridge: u64,
    /// The last topology change.
    pub ifbop_last_tc_time: timeval,
}

/// `struct ifbifconf`: BRDGGIFS.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifbifconf {
    /// Bytes of the buffer (0: the kernel answers the bytes it needs).
    pub ifbic_len: u32,
    /// The buffer (a pointer, as a number).
    pub ifbic_buf: u64,
}

/// A bridge command's argument, with the buffer the list points at.
#[derive(Debug)]
pub enum BridgeArg<'a> {
    /// An `ifbreq`.
    Member(&'a mut ifbreq),
    /// An `ifbrparam`.
    Param(&'a mut ifbrparam),
    /// An `ifbropreq` (BRDGPARAM).
    Op(&'a mut ifbropreq),
    /// An `ifbareq` (BRDGSADDR, BRDGDADDR).
    Addr(&'a mut ifbareq),
    /// BRDGRTS: `conf.ifbac_len` must not exceed `buf`'s bytes.
    Addrs {
        /// The request.
        conf: &'a mut ifbaconf,
        /// Where the kernel writes the entries.
        buf: &'a mut [ifbareq],
    },
    /// An `ifbif_vlan_req` (15's BRDGSIFVLANSET, BRDGGIFVLANSET).
    VlanSet(&'a mut ifbif_vlan_req),
    /// BRDGGIFS: `conf.ifbic_len` must not exceed `buf`'s bytes.
    Members {
        /// The request.
        conf: &'a mut ifbifconf,
        /// Where the kernel writes the members.
        buf: &'a mut [ifbreq],
    },
}

impl BridgeArg<'_> {
    /// The argument's size, what `ifd_len` must say.
    pub fn len(&self) -> usize {
        match self {
            BridgeArg::Member(_) => size_of::<ifbreq>(),
            BridgeArg::Param(_) => size_of::<ifbrparam>(),
            BridgeArg::Op(_) => size_of::<ifbropreq>(),
            BridgeArg::Members { .. } => size_of::<ifbifconf>(),
            BridgeArg::Addr(_) => size_of::<ifbareq>(),
            BridgeArg::Addrs { .. } => size_of::<ifbaconf>(),
            BridgeArg::VlanSet(_) => size_of::<ifbif_vlan_req>(),
        }
    }

    /// Never empty (for clippy's `len` rule).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// One bridge command: SIOCSDRVSPEC (`set`) or SIOCGDRVSPEC.
#[derive(Debug)]
pub struct BridgeRequest<'a> {
    /// The `ifdrv`; `ifd_data` is filled in by the caller of the kernel.
    pub ifd: &'a mut ifdrv,
    /// SET (true) or GET.
    pub set: bool,
    /// The argument.
    pub arg: BridgeArg<'a>,
}

impl BridgeRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        if self.set {
            SIOCSDRVSPEC
        } else {
            SIOCGDRVSPEC
        }
    }

    /// The request's C name.
    pub fn name(&self) -> &'static str {
        if self.set {
            "SIOCSDRVSPEC"
        } else {
            "SIOCGDRVSPEC"
        }
    }
}

/// A bridge command for bridge `bridge` (`ifd_len` from the argument).
pub fn ifdrv_for(bridge: [u8; IFNAMSIZ], cmd: u64, arg: &BridgeArg<'_>) -> ifdrv {
    ifdrv { ifd_name: bridge, ifd_cmd: cmd, ifd_len: arg.len() as u64, ifd_data: 0 }
}

const _: () = assert!(size_of::<ifdrv>() == 40 && align_of::<ifdrv>() == 8);
const _: () = assert!(offset_of!(ifdrv, ifd_cmd) == 16 && offset_of!(ifdrv, ifd_data) == 32);
const _: () = assert!(size_of::<ifbreq>() == 80 && align_of::<ifbreq>() == 4);
const _: () = assert!(offset_of!(ifbreq, ifbr_addrcnt) == 36 && offset_of!(ifbreq, ifbr_pvid) == 48);
const _: () = assert!(size_of::<ifbrparam>() == 4);
const _: () = assert!(size_of::<ifbropreq>() == 56 && offset_of!(ifbropreq, ifbop_last_tc_time) == 40);
const _: () = assert!(size_of::<ifbifconf>() == 16 && offset_of!(ifbifconf, ifbic_buf) == 8);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::BRIDGE_PARAMS;

    /// The keyword table's command numbers are these constants.
    #[test]
    fn param_table_matches_the_commands() {
        for p in BRIDGE_PARAMS {
            assert_eq!(command_name(p.set), p.set_name, "{}", p.keyword);
            if let Some(g) = p.get {
                assert_eq!(command_name(g).replacen("BRDGG", "BRDGS", 1), p.set_name, "{}", p.keyword);
            }
        }
        assert_eq!(command_name(BRDGGIFS), "BRDGGIFS");
    }
}
