//! geneve(4) through FreeBSD 16's backends with the kernel model behind
//! the raw requests: the create and every word as ifgeneve.c's RTM_NEWLINK
//! (IFLA_LINKINFO { "geneve", IFLA_INFO_DATA { IFLA_GENEVE_* } }), the
//! refusals with if_geneve.c's text and errno, and the listing read back
//! from the dump's IFLA_INFO_DATA: every result and every line byte for
//! byte the virtual host's.

use libcarpctl::backend::netlink::NetlinkBackend;
use libcarpctl::model::{ModelBackend, NetlinkPeer, SharedKernel};
use libcarpctl::sys::netlink::{NLM_F_CREATE, RTM_NEWLINK};
use libcarpctl::{Backend, Release};

use super::{printed_as, start};
use crate::render::View;

/// `(interface, words)`: creates, every word, refusals, a line undone.
const LINES: [(&str, &str); 14] = [
    ("geneve0", "create"),
    ("geneve1", "create genevemode l3"),
    ("geneve0", "geneveid 42 genevelocal 192.0.2.1 genevelocalport 7000 geneveremote 198.51.100.7"),
    ("geneve0", "geneveremoteport 7001 geneveportrange 20000 30000 genevetimeout 600 genevemaxaddr 100"),
    ("geneve0", "genevettl 9 genevedf set genevedscpinherit -genevelearn geneveflush geneveflushall"),
    ("geneve0", "genevemaxaddr 2001"),
    ("geneve0", "genevetimeout 86401"),
    ("geneve0", "genevettl inherit genevelocalport 0"),
    ("geneve1", "geneveid 7 genevegroup ff0e::6081 genevedev igb0 genevelocal 2001:db8::1"),
    ("geneve1", "geneveexternal"),
    ("geneve1", "geneveportrange 1 2"),
    ("igb0", "geneveid 9"),
    ("geneve0", "up"),
    ("geneve0", "geneveid 43"),
];

/// One line's outcome: `Ok` or the message and exit status ifconfig gives.
fn line(b: &mut dyn Backend, ifname: &str, words: &str) -> Result<(), (String, u8)> {
    let words: Vec<String> = words.split_whitespace().map(String::from).collect();
    let fail = |e: crate::error::CliError| (e.to_string(), e.exit_code());
    if words.first().is_some_and(|w| w == "create") {
        let ctx = crate::grammar::Context { release: b.release(), flags: Default::default() };
        let (req, _) = crate::grammar::parse_create(ifname, &words[1..], ctx).map_err(fail)?;
        return b.create_interface(&req).map(|_| ()).map_err(|e| fail(e.into()));
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    crate::configure_existing(b, ifname, &words, &mut out, &mut err).map_err(|f| fail(f.into_error()))
}

fn same_output(b: &mut dyn Backend) -> Vec<Result<(), (String, u8)>> {
    let release = Release { major: 16, minor: 0 };
    let mut model = ModelBackend::new(start(release));
    let mut results = Vec::new();
    for (ifname, words) in LINES {
        let want = line(&mut model, ifname, words);
        assert_eq!(line(b, ifname, words), want, "{ifname} {words}");
        results.push(want);
    }
    let verbose = View { verbose: 1, ..View::default() };
    let want = printed_as(&mut model, &verbose);
    assert_eq!(printed_as(b, &verbose), want);
    for needed in [
        "\tgeneve mode: l2\n\tgeneve config:\n\t\tvirtual network identifier (vni): 42\n\
         \t\tlocal: 192.0.2.1:7000\n\t\tremote: 198.51.100.7:7000\n\
         \t\tportrange: 20000-30000, ttl: 9, dscp: inherit, df: set\n\
         \t\tftable mode: nolearning, count: 0, max: 100, timeout: 600, nospace: 0\n",
        "\tgeneve mode: l3\n\tgeneve config:\n\t\tvirtual network identifier (vni): 7\n\
         \t\tlocal: [2001:db8::1]:6081\n\t\tgroup: [ff0e::6081]:6081, dev: igb0\n\
         \t\tportrange: 10000-65535, ttl: 64, df: unset, externally controlled\n",
    ] {
        assert!(want.contains(needed), "no {needed:?} in\n{want}");
    }
    results
}

#[test]
fn the_16_backends_send_ifgeneve_c_s_requests() {
    let release = Release { major: 16, minor: 0 };
    let mut hybrid = SharedKernel::hybrid(start(release));
    let results = same_output(&mut hybrid);
    let refused = |n: usize| results[n].clone().unwrap_err();
    let range = "maximum number of entries in the table can not be more than 2000";
    assert_eq!(refused(5), (range.into(), 22));
    assert_eq!(refused(7), ("local port is invalid: 0".into(), 22));
    assert_eq!(refused(10), ("geneve interface is busy.".into(), 16));
    assert_eq!(refused(13), ("geneve interface is busy.".into(), 16));
    assert!(results[11].is_ok(), "another driver ignores the attributes");
    // The hybrid's ioctl side made none of these (only `up` and reads).
    let host = hybrid.nl.transport().host();
    assert_eq!(host.iface("geneve0").unwrap().settings.geneve.as_ref().unwrap().vni, Some(42));
    // The netlink-only backend: the same, request for request.
    let mut nl: NetlinkBackend<NetlinkPeer, _> = NetlinkPeer::backend(start(release));
    let creates = |nl: &NetlinkBackend<NetlinkPeer, _>| {
        nl.transport().log.iter().filter(|r| r.kind == RTM_NEWLINK && r.flags & NLM_F_CREATE != 0).count()
    };
    line(&mut nl, "geneve0", "create genevemode l3").unwrap();
    line(&mut nl, "geneve0", "geneveid 5 genevettl 7").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(creates(&nl), 1);
    let c = nl.transport().host.iface("geneve0").unwrap().settings.geneve.clone().unwrap();
    assert_eq!((c.proto, c.vni, c.ttl), (0, Some(5), 7));
    assert_eq!(line(&mut nl, "geneve0", "create"), Err(("(null)".into(), 17)));
}

/// Before 16 no kernel has the cloner: the create is SIOCIFCREATE2's
/// refusal, through the same backend.
#[test]
fn fifteen_has_no_geneve_cloner() {
    let release = Release::V15_0;
    let mut hybrid = SharedKernel::hybrid(start(release));
    let mut model = ModelBackend::new(start(release));
    let want = line(&mut model, "geneve0", "create");
    assert_eq!(want, Err(("SIOCIFCREATE2 (geneve0): Invalid argument".into(), 1)));
    assert_eq!(line(&mut hybrid, "geneve0", "create"), want);
}
