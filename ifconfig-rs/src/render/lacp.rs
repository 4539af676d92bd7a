//! iflagg.c's LACP text under `-v`: `lacp_format_peer` (`[(actor),` then
//! `(partner)]` on the next line, each `(PRIO,MAC,KEY,PORTPRIO,PORTNO)` in
//! upper-case hex, the MAC dashed) and a port's ` state=` bits
//! (`LACP_STATE_BITS`).

use libcarpctl::lacp_state::NAMES;
use libcarpctl::{LacpOpreq, LacpPeer};

fn side(p: &LacpPeer) -> String {
    let m = p.mac;
    format!(
        "({:04X},{:02X}-{:02X}-{:02X}-{:02X}-{:02X}-{:02X},{:04X},{:04X},{:04X})",
        p.prio, m[0], m[1], m[2], m[3], m[4], m[5], p.key, p.portprio, p.portno
    )
}

/// `lacp_format_peer(req, "\n\t\t ")`.
pub fn peer(o: &LacpOpreq) -> String {
    format!("[{},\n\t\t {}]", side(&o.actor), side(&o.partner))
}

/// The name of `LACP_STATE_*` bit `bit`.
pub fn state_name(bit: u32) -> Option<&'static str> {
    NAMES.get(bit as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_text_is_iflagg_cs() {
        let actor = LacpPeer {
            prio: 0x8000,
            mac: [0, 0x25, 0x90, 3, 0xe, 0xfa],
            key: 0x14b,
            portprio: 0x8000,
            portno: 1,
            state: 0x45,
        };
        let partner = LacpPeer { prio: 0xffff, portprio: 0xffff, ..LacpPeer::default() };
        assert_eq!(
            peer(&LacpOpreq { actor, partner }),
            "[(8000,00-25-90-03-0E-FA,014B,8000,0001),\n\t\t (FFFF,00-00-00-00-00-00,0000,FFFF,0000)]"
        );
        assert_eq!(
            (state_name(0), state_name(6), state_name(8)),
            (Some("ACTIVITY"), Some("DEFAULTED"), None)
        );
    }
}
