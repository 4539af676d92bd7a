//! Parse tests of the family keywords: arity, values, messages, releases.

use super::super::{parse, parse_create, Context};
use libcarpctl::{IfFlags, IfaceChange, PfsyncChange, Release, VxlanChange};

fn ctx(major: u8) -> Context {
    Context { release: Release { major, minor: 0 }, flags: IfFlags::BROADCAST }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn changes(s: &str, major: u8) -> Result<Vec<IfaceChange>, String> {
    let p = parse("if0", &words(s), ctx(major)).map_err(|e| e.to_string())?;
    Ok(p.changes.into_iter().map(|c| c.change).collect())
}

#[test]
fn lagg_words() {
    assert_eq!(
        changes("lagghash l4,l2 use_flowid -lacp_fast_timeout flowid_shift 31 rr_limit 7", 14).unwrap(),
        vec![
            IfaceChange::LaggHash(0x5),
            IfaceChange::LaggOption { opt: 0x1, set: true },
            IfaceChange::LaggOption { opt: 0x80, set: false },
            IfaceChange::LaggFlowidShift(31),
            IfaceChange::LaggRrLimit(7),
        ]
    );
    // strtoul base 10 stops at the x: 0, refused.
    assert_eq!(changes("rr_limit 0x10", 14).unwrap_err(), "Invalid round-robin stride: 0x10");
    assert_eq!(changes("flowid_shift -1", 14).unwrap_err(), "Invalid flowid_shift option: -1");
    assert_eq!(changes("lagghash l2,", 14).unwrap_err(), "Invalid lagghash option: ");
    assert_eq!(changes("rr_limit", 14).unwrap_err(), "'rr_limit' requires argument");
}

#[test]
fn gif_and_gre_words() {
    assert_eq!(
        changes("noclamp -ignore_source", 14).unwrap(),
        vec![IfaceChange::GifOption { bits: 1, set: true }, IfaceChange::GifOption { bits: 2, set: false },]
    );
    assert_eq!(
        changes("send_rev_ethip_ver", 11).unwrap(),
        vec![IfaceChange::GifOption { bits: 0x10, set: true }]
    );
    assert_eq!(changes("send_rev_ethip_ver", 12).unwrap_err(), "send_rev_ethip_ver: bad value");
    assert_eq!(changes("noclamp", 11).unwrap_err(), "noclamp: bad value");
    assert_eq!(
        changes("grekey 010 udpport 0x1000 -enable_seq", 14).unwrap(),
        vec![
            IfaceChange::GreKey(8),
            IfaceChange::GrePort(0x1000),
            IfaceChange::GreOption { bits: 2, set: false },
        ]
    );
    // strtol's garbage is 0, a negative key wraps as uint32_t.
    assert_eq!(
        changes("grekey x grekey -1", 14).unwrap(),
        vec![IfaceChange::GreKey(0), IfaceChange::GreKey(u32::MAX)]
    );
}

#[test]
fn vxlan_words() {
    assert_eq!(
        changes("vni 0x10 vxlanportrange 1000 2000 vxlanttl 256 -vxlanlearn vxlanflush", 14).unwrap(),
        vec![
            IfaceChange::Vxlan(VxlanChange::Vni(16)),
            IfaceChange::Vxlan(VxlanChange::PortRange(1000, 2000)),
            IfaceChange::Vxlan(VxlanChange::Ttl(0)),
            IfaceChange::Vxlan(VxlanChange::Learn(false)),
            IfaceChange::Vxlan(VxlanChange::Flush(false)),
        ]
    );
    assert_eq!(changes("vxlanid 1x", 14).unwrap_err(), "invalid network identifier: 1x");
    assert_eq!(changes("vxlantimeout 4294967296", 14).unwrap_err(), "invalid timeout value: 4294967296");
    assert_eq!(changes("vxlanmaxaddr -", 14).unwrap_err(), "invalid maxaddr value: -");
    assert_eq!(changes("vxlanlocalport 65535", 14).unwrap_err(), "invalid local port: 65535");
    assert_eq!(
        changes("vxlanremote host.example", 14).unwrap_err(),
        "error in parsing remote address string: hostname nor servname provided, or not known"
    );
    // The create takes the vxlan words before the first other one.
    let w = words("vxlanid 42 vxlanlocal 192.0.2.1 vxlanremote 192.0.2.2 up");
    let (req, rest) = parse_create("vxlan0", &w, ctx(14)).unwrap();
    assert_eq!(req.vxlan.len(), 3);
    assert_eq!(rest, &w[6..]);
    let w = words("vxlanlocal 2001:db8::1 vxlangroup 239.0.0.1");
    assert_eq!(
        parse_create("vxlan0", &w, ctx(14)).unwrap_err().to_string(),
        "cannot mix IPv4 and IPv6 addresses"
    );
}

#[test]
fn pfsync_words() {
    assert_eq!(
        changes("syncif em0 -syncpeer maxupd 0 -defer version 1400", 14).unwrap(),
        vec![
            IfaceChange::Pfsync(PfsyncChange::Syncdev(Some("em0".into()))),
            IfaceChange::Pfsync(PfsyncChange::Syncpeer(None)),
            IfaceChange::Pfsync(PfsyncChange::Maxupd(0)),
            IfaceChange::Pfsync(PfsyncChange::Defer(false)),
            IfaceChange::Pfsync(PfsyncChange::Version(1400)),
        ]
    );
    assert_eq!(changes("maxupd -1", 14).unwrap_err(), "maxupd -1: out of range");
    assert_eq!(changes("maxupd 256", 13).unwrap_err(), "maxupd 256: out of range");
    assert_eq!(changes("version 1400", 13).unwrap_err(), "version: bad value");
}
