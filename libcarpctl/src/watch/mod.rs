//! State-change events: be told when a vhid becomes MASTER, BACKUP or INIT.
//!
//! A [`Watcher`] yields [`CarpEvent`]s from one [`EventSource`]:
//!
//! * [`host_file`]: a model host file. Every writer records the state
//!   changes of its commit in the host's event journal (`PATH.events`,
//!   created by the first watcher) while it holds the file's lock; the
//!   watcher is woken by the kernel's file-change notification (inotify on
//!   the directory; no polling) and reads the new records: every change, in
//!   commit order;
//! * [`devd`] / [`devd_at`]: FreeBSD's devd event socket
//!   (`/var/run/devd.seqpacket.pipe`), which relays the kernel's
//!   `!system=CARP subsystem=VHID@IF type=MASTER|BACKUP|INIT` notifications
//!   (`devctl_notify` in ip_carp.c's `carp_set_state`). Parsed and tested
//!   from recorded lines and a stand-in socket; untested on a live FreeBSD.
//!
//! Another source (for instance a subscription on carpd's socket) is one
//! more [`EventSource`] implementation handed to [`Watcher::new`].
//!
//! ```no_run
//! for event in libcarpctl::watch::host_file("/tmp/h.json")? {
//!     println!("{}", event?);
//! }
//! # Ok::<(), libcarpctl::Error>(())
//! ```

mod devd;
mod diff;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod host_file;
pub(crate) mod journal;

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

pub use devd::{parse_devd_line, DevdSource, DEVD_SOCKET};

use crate::error::Result;
use crate::types::{CarpState, Vhid};

/// One vhid changed state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarpEvent {
    /// The interface the vhid lives on.
    pub interface: String,
    /// The vhid.
    pub vhid: Vhid,
    /// The state before; `None` when the vhid was just created (or, from
    /// devd, when its previous state is not known).
    pub from: Option<CarpState>,
    /// The state after; `None` when the vhid was destroyed.
    pub to: Option<CarpState>,
    /// When the change was seen.
    pub at: SystemTime,
}

/// `igb0 vhid 112: BACKUP -> MASTER` (`-` for a vhid created or destroyed).
impl fmt::Display for CarpEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |s: Option<CarpState>| s.map_or("-", CarpState::name);
        write!(f, "{} vhid {}: {} -> {}", self.interface, self.vhid, name(self.from), name(self.to))
    }
}

/// Where events come from. Implement it to feed a [`Watcher`] from another
/// source (e.g. a daemon's subscription socket).
pub trait EventSource {
    /// Wait up to `timeout` (`None`: until something happens) and return
    /// the events that arrived, oldest first; an empty list on timeout.
    fn wait(&mut self, timeout: Option<Duration>) -> Result<Vec<CarpEvent>>;
}

/// A stream of [`CarpEvent`]s; as an [`Iterator`] it blocks until the next
/// event (it never ends by itself; an error is yielded and watching goes on).
pub struct Watcher {
    source: Box<dyn EventSource + Send>,
    pending: VecDeque<CarpEvent>,
}

impl Watcher {
    /// A watcher over `source`.
    pub fn new(source: impl EventSource + Send + 'static) -> Watcher {
        Watcher { source: Box::new(source), pending: VecDeque::new() }
    }

    /// The next event, waiting at most `timeout`; `Ok(None)` when none came.
    pub fn next_timeout(&mut self, timeout: Duration) -> Result<Option<CarpEvent>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Ok(Some(e));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            self.pending.extend(self.source.wait(Some(left))?);
        }
    }
}

impl Iterator for Watcher {
    type Item = Result<CarpEvent>;

    fn next(&mut self) -> Option<Result<CarpEvent>> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(Ok(e));
            }
            match self.source.wait(None) {
                Ok(events) => self.pending.extend(events),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Watch a model host file: one event per vhid whose state a commit
/// changed, in commit order, none folded together (from the host's event
/// journal, `PATH.events`, which this creates). A watcher more than 1 MiB
/// of records behind may miss some: writers then start the journal afresh.
pub fn host_file(path: impl AsRef<Path>) -> Result<Watcher> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        Ok(Watcher::new(host_file::HostFileSource::open(path.as_ref())?))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = path;
        Err(crate::Error::Unsupported(
            "watching a host file needs inotify (Linux); on FreeBSD watch the kernel with watch::devd()"
                .into(),
        ))
    }
}

/// Watch the running FreeBSD kernel through devd's event socket
/// ([`DEVD_SOCKET`]). Untested on a live FreeBSD (see the module docs).
/// The vhids' current states are read from the kernel after connecting,
/// so the first events carry a `from`.
pub fn devd() -> Result<Watcher> {
    let source = DevdSource::connect(Path::new(DEVD_SOCKET))?;
    let seed = crate::backend::open_system(crate::backend::BackendChoice::Auto)
        .and_then(|mut b| b.vhids())
        .map(|all| all.map(|h| (h.interface, h.status.vhid, h.status.state)).collect::<Vec<_>>())
        .unwrap_or_default();
    Ok(Watcher::new(source.with_states(seed)))
}

/// Watch through a devd-style SOCK_SEQPACKET socket at `path`.
pub fn devd_at(path: impl AsRef<Path>) -> Result<Watcher> {
    Ok(Watcher::new(DevdSource::connect(path.as_ref())?))
}

/// Wait until `fd` is readable or `timeout` passes (`false`); a signal
/// counts as a timeout, so callers re-check their deadline.
fn wait_readable(fd: std::os::fd::BorrowedFd<'_>, timeout: Option<Duration>) -> Result<bool> {
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    // Round up: a deadline 0.4 ms away must not become a busy loop.
    let t = match timeout {
        None => PollTimeout::NONE,
        Some(d) => PollTimeout::try_from(d.as_micros().div_ceil(1000)).unwrap_or(PollTimeout::MAX),
    };
    let mut fds = [PollFd::new(fd, PollFlags::POLLIN)];
    match poll(&mut fds, t) {
        Ok(n) => Ok(n > 0),
        Err(nix::errno::Errno::EINTR) => Ok(false),
        Err(e) => Err(crate::Error::Io(e.into())),
    }
}

/// `2026-12-05T19:30:01.123Z`: an event's time in UTC, for logs and JSON.
pub fn rfc3339(at: SystemTime) -> String {
    let d = at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let (days, secs) = ((d.as_secs() / 86_400) as i64, d.as_secs() % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        d.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_text_and_time() {
        let e = CarpEvent {
            interface: "igb0".into(),
            vhid: Vhid::new(112).unwrap(),
            from: Some(CarpState::Backup),
            to: Some(CarpState::Master),
            at: SystemTime::UNIX_EPOCH,
        };
        assert_eq!(e.to_string(), "igb0 vhid 112: BACKUP -> MASTER");
        let gone = CarpEvent { to: None, ..e.clone() };
        assert_eq!(gone.to_string(), "igb0 vhid 112: BACKUP -> -");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_796_499_001_123);
        assert_eq!(rfc3339(t), "2026-12-05T19:30:01.123Z");
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.000Z");
    }

    /// A source that replays batches, for the Watcher's own logic.
    struct Replay(VecDeque<Vec<CarpEvent>>);

    impl EventSource for Replay {
        fn wait(&mut self, _timeout: Option<Duration>) -> Result<Vec<CarpEvent>> {
            Ok(self.0.pop_front().unwrap_or_default())
        }
    }

    #[test]
    fn watcher_yields_batches_in_order() {
        let ev = |v: i64| CarpEvent {
            interface: "igb0".into(),
            vhid: Vhid::new(v).unwrap(),
            from: None,
            to: Some(CarpState::Init),
            at: SystemTime::UNIX_EPOCH,
        };
        let mut w = Watcher::new(Replay(VecDeque::from([vec![ev(1), ev(2)], vec![], vec![ev(3)]])));
        let got: Vec<u8> = (&mut w).take(3).map(|e| e.unwrap().vhid.get()).collect();
        assert_eq!(got, [1, 2, 3]);
        assert_eq!(w.next_timeout(Duration::from_millis(5)).unwrap(), None);
    }
}
