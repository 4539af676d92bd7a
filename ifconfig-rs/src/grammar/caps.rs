//! Capability keywords (`setifcap` rows of ifconfig.c, ifvlan.c,
//! ifvxlan.c): each enables or disables `IFCAP_*` bits, shown in
//! `options=`.

use super::{Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;
use libcarpctl::{Capabilities, IfaceChange};

/// Word -> IFCAP bits (net/if.h bit numbers) and whether it enables them.
const CAP_WORDS: &[(&str, u32, bool)] = &[
    ("rxcsum", 1 << 0, true),
    ("-rxcsum", 1 << 0, false),
    ("txcsum", 1 << 1, true),
    ("-txcsum", 1 << 1, false),
    ("netcons", 1 << 2, true),
    ("-netcons", 1 << 2, false),
    ("vlanmtu", 1 << 3, true),
    ("-vlanmtu", 1 << 3, false),
    ("vlanhwtag", 1 << 4, true),
    ("-vlanhwtag", 1 << 4, false),
    ("polling", 1 << 6, true),
    ("-polling", 1 << 6, false),
    ("vlanhwcsum", 1 << 7, true),
    ("-vlanhwcsum", 1 << 7, false),
    ("tso4", 1 << 8, true),
    ("-tso4", 1 << 8, false),
    ("tso6", 1 << 9, true),
    ("-tso6", 1 << 9, false),
    ("tso", 3 << 8, true),
    ("-tso", 3 << 8, false),
    ("lro", 1 << 10, true),
    ("-lro", 1 << 10, false),
    ("wol_ucast", 1 << 11, true),
    ("-wol_ucast", 1 << 11, false),
    ("wol_mcast", 1 << 12, true),
    ("-wol_mcast", 1 << 12, false),
    ("wol_magic", 1 << 13, true),
    ("-wol_magic", 1 << 13, false),
    ("wol", 7 << 11, true),
    ("-wol", 7 << 11, false),
    ("toe", 3 << 14, true),
    ("-toe", 3 << 14, false),
    ("vlanhwfilter", 1 << 16, true),
    ("-vlanhwfilter", 1 << 16, false),
    ("vlanhwtso", 1 << 18, true),
    ("-vlanhwtso", 1 << 18, false),
    ("rxcsum6", 1 << 21, true),
    ("-rxcsum6", 1 << 21, false),
    ("txcsum6", 1 << 22, true),
    ("-txcsum6", 1 << 22, false),
    ("txrtlmt", 1 << 24, true),
    ("-txrtlmt", 1 << 24, false),
    ("hwrxtstmp", 1 << 25, true),
    ("-hwrxtstmp", 1 << 25, false),
    // IFCAP_NOMAP's words before its rename (12.x); see NOMAP_KEYWORDS.
    ("nomap", 1 << 26, true),
    ("-nomap", 1 << 26, false),
    ("mextpg", 1 << 26, true),
    ("-mextpg", 1 << 26, false),
    ("txtls", 3 << 27, true),
    ("-txtls", 3 << 27, false),
    ("vxlanhwcsum", 1 << 29, true),
    ("-vxlanhwcsum", 1 << 29, false),
    ("vxlanhwtso", 1 << 30, true),
    ("-vxlanhwtso", 1 << 30, false),
    ("txtlsrtlmt", 1 << 31, true),
    ("-txtlsrtlmt", 1 << 31, false),
];

fn setifcap(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    if let Some((_, bits, set)) = CAP_WORDS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::Capabilities { caps: Capabilities::from_bits_retain(*bits), set: *set });
    }
    Ok(())
}

/// Word -> the names ifconfig.c's `DEF_CMD_SARG` rows hand `setifcapnv`
/// (net/if_strings.h's `IFCAP2_*_NAME`), each enabled or disabled.
const NV_WORDS: &[(&str, &[&str], bool)] = &[
    ("rxtls", &["RXTLS4", "RXTLS6"], true),
    ("-rxtls", &["RXTLS4", "RXTLS6"], false),
    ("ipsec", &["IPSEC"], true),
    ("-ipsec", &["IPSEC"], false),
];

/// The nv capabilities (`rxtls`, 15's `ipsec`): a SIOCSIFCAPNV list, sent
/// only where SIOCGIFCAP shows IFCAP_NV (else ifconfig only warns).
fn setifcapnv(p: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    if let Some((_, names, on)) = NV_WORDS.iter().find(|(w, ..)| *w == p.word) {
        p.change(IfaceChange::CapabilityNv(names.iter().map(|n| (n.to_string(), *on)).collect()));
    }
    Ok(())
}

macro_rules! caps {
    ($($name:literal)*) => { &[$(Keyword { name: $name, arity: Arity::None, handler: setifcap, since: Since::R10, refusal: crate::grammar::Refusal::Stops },)*] };
}

pub(super) static KEYWORDS: &[Keyword] = caps![
    "rxcsum" "-rxcsum" "txcsum" "-txcsum" "netcons" "-netcons" "vlanmtu" "-vlanmtu"
    "vlanhwtag" "-vlanhwtag" "polling" "-polling" "vlanhwcsum" "-vlanhwcsum" "tso4" "-tso4"
    "tso6" "-tso6" "tso" "-tso" "lro" "-lro" "wol_ucast" "-wol_ucast" "wol_mcast" "-wol_mcast"
    "wol_magic" "-wol_magic" "wol" "-wol" "toe" "-toe" "vlanhwfilter" "-vlanhwfilter"
    "vlanhwtso" "-vlanhwtso" "rxcsum6" "-rxcsum6" "txcsum6" "-txcsum6" "txrtlmt" "-txrtlmt"
    "hwrxtstmp" "-hwrxtstmp" "mextpg" "-mextpg" "txtls" "-txtls" "vxlanhwcsum" "-vxlanhwcsum"
    "vxlanhwtso" "-vxlanhwtso" "txtlsrtlmt" "-txtlsrtlmt"
];

/// `nomap` / `-nomap` (ifconfig.c 94ac312a): 12.x's name of the bit
/// 13 renamed `mextpg`; the dialect retires them from 13 on.
pub(super) static NOMAP_KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "nomap",
        arity: Arity::None,
        handler: setifcap,
        since: Since::R12,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "-nomap",
        arity: Arity::None,
        handler: setifcap,
        since: Since::R12,
        refusal: crate::grammar::Refusal::Stops,
    },
];

/// The nv-capability words.
pub(super) static NV_KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "rxtls",
        arity: Arity::None,
        handler: setifcapnv,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "-rxtls",
        arity: Arity::None,
        handler: setifcapnv,
        since: Since::R14,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "ipsec",
        arity: Arity::None,
        handler: setifcapnv,
        since: Since::R15,
        refusal: crate::grammar::Refusal::Stops,
    },
    Keyword {
        name: "-ipsec",
        arity: Arity::None,
        handler: setifcapnv,
        since: Since::R15,
        refusal: crate::grammar::Refusal::Stops,
    },
];
