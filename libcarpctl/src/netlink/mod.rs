//! Netlink message codec (pure: no I/O, no target cfg; builds and is tested
//! on every OS).
//!
//! Bytes only, in the spirit of the `netlink-packet-*` crates: sockets live
//! in [`crate::sys::netlink`] and the request/reply logic in
//! [`crate::backend::netlink`]. Unlike `netlink-packet-route`, FreeBSD's
//! `IFA_FREEBSD { IFAF_VHID, IFAF_FLAGS }` is carried on every target.
//!
//! * [`nla`]: attributes (4-byte alignment, nesting);
//! * [`msg`]: `nlmsghdr` framing, multipart replies, NLMSG_ERROR (errno and
//!   extended-ack message), NLMSG_DONE (its error field);
//! * [`genl`]: generic netlink header and family resolution;
//! * [`carp`]: the `"carp"` family's GET/SET <-> [`crate::CarpStatus`] /
//!   [`crate::CarpSet`];
//! * [`route`]: rtnetlink link and address messages;
//! * [`bridge`]: Linux bridge and bridge port attributes, fdb entries.
//! * [`geneve`]: geneve(4)'s IFLA_GENEVE_* requests and link data (16).
//!
//! Every decoder returns [`crate::error::DecodeError`] on truncated or
//! malformed input and never panics (`tests/netlink_codec_fuzz.rs`).

pub mod bridge;
pub mod carp;
pub mod geneve;
pub mod genl;
pub mod msg;
pub mod nla;
pub mod route;
