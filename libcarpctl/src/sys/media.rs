//! `net/if_media.h` as data: `struct ifmediareq` (the SIOCGIFMEDIA /
//! SIOCGIFXMEDIA argument), the media word's fields, and the names
//! ifconfig prints for Ethernet media (`IFM_SUBTYPE_ETHERNET_DESCRIPTIONS`,
//! `IFM_SUBTYPE_SHARED_DESCRIPTIONS`, `IFM_SHARED_OPTION_DESCRIPTIONS`,
//! `IFM_SUBTYPE_ETHERNET_OPTION_DESCRIPTIONS`), in the headers' order.
//! Every value is checked against the header by `scripts/abi-check`
//! ([`super::cgen`]); the names by `tests/media_names.rs`. Turning words
//! into ifconfig's text is [`super::media_text`].

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};

use super::abi::IFNAMSIZ;
use super::request::iowr;

/// `struct ifmediareq` (`net/if.h`). `ifm_ulist` is the user pointer
/// to a media-word array of `ifm_count` ints; this crate only ever sends
/// it NULL with a count of 0, which asks for the current and active words,
/// the status, and (written back to `ifm_count`) how many media the
/// interface supports.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifmediareq {
    /// Interface name.
    pub ifm_name: [u8; IFNAMSIZ],
    /// The configured media word.
    pub ifm_current: i32,
    /// The driver's don't-care mask.
    pub ifm_mask: i32,
    /// `IFM_AVALID` / `IFM_ACTIVE`.
    pub ifm_status: i32,
    /// The media word in use now.
    pub ifm_active: i32,
    /// In: room in `ifm_ulist`; out: number of supported media.
    pub ifm_count: i32,
    /// `int *ifm_ulist` as an address (0 = NULL).
    pub ifm_ulist: u64,
}

const _: () = assert!(size_of::<ifmediareq>() == 48);
const _: () = assert!(align_of::<ifmediareq>() == 8);
const _: () = assert!(offset_of!(ifmediareq, ifm_name) == 0);
const _: () = assert!(offset_of!(ifmediareq, ifm_current) == 16);
const _: () = assert!(offset_of!(ifmediareq, ifm_mask) == 20);
const _: () = assert!(offset_of!(ifmediareq, ifm_status) == 24);
const _: () = assert!(offset_of!(ifmediareq, ifm_active) == 28);
const _: () = assert!(offset_of!(ifmediareq, ifm_count) == 32);
const _: () = assert!(offset_of!(ifmediareq, ifm_ulist) == 40);

/// `SIOCGIFMEDIA`: `_IOWR('i', 56, struct ifmediareq)`; extended
/// Ethernet subtypes come back as `IFM_OTHER`.
pub const SIOCGIFMEDIA: u64 = iowr(b'i', 56, size_of::<ifmediareq>());
/// `SIOCGIFXMEDIA`: `_IOWR('i', 139, struct ifmediareq)`; the words
/// unchanged (what ifconfig asks first since FreeBSD 11).
pub const SIOCGIFXMEDIA: u64 = iowr(b'i', 139, size_of::<ifmediareq>());

/// `IFM_ETHER`: the Ethernet network type.
pub const IFM_ETHER: u32 = 0x20;
/// `IFM_IEEE80211`.
pub const IFM_IEEE80211: u32 = 0x80;
/// `IFM_ATM`.
pub const IFM_ATM: u32 = 0xa0;
/// `IFM_AUTO` (shared subtype).
pub const IFM_AUTO: u32 = 0;
/// `IFM_MANUAL` (shared subtype).
pub const IFM_MANUAL: u32 = 1;
/// `IFM_NONE` (shared subtype).
pub const IFM_NONE: u32 = 2;
/// `IFM_OTHER`: what SIOCGIFMEDIA reports for an extended subtype.
pub const IFM_OTHER: u32 = 31;
/// `IFM_NMASK`: the network type.
pub const IFM_NMASK: u32 = 0x0000_00e0;
/// `IFM_TMASK`: the subtype.
pub const IFM_TMASK: u32 = 0x0000_001f;
/// `IFM_MMASK`: the mode.
pub const IFM_MMASK: u32 = 0x0007_0000;
/// `IFM_IMASK`: the instance.
pub const IFM_IMASK: u32 = 0xf000_0000;
/// `IFM_ISHIFT`.
pub const IFM_ISHIFT: u32 = 28;
/// `IFM_ETH_XTYPE`: Ethernet's extended subtype bits.
pub const IFM_ETH_XTYPE: u32 = 0x0000_7800;
/// `IFM_ETH_XSHIFT`.
pub const IFM_ETH_XSHIFT: u32 = 6;
/// `IFM_AVALID`: `ifm_status` is valid.
pub const IFM_AVALID: u32 = 0x1;
/// `IFM_ACTIVE`: attached to a working network.
pub const IFM_ACTIVE: u32 = 0x2;
/// The IEEE 802.11 operating-mode bits libifconfig's `IFM_OPMODE` tests
/// (ADHOC, HOSTAP, IBSS, WDS, MONITOR, MBSS): none set = station.
pub const IFM_IEEE80211_OPMODES: u32 = 0x100 | 0x200 | 0x400 | 0x800 | 0x2000 | 0x4000;

/// `IFM_X(x)` (`IFM_ETHER_SUBTYPE`): Ethernet subtype number `x`, its
/// bits above the five of `IFM_TMASK` moved into `IFM_ETH_XTYPE`.
pub const fn ifm_x(x: u32) -> u32 {
    (x & IFM_TMASK) | ((x & (IFM_ETH_XTYPE >> IFM_ETH_XSHIFT)) << IFM_ETH_XSHIFT)
}

/// `IFM_TYPE(w)`.
pub const fn ifm_type(w: u32) -> u32 {
    w & IFM_NMASK
}

/// `IFM_SUBTYPE(w)`: for Ethernet the extended bits count too.
pub const fn ifm_subtype(w: u32) -> u32 {
    if ifm_type(w) == IFM_ETHER {
        w & (IFM_TMASK | IFM_ETH_XTYPE)
    } else {
        w & IFM_TMASK
    }
}

/// `IFM_INST(w)`.
pub const fn ifm_inst(w: u32) -> u32 {
    (w & IFM_IMASK) >> IFM_ISHIFT
}

/// One `struct ifmedia_description` entry, with the macro's C name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaName {
    /// The word (subtype or option bits).
    pub word: u32,
    /// The `IFM_*` macro.
    pub cname: &'static str,
    /// What ifconfig prints.
    pub text: &'static str,
}

/// `IFM_TYPE_DESCRIPTIONS`.
pub const TYPE_NAMES: [MediaName; 3] = [
    MediaName { word: IFM_ETHER, cname: "IFM_ETHER", text: "Ethernet" },
    MediaName { word: IFM_IEEE80211, cname: "IFM_IEEE80211", text: "IEEE 802.11 Wireless Ethernet" },
    MediaName { word: IFM_ATM, cname: "IFM_ATM", text: "ATM" },
];

/// `IFM_SUBTYPE_SHARED_DESCRIPTIONS`: looked up before a type's own.
pub const SHARED_SUBTYPE_NAMES: [MediaName; 3] = [
    MediaName { word: IFM_AUTO, cname: "IFM_AUTO", text: "autoselect" },
    MediaName { word: IFM_MANUAL, cname: "IFM_MANUAL", text: "manual" },
    MediaName { word: IFM_NONE, cname: "IFM_NONE", text: "none" },
];

/// `IFM_SHARED_OPTION_DESCRIPTIONS`: printed before a type's own options.
pub const SHARED_OPTION_NAMES: [MediaName; 7] = [
    MediaName { word: 0x0010_0000, cname: "IFM_FDX", text: "full-duplex" },
    MediaName { word: 0x0020_0000, cname: "IFM_HDX", text: "half-duplex" },
    MediaName { word: 0x0040_0000, cname: "IFM_FLOW", text: "flowcontrol" },
    MediaName { word: 0x0100_0000, cname: "IFM_FLAG0", text: "flag0" },
    MediaName { word: 0x0200_0000, cname: "IFM_FLAG1", text: "flag1" },
    MediaName { word: 0x0400_0000, cname: "IFM_FLAG2", text: "flag2" },
    MediaName { word: 0x0800_0000, cname: "IFM_LOOP", text: "hw-loopback" },
];

/// `IFM_SUBTYPE_ETHERNET_OPTION_DESCRIPTIONS`.
pub const ETHERNET_OPTION_NAMES: [MediaName; 3] = [
    MediaName { word: 0x100, cname: "IFM_ETH_MASTER", text: "master" },
    MediaName { word: 0x200, cname: "IFM_ETH_RXPAUSE", text: "rxpause" },
    MediaName { word: 0x400, cname: "IFM_ETH_TXPAUSE", text: "txpause" },
];

/// `IFM_SUBTYPE_ETHERNET_DESCRIPTIONS` (FreeBSD 14's header, the newest
/// zig ships; older releases know a prefix of these subtypes, by the same
/// names).
pub const ETHERNET_SUBTYPE_NAMES: [MediaName; 119] = [
    MediaName { word: 3, cname: "IFM_10_T", text: "10baseT/UTP" },
    MediaName { word: 4, cname: "IFM_10_2", text: "10base2/BNC" },
    MediaName { word: 5, cname: "IFM_10_5", text: "10base5/AUI" },
    MediaName { word: 6, cname: "IFM_100_TX", text: "100baseTX" },
    MediaName { word: 7, cname: "IFM_100_FX", text: "100baseFX" },
    MediaName { word: 8, cname: "IFM_100_T4", text: "100baseT4" },
    MediaName { word: 9, cname: "IFM_100_VG", text: "100baseVG" },
    MediaName { word: 10, cname: "IFM_100_T2", text: "100baseT2" },
    MediaName { word: ifm_x(120), cname: "IFM_100_BX", text: "100baseBX" },
    MediaName { word: 12, cname: "IFM_10_STP", text: "10baseSTP" },
    MediaName { word: 13, cname: "IFM_10_FL", text: "10baseFL" },
    MediaName { word: 11, cname: "IFM_1000_SX", text: "1000baseSX" },
    MediaName { word: 14, cname: "IFM_1000_LX", text: "1000baseLX" },
    MediaName { word: 15, cname: "IFM_1000_CX", text: "1000baseCX" },
    MediaName { word: ifm_x(121), cname: "IFM_1000_BX", text: "1000baseBX" },
    MediaName { word: 16, cname: "IFM_1000_T", text: "1000baseT" },
    MediaName { word: 17, cname: "IFM_HPNA_1", text: "homePNA" },
    MediaName { word: 18, cname: "IFM_10G_LR", text: "10Gbase-LR" },
    MediaName { word: 19, cname: "IFM_10G_SR", text: "10Gbase-SR" },
    MediaName { word: 20, cname: "IFM_10G_CX4", text: "10Gbase-CX4" },
    MediaName { word: 21, cname: "IFM_2500_SX", text: "2500BaseSX" },
    MediaName { word: 24, cname: "IFM_10G_LRM", text: "10Gbase-LRM" },
    MediaName { word: 22, cname: "IFM_10G_TWINAX", text: "10Gbase-Twinax" },
    MediaName { word: 23, cname: "IFM_10G_TWINAX_LONG", text: "10Gbase-Twinax-Long" },
    MediaName { word: 25, cname: "IFM_UNKNOWN", text: "Unknown" },
    MediaName { word: 26, cname: "IFM_10G_T", text: "10Gbase-T" },
    MediaName { word: 27, cname: "IFM_40G_CR4", text: "40Gbase-CR4" },
    MediaName { word: 28, cname: "IFM_40G_SR4", text: "40Gbase-SR4" },
    MediaName { word: 29, cname: "IFM_40G_LR4", text: "40Gbase-LR4" },
    MediaName { word: ifm_x(119), cname: "IFM_40G_LM4", text: "40GBase-LM4" },
    MediaName { word: 30, cname: "IFM_1000_KX", text: "1000Base-KX" },
    MediaName { word: 31, cname: "IFM_OTHER", text: "Other" },
    MediaName { word: ifm_x(32), cname: "IFM_10G_KX4", text: "10GBase-KX4" },
    MediaName { word: ifm_x(33), cname: "IFM_10G_KR", text: "10GBase-KR" },
    MediaName { word: ifm_x(34), cname: "IFM_10G_CR1", text: "10GBase-CR1" },
    MediaName { word: ifm_x(35), cname: "IFM_20G_KR2", text: "20GBase-KR2" },
    MediaName { word: ifm_x(36), cname: "IFM_2500_KX", text: "2500Base-KX" },
    MediaName { word: ifm_x(37), cname: "IFM_2500_T", text: "2500Base-T" },
    MediaName { word: ifm_x(38), cname: "IFM_5000_T", text: "5000Base-T" },
    MediaName { word: ifm_x(39), cname: "IFM_50G_PCIE", text: "PCIExpress-50G" },
    MediaName { word: ifm_x(40), cname: "IFM_25G_PCIE", text: "PCIExpress-25G" },
    MediaName { word: ifm_x(41), cname: "IFM_1000_SGMII", text: "1000Base-SGMII" },
    MediaName { word: ifm_x(42), cname: "IFM_10G_SFI", text: "10GBase-SFI" },
    MediaName { word: ifm_x(43), cname: "IFM_40G_XLPPI", text: "40GBase-XLPPI" },
    MediaName { word: ifm_x(44), cname: "IFM_1000_CX_SGMII", text: "1000Base-CX-SGMII" },
    MediaName { word: ifm_x(45), cname: "IFM_40G_KR4", text: "40GBase-KR4" },
    MediaName { word: ifm_x(46), cname: "IFM_10G_ER", text: "10GBase-ER" },
    MediaName { word: ifm_x(47), cname: "IFM_100G_CR4", text: "100GBase-CR4" },
    MediaName { word: ifm_x(48), cname: "IFM_100G_SR4", text: "100GBase-SR4" },
    MediaName { word: ifm_x(49), cname: "IFM_100G_KR4", text: "100GBase-KR4" },
    MediaName { word: ifm_x(50), cname: "IFM_100G_LR4", text: "100GBase-LR4" },
    MediaName { word: ifm_x(51), cname: "IFM_56G_R4", text: "56GBase-R4" },
    MediaName { word: ifm_x(52), cname: "IFM_100_T", text: "100BaseT" },
    MediaName { word: ifm_x(53), cname: "IFM_25G_CR", text: "25GBase-CR" },
    MediaName { word: ifm_x(54), cname: "IFM_25G_KR", text: "25GBase-KR" },
    MediaName { word: ifm_x(55), cname: "IFM_25G_SR", text: "25GBase-SR" },
    MediaName { word: ifm_x(56), cname: "IFM_50G_CR2", text: "50GBase-CR2" },
    MediaName { word: ifm_x(57), cname: "IFM_50G_KR2", text: "50GBase-KR2" },
    MediaName { word: ifm_x(118), cname: "IFM_50G_KR4", text: "50GBase-KR4" },
    MediaName { word: ifm_x(58), cname: "IFM_25G_LR", text: "25GBase-LR" },
    MediaName { word: ifm_x(59), cname: "IFM_10G_AOC", text: "10GBase-AOC" },
    MediaName { word: ifm_x(60), cname: "IFM_25G_ACC", text: "25GBase-ACC" },
    MediaName { word: ifm_x(61), cname: "IFM_25G_AOC", text: "25GBase-AOC" },
    MediaName { word: ifm_x(62), cname: "IFM_100_SGMII", text: "100M-SGMII" },
    MediaName { word: ifm_x(63), cname: "IFM_2500_X", text: "2500Base-X" },
    MediaName { word: ifm_x(64), cname: "IFM_5000_KR", text: "5000Base-KR" },
    MediaName { word: ifm_x(65), cname: "IFM_25G_T", text: "25GBase-T" },
    MediaName { word: ifm_x(66), cname: "IFM_25G_CR_S", text: "25GBase-CR-S" },
    MediaName { word: ifm_x(67), cname: "IFM_25G_CR1", text: "25GBase-CR1" },
    MediaName { word: ifm_x(68), cname: "IFM_25G_KR_S", text: "25GBase-KR-S" },
    MediaName { word: ifm_x(69), cname: "IFM_5000_KR_S", text: "5000Base-KR-S" },
    MediaName { word: ifm_x(70), cname: "IFM_5000_KR1", text: "5000Base-KR1" },
    MediaName { word: ifm_x(71), cname: "IFM_25G_AUI", text: "25G-AUI" },
    MediaName { word: ifm_x(72), cname: "IFM_40G_XLAUI", text: "40G-XLAUI" },
    MediaName { word: ifm_x(73), cname: "IFM_40G_XLAUI_AC", text: "40G-XLAUI-AC" },
    MediaName { word: ifm_x(74), cname: "IFM_40G_ER4", text: "40GBase-ER4" },
    MediaName { word: ifm_x(75), cname: "IFM_50G_SR2", text: "50GBase-SR2" },
    MediaName { word: ifm_x(76), cname: "IFM_50G_LR2", text: "50GBase-LR2" },
    MediaName { word: ifm_x(77), cname: "IFM_50G_LAUI2_AC", text: "50G-LAUI2-AC" },
    MediaName { word: ifm_x(78), cname: "IFM_50G_LAUI2", text: "50G-LAUI2" },
    MediaName { word: ifm_x(79), cname: "IFM_50G_AUI2_AC", text: "50G-AUI2-AC" },
    MediaName { word: ifm_x(80), cname: "IFM_50G_AUI2", text: "50G-AUI2" },
    MediaName { word: ifm_x(81), cname: "IFM_50G_CP", text: "50GBase-CP" },
    MediaName { word: ifm_x(82), cname: "IFM_50G_SR", text: "50GBase-SR" },
    MediaName { word: ifm_x(83), cname: "IFM_50G_LR", text: "50GBase-LR" },
    MediaName { word: ifm_x(84), cname: "IFM_50G_FR", text: "50GBase-FR" },
    MediaName { word: ifm_x(85), cname: "IFM_50G_KR_PAM4", text: "50GBase-KR-PAM4" },
    MediaName { word: ifm_x(86), cname: "IFM_25G_KR1", text: "25GBase-KR1" },
    MediaName { word: ifm_x(87), cname: "IFM_50G_AUI1_AC", text: "50G-AUI1-AC" },
    MediaName { word: ifm_x(88), cname: "IFM_50G_AUI1", text: "50G-AUI1" },
    MediaName { word: ifm_x(89), cname: "IFM_100G_CAUI4_AC", text: "100G-CAUI4-AC" },
    MediaName { word: ifm_x(90), cname: "IFM_100G_CAUI4", text: "100G-CAUI4" },
    MediaName { word: ifm_x(91), cname: "IFM_100G_AUI4_AC", text: "100G-AUI4-AC" },
    MediaName { word: ifm_x(92), cname: "IFM_100G_AUI4", text: "100G-AUI4" },
    MediaName { word: ifm_x(93), cname: "IFM_100G_CR_PAM4", text: "100GBase-CR-PAM4" },
    MediaName { word: ifm_x(94), cname: "IFM_100G_KR_PAM4", text: "100GBase-KR-PAM4" },
    MediaName { word: ifm_x(95), cname: "IFM_100G_CP2", text: "100GBase-CP2" },
    MediaName { word: ifm_x(96), cname: "IFM_100G_SR2", text: "100GBase-SR2" },
    MediaName { word: ifm_x(97), cname: "IFM_100G_DR", text: "100GBase-DR" },
    MediaName { word: ifm_x(98), cname: "IFM_100G_KR2_PAM4", text: "100GBase-KR2-PAM4" },
    MediaName { word: ifm_x(99), cname: "IFM_100G_CAUI2_AC", text: "100G-CAUI2-AC" },
    MediaName { word: ifm_x(100), cname: "IFM_100G_CAUI2", text: "100G-CAUI2" },
    MediaName { word: ifm_x(101), cname: "IFM_100G_AUI2_AC", text: "100G-AUI2-AC" },
    MediaName { word: ifm_x(102), cname: "IFM_100G_AUI2", text: "100G-AUI2" },
    MediaName { word: ifm_x(103), cname: "IFM_200G_CR4_PAM4", text: "200GBase-CR4-PAM4" },
    MediaName { word: ifm_x(104), cname: "IFM_200G_SR4", text: "200GBase-SR4" },
    MediaName { word: ifm_x(105), cname: "IFM_200G_FR4", text: "200GBase-FR4" },
    MediaName { word: ifm_x(106), cname: "IFM_200G_LR4", text: "200GBase-LR4" },
    MediaName { word: ifm_x(107), cname: "IFM_200G_DR4", text: "200GBase-DR4" },
    MediaName { word: ifm_x(108), cname: "IFM_200G_KR4_PAM4", text: "200GBase-KR4-PAM4" },
    MediaName { word: ifm_x(109), cname: "IFM_200G_AUI4_AC", text: "200G-AUI4-AC" },
    MediaName { word: ifm_x(110), cname: "IFM_200G_AUI4", text: "200G-AUI4" },
    MediaName { word: ifm_x(111), cname: "IFM_200G_AUI8_AC", text: "200G-AUI8-AC" },
    MediaName { word: ifm_x(112), cname: "IFM_200G_AUI8", text: "200G-AUI8" },
    MediaName { word: ifm_x(113), cname: "IFM_400G_FR8", text: "400GBase-FR8" },
    MediaName { word: ifm_x(114), cname: "IFM_400G_LR8", text: "400GBase-LR8" },
    MediaName { word: ifm_x(115), cname: "IFM_400G_DR4", text: "400GBase-DR4" },
    MediaName { word: ifm_x(116), cname: "IFM_400G_AUI8_AC", text: "400G-AUI8-AC" },
    MediaName { word: ifm_x(117), cname: "IFM_400G_AUI8", text: "400G-AUI8" },
];

/// [`IFM_IEEE80211_OPMODES`] as a C expression.
const IEEE80211_OPMODES_C: &str = "(IFM_IEEE80211_ADHOC | IFM_IEEE80211_HOSTAP | IFM_IEEE80211_IBSS | \
                                   IFM_IEEE80211_WDS | IFM_IEEE80211_MONITOR | IFM_IEEE80211_MBSS)";

/// Every constant above with its C name (an expression for the 802.11
/// operating modes), for the ABI check. `IFM_OTHER` is in the Ethernet
/// table.
pub fn abi_constants() -> Vec<(&'static str, u32)> {
    let mut out = vec![
        ("IFM_NMASK", IFM_NMASK),
        ("IFM_TMASK", IFM_TMASK),
        ("IFM_IMASK", IFM_IMASK),
        ("IFM_MMASK", IFM_MMASK),
        ("IFM_ISHIFT", IFM_ISHIFT),
        ("IFM_ETH_XTYPE", IFM_ETH_XTYPE),
        ("IFM_ETH_XSHIFT", IFM_ETH_XSHIFT),
        ("IFM_AVALID", IFM_AVALID),
        ("IFM_ACTIVE", IFM_ACTIVE),
        (IEEE80211_OPMODES_C, IFM_IEEE80211_OPMODES),
    ];
    let tables: [&[MediaName]; 5] = [
        &TYPE_NAMES,
        &SHARED_SUBTYPE_NAMES,
        &SHARED_OPTION_NAMES,
        &ETHERNET_OPTION_NAMES,
        &ETHERNET_SUBTYPE_NAMES,
    ];
    for t in tables {
        out.extend(t.iter().map(|n| (n.cname, n.word)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_numbers_and_extended_subtypes() {
        assert_eq!(SIOCGIFMEDIA, 0xC030_6938);
        assert_eq!(SIOCGIFXMEDIA, 0xC030_698B);
        // IFM_X: numbers up to 31 stay in IFM_TMASK; above, bits 5..8 move
        // to 11..14.
        assert_eq!(ifm_x(31), 31);
        assert_eq!(ifm_x(32), 0x800);
        assert_eq!(ifm_x(55), 0x800 | 23);
        assert_eq!(ifm_subtype(IFM_ETHER | ifm_x(55) | 0x0010_0000), ifm_x(55));
        assert_eq!(ifm_subtype(IFM_IEEE80211 | 0x800 | 5), 5);
        assert_eq!(ifm_inst(0x3000_0000 | IFM_ETHER), 3);
    }

    #[test]
    fn tables_have_distinct_words_and_names() {
        let mut words: Vec<u32> = ETHERNET_SUBTYPE_NAMES.iter().map(|n| n.word).collect();
        words.extend(SHARED_SUBTYPE_NAMES.iter().map(|n| n.word));
        let n = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), n, "two subtypes share a word");
        let mut names: Vec<&str> = abi_constants().iter().map(|c| c.0).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "two constants share a C name");
    }
}
