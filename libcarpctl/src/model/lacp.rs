//! LACP as the kernel runs it for a lagg with no partner on the wire (the
//! virtual host has none), read in ieee8023ad_lacp.c: the sysctl
//! `net.link.lagg.lacp.default_strict_mode` is 1, so each lacp lagg starts
//! strict (`LACP_STRICT` in its options). A port is created with
//! ACTIVITY and the receive machine EXPIRED (`lacp_sm_rx_set_expired`:
//! the partner all zero but TIMEOUT); `lacp_linkstate` then enables
//! aggregation on an Ethernet port that is up and full-duplex (its key
//! the media's speed group and the lagg's index, `lacp_compose_key`) and
//! otherwise disables it (`lacp_port_disable`: the administrative
//! partner, DEFAULTED, its key the port's index with bit 15). While the
//! lagg runs, `lacp_tick`'s receive timer takes an aggregating port from
//! EXPIRED to DEFAULTED with the administrative partner (priority and port
//! priority 0xFFFF, the rest zero) within three seconds; the virtual host
//! has no clock and shows that settled state. A DEFAULTED port selects no
//! aggregator (`lacp_select`), so no port collects or distributes and the
//! lag id (`lacp_req`: no active aggregator) is all zero.

use super::media::media_state;
use super::Host;
use crate::sys::media::{ifm_subtype, ifm_type, ETHERNET_SUBTYPE_NAMES, IFM_ETHER};
use crate::types::lacp_state::{ACTIVITY, AGGREGATION, DEFAULTED, EXPIRED, TIMEOUT};
use crate::types::{IfFlags, Interface, LacpOpreq, LacpPeer, LacpState};

/// `LACP_SYSTEM_PRIO` and `LACP_PORT_PRIO`.
const PRIO: u16 = 0x8000;
/// `IFM_FDX`.
const IFM_FDX: u32 = 0x0010_0000;

/// `lacp_compose_key`'s speed groups: each subtype keys as the group's
/// first (the subtypes the media table names; others key as themselves).
const KEY_GROUPS: &[&[&str]] = &[
    &["IFM_10_T", "IFM_10_2", "IFM_10_5", "IFM_10_STP", "IFM_10_FL"],
    &["IFM_100_TX", "IFM_100_FX", "IFM_100_T4", "IFM_100_VG", "IFM_100_T2", "IFM_100_T", "IFM_100_SGMII"],
    &[
        "IFM_1000_SX",
        "IFM_1000_LX",
        "IFM_1000_CX",
        "IFM_1000_T",
        "IFM_1000_KX",
        "IFM_1000_SGMII",
        "IFM_1000_CX_SGMII",
    ],
    &[
        "IFM_10G_LR",
        "IFM_10G_SR",
        "IFM_10G_CX4",
        "IFM_10G_TWINAX",
        "IFM_10G_TWINAX_LONG",
        "IFM_10G_LRM",
        "IFM_10G_T",
        "IFM_10G_KX4",
        "IFM_10G_KR",
        "IFM_10G_CR1",
        "IFM_10G_ER",
        "IFM_10G_SFI",
        "IFM_10G_AOC",
    ],
    &["IFM_2500_KX", "IFM_2500_T", "IFM_2500_X"],
];

fn word_of(cname: &str) -> Option<u32> {
    ETHERNET_SUBTYPE_NAMES.iter().find(|n| n.cname == cname).map(|n| n.word)
}

/// The key's speed bits for `subtype`.
fn speed_key(subtype: u32) -> u32 {
    KEY_GROUPS
        .iter()
        .find(|g| g.iter().any(|c| word_of(c) == Some(subtype)))
        .and_then(|g| word_of(g[0]))
        .unwrap_or(subtype)
}

/// `lacp_partner_admin_strict` (the optimistic one prints the same).
fn admin_partner() -> LacpPeer {
    LacpPeer { prio: 0xffff, portprio: 0xffff, ..LacpPeer::default() }
}

impl Host {
    /// What SIOCGLAGG reports of LACP for `lagg`; `None` unless its
    /// protocol is lacp.
    pub(crate) fn lacp_state(&self, lagg: &Interface) -> Option<LacpState> {
        let l = lagg.settings.lagg.as_ref().filter(|l| l.proto == "lacp")?;
        let running = lagg.flags.contains(IfFlags::UP);
        let mac = lagg.ether.unwrap_or_default();
        let fast = l.opts & 0x80 != 0;
        let ports = l
            .ports
            .iter()
            .filter_map(|name| self.iface(name))
            .map(|p| {
                let active = media_state(p).map(|m| m.active);
                let up = p.status_text() == Some("active");
                let aggregates = up && active.is_some_and(|a| ifm_type(a) == IFM_ETHER && a & IFM_FDX != 0);
                let mut actor = LacpPeer {
                    prio: PRIO,
                    mac,
                    portprio: PRIO,
                    portno: p.index as u16,
                    ..LacpPeer::default()
                };
                let partner;
                if aggregates {
                    let sub = ifm_subtype(active.unwrap_or_default());
                    actor.key = (speed_key(sub) | (0x7fe0 & (lagg.index << 5))) as u16;
                    actor.state = ACTIVITY | AGGREGATION;
                    if running {
                        actor.state |= DEFAULTED;
                        partner = admin_partner();
                    } else {
                        actor.state |= EXPIRED;
                        partner = LacpPeer { state: TIMEOUT, ..LacpPeer::default() };
                    }
                } else {
                    actor.key = ((p.index & 0x7fff) | 0x8000) as u16;
                    actor.state = ACTIVITY | DEFAULTED;
                    partner = admin_partner();
                }
                if fast {
                    actor.state |= TIMEOUT;
                }
                LacpOpreq { actor, partner }
            })
            .collect();
        Some(LacpState { lag_id: LacpOpreq::default(), ports })
    }
}
