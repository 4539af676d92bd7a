//! Generic netlink: `struct genlmsghdr` and resolving a family by name
//! through the controller (`CTRL_CMD_GETFAMILY`).

use crate::error::DecodeError;
use crate::netlink::msg::{Header, MessageBuilder};
use crate::netlink::nla::{self, Attr};
use crate::sys::netlink::{
    CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_HDRSIZE, CTRL_ATTR_MAXATTR, CTRL_ATTR_VERSION,
    CTRL_CMD_GETFAMILY, CTRL_CMD_NEWFAMILY, GENL_HDRLEN, GENL_ID_CTRL, NLM_F_ACK, NLM_F_REQUEST,
};

/// `struct genlmsghdr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenlHeader {
    /// The command.
    pub cmd: u8,
    /// The command's ABI version.
    pub version: u8,
}

impl GenlHeader {
    /// The 4 bytes of the header.
    pub fn to_bytes(self) -> [u8; GENL_HDRLEN] {
        [self.cmd, self.version, 0, 0]
    }

    /// Split a generic netlink payload into its header and attributes.
    pub fn split(payload: &[u8]) -> Result<(GenlHeader, Vec<Attr<'_>>), DecodeError> {
        let h = payload
            .get(..GENL_HDRLEN)
            .ok_or_else(|| DecodeError::new("genlmsghdr", format!("{} bytes, need 4", payload.len())))?;
        let attrs = nla::parse(&payload[GENL_HDRLEN..])?;
        Ok((GenlHeader { cmd: h[0], version: h[1] }, attrs))
    }
}

/// A generic netlink message for family `family` with command `cmd`.
pub fn builder(family: u16, flags: u16, seq: u32, cmd: u8) -> MessageBuilder {
    let mut b = MessageBuilder::new(family, flags, seq);
    b.push(&GenlHeader { cmd, version: 1 }.to_bytes());
    b
}

/// `CTRL_CMD_GETFAMILY` for `name`, acknowledged.
pub fn get_family_request(name: &str, seq: u32) -> Vec<u8> {
    let mut b = builder(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq, CTRL_CMD_GETFAMILY);
    b.attrs().string(CTRL_ATTR_FAMILY_NAME, name);
    b.finish()
}

/// The family name a `CTRL_CMD_GETFAMILY` request asks for (controller side).
pub fn parse_get_family_request(payload: &[u8]) -> Result<String, DecodeError> {
    let (h, attrs) = GenlHeader::split(payload)?;
    if h.cmd != CTRL_CMD_GETFAMILY {
        return Err(DecodeError::new(
            "genl controller request",
            format!("command {} is not GETFAMILY", h.cmd),
        ));
    }
    let name = nla::find(&attrs, CTRL_ATTR_FAMILY_NAME)
        .ok_or_else(|| DecodeError::new("genl controller request", "no CTRL_ATTR_FAMILY_NAME"))?;
    Ok(name.string()?.to_string())
}

/// A resolved family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// Its dynamically assigned id (the `nlmsg_type` of its messages).
    pub id: u16,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: u32,
    /// Its highest attribute number.
    pub max_attr: u32,
}

/// The controller's `CTRL_CMD_NEWFAMILY` reply describing `family`.
pub fn family_reply(request: &Header, family: &Family) -> Vec<u8> {
    let mut b = builder(GENL_ID_CTRL, 0, request.seq, CTRL_CMD_NEWFAMILY).with_pid(request.pid);
    b.attrs()
        .string(CTRL_ATTR_FAMILY_NAME, &family.name)
        .u16(CTRL_ATTR_FAMILY_ID, family.id)
        .u32(CTRL_ATTR_VERSION, family.version)
        .u32(CTRL_ATTR_HDRSIZE, 0)
        .u32(CTRL_ATTR_MAXATTR, family.max_attr);
    b.finish()
}

/// Decode the controller's reply.
pub fn parse_family_reply(payload: &[u8]) -> Result<Family, DecodeError> {
    let (_, attrs) = GenlHeader::split(payload)?;
    let id = nla::find(&attrs, CTRL_ATTR_FAMILY_ID)
        .ok_or_else(|| DecodeError::new("genl family", "no CTRL_ATTR_FAMILY_ID"))?
        .u16()?;
    let name = match nla::find(&attrs, CTRL_ATTR_FAMILY_NAME) {
        Some(a) => a.string()?.to_string(),
        None => String::new(),
    };
    let version = nla::find(&attrs, CTRL_ATTR_VERSION).map(|a| a.u32()).transpose()?.unwrap_or(0);
    let max_attr = nla::find(&attrs, CTRL_ATTR_MAXATTR).map(|a| a.u32()).transpose()?.unwrap_or(0);
    Ok(Family { id, name, version, max_attr })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::msg::parse_messages;

    #[test]
    fn get_family_round_trip() {
        let req = get_family_request("carp", 4);
        let m = parse_messages(&req).unwrap().remove(0);
        assert_eq!(m.header.kind, GENL_ID_CTRL);
        assert_eq!(parse_get_family_request(m.payload).unwrap(), "carp");
        let fam = Family { id: 33, name: "carp".into(), version: 1, max_attr: 12 };
        let reply = family_reply(&m.header, &fam);
        let r = parse_messages(&reply).unwrap().remove(0);
        assert_eq!(r.header.seq, 4);
        assert_eq!(parse_family_reply(r.payload).unwrap(), fam);
        assert!(parse_family_reply(&[1, 1]).is_err());
        assert!(parse_family_reply(&[1, 1, 0, 0]).is_err(), "no id");
    }
}
