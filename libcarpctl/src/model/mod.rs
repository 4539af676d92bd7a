//! A faithful in-memory FreeBSD host: the kernel's CARP and address rules
//! (from ip_carp.c, in.c, in6.c), persisted as a JSON host file.
//!
//! It serves three ways: as a [`Backend`](crate::Backend) of its own
//! ([`ModelBackend`]); as the kernel behind the netlink and ioctl backends in
//! tests (see the `peer` modules); and as a host file shared by processes
//! ([`HostFile`]).

mod backend;
mod clone;
mod doc;
mod file;
mod host;
mod ifaddr;
mod ioctl_peer;
mod kernel;
mod netlink_peer;
mod settings;
mod validate;

pub use backend::ModelBackend;
pub use clone::CLONERS;
pub use doc::SCHEMA_VERSION;
pub use file::{HostFile, LockedHost};
pub use host::Host;
pub use ioctl_peer::{IoctlCall, ModelIoctl};
pub use kernel::CarpApi;
pub use netlink_peer::{NetlinkPeer, PeerRequest};
pub use settings::LAGG_PROTOS;
