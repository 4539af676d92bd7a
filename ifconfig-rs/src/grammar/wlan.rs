//! 802.11 keywords (ifieee80211.c). No interface of the virtual host (nor
//! a Linux link) is a wlan(4) vap, so every one fails as FreeBSD's does on
//! a non-wireless interface: the driver refuses SIOCS80211 / SIOCG80211.

use super::{Arity, Keyword, Parser};
use crate::error::CliError;
use crate::render::dialect::Since;

fn set80211(_: &mut Parser, _: Option<&str>) -> Result<(), CliError> {
    Err(CliError::msg("SIOCS80211: Invalid argument"))
}

/// `list ...` reads (SIOCG80211) before it prints anything.
fn list(_: &mut Parser, a: Option<&str>) -> Result<(), CliError> {
    match a.unwrap_or_default() {
        "scan" | "ap" => Err(CliError::msg("unable to get scan results")),
        "sta" => Err(CliError::msg("unable to get station information")),
        _ => Err(CliError::msg("SIOCG80211: Invalid argument")),
    }
}

macro_rules! words {
    ($arity:ident: $($name:literal)*) => {
        [$(Keyword { name: $name, arity: Arity::$arity, handler: set80211, since: Since::R10, refusal: crate::grammar::Refusal::Stops },)*]
    };
}

const NO_ARG: [Keyword; 106] = words![None:
    "-powersave" "powersave" "-wep" "wep" "-nwkey" "apbridge" "-apbridge" "bgscan"
    "-bgscan" "-bssid" "wme" "-wme" "tsn" "-tsn" "pureg" "-pureg" "puren" "-puren" "ff"
    "-ff" "dturbo" "-dturbo" "ht" "-ht" "ht20" "ht40" "-ht40" "htcompat"
    "-htcompat" "ampdu" "-ampdu" "amsdu" "-amsdu" "shortgi" "-shortgi" "dfs" "-dfs" "doth" "-doth"
    "dotd" "-dotd" "hidessid" "-hidessid" "scan" "wmm" "-wmm" "mac:open" "mac:allow" "mac:deny"
    "mac:radius" "mac:flush" "mac:detach" "quiet" "-quiet" "burst" "-burst" "ampdurx" "-ampdurx"
    "ampdutx" "-ampdutx" "amsdurx" "-amsdurx" "amsdutx" "-amsdutx" "stbcrx" "-stbcrx" "stbctx"
    "-stbctx" "stbc" "-stbc" "ldpcrx" "-ldpcrx" "ldpctx" "-ldpctx" "ldpc" "-ldpc" "uapsd" "-uapsd"
    "dwds" "-dwds" "inact" "-inact" "indoor" "-indoor" "outdoor" "-outdoor" "anywhere" "ecm" "-ecm"
    "-ht20" "rifs" "-rifs" "smps" "smpsdyn" "-smps" "meshforward" "-meshforward" "meshgate"
    "-meshgate" "meshpeering" "-meshpeering" "meshrt:flush" "beacons" "-beacons" "wdslegacy"
    "-wdslegacy"
];

const ONE_ARG: [Keyword; 69] = words![One:
    "ssid" "nwid" "meshid" "stationname" "station" "channel" "authmode" "powersavemode"
    "powersavesleep" "wepmode" "deftxkey" "weptxkey" "wepkey" "nwkey" "rtsthreshold" "protmode"
    "txpower" "roaming" "mcastrate" "mgtrate" "ucastrate" "maxretry" "bssid" "chanlist" "ap" "bgscanidle"
    "bgscanintvl" "scanvalid" "regdomain" "country" "bintval" "dtimperiod"
    "fragthreshold" "htprotmode" "acm" "-acm" "ack" "-ack" "mac:add" "mac:del" "mac:kick"
    "quiet_count" "quiet_period" "quiet_duration" "quiet_offset" "roam:rssi" "roam:rate" "mgmtrate"
    "bmiss" "bmissthreshold" "ampdulimit" "ampdudensity" "amsdulimit" "chanswitch" "tdmaslot"
    "tdmaslotcnt" "tdmaslotlen" "tdmabintval" "meshttl" "meshmetric" "meshpath" "meshrt:add"
    "meshrt:del" "hwmprootmode" "hwmpmaxhops" "wlanaddr" "wlanbssid" "wlandev" "wlanmode"
];

/// The VHT words (`set80211vhtconf`): in the tables of the ifieee80211.c
/// versions read (018bdd10, d6106422), which are 12.x-era and later; the
/// release that added them was not checked against a 12.0 copy.
const VHT: [Keyword; 10] = {
    let w = words![None:
        "vht" "-vht" "vht40" "-vht40" "vht80" "-vht80" "vht80p80" "-vht80p80" "vht160" "-vht160"
    ];
    let mut out = w;
    let mut i = 0;
    while i < out.len() {
        out[i].since = Since::R12;
        i += 1;
    }
    out
};

/// `DEF_CMD_ARG2` words (WME parameters: access class, value).
const TWO_ARG: [Keyword; 8] = words![Two:
    "cwmin" "cwmax" "aifs" "txoplimit" "bss:cwmin" "bss:cwmax" "bss:aifs" "bss:txoplimit"
];

/// `list` and the tables above, in one array (built at compile time).
pub(super) static KEYWORDS: &[Keyword] = &{
    const LIST: Keyword = Keyword {
        name: "list",
        arity: Arity::One,
        handler: list,
        since: Since::R10,
        refusal: crate::grammar::Refusal::Stops,
    };
    let mut out = [LIST; 1 + NO_ARG.len() + ONE_ARG.len() + TWO_ARG.len() + VHT.len()];
    let mut at = 1;
    let tables: [&[Keyword]; 4] = [&NO_ARG, &ONE_ARG, &TWO_ARG, &VHT];
    let mut t = 0;
    while t < tables.len() {
        let mut i = 0;
        while i < tables[t].len() {
            out[at] = tables[t][i];
            at += 1;
            i += 1;
        }
        t += 1;
    }
    out
};
