//! The raw FreeBSD ABI: `#[repr(C)]` structs and request numbers.
//!
//! * [`abi`]: the structs (`carpreq`, `ifreq`, `in_aliasreq`,
//!   `in6_aliasreq`, `in6_ifreq`, `if_data`, `sockaddr_*`), with their sizes
//!   and offsets asserted at compile time;
//! * [`request`]: SIOC* numbers computed from the BSD `_IOW`/`_IOWR` encoding;
//! * [`convert`]: safe accessors and conversions to and from the typed model;
//! * [`ifaddrs`]: decoded getifaddrs(3) entries;
//! * [`media`], [`media_text`]: `struct ifmediareq`, the `net/if_media.h`
//!   names, and ifconfig's `media:` / `status:` text from the words;
//! * [`ifreq_iface`], [`vlan`], [`bridge`], [`lagg`]: the interface
//!   keywords' requests (description, name, groups, fib, lladdr,
//!   capabilities, nd6, cloning, vlan, bridge, lagg) with their structs
//!   and numbers; [`tunnel`]: `tunnel`/`-tunnel` and gif/gre settings; [`vxlan`]:
//!   the `VXLAN_CMD_*` commands;
//! * [`ioctl`]: the [`IoctlSys`] trait the ioctl backend calls through;
//! * [`cgen`]: the C `_Static_assert`s `scripts/abi-check` compiles against
//!   FreeBSD's headers;
//! * `jail` (FreeBSD only): jail_getid(3) and jail_attach(2);
//! * `freebsd` (FreeBSD only): the real [`IoctlSys`], `FreeBsdIoctl`, and
//!   `running_release()` (`uname -r` as a [`Release`](crate::Release)).
//!
//! Everything but `freebsd` (and the netlink socket) is plain data and
//! builds on every OS, so the model and the tests use the same structs the
//! FreeBSD kernel reads.

pub mod abi;
pub mod bridge;
pub mod bridge_addr;
pub mod cgen;
pub mod convert;
pub mod drivers;
pub mod ifaddrs;
pub mod ifreq_iface;
pub mod in6_state;
pub mod ioctl;
pub mod lacp;
pub mod lagg;
pub mod media;
pub mod media_text;
pub mod media_words;
pub mod netlink;
pub mod nvreq;
pub mod pfsync;
pub mod request;
pub mod tunnel;
pub mod vlan;
pub mod vxlan;

#[cfg(target_os = "freebsd")]
pub mod freebsd;
#[cfg(target_os = "freebsd")]
mod freebsd_iface;
#[cfg(target_os = "freebsd")]
pub mod jail;

#[cfg(target_os = "freebsd")]
pub use freebsd::{running_release, FreeBsdIoctl};
pub use ifaddrs::{IfAddr, IfAddrEntry, LinkAddr};
pub use ioctl::{IoctlRequest, IoctlSys};
