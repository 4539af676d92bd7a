//! FreeBSD's devd event socket as an event source.
//!
//! ip_carp.c's `carp_set_state` calls
//! `devctl_notify("CARP", "<vhid>@<ifname>", "MASTER"|"BACKUP"|"INIT", NULL)`
//! on every state change, and `devctl_notify` formats that as
//! `!system=CARP subsystem=112@igb0 type=MASTER\n`. devd(8) relays each
//! notification as one record to every client of its SOCK_SEQPACKET socket
//! `/var/run/devd.seqpacket.pipe`. The parser is tested on recorded lines
//! and the socket on a stand-in server; neither has run on a live FreeBSD.

use std::collections::HashMap;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::path::Path;
use std::time::{Duration, SystemTime};

use nix::sys::socket::{connect, recv, socket, AddressFamily, MsgFlags, SockFlag, SockType, UnixAddr};

use super::{wait_readable, CarpEvent, EventSource};
use crate::error::{Error, Result};
use crate::types::{CarpState, Vhid};

/// devd's SOCK_SEQPACKET event socket.
pub const DEVD_SOCKET: &str = "/var/run/devd.seqpacket.pipe";

/// `(interface, vhid, new state)` from one devd line, or `None` when the
/// line is not a CARP state notification.
///
/// ```
/// use libcarpctl::{watch::parse_devd_line, CarpState};
/// let (ifname, vhid, state) = parse_devd_line("!system=CARP subsystem=112@igb0 type=MASTER").unwrap();
/// assert_eq!((ifname.as_str(), vhid.get(), state), ("igb0", 112, CarpState::Master));
/// ```
pub fn parse_devd_line(line: &str) -> Option<(String, Vhid, CarpState)> {
    let body = line.trim_end_matches(['\n', '\0']).strip_prefix('!')?;
    let mut system = None;
    let mut subsystem = None;
    let mut kind = None;
    for word in body.split(' ') {
        match word.split_once('=') {
            Some(("system", v)) => system = Some(v),
            Some(("subsystem", v)) => subsystem = Some(v),
            Some(("type", v)) => kind = Some(v),
            _ => {}
        }
    }
    if system? != "CARP" {
        return None;
    }
    let (vhid, ifname) = subsystem?.split_once('@')?;
    let vhid = Vhid::new(vhid.parse().ok()?)?;
    let state = kind?.parse().ok()?;
    (!ifname.is_empty()).then(|| (ifname.to_string(), vhid, state))
}

/// Events from a devd-style socket; `from` is the last state this source
/// saw (or was seeded with) for the vhid.
pub struct DevdSource {
    fd: OwnedFd,
    last: HashMap<(String, Vhid), CarpState>,
}

impl DevdSource {
    /// Connect to the SOCK_SEQPACKET socket at `path`.
    pub fn connect(path: &Path) -> Result<DevdSource> {
        let fd = socket(AddressFamily::Unix, SockType::SeqPacket, SockFlag::SOCK_CLOEXEC, None)
            .map_err(|e| Error::Io(e.into()))?;
        let addr = UnixAddr::new(path).map_err(|e| Error::Io(e.into()))?;
        connect(fd.as_raw_fd(), &addr).map_err(|e| {
            Error::Io(std::io::Error::new(std::io::Error::from(e).kind(), format!("{}: {e}", path.display())))
        })?;
        Ok(DevdSource { fd, last: HashMap::new() })
    }

    /// Take these as the vhids' current states (e.g. from
    /// [`Backend::vhids`](crate::Backend::vhids)), so the first events
    /// carry a `from`.
    pub fn with_states(mut self, states: impl IntoIterator<Item = (String, Vhid, CarpState)>) -> DevdSource {
        self.last.extend(states.into_iter().map(|(i, v, s)| ((i, v), s)));
        self
    }

    fn event_of(&mut self, line: &str, at: SystemTime) -> Option<CarpEvent> {
        let (interface, vhid, to) = parse_devd_line(line)?;
        let from = self.last.insert((interface.clone(), vhid), to);
        Some(CarpEvent { interface, vhid, from, to: Some(to), at })
    }
}

impl EventSource for DevdSource {
    fn wait(&mut self, timeout: Option<Duration>) -> Result<Vec<CarpEvent>> {
        if !wait_readable(self.fd.as_fd(), timeout)? {
            return Ok(Vec::new());
        }
        let mut buf = [0u8; 8192];
        let n = match recv(self.fd.as_raw_fd(), &mut buf, MsgFlags::empty()) {
            Ok(0) => return Err(Error::Io(std::io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => n,
            Err(nix::errno::Errno::EINTR | nix::errno::Errno::EAGAIN) => return Ok(Vec::new()),
            Err(e) => return Err(Error::Io(e.into())),
        };
        let at = SystemTime::now();
        let text = String::from_utf8_lossy(&buf[..n]).into_owned();
        Ok(text.lines().filter_map(|l| self.event_of(l, at)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as devd relays them (devctl_notify's format), with others
    /// that share the socket.
    const RECORDED: &[&str] = &[
        "!system=CARP subsystem=112@igb0 type=BACKUP\n",
        "!system=IFNET subsystem=igb0 type=LINK_UP\n",
        "!system=CARP subsystem=112@igb0 type=MASTER\n",
        "+pcm0 at ... on pci0\n",
        "!system=CARP subsystem=7@vlan100 type=INIT\n",
        "!system=CARP subsystem=300@igb0 type=MASTER\n",
        "!system=CARP subsystem=1@igb0 type=SLAVE\n",
        "!system=CARP subsystem=1igb0 type=MASTER\n",
    ];

    #[test]
    fn recorded_lines() {
        let parsed: Vec<_> = RECORDED.iter().filter_map(|l| parse_devd_line(l)).collect();
        let v = |n| Vhid::new(n).unwrap();
        assert_eq!(
            parsed,
            [
                ("igb0".to_string(), v(112), CarpState::Backup),
                ("igb0".to_string(), v(112), CarpState::Master),
                ("vlan100".to_string(), v(7), CarpState::Init),
            ]
        );
    }

    /// A stand-in devd: a SOCK_SEQPACKET listener that sends the recorded
    /// lines, one record each, as devd does.
    #[test]
    fn socket_source_reads_records() {
        use nix::sys::socket::{accept, bind, listen, send, Backlog};
        let dir = std::env::temp_dir().join(format!("libcarpctl-devd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("devd.pipe");
        let _ = std::fs::remove_file(&path);
        let server = socket(AddressFamily::Unix, SockType::SeqPacket, SockFlag::SOCK_CLOEXEC, None).unwrap();
        bind(server.as_raw_fd(), &UnixAddr::new(&path).unwrap()).unwrap();
        listen(&server, Backlog::new(4).unwrap()).unwrap();
        let seed = [("igb0".to_string(), Vhid::new(112).unwrap(), CarpState::Init)];
        let mut w = super::super::Watcher::new(DevdSource::connect(&path).unwrap().with_states(seed));
        let conn = accept(server.as_raw_fd()).unwrap();
        for line in RECORDED {
            send(conn, line.as_bytes(), MsgFlags::empty()).unwrap();
        }
        let got: Vec<String> = (0..3)
            .map(|_| w.next_timeout(Duration::from_secs(2)).unwrap().expect("an event").to_string())
            .collect();
        assert_eq!(
            got,
            ["igb0 vhid 112: INIT -> BACKUP", "igb0 vhid 112: BACKUP -> MASTER", "vlan100 vhid 7: - -> INIT"]
        );
        assert_eq!(w.next_timeout(Duration::from_millis(20)).unwrap(), None);
        let _ = nix::unistd::close(conn);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
