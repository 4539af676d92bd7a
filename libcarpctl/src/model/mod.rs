//! A faithful in-memory FreeBSD host: the kernel's CARP and address rules
//! (from ip_carp.c, in.c, in6.c), persisted as a JSON host file.
//!
//! It serves three ways: as a [`Backend`](crate::Backend) of its own
//! ([`ModelBackend`]); as the kernel behind the netlink and ioctl backends in
//! tests (see the `peer` modules); and as a host file shared by processes
//! ([`HostFile`]).

mod backend;
mod bridge_cache;
mod bridge_vlan;
mod capnv;
mod clone;
mod doc;
mod drivers;
mod families;
mod file;
mod geneve;
#[cfg(any(test, feature = "test-peers"))]
mod geneve_peer;
mod host;
mod ifaddr;
#[cfg(any(test, feature = "test-peers"))]
mod ioctl_peer;
mod jail;
mod kernel;
mod lacp;
mod media;
#[cfg(any(test, feature = "test-peers"))]
mod netlink_peer;
mod settings;
#[cfg(any(test, feature = "test-peers"))]
mod shared_peer;
mod validate;

pub use backend::ModelBackend;
pub use clone::CLONERS;
pub use doc::SCHEMA_VERSION;
pub(crate) use file::UpdateLock;
pub use file::{HostFile, LockedHost};
pub use host::Host;
pub use jail::Jail;
// Kernel stand-ins for tests: the model answering ioctl structs and netlink
// bytes, so the real backends run end to end without FreeBSD.
#[cfg(any(test, feature = "test-peers"))]
pub use ioctl_peer::{IoctlCall, ModelIoctl};
#[cfg(any(test, feature = "test-peers"))]
pub use kernel::CarpApi;
#[cfg(any(test, feature = "test-peers"))]
pub use netlink_peer::{NetlinkPeer, PeerRequest};
pub use settings::LAGG_PROTOS;
#[cfg(any(test, feature = "test-peers"))]
pub use shared_peer::SharedKernel;
