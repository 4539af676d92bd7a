//! The netlink peer's geneve(4) side (FreeBSD 16): an RTM_NEWLINK of
//! kind "geneve" creates (`geneve_clone_create_nl`) or modifies
//! (`geneve_clone_modify_nl`) as if_geneve.c does, and a refusal carries
//! the kernel's text.

use super::NetlinkPeer;
use crate::backend::netlink::Protocol;
use crate::error::{Errno, Error};
use crate::netlink::geneve;
use crate::netlink::msg::Message;
use crate::netlink::route::Link;
use crate::sys::netlink::{GENEVE_KIND, NLM_F_CREATE, RTM_NEWLINK};
use crate::types::{errno_of, CloneRequest, IfaceChange};

/// An errno as FreeBSD writes it, and the extended-ack text.
type Refusal = (i32, Option<String>);

fn refusal(e: Error) -> Refusal {
    match e {
        Error::Netlink { errno, message } => (errno.freebsd(), message),
        other => (errno_of(&other).freebsd(), None),
    }
}

impl NetlinkPeer {
    /// `Some` when `m` is an RTM_NEWLINK of kind "geneve" on a kernel with
    /// the cloner: what the kernel answers.
    pub(super) fn geneve_newlink(
        &mut self,
        protocol: Protocol,
        m: &Message<'_>,
    ) -> Option<Result<(), Refusal>> {
        if protocol != Protocol::Route
            || m.header.kind != RTM_NEWLINK
            || !self.host.release.has_cloner(GENEVE_KIND)
        {
            return None;
        }
        let link = Link::parse(m.payload).ok()?;
        if link.info_kind.as_deref() != Some(GENEVE_KIND) {
            return None;
        }
        Some(if m.header.flags & NLM_F_CREATE != 0 {
            self.geneve_create(&link)
        } else {
            self.geneve_modify(&link)
        })
    }

    fn geneve_create(&mut self, link: &Link) -> Result<(), Refusal> {
        if !self.host.privileged {
            return Err((Errno::EPERM.freebsd(), None));
        }
        // Without IFLA_INFO_DATA: "geneve protocol is required"; an empty
        // one leaves the protocol 0 (l3).
        let Some(data) = &link.info_data else {
            return Err((Errno::EOPNOTSUPP.freebsd(), Some("geneve protocol is required".into())));
        };
        let proto = geneve::create_proto(data).map_err(|_| (Errno::EINVAL.freebsd(), None))?;
        let req = CloneRequest {
            name: link.name.clone().unwrap_or_default(),
            geneve_proto: Some(proto.unwrap_or(0)),
            ..CloneRequest::default()
        };
        self.host.create_interface(&req).map(|_| ()).map_err(refusal)
    }

    fn geneve_modify(&mut self, link: &Link) -> Result<(), Refusal> {
        // RTM_NEWLINK needs privilege whatever it changes.
        if !self.host.privileged {
            return Err((Errno::EPERM.freebsd(), None));
        }
        let name = link.name.clone().unwrap_or_default();
        let Some(now) = self.host.iface(&name).map(|i| i.settings.geneve.clone()) else {
            return Err((Errno::ENOENT.freebsd(), Some(format!("unable to find interface {name}"))));
        };
        // Another driver's (or the generic) modify ignores the attributes.
        let (Some(now), Some(data)) = (now, &link.info_data) else { return Ok(()) };
        let changes = geneve::modify_changes(data, &now).map_err(|_| (Errno::EINVAL.freebsd(), None))?;
        for g in changes {
            self.host.change(&name, &IfaceChange::Geneve(g)).map_err(refusal)?;
        }
        Ok(())
    }
}
