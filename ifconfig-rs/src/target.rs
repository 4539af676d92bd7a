//! Which host the command talks to: the virtual FreeBSD host in a host
//! file, or the running kernel through the best backend it offers.

use libcarpctl::{open_host_file, Backend, HostSession, Mode};

use crate::error::{perror, CliError};
use crate::options::Options;
use crate::render::Dialect;

/// An opened host.
pub enum Target {
    /// A host file (locked while a command changes it).
    File(Box<HostSession>),
    /// The running kernel.
    System(Box<dyn Backend>),
}

impl Target {
    /// Open what the options name; `for_update` takes the host file's
    /// exclusive lock until [`Target::finish`].
    pub fn open(opts: &Options, for_update: bool) -> Result<Target, CliError> {
        let mut target = match &opts.model {
            Some(path) => {
                let mode = if for_update { Mode::Update } else { Mode::Read };
                Target::File(Box::new(open_host_file(path, mode)?))
            }
            None => {
                // args_parse attaches while reading the options, before
                // any socket is opened.
                if let Some(jail) = &opts.jail {
                    libcarpctl::backend::enter_jail(jail).map_err(jail_error)?;
                }
                crate::system::open(opts.backend).map(Target::System)?
            }
        };
        if let Some(jail) = &opts.jail {
            if !Dialect::new(target.backend().release()).takes_jail_option() {
                return Err(CliError::Usage);
            }
            if let Target::File(session) = &mut target {
                session.enter_jail(jail).map_err(jail_error)?;
            }
        }
        Ok(target)
    }

    /// Whether this is a host file (whose update is one transaction).
    pub fn is_model(&self) -> bool {
        matches!(self, Target::File(_))
    }

    /// The backend.
    pub fn backend(&mut self) -> &mut dyn Backend {
        match self {
            Target::File(session) => session.as_mut(),
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

/// What ifconfig's `-j` prints when the jail is not there or cannot be
/// entered (args_parse: `Perror("jail not found")`, `Perror("cannot
/// attach to jail")`).
fn jail_error(e: libcarpctl::Error) -> CliError {
    match e {
        libcarpctl::Error::Jail { errno, .. } => perror("jail not found", errno),
        libcarpctl::Error::Request { what, errno } if what == "jail_attach" => {
            perror("cannot attach to jail", errno)
        }
        other => other.into(),
    }
}
