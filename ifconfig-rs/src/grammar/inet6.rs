//! af_inet6.c's keywords: ND6 per-interface flags (`no_dad`,
//! `accept_rtadv`, `-ifdisabled`...), address flags (`anycast`,
//! `deprecated`, `autoconf`, `prefer_source`) and lifetimes.

use super::iface::c_ulong;
use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{Family, IfaceChange, Nd6Flags};

type R = Result<(), CliError>;

/// `setnd6flags` rows: the ND6 flag each word sets (true) or clears.
const ND6_WORDS: &[(&str, Nd6Flags, bool)] = &[
    ("accept_rtadv", Nd6Flags::ACCEPT_RTADV, true),
    ("-accept_rtadv", Nd6Flags::ACCEPT_RTADV, false),
    ("no_radr", Nd6Flags::NO_RADR, true),
    ("-no_radr", Nd6Flags::NO_RADR, false),
    ("ifdisabled", Nd6Flags::IFDISABLED, true),
    ("-ifdisabled", Nd6Flags::IFDISABLED, false),
    ("nud", Nd6Flags::PERFORMNUD, true),
    ("-nud", Nd6Flags::PERFORMNUD, false),
    ("auto_linklocal", Nd6Flags::AUTO_LINKLOCAL, true),
    ("-auto_linklocal", Nd6Flags::AUTO_LINKLOCAL, false),
    ("no_prefer_iface", Nd6Flags::NO_PREFER_IFACE, true),
    ("-no_prefer_iface", Nd6Flags::NO_PREFER_IFACE, false),
    ("no_dad", Nd6Flags::NO_DAD, true),
    ("-no_dad", Nd6Flags::NO_DAD, false),
];

/// IN6_IFF_* address flags (netinet6/in6_var.h).
const ANYCAST: u32 = 0x01;
const TENTATIVE: u32 = 0x02;
const DEPRECATED: u32 = 0x10;
const AUTOCONF: u32 = 0x40;
const PREFER_SOURCE: u32 = 0x200;

/// `setip6flags` rows.
const ADDR_WORDS: &[(&str, u32, bool)] = &[
    ("anycast", ANYCAST, true),
    ("tentative", TENTATIVE, true),
    ("-tentative", TENTATIVE, false),
    ("deprecated", DEPRECATED, true),
    ("-deprecated", DEPRECATED, false),
    ("autoconf", AUTOCONF, true),
    ("-autoconf", AUTOCONF, false),
    ("prefer_source", PREFER_SOURCE, true),
    ("-prefer_source", PREFER_SOURCE, false),
];

/// The inet6 address flags and lifetimes given on the line.
#[derive(Debug, Default, Clone, Copy)]
pub struct AddrFlags {
    /// IN6_IFF_* bits to set.
    pub set: u32,
    /// IN6_IFF_* bits to clear.
    pub clear: u32,
    /// `pltime N`.
    pub pltime: Option<u32>,
    /// `vltime N`.
    pub vltime: Option<u32>,
}

impl AddrFlags {
    /// Whether any address flag word was given.
    pub fn any(&self) -> bool {
        self.set != 0 || self.clear != 0
    }
}

fn nd6(p: &mut Parser, _: Option<&str>) -> R {
    if let Some((_, flags, set)) = ND6_WORDS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::Nd6 { flags: *flags, set: *set });
    }
    Ok(())
}

fn addr_flag(p: &mut Parser, _: Option<&str>) -> R {
    if let Some((_, bit, set)) = ADDR_WORDS.iter().find(|(w, ..)| *w == p.word) {
        if *set {
            p.inet6.set |= bit;
        } else {
            p.inet6.clear |= bit;
        }
    }
    Ok(())
}

/// `pltime N` / `vltime N`: strtoul with nothing read is "invalid", and
/// only inet6 has lifetimes.
fn lifetime(p: &mut Parser, a: Option<&str>) -> R {
    let word = p.word;
    let s = arg(a);
    // strtoul: "invalid" only when no digit was read.
    let t = s.trim_start();
    let digits: String = t.trim_start_matches('+').chars().take_while(char::is_ascii_digit).collect();
    let n = c_ulong(&digits).or_else(|| digits.parse().ok());
    let n = n.ok_or_else(|| CliError::msg(format!("invalid {word}")))?;
    if p.family != Family::Inet6 {
        return Err(CliError::msg(format!("{word} not allowed for the AF")));
    }
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    if word == "pltime" {
        p.inet6.pltime = Some(n);
    } else {
        p.inet6.vltime = Some(n);
    }
    Ok(())
}

/// `defaultif` / `-defaultif` (af_nd6.c setnd6defif): the host's ND
/// default interface, set to this one or taken from it.
fn defaultif(p: &mut Parser, _: Option<&str>) -> R {
    p.change(libcarpctl::IfaceChange::Nd6DefaultIf(p.word == "defaultif"));
    Ok(())
}

fn eui64(p: &mut Parser, _: Option<&str>) -> R {
    if p.family != Family::Inet6 {
        return Err(CliError::msg("eui64 not allowed for the AF"));
    }
    Err(CliError::msg("could not determine link local address"))
}

macro_rules! rows {
    ($($name:literal, $arity:ident, $h:ident;)*) => {
        &[$(Keyword { name: $name, arity: Arity::$arity, handler: $h, since: Since::R10, refusal: crate::grammar::Refusal::Stops },)*]
    };
}

pub(super) static KEYWORDS: &[Keyword] = rows![
    "accept_rtadv", None, nd6; "-accept_rtadv", None, nd6; "no_radr", None, nd6; "-no_radr", None, nd6;
    "ifdisabled", None, nd6; "-ifdisabled", None, nd6; "nud", None, nd6; "-nud", None, nd6;
    "auto_linklocal", None, nd6; "-auto_linklocal", None, nd6;
    "no_prefer_iface", None, nd6; "-no_prefer_iface", None, nd6; "no_dad", None, nd6; "-no_dad", None, nd6;
    "anycast", None, addr_flag; "tentative", None, addr_flag; "-tentative", None, addr_flag;
    "deprecated", None, addr_flag; "-deprecated", None, addr_flag; "autoconf", None, addr_flag;
    "-autoconf", None, addr_flag; "prefer_source", None, addr_flag; "-prefer_source", None, addr_flag;
    "pltime", One, lifetime; "vltime", One, lifetime;
    "eui64", None, eui64;
];

/// setnd6defif only warns when the request fails (exit status 0).
pub(super) static DEFAULTIF_KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "defaultif",
        arity: Arity::None,
        handler: defaultif,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Warns,
    },
    Keyword {
        name: "-defaultif",
        arity: Arity::None,
        handler: defaultif,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Warns,
    },
];
