//! libcarpctl: control FreeBSD's CARP (carp(4)) and interface addresses from Rust.
//!
//! Since FreeBSD 10, CARP is a property of an interface *address*: its vhid.
//! This crate configures vhids and addresses, lists them, and tells you when
//! a vhid changes state, on a running FreeBSD kernel (netlink on 14+, the
//! ioctls on 10-15) or on a *host file*: a virtual FreeBSD host in JSON whose
//! kernel rules are reproduced faithfully (see libcarpctl-host(5)). Every
//! host is a [`Backend`]; the library never prints.
//!
//! # Configure a vhid on a host file
//!
//! Open the file for update (an exclusive lock until the session ends),
//! change it through the [`Backend`] methods, then [`commit`](HostSession::commit):
//! the file is replaced atomically, and only if something changed.
//!
//! ```
//! use libcarpctl::{open_host_file, AddressRequest, Backend, CarpConfig, CarpState, Key, Mode, Vhid};
//! # let dir = std::env::temp_dir().join(format!("libcarpctl-doc-configure-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let path = dir.join("host.json");
//! # std::fs::write(&path, libcarpctl::Snapshot::example_10_0().to_json(true)).unwrap();
//!
//! let mut host = open_host_file(&path, Mode::Update)?;
//! let vhid = Vhid::try_from(112u8)?;
//! // Creates vhid 112 and changes only what the config names (ifconfig's
//! // read-merge-write).
//! host.configure_vhid("igb0", &CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..CarpConfig::new(vhid) })?;
//! let address: AddressRequest = "10.0.0.112/27".parse()?;
//! host.add_address("igb0", &address.with_vhid(vhid))?;
//! assert!(host.commit()?, "the file was written");
//!
//! // A refused request says what, where, and that nothing was changed.
//! let mut host = open_host_file(&path, Mode::Update)?;
//! let err = host.configure_vhid("igb0", &CarpConfig { advskew: Some(255), ..CarpConfig::new(vhid) }).unwrap_err();
//! assert_eq!(err.to_string(), "SIOCSVH: Invalid argument (interface igb0, vhid 112, field advskew; nothing was changed)");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # List every vhid
//!
//! [`Backend::vhids`] yields each vhid with its interface and addresses; the
//! types print as FreeBSD's ifconfig shows them. On a running kernel, open
//! the host with [`backend::open_system`] instead.
//!
//! ```
//! use libcarpctl::{open_host_file, Backend, Mode};
//! # let dir = std::env::temp_dir().join(format!("libcarpctl-doc-list-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let path = dir.join("host.json");
//! # std::fs::write(&path, libcarpctl::Snapshot::example_10_0().to_json(true)).unwrap();
//! # let mut h = open_host_file(&path, Mode::Update)?;
//! # h.configure_vhid("igb0", &libcarpctl::CarpConfig::new(libcarpctl::Vhid::new(112).unwrap()))?;
//! # h.add_address("igb0", &"10.0.0.112/27".parse::<libcarpctl::AddressRequest>()?.with_vhid(libcarpctl::Vhid::new(112).unwrap()))?;
//! # h.commit()?;
//!
//! let mut host = open_host_file(&path, Mode::Read)?;
//! for v in host.vhids()? {
//!     println!("{}: {}", v.interface, v.status); // igb0: carp: BACKUP vhid 112 advbase 1 advskew 0
//!     for a in &v.addresses {
//!         println!("\t{a}"); // inet 10.0.0.112 netmask 0xffffffe0 broadcast 10.0.0.127 vhid 112
//!     }
//! }
//! let all: Vec<_> = host.vhids()?.map(|v| (v.interface, v.status.vhid.get(), v.status.state.name())).collect();
//! assert_eq!(all, [("igb0".to_string(), 112, "BACKUP")]);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Watch state changes
//!
//! [`watch::host_file`] yields a [`CarpEvent`](watch::CarpEvent) for every
//! vhid whose state a change (by any process) altered, in order, as it
//! happens; [`watch::devd`] does the same for a FreeBSD kernel.
//!
//! ```
//! use std::time::Duration;
//! use libcarpctl::{open_host_file, Backend, CarpConfig, CarpState, Mode, Vhid};
//! # let dir = std::env::temp_dir().join(format!("libcarpctl-doc-watch-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let path = dir.join("host.json");
//! # std::fs::write(&path, libcarpctl::Snapshot::example_10_0().to_json(true)).unwrap();
//!
//! let mut events = libcarpctl::watch::host_file(&path)?;
//! // Elsewhere (here: the same program), someone creates vhid 7.
//! let mut host = open_host_file(&path, Mode::Update)?;
//! host.configure_vhid("igb0", &CarpConfig::new(Vhid::try_from(7u8)?))?;
//! host.commit()?;
//!
//! let event = events.next_timeout(Duration::from_secs(5))?.expect("an event");
//! println!("{event}"); // igb0 vhid 7: - -> INIT
//! assert_eq!((event.interface.as_str(), event.from, event.to), ("igb0", None, Some(CarpState::Init)));
//! // Or block forever: `for event in events { ... }`.
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Further
//!
//! * [`Error`]: FreeBSD's message ([`Error::freebsd_message`]) plus a
//!   [`Context`] (interface, vhid or address, field, what was changed);
//! * [`types`]: [`Vhid`], [`CarpState`], [`Key`] (zeroed on drop, never in
//!   an error or a `Display`), [`CarpConfig`], [`Interface`], ...;
//! * [`backend`]: the [`Backend`] trait and the kernel backends;
//! * [`engine`]: the CARP protocol without I/O, for a daemon (carpd);
//! * [`model`]: the virtual FreeBSD host behind host files.

#![warn(missing_docs)]

pub mod backend;
pub mod engine;
pub mod error;
pub mod model;
#[doc(hidden)]
pub mod netlink;
pub mod nvlist;
mod session;
mod snapshot;
#[doc(hidden)]
pub mod sys;
pub mod types;
pub mod watch;

pub use backend::Backend;
pub use error::{Changed, Context, Errno, Error, Op, Result};
pub use session::{open_host_file, HostSession, Mode};
pub use snapshot::{live_snapshot, Snapshot};
pub use types::*;
