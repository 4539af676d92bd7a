//! Interface keywords of FreeBSD's ifconfig.c `basic_cmds`, iffib.c,
//! ifgroup.c, ifmedia.c and ifclone.c: flags, description, name, groups,
//! FIBs, media, tunnels, destroy.

use super::{arg, Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::{Dialect, Since};
use libcarpctl::sys::media_words;
use libcarpctl::{IfFlags, IfaceChange, MediaEdit, MediaStep};

type R = Result<(), CliError>;

/// `setifflags` / `clearifflags`: the flag each word sets (true) or clears.
const FLAG_WORDS: &[(&str, IfFlags, bool)] = &[
    ("arp", IfFlags::NOARP, false),
    ("-arp", IfFlags::NOARP, true),
    ("debug", IfFlags::DEBUG, true),
    ("-debug", IfFlags::DEBUG, false),
    ("promisc", IfFlags::PPROMISC, true),
    ("-promisc", IfFlags::PPROMISC, false),
    ("allmulti", IfFlags::ALLMULTI, true),
    ("-allmulti", IfFlags::ALLMULTI, false),
    ("monitor", IfFlags::MONITOR, true),
    ("-monitor", IfFlags::MONITOR, false),
    ("staticarp", IfFlags::STATICARP, true),
    ("-staticarp", IfFlags::STATICARP, false),
    ("stickyarp", IfFlags::STICKYARP, true),
    ("-stickyarp", IfFlags::STICKYARP, false),
    ("link0", IfFlags::LINK0, true),
    ("-link0", IfFlags::LINK0, false),
    ("link1", IfFlags::LINK1, true),
    ("-link1", IfFlags::LINK1, false),
    ("link2", IfFlags::LINK2, true),
    ("-link2", IfFlags::LINK2, false),
    ("normal", IfFlags::LINK0, false),
    ("compress", IfFlags::LINK0, true),
    ("noicmp", IfFlags::LINK1, true),
];

fn flag(p: &mut Parser, _: Option<&str>) -> R {
    if let Some((_, flags, set)) = FLAG_WORDS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::Flags { flags: *flags, set: *set });
    }
    Ok(())
}

/// `description TEXT`: an empty text clears it, as `-description` does.
fn descr(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::Description(arg(a).to_string()));
    Ok(())
}

fn undescr(p: &mut Parser, _: Option<&str>) -> R {
    p.change(IfaceChange::Description(String::new()));
    Ok(())
}

fn name(p: &mut Parser, a: Option<&str>) -> R {
    p.change(IfaceChange::Name(arg(a).to_string()));
    Ok(())
}

/// ifgroup.c's checks: at most IFNAMSIZ-1 bytes, no trailing digit.
fn check_group(g: &str) -> R {
    if g.len() >= 16 {
        return Err(CliError::msg("setifgroup: group name too long"));
    }
    if g.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(CliError::msg("setifgroup: group names may not end in a digit"));
    }
    Ok(())
}

fn group(p: &mut Parser, a: Option<&str>) -> R {
    check_group(arg(a))?;
    p.change(IfaceChange::Group(arg(a).to_string(), true));
    Ok(())
}

fn ungroup(p: &mut Parser, a: Option<&str>) -> R {
    if arg(a).len() >= 16 {
        return Err(CliError::msg("unsetifgroup: group name too long"));
    }
    p.change(IfaceChange::Group(arg(a).to_string(), false));
    Ok(())
}

/// `strtoul(val, &ep, 0)` with nothing left over.
pub(super) fn c_ulong(s: &str) -> Option<u64> {
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// What errno strtoul(s, &ep, 0) leaves (see [`fib`]).
pub(super) fn strtoul_errno(s: &str) -> &'static str {
    let t = s.trim_start().trim_start_matches(['+', '-']);
    let hex = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .filter(|h| h.starts_with(|c: char| c.is_ascii_hexdigit()));
    let (body, radix) = match hex {
        Some(h) => (h, 16),
        None if t.starts_with('0') => (t, 8),
        None => (t, 10),
    };
    let digits: String = body.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        "Invalid argument"
    } else if u64::from_str_radix(&digits, radix).is_err() {
        "Result too large"
    } else {
        "No error: 0"
    }
}

/// iffib.c's setiffib / settunfib: a bad value is a warn(3) and the word
/// is skipped; the line goes on and the exit status stays 0 (read at
/// freebsd-src aadebee5 and, 14.x-era, fel1x-developer/freebsd-src
/// 2d614aa2). warn appends strerror(errno): strtoul sets EINVAL when it
/// converts nothing and ERANGE past ULONG_MAX; otherwise errno is whatever
/// an earlier call left, taken here as 0.
fn fib(p: &mut Parser, a: Option<&str>) -> R {
    let Some(n) = c_ulong(arg(a)).and_then(|n| u32::try_from(n).ok()) else {
        let s = arg(a);
        let errno = strtoul_errno(s);
        p.warnings.push(format!("fib {s} not valid: {errno}"));
        return Ok(());
    };
    p.change(if p.word == "tunnelfib" { IfaceChange::TunnelFib(n) } else { IfaceChange::Fib(n) });
    Ok(())
}

/// Add one media word to the line's media change (ifmedia.c edits one
/// copy of the current word for all of them).
fn media_step(p: &mut Parser, step: MediaStep) {
    let pending = p.changes.iter_mut().find_map(|c| match &mut c.change {
        IfaceChange::Media(e) => Some(e),
        _ => None,
    });
    match pending {
        Some(e) => e.steps.push(step),
        None => p.change(IfaceChange::Media(MediaEdit::one(step))),
    }
}

/// ifmedia.c's callback: the one SIOCSIFMEDIA goes after the line's other
/// words.
pub(super) fn finish_media(p: &mut Parser) {
    if let Some(i) = p.changes.iter().position(|c| matches!(c.change, IfaceChange::Media(_))) {
        let c = p.changes.remove(i);
        p.changes.push(c);
    }
}

/// `media WORD` (ifmedia.c setmedia): an Ethernet subtype name or alias.
fn media(p: &mut Parser, a: Option<&str>) -> R {
    let w = arg(a);
    if !media_words::ethernet_subtype_known(w) {
        return Err(CliError::msg(format!("unknown media subtype: {w}")));
    }
    media_step(p, MediaStep::Subtype(w.to_string()));
    Ok(())
}

/// `mediaopt`, `-mediaopt`, `mode`, `inst`/`instance` (ifmedia.c
/// setmediaopt, unsetmediaopt, setmediamode, setmediainst). From 14
/// (libifconfig's lookup) an unknown option stops the line; before, the
/// old lookup's -1 went into the word and the kernel refused it (ENXIO),
/// a dialect fact. A mode is looked up by the kernel's type: Ethernet has
/// none, so the word the kernel gets matches nothing.
fn media_detail(p: &mut Parser, a: Option<&str>) -> R {
    let v = arg(a);
    let step = match p.word {
        "mediaopt" | "-mediaopt" => {
            let names_options = Dialect::new(p.ctx.release).media_names_unknown_options();
            if let Some(bad) = media_words::unknown_ethernet_option(v).filter(|_| names_options) {
                return Err(CliError::msg(format!("unknown option: {bad}")));
            }
            MediaStep::Options { list: v.to_string(), clear: p.word == "-mediaopt" }
        }
        "inst" | "instance" => {
            let n = super::family::atoi(v);
            if !(0..=media_words::INST_MAX).contains(&n) {
                return Err(CliError::msg(format!("invalid media instance: {v}")));
            }
            MediaStep::Instance(n as u32)
        }
        _ => MediaStep::Mode(v.to_string()),
    };
    media_step(p, step);
    Ok(())
}

fn tunnel(p: &mut Parser, a: Option<&str>) -> R {
    let parse = |s: &str| {
        s.parse::<std::net::IpAddr>().map_err(|_| {
            CliError::msg("error in parsing address string: hostname nor servname provided, or not known")
        })
    };
    let (src, dst) = (parse(arg(a))?, parse(&p.second)?);
    if src.is_ipv4() != dst.is_ipv4() {
        return Err(CliError::msg("source and destination address families do not match"));
    }
    p.change(IfaceChange::Tunnel(src, dst));
    Ok(())
}

fn deletetunnel(p: &mut Parser, _: Option<&str>) -> R {
    p.change(IfaceChange::DeleteTunnel);
    Ok(())
}

fn destroy(p: &mut Parser, _: Option<&str>) -> R {
    p.destroy = true;
    Ok(())
}

/// `create` on an interface that exists, with more words: FreeBSD skips it.
fn create(_: &mut Parser, _: Option<&str>) -> R {
    Ok(())
}

/// `vnet JAIL` (setifvnet) and `-vnet JAIL` (setifrvnet): the jail as
/// jail_getid(3) takes it, looked up where the request is made.
fn vnet(p: &mut Parser, a: Option<&str>) -> R {
    let jail = arg(a).to_string();
    p.change(if p.word == "vnet" { IfaceChange::Vnet(jail) } else { IfaceChange::Reclaim(jail) });
    Ok(())
}

/// `pcp N` (ifconfig.c setifpcp: strtoul base 0 over the whole word, at
/// most 7) and `-pcp` (disableifpcp: IFNET_PCP_NONE), one SIOCSLANPCP each.
fn pcp(p: &mut Parser, a: Option<&str>) -> R {
    let pcp = match a {
        None => None,
        Some(v) => {
            let n = super::drivers::strtoul(v).ok_or_else(|| CliError::msg("invalid value for pcp"))?;
            if n > 7 {
                return Err(CliError::msg("value for pcp out of range"));
            }
            Some(n as u8)
        }
    };
    p.change(libcarpctl::IfaceChange::LanPcp(pcp));
    Ok(())
}

macro_rules! rows {
    ($($name:literal, $arity:ident, $h:ident;)*) => {
        &[$(Keyword { name: $name, arity: Arity::$arity, handler: $h, since: Since::R10, refusal: crate::grammar::Refusal::Stops },)*]
    };
}

pub(super) static KEYWORDS: &[Keyword] = rows![
    "arp", None, flag; "-arp", None, flag; "debug", None, flag; "-debug", None, flag;
    "promisc", None, flag; "-promisc", None, flag; "allmulti", None, flag; "-allmulti", None, flag;
    "monitor", None, flag; "-monitor", None, flag; "staticarp", None, flag; "-staticarp", None, flag;
    "stickyarp", None, flag; "-stickyarp", None, flag;
    "link0", None, flag; "-link0", None, flag; "link1", None, flag; "-link1", None, flag;
    "link2", None, flag; "-link2", None, flag; "normal", None, flag; "compress", None, flag;
    "noicmp", None, flag;
    "description", One, descr; "descr", One, descr; "-description", None, undescr; "-descr", None, undescr;
    "name", One, name; "group", One, group; "-group", One, ungroup;
    "fib", One, fib; "tunnelfib", One, fib;
    "media", One, media; "mediaopt", One, media_detail; "-mediaopt", One, media_detail;
    "mode", One, media_detail; "inst", One, media_detail; "instance", One, media_detail;
    "tunnel", Two, tunnel; "-tunnel", None, deletetunnel; "deletetunnel", None, deletetunnel;
    "destroy", None, destroy; "unplumb", None, destroy; "create", None, create; "plumb", None, create;
    "vnet", One, vnet; "-vnet", One, vnet;
];

/// SIOCSLANPCP and its words came with 12.0.
pub(super) static PCP_KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "pcp",
        arity: Arity::One,
        handler: pcp,
        since: Since::R12,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "-pcp",
        arity: Arity::None,
        handler: pcp,
        since: Since::R12,
        refusal: crate::grammar::Refusal::Stops,
    },
];
