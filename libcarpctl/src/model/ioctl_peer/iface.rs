//! The address and interface requests of the model kernel: in.c's
//! `in_aifaddr_ioctl` / `in_difaddr_ioctl`, in6.c's `in6_control`, if.c's
//! flag, MTU and metric requests, nd6's `SIOCGIFINFO_IN6`.

use std::net::IpAddr;

use super::{kernel_flags, text, ModelIoctl, EDESTADDRREQ, EPFNOSUPPORT, MTU_RANGE};
use crate::error::Errno;
use crate::sys::abi::{ifreq, in6_aliasreq, in6_ifreq, in6_ndireq, in_aliasreq, AF_INET6, IFF_CANTCHANGE};
use crate::sys::convert::contiguous_prefixlen;
use crate::types::{errno_of, AddressRequest, AddressSelector, Family, IfFlags, IfaceChange, Vhid};

impl ModelIoctl {
    /// `in_aifaddr_ioctl`.
    pub(super) fn add_inet(&mut self, a: &in_aliasreq) -> std::result::Result<(), Errno> {
        let name = text(&a.ifra_name);
        let iface = self.iface(&name)?;
        let p2p = iface.flags.contains(IfFlags::POINTOPOINT);
        let has_vhids = !iface.carp.is_empty();
        self.privileged()?;
        let (addr, bcast, mask) = (&a.ifra_addr, &a.ifra_broadaddr, &a.ifra_mask);
        if !addr.is_inet()
            || (bcast.sin_len != 0 && !bcast.is_inet())
            || (mask.sin_len != 0 && !mask.is_inet())
        {
            return Err(Errno::EINVAL);
        }
        if p2p && (!bcast.is_inet() || bcast.ip().is_unspecified()) {
            return Err(EDESTADDRREQ);
        }
        if a.ifra_vhid != 0 && !self.host.carp_loaded {
            return Err(Errno::EPROTONOSUPPORT);
        }
        let prefixlen = if mask.sin_len == 0 {
            None
        } else {
            // The model keeps prefix lengths: a mask with holes is refused.
            Some(contiguous_prefixlen(mask.ip().into()).ok_or(Errno::EINVAL)?)
        };
        let vhid = match a.ifra_vhid {
            0 => None,
            v => {
                Some(Vhid::new(v.into()).ok_or(if has_vhids { Errno::ENOENT } else { Errno::ENOPROTOOPT })?)
            }
        };
        // One field: the peer on a point-to-point interface, else the broadcast.
        let given = (bcast.sin_len != 0).then(|| bcast.ip());
        let req = AddressRequest {
            addr: addr.ip().into(),
            prefixlen,
            broadcast: given.filter(|_| !p2p),
            vhid,
            destination: given.filter(|_| p2p).map(IpAddr::V4),
        };
        self.host.add_address(&name, &req)
    }

    /// `in6_control(SIOCAIFADDR_IN6)` and `in6_update_ifa`.
    pub(super) fn add_inet6(&mut self, a: &in6_aliasreq) -> std::result::Result<(), Errno> {
        let name = text(&a.ifra_name);
        let iface = self.iface(&name)?;
        let existing =
            iface.addresses.iter().find(|x| x.addr == IpAddr::V6(a.ifra_addr.ip())).map(|x| x.prefixlen);
        let has_vhids = !iface.carp.is_empty();
        if !a.ifra_addr.is_inet6() {
            return Err(Errno::EAFNOSUPPORT);
        }
        self.privileged()?;
        let mask = &a.ifra_prefixmask;
        if usize::from(mask.sin6_len) > std::mem::size_of_val(mask)
            || (existing.is_none() && mask.sin6_len == 0)
        {
            return Err(Errno::EINVAL);
        }
        let prefixlen = if mask.sin6_len == 0 {
            existing.unwrap_or(0)
        } else {
            contiguous_prefixlen(mask.ip().into()).filter(|&p| p > 0).ok_or(Errno::EINVAL)?
        };
        let lt = &a.ifra_lifetime;
        if lt.ia6t_pltime > lt.ia6t_vltime {
            return Err(Errno::EINVAL);
        }
        if lt.ia6t_vltime == 0 && existing.is_none() {
            return Ok(()); // a zero valid lifetime adds nothing
        }
        let mut req = AddressRequest {
            addr: a.ifra_addr.ip().into(),
            prefixlen: Some(prefixlen),
            broadcast: None,
            vhid: None,
            destination: a.ifra_dstaddr.is_inet6().then(|| a.ifra_dstaddr.ip().into()),
        };
        // in6_update_ifa: an existing address takes the request's flags and
        // lifetimes as they are (ifconfig's anycast, deprecated, pltime...).
        let lt = &a.ifra_lifetime;
        let finite = |t: u32| (t != crate::sys::abi::ND6_INFINITE_LIFETIME).then_some(t);
        let state = IfaceChange::Inet6Address {
            addr: a.ifra_addr.ip(),
            set: a.ifra_flags as u32,
            clear: !(a.ifra_flags as u32),
            pltime: finite(lt.ia6t_pltime),
            vltime: finite(lt.ia6t_vltime),
        };
        let with_state = existing.is_some() || a.ifra_flags != 0 || state_has_lifetimes(&state);
        if a.ifra_vhid > 0 {
            match Vhid::new(a.ifra_vhid.into()) {
                Some(v) => req.vhid = Some(v),
                None => {
                    // Added first, then carp_attach refuses the vhid.
                    self.host.add_address(&name, &req)?;
                    return Err(match (self.host.carp_loaded, has_vhids) {
                        (false, _) => Errno::EPROTONOSUPPORT,
                        (true, true) => Errno::ENOENT,
                        (true, false) => Errno::ENOPROTOOPT,
                    });
                }
            }
        }
        self.host.add_address(&name, &req)?;
        if with_state {
            self.host.change(&name, &state).map_err(|e| errno_of(&e))?;
        }
        Ok(())
    }

    /// `in_difaddr_ioctl`: an incomplete address deletes the first one.
    pub(super) fn del_inet(&mut self, r: &ifreq) -> std::result::Result<(), Errno> {
        let name = r.name();
        self.iface(&name)?;
        self.privileged()?;
        let sa = r.addr_in();
        let which = if sa.is_inet() {
            AddressSelector::Exact(sa.ip().into())
        } else {
            AddressSelector::First(Family::Inet)
        };
        self.host.delete_address(&name, &which)
    }

    /// `in6_control(SIOCDIFADDR_IN6)`: the address must exist (before the
    /// privilege is checked).
    pub(super) fn del_inet6(&mut self, r: &in6_ifreq) -> std::result::Result<(), Errno> {
        let name = text(&r.ifr_name);
        let iface = self.iface(&name)?;
        let target = IpAddr::V6(r.ifr_addr.ip());
        if r.ifr_addr.sin6_family != AF_INET6 || !iface.addresses.iter().any(|x| x.addr == target) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        if !r.ifr_addr.is_inet6() {
            return Err(Errno::EAFNOSUPPORT);
        }
        self.privileged()?;
        self.host.delete_address(&name, &AddressSelector::Exact(target))
    }

    /// SIOCSIFFLAGS: IFF_UP changes go through the model's up/down rules;
    /// other changeable bits are stored (IFF_CANTCHANGE bits are kept).
    pub(super) fn set_flags(&mut self, r: &ifreq) -> std::result::Result<(), Errno> {
        let name = r.name();
        self.iface(&name)?;
        self.privileged()?;
        let new = IfFlags::from_bits_retain(r.flags());
        let cur = self.iface(&name)?.flags;
        self.host.set_up(&name, new.contains(IfFlags::UP))?;
        // The other changeable bits through the host's own rule (PPROMISC
        // turns PROMISC on; carp's PROMISC stays while a vhid needs it).
        let keep = IfFlags::from_bits_retain(IFF_CANTCHANGE) | IfFlags::LOWER_UP | IfFlags::UP;
        for (flags, set) in [((new - keep) - cur, true), ((cur - keep) - new, false)] {
            if !flags.is_empty() {
                self.host.change(&name, &IfaceChange::Flags { flags, set }).map_err(|e| errno_of(&e))?;
            }
        }
        Ok(())
    }

    pub(super) fn with_ifreq(&mut self, r: &mut ifreq, req: u64) -> std::result::Result<(), Errno> {
        use crate::sys::request::*;
        let name = r.name();
        let iface = self.iface(&name)?.clone();
        match req {
            SIOCGIFFLAGS => r.set_flags(kernel_flags(&iface)),
            SIOCGIFMTU => r.set_mtu(iface.mtu as i32),
            SIOCGIFMETRIC => r.set_metric(iface.metric as i32),
            SIOCGIFCAP => {
                // An IFCAP_NV interface (mce) has its driver's supported
                // set; the model keeps none for others: every capability
                // can be turned on (settings.rs `set_caps`).
                let caps = iface.options.map_or(0, |c| c.bits()) as i32;
                let supported = iface.settings.capability_words.map_or(-1, |n| n.supported as i32);
                r.set_caps(supported, caps);
            }
            SIOCSIFMTU => {
                self.privileged()?;
                if !MTU_RANGE.contains(&r.mtu()) {
                    return Err(Errno::EINVAL);
                }
                self.host.set_mtu(&name, r.mtu() as u32)?;
            }
            SIOCSIFMETRIC => {
                self.privileged()?;
                self.host.set_metric(&name, r.metric() as u32)?;
            }
            _ => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// `nd6_ioctl(SIOCGIFINFO_IN6)`.
    pub(super) fn get_nd6(&self, r: &mut in6_ndireq) -> std::result::Result<(), Errno> {
        let iface = self.iface(&text(&r.ifname))?;
        let nd6 = iface.nd6.ok_or(EPFNOSUPPORT)?;
        r.ndi.flags = nd6.bits();
        r.ndi.linkmtu = iface.mtu;
        r.ndi.maxmtu = iface.mtu;
        r.ndi.chlim = 64;
        r.ndi.initialized = 1;
        Ok(())
    }
}

fn state_has_lifetimes(c: &IfaceChange) -> bool {
    matches!(c, IfaceChange::Inet6Address { pltime, vltime, .. } if pltime.is_some() || vltime.is_some())
}
