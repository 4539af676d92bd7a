//! The state of the tunnel drivers whose ifconfig words are one or two
//! requests each: ipsec(4)'s reqid (if_ipsec.c IPSECSREQID) and stf(4)'s
//! 6rd parameters (if_stf.c STF6RD_SV4NET / STF6RD_SBR through
//! SIOCSDRVSPEC). Kept in the host file (see libcarpctl-host(5)).

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

/// ipsec(4): the reqid of the interface's security policies (0 until a
/// tunnel or `reqid 0` makes the kernel choose one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IpsecConfig {
    /// The reqid.
    #[serde(default)]
    pub reqid: u32,
}

impl IpsecConfig {
    /// key.c's IPSEC_MANUAL_REQID_MAX: key_newreqid hands out the ids
    /// above it, counting up from it.
    pub const MANUAL_REQID_MAX: u32 = 0x3fff;
}

/// stf(4)'s 6rd parameters (all zero when created).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StfConfig {
    /// `stfv4net`'s address (our IPv4 WAN address).
    pub v4net: Ipv4Addr,
    /// `stfv4net`'s prefix length (0 until set; 1 to 32).
    #[serde(default)]
    pub v4prefixlen: u8,
    /// `stfv4br`: the border relay.
    pub braddr: Ipv4Addr,
}

impl Default for StfConfig {
    fn default() -> Self {
        StfConfig { v4net: Ipv4Addr::UNSPECIFIED, v4prefixlen: 0, braddr: Ipv4Addr::UNSPECIFIED }
    }
}

/// A change to one of these drivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriverChange {
    /// `reqid N` (IPSECSREQID; 0 asks the kernel for a new one).
    IpsecReqid(u32),
    /// `stfv4net A/P` (STF6RD_SV4NET).
    StfV4Net(Ipv4Addr, u8),
    /// `stfv4br A` (STF6RD_SBR).
    StfBorderRelay(Ipv4Addr),
}

impl DriverChange {
    /// The request, as ifconfig names it when the kernel refuses it:
    /// ifipsec.c `warn("ioctl(IPSECSREQID)")`; ifstf.c `err(1,
    /// "STF6RD_SV4NET %s")` and `err(1, "STF6RD_SBR%s")` with the
    /// address (no space in the second: ifstf.c's text).
    pub fn request(&self) -> String {
        match self {
            DriverChange::IpsecReqid(_) => "ioctl(IPSECSREQID)".into(),
            DriverChange::StfV4Net(a, _) => format!("STF6RD_SV4NET {a}"),
            DriverChange::StfBorderRelay(a) => format!("STF6RD_SBR{a}"),
        }
    }
}
