//! if_bridge(4)'s address cache and per-member STP words (ifbridge.c):
//! `flush`, `flushall`, `static`, `deladdr`, `addr`, `ifmaxaddr`, `proto`,
//! `ifpriority`, `ifpathcost`. 15's `static` and `deladdr` take an
//! optional `vlan N` (DEF_CMD_VARG) and name their failures differently.

use super::super::iface::c_ulong;
use super::super::{arg, Parser};
use super::vlan_id;
use crate::error::CliError;
use libcarpctl::{ether_aton, BridgeCacheChange, BridgeStpChange, IfaceChange};

type R = Result<(), CliError>;

fn cache(p: &mut Parser, c: BridgeCacheChange) -> R {
    p.change(IfaceChange::BridgeCache(c));
    Ok(())
}

fn stp(p: &mut Parser, c: BridgeStpChange) -> R {
    p.change(IfaceChange::BridgeStp(c));
    Ok(())
}

fn invalid_value(s: &str) -> CliError {
    CliError::msg(format!("invalid value: {s}"))
}

/// ifbridge.c's get_val with a width mask: strtoul, base 0, the whole word.
fn value(s: &str, max: u64) -> Result<u64, CliError> {
    c_ulong(s).filter(|v| *v <= max).ok_or_else(|| invalid_value(s))
}

/// `flush` (IFBF_FLUSHDYN) / `flushall` (IFBF_FLUSHALL).
pub(super) fn flush(p: &mut Parser, _: Option<&str>) -> R {
    let all = p.word == "flushall";
    cache(p, BridgeCacheChange::Flush { all })
}

/// 10-14's `static IF MAC` (DEF_CMD_ARG2): ifconfig sends VLAN 1.
pub(super) fn static_entry(p: &mut Parser, a: Option<&str>) -> R {
    let (member, text) = (arg(a).to_string(), p.second.clone());
    let mac = ether_aton(&text).ok_or_else(|| CliError::msg(format!("{member}: invalid address: {text}")))?;
    let label = format!("BRDGSADDR {member}");
    cache(p, BridgeCacheChange::Static { member, mac, vlan: 1, label })
}

/// 10-14's `deladdr MAC`.
pub(super) fn deladdr(p: &mut Parser, a: Option<&str>) -> R {
    let text = arg(a);
    let mac = ether_aton(text).ok_or_else(|| CliError::msg(format!("invalid address: {text}")))?;
    let label = format!("BRDGDADDR {text}");
    cache(p, BridgeCacheChange::Delete { mac, vlan: 0, label })
}

/// 15's optional `vlan N` at `words[at]`: the VLAN and the words taken.
fn vlan_option(words: &[String], at: usize, usage: &str) -> Result<(u16, usize), CliError> {
    if words.get(at).map(String::as_str) != Some("vlan") {
        return Ok((0, 0));
    }
    let text = words.get(at + 1).ok_or_else(|| CliError::msg(usage.to_string()))?;
    let vid = vlan_id(text).ok_or_else(|| CliError::msg(format!("invalid vlan id: {text}")))?;
    Ok((vid, 2))
}

/// 15's `static IF MAC [vlan N]` (setbridge_static, DEF_CMD_VARG).
pub(super) fn static_var(p: &mut Parser, _: Option<&str>) -> R {
    const USAGE: &str = "usage: static <interface> <address> [vlan <id>]";
    let words = std::mem::take(&mut p.rest);
    let [member, text, ..] = words.as_slice() else {
        return Err(CliError::msg(USAGE));
    };
    let mac = ether_aton(text).ok_or_else(|| CliError::msg(format!("invalid address: {text}")))?;
    let (vlan, more) = vlan_option(&words, 2, USAGE)?;
    p.taken = 2 + more;
    let c = BridgeCacheChange::Static { member: member.clone(), mac, vlan, label: "BRDGSADDR".into() };
    cache(p, c)
}

/// 15's `deladdr MAC [vlan N]` (setbridge_deladdr, DEF_CMD_VARG).
pub(super) fn deladdr_var(p: &mut Parser, _: Option<&str>) -> R {
    const USAGE: &str = "usage: deladdr <address> [vlan <id>]";
    let words = std::mem::take(&mut p.rest);
    let Some(text) = words.first() else {
        return Err(CliError::msg(USAGE));
    };
    let mac = ether_aton(text).ok_or_else(|| CliError::msg(format!("invalid address: {text}")))?;
    let (vlan, more) = vlan_option(&words, 1, USAGE)?;
    p.taken = 1 + more;
    cache(p, BridgeCacheChange::Delete { mac, vlan, label: "BRDGDADDR".into() })
}

/// `addr`: print the address cache (bridge_addresses) when the line is
/// done.
pub(super) fn addr(p: &mut Parser, _: Option<&str>) -> R {
    p.bridge_addresses = true;
    Ok(())
}

/// `ifmaxaddr IF N`: BRDGSIFAMAX (32 bits).
pub(super) fn ifmaxaddr(p: &mut Parser, a: Option<&str>) -> R {
    let text = p.second.clone();
    let max = value(&text, 0xffff_ffff)? as u32;
    let c = BridgeCacheChange::MemberLimit {
        member: arg(a).to_string(),
        max,
        label: format!("BRDGSIFAMAX {text}"),
    };
    cache(p, c)
}

/// `proto stp|rstp` (strcasecmp): BRDGSPROTO.
pub(super) fn proto(p: &mut Parser, a: Option<&str>) -> R {
    let text = arg(a);
    let proto = match text.to_ascii_lowercase().as_str() {
        "stp" => BridgeStpChange::STP,
        "rstp" => BridgeStpChange::RSTP,
        _ => return Err(CliError::msg("unknown stp protocol")),
    };
    let label = format!("BRDGSPROTO {text}");
    stp(p, BridgeStpChange::Proto { proto, label })
}

/// `ifpriority IF N`: BRDGSIFPRIO (8 bits).
pub(super) fn ifpriority(p: &mut Parser, a: Option<&str>) -> R {
    let text = p.second.clone();
    let v = value(&text, 0xff)? as u8;
    let c = BridgeStpChange::Priority {
        member: arg(a).to_string(),
        value: v,
        label: format!("BRDGSIFPRIO {text}"),
    };
    stp(p, c)
}

/// `ifpathcost IF N`: BRDGSIFCOST; any u_long, stored in 32 bits.
pub(super) fn ifpathcost(p: &mut Parser, a: Option<&str>) -> R {
    let text = p.second.clone();
    let cost = value(&text, u64::MAX)? as u32;
    let c =
        BridgeStpChange::PathCost { member: arg(a).to_string(), cost, label: format!("BRDGSIFCOST {text}") };
    stp(p, c)
}
