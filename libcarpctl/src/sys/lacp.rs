//! `struct lacp_opreq` (net/if_lagg.h, SIOCGLAGG's `ra_lacpreq` and each
//! port's `rp_lacpreq`) to and from the typed [`LacpOpreq`]: the kernel
//! fills it in host order (`lacp_req` / `lacp_portreq` convert with
//! `ntohs`).

use super::lagg::lacp_opreq;
use crate::types::{LacpOpreq, LacpPeer};

impl lacp_opreq {
    /// The typed actor and partner.
    pub fn opreq(&self) -> LacpOpreq {
        LacpOpreq {
            actor: LacpPeer {
                prio: self.actor_prio,
                mac: self.actor_mac,
                key: self.actor_key,
                portprio: self.actor_portprio,
                portno: self.actor_portno,
                state: self.actor_state,
            },
            partner: LacpPeer {
                prio: self.partner_prio,
                mac: self.partner_mac,
                key: self.partner_key,
                portprio: self.partner_portprio,
                portno: self.partner_portno,
                state: self.partner_state,
            },
        }
    }

    /// As the kernel fills it for `o`.
    pub fn of(o: &LacpOpreq) -> lacp_opreq {
        let (a, p) = (&o.actor, &o.partner);
        lacp_opreq {
            actor_prio: a.prio,
            actor_mac: a.mac,
            actor_key: a.key,
            actor_portprio: a.portprio,
            actor_portno: a.portno,
            actor_state: a.state,
            partner_prio: p.prio,
            partner_mac: p.mac,
            partner_key: p.key,
            partner_portprio: p.portprio,
            partner_portno: p.portno,
            partner_state: p.state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let o = LacpOpreq {
            actor: LacpPeer {
                prio: 0x8000,
                mac: [1, 2, 3, 4, 5, 6],
                key: 0x14b,
                portprio: 0x8000,
                portno: 3,
                state: 0x45,
            },
            partner: LacpPeer { prio: 0xffff, portprio: 0xffff, state: 2, ..LacpPeer::default() },
        };
        assert_eq!(lacp_opreq::of(&o).opreq(), o);
    }
}
