//! One vhid of a host with its interface and addresses: what
//! [`Backend::vhids`](crate::Backend::vhids) yields.

use super::{Address, CarpStatus, Interface};

/// One vhid of a host: the interface it lives on, its status, and the
/// interface's addresses that belong to it (in the kernel's order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostVhid {
    /// The interface's name.
    pub interface: String,
    /// The vhid's status (the key only for a privileged caller).
    pub status: CarpStatus,
    /// The addresses joined to this vhid.
    pub addresses: Vec<Address>,
}

/// Every vhid of a host, interface by interface (in the kernel's interface
/// order), vhids ascending within each interface.
#[derive(Debug, Clone)]
pub struct Vhids(std::vec::IntoIter<HostVhid>);

impl Vhids {
    /// The vhids of `interfaces`.
    pub fn of(interfaces: Vec<Interface>) -> Vhids {
        let mut out = Vec::new();
        for iface in interfaces {
            let mut carp = iface.carp;
            carp.sort_by_key(|c| c.vhid);
            for status in carp {
                let addresses =
                    iface.addresses.iter().filter(|a| a.vhid == Some(status.vhid)).cloned().collect();
                out.push(HostVhid { interface: iface.name.clone(), status, addresses });
            }
        }
        Vhids(out.into_iter())
    }
}

impl Iterator for Vhids {
    type Item = HostVhid;
    fn next(&mut self) -> Option<HostVhid> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Vhids {}
