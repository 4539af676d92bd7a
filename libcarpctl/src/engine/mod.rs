//! The CARP protocol itself, without I/O: a FreeBSD-compatible engine for
//! a whole host (every vhid on every interface), driven by events and
//! answering with actions.
//!
//! Time is a value ([`Time`], a `Duration` since any epoch the caller
//! picks), so tests run hours of protocol in milliseconds. The caller (the
//! `carpd` daemon, or a test) owns sockets, clocks and addresses:
//!
//! 1. feed events: [`Engine::configure`], [`Engine::set_addresses`],
//!    [`Engine::link_changed`], [`Engine::receive`] (the CARP/VRRP bytes
//!    after the IP header, with source, destination and TTL),
//!    [`Engine::send_result`], [`Engine::set_settings`],
//!    [`Engine::handle_timeout`];
//! 2. drain [`Engine::poll_action`] in order: [`Action::Send`] (add an IP
//!    header with TTL / hop limit 255, protocol 112), [`Action::BecomeMaster`]
//!    (take the addresses, send gratuitous ARP / unsolicited NA),
//!    [`Action::BecomeBackup`] (release them), [`Action::StateChanged`]
//!    (log it the way FreeBSD does: `carp: 112@igb0: BACKUP -> MASTER (master timed out)`);
//! 3. sleep until [`Engine::poll_timeout`] or the next packet.
//!
//! The rules are FreeBSD's `sys/netinet/ip_carp.c`: the wire format and
//! HMAC ([`wire`], [`hmac`]), the input checks in its order, each counted in
//! [`Stats`] under `struct carpstats` names, the timers, the state machine,
//! demotion, and VRRPv3 ([`vrrp`]) for `carpver 3` vhids.
//!
//! # Fidelity notes
//!
//! - From FreeBSD's source (the 2011+ `ip_carp.c`): the header, checksum and
//!   HMAC input; a fresh random counter per advertisement until a valid one
//!   is received, then the peer's counter plus one per packet; both
//!   master-down timers (IPv4, IPv6) and which one a packet resets; the
//!   first interval after becoming MASTER uses the configured skew, later
//!   ones the demoted skew; an address change or link event restarts the
//!   vhid from INIT; `sc_suppress` (one interface-down demotion per vhid).
//! - From later releases (the 12+ and 14+ `ip_carp.c`): `allow = 0` takes
//!   every vhid down; send errors: any error resets the success count, the
//!   third error demotes, three successes in a row reset the errors and undo
//!   the demotion; unicast `peer` / `peer6`, whose advertisements may
//!   arrive with any TTL; vhid 0 from one of our own addresses is a loop
//!   (`badif`). The input checks otherwise keep the 10-13 order, TTL first.
//! - VRRPv3 follows RFC 5798 (priority election, owner 255 straight to
//!   MASTER, priority 0 on leaving, Skew_Time, the larger primary address
//!   wins a tie when [`IfRef::src4`]/`src6` are known); FreeBSD 15's own
//!   VRRP code was not available to compare with.
//! - FreeBSD yields on every tie: two backups with the same timing whose
//!   master-down timers fire within one network delay of each other both
//!   take over and both yield again. Real hosts differ by jitter; the
//!   scenario tests stagger their start times.
//!
//! # Example
//!
//! Two hosts on one simulated wire: the one with the smaller skew wins.
//!
//! ```
//! use std::time::Duration;
//! use libcarpctl::engine::{Action, Engine, IfRef, Received, Settings, VhidConfig};
//! use libcarpctl::{CarpState, Key, Vhid};
//!
//! let vhid = Vhid::new(42).unwrap();
//! let vip = "192.0.2.100".parse().unwrap();
//! let mut hosts: Vec<Engine> = (0..2).map(|i| Engine::new(Settings::default(), i)).collect();
//! for (i, host) in hosts.iter_mut().enumerate() {
//!     let cfg = VhidConfig { advskew: 100 * i as u8, key: Key::from_passphrase(b"secret"), ..VhidConfig::new(vhid) };
//!     host.configure(Duration::ZERO, &IfRef::new(1, "em0"), &cfg).unwrap();
//!     host.set_addresses(Duration::ZERO, 1, vhid, &[vip], &[]).unwrap();
//! }
//! // Run 10 simulated seconds: deliver every advertisement to the other host.
//! let mut now = Duration::ZERO;
//! while now < Duration::from_secs(10) {
//!     for i in 0..2 {
//!         hosts[i].handle_timeout(now);
//!         while let Some(action) = hosts[i].poll_action() {
//!             if let Action::Send { dst, packet, .. } = action {
//!                 let src = format!("192.0.2.{}", i + 1).parse().unwrap();
//!                 let pkt = Received { src, dst, ttl: 255, payload: packet.bytes() };
//!                 hosts[1 - i].receive(now, 1, &pkt);
//!             }
//!         }
//!     }
//!     now = hosts.iter().filter_map(|h| h.poll_timeout()).min().unwrap();
//! }
//! let state = |h: &Engine| h.status().next().unwrap().state;
//! assert_eq!(state(&hosts[0]), CarpState::Master);
//! assert_eq!(state(&hosts[1]), CarpState::Backup);
//! ```

mod checksum;
mod config;
pub mod hmac;
mod host;
mod stats;
mod vhid;
pub mod vrrp;
pub mod wire;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub use checksum::{internet_checksum, Checksum};
pub use config::{ConfigError, IfRef, Settings, VhidConfig, CARP_MAXSKEW, DEFAULT_DEMOTION_FACTOR};
pub use host::Engine;
pub use stats::Stats;

use crate::types::{CarpState, CarpVersion, Vhid};

/// Monotonic time as a value: a `Duration` since an epoch the caller picks.
pub type Time = std::time::Duration;

/// One received CARP or VRRP packet: the bytes after the IP header.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// IP source.
    pub src: IpAddr,
    /// IP destination (VRRP's checksum covers it).
    pub dst: IpAddr,
    /// IPv4 TTL or IPv6 hop limit (must be 255).
    pub ttl: u8,
    /// The CARP (36 bytes) or VRRP message.
    pub payload: &'a [u8],
}

/// An advertisement to send, complete but for the IP header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    bytes: Vec<u8>,
    vrrp: bool,
}

impl Packet {
    fn carp(bytes: [u8; wire::CARP_HEADER_LEN]) -> Packet {
        Packet { bytes: bytes.to_vec(), vrrp: false }
    }

    fn vrrp(bytes: Vec<u8>) -> Packet {
        Packet { bytes, vrrp: true }
    }

    /// The bytes to put after the IP header.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether this is a VRRPv3 message (its checksum covers the IP addresses).
    pub fn is_vrrp(&self) -> bool {
        self.vrrp
    }

    /// Fix the checksum for the source address actually used. CARP's
    /// checksum does not depend on it (a no-op); VRRP's pseudo-header does,
    /// and the engine only knows the source if [`IfRef::src4`]/`src6` say.
    pub fn seal(&mut self, src: IpAddr, dst: IpAddr) {
        if self.vrrp {
            vrrp::seal_vrrp(&mut self.bytes, src, dst);
        }
    }
}

/// What the caller must do, drained with [`Engine::poll_action`] in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send `packet` to `dst` (224.0.0.18, ff02::12 or a unicast peer) from
    /// interface `ifindex` with TTL / hop limit 255 and protocol 112; then
    /// report the outcome with [`Engine::send_result`].
    Send {
        /// Interface index.
        ifindex: u32,
        /// The vhid advertising.
        vhid: Vhid,
        /// Destination.
        dst: IpAddr,
        /// The CARP or VRRP bytes.
        packet: Packet,
    },
    /// The vhid became MASTER: take the addresses (virtual MAC
    /// 00:00:5e:00:01:vhid), send gratuitous ARP and unsolicited NA.
    BecomeMaster {
        /// Interface index.
        ifindex: u32,
        /// The vhid.
        vhid: Vhid,
        /// Its IPv4 addresses.
        v4: Vec<Ipv4Addr>,
        /// Its IPv6 addresses.
        v6: Vec<Ipv6Addr>,
    },
    /// The vhid left MASTER (to BACKUP or INIT): release the addresses.
    BecomeBackup {
        /// Interface index.
        ifindex: u32,
        /// The vhid.
        vhid: Vhid,
        /// Its IPv4 addresses.
        v4: Vec<Ipv4Addr>,
        /// Its IPv6 addresses.
        v6: Vec<Ipv6Addr>,
    },
    /// A state transition, with FreeBSD's reason text.
    StateChanged {
        /// Interface index.
        ifindex: u32,
        /// Interface name.
        ifname: String,
        /// The vhid.
        vhid: Vhid,
        /// Old state.
        from: CarpState,
        /// New state.
        to: CarpState,
        /// Why, as FreeBSD logs it ("master timed out",
        /// "more frequent advertisement received", "user requested via ifconfig", ...).
        reason: &'static str,
    },
}

/// Per-vhid counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VhidCounters {
    /// Advertisements sent.
    pub sent: u64,
    /// Valid advertisements received.
    pub received: u64,
    /// Advertisements that failed the HMAC check.
    pub badauth: u64,
    /// Times this vhid became MASTER.
    pub became_master: u64,
}

/// What [`Engine::status`] reports for one vhid (never the key: see
/// [`Engine::key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VhidStatus {
    /// Interface index.
    pub ifindex: u32,
    /// Interface name.
    pub ifname: String,
    /// The vhid.
    pub vhid: Vhid,
    /// Its state.
    pub state: CarpState,
    /// Advertisement base, seconds.
    pub advbase: u8,
    /// Configured skew.
    pub advskew: u8,
    /// The skew advertised now (configured + demotion, capped at 240).
    pub demoted_skew: u8,
    /// Whether a key is set.
    pub has_key: bool,
    /// IPv4 destination.
    pub peer: Ipv4Addr,
    /// IPv6 destination.
    pub peer6: Ipv6Addr,
    /// CARP or VRRPv3.
    pub version: CarpVersion,
    /// VRRP priority.
    pub vrrp_priority: u8,
    /// VRRP interval, centiseconds.
    pub vrrp_interval: u16,
    /// IPv4 addresses.
    pub v4: Vec<Ipv4Addr>,
    /// IPv6 addresses.
    pub v6: Vec<Ipv6Addr>,
    /// When the advertisement timer fires (MASTER).
    pub advertise_at: Option<Time>,
    /// When the earliest master-down timer fires (BACKUP).
    pub master_down_at: Option<Time>,
    /// Counters.
    pub counters: VhidCounters,
}
