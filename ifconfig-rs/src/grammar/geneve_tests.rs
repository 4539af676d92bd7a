//! Parse tests of ifgeneve.c's words: arity, values, messages, releases,
//! `genevemode` only with `create`.

use super::super::{parse, parse_create, Context};
use libcarpctl::{GeneveChange as G, GeneveConfig, IfFlags, IfaceChange, Release};

fn ctx(major: u8) -> Context {
    Context { release: Release { major, minor: 0 }, flags: IfFlags::BROADCAST }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn changes(s: &str) -> Result<Vec<IfaceChange>, String> {
    let p = parse("geneve0", &words(s), ctx(16)).map_err(|e| e.to_string())?;
    Ok(p.changes.into_iter().map(|c| c.change).collect())
}

fn g(list: Vec<G>) -> Vec<IfaceChange> {
    list.into_iter().map(IfaceChange::Geneve).collect()
}

#[test]
fn words_in_order_with_their_values() {
    let line = "geneveid 0x2a genevelocal 2001:db8::1 geneveremote 2001:db8::2 genevelocalport 7000 \
                geneveremoteport 7001 geneveportrange 20000 30000 genevetimeout 600 genevemaxaddr 100 \
                genevedev igb0 genevettl 256 genevettl inherit genevedf inherit genevedscpinherit \
                -genevelearn geneveflush geneveflushall geneveexternal -geneveexternal";
    assert_eq!(
        changes(line).unwrap(),
        g(vec![
            G::Vni(42),
            G::Local("2001:db8::1".parse().unwrap()),
            G::Remote("2001:db8::2".parse().unwrap()),
            G::LocalPort(7000),
            G::RemotePort(7001),
            G::PortRange(20000, 30000),
            G::Timeout(600),
            G::MaxAddr(100),
            G::Dev("igb0".into()),
            G::Ttl(0),
            G::TtlInherit,
            G::Df(2),
            G::DscpInherit(true),
            G::Learn(false),
            G::Flush(true),
            G::Flush(false),
            G::External(true),
            G::External(false),
        ])
    );
    // genevegroup sets the remote address too.
    assert_eq!(changes("genevegroup 239.0.0.1").unwrap(), g(vec![G::Remote("239.0.0.1".parse().unwrap())]));
    // The ifgeneve.c mask tests nothing: 2^32 is cut to 0.
    assert_eq!(changes("genevetimeout 4294967296").unwrap(), g(vec![G::Timeout(0)]));
    assert_eq!(
        changes("genevehwcsum -genevehwtso").unwrap(),
        vec![
            IfaceChange::CapabilityNv(vec![("GENEVE_HWCSUM".into(), true)]),
            IfaceChange::CapabilityNv(vec![("GENEVE_HWTSO".into(), false)]),
        ]
    );
}

#[test]
fn bad_values_get_ifgeneve_messages() {
    let no_name = "hostname nor servname provided, or not known";
    let cases = [
        ("geneveid 16777216", "invalid network identifier: 16777216".to_string()),
        ("geneveid x", "invalid network identifier: x".into()),
        ("genevelocal nowhere", format!("error in parsing local address string: {no_name}")),
        ("genevelocal 239.1.1.1", "local address cannot be multicast".into()),
        ("geneveremote ff02::1", "remote address cannot be multicast".into()),
        ("geneveremote x", format!("error in parsing remote address string: {no_name}")),
        // genevegroup's parse error says "local", as ifgeneve.c's does.
        ("genevegroup x", format!("error in parsing local address string: {no_name}")),
        ("genevegroup 192.0.2.1", "group address must be multicast".into()),
        ("genevelocalport 65535", "invalid local port: 65535".into()),
        ("geneveremoteport -", "invalid remote port: -".into()),
        ("geneveportrange 9 65535", "invalid port range maximum: 65535".into()),
        ("geneveportrange a 9", "invalid port range minimum: a".into()),
        ("geneveportrange 9 8", "invalid port range".into()),
        ("genevetimeout t", "invalid timeout value: t".into()),
        ("genevemaxaddr m", "invalid maxaddr value: m".into()),
        ("genevettl 257", "invalid TTL value: 257".into()),
        ("genevedf maybe", "invalid df value: maybe".into()),
        ("geneveid", "'geneveid' requires argument".into()),
        ("geneveportrange 1", "'geneveportrange' requires 2 arguments".into()),
    ];
    for (line, want) in cases {
        assert_eq!(changes(line).unwrap_err(), want, "{line}");
    }
}

#[test]
fn only_16_has_the_words() {
    for major in [10, 14, 15] {
        let p = parse("geneve0", &words("geneveid 5"), ctx(major)).map_err(|e| e.to_string());
        assert_eq!(p.unwrap_err(), "geneveid: bad value", "{major}");
    }
}

#[test]
fn genevemode_only_with_create() {
    let line = words("genevemode l3 geneveid 5");
    let (req, rest) = parse_create("geneve0", &line, ctx(16)).unwrap();
    assert_eq!((req.geneve_proto, rest.len()), (Some(GeneveConfig::PROTO_INHERIT), 2));
    let (req, _) = parse_create("geneve1", &words("genevemode l2"), ctx(16)).unwrap();
    assert_eq!(req.geneve_proto, Some(GeneveConfig::PROTO_ETHER));
    let e = parse_create("geneve0", &words("genevemode l4"), ctx(16)).unwrap_err();
    assert_eq!(e.to_string(), "invalid inner protocol: l4");
    // Another cloner's create does not take it; nor does a line without create.
    let line = words("genevemode l3");
    let (req, rest) = parse_create("vxlan0", &line, ctx(16)).unwrap();
    assert_eq!((req.geneve_proto, rest.len()), (None, 2));
    assert_eq!(changes("genevemode l3").unwrap_err(), "genevemode: bad value");
}
