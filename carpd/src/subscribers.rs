//! State-change subscribers: clients that sent `subscribe` on the control
//! socket keep their connection and get one line per engine StateChanged
//! action, `state IFNAME VHID FROM TO\n` (e.g. `state eth0 1 BACKUP
//! MASTER`). Writes never block the daemon loop: a subscriber whose socket
//! buffer is full (slow) or closed (dead) is dropped, and sees end of file.
//! Lines carry no key, reason or address: only what a watcher needs.

use std::io::Write;
use std::os::unix::net::UnixStream;

/// At most this many subscribers at once; more are refused.
pub const MAX_SUBSCRIBERS: usize = 64;

/// The open subscriptions.
#[derive(Default)]
pub struct Subscribers {
    streams: Vec<UnixStream>,
}

impl Subscribers {
    /// Whether another subscriber fits.
    pub fn has_room(&self) -> bool {
        self.streams.len() < MAX_SUBSCRIBERS
    }

    /// Keep `stream` (already answered `ok`) for later events.
    pub fn add(&mut self, stream: UnixStream) {
        if stream.set_nonblocking(true).is_ok() && self.has_room() {
            self.streams.push(stream);
        }
    }

    /// Send one state change to everyone; drop whoever cannot take the
    /// whole line right now.
    pub fn state_changed(&mut self, ifname: &str, vhid: u8, from: &str, to: &str) {
        if self.streams.is_empty() {
            return;
        }
        let line = event_line(ifname, vhid, from, to);
        // One write per subscriber: a short write would leave half a line,
        // so it counts as a failure too.
        self.streams.retain(|mut s| s.write(line.as_bytes()).is_ok_and(|n| n == line.len()));
    }
}

/// `state eth0 1 BACKUP MASTER\n`.
pub fn event_line(ifname: &str, vhid: u8, from: &str, to: &str) -> String {
    format!("state {ifname} {vhid} {from} {to}\n")
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn every_subscriber_gets_each_line_and_dead_or_full_ones_are_dropped() {
        let mut subs = Subscribers::default();
        let (a, mut a_peer) = UnixStream::pair().unwrap();
        let (b, b_peer) = UnixStream::pair().unwrap();
        let (c, _c_peer) = UnixStream::pair().unwrap();
        subs.add(a);
        subs.add(b);
        subs.add(c);
        drop(b_peer); // dead
        subs.state_changed("eth0", 1, "BACKUP", "MASTER");
        assert_eq!(subs.streams.len(), 2);
        // The third never reads: its buffer fills and it is dropped, without blocking.
        let big = "x".repeat(200);
        let mut sent = 0;
        while subs.streams.len() == 2 {
            subs.state_changed(&big, 2, "MASTER", "BACKUP");
            sent += 1;
            // a_peer keeps up.
            let mut buf = vec![0u8; 1 << 16];
            a_peer.set_nonblocking(true).unwrap();
            while a_peer.read(&mut buf).is_ok_and(|n| n > 0) {}
            assert!(sent < 1_000_000, "a full subscriber was never dropped");
        }
        assert_eq!(subs.streams.len(), 1);
        subs.state_changed("eth0", 1, "MASTER", "INIT");
        let mut got = vec![0u8; 64];
        let n = a_peer.read(&mut got).unwrap();
        assert_eq!(&got[..n], b"state eth0 1 MASTER INIT\n");
    }
}
