//! The `"carp"` generic netlink family (FreeBSD 14+, `netinet/ip_carp_nl.h`):
//! GET and SET requests and GET replies, to and from [`CarpStatus`] /
//! [`CarpSet`].

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::DecodeError;
use crate::netlink::genl::{self, GenlHeader};
use crate::netlink::msg::{Header, MessageBuilder};
use crate::netlink::nla::{self, Attr};
use crate::sys::netlink::{
    CARP_NL_ADDR, CARP_NL_ADDR6, CARP_NL_ADVBASE, CARP_NL_ADVSKEW, CARP_NL_CMD_GET, CARP_NL_CMD_SET,
    CARP_NL_IFINDEX, CARP_NL_IFNAME, CARP_NL_KEY, CARP_NL_STATE, CARP_NL_VERSION, CARP_NL_VHID,
    CARP_NL_VRRP_ADV_INTER, CARP_NL_VRRP_PRIORITY, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST,
};
use crate::types::{CarpSet, CarpState, CarpStatus, CarpVersion, Key, Vhid, KEY_LEN};

fn expect_cmd(h: GenlHeader, cmd: u8, what: &'static str) -> Result<(), DecodeError> {
    if h.cmd == cmd {
        Ok(())
    } else {
        Err(DecodeError::new(what, format!("command {} where {cmd} was expected", h.cmd)))
    }
}

/// A carp GET, as libifconfig sends it: a dump by interface name,
/// optionally narrowed to one vhid.
pub fn get_request(family: u16, seq: u32, ifname: &str, vhid: Option<Vhid>) -> Vec<u8> {
    let mut b = genl::builder(family, NLM_F_REQUEST | NLM_F_DUMP, seq, CARP_NL_CMD_GET);
    let mut w = b.attrs();
    w.string(CARP_NL_IFNAME, ifname);
    if let Some(v) = vhid {
        w.u32(CARP_NL_VHID, v.get().into());
    }
    b.finish()
}

/// The interface a request names: by name, else by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `CARP_NL_IFNAME`.
    Name(String),
    /// `CARP_NL_IFINDEX`.
    Index(u32),
    /// Neither attribute.
    None,
}

fn target(attrs: &[Attr<'_>]) -> Result<Target, DecodeError> {
    if let Some(a) = nla::find(attrs, CARP_NL_IFNAME) {
        return Ok(Target::Name(a.string()?.to_string()));
    }
    match nla::find(attrs, CARP_NL_IFINDEX) {
        Some(a) if a.u32()? != 0 => Ok(Target::Index(a.u32()?)),
        _ => Ok(Target::None),
    }
}

/// A decoded GET request (kernel side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRequest {
    /// The interface.
    pub target: Target,
    /// The vhid, raw; 0 = all.
    pub vhid: u32,
}

/// Decode a GET request.
pub fn parse_get_request(payload: &[u8]) -> Result<GetRequest, DecodeError> {
    let (h, attrs) = GenlHeader::split(payload)?;
    expect_cmd(h, CARP_NL_CMD_GET, "carp GET request")?;
    let vhid = nla::find(&attrs, CARP_NL_VHID).map(|a| a.u32()).transpose()?.unwrap_or(0);
    Ok(GetRequest { target: target(&attrs)?, vhid })
}

/// One GET reply message for `st`, as the kernel writes it: the key only
/// for a privileged caller, VRRP attributes only on kernels that have them.
pub fn status_message(request: &Header, family: u16, st: &CarpStatus, with_key: bool, vrrp: bool) -> Vec<u8> {
    let mut b = MessageBuilder::new(family, NLM_F_MULTI, request.seq).with_pid(request.pid);
    b.push(&GenlHeader { cmd: CARP_NL_CMD_GET, version: 0 }.to_bytes());
    let mut w = b.attrs();
    w.u32(CARP_NL_VHID, st.vhid.get().into())
        .u32(CARP_NL_STATE, st.state.raw())
        .i32(CARP_NL_ADVBASE, st.advbase)
        .i32(CARP_NL_ADVSKEW, st.advskew)
        .ipv4(CARP_NL_ADDR, st.peer.unwrap_or(Ipv4Addr::UNSPECIFIED))
        .ipv6(CARP_NL_ADDR6, st.peer6.unwrap_or(Ipv6Addr::UNSPECIFIED));
    if vrrp {
        w.u8(CARP_NL_VERSION, st.version.raw())
            .u8(CARP_NL_VRRP_PRIORITY, st.vrrp_priority)
            .u16(CARP_NL_VRRP_ADV_INTER, u16::try_from(st.vrrp_interval).unwrap_or(u16::MAX));
    }
    if with_key {
        w.bytes(CARP_NL_KEY, st.key.raw());
    }
    b.finish()
}

/// Decode one GET reply. Attributes the kernel did not send keep the values
/// of a new vhid ([`CarpStatus::new_vhid`]), except the peers, which are
/// `None` when absent; the key is empty when absent (unprivileged caller).
pub fn parse_status(payload: &[u8]) -> Result<CarpStatus, DecodeError> {
    let (h, attrs) = GenlHeader::split(payload)?;
    expect_cmd(h, CARP_NL_CMD_GET, "carp GET reply")?;
    let raw_vhid = nla::find(&attrs, CARP_NL_VHID)
        .ok_or_else(|| DecodeError::new("carp GET reply", "no CARP_NL_VHID"))?
        .u32()?;
    let vhid = Vhid::new(raw_vhid.into())
        .ok_or_else(|| DecodeError::new("carp GET reply", format!("vhid {raw_vhid} out of 1..=255")))?;
    let mut st = CarpStatus::new_vhid(vhid);
    st.peer = None;
    st.peer6 = None;
    for a in &attrs {
        match a.kind {
            CARP_NL_STATE => {
                let raw = a.u32()?;
                st.state = CarpState::from_raw(raw.into())
                    .ok_or_else(|| DecodeError::new("carp GET reply", format!("state {raw}")))?;
            }
            CARP_NL_ADVBASE => st.advbase = a.i32()?,
            CARP_NL_ADVSKEW => st.advskew = a.i32()?,
            CARP_NL_KEY => st.key = Key::from_bytes(a.data),
            CARP_NL_ADDR => st.peer = Some(a.ipv4()?),
            CARP_NL_ADDR6 => st.peer6 = Some(a.ipv6()?),
            CARP_NL_VERSION => {
                let raw = a.u8()?;
                st.version = CarpVersion::from_raw(raw)
                    .ok_or_else(|| DecodeError::new("carp GET reply", format!("version {raw}")))?;
            }
            CARP_NL_VRRP_PRIORITY => st.vrrp_priority = a.u8()?,
            CARP_NL_VRRP_ADV_INTER => st.vrrp_interval = a.u16()?.into(),
            _ => {}
        }
    }
    Ok(st)
}

/// The KEY payload libifconfig sends: the key as a C string (its bytes up
/// to the first NUL, then a NUL), or all 20 bytes when it fills the buffer.
fn key_payload(key: &Key) -> &[u8] {
    let raw = key.raw();
    let n = key.reveal().len();
    &raw[..(n + 1).min(KEY_LEN)]
}

/// A SET carrying every attribute, as libifconfig sends it; acknowledged.
/// The VRRP attributes go only to kernels that have them (`vrrp`).
pub fn set_request(family: u16, seq: u32, ifname: &str, req: &CarpSet, vrrp: bool) -> Vec<u8> {
    let mut b = genl::builder(family, NLM_F_REQUEST | NLM_F_ACK, seq, CARP_NL_CMD_SET);
    let mut w = b.attrs();
    w.u32(CARP_NL_VHID, req.vhid.get().into())
        .u32(CARP_NL_STATE, req.state.raw())
        .i32(CARP_NL_ADVBASE, req.advbase)
        .i32(CARP_NL_ADVSKEW, req.advskew)
        .string(CARP_NL_IFNAME, ifname)
        .ipv4(CARP_NL_ADDR, req.peer.unwrap_or(Ipv4Addr::UNSPECIFIED))
        .ipv6(CARP_NL_ADDR6, req.peer6.unwrap_or(Ipv6Addr::UNSPECIFIED))
        .bytes(CARP_NL_KEY, key_payload(&req.key));
    if vrrp {
        let interval = u16::try_from(req.vrrp_interval).unwrap_or(u16::MAX);
        w.u8(CARP_NL_VERSION, req.version.map_or(0, CarpVersion::raw))
            .u8(CARP_NL_VRRP_PRIORITY, req.vrrp_priority)
            .u16(CARP_NL_VRRP_ADV_INTER, interval);
    }
    b.finish()
}

/// A decoded SET request, numbers raw so the kernel judges their range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRequest {
    /// The interface.
    pub target: Target,
    /// `CARP_NL_VHID` (0 when absent).
    pub vhid: u32,
    /// `CARP_NL_STATE`.
    pub state: u32,
    /// `CARP_NL_ADVBASE`.
    pub advbase: i32,
    /// `CARP_NL_ADVSKEW`.
    pub advskew: i32,
    /// `CARP_NL_KEY` (empty when absent).
    pub key: Key,
    /// The KEY attribute's length (the kernel refuses more than 20).
    pub key_len: usize,
    /// `CARP_NL_ADDR`.
    pub peer: Ipv4Addr,
    /// `CARP_NL_ADDR6`.
    pub peer6: Ipv6Addr,
    /// `CARP_NL_VERSION`.
    pub version: u8,
    /// `CARP_NL_VRRP_PRIORITY`.
    pub vrrp_priority: u8,
    /// `CARP_NL_VRRP_ADV_INTER`.
    pub vrrp_interval: u16,
}

impl SetRequest {
    /// The request as the kernel's handler reads it (carp_nl_set): `None`
    /// (EINVAL) for a key over 20 bytes, a vhid outside 1..255 or an
    /// unknown state; unspecified peers mean "keep".
    pub fn to_carp_set(&self) -> Option<CarpSet> {
        if self.key_len > KEY_LEN {
            return None;
        }
        Some(CarpSet {
            vhid: Vhid::new(self.vhid.into())?,
            state: CarpState::from_raw(self.state.into())?,
            advbase: self.advbase,
            advskew: self.advskew,
            key: self.key.clone(),
            peer: Some(self.peer).filter(|p| !p.is_unspecified()),
            peer6: Some(self.peer6).filter(|p| !p.is_unspecified()),
            // Only 2 and 3 exist (0: not given); the kernel refuses others.
            version: match self.version {
                0 => None,
                n => Some(CarpVersion::from_raw(n)?),
            },
            vrrp_priority: self.vrrp_priority,
            vrrp_interval: self.vrrp_interval.into(),
        })
    }
}

/// Decode a SET request.
pub fn parse_set_request(payload: &[u8]) -> Result<SetRequest, DecodeError> {
    let (h, attrs) = GenlHeader::split(payload)?;
    expect_cmd(h, CARP_NL_CMD_SET, "carp SET request")?;
    let mut r = SetRequest {
        target: target(&attrs)?,
        vhid: 0,
        state: 0,
        advbase: 0,
        advskew: 0,
        key: Key::empty(),
        key_len: 0,
        peer: Ipv4Addr::UNSPECIFIED,
        peer6: Ipv6Addr::UNSPECIFIED,
        version: 0,
        vrrp_priority: 0,
        vrrp_interval: 0,
    };
    for a in &attrs {
        match a.kind {
            CARP_NL_VHID => r.vhid = a.u32()?,
            CARP_NL_STATE => r.state = a.u32()?,
            CARP_NL_ADVBASE => r.advbase = a.i32()?,
            CARP_NL_ADVSKEW => r.advskew = a.i32()?,
            CARP_NL_KEY => {
                r.key = Key::from_bytes(a.data);
                r.key_len = a.data.len();
            }
            CARP_NL_ADDR => r.peer = a.ipv4()?,
            CARP_NL_ADDR6 => r.peer6 = a.ipv6()?,
            CARP_NL_VERSION => r.version = a.u8()?,
            CARP_NL_VRRP_PRIORITY => r.vrrp_priority = a.u8()?,
            CARP_NL_VRRP_ADV_INTER => r.vrrp_interval = a.u16()?,
            _ => {}
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::msg::parse_messages;

    fn vhid(n: u8) -> Vhid {
        Vhid::new(n.into()).unwrap()
    }

    #[test]
    fn get_request_and_reply_round_trip() {
        let req = get_request(33, 7, "igb0", Some(vhid(112)));
        let m = parse_messages(&req).unwrap().remove(0);
        assert_eq!(m.header.flags, NLM_F_REQUEST | NLM_F_DUMP);
        let g = parse_get_request(m.payload).unwrap();
        assert_eq!(g, GetRequest { target: Target::Name("igb0".into()), vhid: 112 });

        let mut st = CarpStatus::new_vhid(vhid(112));
        st.state = CarpState::Master;
        st.advskew = 100;
        st.key = Key::from_passphrase(b"qwerty");
        for (with_key, vrrp) in [(true, true), (false, false)] {
            let reply = status_message(&m.header, 33, &st, with_key, vrrp);
            let r = parse_messages(&reply).unwrap().remove(0);
            let got = parse_status(r.payload).unwrap();
            assert_eq!((got.vhid, got.state, got.advskew), (st.vhid, st.state, 100));
            assert_eq!(got.peer, st.peer);
            assert_eq!(got.key.reveal(), if with_key { &b"qwerty"[..] } else { &b""[..] });
        }
    }

    #[test]
    fn set_request_carries_everything() {
        let mut set = CarpSet::zeroed(vhid(5));
        set.advskew = 240;
        set.key = Key::from_passphrase(b"secret");
        set.vrrp_interval = 100_000;
        let req = set_request(33, 9, "em0", &set, true);
        let m = parse_messages(&req).unwrap().remove(0);
        let r = parse_set_request(m.payload).unwrap();
        assert_eq!(r.target, Target::Name("em0".into()));
        assert_eq!((r.vhid, r.advskew, r.key_len), (5, 240, 7), "key sent as a C string");
        assert_eq!(r.key.reveal(), b"secret");
        assert_eq!(r.vrrp_interval, u16::MAX, "an oversized interval saturates, never wraps");
        assert_eq!(r.peer, Ipv4Addr::UNSPECIFIED);
        // A full 20-byte key is sent whole, without a terminator.
        set.key = Key::from_bytes(b"0123456789abcdefghij");
        let m = set_request(33, 9, "em0", &set, false);
        let r = parse_set_request(parse_messages(&m).unwrap()[0].payload).unwrap();
        assert_eq!(r.key_len, 20);
        assert_eq!(r.version, 0, "no VRRP attributes for a 14.x kernel");
    }

    #[test]
    fn bad_replies_are_errors() {
        let h = Header::default();
        let mut b = MessageBuilder::new(33, 0, 0).with_pid(h.pid);
        b.push(&GenlHeader { cmd: CARP_NL_CMD_GET, version: 0 }.to_bytes()).attrs().u32(CARP_NL_VHID, 300);
        let m = b.finish();
        assert!(parse_status(parse_messages(&m).unwrap()[0].payload).is_err(), "vhid 300");
        assert!(parse_status(&[CARP_NL_CMD_SET, 0, 0, 0]).is_err(), "wrong command");
        assert!(parse_status(&[CARP_NL_CMD_GET, 0, 0, 0]).is_err(), "no vhid");
    }
}
