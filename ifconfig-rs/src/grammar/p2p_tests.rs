//! The second address operand (`setifdstaddr`): a point-to-point
//! destination, and before 14 also inet's broadcast (one sockaddr).

use super::*;

fn plan(s: &str, major: u8, flags: IfFlags) -> Result<Plan, String> {
    let words: Vec<String> = s.split_whitespace().map(String::from).collect();
    parse("gif0", &words, Context { release: Release { major, minor: 0 }, flags }).map_err(|e| e.to_string())
}

fn p2p() -> IfFlags {
    IfFlags::POINTOPOINT | IfFlags::MULTICAST
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn second_address_is_the_destination() {
    for major in [10, 13, 14, 15] {
        let add = plan("inet 192.0.2.1 192.0.2.2", major, p2p()).unwrap().add.unwrap();
        assert_eq!((add.addr, add.destination), (ip("192.0.2.1"), Some(ip("192.0.2.2"))), "{major}");
        let add = plan("inet6 2001:db8::1 2001:db8::2 prefixlen 128", major, p2p()).unwrap().add.unwrap();
        assert_eq!(add.destination, Some(ip("2001:db8::2")), "{major}");
        assert_eq!(add.prefixlen, Some(128));
    }
}

#[test]
fn inet_destination_and_broadcast_share_a_field_before_14() {
    let flags = IfFlags::BROADCAST | IfFlags::UP;
    // 10-13: the second address is the broadcast on a broadcast interface,
    // and `broadcast` is a destination on a point-to-point one.
    let add = plan("inet 192.0.2.1/24 192.0.2.7", 13, flags).unwrap().add.unwrap();
    assert_eq!(add.broadcast, Some("192.0.2.7".parse().unwrap()));
    let add = plan("inet 192.0.2.1 broadcast 192.0.2.9", 13, p2p()).unwrap().add.unwrap();
    assert_eq!(add.destination, Some(ip("192.0.2.9")));
    // The later of the two wins, as one field.
    let add = plan("inet 192.0.2.1 192.0.2.2 broadcast 192.0.2.9", 10, p2p()).unwrap().add.unwrap();
    assert_eq!(add.destination, Some(ip("192.0.2.9")));
    // 14+: IFA_ADDRESS and IFA_BROADCAST are apart.
    let add = plan("inet 192.0.2.1/24 192.0.2.7", 14, flags).unwrap().add.unwrap();
    assert_eq!((add.broadcast, add.destination), (None, Some(ip("192.0.2.7"))));
    let add = plan("inet 192.0.2.1 broadcast 192.0.2.9", 15, p2p()).unwrap().add.unwrap();
    assert_eq!(add.destination, None);
}

#[test]
fn a_destination_takes_no_width_and_must_parse() {
    // af_getaddr(DSTADDR) reads no `/width`: the word is no address.
    for major in [10, 14] {
        assert_eq!(plan("inet 192.0.2.1 192.0.2.2/30", major, p2p()).unwrap_err(), "192.0.2.2/30: bad value");
        assert_eq!(plan("inet 192.0.2.1 bogus", major, p2p()).unwrap_err(), "bogus: bad value");
        assert_eq!(
            plan("inet6 2001:db8::1 2001:db8::2/64", major, p2p()).unwrap_err(),
            "2001:db8::2/64: bad value"
        );
    }
    // inet_aton's forms are taken, as for the address.
    let add = plan("inet 10.1 10.2", 13, p2p()).unwrap().add.unwrap();
    assert_eq!(add.destination, Some(ip("10.0.0.2")));
}

#[test]
fn a_point_to_point_address_needs_no_mask_on_15() {
    // in_postproc exempts POINTOPOINT from 15's mask rule.
    let p = plan("inet 192.0.2.1 192.0.2.2", 15, p2p()).unwrap();
    assert!(p.warnings.is_empty());
    assert!(plan("inet 192.0.2.1 192.0.2.2", 15, IfFlags::BROADCAST).is_err());
}
