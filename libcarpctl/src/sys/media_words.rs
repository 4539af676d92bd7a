//! The words ifconfig's `media` and `mediaopt` take for an Ethernet
//! interface: libifconfig looks a word up, ignoring case, in the type's
//! descriptions and aliases and in the shared ones (net/if_media.h of
//! 15.x, as shipped in zig's FreeBSD headers: IFM_SUBTYPE_SHARED_ALIASES,
//! IFM_SUBTYPE_ETHERNET_ALIASES, IFM_SHARED_OPTION_ALIASES; Ethernet
//! options have no aliases).

use super::media::{
    ETHERNET_OPTION_NAMES, ETHERNET_SUBTYPE_NAMES, SHARED_OPTION_NAMES, SHARED_SUBTYPE_NAMES,
};

/// The subtype aliases with the word each stands for: `auto`, the short
/// forms (`UTP`, `100TX`, `1000baseTX`...) and miibus's shorthands that
/// carry options (`1000baseT-FDX` is 1000baseT with full-duplex).
pub const SUBTYPE_ALIASES: [(&str, &str, &[&str]); 31] = [
    ("auto", "autoselect", &[]),
    ("auto-flow", "autoselect", &["flowcontrol"]),
    ("10baseT", "10baseT/UTP", &[]),
    ("UTP", "10baseT/UTP", &[]),
    ("10UTP", "10baseT/UTP", &[]),
    ("BNC", "10base2/BNC", &[]),
    ("10BNC", "10base2/BNC", &[]),
    ("AUI", "10base5/AUI", &[]),
    ("10AUI", "10base5/AUI", &[]),
    ("100TX", "100baseTX", &[]),
    ("100T4", "100baseT4", &[]),
    ("100VG", "100baseVG", &[]),
    ("100T2", "100baseT2", &[]),
    ("10STP", "10baseSTP", &[]),
    ("10FL", "10baseFL", &[]),
    ("1000SX", "1000baseSX", &[]),
    ("1000LX", "1000baseLX", &[]),
    ("1000CX", "1000baseCX", &[]),
    ("1000baseTX", "1000baseT", &[]),
    ("1000TX", "1000baseT", &[]),
    ("1000T", "1000baseT", &[]),
    ("2500SX", "2500BaseSX", &[]),
    ("10baseT-FDX", "10baseT/UTP", &["full-duplex"]),
    ("10baseT-FDX-flow", "10baseT/UTP", &["full-duplex", "flowcontrol"]),
    ("100baseTX-FDX", "100baseTX", &["full-duplex"]),
    ("100baseTX-FDX-flow", "100baseTX", &["full-duplex", "flowcontrol"]),
    ("1000baseT-FDX", "1000baseT", &["full-duplex"]),
    ("1000baseT-FDX-flow", "1000baseT", &["full-duplex", "flowcontrol"]),
    ("1000baseT-FDX-flow-master", "1000baseT", &["full-duplex", "flowcontrol", "master"]),
    ("1000baseT-FDX-master", "1000baseT", &["full-duplex", "master"]),
    ("1000baseT-master", "1000baseT", &["master"]),
];

/// The shared option aliases.
pub const OPTION_ALIASES: [&str; 5] = ["fdx", "hdx", "flow", "loop", "loopback"];

/// `IFM_INST_MAX`: the highest media instance (IFM_IMASK >> IFM_ISHIFT).
pub const INST_MAX: i64 = 15;

/// The Ethernet word `media WORD` asks for, as print_media writes it
/// (`1000baseT`, `1000baseT <full-duplex>`), or `None` (ifconfig:
/// `unknown media subtype: WORD`).
pub fn ethernet_subtype(word: &str) -> Option<String> {
    let mut names = SHARED_SUBTYPE_NAMES.iter().chain(ETHERNET_SUBTYPE_NAMES.iter());
    if let Some(n) = names.find(|n| n.text.eq_ignore_ascii_case(word)) {
        return Some(n.text.to_string());
    }
    let (_, text, opts) = SUBTYPE_ALIASES.iter().find(|(alias, ..)| alias.eq_ignore_ascii_case(word))?;
    // Options print in table order: the shared ones, then Ethernet's.
    let order = SHARED_OPTION_NAMES.iter().chain(ETHERNET_OPTION_NAMES.iter()).map(|n| n.text);
    let opts: Vec<&str> = order.filter(|o| opts.contains(o)).collect();
    Some(if opts.is_empty() { text.to_string() } else { format!("{text} <{}>", opts.join(",")) })
}

/// Whether `media WORD` names an Ethernet subtype.
pub fn ethernet_subtype_known(word: &str) -> bool {
    ethernet_subtype(word).is_some()
}

/// The first word of a `mediaopt` list (`full-duplex,flowcontrol`) that
/// names no Ethernet option (ifconfig: `unknown option: WORD`); empty
/// words are skipped, as strtok does.
pub fn unknown_ethernet_option(list: &str) -> Option<&str> {
    let known = |w: &str| {
        let names = SHARED_OPTION_NAMES.iter().chain(ETHERNET_OPTION_NAMES.iter()).map(|n| n.text);
        names.chain(OPTION_ALIASES).any(|n| n.eq_ignore_ascii_case(w))
    };
    list.split(',').filter(|w| !w.is_empty()).find(|w| !known(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtypes_and_aliases_ignore_case() {
        for w in
            ["autoselect", "AUTO", "1000baseT", "1000baseTX", "10baseT/UTP", "utp", "1000baseT-FDX", "none"]
        {
            assert!(ethernet_subtype_known(w), "{w}");
        }
        for w in ["", "1000baseXX", "fast", "full-duplex"] {
            assert!(!ethernet_subtype_known(w), "{w}");
        }
        assert_eq!(ethernet_subtype("1000TX").as_deref(), Some("1000baseT"));
        assert_eq!(ethernet_subtype("AUTOSELECT").as_deref(), Some("autoselect"));
        assert_eq!(
            ethernet_subtype("1000baseT-FDX-flow-master").as_deref(),
            Some("1000baseT <full-duplex,flowcontrol,master>")
        );
        // Every alias stands for a subtype of the tables.
        for (alias, text, _) in SUBTYPE_ALIASES {
            assert!(
                ETHERNET_SUBTYPE_NAMES.iter().chain(SHARED_SUBTYPE_NAMES.iter()).any(|n| n.text == text),
                "{alias}"
            );
        }
    }

    #[test]
    fn options_are_checked_one_by_one() {
        assert_eq!(unknown_ethernet_option("full-duplex,FLOW,rxpause,master"), None);
        assert_eq!(unknown_ethernet_option(",,fdx,"), None);
        assert_eq!(unknown_ethernet_option("fdx,turbo,bad"), Some("turbo"));
    }
}
