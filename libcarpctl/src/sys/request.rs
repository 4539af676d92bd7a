//! ioctl request numbers, computed as `sys/ioccom.h` does:
//! `dir | (len & IOCPARM_MASK) << 16 | group << 8 | num`, with the length
//! taken from our own `#[repr(C)]` structs (so a wrong struct size shows
//! up as a wrong request number too).

use std::mem::size_of;

use super::abi::{ifreq, in6_aliasreq, in6_ifreq, in6_ndireq, in_aliasreq};
use super::{bridge, drivers, ifreq_iface as iface, in6_state, lagg, nvreq, tunnel};

/// `IOCPARM_SHIFT`: bits for the parameter length.
pub const IOCPARM_SHIFT: u32 = 13;
/// `IOCPARM_MASK`.
pub const IOCPARM_MASK: u32 = (1 << IOCPARM_SHIFT) - 1;
/// `IOC_VOID`: no parameters.
pub const IOC_VOID: u32 = 0x2000_0000;
/// `IOC_OUT`: copy parameters out.
pub const IOC_OUT: u32 = 0x4000_0000;
/// `IOC_IN`: copy parameters in.
pub const IOC_IN: u32 = 0x8000_0000;
/// `IOC_INOUT`.
pub const IOC_INOUT: u32 = IOC_IN | IOC_OUT;

/// `_IOC(inout, group, num, len)`; `u_long` on amd64.
pub const fn ioc(inout: u32, group: u8, num: u8, len: usize) -> u64 {
    (inout | ((len as u32 & IOCPARM_MASK) << 16) | ((group as u32) << 8) | num as u32) as u64
}

/// `_IOW(group, num, type)`: the kernel copies `len` bytes in.
pub const fn iow(group: u8, num: u8, len: usize) -> u64 {
    ioc(IOC_IN, group, num, len)
}

/// `_IOWR(group, num, type)`: copied in and back out.
pub const fn iowr(group: u8, num: u8, len: usize) -> u64 {
    ioc(IOC_INOUT, group, num, len)
}

/// `IOCPARM_LEN(x)`.
pub const fn iocparm_len(req: u64) -> usize {
    ((req >> 16) as u32 & IOCPARM_MASK) as usize
}

const IFREQ: usize = size_of::<ifreq>();

/// `SIOCSVH`: set a vhid (`ifr_data` -> `struct carpreq`).
pub const SIOCSVH: u64 = iowr(b'i', 245, IFREQ);
/// `SIOCGVH`: get a vhid (`ifr_data` -> `struct carpreq`).
pub const SIOCGVH: u64 = iowr(b'i', 246, IFREQ);
/// `SIOCAIFADDR`: add an inet address (`struct ifaliasreq` = `in_aliasreq`).
pub const SIOCAIFADDR: u64 = iow(b'i', 43, size_of::<in_aliasreq>());
/// `SIOCDIFADDR`: delete an inet address (`struct ifreq`).
pub const SIOCDIFADDR: u64 = iow(b'i', 25, IFREQ);
/// `SIOCAIFADDR_IN6`: add an inet6 address.
pub const SIOCAIFADDR_IN6: u64 = iow(b'i', 27, size_of::<in6_aliasreq>());
/// `SIOCDIFADDR_IN6`: delete an inet6 address.
pub const SIOCDIFADDR_IN6: u64 = iow(b'i', 25, size_of::<in6_ifreq>());
/// `SIOCSIFFLAGS`.
pub const SIOCSIFFLAGS: u64 = iow(b'i', 16, IFREQ);
/// `SIOCGIFFLAGS`.
pub const SIOCGIFFLAGS: u64 = iowr(b'i', 17, IFREQ);
/// `SIOCGIFMETRIC`.
pub const SIOCGIFMETRIC: u64 = iowr(b'i', 23, IFREQ);
/// `SIOCSIFMETRIC`.
pub const SIOCSIFMETRIC: u64 = iow(b'i', 24, IFREQ);
/// `SIOCGIFCAP`.
pub const SIOCGIFCAP: u64 = iowr(b'i', 31, IFREQ);
/// `SIOCGIFMTU`.
pub const SIOCGIFMTU: u64 = iowr(b'i', 51, IFREQ);
/// `SIOCSIFMTU`.
pub const SIOCSIFMTU: u64 = iow(b'i', 52, IFREQ);
/// `SIOCGIFINFO_IN6`: per-interface ND6 information (`nd6 options=`).
pub const SIOCGIFINFO_IN6: u64 = iowr(b'i', 108, size_of::<in6_ndireq>());

/// Every request number of `sys/` with its C name: the one table the ABI
/// check asserts and requests are named from (bridge commands, which
/// share `SIOC[GS]DRVSPEC`, are `bridge::COMMANDS`).
pub const REQUESTS: [(&str, u64); 77] = [
    ("SIOCSVH", SIOCSVH),
    ("SIOCGVH", SIOCGVH),
    ("SIOCAIFADDR", SIOCAIFADDR),
    ("SIOCDIFADDR", SIOCDIFADDR),
    ("SIOCAIFADDR_IN6", SIOCAIFADDR_IN6),
    ("SIOCDIFADDR_IN6", SIOCDIFADDR_IN6),
    ("SIOCSIFFLAGS", SIOCSIFFLAGS),
    ("SIOCGIFFLAGS", SIOCGIFFLAGS),
    ("SIOCGIFMETRIC", SIOCGIFMETRIC),
    ("SIOCSIFMETRIC", SIOCSIFMETRIC),
    ("SIOCGIFCAP", SIOCGIFCAP),
    ("SIOCGIFMTU", SIOCGIFMTU),
    ("SIOCSIFMTU", SIOCSIFMTU),
    ("SIOCGIFINFO_IN6", SIOCGIFINFO_IN6),
    ("SIOCGIFAFLAG_IN6", in6_state::SIOCGIFAFLAG_IN6),
    ("SIOCGIFALIFETIME_IN6", in6_state::SIOCGIFALIFETIME_IN6),
    ("SIOCSIFCAP", iface::SIOCSIFCAP),
    ("SIOCSIFMEDIA", iface::SIOCSIFMEDIA),
    ("SIOCSIFNAME", iface::SIOCSIFNAME),
    ("SIOCSIFDESCR", iface::SIOCSIFDESCR),
    ("SIOCGIFDESCR", iface::SIOCGIFDESCR),
    ("SIOCSIFLLADDR", iface::SIOCSIFLLADDR),
    ("SIOCSIFVNET", iface::SIOCSIFVNET),
    ("SIOCSIFRVNET", iface::SIOCSIFRVNET),
    ("SIOCGIFFIB", iface::SIOCGIFFIB),
    ("SIOCSIFFIB", iface::SIOCSIFFIB),
    ("SIOCGTUNFIB", iface::SIOCGTUNFIB),
    ("SIOCSTUNFIB", iface::SIOCSTUNFIB),
    ("SIOCIFGCLONERS", iface::SIOCIFGCLONERS),
    ("SIOCIFDESTROY", iface::SIOCIFDESTROY),
    ("SIOCIFCREATE2", iface::SIOCIFCREATE2),
    ("SIOCAIFGROUP", iface::SIOCAIFGROUP),
    ("SIOCGIFGROUP", iface::SIOCGIFGROUP),
    ("SIOCDIFGROUP", iface::SIOCDIFGROUP),
    ("SIOCSIFINFO_IN6", iface::SIOCSIFINFO_IN6),
    ("SIOCSDEFIFACE_IN6", iface::SIOCSDEFIFACE_IN6),
    ("SIOCGDEFIFACE_IN6", iface::SIOCGDEFIFACE_IN6),
    ("SIOCGVLANPCP", iface::SIOCGLANPCP),
    ("SIOCSVLANPCP", iface::SIOCSLANPCP),
    ("SIOCGETVLAN", iface::SIOCGIFGENERIC),
    ("SIOCSETVLAN", iface::SIOCSIFGENERIC),
    ("SIOCSDRVSPEC", bridge::SIOCSDRVSPEC),
    ("SIOCGDRVSPEC", bridge::SIOCGDRVSPEC),
    ("SIOCGLAGGPORT", lagg::SIOCGLAGGPORT),
    ("SIOCSLAGGPORT", lagg::SIOCSLAGGPORT),
    ("SIOCSLAGGDELPORT", lagg::SIOCSLAGGDELPORT),
    ("SIOCGLAGG", lagg::SIOCGLAGG),
    ("SIOCSLAGG", lagg::SIOCSLAGG),
    ("SIOCGLAGGFLAGS", lagg::SIOCGLAGGFLAGS),
    ("SIOCSLAGGHASH", lagg::SIOCSLAGGHASH),
    ("SIOCGLAGGOPTS", lagg::SIOCGLAGGOPTS),
    ("SIOCSLAGGOPTS", lagg::SIOCSLAGGOPTS),
    ("SIOCSIFPHYADDR", tunnel::SIOCSIFPHYADDR),
    ("SIOCGIFPSRCADDR", tunnel::SIOCGIFPSRCADDR),
    ("SIOCGIFPDSTADDR", tunnel::SIOCGIFPDSTADDR),
    ("SIOCDIFPHYADDR", tunnel::SIOCDIFPHYADDR),
    ("SIOCSIFPHYADDR_IN6", tunnel::SIOCSIFPHYADDR_IN6),
    ("SIOCGIFPSRCADDR_IN6", tunnel::SIOCGIFPSRCADDR_IN6),
    ("SIOCGIFPDSTADDR_IN6", tunnel::SIOCGIFPDSTADDR_IN6),
    ("GIFGOPTS", tunnel::GIFGOPTS),
    ("GIFSOPTS", tunnel::GIFSOPTS),
    ("GREGKEY", tunnel::GREGKEY),
    ("GRESKEY", tunnel::GRESKEY),
    ("GREGOPTS", tunnel::GREGOPTS),
    ("GRESOPTS", tunnel::GRESOPTS),
    ("GREGPORT", tunnel::GREGPORT),
    ("GRESPORT", tunnel::GRESPORT),
    ("SIOCSIFCAPNV", nvreq::SIOCSIFCAPNV),
    ("SIOCGIFCAPNV", nvreq::SIOCGIFCAPNV),
    ("SIOCSETPFSYNC", nvreq::SIOCSETPFSYNC),
    ("SIOCGETPFSYNC", nvreq::SIOCGETPFSYNC),
    ("SIOCSETPFSYNCNV", nvreq::SIOCSETPFSYNCNV),
    ("SIOCGETPFSYNCNV", nvreq::SIOCGETPFSYNCNV),
    ("IPSECGREQID", drivers::IPSECGREQID),
    ("IPSECSREQID", drivers::IPSECSREQID),
    ("SIOCGIFMAC", drivers::SIOCGIFMAC),
    ("SIOCSIFMAC", drivers::SIOCSIFMAC),
];

/// Requests whose number differs from the header's because the struct
/// differs by release (not in the ABI check: zig's headers are 14.x's).
pub const OLD_RELEASE_REQUESTS: [(&str, u64); 2] =
    [("SIOCGLAGGOPTS", lagg::SIOCGLAGGOPTS_10), ("SIOCSLAGGOPTS", lagg::SIOCSLAGGOPTS_10)];

/// The C name of request `code` (`SIOC?` for one not in the tables).
pub fn name_of(code: u64) -> &'static str {
    REQUESTS.iter().chain(&OLD_RELEASE_REQUESTS).find(|(_, n)| *n == code).map_or("SIOC?", |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values `sys/sockio.h` and friends expand to on amd64 (the
    /// reference page's table, plus SIOCSIFMTU/SIOCSIFMETRIC/SIOCGIFINFO_IN6
    /// worked out by hand from their definitions).
    #[test]
    fn request_numbers_match_the_headers() {
        let expected: [(&str, u64); 14] = [
            ("SIOCSVH", 0xC020_69F5),
            ("SIOCGVH", 0xC020_69F6),
            ("SIOCAIFADDR", 0x8044_692B),
            ("SIOCDIFADDR", 0x8020_6919),
            ("SIOCAIFADDR_IN6", 0x8088_691B),
            ("SIOCDIFADDR_IN6", 0x8120_6919),
            ("SIOCSIFFLAGS", 0x8020_6910),
            ("SIOCGIFFLAGS", 0xC020_6911),
            ("SIOCGIFMETRIC", 0xC020_6917),
            ("SIOCSIFMETRIC", 0x8020_6918),
            ("SIOCGIFCAP", 0xC020_691F),
            ("SIOCGIFMTU", 0xC020_6933),
            ("SIOCSIFMTU", 0x8020_6934),
            ("SIOCGIFINFO_IN6", 0xC048_696C),
        ];
        assert_eq!(REQUESTS[..14], expected);
        for (name, code) in REQUESTS {
            assert_eq!(name_of(code), name);
        }
        assert_eq!(name_of(super::lagg::SIOCSLAGGOPTS_10), "SIOCSLAGGOPTS");
    }

    #[test]
    fn encoding_fields_round_trip() {
        assert_eq!(iocparm_len(SIOCAIFADDR_IN6), 136);
        assert_eq!(iocparm_len(SIOCDIFADDR_IN6), 288);
        assert_eq!((SIOCGVH >> 8) & 0xff, u64::from(b'i'));
        assert_eq!(SIOCGVH & 0xff, 246);
        assert_eq!(SIOCGVH as u32 & IOC_INOUT, IOC_INOUT);
        assert_eq!(SIOCSIFMTU as u32 & IOC_INOUT, IOC_IN);
        // A length wider than the 13-bit field is cut, as in C.
        assert_eq!(iocparm_len(ioc(IOC_IN, b'i', 1, 0x2000 + 5)), 5);
        assert_eq!(ioc(IOC_VOID, b'i', 1, 0), 0x2000_6901);
    }
}
