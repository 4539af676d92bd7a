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
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        (**self).exchange(protocol, request)
    }
}
