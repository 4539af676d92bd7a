//! if_bridge(4)'s address cache and per-member STP settings: the entries
//! BRDGRTS lists (`struct ifbareq`), and the requests of ifbridge.c's
//! `static`, `deladdr`, `flush`, `flushall`, `ifmaxaddr`, `proto`,
//! `ifpriority` and `ifpathcost`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One address cache entry (`struct ifbareq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeCacheEntry {
    /// The Ethernet address (`ifba_dst`), written `xx:xx:xx:xx:xx:xx`.
    #[serde(with = "mac_text")]
    pub mac: [u8; 6],
    /// The VLAN (`ifba_vlan`).
    #[serde(default)]
    pub vlan: u16,
    /// The member it was learned on or set for (`ifba_ifsname`).
    pub member: String,
    /// Seconds left before a dynamic entry expires (`ifba_expire`; 0 for
    /// a static one). The virtual host has no clock: it stays as written.
    #[serde(default)]
    pub expire: u64,
    /// `IFBAF_*`: 0 dynamic, 1 static, 2 sticky.
    #[serde(default)]
    pub flags: u8,
}

impl BridgeCacheEntry {
    /// IFBAF_STATIC.
    pub const STATIC: u8 = 0x01;
    /// IFBAF_STICKY.
    pub const STICKY: u8 = 0x02;
    /// IFBAF_TYPEMASK: static or dynamic (sticky is dynamic).
    pub const TYPEMASK: u8 = 0x03;

    /// Whether the entry's type is dynamic (`flush` and the cache limit
    /// remove it; a sticky entry is a type of its own, as in if_bridge.c).
    pub fn is_dynamic(&self) -> bool {
        self.flags & Self::TYPEMASK == 0
    }
}

/// `IFBAFBITS`: the cache entry flags printb names.
pub const IFBAFBITS: [(u32, &str); 2] = [(0x1, "STATIC"), (0x2, "STICKY")];

/// One request on a bridge's address cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeCacheChange {
    /// `static IF MAC` (15: `[vlan N]`): BRDGSADDR with IFBAF_STATIC.
    Static {
        /// The member.
        member: String,
        /// The address.
        mac: [u8; 6],
        /// The VLAN ifconfig sends (10-14 send 1, 15 0 or `vlan N`).
        vlan: u16,
        /// What ifconfig's err() names on failure.
        label: String,
    },
    /// `deladdr MAC` (15: `[vlan N]`): BRDGDADDR (VLAN 0: every VLAN).
    Delete {
        /// The address.
        mac: [u8; 6],
        /// The VLAN.
        vlan: u16,
        /// What ifconfig's err() names on failure.
        label: String,
    },
    /// `flush` (dynamic entries) / `flushall` (all): BRDGFLUSH.
    Flush {
        /// IFBF_FLUSHALL (true) or IFBF_FLUSHDYN.
        all: bool,
    },
    /// `ifmaxaddr IF N`: BRDGSIFAMAX, the member's entry limit (0: none).
    MemberLimit {
        /// The member.
        member: String,
        /// The limit.
        max: u32,
        /// What ifconfig's err() names on failure.
        label: String,
    },
}

impl BridgeCacheChange {
    /// What ifconfig names when the kernel refuses the request.
    pub fn request(&self) -> String {
        match self {
            BridgeCacheChange::Static { label, .. }
            | BridgeCacheChange::Delete { label, .. }
            | BridgeCacheChange::MemberLimit { label, .. } => label.clone(),
            BridgeCacheChange::Flush { .. } => "BRDGFLUSH".into(),
        }
    }
}

/// One STP request: the bridge's protocol or a member's priority or cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeStpChange {
    /// `proto stp|rstp`: BRDGSPROTO (`BSTP_PROTO_*`: 0 stp, 2 rstp).
    Proto {
        /// The protocol number.
        proto: u8,
        /// What ifconfig's err() names on failure.
        label: String,
    },
    /// `ifpriority IF N`: BRDGSIFPRIO.
    Priority {
        /// The member.
        member: String,
        /// The priority.
        value: u8,
        /// What ifconfig's err() names on failure.
        label: String,
    },
    /// `ifpathcost IF N`: BRDGSIFCOST (0: computed from the link speed).
    PathCost {
        /// The member.
        member: String,
        /// The cost.
        cost: u32,
        /// What ifconfig's err() names on failure.
        label: String,
    },
}

impl BridgeStpChange {
    /// `BSTP_PROTO_STP`.
    pub const STP: u8 = 0;
    /// `BSTP_PROTO_RSTP`.
    pub const RSTP: u8 = 2;

    /// What ifconfig names when the kernel refuses the request.
    pub fn request(&self) -> String {
        match self {
            BridgeStpChange::Proto { label, .. }
            | BridgeStpChange::Priority { label, .. }
            | BridgeStpChange::PathCost { label, .. } => label.clone(),
        }
    }
}

/// An Ethernet address as ether_aton reads it: six `%x` fields separated
/// by colons (sscanf: a field may have a `0x` prefix; what follows the
/// sixth field is ignored; each field is truncated to a byte).
pub fn ether_aton(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let mut rest = s;
    for (n, b) in out.iter_mut().enumerate() {
        if n > 0 {
            rest = rest.strip_prefix(':')?;
        }
        let (v, tail) = scan_hex(rest)?;
        *b = v as u8;
        rest = tail;
    }
    Some(out)
}

/// sscanf's `%x`: leading white space, a sign, an optional `0x`, then hex
/// digits (at least one).
fn scan_hex(s: &str) -> Option<(u64, &str)> {
    let s = s.trim_start();
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let body = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .filter(|b| b.starts_with(|c: char| c.is_ascii_hexdigit()));
    let s = body.unwrap_or(s);
    let end = s.find(|c: char| !c.is_ascii_hexdigit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    let v = s[..end]
        .chars()
        .fold(0u64, |acc, c| acc.wrapping_mul(16).wrapping_add(c.to_digit(16).unwrap_or(0) as u64));
    Some((if neg { v.wrapping_neg() } else { v }, &s[end..]))
}

/// The host file's form of an address: `xx:xx:xx:xx:xx:xx`.
mod mac_text {
    use super::*;

    pub fn serialize<S: Serializer>(m: &[u8; 6], s: S) -> Result<S::Ok, S::Error> {
        let t: Vec<String> = m.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&t.join(":"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 6], D::Error> {
        let t = String::deserialize(d)?;
        let parts: Vec<&str> = t.split(':').collect();
        let mut out = [0u8; 6];
        let ok = parts.len() == 6
            && parts.iter().zip(out.iter_mut()).all(|(p, b)| {
                (1..=2).contains(&p.len()) && u8::from_str_radix(p, 16).map(|v| *b = v).is_ok()
            });
        if ok {
            Ok(out)
        } else {
            Err(serde::de::Error::custom(format!("bad Ethernet address {t:?}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ether_aton_reads_as_sscanf_does() {
        assert_eq!(ether_aton("0:1:2:3:4:5"), Some([0, 1, 2, 3, 4, 5]));
        assert_eq!(ether_aton("02:aa:BB:0x10:4:5junk"), Some([2, 0xaa, 0xbb, 0x10, 4, 5]));
        assert_eq!(ether_aton("1ff:0:0:0:0:1"), Some([0xff, 0, 0, 0, 0, 1]));
        for bad in ["", "1:2:3:4:5", "1:2:3:4:5:", "x:1:2:3:4:5", "1-2-3-4-5-6"] {
            assert_eq!(ether_aton(bad), None, "{bad}");
        }
    }

    #[test]
    fn host_file_form_round_trips() {
        let e = BridgeCacheEntry {
            mac: [2, 0, 0, 0, 0, 0xa],
            vlan: 1,
            member: "epair0a".into(),
            expire: 1180,
            flags: 0,
        };
        let j = serde_json::to_string(&e).unwrap();
        assert!(j.contains("\"02:00:00:00:00:0a\""), "{j}");
        assert_eq!(serde_json::from_str::<BridgeCacheEntry>(&j).unwrap(), e);
        let bad = j.replace("02:00:00:00:00:0a", "02:00:00:00:00");
        assert!(serde_json::from_str::<BridgeCacheEntry>(&bad).is_err());
    }
}
