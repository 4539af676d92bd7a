//! vlan(4)'s raw ABI (`net/if_vlan_var.h`): `struct vlanreq`, the argument
//! of SIOCSETVLAN / SIOCGETVLAN (through `ifr_data`) and of SIOCIFCREATE2
//! for `vlan N vlandev IF`.

#![allow(non_camel_case_types)]

use std::mem::{offset_of, size_of};

use super::abi::IFNAMSIZ;
use super::ifreq_iface::name_buf;

/// `ETHERTYPE_VLAN`: 802.1Q, the default `vlanproto`.
pub const ETHERTYPE_VLAN: u16 = 0x8100;
/// `ETHERTYPE_QINQ`: 802.1ad.
pub const ETHERTYPE_QINQ: u16 = 0x88a8;

/// `struct vlanreq`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct vlanreq {
    /// The parent interface (empty: none / detach).
    pub vlr_parent: [u8; IFNAMSIZ],
    /// The tag.
    pub vlr_tag: u16,
    /// The protocol ethertype (12+; older kernels copy only the first 18
    /// bytes, leaving this as sent).
    pub vlr_proto: u16,
}

impl vlanreq {
    /// A request for `tag` on `parent` with `proto`.
    pub fn new(parent: &str, tag: u16, proto: u16) -> vlanreq {
        vlanreq { vlr_parent: name_buf(parent), vlr_tag: tag, vlr_proto: proto }
    }

    /// The parent's name (`None` when empty).
    pub fn parent(&self) -> Option<String> {
        let n = super::abi::name_of(&self.vlr_parent);
        (!n.is_empty()).then(|| String::from_utf8_lossy(n).into_owned())
    }
}

const _: () = assert!(size_of::<vlanreq>() == 20);
const _: () = assert!(offset_of!(vlanreq, vlr_tag) == 16 && offset_of!(vlanreq, vlr_proto) == 18);
