//! One trait for what ifconfig needs from a kernel, and its implementations.
//!
//! * [`crate::model::ModelBackend`]: the virtual FreeBSD host;
//! * `netlink`: FreeBSD 14+ netlink (and, for links/addresses, Linux);
//! * [`ioctl`]: SIOCSVH/SIOCGVH, SIOCAIFADDR(_IN6), getifaddrs and the
//!   interface keywords' requests (FreeBSD 10-15; runs anywhere over an
//!   [`IoctlSys`](crate::sys::IoctlSys));
//! * [`FreeBsdHybrid`]: FreeBSD 14+ as its ifconfig drives it (netlink
//!   for CARP, addresses and listing; ioctl for everything else).

#[cfg(target_os = "linux")]
pub mod carpd;
mod hybrid;
pub mod ioctl;
mod ioctl_iface;
mod ioctl_media;
pub use netlink::linux;
pub use netlink::{freebsd::FreeBsd, linux::Linux};
pub mod netlink;
mod system;

pub use hybrid::FreeBsdHybrid;
pub use system::{enter_jail, open_system, BackendChoice};

use crate::error::{Errno, Result};
use crate::types::{
    AddressRequest, AddressSelector, CarpConfig, CarpSet, CarpStatus, CloneRequest, IfaceChange, Interface,
    Release, Vhid, Vhids,
};

/// What ifconfig needs from a kernel.
pub trait Backend {
    /// A short name for diagnostics (`"model"`, `"netlink"`, `"ioctl"`, `"linux"`).
    fn name(&self) -> &'static str;

    /// The FreeBSD release whose behaviour and output this host follows.
    fn release(&self) -> Release;

    /// Every interface with its addresses (vhids included) and its vhids.
    fn list_interfaces(&mut self) -> Result<Vec<Interface>>;

    /// One interface; `Error::NoSuchInterface` when absent.
    fn interface(&mut self, name: &str) -> Result<Interface> {
        self.list_interfaces()?
            .into_iter()
            .find(|i| i.name == name)
            .ok_or_else(|| crate::Error::NoSuchInterface(name.to_string()))
    }

    /// The whole host as one document. A live kernel's: what it lists, its
    /// release, sysctl defaults; keys only as this process may read them.
    fn snapshot(&mut self) -> Result<crate::Snapshot> {
        crate::snapshot::live_snapshot(self, crate::snapshot::live_privileged())
    }

    /// One vhid, or all of an interface's vhids when `vhid` is `None`.
    /// ENOENT when the interface has no vhid (or not that one).
    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>>;

    /// Set a vhid (creating it when absent).
    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()>;

    /// Add an address, joining its vhid if it names one.
    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()>;

    /// Delete an address.
    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()>;

    /// Bring the interface up or down.
    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()>;

    /// Set the MTU.
    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()>;

    /// Set the metric.
    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()>;

    /// Configure a vhid, creating it when absent, changing only what
    /// `config` gives: ifconfig's read-merge-write (GET it, ENOENT = start
    /// from zeroes; overlay `config`; SET the whole request). The merge
    /// matters because the kernel always replaces advskew and state.
    fn configure_vhid(&mut self, ifname: &str, config: &CarpConfig) -> Result<()> {
        let base = match self.carp_get(ifname, Some(config.vhid)) {
            Ok(list) => match list.iter().find(|s| s.vhid == config.vhid) {
                Some(st) => CarpSet::from_status(st),
                None => CarpSet::zeroed(config.vhid),
            },
            Err(e) if e.errno() == Some(Errno::ENOENT) => CarpSet::zeroed(config.vhid),
            Err(e) => return Err(e),
        };
        self.carp_set(ifname, &config.overlay(base))
    }

    /// Every vhid of the host, with its interface and addresses.
    fn vhids(&mut self) -> Result<Vhids> {
        Ok(Vhids::of(self.list_interfaces()?))
    }

    /// Any other change ifconfig's keywords make. Backends without the
    /// concept answer `Error::Unsupported` naming the reason, and change
    /// nothing.
    fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        let _ = (ifname, change);
        Err(crate::Error::Unsupported(format!("{}: this backend cannot make that change", self.name())))
    }

    /// Create a cloned interface; returns the name it got (`bridge0`,
    /// `epair0a`).
    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        Err(crate::Error::Unsupported(format!("{}: cannot create {}", self.name(), req.name)))
    }

    /// Destroy a cloned interface.
    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        Err(crate::Error::Unsupported(format!("{}: cannot destroy {ifname}", self.name())))
    }

    /// The interface cloners (`ifconfig -C`).
    fn cloners(&mut self) -> Result<Vec<String>> {
        Err(crate::Error::Unsupported(format!("{}: cannot list interface cloners", self.name())))
    }

    /// The address cache of bridge `ifname` (`addr`, BRDGRTS), in the
    /// kernel's order; `unable to get address cache` (EINVAL) when
    /// `ifname` is no bridge. Kernels whose listing does not carry the
    /// cache (Linux: the fdb is a dump of its own) read it here.
    fn bridge_addresses(&mut self, ifname: &str) -> Result<Vec<crate::types::BridgeCacheEntry>> {
        cache_in_listing(self, ifname)
    }
}

/// The address cache as the listing of `ifname` carries it.
pub fn cache_in_listing<B: Backend + ?Sized>(
    backend: &mut B,
    ifname: &str,
) -> Result<Vec<crate::types::BridgeCacheEntry>> {
    match backend.interface(ifname)?.settings.bridge {
        Some(b) => Ok(b.cache),
        None => Err(crate::Error::request("unable to get address cache", Errno::EINVAL)),
    }
}

/// The same as [`Backend::configure_vhid`] (kept for existing callers).
pub fn merge_and_set<B: Backend + ?Sized>(backend: &mut B, ifname: &str, config: &CarpConfig) -> Result<()> {
    backend.configure_vhid(ifname, config)
}
