use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use crate::error::Errno;
use crate::types::{Address, Capabilities, IfFlags, IfType, Interface, Nd6Flags, Release};

/// The state of a virtual FreeBSD host: what its kernel holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// Which FreeBSD release the host behaves as.
    pub release: Release,
    /// Whether the caller has root's privileges (PRIV_NETINET_CARP, ...).
    pub privileged: bool,
    /// Whether carp.ko is loaded.
    pub carp_loaded: bool,
    /// `net.inet.carp.*` sysctls.
    pub sysctl: BTreeMap<String, i64>,
    /// Interfaces, in index order; each holds its addresses and vhids
    /// (keys included: the model is the kernel).
    pub interfaces: Vec<Interface>,
    /// Its jails (libcarpctl-host(5) `jails`); a vnet jail holds its own
    /// interfaces.
    pub jails: Vec<super::Jail>,
}

impl Host {
    /// An empty host of `release`, privileged, carp loaded, default sysctls.
    pub fn new(release: Release) -> Host {
        let sysctl = [
            ("net.inet.carp.allow", 1),
            ("net.inet.carp.preempt", 0),
            ("net.inet.carp.log", 1),
            ("net.inet.carp.dscp", 56),
            ("net.inet.carp.demotion", 0),
            ("net.inet.carp.senderr_demotion_factor", 240),
            ("net.inet.carp.ifdown_demotion_factor", 240),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Host {
            release,
            privileged: true,
            carp_loaded: true,
            sysctl,
            interfaces: Vec::new(),
            jails: Vec::new(),
        }
    }

    /// The seed session's host: FreeBSD 10.0, igb0 with 10.0.0.118/27.
    pub fn example_10_0() -> Host {
        let mut host = Host::new(Release::V10_0);
        host.interfaces.push(Interface {
            name: "igb0".into(),
            index: 1,
            kind: IfType::Ethernet,
            flags: IfFlags::UP
                | IfFlags::BROADCAST
                | IfFlags::RUNNING
                | IfFlags::SIMPLEX
                | IfFlags::MULTICAST,
            metric: 0,
            mtu: 1500,
            options: Some(Capabilities::from_bits_retain(0x401bb)),
            ether: Some([0x00, 0x25, 0x90, 0x03, 0x0e, 0xfa]),
            nd6: Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL),
            media: Some("Ethernet autoselect (1000baseT <full-duplex>)".into()),
            status: Some("active".into()),
            supported_media: Vec::new(),
            addresses: vec![Address {
                addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 118)),
                prefixlen: 27,
                broadcast: Some(Ipv4Addr::new(10, 0, 0, 127)),
                vhid: None,
                scopeid: None,
                destination: None,
            }],
            carp: Vec::new(),
            settings: Default::default(),
        });
        host
    }

    /// A sysctl's value (0 when unset).
    pub fn sysctl(&self, name: &str) -> i64 {
        self.sysctl.get(name).copied().unwrap_or(0)
    }

    /// Write a `net.inet.carp.*` sysctl as `sysctl(8)` would: EPERM for an
    /// unprivileged caller, ENOENT for an unknown name; `demotion` *adds*
    /// the value; `dscp` must be 0..63 (EINVAL); changing `allow` re-runs
    /// every vhid's state (12+: 0 holds them in INIT, 1 restarts them).
    pub fn set_sysctl(&mut self, name: &str, value: i64) -> Result<(), Errno> {
        let old = *self.sysctl.get(name).ok_or(Errno::ENOENT)?;
        self.require_privilege()?;
        let new = match name {
            "net.inet.carp.demotion" => old.saturating_add(value),
            "net.inet.carp.dscp" if !(0..=63).contains(&value) => return Err(Errno::EINVAL),
            _ => value,
        };
        self.sysctl.insert(name.to_string(), new);
        if name == "net.inet.carp.allow" && old != new && self.release.carp_allow_gates_state() {
            for i in 0..self.interfaces.len() {
                let may_run = self.carp_may_run(&self.interfaces[i]);
                let iface = &mut self.interfaces[i];
                let vhids: Vec<_> = iface.carp.iter().map(|c| c.vhid).collect();
                for v in vhids {
                    super::kernel::restart_vhid(iface, v, may_run);
                }
            }
        }
        Ok(())
    }

    /// The interface called `name`.
    pub fn iface(&self, name: &str) -> Option<&Interface> {
        self.interfaces.iter().find(|i| i.name == name)
    }

    pub(crate) fn iface_mut(&mut self, name: &str) -> Option<&mut Interface> {
        self.interfaces.iter_mut().find(|i| i.name == name)
    }

    /// The interface with index `index`.
    pub fn iface_by_index(&self, index: u32) -> Option<&Interface> {
        self.interfaces.iter().find(|i| i.index == index)
    }
}
