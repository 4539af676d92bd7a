//! The host file on disk: a [`Host`] as JSON (see the `doc` module for the
//! format), read and written under a lock with an atomic replace, so
//! concurrent processes lose no update.
//!
//! The lock is a `flock` on the host file itself, so nothing is left beside
//! it. An update replaces the file by a rename, which gives the path a new
//! inode: whoever waited on the old one's lock finds, once it holds it, that
//! the path no longer names the file it locked, and starts again on the new
//! one. So every holder of the lock holds it on the file the path names.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};

use super::Host;
use crate::error::{Error, Result};

/// A host file on disk.
#[derive(Debug, Clone)]
pub struct HostFile {
    path: PathBuf,
}

/// A host read under the file's exclusive lock; [`LockedHost::save`] or
/// [`LockedHost::commit`] writes it back atomically. Dropping it without
/// either changes nothing.
pub struct LockedHost {
    file: HostFile,
    /// The host as read.
    pub host: Host,
    _lock: Flock<File>,
}

/// The exclusive lock on a host file, held while a session may update it.
pub(crate) struct UpdateLock {
    file: HostFile,
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

    fn err(&self, detail: impl ToString) -> Error {
        Error::HostFile { path: self.path.display().to_string(), detail: detail.to_string() }
    }

    /// Lock the file the path names and keep the open file; `create` makes
    /// an empty one first if there is none (only to store a new host).
    fn lock(&self, arg: FlockArg, create: bool) -> Result<Flock<File>> {
        loop {
            let file = OpenOptions::new()
                .read(true)
                .create(create)
                .truncate(false)
                .write(create)
                .open(&self.path)
                .map_err(|e| self.err(e))?;
            let locked = Flock::lock(file, arg).map_err(|(_, e)| self.err(e))?;
            let held = locked.metadata().map_err(|e| self.err(e))?;
            match fs::metadata(&self.path) {
                Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => return Ok(locked),
                // Replaced (or removed) while we waited: lock the new one.
                Ok(_) => continue,
                // Removed while we waited: a store makes a new one.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => continue,
                Err(e) => return Err(self.err(e)),
            }
        }
    }

    fn read(&self, file: &mut File) -> Result<Host> {
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(|e| self.err(e))?;
        Host::from_json(&text).map_err(|e| self.err(e))
    }

    /// Read the host under a shared lock.
    pub fn load(&self) -> Result<Host> {
        let mut lock = self.lock(FlockArg::LockShared, false)?;
        self.read(&mut lock)
    }

    /// Read the host under an exclusive lock held until the returned lock
    /// is dropped.
    pub(crate) fn lock_exclusive(&self) -> Result<(Host, UpdateLock)> {
        let mut lock = self.lock(FlockArg::LockExclusive, false)?;
        let host = self.read(&mut lock)?;
        Ok((host, UpdateLock { file: self.clone(), _lock: lock }))
    }

    /// Read the host under an exclusive lock held until the returned value
    /// is committed or dropped.
    pub fn lock_for_update(&self) -> Result<LockedHost> {
        let (host, lock) = self.lock_exclusive()?;
        Ok(LockedHost { file: lock.file, host, _lock: lock._lock })
    }

    /// Write `host` (atomic replace), creating the file if needed.
    pub fn store(&self, host: &Host) -> Result<()> {
        let _lock = self.lock(FlockArg::LockExclusive, true)?;
        self.write(host)
    }

    /// Replace the file by `host` (the caller holds the exclusive lock).
    fn write(&self, host: &Host) -> Result<()> {
        write_atomic(&self.path, &host.to_json()).map_err(|e| self.err(e))
    }
}

impl UpdateLock {
    /// Write `host` in place of the file, then release the lock.
    pub(crate) fn commit(self, host: &Host) -> Result<()> {
        self.file.write(host)
    }
}

impl LockedHost {
    /// Write `host` in place of the file, then release the lock.
    pub fn commit(self, host: &Host) -> Result<()> {
        self.file.write(host)
    }

    /// Write the host this value holds (after changing `self.host`), then
    /// release the lock.
    pub fn save(self) -> Result<()> {
        self.file.write(&self.host)
    }
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
