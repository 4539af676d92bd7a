//! The words ifconfig's `media` and `mediaopt` take for an Ethernet
//! interface: libifconfig looks a word up, ignoring case, in the type's
//! descriptions and aliases and in the shared ones (net/if_media.h of
//! 15.x, as shipped in zig's FreeBSD headers: IFM_SUBTYPE_SHARED_ALIASES,
//! IFM_SUBTYPE_ETHERNET_ALIASES, IFM_SHARED_OPTION_ALIASES; Ethernet
//! options have no aliases).

use super::media::{
    ETHERNET_OPTION_NAMES, ETHERNET_SUBTYPE_NAMES, SHARED_OPTION_NAMES, SHARED_SUBTYPE_NAMES,
};

/// The subtype aliases: `auto`, the short forms (`UTP`, `100TX`,
/// `1000baseTX`...) and miibus's shorthands with options (`1000baseT-FDX`).
pub const SUBTYPE_ALIASES: [&str; 31] = [
    "auto",
    "auto-flow",
    "10baseT",
    "UTP",
    "10UTP",
    "BNC",
    "10BNC",
    "AUI",
    "10AUI",
    "100TX",
    "100T4",
    "100VG",
    "100T2",
    "10STP",
    "10FL",
    "1000SX",
    "1000LX",
    "1000CX",
    "1000baseTX",
    "1000TX",
    "1000T",
    "2500SX",
    "10baseT-FDX",
    "10baseT-FDX-flow",
    "100baseTX-FDX",
    "100baseTX-FDX-flow",
    "1000baseT-FDX",
    "1000baseT-FDX-flow",
    "1000baseT-FDX-flow-master",
    "1000baseT-FDX-master",
    "1000baseT-master",
];

/// The shared option aliases.
pub const OPTION_ALIASES: [&str; 5] = ["fdx", "hdx", "flow", "loop", "loopback"];

/// `IFM_INST_MAX`: the highest media instance (IFM_IMASK >> IFM_ISHIFT).
pub const INST_MAX: i64 = 15;

/// Whether `media WORD` names an Ethernet subtype (else ifconfig says
/// `unknown media subtype: WORD`).
pub fn ethernet_subtype_known(word: &str) -> bool {
    let names = SHARED_SUBTYPE_NAMES.iter().chain(ETHERNET_SUBTYPE_NAMES.iter()).map(|n| n.text);
    names.chain(SUBTYPE_ALIASES).any(|n| n.eq_ignore_ascii_case(word))
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
    }

    #[test]
    fn options_are_checked_one_by_one() {
        assert_eq!(unknown_ethernet_option("full-duplex,FLOW,rxpause,master"), None);
        assert_eq!(unknown_ethernet_option(",,fdx,"), None);
        assert_eq!(unknown_ethernet_option("fdx,turbo,bad"), Some("turbo"));
    }
}
