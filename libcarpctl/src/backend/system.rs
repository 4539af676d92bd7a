//! Opening the running kernel's backend, chosen at run time.
//!
//! * Linux: rtnetlink (links and addresses; CARP requests are refused).
//! * FreeBSD 14+: netlink when the generic "carp" family resolves, with
//!   link flags, mtu and metric through ioctl (as FreeBSD's own ifconfig
//!   does: 14/15's RTM_NEWLINK cannot bring a link up), and the listing's
//!   `options`, `nd6`, `media` and `status` through ioctl too (netlink
//!   carries none of them); otherwise ioctl.
//! * FreeBSD 10-13: ioctl.
//! * FreeBSD 16: netlink only for CARP (its CARP ioctls are gone).

use super::Backend;
use crate::error::{Error, Result};

/// Which backend to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendChoice {
    /// The best the kernel offers.
    #[default]
    Auto,
    /// Netlink only.
    Netlink,
    /// ioctl only (FreeBSD).
    Ioctl,
}

/// Open the running kernel's backend.
#[cfg(target_os = "linux")]
pub fn open_system(choice: BackendChoice) -> Result<Box<dyn Backend>> {
    match choice {
        BackendChoice::Auto | BackendChoice::Netlink => {
            // With carpd running (its socket exists), CARP goes to carpd.
            let carpd = super::carpd::socket_path();
            if carpd.exists() {
                return Ok(Box::new(super::carpd::open(&carpd)?));
            }
            Ok(Box::new(super::netlink::NetlinkBackend::open_linux()?))
        }
        BackendChoice::Ioctl => Err(Error::Unsupported(
            "the ioctl backend drives FreeBSD's SIOCSVH/SIOCAIFADDR and exists only on FreeBSD".into(),
        )),
    }
}

/// Open the running kernel's backend.
#[cfg(target_os = "freebsd")]
pub fn open_system(choice: BackendChoice) -> Result<Box<dyn Backend>> {
    use super::ioctl::IoctlBackend;
    use super::netlink::NetlinkBackend;

    let release = crate::sys::running_release()?;
    match choice {
        BackendChoice::Ioctl => Ok(Box::new(IoctlBackend::open()?)),
        BackendChoice::Netlink => Ok(Box::new(NetlinkBackend::open_freebsd_as(release)?)),
        BackendChoice::Auto => {
            if release.has_netlink() {
                if let Ok(mut nl) = NetlinkBackend::open_freebsd_as(release) {
                    if nl.has_carp_family() || !release.has_carp_ioctl() {
                        let link = IoctlBackend::open().ok();
                        return Ok(Box::new(super::FreeBsdHybrid { nl, link }));
                    }
                }
            }
            Ok(Box::new(IoctlBackend::open()?))
        }
    }
}

/// Open the running kernel's backend.
#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
pub fn open_system(_choice: BackendChoice) -> Result<Box<dyn Backend>> {
    Err(Error::Unsupported("no kernel backend for this operating system; use a model host file".into()))
}

/// `ifconfig -j JAIL` on the running kernel: this process enters the jail,
/// so every socket opened afterwards (by [`open_system`]) is the jail's.
/// FreeBSD: jail_getid(3), then jail_attach(2). A failed lookup is
/// [`Error::Jail`]; a failed attach is the request `jail_attach` with its
/// errno.
#[cfg(target_os = "freebsd")]
pub fn enter_jail(name: &str) -> Result<()> {
    let jid = crate::sys::jail::jail_getid(name)?;
    crate::sys::jail::jail_attach(jid).map_err(|e| Error::request("jail_attach", e))
}

/// `ifconfig -j JAIL` on Linux: a jail is a named network namespace
/// (`ip netns`); this thread enters it (setns(2)). A missing one is
/// [`Error::Jail`], a refused setns the request `jail_attach`.
#[cfg(target_os = "linux")]
pub fn enter_jail(name: &str) -> Result<()> {
    let ns = super::netlink::netns::open(name)?;
    super::netlink::netns::enter(&ns)
}

/// `ifconfig -j JAIL` on the running kernel: no jails here.
#[cfg(not(any(target_os = "freebsd", target_os = "linux")))]
pub fn enter_jail(name: &str) -> Result<()> {
    Err(Error::Jail { message: format!("jail \"{name}\" not found"), errno: crate::Errno::ENOENT })
}
