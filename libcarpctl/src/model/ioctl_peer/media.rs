//! SIOCGIFMEDIA / SIOCGIFXMEDIA of the model kernel: `ifmedia_ioctl`
//! answering from the host's `media` and `status` text and the driver's
//! media list (`model/media.rs`).
//!
//! The host stores what ifconfig prints, so the words are read back from
//! it (Ethernet forms only). An interface without media text (loopback,
//! bridge) answers EINVAL, as FreeBSD's drivers do for a request they do
//! not handle (`ether_ioctl`, `loioctl`); so does media text the model
//! cannot turn back into words: the interface then simply has no media
//! line over this API.

use super::{text, ModelIoctl};
use crate::error::Errno;
use crate::model::media::media_state;
use crate::sys::media::{
    ifm_subtype, ifm_type, ifmediareq, IFM_ACTIVE, IFM_AVALID, IFM_ETHER, IFM_ETH_XTYPE, IFM_OTHER, IFM_TMASK,
};
use crate::types::Interface;

/// `compat_media`: what SIOCGIFMEDIA (not X) reports for an extended
/// Ethernet subtype.
fn compat(w: u32) -> u32 {
    if ifm_type(w) == IFM_ETHER && ifm_subtype(w) > IFM_OTHER {
        (w & !(IFM_ETH_XTYPE | IFM_TMASK)) | IFM_OTHER
    } else {
        w
    }
}

/// The driver's status callback: `IFM_AVALID`, plus `IFM_ACTIVE` with a
/// carrier.
fn status_word(iface: &Interface) -> u32 {
    match iface.status_text() {
        Some("active") => IFM_AVALID | IFM_ACTIVE,
        Some(_) => IFM_AVALID,
        None => 0,
    }
}

impl ModelIoctl {
    /// `ifmedia_ioctl(SIOCGIFMEDIA / SIOCGIFXMEDIA)` with no list asked
    /// for: the words, the status and the number of listed media.
    pub(super) fn get_media(&self, r: &mut ifmediareq, extended: bool) -> std::result::Result<(), Errno> {
        if r.ifm_count < 0 {
            return Err(Errno::EINVAL);
        }
        if r.ifm_count != 0 || r.ifm_ulist != 0 {
            // A list goes through `GetMediaList`, which owns the buffer.
            return Err(Errno::EFAULT);
        }
        let n = self.media_into(r, extended, &mut [])?;
        r.ifm_count = n;
        Ok(())
    }

    /// The same with the list copied into `list` (E2BIG when it does not
    /// fit, as ifmedia_ioctl).
    pub(super) fn get_media_list(
        &self,
        r: &mut ifmediareq,
        list: &mut [i32],
        extended: bool,
    ) -> std::result::Result<(), Errno> {
        if list.is_empty() {
            return Err(Errno::EFAULT);
        }
        r.ifm_count = self.media_into(r, extended, list)?;
        Ok(())
    }

    /// Fill the words and status; copy the list into `list` unless it is
    /// empty; the number of listed media.
    fn media_into(&self, r: &mut ifmediareq, extended: bool, list: &mut [i32]) -> Result<i32, Errno> {
        let iface = self.iface(&text(&r.ifm_name))?;
        let m = media_state(iface).ok_or(Errno::EINVAL)?;
        let word = |w: u32| if extended { w } else { compat(w) };
        r.ifm_current = word(m.current) as i32;
        r.ifm_active = word(m.active) as i32;
        r.ifm_mask = 0;
        r.ifm_status = status_word(iface) as i32;
        if !list.is_empty() {
            if list.len() < m.list.len() {
                return Err(Errno::E2BIG);
            }
            for (slot, w) in list.iter_mut().zip(&m.list) {
                *slot = word(*w) as i32;
            }
        }
        Ok(m.list.len() as i32)
    }
}
