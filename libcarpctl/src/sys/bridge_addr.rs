//! if_bridge(4)'s address cache and VLAN set arguments (`net/if_bridgevar.h`):
//! `struct ifbareq` (BRDGSADDR, BRDGDADDR, one BRDGRTS entry), `struct
//! ifbaconf` (BRDGRTS) and 15's `struct ifbif_vlan_req` (BRDGSIFVLANSET,
//! BRDGGIFVLANSET). The same layouts on every release here (amd64).

#![allow(non_camel_case_types)]

use std::mem::{align_of, offset_of, size_of};

use super::abi::IFNAMSIZ;

/// `IFBF_FLUSHDYN`: BRDGFLUSH removes learned entries only.
pub const IFBF_FLUSHDYN: u32 = 0x00;
/// `IFBF_FLUSHALL`: BRDGFLUSH removes every entry.
pub const IFBF_FLUSHALL: u32 = 0x01;
/// `IFBAF_STATIC`.
pub const IFBAF_STATIC: u8 = 0x01;
/// `BRDG_VLAN_OP_SET`: replace the member's tagged set.
pub const BRDG_VLAN_OP_SET: u8 = 1;
/// `BRDG_VLAN_OP_ADD`.
pub const BRDG_VLAN_OP_ADD: u8 = 2;
/// `BRDG_VLAN_OP_DEL`.
pub const BRDG_VLAN_OP_DEL: u8 = 3;
/// `BRVLAN_SETSIZE`: bits in a VLAN set.
pub const BRVLAN_SETSIZE: usize = 4096;

/// `struct ifbareq`: one address cache entry.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifbareq {
    /// The member.
    pub ifba_ifsname: [u8; IFNAMSIZ],
    /// Seconds left (unsigned long).
    pub ifba_expire: u64,
    /// `IFBAF_*`.
    pub ifba_flags: u8,
    /// The address.
    pub ifba_dst: [u8; 6],
    /// The VLAN (`ether_vlanid_t`).
    pub ifba_vlan: u16,
}

impl ifbareq {
    /// The member's name.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifba_ifsname)).into_owned()
    }
}

/// `struct ifbaconf`: BRDGRTS.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ifbaconf {
    /// Bytes of the buffer (0: the kernel answers the bytes it needs).
    pub ifbac_len: u32,
    /// The buffer (a pointer, as a number).
    pub ifbac_buf: u64,
}

/// `struct ifbif_vlan_req` (15): a member's tagged VLAN set.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ifbif_vlan_req {
    /// The member.
    pub bv_ifname: [u8; IFNAMSIZ],
    /// `BRDG_VLAN_OP_*` (SET only).
    pub bv_op: u8,
    /// `ifbvlan_set_t`: bit N of word N/64 is VLAN N.
    pub bv_set: [u64; BRVLAN_SETSIZE / 64],
}

impl Default for ifbif_vlan_req {
    fn default() -> Self {
        ifbif_vlan_req { bv_ifname: [0; IFNAMSIZ], bv_op: 0, bv_set: [0; BRVLAN_SETSIZE / 64] }
    }
}

impl ifbif_vlan_req {
    /// The VLANs of the set, ascending.
    pub fn ids(&self) -> Vec<u16> {
        (0..BRVLAN_SETSIZE).filter(|v| self.bv_set[v / 64] & (1 << (v % 64)) != 0).map(|v| v as u16).collect()
    }

    /// Put `ids` in the set.
    pub fn set_ids(&mut self, ids: &[u16]) {
        for &v in ids.iter().filter(|v| usize::from(**v) < BRVLAN_SETSIZE) {
            self.bv_set[usize::from(v) / 64] |= 1 << (v % 64);
        }
    }

    /// The member's name.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.bv_ifname)).into_owned()
    }
}

const _: () = assert!(size_of::<ifbareq>() == 40 && align_of::<ifbareq>() == 8);
const _: () = assert!(offset_of!(ifbareq, ifba_flags) == 24 && offset_of!(ifbareq, ifba_vlan) == 32);
const _: () = assert!(size_of::<ifbaconf>() == 16 && offset_of!(ifbaconf, ifbac_buf) == 8);
const _: () = assert!(size_of::<ifbif_vlan_req>() == 536 && offset_of!(ifbif_vlan_req, bv_set) == 24);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_set_bits() {
        let mut r = ifbif_vlan_req::default();
        r.set_ids(&[1, 63, 64, 4094]);
        assert_eq!(r.bv_set[0], (1 << 1) | (1 << 63));
        assert_eq!(r.bv_set[1], 1);
        assert_eq!(r.ids(), [1, 63, 64, 4094]);
    }
}
