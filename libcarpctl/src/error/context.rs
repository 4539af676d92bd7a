//! Where a kernel error happened: interface, vhid or address, the field the
//! kernel refused, and what the failed call left changed. Backends attach
//! it with the `in_*` methods below, so every backend words it the same way.

use std::fmt;
use std::net::IpAddr;

use super::{Errno, Error};
use crate::types::{AddressRequest, AddressSelector, CarpSet, Vhid};

/// Whether a failed call changed the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Changed {
    /// The request was refused before anything was touched.
    #[default]
    Nothing,
    /// Part of the request was applied before it was refused (the ioctl of
    /// FreeBSD 10-14.0 creates the vhid and applies advbase before it
    /// refuses a bad advskew).
    Partly,
    /// The kernel may have applied part of it; it cannot be told from here.
    Unknown,
}

impl Changed {
    fn phrase(self) -> &'static str {
        match self {
            Changed::Nothing => "nothing was changed",
            Changed::Partly => "the request was partly applied",
            Changed::Unknown => "the request may have been partly applied",
        }
    }
}

/// Where a kernel error happened. Fields are `None` when not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Context {
    /// The interface the request named.
    pub interface: Option<String>,
    /// The vhid the request named.
    pub vhid: Option<Vhid>,
    /// The address the request named.
    pub address: Option<IpAddr>,
    /// The field the kernel refused, named as in [`crate::CarpConfig`]
    /// (`"advskew"`, `"advbase"`, `"version"`, `"vrrp_interval"`), or
    /// `"vhid"` (the vhid does not exist), `"mtu"`, `"metric"`.
    pub field: Option<&'static str>,
    /// What the failed call left changed.
    pub changed: Changed,
}

impl Context {
    /// ` (interface igb0, vhid 112, field advskew; nothing was changed)`,
    /// or an empty string when nothing is known. `changes` says whether the
    /// request could change anything at all (reads never do).
    pub(crate) fn suffix(&self, changes: bool) -> String {
        let mut parts = Vec::new();
        if let Some(i) = &self.interface {
            parts.push(format!("interface {i}"));
        }
        if let Some(a) = &self.address {
            parts.push(format!("address {a}"));
        }
        if let Some(v) = self.vhid {
            parts.push(format!("vhid {v}"));
        }
        if let Some(f) = self.field {
            parts.push(format!("field {f}"));
        }
        let mut text = parts.join(", ");
        if changes {
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(self.changed.phrase());
        }
        if text.is_empty() {
            text
        } else {
            format!(" ({text})")
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.suffix(true).trim_start())
    }
}

/// ip_carp.c's ranges, for naming the field a refused SET got wrong.
const MAX_ADVBASE: i32 = 255;
const ADVSKEW_LIMIT: i32 = 255;
const VRRP_MAX_INTERVAL: u32 = 4095;

/// The field of `req` that `carp_ioctl_set` (or the netlink SET) refuses
/// with EINVAL, in the kernel's order; `None` when no field is out of range
/// (e.g. a version that differs from the vhid's).
fn refused_carp_field(req: &CarpSet) -> Option<&'static str> {
    if !(0..=MAX_ADVBASE).contains(&req.advbase) {
        Some("advbase")
    } else if !(0..ADVSKEW_LIMIT).contains(&req.advskew) {
        Some("advskew")
    } else if req.version == Some(crate::CarpVersion::Vrrp) && req.vrrp_interval > VRRP_MAX_INTERVAL {
        Some("vrrp_interval")
    } else {
        None
    }
}

impl Error {
    fn edit_context(mut self, edit: impl FnOnce(&mut Context, Errno)) -> Error {
        if let Error::Kernel { errno, context, .. } = &mut self {
            edit(context, *errno);
        }
        self
    }

    /// A request on `ifname` failed.
    pub(crate) fn on_interface(self, ifname: &str, field: Option<&'static str>) -> Error {
        self.edit_context(|c, _| {
            c.interface = Some(ifname.to_string());
            c.field = c.field.or(field);
        })
    }

    /// A CARP GET on `ifname` failed.
    pub(crate) fn in_carp_get(self, ifname: &str, vhid: Option<Vhid>) -> Error {
        self.on_interface(ifname, None).edit_context(|c, _| c.vhid = vhid)
    }

    /// A CARP SET of `req` on `ifname` failed.
    pub(crate) fn in_carp_set(self, ifname: &str, req: &CarpSet) -> Error {
        self.on_interface(ifname, None).edit_context(|c, errno| {
            c.vhid = Some(req.vhid);
            if errno == Errno::EINVAL {
                c.field = c.field.or(refused_carp_field(req));
            }
        })
    }

    /// Adding `req` to `ifname` failed; ENOENT (ENOPROTOOPT: no vhid at
    /// all) for a request with a vhid means that vhid does not exist
    /// (`carp_attach`), and in6_control has then already added the address.
    pub(crate) fn in_add_address(self, ifname: &str, req: &AddressRequest) -> Error {
        let inet6 = self.op() == Some(super::Op::AddAddr6);
        self.on_interface(ifname, None).edit_context(|c, errno| {
            c.address = Some(req.addr);
            c.vhid = req.vhid;
            if req.vhid.is_some() && matches!(errno, Errno::ENOENT | Errno::ENOPROTOOPT) {
                c.field = Some("vhid");
                if inet6 {
                    c.changed = Changed::Partly;
                }
            }
        })
    }

    /// Deleting `which` from `ifname` failed.
    pub(crate) fn in_delete_address(self, ifname: &str, which: &AddressSelector) -> Error {
        self.on_interface(ifname, None).edit_context(|c, _| {
            if let AddressSelector::Exact(a) = which {
                c.address = Some(*a);
            }
        })
    }

    /// Record what the failed call left changed.
    pub(crate) fn with_changed(self, changed: Changed) -> Error {
        self.edit_context(|c, _| c.changed = changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Op;

    fn vh(n: i64) -> Vhid {
        Vhid::new(n).unwrap()
    }

    #[test]
    fn a_refused_set_names_interface_vhid_and_field() {
        let req = CarpSet { advskew: 255, ..CarpSet::zeroed(vh(112)) };
        let e = Error::kernel(Op::SetVhid, Errno::EINVAL).in_carp_set("igb0", &req);
        assert_eq!(
            e.to_string(),
            "SIOCSVH: Invalid argument (interface igb0, vhid 112, field advskew; nothing was changed)"
        );
        assert_eq!(e.freebsd_message(), "SIOCSVH: Invalid argument");
        assert_eq!(format!("{e:?}"), e.to_string());
        let c = e.context().unwrap();
        assert_eq!((c.interface.as_deref(), c.vhid, c.field), (Some("igb0"), Some(vh(112)), Some("advskew")));
    }

    #[test]
    fn fields_in_the_kernels_order() {
        let set = |f: fn(&mut CarpSet)| {
            let mut r = CarpSet::zeroed(vh(1));
            f(&mut r);
            refused_carp_field(&r)
        };
        assert_eq!(set(|r| r.advbase = 256), Some("advbase"));
        assert_eq!(set(|r| r.advbase = -1), Some("advbase"));
        assert_eq!(set(|r| (r.advbase, r.advskew) = (300, 300)), Some("advbase"));
        assert_eq!(set(|r| r.advskew = -1), Some("advskew"));
        // (A version other than 2 or 3 cannot be written as a CarpSet.)
        assert_eq!(
            set(|r| (r.version, r.vrrp_interval) = (Some(crate::CarpVersion::Vrrp), 4096)),
            Some("vrrp_interval")
        );
        assert_eq!(set(|r| r.advskew = 254), None);
    }

    #[test]
    fn a_missing_vhid_on_add_is_named() {
        let req = AddressRequest::parse_inet("192.0.2.7/24").unwrap().with_vhid(vh(9));
        let e = Error::kernel(Op::AddAddr, Errno::ENOENT).in_add_address("em0", &req);
        assert_eq!(
            e.to_string(),
            "SIOCAIFADDR: No such file or directory \
             (interface em0, address 192.0.2.7, vhid 9, field vhid; nothing was changed)"
        );
    }

    #[test]
    fn reads_say_nothing_about_changes_and_partial_sets_say_so() {
        let e = Error::kernel(Op::GetVhid, Errno::ENOENT).in_carp_get("igb0", Some(vh(3)));
        assert_eq!(e.to_string(), "SIOCGVH: No such file or directory (interface igb0, vhid 3)");
        let e = Error::kernel(Op::List, Errno::ENOMEM);
        assert_eq!(e.to_string(), "getifaddrs: Cannot allocate memory");
        let req = CarpSet { advskew: 300, ..CarpSet::zeroed(vh(4)) };
        let e =
            Error::kernel(Op::SetVhid, Errno::EINVAL).in_carp_set("igb0", &req).with_changed(Changed::Partly);
        assert_eq!(e.changed(), Changed::Partly);
        assert!(e.to_string().ends_with("field advskew; the request was partly applied)"), "{e}");
    }

    #[test]
    fn context_is_only_attached_to_kernel_errors() {
        let e = Error::NoSuchInterface("nosuch0".into()).on_interface("nosuch0", Some("mtu"));
        assert_eq!(e.to_string(), "interface nosuch0 does not exist");
        assert_eq!(e.interface(), Some("nosuch0"));
        assert_eq!(e.changed(), Changed::Nothing);
    }

    #[test]
    fn host_file_errors_keep_the_io_error_as_source() {
        let io = std::io::Error::from_raw_os_error(libc::ENOENT);
        let e = Error::HostFile { path: "h.json".into(), source: io };
        let src = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(src.map(|s| s.kind()), Some(std::io::ErrorKind::NotFound));
        assert!(e.to_string().starts_with("h.json: No such file or directory"), "{e}");
        assert_eq!(e.freebsd_message(), e.to_string());
        assert!(format!("{e:#?}").starts_with("HostFile {"), "{e:#?}");
    }
}
