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
#[cfg(not(target_os = "freebsd"))]
use crate::error::Error;
use crate::error::Result;

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
                        return Ok(Box::new(freebsd::Hybrid { nl, link }));
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

#[cfg(target_os = "freebsd")]
mod freebsd {
    use crate::backend::ioctl::IoctlBackend;
    use crate::backend::netlink::{NetlinkBackend, SocketTransport};
    use crate::backend::Backend;
    use crate::error::Result;
    use crate::sys::FreeBsdIoctl;
    use crate::types::{AddressRequest, AddressSelector, CarpSet, CarpStatus, Interface, Release, Vhid};

    /// Netlink for CARP, addresses and listing; ioctl for the link itself
    /// and for the listing's options, nd6, media and status lines.
    pub(super) struct Hybrid {
        pub(super) nl: NetlinkBackend<SocketTransport, crate::backend::FreeBsd>,
        pub(super) link: Option<IoctlBackend<FreeBsdIoctl>>,
    }

    impl Hybrid {
        fn link(&mut self) -> &mut dyn Backend {
            match &mut self.link {
                Some(io) => io,
                None => &mut self.nl,
            }
        }
    }

    impl Backend for Hybrid {
        fn name(&self) -> &'static str {
            "netlink"
        }
        fn release(&self) -> Release {
            self.nl.release()
        }
        /// The netlink listing, each interface completed by the ioctl
        /// side (options, nd6, media, status: netlink carries none).
        fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
            let mut list = self.nl.list_interfaces()?;
            if let Some(io) = &mut self.link {
                list.iter_mut().for_each(|i| io.enrich(i));
            }
            Ok(list)
        }
        fn interface(&mut self, name: &str) -> Result<Interface> {
            let mut iface = self.nl.interface(name)?;
            if let Some(io) = &mut self.link {
                io.enrich(&mut iface);
            }
            Ok(iface)
        }
        fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
            self.nl.carp_get(ifname, vhid)
        }
        fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
            self.nl.carp_set(ifname, req)
        }
        fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
            self.nl.add_address(ifname, req)
        }
        fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
            self.nl.delete_address(ifname, which)
        }
        fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
            self.link().set_up(ifname, up)
        }
        fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
            self.link().set_mtu(ifname, mtu)
        }
        fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
            self.link().set_metric(ifname, metric)
        }
    }
}
