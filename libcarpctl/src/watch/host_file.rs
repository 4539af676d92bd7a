//! A model host file as an event source: inotify on the directory wakes us
//! when a writer appends to the host's event journal (see `journal`), and
//! the new records are the events, in commit order.

use std::ffi::OsString;
use std::os::fd::AsFd;
use std::path::Path;
use std::time::Duration;

use nix::errno::Errno as NixErrno;
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};

use super::journal::{journal_path, JournalReader};
use super::{wait_readable, CarpEvent, EventSource};
use crate::error::{Error, Result};
use crate::model::HostFile;

/// Events from one host file.
pub(crate) struct HostFileSource {
    inotify: Inotify,
    journal: JournalReader,
    name: OsString,
}

impl HostFileSource {
    /// Watch `path` (a symlink is followed: writers replace its target).
    pub(crate) fn open(path: &Path) -> Result<HostFileSource> {
        let io_err = |source: std::io::Error| Error::HostFile { path: path.to_path_buf(), source };
        // A host file that does not parse is refused here, not later.
        HostFile::new(path).load()?;
        let journal = journal_path(path);
        let (Some(dir), Some(name)) = (journal.parent(), journal.file_name()) else {
            return Err(io_err(std::io::ErrorKind::InvalidInput.into()));
        };
        let inotify =
            Inotify::init(InitFlags::IN_CLOEXEC | InitFlags::IN_NONBLOCK).map_err(|e| io_err(e.into()))?;
        inotify.add_watch(dir, AddWatchFlags::IN_MODIFY).map_err(|e| io_err(e.into()))?;
        // Watch first, then find the end: an append in between is not missed.
        let reader = JournalReader::open(path).map_err(io_err)?;
        Ok(HostFileSource { inotify, journal: reader, name: name.to_os_string() })
    }
}

impl EventSource for HostFileSource {
    fn wait(&mut self, timeout: Option<Duration>) -> Result<Vec<CarpEvent>> {
        if !wait_readable(self.inotify.as_fd(), timeout)? {
            return Ok(Vec::new());
        }
        let touched = match self.inotify.read_events() {
            Ok(events) => events.iter().any(|e| e.name.as_ref() == Some(&self.name)),
            Err(NixErrno::EAGAIN | NixErrno::EINTR) => false,
            Err(e) => return Err(Error::Io(e.into())),
        };
        if !touched {
            return Ok(Vec::new());
        }
        self.journal.read_new().map_err(Error::Io)
    }
}
