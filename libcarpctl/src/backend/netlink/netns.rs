//! Linux network namespaces as FreeBSD's jails: a jail is a named
//! namespace, `/run/netns/NAME` (what `ip netns` makes). `vnet NAME` is
//! RTM_NEWLINK with IFLA_NET_NS_FD; `-vnet NAME` is the same request made
//! from inside NAME (on a socket a thread opened there) with this
//! process's own namespace; `-j NAME` enters NAME before anything is
//! opened. A missing namespace is FreeBSD's unknown jail.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;

use super::{Kernel, NetlinkBackend, Protocol, Transport};
use crate::error::{Errno, Error, Op, Result};
use crate::netlink::msg::MessageBuilder;
use crate::netlink::route::{IfInfo, Link};
use crate::sys::netlink::{NLM_F_ACK, NLM_F_REQUEST, RTM_NEWLINK};

/// `IFLA_NET_NS_FD` (linux/if_link.h): the namespace to move the link to.
const IFLA_NET_NS_FD: u16 = 28;

/// Where `ip netns` keeps the named namespaces.
const NETNS_DIR: &str = "/run/netns";

fn unknown(name: &str) -> Error {
    Error::Jail { message: format!("jail \"{name}\" not found"), errno: Errno::ENOENT }
}

/// The named namespace's file. A name with a slash (or `.`/`..`) names no
/// namespace.
pub fn open(name: &str) -> Result<File> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(unknown(name));
    }
    File::open(std::path::Path::new(NETNS_DIR).join(name)).map_err(|e| match e.raw_os_error() {
        Some(n) if e.kind() != std::io::ErrorKind::NotFound => {
            Error::Jail { message: format!("jail \"{name}\": {e}"), errno: Errno::from_host(n) }
        }
        _ => unknown(name),
    })
}

/// This thread's own namespace.
fn own() -> Result<File> {
    Ok(File::open("/proc/thread-self/ns/net")?)
}

/// Whether two namespace files are one namespace.
fn same(a: &File, b: &File) -> Result<bool> {
    let (a, b) = (a.metadata()?, b.metadata()?);
    Ok(a.dev() == b.dev() && a.ino() == b.ino())
}

/// setns(2) into `ns` for the calling thread; what jail_attach(2) is to
/// `-j`. Its refusal is the request `jail_attach`.
#[cfg(target_os = "linux")]
pub fn enter(ns: &File) -> Result<()> {
    nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET)
        .map_err(|e| Error::request("jail_attach", Errno::from_linux(e as i32)))
}

impl<T: Transport, K: Kernel> NetlinkBackend<T, K> {
    /// `vnet NAME`: the link goes to the namespace (EEXIST for our own, as
    /// FreeBSD's if_vmove_loan answers for the same vnet).
    pub(super) fn move_to_netns(&mut self, index: i32, name: &str) -> Result<()> {
        let there = open(name)?;
        if same(&there, &own()?)? {
            return Err(Error::request("SIOCSIFVNET", Errno::EEXIST));
        }
        self.send_move(index, &there, "SIOCSIFVNET".into())
    }

    /// `-vnet NAME`: the link of that name in the namespace comes back
    /// here; ENXIO when the namespace has none (named as FreeBSD's
    /// `SIOCSIFRVNET(jid, name)`, the namespace's name for the jid).
    pub(super) fn reclaim_from_netns(&mut self, ifname: &str, name: &str) -> Result<()> {
        let there = open(name)?;
        let here = own()?;
        let what = format!("SIOCSIFRVNET({name}, {ifname})");
        if same(&there, &here)? {
            let errno = if self.link(ifname).is_ok() { Errno::EEXIST } else { Errno::ENXIO };
            return Err(Error::request(what, errno));
        }
        let transport = self.transport.open_in_netns(&there)?;
        let mut inside: NetlinkBackend<T, K> = NetlinkBackend::new(transport, self.release);
        let index = match inside.link(ifname) {
            Ok(l) => l.info.index,
            Err(Error::NoSuchInterface(_)) => return Err(Error::request(what, Errno::ENXIO)),
            Err(e) => return Err(e),
        };
        inside.send_move(index, &here, what)
    }

    fn send_move(&mut self, index: i32, ns: &File, what: String) -> Result<()> {
        let seq = self.next_seq();
        let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        Link { info: IfInfo { index, ..IfInfo::default() }, ..Link::default() }.emit(&mut b);
        b.attrs().u32(IFLA_NET_NS_FD, ns.as_raw_fd() as u32);
        self.ack(Protocol::Route, b.finish(), Op::SetFlags).map_err(|e| match e.errno() {
            Some(errno) => Error::request(what, errno),
            None => e,
        })
    }
}
