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
}

/// Open the host file at `path` (see libcarpctl-host(5)).
pub fn open_host_file(path: impl AsRef<Path>, mode: Mode) -> Result<HostSession> {
    let file = HostFile::new(path.as_ref());
    match mode {
        Mode::Read => {
            Ok(HostSession { model: ModelBackend::new(file.load()?), update: None, touched: false })
        }
        Mode::Update => {
            let (host, lock) = file.lock_exclusive()?;
            Ok(HostSession {
                model: ModelBackend::new(host.clone()),
                update: Some((Box::new(host), lock)),
                touched: false,
            })
        }
    }
}

impl HostSession {
    /// A session on a copy of `snapshot`, tied to no file: what a dry run
    /// applies a command to.
    pub fn in_memory(snapshot: Snapshot) -> HostSession {
        HostSession { model: ModelBackend::new(snapshot.host), update: None, touched: false }
    }

    /// A `net.inet.carp.*` sysctl of the host.
    pub fn sysctl(&self, name: &str) -> i64 {
        self.model.host.sysctl(name)
    }

    /// Whether the host differs from what was read.
    pub fn changed(&self) -> bool {
        self.update.as_ref().is_some_and(|(original, _)| **original != self.model.host)
    }

    /// Write the host back if it changed (atomically, under the lock taken
    /// at opening), then release the lock. Returns whether it wrote. A
    /// session opened with [`Mode::Read`] (or in memory) has nothing to
    /// commit: `Ok(false)` if unchanged, an error otherwise.
    pub fn commit(self) -> Result<bool> {
        match self.update {
            Some((original, lock)) => {
                if *original == self.model.host {
                    return Ok(false);
                }
                lock.commit(&self.model.host)?;
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
        self.model.list_interfaces()
    }

    fn interface(&mut self, name: &str) -> Result<Interface> {
        self.model.interface(name)
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
        let done = self.model.create_interface(req);
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
