//! Which host the command talks to: the virtual FreeBSD host in a host
//! file, or the running kernel through the best backend it offers.

use libcarpctl::{open_host_file, Backend, HostSession, Mode};

use crate::error::CliError;
use crate::options::Options;

/// An opened host.
pub enum Target {
    /// A host file (locked while a command changes it).
    File(HostSession),
    /// The running kernel.
    System(Box<dyn Backend>),
}

impl Target {
    /// Open what the options name; `for_update` takes the host file's
    /// exclusive lock until [`Target::finish`].
    pub fn open(opts: &Options, for_update: bool) -> Result<Target, CliError> {
        if let Some(path) = &opts.model {
            let mode = if for_update { Mode::Update } else { Mode::Read };
            return Ok(Target::File(open_host_file(path, mode)?));
        }
        crate::system::open(opts.backend).map(Target::System)
    }

    /// Whether this is a host file (whose update is one transaction).
    pub fn is_model(&self) -> bool {
        matches!(self, Target::File(_))
    }

    /// The backend.
    pub fn backend(&mut self) -> &mut dyn Backend {
        match self {
            Target::File(session) => session,
            Target::System(b) => b.as_mut(),
        }
    }

    /// Write a changed host file back (atomically, under the lock) when
    /// `keep` says so: a command that failed and undid its changes leaves
    /// the file as it was, byte for byte (one transaction).
    pub fn finish(self, keep: bool) -> Result<(), CliError> {
        if let (Target::File(session), true) = (self, keep) {
            session.commit()?;
        }
        Ok(())
    }
}
