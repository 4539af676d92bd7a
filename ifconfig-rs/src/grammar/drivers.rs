//! The words of ipsec(4) (ifipsec.c: `reqid`, 11.0 on) and stf(4)'s 6rd
//! (ifstf.c: `stfv4net`, `stfv4br`; read at freebsd-src 19dc6445 and, 14.x,
//! fel1x-developer/freebsd-src 2d614aa2). ifstf.c came with 6rd support
//! in 2022; 14.0 is taken as its first release (whether 13.x got it was
//! not checked).

use super::family::inet_aton;
use super::iface::strtoul_errno;
use super::{arg, Arity, Keyword, Parser, Refusal};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{DriverChange, IfaceChange};

type R = Result<(), CliError>;

/// C's `strtoul(s, &ep, 0)` when `*ep == '\0'` after it (leading space, a
/// sign, 0x/0 prefixes; past ULONG_MAX it answers ULONG_MAX); `None` when
/// characters are left over. An empty string converts to 0.
pub(super) fn strtoul(s: &str) -> Option<u64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if t.is_empty() {
        // Nothing to convert: ep stays at s, valid only when s is empty.
        return s.is_empty().then_some(0);
    }
    let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"));
    let (digits, radix) = match hex {
        Some(h) if h.starts_with(|c: char| c.is_ascii_hexdigit()) => (h, 16),
        _ if t.starts_with('0') => (t, 8),
        _ => (t, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let n = u64::from_str_radix(digits, radix).unwrap_or(u64::MAX);
    Some(if negative && n != u64::MAX { n.wrapping_neg() } else { n })
}

/// strtonum(3)'s error text for `s` in `min..=max` (base 10, leading
/// space and a sign allowed).
fn strtonum(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid");
    }
    match t.parse::<i64>() {
        Ok(n) if n < min => Err("too small"),
        Ok(n) if n > max => Err("too large"),
        Ok(n) => Ok(n),
        Err(_) if t.starts_with('-') => Err("too small"),
        Err(_) => Err("too large"),
    }
}

/// ifipsec.c `setreqid`: a value strtoul does not take wholly is a
/// warn(3) (the word is skipped, exit status kept); the kernel's refusal
/// is one too (the row's [`Refusal::Warns`]).
fn reqid(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    match strtoul(s) {
        // `uint32_t v = strtoul(...)`: the low 32 bits.
        Some(v) => p.change(IfaceChange::Driver(DriverChange::IpsecReqid(v as u32))),
        None => p.warnings.push(format!("Invalid reqid value {s}: {}", strtoul_errno(s))),
    }
    Ok(())
}

/// ifstf.c `setstf_set`: `ADDR/LEN`, LEN 1 to 32; no `/` is errx(2).
fn stfv4net(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let Some((addr, len)) = s.rsplit_once('/') else {
        return Err(CliError::Exit("Wrong argument given".into(), 2));
    };
    let len = match strtonum(len, 0, 32) {
        Ok(0) => return Err(CliError::msg(format!("{s}: bad value (prefix length (null))"))),
        Ok(n) => n as u8,
        Err(e) => return Err(CliError::msg(format!("{s}: bad value (prefix length {e})"))),
    };
    // ifstf.c cut the word at the `/`: the message names the address.
    let addr = inet_aton(addr).ok_or_else(|| CliError::msg(format!("{addr}: bad value")))?;
    p.change(IfaceChange::Driver(DriverChange::StfV4Net(addr, len)));
    Ok(())
}

/// ifstf.c `setstf_br`: an inet_aton address.
fn stfv4br(p: &mut Parser, a: Option<&str>) -> R {
    let s = arg(a);
    let addr = inet_aton(s).ok_or_else(|| CliError::msg(format!("{s}: bad value")))?;
    p.change(IfaceChange::Driver(DriverChange::StfBorderRelay(addr)));
    Ok(())
}

pub(super) static KEYWORDS: &[Keyword] = &[
    Keyword { name: "reqid", arity: Arity::One, handler: reqid, since: Since::R11, refusal: Refusal::Warns },
    Keyword {
        name: "stfv4net",
        arity: Arity::One,
        handler: stfv4net,
        since: Since::R14,
        refusal: Refusal::Stops,
    },
    Keyword {
        name: "stfv4br",
        arity: Arity::One,
        handler: stfv4br,
        since: Since::R14,
        refusal: Refusal::Stops,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_conversions() {
        assert_eq!(strtoul("0x10"), Some(16));
        assert_eq!(strtoul("010"), Some(8));
        assert_eq!(strtoul(" 7"), Some(7));
        assert_eq!(strtoul("-1"), Some(u64::MAX));
        assert_eq!(strtoul("99999999999999999999999"), Some(u64::MAX));
        assert_eq!(strtoul(""), Some(0));
        assert_eq!(strtoul("12x"), None);
        assert_eq!(strtoul("0x"), None);
        assert_eq!(strtoul("abc"), None);
        assert_eq!(strtonum("24", 0, 32), Ok(24));
        assert_eq!(strtonum("33", 0, 32), Err("too large"));
        assert_eq!(strtonum("-1", 0, 32), Err("too small"));
        assert_eq!(strtonum("2x", 0, 32), Err("invalid"));
        assert_eq!(strtonum("", 0, 32), Err("invalid"));
    }
}
