//! The `ifconfig` binary end to end, on virtual FreeBSD hosts.

mod support;

mod aliases;
mod dialects;
mod errors;
mod linux_netns;
mod listing;
mod operator;
mod seed;
mod watch;
