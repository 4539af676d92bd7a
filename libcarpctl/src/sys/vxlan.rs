//! vxlan(4)'s raw ABI (`net/if_vxlan.h`): a `VXLAN_CMD_*` command through
//! SIOCSDRVSPEC / SIOCGDRVSPEC (`struct ifdrv`, as the bridge's), with a
//! `struct ifvxlancmd` (the settings) or a `struct ifvxlancfg`
//! (VXLAN_CMD_GET_CONFIG, the listing); and `struct ifvxlanparam`, the
//! parameters of a create. The same layouts in 10.4's and 14.x's headers.

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};
use std::net::IpAddr;

use super::abi::{sockaddr_in, sockaddr_in6, AF_INET, AF_INET6, IFNAMSIZ};
use super::bridge::ifdrv;
use super::ifreq_iface::name_buf;
use crate::types::VxlanChange;

/// `VXLAN_CMD_GET_CONFIG`.
pub const VXLAN_CMD_GET_CONFIG: u64 = 0;
/// `VXLAN_CMD_SET_VNI`.
pub const VXLAN_CMD_SET_VNI: u64 = 1;
/// `VXLAN_CMD_SET_LOCAL_ADDR`.
pub const VXLAN_CMD_SET_LOCAL_ADDR: u64 = 2;
/// `VXLAN_CMD_SET_REMOTE_ADDR`.
pub const VXLAN_CMD_SET_REMOTE_ADDR: u64 = 4;
/// `VXLAN_CMD_SET_LOCAL_PORT`.
pub const VXLAN_CMD_SET_LOCAL_PORT: u64 = 5;
/// `VXLAN_CMD_SET_REMOTE_PORT`.
pub const VXLAN_CMD_SET_REMOTE_PORT: u64 = 6;
/// `VXLAN_CMD_SET_PORT_RANGE`.
pub const VXLAN_CMD_SET_PORT_RANGE: u64 = 7;
/// `VXLAN_CMD_SET_FTABLE_TIMEOUT`.
pub const VXLAN_CMD_SET_FTABLE_TIMEOUT: u64 = 8;
/// `VXLAN_CMD_SET_FTABLE_MAX`.
pub const VXLAN_CMD_SET_FTABLE_MAX: u64 = 9;
/// `VXLAN_CMD_SET_MULTICAST_IF`.
pub const VXLAN_CMD_SET_MULTICAST_IF: u64 = 10;
/// `VXLAN_CMD_SET_TTL`.
pub const VXLAN_CMD_SET_TTL: u64 = 11;
/// `VXLAN_CMD_SET_LEARN`.
pub const VXLAN_CMD_SET_LEARN: u64 = 12;
/// `VXLAN_CMD_FLUSH`.
pub const VXLAN_CMD_FLUSH: u64 = 15;
/// `VXLAN_CMD_FLAG_FLUSH_ALL`: `vxlanflushall` (else only learned entries).
pub const VXLAN_CMD_FLAG_FLUSH_ALL: u32 = 0x1;
/// `VXLAN_CMD_FLAG_LEARN`: `vxlanlearn`.
pub const VXLAN_CMD_FLAG_LEARN: u32 = 0x2;

/// Every command used, with its C name (the ABI check, the call record).
pub const COMMANDS: [(&str, u64); 13] = [
    ("VXLAN_CMD_GET_CONFIG", VXLAN_CMD_GET_CONFIG),
    ("VXLAN_CMD_SET_VNI", VXLAN_CMD_SET_VNI),
    ("VXLAN_CMD_SET_LOCAL_ADDR", VXLAN_CMD_SET_LOCAL_ADDR),
    ("VXLAN_CMD_SET_REMOTE_ADDR", VXLAN_CMD_SET_REMOTE_ADDR),
    ("VXLAN_CMD_SET_LOCAL_PORT", VXLAN_CMD_SET_LOCAL_PORT),
    ("VXLAN_CMD_SET_REMOTE_PORT", VXLAN_CMD_SET_REMOTE_PORT),
    ("VXLAN_CMD_SET_PORT_RANGE", VXLAN_CMD_SET_PORT_RANGE),
    ("VXLAN_CMD_SET_FTABLE_TIMEOUT", VXLAN_CMD_SET_FTABLE_TIMEOUT),
    ("VXLAN_CMD_SET_FTABLE_MAX", VXLAN_CMD_SET_FTABLE_MAX),
    ("VXLAN_CMD_SET_MULTICAST_IF", VXLAN_CMD_SET_MULTICAST_IF),
    ("VXLAN_CMD_SET_TTL", VXLAN_CMD_SET_TTL),
    ("VXLAN_CMD_SET_LEARN", VXLAN_CMD_SET_LEARN),
    ("VXLAN_CMD_FLUSH", VXLAN_CMD_FLUSH),
];

/// The C name of command `cmd`.
pub fn command_name(cmd: u64) -> &'static str {
    COMMANDS.iter().find(|(_, c)| *c == cmd).map_or("VXLAN_CMD_?", |(n, _)| n)
}

/// `union vxlan_sockaddr`: a `sockaddr_in` or `sockaddr_in6` (28 bytes).
#[repr(C, align(4))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct vxlan_sockaddr(pub [u8; 28]);

impl vxlan_sockaddr {
    /// `addr` with `port` (host order), as ifvxlan.c fills it: a
    /// `sockaddr_in` or `sockaddr_in6` (length, family, port in network
    /// order, the address).
    pub fn new(addr: IpAddr, port: u16) -> vxlan_sockaddr {
        let mut out = [0u8; 28];
        out[2..4].copy_from_slice(&port.to_be_bytes());
        match addr {
            IpAddr::V4(a) => {
                out[0] = size_of::<sockaddr_in>() as u8;
                out[1] = AF_INET;
                out[4..8].copy_from_slice(&a.octets());
            }
            IpAddr::V6(a) => {
                out[0] = size_of::<sockaddr_in6>() as u8;
                out[1] = AF_INET6;
                out[8..24].copy_from_slice(&a.octets());
            }
        }
        vxlan_sockaddr(out)
    }

    /// The address and port (host order), `None` for another family.
    pub fn get(&self) -> Option<(IpAddr, u16)> {
        let b = &self.0;
        let port = u16::from_be_bytes([b[2], b[3]]);
        match b[1] {
            AF_INET => Some((IpAddr::from([b[4], b[5], b[6], b[7]]), port)),
            AF_INET6 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(&b[8..24]);
                Some((IpAddr::from(a), port))
            }
            _ => None,
        }
    }
}

/// `struct ifvxlancmd`: one setting.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifvxlancmd {
    /// `VXLAN_CMD_FLAG_*`.
    pub vxlcmd_flags: u32,
    /// The vni.
    pub vxlcmd_vni: u32,
    /// Forwarding table entry lifetime.
    pub vxlcmd_ftable_timeout: u32,
    /// Forwarding table size.
    pub vxlcmd_ftable_max: u32,
    /// A port (host order).
    pub vxlcmd_port: u16,
    /// The source port range's minimum.
    pub vxlcmd_port_min: u16,
    /// Its maximum.
    pub vxlcmd_port_max: u16,
    /// A forwarding entry's MAC (not used here).
    pub vxlcmd_mac: [u8; 6],
    /// The TTL.
    pub vxlcmd_ttl: u8,
    /// An address.
    pub vxlcmd_sa: vxlan_sockaddr,
    /// The multicast interface.
    pub vxlcmd_ifname: [u8; IFNAMSIZ],
}

/// `struct ifvxlancfg`: VXLAN_CMD_GET_CONFIG's answer.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifvxlancfg {
    /// The vni (`VXLAN_VNI_MAX`: none yet).
    pub vxlc_vni: u32,
    /// Local address and port.
    pub vxlc_local_sa: vxlan_sockaddr,
    /// Remote (or group) address and port.
    pub vxlc_remote_sa: vxlan_sockaddr,
    /// The multicast interface's index (0: none).
    pub vxlc_mc_ifindex: u32,
    /// Forwarding table entries.
    pub vxlc_ftable_cnt: u32,
    /// Forwarding table size.
    pub vxlc_ftable_max: u32,
    /// Forwarding table entry lifetime.
    pub vxlc_ftable_timeout: u32,
    /// Source port range minimum.
    pub vxlc_port_min: u16,
    /// Source port range maximum.
    pub vxlc_port_max: u16,
    /// Learning on (1) or off.
    pub vxlc_learn: u8,
    /// TTL.
    pub vxlc_ttl: u8,
}

/// A vxlan command's argument.
#[derive(Debug)]
pub enum VxlanArg<'a> {
    /// A setting.
    Cmd(&'a mut ifvxlancmd),
    /// VXLAN_CMD_GET_CONFIG.
    Config(&'a mut ifvxlancfg),
}

impl VxlanArg<'_> {
    /// The argument's size, what `ifd_len` must say.
    pub fn len(&self) -> usize {
        match self {
            VxlanArg::Cmd(_) => size_of::<ifvxlancmd>(),
            VxlanArg::Config(_) => size_of::<ifvxlancfg>(),
        }
    }

    /// Never empty (for clippy's `len` rule).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// One vxlan command: SIOCSDRVSPEC (`set`) or SIOCGDRVSPEC.
#[derive(Debug)]
pub struct VxlanRequest<'a> {
    /// The `ifdrv`; `ifd_data` is filled in by the caller of the kernel.
    pub ifd: &'a mut ifdrv,
    /// SET (true) or GET.
    pub set: bool,
    /// The argument.
    pub arg: VxlanArg<'a>,
}

impl VxlanRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        if self.set {
            super::bridge::SIOCSDRVSPEC
        } else {
            super::bridge::SIOCGDRVSPEC
        }
    }

    /// The interface the request names.
    pub fn ifname(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifd.ifd_name)).into_owned()
    }
}

/// A vxlan command `cmd` for `name` (`ifd_len` from the argument).
pub fn ifdrv_for(name: [u8; IFNAMSIZ], cmd: u64, arg: &VxlanArg<'_>) -> ifdrv {
    ifdrv { ifd_name: name, ifd_cmd: cmd, ifd_len: arg.len() as u64, ifd_data: 0 }
}

const _: () = assert!(size_of::<vxlan_sockaddr>() == 28 && align_of::<vxlan_sockaddr>() == 4);
const _: () = assert!(size_of::<ifvxlancmd>() == 76 && offset_of!(ifvxlancmd, vxlcmd_sa) == 32);
const _: () =
    assert!(offset_of!(ifvxlancmd, vxlcmd_ttl) == 28 && offset_of!(ifvxlancmd, vxlcmd_ifname) == 60);
const _: () = assert!(size_of::<ifvxlancfg>() == 84 && offset_of!(ifvxlancfg, vxlc_mc_ifindex) == 60);

/// `VXLAN_PARAM_WITH_*`: which fields of [`ifvxlanparam`] are given.
pub mod with {
    /// `vxlp_vni`.
    pub const VNI: u64 = 0x0001;
    /// `vxlp_local_sa`, inet.
    pub const LOCAL_ADDR4: u64 = 0x0002;
    /// `vxlp_local_sa`, inet6.
    pub const LOCAL_ADDR6: u64 = 0x0004;
    /// `vxlp_remote_sa`, inet.
    pub const REMOTE_ADDR4: u64 = 0x0008;
    /// `vxlp_remote_sa`, inet6.
    pub const REMOTE_ADDR6: u64 = 0x0010;
    /// `vxlp_local_port`.
    pub const LOCAL_PORT: u64 = 0x0020;
    /// `vxlp_remote_port`.
    pub const REMOTE_PORT: u64 = 0x0040;
    /// `vxlp_min_port` / `vxlp_max_port`.
    pub const PORT_RANGE: u64 = 0x0080;
    /// `vxlp_ftable_timeout`.
    pub const FTABLE_TIMEOUT: u64 = 0x0100;
    /// `vxlp_ftable_max`.
    pub const FTABLE_MAX: u64 = 0x0200;
    /// `vxlp_mc_ifname`.
    pub const MULTICAST_IF: u64 = 0x0400;
    /// `vxlp_ttl`.
    pub const TTL: u64 = 0x0800;
    /// `vxlp_learn`.
    pub const LEARN: u64 = 0x1000;
}

/// `struct ifvxlanparam`: the parameters of `ifconfig vxlanN create
/// vxlanid ...` (SIOCIFCREATE2's `ifr_data`), ports in host order.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifvxlanparam {
    /// `VXLAN_PARAM_WITH_*` bits.
    pub vxlp_with: u64,
    /// The vni.
    pub vxlp_vni: u32,
    /// The local address.
    pub vxlp_local_sa: vxlan_sockaddr,
    /// The remote (or group) address.
    pub vxlp_remote_sa: vxlan_sockaddr,
    /// The local port.
    pub vxlp_local_port: u16,
    /// The remote port.
    pub vxlp_remote_port: u16,
    /// The source port range's minimum.
    pub vxlp_min_port: u16,
    /// Its maximum.
    pub vxlp_max_port: u16,
    /// The multicast interface.
    pub vxlp_mc_ifname: [u8; IFNAMSIZ],
    /// Forwarding table entry lifetime.
    pub vxlp_ftable_timeout: u32,
    /// Forwarding table size.
    pub vxlp_ftable_max: u32,
    /// The TTL.
    pub vxlp_ttl: u8,
    /// Learning.
    pub vxlp_learn: u8,
}

impl ifvxlanparam {
    /// The parameters of `changes`, as ifvxlan.c records them (a later
    /// word wins; `vxlanflush` is no parameter).
    pub fn from_changes(changes: &[VxlanChange]) -> ifvxlanparam {
        let mut p = ifvxlanparam::default();
        for c in changes {
            match c {
                VxlanChange::Vni(n) => (p.vxlp_with, p.vxlp_vni) = (p.vxlp_with | with::VNI, *n),
                VxlanChange::Local(a) => {
                    p.vxlp_with &= !(with::LOCAL_ADDR4 | with::LOCAL_ADDR6);
                    p.vxlp_with |= if a.is_ipv4() { with::LOCAL_ADDR4 } else { with::LOCAL_ADDR6 };
                    p.vxlp_local_sa = vxlan_sockaddr::new(*a, 0);
                }
                VxlanChange::Remote(a) => {
                    p.vxlp_with &= !(with::REMOTE_ADDR4 | with::REMOTE_ADDR6);
                    p.vxlp_with |= if a.is_ipv4() { with::REMOTE_ADDR4 } else { with::REMOTE_ADDR6 };
                    p.vxlp_remote_sa = vxlan_sockaddr::new(*a, 0);
                }
                VxlanChange::LocalPort(n) => {
                    (p.vxlp_with, p.vxlp_local_port) = (p.vxlp_with | with::LOCAL_PORT, *n)
                }
                VxlanChange::RemotePort(n) => {
                    (p.vxlp_with, p.vxlp_remote_port) = (p.vxlp_with | with::REMOTE_PORT, *n)
                }
                VxlanChange::PortRange(a, b) => {
                    p.vxlp_with |= with::PORT_RANGE;
                    (p.vxlp_min_port, p.vxlp_max_port) = (*a, *b);
                }
                VxlanChange::Timeout(t) => {
                    (p.vxlp_with, p.vxlp_ftable_timeout) = (p.vxlp_with | with::FTABLE_TIMEOUT, *t)
                }
                VxlanChange::MaxAddr(m) => {
                    (p.vxlp_with, p.vxlp_ftable_max) = (p.vxlp_with | with::FTABLE_MAX, *m)
                }
                VxlanChange::Dev(d) => {
                    p.vxlp_with |= with::MULTICAST_IF;
                    p.vxlp_mc_ifname = name_buf(d);
                }
                VxlanChange::Ttl(t) => (p.vxlp_with, p.vxlp_ttl) = (p.vxlp_with | with::TTL, *t),
                VxlanChange::Learn(l) => {
                    (p.vxlp_with, p.vxlp_learn) = (p.vxlp_with | with::LEARN, (*l).into())
                }
                VxlanChange::Flush(_) => {}
            }
        }
        p
    }

    /// The settings these parameters carry, one per field given.
    pub fn changes(&self) -> Vec<VxlanChange> {
        let w = |bit| self.vxlp_with & bit != 0;
        let addr = |sa: &vxlan_sockaddr| sa.get().map(|(a, _)| a);
        let mut out = Vec::new();
        if w(with::VNI) {
            out.push(VxlanChange::Vni(self.vxlp_vni));
        }
        if w(with::LOCAL_ADDR4 | with::LOCAL_ADDR6) {
            out.extend(addr(&self.vxlp_local_sa).map(VxlanChange::Local));
        }
        if w(with::REMOTE_ADDR4 | with::REMOTE_ADDR6) {
            out.extend(addr(&self.vxlp_remote_sa).map(VxlanChange::Remote));
        }
        if w(with::LOCAL_PORT) {
            out.push(VxlanChange::LocalPort(self.vxlp_local_port));
        }
        if w(with::REMOTE_PORT) {
            out.push(VxlanChange::RemotePort(self.vxlp_remote_port));
        }
        if w(with::PORT_RANGE) {
            out.push(VxlanChange::PortRange(self.vxlp_min_port, self.vxlp_max_port));
        }
        if w(with::FTABLE_TIMEOUT) {
            out.push(VxlanChange::Timeout(self.vxlp_ftable_timeout));
        }
        if w(with::FTABLE_MAX) {
            out.push(VxlanChange::MaxAddr(self.vxlp_ftable_max));
        }
        if w(with::MULTICAST_IF) {
            out.push(VxlanChange::Dev(
                String::from_utf8_lossy(super::abi::name_of(&self.vxlp_mc_ifname)).into(),
            ));
        }
        if w(with::TTL) {
            out.push(VxlanChange::Ttl(self.vxlp_ttl));
        }
        if w(with::LEARN) {
            out.push(VxlanChange::Learn(self.vxlp_learn != 0));
        }
        out
    }
}

const _: () = assert!(size_of::<ifvxlanparam>() == 104 && offset_of!(ifvxlanparam, vxlp_local_sa) == 12);
const _: () =
    assert!(offset_of!(ifvxlanparam, vxlp_mc_ifname) == 76 && offset_of!(ifvxlanparam, vxlp_ttl) == 100);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip_with_ports_in_network_order() {
        for (a, p) in [("192.0.2.1", 4789u16), ("2001:db8::1", 8472)] {
            let sa = vxlan_sockaddr::new(a.parse().unwrap(), p);
            assert_eq!(sa.get(), Some((a.parse().unwrap(), p)));
        }
        let v4 = vxlan_sockaddr::new("192.0.2.1".parse().unwrap(), 4789);
        assert_eq!(&v4.0[..4], &[16, AF_INET, 0x12, 0xb5]);
        assert_eq!(vxlan_sockaddr::default().get(), None);
    }

    #[test]
    fn create_parameters_round_trip() {
        let given = [
            VxlanChange::Vni(42),
            VxlanChange::Local("2001:db8::1".parse().unwrap()),
            VxlanChange::Remote("ff02::1".parse().unwrap()),
            VxlanChange::LocalPort(4790),
            VxlanChange::Dev("em0".into()),
            VxlanChange::Ttl(9),
            VxlanChange::Learn(false),
        ];
        let p = ifvxlanparam::from_changes(&given);
        assert_eq!(
            p.vxlp_with,
            with::VNI
                | with::LOCAL_ADDR6
                | with::REMOTE_ADDR6
                | with::LOCAL_PORT
                | with::MULTICAST_IF
                | with::TTL
                | with::LEARN
        );
        assert_eq!(p.changes(), given);
    }
}
