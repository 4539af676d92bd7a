//! The host file on disk: a [`Host`] as JSON (see the `doc` module for the
//! format), read and written under a lock with an atomic replace, so
//! concurrent processes lose no update.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};

use super::Host;
use crate::error::{Error, Result};

/// A host file on disk.
#[derive(Debug, Clone)]
pub struct HostFile {
    path: PathBuf,
}

/// A host read under the file's exclusive lock (a `flock` on `PATH.lock`);
/// [`LockedHost::save`] or [`LockedHost::commit`] writes it back
/// atomically. Dropping it without either changes nothing.
pub struct LockedHost {
    path: PathBuf,
    /// The host as read.
    pub host: Host,
    /// A copy of it, to tell watchers what a commit changed.
    read: Host,
    _lock: Flock<File>,
}

impl HostFile {
    /// The host file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> HostFile {
        HostFile { path: path.into() }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: impl Into<std::io::Error>) -> Error {
        Error::HostFile { path: self.path.clone(), source: source.into() }
    }

    fn lock(&self, arg: FlockArg) -> Result<Flock<File>> {
        let mut lock_path = self.path.clone().into_os_string();
        lock_path.push(".lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| self.err(e))?;
        Flock::lock(f, arg).map_err(|(_, e)| self.err(e))
    }

    fn read(&self) -> Result<Host> {
        let text = fs::read_to_string(&self.path).map_err(|e| self.err(e))?;
        Host::from_json(&text).map_err(|detail| Error::HostFileFormat { path: self.path.clone(), detail })
    }

    /// Read the host under a shared lock.
    pub fn load(&self) -> Result<Host> {
        let _lock = self.lock(FlockArg::LockShared)?;
        self.read()
    }

    /// Read the host under an exclusive lock held until the returned value
    /// is committed or dropped.
    pub fn lock_for_update(&self) -> Result<LockedHost> {
        let lock = self.lock(FlockArg::LockExclusive)?;
        let host = self.read()?;
        Ok(LockedHost { path: self.path.clone(), read: host.clone(), host, _lock: lock })
    }

    /// Write `host` (atomic replace), creating the file if needed.
    pub fn store(&self, host: &Host) -> Result<()> {
        let _lock = self.lock(FlockArg::LockExclusive)?;
        let old = self.read().ok();
        write_host(&self.path, old.as_ref(), host)
    }
}

impl LockedHost {
    /// Write `host` in place of the file, then release the lock.
    pub fn commit(self, host: &Host) -> Result<()> {
        write_host(&self.path, Some(&self.read), host)
    }

    /// Write the host this value holds (after changing `self.host`), then
    /// release the lock.
    pub fn save(self) -> Result<()> {
        write_host(&self.path, Some(&self.read), &self.host)
    }
}

/// Replace the file with `new` (the caller holds the exclusive lock), then
/// record the vhid state changes from `old` for watchers. A journal that
/// cannot be written costs the watchers events, never the commit.
fn write_host(path: &Path, old: Option<&Host>, new: &Host) -> Result<()> {
    write_atomic(path, &new.to_json())
        .map_err(|source| Error::HostFile { path: path.to_path_buf(), source })?;
    // After the replace, still under the lock: an event is never ahead of
    // the file, and the journal's order is the commits' order.
    if let Some(old) = old {
        let _ = crate::watch::journal::append(path, old, new);
    }
    Ok(())
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let written = File::create(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    match written.and_then(|()| fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}
