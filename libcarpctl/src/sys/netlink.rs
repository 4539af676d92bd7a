//! Netlink constants (FreeBSD 14+ and Linux) and the raw `AF_NETLINK` socket.
//!
//! The constants are plain data and exist on every target, so the pure codec
//! in [`crate::netlink`] builds and is tested everywhere. Values were checked
//! against FreeBSD's `netlink/netlink.h`, `netlink/netlink_generic.h`,
//! `netlink/route/{common,interface,ifaddrs}.h`, `netinet/ip_carp_nl.h` and
//! `net/if_types.h` (see `tests/netlink_abi_freebsd.rs`), and against Linux's
//! uapi headers where Linux has the same names.
//!
//! Where the two kernels number something differently, both values are here
//! with a `_FREEBSD` / `_LINUX` suffix. Note that libc's FreeBSD
//! `NETLINK_GENERIC` is an unrelated sysctl constant: use [`NETLINK_GENERIC`].
//!
//! The socket ([`NetlinkSocket`], Linux and FreeBSD only) is the one place of
//! this module with `unsafe`: thin wrappers around socket(2), setsockopt(2),
//! getsockopt(2), send(2) and recvmsg(2).

#![allow(unsafe_code)]

// ---- address families and protocols ----

/// `AF_NETLINK` on FreeBSD.
pub const AF_NETLINK_FREEBSD: i32 = 38;
/// `AF_NETLINK` on Linux.
pub const AF_NETLINK_LINUX: i32 = 16;
/// `AF_UNSPEC`.
pub const AF_UNSPEC: u8 = 0;
/// `AF_INET` (both kernels).
pub const AF_INET: u8 = 2;
/// `AF_INET6` on FreeBSD.
pub const AF_INET6_FREEBSD: u8 = 28;
/// `AF_INET6` on Linux.
pub const AF_INET6_LINUX: u8 = 10;

/// `NETLINK_ROUTE`: rtnetlink.
pub const NETLINK_ROUTE: i32 = 0;
/// `NETLINK_GENERIC`: generic netlink (dynamic families such as `"carp"`).
pub const NETLINK_GENERIC: i32 = 16;

/// `SOL_NETLINK`: the socket option level.
pub const SOL_NETLINK: i32 = 270;
/// `NETLINK_CAP_ACK`: errors carry only the request's header.
pub const NETLINK_CAP_ACK: i32 = 10;
/// `NETLINK_EXT_ACK`: errors carry extended-ack attributes (a message).
pub const NETLINK_EXT_ACK: i32 = 11;
/// `NETLINK_GET_STRICT_CHK`: strict checking of dump requests.
pub const NETLINK_GET_STRICT_CHK: i32 = 12;

// ---- nlmsghdr ----

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;
/// Alignment of messages and attributes.
pub const NLMSG_ALIGNTO: usize = 4;

/// `NLMSG_NOOP`.
pub const NLMSG_NOOP: u16 = 1;
/// `NLMSG_ERROR`: an error, or an acknowledgement when its error is 0.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`: ends a multipart (dump) reply; carries an int error.
pub const NLMSG_DONE: u16 = 3;
/// `NLMSG_OVERRUN`.
pub const NLMSG_OVERRUN: u16 = 4;
/// `NLMSG_MIN_TYPE`: types below are control messages.
pub const NLMSG_MIN_TYPE: u16 = 0x10;

/// `NLM_F_REQUEST`.
pub const NLM_F_REQUEST: u16 = 0x01;
/// `NLM_F_MULTI`: part of a multipart reply.
pub const NLM_F_MULTI: u16 = 0x02;
/// `NLM_F_ACK`: ask for an acknowledgement.
pub const NLM_F_ACK: u16 = 0x04;
/// `NLM_F_ECHO`.
pub const NLM_F_ECHO: u16 = 0x08;
/// `NLM_F_DUMP_INTR`: the dump was inconsistent.
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// `NLM_F_ROOT`.
pub const NLM_F_ROOT: u16 = 0x100;
/// `NLM_F_MATCH`.
pub const NLM_F_MATCH: u16 = 0x200;
/// `NLM_F_DUMP` = `NLM_F_ROOT | NLM_F_MATCH`.
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
/// `NLM_F_REPLACE` (NEW requests).
pub const NLM_F_REPLACE: u16 = 0x100;
/// `NLM_F_EXCL` (NEW requests): fail with EEXIST if it exists.
pub const NLM_F_EXCL: u16 = 0x200;
/// `NLM_F_CREATE` (NEW requests).
pub const NLM_F_CREATE: u16 = 0x400;
/// `NLM_F_CAPPED` (ERROR replies): only the request's header is echoed.
pub const NLM_F_CAPPED: u16 = 0x100;
/// `NLM_F_ACK_TLVS` (ERROR replies): extended-ack attributes follow.
pub const NLM_F_ACK_TLVS: u16 = 0x200;

/// `NLMSGERR_ATTR_MSG`: string, a human-readable error message.
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// `NLMSGERR_ATTR_OFFS`: u32, offset of the offending attribute.
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// `NLMSGERR_ATTR_COOKIE`: binary.
pub const NLMSGERR_ATTR_COOKIE: u16 = 3;

// ---- nlattr ----

/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;
/// `NLA_F_NESTED`.
pub const NLA_F_NESTED: u16 = 1 << 15;
/// `NLA_F_NET_BYTEORDER`.
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// `NLA_TYPE_MASK`.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

// ---- generic netlink ----

/// Size of `struct genlmsghdr` (cmd, version, reserved u16).
pub const GENL_HDRLEN: usize = 4;
/// `GENL_ID_CTRL`: the controller family's fixed id.
pub const GENL_ID_CTRL: u16 = NLMSG_MIN_TYPE;
/// `CTRL_CMD_NEWFAMILY`: the controller's reply command.
pub const CTRL_CMD_NEWFAMILY: u8 = 1;
/// `CTRL_CMD_GETFAMILY`: resolve a family by name.
pub const CTRL_CMD_GETFAMILY: u8 = 3;
/// `CTRL_ATTR_FAMILY_ID`: u16.
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
/// `CTRL_ATTR_FAMILY_NAME`: string.
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// `CTRL_ATTR_VERSION`: u32.
pub const CTRL_ATTR_VERSION: u16 = 3;
/// `CTRL_ATTR_HDRSIZE`: u32.
pub const CTRL_ATTR_HDRSIZE: u16 = 4;
/// `CTRL_ATTR_MAXATTR`: u32.
pub const CTRL_ATTR_MAXATTR: u16 = 5;
/// `GENL_NAMSIZ`: longest family name, NUL included.
pub const GENL_NAMSIZ: usize = 16;

// ---- the "carp" generic family (netinet/ip_carp_nl.h) ----

/// `CARP_NL_FAMILY_NAME`.
pub const CARP_NL_FAMILY_NAME: &str = "carp";
/// `CARP_NL_CMD_GET`: dump or one vhid.
pub const CARP_NL_CMD_GET: u8 = 1;
/// `CARP_NL_CMD_SET`: needs PRIV_NETINET_CARP.
pub const CARP_NL_CMD_SET: u8 = 2;
/// `CARP_NL_VHID`: u32.
pub const CARP_NL_VHID: u16 = 1;
/// `CARP_NL_STATE`: u32.
pub const CARP_NL_STATE: u16 = 2;
/// `CARP_NL_ADVBASE`: s32.
pub const CARP_NL_ADVBASE: u16 = 3;
/// `CARP_NL_ADVSKEW`: s32.
pub const CARP_NL_ADVSKEW: u16 = 4;
/// `CARP_NL_KEY`: bytes, at most 20.
pub const CARP_NL_KEY: u16 = 5;
/// `CARP_NL_IFINDEX`: u32.
pub const CARP_NL_IFINDEX: u16 = 6;
/// `CARP_NL_ADDR`: in_addr (the unicast peer).
pub const CARP_NL_ADDR: u16 = 7;
/// `CARP_NL_ADDR6`: in6_addr (the unicast peer6).
pub const CARP_NL_ADDR6: u16 = 8;
/// `CARP_NL_IFNAME`: string.
pub const CARP_NL_IFNAME: u16 = 9;
/// `CARP_NL_VERSION`: u8 (15+).
pub const CARP_NL_VERSION: u16 = 10;
/// `CARP_NL_VRRP_PRIORITY`: u8 (15+).
pub const CARP_NL_VRRP_PRIORITY: u16 = 11;
/// `CARP_NL_VRRP_ADV_INTER`: u16, centiseconds (15+).
pub const CARP_NL_VRRP_ADV_INTER: u16 = 12;

// ---- rtnetlink message types ----

/// `RTM_NEWLINK`: a link in a reply, or a request to change one.
pub const RTM_NEWLINK: u16 = 16;
/// `RTM_DELLINK`.
pub const RTM_DELLINK: u16 = 17;
/// `RTM_GETLINK`.
pub const RTM_GETLINK: u16 = 18;
/// `RTM_NEWADDR`.
pub const RTM_NEWADDR: u16 = 20;
/// `RTM_DELADDR`.
pub const RTM_DELADDR: u16 = 21;
/// `RTM_GETADDR`.
pub const RTM_GETADDR: u16 = 22;

/// Size of `struct ifinfomsg`.
pub const IFINFOMSG_LEN: usize = 16;
/// Size of `struct ifaddrmsg`.
pub const IFADDRMSG_LEN: usize = 8;

/// `IFLA_ADDRESS`: link-level address.
pub const IFLA_ADDRESS: u16 = 1;
/// `IFLA_BROADCAST`: link-level broadcast address.
pub const IFLA_BROADCAST: u16 = 2;
/// `IFLA_IFNAME`: string.
pub const IFLA_IFNAME: u16 = 3;
/// `IFLA_MTU`: u32.
pub const IFLA_MTU: u16 = 4;
/// `IFLA_LINK`: u32.
pub const IFLA_LINK: u16 = 5;
/// `IFLA_MASTER`: u32.
pub const IFLA_MASTER: u16 = 10;
/// `IFLA_TXQLEN`: u32.
pub const IFLA_TXQLEN: u16 = 13;
/// `IFLA_OPERSTATE`: u8, RFC 2863 (`IF_OPER_*`).
pub const IFLA_OPERSTATE: u16 = 16;
/// `IFLA_LINKMODE`: u8.
pub const IFLA_LINKMODE: u16 = 17;
/// `IFLA_LINKINFO`: nested `IFLA_INFO_*`.
pub const IFLA_LINKINFO: u16 = 18;
/// `IFLA_IFALIAS`: string (the description).
pub const IFLA_IFALIAS: u16 = 20;
/// `IFLA_STATS64`.
pub const IFLA_STATS64: u16 = 23;
/// `IFLA_PROMISCUITY`: u32.
pub const IFLA_PROMISCUITY: u16 = 30;
/// `IFLA_CARRIER`: u8.
pub const IFLA_CARRIER: u16 = 33;
/// `IFLA_INFO_KIND`: string (`"bridge"`, `"veth"`, `"vlan"`).
pub const IFLA_INFO_KIND: u16 = 1;
/// `IFLA_INFO_DATA`.
pub const IFLA_INFO_DATA: u16 = 2;
/// `IFLA_INFO_SLAVE_KIND`: string, the master's kind (`"bridge"` on a
/// bridge port).
pub const IFLA_INFO_SLAVE_KIND: u16 = 4;
/// `IFLA_INFO_SLAVE_DATA`: nested, the master's per-port attributes
/// (`IFLA_BRPORT_*` on a bridge port).
pub const IFLA_INFO_SLAVE_DATA: u16 = 5;

// ---- Linux bridges (linux/if_link.h, linux/if_bridge.h, linux/neighbour.h) ----

/// `AF_BRIDGE` (`PF_BRIDGE`): the family of bridge fdb messages.
pub const AF_BRIDGE: u8 = 7;
/// `IFLA_BR_FORWARD_DELAY`: u32, centiseconds (clock_t, USER_HZ 100).
pub const IFLA_BR_FORWARD_DELAY: u16 = 1;
/// `IFLA_BR_HELLO_TIME`: u32, centiseconds.
pub const IFLA_BR_HELLO_TIME: u16 = 2;
/// `IFLA_BR_MAX_AGE`: u32, centiseconds.
pub const IFLA_BR_MAX_AGE: u16 = 3;
/// `IFLA_BR_AGEING_TIME`: u32, centiseconds.
pub const IFLA_BR_AGEING_TIME: u16 = 4;
/// `IFLA_BR_STP_STATE`: u32, 0 off, else on.
pub const IFLA_BR_STP_STATE: u16 = 5;
/// `IFLA_BR_PRIORITY`: u16.
pub const IFLA_BR_PRIORITY: u16 = 6;
/// `IFLA_BR_VLAN_FILTERING`: u8.
pub const IFLA_BR_VLAN_FILTERING: u16 = 7;
/// `IFLA_BR_BRIDGE_ID`: `struct ifla_bridge_id` (2 priority bytes, 6 of
/// address).
pub const IFLA_BR_BRIDGE_ID: u16 = 11;
/// `IFLA_BR_ROOT_PORT`: u16, the root port's number (0: none, the bridge is
/// the root).
pub const IFLA_BR_ROOT_PORT: u16 = 12;
/// `IFLA_BR_FDB_N_LEARNED`: u32 (Linux 6.8+).
pub const IFLA_BR_FDB_N_LEARNED: u16 = 48;
/// `IFLA_BR_FDB_MAX_LEARNED`: u32, 0 no limit (Linux 6.8+).
pub const IFLA_BR_FDB_MAX_LEARNED: u16 = 49;
/// `IFLA_BRPORT_STATE`: u8, `BR_STATE_*` (numbered as FreeBSD's
/// `BSTP_IFSTATE_*` 0-4).
pub const IFLA_BRPORT_STATE: u16 = 1;
/// `IFLA_BRPORT_PRIORITY`: u16, 0-63 (the port id's top six bits).
pub const IFLA_BRPORT_PRIORITY: u16 = 2;
/// `IFLA_BRPORT_COST`: u32, 1-65535.
pub const IFLA_BRPORT_COST: u16 = 3;
/// `IFLA_BRPORT_BRIDGE_ID`: the designated bridge (`struct ifla_bridge_id`).
pub const IFLA_BRPORT_BRIDGE_ID: u16 = 14;
/// `IFLA_BRPORT_DESIGNATED_PORT`: u16.
pub const IFLA_BRPORT_DESIGNATED_PORT: u16 = 15;
/// `IFLA_BRPORT_ID`: u16, the port id.
pub const IFLA_BRPORT_ID: u16 = 17;
/// `IFLA_BRPORT_NO`: u16, the port number.
pub const IFLA_BRPORT_NO: u16 = 18;
/// `IFLA_BRPORT_LEARNING`: u8.
pub const IFLA_BRPORT_LEARNING: u16 = 8;
/// `IFLA_BRPORT_UNICAST_FLOOD`: u8.
pub const IFLA_BRPORT_UNICAST_FLOOD: u16 = 9;
/// `IFLA_BRPORT_ISOLATED`: u8.
pub const IFLA_BRPORT_ISOLATED: u16 = 33;
/// `RTM_NEWNEIGH`.
pub const RTM_NEWNEIGH: u16 = 28;
/// `RTM_DELNEIGH`.
pub const RTM_DELNEIGH: u16 = 29;
/// `RTM_GETNEIGH`.
pub const RTM_GETNEIGH: u16 = 30;
/// `sizeof(struct ndmsg)`.
pub const NDMSG_LEN: usize = 12;
/// `NDA_LLADDR`: the MAC of an fdb entry.
pub const NDA_LLADDR: u16 = 2;
/// `NDA_CACHEINFO`: `struct nda_cacheinfo` (u32 confirmed, used, updated,
/// refcnt; centiseconds ago).
pub const NDA_CACHEINFO: u16 = 3;
/// `NDA_VLAN`: u16.
pub const NDA_VLAN: u16 = 5;
/// `NDA_MASTER`: u32, the bridge's index.
pub const NDA_MASTER: u16 = 9;
/// `NTF_SELF`: the entry is the device's own (its uc/mc list).
pub const NTF_SELF: u8 = 0x02;
/// `NTF_MASTER`: the entry is in the master bridge's fdb.
pub const NTF_MASTER: u8 = 0x04;
/// `NTF_STICKY`: an fdb entry that does not move to another port.
pub const NTF_STICKY: u8 = 0x40;
/// `NUD_REACHABLE`.
pub const NUD_REACHABLE: u16 = 0x02;
/// `NUD_NOARP`: a bridge fdb entry that is `static`.
pub const NUD_NOARP: u16 = 0x40;
/// `NUD_PERMANENT`: a bridge fdb entry that is `local` (delivered to the
/// host: the address of a port or of the bridge).
pub const NUD_PERMANENT: u16 = 0x80;

// geneve(4)'s IFLA_INFO_DATA attributes (FreeBSD 16,
// sys/netlink/route/interface.h of the geneve work, spmzt/freebsd-src
// 3b7099c6, matching the parsers of if_geneve.c 2646acf6 and ifgeneve.c
// 688e289e). Not in the 14.x headers the ABI check compiles against.
/// `IFLA_INFO_KIND` of a geneve.
pub const GENEVE_KIND: &str = "geneve";
/// u32: the vni (GENEVE_VNI_MAX while unset).
pub const IFLA_GENEVE_ID: u16 = 1;
/// u16: the inner protocol (0x6558 l2, 0 l3).
pub const IFLA_GENEVE_PROTOCOL: u16 = 2;
/// in_addr / in6_addr: the local address.
pub const IFLA_GENEVE_LOCAL: u16 = 3;
/// in_addr / in6_addr: the remote address or group.
pub const IFLA_GENEVE_REMOTE: u16 = 4;
/// u16: the local port.
pub const IFLA_GENEVE_LOCAL_PORT: u16 = 5;
/// u16: the remote port.
pub const IFLA_GENEVE_PORT: u16 = 6;
/// `struct ifla_geneve_port_range { uint16_t low, high; }` (host order).
pub const IFLA_GENEVE_PORT_RANGE: u16 = 7;
/// u8: `enum ifla_geneve_df`.
pub const IFLA_GENEVE_DF: u16 = 8;
/// u8: the TTL.
pub const IFLA_GENEVE_TTL: u16 = 9;
/// bool: inherit the TTL.
pub const IFLA_GENEVE_TTL_INHERIT: u16 = 10;
/// bool: inherit the DSCP.
pub const IFLA_GENEVE_DSCP_INHERIT: u16 = 11;
/// bool: externally controlled.
pub const IFLA_GENEVE_COLLECT_METADATA: u16 = 12;
/// bool: learn remote addresses.
pub const IFLA_GENEVE_FTABLE_LEARN: u16 = 13;
/// bool: flush the forwarding table (true: every entry).
pub const IFLA_GENEVE_FTABLE_FLUSH: u16 = 14;
/// u32: the forwarding table's size.
pub const IFLA_GENEVE_FTABLE_MAX: u16 = 15;
/// u32: the forwarding table's timeout.
pub const IFLA_GENEVE_FTABLE_TIMEOUT: u16 = 16;
/// u32 (read only): entries.
pub const IFLA_GENEVE_FTABLE_COUNT: u16 = 17;
/// u32 (read only): entries refused for want of room.
pub const IFLA_GENEVE_FTABLE_NOSPACE_CNT: u16 = 18;
/// u32 (read only): lock upgrades that failed.
pub const IFLA_GENEVE_FTABLE_LOCK_UP_FAIL_CNT: u16 = 19;
/// string: the multicast interface.
pub const IFLA_GENEVE_MC_IFNAME: u16 = 20;
/// u32 (read only): its index.
pub const IFLA_GENEVE_MC_IFINDEX: u16 = 21;
/// u64 (read only): transmit checksum offloads.
pub const IFLA_GENEVE_TXCSUM_CNT: u16 = 22;
/// u64 (read only): TSO offloads.
pub const IFLA_GENEVE_TSO_CNT: u16 = 23;
/// u64 (read only): receive checksum offloads.
pub const IFLA_GENEVE_RXCSUM_CNT: u16 = 24;

/// `IF_OPER_UNKNOWN`.
pub const IF_OPER_UNKNOWN: u8 = 0;
/// `IF_OPER_DOWN`.
pub const IF_OPER_DOWN: u8 = 2;
/// `IF_OPER_LOWERLAYERDOWN`.
pub const IF_OPER_LOWERLAYERDOWN: u8 = 3;
/// `IF_OPER_DORMANT`.
pub const IF_OPER_DORMANT: u8 = 5;
/// `IF_OPER_UP`.
pub const IF_OPER_UP: u8 = 6;

/// `IFA_ADDRESS`: the prefix address (the destination on point-to-point).
pub const IFA_ADDRESS: u16 = 1;
/// `IFA_LOCAL`: the interface address.
pub const IFA_LOCAL: u16 = 2;
/// `IFA_LABEL`: string.
pub const IFA_LABEL: u16 = 3;
/// `IFA_BROADCAST`.
pub const IFA_BROADCAST: u16 = 4;
/// `IFA_CACHEINFO`.
pub const IFA_CACHEINFO: u16 = 6;
/// `IFA_FLAGS`: u32.
pub const IFA_FLAGS: u16 = 8;
/// `IFA_FREEBSD`: nested `IFAF_*` (FreeBSD; Linux's 11 is `IFA_PROTO`, so
/// never send it to Linux).
pub const IFA_FREEBSD: u16 = 11;
/// `IFAF_VHID`: u32, the carp vhid of the address.
pub const IFAF_VHID: u16 = 1;
/// `IFAF_FLAGS`: u32, FreeBSD address flags (`IN6_IFF_*` for inet6).
pub const IFAF_FLAGS: u16 = 2;

/// `RT_SCOPE_UNIVERSE`.
pub const RT_SCOPE_UNIVERSE: u8 = 0;
/// `RT_SCOPE_LINK`.
pub const RT_SCOPE_LINK: u8 = 253;
/// `RT_SCOPE_HOST`.
pub const RT_SCOPE_HOST: u8 = 254;

// ---- interface types in ifi_type ----

/// FreeBSD `IFT_ETHER` (FreeBSD's `ifi_type` is the `if_type`).
pub const IFT_ETHER: u16 = 0x6;
/// FreeBSD `IFT_LOOP`.
pub const IFT_LOOP: u16 = 0x18;
/// FreeBSD `IFT_L2VLAN`.
pub const IFT_L2VLAN: u16 = 0x87;
/// FreeBSD `IFT_BRIDGE`.
pub const IFT_BRIDGE: u16 = 0xd1;
/// Linux `ARPHRD_ETHER` (Linux's `ifi_type` is the ARP hardware type).
pub const ARPHRD_ETHER: u16 = 1;
/// Linux `ARPHRD_LOOPBACK`.
pub const ARPHRD_LOOPBACK: u16 = 772;

// ---- Linux IFF_* (they differ from FreeBSD's above 0x200) ----

/// Linux `IFF_UP`.
pub const LINUX_IFF_UP: u32 = 0x1;
/// Linux `IFF_BROADCAST`.
pub const LINUX_IFF_BROADCAST: u32 = 0x2;
/// Linux `IFF_DEBUG`.
pub const LINUX_IFF_DEBUG: u32 = 0x4;
/// Linux `IFF_LOOPBACK`.
pub const LINUX_IFF_LOOPBACK: u32 = 0x8;
/// Linux `IFF_POINTOPOINT`.
pub const LINUX_IFF_POINTOPOINT: u32 = 0x10;
/// Linux `IFF_NOTRAILERS`.
pub const LINUX_IFF_NOTRAILERS: u32 = 0x20;
/// Linux `IFF_RUNNING`.
pub const LINUX_IFF_RUNNING: u32 = 0x40;
/// Linux `IFF_NOARP`.
pub const LINUX_IFF_NOARP: u32 = 0x80;
/// Linux `IFF_PROMISC`.
pub const LINUX_IFF_PROMISC: u32 = 0x100;
/// Linux `IFF_ALLMULTI`.
pub const LINUX_IFF_ALLMULTI: u32 = 0x200;
/// Linux `IFF_MASTER`.
pub const LINUX_IFF_MASTER: u32 = 0x400;
/// Linux `IFF_SLAVE`.
pub const LINUX_IFF_SLAVE: u32 = 0x800;
/// Linux `IFF_MULTICAST`.
pub const LINUX_IFF_MULTICAST: u32 = 0x1000;
/// Linux `IFF_PORTSEL`.
pub const LINUX_IFF_PORTSEL: u32 = 0x2000;
/// Linux `IFF_AUTOMEDIA`.
pub const LINUX_IFF_AUTOMEDIA: u32 = 0x4000;
/// Linux `IFF_DYNAMIC`.
pub const LINUX_IFF_DYNAMIC: u32 = 0x8000;
/// Linux `IFF_LOWER_UP`.
pub const LINUX_IFF_LOWER_UP: u32 = 0x10000;
/// Linux `IFF_DORMANT`.
pub const LINUX_IFF_DORMANT: u32 = 0x20000;
/// Linux `IFF_ECHO`.
pub const LINUX_IFF_ECHO: u32 = 0x40000;

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
pub use socket::NetlinkSocket;

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
mod socket;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_constants() {
        assert_eq!(NLM_F_DUMP, 0x300);
        assert_eq!(NLA_TYPE_MASK, 0x3fff);
        assert_eq!(GENL_ID_CTRL, 16);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn constants_match_linux_libc() {
        assert_eq!(AF_NETLINK_LINUX, libc::AF_NETLINK);
        assert_eq!(i32::from(AF_INET6_LINUX), libc::AF_INET6);
        assert_eq!(NETLINK_ROUTE, libc::NETLINK_ROUTE);
        assert_eq!(NETLINK_GENERIC, libc::NETLINK_GENERIC);
        assert_eq!(SOL_NETLINK, libc::SOL_NETLINK);
        assert_eq!(NETLINK_EXT_ACK, libc::NETLINK_EXT_ACK);
        assert_eq!(i32::from(RTM_NEWLINK), i32::from(libc::RTM_NEWLINK));
        assert_eq!(i32::from(RTM_GETADDR), i32::from(libc::RTM_GETADDR));
        assert_eq!(LINUX_IFF_MULTICAST, libc::IFF_MULTICAST as u32);
        assert_eq!(LINUX_IFF_LOWER_UP, libc::IFF_LOWER_UP as u32);
        assert_eq!(ARPHRD_LOOPBACK, libc::ARPHRD_LOOPBACK);
        assert_eq!(u32::from(IFLA_CARRIER), u32::from(libc::IFLA_CARRIER));
        assert_eq!(u32::from(IFLA_LINKINFO), u32::from(libc::IFLA_LINKINFO));
        assert_eq!(i32::from(AF_BRIDGE), libc::AF_BRIDGE);
        assert_eq!(i32::from(RTM_NEWNEIGH), i32::from(libc::RTM_NEWNEIGH));
        assert_eq!(i32::from(RTM_GETNEIGH), i32::from(libc::RTM_GETNEIGH));
        assert_eq!(u32::from(NDA_MASTER), u32::from(libc::NDA_MASTER));
        assert_eq!(u32::from(NTF_MASTER), u32::from(libc::NTF_MASTER));
        assert_eq!(u32::from(NUD_PERMANENT), u32::from(libc::NUD_PERMANENT));
        assert_eq!(u32::from(IFLA_INFO_SLAVE_DATA), u32::from(libc::IFLA_INFO_SLAVE_DATA));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn socket_opens_and_answers() {
        let sock = NetlinkSocket::open(NETLINK_ROUTE).expect("rtnetlink socket");
        // A minimal RTM_GETLINK dump request: header + ifinfomsg.
        let mut req = vec![0u8; NLMSG_HDRLEN + IFINFOMSG_LEN];
        req[0..4].copy_from_slice(&32u32.to_ne_bytes());
        req[4..6].copy_from_slice(&RTM_GETLINK.to_ne_bytes());
        req[6..8].copy_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
        req[8..12].copy_from_slice(&7u32.to_ne_bytes());
        sock.send(&req).expect("send");
        let reply = sock.recv().expect("recv");
        assert!(reply.len() >= NLMSG_HDRLEN);
        assert_eq!(u32::from_ne_bytes([reply[8], reply[9], reply[10], reply[11]]), 7);
    }
}
