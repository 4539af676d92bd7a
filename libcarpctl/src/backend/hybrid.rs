//! FreeBSD 14+ as its own ifconfig drives it: netlink for CARP, addresses
//! and the listing; ioctl(2) for the link itself (flags, MTU, metric), for
//! every other interface keyword (description, name, groups, fib, lladdr,
//! capabilities, nd6, cloning, vlan, bridge, lagg: [`Keywords`](super::ioctl::Keywords))
//! and for the listing's lines netlink does not carry.

use super::ioctl::IoctlBackend;
use super::netlink::{NetlinkBackend, Transport};
use super::{Backend, FreeBsd};
use crate::error::Result;
use crate::sys::IoctlSys;
use crate::types::{
    AddressRequest, AddressSelector, CarpSet, CarpStatus, CloneRequest, IfaceChange, Interface, Release, Vhid,
};

/// Netlink over `T` and, when its socket opened, ioctl over `S`.
#[derive(Debug)]
pub struct FreeBsdHybrid<T: Transport, S: IoctlSys> {
    /// The netlink side.
    pub nl: NetlinkBackend<T, FreeBsd>,
    /// The ioctl side (`None`: every ioctl request goes to netlink, which
    /// refuses what it cannot do).
    pub link: Option<IoctlBackend<S>>,
}

impl<T: Transport, S: IoctlSys> FreeBsdHybrid<T, S> {
    fn link(&mut self) -> &mut dyn Backend {
        match &mut self.link {
            Some(io) => io,
            None => &mut self.nl,
        }
    }
}

impl<T: Transport, S: IoctlSys> Backend for FreeBsdHybrid<T, S> {
    fn name(&self) -> &'static str {
        "netlink"
    }
    fn release(&self) -> Release {
        self.nl.release()
    }
    /// The netlink listing, each interface completed by the ioctl side.
    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let mut list = self.nl.list_interfaces()?;
        if let Some(io) = &mut self.link {
            list.iter_mut().for_each(|i| io.enrich(i));
        }
        Ok(list)
    }
    fn interface(&mut self, name: &str) -> Result<Interface> {
        let mut iface = self.nl.interface(name)?;
        if let Some(io) = &mut self.link {
            io.enrich(&mut iface);
        }
        Ok(iface)
    }
    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.nl.carp_get(ifname, vhid)
    }
    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        self.nl.carp_set(ifname, req)
    }
    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        self.nl.add_address(ifname, req)
    }
    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        self.nl.delete_address(ifname, which)
    }
    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        self.link().set_up(ifname, up)
    }
    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        self.link().set_mtu(ifname, mtu)
    }
    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
        self.link().set_metric(ifname, metric)
    }
    /// geneve(4)'s words go over netlink (ifgeneve.c), the rest as ioctls.
    fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        match change {
            IfaceChange::Geneve(_) => self.nl.change(ifname, change),
            _ => self.link().change(ifname, change),
        }
    }
    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        if super::netlink::freebsd::is_netlink_clone(self.nl.release(), req) {
            return self.nl.create_interface(req);
        }
        self.link().create_interface(req)
    }
    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        self.link().destroy_interface(ifname)
    }
    fn cloners(&mut self) -> Result<Vec<String>> {
        self.link().cloners()
    }
}
