//! What a FreeBSD kernel could not hold, refused when a host file is read:
//! the rules of if.c (names, indexes), in6.c (scopes), ip_carp.c (which
//! interfaces take a vhid) and of ifconfig's grammar (`vrrpinterval`).
//! Messages name the field and never a key.

use std::net::IpAddr;

use crate::types::{Address, CarpState, CarpStatus, CarpVersion, Interface};

/// `IFNAMSIZ`: a name and its NUL.
const IFNAMSIZ: usize = 16;
/// VRRPv3's advertisement interval: 1..=4095 centiseconds (`vrrpinterval`).
const VRRP_INTERVAL: std::ops::RangeInclusive<u32> = 1..=4095;

/// Whether `text` can be shown as it is in a message (no quoting needed).
pub(super) fn is_plain(text: &str) -> bool {
    !text.is_empty() && text.len() < 64 && text.chars().all(|c| c.is_ascii_graphic())
}

/// An interface name as if.c takes it: 1 to IFNAMSIZ-1 bytes, no '/'
/// (names are paths under /dev for some drivers), no NUL.
pub(super) fn name(name: &str) -> Result<(), String> {
    let problem = if name.is_empty() {
        "name is empty".to_string()
    } else if name.len() > IFNAMSIZ - 1 {
        format!("name is longer than {} bytes", IFNAMSIZ - 1)
    } else if name.contains('/') {
        "name contains '/'".to_string()
    } else if name.contains('\0') {
        "name contains a NUL byte".to_string()
    } else {
        return Ok(());
    };
    Err(format!("interface {name:?}: {problem}"))
}

/// The rules that involve a whole interface (its name already checked).
pub(super) fn interface(iface: &Interface) -> Result<(), String> {
    if iface.index == 0 {
        return Err("index 0 (interface indexes start at 1)".into());
    }
    for c in &iface.carp {
        vhid(iface, c).map_err(|e| format!("vhid {}: {e}", c.vhid))?;
    }
    for a in &iface.addresses {
        address(iface, a).map_err(|e| format!("address {}: {e}", a.addr))?;
    }
    if let Some(b) = &iface.settings.bridge {
        bridge_cache(b)?;
    }
    Ok(())
}

/// A bridge's cache entries: each on a member, a unicast address, not
/// twice for one VLAN, at most `maxaddr` of them (bridge_rtupdate's rules).
fn bridge_cache(b: &crate::types::BridgeConfig) -> Result<(), String> {
    for (n, e) in b.cache.iter().enumerate() {
        let at = || format!("bridge cache entry {n}");
        if !b.members.iter().any(|m| m.name == e.member) {
            return Err(format!("{}: {} is not a member", at(), e.member));
        }
        if e.mac[0] & 1 != 0 || e.mac == [0; 6] {
            return Err(format!("{}: not a unicast address", at()));
        }
        if e.flags & !crate::types::BridgeCacheEntry::TYPEMASK != 0
            || e.flags == crate::types::BridgeCacheEntry::TYPEMASK
        {
            return Err(format!("{}: flags {} (0 dynamic, 1 static, 2 sticky)", at(), e.flags));
        }
        if b.cache[..n].iter().any(|x| x.mac == e.mac && x.vlan == e.vlan) {
            return Err(format!("{}: listed twice", at()));
        }
    }
    if b.cache.len() > b.maxaddr as usize {
        return Err(format!("bridge cache: {} entries, more than maxaddr {}", b.cache.len(), b.maxaddr));
    }
    Ok(())
}

/// carp_is_supported_if: Ethernet, L2 VLAN and bridge only; VRRP's
/// interval within what `vrrpinterval` accepts.
fn vhid(iface: &Interface, c: &CarpStatus) -> Result<(), String> {
    if !iface.kind.supports_carp() {
        return Err(format!("a {} interface cannot have a vhid", iface.kind.name()));
    }
    // carp_setrun sends a vhid without addresses to INIT, and a request
    // for BACKUP or MASTER cannot keep it out of INIT.
    if c.state != CarpState::Init && !iface.addresses.iter().any(|a| a.vhid == Some(c.vhid)) {
        return Err(format!("state {} without an address (a vhid with no address is INIT)", c.state));
    }
    if c.version == CarpVersion::Vrrp && !VRRP_INTERVAL.contains(&c.vrrp_interval) {
        return Err(format!(
            "vrrp_interval {} outside {}..{}",
            c.vrrp_interval,
            VRRP_INTERVAL.start(),
            VRRP_INTERVAL.end()
        ));
    }
    Ok(())
}

/// A broadcast address is inet's; a scope id is inet6's and is the
/// interface's own index (the kernel sets it so); a destination is of the
/// address's family, on a point-to-point interface only (in.c, in6.c),
/// and an inet6 one goes with prefixlen 128 (in6_update_ifa).
fn address(iface: &Interface, a: &Address) -> Result<(), String> {
    if let Some(d) = a.destination {
        if d.is_ipv4() != a.addr.is_ipv4() {
            return Err("destination of another family".into());
        }
        if !iface.flags.contains(crate::types::IfFlags::POINTOPOINT) {
            return Err("destination on an interface without POINTOPOINT".into());
        }
        if d.is_ipv6() && a.prefixlen != 128 {
            return Err("an inet6 destination needs prefixlen 128".into());
        }
    }
    match (a.addr, a.broadcast, a.scopeid) {
        (IpAddr::V6(_), Some(_), _) => Err("broadcast on an inet6 address".into()),
        (IpAddr::V4(_), _, Some(_)) => Err("scopeid on an inet address".into()),
        (IpAddr::V6(_), _, Some(s)) if s != iface.index => {
            Err(format!("scopeid {s} is not the interface's index {}", iface.index))
        }
        _ => Ok(()),
    }
}
