use super::Host;
use crate::backend::Backend;
use crate::error::{Error, Op, Result};
use crate::types::{AddressRequest, AddressSelector, CarpSet, CarpStatus, Family, Interface, Release, Vhid};

/// The virtual FreeBSD host as a [`Backend`].
#[derive(Debug, Clone)]
pub struct ModelBackend {
    /// The host's state; read it back after applying changes.
    pub host: Host,
}

impl ModelBackend {
    /// A backend on `host`.
    pub fn new(host: Host) -> ModelBackend {
        ModelBackend { host }
    }

    fn known(&self, ifname: &str) -> Result<()> {
        match self.host.iface(ifname) {
            Some(_) => Ok(()),
            None => Err(Error::NoSuchInterface(ifname.to_string())),
        }
    }
}

impl Backend for ModelBackend {
    fn name(&self) -> &'static str {
        "model"
    }

    fn release(&self) -> Release {
        self.host.release
    }

    /// Every interface; its vhids as the release's native GET reports them
    /// (no key for an unprivileged caller, no peers before 14), none where
    /// that GET fails (e.g. a loopback).
    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let mut list = self.host.interfaces.clone();
        for iface in &mut list {
            iface.carp = self.host.carp_get(&iface.name, None).unwrap_or_default();
        }
        // 14+ reports the link state as IFF_LOWER_UP (netlink's view).
        if self.host.release.shows_lower_up() {
            for i in list.iter_mut().filter(|i| i.status.as_deref() == Some("active")) {
                i.flags.insert(crate::types::IfFlags::LOWER_UP);
            }
        }
        Ok(list)
    }

    /// The host as it is (the model is the kernel: keys included).
    fn snapshot(&mut self) -> Result<crate::Snapshot> {
        Ok(crate::Snapshot::of(self.host.clone()))
    }

    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.known(ifname)?;
        self.host.carp_get(ifname, vhid).map_err(|e| Error::kernel(Op::GetVhid, e))
    }

    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        self.known(ifname)?;
        self.host.carp_set(ifname, req).map_err(|e| Error::kernel(Op::SetVhid, e))
    }

    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        self.known(ifname)?;
        let op = if req.family() == Family::Inet6 { Op::AddAddr6 } else { Op::AddAddr };
        self.host.add_address(ifname, req).map_err(|e| Error::kernel(op, e))
    }

    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        self.known(ifname)?;
        let family = match which {
            AddressSelector::Exact(a) => Family::of(a),
            AddressSelector::First(f) => *f,
        };
        let op = if family == Family::Inet6 { Op::DelAddr6 } else { Op::DelAddr };
        self.host.delete_address(ifname, which).map_err(|e| Error::kernel(op, e))
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        self.known(ifname)?;
        self.host.set_up(ifname, up).map_err(|e| Error::kernel(Op::SetFlags, e))
    }

    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        self.known(ifname)?;
        self.host.set_mtu(ifname, mtu).map_err(|e| Error::kernel(Op::SetMtu, e))
    }

    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
        self.known(ifname)?;
        self.host.set_metric(ifname, metric).map_err(|e| Error::kernel(Op::SetMetric, e))
    }
}
