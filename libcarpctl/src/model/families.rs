//! The kernel's side of the lagg options (if_lagg.c SIOCSLAGGHASH /
//! SIOCSLAGGOPTS), gif and gre options (if_gif.c GIFSOPTS, if_gre.c
//! GRESKEY / GRESOPTS / GRESPORT), vxlan (if_vxlan.c VXLAN_CMD_SET_*) and
//! pfsync (if_pfsync.c SIOCSETPFSYNC(NV)). Each checks before it changes.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{
    GreConfig, IfFlags, IfaceChange, LaggConfig, PfsyncChange, PfsyncConfig, Tunnel, VxlanChange,
};

/// `LAGG_OPT_*` options SIOCSLAGGOPTS sets as bits (not flowid_shift,
/// not rr_limit).
const LAGG_OPT_BITS: u32 = 0x01 | 0x04 | LaggConfig::LACP_OPTS;
/// `GIF_*` options a gif takes, per release: 10-11 have
/// ACCEPT_REV_ETHIP_VER 0x1, IGNORE_SOURCE 0x2, SEND_REV_ETHIP_VER 0x10;
/// 12 on NOCLAMP 0x1, IGNORE_SOURCE 0x2 (GIF_OPTMASK).
fn gif_optmask(release: crate::types::Release) -> u32 {
    if release.major >= 12 {
        0x3
    } else {
        0x13
    }
}

fn req(what: &str, errno: Errno) -> Error {
    Error::request(what, errno)
}

impl Host {
    /// Apply a lagg option, gif/gre, vxlan or pfsync change; `Ok(false)`
    /// when `change` is none of these.
    pub(super) fn family_change(&mut self, ifname: &str, change: &IfaceChange) -> Result<bool> {
        let what = crate::types::family_request_name(change, self.release);
        match change {
            IfaceChange::LaggHash(_)
            | IfaceChange::LaggOption { .. }
            | IfaceChange::LaggFlowidShift(_)
            | IfaceChange::LaggRrLimit(_) => self.lagg_option(ifname, change, what)?,
            IfaceChange::GifOption { bits, set } => {
                let mask = gif_optmask(self.release);
                let g = self.iface_mut(ifname).and_then(|i| i.settings.gif.as_mut());
                // GIFGOPTS fails on anything but a gif.
                let g = g.ok_or_else(|| req("ioctl(GIFGOPTS)", Errno::ENOTTY))?;
                let new = if *set { g.options | bits } else { g.options & !bits };
                if new & !mask != 0 {
                    return Err(req(what, Errno::EINVAL));
                }
                g.options = new;
            }
            IfaceChange::GreOption { .. } | IfaceChange::GreKey(_) | IfaceChange::GrePort(_) => {
                self.gre_change(ifname, change, what)?
            }
            IfaceChange::Vxlan(v) => self.vxlan_change(ifname, v)?,
            IfaceChange::Pfsync(p) => self.pfsync_change(ifname, p, what)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// SIOCSIFPHYADDR(_IN6) (if_gif.c / if_gre.c; vxlan has its own
    /// words): only a gif or gre takes it, and no two tunnels of one
    /// driver may have the same outer addresses (for gre, also the same
    /// key and UDP encapsulation): EADDRNOTAVAIL.
    pub(super) fn set_tunnel(&mut self, ifname: &str, t: Tunnel) -> Result<()> {
        let what = if t.src.is_ipv6() { "SIOCSIFPHYADDR_IN6" } else { "SIOCSIFPHYADDR" };
        let driver = |i: &crate::types::Interface| {
            let s = &i.settings;
            let group = |g: &str| s.groups.iter().any(|x| x == g);
            if s.gif.is_some() || group("gif") {
                Some("gif")
            } else if s.gre.is_some() || group("gre") {
                Some("gre")
            } else if s.ipsec.is_some() {
                Some("ipsec")
            } else {
                None
            }
        };
        let me = self.iface(ifname).ok_or_else(|| Error::NoSuchInterface(ifname.into()))?;
        let Some(kind) = driver(me) else { return Err(req(what, Errno::ENOTTY)) };
        let gre_id = |i: &crate::types::Interface| i.settings.gre.map(|g| (g.key, g.options & 0x4));
        let dup = self.interfaces.iter().any(|o| {
            o.name != ifname
                && driver(o) == Some(kind)
                && o.settings.tunnel == Some(t)
                && kind != "ipsec"
                && (kind == "gif" || gre_id(o) == gre_id(me))
        });
        if dup {
            return Err(req(what, Errno::EADDRNOTAVAIL));
        }
        if let Some(i) = self.iface_mut(ifname) {
            i.settings.tunnel = Some(t);
        }
        if kind == "ipsec" {
            self.ipsec_tunnel_set(ifname, t.src);
        }
        Ok(())
    }

    fn lagg_option(&mut self, ifname: &str, change: &IfaceChange, what: &str) -> Result<()> {
        let marks_rr_limit = self.release.lagg_marks_rr_limit();
        let l = self.iface_mut(ifname).and_then(|i| i.settings.lagg.as_mut());
        let l = l.ok_or_else(|| req(what, Errno::ENOTTY))?;
        // 11-12: every SIOCSLAGGOPTS on a round-robin lagg sets the stride
        // from ro_bkt, which only rr_limit fills (0 meaning 1). The kernel
        // does it before its checks; the model only when the request is
        // taken, so that a refused request changes nothing.
        let stride = match change {
            _ if marks_rr_limit || l.proto != "roundrobin" => None,
            IfaceChange::LaggRrLimit(n) => Some((*n).max(1)),
            IfaceChange::LaggOption { .. } | IfaceChange::LaggFlowidShift(_) => Some(1),
            _ => None,
        };
        match change {
            IfaceChange::LaggHash(h) => {
                if h & LaggConfig::HASH_MASK == 0 {
                    return Err(req(what, Errno::EINVAL));
                }
                l.hash = h & LaggConfig::HASH_MASK;
            }
            IfaceChange::LaggOption { opt, set } => {
                // LACP options live in the lacp protocol's state: only an
                // lacp lagg takes them ("Invalid combination of options").
                let lacp = opt & LaggConfig::LACP_OPTS != 0;
                if opt & !LAGG_OPT_BITS != 0 || (lacp && l.proto != "lacp") {
                    return Err(req(what, Errno::EINVAL));
                }
                l.opts = if *set { l.opts | opt } else { l.opts & !opt };
            }
            IfaceChange::LaggFlowidShift(n) => {
                if *n > 0x1f {
                    return Err(req(what, Errno::EINVAL));
                }
                l.flowid_shift = *n;
            }
            // 11-12: set above for a round-robin lagg; a request without an
            // option is then done, whatever the protocol.
            IfaceChange::LaggRrLimit(_) if !marks_rr_limit => {}
            IfaceChange::LaggRrLimit(n) => {
                // 13+: LAGG_OPT_RR_LIMIT is a round-robin setting, never 0.
                if l.proto != "roundrobin" || *n == 0 {
                    return Err(req(what, Errno::EINVAL));
                }
                l.rr_limit = *n;
            }
            _ => {}
        }
        if let Some(n) = stride {
            l.rr_limit = n;
        }
        Ok(())
    }

    fn gre_change(&mut self, ifname: &str, change: &IfaceChange, what: &str) -> Result<()> {
        let g = self.iface_mut(ifname).and_then(|i| i.settings.gre.as_mut());
        let g = match (g, change) {
            (Some(g), _) => g,
            // setifgreopts reads first; the key and port are set directly.
            (None, IfaceChange::GreOption { .. }) => return Err(req("ioctl(GREGOPTS)", Errno::ENOTTY)),
            (None, _) => return Err(req(what, Errno::ENOTTY)),
        };
        match change {
            IfaceChange::GreOption { bits, set } => {
                let new = if *set { g.options | bits } else { g.options & !bits };
                if new & !GreConfig::OPTMASK != 0 {
                    return Err(req(what, Errno::EINVAL));
                }
                g.options = new;
            }
            IfaceChange::GreKey(k) => g.key = *k,
            IfaceChange::GrePort(p) => {
                // gre_set_udp_sport takes a uint16_t: 0, or a port of the
                // high automatic range.
                let port = *p & 0xffff;
                if port != 0 && !GreConfig::UDPPORTS.contains(&port) {
                    return Err(req(what, Errno::EINVAL));
                }
                g.udpport = port;
            }
            _ => {}
        }
        Ok(())
    }

    /// VXLAN_CMD_SET_*: on something else than a vxlan, ifconfig's
    /// `vxlan_exists` fails and it only records the parameter for a
    /// create that does not come: nothing changes. A running vxlan keeps
    /// its configuration (EBUSY); multicast local or remote addresses and
    /// TTLs above 255 are refused (EINVAL).
    fn vxlan_change(&mut self, ifname: &str, v: &VxlanChange) -> Result<()> {
        let Some(i) = self.iface_mut(ifname) else { return Ok(()) };
        let up = i.flags.contains(IfFlags::UP);
        let Some(c) = i.settings.vxlan.as_mut() else { return Ok(()) };
        let what = v.request();
        let bad = match v {
            VxlanChange::Vni(n) => *n >= crate::types::VxlanConfig::VNI_MAX,
            VxlanChange::Local(a) => a.is_multicast(),
            VxlanChange::Ttl(_) | VxlanChange::Learn(_) | VxlanChange::Flush(_) => false,
            VxlanChange::PortRange(a, b) => a > b || *a == 0,
            _ => false,
        };
        if bad {
            return Err(req(what, Errno::EINVAL));
        }
        let changes_config =
            !matches!(v, VxlanChange::Flush(_) | VxlanChange::Learn(_) | VxlanChange::Ttl(_));
        if up && changes_config {
            return Err(req(what, Errno::EBUSY));
        }
        v.apply_to(c);
        Ok(())
    }

    /// SIOCSETPFSYNC(NV) after a read: the sync device must exist, the
    /// version be one the kernel speaks (EINVAL otherwise).
    fn pfsync_change(&mut self, ifname: &str, p: &PfsyncChange, what: &str) -> Result<()> {
        let get = if self.release.major >= 14 { "SIOCGETPFSYNCNV" } else { "SIOCGETPFSYNC" };
        let mut c: PfsyncConfig = self
            .iface(ifname)
            .and_then(|i| i.settings.pfsync.clone())
            .ok_or_else(|| req(get, Errno::ENOTTY))?;
        let bad = match p {
            PfsyncChange::Syncdev(Some(d)) => self.iface(d).is_none(),
            PfsyncChange::Version(v) => !PfsyncConfig::speaks(self.release, *v),
            _ => false,
        };
        if bad {
            return Err(req(what, Errno::EINVAL));
        }
        let group = std::net::IpAddr::V4(std::net::Ipv4Addr::new(224, 0, 0, 240));
        match p {
            // pfsync_kstatus_to_softc: the group asked for is the group.
            PfsyncChange::Syncpeer(Some(a)) if *a == group => c.syncpeer = None,
            // 14's kernel reads `-syncpeer`'s `af` 0 as no peer at all,
            // which it applies only with a sync device: without one the
            // peer stays as it was.
            PfsyncChange::Syncpeer(None) if self.release.major >= 14 && c.syncdev.is_none() => {}
            p => p.apply_to(&mut c),
        }
        if let Some(i) = self.iface_mut(ifname) {
            i.settings.pfsync = Some(c);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CloneRequest, Release};

    fn host(release: Release) -> Host {
        let mut h = Host::new(release);
        for name in ["lagg0", "gif0", "gre0", "vxlan0", "pfsync0", "tap0"] {
            h.create_interface(&CloneRequest { name: name.into(), ..CloneRequest::default() }).unwrap();
        }
        h
    }

    fn errno(r: Result<()>) -> Option<Errno> {
        r.err().and_then(|e| e.errno())
    }

    #[test]
    fn lagg_options_follow_if_lagg() {
        let mut h = host(Release::V14_0);
        let strict = IfaceChange::LaggOption { opt: 0x10, set: true };
        assert_eq!(errno(h.change("lagg0", &strict)), Some(Errno::EINVAL), "lacp option on failover");
        h.change("lagg0", &IfaceChange::LaggProto("lacp".into())).unwrap();
        h.change("lagg0", &strict).unwrap();
        h.change("lagg0", &IfaceChange::LaggOption { opt: 0x1, set: true }).unwrap();
        assert_eq!(h.iface("lagg0").unwrap().settings.lagg.as_ref().unwrap().opts, 0x11);
        h.change("lagg0", &IfaceChange::LaggProto("roundrobin".into())).unwrap();
        assert_eq!(h.iface("lagg0").unwrap().settings.lagg.as_ref().unwrap().opts, 0x1, "lacp's options go");
        h.change("lagg0", &IfaceChange::LaggRrLimit(4)).unwrap();
        assert_eq!(errno(h.change("lagg0", &IfaceChange::LaggFlowidShift(32))), Some(Errno::EINVAL));
        assert_eq!(errno(h.change("lagg0", &IfaceChange::LaggHash(0))), Some(Errno::EINVAL));
        assert_eq!(errno(h.change("tap0", &IfaceChange::LaggHash(1))), Some(Errno::ENOTTY));
        let l = h.iface("lagg0").unwrap().settings.lagg.clone().unwrap();
        assert_eq!((l.rr_limit, l.flowid_shift, l.hash), (4, 16, 7));
    }

    #[test]
    fn gif_gre_options() {
        let mut h = host(Release::V14_0);
        h.change("gif0", &IfaceChange::GifOption { bits: 0x3, set: true }).unwrap();
        assert_eq!(
            errno(h.change("gif0", &IfaceChange::GifOption { bits: 0x10, set: true })),
            Some(Errno::EINVAL)
        );
        let mut old = host(Release::V10_0);
        old.change("gif0", &IfaceChange::GifOption { bits: 0x10, set: true }).unwrap();
        assert_eq!(
            errno(h.change("gre0", &IfaceChange::GifOption { bits: 1, set: true })),
            Some(Errno::ENOTTY)
        );
        h.change("gre0", &IfaceChange::GreOption { bits: 0x5, set: true }).unwrap();
        h.change("gre0", &IfaceChange::GreOption { bits: 0x1, set: false }).unwrap();
        h.change("gre0", &IfaceChange::GreKey(9)).unwrap();
        assert_eq!(errno(h.change("gre0", &IfaceChange::GrePort(1000))), Some(Errno::EINVAL));
        // A uint16_t: 65536 + 50000 is 50000.
        h.change("gre0", &IfaceChange::GrePort(115536)).unwrap();
        let g = h.iface("gre0").unwrap().settings.gre.unwrap();
        assert_eq!((g.options, g.key, g.udpport), (0x4, 9, 50000));
        h.change("gre0", &IfaceChange::GrePort(0)).unwrap();
    }

    #[test]
    fn tunnels_of_one_driver_differ() {
        let mut h = host(Release::V14_0);
        h.create_interface(&CloneRequest { name: "gif1".into(), ..CloneRequest::default() }).unwrap();
        let t = IfaceChange::Tunnel("192.0.2.1".parse().unwrap(), "198.51.100.1".parse().unwrap());
        h.change("gif0", &t).unwrap();
        assert_eq!(errno(h.change("gif1", &t)), Some(Errno::EADDRNOTAVAIL));
        // Another driver may use the same addresses; a vxlan takes none.
        h.change("gre0", &t).unwrap();
        assert_eq!(errno(h.change("vxlan0", &t)), Some(Errno::ENOTTY));
        assert_eq!(errno(h.change("tap0", &t)), Some(Errno::ENOTTY));
    }

    #[test]
    fn vxlan_busy_when_up_and_ignored_elsewhere() {
        let mut h = host(Release::V14_0);
        let vni = IfaceChange::Vxlan(VxlanChange::Vni(42));
        h.change("vxlan0", &vni).unwrap();
        assert_eq!(h.iface("vxlan0").unwrap().settings.vxlan.as_ref().unwrap().vni, Some(42));
        h.change("tap0", &vni).unwrap();
        assert!(h.iface("tap0").unwrap().settings.vxlan.is_none());
        h.change("vxlan0", &IfaceChange::Flags { flags: IfFlags::UP, set: true }).unwrap();
        assert_eq!(errno(h.change("vxlan0", &IfaceChange::Vxlan(VxlanChange::Vni(7)))), Some(Errno::EBUSY));
        h.change("vxlan0", &IfaceChange::Vxlan(VxlanChange::Ttl(5))).unwrap();
        let req = CloneRequest {
            name: "vxlan5".into(),
            vxlan: vec![VxlanChange::Vni(5), VxlanChange::Remote("192.0.2.2".parse().unwrap())],
            ..CloneRequest::default()
        };
        h.create_interface(&req).unwrap();
        let c = h.iface("vxlan5").unwrap().settings.vxlan.clone().unwrap();
        assert_eq!((c.vni, c.remote.map(|a| a.to_string())), (Some(5), Some("192.0.2.2".into())));
    }

    #[test]
    fn pfsync_checks_device_and_version() {
        let mut h = host(Release::V14_0);
        let dev = |d: &str| IfaceChange::Pfsync(PfsyncChange::Syncdev(Some(d.into())));
        assert_eq!(errno(h.change("pfsync0", &dev("nosuch0"))), Some(Errno::EINVAL));
        h.change("pfsync0", &dev("tap0")).unwrap();
        let v = |n| IfaceChange::Pfsync(PfsyncChange::Version(n));
        assert_eq!(errno(h.change("pfsync0", &v(1200))), Some(Errno::EINVAL));
        h.change("pfsync0", &v(1301)).unwrap();
        assert_eq!(errno(h.change("tap0", &v(1400))), Some(Errno::ENOTTY));
        let p = h.iface("pfsync0").unwrap().settings.pfsync.clone().unwrap();
        assert_eq!((p.syncdev.as_deref(), p.version, p.maxupd), (Some("tap0"), 1301, 128));
        h.destroy_interface("pfsync0").unwrap();
    }
}
