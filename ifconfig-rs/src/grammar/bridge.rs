//! if_bridge(4) keywords (ifbridge.c).

use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{BridgeMember, IfaceChange};

type R = Result<(), CliError>;

fn member(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::BridgeMember(arg(a).to_string(), p.word == "addm"));
    Ok(())
}

/// Member-flag words (`do_bridgeflag`): word, IFBIF bit, set.
const MEMBER_FLAGS: &[(&str, u32, bool)] = &[
    ("discover", BridgeMember::DISCOVER, true),
    ("-discover", BridgeMember::DISCOVER, false),
    ("learn", BridgeMember::LEARNING, true),
    ("-learn", BridgeMember::LEARNING, false),
    ("sticky", BridgeMember::STICKY, true),
    ("-sticky", BridgeMember::STICKY, false),
    ("span", BridgeMember::SPAN, true),
    ("-span", BridgeMember::SPAN, false),
    ("stp", BridgeMember::STP, true),
    ("-stp", BridgeMember::STP, false),
    ("edge", BridgeMember::EDGE, true),
    ("-edge", BridgeMember::EDGE, false),
    ("autoedge", BridgeMember::AUTOEDGE, true),
    ("-autoedge", BridgeMember::AUTOEDGE, false),
    ("ptp", BridgeMember::PTP, true),
    ("-ptp", BridgeMember::PTP, false),
    ("autoptp", BridgeMember::AUTOPTP, true),
    ("-autoptp", BridgeMember::AUTOPTP, false),
    ("private", BridgeMember::PRIVATE, true),
    ("-private", BridgeMember::PRIVATE, false),
];

fn member_flag(p: &mut Parser, a: Option<&str>) -> R {
    if let Some((_, flag, set)) = MEMBER_FLAGS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::BridgeMemberFlag { member: arg(a).to_string(), flag: *flag, set: *set });
    }
    Ok(())
}

/// A bridge parameter: `get_val` (strtoul, base 0, the whole word), then
/// the width of its field.
fn param(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let max: u64 = match p.word {
        "maxaddr" | "timeout" => 0xffff_ffff,
        "priority" => 0xffff,
        _ => 0xff,
    };
    let v = c_ulong(s).filter(|v| *v <= max).ok_or_else(|| CliError::msg(format!("invalid value: {s}")))?;
    p.change(IfaceChange::BridgeParam(p.word, v as u32));
    Ok(())
}

/// Bridge words the virtual host does not keep (address cache, per-member
/// STP parameters, protocol).
fn not_modelled(p: &mut Parser, _: Option<&str>) -> R {
    Err(CliError::msg(format!("{}: the virtual host does not model this bridge setting", p.word)))
}

macro_rules! rows {
    ($($name:literal, $arity:ident, $h:ident;)*) => {
        &[$(Keyword { name: $name, arity: Arity::$arity, handler: $h, since: Since::R10 },)*]
    };
}

pub(super) static KEYWORDS: &[Keyword] = rows![
    "addm", One, member; "deletem", One, member;
    "discover", One, member_flag; "-discover", One, member_flag; "learn", One, member_flag;
    "-learn", One, member_flag; "sticky", One, member_flag; "-sticky", One, member_flag;
    "span", One, member_flag; "-span", One, member_flag; "stp", One, member_flag; "-stp", One, member_flag;
    "edge", One, member_flag; "-edge", One, member_flag; "autoedge", One, member_flag;
    "-autoedge", One, member_flag; "ptp", One, member_flag; "-ptp", One, member_flag;
    "autoptp", One, member_flag; "-autoptp", One, member_flag; "private", One, member_flag;
    "-private", One, member_flag;
    "maxaddr", One, param; "timeout", One, param; "priority", One, param; "hellotime", One, param;
    "fwddelay", One, param; "maxage", One, param; "holdcnt", One, param;
    "flush", None, not_modelled; "flushall", None, not_modelled; "static", Two, not_modelled;
    "deladdr", One, not_modelled; "addr", None, not_modelled; "proto", One, not_modelled;
    "ifpriority", Two, not_modelled; "ifpathcost", Two, not_modelled; "ifmaxaddr", Two, not_modelled;
];
