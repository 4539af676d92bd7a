//! The nvlist requests of the model kernel: SIOCSIFCAPNV / SIOCGIFCAPNV
//! as if.c's `ifhwioctl` handles them (the IFCAP2 state: see
//! `Host::change`), and pfsync(4)'s requests, read as if_pfsync.c's
//! `pfsyncioctl` reads them: SIOCGETPFSYNC / SIOCSETPFSYNC (`struct
//! pfsyncreq`; a zero peer asks for the group) on every release, and from
//! 14.0 SIOCGETPFSYNCNV (EFBIG when the answer is longer than the buffer)
//! and SIOCSETPFSYNCNV (EINVAL for more than IFR_CAP_NV_MAXBUFSIZE or a
//! buffer that does not unpack; `pfsync_nvstatus_to_kstatus`'s own
//! refusals ignored). `pfsync_kstatus_to_softc`'s checks come first
//! (maxupdates 0-255, the sync device exists, a version the kernel
//! speaks: EINVAL), then the fields that differ are applied through the
//! model's own changes, so the host's rules and the virtual host agree.

use std::net::IpAddr;

use super::ModelIoctl;
use crate::error::Errno;
use crate::nvlist::{NvList, NvValue};
use crate::sys::nvreq::{
    NvRequest, IFR_CAP_NV_MAXBUFSIZE, SIOCGETPFSYNCNV, SIOCGIFCAPNV, SIOCSETPFSYNCNV, SIOCSIFCAPNV,
};
use crate::sys::pfsync::{PfsyncStatus, INADDR_PFSYNC_GROUP, PFSYNCF_DEFER, PFSYNCF_OK};
use crate::types::{capnv_list, IfaceChange, PfsyncChange, PfsyncConfig, IFCAP_NV};

type R = std::result::Result<(), Errno>;

/// What a SET asks for.
struct Wanted {
    syncdev: Option<String>,
    /// `None`: unspecified (0 in the struct, `af` 0 in the list).
    peer: Option<IpAddr>,
    maxupdates: u64,
    defer: bool,
    /// `None`: not in the request (the struct has no version).
    version: Option<u64>,
}

fn group() -> IpAddr {
    IpAddr::V4(INADDR_PFSYNC_GROUP.into())
}

impl ModelIoctl {
    fn pfsync_of(&self, name: &str) -> std::result::Result<PfsyncConfig, Errno> {
        self.iface(name)?.settings.pfsync.clone().ok_or(Errno::ENOTTY)
    }

    pub(super) fn nv_request(&mut self, req: NvRequest<'_>) -> R {
        let name = req.ifname();
        let nv = self.host.release.major >= 14;
        match req {
            NvRequest::Pfsync { preq, set: false, .. } => {
                let c = self.pfsync_of(&name)?;
                *preq = Default::default();
                preq.set_syncdev(c.syncdev.as_deref());
                // The kernel keeps the group itself as the peer.
                let peer = match c.syncpeer {
                    Some(IpAddr::V4(a)) => a,
                    _ => INADDR_PFSYNC_GROUP.into(),
                };
                preq.set_peer(Some(peer));
                preq.pfsyncr_maxupdates = c.maxupd.into();
                preq.pfsyncr_defer = i32::from(c.defer);
                Ok(())
            }
            NvRequest::Pfsync { preq, set: true, .. } => {
                self.pfsync_of(&name)?;
                self.privileged()?;
                let w = Wanted {
                    syncdev: preq.syncdev(),
                    peer: preq.peer().map(IpAddr::V4),
                    maxupdates: u64::try_from(preq.pfsyncr_maxupdates).unwrap_or(u64::MAX),
                    defer: preq.pfsyncr_defer != 0,
                    version: None,
                };
                self.pfsync_set(&name, w)
            }
            NvRequest::Packed { request: SIOCGETPFSYNCNV, ifr, buf } if nv => {
                let c = self.pfsync_of(&name)?;
                let s = PfsyncStatus {
                    syncdev: c.syncdev.unwrap_or_default(),
                    syncpeer: Some(c.syncpeer.unwrap_or_else(group)),
                    maxupdates: c.maxupd.into(),
                    flags: PFSYNCF_OK | if c.defer { PFSYNCF_DEFER } else { 0 },
                    version: c.version.into(),
                };
                let packed = s.to_nvlist().pack();
                let room = ifr.nv_buf_length() as usize;
                ifr.set_nv_lengths(room as u32, packed.len() as u32);
                if packed.len() > room || packed.len() > buf.len() {
                    return Err(Errno::EFBIG);
                }
                buf[..packed.len()].copy_from_slice(&packed);
                Ok(())
            }
            NvRequest::Packed { request: SIOCSETPFSYNCNV, ifr, buf } if nv => {
                self.pfsync_of(&name)?;
                self.privileged()?;
                let len = ifr.nv_length() as usize;
                if len > IFR_CAP_NV_MAXBUFSIZE || len > buf.len() {
                    return Err(Errno::EINVAL);
                }
                let l = NvList::unpack(&buf[..len]).map_err(|_| Errno::EINVAL)?;
                let s = PfsyncStatus::from_nvlist(&l);
                let w = Wanted {
                    syncdev: (!s.syncdev.is_empty()).then_some(s.syncdev),
                    peer: s.syncpeer,
                    maxupdates: s.maxupdates,
                    defer: s.flags & PFSYNCF_DEFER != 0,
                    version: Some(s.version),
                };
                self.pfsync_set(&name, w)
            }
            // if.c's ifhwioctl: SIOCSIFCAPNV only with IFCAP_NV (EINVAL),
            // a list that unpacks (EINVAL), one bool per capability.
            NvRequest::Packed { request: SIOCSIFCAPNV, ifr, buf } => {
                let i = self.iface(&name)?;
                // if_capabilities (the driver's set), else what is on.
                let caps =
                    i.settings.capability_words.map_or(i.options.map_or(0, |c| c.bits()), |n| n.supported);
                self.privileged()?;
                let len = ifr.nv_length() as usize;
                if caps & IFCAP_NV == 0 || len > IFR_CAP_NV_MAXBUFSIZE || len > buf.len() {
                    return Err(Errno::EINVAL);
                }
                let l = NvList::unpack(&buf[..len]).map_err(|_| Errno::EINVAL)?;
                let names = l.iter().filter_map(|(n, v)| match v {
                    NvValue::Bool(b) => Some((n.to_string(), *b)),
                    _ => None,
                });
                self.apply(&name, &IfaceChange::CapabilityNv(names.collect()))
            }
            // SIOCGIFCAPNV: EINVAL without IFCAP_NV (ifhwioctl); else
            // if_capint_to_capnv of both words, EFBIG (with the length)
            // when it does not fit.
            NvRequest::Packed { request: SIOCGIFCAPNV, ifr, buf } => {
                let iface = self.iface(&name)?;
                let nv = iface.settings.capability_words.filter(|_| self.host.has_nv(&name));
                let nv = nv.filter(|_| self.host.release.has_ifcap_nv()).ok_or(Errno::EINVAL)?;
                let enabled = iface.options.map_or(0, |c| c.bits());
                let mut l = NvList::new();
                for (n, on) in capnv_list(self.host.release, enabled, &nv) {
                    l.set(&n, NvValue::Bool(on));
                }
                let packed = l.pack();
                let room = (ifr.nv_buf_length() as usize).min(buf.len());
                ifr.set_nv_lengths(ifr.nv_buf_length(), packed.len() as u32);
                if packed.len() > room {
                    return Err(Errno::EFBIG);
                }
                buf[..packed.len()].copy_from_slice(&packed);
                Ok(())
            }
            NvRequest::Packed { .. } => {
                self.iface(&name)?;
                Err(Errno::ENOTTY)
            }
        }
    }

    /// `pfsync_kstatus_to_softc`: check, then change what differs.
    fn pfsync_set(&mut self, name: &str, w: Wanted) -> R {
        let cur = self.pfsync_of(name)?;
        let maxupd = u8::try_from(w.maxupdates).map_err(|_| Errno::EINVAL)?;
        if let Some(d) = &w.syncdev {
            self.iface(d).map_err(|_| Errno::EINVAL)?;
        }
        let version = match w.version {
            None => cur.version,
            Some(0) => PfsyncConfig::VERSION_DEFAULT,
            Some(v) => u32::try_from(v).map_err(|_| Errno::EINVAL)?,
        };
        // A group address asked for is the group: no peer of its own.
        let peer = w.peer.filter(|p| *p != group());
        let changes = [
            (cur.syncdev != w.syncdev).then(|| PfsyncChange::Syncdev(w.syncdev.clone())),
            (cur.syncpeer != peer).then_some(PfsyncChange::Syncpeer(peer)),
            (cur.maxupd != maxupd).then_some(PfsyncChange::Maxupd(maxupd)),
            (cur.defer != w.defer).then_some(PfsyncChange::Defer(w.defer)),
            (cur.version != version).then_some(PfsyncChange::Version(version)),
        ];
        // The version first: the only one the model may still refuse
        // (a version this release does not speak), before anything changed.
        let (version_change, rest): (Vec<_>, Vec<_>) =
            changes.into_iter().flatten().partition(|c| matches!(c, PfsyncChange::Version(_)));
        for c in version_change.into_iter().chain(rest) {
            self.apply(name, &IfaceChange::Pfsync(c))?;
        }
        Ok(())
    }
}
