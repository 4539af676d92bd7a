//! Linux bridge attributes, both directions: a bridge's `IFLA_BR_*` (its
//! `IFLA_INFO_DATA`), a port's `IFLA_BRPORT_*` (its
//! `IFLA_INFO_SLAVE_DATA`), and the fdb's neighbour messages (`ndmsg` +
//! `NDA_*`, family `AF_BRIDGE`). Raw Linux values and units
//! (centiseconds, the 0-63 port priority); their FreeBSD meaning is the
//! Linux backend's (`backend/netlink/linux_bridge.rs`).

use crate::error::DecodeError;
use crate::netlink::msg::MessageBuilder;
use crate::netlink::nla::{self, AttrWriter};
use crate::sys::netlink::{
    IFLA_BRPORT_BRIDGE_ID, IFLA_BRPORT_COST, IFLA_BRPORT_DESIGNATED_PORT, IFLA_BRPORT_ID,
    IFLA_BRPORT_ISOLATED, IFLA_BRPORT_LEARNING, IFLA_BRPORT_NO, IFLA_BRPORT_PRIORITY, IFLA_BRPORT_STATE,
    IFLA_BRPORT_UNICAST_FLOOD, IFLA_BR_AGEING_TIME, IFLA_BR_BRIDGE_ID, IFLA_BR_FDB_MAX_LEARNED,
    IFLA_BR_FORWARD_DELAY, IFLA_BR_HELLO_TIME, IFLA_BR_MAX_AGE, IFLA_BR_PRIORITY, IFLA_BR_ROOT_PORT,
    IFLA_BR_STP_STATE, IFLA_BR_VLAN_FILTERING, NDA_CACHEINFO, NDA_LLADDR, NDA_MASTER, NDA_VLAN, NDMSG_LEN,
};

/// A bridge's `IFLA_BR_*` attributes this crate uses (`None`: absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BridgeAttrs {
    /// `IFLA_BR_FORWARD_DELAY`, centiseconds.
    pub forward_delay: Option<u32>,
    /// `IFLA_BR_HELLO_TIME`, centiseconds.
    pub hello_time: Option<u32>,
    /// `IFLA_BR_MAX_AGE`, centiseconds.
    pub max_age: Option<u32>,
    /// `IFLA_BR_AGEING_TIME`, centiseconds.
    pub ageing_time: Option<u32>,
    /// `IFLA_BR_STP_STATE`.
    pub stp_state: Option<u32>,
    /// `IFLA_BR_PRIORITY`.
    pub priority: Option<u16>,
    /// `IFLA_BR_VLAN_FILTERING`.
    pub vlan_filtering: Option<u8>,
    /// `IFLA_BR_BRIDGE_ID`: 2 priority bytes, then the address.
    pub bridge_id: Option<[u8; 8]>,
    /// `IFLA_BR_ROOT_PORT`.
    pub root_port: Option<u16>,
    /// `IFLA_BR_FDB_MAX_LEARNED` (0: no limit).
    pub fdb_max_learned: Option<u32>,
}

impl BridgeAttrs {
    /// Decode a bridge's `IFLA_INFO_DATA`.
    pub fn parse(data: &[u8]) -> Result<BridgeAttrs, DecodeError> {
        let mut b = BridgeAttrs::default();
        for a in nla::iter(data) {
            let a = a?;
            match a.kind {
                IFLA_BR_FORWARD_DELAY => b.forward_delay = Some(a.u32()?),
                IFLA_BR_HELLO_TIME => b.hello_time = Some(a.u32()?),
                IFLA_BR_MAX_AGE => b.max_age = Some(a.u32()?),
                IFLA_BR_AGEING_TIME => b.ageing_time = Some(a.u32()?),
                IFLA_BR_STP_STATE => b.stp_state = Some(a.u32()?),
                IFLA_BR_PRIORITY => b.priority = Some(a.u16()?),
                IFLA_BR_VLAN_FILTERING => b.vlan_filtering = Some(a.u8()?),
                IFLA_BR_FDB_MAX_LEARNED => b.fdb_max_learned = Some(a.u32()?),
                IFLA_BR_BRIDGE_ID => b.bridge_id = Some(bridge_id(a.data)?),
                IFLA_BR_ROOT_PORT => b.root_port = Some(a.u16()?),
                _ => {}
            }
        }
        Ok(b)
    }

    /// Write the settable attributes that are `Some`.
    pub fn emit(&self, w: &mut AttrWriter<'_>) {
        let u32s = [
            (IFLA_BR_FORWARD_DELAY, self.forward_delay),
            (IFLA_BR_HELLO_TIME, self.hello_time),
            (IFLA_BR_MAX_AGE, self.max_age),
            (IFLA_BR_AGEING_TIME, self.ageing_time),
            (IFLA_BR_STP_STATE, self.stp_state),
            (IFLA_BR_FDB_MAX_LEARNED, self.fdb_max_learned),
        ];
        for (kind, v) in u32s {
            if let Some(v) = v {
                w.u32(kind, v);
            }
        }
        if let Some(v) = self.priority {
            w.u16(IFLA_BR_PRIORITY, v);
        }
        if let Some(v) = self.vlan_filtering {
            w.u8(IFLA_BR_VLAN_FILTERING, v);
        }
    }
}

/// A `struct ifla_bridge_id`.
fn bridge_id(data: &[u8]) -> Result<[u8; 8], DecodeError> {
    data.get(..8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .ok_or_else(|| DecodeError::new("ifla_bridge_id", "need 8 bytes"))
}

impl BridgeAttrs {
    /// The address half of the bridge id.
    pub fn bridge_addr(&self) -> Option<[u8; 6]> {
        self.bridge_id.map(|id| [id[2], id[3], id[4], id[5], id[6], id[7]])
    }
}

/// A bridge port's `IFLA_BRPORT_*` attributes this crate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortAttrs {
    /// `IFLA_BRPORT_STATE` (`BR_STATE_*`).
    pub state: Option<u8>,
    /// `IFLA_BRPORT_PRIORITY` (0-63).
    pub priority: Option<u16>,
    /// `IFLA_BRPORT_COST`.
    pub cost: Option<u32>,
    /// `IFLA_BRPORT_LEARNING`.
    pub learning: Option<bool>,
    /// `IFLA_BRPORT_UNICAST_FLOOD`.
    pub unicast_flood: Option<bool>,
    /// `IFLA_BRPORT_ISOLATED`.
    pub isolated: Option<bool>,
    /// `IFLA_BRPORT_NO`.
    pub no: Option<u16>,
    /// `IFLA_BRPORT_ID`.
    pub id: Option<u16>,
    /// `IFLA_BRPORT_DESIGNATED_PORT`.
    pub designated_port: Option<u16>,
    /// `IFLA_BRPORT_BRIDGE_ID`: the designated bridge.
    pub designated_bridge: Option<[u8; 8]>,
}

const PORT_FLAGS: [u16; 3] = [IFLA_BRPORT_LEARNING, IFLA_BRPORT_UNICAST_FLOOD, IFLA_BRPORT_ISOLATED];

impl PortAttrs {
    /// Decode a port's `IFLA_INFO_SLAVE_DATA` (or `IFLA_PROTINFO`).
    pub fn parse(data: &[u8]) -> Result<PortAttrs, DecodeError> {
        let mut p = PortAttrs::default();
        for a in nla::iter(data) {
            let a = a?;
            match a.kind {
                IFLA_BRPORT_STATE => p.state = Some(a.u8()?),
                IFLA_BRPORT_PRIORITY => p.priority = Some(a.u16()?),
                IFLA_BRPORT_COST => p.cost = Some(a.u32()?),
                IFLA_BRPORT_LEARNING => p.learning = Some(a.u8()? != 0),
                IFLA_BRPORT_UNICAST_FLOOD => p.unicast_flood = Some(a.u8()? != 0),
                IFLA_BRPORT_ISOLATED => p.isolated = Some(a.u8()? != 0),
                IFLA_BRPORT_NO => p.no = Some(a.u16()?),
                IFLA_BRPORT_ID => p.id = Some(a.u16()?),
                IFLA_BRPORT_DESIGNATED_PORT => p.designated_port = Some(a.u16()?),
                IFLA_BRPORT_BRIDGE_ID => p.designated_bridge = Some(bridge_id(a.data)?),
                _ => {}
            }
        }
        Ok(p)
    }

    /// Write the settable attributes that are `Some` (not the state).
    pub fn emit(&self, w: &mut AttrWriter<'_>) {
        if let Some(v) = self.priority {
            w.u16(IFLA_BRPORT_PRIORITY, v);
        }
        if let Some(v) = self.cost {
            w.u32(IFLA_BRPORT_COST, v);
        }
        for (kind, v) in PORT_FLAGS.into_iter().zip([self.learning, self.unicast_flood, self.isolated]) {
            if let Some(v) = v {
                w.u8(kind, u8::from(v));
            }
        }
    }
}

/// A neighbour message (`struct ndmsg` + `NDA_*`): one bridge fdb entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Neigh {
    /// `ndm_family` (`AF_BRIDGE`).
    pub family: u8,
    /// `ndm_ifindex`: the port (or the bridge itself).
    pub ifindex: i32,
    /// `ndm_state` (`NUD_*`).
    pub state: u16,
    /// `ndm_flags` (`NTF_*`).
    pub flags: u8,
    /// `NDA_LLADDR`.
    pub mac: Option<[u8; 6]>,
    /// `NDA_VLAN`.
    pub vlan: Option<u16>,
    /// `NDA_MASTER`.
    pub master: Option<u32>,
    /// `NDA_CACHEINFO`'s `ndm_updated`: centiseconds since the entry was
    /// last refreshed.
    pub updated: Option<u32>,
}

impl Neigh {
    /// Decode the payload of a neighbour message.
    pub fn parse(payload: &[u8]) -> Result<Neigh, DecodeError> {
        let h = payload
            .get(..NDMSG_LEN)
            .ok_or_else(|| DecodeError::new("ndmsg", format!("{} bytes, need 12", payload.len())))?;
        let mut n = Neigh {
            family: h[0],
            ifindex: i32::from_ne_bytes([h[4], h[5], h[6], h[7]]),
            state: u16::from_ne_bytes([h[8], h[9]]),
            flags: h[10],
            ..Neigh::default()
        };
        for a in nla::iter(&payload[NDMSG_LEN..]) {
            let a = a?;
            match a.kind {
                NDA_LLADDR => n.mac = <[u8; 6]>::try_from(a.data).ok(),
                NDA_VLAN => n.vlan = Some(a.u16()?),
                NDA_MASTER => n.master = Some(a.u32()?),
                NDA_CACHEINFO => {
                    let b = a
                        .data
                        .get(8..12)
                        .ok_or_else(|| DecodeError::new("NDA_CACHEINFO", "need 16 bytes"))?;
                    n.updated = Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
                }
                _ => {}
            }
        }
        Ok(n)
    }

    /// Append this entry's header and attributes to `b` (no cache info:
    /// the kernel keeps that).
    pub fn emit(&self, b: &mut MessageBuilder) {
        let mut h = [0u8; NDMSG_LEN];
        h[0] = self.family;
        h[4..8].copy_from_slice(&self.ifindex.to_ne_bytes());
        h[8..10].copy_from_slice(&self.state.to_ne_bytes());
        h[10] = self.flags;
        let mut w = b.push(&h).attrs();
        if let Some(m) = self.mac {
            w.bytes(NDA_LLADDR, &m);
        }
        if let Some(v) = self.vlan {
            w.u16(NDA_VLAN, v);
        }
        if let Some(v) = self.master {
            w.u32(NDA_MASTER, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::msg::parse_messages;
    use crate::sys::netlink::{AF_BRIDGE, NTF_MASTER, NUD_NOARP, RTM_NEWNEIGH};

    #[test]
    fn bridge_attrs_round_trip() {
        let b = BridgeAttrs {
            forward_delay: Some(1500),
            hello_time: Some(200),
            max_age: Some(2000),
            ageing_time: Some(30000),
            stp_state: Some(1),
            priority: Some(4096),
            vlan_filtering: Some(0),
            bridge_id: None,
            root_port: None,
            fdb_max_learned: Some(7),
        };
        let mut buf = Vec::new();
        b.emit(&mut AttrWriter::new(&mut buf));
        assert_eq!(BridgeAttrs::parse(&buf).unwrap(), b);
        let mut id = Vec::new();
        AttrWriter::new(&mut id).bytes(IFLA_BR_BRIDGE_ID, &[0x80, 0, 2, 0, 0, 0, 0, 1]);
        assert_eq!(BridgeAttrs::parse(&id).unwrap().bridge_addr(), Some([2, 0, 0, 0, 0, 1]));
        let mut short = Vec::new();
        AttrWriter::new(&mut short).bytes(IFLA_BR_BRIDGE_ID, &[0x80, 0, 2]);
        assert!(BridgeAttrs::parse(&short).is_err());
    }

    #[test]
    fn port_attrs_round_trip() {
        let p = PortAttrs {
            state: None,
            priority: Some(8),
            cost: Some(100),
            learning: Some(false),
            unicast_flood: Some(true),
            isolated: Some(true),
            ..PortAttrs::default()
        };
        let mut buf = Vec::new();
        p.emit(&mut AttrWriter::new(&mut buf));
        assert_eq!(PortAttrs::parse(&buf).unwrap(), p);
        AttrWriter::new(&mut buf).u8(IFLA_BRPORT_STATE, 3).u16(IFLA_BRPORT_NO, 1).u16(IFLA_BRPORT_ID, 0x8001);
        AttrWriter::new(&mut buf).bytes(IFLA_BRPORT_BRIDGE_ID, &[0x80, 0, 2, 0, 0, 0, 0, 1]);
        let read = PortAttrs::parse(&buf).unwrap();
        assert_eq!((read.state, read.no, read.id), (Some(3), Some(1), Some(0x8001)));
        assert_eq!(read.designated_bridge, Some([0x80, 0, 2, 0, 0, 0, 0, 1]));
    }

    #[test]
    fn neigh_round_trip() {
        let n = Neigh {
            family: AF_BRIDGE,
            ifindex: 4,
            state: NUD_NOARP,
            flags: NTF_MASTER,
            mac: Some([2, 0, 0, 0, 0, 1]),
            vlan: Some(5),
            master: Some(3),
            updated: None,
        };
        let mut b = MessageBuilder::new(RTM_NEWNEIGH, 0, 1);
        n.emit(&mut b);
        let bytes = b.finish();
        let m = parse_messages(&bytes).unwrap().remove(0);
        assert_eq!(Neigh::parse(m.payload).unwrap(), n);
        assert!(Neigh::parse(&m.payload[..11]).is_err());
        // The cache info's third word is `ndm_updated`.
        let mut payload = m.payload.to_vec();
        let info: Vec<u8> = [1u32, 2, 345, 1].iter().flat_map(|v| v.to_ne_bytes()).collect();
        AttrWriter::new(&mut payload).bytes(NDA_CACHEINFO, &info);
        assert_eq!(Neigh::parse(&payload).unwrap().updated, Some(345));
    }
}
