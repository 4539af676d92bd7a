//! Address families: their names and how each parses an address operand
//! (FreeBSD's afswtch `af_getaddr`, with its messages).

use std::net::{Ipv4Addr, Ipv6Addr};

use libcarpctl::Family;

use crate::error::CliError;

/// The family named by the first word after the interface, if it is one.
/// Returns the family and the name as typed (for messages).
pub fn by_name(word: &str) -> Option<(Family, &'static str)> {
    match word {
        "inet" => Some((Family::Inet, "inet")),
        "inet6" => Some((Family::Inet6, "inet6")),
        "link" => Some((Family::Link, "link")),
        "ether" => Some((Family::Link, "ether")),
        "lladdr" => Some((Family::Link, "lladdr")),
        _ => None,
    }
}

/// C's `strtoul(s, 0)` for one inet_aton part: 0x hex, leading-0 octal, decimal.
fn c_number(s: &str) -> Option<u64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return if h.is_empty() { Some(0) } else { u64::from_str_radix(h, 16).ok() };
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    if s.is_empty() {
        return None;
    }
    s.parse().ok()
}

/// `inet_aton(3)`: `a.b.c.d`, `a.b.c` (c is 16 bits), `a.b` (b is 24 bits),
/// or one 32-bit number, each part in C notation.
pub fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<u64> = s.split('.').map(c_number).collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|p| *p > 255) {
        return None;
    }
    let tail_bits = 8 * (4 - head.len() as u32);
    if tail_bits < 64 && *last >= (1u64 << tail_bits) {
        return None;
    }
    let mut v: u64 = 0;
    for (i, p) in head.iter().enumerate() {
        v |= p << (24 - 8 * i as u32);
    }
    Some(Ipv4Addr::from((v | last) as u32))
}

/// An inet operand: `A[/width]`. Errors are FreeBSD's.
pub fn parse_inet(s: &str) -> Result<(Ipv4Addr, Option<u8>), CliError> {
    let (addr, width) = match s.rsplit_once('/') {
        None => (s, None),
        Some((a, w)) => {
            let err = if !w.starts_with(|c: char| c.is_ascii_digit()) {
                Some("invalid")
            } else {
                match w.parse::<u64>() {
                    Ok(n) if n > 32 => Some("too large"),
                    Ok(_) => None,
                    Err(_) => Some("invalid"),
                }
            };
            if let Some(e) = err {
                return Err(CliError::msg(format!("{s}: bad value (width {e})")));
            }
            (a, w.parse::<u8>().ok())
        }
    };
    inet_aton(addr).map(|a| (a, width)).ok_or_else(|| CliError::msg(format!("{s}: bad value")))
}

/// C's `atoi`: optional sign and leading digits; anything else is 0.
pub fn atoi(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let n: i64 = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .fold(0i64, |acc, c| acc.saturating_mul(10).saturating_add(i64::from(c as u8 - b'0')));
    if neg {
        -n
    } else {
        n
    }
}

/// An inet6 prefix length operand (`/64`, `prefixlen 64`).
pub fn parse_prefix6(s: &str) -> Result<u8, CliError> {
    let n = atoi(s);
    if !(0..=128).contains(&n) {
        return Err(CliError::msg(format!("{s}: bad value")));
    }
    Ok(n as u8)
}

/// An inet6 operand: `X::Y[%zone][/prefix]`.
pub fn parse_inet6(s: &str) -> Result<(Ipv6Addr, Option<u8>), CliError> {
    let (addr, prefix) = match s.rsplit_once('/') {
        None => (s, None),
        Some((a, p)) => (a, Some(parse_prefix6(p)?)),
    };
    let bare = addr.split('%').next().unwrap_or(addr);
    bare.parse().map(|a| (a, prefix)).map_err(|_| CliError::msg(format!("{addr}: bad value")))
}

/// A link-level address `xx:xx:xx:xx:xx:xx`.
pub fn parse_link(s: &str) -> Result<[u8; 6], CliError> {
    let mut out = [0u8; 6];
    let parts: Vec<&str> = s.split([':', '.', '-']).collect();
    if parts.len() != 6 {
        return Err(CliError::msg("malformed link-level address"));
    }
    for (o, p) in out.iter_mut().zip(parts) {
        *o = u8::from_str_radix(p, 16).map_err(|_| CliError::msg("malformed link-level address"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_aton_forms() {
        assert_eq!(inet_aton("10.0.0.1"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(inet_aton("0xffffffe0"), Some(Ipv4Addr::new(255, 255, 255, 224)));
        assert_eq!(inet_aton("10.1"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(inet_aton("127.1.2"), Some(Ipv4Addr::new(127, 1, 0, 2)));
        assert_eq!(inet_aton("010.0.0.1"), Some(Ipv4Addr::new(8, 0, 0, 1)));
        assert_eq!(inet_aton("256.0.0.1"), None);
        assert_eq!(inet_aton("bogus"), None);
        assert_eq!(inet_aton(""), None);
    }

    #[test]
    fn inet_widths() {
        assert_eq!(parse_inet("10.0.0.112/27").unwrap(), (Ipv4Addr::new(10, 0, 0, 112), Some(27)));
        let e = parse_inet("10.0.0.1/40").unwrap_err().to_string();
        assert_eq!(e, "10.0.0.1/40: bad value (width too large)");
        let e = parse_inet("10.0.0.1/x").unwrap_err().to_string();
        assert_eq!(e, "10.0.0.1/x: bad value (width invalid)");
        assert_eq!(parse_inet("foo").unwrap_err().to_string(), "foo: bad value");
    }

    #[test]
    fn atoi_like_c() {
        assert_eq!(atoi("12abc"), 12);
        assert_eq!(atoi("abc"), 0);
        assert_eq!(atoi("-5"), -5);
        assert_eq!(atoi("  +7"), 7);
    }

    #[test]
    fn inet6_forms() {
        assert_eq!(parse_inet6("2001:db8::3/64").unwrap().1, Some(64));
        assert_eq!(parse_inet6("zz/64").unwrap_err().to_string(), "zz: bad value");
        assert_eq!(parse_inet6("2001:db8::3/129").unwrap_err().to_string(), "129: bad value");
    }
}
