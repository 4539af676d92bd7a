//! The media read ifmedia.c makes over ioctl(2), for the listing and
//! before SIOCSIFMEDIA: SIOCGIFXMEDIA, or SIOCGIFMEDIA where that fails
//! (10.x kernels, drivers without extended media), first for the words
//! and the number of listed media, then again with room for the list.

use crate::error::{Errno, Error};
use crate::sys::abi::IFNAMSIZ;
use crate::sys::media::ifmediareq;
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{media_read_request, Release};

/// The words, status and list of one interface.
pub(super) struct MediaRead {
    /// The second answer (the first's when nothing is listed).
    pub req: ifmediareq,
    /// The listed words, in the kernel's order.
    pub list: Vec<u32>,
}

/// Read the interface's media.
pub(super) fn read_media<S: IoctlSys>(sys: &mut S, name: [u8; IFNAMSIZ]) -> Result<MediaRead, Errno> {
    let mut req = ifmediareq { ifm_name: name, ..Default::default() };
    let extended = match sys.ioctl(IoctlRequest::GetXMedia(&mut req)) {
        Ok(()) => true,
        Err(_) => {
            req = ifmediareq { ifm_name: name, ..Default::default() };
            sys.ioctl(IoctlRequest::GetMedia(&mut req))?;
            false
        }
    };
    let mut list = vec![0i32; usize::try_from(req.ifm_count).unwrap_or(0)];
    if !list.is_empty() {
        req = ifmediareq { ifm_name: name, ..Default::default() };
        sys.ioctl(IoctlRequest::GetMediaList { req: &mut req, list: &mut list, extended })?;
        list.truncate(usize::try_from(req.ifm_count).unwrap_or(0));
    }
    Ok(MediaRead { req, list: list.into_iter().map(|w| w as u32).collect() })
}

/// ifconfig's message for a failed read (a vanished interface reads as
/// one that does not exist).
pub(super) fn read_error(ifname: &str, release: Release, e: Errno) -> Error {
    match e {
        Errno::ENXIO => Error::NoSuchInterface(ifname.into()),
        e => Error::request(media_read_request(ifname, release), e),
    }
}

/// ifmedia.c's `errx` when a driver lists nothing.
pub(super) fn no_media_types(ifname: &str) -> Error {
    Error::Refused(format!("{ifname}: no media types?"))
}
