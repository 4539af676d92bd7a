//! What ifconfig says when the kernel refuses an interface change or a
//! clone: the request as its `err()`/`warn()` names it (ifconfig.c,
//! ifgroup.c, iffib.c, ifvlan.c, ifbridge.c, iflagg.c, af_nd6.c,
//! ifclone.c), one table for the model and the kernel backends alike, so
//! a refusal reads the same whichever answered.

use super::{IfaceChange, Release};
use crate::error::{Errno, Error};

/// A bridge parameter keyword with the commands that set and get it
/// (`net/if_bridgevar.h`) and the width of its `ifbrparam` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BridgeParamSpec {
    /// The ifconfig keyword.
    pub keyword: &'static str,
    /// The setting command's C name (ifconfig's message names it).
    pub set_name: &'static str,
    /// The setting command.
    pub set: u64,
    /// The reading command (`None`: only BRDGPARAM reports it).
    pub get: Option<u64>,
    /// Bits of the value (32, 16 or 8).
    pub bits: u8,
}

/// ifbridge.c's parameters (`BRDGS*` / `BRDGG*`, 4 to 29).
pub const BRIDGE_PARAMS: [BridgeParamSpec; 7] = [
    BridgeParamSpec { keyword: "maxaddr", set_name: "BRDGSCACHE", set: 4, get: Some(5), bits: 32 },
    BridgeParamSpec { keyword: "timeout", set_name: "BRDGSTO", set: 9, get: Some(10), bits: 32 },
    BridgeParamSpec { keyword: "priority", set_name: "BRDGSPRI", set: 14, get: Some(13), bits: 16 },
    BridgeParamSpec { keyword: "hellotime", set_name: "BRDGSHT", set: 16, get: Some(15), bits: 8 },
    BridgeParamSpec { keyword: "fwddelay", set_name: "BRDGSFD", set: 18, get: Some(17), bits: 8 },
    BridgeParamSpec { keyword: "maxage", set_name: "BRDGSMA", set: 20, get: Some(19), bits: 8 },
    BridgeParamSpec { keyword: "holdcnt", set_name: "BRDGSTXHC", set: 29, get: None, bits: 8 },
];

/// The spec of bridge parameter `keyword`.
pub fn bridge_param(keyword: &str) -> Option<&'static BridgeParamSpec> {
    BRIDGE_PARAMS.iter().find(|p| p.keyword == keyword)
}

/// A bridge parameter as the kernel keeps it (bridgestp.c's ranges;
/// `priority` in steps of 4096, `bstp_set_priority`), or `Err` with what
/// ifconfig's message names (`BRDGSPRI 70000`) and EINVAL. Both the
/// virtual host and the Linux backend check with this before anything
/// changes.
pub fn bridge_param_value(keyword: &str, value: u32) -> std::result::Result<u32, Error> {
    let ok = match keyword {
        "hellotime" => (1..=2).contains(&value),
        "fwddelay" => (4..=30).contains(&value),
        "maxage" => (6..=40).contains(&value),
        "holdcnt" => (1..=10).contains(&value),
        "priority" => value <= 61440,
        _ => true,
    };
    if !ok {
        return Err(req(bridge_param_request(keyword, value), Errno::EINVAL));
    }
    Ok(if keyword == "priority" { value - value % 4096 } else { value })
}

/// What ifconfig names when bridge parameter `keyword` is refused:
/// `BRDGSPRI 70000`.
pub fn bridge_param_request(keyword: &str, value: u32) -> String {
    let request = bridge_param(keyword).map_or(keyword, |p| p.set_name);
    format!("{request} {value}")
}

fn req(what: impl Into<String>, errno: Errno) -> Error {
    Error::request(what, errno)
}

/// ifconfig's `Perror(cmd)`: ENXIO and EPERM get their own words.
pub fn perror(what: &str, errno: Errno) -> Error {
    match errno {
        Errno::ENXIO => Error::Refused(format!("{what}: no such interface")),
        Errno::EPERM => Error::Refused(format!("{what}: permission denied")),
        e => req(what, e),
    }
}

/// The error ifconfig reports when the kernel answers `errno` to the
/// request `change` makes.
pub fn refused(change: &IfaceChange, errno: Errno, release: Release) -> Error {
    let e = errno;
    match change {
        IfaceChange::Flags { .. } => req("SIOCSIFFLAGS", e),
        IfaceChange::Capabilities { .. } => req("SIOCSIFCAP", e),
        IfaceChange::CapabilityNv(_) => req("SIOCSIFCAPNV", e),
        IfaceChange::MacLabel(_) => req("setifmac", e),
        IfaceChange::Nd6 { .. } => req("ioctl(SIOCSIFINFO_IN6)", e),
        IfaceChange::Description(_) => req("ioctl (set descr)", e),
        IfaceChange::Name(_) => req("ioctl SIOCSIFNAME (set name)", e),
        IfaceChange::Group(_, true) => req(" SIOCAIFGROUP", e),
        IfaceChange::Group(_, false) => req(" SIOCDIFGROUP", e),
        IfaceChange::Fib(_) => req("ioctl (SIOCSIFFIB)", e),
        IfaceChange::TunnelFib(_) => req("ioctl (SIOCSTUNFIB)", e),
        IfaceChange::Lladdr(_) => perror("ioctl (SIOCSIFLLADDR)", e),
        IfaceChange::Vlan { .. } | IfaceChange::VlanDetach => req("SIOCSETVLAN", e),
        IfaceChange::VlanPcp(_) => req("SIOCSVLANPCP", e),
        IfaceChange::LanPcp(_) => req("SIOCSLANPCP", e),
        IfaceChange::Nd6DefaultIf(_) => req("ioctl(SIOCSDEFIFACE_IN6)", e),
        IfaceChange::BridgeMember(m, true) => req(format!("BRDGADD {m}"), e),
        IfaceChange::BridgeMember(m, false) => req(format!("BRDGDEL {m}"), e),
        IfaceChange::BridgeMemberFlag { .. } => req("unable to set bridge flags", e),
        IfaceChange::BridgeParam(w, v) => req(bridge_param_request(w, *v), e),
        IfaceChange::BridgeVlan(v) => req(v.request(), e),
        IfaceChange::BridgeCache(c) => req(c.request(), e),
        IfaceChange::BridgeStp(c) => req(c.request(), e),
        IfaceChange::LaggPort(_, true) => req("SIOCSLAGGPORT", e),
        IfaceChange::LaggPort(_, false) => req("SIOCSLAGGDELPORT", e),
        IfaceChange::LaggProto(_) => req("SIOCSLAGG", e),
        IfaceChange::Tunnel(src, _) if src.is_ipv6() => req("SIOCSIFPHYADDR_IN6", e),
        IfaceChange::Tunnel(..) => req("SIOCSIFPHYADDR", e),
        IfaceChange::DeleteTunnel => perror("ioctl (SIOCDIFPHYADDR)", e),
        IfaceChange::Media(_) => req("SIOCSIFMEDIA (media)", e),
        IfaceChange::Inet6Address { .. } => perror("ioctl (SIOCAIFADDR)", e),
        IfaceChange::Driver(d) => req(d.request(), e),
        other => req(family_request_name(other, release), e),
    }
}

/// The request a family change is refused under.
pub fn family_request_name(change: &IfaceChange, release: Release) -> &'static str {
    match change {
        IfaceChange::LaggHash(_) => "SIOCSLAGGHASH",
        IfaceChange::LaggOption { .. } | IfaceChange::LaggFlowidShift(_) => "SIOCSLAGGOPTS",
        // 11-12's setlaggrr_limit names its failure after the wrong request.
        IfaceChange::LaggRrLimit(_) if !release.lagg_marks_rr_limit() => "SIOCSLAGG",
        IfaceChange::LaggRrLimit(_) => "SIOCSLAGGOPTS",
        IfaceChange::GifOption { .. } => "ioctl(GIFSOPTS)",
        // ifgre.c names GRESOPTS failures "ioctl(GIFSOPTS)" (its typo).
        IfaceChange::GreOption { .. } => "ioctl(GIFSOPTS)",
        IfaceChange::GreKey(_) => "ioctl (set grekey)",
        IfaceChange::GrePort(_) => "ioctl (set udpport)",
        IfaceChange::Vxlan(v) => v.request(),
        IfaceChange::Pfsync(_) if release.major >= 14 => "SIOCSETPFSYNCNV",
        _ => "SIOCSETPFSYNC",
    }
}

/// ifclone.c's message when SIOCIFCREATE2 fails for `name`: EEXIST is
/// worded (`interface bridge0 already exists`); 14 and later name the
/// interface after the request.
pub fn create_refused(release: Release, name: &str, errno: Errno) -> Error {
    if errno == Errno::EEXIST {
        return Error::Refused(format!("interface {name} already exists"));
    }
    let what = if release.names_interface_in_create_error() {
        format!("SIOCIFCREATE2 ({name})")
    } else {
        "SIOCIFCREATE2".into()
    };
    Error::request(what, errno)
}

/// What a refusal says to a kernel stand-in: its errno (worded refusals
/// name theirs: ENXIO, EPERM, EEXIST; anything else is EINVAL).
pub fn errno_of(e: &Error) -> Errno {
    if let Some(n) = e.errno() {
        return n;
    }
    match e {
        Error::NoSuchInterface(_) => Errno::ENXIO,
        Error::Refused(s) if s.ends_with("no such interface") => Errno::ENXIO,
        Error::Refused(s) if s.ends_with("permission denied") => Errno::EPERM,
        Error::Refused(s) if s.ends_with("already exists") => Errno::EEXIST,
        _ => Errno::EINVAL,
    }
}
