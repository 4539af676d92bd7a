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

/// ifbridge.c's get_vlan_id: get_val (strtoul, base 0, the whole word),
/// then DOT1Q_VID_MIN..=DOT1Q_VID_MAX.
fn vlan_id(s: &str) -> Option<u64> {
    c_ulong(s).filter(|v| (1..=4094).contains(v))
}

/// ifbridge.c's parse_vlans: `none`, `all`, or a comma list of decimal
/// VLAN ids and `FIRST-LAST` ranges.
fn vlan_set_ok(s: &str) -> bool {
    let id = |t: &str| t.parse::<u64>().ok().filter(|v| (1..=4094).contains(v));
    s == "none"
        || s == "all"
        || s.split(',').all(|token| match token.split_once('-') {
            Some((first, last)) => matches!((id(first), id(last)), (Some(f), Some(l)) if l >= f),
            None => id(token).is_some(),
        })
}

/// 15.x's VLAN filtering words: FreeBSD's checks of the value, then
/// refused by name (the virtual host keeps no bridge VLAN state).
fn vlan_word(p: &mut Parser, a: Option<&str>) -> R {
    let (first, second) = (arg(a), p.second.clone());
    match p.word {
        "ifuntagged" if vlan_id(&second).is_none() => {
            return Err(CliError::msg(format!("invalid VLAN identifier: {second}")));
        }
        "iftagged" | "+iftagged" | "-iftagged" if !vlan_set_ok(&second) => {
            return Err(CliError::msg(format!("invalid vlan set: {second}")));
        }
        "ifvlanproto" if second != "802.1q" && second != "802.1ad" => {
            return Err(CliError::msg(format!("unrecognised VLAN protocol: {second}")));
        }
        "defuntagged" if vlan_id(first).is_none() => {
            return Err(CliError::msg(format!("invalid vlan id: {first}")));
        }
        _ => {}
    }
    not_modelled(p, a)
}

/// The bridge VLAN words of 15.x (read in a 15.x-era ifbridge.c, see
/// keywords.txt; the release of `qinq` / `defqinq` was not checked apart).
pub(super) static VLAN_KEYWORDS: &[Keyword] = &{
    const fn row(name: &'static str, arity: Arity) -> Keyword {
        Keyword { name, arity, handler: vlan_word, since: Since::R15 }
    }
    [
        row("ifuntagged", Arity::Two),
        row("-ifuntagged", Arity::One),
        row("iftagged", Arity::Two),
        row("+iftagged", Arity::Two),
        row("-iftagged", Arity::Two),
        row("ifvlanproto", Arity::Two),
        row("vlanfilter", Arity::None),
        row("-vlanfilter", Arity::None),
        row("defuntagged", Arity::One),
        row("-defuntagged", Arity::None),
        row("defqinq", Arity::None),
        row("-defqinq", Arity::None),
        row("qinq", Arity::One),
        row("-qinq", Arity::One),
    ]
};
