//! Linux with carpd: the Linux rtnetlink backend for links and the host's
//! own addresses, and carpd for CARP. carpd answers FreeBSD's "carp"
//! generic netlink family and address messages with a vhid over its Unix
//! socket, so CARP requests go through the same FreeBSD netlink code
//! ([`NetlinkBackend`] with the FreeBSD flavor) that drives carp(4).
//!
//! The socket is `CARPD_SOCKET`, else `/run/carpd.sock`; [`open`] is used
//! when that socket exists.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::netlink::{NetlinkBackend, Protocol, SocketTransport, Transport};
use super::Backend;
use crate::error::{Errno, Result};
use crate::netlink::msg::{self, Header, MessageBuilder};
use crate::netlink::route::{Addr, Dialect, IfAddrInfo};
use crate::sys::netlink::{AF_UNSPEC, NLM_F_DUMP, NLM_F_REQUEST, RTM_GETADDR, RTM_GETLINK};
use crate::types::{
    Address, AddressRequest, AddressSelector, CarpSet, CarpStatus, CloneRequest, IfaceChange, Interface,
    Release, Vhid,
};

/// carpd's default control socket.
pub const DEFAULT_SOCKET: &str = "/run/carpd.sock";

/// The socket ifconfig talks to: `CARPD_SOCKET`, else the default.
pub fn socket_path() -> PathBuf {
    std::env::var_os("CARPD_SOCKET").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEFAULT_SOCKET))
}

/// Netlink requests to carpd over its socket (one connection per request:
/// `netlink generic|route`, a newline, the message; the replies follow);
/// link lookups go to the kernel, which carpd does not duplicate.
#[derive(Debug)]
pub struct CarpdTransport {
    path: PathBuf,
    kernel: SocketTransport,
}

impl CarpdTransport {
    /// A transport to the carpd listening on `path`.
    pub fn new(path: &Path) -> CarpdTransport {
        CarpdTransport { path: path.to_path_buf(), kernel: SocketTransport::new() }
    }
}

impl Transport for CarpdTransport {
    fn exchange(&mut self, protocol: Protocol, request: &[u8]) -> Result<Vec<u8>> {
        if protocol == Protocol::Route && Header::parse(request)?.kind == RTM_GETLINK {
            return self.kernel.exchange(protocol, request);
        }
        let mut s = UnixStream::connect(&self.path)?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        let proto = match protocol {
            Protocol::Generic => "generic",
            Protocol::Route => "route",
        };
        s.write_all(format!("netlink {proto}\n").as_bytes())?;
        s.write_all(request)?;
        s.shutdown(std::net::Shutdown::Write)?;
        let mut out = Vec::new();
        s.read_to_end(&mut out)?;
        Ok(out)
    }
}

/// carpd's macvlans (`carp<ifindex>v<vhid>`): plumbing, not interfaces a
/// FreeBSD listing would show.
fn is_carpd_vmac(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix("carp").and_then(|r| r.split_once('v')).is_some_and(|(a, b)| digits(a) && digits(b))
}

/// The Linux kernel plus carpd.
pub struct CarpdBackend {
    linux: NetlinkBackend<SocketTransport, super::Linux>,
    carpd: NetlinkBackend<CarpdTransport, super::FreeBsd>,
    seq: u32,
}

/// The backend for Linux with carpd listening on `path`.
pub fn open(path: &Path) -> Result<CarpdBackend> {
    let linux = NetlinkBackend::open_linux()?;
    let carpd = NetlinkBackend::freebsd(CarpdTransport::new(path), linux.release());
    Ok(CarpdBackend { linux, carpd, seq: 0 })
}

impl CarpdBackend {
    /// carpd's addresses with a vhid (an RTM_GETADDR dump).
    fn vhid_addresses(&mut self) -> Result<Vec<Addr>> {
        self.seq += 1;
        let mut b = MessageBuilder::new(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, self.seq);
        Addr { info: IfAddrInfo { family: AF_UNSPEC, ..IfAddrInfo::default() }, ..Addr::default() }
            .emit(&mut b);
        let bytes = self.carpd.transport_mut().exchange(Protocol::Route, &b.finish())?;
        let outcome = msg::collect(&bytes, self.seq)?;
        outcome.data.iter().map(|m| Ok(Addr::parse(m.payload, Dialect::FreeBsd)?)).collect()
    }
}

impl Backend for CarpdBackend {
    fn name(&self) -> &'static str {
        "linux+carpd"
    }

    fn release(&self) -> Release {
        self.linux.release()
    }

    /// Linux's listing without carpd's macvlans, each interface with its
    /// vhids and their addresses from carpd, as FreeBSD lists them.
    fn list_interfaces(&mut self) -> Result<Vec<Interface>> {
        let mut list = self.linux.list_interfaces()?;
        list.retain(|i| !is_carpd_vmac(&i.name));
        let vips = self.vhid_addresses()?;
        for i in &mut list {
            i.carp = match self.carpd.carp_get(&i.name, None) {
                Ok(l) => l,
                Err(e) if matches!(e.errno(), Some(Errno::ENOENT | Errno::ENXIO)) => Vec::new(),
                Err(e) => return Err(e),
            };
            for a in vips.iter().filter(|a| a.info.index == i.index) {
                let (Some(addr), Some(v)) = (a.addr(), a.freebsd.and_then(|f| f.vhid)) else { continue };
                i.addresses.retain(|x| x.addr != addr);
                i.addresses.push(Address {
                    addr,
                    prefixlen: a.info.prefixlen,
                    broadcast: None,
                    vhid: Vhid::new(v.into()),
                    scopeid: None,
                    destination: None,
                });
            }
        }
        Ok(list)
    }

    fn carp_get(&mut self, ifname: &str, vhid: Option<Vhid>) -> Result<Vec<CarpStatus>> {
        self.carpd.carp_get(ifname, vhid)
    }

    fn carp_set(&mut self, ifname: &str, req: &CarpSet) -> Result<()> {
        self.carpd.carp_set(ifname, req)
    }

    /// An address with a vhid is carpd's; any other is the kernel's.
    fn add_address(&mut self, ifname: &str, req: &AddressRequest) -> Result<()> {
        match req.vhid {
            Some(_) => self.carpd.add_address(ifname, req),
            None => self.linux.add_address(ifname, req),
        }
    }

    /// The kernel's address if it has it, else carpd's.
    fn delete_address(&mut self, ifname: &str, which: &AddressSelector) -> Result<()> {
        match (self.linux.delete_address(ifname, which), which) {
            (Err(e), AddressSelector::Exact(_)) if e.errno() == Some(Errno::EADDRNOTAVAIL) => {
                self.carpd.delete_address(ifname, which).map_err(|_| e)
            }
            (r, _) => r,
        }
    }

    fn set_up(&mut self, ifname: &str, up: bool) -> Result<()> {
        self.linux.set_up(ifname, up)
    }

    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> Result<()> {
        self.linux.set_mtu(ifname, mtu)
    }

    fn set_metric(&mut self, ifname: &str, metric: u32) -> Result<()> {
        self.linux.set_metric(ifname, metric)
    }

    fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        self.linux.change(ifname, change)
    }

    fn create_interface(&mut self, req: &CloneRequest) -> Result<String> {
        self.linux.create_interface(req)
    }

    fn destroy_interface(&mut self, ifname: &str) -> Result<()> {
        self.linux.destroy_interface(ifname)
    }

    fn cloners(&mut self) -> Result<Vec<String>> {
        self.linux.cloners()
    }

    fn bridge_addresses(&mut self, ifname: &str) -> Result<Vec<crate::types::BridgeCacheEntry>> {
        self.linux.bridge_addresses(ifname)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn carpd_macvlans_are_recognised() {
        assert!(super::is_carpd_vmac("carp3v1"));
        assert!(!super::is_carpd_vmac("carp3"));
        assert!(!super::is_carpd_vmac("eth0"));
    }
}
