//! The virtual host's jails (kern_jail.c) and the moves of interfaces
//! between vnets (if.c's `if_vmove_loan` / `if_vmove_reclaim` /
//! `if_vmove`): `ifconfig IF vnet JAIL`, `ifconfig IF -vnet JAIL` and
//! `ifconfig -j JAIL ...`.
//!
//! A vnet jail has a network stack of its own: here a [`Host`] of its own,
//! with its own interfaces. A jail without vnet shares its parent's.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::types::{IfFlags, IfType, Interface, Nd6Flags};

/// One jail of the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jail {
    /// Its name (`jail_getid` finds it by this, or by its jid).
    pub name: String,
    /// Its jail id (1 and up; 0 is the host itself).
    pub jid: u32,
    /// The jail's own network stack (`vnet`), or `None` for a jail that
    /// shares the host's.
    pub vnet: Option<Box<Host>>,
    /// A jail without vnet: the addresses it may use (`ip4.addr`,
    /// `ip6.addr`), the only ones its ifconfig lists.
    pub addresses: Vec<std::net::IpAddr>,
}

impl Host {
    /// jail_getid(3): a jail's id from its name, or from a number (a jid;
    /// "0" is the host itself and is not looked up). The error carries
    /// kern_jail.c's `errmsg` (what ifconfig prints) and jail_get's errno.
    pub fn jail_id(&self, name: &str) -> Result<u32> {
        let missing = |message: String| Error::Jail { message, errno: Errno::ENOENT };
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
            // strtoul's value (a number past u32 wraps as the C int does not
            // matter here: no such jail exists either way).
            let jid: u64 = name.parse().unwrap_or(u64::MAX);
            if jid == 0 {
                return Ok(0);
            }
            return self
                .jails
                .iter()
                .find(|j| u64::from(j.jid) == jid)
                .map(|j| j.jid)
                .ok_or_else(|| missing(format!("jail {jid} not found")));
        }
        self.jails
            .iter()
            .find(|j| j.name == name)
            .map(|j| j.jid)
            .ok_or_else(|| missing(format!("jail \"{name}\" not found")))
    }

    fn jail_index(&self, jid: u32) -> Option<usize> {
        self.jails.iter().position(|j| j.jid == jid)
    }

    /// jail_attach(2) as `ifconfig -j` makes it: the jail's place in
    /// [`Host::jails`]. EINVAL for the host itself (jid 0 is no child
    /// prison), EPERM without privilege.
    pub fn attach_jail(&self, name: &str) -> Result<usize> {
        let jid = self.jail_id(name)?;
        let attach = |errno| Error::request("jail_attach", errno);
        let at = self.jail_index(jid).ok_or_else(|| attach(Errno::EINVAL))?;
        if !self.privileged {
            return Err(attach(Errno::EPERM));
        }
        Ok(at)
    }

    /// SIOCSIFVNET (`vnet JAIL`): if_vmove_loan moves `ifname` into the
    /// jail's vnet. ENXIO: no such child jail (jid 0); EEXIST: the jail
    /// shares this vnet, or already has an interface of that name.
    pub(super) fn move_to_jail(&mut self, ifname: &str, jail: &str) -> Result<()> {
        let jid = self.jail_id(jail)?;
        let fail = |errno| Error::request("SIOCSIFVNET", errno);
        if !self.privileged {
            return Err(fail(Errno::EPERM));
        }
        let at = self.jail_index(jid).ok_or_else(|| fail(Errno::ENXIO))?;
        let keep_index = self.release.ifindex_is_global();
        let Some(dst) = self.jails[at].vnet.as_deref() else { return Err(fail(Errno::EEXIST)) };
        if dst.iface(ifname).is_some() {
            return Err(fail(Errno::EEXIST));
        }
        let iface = self.detach_for_move(ifname).ok_or_else(|| fail(Errno::ENXIO))?;
        if let Some(dst) = self.jails[at].vnet.as_deref_mut() {
            dst.attach_moved(iface, keep_index);
        }
        Ok(())
    }

    /// SIOCSIFRVNET (`-vnet JAIL`): if_vmove_reclaim brings `ifname` back
    /// from the jail's vnet. ENXIO: no such child jail, or the jail has no
    /// such interface; EEXIST: the jail shares this vnet (the interface is
    /// already here). The failure is named `SIOCSIFRVNET(jid, name)`.
    pub(super) fn reclaim_from_jail(&mut self, ifname: &str, jail: &str) -> Result<()> {
        let jid = self.jail_id(jail)?;
        let fail = |errno| Error::request(format!("SIOCSIFRVNET({jid}, {ifname})"), errno);
        if !self.privileged {
            return Err(fail(Errno::EPERM));
        }
        let at = self.jail_index(jid).ok_or_else(|| fail(Errno::ENXIO))?;
        let keep_index = self.release.ifindex_is_global();
        let Some(src) = self.jails[at].vnet.as_deref_mut() else {
            let here = self.iface(ifname).is_some();
            return Err(fail(if here { Errno::EEXIST } else { Errno::ENXIO }));
        };
        if src.iface(ifname).is_none() {
            return Err(fail(Errno::ENXIO));
        }
        // The kernel does not look for the name here; two interfaces of one
        // name are beyond what a host file can hold: the model refuses.
        if self.iface(ifname).is_some() {
            return Err(fail(Errno::EEXIST));
        }
        let src = self.jails[at].vnet.as_deref_mut().ok_or_else(|| fail(Errno::ENXIO))?;
        let iface = src.detach_for_move(ifname).ok_or_else(|| fail(Errno::ENXIO))?;
        self.attach_moved(iface, keep_index);
        Ok(())
    }

    /// if_detach_internal(ifp, vmove): the interface leaves this vnet
    /// down (if_down), without its groups (if_delgroups) or addresses
    /// (if_purgeaddrs; carp_detach destroys a vhid with its last address,
    /// and the vhids left go to INIT with the interface down), forgotten
    /// by bridges, laggs and vlans here (their ifnet departure handlers;
    /// a bridge or lagg that moves lets its members go), with a fresh
    /// nd6 state to come (in6_ifdetach, then nd6_ifattach in the new
    /// vnet). Its name, lladdr, mtu, description, media and the vhids
    /// without addresses go with it.
    fn detach_for_move(&mut self, ifname: &str) -> Option<Interface> {
        let at = self.interfaces.iter().position(|i| i.name == ifname)?;
        let mut iface = self.interfaces.remove(at);
        self.forget(&[ifname.to_string()]);
        let with_addresses: Vec<_> = iface.addresses.iter().filter_map(|a| a.vhid).collect();
        for v in with_addresses {
            super::kernel::destroy_vhid(&mut iface, v);
        }
        iface.addresses.clear();
        iface.flags.remove(IfFlags::UP);
        let vhids: Vec<_> = iface.carp.iter().map(|c| c.vhid).collect();
        for v in vhids {
            super::kernel::restart_vhid(&mut iface, v, false);
        }
        iface.settings.groups = Host::driver_of(&iface).map(|c| vec![c.to_string()]).unwrap_or_default();
        if let Some(b) = iface.settings.bridge.as_mut() {
            b.members.clear();
        }
        if let Some(l) = iface.settings.lagg.as_mut() {
            l.ports.clear();
        }
        if iface.nd6.is_some() {
            iface.nd6 = Some(fresh_nd6(&iface));
        }
        Some(iface)
    }

    /// if_attach_internal(ifp, vmove) in this vnet: the cloner's group
    /// back (if_clone_restoregroup); 14+ keeps the index (one ifindex
    /// table for every vnet), 10-13 take the lowest free one here.
    fn attach_moved(&mut self, mut iface: Interface, keep_index: bool) {
        if !keep_index {
            iface.index = (1..).find(|n| self.iface_by_index(*n).is_none()).unwrap_or(1);
        }
        let at = self.interfaces.iter().position(|i| i.index > iface.index).unwrap_or(self.interfaces.len());
        self.interfaces.insert(at, iface);
    }
}

/// nd6_ifattach's flags for a newly attached interface: PERFORMNUD;
/// IFDISABLED but on a loopback; AUTO_LINKLOCAL (net.inet6.ip6.
/// auto_linklocal, 1 by default) but on a bridge or a wg.
fn fresh_nd6(iface: &Interface) -> Nd6Flags {
    let mut f = Nd6Flags::PERFORMNUD;
    let loopback = iface.flags.contains(IfFlags::LOOPBACK);
    if !loopback {
        f |= Nd6Flags::IFDISABLED;
    }
    if loopback || (iface.kind != IfType::Bridge && Host::driver_of(iface) != Some("wg")) {
        f |= Nd6Flags::AUTO_LINKLOCAL;
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{AddressRequest, CloneRequest, Release};

    /// A host of `release` with epair0a/epair0b (epair0b at 198.51.100.2,
    /// in a group, up), a vnet jail `j1` (jid 1, empty) and a jail `web`
    /// (jid 2) without vnet.
    fn host(release: Release) -> Host {
        let mut h = Host::new(release);
        h.create_interface(&CloneRequest { name: "epair".into(), ..CloneRequest::default() }).unwrap();
        h.change("epair0b", &crate::types::IfaceChange::Group("web".into(), true)).unwrap();
        h.add_address_req("epair0b", "198.51.100.2/24");
        h.set_up("epair0b", true).unwrap();
        let own = Some(Box::new(Host::new(release)));
        h.jails.push(Jail { name: "j1".into(), jid: 1, vnet: own, addresses: Vec::new() });
        h.jails.push(Jail { name: "web".into(), jid: 2, vnet: None, addresses: Vec::new() });
        h
    }

    impl Host {
        fn add_address_req(&mut self, ifname: &str, a: &str) {
            let mut b = crate::model::ModelBackend::new(self.clone());
            crate::Backend::add_address(&mut b, ifname, &AddressRequest::parse_inet(a).unwrap()).unwrap();
            *self = b.host;
        }
    }

    fn errno(e: Error) -> (String, Option<crate::Errno>) {
        (e.to_string(), e.errno())
    }

    #[test]
    fn jail_getid_by_name_and_number() {
        let h = host(Release::V14_0);
        assert_eq!(h.jail_id("j1").unwrap(), 1);
        assert_eq!(h.jail_id("2").unwrap(), 2);
        assert_eq!(h.jail_id("0").unwrap(), 0, "the host itself is not looked up");
        assert_eq!(
            errno(h.jail_id("nope").unwrap_err()),
            ("jail \"nope\" not found".into(), Some(Errno::ENOENT))
        );
        assert_eq!(errno(h.jail_id("9").unwrap_err()), ("jail 9 not found".into(), Some(Errno::ENOENT)));
    }

    #[test]
    fn if_vmove_purges_and_keeps_what_the_kernel_keeps() {
        let mut h = host(Release::V14_0);
        let was = h.iface("epair0b").unwrap().clone();
        h.move_to_jail("epair0b", "j1").unwrap();
        assert!(h.iface("epair0b").is_none());
        let jail = h.jails[0].vnet.as_deref().unwrap();
        let moved = jail.iface("epair0b").unwrap();
        assert!(moved.addresses.is_empty());
        assert!(!moved.flags.contains(IfFlags::UP));
        assert!(moved.flags.contains(IfFlags::RUNNING));
        assert_eq!(moved.settings.groups, ["epair"]);
        assert_eq!((moved.index, moved.ether, moved.mtu), (was.index, was.ether, was.mtu));
        assert_eq!(moved.nd6, Some(Nd6Flags::PERFORMNUD | Nd6Flags::IFDISABLED | Nd6Flags::AUTO_LINKLOCAL));
        h.reclaim_from_jail("epair0b", "1").unwrap();
        assert!(h.jails[0].vnet.as_deref().unwrap().interfaces.is_empty());
        assert_eq!(h.iface("epair0b").unwrap().index, was.index);
    }

    #[test]
    fn refusals_change_nothing() {
        let mut h = host(Release { major: 13, minor: 0 });
        let before = h.clone();
        let cases = [
            (h.clone().move_to_jail("epair0b", "0"), "SIOCSIFVNET: Device not configured"),
            (h.clone().move_to_jail("epair0b", "web"), "SIOCSIFVNET: File exists"),
            (h.clone().reclaim_from_jail("epair0b", "j1"), "SIOCSIFRVNET(1, epair0b): Device not configured"),
            (h.clone().reclaim_from_jail("epair0b", "web"), "SIOCSIFRVNET(2, epair0b): File exists"),
            (h.clone().reclaim_from_jail("epair9", "web"), "SIOCSIFRVNET(2, epair9): Device not configured"),
        ];
        for (r, msg) in cases {
            assert_eq!(r.unwrap_err().to_string(), msg);
        }
        h.privileged = false;
        assert_eq!(
            h.move_to_jail("epair0b", "j1").unwrap_err().to_string(),
            "SIOCSIFVNET: Operation not permitted"
        );
        assert_eq!(h.attach_jail("j1").unwrap_err().to_string(), "jail_attach: Operation not permitted");
        h.privileged = true;
        assert_eq!(h, before);
        assert_eq!(h.attach_jail("0").unwrap_err().to_string(), "jail_attach: Invalid argument");
        assert_eq!(h.attach_jail("web").unwrap(), 1);
        assert_eq!(h.attach_jail("j1").unwrap(), 0);
    }

    #[test]
    fn an_epair_goes_with_its_peer_in_a_jail() {
        let mut h = host(Release::V14_0);
        h.move_to_jail("epair0b", "j1").unwrap();
        h.destroy_interface("epair0a").unwrap();
        assert!(h.jails[0].vnet.as_deref().unwrap().interfaces.is_empty(), "if_epair destroys both ends");
    }

    #[test]
    fn before_14_the_jail_gives_the_lowest_free_index() {
        let mut h = host(Release { major: 13, minor: 0 });
        h.move_to_jail("epair0b", "j1").unwrap();
        assert_eq!(h.jails[0].vnet.as_deref().unwrap().iface("epair0b").unwrap().index, 1);
    }

    #[test]
    fn the_host_file_keeps_jails() {
        let mut h = host(Release::V14_0);
        h.move_to_jail("epair0b", "j1").unwrap();
        h.jails[1].addresses = vec!["192.0.2.5".parse().unwrap(), "2001:db8::5".parse().unwrap()];
        let text = h.to_json();
        assert_eq!(Host::from_json(&text).unwrap(), h);
        for (bad, why) in [
            (r#"[{"name":"a","jid":0}]"#, "jail a: jid 0 is the host itself"),
            (r#"[{"name":"a","jid":1},{"name":"b","jid":1}]"#, "jail b: its name or jid 1 is already used"),
            (r#"[{"name":"a.b","jid":1}]"#, "jail a.b: a name is not a number and has no dot"),
            (
                r#"[{"name":"a","jid":1,"interfaces":[{"name":"lo0","index":1}]}]"#,
                "jail a: only a vnet jail has interfaces of its own",
            ),
            (
                r#"[{"name":"a","jid":1,"vnet":true,"addresses":["192.0.2.5"]}]"#,
                "jail a: a vnet jail's addresses are on its own interfaces",
            ),
        ] {
            let doc = format!(r#"{{"schema":1,"release":"14.0","jails":{bad}}}"#);
            assert_eq!(Host::from_json(&doc).unwrap_err(), why);
        }
    }
}
