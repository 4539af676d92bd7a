//! Which host the command talks to: the virtual FreeBSD host in a host
//! file, or the running kernel through the best backend it offers.

use libcarpctl::model::{Host, HostFile, LockedHost, ModelBackend};
use libcarpctl::Backend;

use crate::error::{from_library, CliError};
use crate::options::Options;

/// An opened host.
pub enum Target {
    /// A host file; `lock` is held while a command changes it.
    Model {
        /// The backend over the host read from the file.
        backend: ModelBackend,
        /// The lock, when opened for an update.
        lock: Option<LockedHost>,
        /// The host as read, to know whether to write it back.
        original: Box<Host>,
    },
    /// The running kernel.
    System(Box<dyn Backend>),
}

impl Target {
    /// Open what the options name; `for_update` takes the host file's
    /// exclusive lock until [`Target::finish`].
    pub fn open(opts: &Options, for_update: bool) -> Result<Target, CliError> {
        if let Some(path) = &opts.model {
            let file = HostFile::new(path);
            let (host, lock) = if for_update {
                let locked = file.lock_for_update().map_err(from_library)?;
                (locked.host.clone(), Some(locked))
            } else {
                (file.load().map_err(from_library)?, None)
            };
            return Ok(Target::Model {
                original: Box::new(host.clone()),
                backend: ModelBackend::new(host),
                lock,
            });
        }
        crate::system::open(opts.backend).map(Target::System)
    }

    /// Whether this is a host file (whose update is one transaction).
    pub fn is_model(&self) -> bool {
        matches!(self, Target::Model { .. })
    }

    /// The backend.
    pub fn backend(&mut self) -> &mut dyn Backend {
        match self {
            Target::Model { backend, .. } => backend,
            Target::System(b) => b.as_mut(),
        }
    }

    /// Write a changed host file back (atomically, under the lock) when
    /// `keep` says so: a command that failed and undid its changes leaves
    /// the file as it was, byte for byte (one transaction).
    pub fn finish(self, keep: bool) -> Result<(), CliError> {
        if let Target::Model { backend, lock: Some(lock), original } = self {
            if keep && backend.host != *original {
                lock.commit(&backend.host).map_err(from_library)?;
            }
        }
        Ok(())
    }
}
