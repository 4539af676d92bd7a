//! Telling the world about state changes: a log line like FreeBSD's
//! (`carp: 1@eth0: BACKUP -> MASTER (master timed out)`) on stderr (journald
//! under systemd) and, with `--syslog`, to /dev/log; and the `--hook`
//! program, run with devd's notification as it would see it.

use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::process::Command;

/// Where notices go.
pub struct Notifier {
    syslog: Option<UnixDatagram>,
    hook: Option<PathBuf>,
}

impl Notifier {
    pub fn new(syslog: bool, hook: Option<PathBuf>) -> Notifier {
        let syslog =
            syslog.then(|| UnixDatagram::unbound().ok()).flatten().filter(|s| s.connect("/dev/log").is_ok());
        Notifier { syslog, hook }
    }

    /// A log line (never with a key in it: callers pass protocol facts only).
    pub fn log(&self, line: &str) {
        eprintln!("{line}");
        if let Some(s) = &self.syslog {
            // LOG_DAEMON | LOG_INFO
            let _ = s.send(format!("<30>carpd[{}]: {line}", std::process::id()).as_bytes());
        }
    }

    /// A state change: the log line, then the hook with devd's event
    /// (`!system=CARP subsystem=1@eth0 type=MASTER`) as its argument and
    /// as SYSTEM/SUBSYSTEM/TYPE in its environment. The hook runs detached;
    /// a thread reaps it.
    pub fn state_change(&self, vhid: u8, ifname: &str, from: &str, to: &str, reason: &str) {
        self.log(&format!("carp: {vhid}@{ifname}: {from} -> {to} ({reason})"));
        let Some(hook) = &self.hook else { return };
        let subsystem = format!("{vhid}@{ifname}");
        let event = devd_event(&subsystem, to);
        let spawned = Command::new(hook)
            .arg(&event)
            .env("SYSTEM", "CARP")
            .env("SUBSYSTEM", &subsystem)
            .env("TYPE", to)
            .spawn();
        match spawned {
            Ok(mut child) => {
                std::thread::spawn(move || child.wait());
            }
            Err(e) => self.log(&format!("carpd: hook {}: {e}", hook.display())),
        }
    }
}

/// devd's line for a CARP event.
pub fn devd_event(subsystem: &str, kind: &str) -> String {
    format!("!system=CARP subsystem={subsystem} type={kind}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn devd_form() {
        assert_eq!(super::devd_event("1@eth0", "MASTER"), "!system=CARP subsystem=1@eth0 type=MASTER");
    }
}
