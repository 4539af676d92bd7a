//! One trait for what ifconfig needs from a kernel, and its implementations.
//!
//! * [`crate::model::ModelBackend`]: the virtual FreeBSD host;
//! * `netlink`: FreeBSD 14+ netlink (and, for links/addresses, Linux);
//! * [`ioctl`]: SIOCSVH/SIOCGVH, SIOCAIFADDR(_IN6), getifaddrs (FreeBSD
//!   10-15; runs anywhere over an [`IoctlSys`](crate::sys::IoctlSys)).

pub mod ioctl;
pub mod linux;
pub mod netlink;
mod system;

pub use system::{open_system, BackendChoice};

use crate::error::{Errno, Result};
use crate::types::{
    AddressRequest, AddressSelector, CarpConfig, CarpSet, CarpStatus, Interface, Release, Vhid,
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
}

/// ifconfig's read-merge-write of a vhid: GET it (ENOENT = start from
/// zeroes), overlay what `config` gives, SET the whole request. The merge
/// matters because the kernel always replaces advskew and state.
pub fn merge_and_set<B: Backend + ?Sized>(backend: &mut B, ifname: &str, config: &CarpConfig) -> Result<()> {
    let base = match backend.carp_get(ifname, Some(config.vhid)) {
        Ok(list) => match list.iter().find(|s| s.vhid == config.vhid) {
            Some(st) => CarpSet::from_status(st),
            None => CarpSet::zeroed(config.vhid),
        },
        Err(e) if e.errno() == Some(Errno::ENOENT) => CarpSet::zeroed(config.vhid),
        Err(e) => return Err(e),
    };
    backend.carp_set(ifname, &config.overlay(base))
}
