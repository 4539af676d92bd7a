//! 15.x's bridge VLAN filtering (net/if_bridgevar.h as shipped with 15.x:
//! BRDGSIFPVID 31, BRDGSIFVLANSET 32, BRDGSFLAGS 35, BRDGSDEFPVID 37,
//! BRDGSIFVLANPROTO 38; IFBRF_VLANFILTER 0x1, IFBRF_DEFQINQ 0x2,
//! IFBIF_QINQ 0x1000): the bridge's flags and default untagged VLAN, and a
//! member's untagged VLAN, tagged set and protocol.

use std::fmt;

use serde::{Deserialize, Serialize};

/// DOT1Q_VID_MIN..=DOT1Q_VID_MAX: the VLAN ids a set may hold.
pub const VID_RANGE: std::ops::RangeInclusive<u16> = 1..=4094;

/// A set of VLAN ids (`ifbvlan_set_t`), kept sorted. In the host file
/// and on the command line it is ifbridge.c's form: `none`, `all`, or a
/// comma list of ids and `FIRST-LAST` ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VlanSet(Vec<u16>);

impl VlanSet {
    /// ifbridge.c's parse_vlans: `none` (empty), `all` (1-4094), or
    /// decimal ids and ranges (first <= last), each within 1..=4094.
    pub fn parse(s: &str) -> Option<VlanSet> {
        match s {
            "none" => return Some(VlanSet::default()),
            "all" => return Some(VlanSet(VID_RANGE.collect())),
            _ => {}
        }
        let id = |t: &str| {
            // strtoul(3), base 10: an optional `+`, then digits only.
            let digits = t.strip_prefix('+').unwrap_or(t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse::<u16>().ok().filter(|v| VID_RANGE.contains(v))
        };
        let mut ids = Vec::new();
        for token in s.split(',') {
            let (first, last) = match token.split_once('-') {
                Some((f, l)) => (id(f)?, id(l)?),
                None => (id(token)?, id(token)?),
            };
            if last < first {
                return None;
            }
            ids.extend(first..=last);
        }
        ids.sort_unstable();
        ids.dedup();
        Some(VlanSet(ids))
    }

    /// The set of `ids` (1 to 4094, else `None`), as a kernel reports it.
    pub fn from_ids(ids: &[u16]) -> Option<VlanSet> {
        let mut v: Vec<u16> = ids.to_vec();
        v.sort_unstable();
        v.dedup();
        v.iter().all(|id| (1..=4094).contains(id)).then_some(VlanSet(v))
    }

    /// Whether the set holds no VLAN.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids, ascending.
    pub fn ids(&self) -> &[u16] {
        &self.0
    }

    /// `op` with `other` (BRDG_VLAN_OP_SET / ADD / DEL).
    pub fn apply(&mut self, op: VlanSetOp, other: &VlanSet) {
        match op {
            VlanSetOp::Set => self.0 = other.0.clone(),
            VlanSetOp::Add => {
                self.0.extend_from_slice(&other.0);
                self.0.sort_unstable();
                self.0.dedup();
            }
            VlanSetOp::Del => self.0.retain(|v| other.0.binary_search(v).is_err()),
        }
    }
}

/// The ranges form ifbridge.c's print_vlans writes after ` tagged `:
/// `10,20-30` (empty for an empty set).
impl fmt::Display for VlanSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut i = 0;
        while i < self.0.len() {
            let first = self.0[i];
            let mut j = i;
            while j + 1 < self.0.len() && self.0[j + 1] == self.0[j] + 1 {
                j += 1;
            }
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{first}")?;
            if j > i {
                write!(f, "-{}", self.0[j])?;
            }
            i = j + 1;
        }
        Ok(())
    }
}

impl TryFrom<String> for VlanSet {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s.is_empty() {
            return Ok(VlanSet::default());
        }
        VlanSet::parse(&s).ok_or_else(|| format!("invalid vlan set: {s}"))
    }
}

impl From<VlanSet> for String {
    fn from(v: VlanSet) -> String {
        if v.is_empty() {
            "none".into()
        } else {
            v.to_string()
        }
    }
}

/// How BRDGSIFVLANSET combines the given set with the member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VlanSetOp {
    /// `iftagged` / `addm IF tagged`: replace (BRDG_VLAN_OP_SET).
    Set,
    /// `+iftagged`: add (BRDG_VLAN_OP_ADD).
    Add,
    /// `-iftagged`: remove (BRDG_VLAN_OP_DEL).
    Del,
}

/// One 15.x bridge VLAN request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeVlanChange {
    /// `vlanfilter` / `defqinq` and their `-` forms: IFBRF_* bits set or
    /// cleared (BRDGGFLAGS, then BRDGSFLAGS).
    Flags {
        /// The IFBRF_* bits.
        flags: u32,
        /// Set (true) or clear.
        set: bool,
    },
    /// `defuntagged N` / `-defuntagged` (0): BRDGSDEFPVID.
    DefaultPvid(u16),
    /// `ifuntagged IF N`, `-ifuntagged IF` (0), `addm IF untagged N`:
    /// BRDGSIFPVID.
    Pvid {
        /// The member.
        member: String,
        /// The VLAN (0: none).
        vid: u16,
        /// What ifconfig's err() names on failure (`BRDGSIFPVID 5`,
        /// `BRDGSIFPVID`, `BRDGSIFPVID epair0a 5`: each caller its own).
        label: String,
    },
    /// `iftagged`, `+iftagged`, `-iftagged IF SET`, `addm IF tagged SET`:
    /// BRDGSIFVLANSET.
    Tagged {
        /// The member.
        member: String,
        /// Replace, add or remove.
        op: VlanSetOp,
        /// The VLANs.
        set: VlanSet,
        /// What ifconfig's err() names on failure.
        label: String,
    },
    /// `ifvlanproto IF 802.1q|802.1ad`: BRDGSIFVLANPROTO.
    Proto {
        /// The member.
        member: String,
        /// ETHERTYPE_VLAN or ETHERTYPE_QINQ.
        proto: u16,
    },
}

impl BridgeVlanChange {
    /// IFBRF_VLANFILTER.
    pub const VLANFILTER: u32 = 0x1;
    /// IFBRF_DEFQINQ.
    pub const DEFQINQ: u32 = 0x2;

    /// What ifconfig names when the kernel refuses the request.
    pub fn request(&self) -> String {
        match self {
            BridgeVlanChange::Flags { .. } => "BRDGSFLAGS".into(),
            BridgeVlanChange::DefaultPvid(_) => "BRDGSDEFPVID".into(),
            BridgeVlanChange::Pvid { label, .. } | BridgeVlanChange::Tagged { label, .. } => label.clone(),
            BridgeVlanChange::Proto { .. } => "BRDGSIFVLANPROTO".into(),
        }
    }
}

/// `IFBRFBITS`: the bridge flags printb names.
pub const IFBRFBITS: [(u32, &str); 2] = [(0x1, "VLANFILTER"), (0x2, "DEFQINQ")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_as_ifbridge_does() {
        let s = VlanSet::parse("30,10,20-22,21").unwrap();
        assert_eq!(s.ids(), &[10, 20, 21, 22, 30]);
        assert_eq!(s.to_string(), "10,20-22,30");
        assert_eq!(VlanSet::parse("all").unwrap().to_string(), "1-4094");
        assert!(VlanSet::parse("none").unwrap().is_empty());
        assert_eq!(VlanSet::parse("+1").unwrap().ids(), &[1], "strtoul takes a sign");
        for bad in ["", "0", "4095", "5-4", "1,", "x", "1-", "-1", "0x10", "1-2-3"] {
            assert_eq!(VlanSet::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ops_replace_add_and_remove() {
        let mut s = VlanSet::parse("10-12").unwrap();
        s.apply(VlanSetOp::Add, &VlanSet::parse("20").unwrap());
        assert_eq!(s.to_string(), "10-12,20");
        s.apply(VlanSetOp::Del, &VlanSet::parse("11,20").unwrap());
        assert_eq!(s.to_string(), "10,12");
        s.apply(VlanSetOp::Set, &VlanSet::parse("none").unwrap());
        assert!(s.is_empty());
    }

    #[test]
    fn host_file_form_round_trips() {
        let s = VlanSet::parse("5,7-9").unwrap();
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "\"5,7-9\"");
        assert_eq!(serde_json::from_str::<VlanSet>(&j).unwrap(), s);
        assert!(serde_json::from_str::<VlanSet>("\"4095\"").is_err());
    }
}
