//! The nv capabilities of an `IFCAP_NV` interface (sys/net/if.c
//! SIOCGIFCAPNV / SIOCSIFCAPNV, 14.0 on): the second capability word
//! (`IFCAP2_*`) and the names the kernel's nvlist gives each bit of both
//! words (`ifcap_nv_bit_names`, `ifcap2_nv_bit_names`, net/if_strings.h).

use serde::{Deserialize, Serialize};

use super::{Release, IFCAP_NAMES};

/// IFCAP2 bits (net/if.h: `IFCAP2_BIT(IFCAP2_*)`, bit numbers of the
/// second word).
pub const IFCAP2_RXTLS4: u32 = 1 << 0;
/// TLS receive offload for TCP6.
pub const IFCAP2_RXTLS6: u32 = 1 << 1;
/// Inline IPsec offload (15.0 on).
pub const IFCAP2_IPSEC_OFFLOAD: u32 = 1 << 2;
/// geneve(4)'s checksum offload (16).
pub const IFCAP2_GENEVE_HWCSUM: u32 = 1 << 3;
/// geneve(4)'s TSO (16).
pub const IFCAP2_GENEVE_HWTSO: u32 = 1 << 4;

/// The capability words the kernel reports beyond the enabled first word
/// (`Interface::options`): what the driver supports in both words
/// (`if_capabilities`, SIOCGIFCAP's `ifr_reqcap`; `if_capabilities2`)
/// and the enabled second word (`if_capenable2`, which only an `IFCAP_NV`
/// interface has). Absent where the model keeps no supported set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CapabilityWords {
    /// `if_capabilities` (SIOCGIFCAP's `ifr_reqcap`).
    pub supported: u32,
    /// `if_capabilities2`.
    #[serde(default)]
    pub supported2: u32,
    /// `if_capenable2`, shown from bit 32 on in 14's `options=`.
    #[serde(default)]
    pub enabled2: u32,
}

/// One name of the kernel's nvlist: which word (0 or 1) and bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NvCapName {
    /// The name (`TXCSUM`, `RXTLS4`).
    pub name: &'static str,
    /// 0: `if_capenable`; 1: `if_capenable2`.
    pub word: u8,
    /// The bit in that word.
    pub bit: u32,
}

/// The second word's names by the release whose kernel first has them
/// (`ifcap2_nv_bit_names`: RXTLS4/RXTLS6 with IFCAP_NV in 14.0,
/// IPSEC_OFFLOAD's `IPSEC` in 15.0, geneve's two in 16; freebsd-src
/// sys/net/if.c and if_strings.h 6943b0ca).
const WORD2: [(&str, u32, Release); 5] = [
    ("RXTLS4", IFCAP2_RXTLS4, Release::V14_0),
    ("RXTLS6", IFCAP2_RXTLS6, Release::V14_0),
    ("IPSEC", IFCAP2_IPSEC_OFFLOAD, Release::V15_0),
    ("GENEVE_HWCSUM", IFCAP2_GENEVE_HWCSUM, Release { major: 16, minor: 0 }),
    ("GENEVE_HWTSO", IFCAP2_GENEVE_HWTSO, Release { major: 16, minor: 0 }),
];

impl Release {
    /// Whether the kernel has `IFCAP_NV` and SIOCGIFCAPNV/SIOCSIFCAPNV
    /// (14.0; a 13.x ifconfig.c, opnsense/src 16d02f7c, has neither
    /// `setifcapnv` nor `print_ifcap_nv`).
    pub fn has_ifcap_nv(self) -> bool {
        self.major >= 14
    }

    /// The kernel's nvlist names in its order: every first-word bit but
    /// NV (`ifcap_nv_bit_names`, bit 26 named MEXTPG), then the second
    /// word's.
    pub fn nv_cap_names(self) -> impl Iterator<Item = NvCapName> {
        let first = (0..32u32).filter(|b| *b != 17).map(|bit| NvCapName {
            name: if bit == 26 { "MEXTPG" } else { IFCAP_NAMES[bit as usize] },
            word: 0,
            bit: 1 << bit,
        });
        let second = WORD2
            .into_iter()
            .filter(move |(_, _, from)| self >= *from)
            .map(|(name, bit, _)| NvCapName { name, word: 1, bit });
        first.chain(second)
    }
}

/// `if_capint_to_capnv` over both words: one bool per supported bit, in
/// the kernel's order, `true` when enabled.
pub fn capnv_list(release: Release, enabled: u32, nv: &CapabilityWords) -> Vec<(String, bool)> {
    release
        .nv_cap_names()
        .filter_map(|n| {
            let (sup, on) = if n.word == 0 { (nv.supported, enabled) } else { (nv.supported2, nv.enabled2) };
            (sup & n.bit != 0).then(|| (n.name.to_string(), on & n.bit != 0))
        })
        .collect()
}

/// `if_capnv_to_capint` for one word: the bits the list names take its
/// value, the others keep `old`; names the kernel does not know count
/// for nothing.
pub fn capnv_to_word(release: Release, word: u8, list: &[(String, bool)], old: u32) -> u32 {
    release.nv_cap_names().filter(|n| n.word == word).fold(0, |acc, n| {
        match list.iter().rev().find(|(name, _)| name == n.name) {
            Some((_, true)) => acc | n.bit,
            Some((_, false)) => acc,
            None => acc | (old & n.bit),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_supported_bits_in_the_kernels_order() {
        let nv = CapabilityWords { supported: 0b11 | (1 << 17), supported2: 0b11, enabled2: 0b01 };
        let l = capnv_list(Release::V14_0, 0b10 | (1 << 17), &nv);
        let want = [("RXCSUM", false), ("TXCSUM", true), ("RXTLS4", true), ("RXTLS6", false)];
        assert_eq!(l, want.map(|(n, b)| (n.to_string(), b)));
    }

    #[test]
    fn ipsec_is_a_name_from_15() {
        let names = |r: Release| r.nv_cap_names().filter(|n| n.word == 1).map(|n| n.name).collect::<Vec<_>>();
        assert_eq!(names(Release::V14_0), ["RXTLS4", "RXTLS6"]);
        assert_eq!(names(Release::V15_0), ["RXTLS4", "RXTLS6", "IPSEC"]);
    }

    #[test]
    fn absent_names_keep_the_old_bits_and_unknown_names_count_for_nothing() {
        let list = [("RXTLS4".to_string(), false), ("BOGUS".to_string(), true)];
        assert_eq!(capnv_to_word(Release::V14_0, 1, &list, 0b11), 0b10);
        assert_eq!(capnv_to_word(Release::V14_0, 0, &list, 0x7), 0x7);
        // 14's kernel has no IPSEC name: the bit stays as it was.
        let ipsec = [("IPSEC".to_string(), true)];
        assert_eq!(capnv_to_word(Release::V14_0, 1, &ipsec, 0), 0);
        assert_eq!(capnv_to_word(Release::V15_0, 1, &ipsec, 0), IFCAP2_IPSEC_OFFLOAD);
    }
}
