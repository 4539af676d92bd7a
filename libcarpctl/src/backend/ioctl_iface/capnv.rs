//! The nv capability words (`rxtls`, 15's `ipsec`) over ioctl, as
//! ifconfig.c's `setifcapnv` makes them: SIOCGIFCAP, and unless the
//! enabled capabilities show `IFCAP_NV` only the warning
//! [`IFCAP_NV_NOT_SUPPORTED`]; else SIOCSIFCAPNV with a packed nvlist of
//! one boolean per capability name. And the listing's read of an
//! `IFCAP_NV` interface: SIOCGIFCAPNV's list, one boolean per supported
//! bit of both words (if.c `if_capint_to_capnv`), decoded into
//! [`CapabilityWords`].

use super::{read_err, Keywords, Raw};
use crate::error::{Error, Result};
use crate::nvlist::{NvList, NvValue};
use crate::sys::abi::ifreq;
use crate::sys::nvreq::{NvRequest, SIOCSIFCAPNV};
use crate::sys::nvreq::{NV_GET_ROOM, SIOCGIFCAPNV};
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{CapabilityWords, Release, IFCAP_NV, IFCAP_NV_NOT_SUPPORTED};

/// The SIOCSIFCAPNV list: each name with `true` to enable.
pub(crate) fn capnv_list(names: &[(String, bool)]) -> NvList {
    let mut l = NvList::new();
    for (name, on) in names {
        l.set(name, NvValue::Bool(*on));
    }
    l
}

/// The capability words of `ifname`, whose SIOCGIFCAP answered
/// `supported` (`ifr_reqcap`; every bit set stands for no supported set
/// known, as the model's kernel answers for drivers it keeps none for);
/// on an IFCAP_NV interface SIOCGIFCAPNV's list gives the second word.
pub(crate) fn words_read<S: IoctlSys>(
    sys: &mut S,
    ifname: &str,
    supported: u32,
    release: Release,
) -> Option<CapabilityWords> {
    if supported == u32::MAX {
        return None;
    }
    let plain = CapabilityWords { supported, ..Default::default() };
    if supported & IFCAP_NV == 0 || !release.has_ifcap_nv() {
        return Some(plain);
    }
    let mut ifr = ifreq::new(ifname)?;
    let mut buf = vec![0u8; NV_GET_ROOM];
    ifr.set_nv_lengths(NV_GET_ROOM as u32, 0);
    let req = NvRequest::Packed { request: SIOCGIFCAPNV, ifr: &mut ifr, buf: &mut buf };
    if sys.ioctl(IoctlRequest::Nv(req)).is_err() {
        return Some(plain);
    }
    let len = (ifr.nv_length() as usize).min(buf.len());
    NvList::unpack(&buf[..len]).ok().map(|list| capnv_decode(&list, supported, release)).or(Some(plain))
}

/// The second word of SIOCGIFCAPNV's list: a name present is supported,
/// its value says enabled.
fn capnv_decode(list: &NvList, supported: u32, release: Release) -> CapabilityWords {
    let mut nv = CapabilityWords { supported, ..Default::default() };
    for n in release.nv_cap_names().filter(|n| n.word == 1) {
        if let Some(on) = list.bool(n.name) {
            nv.supported2 |= n.bit;
            if on {
                nv.enabled2 |= n.bit;
            }
        }
    }
    nv
}

impl<S: IoctlSys> Keywords<'_, S> {
    pub(super) fn capnv_write(
        &mut self,
        ifname: &str,
        ifr: &mut ifreq,
        names: &[(String, bool)],
    ) -> Result<Raw<()>> {
        self.sys.ioctl(IoctlRequest::GetCap(ifr)).map_err(|e| read_err(ifname, "ioctl (SIOCGIFCAP)", e))?;
        if ifr.curcap() as u32 & IFCAP_NV == 0 {
            return Err(Error::Refused(IFCAP_NV_NOT_SUPPORTED.into()));
        }
        let mut buf = capnv_list(names).pack();
        let mut r = *ifr;
        r.set_nv_lengths(buf.len() as u32, buf.len() as u32);
        Ok(self.sys.ioctl(IoctlRequest::Nv(NvRequest::Packed {
            request: SIOCSIFCAPNV,
            ifr: &mut r,
            buf: &mut buf,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rxtls` is two names, RXTLS4 and RXTLS6 (net/if_strings.h), each
    /// a bool pair of the list.
    #[test]
    fn the_list_has_one_bool_per_name() {
        let l = capnv_list(&[("RXTLS4".into(), true), ("RXTLS6".into(), true)]);
        let back = NvList::unpack(&l.pack()).unwrap();
        assert_eq!(back.bool("RXTLS4"), Some(true));
        assert_eq!(back.bool("RXTLS6"), Some(true));
        assert_eq!(back.iter().count(), 2);
    }

    /// The kernel's list for mce0 with RXTLS6 off decodes to the second
    /// word; first-word names do not touch it.
    #[test]
    fn the_listing_decodes_the_second_word() {
        let l = capnv_list(&[("TXCSUM".into(), true), ("RXTLS4".into(), true), ("RXTLS6".into(), false)]);
        let nv = capnv_decode(&l, IFCAP_NV | 2, Release::V14_0);
        assert_eq!(nv, CapabilityWords { supported: IFCAP_NV | 2, supported2: 0b11, enabled2: 0b01 });
    }
}
