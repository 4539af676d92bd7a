//! One way to work on a host file: open it for reading or for update, use
//! the [`HostSession`] as any [`Backend`], then [`HostSession::commit`].
//!
//! ```
//! use libcarpctl::{open_host_file, Backend, CarpConfig, Mode, Snapshot, Vhid};
//! # let path = std::env::temp_dir().join(format!("session-doc-{}.json", std::process::id()));
//! # std::fs::write(&path, Snapshot::example_10_0().to_json(true)).unwrap();
//! let mut host = open_host_file(&path, Mode::Update)?;
//! let vhid = Vhid::new(112).unwrap();
//! libcarpctl::backend::merge_and_set(&mut host, "igb0", &CarpConfig::new(vhid))?;
//! assert!(host.commit()?, "the file was written");
//! let mut again = open_host_file(&path, Mode::Read)?;
//! assert_eq!(again.carp_get("igb0", Some(vhid))?.len(), 1);
//! # std::fs::remove_file(&path).unwrap();
//! # Ok::<(), libcarpctl::Error>(())
//! ```

use std::path::Path;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::model::{Host, HostFile, ModelBackend, UpdateLock};
use crate::snapshot::Snapshot;
use crate::types::{
    AddressRequest, AddressSelector, CarpConfig, CarpSet, CarpStatus, CloneRequest, IfaceChange, Interface,
    Release, Vhid, Vhids,
};

/// How a host file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read it (under a shared lock, released once read); changes stay in
    /// memory and cannot be committed.
    Read,
    /// Read it under the exclusive lock, held until the session is
    /// committed or dropped, so concurrent updates are never lost.
    Update,
}

/// A virtual FreeBSD host read from a host file (or from a snapshot) that
/// behaves as a [`Backend`].
pub struct HostSession {
    model: ModelBackend,
    /// For an update: the host as read, and the lock.
    update: Option<(Box<Host>, UpdateLock)>,
    /// Whether a change was accepted (what a read-only session checks).
    touched: bool,
    /// The jail `-j` attached to, if any.
    jailed: Option<Jailed>,
}

/// Where a session attached to a jail works, and how the whole host is
/// put back together from it.
enum Jailed {
    /// In a vnet jail's own network stack: `model.host` is the jail's,
    /// taken out of `outer.jails[at]`.
    Vnet { outer: Box<Host>, at: usize },
    /// In a jail that shares the host's network stack: the host, without
    /// the network privileges a jailed root lacks (`privileged` is the
    /// host's own value), listing only the jail's `addresses`.
    Shared { privileged: bool, addresses: Vec<std::net::IpAddr> },
}

/// Open the host file at `path` (see libcarpctl-host(5)).
pub fn open_host_file(path: impl AsRef<Path>, mode: Mode) -> Result<HostSession> {
    let file = HostFile::new(path.as_ref());
    match mode {
        Mode::Read => Ok(HostSession {
            model: ModelBackend::new(file.load()?),
            update: None,
            touched: false,
            jailed: None,
        }),
        Mode::Update => {
            let (host, lock) = file.lock_exclusive()?;
            Ok(HostSession {
                model: ModelBackend::new(host.clone()),
                update: Some((Box::new(host), lock)),
                touched: false,
                jailed: None,
            })
        }
    }
}

impl HostSession {
    /// A session on a copy of `snapshot`, tied to no file: what a dry run
    /// applies a command to.
    pub fn in_memory(snapshot: Snapshot) -> HostSession {
        HostSession { model: ModelBackend::new(snapshot.host), update: None, touched: false, jailed: None }
    }

    /// A `net.inet.carp.*` sysctl of the host.
    pub fn sysctl(&self, name: &str) -> i64 {
        self.model.host.sysctl(name)
    }

    /// `ifconfig -j JAIL`: jail_getid(3) then jail_attach(2); from then on
    /// the session works inside the jail: a vnet jail's own interfaces,
    /// or for a jail without vnet the host's, without privilege. A lookup
    /// failure is [`Error::Jail`]; an attach failure is the request
    /// `jail_attach` with its errno (EINVAL for jid 0, EPERM unprivileged).
    pub fn enter_jail(&mut self, name: &str) -> Result<()> {
        if self.jailed.is_some() {
            return Err(Error::request("jail_attach", crate::Errno::EPERM));
        }
        let at = self.model.host.attach_jail(name)?;
        match self.model.host.jails[at].vnet.take() {
            Some(own) => {
                let outer = std::mem::replace(&mut self.model.host, *own);
                self.jailed = Some(Jailed::Vnet { outer: Box::new(outer), at });
            }
            None => {
                let addresses = self.model.host.jails[at].addresses.clone();
                self.jailed = Some(Jailed::Shared { privileged: self.model.host.privileged, addresses });
                self.model.host.privileged = false;
            }
        }
        Ok(())
    }

    /// What a jail without vnet sees of an interface: only its own
    /// addresses (prison_if's filter on the address lists).
    fn jail_view(&self, iface: &mut Interface) {
        if let Some(Jailed::Shared { addresses, .. }) = &self.jailed {
            iface.addresses.retain(|a| addresses.contains(&a.addr));
        }
    }

    /// 14+ has one interface index table for every vnet: what `-j` creates
    /// in a vnet jail takes an index no other vnet holds.
    fn renumber_in_jail(&mut self, had: &[String]) {
        let Some(Jailed::Vnet { outer, .. }) = &self.jailed else { return };
        if !outer.release.ifindex_is_global() {
            return;
        }
        let others = outer.jails.iter().filter_map(|j| j.vnet.as_deref()).flat_map(|h| h.interfaces.iter());
        let elsewhere = outer.interfaces.iter().chain(others).map(|i| i.index).max().unwrap_or(0);
        let here = &mut self.model.host.interfaces;
        let mut next = here.iter().map(|i| i.index).max().unwrap_or(0).max(elsewhere);
        for i in here.iter_mut().filter(|i| !had.contains(&i.name) && i.index <= elsewhere) {
            next += 1;
            i.index = next;
        }
    }

    /// The whole host: the jail's stack put back where it came from.
    fn whole(&self) -> std::borrow::Cow<'_, Host> {
        use std::borrow::Cow;
        match &self.jailed {
            None => Cow::Borrowed(&self.model.host),
            Some(Jailed::Vnet { outer, at }) => {
                let mut h = (**outer).clone();
                h.jails[*at].vnet = Some(Box::new(self.model.host.clone()));
                Cow::Owned(h)
            }
            Some(Jailed::Shared { privileged, .. }) => {
                Cow::Owned(Host { privileged: *privileged, ..self.model.host.clone() })
            }
        }
    }

    /// Whether the host differs from what was read.
    pub fn changed(&self) -> bool {
        self.update.as_ref().is_some_and(|(original, _)| **original != *self.whole())
    }

    /// Write the host back if it changed (atomically, under the lock taken
    /// at opening), then release the lock. Returns whether it wrote. A
    /// session opened with [`Mode::Read`] (or in memory) has nothing to
    /// commit: `Ok(false)` if unchanged, an error otherwise.
    pub fn commit(self) -> Result<bool> {
        let whole = self.whole().into_owned();
        match self.update {
            Some((original, lock)) => {
                if *original == whole {
                    return Ok(false);
                }
                lock.commit(&whole)?;
                Ok(true)
            }
            None if !self.touched => Ok(false),
            None => {
                Err(Error::Unsupported("the host was opened read-only: its changes cannot be written".into()))
            }
        }
    }

    /// Note an accepted change.
    fn touch<T>(&mut self, done: Result<T>) -> Result<T> {
        self.touched |= done.is_ok();
        done
    }
}

impl Backend for HostSession {
    fn name(&self) -> &'static str {
        self.model.name()
    }

    fn release(&self) -> Release {
        self.model.release()
    }

    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let mut all = self.model.list_interfaces()?;
        all.iter_mut().for_each(|i| self.jail_view(i));
        Ok(all)
    }

    fn interface(&mut self, name: &str) -> Result<Interface> {
        let mut i = self.model.interface(name)?;
        self.jail_view(&mut i);
        Ok(i)
    }

    fn snapshot(&mut self) -> Result<Snapshot> {
        self.model.snapshot()
    }

    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.model.carp_get(ifname, vhid)
    }

    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        let done = self.model.carp_set(ifname, req);
        self.touch(done)
    }

    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        let done = self.model.add_address(ifname, req);
        self.touch(done)
    }

    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        let done = self.model.delete_address(ifname, which);
        self.touch(done)
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        let done = self.model.set_up(ifname, up);
        self.touch(done)
    }

    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        let done = self.model.set_mtu(ifname, mtu);
        self.touch(done)
    }

    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
        let done = self.model.set_metric(ifname, metric);
        self.touch(done)
    }

    fn configure_vhid(&mut self, ifname: &str, config: &CarpConfig) -> Result<()> {
        let done = self.model.configure_vhid(ifname, config);
        self.touch(done)
    }

    fn vhids(&mut self) -> Result<Vhids> {
        self.model.vhids()
    }

    fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        let done = self.model.change(ifname, change);
        self.touch(done)
    }

    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        let had: Vec<String> = self.model.host.interfaces.iter().map(|i| i.name.clone()).collect();
        let done = self.model.create_interface(req);
        if done.is_ok() {
            self.renumber_in_jail(&had);
        }
        self.touch(done)
    }

    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        let done = self.model.destroy_interface(ifname);
        self.touch(done)
    }

    fn cloners(&mut self) -> Result<Vec<String>> {
        self.model.cloners()
    }
}
