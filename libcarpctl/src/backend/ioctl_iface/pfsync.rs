//! pfsync(4)'s words over ioctl, as ifpfsync.c makes them: a read, the
//! one field changed, the whole back. Before 14.0 the read and the write
//! are SIOCGETPFSYNC / SIOCSETPFSYNC with a `struct pfsyncreq`; from 14.0
//! SIOCGETPFSYNCNV / SIOCSETPFSYNCNV with a packed nvlist (the word's
//! field removed and added again, as ifconfig does), which also carries
//! `version`.

use std::net::IpAddr;

use super::{read_err, Keywords, Raw};
use crate::error::{Errno, Error, Result};
use crate::nvlist::{NvList, NvValue};
use crate::sys::abi::ifreq;
use crate::sys::nvreq::{NvRequest, NV_GET_ROOM, SIOCGETPFSYNCNV, SIOCSETPFSYNCNV};
use crate::sys::pfsync::{pfsyncreq, syncpeer_nvlist, PfsyncStatus, INADDR_PFSYNC_GROUP, PFSYNCF_DEFER};
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{PfsyncChange, PfsyncConfig};

/// The pfsync group (224.0.0.240): the peer when none was asked for.
fn group() -> IpAddr {
    IpAddr::V4(INADDR_PFSYNC_GROUP.into())
}

impl<S: IoctlSys> Keywords<'_, S> {
    fn nv_list(&self) -> bool {
        self.release.major >= 14
    }

    fn nv(&mut self, req: NvRequest<'_>) -> Raw<()> {
        self.sys.ioctl(IoctlRequest::Nv(req))
    }

    /// SIOCGETPFSYNCNV's list (EIO where it does not unpack, as
    /// ifpfsync.c's `pfsync_do_ioctl` says).
    fn pfsync_nv_get(&mut self, ifname: &str) -> Raw<NvList> {
        let mut ifr = ifreq::new(ifname).ok_or(Errno::ENXIO)?;
        let mut buf = vec![0u8; NV_GET_ROOM];
        ifr.set_nv_lengths(NV_GET_ROOM as u32, 0);
        self.nv(NvRequest::Packed { request: SIOCGETPFSYNCNV, ifr: &mut ifr, buf: &mut buf })?;
        let len = (ifr.nv_length() as usize).min(buf.len());
        NvList::unpack(&buf[..len]).map_err(|_| Errno::EIO)
    }

    fn pfsync_nv_set(&mut self, ifname: &str, list: &NvList) -> Raw<()> {
        let mut ifr = ifreq::new(ifname).ok_or(Errno::ENXIO)?;
        let mut buf = list.pack();
        ifr.set_nv_lengths(buf.len() as u32, buf.len() as u32);
        self.nv(NvRequest::Packed { request: SIOCSETPFSYNCNV, ifr: &mut ifr, buf: &mut buf })
    }

    fn pfsync_struct(&mut self, ifname: &str, preq: &mut pfsyncreq, set: bool) -> Raw<()> {
        let mut ifr = ifreq::new(ifname).ok_or(Errno::ENXIO)?;
        self.nv(NvRequest::Pfsync { ifr: &mut ifr, preq, set })
    }

    /// A pfsync word: the read (its refusal worded as ifconfig's `err`),
    /// then the write, whose refusal the caller words.
    pub(super) fn pfsync_write(&mut self, ifname: &str, p: &PfsyncChange) -> Result<Raw<()>> {
        if !self.nv_list() {
            let mut preq = pfsyncreq::default();
            self.pfsync_struct(ifname, &mut preq, false).map_err(|e| read_err(ifname, "SIOCGETPFSYNC", e))?;
            match p {
                PfsyncChange::Syncdev(d) => preq.set_syncdev(d.as_deref()),
                PfsyncChange::Syncpeer(None) => preq.set_peer(None),
                PfsyncChange::Syncpeer(Some(IpAddr::V4(a))) => preq.set_peer(Some(*a)),
                PfsyncChange::Syncpeer(Some(IpAddr::V6(_))) | PfsyncChange::Version(_) => {
                    // The grammar refuses these before 14 (no field).
                    return Err(Error::Refused(format!("{p:?}: no field in struct pfsyncreq")));
                }
                PfsyncChange::Maxupd(n) => preq.pfsyncr_maxupdates = i32::from(*n),
                PfsyncChange::Defer(d) => preq.pfsyncr_defer = i32::from(*d),
            }
            return Ok(self.pfsync_struct(ifname, &mut preq, true));
        }
        let mut l = self.pfsync_nv_get(ifname).map_err(|e| read_err(ifname, "SIOCGETPFSYNCNV", e))?;
        match p {
            PfsyncChange::Syncdev(d) => l.set("syncdev", NvValue::String(d.clone().unwrap_or_default())),
            PfsyncChange::Syncpeer(peer) => l.set("syncpeer", NvValue::List(syncpeer_nvlist(*peer))),
            PfsyncChange::Maxupd(n) => l.set("maxupdates", NvValue::Number((*n).into())),
            PfsyncChange::Defer(d) => l.set("flags", NvValue::Number(if *d { PFSYNCF_DEFER } else { 0 })),
            PfsyncChange::Version(v) => l.set("version", NvValue::Number((*v).into())),
        }
        Ok(self.pfsync_nv_set(ifname, &l))
    }

    /// What `pfsync_status` reads; `None` where the read fails (not a
    /// pfsync interface). The group as peer reads as none.
    pub(super) fn pfsync_config(&mut self, ifname: &str) -> Option<PfsyncConfig> {
        let not_group = |p: IpAddr| (p != group()).then_some(p);
        if !self.nv_list() {
            let mut preq = pfsyncreq::default();
            self.pfsync_struct(ifname, &mut preq, false).ok()?;
            return Some(PfsyncConfig {
                syncdev: preq.syncdev(),
                syncpeer: preq.peer().map(IpAddr::V4).and_then(not_group),
                maxupd: preq.pfsyncr_maxupdates.clamp(0, 255) as u8,
                defer: preq.pfsyncr_defer != 0,
                ..PfsyncConfig::default()
            });
        }
        let l = self.pfsync_nv_get(ifname).ok()?;
        let s = PfsyncStatus::from_nvlist(&l);
        Some(PfsyncConfig {
            syncdev: (!s.syncdev.is_empty()).then_some(s.syncdev),
            syncpeer: s.syncpeer.and_then(not_group),
            maxupd: s.maxupdates.min(255) as u8,
            defer: s.flags & PFSYNCF_DEFER != 0,
            version: s.version as u32,
        })
    }
}
