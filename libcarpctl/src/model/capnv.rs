//! mlx5en(4)'s `mce` interfaces, the driver of the virtual host that
//! advertises `IFCAP_NV`, and the kernel's side of its capability words:
//! if.c's SIOCSIFCAP / SIOCSIFCAPNV checks (a bit the interface does not
//! support: EINVAL; `if_capnv_to_capint`) and mlx5e_ioctl's toggles
//! (sys/dev/mlx5/mlx5_en/mlx5_en_main.c `mlx5e_create_ifp` and the
//! `siocsifcap_driver` path of `mlx5e_ioctl`, freebsd-src 00e6e482).

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    capnv_to_word, Capabilities, CapabilityWords, IfaceChange, Interface, Release, IFCAP2_IPSEC_OFFLOAD,
    IFCAP2_RXTLS4, IFCAP2_RXTLS6, IFCAP_NV,
};

/// IFCAP bits mlx5e_ioctl looks at (net/if.h).
mod bit {
    pub const RXCSUM: u32 = 1 << 0;
    pub const TXCSUM: u32 = 1 << 1;
    pub const VLAN_HWTAGGING: u32 = 1 << 4;
    pub const TSO4: u32 = 1 << 8;
    pub const TSO6: u32 = 1 << 9;
    pub const LRO: u32 = 1 << 10;
    pub const WOL_MAGIC: u32 = 1 << 13;
    pub const VLAN_HWFILTER: u32 = 1 << 16;
    pub const VLAN_HWTSO: u32 = 1 << 18;
    pub const RXCSUM_IPV6: u32 = 1 << 21;
    pub const TXCSUM_IPV6: u32 = 1 << 22;
    pub const HWRXTSTMP: u32 = 1 << 25;
    pub const MEXTPG: u32 = 1 << 26;
    pub const TXTLS4: u32 = 1 << 27;
    pub const TXTLS6: u32 = 1 << 28;
    pub const VXLAN_HWCSUM: u32 = 1 << 29;
    pub const VXLAN_HWTSO: u32 = 1 << 30;
    pub const TXTLS_RTLMT: u32 = 1 << 31;
}

/// `mlx5e_create_ifp`'s `if_setcapabilities`: IFCAP_NV, HWCSUM and
/// HWCSUM_IPV6, VLAN_MTU/HWTAGGING/HWCSUM/HWFILTER, LINKSTATE, JUMBO_MTU,
/// LRO, TSO, VLAN_HWTSO, HWSTATS, HWRXTSTMP, MEXTPG, TXTLS4/6, TXRTLMT and
/// TXTLS_RTLMT (GENERIC has `options RATELIMIT`), VXLAN_HWCSUM/HWTSO;
/// every one enabled at attach (`if_setcapenable(ifp,
/// if_getcapabilities(ifp))`).
pub const MCE_CAPABILITIES: u32 = 0xffef_07bb;
/// The second word: RXTLS4 and RXTLS6; IPSEC_OFFLOAD only on hardware
/// with IPsec packet offload (a host file gives it).
pub const MCE_CAPABILITIES2: u32 = IFCAP2_RXTLS4 | IFCAP2_RXTLS6;

/// `IFCAP_CANTCHANGE` (net/if.h): NETMAP and NV.
const CANTCHANGE: u32 = (1 << 20) | IFCAP_NV;

/// Whether `name` is an mlx5en interface (`mce` and a unit).
fn is_mce(name: &str) -> bool {
    name.strip_prefix("mce").is_some_and(|u| !u.is_empty() && u.bytes().all(|b| b.is_ascii_digit()))
}

/// A host file's `mce` interface without capabilities of its own gets the
/// driver's at attach; before 14 without IFCAP_NV (no such bit, no
/// second word).
pub(super) fn attach_defaults(iface: &mut Interface, release: Release) {
    if !is_mce(&iface.name) || iface.options.is_some() || iface.settings.capability_words.is_some() {
        return;
    }
    let words = if release.has_ifcap_nv() {
        CapabilityWords {
            supported: MCE_CAPABILITIES,
            supported2: MCE_CAPABILITIES2,
            enabled2: MCE_CAPABILITIES2,
        }
    } else {
        CapabilityWords { supported: MCE_CAPABILITIES & !IFCAP_NV, ..Default::default() }
    };
    iface.options = Some(Capabilities::from_bits_retain(words.supported));
    iface.settings.capability_words = Some(words);
}

/// The bits mlx5e_ioctl flips when asked, in its order, after the
/// checksum ones (which may also clear TSO) and before TSO.
const TOGGLED_EARLY: [u32; 6] =
    [bit::MEXTPG, bit::TXTLS4, bit::TXTLS6, bit::TXTLS_RTLMT, bit::RXCSUM, bit::RXCSUM_IPV6];
/// The ones after TSO.
const TOGGLED_LATE: [u32; 8] = [
    bit::VLAN_HWTSO,
    bit::VLAN_HWFILTER,
    bit::VLAN_HWTAGGING,
    bit::WOL_MAGIC,
    bit::VXLAN_HWCSUM,
    bit::VXLAN_HWTSO,
    bit::LRO,
    bit::HWRXTSTMP,
];
/// The second word's.
const TOGGLED2: [u32; 3] = [IFCAP2_RXTLS4, IFCAP2_RXTLS6, IFCAP2_IPSEC_OFFLOAD];

/// mlx5e_ioctl's `siocsifcap_driver`: flip what differs from the request,
/// bit by bit; `-txcsum` also drops TSO4 (`-txcsum6` TSO6), and TSO4
/// (TSO6) cannot come on while TXCSUM (TXCSUM_IPV6) is off: EAGAIN. A bit
/// it does not know (NV, LINKSTATE, HWSTATS, JUMBO_MTU, VLAN_MTU,
/// VLAN_HWCSUM, TXRTLMT) stays as it was. The driver half-applies before
/// an EAGAIN; the model refuses before it changes anything.
pub fn mlx5e_setcap(cur: (u32, u32), req: (u32, u32)) -> std::result::Result<(u32, u32), Errno> {
    let (mut en, mut mask) = (cur.0, req.0 ^ cur.0);
    for (csum, tso) in [(bit::TXCSUM, bit::TSO4), (bit::TXCSUM_IPV6, bit::TSO6)] {
        if mask & csum != 0 {
            en ^= csum;
            if en & tso != 0 && en & csum == 0 {
                mask &= !tso;
                en &= !tso;
            }
        }
    }
    for b in TOGGLED_EARLY.into_iter().filter(|b| mask & b != 0) {
        en ^= b;
    }
    for (tso, csum) in [(bit::TSO4, bit::TXCSUM), (bit::TSO6, bit::TXCSUM_IPV6)] {
        if mask & tso != 0 {
            if en & tso == 0 && en & csum == 0 {
                return Err(Errno::EAGAIN);
            }
            en ^= tso;
        }
    }
    for b in TOGGLED_LATE.into_iter().filter(|b| mask & b != 0) {
        en ^= b;
    }
    let mask2 = req.1 ^ cur.1;
    let en2 = TOGGLED2.into_iter().filter(|b| mask2 & b != 0).fold(cur.1, |w, b| w ^ b);
    Ok((en, en2))
}

impl Host {
    /// The enabled first word and the capability words of `ifname`, where
    /// the model knows its supported set.
    fn words_of(&self, ifname: &str) -> Option<(u32, CapabilityWords)> {
        let i = self.iface(ifname)?;
        Some((i.options.map_or(0, |c| c.bits()), i.settings.capability_words?))
    }

    /// Whether `ifname` advertises IFCAP_NV (SIOCGIFCAPNV answers).
    pub fn has_nv(&self, ifname: &str) -> bool {
        self.words_of(ifname).is_some_and(|(_, w)| w.supported & IFCAP_NV != 0)
    }

    /// SIOCSIFCAP (`caps` set or cleared, as setifcap asks) on an
    /// interface whose supported set the model knows: setifcap keeps only
    /// supported bits, and the driver flips the rest (mlx5en's rules for
    /// `mce`, else the request as it is). `None` for other interfaces.
    pub(super) fn words_setcap(&mut self, ifname: &str, caps: u32, set: bool) -> Option<Result<()>> {
        let (en, w) = self.words_of(ifname)?;
        let want = if set { en | caps } else { en & !caps } & w.supported;
        let change = IfaceChange::Capabilities { caps: Capabilities::from_bits_retain(caps), set };
        Some(self.words_apply(ifname, (en, w), (want, w.enabled2), &change))
    }

    /// SIOCSIFCAPNV with `list` (name, enable): if.c's checks, then the
    /// driver.
    pub(super) fn nv_setcapnv(&mut self, ifname: &str, list: &[(String, bool)]) -> Result<()> {
        let change = IfaceChange::CapabilityNv(list.to_vec());
        let Some((en, w)) = self.words_of(ifname).filter(|_| self.has_nv(ifname)) else {
            // IFCAP_NV on a driver whose second word the model does not
            // keep (geneve): said, not guessed.
            return Err(Error::Unsupported(format!(
                "the virtual host keeps no IFCAP2 (nv) capabilities for {ifname}"
            )));
        };
        let req =
            (capnv_to_word(self.release, 0, list, en), capnv_to_word(self.release, 1, list, w.enabled2));
        self.words_apply(ifname, (en, w), req, &change)
    }

    fn words_apply(
        &mut self,
        ifname: &str,
        (en, w): (u32, CapabilityWords),
        req: (u32, u32),
        change: &IfaceChange,
    ) -> Result<()> {
        let refuse = |e| -> Error { crate::types::refused(change, e, self.release) };
        // ifhwioctl: a bit the interface does not support.
        if req.0 & !w.supported != 0 || req.1 & !w.supported2 != 0 {
            return Err(refuse(Errno::EINVAL));
        }
        let (new, new2) = if is_mce(ifname) {
            mlx5e_setcap((en, w.enabled2), req).map_err(refuse)?
        } else {
            // Another driver takes the request as it is, but for
            // IFCAP_CANTCHANGE (NETMAP, NV: not in the nvlist's names).
            ((req.0 & !CANTCHANGE) | (en & CANTCHANGE), req.1)
        };
        self.with(ifname, |i| {
            i.options = Some(Capabilities::from_bits_retain(new));
            if let Some(n) = i.settings.capability_words.as_mut() {
                n.enabled2 = new2;
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: (u32, u32) = (MCE_CAPABILITIES, MCE_CAPABILITIES2);

    #[test]
    fn minus_txcsum_drops_tso4_too() {
        let (en, _) = mlx5e_setcap(ALL, (ALL.0 & !bit::TXCSUM, ALL.1)).unwrap();
        assert_eq!(ALL.0 ^ en, bit::TXCSUM | bit::TSO4);
    }

    #[test]
    fn tso4_needs_txcsum_first() {
        let off = ALL.0 & !(bit::TXCSUM | bit::TSO4);
        assert_eq!(mlx5e_setcap((off, 0), (off | bit::TSO4, 0)), Err(Errno::EAGAIN));
    }

    #[test]
    fn bits_the_driver_does_not_know_stay() {
        // TXRTLMT (bit 24) is supported but mlx5e_ioctl never flips it.
        let (en, _) = mlx5e_setcap(ALL, (ALL.0 & !(1 << 24), ALL.1)).unwrap();
        assert_eq!(en, ALL.0);
    }

    #[test]
    fn the_second_word_flips_rxtls() {
        assert_eq!(mlx5e_setcap(ALL, (ALL.0, 0)), Ok((ALL.0, 0)));
    }

    #[test]
    fn only_mce_units_get_the_drivers_capabilities() {
        for (name, nv) in [("mce0", true), ("mce12", true), ("mce", false), ("mcex0", false), ("igb0", false)]
        {
            let mut i = Interface { name: name.into(), ..Default::default() };
            attach_defaults(&mut i, Release::V14_0);
            assert_eq!(i.settings.capability_words.is_some(), nv, "{name}");
        }
        let mut old = Interface { name: "mce0".into(), ..Default::default() };
        attach_defaults(&mut old, Release::V10_0);
        assert_eq!(old.options.map(|o| o.bits()), Some(0xffed_07bb));
        let words = old.settings.capability_words.unwrap();
        assert_eq!((words.supported, words.supported2), (0xffed_07bb, 0));
    }
}
