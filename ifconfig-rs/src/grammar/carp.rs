//! carp(4) keywords (FreeBSD's sbin/ifconfig/carp.c): each records a value;
//! the read-merge-write happens later, in apply.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::family::atoi;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{CarpState, CarpVersion, Family, Key, Vhid, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6};

fn require_vhid(p: &Parser, what: &str) -> Result<(), CliError> {
    match p.carp_vhid {
        Some(_) => Ok(()),
        None => Err(CliError::msg(format!("{what} requires vhid"))),
    }
}

fn vhid(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    let v = Vhid::new(atoi(arg(a)))
        .ok_or_else(|| CliError::msg(format!("vhid must be greater than 0 and less than {}", Vhid::MAX)))?;
    if p.family == Family::Link {
        return Err(CliError::msg(format!("{} doesn't support carp(4)", p.family_name)));
    }
    p.carp_vhid = Some(v);
    Ok(())
}

fn advskew(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "advskew")?;
    p.carp.advskew = Some(atoi(arg(a)).clamp(i32::MIN.into(), i32::MAX.into()) as i32);
    Ok(())
}

fn advbase(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "advbase")?;
    p.carp.advbase = Some(atoi(arg(a)).clamp(i32::MIN.into(), i32::MAX.into()) as i32);
    Ok(())
}

fn pass(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "passwd")?;
    p.carp.key = Some(Key::from_passphrase(arg(a).as_bytes()));
    Ok(())
}

/// `passfile PATH`: the key from a file's first line, so that it is not on
/// the command line (not a FreeBSD keyword; carpd(8) reads it too).
fn passfile(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "passwd")?;
    let path = arg(a);
    let key = Key::from_file(std::path::Path::new(path))
        .map_err(|e| CliError::msg(format!("passfile {path}: {e}")))?;
    p.carp.key = Some(key);
    Ok(())
}

fn state(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "state")?;
    let s: CarpState = arg(a).parse().map_err(|_| CliError::msg("unknown state"))?;
    p.carp.state = Some(s);
    Ok(())
}

/// `peer A.B.C.D`: parsed with inet_addr(3), which yields 255.255.255.255
/// for anything it cannot read (no message).
fn peer(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    let addr = super::family::inet_aton(arg(a)).unwrap_or(Ipv4Addr::BROADCAST);
    p.carp.peer = Some(addr);
    Ok(())
}

fn mcast(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.carp.peer = Some(CARP_DEFAULT_PEER);
    Ok(())
}

fn peer6(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    let s = arg(a);
    let addr: Ipv6Addr = s.parse().map_err(|_| CliError::msg(format!("Invalid IPv6 address {s}")))?;
    p.carp.peer6 = Some(addr);
    Ok(())
}

fn mcast6(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.carp.peer6 = Some(CARP_DEFAULT_PEER6);
    Ok(())
}

fn carpver(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "carpver")?;
    match atoi(arg(a)) {
        2 => p.carp.version = Some(CarpVersion::Carp),
        3 => p.carp.version = Some(CarpVersion::Vrrp),
        _ => return Err(CliError::msg("version must be 2 or 3")),
    }
    Ok(())
}

fn vrrpprio(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "vrrpprio")?;
    p.carp.vrrp_priority = Some(atoi(arg(a)).clamp(0, 255) as u8);
    Ok(())
}

fn vrrpinterval(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    require_vhid(p, "vrrpinterval")?;
    let n = atoi(arg(a));
    if n <= 0 || n > 4095 {
        return Err(CliError::msg("vrrpinterval must be greater than 0 and less than 4095"));
    }
    p.carp.vrrp_interval = Some(n as u32);
    Ok(())
}

pub(super) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "advbase",
        arity: Arity::One,
        handler: advbase,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "advskew",
        arity: Arity::One,
        handler: advskew,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "pass",
        arity: Arity::One,
        handler: pass,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "passfile",
        arity: Arity::One,
        handler: passfile,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "vhid",
        arity: Arity::One,
        handler: vhid,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "state",
        arity: Arity::One,
        handler: state,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "peer",
        arity: Arity::One,
        handler: peer,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "mcast",
        arity: Arity::None,
        handler: mcast,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "peer6",
        arity: Arity::One,
        handler: peer6,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "mcast6",
        arity: Arity::None,
        handler: mcast6,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "carpver",
        arity: Arity::One,
        handler: carpver,
        since: Since::R15,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "vrrpprio",
        arity: Arity::One,
        handler: vrrpprio,
        since: Since::R15,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "vrrpinterval",
        arity: Arity::One,
        handler: vrrpinterval,
        since: Since::R15,
        refusal: crate::grammar::Refusal::Stops,
    },
];
