//! The raw ABI of ipsec(4)'s and stf(4)'s words: `reqid` (IPSECGREQID /
//! IPSECSREQID in `net/if_ipsec.h`, one `uint32_t` that `ifr_data` points
//! at, sent as a [`TunnelRequest::Value`](super::tunnel::TunnelRequest))
//! and 6rd's `stfv4net` / `stfv4br` (`net/if_stf.h`: `STF6RD_SV4NET`,
//! `STF6RD_SBR`, read back with `STF6RD_GV4NET`, each a `struct
//! stfv4args` through SIOCSDRVSPEC / SIOCGDRVSPEC, as ifstf.c's `do_cmd`
//! sends them; 14.0 on); and mac(4)'s `maclabel` (SIOCSIFMAC with a
//! `struct mac` at `ifr_data`, ifmac.c).

use std::mem::size_of;
use std::net::Ipv4Addr;

use super::abi::{ifreq, in_addr, IFNAMSIZ};
use super::bridge::{ifdrv, SIOCGDRVSPEC, SIOCSDRVSPEC};
use super::request::{iow, iowr};

/// `IPSECGREQID`.
pub const IPSECGREQID: u64 = iowr(b'i', 160, size_of::<ifreq>());
/// `IPSECSREQID`.
pub const IPSECSREQID: u64 = iow(b'i', 161, size_of::<ifreq>());
/// `SIOCGIFMAC`: the interface's MAC label (`ifr_data` -> `struct mac`).
pub const SIOCGIFMAC: u64 = iowr(b'i', 38, size_of::<ifreq>());
/// `SIOCSIFMAC`: set it.
pub const SIOCSIFMAC: u64 = iow(b'i', 39, size_of::<ifreq>());
/// `STF6RD_SV4NET`: set the 6rd IPv4 prefix.
pub const STF6RD_SV4NET: u64 = 1;
/// `STF6RD_GV4NET`: read the prefix and the border relay.
pub const STF6RD_GV4NET: u64 = 2;
/// `STF6RD_SBR`: set the border relay.
pub const STF6RD_SBR: u64 = 3;

/// `struct stfv4args`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct stfv4args {
    /// `srcv4_addr` (network order).
    pub srcv4_addr: in_addr,
    /// `braddr` (network order).
    pub braddr: in_addr,
    /// `v4_prefixlen`.
    pub v4_prefixlen: i32,
}

impl stfv4args {
    /// The prefix's address.
    pub fn v4net(&self) -> Ipv4Addr {
        self.srcv4_addr.into()
    }

    /// The border relay.
    pub fn br(&self) -> Ipv4Addr {
        self.braddr.into()
    }
}

/// `struct mac` (`sys/mac.h`): a label's text and its buffer's length.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct mac {
    /// `m_buflen` (the text's NUL included).
    pub m_buflen: u64,
    /// `m_string` (a pointer, as a number).
    pub m_string: u64,
}

/// SIOCSIFMAC / SIOCGIFMAC (`set`): `ifr_data` -> a `struct mac` whose
/// string is `text` (NUL-terminated; `m_buflen` its length).
#[derive(Debug)]
pub struct MacRequest<'a> {
    /// Names the interface.
    pub ifr: &'a mut ifreq,
    /// The label text and its NUL (or room for the answer).
    pub text: &'a mut [u8],
    /// SIOCSIFMAC (true) or SIOCGIFMAC.
    pub set: bool,
}

impl MacRequest<'_> {
    /// The request number.
    pub fn request(&self) -> u64 {
        if self.set {
            SIOCSIFMAC
        } else {
            SIOCGIFMAC
        }
    }
}

/// The name of stf command `cmd`.
pub fn command_name(cmd: u64) -> &'static str {
    match cmd {
        STF6RD_SV4NET => "STF6RD_SV4NET",
        STF6RD_GV4NET => "STF6RD_GV4NET",
        STF6RD_SBR => "STF6RD_SBR",
        _ => "STF6RD_?",
    }
}

/// One stf command: `ifd_data` -> `args` (`ifd_len` its size).
#[derive(Debug)]
pub struct StfRequest<'a> {
    /// The command (`ifd_cmd`) for the interface.
    pub ifd: &'a mut ifdrv,
    /// SIOCSDRVSPEC (true) or SIOCGDRVSPEC.
    pub set: bool,
    /// The argument, copied in or out.
    pub args: &'a mut stfv4args,
}

impl StfRequest<'_> {
    /// A request for `name`'s command `cmd`.
    pub fn ifdrv_for(name: [u8; IFNAMSIZ], cmd: u64) -> ifdrv {
        ifdrv { ifd_name: name, ifd_cmd: cmd, ifd_len: size_of::<stfv4args>() as u64, ifd_data: 0 }
    }

    /// The request number.
    pub fn request(&self) -> u64 {
        if self.set {
            SIOCSDRVSPEC
        } else {
            SIOCGDRVSPEC
        }
    }

    /// The interface the request names.
    pub fn ifname(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifd.ifd_name)).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amd64 values, worked out by hand from `net/if_ipsec.h`.
    #[test]
    fn numbers_and_size() {
        assert_eq!(IPSECGREQID, 0xC020_69A0);
        assert_eq!(IPSECSREQID, 0x8020_69A1);
        assert_eq!(size_of::<stfv4args>(), 12);
        assert_eq!((SIOCGIFMAC, SIOCSIFMAC), (0xC020_6926, 0x8020_6927));
        assert_eq!(size_of::<mac>(), 16);
    }
}
