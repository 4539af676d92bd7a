//! LACP's operational state as lagg(4) reports it under `ifconfig -v`
//! (SIOCGLAGG's `ra_lacpreq`, the active aggregator's, and each port's
//! `rp_lacpreq`; ieee8023ad_lacp.c `lacp_req` / `lacp_portreq`): derived
//! by the kernel from the ports, never kept in a host file.

/// One side of an LACP link (`struct lacp_opreq`'s actor or partner
/// half), in host order as the kernel hands them out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LacpPeer {
    /// System priority.
    pub prio: u16,
    /// System id (a MAC address).
    pub mac: [u8; 6],
    /// Key.
    pub key: u16,
    /// Port priority.
    pub portprio: u16,
    /// Port number.
    pub portno: u16,
    /// `LACP_STATE_*` bits.
    pub state: u8,
}

/// An actor and its partner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LacpOpreq {
    /// This side.
    pub actor: LacpPeer,
    /// The other side.
    pub partner: LacpPeer,
}

/// The lag id (all zero without an active aggregator) and each port's
/// state, in the lagg's port order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LacpState {
    /// `lag id:`.
    pub lag_id: LacpOpreq,
    /// One per port.
    pub ports: Vec<LacpOpreq>,
}

/// `LACP_STATE_*` (net/ieee8023ad_lacp.h).
pub mod lacp_state {
    /// ACTIVITY.
    pub const ACTIVITY: u8 = 0x01;
    /// TIMEOUT (short timeout).
    pub const TIMEOUT: u8 = 0x02;
    /// AGGREGATION (the port can aggregate).
    pub const AGGREGATION: u8 = 0x04;
    /// SYNC.
    pub const SYNC: u8 = 0x08;
    /// COLLECTING.
    pub const COLLECTING: u8 = 0x10;
    /// DISTRIBUTING.
    pub const DISTRIBUTING: u8 = 0x20;
    /// DEFAULTED (no partner heard: the administrative default).
    pub const DEFAULTED: u8 = 0x40;
    /// EXPIRED.
    pub const EXPIRED: u8 = 0x80;
    /// `LACP_STATE_BITS`' names, bit 0 first.
    pub const NAMES: [&str; 8] =
        ["ACTIVITY", "TIMEOUT", "AGGREGATION", "SYNC", "COLLECTING", "DISTRIBUTING", "DEFAULTED", "EXPIRED"];
}
