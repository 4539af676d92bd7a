//! The nv capability words (`rxtls`, 15's `ipsec`) over ioctl, as
//! ifconfig.c's `setifcapnv` makes them: SIOCGIFCAP, and unless the
//! enabled capabilities show `IFCAP_NV` only the warning
//! [`IFCAP_NV_NOT_SUPPORTED`]; else SIOCSIFCAPNV with a packed nvlist of
//! one boolean per capability name.

use super::{read_err, Keywords, Raw};
use crate::error::{Error, Result};
use crate::nvlist::{NvList, NvValue};
use crate::sys::abi::ifreq;
use crate::sys::nvreq::{NvRequest, SIOCSIFCAPNV};
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{IFCAP_NV, IFCAP_NV_NOT_SUPPORTED};

/// The SIOCSIFCAPNV list: each name with `true` to enable.
pub(crate) fn capnv_list(names: &[(String, bool)]) -> NvList {
    let mut l = NvList::new();
    for (name, on) in names {
        l.set(name, NvValue::Bool(*on));
    }
    l
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
}
