//! The `options=` and `capabilities=` lines: 10-13's print_ifcap (printb
//! of the 32-bit words, only when nonzero) and 14's netlink print_ifcaps
//! (ifconfig_netlink.c: the kernel's capability bitset, `%x` of its first
//! word, then the names of every set bit of both words; `options=0`
//! included).

use libcarpctl::Interface;

use super::{bits_as, text, Dialect, View};

/// The enabled and supported words of `iface` (first, second). An
/// interface without nv state supports what it has on (the model keeps
/// no other supported set).
fn words(iface: &Interface, opts: u32) -> [(u32, u32); 2] {
    match iface.settings.capability_words {
        Some(nv) => [(opts, nv.enabled2), (nv.supported, nv.supported2)],
        None => [(opts, 0), (opts, 0)],
    }
}

/// print_bits over a 64-bit bitset: the hex of the first word, then
/// `<NAME,...>` unless no bit is set.
fn netlink_caps(out: &mut String, label: &str, (w0, w1): (u32, u32), dialect: Dialect) {
    out.push_str(label);
    out.push('=');
    text::hex(out, w0, 1);
    let set =
        (0..32).filter(|b| w0 & (1 << b) != 0).chain((0..32).filter(|b| w1 & (1 << b) != 0).map(|b| b + 32));
    let mut first = true;
    for b in set {
        out.push(if first { '<' } else { ',' });
        first = false;
        out.push_str(&dialect.cap_name(b).unwrap_or_default());
    }
    if !first {
        out.push('>');
    }
}

/// The capability lines of `iface` (`opts`: its enabled first word):
/// `options`, and `capabilities` under `-m`; before 14 each only when
/// its word is nonzero.
pub(super) fn write_caps(out: &mut String, iface: &Interface, opts: u32, dialect: Dialect, view: &View) {
    let [enabled, supported] = words(iface, opts);
    let nl = dialect.netlink_bits();
    let lines = [("options", enabled, true), ("capabilities", supported, view.capabilities)];
    for (label, w, _) in lines.into_iter().filter(|&(_, w, asked)| asked && (nl || w.0 != 0)) {
        out.push('\t');
        if nl {
            netlink_caps(out, label, w, dialect);
        } else {
            bits_as(out, label, w.0, |b| dialect.cap_name(b), false);
        }
        out.push('\n');
    }
}
