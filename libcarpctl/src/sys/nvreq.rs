//! The requests that carry a packed nvlist through `ifr_cap_nv` (`struct
//! ifreq_nv_req` in `net/if.h`: `buf_length`, `length`, `buffer`):
//! pfsync(4)'s `SIOCGETPFSYNCNV` / `SIOCSETPFSYNCNV` (14.0 on) and the
//! capability words' `SIOCGIFCAPNV` / `SIOCSIFCAPNV` (13.0 on); and the
//! older pfsync pair `SIOCGETPFSYNC` / `SIOCSETPFSYNC` with `ifr_data`
//! pointing at a `struct pfsyncreq` (10.0 on, kept by 14's kernel).
//!
//! A SET copies in `length` bytes (the kernel refuses more than
//! `IFR_CAP_NV_MAXBUFSIZE`: EINVAL); a GET packs its answer and refuses
//! with EFBIG, telling the length, when it is longer than `buf_length`.

use std::mem::size_of;

use super::abi::ifreq;
use super::pfsync::pfsyncreq;
use super::request::{iow, iowr};

const IFREQ: usize = size_of::<ifreq>();

/// `SIOCSIFCAPNV`.
pub const SIOCSIFCAPNV: u64 = iow(b'i', 155, IFREQ);
/// `SIOCGIFCAPNV`.
pub const SIOCGIFCAPNV: u64 = iowr(b'i', 156, IFREQ);
/// `SIOCSETPFSYNC`.
pub const SIOCSETPFSYNC: u64 = iow(b'i', 247, IFREQ);
/// `SIOCGETPFSYNC`.
pub const SIOCGETPFSYNC: u64 = iowr(b'i', 248, IFREQ);
/// `SIOCSETPFSYNCNV`.
pub const SIOCSETPFSYNCNV: u64 = iow(b'i', 249, IFREQ);
/// `SIOCGETPFSYNCNV`.
pub const SIOCGETPFSYNCNV: u64 = iowr(b'i', 250, IFREQ);
/// `IFR_CAP_NV_MAXBUFSIZE`: the most a SET may carry.
pub const IFR_CAP_NV_MAXBUFSIZE: usize = 2 * 1024 * 1024;
/// What the backend offers a GET (ifconfig offers the maximum; these
/// answers are a few hundred bytes, and a longer one says EFBIG).
pub const NV_GET_ROOM: usize = 16 * 1024;

/// The requests that go as [`NvRequest::Packed`].
pub const PACKED_REQUESTS: [u64; 4] = [SIOCSIFCAPNV, SIOCGIFCAPNV, SIOCSETPFSYNCNV, SIOCGETPFSYNCNV];

/// Offsets of `ifr_cap_nv`'s members inside `ifr_ifru`.
pub mod cap_nv {
    /// `buf_length` (u_int).
    pub const BUF_LENGTH: usize = 0;
    /// `length` (u_int).
    pub const LENGTH: usize = 4;
    /// `buffer` (a pointer).
    pub const BUFFER: usize = 8;
}

impl ifreq {
    /// `ifr_cap_nv.buf_length` and `.length`.
    pub fn set_nv_lengths(&mut self, buf_length: u32, length: u32) {
        self.ifr_ifru[cap_nv::BUF_LENGTH..cap_nv::BUF_LENGTH + 4].copy_from_slice(&buf_length.to_ne_bytes());
        self.ifr_ifru[cap_nv::LENGTH..cap_nv::LENGTH + 4].copy_from_slice(&length.to_ne_bytes());
    }

    /// `ifr_cap_nv.buf_length`.
    pub fn nv_buf_length(&self) -> u32 {
        let b = &self.ifr_ifru[cap_nv::BUF_LENGTH..cap_nv::BUF_LENGTH + 4];
        u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// `ifr_cap_nv.length`.
    pub fn nv_length(&self) -> u32 {
        let b = &self.ifr_ifru[cap_nv::LENGTH..cap_nv::LENGTH + 4];
        u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    /// `ifr_cap_nv.buffer` (only a number here: the kernel follows it).
    pub fn set_nv_buffer(&mut self, addr: u64) {
        self.ifr_ifru[cap_nv::BUFFER..cap_nv::BUFFER + 8].copy_from_slice(&addr.to_ne_bytes());
    }
}

/// One nvlist (or `pfsyncreq`) request.
#[derive(Debug)]
pub enum NvRequest<'a> {
    /// SIOCGETPFSYNC / SIOCSETPFSYNC (`set`): `ifr_data` -> `preq`.
    Pfsync {
        /// Names the interface.
        ifr: &'a mut ifreq,
        /// The request (copied in) or the answer (copied out).
        preq: &'a mut pfsyncreq,
        /// SET (true) or GET.
        set: bool,
    },
    /// One of [`PACKED_REQUESTS`]: `ifr_cap_nv.buffer` -> `buf`, whose
    /// first `ifr_cap_nv.length` bytes are the packed list; `buf_length`
    /// is `buf.len()`.
    Packed {
        /// The request number.
        request: u64,
        /// Names the interface and holds the lengths.
        ifr: &'a mut ifreq,
        /// The buffer.
        buf: &'a mut [u8],
    },
}

impl NvRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        match self {
            NvRequest::Pfsync { set: true, .. } => SIOCSETPFSYNC,
            NvRequest::Pfsync { set: false, .. } => SIOCGETPFSYNC,
            NvRequest::Packed { request, .. } => *request,
        }
    }

    /// The interface the request names.
    pub fn ifname(&self) -> String {
        let (NvRequest::Pfsync { ifr, .. } | NvRequest::Packed { ifr, .. }) = self;
        ifr.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amd64 values, worked out by hand from `sys/sockio.h` and
    /// `net/if_pfsync.h` (all take a `struct ifreq`, 32 bytes).
    #[test]
    fn numbers() {
        assert_eq!(SIOCSIFCAPNV, 0x8020_699B);
        assert_eq!(SIOCGIFCAPNV, 0xC020_699C);
        assert_eq!(SIOCSETPFSYNC, 0x8020_69F7);
        assert_eq!(SIOCGETPFSYNC, 0xC020_69F8);
        assert_eq!(SIOCSETPFSYNCNV, 0x8020_69F9);
        assert_eq!(SIOCGETPFSYNCNV, 0xC020_69FA);
    }

    #[test]
    fn lengths_sit_where_ifreq_nv_req_has_them() {
        let mut ifr = ifreq::new("pfsync0").unwrap();
        ifr.set_nv_lengths(4096, 77);
        ifr.set_nv_buffer(0x1122_3344_5566_7788);
        assert_eq!((ifr.nv_buf_length(), ifr.nv_length()), (4096, 77));
        assert_eq!(&ifr.ifr_ifru[0..4], &4096u32.to_ne_bytes());
        assert_eq!(&ifr.ifr_ifru[8..16], &0x1122_3344_5566_7788u64.to_ne_bytes());
    }
}
