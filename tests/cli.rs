//! The `ifconfig` binary end to end, on virtual FreeBSD hosts.

mod support;

mod aliases;
mod breadth;
mod breadth_golden;
mod bridge_cache;
mod capnv_golden;
mod caps_nv;
mod defaultif;
mod dialects;
mod drivers;
mod errors;
mod families;
mod fbsdreq_golden;
mod geneve;
mod hardening;
mod linux_breadth;
mod linux_bridge;
mod linux_netns;
mod linux_p2p;
mod linux_vnet;
mod linux_vxlan;
mod listing;
mod maclabel;
mod media;
mod operator;
mod p2p;
mod pcp;
mod seed;
mod vnet;
mod watch;
