//! The `AF_NETLINK` socket (Linux and FreeBSD): thin wrappers around
//! socket(2), setsockopt(2), getsockopt(2), send(2) and recvmsg(2).

#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// `AF_NETLINK` of the running OS.
#[cfg(target_os = "linux")]
const AF_NETLINK: i32 = super::AF_NETLINK_LINUX;
#[cfg(target_os = "freebsd")]
const AF_NETLINK: i32 = super::AF_NETLINK_FREEBSD;

/// The smallest receive buffer we use; dumps are split into datagrams
/// that fit the socket's receive buffer, so we use that size if larger.
const MIN_RECV_BUF: usize = 64 * 1024;

/// How long to wait for the kernel's reply before giving up.
const RECV_TIMEOUT_SECS: libc::time_t = 10;

/// A `socket(AF_NETLINK, SOCK_RAW, protocol)` talking to the kernel.
#[derive(Debug)]
pub struct NetlinkSocket {
    fd: OwnedFd,
    recv_len: usize,
}

impl NetlinkSocket {
    /// Open a netlink socket for `protocol` (`NETLINK_ROUTE`,
    /// `NETLINK_GENERIC`), asking for extended acks (best effort).
    #[doc(alias = "socket")]
    pub fn open(protocol: i32) -> io::Result<NetlinkSocket> {
        // SAFETY: socket(2) takes no pointers; a negative result is an error.
        let raw = unsafe { libc::socket(AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, protocol) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a freshly created descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let sock = NetlinkSocket { fd, recv_len: MIN_RECV_BUF };
        // Extended acks only add a message to errors: ignore a refusal.
        let _ = sock.set_int(super::SOL_NETLINK, super::NETLINK_EXT_ACK, 1);
        let timeout = libc::timeval { tv_sec: RECV_TIMEOUT_SECS, tv_usec: 0 };
        sock.set_opt(libc::SOL_SOCKET, libc::SO_RCVTIMEO, &timeout)?;
        let rcvbuf = sock.get_int(libc::SOL_SOCKET, libc::SO_RCVBUF).unwrap_or(0);
        let recv_len = usize::try_from(rcvbuf).unwrap_or(0).max(MIN_RECV_BUF);
        Ok(NetlinkSocket { recv_len, ..sock })
    }

    fn set_int(&self, level: i32, name: i32, value: i32) -> io::Result<()> {
        self.set_opt(level, name, &value)
    }

    fn set_opt<T>(&self, level: i32, name: i32, value: &T) -> io::Result<()> {
        let len = libc::socklen_t::try_from(size_of::<T>())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: `value` points to a live `T` of `len` bytes for the call.
        let rc =
            unsafe { libc::setsockopt(self.fd.as_raw_fd(), level, name, (value as *const T).cast(), len) };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    fn get_int(&self, level: i32, name: i32) -> io::Result<i32> {
        let mut value: i32 = 0;
        let mut len = size_of::<i32>() as libc::socklen_t;
        // SAFETY: `value` and `len` are live locals; the kernel writes at
        // most `len` bytes into `value` and updates `len`.
        let rc = unsafe {
            libc::getsockopt(self.fd.as_raw_fd(), level, name, (&mut value as *mut i32).cast(), &mut len)
        };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(value)
    }

    /// Send one datagram to the kernel.
    pub fn send(&self, buf: &[u8]) -> io::Result<()> {
        // SAFETY: `buf` is a live slice of `buf.len()` readable bytes.
        let n = unsafe { libc::send(self.fd.as_raw_fd(), buf.as_ptr().cast(), buf.len(), 0) };
        match usize::try_from(n) {
            Err(_) => Err(io::Error::last_os_error()),
            Ok(n) if n != buf.len() => Err(io::Error::new(io::ErrorKind::WriteZero, "short netlink send")),
            Ok(_) => Ok(()),
        }
    }

    /// Receive one datagram. A datagram larger than the buffer (which is
    /// the socket's whole receive buffer) is reported as an error rather
    /// than silently cut.
    #[doc(alias = "recvmsg")]
    pub fn recv(&self) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        self.recv_into(&mut buf)?;
        Ok(buf)
    }

    /// Receive one datagram into `buf`, replacing its contents; the
    /// buffer's allocation is reused (grown once to the socket's receive
    /// buffer) and never zeroed first: only what the kernel writes is read.
    pub fn recv_into(&self, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.clear();
        buf.reserve(self.recv_len);
        let room = buf.capacity();
        let mut iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: room };
        // SAFETY: an all-zero msghdr is valid (no name, no control data).
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        let n = loop {
            // SAFETY: `msg` points at one iovec describing `buf`, which
            // outlives the call; the kernel writes at most `iov_len` bytes.
            let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, 0) };
            if let Ok(n) = usize::try_from(n) {
                break n;
            }
            let err = io::Error::last_os_error();
            if err.kind() != io::ErrorKind::Interrupted {
                return Err(err);
            }
        };
        if msg.msg_flags & libc::MSG_TRUNC != 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "netlink datagram truncated"));
        }
        // SAFETY: the kernel wrote `n <= room` bytes at the start of the
        // allocation (recvmsg never returns more than `iov_len`).
        unsafe { buf.set_len(n.min(room)) };
        Ok(())
    }
}
