//! What carries netlink requests: a [`Transport`] to a kernel (the real
//! socket, or the model peer in tests) on a [`Protocol`].

use crate::error::Result;
use crate::sys::netlink::{NETLINK_GENERIC, NETLINK_ROUTE};

/// A netlink protocol (socket family member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `NETLINK_ROUTE`.
    Route,
    /// `NETLINK_GENERIC`.
    Generic,
}

impl Protocol {
    /// The protocol number for socket(2).
    pub fn number(self) -> i32 {
        match self {
            Protocol::Route => NETLINK_ROUTE,
            Protocol::Generic => NETLINK_GENERIC,
        }
    }
}

/// Carries one request to a kernel and brings back its replies.
pub trait Transport {
    /// Send `request` (one complete message; its `nlmsg_seq` identifies the
    /// exchange) on `protocol` and return the bytes of the reply messages up
    /// to and including the NLMSG_DONE or NLMSG_ERROR that ends it. Replies
    /// with another sequence number may be included; they are skipped.
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>>;

    /// The same exchange, handing the reply to `each` one datagram at a
    /// time as it arrives, until `each` answers that the exchange is
    /// complete (`Ok(true)`). A transport to a real kernel overrides this
    /// to parse as it receives, from one reused buffer; the default hands
    /// over the whole reply of [`Transport::exchange`] at once.
    fn exchange_each(
        &mut self,
        protocol: Protocol,
        request: &[u8],
        each: &mut dyn FnMut(&[u8]) -> Result<bool>,
    ) -> Result<()> {
        let mut reply = self.exchange(protocol, request)?;
        let done = each(&reply);
        zeroize::Zeroize::zeroize(&mut reply);
        done.map(|_| ())
    }

    /// The same kind of transport, opened inside another network
    /// namespace (`netns`, an open namespace file): what `-vnet` on Linux
    /// sends its request through. Only a socket to a kernel can.
    fn open_in_netns(&self, netns: &std::fs::File) -> Result<Self>
    where
        Self: Sized,
    {
        let _ = netns;
        Err(crate::Error::Unsupported("this transport cannot open inside another network namespace".into()))
    }
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        (**self).exchange(protocol, request)
    }

    fn exchange_each(
        &mut self,
        protocol: Protocol,
        request: &[u8],
        each: &mut dyn FnMut(&[u8]) -> Result<bool>,
    ) -> Result<()> {
        (**self).exchange_each(protocol, request, each)
    }
}
