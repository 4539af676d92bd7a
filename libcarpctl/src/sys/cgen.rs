//! The ABI check: every size, alignment, offset, request number and
//! constant this crate assumes, as C `_Static_assert`s that
//! `scripts/abi-check` compiles against FreeBSD's own headers
//! (`zig cc -target x86_64-freebsd`). A wrong value fails the compile,
//! naming the fact in the assertion message.

use std::mem::{align_of, offset_of, size_of};

use super::abi::*;
use super::bridge::{self, ifbifconf, ifbreq, ifbropreq, ifbrparam, ifdrv};
use super::ifreq_iface::{self as iface, if_clonereq, ifg_req, ifgroupreq};
use super::lagg::{self, iflaggparam, lacp_opreq, lagg_reqall, lagg_reqflags, lagg_reqopts, lagg_reqport};
use super::media::{self, ifmediareq};
use super::netlink as nl;
use super::request::REQUESTS;
use super::vlan::{self, vlanreq};
use crate::types::{IfFlags, Nd6Flags, IFCAP_NAMES};

/// One fact: the C expression and the value the Rust side holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// A unique name, used in the assertion message and to pick a fact to
    /// corrupt in the self-test.
    pub key: String,
    /// The C expression (an integer constant expression).
    pub expr: String,
    /// The value Rust uses.
    pub value: u64,
    /// The C type both sides are compared as (`unsigned int` for 32-bit
    /// flag words, whose top bit C spells as a negative `int`).
    pub ctype: &'static str,
}

fn fact(key: impl Into<String>, expr: impl Into<String>, value: u64) -> Fact {
    Fact { key: key.into(), expr: expr.into(), value, ctype: "unsigned long long" }
}

/// A fact about a 32-bit flag word.
fn flag(key: impl Into<String>, expr: impl Into<String>, value: u32) -> Fact {
    Fact { ctype: "unsigned int", ..fact(key, expr, value.into()) }
}

/// The size of a field, from an accessor (no instance needed).
fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    size_of::<F>()
}

/// Size, alignment, and the offset and size of every listed field;
/// `$cfield` is the C member (macros like `ifr_data` allowed).
macro_rules! layout {
    ($out:ident, $t:ident, $c:literal, [ $( $f:ident => $cf:literal ),* $(,)? ]) => {{
        $out.push(fact(concat!("sizeof ", $c), concat!("sizeof(", $c, ")"), size_of::<$t>() as u64));
        $out.push(fact(concat!("alignof ", $c), concat!("_Alignof(", $c, ")"), align_of::<$t>() as u64));
        $(
            $out.push(fact(
                concat!("offsetof ", $c, ".", $cf),
                concat!("offsetof(", $c, ", ", $cf, ")"),
                offset_of!($t, $f) as u64,
            ));
            $out.push(fact(
                concat!("sizeof ", $c, ".", $cf),
                concat!("sizeof(((", $c, " *)0)->", $cf, ")"),
                field_size(|s: &$t| &s.$f) as u64,
            ));
        )*
    }};
}

fn layouts(out: &mut Vec<Fact>) {
    layout!(out, carpreq, "struct carpreq", [
        carpr_count => "carpr_count", carpr_vhid => "carpr_vhid", carpr_state => "carpr_state",
        carpr_advskew => "carpr_advskew", carpr_advbase => "carpr_advbase", carpr_key => "carpr_key",
    ]);
    layout!(out, in_addr, "struct in_addr", [s_addr => "s_addr"]);
    layout!(out, in6_addr, "struct in6_addr", [s6_addr => "s6_addr"]);
    layout!(out, sockaddr_in, "struct sockaddr_in", [
        sin_len => "sin_len", sin_family => "sin_family", sin_port => "sin_port", sin_addr => "sin_addr",
        sin_zero => "sin_zero",
    ]);
    layout!(out, sockaddr_in6, "struct sockaddr_in6", [
        sin6_len => "sin6_len", sin6_family => "sin6_family", sin6_port => "sin6_port",
        sin6_flowinfo => "sin6_flowinfo", sin6_addr => "sin6_addr", sin6_scope_id => "sin6_scope_id",
    ]);
    layout!(out, ifreq, "struct ifreq", [ifr_name => "ifr_name", ifr_ifru => "ifr_ifru"]);
    layout!(out, in_aliasreq, "struct in_aliasreq", [
        ifra_name => "ifra_name", ifra_addr => "ifra_addr", ifra_broadaddr => "ifra_broadaddr",
        ifra_mask => "ifra_mask", ifra_vhid => "ifra_vhid",
    ]);
    // SIOCAIFADDR's number is computed from `struct ifaliasreq`, the
    // sockaddr-typed twin of in_aliasreq: both must agree.
    layout!(out, in_aliasreq, "struct ifaliasreq", [
        ifra_name => "ifra_name", ifra_addr => "ifra_addr", ifra_broadaddr => "ifra_broadaddr",
        ifra_mask => "ifra_mask", ifra_vhid => "ifra_vhid",
    ]);
    layout!(out, in6_addrlifetime, "struct in6_addrlifetime", [
        ia6t_expire => "ia6t_expire", ia6t_preferred => "ia6t_preferred", ia6t_vltime => "ia6t_vltime",
        ia6t_pltime => "ia6t_pltime",
    ]);
    layout!(out, in6_aliasreq, "struct in6_aliasreq", [
        ifra_name => "ifra_name", ifra_addr => "ifra_addr", ifra_dstaddr => "ifra_dstaddr",
        ifra_prefixmask => "ifra_prefixmask", ifra_flags => "ifra_flags", ifra_lifetime => "ifra_lifetime",
        ifra_vhid => "ifra_vhid",
    ]);
    layout!(out, in6_ifreq, "struct in6_ifreq", [ifr_name => "ifr_name", ifr_addr => "ifr_ifru.ifru_addr"]);
    layout!(out, if_data, "struct if_data", [
        ifi_type => "ifi_type", ifi_physical => "ifi_physical", ifi_addrlen => "ifi_addrlen",
        ifi_hdrlen => "ifi_hdrlen", ifi_link_state => "ifi_link_state", ifi_vhid => "ifi_vhid",
        ifi_datalen => "ifi_datalen", ifi_mtu => "ifi_mtu", ifi_metric => "ifi_metric",
        ifi_baudrate => "ifi_baudrate", ifi_hwassist => "ifi_hwassist", ifi_epoch => "ifi_epoch",
        ifi_lastchange => "ifi_lastchange",
    ]);
    layout!(out, sockaddr_dl, "struct sockaddr_dl", [
        sdl_len => "sdl_len", sdl_family => "sdl_family", sdl_index => "sdl_index", sdl_type => "sdl_type",
        sdl_nlen => "sdl_nlen", sdl_alen => "sdl_alen", sdl_slen => "sdl_slen", sdl_data => "sdl_data",
    ]);
    layout!(out, nd_ifinfo, "struct nd_ifinfo", [
        linkmtu => "linkmtu", maxmtu => "maxmtu", basereachable => "basereachable", reachable => "reachable",
        retrans => "retrans", flags => "flags", recalctm => "recalctm", chlim => "chlim",
        initialized => "initialized", randomseed0 => "randomseed0", randomseed1 => "randomseed1",
        randomid => "randomid",
    ]);
    layout!(out, in6_ndireq, "struct in6_ndireq", [ifname => "ifname", ndi => "ndi"]);
    layout!(out, in6_ndifreq, "struct in6_ndifreq", [ifname => "ifname", ifindex => "ifindex"]);
    layout!(out, ifmediareq, "struct ifmediareq", [
        ifm_name => "ifm_name", ifm_current => "ifm_current", ifm_mask => "ifm_mask",
        ifm_status => "ifm_status", ifm_active => "ifm_active", ifm_count => "ifm_count",
        ifm_ulist => "ifm_ulist",
    ]);

    iface_layouts(out);

    // The rest of in6_ifreq's union, and if_data's counters one by one.
    out.push(fact(
        "sizeof struct in6_ifreq.ifr_ifru",
        "sizeof(((struct in6_ifreq *)0)->ifr_ifru)",
        (size_of::<sockaddr_in6>() + IN6_IFRU_REST) as u64,
    ));
    let counters = [
        "ifi_ipackets",
        "ifi_ierrors",
        "ifi_opackets",
        "ifi_oerrors",
        "ifi_collisions",
        "ifi_ibytes",
        "ifi_obytes",
        "ifi_imcasts",
        "ifi_omcasts",
        "ifi_iqdrops",
        "ifi_oqdrops",
        "ifi_noproto",
    ];
    for (i, c) in counters.iter().enumerate() {
        let off = offset_of!(if_data, ifi_counters) + i * size_of::<u64>();
        out.push(fact(
            format!("offsetof struct if_data.{c}"),
            format!("offsetof(struct if_data, {c})"),
            off as u64,
        ));
    }
    // ifreq's union members, by the macros ifconfig uses.
    let base = offset_of!(ifreq, ifr_ifru);
    let members: [(&str, usize, usize); 8] = [
        ("ifr_addr", ifru::ADDR, size_of::<sockaddr_in>()),
        ("ifr_flags", ifru::FLAGS, size_of::<i16>()),
        ("ifr_flagshigh", ifru::FLAGSHIGH, size_of::<i16>()),
        ("ifr_metric", ifru::METRIC, size_of::<i32>()),
        ("ifr_mtu", ifru::MTU, size_of::<i32>()),
        ("ifr_data", ifru::DATA, size_of::<u64>()),
        ("ifr_reqcap", ifru::REQCAP, size_of::<i32>()),
        ("ifr_curcap", ifru::CURCAP, size_of::<i32>()),
    ];
    ifreq_members(out, base, &members);
}

/// Offset and size of `ifreq` union members `(macro, offset in the
/// union, size)`, by the macros ifconfig uses.
fn ifreq_members(out: &mut Vec<Fact>, base: usize, members: &[(&str, usize, usize)]) {
    for (m, off, size) in members.iter().copied() {
        out.push(fact(
            format!("offsetof struct ifreq.{m} (union)"),
            format!("offsetof(struct ifreq, {m})"),
            (base + off) as u64,
        ));
        out.push(fact(
            format!("sizeof struct ifreq.{m} (union)"),
            format!("sizeof(((struct ifreq *)0)->{m})"),
            size as u64,
        ));
    }
}

/// The bridge address cache and 15's VLAN set arguments, and their
/// constants.
fn bridge_cache_layouts(out: &mut Vec<Fact>) {
    use super::bridge_addr::*;
    layout!(out, ifbareq, "struct ifbareq", [
        ifba_ifsname => "ifba_ifsname", ifba_expire => "ifba_expire", ifba_flags => "ifba_flags",
        ifba_dst => "ifba_dst", ifba_vlan => "ifba_vlan",
    ]);
    layout!(out, ifbaconf, "struct ifbaconf", [ifbac_len => "ifbac_len", ifbac_buf => "ifbac_buf"]);
    layout!(out, ifbif_vlan_req, "struct ifbif_vlan_req", [
        bv_ifname => "bv_ifname", bv_op => "bv_op", bv_set => "bv_set",
    ]);
    for (name, v) in [
        ("IFBF_FLUSHDYN", u64::from(IFBF_FLUSHDYN)),
        ("IFBF_FLUSHALL", u64::from(IFBF_FLUSHALL)),
        ("IFBAF_STATIC", u64::from(IFBAF_STATIC)),
        ("BRDG_VLAN_OP_SET", u64::from(BRDG_VLAN_OP_SET)),
        ("BRDG_VLAN_OP_ADD", u64::from(BRDG_VLAN_OP_ADD)),
        ("BRDG_VLAN_OP_DEL", u64::from(BRDG_VLAN_OP_DEL)),
        ("BRVLAN_SETSIZE", BRVLAN_SETSIZE as u64),
    ] {
        out.push(fact(format!("bridge {name}"), name, v));
    }
}

/// The interface keywords' structs (groups, cloners, vlan, bridge) and
/// the `ifreq` union members they use.
fn iface_layouts(out: &mut Vec<Fact>) {
    layout!(out, ifg_req, "struct ifg_req", [ifgrq_ifgrqu => "ifgrq_ifgrqu"]);
    layout!(out, ifgroupreq, "struct ifgroupreq", [
        ifgr_name => "ifgr_name", ifgr_len => "ifgr_len", ifgr_ifgru => "ifgr_ifgru",
    ]);
    layout!(out, if_clonereq, "struct if_clonereq", [
        ifcr_total => "ifcr_total", ifcr_count => "ifcr_count", ifcr_buffer => "ifcr_buffer",
    ]);
    layout!(out, vlanreq, "struct vlanreq", [
        vlr_parent => "vlr_parent", vlr_tag => "vlr_tag", vlr_proto => "vlr_proto",
    ]);
    layout!(out, ifdrv, "struct ifdrv", [
        ifd_name => "ifd_name", ifd_cmd => "ifd_cmd", ifd_len => "ifd_len", ifd_data => "ifd_data",
    ]);
    layout!(out, ifbreq, "struct ifbreq", [
        ifbr_ifsname => "ifbr_ifsname", ifbr_ifsflags => "ifbr_ifsflags", ifbr_stpflags => "ifbr_stpflags",
        ifbr_path_cost => "ifbr_path_cost", ifbr_portno => "ifbr_portno", ifbr_priority => "ifbr_priority",
        ifbr_proto => "ifbr_proto", ifbr_role => "ifbr_role", ifbr_state => "ifbr_state",
        ifbr_addrcnt => "ifbr_addrcnt", ifbr_addrmax => "ifbr_addrmax",
        ifbr_addrexceeded => "ifbr_addrexceeded", ifbr_pvid => "ifbr_pvid",
        ifbr_vlanproto => "ifbr_vlanproto", pad => "pad",
    ]);
    layout!(out, ifbrparam, "struct ifbrparam", [ifbrp_ifbrpu => "ifbrp_ifbrpu"]);
    layout!(out, ifbropreq, "struct ifbropreq", [
        ifbop_holdcount => "ifbop_holdcount", ifbop_maxage => "ifbop_maxage",
        ifbop_hellotime => "ifbop_hellotime", ifbop_fwddelay => "ifbop_fwddelay",
        ifbop_protocol => "ifbop_protocol", ifbop_priority => "ifbop_priority",
        ifbop_root_port => "ifbop_root_port", ifbop_root_path_cost => "ifbop_root_path_cost",
        ifbop_bridgeid => "ifbop_bridgeid", ifbop_designated_root => "ifbop_designated_root",
        ifbop_designated_bridge => "ifbop_designated_bridge", ifbop_last_tc_time => "ifbop_last_tc_time",
    ]);
    layout!(out, ifbifconf, "struct ifbifconf", [ifbic_len => "ifbic_len", ifbic_buf => "ifbic_buf"]);
    bridge_cache_layouts(out);
    lagg_layouts(out);
    vxlan_layouts(out);
    nv_layouts(out);
    let base = offset_of!(ifreq, ifr_ifru);
    let members: [(&str, usize, usize); 8] = [
        ("ifr_buffer", iface::ifru_more::BUFFER_LENGTH, 16),
        ("ifr_buffer.length", iface::ifru_more::BUFFER_LENGTH, size_of::<u64>()),
        ("ifr_buffer.buffer", iface::ifru_more::BUFFER_BUFFER, size_of::<u64>()),
        ("ifr_fib", iface::ifru_more::FIB, size_of::<u32>()),
        ("ifr_vlan_pcp", iface::ifru_more::VLAN_PCP, size_of::<u8>()),
        ("ifr_lan_pcp", iface::ifru_more::VLAN_PCP, size_of::<u8>()),
        ("ifr_media", iface::ifru_more::MEDIA, size_of::<i32>()),
        ("ifr_jid", iface::ifru_more::JID, size_of::<i32>()),
    ];
    ifreq_members(out, base, &members);
    for (m, off, size) in super::in6_state::UNION_MEMBERS {
        out.push(fact(
            format!("offsetof struct in6_ifreq.{m}"),
            format!("offsetof(struct in6_ifreq, {m})"),
            (offset_of!(in6_ifreq, ifr_addr) + off) as u64,
        ));
        out.push(fact(
            format!("sizeof struct in6_ifreq.{m}"),
            format!("sizeof(((struct in6_ifreq *)0)->{m})"),
            size as u64,
        ));
    }
    for (m, off) in [("ifgr_group", 0usize), ("ifgr_groups", 0)] {
        out.push(fact(
            format!("offsetof struct ifgroupreq.{m} (union)"),
            format!("offsetof(struct ifgroupreq, {m})"),
            (offset_of!(ifgroupreq, ifgr_ifgru) + off) as u64,
        ));
    }
}

/// pfsync's `struct pfsyncreq`, `ifr_cap_nv` (the packed-nvlist
/// requests) and their constants.
fn nv_layouts(out: &mut Vec<Fact>) {
    use super::nvreq::{cap_nv, IFR_CAP_NV_MAXBUFSIZE};
    use super::pfsync::{pfsyncreq, INADDR_PFSYNC_GROUP, PFSYNCF_DEFER, PFSYNCF_OK};
    layout!(out, pfsyncreq, "struct pfsyncreq", [
        pfsyncr_syncdev => "pfsyncr_syncdev", pfsyncr_syncpeer => "pfsyncr_syncpeer",
        pfsyncr_maxupdates => "pfsyncr_maxupdates", pfsyncr_defer => "pfsyncr_defer",
    ]);
    let base = offset_of!(ifreq, ifr_ifru);
    let members: [(&str, usize, usize); 3] = [
        ("ifr_cap_nv.buf_length", cap_nv::BUF_LENGTH, size_of::<u32>()),
        ("ifr_cap_nv.length", cap_nv::LENGTH, size_of::<u32>()),
        ("ifr_cap_nv.buffer", cap_nv::BUFFER, size_of::<u64>()),
    ];
    ifreq_members(out, base, &members);
    for (name, v) in [
        ("IFR_CAP_NV_MAXBUFSIZE", IFR_CAP_NV_MAXBUFSIZE as u64),
        ("PFSYNCF_OK", PFSYNCF_OK),
        ("PFSYNCF_DEFER", PFSYNCF_DEFER),
        ("INADDR_PFSYNC_GROUP", INADDR_PFSYNC_GROUP.into()),
    ] {
        out.push(fact(name, name, v));
    }
    // The capability words of an IFCAP_NV interface (IFCAP2_* are bit
    // numbers; the crate keeps the bits).
    use crate::types::{IFCAP2_IPSEC_OFFLOAD, IFCAP2_RXTLS4, IFCAP2_RXTLS6, IFCAP_NV};
    out.push(fact("IFCAP_NV", "IFCAP_NV", IFCAP_NV.into()));
    for (name, v) in [
        ("IFCAP2_RXTLS4", IFCAP2_RXTLS4),
        ("IFCAP2_RXTLS6", IFCAP2_RXTLS6),
        ("IFCAP2_IPSEC_OFFLOAD", IFCAP2_IPSEC_OFFLOAD),
    ] {
        out.push(fact(format!("IFCAP2_BIT({name})"), format!("IFCAP2_BIT({name})"), v.into()));
    }
    use super::drivers::{mac, stfv4args, STF6RD_GV4NET, STF6RD_SBR, STF6RD_SV4NET};
    layout!(out, mac, "struct mac", [m_buflen => "m_buflen", m_string => "m_string"]);
    layout!(out, stfv4args, "struct stfv4args", [
        srcv4_addr => "srcv4_addr", braddr => "braddr", v4_prefixlen => "v4_prefixlen",
    ]);
    for (name, v) in
        [("STF6RD_SV4NET", STF6RD_SV4NET), ("STF6RD_GV4NET", STF6RD_GV4NET), ("STF6RD_SBR", STF6RD_SBR)]
    {
        out.push(fact(name, name, v));
    }
}

/// vxlan(4)'s structs, `VXLAN_PARAM_WITH_*` bits and `VXLAN_CMD_*` numbers (14.x's headers).
fn vxlan_layouts(out: &mut Vec<Fact>) {
    use super::vxlan::{ifvxlancfg, ifvxlancmd, vxlan_sockaddr};
    layout!(out, vxlan_sockaddr, "union vxlan_sockaddr", []);
    layout!(out, ifvxlancmd, "struct ifvxlancmd", [
        vxlcmd_flags => "vxlcmd_flags", vxlcmd_vni => "vxlcmd_vni",
        vxlcmd_ftable_timeout => "vxlcmd_ftable_timeout", vxlcmd_ftable_max => "vxlcmd_ftable_max",
        vxlcmd_port => "vxlcmd_port", vxlcmd_port_min => "vxlcmd_port_min", vxlcmd_port_max => "vxlcmd_port_max",
        vxlcmd_mac => "vxlcmd_mac", vxlcmd_ttl => "vxlcmd_ttl", vxlcmd_sa => "vxlcmd_sa",
        vxlcmd_ifname => "vxlcmd_ifname",
    ]);
    layout!(out, ifvxlancfg, "struct ifvxlancfg", [
        vxlc_vni => "vxlc_vni", vxlc_local_sa => "vxlc_local_sa", vxlc_remote_sa => "vxlc_remote_sa",
        vxlc_mc_ifindex => "vxlc_mc_ifindex", vxlc_ftable_cnt => "vxlc_ftable_cnt",
        vxlc_ftable_max => "vxlc_ftable_max", vxlc_ftable_timeout => "vxlc_ftable_timeout",
        vxlc_port_min => "vxlc_port_min", vxlc_port_max => "vxlc_port_max", vxlc_learn => "vxlc_learn",
        vxlc_ttl => "vxlc_ttl",
    ]);
    use super::vxlan::{ifvxlanparam, with};
    layout!(out, ifvxlanparam, "struct ifvxlanparam", [
        vxlp_with => "vxlp_with", vxlp_vni => "vxlp_vni", vxlp_local_sa => "vxlp_local_sa",
        vxlp_remote_sa => "vxlp_remote_sa", vxlp_local_port => "vxlp_local_port",
        vxlp_remote_port => "vxlp_remote_port", vxlp_min_port => "vxlp_min_port",
        vxlp_max_port => "vxlp_max_port", vxlp_mc_ifname => "vxlp_mc_ifname",
        vxlp_ftable_timeout => "vxlp_ftable_timeout", vxlp_ftable_max => "vxlp_ftable_max",
        vxlp_ttl => "vxlp_ttl", vxlp_learn => "vxlp_learn",
    ]);
    for (name, v) in [
        ("VNI", with::VNI),
        ("LOCAL_ADDR4", with::LOCAL_ADDR4),
        ("LOCAL_ADDR6", with::LOCAL_ADDR6),
        ("REMOTE_ADDR4", with::REMOTE_ADDR4),
        ("REMOTE_ADDR6", with::REMOTE_ADDR6),
        ("LOCAL_PORT", with::LOCAL_PORT),
        ("REMOTE_PORT", with::REMOTE_PORT),
        ("PORT_RANGE", with::PORT_RANGE),
        ("FTABLE_TIMEOUT", with::FTABLE_TIMEOUT),
        ("FTABLE_MAX", with::FTABLE_MAX),
        ("MULTICAST_IF", with::MULTICAST_IF),
        ("TTL", with::TTL),
        ("LEARN", with::LEARN),
    ] {
        let c = format!("VXLAN_PARAM_WITH_{name}");
        out.push(fact(format!("vxlan {c}"), c, v));
    }
    for (name, v) in super::vxlan::COMMANDS {
        out.push(fact(format!("vxlan {name}"), name, v));
    }
    for (name, v) in [
        ("VXLAN_CMD_FLAG_FLUSH_ALL", super::vxlan::VXLAN_CMD_FLAG_FLUSH_ALL.into()),
        ("VXLAN_CMD_FLAG_LEARN", super::vxlan::VXLAN_CMD_FLAG_LEARN.into()),
        ("VXLAN_VNI_MAX", crate::types::VxlanConfig::VNI_MAX.into()),
        ("VXLAN_PORT", crate::types::VxlanConfig::PORT.into()),
    ] {
        out.push(fact(format!("vxlan {name}"), name, v));
    }
}

/// lagg(4)'s structs (14.x's, which zig ships; 10.x's `lagg_reqopts` is
/// the part before `ro_bkt`, whose offset is asserted here).
fn lagg_layouts(out: &mut Vec<Fact>) {
    layout!(out, lacp_opreq, "struct lacp_opreq", [
        actor_prio => "actor_prio", actor_mac => "actor_mac", actor_key => "actor_key",
        actor_portprio => "actor_portprio", actor_portno => "actor_portno", actor_state => "actor_state",
        partner_prio => "partner_prio", partner_mac => "partner_mac", partner_key => "partner_key",
        partner_portprio => "partner_portprio", partner_portno => "partner_portno",
        partner_state => "partner_state",
    ]);
    layout!(out, lagg_reqport, "struct lagg_reqport", [
        rp_ifname => "rp_ifname", rp_portname => "rp_portname", rp_prio => "rp_prio", rp_flags => "rp_flags",
        rp_lacpreq => "rp_lacpreq",
    ]);
    layout!(out, lagg_reqall, "struct lagg_reqall", [
        ra_ifname => "ra_ifname", ra_proto => "ra_proto", ra_size => "ra_size", ra_port => "ra_port",
        ra_ports => "ra_ports", ra_lacpreq => "ra_lacpreq",
    ]);
    layout!(out, iflaggparam, "struct iflaggparam", [
        lagg_type => "lagg_type", reserved_8 => "reserved_8", reserved_32 => "reserved_32",
    ]);
    for (name, v) in lagg::LAGG_TYPES {
        let c = format!("LAGG_TYPE_{}", name.to_uppercase());
        out.push(fact(format!("lagg {c}"), c, v.into()));
    }
    layout!(out, lagg_reqflags, "struct lagg_reqflags", [rf_ifname => "rf_ifname", rf_flags => "rf_flags"]);
    layout!(out, lagg_reqopts, "struct lagg_reqopts", [
        ro_ifname => "ro_ifname", ro_opts => "ro_opts", ro_count => "ro_count", ro_active => "ro_active",
        ro_flapping => "ro_flapping", ro_flowid_shift => "ro_flowid_shift", ro_bkt => "ro_bkt",
    ]);
}

/// lagg(4)'s constants: protocols, options, hash bits.
fn lagg_constants(out: &mut Vec<Fact>) {
    for (name, n) in lagg::PROTOS {
        let c = format!("LAGG_PROTO_{}", name.to_uppercase());
        out.push(fact(format!("lagg {c}"), c, n.into()));
    }
    let consts: [(&str, u64); 11] = [
        ("LAGG_PROTO_MAX", lagg::LAGG_PROTO_MAX.into()),
        ("LAGG_MAX_PORTS", lagg::LAGG_MAX_PORTS as u64),
        ("LAGG_F_HASHMASK", lagg::LAGG_F_HASHMASK.into()),
        ("LAGG_OPT_FLOWIDSHIFT", lagg::LAGG_OPT_FLOWIDSHIFT as u64),
        ("LAGG_OPT_RR_LIMIT", lagg::LAGG_OPT_RR_LIMIT as u64),
        ("LAGG_OPT_USE_FLOWID", lagg::OPTION_BITS[0].into()),
        ("LAGG_OPT_USE_NUMA", lagg::OPTION_BITS[1].into()),
        ("LAGG_OPT_LACP_STRICT", lagg::OPTION_BITS[2].into()),
        ("LAGG_OPT_LACP_TXTEST", lagg::OPTION_BITS[3].into()),
        ("LAGG_OPT_LACP_RXTEST", lagg::OPTION_BITS[4].into()),
        ("LAGG_OPT_LACP_FAST_TIMO", lagg::OPTION_BITS[5].into()),
    ];
    for (name, v) in consts {
        out.push(fact(format!("lagg {name}"), name, v));
    }
}

/// The interface keywords' request numbers, bridge commands and constants.
fn iface_constants(out: &mut Vec<Fact>) {
    for (name, v) in bridge::COMMANDS {
        out.push(fact(format!("bridge {name}"), name, v));
    }
    for (name, v) in [
        ("ETHER_ADDR_LEN", iface::ETHER_ADDR_LEN as u64),
        ("ETHERTYPE_VLAN", vlan::ETHERTYPE_VLAN.into()),
        ("ETHERTYPE_QINQ", vlan::ETHERTYPE_QINQ.into()),
        ("IFNET_PCP_NONE", iface::IFNET_PCP_NONE.into()),
        ("SIOCSLANPCP", iface::SIOCSLANPCP),
        ("SIOCGLANPCP", iface::SIOCGLANPCP),
    ] {
        out.push(fact(name, name, v));
    }
}

fn constants(out: &mut Vec<Fact>) {
    iface_constants(out);
    lagg_constants(out);
    for (name, v) in [
        ("GRE_OPTMASK", crate::types::GreConfig::OPTMASK.into()),
        ("GIF_NOCLAMP", 0x1),
        ("GIF_IGNORE_SOURCE", 0x2),
    ] {
        out.push(fact(format!("tunnel {name}"), name, v));
    }
    // ifconfig's in_set_tunnel writes the destination as `ifra_dstaddr`,
    // in_var.h's other name for `ifra_broadaddr`.
    out.push(fact(
        "offsetof struct in_aliasreq.ifra_dstaddr",
        "offsetof(struct in_aliasreq, ifra_dstaddr)",
        offset_of!(in_aliasreq, ifra_broadaddr) as u64,
    ));
    let consts: [(&str, u64); 18] = [
        ("IFNAMSIZ", IFNAMSIZ as u64),
        ("CARP_KEY_LEN", CARP_KEY_LEN as u64),
        ("CARP_MAXVHID", CARP_MAXVHID as u64),
        ("CARP_MAXSTATE", CARP_MAXSTATE as u64),
        ("AF_INET", AF_INET.into()),
        ("AF_INET6", AF_INET6.into()),
        ("AF_LINK", AF_LINK.into()),
        ("IFT_OTHER", IFT_OTHER.into()),
        ("IFT_ETHER", IFT_ETHER.into()),
        ("IFT_LOOP", IFT_LOOP.into()),
        ("IFT_L2VLAN", IFT_L2VLAN.into()),
        ("IFT_BRIDGE", IFT_BRIDGE.into()),
        ("LINK_STATE_UNKNOWN", LINK_STATE_UNKNOWN.into()),
        ("LINK_STATE_DOWN", LINK_STATE_DOWN.into()),
        ("LINK_STATE_UP", LINK_STATE_UP.into()),
        ("ND6_INFINITE_LIFETIME", ND6_INFINITE_LIFETIME.into()),
        ("IFF_CANTCHANGE", IFF_CANTCHANGE.into()),
        ("IOCPARM_MASK", super::request::IOCPARM_MASK.into()),
    ];
    for (name, v) in consts {
        out.push(fact(name, name, v));
    }
    for (name, v) in REQUESTS {
        out.push(fact(name, name, v));
    }
    for (name, v) in [("SIOCGIFMEDIA", media::SIOCGIFMEDIA), ("SIOCGIFXMEDIA", media::SIOCGIFXMEDIA)] {
        out.push(fact(name, name, v));
    }
    // Media words are C ints with the top bit in use (IFM_IMASK).
    for (name, v) in media::abi_constants() {
        out.push(flag(format!("media {name}"), name, v));
    }
}

/// The C macro for an [`IfFlags`] name: mostly `IFF_<name>`; the driver
/// flags carry `DRV_`, bit 23 is `IFF_PALLMULTI` in current headers (the
/// same bit ifconfig printed as NOGROUP), LOWER_UP is netlink's.
fn iff_macro(name: &str) -> String {
    match name {
        "RUNNING" => "IFF_DRV_RUNNING".into(),
        "NOGROUP" => "IFF_PALLMULTI".into(),
        other => format!("IFF_{other}"),
    }
}

/// The C macro for an `IFCAP_NAMES` entry: bit 26, shown as NOMAP by
/// older ifconfig, is `IFCAP_MEXTPG` in the headers.
fn ifcap_macro(name: &str) -> String {
    match name {
        "NOMAP" => "IFCAP_MEXTPG".into(),
        other => format!("IFCAP_{other}"),
    }
}

fn bits(out: &mut Vec<Fact>) {
    for (name, bit) in IfFlags::all().iter_names() {
        out.push(flag(format!("IfFlags::{name}"), iff_macro(name), bit.bits()));
    }
    for (bit, name) in IFCAP_NAMES.iter().enumerate() {
        out.push(flag(format!("IFCAP_NAMES[{bit}] {name}"), ifcap_macro(name), 1u32 << bit));
    }
    for (name, bit) in Nd6Flags::all().iter_names() {
        out.push(flag(format!("Nd6Flags::{name}"), format!("ND6_IFF_{name}"), bit.bits()));
    }
}

fn netlink(out: &mut Vec<Fact>) {
    let consts: Vec<(&str, u64)> = vec![
        ("AF_NETLINK", nl::AF_NETLINK_FREEBSD as u64),
        ("NETLINK_ROUTE", nl::NETLINK_ROUTE as u64),
        ("NETLINK_GENERIC", nl::NETLINK_GENERIC as u64),
        ("NLMSG_ERROR", nl::NLMSG_ERROR.into()),
        ("NLMSG_DONE", nl::NLMSG_DONE.into()),
        ("NLM_F_REQUEST", nl::NLM_F_REQUEST.into()),
        ("NLM_F_MULTI", nl::NLM_F_MULTI.into()),
        ("NLM_F_ACK", nl::NLM_F_ACK.into()),
        ("NLM_F_DUMP", nl::NLM_F_DUMP.into()),
        ("GENL_ID_CTRL", nl::GENL_ID_CTRL.into()),
        ("CTRL_CMD_GETFAMILY", nl::CTRL_CMD_GETFAMILY.into()),
        ("CTRL_ATTR_FAMILY_ID", nl::CTRL_ATTR_FAMILY_ID.into()),
        ("CTRL_ATTR_FAMILY_NAME", nl::CTRL_ATTR_FAMILY_NAME.into()),
        ("CARP_NL_CMD_GET", nl::CARP_NL_CMD_GET.into()),
        ("CARP_NL_CMD_SET", nl::CARP_NL_CMD_SET.into()),
        ("CARP_NL_VHID", nl::CARP_NL_VHID.into()),
        ("CARP_NL_STATE", nl::CARP_NL_STATE.into()),
        ("CARP_NL_ADVBASE", nl::CARP_NL_ADVBASE.into()),
        ("CARP_NL_ADVSKEW", nl::CARP_NL_ADVSKEW.into()),
        ("CARP_NL_KEY", nl::CARP_NL_KEY.into()),
        ("CARP_NL_IFINDEX", nl::CARP_NL_IFINDEX.into()),
        ("CARP_NL_ADDR", nl::CARP_NL_ADDR.into()),
        ("CARP_NL_ADDR6", nl::CARP_NL_ADDR6.into()),
        ("CARP_NL_IFNAME", nl::CARP_NL_IFNAME.into()),
        ("CARP_NL_VERSION", nl::CARP_NL_VERSION.into()),
        ("CARP_NL_VRRP_PRIORITY", nl::CARP_NL_VRRP_PRIORITY.into()),
        ("CARP_NL_VRRP_ADV_INTER", nl::CARP_NL_VRRP_ADV_INTER.into()),
        ("RTM_GETLINK", nl::RTM_GETLINK.into()),
        ("RTM_NEWADDR", nl::RTM_NEWADDR.into()),
        ("RTM_DELADDR", nl::RTM_DELADDR.into()),
        ("RTM_GETADDR", nl::RTM_GETADDR.into()),
        ("IFA_FREEBSD", nl::IFA_FREEBSD.into()),
        ("IFAF_VHID", nl::IFAF_VHID.into()),
        ("IFAF_FLAGS", nl::IFAF_FLAGS.into()),
        // rtnetlink and framing details the codec relies on.
        ("AF_INET", nl::AF_INET.into()),
        ("AF_INET6", nl::AF_INET6_FREEBSD.into()),
        ("SOL_NETLINK", nl::SOL_NETLINK as u64),
        ("NETLINK_CAP_ACK", nl::NETLINK_CAP_ACK as u64),
        ("NETLINK_EXT_ACK", nl::NETLINK_EXT_ACK as u64),
        ("NETLINK_GET_STRICT_CHK", nl::NETLINK_GET_STRICT_CHK as u64),
        ("sizeof(struct nlmsghdr)", nl::NLMSG_HDRLEN as u64),
        ("sizeof(struct nlattr)", nl::NLA_HDRLEN as u64),
        ("sizeof(struct genlmsghdr)", nl::GENL_HDRLEN as u64),
        ("sizeof(struct ifinfomsg)", nl::IFINFOMSG_LEN as u64),
        ("sizeof(struct ifaddrmsg)", nl::IFADDRMSG_LEN as u64),
        ("NLMSG_NOOP", nl::NLMSG_NOOP.into()),
        ("NLMSG_OVERRUN", nl::NLMSG_OVERRUN.into()),
        ("NLMSG_MIN_TYPE", nl::NLMSG_MIN_TYPE.into()),
        ("NLM_F_ECHO", nl::NLM_F_ECHO.into()),
        ("NLM_F_DUMP_INTR", nl::NLM_F_DUMP_INTR.into()),
        ("NLM_F_REPLACE", nl::NLM_F_REPLACE.into()),
        ("NLM_F_EXCL", nl::NLM_F_EXCL.into()),
        ("NLM_F_CREATE", nl::NLM_F_CREATE.into()),
        ("NLM_F_CAPPED", nl::NLM_F_CAPPED.into()),
        ("NLM_F_ACK_TLVS", nl::NLM_F_ACK_TLVS.into()),
        ("NLMSGERR_ATTR_MSG", nl::NLMSGERR_ATTR_MSG.into()),
        ("NLMSGERR_ATTR_OFFS", nl::NLMSGERR_ATTR_OFFS.into()),
        ("NLMSGERR_ATTR_COOKIE", nl::NLMSGERR_ATTR_COOKIE.into()),
        ("NLA_F_NESTED", nl::NLA_F_NESTED.into()),
        ("NLA_F_NET_BYTEORDER", nl::NLA_F_NET_BYTEORDER.into()),
        ("CTRL_CMD_NEWFAMILY", nl::CTRL_CMD_NEWFAMILY.into()),
        ("CTRL_ATTR_VERSION", nl::CTRL_ATTR_VERSION.into()),
        ("CTRL_ATTR_HDRSIZE", nl::CTRL_ATTR_HDRSIZE.into()),
        ("CTRL_ATTR_MAXATTR", nl::CTRL_ATTR_MAXATTR.into()),
        ("GENL_NAMSIZ", nl::GENL_NAMSIZ as u64),
        ("RTM_NEWLINK", nl::RTM_NEWLINK.into()),
        ("RTM_DELLINK", nl::RTM_DELLINK.into()),
        ("IFLA_ADDRESS", nl::IFLA_ADDRESS.into()),
        ("IFLA_BROADCAST", nl::IFLA_BROADCAST.into()),
        ("IFLA_IFNAME", nl::IFLA_IFNAME.into()),
        ("IFLA_MTU", nl::IFLA_MTU.into()),
        ("IFLA_LINK", nl::IFLA_LINK.into()),
        ("IFLA_MASTER", nl::IFLA_MASTER.into()),
        ("IFLA_TXQLEN", nl::IFLA_TXQLEN.into()),
        ("IFLA_OPERSTATE", nl::IFLA_OPERSTATE.into()),
        ("IFLA_LINKMODE", nl::IFLA_LINKMODE.into()),
        ("IFLA_LINKINFO", nl::IFLA_LINKINFO.into()),
        ("IFLA_IFALIAS", nl::IFLA_IFALIAS.into()),
        ("IFLA_STATS64", nl::IFLA_STATS64.into()),
        ("IFLA_PROMISCUITY", nl::IFLA_PROMISCUITY.into()),
        ("IFLA_CARRIER", nl::IFLA_CARRIER.into()),
        ("IFLA_INFO_KIND", nl::IFLA_INFO_KIND.into()),
        ("IFLA_INFO_DATA", nl::IFLA_INFO_DATA.into()),
        ("IF_OPER_UNKNOWN", nl::IF_OPER_UNKNOWN.into()),
        ("IF_OPER_DOWN", nl::IF_OPER_DOWN.into()),
        ("IF_OPER_LOWERLAYERDOWN", nl::IF_OPER_LOWERLAYERDOWN.into()),
        ("IF_OPER_DORMANT", nl::IF_OPER_DORMANT.into()),
        ("IF_OPER_UP", nl::IF_OPER_UP.into()),
        ("IFA_ADDRESS", nl::IFA_ADDRESS.into()),
        ("IFA_LOCAL", nl::IFA_LOCAL.into()),
        ("IFA_LABEL", nl::IFA_LABEL.into()),
        ("IFA_BROADCAST", nl::IFA_BROADCAST.into()),
        ("IFA_CACHEINFO", nl::IFA_CACHEINFO.into()),
        ("IFA_FLAGS", nl::IFA_FLAGS.into()),
        ("RT_SCOPE_UNIVERSE", nl::RT_SCOPE_UNIVERSE.into()),
        ("RT_SCOPE_LINK", nl::RT_SCOPE_LINK.into()),
        ("RT_SCOPE_HOST", nl::RT_SCOPE_HOST.into()),
        ("IFT_ETHER", nl::IFT_ETHER.into()),
        ("IFT_LOOP", nl::IFT_LOOP.into()),
        ("IFT_L2VLAN", nl::IFT_L2VLAN.into()),
        ("IFT_BRIDGE", nl::IFT_BRIDGE.into()),
    ];
    for (name, v) in consts {
        out.push(fact(format!("netlink {name}"), name, v));
    }
    let name = nl::CARP_NL_FAMILY_NAME.as_bytes();
    out.push(fact(
        "netlink CARP_NL_FAMILY_NAME length",
        "sizeof(CARP_NL_FAMILY_NAME)",
        name.len() as u64 + 1,
    ));
    for (i, c) in name.iter().enumerate() {
        out.push(fact(
            format!("netlink CARP_NL_FAMILY_NAME[{i}]"),
            format!("CARP_NL_FAMILY_NAME[{i}]"),
            (*c).into(),
        ));
    }
}

/// Every fact, in a stable order.
pub fn facts() -> Vec<Fact> {
    let mut out = Vec::new();
    layouts(&mut out);
    constants(&mut out);
    bits(&mut out);
    netlink(&mut out);
    out
}

const HEADERS: &[&str] = &[
    "sys/types.h",
    "sys/socket.h",
    "sys/ioctl.h",
    "sys/sockio.h",
    "stddef.h",
    "net/if.h",
    "net/if_dl.h",
    "net/if_types.h",
    "netinet/in.h",
    "netinet/in_var.h",
    "netinet6/in6_var.h",
    "netinet6/nd6.h",
    "net/if_media.h",
    "netinet/ip_carp.h",
    "net/ethernet.h",
    "net/if_lagg.h",
    "net/if_gif.h",
    "net/if_gre.h",
    "net/if_vxlan.h",
    "net/if_pfsync.h",
    "net/if_ipsec.h",
    "net/if_stf.h",
    "sys/mac.h",
    "net/if_vlan_var.h",
    "net/if_bridgevar.h",
    "netlink/netlink.h",
    "netlink/netlink_generic.h",
    "netlink/netlink_route.h",
    "netlink/route/interface.h",
    "netinet/ip_carp_nl.h",
];

/// The C file: the headers, then one `_Static_assert` per fact. With
/// `corrupt` naming a fact's key, that fact's value is off by one (the
/// self-test: the compile must then fail). `Err` for an unknown key.
pub fn c_source(corrupt: Option<&str>) -> Result<String, String> {
    let facts = facts();
    if let Some(k) = corrupt {
        if !facts.iter().any(|f| f.key == k) {
            return Err(format!("no fact named {k:?}"));
        }
    }
    let mut s = String::from("/* Generated by libcarpctl::sys::cgen: the ABI libcarpctl assumes, */\n");
    s.push_str("/* checked against FreeBSD's headers (zig cc -target x86_64-freebsd). */\n");
    for h in HEADERS {
        s.push_str(&format!("#include <{h}>\n"));
    }
    s.push_str(&format!("\n/* {} facts */\n", facts.len()));
    for f in &facts {
        let v = if corrupt == Some(f.key.as_str()) { f.value.wrapping_add(1) } else { f.value };
        let msg = f.key.replace('\\', "\\\\").replace('"', "\\\"");
        let t = f.ctype;
        s.push_str(&format!(
            "_Static_assert(({t})({}) == ({t}){v}ULL, \"ABI: {msg} (Rust says {v})\");\n",
            f.expr
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_cover_what_the_backend_uses() {
        let f = facts();
        let mut keys: Vec<&str> = f.iter().map(|x| x.key.as_str()).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate fact keys");
        for needed in [
            "sizeof struct carpreq",
            "offsetof struct in6_aliasreq.ifra_vhid",
            "offsetof struct if_data.ifi_vhid",
            "offsetof struct ifreq.ifr_data (union)",
            "SIOCSVH",
            "SIOCDIFADDR_IN6",
            "IfFlags::MULTICAST",
            "IFCAP_NAMES[0] RXCSUM",
            "Nd6Flags::AUTO_LINKLOCAL",
            "offsetof struct ifmediareq.ifm_ulist",
            "SIOCGIFXMEDIA",
            "media IFM_1000_T",
            "media IFM_25G_SR",
            "netlink CARP_NL_VRRP_ADV_INTER",
            "netlink CARP_NL_FAMILY_NAME[3]",
            "sizeof struct ifbreq",
            "offsetof struct ifdrv.ifd_data",
            "offsetof struct ifreq.ifr_fib (union)",
            "SIOCIFCREATE2",
            "SIOCGIFGROUP",
            "SIOCSIFINFO_IN6",
            "SIOCSDRVSPEC",
            "bridge BRDGADD",
            "sizeof struct if_clonereq",
            "sizeof struct lagg_reqopts",
            "offsetof struct lagg_reqall.ra_lacpreq",
            "SIOCSLAGGOPTS",
            "lagg LAGG_PROTO_BROADCAST",
            "SIOCSIFPHYADDR_IN6",
            "GRESPORT",
            "offsetof struct in_aliasreq.ifra_dstaddr",
            "sizeof struct ifvxlancmd",
            "vxlan VXLAN_CMD_SET_REMOTE_ADDR",
            "offsetof struct ifbareq.ifba_vlan",
            "offsetof struct ifbaconf.ifbac_buf",
            "sizeof struct ifbif_vlan_req",
            "bridge BRDGRTS",
            "bridge BRDGSIFVLANPROTO",
            "bridge IFBF_FLUSHALL",
        ] {
            assert!(f.iter().any(|x| x.key == needed), "missing fact {needed}");
        }
        let vhid = f.iter().find(|x| x.key == "offsetof struct in6_aliasreq.ifra_vhid").unwrap();
        assert_eq!(vhid.value, 128);
        assert_eq!(vhid.expr, "offsetof(struct in6_aliasreq, ifra_vhid)");
    }

    #[test]
    fn corruption_changes_exactly_one_assertion() {
        let good = c_source(None).unwrap();
        let bad = c_source(Some("SIOCSVH")).unwrap();
        let diff: Vec<(&str, &str)> = good.lines().zip(bad.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert!(diff[0].0.contains("3223349749ULL"), "{}", diff[0].0); // 0xC02069F5
        assert!(diff[0].1.contains("3223349750ULL"), "{}", diff[0].1);
        assert!(c_source(Some("no such fact")).is_err());
        assert!(good.contains("#include <netinet/ip_carp.h>"));
    }
}
