//! Message framing: `struct nlmsghdr`, building requests, splitting a
//! buffer into messages, NLMSG_ERROR / NLMSG_DONE payloads, and sorting the
//! replies to one request.
//!
//! Errors: Linux puts a negative errno in NLMSG_ERROR and NLMSG_DONE,
//! FreeBSD a positive one; both are read as the absolute value, to be named
//! with the kernel's own numbering by the caller.

use crate::error::DecodeError;
use crate::netlink::nla::{self, align, AttrWriter};
use crate::sys::netlink::{
    NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLMSG_OVERRUN,
    NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_MULTI,
};

/// `struct nlmsghdr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Header {
    /// `nlmsg_len`: header plus payload.
    pub len: u32,
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// `nlmsg_pid`.
    pub pid: u32,
}

impl Header {
    /// Read a header from the start of `buf`.
    pub fn parse(buf: &[u8]) -> Result<Header, DecodeError> {
        let b: &[u8; NLMSG_HDRLEN] = buf
            .get(..NLMSG_HDRLEN)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| DecodeError::new("nlmsghdr", format!("{} bytes, need 16", buf.len())))?;
        Ok(Header {
            len: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            kind: u16::from_ne_bytes([b[4], b[5]]),
            flags: u16::from_ne_bytes([b[6], b[7]]),
            seq: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            pid: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        })
    }

    /// The 16 bytes of this header.
    pub fn to_bytes(&self) -> [u8; NLMSG_HDRLEN] {
        let mut b = [0u8; NLMSG_HDRLEN];
        b[0..4].copy_from_slice(&self.len.to_ne_bytes());
        b[4..6].copy_from_slice(&self.kind.to_ne_bytes());
        b[6..8].copy_from_slice(&self.flags.to_ne_bytes());
        b[8..12].copy_from_slice(&self.seq.to_ne_bytes());
        b[12..16].copy_from_slice(&self.pid.to_ne_bytes());
        b
    }
}

/// One message: its header and the payload after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    /// The header.
    pub header: Header,
    /// `nlmsg_len - 16` bytes after the header.
    pub payload: &'a [u8],
}

/// Split `buf` (one or more datagrams' worth) into messages. The last one
/// may lack its trailing padding.
pub fn parse_messages(mut buf: &[u8]) -> Result<Vec<Message<'_>>, DecodeError> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let header = Header::parse(buf)?;
        let len = header.len as usize;
        if len < NLMSG_HDRLEN || len > buf.len() {
            return Err(DecodeError::new(
                "nlmsghdr",
                format!("nlmsg_len {len} with {} bytes left", buf.len()),
            ));
        }
        out.push(Message { header, payload: &buf[NLMSG_HDRLEN..len] });
        buf = &buf[align(len).min(buf.len())..];
    }
    Ok(out)
}

/// Builds one message: header, fixed family header, attributes.
#[derive(Debug, Clone)]
pub struct MessageBuilder {
    buf: Vec<u8>,
}

impl MessageBuilder {
    /// A message of type `kind` with `flags` and sequence number `seq`.
    pub fn new(kind: u16, flags: u16, seq: u32) -> MessageBuilder {
        let header = Header { len: 0, kind, flags, seq, pid: 0 };
        MessageBuilder { buf: header.to_bytes().to_vec() }
    }

    /// The same with a port id (replies from a kernel carry the caller's).
    pub fn with_pid(mut self, pid: u32) -> MessageBuilder {
        self.buf[12..16].copy_from_slice(&pid.to_ne_bytes());
        self
    }

    /// Append raw bytes (a family header such as `ifinfomsg`), padded to 4.
    pub fn push(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        let target = align(self.buf.len());
        self.buf.resize(target, 0);
        self
    }

    /// Append attributes.
    pub fn attrs(&mut self) -> AttrWriter<'_> {
        AttrWriter::new(&mut self.buf)
    }

    /// The finished message, `nlmsg_len` filled in.
    pub fn finish(mut self) -> Vec<u8> {
        let len = u32::try_from(self.buf.len()).unwrap_or(u32::MAX);
        self.buf[0..4].copy_from_slice(&len.to_ne_bytes());
        self.buf
    }
}

/// An errno as carried by NLMSG_ERROR / NLMSG_DONE, sign removed.
fn errno_of(code: i32) -> i32 {
    i32::try_from(code.unsigned_abs()).unwrap_or(i32::MAX)
}

/// The extended-ack attributes (message, offset), best effort: malformed
/// TLVs are ignored since the errno alone is the answer.
fn ext_ack(buf: &[u8]) -> (Option<String>, Option<u32>) {
    let Ok(attrs) = nla::parse(buf) else { return (None, None) };
    let msg = nla::find(&attrs, NLMSGERR_ATTR_MSG).and_then(|a| a.string().ok()).map(str::to_string);
    let off = nla::find(&attrs, NLMSGERR_ATTR_OFFS).and_then(|a| a.u32().ok());
    (msg, off)
}

/// An NLMSG_ERROR payload: an error, or an acknowledgement (errno 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorMsg {
    /// The errno, without sign (0 = acknowledgement).
    pub errno: i32,
    /// The request's header, echoed.
    pub request: Header,
    /// `NLMSGERR_ATTR_MSG`, when the kernel sent one.
    pub message: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`, when the kernel sent one.
    pub offset: Option<u32>,
}

impl ErrorMsg {
    /// Decode the payload of an NLMSG_ERROR whose header flags are `flags`.
    pub fn parse(flags: u16, payload: &[u8]) -> Result<ErrorMsg, DecodeError> {
        let code: [u8; 4] = payload
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| DecodeError::new("nlmsgerr", format!("{} bytes, need 4", payload.len())))?;
        let errno = errno_of(i32::from_ne_bytes(code));
        let request = Header::parse(&payload[4..])
            .map_err(|e| DecodeError::new("nlmsgerr", format!("echoed header: {}", e.detail)))?;
        // The whole request is echoed unless capped (always capped for acks).
        let echoed = if flags & NLM_F_CAPPED != 0 || errno == 0 {
            NLMSG_HDRLEN
        } else {
            align(request.len as usize).max(NLMSG_HDRLEN)
        };
        let (message, offset) = match payload.get(4 + echoed..) {
            Some(rest) if flags & NLM_F_ACK_TLVS != 0 => ext_ack(rest),
            _ => (None, None),
        };
        Ok(ErrorMsg { errno, request, message, offset })
    }
}

/// An NLMSG_DONE payload: the dump's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneMsg {
    /// The errno, without sign (0 = the dump is complete).
    pub errno: i32,
    /// `NLMSGERR_ATTR_MSG`, when the kernel sent one.
    pub message: Option<String>,
}

impl DoneMsg {
    /// Decode an NLMSG_DONE payload (an empty one means success).
    pub fn parse(flags: u16, payload: &[u8]) -> Result<DoneMsg, DecodeError> {
        if payload.is_empty() {
            return Ok(DoneMsg { errno: 0, message: None });
        }
        let code: [u8; 4] = payload
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| DecodeError::new("NLMSG_DONE", format!("{} bytes, need 0 or 4", payload.len())))?;
        let message = if flags & NLM_F_ACK_TLVS != 0 { ext_ack(&payload[4..]).0 } else { None };
        Ok(DoneMsg { errno: errno_of(i32::from_ne_bytes(code)), message })
    }
}

/// Build an NLMSG_ERROR answering `request` (errno 0 = acknowledgement).
/// `errno` is written as given: FreeBSD sends it positive, Linux negative.
pub fn error_message(request: &Header, errno: i32, message: Option<&str>) -> Vec<u8> {
    let flags = NLM_F_CAPPED | if message.is_some() { NLM_F_ACK_TLVS } else { 0 };
    let mut b = MessageBuilder::new(NLMSG_ERROR, flags, request.seq).with_pid(request.pid);
    b.push(&errno.to_ne_bytes()).push(&request.to_bytes());
    if let Some(m) = message {
        b.attrs().string(NLMSGERR_ATTR_MSG, m);
    }
    b.finish()
}

/// Build the NLMSG_DONE that ends a dump for `request`.
pub fn done_message(request: &Header, errno: i32) -> Vec<u8> {
    let mut b = MessageBuilder::new(NLMSG_DONE, NLM_F_MULTI, request.seq).with_pid(request.pid);
    b.push(&errno.to_ne_bytes());
    b.finish()
}

/// What the replies to one request amount to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// The data messages, in order.
    pub data: Vec<Message<'a>>,
    /// The error that ended the exchange, if any: errno (without sign) and
    /// the kernel's extended-ack message.
    pub error: Option<(i32, Option<String>)>,
    /// Whether a terminating DONE or ERROR/ACK was seen.
    pub complete: bool,
}

/// Sort the messages of `buf` that answer sequence number `seq` (others
/// are stale replies to earlier requests and are skipped): data messages
/// until the DONE or ERROR that ends the exchange.
pub fn collect(buf: &[u8], seq: u32) -> Result<Outcome<'_>, DecodeError> {
    let mut out = Outcome { data: Vec::new(), error: None, complete: false };
    for m in parse_messages(buf)? {
        if m.header.seq != seq || m.header.kind == NLMSG_NOOP {
            continue;
        }
        match m.header.kind {
            NLMSG_ERROR => {
                let e = ErrorMsg::parse(m.header.flags, m.payload)?;
                if e.errno != 0 {
                    out.error = Some((e.errno, e.message));
                }
                out.complete = true;
                break;
            }
            NLMSG_DONE => {
                let d = DoneMsg::parse(m.header.flags, m.payload)?;
                if d.errno != 0 {
                    out.error = Some((d.errno, d.message));
                }
                out.complete = true;
                break;
            }
            NLMSG_OVERRUN => return Err(DecodeError::new("netlink reply", "NLMSG_OVERRUN: data was lost")),
            _ => out.data.push(m),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::netlink::{NLM_F_ACK, NLM_F_REQUEST, RTM_GETLINK, RTM_NEWLINK};

    #[test]
    fn build_and_split() {
        let mut b = MessageBuilder::new(RTM_GETLINK, NLM_F_REQUEST, 9);
        b.push(&[1, 2, 3]).attrs().u32(4, 1500);
        let m1 = b.finish();
        assert_eq!(m1.len(), 16 + 4 + 8);
        let m2 = MessageBuilder::new(RTM_NEWLINK, 0, 10).finish();
        let joined = [m1.clone(), m2].concat();
        let msgs = parse_messages(&joined).unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].header.seq, 9);
        assert_eq!(&msgs[0].payload[..3], &[1, 2, 3]);
        assert_eq!(msgs[1].header.kind, RTM_NEWLINK);
        assert!(parse_messages(&m1[..20]).is_err());
    }

    #[test]
    fn errors_of_both_signs_and_ext_ack() {
        let req = Header { len: 40, kind: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 5, pid: 0 };
        for code in [19, -19] {
            let bytes = error_message(&req, code, Some("no such device"));
            let out = collect(&bytes, 5).unwrap();
            assert_eq!(out.error, Some((19, Some("no such device".to_string()))));
            assert!(out.complete && out.data.is_empty());
        }
        let ack = error_message(&req, 0, None);
        let out = collect(&ack, 5).unwrap();
        assert_eq!(out.error, None);
        assert!(out.complete);
        // A stale reply to another sequence number is skipped.
        assert!(!collect(&ack, 6).unwrap().complete);
    }

    #[test]
    fn uncapped_error_echoes_the_request() {
        // Linux without NETLINK_CAP_ACK: errno, the whole request, then TLVs.
        let request = MessageBuilder::new(RTM_GETLINK, NLM_F_REQUEST, 3).finish();
        let mut b = MessageBuilder::new(NLMSG_ERROR, NLM_F_ACK_TLVS, 3);
        b.push(&(-22i32).to_ne_bytes()).push(&request);
        b.attrs().string(NLMSGERR_ATTR_MSG, "bad").u32(NLMSGERR_ATTR_OFFS, 16);
        let bytes = b.finish();
        let msgs = parse_messages(&bytes).unwrap().remove(0);
        let e = ErrorMsg::parse(msgs.header.flags, msgs.payload).unwrap();
        assert_eq!((e.errno, e.message.as_deref(), e.offset), (22, Some("bad"), Some(16)));
    }

    #[test]
    fn done_carries_the_dump_error() {
        let req = Header { seq: 8, ..Header::default() };
        let failed = done_message(&req, 2);
        let out = collect(&failed, 8).unwrap();
        assert_eq!(out.error, Some((2, None)));
        let done = done_message(&req, 0);
        let ok = collect(&done, 8).unwrap();
        assert!(ok.complete && ok.error.is_none());
        assert_eq!(DoneMsg::parse(0, &[]).unwrap().errno, 0);
        assert!(DoneMsg::parse(0, &[1, 2]).is_err());
        assert_eq!(errno_of(i32::MIN), i32::MAX);
    }
}
