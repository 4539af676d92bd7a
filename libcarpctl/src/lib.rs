//! libcarpctl: control FreeBSD's CARP (carp(4)) and interface addresses from Rust.
//!
//! Since FreeBSD 10, CARP is a property of an interface *address* (its vhid).
//! This crate gives typed access to the kernel interfaces that drive it:
//!
//! * [`sys`]: the raw FreeBSD ABI (`struct carpreq`, `in_aliasreq`, request
//!   numbers), described as data so it compiles and is tested on every OS;
//! * [`types`]: the typed model ([`Vhid`], [`CarpState`], [`Key`], ...);
//! * [`backend`]: one [`Backend`] trait with netlink (FreeBSD 14+, and Linux's
//!   rtnetlink), ioctl (FreeBSD 10-15) and model implementations;
//! * [`engine`]: the CARP protocol itself without I/O (wire codec, HMAC,
//!   VRRPv3, the per-vhid state machine, a host-level engine driven by
//!   events and simulated or real time), for a daemon and for tests;
//! * [`model`]: a faithful in-memory FreeBSD host that reproduces the kernel's
//!   control-plane rules, persisted as a JSON host file.
//!
//! The library never prints; errors carry the request name and errno so a
//! front end can print FreeBSD's exact messages.
//!
//! # Example
//!
//! Create vhid 112 on a virtual FreeBSD 10.0 host, attach an address, read
//! the status back:
//!
//! ```
//! use libcarpctl::{Backend, CarpConfig, CarpState, Key, Vhid, AddressRequest};
//! use libcarpctl::model::{Host, ModelBackend};
//!
//! let mut host = ModelBackend::new(Host::example_10_0());
//! let vhid = Vhid::new(112).unwrap();
//! let config = CarpConfig {
//!     key: Some(Key::from_passphrase(b"qwerty")),
//!     ..CarpConfig::new(vhid)
//! };
//! host.configure_vhid("igb0", &config).unwrap();
//! let addr = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vhid);
//! host.add_address("igb0", &addr).unwrap();
//! let status = host.carp_get("igb0", Some(vhid)).unwrap();
//! assert_eq!(status[0].state, CarpState::Backup);
//! ```

#![warn(missing_docs)]

pub mod backend;
pub mod engine;
pub mod error;
pub mod model;
pub mod netlink;
mod session;
mod snapshot;
pub mod sys;
pub mod types;
pub mod watch;

pub use backend::Backend;
pub use error::{Changed, Context, Errno, Error, Op, Result};
pub use session::{open_host_file, HostSession, Mode};
pub use snapshot::{live_snapshot, Snapshot};
pub use types::*;
