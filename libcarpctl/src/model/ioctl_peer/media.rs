//! SIOCGIFMEDIA / SIOCGIFXMEDIA of the model kernel: `ifmedia_ioctl`
//! answering from the host's `media` and `status` text.
//!
//! The host stores what ifconfig prints, so the words are read back from
//! it ([`parse_media_line`], Ethernet forms only). An interface without
//! media text (loopback, bridge) answers EINVAL, as FreeBSD's drivers do
//! for a request they do not handle (`ether_ioctl`, `loioctl`); so does
//! media text the model cannot turn back into words: the interface then
//! simply has no media line over this API.

use super::{text, ModelIoctl};
use crate::error::Errno;
use crate::sys::media::{
    ifm_subtype, ifm_type, ifmediareq, IFM_ACTIVE, IFM_AVALID, IFM_ETHER, IFM_ETH_XTYPE, IFM_OTHER, IFM_TMASK,
};
use crate::sys::media_text::parse_media_line;
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
    /// `ifmedia_ioctl(SIOCGIFMEDIA / SIOCGIFXMEDIA)`.
    pub(super) fn get_media(&self, r: &mut ifmediareq, extended: bool) -> std::result::Result<(), Errno> {
        let iface = self.iface(&text(&r.ifm_name))?;
        let (current, active) = iface.media.as_deref().and_then(parse_media_line).ok_or(Errno::EINVAL)?;
        if r.ifm_count < 0 {
            return Err(Errno::EINVAL);
        }
        let (current, active) = if extended { (current, active) } else { (compat(current), compat(active)) };
        r.ifm_current = current as i32;
        r.ifm_active = active as i32;
        r.ifm_mask = 0;
        r.ifm_status = status_word(iface) as i32;
        if r.ifm_count > 0 {
            // The model keeps no media list to copy out.
            return Err(Errno::EFAULT);
        }
        // One supported medium per distinct word seen (the model keeps no
        // list); never 0, which ifconfig reports as "no media types?".
        r.ifm_count = if current == active { 1 } else { 2 };
        Ok(())
    }
}
