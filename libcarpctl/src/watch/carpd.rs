//! carpd's state-change subscription as an event source.
//!
//! A client writes `subscribe\n` on carpd's control socket; carpd answers
//! `ok\n` and keeps the connection, writing one line per state change:
//! `state IFNAME VHID FROM TO\n` (states by name, e.g.
//! `state eth0 1 BACKUP MASTER`). carpd drops a subscriber that does not
//! keep up; this source then sees end of file and reports it as an error.

use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{wait_readable, CarpEvent, EventSource};
use crate::error::{Error, Result};
use crate::types::{CarpState, Vhid};

/// How long carpd may take to accept the subscription.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// `(interface, vhid, from, to)` from one subscription line, or `None`
/// when the line is not a state change.
///
/// ```
/// use libcarpctl::{watch::parse_carpd_line, CarpState};
/// let (ifname, vhid, from, to) = parse_carpd_line("state eth0 1 BACKUP MASTER").unwrap();
/// assert_eq!((ifname.as_str(), vhid.get(), from, to), ("eth0", 1, CarpState::Backup, CarpState::Master));
/// ```
pub fn parse_carpd_line(line: &str) -> Option<(String, Vhid, CarpState, CarpState)> {
    match line.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["state", ifname, vhid, from, to] => {
            Some((ifname.to_string(), Vhid::new(vhid.parse().ok()?)?, from.parse().ok()?, to.parse().ok()?))
        }
        _ => None,
    }
}

/// Events from a subscription on carpd's control socket.
pub struct CarpdSource {
    stream: UnixStream,
    /// Bytes read but not yet a whole line.
    partial: Vec<u8>,
    /// carpd closed the connection (events read before are still given).
    ended: bool,
}

impl CarpdSource {
    /// Subscribe on the carpd control socket at `path`.
    pub fn subscribe(path: &Path) -> Result<CarpdSource> {
        let at = |e: io::Error| Error::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())));
        let mut stream = UnixStream::connect(path).map_err(at)?;
        stream.set_read_timeout(Some(ANSWER_TIMEOUT)).map_err(at)?;
        stream.write_all(b"subscribe\n").map_err(at)?;
        // The answer, byte by byte: event lines may follow it at once.
        let mut answer = Vec::new();
        let mut byte = [0u8; 1];
        while answer.last() != Some(&b'\n') && answer.len() < 512 {
            match stream.read(&mut byte).map_err(at)? {
                0 => break,
                _ => answer.push(byte[0]),
            }
        }
        let answer = String::from_utf8_lossy(&answer);
        if answer != "ok\n" {
            let msg = answer.trim().strip_prefix("error: ").unwrap_or(answer.trim()).to_string();
            return Err(Error::Refused(format!("carpd subscribe: {msg}")));
        }
        stream.set_nonblocking(true).map_err(at)?;
        Ok(CarpdSource { stream, partial: Vec::new(), ended: false })
    }

    /// Every whole line read so far, as events.
    fn take_events(&mut self) -> Vec<CarpEvent> {
        let Some(end) = self.partial.iter().rposition(|&b| b == b'\n') else { return Vec::new() };
        let lines: Vec<u8> = self.partial.drain(..=end).collect();
        let at = SystemTime::now();
        String::from_utf8_lossy(&lines)
            .lines()
            .filter_map(parse_carpd_line)
            .map(|(interface, vhid, from, to)| CarpEvent {
                interface,
                vhid,
                from: Some(from),
                to: Some(to),
                at,
            })
            .collect()
    }
}

impl EventSource for CarpdSource {
    fn wait(&mut self, timeout: Option<Duration>) -> Result<Vec<CarpEvent>> {
        if self.ended {
            return Err(Error::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "carpd ended the subscription (stopped, or this watcher fell behind)",
            )));
        }
        if !wait_readable(self.stream.as_fd(), timeout)? {
            return Ok(Vec::new());
        }
        let mut buf = [0u8; 4096];
        loop {
            match self.stream.read(&mut buf) {
                Ok(0) => {
                    self.ended = true;
                    break;
                }
                Ok(n) => self.partial.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io(e)),
            }
        }
        Ok(self.take_events())
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufRead;
    use std::os::unix::net::UnixListener;

    use super::*;
    use crate::watch::Watcher;

    #[test]
    fn lines_parse_and_others_do_not() {
        let (i, v, f, t) = parse_carpd_line("state eth0 200 MASTER BACKUP").unwrap();
        assert_eq!((i.as_str(), v.get(), f, t), ("eth0", 200, CarpState::Master, CarpState::Backup));
        assert_eq!(parse_carpd_line("state eth0 0 MASTER BACKUP"), None);
        assert_eq!(parse_carpd_line("state eth0 1 MASTER"), None);
        assert_eq!(parse_carpd_line("state eth0 1 MASTER UP"), None);
        assert_eq!(parse_carpd_line("ok"), None);
    }

    /// A stand-in carpd: answers `subscribe`, then sends `lines` split
    /// mid-line, then closes.
    fn stand_in(answer: &'static str, lines: &'static [&'static str]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("carpdwatch{}x{}", std::process::id(), lines.len()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("carpd.sock");
        let _ = std::fs::remove_file(&path);
        let listener = UnixListener::bind(&path).unwrap();
        std::thread::spawn(move || {
            let (s, _) = listener.accept().unwrap();
            let mut req = String::new();
            std::io::BufReader::new(&s).read_line(&mut req).unwrap();
            assert_eq!(req, "subscribe\n");
            let mut s = s;
            s.write_all(answer.as_bytes()).unwrap();
            let all: String = lines.concat();
            let (a, b) = all.split_at(all.len() / 2 + 3);
            s.write_all(a.as_bytes()).unwrap();
            std::thread::sleep(Duration::from_millis(30));
            s.write_all(b.as_bytes()).unwrap();
        });
        path
    }

    #[test]
    fn a_subscription_yields_each_change_in_order_then_reports_the_end() {
        let path = stand_in(
            "ok\n",
            &["state eth0 1 INIT BACKUP\n", "state eth0 1 BACKUP MASTER\n", "state eth1 7 MASTER INIT\n"],
        );
        let mut w = Watcher::new(CarpdSource::subscribe(&path).unwrap());
        let got: Vec<String> = (&mut w).take(3).map(|e| e.unwrap().to_string()).collect();
        assert_eq!(
            got,
            ["eth0 vhid 1: INIT -> BACKUP", "eth0 vhid 1: BACKUP -> MASTER", "eth1 vhid 7: MASTER -> INIT"]
        );
        let end = w.next_timeout(Duration::from_secs(2)).unwrap_err().to_string();
        assert!(end.contains("carpd ended the subscription"), "{end}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_refusal_is_an_error() {
        let path = stand_in("error: subscribe: too many subscribers\n", &[]);
        let err = CarpdSource::subscribe(&path).err().unwrap().to_string();
        assert!(err.contains("too many subscribers"), "{err}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
