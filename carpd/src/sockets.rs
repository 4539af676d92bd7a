//! The two raw CARP sockets (IPv4 and IPv6, protocol 112): the kernel builds
//! the IP header; we set TTL/hop limit 255, TOS 0x10, no multicast loop, and
//! ask for the TTL and the receiving interface with every packet.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{AsFd, AsRawFd, RawFd};

use libcarpctl::{CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6};
use socket2::{Domain, Protocol, Socket, Type};

use crate::sys::{self, RecvMeta};

/// IANA protocol number of CARP (shared with VRRP).
pub const IPPROTO_CARP: i32 = 112;
/// FreeBSD's CARP_DFLTTL: sent and required.
pub const CARP_TTL: u32 = 255;
/// IPTOS_LOWDELAY, as carp_send_ad_locked sets.
const TOS_LOWDELAY: u32 = 0x10;

/// One raw socket of one family.
pub struct CarpSocket {
    sock: Socket,
    v6: bool,
}

impl CarpSocket {
    /// The IPv4 socket.
    pub fn v4() -> io::Result<CarpSocket> {
        let sock = Socket::new(Domain::IPV4, Type::RAW, Some(Protocol::from(IPPROTO_CARP)))?;
        sock.set_nonblocking(true)?;
        sock.set_header_included_v4(false)?;
        sock.set_ttl(CARP_TTL)?;
        sock.set_multicast_ttl_v4(CARP_TTL)?;
        sock.set_multicast_loop_v4(false)?;
        sock.set_tos(TOS_LOWDELAY)?;
        sys::set_int_opt(sock.as_fd(), libc::IPPROTO_IP, libc::IP_RECVTTL, 1)?;
        sys::set_int_opt(sock.as_fd(), libc::IPPROTO_IP, libc::IP_PKTINFO, 1)?;
        Ok(CarpSocket { sock, v6: false })
    }

    /// The IPv6 socket.
    pub fn v6() -> io::Result<CarpSocket> {
        let sock = Socket::new(Domain::IPV6, Type::RAW, Some(Protocol::from(IPPROTO_CARP)))?;
        sock.set_nonblocking(true)?;
        sock.set_unicast_hops_v6(CARP_TTL)?;
        sock.set_multicast_hops_v6(CARP_TTL)?;
        sock.set_multicast_loop_v6(false)?;
        sys::set_int_opt(sock.as_fd(), libc::IPPROTO_IPV6, libc::IPV6_RECVHOPLIMIT, 1)?;
        sys::set_int_opt(sock.as_fd(), libc::IPPROTO_IPV6, libc::IPV6_RECVPKTINFO, 1)?;
        Ok(CarpSocket { sock, v6: true })
    }

    /// Join the CARP group on an interface (idempotent: EADDRINUSE is fine).
    pub fn join(&self, ifindex: u32) -> io::Result<()> {
        let r = if self.v6 {
            self.sock.join_multicast_v6(&CARP_DEFAULT_PEER6, ifindex)
        } else {
            let mreqn = socket2::InterfaceIndexOrAddress::Index(ifindex);
            self.sock.join_multicast_v4_n(&CARP_DEFAULT_PEER, &mreqn)
        };
        match r {
            Err(e) if e.raw_os_error() == Some(libc::EADDRINUSE) => Ok(()),
            r => r,
        }
    }

    /// Leave the CARP group on an interface (errors ignored: it may be gone).
    pub fn leave(&self, ifindex: u32) {
        let _ = if self.v6 {
            self.sock.leave_multicast_v6(&CARP_DEFAULT_PEER6, ifindex)
        } else {
            let mreqn = socket2::InterfaceIndexOrAddress::Index(ifindex);
            self.sock.leave_multicast_v4_n(&CARP_DEFAULT_PEER, &mreqn)
        };
    }

    /// Read one packet. For IPv4 the kernel hands us the IP header too:
    /// the returned range is the CARP payload.
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<(RecvMeta, std::ops::Range<usize>)> {
        let meta = sys::recv_with_meta(self.sock.as_fd(), buf)?;
        if self.v6 {
            return Ok((meta, 0..meta.len));
        }
        let ihl = buf.first().map_or(0, |b| usize::from(b & 0x0f) * 4);
        if ihl < 20 || ihl > meta.len {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "short IPv4 packet"));
        }
        let mut meta = meta;
        // IP_RECVTTL is reported, but the header has it too: use it if not.
        meta.ttl = meta.ttl.or(buf.get(8).copied());
        Ok((meta, ihl..meta.len))
    }

    /// Send a CARP payload to `dst` out of `ifindex`, from `src` if given.
    pub fn send(&self, dst: IpAddr, ifindex: u32, src: Option<IpAddr>, payload: &[u8]) -> io::Result<()> {
        sys::send_via(self.sock.as_fd(), dst, ifindex, src, payload).map(|_| ())
    }

    /// The descriptor, for the event loop.
    pub fn raw_fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }
}

/// An unspecified address of the family of `ip`.
pub fn unspecified_like(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}
