use super::Host;
use crate::backend::Backend;
use crate::error::{Changed, Errno, Error, Op, Result};
use crate::types::{
    AddressRequest, AddressSelector, CarpSet, CarpStatus, CloneRequest, Family, IfFlags, IfaceChange,
    Interface, Release, Vhid,
};

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

    /// Run a kernel rule that may change `ifname`; on refusal, also say
    /// whether it left the interface changed (the ioctl of 10-14.0
    /// half-applies a SET; in6_control keeps an address whose vhid it
    /// refuses).
    fn changing(
        &mut self,
        ifname: &str,
        rule: impl FnOnce(&mut Host) -> std::result::Result<(), Errno>,
    ) -> std::result::Result<(), (Errno, Changed)> {
        let before = self.host.iface(ifname).cloned();
        rule(&mut self.host).map_err(|errno| {
            let changed =
                if self.host.iface(ifname) == before.as_ref() { Changed::Nothing } else { Changed::Partly };
            (errno, changed)
        })
    }
}

impl ModelBackend {
    /// `iface` as a listing shows it: its vhids as the release's native GET
    /// reports them (no key for an unprivileged caller, no peers before
    /// 14), none where that GET fails (e.g. a loopback); on 14+ the link
    /// state as IFF_LOWER_UP (netlink's view); its capabilities, 0 included.
    fn listed(&self, iface: &Interface) -> Interface {
        let mut out = iface.clone();
        out.carp = self.host.carp_of(iface).unwrap_or_default();
        // SIOCGIFCAP / netlink's capability bitset answer for every
        // interface of a FreeBSD kernel, 0 included (`None` is for kernels
        // that report none, as Linux).
        out.options.get_or_insert_with(Default::default);
        if let Some(b) = out.settings.bridge.as_mut() {
            self.host.stp_view(iface, b);
        }
        out.supported_media = super::media::supported_lines(iface);
        let lacp = self.host.lacp_state(iface);
        if let Some(l) = out.settings.lagg.as_mut() {
            l.lacp = lacp;
        }
        // wg has no media: its link is up while it runs (wg_up's
        // if_link_state_change).
        let wg_up =
            Host::driver_of(iface) == Some("wg") && iface.flags.contains(IfFlags::UP | IfFlags::RUNNING);
        // An l3 geneve (IFT_TUNNEL) has no media: netlink's operstate
        // follows IFF_UP (iface.c get_operstate).
        let tunnel_up =
            out.settings.geneve.is_some() && out.media.is_none() && iface.flags.contains(IfFlags::UP);
        if self.host.release.shows_lower_up()
            && (out.status == Some(crate::types::LinkStatus::Active) || wg_up || tunnel_up)
        {
            out.flags.insert(crate::types::IfFlags::LOWER_UP);
        }
        out
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
        Ok(self.host.interfaces.iter().map(|i| self.listed(i)).collect())
    }

    /// One interface, without listing the others.
    fn interface(&mut self, name: &str) -> Result<Interface> {
        match self.host.iface(name) {
            Some(i) => Ok(self.listed(i)),
            None => Err(Error::NoSuchInterface(name.to_string())),
        }
    }

    /// The host as it is (the model is the kernel: keys included).
    fn snapshot(&mut self) -> Result<crate::Snapshot> {
        Ok(crate::Snapshot::of(self.host.clone()))
    }

    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.known(ifname)?;
        self.host.carp_get(ifname, vhid).map_err(|e| Error::kernel(Op::GetVhid, e).in_carp_get(ifname, vhid))
    }

    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        self.known(ifname)?;
        self.changing(ifname, |h| h.carp_set(ifname, req))
            .map_err(|e| Error::kernel(Op::SetVhid, e.0).in_carp_set(ifname, req).with_changed(e.1))
    }

    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        self.known(ifname)?;
        let op = if req.family() == Family::Inet6 { Op::AddAddr6 } else { Op::AddAddr };
        self.changing(ifname, |h| h.add_address(ifname, req))
            .map_err(|e| Error::kernel(op, e.0).in_add_address(ifname, req).with_changed(e.1))
    }

    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        self.known(ifname)?;
        let family = match which {
            AddressSelector::Exact(a) => Family::of(a),
            AddressSelector::First(f) => *f,
        };
        let op = if family == Family::Inet6 { Op::DelAddr6 } else { Op::DelAddr };
        self.changing(ifname, |h| h.delete_address(ifname, which))
            .map_err(|e| Error::kernel(op, e.0).in_delete_address(ifname, which).with_changed(e.1))
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        self.known(ifname)?;
        self.host
            .set_up(ifname, up)
            .map_err(|e| Error::kernel(Op::SetFlags, e).on_interface(ifname, Some("flags")))
    }

    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        self.known(ifname)?;
        self.host
            .set_mtu(ifname, mtu)
            .map_err(|e| Error::kernel(Op::SetMtu, e).on_interface(ifname, Some("mtu")))
    }

    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
        self.known(ifname)?;
        self.host
            .set_metric(ifname, metric)
            .map_err(|e| Error::kernel(Op::SetMetric, e).on_interface(ifname, Some("metric")))
    }

    fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        self.host.change(ifname, change)
    }

    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        self.host.create_interface(req)
    }

    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        self.host.destroy_interface(ifname)
    }

    fn cloners(&mut self) -> Result<Vec<String>> {
        Ok(self.host.cloners())
    }
}
