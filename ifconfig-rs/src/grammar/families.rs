//! Keywords of the lagg options (iflagg.c), gif (ifgif.c), gre (ifgre.c),
//! vxlan (ifvxlan.c) and pfsync (ifpfsync.c): FreeBSD's arity, value
//! checks and messages. The vxlan words are also `DEF_CLONE_CMD*` words,
//! taken right after `create` (see [`super::parse_create`]).

use std::net::IpAddr;

use super::family::atoi;
use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use crate::render::Dialect;
use libcarpctl::{IfaceChange, PfsyncChange, VxlanChange, VxlanConfig};

type R = Result<(), CliError>;

fn msg(text: String) -> CliError {
    CliError::msg(text)
}

/// C's `strtol(s, NULL, 0)`: sign, 0x hex / leading-0 octal / decimal
/// prefix; what does not parse is 0.
fn strtol0(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (digits, radix) = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(h) if h.starts_with(|c: char| c.is_ascii_hexdigit()) => (h, 16),
        _ if t.starts_with('0') => (t, 8),
        _ => (t, 10),
    };
    let n = digits
        .chars()
        .map_while(|c| c.to_digit(radix))
        .fold(0i64, |acc, d| acc.saturating_mul(i64::from(radix)).saturating_add(i64::from(d)));
    if neg {
        -n
    } else {
        n
    }
}

// ---- lagg (iflagg.c) ----

/// `lagghash l2,l3,l4` (setlagghash: each comma-separated word).
fn lagghash(p: &mut Parser, a: Option<&str>) -> R {
    let mut flags = 0;
    for tok in arg(a).split(',') {
        flags |= match tok {
            "l2" => 0x1,
            "l3" => 0x2,
            "l4" => 0x4,
            _ => return Err(msg(format!("Invalid lagghash option: {tok}"))),
        };
    }
    if flags == 0 {
        return Err(CliError::msg("No lagghash options supplied"));
    }
    p.change(IfaceChange::LaggHash(flags));
    Ok(())
}

/// The `LAGG_OPT_*` words (setlaggsetopt): word, bit, set.
const LAGG_OPTS: &[(&str, u32, bool)] = &[
    ("use_flowid", 0x01, true),
    ("-use_flowid", 0x01, false),
    ("use_numa", 0x04, true),
    ("-use_numa", 0x04, false),
    ("lacp_strict", 0x10, true),
    ("-lacp_strict", 0x10, false),
    ("lacp_txtest", 0x20, true),
    ("-lacp_txtest", 0x20, false),
    ("lacp_rxtest", 0x40, true),
    ("-lacp_rxtest", 0x40, false),
    ("lacp_fast_timeout", 0x80, true),
    ("-lacp_fast_timeout", 0x80, false),
];

fn laggopt(p: &mut Parser, _: Option<&str>) -> R {
    if let Some((_, opt, set)) = LAGG_OPTS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::LaggOption { opt: *opt, set: *set });
    }
    Ok(())
}

/// `flowid_shift N` (strtol base 10; LAGG_OPT_FLOWIDSHIFT_MASK is 0x1f).
fn flowid_shift(p: &mut Parser, a: Option<&str>) -> R {
    let n = atoi(arg(a)) as i32;
    if n & !0x1f != 0 {
        return Err(msg(format!("Invalid flowid_shift option: {}", arg(a))));
    }
    p.change(IfaceChange::LaggFlowidShift(n as u32));
    Ok(())
}

/// `rr_limit N` (strtoul base 10 into a uint32_t). 13's ifconfig refuses
/// 0 (with LAGG_OPT_RR_LIMIT); 11-12's sends it (strtol), and the kernel
/// takes 0 as 1.
fn rr_limit(p: &mut Parser, a: Option<&str>) -> R {
    let n = atoi(arg(a)) as u32;
    if n == 0 && p.ctx.release.lagg_marks_rr_limit() {
        return Err(msg(format!("Invalid round-robin stride: {}", arg(a))));
    }
    p.change(IfaceChange::LaggRrLimit(n));
    Ok(())
}

// ---- gif (ifgif.c) ----

/// The gif option words: word, GIF_* bit, set, the releases that have it
/// (10-11's reversed-EtherIP words are gone in releng/12.0's ifgif.c,
/// which has only `ignore_source`; `noclamp` is in 14.x's, taken from 13).
const GIF_OPTS: &[(&str, u32, bool, Since, Option<Since>)] = &[
    ("accept_rev_ethip_ver", 0x01, true, Since::R10, Some(Since::R12)),
    ("-accept_rev_ethip_ver", 0x01, false, Since::R10, Some(Since::R12)),
    ("send_rev_ethip_ver", 0x10, true, Since::R10, Some(Since::R12)),
    ("-send_rev_ethip_ver", 0x10, false, Since::R10, Some(Since::R12)),
    ("ignore_source", 0x02, true, Since::R10, None),
    ("-ignore_source", 0x02, false, Since::R10, None),
    ("noclamp", 0x01, true, Since::R13, None),
    ("-noclamp", 0x01, false, Since::R13, None),
];

fn gifopt(p: &mut Parser, _: Option<&str>) -> R {
    let d = Dialect::new(p.ctx.release);
    match GIF_OPTS.iter().find(|(w, ..)| *w == p.word) {
        Some((_, bits, set, from, until)) if d.reached(*from) && until.is_none_or(|u| !d.reached(u)) => {
            p.change(IfaceChange::GifOption { bits: *bits, set: *set });
            Ok(())
        }
        // A release without the word reads it as an address.
        _ => {
            let w = p.word;
            p.operand(w)
        }
    }
}

// ---- gre (ifgre.c) ----

/// `enable_csum`, `enable_seq`, `udpencap` and their `-` forms.
const GRE_OPTS: &[(&str, u32, bool)] = &[
    ("enable_csum", 0x1, true),
    ("-enable_csum", 0x1, false),
    ("enable_seq", 0x2, true),
    ("-enable_seq", 0x2, false),
    ("udpencap", 0x4, true),
    ("-udpencap", 0x4, false),
];

fn greopt(p: &mut Parser, _: Option<&str>) -> R {
    if let Some((_, bits, set)) = GRE_OPTS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::GreOption { bits: *bits, set: *set });
    }
    Ok(())
}

/// `grekey N` (strtol base 0 into a uint32_t).
fn grekey(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::GreKey(strtol0(arg(a)) as u32));
    Ok(())
}

/// `udpport N` / `greport N` (strtol base 0 into a uint32_t).
fn greport(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::GrePort(strtol0(arg(a)) as u32));
    Ok(())
}

// ---- vxlan (ifvxlan.c) ----

/// ifvxlan.c's `get_val`: strtoul base 0, the whole word.
fn get_val(s: &str) -> Option<u64> {
    c_ulong(s)
}

fn vxlan(p: &mut Parser, v: VxlanChange) -> R {
    p.change(IfaceChange::Vxlan(v));
    Ok(())
}

fn vni(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let n = get_val(s)
        .filter(|n| *n < u64::from(VxlanConfig::VNI_MAX))
        .ok_or_else(|| msg(format!("invalid network identifier: {s}")))?;
    vxlan(p, VxlanChange::Vni(n as u32))
}

/// A numeric address (getaddrinfo with numeric hosts only here).
pub(super) fn address(what: &str, s: &str) -> Result<IpAddr, CliError> {
    s.parse().map_err(|_| {
        msg(format!("error in parsing {what} address string: hostname nor servname provided, or not known"))
    })
}

fn vxlanlocal(p: &mut Parser, a: Option<&str>) -> R {
    let ip = address("local", arg(a))?;
    if ip.is_multicast() {
        return Err(CliError::msg("local address cannot be multicast"));
    }
    vxlan(p, VxlanChange::Local(ip))
}

fn vxlanremote(p: &mut Parser, a: Option<&str>) -> R {
    let group = p.word == "vxlangroup";
    let what = if group { "group" } else { "remote" };
    let ip = address(what, arg(a))?;
    match (group, ip.is_multicast()) {
        (true, false) => return Err(CliError::msg("group address must be multicast")),
        (false, true) => return Err(CliError::msg("remote address cannot be multicast")),
        _ => {}
    }
    vxlan(p, VxlanChange::Remote(ip))
}

/// A port below UINT16_MAX, or `invalid <what>: <value>`.
pub(super) fn port(what: &str, s: &str) -> Result<u16, CliError> {
    get_val(s)
        .filter(|n| *n < u64::from(u16::MAX))
        .map(|n| n as u16)
        .ok_or_else(|| msg(format!("invalid {what}: {s}")))
}

fn vxlanport(p: &mut Parser, a: Option<&str>) -> R {
    let v = if p.word == "vxlanlocalport" {
        VxlanChange::LocalPort(port("local port", arg(a))?)
    } else {
        VxlanChange::RemotePort(port("remote port", arg(a))?)
    };
    vxlan(p, v)
}

fn vxlanportrange(p: &mut Parser, a: Option<&str>) -> R {
    let min = port("port range minimum", arg(a))?;
    let max = port("port range maximum", &p.second.clone())?;
    if max < min {
        return Err(CliError::msg("invalid port range"));
    }
    vxlan(p, VxlanChange::PortRange(min, max))
}

fn u32_val(what: &str, s: &str) -> Result<u32, CliError> {
    get_val(s).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| msg(format!("invalid {what} value: {s}")))
}

fn vxlantimeout(p: &mut Parser, a: Option<&str>) -> R {
    let n = u32_val("timeout", arg(a))?;
    vxlan(p, VxlanChange::Timeout(n))
}

fn vxlanmaxaddr(p: &mut Parser, a: Option<&str>) -> R {
    let n = u32_val("maxaddr", arg(a))?;
    vxlan(p, VxlanChange::MaxAddr(n))
}

fn vxlandev(p: &mut Parser, a: Option<&str>) -> R {
    vxlan(p, VxlanChange::Dev(arg(a).to_string()))
}

/// `vxlanttl N`: up to 256, stored in a uint8_t (so 256 is 0).
fn vxlanttl(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let n = get_val(s).filter(|n| *n <= 256).ok_or_else(|| msg(format!("invalid TTL value: {s}")))?;
    vxlan(p, VxlanChange::Ttl(n as u8))
}

fn vxlanlearn(p: &mut Parser, _: Option<&str>) -> R {
    vxlan(p, VxlanChange::Learn(p.word == "vxlanlearn"))
}

fn vxlanflush(p: &mut Parser, _: Option<&str>) -> R {
    vxlan(p, VxlanChange::Flush(p.word == "vxlanflushall"))
}

/// vxlan_check_params: the create's addresses are of one family.
pub(super) fn check_vxlan_params(params: &[VxlanChange]) -> R {
    let fam = |local: bool| -> Vec<bool> {
        params
            .iter()
            .filter_map(|v| match v {
                VxlanChange::Local(a) if local => Some(a.is_ipv6()),
                VxlanChange::Remote(a) if !local => Some(a.is_ipv6()),
                _ => None,
            })
            .collect()
    };
    let (l, r) = (fam(true), fam(false));
    if l.contains(&true) && l.contains(&false) {
        return Err(CliError::msg("cannot specify both local IPv4 and IPv6 addresses"));
    }
    if r.contains(&true) && r.contains(&false) {
        return Err(CliError::msg("cannot specify both remote IPv4 and IPv6 addresses"));
    }
    if l.first().zip(r.first()).is_some_and(|(a, b)| a != b) {
        return Err(CliError::msg("cannot mix IPv4 and IPv6 addresses"));
    }
    Ok(())
}

/// The vxlan words registered with `DEF_CLONE_CMD*` as well.
pub const VXLAN_CLONE_WORDS: &[&str] = &[
    "vni",
    "vxlanid",
    "vxlanlocal",
    "vxlanremote",
    "vxlangroup",
    "vxlanlocalport",
    "vxlanremoteport",
    "vxlanportrange",
    "vxlantimeout",
    "vxlanmaxaddr",
    "vxlandev",
    "vxlanttl",
    "vxlanlearn",
    "-vxlanlearn",
];

// ---- pfsync (ifpfsync.c) ----

fn pfsync(p: &mut Parser, c: PfsyncChange) -> R {
    p.change(IfaceChange::Pfsync(c));
    Ok(())
}

fn nv(p: &Parser) -> bool {
    Dialect::new(p.ctx.release).reached(Since::R14)
}

/// `syncdev IF` / `syncif IF`: 14's nvlist ifconfig checks the length.
fn syncdev(p: &mut Parser, a: Option<&str>) -> R {
    let v = arg(a);
    if nv(p) && v.len() > 16 {
        return Err(msg(format!("interface name {v} is too long")));
    }
    // Before 14, strlcpy into IFNAMSIZ cuts it.
    let v: String = v.chars().take(15).collect();
    pfsync(p, PfsyncChange::Syncdev(Some(v)))
}

fn unsyncdev(p: &mut Parser, _: Option<&str>) -> R {
    pfsync(p, PfsyncChange::Syncdev(None))
}

/// `syncpeer ADDR`: IPv4 or (14 on) IPv6.
fn syncpeer(p: &mut Parser, a: Option<&str>) -> R {
    let bad =
        || CliError::msg("error in parsing address string: hostname nor servname provided, or not known");
    let ip: IpAddr = arg(a).parse().map_err(|_| bad())?;
    if ip.is_ipv6() && !nv(p) {
        return Err(bad());
    }
    pfsync(p, PfsyncChange::Syncpeer(Some(ip)))
}

fn unsyncpeer(p: &mut Parser, _: Option<&str>) -> R {
    pfsync(p, PfsyncChange::Syncpeer(None))
}

/// `maxupd N` (atoi): ifconfig checks 0..255 itself on every release
/// (ifpfsync.c of 10.4, 12.0 and 14.x).
fn maxupd(p: &mut Parser, a: Option<&str>) -> R {
    let n = atoi(arg(a)) as i32;
    if !(0..=255).contains(&n) {
        return Err(msg(format!("maxupd {}: out of range", arg(a))));
    }
    pfsync(p, PfsyncChange::Maxupd(n as u8))
}

fn defer(p: &mut Parser, _: Option<&str>) -> R {
    pfsync(p, PfsyncChange::Defer(p.word == "defer"))
}

/// `version N` (atoi; the kernel knows which versions it speaks).
fn version(p: &mut Parser, a: Option<&str>) -> R {
    pfsync(p, PfsyncChange::Version(atoi(arg(a)) as u32))
}

/// Rows: word, arity, handler, release, and `Warns` where FreeBSD only
/// warns when the kernel refuses the request (the rest is `Stops`).
macro_rules! rows {
    ($($name:literal, $arity:ident, $h:ident, $since:ident $(, $refusal:ident)?;)*) => {
        &[$(Keyword {
            name: $name,
            arity: Arity::$arity,
            handler: $h,
            since: Since::$since,
            refusal: refusal!($($refusal)?),
        },)*]
    };
}

macro_rules! refusal {
    () => {
        super::Refusal::Stops
    };
    ($r:ident) => {
        super::Refusal::$r
    };
}

// lagg releases (iflagg.c): 10.4 (coder03/freebsd10.4 3d3f8b11) has
// lagghash, use_flowid, the lacp_* words and flowid_shift (head r249897 of
// 2013, before 10.0, had none of them: 10.1+ in fact); releng/12.0
// (sunrash/freebsd_steroid 22ff17ba) has rr_limit, taken from 11: its only
// user-space use is ro_bkt, the field that makes 11's lagg_reqopts 40 bytes
// (10.x's 36), and 12.0's setlaggrr_limit still sends it the 11 way (ro_opts
// 0, no check of 0); 14.x (fel1x 2d614aa2) adds use_numa and laggtype,
// taken from 13 (13.x not read).
pub(super) static KEYWORDS: &[Keyword] = rows![
    "lagghash", One, lagghash, R10; "flowid_shift", One, flowid_shift, R10; "rr_limit", One, rr_limit, R11;
    "use_flowid", None, laggopt, R10; "-use_flowid", None, laggopt, R10;
    "use_numa", None, laggopt, R13; "-use_numa", None, laggopt, R13;
    "lacp_strict", None, laggopt, R10; "-lacp_strict", None, laggopt, R10;
    "lacp_txtest", None, laggopt, R10; "-lacp_txtest", None, laggopt, R10;
    "lacp_rxtest", None, laggopt, R10; "-lacp_rxtest", None, laggopt, R10;
    "lacp_fast_timeout", None, laggopt, R10; "-lacp_fast_timeout", None, laggopt, R10;
    "accept_rev_ethip_ver", None, gifopt, R10, Warns; "-accept_rev_ethip_ver", None, gifopt, R10, Warns;
    "send_rev_ethip_ver", None, gifopt, R10, Warns; "-send_rev_ethip_ver", None, gifopt, R10, Warns;
    "ignore_source", None, gifopt, R10, Warns; "-ignore_source", None, gifopt, R10, Warns;
    "noclamp", None, gifopt, R13, Warns; "-noclamp", None, gifopt, R13, Warns;
    "grekey", One, grekey, R10, Warns; "udpport", One, greport, R10, Warns; "greport", One, greport, R10, Warns;
    "enable_csum", None, greopt, R10, Warns; "-enable_csum", None, greopt, R10, Warns;
    "enable_seq", None, greopt, R10, Warns; "-enable_seq", None, greopt, R10, Warns;
    "udpencap", None, greopt, R10, Warns; "-udpencap", None, greopt, R10, Warns;
    "vni", One, vni, R10; "vxlanid", One, vni, R10; "vxlanlocal", One, vxlanlocal, R10;
    "vxlanremote", One, vxlanremote, R10; "vxlangroup", One, vxlanremote, R10;
    "vxlanlocalport", One, vxlanport, R10; "vxlanremoteport", One, vxlanport, R10;
    "vxlanportrange", Two, vxlanportrange, R10; "vxlantimeout", One, vxlantimeout, R10;
    "vxlanmaxaddr", One, vxlanmaxaddr, R10; "vxlandev", One, vxlandev, R10; "vxlanttl", One, vxlanttl, R10;
    "vxlanlearn", None, vxlanlearn, R10; "-vxlanlearn", None, vxlanlearn, R10;
    "vxlanflush", None, vxlanflush, R10; "vxlanflushall", None, vxlanflush, R10;
    "syncdev", One, syncdev, R10; "syncif", One, syncdev, R10; "-syncdev", None, unsyncdev, R10;
    "-syncif", None, unsyncdev, R10; "syncpeer", One, syncpeer, R10; "-syncpeer", None, unsyncpeer, R10;
    "maxupd", One, maxupd, R10; "defer", None, defer, R10; "-defer", None, defer, R10;
    "version", One, version, R14;
];

#[cfg(test)]
#[path = "families_tests.rs"]
mod tests;
