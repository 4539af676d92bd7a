//! The raw socket calls std, socket2 and nix do not offer: reading the
//! interface, destination and TTL/hop limit that arrive as control messages
//! with a raw CARP packet, and sending one out of a chosen interface.
//!
//! This is the only module with `unsafe`: `recvmsg`/`sendmsg` take raw
//! pointers to buffers owned by the caller's stack frame, and the CMSG_*
//! macros walk a control buffer the kernel filled. Each block states why it
//! holds.
#![allow(unsafe_code)]

use std::io;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{AsRawFd, BorrowedFd};

/// What came with one received datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvMeta {
    /// Bytes read into the buffer.
    pub len: usize,
    /// The sender.
    pub src: IpAddr,
    /// The destination (IP_PKTINFO / IPV6_PKTINFO), when the kernel said.
    pub dst: Option<IpAddr>,
    /// The receiving interface's index (0 if unknown).
    pub ifindex: u32,
    /// The TTL (IPv4) or hop limit (IPv6), when the kernel said.
    pub ttl: Option<u8>,
}

/// Set an `int` socket option (IP_RECVTTL, IPV6_RECVHOPLIMIT, ...).
pub fn set_int_opt(fd: BorrowedFd<'_>, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: `value` lives across the call and its size is passed with it.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&value as *const i32).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `recvmsg` one datagram (non-blocking socket: WouldBlock when empty).
pub fn recv_with_meta(fd: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<RecvMeta> {
    let mut cbuf = [0u64; 32]; // 256 bytes, aligned for cmsghdr
                               // SAFETY: all-zero is a valid sockaddr_storage and msghdr.
    let mut from: libc::sockaddr_storage = unsafe { zeroed() };
    let mut iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() };
    // SAFETY: as above.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    msg.msg_name = (&mut from as *mut libc::sockaddr_storage).cast();
    msg.msg_namelen = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf.as_mut_ptr().cast();
    msg.msg_controllen = size_of::<[u64; 32]>();
    // SAFETY: every pointer in `msg` refers to a live local buffer whose
    // length is recorded next to it.
    let n = unsafe { libc::recvmsg(fd.as_raw_fd(), &mut msg, libc::MSG_DONTWAIT) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let src =
        sockaddr_ip(&from).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "sender is not IP"))?;
    let mut meta = RecvMeta { len: n as usize, src, dst: None, ifindex: 0, ttl: None };
    // SAFETY: the CMSG_* macros walk the control buffer within
    // msg_controllen, which the kernel set; each payload is read unaligned
    // with the type the (level, type) pair defines.
    unsafe {
        let mut c = libc::CMSG_FIRSTHDR(&msg);
        while !c.is_null() {
            let data = libc::CMSG_DATA(c);
            match ((*c).cmsg_level, (*c).cmsg_type) {
                (libc::IPPROTO_IP, libc::IP_TTL) => {
                    let v = std::ptr::read_unaligned(data.cast::<i32>());
                    meta.ttl = u8::try_from(v).ok();
                }
                (libc::IPPROTO_IP, libc::IP_PKTINFO) => {
                    let pi = std::ptr::read_unaligned(data.cast::<libc::in_pktinfo>());
                    meta.ifindex = pi.ipi_ifindex as u32;
                    meta.dst = Some(IpAddr::V4(Ipv4Addr::from(u32::from_be(pi.ipi_addr.s_addr))));
                }
                (libc::IPPROTO_IPV6, libc::IPV6_HOPLIMIT) => {
                    let v = std::ptr::read_unaligned(data.cast::<i32>());
                    meta.ttl = u8::try_from(v).ok();
                }
                (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) => {
                    let pi = std::ptr::read_unaligned(data.cast::<libc::in6_pktinfo>());
                    meta.ifindex = pi.ipi6_ifindex;
                    meta.dst = Some(IpAddr::V6(Ipv6Addr::from(pi.ipi6_addr.s6_addr)));
                }
                _ => {}
            }
            c = libc::CMSG_NXTHDR(&msg, c);
        }
    }
    Ok(meta)
}

/// `sendmsg` one datagram to `dst` out of interface `ifindex`, with `src`
/// as the source address when given (IP_PKTINFO / IPV6_PKTINFO).
pub fn send_via(
    fd: BorrowedFd<'_>,
    dst: IpAddr,
    ifindex: u32,
    src: Option<IpAddr>,
    payload: &[u8],
) -> io::Result<usize> {
    let mut cbuf = [0u64; 8];
    // SAFETY: all-zero is a valid sockaddr_storage and msghdr.
    let mut to: libc::sockaddr_storage = unsafe { zeroed() };
    let tolen = fill_sockaddr(&mut to, dst);
    let mut iov = libc::iovec { iov_base: payload.as_ptr() as *mut _, iov_len: payload.len() };
    // SAFETY: as above.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    msg.msg_name = (&mut to as *mut libc::sockaddr_storage).cast();
    msg.msg_namelen = tolen;
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf.as_mut_ptr().cast();
    // SAFETY: CMSG_SPACE is a pure size computation; the control buffer is
    // 64 bytes, more than one pktinfo of either family needs; CMSG_FIRSTHDR
    // is non-null because msg_controllen is large enough, and the payload is
    // written unaligned.
    unsafe {
        let (level, kind, len) = match dst {
            IpAddr::V4(_) => (libc::IPPROTO_IP, libc::IP_PKTINFO, size_of::<libc::in_pktinfo>()),
            IpAddr::V6(_) => (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO, size_of::<libc::in6_pktinfo>()),
        };
        msg.msg_controllen = libc::CMSG_SPACE(len as u32) as usize;
        let c = libc::CMSG_FIRSTHDR(&msg);
        (*c).cmsg_level = level;
        (*c).cmsg_type = kind;
        (*c).cmsg_len = libc::CMSG_LEN(len as u32) as usize;
        let data = libc::CMSG_DATA(c);
        if dst.is_ipv6() {
            let a = match src {
                Some(IpAddr::V6(a)) => a,
                _ => Ipv6Addr::UNSPECIFIED,
            };
            let pi = libc::in6_pktinfo {
                ipi6_addr: libc::in6_addr { s6_addr: a.octets() },
                ipi6_ifindex: ifindex,
            };
            std::ptr::write_unaligned(data.cast(), pi);
        } else {
            let a = match src {
                Some(IpAddr::V4(a)) => a,
                _ => Ipv4Addr::UNSPECIFIED,
            };
            let pi = libc::in_pktinfo {
                ipi_ifindex: ifindex as i32,
                ipi_spec_dst: libc::in_addr { s_addr: u32::from(a).to_be() },
                ipi_addr: libc::in_addr { s_addr: 0 },
            };
            std::ptr::write_unaligned(data.cast(), pi);
        }
    }
    // SAFETY: every pointer in `msg` refers to a live local buffer whose
    // length is recorded next to it.
    let n = unsafe { libc::sendmsg(fd.as_raw_fd(), &msg, libc::MSG_DONTWAIT) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

fn fill_sockaddr(ss: &mut libc::sockaddr_storage, ip: IpAddr) -> libc::socklen_t {
    match ip {
        IpAddr::V4(a) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            let sin = unsafe { &mut *(ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_addr.s_addr = u32::from(a).to_be();
            size_of::<libc::sockaddr_in>() as libc::socklen_t
        }
        IpAddr::V6(a) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            let sin6 = unsafe { &mut *(ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_addr.s6_addr = a.octets();
            size_of::<libc::sockaddr_in6>() as libc::socklen_t
        }
    }
}

fn sockaddr_ip(ss: &libc::sockaddr_storage) -> Option<IpAddr> {
    match i32::from(ss.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            Some(IpAddr::V4(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr))))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            Some(IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr)))
        }
        _ => None,
    }
}
