//! The words ifconfig's `media` and `mediaopt` take for an Ethernet
//! interface: libifconfig looks a word up, ignoring case, in the type's
//! descriptions and aliases and in the shared ones (net/if_media.h of
//! 15.x, as shipped in zig's FreeBSD headers: IFM_SUBTYPE_SHARED_ALIASES,
//! IFM_SUBTYPE_ETHERNET_ALIASES, IFM_SHARED_OPTION_ALIASES; Ethernet
//! options have no aliases).

use super::media::{
    ifm_type, MediaName, ETHERNET_OPTION_NAMES, ETHERNET_SUBTYPE_NAMES, IFM_IMASK, IFM_ISHIFT, IFM_MMASK,
    SHARED_OPTION_NAMES, SHARED_SUBTYPE_NAMES,
};
use crate::types::MediaStep;

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

/// The shared option aliases (`IFM_SHARED_OPTION_ALIASES`) with their bits.
pub const OPTION_ALIASES: [(&str, u32); 5] = [
    ("fdx", IFM_FDX),
    ("hdx", IFM_HDX),
    ("flow", 0x0040_0000),
    ("loop", 0x0800_0000),
    ("loopback", 0x0800_0000),
];

/// `IFM_FDX`.
pub const IFM_FDX: u32 = 0x0010_0000;
/// `IFM_HDX`.
pub const IFM_HDX: u32 = 0x0020_0000;
/// `INVALID_IFMEDIA` (and the old ifmedia.c's -1): what a failed lookup
/// gives; ifconfig ORs it into the word when a mode (or, before 14, an
/// option) is not found, and the kernel then matches nothing (ENXIO).
pub const INVALID_IFMEDIA: u32 = u32::MAX;

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

/// The bits of one Ethernet option name or alias, any case.
fn option_bits(name: &str) -> Option<u32> {
    let names =
        SHARED_OPTION_NAMES.iter().chain(ETHERNET_OPTION_NAMES.iter()).map(|n: &MediaName| (n.text, n.word));
    names.chain(OPTION_ALIASES).find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, w)| w)
}

/// The first word of a `mediaopt` list (`full-duplex,flowcontrol`) that
/// names no Ethernet option (ifconfig: `unknown option: WORD`); empty
/// words are skipped, as strtok does.
pub fn unknown_ethernet_option(list: &str) -> Option<&str> {
    list.split(',').filter(|w| !w.is_empty()).find(|w| option_bits(w).is_none())
}

/// The word `media WORD` stands for (subtype and, for miibus's
/// shorthands, option bits), without the type.
fn subtype_bits(word: &str) -> Option<u32> {
    let mut names = SHARED_SUBTYPE_NAMES.iter().chain(ETHERNET_SUBTYPE_NAMES.iter());
    if let Some(n) = names.find(|n| n.text.eq_ignore_ascii_case(word)) {
        return Some(n.word);
    }
    let (_, text, opts) = SUBTYPE_ALIASES.iter().find(|(alias, ..)| alias.eq_ignore_ascii_case(word))?;
    let base = subtype_bits(text)?;
    Some(opts.iter().filter_map(|o| option_bits(o)).fold(base, |w, o| w | o))
}

/// ifmedia.c's edits, in the line's order, of the current word `current`,
/// for an interface whose first listed word has type `listed_type`:
/// `media` keeps the instance and takes the type and the subtype (with an
/// alias's options); `mediaopt` ORs the options (`half-duplex` clears
/// full-duplex and is not itself set), `-mediaopt` clears them; `mode`
/// replaces the mode bits, and a mode the type does not have (Ethernet has
/// none) ORs [`INVALID_IFMEDIA`] in; `inst` replaces the instance. An
/// option name no table has counts as [`INVALID_IFMEDIA`] (the old
/// ifmedia.c's lookup result; from 14 ifconfig stops at the name before
/// any request).
pub fn edit(current: u32, listed_type: u32, steps: &[MediaStep]) -> u32 {
    let options = |list: &str| {
        list.split(',')
            .filter(|w| !w.is_empty())
            .fold(0, |acc, o| acc | option_bits(o).unwrap_or(INVALID_IFMEDIA))
    };
    steps.iter().fold(current, |cur, step| match step {
        MediaStep::Subtype(w) => {
            // A name the grammar let through always resolves; a stray one
            // matches nothing in the kernel.
            let sub = subtype_bits(w).unwrap_or(INVALID_IFMEDIA);
            (cur & IFM_IMASK) | ifm_type(listed_type) | sub
        }
        MediaStep::Options { list, clear: true } => cur & !options(list),
        MediaStep::Options { list, clear: false } => {
            let mut opts = options(list);
            let mut cur = cur;
            if opts & IFM_HDX != 0 {
                cur &= !IFM_FDX;
                opts &= !IFM_HDX;
            }
            cur | opts
        }
        // Only 802.11 has modes (`11g`, `hostap`...), and its names are
        // not tabled here: the types this crate edits have none.
        MediaStep::Mode(_) => (cur & !IFM_MMASK) | INVALID_IFMEDIA,
        MediaStep::Instance(n) => (cur & !IFM_IMASK) | ((n & 0xf) << IFM_ISHIFT),
        MediaStep::Word(w) => *w,
    })
}

#[cfg(test)]
mod tests {
    use super::super::media::IFM_ETHER;
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
    fn edits_follow_ifmedia_c() {
        const E: u32 = IFM_ETHER;
        let tx = E | 6;
        let sub = |w: &str| MediaStep::Subtype(w.into());
        let opt = |l: &str, clear| MediaStep::Options { list: l.into(), clear };
        // `media` drops options, keeps the instance; an alias brings its options.
        assert_eq!(edit(E | 16 | IFM_FDX | (2 << 28), E, &[sub("100TX")]), tx | (2 << 28));
        assert_eq!(edit(E, E, &[sub("1000baseT-FDX")]), E | 16 | IFM_FDX);
        assert_eq!(edit(E, E, &[sub("100baseTX"), opt("fdx,FLOW", false)]), tx | IFM_FDX | 0x40_0000);
        // half-duplex clears full-duplex and is not set itself.
        assert_eq!(edit(tx | IFM_FDX, E, &[opt("half-duplex", false)]), tx);
        assert_eq!(edit(tx | IFM_FDX | 0x200, E, &[opt("full-duplex,rxpause", true)]), tx);
        assert_eq!(edit(tx, E, &[MediaStep::Instance(3)]), tx | (3 << 28));
        // Ethernet has no modes; an unknown option (before 14) is all bits.
        assert_eq!(edit(tx, E, &[MediaStep::Mode("11g".into())]), INVALID_IFMEDIA);
        // (-1 has the half-duplex bit: it clears full-duplex and itself.)
        assert_eq!(edit(tx, E, &[opt("bogus", false)]), INVALID_IFMEDIA & !IFM_HDX);
        assert_eq!(edit(tx, E, &[opt("bogus", true)]), 0);
        assert_eq!(edit(tx, E, &[MediaStep::Word(E)]), E);
    }

    #[test]
    fn options_are_checked_one_by_one() {
        assert_eq!(unknown_ethernet_option("full-duplex,FLOW,rxpause,master"), None);
        assert_eq!(unknown_ethernet_option(",,fdx,"), None);
        assert_eq!(unknown_ethernet_option("fdx,turbo,bad"), Some("turbo"));
    }
}
