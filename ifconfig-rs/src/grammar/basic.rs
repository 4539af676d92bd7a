//! The generic keywords: link state, mtu, metric, alias handling, masks.

use super::family::{atoi, inet_aton, parse_inet, parse_prefix6};
use super::{arg, AliasMode, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::plan::LinkAction;
use crate::render::dialect::Since;
use libcarpctl::Family;

fn up(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.link.push(LinkAction::Up(true));
    Ok(())
}

fn down(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.link.push(LinkAction::Up(false));
    Ok(())
}

fn alias(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.alias = AliasMode::Add;
    Ok(())
}

fn unalias(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    p.alias = AliasMode::Delete;
    Ok(())
}

fn mtu(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    p.link.push(LinkAction::Mtu(atoi(arg(a))));
    Ok(())
}

fn metric(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    p.link.push(LinkAction::Metric(atoi(arg(a))));
    Ok(())
}

/// `netmask M`: inet_aton notation (`255.255.255.0`, `0xffffff00`).
fn netmask(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    let s = arg(a);
    match p.family {
        Family::Inet => {
            let m = inet_aton(s).ok_or_else(|| CliError::msg(format!("{s}: bad value")))?;
            p.prefixlen = Some(u32::from(m).count_ones() as u8);
        }
        Family::Inet6 => {
            let m: std::net::Ipv6Addr = s.parse().map_err(|_| CliError::msg(format!("{s}: bad value")))?;
            p.prefixlen = Some(u128::from(m).count_ones() as u8);
        }
        Family::Link => {}
    }
    Ok(())
}

fn prefixlen(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    let s = arg(a);
    p.prefixlen = Some(match p.family {
        Family::Inet6 => parse_prefix6(s)?,
        _ => {
            let n = atoi(s);
            if !(0..=32).contains(&n) {
                return Err(CliError::msg(format!("{s}: bad value")));
            }
            n as u8
        }
    });
    Ok(())
}

fn broadcast(p: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    if p.family == Family::Inet {
        let (b, _) = parse_inet(arg(a))?;
        p.broadcast = Some(b);
        if crate::render::Dialect::new(p.ctx.release).dst_is_broadcast() {
            p.destination = Some(b.into());
        }
    }
    Ok(())
}

pub(super) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "up",
        arity: Arity::None,
        handler: up,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "down",
        arity: Arity::None,
        handler: down,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "alias",
        arity: Arity::None,
        handler: alias,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "add",
        arity: Arity::None,
        handler: alias,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "-alias",
        arity: Arity::None,
        handler: unalias,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "delete",
        arity: Arity::None,
        handler: unalias,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "remove",
        arity: Arity::None,
        handler: unalias,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "netmask",
        arity: Arity::One,
        handler: netmask,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "prefixlen",
        arity: Arity::One,
        handler: prefixlen,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "broadcast",
        arity: Arity::One,
        handler: broadcast,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "mtu",
        arity: Arity::One,
        handler: mtu,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "metric",
        arity: Arity::One,
        handler: metric,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    },
];
