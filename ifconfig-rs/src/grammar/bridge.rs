//! if_bridge(4) keywords (ifbridge.c).

use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
#[path = "bridge_cache.rs"]
mod cache;

use libcarpctl::{BridgeMember, BridgeVlanChange, IfaceChange, VlanConfig, VlanSet, VlanSetOp};

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

macro_rules! rows {
    ($($name:literal, $arity:ident, $h:path;)*) => {
        &[$(Keyword { name: $name, arity: Arity::$arity, handler: $h, since: Since::R10, refusal: crate::grammar::Refusal::Stops },)*]
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
    "flush", None, cache::flush; "flushall", None, cache::flush; "static", Two, cache::static_entry;
    "deladdr", One, cache::deladdr; "addr", None, cache::addr; "proto", One, cache::proto;
    "ifpriority", Two, cache::ifpriority; "ifpathcost", Two, cache::ifpathcost; "ifmaxaddr", Two, cache::ifmaxaddr;
];

/// ifbridge.c's get_vlan_id: get_val (strtoul, base 0, the whole word),
/// then DOT1Q_VID_MIN..=DOT1Q_VID_MAX.
pub(super) fn vlan_id(s: &str) -> Option<u16> {
    c_ulong(s).filter(|v| (1..=4094).contains(v)).map(|v| v as u16)
}

fn vlan(p: &mut Parser, change: BridgeVlanChange) -> R {
    p.change(IfaceChange::BridgeVlan(change));
    Ok(())
}

/// `vlanfilter`, `defqinq` and their `-` forms (setbridge_flags /
/// unsetbridge_flags): IFBRF_* bits.
const BRIDGE_FLAGS: &[(&str, u32, bool)] = &[
    ("vlanfilter", BridgeVlanChange::VLANFILTER, true),
    ("-vlanfilter", BridgeVlanChange::VLANFILTER, false),
    ("defqinq", BridgeVlanChange::DEFQINQ, true),
    ("-defqinq", BridgeVlanChange::DEFQINQ, false),
];

fn bridge_flag(p: &mut Parser, _: Option<&str>) -> R {
    match BRIDGE_FLAGS.iter().find(|(w, ..)| *w == p.word) {
        Some((_, flags, set)) => vlan(p, BridgeVlanChange::Flags { flags: *flags, set: *set }),
        None => Ok(()),
    }
}

/// `defuntagged N` (setbridge_defuntagged) / `-defuntagged`.
fn defuntagged(p: &mut Parser, a: Option<&str>) -> R {
    let vid = match a {
        None => 0,
        Some(s) => vlan_id(s).ok_or_else(|| CliError::msg(format!("invalid vlan id: {s}")))?,
    };
    vlan(p, BridgeVlanChange::DefaultPvid(vid))
}

/// `ifuntagged IF N` (setbridge_ifuntagged) / `-ifuntagged IF`.
fn ifuntagged(p: &mut Parser, a: Option<&str>) -> R {
    let member = arg(a).to_string();
    if p.word == "-ifuntagged" {
        return vlan(p, BridgeVlanChange::Pvid { member, vid: 0, label: "BRDGSIFPVID".into() });
    }
    let text = p.second.clone();
    let vid = vlan_id(&text).ok_or_else(|| CliError::msg(format!("invalid VLAN identifier: {text}")))?;
    vlan(p, BridgeVlanChange::Pvid { member, vid, label: format!("BRDGSIFPVID {text}") })
}

/// `iftagged`, `+iftagged`, `-iftagged IF SET` (set_bridge_vlanset).
fn iftagged(p: &mut Parser, a: Option<&str>) -> R {
    let text = p.second.clone();
    let set = VlanSet::parse(&text).ok_or_else(|| CliError::msg(format!("invalid vlan set: {text}")))?;
    let op = match p.word {
        "+iftagged" => VlanSetOp::Add,
        "-iftagged" => VlanSetOp::Del,
        _ => VlanSetOp::Set,
    };
    vlan(
        p,
        BridgeVlanChange::Tagged {
            member: arg(a).to_string(),
            op,
            set,
            label: format!("BRDGSIFVLANSET {text}"),
        },
    )
}

/// `ifvlanproto IF 802.1q|802.1ad` (setbridge_ifvlanproto: exact words).
fn ifvlanproto(p: &mut Parser, a: Option<&str>) -> R {
    let proto = match p.second.as_str() {
        "802.1q" => VlanConfig::PROTO_8021Q,
        "802.1ad" => VlanConfig::PROTO_8021AD,
        other => return Err(CliError::msg(format!("unrecognised VLAN protocol: {other}"))),
    };
    vlan(p, BridgeVlanChange::Proto { member: arg(a).to_string(), proto })
}

/// `qinq IF` / `-qinq IF`: a member flag (do_bridgeflag, IFBIF_QINQ).
fn qinq(p: &mut Parser, a: Option<&str>) -> R {
    let set = p.word == "qinq";
    p.change(IfaceChange::BridgeMemberFlag { member: arg(a).to_string(), flag: BridgeMember::QINQ, set });
    Ok(())
}

/// 15's `addm IF [untagged N] [tagged SET]...` (setbridge_add, a
/// DEF_CMD_VARG): the member, then option pairs while the next word is
/// one; BRDGADD, then BRDGSIFPVID, then BRDGSIFVLANSET.
fn addm_var(p: &mut Parser, _: Option<&str>) -> R {
    let words = std::mem::take(&mut p.rest);
    let Some((member, mut rest)) = words.split_first() else {
        return Err(CliError::msg("usage: addm <interface> [opts ...]"));
    };
    let (mut untagged, mut tagged) = (None, None);
    loop {
        match rest {
            [w, ..] if w == "untagged" || w == "tagged" => {
                let Some(value) = rest.get(1) else {
                    let what = if w == "untagged" { "untagged <vlan id>" } else { "tagged <vlan set>" };
                    return Err(CliError::msg(format!("usage: {what}")));
                };
                if w == "untagged" {
                    let vid = vlan_id(value)
                        .ok_or_else(|| CliError::msg(format!("invalid VLAN identifier: {value}")))?;
                    untagged = Some(vid);
                } else {
                    let set = VlanSet::parse(value)
                        .ok_or_else(|| CliError::msg(format!("invalid vlan set: {value}")))?;
                    tagged = Some(set);
                }
                rest = &rest[2..];
            }
            _ => break,
        }
    }
    p.taken = words.len() - rest.len();
    p.change(IfaceChange::BridgeMember(member.clone(), true));
    if let Some(vid) = untagged {
        let label = format!("BRDGSIFPVID {member} {vid}");
        vlan(p, BridgeVlanChange::Pvid { member: member.clone(), vid, label })?;
    }
    if let Some(set) = tagged {
        let label = format!("BRDGSIFVLANSET {member}");
        vlan(p, BridgeVlanChange::Tagged { member: member.clone(), op: VlanSetOp::Set, set, label })?;
    }
    Ok(())
}

/// The bridge VLAN words of 15.x (ifbridge.c as read in keywords.txt;
/// `__FreeBSD_version` 1500051 added the member VLAN sets and 1500056 the
/// bridge flags, both before 15.0's 1500068), with 15's `addm`.
pub(super) static VLAN_KEYWORDS: &[Keyword] = &{
    const fn row(name: &'static str, arity: Arity, handler: super::Handler) -> Keyword {
        Keyword { name, arity, handler, since: Since::R15, refusal: crate::grammar::Refusal::Stops }
    }
    [
        row("addm", Arity::Var, addm_var),
        row("ifuntagged", Arity::Two, ifuntagged),
        row("-ifuntagged", Arity::One, ifuntagged),
        row("iftagged", Arity::Two, iftagged),
        row("+iftagged", Arity::Two, iftagged),
        row("-iftagged", Arity::Two, iftagged),
        row("ifvlanproto", Arity::Two, ifvlanproto),
        row("vlanfilter", Arity::None, bridge_flag),
        row("-vlanfilter", Arity::None, bridge_flag),
        row("defuntagged", Arity::One, defuntagged),
        row("-defuntagged", Arity::None, defuntagged),
        row("defqinq", Arity::None, bridge_flag),
        row("-defqinq", Arity::None, bridge_flag),
        row("qinq", Arity::One, qinq),
        row("-qinq", Arity::One, qinq),
        row("static", Arity::Var, cache::static_var),
        row("deladdr", Arity::Var, cache::deladdr_var),
    ]
};
