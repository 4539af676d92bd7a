//! One model kernel behind both of FreeBSD 14+'s channels, as the real
//! kernel is: [`SharedKernel`] answers netlink bytes (as [`NetlinkPeer`])
//! and ioctl structs (as [`ModelIoctl`]) from the same [`Host`], so
//! [`FreeBsdHybrid`] runs end to end the way ifconfig 14+ drives FreeBSD.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Host, ModelIoctl, NetlinkPeer};
use crate::backend::ioctl::IoctlBackend;
use crate::backend::netlink::{NetlinkBackend, Protocol, Transport};
use crate::backend::FreeBsdHybrid;
use crate::error::{Errno, Result};
use crate::sys::{IfAddrEntry, IoctlRequest, IoctlSys};

/// A handle on the shared kernel; clones share it.
#[derive(Debug, Clone)]
pub struct SharedKernel {
    io: Rc<RefCell<ModelIoctl>>,
}

impl SharedKernel {
    /// The kernel of `host`.
    pub fn new(host: Host) -> SharedKernel {
        SharedKernel { io: Rc::new(RefCell::new(ModelIoctl::new(host))) }
    }

    /// FreeBSD 14+'s backend (netlink and ioctl) over the kernel of `host`.
    pub fn hybrid(host: Host) -> FreeBsdHybrid<SharedKernel, SharedKernel> {
        let release = host.release;
        let k = SharedKernel::new(host);
        FreeBsdHybrid {
            nl: NetlinkBackend::freebsd(k.clone(), release),
            link: Some(IoctlBackend::new(k, release)),
        }
    }

    /// The host as it is now.
    pub fn host(&self) -> Host {
        self.io.borrow().host.clone()
    }

    /// The ioctls made so far (netlink requests are not recorded here).
    pub fn calls(&self) -> Vec<super::IoctlCall> {
        self.io.borrow().calls.clone()
    }
}

impl IoctlSys for SharedKernel {
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> std::result::Result<(), Errno> {
        self.io.borrow_mut().ioctl(req)
    }

    fn getifaddrs(&mut self) -> Result<Vec<IfAddrEntry>> {
        self.io.borrow_mut().getifaddrs()
    }

    fn jail_id(&mut self, name: &str) -> Result<i32> {
        self.io.borrow_mut().jail_id(name)
    }
}

impl Transport for SharedKernel {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        let mut io = self.io.borrow_mut();
        let release = io.host.release;
        let mut peer = NetlinkPeer::new(std::mem::replace(&mut io.host, Host::new(release)));
        let reply = peer.exchange(protocol, request);
        io.host = peer.host;
        reply
    }
}
