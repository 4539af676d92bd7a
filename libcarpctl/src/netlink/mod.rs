//! Netlink message codec (pure: no I/O, builds on every target).
