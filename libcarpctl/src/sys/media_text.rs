//! ifconfig's `media:` and `status:` text from the words SIOCGIFMEDIA
//! returns, composed as sbin/ifconfig's `media_status` / `print_media`
//! (and libifconfig's `ifconfig_media_get_status`) do:
//!
//! * `media:` the current word with its type (`Ethernet autoselect`), then,
//!   when the active word differs, the active one without its type in
//!   parentheses: `Ethernet autoselect (1000baseT <full-duplex>)`. A word
//!   is its subtype name, its options as ` <a,b>` (shared options first,
//!   then the type's own), and for the current word ` instance N` when the
//!   instance is not 0. An unknown type prints `<unknown type>`, an unknown
//!   subtype `<unknown subtype>` (right after the type, no space).
//! * `status:` only when `IFM_AVALID` is set: Ethernet and ATM `active` /
//!   `no carrier`; 802.11 `associated` (station) or `running`, else
//!   `no carrier`; any other type an empty status.
//!
//! Only Ethernet's subtypes are tabled ([`super::media`]): for an 802.11 or
//! ATM word [`media_line`] gives `None` rather than a wrong name.
//!
//! [`parse_media_line`] reads such an Ethernet line back into words (the
//! model kernel stores the text).

use super::media::{
    ifm_inst, ifm_subtype, ifm_type, MediaName, ETHERNET_OPTION_NAMES, ETHERNET_SUBTYPE_NAMES, IFM_ACTIVE,
    IFM_ATM, IFM_AVALID, IFM_ETHER, IFM_IEEE80211, IFM_IEEE80211_OPMODES, IFM_ISHIFT, SHARED_OPTION_NAMES,
    SHARED_SUBTYPE_NAMES, TYPE_NAMES,
};

/// The option tables of a type, in print order.
const OPTION_TABLES: [&[MediaName]; 2] = [&SHARED_OPTION_NAMES, &ETHERNET_OPTION_NAMES];
/// The subtype tables of a type, in lookup order.
const SUBTYPE_TABLES: [&[MediaName]; 2] = [&SHARED_SUBTYPE_NAMES, &ETHERNET_SUBTYPE_NAMES];

/// One word as `print_media` prints it; `None` for a known type whose
/// subtypes are not tabled here.
fn word_text(w: u32, with_type: bool) -> Option<String> {
    let mut out = String::new();
    let Some(ty) = TYPE_NAMES.iter().find(|t| t.word == ifm_type(w)) else {
        return Some("<unknown type>".into());
    };
    if ty.word != IFM_ETHER {
        return None;
    }
    if with_type {
        out.push_str(ty.text);
    }
    let sub = ifm_subtype(w);
    let Some(name) = SUBTYPE_TABLES.iter().flat_map(|t| t.iter()).find(|n| n.word == sub) else {
        out.push_str("<unknown subtype>");
        return Some(out);
    };
    if with_type {
        out.push(' ');
    }
    out.push_str(name.text);
    // Ethernet has no modes.
    let opts: Vec<&str> =
        OPTION_TABLES.iter().flat_map(|t| t.iter()).filter(|o| w & o.word != 0).map(|o| o.text).collect();
    if !opts.is_empty() {
        out.push_str(&format!(" <{}>", opts.join(",")));
    }
    if with_type && ifm_inst(w) != 0 {
        out.push_str(&format!(" instance {}", ifm_inst(w)));
    }
    Some(out)
}

/// One line of `ifconfig -m`'s `supported media:` block, after the tabs,
/// as ifconfig's `print_media_ifconfig` writes a listed word: a command
/// that selects it (`media 100baseTX mediaopt full-duplex instance 1`);
/// no type, no mode for Ethernet. `None` as [`media_line`].
pub fn supported_line(w: u32) -> Option<String> {
    let Some(ty) = TYPE_NAMES.iter().find(|t| t.word == ifm_type(w)) else {
        return Some("<unknown type>".into());
    };
    if ty.word != IFM_ETHER {
        return None;
    }
    let sub = ifm_subtype(w);
    let Some(name) = SUBTYPE_TABLES.iter().flat_map(|t| t.iter()).find(|n| n.word == sub) else {
        return Some("<unknown subtype>".into());
    };
    let mut out = format!("media {}", name.text);
    let opts: Vec<&str> =
        OPTION_TABLES.iter().flat_map(|t| t.iter()).filter(|o| w & o.word != 0).map(|o| o.text).collect();
    if !opts.is_empty() {
        out.push_str(&format!(" mediaopt {}", opts.join(",")));
    }
    if ifm_inst(w) != 0 {
        out.push_str(&format!(" instance {}", ifm_inst(w)));
    }
    Some(out)
}

/// The text after `media: ` for these words, or `None` (802.11, ATM).
pub fn media_line(current: u32, active: u32) -> Option<String> {
    let mut line = word_text(current, true)?;
    if active != current {
        line.push_str(&format!(" ({})", word_text(active, false)?));
    }
    Some(line)
}

/// The text after `status: `, or `None` when there is no status line
/// (`IFM_AVALID` clear).
pub fn status_line(status: u32, active: u32) -> Option<String> {
    if status & IFM_AVALID == 0 {
        return None;
    }
    let up = status & IFM_ACTIVE != 0;
    let text = match ifm_type(active) {
        IFM_ETHER | IFM_ATM if up => "active",
        IFM_ETHER | IFM_ATM => "no carrier",
        IFM_IEEE80211 if up && active & IFM_IEEE80211_OPMODES == 0 => "associated",
        IFM_IEEE80211 if up => "running",
        IFM_IEEE80211 => "no carrier",
        _ => "",
    };
    Some(text.into())
}

/// One word back from `print_media`'s text (Ethernet only).
fn parse_word(text: &str, with_type: bool) -> Option<u32> {
    let mut rest = text;
    if with_type {
        rest = rest.strip_prefix("Ethernet ")?;
    }
    let mut w = IFM_ETHER;
    let (sub, mut tail) = rest.split_once(' ').unwrap_or((rest, ""));
    w |= SUBTYPE_TABLES.iter().flat_map(|t| t.iter()).find(|n| n.text == sub)?.word;
    if let Some(t) = tail.strip_prefix('<') {
        let (opts, after) = t.split_once('>')?;
        for o in opts.split(',') {
            w |= OPTION_TABLES.iter().flat_map(|t| t.iter()).find(|n| n.text == o)?.word;
        }
        tail = after.strip_prefix(' ').unwrap_or(after);
    }
    if let Some(n) = tail.strip_prefix("instance ").filter(|_| with_type) {
        let inst: u32 = n.parse().ok().filter(|&i| (1..16).contains(&i))?;
        w |= inst << IFM_ISHIFT;
        tail = "";
    }
    tail.is_empty().then_some(w)
}

/// The `(current, active)` words of an Ethernet `media:` text as
/// [`media_line`] writes it; `None` for anything else.
pub fn parse_media_line(line: &str) -> Option<(u32, u32)> {
    match line.strip_suffix(')').and_then(|l| l.split_once(" (")) {
        Some((cur, act)) => {
            let (c, a) = (parse_word(cur, true)?, parse_word(act, false)?);
            // Equal words would have printed no parentheses.
            (c != a).then_some((c, a))
        }
        None => parse_word(line, true).map(|c| (c, c)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::media::{ifm_x, IFM_AUTO, IFM_NONE};
    use super::*;

    const FDX: u32 = 0x0010_0000;
    const IFM_100_TX: u32 = 6;
    const IFM_1000_T: u32 = 16;

    #[test]
    fn autoselect_with_active_1000baset_full_duplex() {
        let (cur, act) = (IFM_ETHER | IFM_AUTO, IFM_ETHER | IFM_1000_T | FDX);
        assert_eq!(media_line(cur, act).as_deref(), Some("Ethernet autoselect (1000baseT <full-duplex>)"));
        assert_eq!(status_line(IFM_AVALID | IFM_ACTIVE, act).as_deref(), Some("active"));
    }

    #[test]
    fn fixed_media_prints_once() {
        let w = IFM_ETHER | IFM_100_TX | FDX;
        assert_eq!(media_line(w, w).as_deref(), Some("Ethernet 100baseTX <full-duplex>"));
        let half = IFM_ETHER | IFM_100_TX | 0x0020_0000;
        assert_eq!(media_line(half, half).as_deref(), Some("Ethernet 100baseTX <half-duplex>"));
    }

    #[test]
    fn no_carrier() {
        let (cur, act) = (IFM_ETHER | IFM_AUTO, IFM_ETHER | IFM_NONE);
        assert_eq!(media_line(cur, act).as_deref(), Some("Ethernet autoselect (none)"));
        assert_eq!(status_line(IFM_AVALID, act).as_deref(), Some("no carrier"));
        assert_eq!(status_line(0, act), None, "no IFM_AVALID, no status line");
    }

    #[test]
    fn extended_subtypes_options_and_instances() {
        let act = IFM_ETHER | ifm_x(55) | FDX | 0x200 | 0x400; // 25GBase-SR, pause both ways
        assert_eq!(
            media_line(IFM_ETHER | IFM_AUTO, act).as_deref(),
            Some("Ethernet autoselect (25GBase-SR <full-duplex,rxpause,txpause>)")
        );
        let w = IFM_ETHER | 26 | FDX | (2 << IFM_ISHIFT); // 10Gbase-T, instance 2
        assert_eq!(media_line(w, w).as_deref(), Some("Ethernet 10Gbase-T <full-duplex> instance 2"));
        let master = IFM_ETHER | IFM_1000_T | FDX | 0x100 | 0x0040_0000;
        assert_eq!(
            media_line(master, master).as_deref(),
            Some("Ethernet 1000baseT <full-duplex,flowcontrol,master>")
        );
    }

    #[test]
    fn unknown_types_and_subtypes_print_as_ifconfig_does() {
        assert_eq!(media_line(0x40, 0x40).as_deref(), Some("<unknown type>"));
        let odd = IFM_ETHER | ifm_x(400);
        assert_eq!(media_line(odd, odd).as_deref(), Some("Ethernet<unknown subtype>"));
        assert_eq!(media_line(IFM_IEEE80211, IFM_IEEE80211), None, "802.11 names are not tabled");
        assert_eq!(status_line(IFM_AVALID | IFM_ACTIVE, IFM_IEEE80211).as_deref(), Some("associated"));
        assert_eq!(status_line(IFM_AVALID | IFM_ACTIVE, IFM_IEEE80211 | 0x200).as_deref(), Some("running"));
        assert_eq!(status_line(IFM_AVALID, 0x40).as_deref(), Some(""));
    }

    #[test]
    fn supported_media_lines_are_commands() {
        assert_eq!(supported_line(IFM_ETHER | IFM_AUTO).as_deref(), Some("media autoselect"));
        assert_eq!(
            supported_line(IFM_ETHER | IFM_100_TX | FDX | 0x400_000).as_deref(),
            Some("media 100baseTX mediaopt full-duplex,flowcontrol")
        );
        assert_eq!(
            supported_line(IFM_ETHER | 26 | (1 << IFM_ISHIFT)).as_deref(),
            Some("media 10Gbase-T instance 1")
        );
        assert_eq!(supported_line(IFM_ETHER | ifm_x(400)).as_deref(), Some("<unknown subtype>"));
        assert_eq!(supported_line(IFM_IEEE80211), None);
    }

    #[test]
    fn text_parses_back_to_the_same_words() {
        for (cur, act) in [
            (IFM_ETHER | IFM_AUTO, IFM_ETHER | IFM_1000_T | FDX),
            (IFM_ETHER | IFM_AUTO, IFM_ETHER | IFM_NONE),
            (IFM_ETHER | IFM_100_TX | FDX, IFM_ETHER | IFM_100_TX | FDX),
            (IFM_ETHER | 26 | (3 << IFM_ISHIFT), IFM_ETHER | 26 | FDX | 0x400),
            (IFM_ETHER | IFM_AUTO, IFM_ETHER | ifm_x(117) | FDX),
        ] {
            let text = media_line(cur, act).unwrap();
            assert_eq!(parse_media_line(&text), Some((cur, act)), "{text}");
        }
        for bad in [
            "",
            "Ethernet",
            "Ethernet bogus",
            "Ethernet autoselect (1000baseT <full-duplex>",
            "Ethernet autoselect (1000baseT <nope>)",
            "Ethernet 1000baseT (1000baseT)",
            "Ethernet 1000baseT instance 99",
            "Ethernet 1000baseT trailing",
            "IEEE 802.11 Wireless Ethernet autoselect",
        ] {
            assert_eq!(parse_media_line(bad), None, "{bad:?}");
        }
    }
}
