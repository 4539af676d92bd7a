//! The real transport: `AF_NETLINK` sockets to the running kernel (Linux
//! and FreeBSD), opened on first use, one per protocol.

use std::io;

use super::{Protocol, Transport};
use crate::error::{Errno, Error, Op, Result};
use crate::netlink::msg::{self, Header};
use crate::netlink::nla::align;
use crate::sys::netlink::NetlinkSocket;

/// Netlink sockets to the kernel this process runs on (in the network
/// namespace or vnet it was in when the socket was opened).
#[derive(Debug, Default)]
pub struct SocketTransport {
    route: Option<NetlinkSocket>,
    generic: Option<NetlinkSocket>,
    /// The receive buffer, reused by every exchange.
    buf: Vec<u8>,
}

fn socket_error(e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(n) => Error::kernel(Op::Socket, Errno::from_host(n)),
        None => Error::Io(e),
    }
}

impl SocketTransport {
    /// A transport whose sockets open on first use.
    pub fn new() -> SocketTransport {
        SocketTransport::default()
    }

    /// A transport with its rtnetlink socket open now (so that a missing
    /// netlink shows at once, and the socket binds to the current network
    /// namespace).
    pub fn open() -> Result<SocketTransport> {
        let mut t = SocketTransport::new();
        t.socket(Protocol::Route)?;
        Ok(t)
    }

    fn receive_each(
        &mut self,
        protocol: Protocol,
        request: &[u8],
        buf: &mut Vec<u8>,
        each: &mut dyn FnMut(&[u8]) -> Result<bool>,
    ) -> Result<()> {
        let sock = self.socket(protocol)?;
        sock.send(request).map_err(socket_error)?;
        loop {
            sock.recv_into(buf).map_err(socket_error)?;
            let done = each(buf);
            // Replies of the carp family may hold a key: leave none behind
            // (only the bytes received: the rest was never written).
            if protocol == Protocol::Generic {
                zeroize::Zeroize::zeroize(buf.as_mut_slice());
            }
            if done? {
                return Ok(());
            }
        }
    }

    fn socket(&mut self, protocol: Protocol) -> Result<&NetlinkSocket> {
        let slot = match protocol {
            Protocol::Route => &mut self.route,
            Protocol::Generic => &mut self.generic,
        };
        if slot.is_none() {
            *slot = Some(NetlinkSocket::open(protocol.number()).map_err(socket_error)?);
        }
        slot.as_ref().ok_or_else(|| Error::kernel(Op::Socket, Errno::EBADF))
    }
}

impl Transport for SocketTransport {
    /// A thread enters the namespace and opens the rtnetlink socket there;
    /// the socket stays bound to that namespace after the thread ends.
    #[cfg(target_os = "linux")]
    fn open_in_netns(&self, netns: &std::fs::File) -> Result<Self> {
        let ns = netns.try_clone()?;
        std::thread::spawn(move || {
            super::netns::enter(&ns)?;
            SocketTransport::open()
        })
        .join()
        .unwrap_or_else(|_| Err(Error::Unsupported("the thread that entered the namespace stopped".into())))
    }

    fn exchange_each(
        &mut self,
        protocol: Protocol,
        request: &[u8],
        each: &mut dyn FnMut(&[u8]) -> Result<bool>,
    ) -> Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        let done = self.receive_each(protocol, request, &mut buf, each);
        self.buf = buf;
        done
    }

    /// The whole reply, gathered through the one receive loop of
    /// [`Transport::exchange_each`] (datagrams joined at their alignment).
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        let seq = Header::parse(request)?.seq;
        let mut all = Vec::new();
        self.exchange_each(protocol, request, &mut |datagram| {
            let complete = msg::collect(datagram, seq)?.complete;
            all.extend_from_slice(datagram);
            all.resize(align(all.len()), 0);
            Ok(complete)
        })?;
        Ok(all)
    }
}
