//! geneve(4) over FreeBSD 16's netlink, as ifgeneve.c drives it: the
//! create and one RTM_NEWLINK per word ([`crate::netlink::geneve`]), each
//! refusal reported with the kernel's own text and errno; the listing's
//! geneve lines from each link's IFLA_INFO_DATA in the dump.

use super::{LinkTies, NetlinkBackend, Transport};
use crate::backend::FreeBsd;
use crate::error::Result;
use crate::netlink::geneve;
use crate::types::{CloneRequest, GeneveChange, GeneveConfig, Interface};

impl<T: Transport> NetlinkBackend<T, FreeBsd> {
    /// `geneve_create_nl`. ifconfig reads no name back: the name asked for
    /// is the name answered.
    pub(super) fn geneve_create(&mut self, req: &CloneRequest) -> Result<String> {
        let seq = self.next_seq();
        let proto = req.geneve_proto.unwrap_or(GeneveConfig::PROTO_ETHER);
        self.ack_text(geneve::create_request(seq, &req.name, proto))?;
        Ok(req.name.clone())
    }

    /// One `setgeneve_*_nl`.
    pub(super) fn geneve_change(&mut self, ifname: &str, change: &GeneveChange) -> Result<()> {
        let seq = self.next_seq();
        self.ack_text(geneve::change_request(seq, ifname, change))
    }
}

/// The geneve configuration each geneve link's dump carried.
pub(super) fn fill(ties: &[LinkTies], list: &mut [Interface]) {
    for (tie, iface) in ties.iter().zip(list.iter_mut()) {
        if let Some(data) = &tie.geneve {
            iface.settings.geneve = geneve::decode_config(data).ok();
        }
    }
}
