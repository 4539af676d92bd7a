//! `--carp --watch`: one line per vhid state change, as it happens, until
//! interrupted (`--json`: one JSON object per line). The view operators
//! keep open during a maintenance window.

use std::io::Write;

use libcarpctl::watch::{self, CarpEvent, Watcher};
use serde_json::json;

use crate::error::CliError;
use crate::options::Options;

/// `2026-12-05T19:30:01.123Z igb0 vhid 112: BACKUP -> MASTER`.
pub fn text_line(e: &CarpEvent) -> String {
    format!("{} {e}\n", watch::rfc3339(e.at))
}

/// `{"time":"...","interface":"igb0","vhid":112,"from":"BACKUP","to":"MASTER"}`
/// (`null` for a vhid created or destroyed).
pub fn json_line(e: &CarpEvent) -> String {
    let v = json!({
        "time": watch::rfc3339(e.at),
        "interface": e.interface,
        "vhid": e.vhid.get(),
        "from": e.from.map(|s| s.name()),
        "to": e.to.map(|s| s.name()),
    });
    format!("{v}\n")
}

/// The source the options name: the host file of `--model`, else the
/// kernel through devd (FreeBSD).
fn open(opts: &Options) -> Result<Watcher, CliError> {
    match &opts.model {
        Some(path) => watch::host_file(path),
        None if cfg!(target_os = "freebsd") => watch::devd(),
        None => {
            return Err(CliError::msg("--watch: this kernel has no carp(4); watch a host file with --model"))
        }
    }
    .map_err(CliError::from)
}

/// Print every change (of the interface named, if one is) until killed or
/// until the reader goes away.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(), CliError> {
    let only = match opts.operands.as_slice() {
        [] => None,
        [name] => Some(name.as_str()),
        _ => return Err(CliError::Usage),
    };
    for event in open(opts)? {
        let e = event?;
        if only.is_some_and(|n| n != e.interface) {
            continue;
        }
        let line = if opts.json { json_line(&e) } else { text_line(&e) };
        // A closed pipe (`| head -1`) ends the watch quietly.
        if out.write_all(line.as_bytes()).and_then(|()| out.flush()).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use libcarpctl::{CarpState, Vhid};

    use super::*;

    #[test]
    fn lines() {
        let e = CarpEvent {
            interface: "igb0".into(),
            vhid: Vhid::new(112).unwrap(),
            from: None,
            to: Some(CarpState::Init),
            at: SystemTime::UNIX_EPOCH + Duration::from_millis(1_796_499_001_123),
        };
        assert_eq!(text_line(&e), "2026-12-05T19:30:01.123Z igb0 vhid 112: - -> INIT\n");
        assert_eq!(
            json_line(&e),
            "{\"time\":\"2026-12-05T19:30:01.123Z\",\"interface\":\"igb0\",\"vhid\":112,\"from\":null,\"to\":\"INIT\"}\n"
        );
    }
}
