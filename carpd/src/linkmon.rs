//! Link state from the kernel: an rtnetlink socket subscribed to
//! RTMGRP_LINK, so a link going down or up reaches the engine at once.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use nix::sys::socket::{
    bind, recv, socket, AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType,
};

/// RTMGRP_LINK: the multicast group of link messages.
const RTMGRP_LINK: u32 = 1;
const RTM_NEWLINK: u16 = 16;
const RTM_DELLINK: u16 = 17;
const NLMSG_HDRLEN: usize = 16;
/// `struct ifinfomsg`: family, pad, type, index, flags, change.
const IFINFOMSG_LEN: usize = 16;

/// One link's news: up means administratively up and carrier present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkEvent {
    pub ifindex: u32,
    pub up: bool,
}

/// The subscribed socket.
pub struct LinkMonitor {
    fd: OwnedFd,
}

impl LinkMonitor {
    pub fn open() -> io::Result<LinkMonitor> {
        let fd = socket(
            AddressFamily::Netlink,
            SockType::Raw,
            SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC,
            SockProtocol::NetlinkRoute,
        )?;
        bind(fd.as_raw_fd(), &NetlinkAddr::new(0, RTMGRP_LINK))?;
        Ok(LinkMonitor { fd })
    }

    pub fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Drain what is queued. ENOBUFS (we fell behind) is reported as an
    /// empty read with `overrun` set, so the caller re-reads every link.
    pub fn read(&self, out: &mut Vec<LinkEvent>) -> io::Result<bool> {
        let mut buf = [0u8; 16384];
        loop {
            match recv(self.fd.as_raw_fd(), &mut buf, MsgFlags::MSG_DONTWAIT) {
                Ok(0) => return Ok(false),
                Ok(n) => parse(&buf[..n], out),
                Err(nix::errno::Errno::EAGAIN) => return Ok(false),
                Err(nix::errno::Errno::ENOBUFS) => return Ok(true),
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// Parse a datagram of rtnetlink messages into link events.
pub fn parse(mut buf: &[u8], out: &mut Vec<LinkEvent>) {
    while buf.len() >= NLMSG_HDRLEN {
        let len = u32::from_ne_bytes(buf[0..4].try_into().unwrap_or_default()) as usize;
        let kind = u16::from_ne_bytes(buf[4..6].try_into().unwrap_or_default());
        if len < NLMSG_HDRLEN || len > buf.len() {
            return;
        }
        let body = &buf[NLMSG_HDRLEN..len];
        if (kind == RTM_NEWLINK || kind == RTM_DELLINK) && body.len() >= IFINFOMSG_LEN {
            let ifindex = i32::from_ne_bytes(body[4..8].try_into().unwrap_or_default());
            let flags = u32::from_ne_bytes(body[8..12].try_into().unwrap_or_default());
            let running = libc::IFF_UP as u32 | libc::IFF_RUNNING as u32;
            if let Ok(ifindex) = u32::try_from(ifindex) {
                let up = kind == RTM_NEWLINK && flags & running == running;
                out.push(LinkEvent { ifindex, up });
            }
        }
        buf = &buf[len.next_multiple_of(4).min(buf.len())..];
    }
}

/// Whether a link is up now (sysfs operstate and flags), for start-up.
pub fn is_up(ifname: &str) -> bool {
    let flags = std::fs::read_to_string(format!("/sys/class/net/{ifname}/flags"))
        .ok()
        .and_then(|s| u32::from_str_radix(s.trim().trim_start_matches("0x"), 16).ok())
        .unwrap_or(0);
    let carrier =
        std::fs::read_to_string(format!("/sys/class/net/{ifname}/carrier")).is_ok_and(|s| s.trim() == "1");
    flags & libc::IFF_UP as u32 != 0 && carrier
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(kind: u16, index: i32, flags: u32) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&32u32.to_ne_bytes());
        m.extend_from_slice(&kind.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(&[0, 0, 1, 0]);
        m.extend_from_slice(&index.to_ne_bytes());
        m.extend_from_slice(&flags.to_ne_bytes());
        m.extend_from_slice(&0u32.to_ne_bytes());
        m
    }

    #[test]
    fn newlink_up_and_down_and_dellink() {
        let up = (libc::IFF_UP | libc::IFF_RUNNING) as u32;
        let mut buf = msg(RTM_NEWLINK, 3, up);
        buf.extend(msg(RTM_NEWLINK, 4, libc::IFF_UP as u32));
        buf.extend(msg(RTM_DELLINK, 5, up));
        buf.extend(msg(20, 6, up)); // RTM_NEWADDR: not ours
        let mut out = Vec::new();
        parse(&buf, &mut out);
        assert_eq!(
            out,
            vec![
                LinkEvent { ifindex: 3, up: true },
                LinkEvent { ifindex: 4, up: false },
                LinkEvent { ifindex: 5, up: false },
            ]
        );
    }

    #[test]
    fn truncated_input_is_ignored() {
        let mut out = Vec::new();
        parse(&msg(RTM_NEWLINK, 3, 0)[..20], &mut out);
        assert!(out.is_empty());
    }
}
