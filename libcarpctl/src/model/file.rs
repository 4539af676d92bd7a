//! The host file on disk: a [`Host`] as JSON (see the `doc` module for the
//! format), read and written under a lock with an atomic replace, so
//! concurrent processes lose no update.
//!
//! The lock is a `flock` on the host file itself, so nothing is left beside
//! it. An update replaces the file by a rename, which gives the path a new
//! inode: whoever waited on the old one's lock finds, once it holds it, that
//! the path no longer names the file it locked, and starts again on the new
//! one. So every holder of the lock holds it on the file the path names.
//!
//! Only a regular file (or a symlink to one) is a host file: anything else
//! (a FIFO, a device, a directory) is refused before it is read, since
//! reading a FIFO would block forever. A symlink is followed: the update
//! replaces its target, and the link stays a link.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
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
    /// The host as read.
    pub host: Host,
    lock: UpdateLock,
}

/// The exclusive lock on a host file, held while a session may update it.
pub(crate) struct UpdateLock {
    file: HostFile,
    /// Where the update goes (a symlink's target).
    real: PathBuf,
    /// The host as read, to tell watchers what a commit changed.
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

    /// Where the file really is: a symlink's target (so that the update
    /// replaces the target and every link to it shares one lock), or the
    /// path as given when it does not exist yet.
    fn real_path(&self) -> PathBuf {
        fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone())
    }

    /// Lock the file the path names (a symlink's target) and keep it open;
    /// `create` makes an empty one first if there is none (only to store a
    /// new host). Returns the lock and where the file is.
    fn lock(&self, arg: FlockArg, create: bool) -> Result<(Flock<File>, PathBuf)> {
        loop {
            let real = self.real_path();
            let mut opts = OpenOptions::new();
            opts.read(true).create(create).truncate(false).write(create);
            let file = open_regular(&mut opts, &real).map_err(|e| self.err(e))?;
            let locked = Flock::lock(file, arg).map_err(|(_, e)| self.err(e))?;
            let held = locked.metadata().map_err(|e| self.err(e))?;
            match fs::metadata(&real) {
                Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => return Ok((locked, real)),
                // Replaced while we waited: lock the new one.
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
        Host::from_json(&text).map_err(|detail| Error::HostFileFormat { path: self.path.clone(), detail })
    }

    /// Read the host under a shared lock.
    pub fn load(&self) -> Result<Host> {
        let (mut lock, _) = self.lock(FlockArg::LockShared, false)?;
        self.read(&mut lock)
    }

    /// Read the host under an exclusive lock held until the returned lock
    /// is dropped.
    pub(crate) fn lock_exclusive(&self) -> Result<(Host, UpdateLock)> {
        let (mut lock, real) = self.lock(FlockArg::LockExclusive, false)?;
        let host = self.read(&mut lock)?;
        Ok((host.clone(), UpdateLock { file: self.clone(), real, read: host, _lock: lock }))
    }

    /// Read the host under an exclusive lock held until the returned value
    /// is committed or dropped.
    pub fn lock_for_update(&self) -> Result<LockedHost> {
        let (host, lock) = self.lock_exclusive()?;
        Ok(LockedHost { host, lock })
    }

    /// Write `host` (atomic replace), creating the file if needed.
    pub fn store(&self, host: &Host) -> Result<()> {
        let (mut lock, real) = self.lock(FlockArg::LockExclusive, true)?;
        let old = self.read(&mut lock).ok();
        write_atomic(&real, &host.to_json()).map_err(|e| self.err(e))?;
        if let Some(old) = old {
            journal_changes(&real, &old, host);
        }
        Ok(())
    }
}

impl UpdateLock {
    /// Write `host` in place of the file, then release the lock.
    pub(crate) fn commit(self, host: &Host) -> Result<()> {
        write_atomic(&self.real, &host.to_json()).map_err(|e| self.file.err(e))?;
        journal_changes(&self.real, &self.read, host);
        Ok(())
    }
}

/// Record the vhid state changes of a commit for watchers: after the
/// replace, still under the lock, so an event is never ahead of the file
/// and the journal's order is the commits' order. A journal that cannot be
/// written costs the watchers events, never the commit.
fn journal_changes(real: &Path, old: &Host, new: &Host) {
    let _ = crate::watch::journal::append(real, old, new);
}

impl LockedHost {
    /// Write `host` in place of the file, then release the lock.
    pub fn commit(self, host: &Host) -> Result<()> {
        self.lock.commit(host)
    }

    /// Write the host this value holds (after changing `self.host`), then
    /// release the lock.
    pub fn save(self) -> Result<()> {
        self.lock.commit(&self.host)
    }
}

/// Open `path` without blocking (a FIFO would block an open for reading
/// until a writer comes) and refuse anything that is not a regular file.
fn open_regular(opts: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    let f = opts.custom_flags(libc::O_NONBLOCK).open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// A writer replaces `name` from `.NAME.tmp.PID` (PID: the writer's).
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp.")
}

/// Remove the temporary files of writers that died before their rename
/// (killed between create and rename). Called under the exclusive lock,
/// so no live writer of this file is between the two; a pid that is still
/// alive is kept all the same, in case it is a writer not using the lock.
fn remove_stale_temp_files(dir: &Path, name: &str) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) =
            file_name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let gone = pid > 0
            && nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) == Err(nix::errno::Errno::ESRCH);
        if gone {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_temp_files(dir, &name);
    let tmp = dir.join(format!("{}{}", temp_prefix(&name), std::process::id()));
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
