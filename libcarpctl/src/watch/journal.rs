//! The host file's event journal, `PATH.events`: one JSON line per vhid
//! state change, appended by every writer under the host file's exclusive
//! lock, so its order is the order of the commits and nothing is folded
//! together. It exists only while someone watches: a watcher creates it,
//! writers append only to an existing one (no file appears beside a host
//! nobody watches). Past [`LIMIT`] bytes a writer starts it afresh.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::diff::{changes, states_of};
use super::CarpEvent;
use crate::model::Host;
use crate::types::{CarpState, Vhid};

/// A journal longer than this is truncated by the next writer.
pub(crate) const LIMIT: u64 = 1 << 20;

#[derive(Serialize, Deserialize)]
struct Record {
    interface: String,
    vhid: u8,
    from: Option<String>,
    to: Option<String>,
    at_ms: u64,
}

/// `PATH.events` beside the file a (possibly symlinked) host path names.
pub(crate) fn journal_path(host: &Path) -> PathBuf {
    let real = std::fs::canonicalize(host).unwrap_or_else(|_| host.to_path_buf());
    let mut p = real.into_os_string();
    p.push(".events");
    PathBuf::from(p)
}

/// Record the state changes from `old` to `new` if someone watches `host`.
/// Called by writers while they hold the exclusive lock.
pub(crate) fn append(host: &Path, old: &Host, new: &Host) -> std::io::Result<()> {
    let events = changes(&states_of(&old.interfaces), &states_of(&new.interfaces), SystemTime::now());
    if events.is_empty() {
        return Ok(());
    }
    let mut f = match OpenOptions::new().append(true).open(journal_path(host)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if f.metadata()?.len() > LIMIT {
        f.set_len(0)?;
    }
    let mut text = String::new();
    for e in events {
        let at_ms = e.at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_millis() as u64;
        let r = Record {
            interface: e.interface,
            vhid: e.vhid.get(),
            from: e.from.map(|s| s.name().to_string()),
            to: e.to.map(|s| s.name().to_string()),
            at_ms,
        };
        text.push_str(&serde_json::to_string(&r).map_err(std::io::Error::other)?);
        text.push('\n');
    }
    // One write(2) of whole lines with O_APPEND: readers never see a
    // record of one commit interleaved with another's.
    f.write_all(text.as_bytes())
}

/// Reads the records appended since it last looked (woken by inotify, so
/// Linux only for now; FreeBSD would use a kqueue EVFILT_VNODE).
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
pub(crate) struct JournalReader {
    file: File,
    offset: u64,
    partial: Vec<u8>,
}

#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
impl JournalReader {
    /// Create the journal beside `host` if absent and start at its end.
    pub(crate) fn open(host: &Path) -> std::io::Result<JournalReader> {
        let file = OpenOptions::new().create(true).append(true).read(true).open(journal_path(host))?;
        let offset = file.metadata()?.len();
        Ok(JournalReader { file, offset, partial: Vec::new() })
    }

    /// The events appended since the last call, oldest first.
    pub(crate) fn read_new(&mut self) -> std::io::Result<Vec<CarpEvent>> {
        if self.file.metadata()?.len() < self.offset {
            // A writer started it afresh.
            self.offset = 0;
            self.partial.clear();
        }
        self.file.seek(SeekFrom::Start(self.offset))?;
        let mut buf = Vec::new();
        self.offset += self.file.read_to_end(&mut buf)? as u64;
        self.partial.extend_from_slice(&buf);
        let Some(end) = self.partial.iter().rposition(|b| *b == b'\n') else { return Ok(Vec::new()) };
        let complete: Vec<u8> = self.partial.drain(..=end).collect();
        Ok(complete
            .split(|b| *b == b'\n')
            .filter_map(|line| serde_json::from_slice(line).ok())
            .filter_map(event_of)
            .collect())
    }
}

#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
fn event_of(r: Record) -> Option<CarpEvent> {
    let state = |s: Option<String>| s.and_then(|s| s.parse::<CarpState>().ok());
    Some(CarpEvent {
        interface: r.interface,
        vhid: Vhid::new(r.vhid.into())?,
        from: state(r.from),
        to: state(r.to),
        at: SystemTime::UNIX_EPOCH + Duration::from_millis(r.at_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CarpStatus, Vhid};

    #[test]
    fn records_round_trip_in_order_and_survive_a_fresh_start() {
        let dir = std::env::temp_dir().join(format!("libcarpctl-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let host_path = dir.join("h.json");
        std::fs::write(&host_path, "{}").unwrap();
        let old = Host::example_10_0();
        let mut new = old.clone();
        new.interfaces[0].carp.push(CarpStatus::new_vhid(Vhid::new(5).unwrap()));
        // Nobody watches: no journal appears.
        append(&host_path, &old, &new).unwrap();
        assert!(!journal_path(&host_path).exists());
        let mut reader = JournalReader::open(&host_path).unwrap();
        append(&host_path, &old, &new).unwrap();
        append(&host_path, &new, &old).unwrap();
        let got: Vec<String> = reader.read_new().unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["igb0 vhid 5: - -> INIT", "igb0 vhid 5: INIT -> -"]);
        // A half-written line waits for its end.
        let mut f = OpenOptions::new().append(true).open(journal_path(&host_path)).unwrap();
        f.write_all(b"{\"interface\":\"igb0\",\"vhid\":5,").unwrap();
        assert!(reader.read_new().unwrap().is_empty());
        f.write_all(b"\"from\":\"INIT\",\"to\":\"BACKUP\",\"at_ms\":0}\n").unwrap();
        assert_eq!(reader.read_new().unwrap()[0].to_string(), "igb0 vhid 5: INIT -> BACKUP");
        // Past the limit a writer starts afresh; the reader follows.
        f.set_len(LIMIT + 1).unwrap();
        append(&host_path, &old, &new).unwrap();
        let _ = reader.read_new();
        assert!(std::fs::metadata(journal_path(&host_path)).unwrap().len() < 200);
        append(&host_path, &new, &old).unwrap();
        assert_eq!(reader.read_new().unwrap().last().unwrap().to_string(), "igb0 vhid 5: INIT -> -");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
