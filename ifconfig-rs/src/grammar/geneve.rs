//! ifgeneve.c's words (freebsd-src 688e289e; FreeBSD 16 only): their
//! arity, value checks and messages. Each becomes one RTM_NEWLINK with
//! geneve attributes; the kernel's own checks are the library's.
//! `genevemode` is a `DEF_CLONE_CMD_ARG`: taken only right after `create`
//! (see [`super::parse_create`]); elsewhere it is no word at all.

use super::families::{address, port};
use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{GeneveChange, GeneveConfig, IfaceChange};

type R = Result<(), CliError>;

/// The words only a create takes (`DEF_CLONE_CMD*`), for a geneve name.
pub const CLONE_WORDS: &[&str] = &["genevemode"];

fn msg(text: String) -> CliError {
    CliError::msg(text)
}

fn geneve(p: &mut Parser, g: GeneveChange) -> R {
    p.change(IfaceChange::Geneve(g));
    Ok(())
}

/// `genevemode l2|l3` (get_proto).
fn genevemode(p: &mut Parser, a: Option<&str>) -> R {
    p.geneve_proto = Some(match arg(a) {
        "l2" => GeneveConfig::PROTO_ETHER,
        "l3" => GeneveConfig::PROTO_INHERIT,
        other => return Err(msg(format!("invalid inner protocol: {other}"))),
    });
    Ok(())
}

fn geneveid(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let n = c_ulong(s)
        .filter(|n| *n < u64::from(GeneveConfig::VNI_MAX))
        .ok_or_else(|| msg(format!("invalid network identifier: {s}")))?;
    geneve(p, GeneveChange::Vni(n as u32))
}

fn genevelocal(p: &mut Parser, a: Option<&str>) -> R {
    let ip = address("local", arg(a))?;
    if ip.is_multicast() {
        return Err(msg("local address cannot be multicast".into()));
    }
    geneve(p, GeneveChange::Local(ip))
}

/// `geneveremote` (unicast) and `genevegroup` (multicast) both set the
/// remote address.
fn geneveremote(p: &mut Parser, a: Option<&str>) -> R {
    let group = p.word == "genevegroup";
    // genevegroup's parse error says "local", as ifgeneve.c's does.
    let ip = address(if group { "local" } else { "remote" }, arg(a))?;
    match (group, ip.is_multicast()) {
        (true, false) => return Err(msg("group address must be multicast".into())),
        (false, true) => return Err(msg("remote address cannot be multicast".into())),
        _ => {}
    }
    geneve(p, GeneveChange::Remote(ip))
}

fn geneveport(p: &mut Parser, a: Option<&str>) -> R {
    let g = if p.word == "genevelocalport" {
        GeneveChange::LocalPort(port("local port", arg(a))?)
    } else {
        GeneveChange::RemotePort(port("remote port", arg(a))?)
    };
    geneve(p, g)
}

fn geneveportrange(p: &mut Parser, a: Option<&str>) -> R {
    let min = port("port range minimum", arg(a))?;
    let max = port("port range maximum", &p.second.clone())?;
    if max < min {
        return Err(msg("invalid port range".into()));
    }
    geneve(p, GeneveChange::PortRange(min, max))
}

/// ifgeneve.c's `(val & ~0xFFFFFFFF) != 0` tests nothing (the mask is an
/// unsigned int, 0 once inverted): any number goes, cut to 32 bits by the
/// u32 attribute.
fn u32_cut(what: &str, s: &str) -> Result<u32, CliError> {
    c_ulong(s).map(|n| n as u32).ok_or_else(|| msg(format!("invalid {what} value: {s}")))
}

fn genevetimeout(p: &mut Parser, a: Option<&str>) -> R {
    let n = u32_cut("timeout", arg(a))?;
    geneve(p, GeneveChange::Timeout(n))
}

fn genevemaxaddr(p: &mut Parser, a: Option<&str>) -> R {
    let n = u32_cut("maxaddr", arg(a))?;
    geneve(p, GeneveChange::MaxAddr(n))
}

fn genevedev(p: &mut Parser, a: Option<&str>) -> R {
    geneve(p, GeneveChange::Dev(arg(a).to_string()))
}

/// `genevettl N` (up to 256, a u8 attribute: 256 is 0) or `inherit`.
fn genevettl(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    match c_ulong(s) {
        Some(n) if n <= 256 => geneve(p, GeneveChange::Ttl(n as u8)),
        _ if s == "inherit" => geneve(p, GeneveChange::TtlInherit),
        _ => Err(msg(format!("invalid TTL value: {s}"))),
    }
}

/// `genevedf set|inherit|unset` (get_df; `enum ifla_geneve_df`).
fn genevedf(p: &mut Parser, a: Option<&str>) -> R {
    let df = match arg(a) {
        "unset" => 0,
        "set" => 1,
        "inherit" => 2,
        other => return Err(msg(format!("invalid df value: {other}"))),
    };
    geneve(p, GeneveChange::Df(df))
}

/// The on/off words: the `d` of their `DEF_CMD` row.
fn geneveflag(p: &mut Parser, _: Option<&str>) -> R {
    let on = !p.word.starts_with('-');
    let g = match p.word.trim_start_matches('-') {
        "genevedscpinherit" => GeneveChange::DscpInherit(on),
        "genevelearn" => GeneveChange::Learn(on),
        "geneveexternal" => GeneveChange::External(on),
        // DEF_CMD("geneveflush", 1, ...), DEF_CMD("geneveflushall", 0, ...).
        "geneveflush" => GeneveChange::Flush(true),
        _ => GeneveChange::Flush(false),
    };
    geneve(p, g)
}

macro_rules! rows {
    ($($name:literal, $arity:ident, $h:ident;)*) => {
        &[$(Keyword {
            name: $name,
            arity: Arity::$arity,
            handler: $h,
            since: Since::R16,
            refusal: crate::grammar::Refusal::Stops,
        },)*]
    };
}

/// ifgeneve.c's `geneve_cmds` (freebsd-src 688e289e): geneve(4) came to
/// main in 2026 (D54172), after 15.0, so only 16 has the words. The
/// `genevehw*` rows hand `setifcapnv` the IFCAP2 names (net/if_strings.h's
/// `IFCAP2_GENEVE_HW*_NAME`, read as the other IFCAP2 names are spelt).
pub(super) static KEYWORDS: &[Keyword] = rows![
    "genevemode", One, genevemode; "geneveid", One, geneveid;
    "genevelocal", One, genevelocal; "geneveremote", One, geneveremote;
    "genevegroup", One, geneveremote; "genevelocalport", One, geneveport;
    "geneveremoteport", One, geneveport; "geneveportrange", Two, geneveportrange;
    "genevetimeout", One, genevetimeout; "genevemaxaddr", One, genevemaxaddr;
    "genevedev", One, genevedev; "genevettl", One, genevettl; "genevedf", One, genevedf;
    "genevedscpinherit", None, geneveflag; "-genevedscpinherit", None, geneveflag;
    "genevelearn", None, geneveflag; "-genevelearn", None, geneveflag;
    "geneveflush", None, geneveflag; "geneveflushall", None, geneveflag;
    "geneveexternal", None, geneveflag; "-geneveexternal", None, geneveflag;
    "genevehwcsum", None, setifcapnv; "-genevehwcsum", None, setifcapnv;
    "genevehwtso", None, setifcapnv; "-genevehwtso", None, setifcapnv;
];

/// `genevehwcsum`... through ifconfig.c's `setifcapnv`.
fn setifcapnv(p: &mut Parser, _: Option<&str>) -> R {
    let on = !p.word.starts_with('-');
    let name = if p.word.ends_with("hwcsum") { "GENEVE_HWCSUM" } else { "GENEVE_HWTSO" };
    p.change(IfaceChange::CapabilityNv(vec![(name.to_string(), on)]));
    Ok(())
}

#[cfg(test)]
#[path = "geneve_tests.rs"]
mod tests;
