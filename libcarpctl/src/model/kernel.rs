//! The kernel's CARP rules (SIOCSVH / SIOCGVH and the netlink "carp"
//! family), as methods on [`Host`]. Each returns the errno the FreeBSD
//! kernel would; callers attach the request name.
//!
//! The two APIs check in different orders (see [`CarpApi`]): the ioctl
//! looks at the interface before the caller's privilege, netlink checks the
//! privilege (genl `cmd_priv`) and the ranges before it looks up the
//! interface. A fake kernel behind a byte protocol calls the `_via` methods
//! with its own API; [`Host::carp_set`] / [`Host::carp_get`] use the API
//! the release's ifconfig uses.

use super::Host;
use crate::error::Errno;
use crate::types::{CarpSet, CarpState, CarpStatus, CarpVersion, IfFlags, Interface, Key, Release, Vhid};

pub(super) type KResult<T> = Result<T, Errno>;

/// `CARP_DFLTINTV`: the smallest advbase.
const CARP_DFLTINTV: i32 = 1;
/// The largest advbase (`carpr_advbase > 255` is EINVAL).
const CARP_MAX_ADVBASE: i32 = 255;
/// advskew must stay below this (`carpr_advskew >= 255` is EINVAL).
const CARP_ADVSKEW_LIMIT: i32 = 255;
/// VRRPv3's largest advertisement interval, centiseconds.
const VRRP_MAX_INTERVAL: u32 = 4095;

/// Which kernel interface a CARP request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CarpApi {
    /// `SIOCSVH` / `SIOCGVH` on a socket (FreeBSD 10-15).
    Ioctl,
    /// The generic netlink family `"carp"` (FreeBSD 14+).
    Netlink,
}

impl CarpApi {
    /// The API `release`'s ifconfig uses for CARP: netlink from 14 on.
    pub fn native(release: Release) -> CarpApi {
        if release.has_netlink() {
            CarpApi::Netlink
        } else {
            CarpApi::Ioctl
        }
    }
}

/// The `_via` requests, for tests that play a kernel behind a byte protocol.
#[cfg(any(test, feature = "test-peers"))]
impl Host {
    /// SIOCSVH / netlink carp SET through `api` (see [`Host::carp_set`]).
    pub fn carp_set_via(&mut self, api: CarpApi, ifname: &str, req: &CarpSet) -> KResult<()> {
        self.set_via(api, ifname, req)
    }

    /// SIOCGVH / netlink carp GET through `api` (see [`Host::carp_get`]).
    pub fn carp_get_via(&self, api: CarpApi, ifname: &str, vhid: Option<Vhid>) -> KResult<Vec<CarpStatus>> {
        self.get_via(api, ifname, vhid)
    }
}

impl Host {
    pub(super) fn require_privilege(&self) -> KResult<()> {
        if self.privileged {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }

    /// Whether the carp state machine may leave INIT: the interface is up
    /// with link and (12+) `net.inet.carp.allow` is set.
    pub(super) fn carp_may_run(&self, iface: &Interface) -> bool {
        let allowed = !self.release.carp_allow_gates_state() || self.sysctl("net.inet.carp.allow") != 0;
        iface.is_up_with_link() && allowed
    }

    /// The API exists on this host: EPROTONOSUPPORT without carp.ko (if.c
    /// answers SIOCSVH/SIOCGVH so before it looks up the interface; netlink
    /// finds no "carp" family); EAFNOSUPPORT for netlink before 14.
    /// On 16, which removed SIOCSVH/SIOCGVH, the request reaches the
    /// driver's ioctl: ENXIO without the interface, else EINVAL.
    fn carp_api_ready(&self, api: CarpApi, ifname: &str) -> KResult<()> {
        self.carp_api_ready_for(api, || self.iface(ifname).is_some())
    }

    fn carp_api_ready_for(&self, api: CarpApi, exists: impl FnOnce() -> bool) -> KResult<()> {
        if api == CarpApi::Netlink && !self.release.has_netlink() {
            return Err(Errno::EAFNOSUPPORT);
        }
        if api == CarpApi::Ioctl && !self.release.has_carp_ioctl() {
            return Err(if exists() { Errno::EINVAL } else { Errno::ENXIO });
        }
        if !self.carp_loaded {
            return Err(Errno::EPROTONOSUPPORT);
        }
        Ok(())
    }

    /// `carp_is_supported_if`: ENXIO without the interface, EOPNOTSUPP
    /// unless Ethernet, L2 VLAN or bridge.
    fn carp_iface(&self, ifname: &str) -> KResult<&Interface> {
        let iface = self.iface(ifname).ok_or(Errno::ENXIO)?;
        if !iface.kind.supports_carp() {
            return Err(Errno::EOPNOTSUPP);
        }
        Ok(iface)
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCSVH / netlink carp SET through the release's native API.
    pub fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> KResult<()> {
        self.set_via(CarpApi::native(self.release), ifname, req)
    }

    /// SIOCSVH / netlink carp SET through `api`.
    ///
    /// A missing vhid is created (INIT, advbase 1, advskew 0, no key,
    /// multicast peers; the first vhid puts the interface in PROMISC).
    /// advbase 0 keeps; advskew is always replaced; an empty key keeps;
    /// unspecified peers keep; a state request only nudges a running vhid.
    /// A rejected request changes nothing, except through the ioctl of
    /// 14.0 and older, which created the vhid and applied a valid advbase
    /// before it refused a bad advskew.
    pub(crate) fn set_via(&mut self, api: CarpApi, ifname: &str, req: &CarpSet) -> KResult<()> {
        self.carp_api_ready(api, ifname)?;
        match api {
            CarpApi::Ioctl => {
                let iface = self.carp_iface(ifname)?;
                if !iface.flags.contains(IfFlags::MULTICAST) {
                    return Err(Errno::EADDRNOTAVAIL);
                }
                self.require_privilege()?;
                if req.advbase < 0 || req.advskew < 0 {
                    return Err(Errno::EINVAL);
                }
            }
            CarpApi::Netlink => {
                self.require_privilege()?;
                if req.advbase < 0
                    || req.advskew < 0
                    || req.advbase > CARP_MAX_ADVBASE
                    || req.advskew >= CARP_ADVSKEW_LIMIT
                {
                    return Err(Errno::EINVAL);
                }
                let iface = self.carp_iface(ifname)?;
                if !iface.flags.contains(IfFlags::MULTICAST) {
                    return Err(Errno::EADDRNOTAVAIL);
                }
            }
        }
        let half_applies = api == CarpApi::Ioctl && self.release.half_applies_rejected_set();
        self.carp_apply_set(ifname, req, half_applies)
    }

    /// `carp_ioctl_set`: the part both APIs share.
    fn carp_apply_set(&mut self, ifname: &str, req: &CarpSet, half_applies: bool) -> KResult<()> {
        let release = self.release;
        let iface = self.iface_mut(ifname).ok_or(Errno::ENXIO)?;
        let existing = iface.carp.iter().position(|c| c.vhid == req.vhid);
        let version =
            if release.has_vrrp() { check_version(req, existing.map(|i| &iface.carp[i]))? } else { None };
        let vrrp = version.or(existing.map(|i| iface.carp[i].version)) == Some(CarpVersion::Vrrp);
        let advbase_bad = req.advbase > 0 && !(CARP_DFLTINTV..=CARP_MAX_ADVBASE).contains(&req.advbase);
        let advskew_bad = req.advskew >= CARP_ADVSKEW_LIMIT;
        let interval_bad = vrrp && req.vrrp_interval > VRRP_MAX_INTERVAL;
        let rejected = advbase_bad || advskew_bad || interval_bad;
        if rejected && !half_applies {
            return Err(Errno::EINVAL);
        }
        let idx = match existing {
            Some(i) => i,
            None => create_vhid(iface, req.vhid),
        };
        let sc = &mut iface.carp[idx];
        if let Some(v) = version {
            sc.version = v;
        }
        if half_applies {
            // The old order: advbase checked and applied, then advskew checked.
            if advbase_bad {
                return Err(Errno::EINVAL);
            }
            if req.advbase > 0 {
                sc.advbase = req.advbase;
            }
            if rejected {
                return Err(Errno::EINVAL);
            }
        }
        if sc.version == CarpVersion::Vrrp {
            // 15+ keeps the protocols apart: a VRRP vhid takes no CARP field.
            if req.vrrp_priority != 0 {
                sc.vrrp_priority = req.vrrp_priority;
            }
            if req.vrrp_interval != 0 {
                sc.vrrp_interval = req.vrrp_interval;
            }
        } else {
            if req.advbase > 0 {
                sc.advbase = req.advbase;
            }
            sc.advskew = req.advskew;
            if !req.key.is_empty() {
                sc.key = req.key.clone();
            }
        }
        if release.has_peers() {
            if let Some(p) = req.peer.filter(|p| !p.is_unspecified()) {
                sc.peer = Some(p);
            }
            if let Some(p) = req.peer6.filter(|p| !p.is_unspecified()) {
                sc.peer6 = Some(p);
            }
        }
        // A state request is only a nudge, and only of a running vhid:
        // BACKUP stops advertising, MASTER takes over at once; INIT is ignored.
        if sc.state != CarpState::Init && req.state != sc.state && req.state != CarpState::Init {
            sc.state = req.state;
        }
        Ok(())
    }

    // The kernel rule behind the Backend method (errno only), for the
    // kernel stand-ins and the rule tests; use the Backend instead.
    #[doc(hidden)]
    /// SIOCGVH / netlink carp GET through the release's native API.
    pub fn carp_get(&self, ifname: &str, vhid: Option<Vhid>) -> KResult<Vec<CarpStatus>> {
        self.get_via(CarpApi::native(self.release), ifname, vhid)
    }

    /// SIOCGVH / netlink carp GET through `api`: one vhid, or all of the
    /// interface's vhids (in creation order) when `vhid` is `None`.
    ///
    /// ENOENT when the interface has no vhid or not that one. The ioctl
    /// also refuses an interface without IFF_MULTICAST (EADDRNOTAVAIL) and
    /// carries no peers (`None`); unprivileged callers get no key.
    pub(crate) fn get_via(&self, api: CarpApi, ifname: &str, vhid: Option<Vhid>) -> KResult<Vec<CarpStatus>> {
        self.get_of(api, self.iface(ifname), vhid)
    }

    /// The native GET of every vhid of `iface` (one of this host's), found
    /// without a search by name: what a listing shows.
    pub(crate) fn carp_of(&self, iface: &Interface) -> KResult<Vec<CarpStatus>> {
        self.get_of(CarpApi::native(self.release), Some(iface), None)
    }

    fn get_of(
        &self,
        api: CarpApi,
        iface: Option<&Interface>,
        vhid: Option<Vhid>,
    ) -> KResult<Vec<CarpStatus>> {
        self.carp_api_ready_for(api, || iface.is_some())?;
        let iface = iface.ok_or(Errno::ENXIO)?;
        if !iface.kind.supports_carp() {
            return Err(Errno::EOPNOTSUPP);
        }
        if api == CarpApi::Ioctl && !iface.flags.contains(IfFlags::MULTICAST) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let mut out: Vec<CarpStatus> =
            iface.carp.iter().filter(|c| vhid.is_none_or(|v| v == c.vhid)).cloned().collect();
        if out.is_empty() {
            return Err(Errno::ENOENT);
        }
        for c in &mut out {
            if !self.privileged {
                c.key = Key::empty();
            }
            if api == CarpApi::Ioctl {
                c.peer = None;
                c.peer6 = None;
            }
        }
        Ok(out)
    }
}

/// Version rules of 15+: 0 keeps (a new vhid is CARP), only 2 and 3 exist,
/// and a vhid never changes protocol (recreate it instead).
fn check_version(req: &CarpSet, existing: Option<&CarpStatus>) -> KResult<Option<CarpVersion>> {
    let Some(v) = req.version else { return Ok(None) };
    match existing {
        Some(sc) if sc.version != v => Err(Errno::EINVAL),
        _ => Ok(Some(v)),
    }
}

/// `carp_alloc`: a new vhid in INIT at the tail of the interface's list;
/// the first vhid puts the interface in PROMISC.
fn create_vhid(iface: &mut Interface, vhid: Vhid) -> usize {
    if iface.carp.is_empty() {
        iface.flags.insert(IfFlags::PROMISC);
    }
    iface.carp.push(CarpStatus::new_vhid(vhid));
    iface.carp.len() - 1
}

/// `carp_destroy` + `carp_free_if`: the vhid goes; the last one's going
/// drops PROMISC.
pub(super) fn destroy_vhid(iface: &mut Interface, vhid: Vhid) {
    iface.carp.retain(|c| c.vhid != vhid);
    if iface.carp.is_empty() {
        iface.flags.remove(IfFlags::PROMISC);
    }
}

/// `carp_sc_state` + `carp_setrun`, run after every address attach and
/// detach and on link/up changes: the vhid restarts from INIT and goes
/// BACKUP at once when it may run and has an address.
pub(super) fn restart_vhid(iface: &mut Interface, vhid: Vhid, may_run: bool) {
    let has_addr = iface.addresses.iter().any(|a| a.vhid == Some(vhid));
    if let Some(sc) = iface.carp.iter_mut().find(|c| c.vhid == vhid) {
        sc.state = if may_run && has_addr { CarpState::Backup } else { CarpState::Init };
    }
}
