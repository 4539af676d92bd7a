//! Netlink attributes (`struct nlattr` TLVs): parse, emit, nest.
//!
//! An attribute is `u16 len | u16 type | payload`, `len` counting the 4-byte
//! header and the payload but not the padding that aligns the next one to 4.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::DecodeError;
use crate::sys::netlink::{NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_ALIGNTO};

/// Round `len` up to the netlink alignment (4).
pub const fn align(len: usize) -> usize {
    (len + NLMSG_ALIGNTO - 1) & !(NLMSG_ALIGNTO - 1)
}

/// One attribute: its type (flag bits removed) and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The type, without `NLA_F_NESTED` / `NLA_F_NET_BYTEORDER`.
    pub kind: u16,
    /// The payload.
    pub data: &'a [u8],
}

fn bad(what: &'static str, detail: impl Into<String>) -> DecodeError {
    DecodeError::new(what, detail)
}

impl<'a> Attr<'a> {
    fn exact<const N: usize>(&self, what: &'static str) -> Result<[u8; N], DecodeError> {
        self.data.try_into().map_err(|_| {
            bad(what, format!("attribute {} has {} bytes, expected {N}", self.kind, self.data.len()))
        })
    }

    /// A u8 payload.
    pub fn u8(&self) -> Result<u8, DecodeError> {
        Ok(self.exact::<1>("u8 attribute")?[0])
    }

    /// A u16 payload (host byte order).
    pub fn u16(&self) -> Result<u16, DecodeError> {
        Ok(u16::from_ne_bytes(self.exact("u16 attribute")?))
    }

    /// A u32 payload (host byte order).
    pub fn u32(&self) -> Result<u32, DecodeError> {
        Ok(u32::from_ne_bytes(self.exact("u32 attribute")?))
    }

    /// An s32 payload (host byte order).
    pub fn i32(&self) -> Result<i32, DecodeError> {
        Ok(i32::from_ne_bytes(self.exact("s32 attribute")?))
    }

    /// A string payload: up to the first NUL (a missing NUL is tolerated);
    /// it must be UTF-8.
    pub fn string(&self) -> Result<&'a str, DecodeError> {
        let end = self.data.iter().position(|&b| b == 0).unwrap_or(self.data.len());
        std::str::from_utf8(&self.data[..end])
            .map_err(|_| bad("string attribute", format!("attribute {} is not UTF-8", self.kind)))
    }

    /// An IPv4 address payload (network byte order).
    pub fn ipv4(&self) -> Result<Ipv4Addr, DecodeError> {
        Ok(Ipv4Addr::from(self.exact::<4>("in_addr attribute")?))
    }

    /// An IPv6 address payload.
    pub fn ipv6(&self) -> Result<Ipv6Addr, DecodeError> {
        Ok(Ipv6Addr::from(self.exact::<16>("in6_addr attribute")?))
    }

    /// The attributes nested in this one.
    pub fn nested(&self) -> Result<Vec<Attr<'a>>, DecodeError> {
        parse(self.data)
    }

    /// The attributes nested in this one, one at a time.
    pub fn nested_iter(&self) -> AttrIter<'a> {
        iter(self.data)
    }
}

/// Parse a run of attributes. The last one may lack its trailing padding;
/// anything else that does not fit is a [`DecodeError`].
pub fn parse(buf: &[u8]) -> Result<Vec<Attr<'_>>, DecodeError> {
    iter(buf).collect()
}

/// The attributes of `buf` one at a time, as [`parse`] reads them but
/// without collecting them (a listing decodes tens of thousands of
/// messages: no vector per message).
pub fn iter(buf: &[u8]) -> AttrIter<'_> {
    AttrIter { buf }
}

/// See [`iter`]; after an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct AttrIter<'a> {
    buf: &'a [u8],
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Result<Attr<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let buf = self.buf;
        if buf.is_empty() {
            return None;
        }
        let fail = |this: &mut Self, e| {
            this.buf = &[];
            Some(Err(e))
        };
        if buf.len() < NLA_HDRLEN {
            return fail(self, bad("nlattr", format!("{} trailing bytes, shorter than a header", buf.len())));
        }
        let len = usize::from(u16::from_ne_bytes([buf[0], buf[1]]));
        let kind = u16::from_ne_bytes([buf[2], buf[3]]) & NLA_TYPE_MASK;
        if len < NLA_HDRLEN || len > buf.len() {
            return fail(self, bad("nlattr", format!("nla_len {len} with {} bytes left", buf.len())));
        }
        self.buf = &buf[align(len).min(buf.len())..];
        Some(Ok(Attr { kind, data: &buf[NLA_HDRLEN..len] }))
    }
}

/// The first attribute of type `kind`.
pub fn find<'a, 'b>(attrs: &'b [Attr<'a>], kind: u16) -> Option<&'b Attr<'a>> {
    attrs.iter().find(|a| a.kind == kind)
}

/// Appends attributes to a message buffer, keeping alignment.
#[derive(Debug)]
pub struct AttrWriter<'b> {
    buf: &'b mut Vec<u8>,
}

impl<'b> AttrWriter<'b> {
    /// A writer appending to `buf` (which must be 4-aligned already).
    pub fn new(buf: &'b mut Vec<u8>) -> AttrWriter<'b> {
        AttrWriter { buf }
    }

    /// An attribute with a raw payload. Payloads longer than an attribute
    /// can describe (65531 bytes) are cut: no caller here comes close.
    pub fn bytes(&mut self, kind: u16, data: &[u8]) -> &mut Self {
        let data = &data[..data.len().min(usize::from(u16::MAX) - NLA_HDRLEN)];
        let len = (NLA_HDRLEN + data.len()) as u16;
        self.buf.extend_from_slice(&len.to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        self.buf.extend_from_slice(data);
        self.pad();
        self
    }

    fn pad(&mut self) {
        let target = align(self.buf.len());
        self.buf.resize(target, 0);
    }

    /// A u8 attribute.
    pub fn u8(&mut self, kind: u16, v: u8) -> &mut Self {
        self.bytes(kind, &[v])
    }

    /// A u16 attribute.
    pub fn u16(&mut self, kind: u16, v: u16) -> &mut Self {
        self.bytes(kind, &v.to_ne_bytes())
    }

    /// A u32 attribute.
    pub fn u32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.bytes(kind, &v.to_ne_bytes())
    }

    /// An s32 attribute.
    pub fn i32(&mut self, kind: u16, v: i32) -> &mut Self {
        self.bytes(kind, &v.to_ne_bytes())
    }

    /// A NUL-terminated string attribute.
    pub fn string(&mut self, kind: u16, s: &str) -> &mut Self {
        let mut data = Vec::with_capacity(s.len() + 1);
        data.extend_from_slice(s.as_bytes());
        data.push(0);
        self.bytes(kind, &data)
    }

    /// An IPv4 address attribute.
    pub fn ipv4(&mut self, kind: u16, a: Ipv4Addr) -> &mut Self {
        self.bytes(kind, &a.octets())
    }

    /// An IPv6 address attribute.
    pub fn ipv6(&mut self, kind: u16, a: Ipv6Addr) -> &mut Self {
        self.bytes(kind, &a.octets())
    }

    /// A nested attribute whose children `fill` writes. `NLA_F_NESTED` is
    /// set only when `flag` says so (FreeBSD's ifconfig does not set it).
    pub fn nested(&mut self, kind: u16, flag: bool, fill: impl FnOnce(&mut AttrWriter<'_>)) -> &mut Self {
        let start = self.buf.len();
        let kind = if flag { kind | NLA_F_NESTED } else { kind };
        self.buf.extend_from_slice(&0u16.to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        fill(&mut AttrWriter { buf: self.buf });
        let len = u16::try_from(self.buf.len() - start).unwrap_or(u16::MAX);
        self.buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_padding_and_nesting() {
        let mut buf = Vec::new();
        AttrWriter::new(&mut buf)
            .u8(1, 7)
            .string(2, "igb0")
            .nested(3, true, |w| {
                w.u32(1, 112).u32(2, 0);
            })
            .ipv4(4, Ipv4Addr::new(192, 0, 2, 1));
        assert_eq!(buf.len() % 4, 0);
        let attrs = parse(&buf).unwrap();
        assert_eq!(attrs.len(), 4);
        assert_eq!(attrs[0].u8().unwrap(), 7);
        assert_eq!(attrs[0].data.len(), 1, "padding is not payload");
        assert_eq!(attrs[1].string().unwrap(), "igb0");
        let inner = attrs[2].nested().unwrap();
        assert_eq!(attrs[2].kind, 3, "NLA_F_NESTED is masked off");
        assert_eq!(inner[0].u32().unwrap(), 112);
        assert_eq!(find(&inner, 2).unwrap().u32().unwrap(), 0);
        assert_eq!(attrs[3].ipv4().unwrap(), Ipv4Addr::new(192, 0, 2, 1));
    }

    #[test]
    fn last_attribute_may_lack_padding() {
        let buf = [5u8, 0, 9, 0, 42];
        let attrs = parse(&buf).unwrap();
        assert_eq!(attrs[0].u8().unwrap(), 42);
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(parse(&[1, 0, 1]).is_err(), "short header");
        assert!(parse(&[3, 0, 1, 0]).is_err(), "len below header size");
        assert!(parse(&[9, 0, 1, 0, 0, 0, 0, 0]).is_err(), "len past the end");
        let a = Attr { kind: 1, data: &[1, 2, 3] };
        assert!(a.u32().is_err() && a.u16().is_err() && a.ipv4().is_err());
        let s = Attr { kind: 1, data: &[0xff, 0xfe, 0] };
        assert!(s.string().is_err());
    }
}
