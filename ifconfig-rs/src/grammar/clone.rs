//! Cloned-interface keywords: vlan (ifvlan.c), lagg (iflagg.c), vxlan
//! (ifvxlan.c), gre (ifgre.c), gif (ifgif.c), pfsync (ifpfsync.c), wg
//! (ifwg.c), ipsec
//! (ifipsec.c), stf (ifstf.c), mac (ifmac.c). The `DEF_CLONE_CMD*` words
//! are also taken right after `create`.

use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{IfaceChange, VlanConfig};

type R = Result<(), CliError>;

/// Words FreeBSD registers with `DEF_CLONE_CMD*` (taken before the create).
pub const CLONE_WORDS: &[&str] = &["vlan", "vlandev", "vlanproto", "laggtype"];

/// `vlan`, `vlandev`, `vlanproto` as given (ifvlan.c's `params`).
#[derive(Debug, Default, Clone)]
pub struct VlanParams {
    tag: Option<u16>,
    parent: Option<String>,
    proto: Option<u16>,
}

fn vlan(p: &mut Parser, a: Option<&str>) -> R {
    let n = c_ulong(arg(a)).ok_or_else(|| CliError::msg("invalid value for vlan"))?;
    let tag = u16::try_from(n).map_err(|_| CliError::msg("value for vlan out of range"))?;
    p.vlan.tag = Some(tag);
    Ok(())
}

fn vlandev(p: &mut Parser, a: Option<&str>) -> R {
    p.vlan.parent = Some(arg(a).to_string());
    Ok(())
}

/// `vlanproto 802.1q|802.1ad|qinq` (a prefix match, case-insensitive).
fn vlanproto(p: &mut Parser, a: Option<&str>) -> R {
    let v = arg(a).to_ascii_lowercase();
    let proto = if v.starts_with("802.1q") {
        VlanConfig::PROTO_8021Q
    } else if v.starts_with("802.1ad") || v.starts_with("qinq") {
        VlanConfig::PROTO_8021AD
    } else {
        return Err(CliError::msg("invalid value for vlanproto"));
    };
    p.vlan.proto = Some(proto);
    Ok(())
}

fn vlanpcp(p: &mut Parser, a: Option<&str>) -> R {
    let n = c_ulong(arg(a)).ok_or_else(|| CliError::msg("invalid value for vlanpcp"))?;
    if n > 7 {
        return Err(CliError::msg("value for vlanpcp out of range"));
    }
    p.change(IfaceChange::VlanPcp(n as u8));
    Ok(())
}

fn unvlandev(p: &mut Parser, _: Option<&str>) -> R {
    p.change(IfaceChange::VlanDetach);
    Ok(())
}

/// vlan's callback after the words: tag and parent come together.
pub(super) fn finish_vlan(p: &mut Parser) -> R {
    let v = std::mem::take(&mut p.vlan);
    if v.tag.is_some() != v.parent.is_some() {
        return Err(CliError::msg("both vlan and vlandev must be specified"));
    }
    if v.tag.is_some() || v.proto.is_some() {
        // ifvlan.c sets the vlan as soon as both are known; the last of
        // them was read before any later word.
        p.word = "vlan";
        p.change(IfaceChange::Vlan { tag: v.tag, parent: v.parent, proto: v.proto });
    }
    Ok(())
}

/// The vlan parameters of `NAME create vlan N vlandev IF` (vlan_create:
/// one without the other is refused).
pub fn create_vlan(p: &mut Parser) -> Result<Option<(u16, String)>, CliError> {
    match (p.vlan.tag, p.vlan.parent.clone()) {
        (Some(t), Some(d)) => Ok(Some((t, d))),
        (None, Some(_)) => Err(CliError::msg("must specify a tag for vlan create")),
        (Some(_), None) => Err(CliError::msg("must specify a parent device for vlan create")),
        (None, None) => Ok(None),
    }
}

fn laggport(p: &mut Parser, a: Option<&str>) -> R {
    let add = p.word == "laggport";
    p.change(IfaceChange::LaggPort(arg(a).to_string(), add));
    Ok(())
}

/// `laggtype T` (setlaggtype, a DEF_CLONE_CMD_ARG): one of LAGG_TYPES,
/// kept for the create; after it, the word is no create parameter and
/// only names a type nothing uses (iflagg.c keeps it in a static).
fn laggtype(p: &mut Parser, a: Option<&str>) -> R {
    let t = arg(a);
    if !libcarpctl::LaggConfig::TYPES.contains(&t) {
        return Err(CliError::msg(format!("invalid lagg type: {t}")));
    }
    p.lagg_type = Some(t.to_string());
    Ok(())
}

fn laggproto(p: &mut Parser, a: Option<&str>) -> R {
    let v = arg(a);
    if !libcarpctl::model::LAGG_PROTOS.contains(&v) {
        return Err(CliError::msg(format!("Invalid aggregation protocol: {v}")));
    }
    p.change(IfaceChange::LaggProto(v.to_string()));
    Ok(())
}

/// `maclabel LABEL` (ifmac.c): libc's `mac_from_text` takes any text (it
/// only copies it), so the kernel decides (SIOCSIFMAC).
fn maclabel(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::MacLabel(arg(a).to_string()));
    Ok(())
}

/// The ifwg.c words, which no release has ([`Since::Never`]): never looked
/// up, so never called; were it called, it answers as an unknown word does.
fn in_no_release(p: &mut Parser, _: Option<&str>) -> R {
    Err(CliError::msg(format!("{}: bad value", p.word)))
}

macro_rules! rows {
    ($since:ident: $($name:literal, $arity:ident, $h:ident;)*) => {
        &[$(Keyword {
            name: $name,
            arity: Arity::$arity,
            handler: $h,
            since: Since::$since,
            refusal: crate::grammar::Refusal::Stops,
        },)*]
    };
}

/// `laggtype`: in iflagg.c of 14.x (fel1x 2d614aa2), not of releng/12.0
/// (sunrash/freebsd_steroid 22ff17ba); taken from 13 (infiniband laggs).
pub(super) static LAGGTYPE: &[Keyword] = rows![R13: "laggtype", One, laggtype;];

pub(super) static KEYWORDS: &[Keyword] = rows![R10:
    "vlan", One, vlan; "vlandev", One, vlandev; "vlanproto", One, vlanproto; "vlanpcp", One, vlanpcp;
    "-vlandev", Opt, unvlandev;
    "laggport", One, laggport; "-laggport", One, laggport; "laggproto", One, laggproto;
    "maclabel", One, maclabel;
];

/// ifwg.c (freebsd-src be2003cc, 13-CURRENT only; `peer` is carp's row).
pub(super) static WG_KEYWORDS: &[Keyword] = rows![Never:
    "listen-port", One, in_no_release; "private-key", One, in_no_release;
    "peer-list", None, in_no_release; "public-key", One, in_no_release;
    "allowed-ips", One, in_no_release; "endpoint", One, in_no_release;
];
