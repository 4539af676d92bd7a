//! geneve(4)'s netlink (FreeBSD 16), both ways:
//!
//! * the requests ifgeneve.c sends: the create (RTM_NEWLINK with
//!   NLM_F_CREATE | NLM_F_EXCL, IFLA_IFNAME, IFLA_LINKINFO { IFLA_INFO_KIND
//!   "geneve", IFLA_INFO_DATA { IFLA_GENEVE_PROTOCOL } }) and one
//!   RTM_NEWLINK per word with that word's IFLA_GENEVE_* attribute(s);
//! * the IFLA_INFO_DATA of a link dump (`geneve_clone_dump_nl`), encoded
//!   and decoded (`geneve_status_nl`'s parser);
//! * what the kernel's modify parser makes of a request
//!   (`geneve_clone_modify_nl`: the setters in its order).
//!
//! Pure: bytes in, bytes out.

use std::net::IpAddr;

use crate::error::DecodeError;
use crate::netlink::msg::MessageBuilder;
use crate::netlink::nla::{self, Attr, AttrWriter};
use crate::sys::netlink::{
    GENEVE_KIND, IFINFOMSG_LEN, IFLA_GENEVE_COLLECT_METADATA as EXTERNAL, IFLA_GENEVE_DF as DF,
    IFLA_GENEVE_DSCP_INHERIT as DSCP_INHERIT, IFLA_GENEVE_FTABLE_COUNT as COUNT,
    IFLA_GENEVE_FTABLE_FLUSH as FLUSH, IFLA_GENEVE_FTABLE_LEARN as LEARN,
    IFLA_GENEVE_FTABLE_LOCK_UP_FAIL_CNT as LOCK_UP_FAIL, IFLA_GENEVE_FTABLE_MAX as FTABLE_MAX,
    IFLA_GENEVE_FTABLE_NOSPACE_CNT as NOSPACE, IFLA_GENEVE_FTABLE_TIMEOUT as TIMEOUT, IFLA_GENEVE_ID as ID,
    IFLA_GENEVE_LOCAL as LOCAL, IFLA_GENEVE_LOCAL_PORT as LOCAL_PORT, IFLA_GENEVE_MC_IFINDEX as MC_IFINDEX,
    IFLA_GENEVE_MC_IFNAME as MC_IFNAME, IFLA_GENEVE_PORT as PORT, IFLA_GENEVE_PORT_RANGE as PORT_RANGE,
    IFLA_GENEVE_PROTOCOL as PROTOCOL, IFLA_GENEVE_REMOTE as REMOTE, IFLA_GENEVE_RXCSUM_CNT as RXCSUM,
    IFLA_GENEVE_TSO_CNT as TSO, IFLA_GENEVE_TTL as TTL, IFLA_GENEVE_TTL_INHERIT as TTL_INHERIT,
    IFLA_GENEVE_TXCSUM_CNT as TXCSUM, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINKINFO, NLM_F_ACK,
    NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST, RTM_NEWLINK,
};
use crate::types::{GeneveChange, GeneveConfig};

fn ip(w: &mut AttrWriter<'_>, kind: u16, a: IpAddr) {
    match a {
        IpAddr::V4(a) => w.ipv4(kind, a),
        IpAddr::V6(a) => w.ipv6(kind, a),
    };
}

/// snl's bool: one byte.
fn flag(w: &mut AttrWriter<'_>, kind: u16, b: bool) {
    w.u8(kind, u8::from(b));
}

/// An RTM_NEWLINK for `name` whose IFLA_INFO_DATA `data` writes.
fn newlink(seq: u32, flags: u16, name: &str, data: impl FnOnce(&mut AttrWriter<'_>)) -> Vec<u8> {
    let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | flags, seq);
    b.push(&[0u8; IFINFOMSG_LEN]);
    let mut w = b.attrs();
    w.string(IFLA_IFNAME, name);
    w.nested(IFLA_LINKINFO, false, |w| {
        w.string(IFLA_INFO_KIND, GENEVE_KIND);
        w.nested(IFLA_INFO_DATA, false, data);
    });
    b.finish()
}

/// `geneve_create_nl`: the create, with the inner protocol only.
pub fn create_request(seq: u32, name: &str, proto: u16) -> Vec<u8> {
    newlink(seq, NLM_F_CREATE | NLM_F_EXCL, name, |w| {
        w.u16(PROTOCOL, proto);
    })
}

/// The RTM_NEWLINK one of ifgeneve.c's `setgeneve_*_nl` sends.
pub fn change_request(seq: u32, name: &str, change: &GeneveChange) -> Vec<u8> {
    newlink(seq, 0, name, |w| match change {
        GeneveChange::Vni(v) => {
            w.u32(ID, *v);
        }
        GeneveChange::Local(a) => ip(w, LOCAL, *a),
        GeneveChange::Remote(a) => ip(w, REMOTE, *a),
        GeneveChange::LocalPort(p) => {
            w.u16(LOCAL_PORT, *p);
        }
        GeneveChange::RemotePort(p) => {
            w.u16(PORT, *p);
        }
        GeneveChange::PortRange(lo, hi) => {
            let mut range = lo.to_ne_bytes().to_vec();
            range.extend(hi.to_ne_bytes());
            w.bytes(PORT_RANGE, &range);
        }
        GeneveChange::Timeout(t) => {
            w.u32(TIMEOUT, *t);
        }
        GeneveChange::MaxAddr(m) => {
            w.u32(FTABLE_MAX, *m);
        }
        GeneveChange::Dev(d) => {
            w.string(MC_IFNAME, d);
        }
        GeneveChange::Ttl(t) => {
            w.u8(TTL, *t);
            flag(w, TTL_INHERIT, false);
        }
        GeneveChange::TtlInherit => flag(w, TTL_INHERIT, true),
        GeneveChange::Df(d) => {
            w.u8(DF, *d);
        }
        GeneveChange::DscpInherit(b) => flag(w, DSCP_INHERIT, *b),
        GeneveChange::Learn(b) => flag(w, LEARN, *b),
        GeneveChange::Flush(b) => flag(w, FLUSH, *b),
        GeneveChange::External(b) => flag(w, EXTERNAL, *b),
    })
}

/// `geneve_clone_dump_nl`'s IFLA_INFO_DATA for `c`: every attribute, the
/// addresses only once set, the ports as the sockaddrs hold them, the
/// counters of a virtual host that forwards nothing (0).
pub fn encode_config(c: &GeneveConfig) -> Vec<u8> {
    let mut buf = Vec::new();
    let w = &mut AttrWriter::new(&mut buf);
    w.u32(ID, c.vni.unwrap_or(GeneveConfig::VNI_MAX));
    w.u16(PROTOCOL, c.proto);
    if let Some(a) = c.local {
        ip(w, LOCAL, a);
    }
    if let Some(a) = c.remote {
        ip(w, REMOTE, a);
    }
    w.u16(LOCAL_PORT, c.reported_local_port());
    w.u16(PORT, c.reported_remote_port());
    let mut range = c.port_min.to_ne_bytes().to_vec();
    range.extend(c.port_max.to_ne_bytes());
    w.bytes(PORT_RANGE, &range);
    w.u8(DF, c.df);
    w.u8(TTL, c.ttl);
    flag(w, TTL_INHERIT, c.ttl_inherit);
    flag(w, DSCP_INHERIT, c.dscp_inherit);
    flag(w, EXTERNAL, c.external);
    flag(w, LEARN, c.learn);
    w.u32(FTABLE_MAX, c.ftable_max);
    w.u32(TIMEOUT, c.ftable_timeout);
    for counter in [COUNT, NOSPACE, LOCK_UP_FAIL] {
        w.u32(counter, 0);
    }
    w.string(MC_IFNAME, &c.dev);
    w.u32(MC_IFINDEX, 0);
    for counter in [TXCSUM, TSO, RXCSUM] {
        w.bytes(counter, &0u64.to_ne_bytes());
    }
    buf
}

fn addr(a: &Attr<'_>) -> Result<IpAddr, DecodeError> {
    match a.data.len() {
        4 => Ok(IpAddr::V4(a.ipv4()?)),
        16 => Ok(IpAddr::V6(a.ipv6()?)),
        n => Err(DecodeError::new("IFLA_GENEVE address", format!("{n} bytes, need 4 or 16"))),
    }
}

fn range(a: &Attr<'_>) -> Result<(u16, u16), DecodeError> {
    match a.data {
        [a, b, c, d] => Ok((u16::from_ne_bytes([*a, *b]), u16::from_ne_bytes([*c, *d]))),
        d => Err(DecodeError::new("IFLA_GENEVE_PORT_RANGE", format!("{} bytes, need 4", d.len()))),
    }
}

fn boolean(a: &Attr<'_>) -> Result<bool, DecodeError> {
    Ok(a.u8()? != 0)
}

/// A dump's IFLA_INFO_DATA as `geneve_status_nl` reads it. A vni of
/// GENEVE_VNI_MAX or more is none (`not configured`).
pub fn decode_config(data: &[u8]) -> Result<GeneveConfig, DecodeError> {
    let mut c = GeneveConfig::default();
    for a in nla::iter(data) {
        let a = a?;
        match a.kind {
            ID => c.vni = Some(a.u32()?).filter(|v| *v < GeneveConfig::VNI_MAX),
            PROTOCOL => c.proto = a.u16()?,
            LOCAL => c.local = Some(addr(&a)?),
            REMOTE => c.remote = Some(addr(&a)?),
            LOCAL_PORT => c.local_port = a.u16()?,
            PORT => c.remote_port = a.u16()?,
            PORT_RANGE => (c.port_min, c.port_max) = range(&a)?,
            DF => c.df = a.u8()?,
            TTL => c.ttl = a.u8()?,
            TTL_INHERIT => c.ttl_inherit = boolean(&a)?,
            DSCP_INHERIT => c.dscp_inherit = boolean(&a)?,
            EXTERNAL => c.external = boolean(&a)?,
            LEARN => c.learn = boolean(&a)?,
            FTABLE_MAX => c.ftable_max = a.u32()?,
            TIMEOUT => c.ftable_timeout = a.u32()?,
            MC_IFNAME => c.dev = a.string()?.to_string(),
            _ => {}
        }
    }
    Ok(c)
}

/// The inner protocol a create asks for (`geneve_create_parser`).
pub fn create_proto(data: &[u8]) -> Result<Option<u16>, DecodeError> {
    for a in nla::iter(data) {
        let a = a?;
        if a.kind == PROTOCOL {
            return Ok(Some(a.u16()?));
        }
    }
    Ok(None)
}

/// What `geneve_clone_modify_nl` makes of a request's IFLA_INFO_DATA on a
/// geneve whose configuration is `now`: its setters, in its order (not
/// the request's). A TTL_INHERIT without a TTL is the TTL kept.
pub fn modify_changes(data: &[u8], now: &GeneveConfig) -> Result<Vec<GeneveChange>, DecodeError> {
    let attrs = nla::parse(data)?;
    let get = |kind: u16| nla::find(&attrs, kind);
    let mut out = Vec::new();
    if let Some(a) = get(ID) {
        out.push(GeneveChange::Vni(a.u32()?));
    }
    if let Some(a) = get(LOCAL) {
        out.push(GeneveChange::Local(addr(a)?));
    }
    if let Some(a) = get(REMOTE) {
        out.push(GeneveChange::Remote(addr(a)?));
    }
    if let Some(a) = get(LOCAL_PORT) {
        out.push(GeneveChange::LocalPort(a.u16()?));
    }
    if let Some(a) = get(PORT) {
        out.push(GeneveChange::RemotePort(a.u16()?));
    }
    if let Some(a) = get(PORT_RANGE) {
        let (lo, hi) = range(a)?;
        out.push(GeneveChange::PortRange(lo, hi));
    }
    if let Some(a) = get(DF) {
        out.push(GeneveChange::Df(a.u8()?));
    }
    let inherit = get(TTL_INHERIT).map(boolean).transpose()?;
    match (get(TTL).map(Attr::u8).transpose()?, inherit) {
        (Some(t), Some(true)) => out.extend([GeneveChange::Ttl(t), GeneveChange::TtlInherit]),
        (Some(t), _) if now.ttl_inherit && inherit.is_none() => {
            out.extend([GeneveChange::Ttl(t), GeneveChange::TtlInherit])
        }
        (Some(t), _) => out.push(GeneveChange::Ttl(t)),
        (None, Some(true)) => out.push(GeneveChange::TtlInherit),
        (None, Some(false)) => out.push(GeneveChange::Ttl(now.ttl)),
        (None, None) => {}
    }
    if let Some(a) = get(DSCP_INHERIT) {
        out.push(GeneveChange::DscpInherit(boolean(a)?));
    }
    if let Some(a) = get(EXTERNAL) {
        out.push(GeneveChange::External(boolean(a)?));
    }
    if let Some(a) = get(LEARN) {
        out.push(GeneveChange::Learn(boolean(a)?));
    }
    if let Some(a) = get(FLUSH) {
        out.push(GeneveChange::Flush(boolean(a)?));
    }
    if let Some(a) = get(FTABLE_MAX) {
        out.push(GeneveChange::MaxAddr(a.u32()?));
    }
    if let Some(a) = get(TIMEOUT) {
        out.push(GeneveChange::Timeout(a.u32()?));
    }
    if let Some(a) = get(MC_IFNAME) {
        out.push(GeneveChange::Dev(a.string()?.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::msg;
    use crate::netlink::route::Link;

    /// The IFLA_INFO_DATA of an RTM_NEWLINK, with its kind.
    fn info_data(bytes: &[u8]) -> (u16, Link) {
        let m = msg::parse_messages(bytes).unwrap().remove(0);
        (m.header.flags, Link::parse(m.payload).unwrap())
    }

    #[test]
    fn create_is_ifgeneve_c_s_bytes() {
        let bytes = create_request(7, "geneve0", GeneveConfig::PROTO_INHERIT);
        // nlmsghdr 16 + ifinfomsg 16 + IFNAME 12 + LINKINFO (4 + KIND 11->12
        // + DATA (4 + PROTOCOL 6->8)).
        assert_eq!(bytes.len(), 16 + 16 + 12 + 4 + 12 + 4 + 8);
        let (flags, link) = info_data(&bytes);
        assert_eq!(flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        assert_eq!((link.name.as_deref(), link.info_kind.as_deref()), (Some("geneve0"), Some("geneve")));
        let data = link.info_data.unwrap();
        assert_eq!(data, [6, 0, 2, 0, 0, 0, 0, 0]);
        assert_eq!(create_proto(&data).unwrap(), Some(0));
    }

    #[test]
    fn each_word_is_one_message_the_kernel_parses_back() {
        let now = GeneveConfig::default();
        let words = [
            GeneveChange::Vni(42),
            GeneveChange::Local("192.0.2.1".parse().unwrap()),
            GeneveChange::Remote("2001:db8::2".parse().unwrap()),
            GeneveChange::LocalPort(7000),
            GeneveChange::RemotePort(7001),
            GeneveChange::PortRange(20000, 30000),
            GeneveChange::Timeout(600),
            GeneveChange::MaxAddr(100),
            GeneveChange::Dev("igb0".into()),
            GeneveChange::Ttl(9),
            GeneveChange::TtlInherit,
            GeneveChange::Df(2),
            GeneveChange::DscpInherit(true),
            GeneveChange::Learn(false),
            GeneveChange::Flush(true),
            GeneveChange::External(true),
        ];
        for g in words {
            let (flags, link) = info_data(&change_request(1, "geneve0", &g));
            assert_eq!(flags, NLM_F_REQUEST | NLM_F_ACK, "{g:?}");
            assert_eq!(link.info_kind.as_deref(), Some("geneve"));
            assert_eq!(modify_changes(&link.info_data.unwrap(), &now).unwrap(), vec![g.clone()], "{g:?}");
        }
        // `genevettl 9` is TTL and TTL_INHERIT false in one message.
        let (_, link) = info_data(&change_request(1, "geneve0", &GeneveChange::Ttl(9)));
        assert_eq!(link.info_data.unwrap(), [5, 0, 9, 0, 9, 0, 0, 0, 5, 0, 10, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn the_dump_decodes_to_the_config_it_came_from() {
        let mut c = GeneveConfig::with_proto(GeneveConfig::PROTO_INHERIT);
        for g in [
            GeneveChange::Vni(7),
            GeneveChange::Local("2001:db8::1".parse().unwrap()),
            GeneveChange::Remote("ff0e::1".parse().unwrap()),
            GeneveChange::LocalPort(7000),
            GeneveChange::PortRange(1, 2),
            GeneveChange::Dev("igb0".into()),
            GeneveChange::TtlInherit,
            GeneveChange::External(true),
        ] {
            g.apply(&mut c).unwrap();
        }
        assert_eq!(decode_config(&encode_config(&c)).unwrap(), c);
        // Unset: no addresses, the ports as 0, the vni as GENEVE_VNI_MAX.
        let fresh = GeneveConfig::default();
        let data = encode_config(&fresh);
        let attrs = nla::parse(&data).unwrap();
        assert_eq!(nla::find(&attrs, ID).unwrap().u32().unwrap(), 1 << 24);
        assert!(nla::find(&attrs, LOCAL).is_none());
        assert_eq!(nla::find(&attrs, LOCAL_PORT).unwrap().u16().unwrap(), 0);
        let back = decode_config(&data).unwrap();
        assert_eq!((back.vni, back.local_port), (None, 0));
    }

    #[test]
    fn hostile_bytes_are_errors_not_panics() {
        let data = encode_config(&GeneveConfig::default());
        for cut in 0..data.len() {
            let _ = decode_config(&data[..cut]);
            let _ = modify_changes(&data[..cut], &GeneveConfig::default());
            let _ = create_proto(&data[..cut]);
        }
        let mut bad = Vec::new();
        AttrWriter::new(&mut bad).bytes(LOCAL, &[1, 2, 3]);
        assert!(decode_config(&bad).is_err());
        assert!(modify_changes(&bad, &GeneveConfig::default()).is_err());
        let mut short = Vec::new();
        AttrWriter::new(&mut short).bytes(PORT_RANGE, &[1, 2]);
        assert!(decode_config(&short).is_err());
    }
}
