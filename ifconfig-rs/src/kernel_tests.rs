//! ifconfig lines from FreeBSD's own scripts and the acceptance
//! list, run through the real FreeBSD backends with the kernel model
//! behind them (the ioctl backend for 10-15, the 14+ netlink-and-ioctl
//! backend for 14-16), then listed and printed: the output must be what the
//! virtual host itself prints for the same lines, so every `description:`,
//! `groups:`, `vlan:`, bridge and `member:` line comes back through
//! FreeBSD's requests (SIOCGIFDESCR, SIOCGIFGROUP, SIOCGETVLAN, BRDGPARAM,
//! BRDGGIFS, SIOCGLAGG, SIOCGLAGGFLAGS, SIOCGLAGGOPTS, SIOCGIFPSRCADDR,
//! GIFGOPTS, GREGKEY, VXLAN_CMD_GET_CONFIG, SIOCGETPFSYNC(NV)...).

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{Host, ModelBackend, ModelIoctl, SharedKernel};
use libcarpctl::{Backend, Release};

use crate::render::dialect::Dialect;
use crate::render::View;

/// `(interface, words)`; `create` lines name what they create.
const LINES: [(&str, &str); 25] = [
    ("bridge0", "create"),
    ("epair", "create"),
    ("vlan111", "create vlan 111 vlandev igb0"),
    ("igb0", "description LAN group lan"),
    ("bridge0", "addm epair0a stp epair0a priority 4096 maxaddr 500 up"),
    ("epair0a", "inet6 -ifdisabled no_dad"),
    ("epair0a", "up promisc"),
    ("epair0b", "name if_br0"),
    ("vlan111", "vlanpcp 3"),
    ("igb0", "-rxcsum fib 0"),
    ("igb0", "inet6 2001:db8::1 prefixlen 64 anycast"),
    ("igb0", "inet6 2001:db8::2/64 pltime 3600 vltime 7200 deprecated"),
    ("igb0", "inet6 2001:db8::1 prefixlen 64 prefer_source"),
    ("lagg0", "create"),
    ("lagg0", "laggproto loadbalance laggport if_br0 lagghash l3,l4 use_flowid flowid_shift 8"),
    ("gif0", "create"),
    ("gif0", "tunnel 192.0.2.1 198.51.100.1 ignore_source"),
    ("gre0", "create"),
    ("gre0", "tunnel 2001:db8::1 2001:db8::2 grekey 42 enable_csum"),
    ("igb0", "media 100baseTX mediaopt fdx"),
    ("vxlan0", "create"),
    ("vxlan0", "vxlanid 42 vxlanlocal 192.0.2.10 vxlanremote 198.51.100.10 vxlanttl 9"),
    ("pfsync0", "create"),
    ("pfsync0", "syncdev igb0 syncpeer 192.0.2.9 maxupd 64 defer"),
    ("pfsync0", "-syncpeer -defer maxupd 32"),
];

/// Run one line as `main` does (create first, then the rest).
pub(crate) fn line(b: &mut dyn Backend, ifname: &str, words: &str) -> Result<(), String> {
    let words: Vec<String> = words.split_whitespace().map(String::from).collect();
    let (mut ifname, mut rest) = (ifname.to_string(), &words[..]);
    if rest.first().is_some_and(|w| w == "create") {
        let ctx = crate::grammar::Context { release: b.release(), flags: Default::default() };
        let (req, after) =
            crate::grammar::parse_create(&ifname, &rest[1..], ctx).map_err(|e| e.to_string())?;
        ifname = b.create_interface(&req).map_err(|e| e.freebsd_message())?;
        rest = after;
        if rest.is_empty() {
            return Ok(());
        }
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    super::configure_existing(b, &ifname, rest, &mut out, &mut err).map_err(|f| f.into_error().to_string())
}

/// The listing as printed, without LOWER_UP: the model derives it from the
/// media status, the netlink peer from the link state, getifaddrs has none
/// (a difference of the listing paths, not of these keywords).
pub(crate) fn printed(b: &mut dyn Backend) -> String {
    printed_as(b, &View::default())
}

fn printed_as(b: &mut dyn Backend, view: &View) -> String {
    let mut list = b.list_interfaces().unwrap();
    list.iter_mut().for_each(|i| i.flags.remove(libcarpctl::IfFlags::LOWER_UP));
    let refs: Vec<_> = list.iter().collect();
    crate::show::blocks(&refs, Dialect::new(b.release()), view)
}

fn same_output(b: &mut dyn Backend, release: Release) {
    let mut host = Host::example_10_0();
    host.release = release;
    let mut model = ModelBackend::new(host);
    for (ifname, words) in LINES {
        let want = line(&mut model, ifname, words);
        assert_eq!(line(b, ifname, words), want, "{release}: {ifname} {words}");
        assert!(want.is_ok(), "{release}: {ifname} {words}: {want:?}");
    }
    // A media word the driver does not list: the same refusal, nothing
    // changed (ifmedia_ioctl behind SIOCSIFMEDIA).
    for words in ["mediaopt flowcontrol", "inst 2", "mode 11g", "-mediaopt fdx media 10Gbase-T"] {
        let want = line(&mut model, "igb0", words);
        assert_eq!(want, Err("SIOCSIFMEDIA (media): Device not configured".into()), "{release}: {words}");
        assert_eq!(line(b, "igb0", words), want, "{release}: {words}");
    }
    let want = printed(&mut model);
    let got = printed(b);
    assert_eq!(got, want, "{release}");
    // -m: the supported media, read with the list (SIOCGIFXMEDIA's
    // ifm_ulist, or SIOCGIFMEDIA's on 10).
    let m = View { capabilities: true, ..View::default() };
    let got_m = printed_as(b, &m);
    assert_eq!(got_m, printed_as(&mut model, &m), "{release} -m");
    for needed in [
        "	supported media:\n\t\tmedia autoselect\n\t\tmedia 1000baseT\n",
        "\t\tmedia 100baseTX mediaopt full-duplex\n\t\tmedia 100baseTX\n",
        "\t\tmedia 10baseT/UTP\n",
        "\tsupported media:\n\t\tmedia 10Gbase-T\n",
    ] {
        assert!(got_m.contains(needed), "{release}: no {needed:?} in\n{got_m}");
    }
    for needed in [
        "2001:db8::2 prefixlen 64 deprecated",
        "2001:db8::1 prefixlen 64 prefer_source",
        "\tdescription: LAN\n",
        "\tgroups: lan\n",
        "\tmember: epair0a flags=",
        "if_br0: flags=",
        "\tlaggproto loadbalance lagghash l3,l4\n",
        "\tlaggport: if_br0 flags=",
        "\ttunnel inet 192.0.2.1 --> 198.51.100.1\n",
        "\ttunnel inet6 2001:db8::1 --> 2001:db8::2\n",
        "\tmedia: Ethernet 100baseTX <full-duplex>\n",
        "\tvxlan vni 42 local 192.0.2.10:4789 remote 198.51.100.10:4789\n",
        "syncdev: igb0 ",
        "maxupd: 32 defer: off",
    ] {
        assert!(got.contains(needed), "{release}: no {needed:?} in\n{got}");
    }
    assert!(got.contains("\tvlan: 111 ") && got.contains("parent interface: igb0"), "{release}\n{got}");
    // -v: the lagg options block reads SIOCGLAGGOPTS (11 on). Only the
    // lagg's block: `drivername:` of a renamed interface is not read
    // through the kernel backends yet (a listing difference, not lagg's).
    let verbose = View { verbose: 1, ..View::default() };
    let block = |all: String| {
        let from = all.split_once("\nlagg0: ").map_or("", |(_, b)| b);
        // Up to the next interface's first line (one not indented).
        let next = from.match_indices('\n').map(|(i, _)| i).find(|&i| !from[i + 1..].starts_with('\t'));
        from[..next.unwrap_or(from.len())].to_string()
    };
    let got = block(printed_as(b, &verbose));
    assert_eq!(got, block(printed_as(&mut model, &verbose)), "{release} -v");
    assert!(got.contains("\tlaggport: if_br0 "), "{release}\n{got}");
    if release.major >= 11 {
        assert!(got.contains("\t\tflowid_shift: 8\n"), "{release}\n{got}");
    }
}

fn start(release: Release) -> Host {
    let mut h = Host::example_10_0();
    h.release = release;
    h
}

#[test]
fn the_ioctl_backend_prints_what_the_virtual_host_prints() {
    for (major, minor) in [(10, 0), (11, 4), (12, 2), (13, 2), (14, 0), (15, 0)] {
        let release = Release { major, minor };
        let mut b = IoctlBackend::new(ModelIoctl::new(start(release)), release);
        same_output(&mut b, release);
    }
}

#[test]
fn the_netlink_backend_prints_what_the_virtual_host_prints() {
    for (major, minor) in [(14, 1), (15, 0), (16, 0)] {
        let release = Release { major, minor };
        let mut b = SharedKernel::hybrid(start(release));
        same_output(&mut b, release);
    }
}

/// Point-to-point destinations through the kernel requests: ioctl's
/// `ifra_dstaddr` (inet's shared with `ifra_broadaddr`) and in6_aliasreq's
/// `ifra_dstaddr`, netlink's IFA_ADDRESS beside IFA_LOCAL, listed back from
/// getifaddrs' `ifa_dstaddr` or the dump's IFA_ADDRESS; the refusals are
/// the model's (a missing peer, a peer with a prefix length not 128).
const P2P_LINES: [(&str, &str, bool); 8] = [
    ("gif0", "create", true),
    ("gif0", "inet 192.0.2.1 192.0.2.2 netmask 255.255.255.255", true),
    ("gif0", "inet6 2001:db8::1 2001:db8::2 prefixlen 128", true),
    ("gif0", "inet6 2001:db8::3 2001:db8::4", false),
    ("gif0", "inet 198.51.100.1/24 alias", false),
    ("tun0", "create", true),
    ("tun0", "inet 203.0.113.1 203.0.113.2", true),
    ("igb0", "inet 198.51.100.1/24 198.51.100.7 alias", true),
];

fn same_p2p_output(b: &mut dyn Backend, release: Release) {
    let mut model = ModelBackend::new(start(release));
    for (ifname, words, ok) in P2P_LINES {
        let want = line(&mut model, ifname, words);
        let got = line(b, ifname, words);
        assert_eq!(want.is_ok(), ok, "{release}: {ifname} {words}: {want:?}");
        // A missing peer: ioctl's EDESTADDRREQ; the virtual host of 14+
        // answers as netlink does (EINVAL).
        if ok || release.major < 14 || !words.contains("alias") {
            assert_eq!(got, want, "{release}: {ifname} {words}");
        } else {
            assert!(got.is_err(), "{release}: {ifname} {words}");
        }
    }
    let got = printed(b);
    assert_eq!(got, printed(&mut model), "{release}");
    for needed in [
        "\tinet 192.0.2.1 --> 192.0.2.2 netmask 0xffffffff\n",
        "\tinet6 2001:db8::1 --> 2001:db8::2 prefixlen 128\n",
        "\tinet 203.0.113.1 --> 203.0.113.2 netmask 0xffffff00\n",
    ] {
        assert!(got.contains(needed), "{release}: no {needed:?} in\n{got}");
    }
    // Before 14 the second address on a broadcast interface is its broadcast.
    let bcast = if release.major < 14 { "198.51.100.7" } else { "198.51.100.255" };
    assert!(
        got.contains(&format!("inet 198.51.100.1 netmask 0xffffff00 broadcast {bcast}\n")),
        "{release}\n{got}"
    );
}

#[test]
fn point_to_point_destinations_through_the_kernel_requests() {
    for (major, minor) in [(10, 0), (11, 4), (13, 2), (14, 0), (15, 0)] {
        let release = Release { major, minor };
        same_p2p_output(&mut IoctlBackend::new(ModelIoctl::new(start(release)), release), release);
    }
    for (major, minor) in [(14, 1), (15, 0), (16, 0)] {
        let release = Release { major, minor };
        same_p2p_output(&mut SharedKernel::hybrid(start(release)), release);
    }
}

/// `lines` (interface, words, whether they succeed) on the ioctl backend of
/// each `ioctl` release and the 14.1/15.0 hybrid, each checked against the
/// virtual host line by line; what each prints, equal to the host's.
fn through_the_kernels(ioctl: &[(u8, u8)], lines: &[(&str, &str, bool)]) -> Vec<(Release, String)> {
    let mut backends: Vec<(Release, Box<dyn Backend>)> = Vec::new();
    for &(major, minor) in ioctl {
        let release = Release { major, minor };
        backends.push((release, Box::new(IoctlBackend::new(ModelIoctl::new(start(release)), release))));
    }
    for (major, minor) in [(14, 1), (15, 0)] {
        let release = Release { major, minor };
        backends.push((release, Box::new(SharedKernel::hybrid(start(release)))));
    }
    let mut out = Vec::new();
    for (release, mut b) in backends {
        let mut model = ModelBackend::new(start(release));
        for &(ifname, words, ok) in lines {
            let want = line(&mut model, ifname, words);
            assert_eq!(line(b.as_mut(), ifname, words), want, "{release}: {ifname} {words}");
            assert_eq!(want.is_ok(), ok, "{release}: {ifname} {words}: {want:?}");
        }
        let got = printed(b.as_mut());
        assert_eq!(got, printed(&mut model), "{release}");
        out.push((release, got));
    }
    out
}

/// `pcp` through SIOCSLANPCP (read back with SIOCGLANPCP): an Ethernet
/// interface's own value, a vlan's `vlanpcp`, EINVAL from gif.
#[test]
fn pcp_through_the_kernel_requests() {
    let lines: [(&str, &str, bool); 6] = [
        ("igb0", "pcp 5", true),
        ("vlan111", "create vlan 111 vlandev igb0", true),
        ("vlan111", "pcp 3", true),
        ("vlan111", "-pcp", false),
        ("gif0", "create", true),
        ("gif0", "pcp 1", false),
    ];
    for (release, got) in through_the_kernels(&[(12, 2), (13, 2), (14, 0), (15, 0)], &lines) {
        assert!(got.contains("\tether 00:25:90:03:0e:fa\n\tpcp 5\n"), "{release}\n{got}");
        assert!(got.contains("vlanpcp: 3 "), "{release}\n{got}");
    }
}

/// `defaultif` through SIOCSDEFIFACE_IN6 (the index from the AF_LINK
/// entry), `-defaultif` only after SIOCGDEFIFACE_IN6 names this interface,
/// and nd6_status's `DEFAULTIF` read back with SIOCGDEFIFACE_IN6.
#[test]
fn defaultif_through_the_kernel_requests() {
    let lines = [
        ("igb0", "defaultif", true),
        ("epair", "create", true),
        ("epair0a", "inet6 defaultif", true),
        ("igb0", "-defaultif", true),
    ];
    for (release, got) in through_the_kernels(&[(10, 0), (13, 2), (14, 0), (15, 0)], &lines) {
        assert_eq!(got.matches(",DEFAULTIF>").count(), 1, "{release}\n{got}");
        let epair = got.split("epair0a: ").nth(1).unwrap_or_default();
        assert!(
            epair.split("\nepair0b").next().unwrap_or_default().contains(",DEFAULTIF>"),
            "{release}\n{got}"
        );
    }
}

#[path = "kernel_bridge_tests.rs"]
mod bridge;
#[path = "kernel_capnv_tests.rs"]
mod capnv;

#[path = "kernel_geneve_tests.rs"]
mod geneve;

/// An lacp lagg's `-v` lines (`lag id:`, each port's `state=` and actor
/// and partner) come back through SIOCGLAGG's `ra_lacpreq` and
/// `rp_lacpreq` as the virtual host prints them.
#[test]
fn lacp_lines_through_the_kernel_backends() {
    let lines =
        [("lagg0", "create"), ("tap0", "create"), ("lagg0", "laggproto lacp laggport igb0 laggport tap0 up")];
    let verbose = View { verbose: 1, ..View::default() };
    for release in
        [Release { major: 13, minor: 2 }, Release { major: 14, minor: 1 }, Release { major: 15, minor: 0 }]
    {
        let mut model = ModelBackend::new(start(release));
        let mut kernels: Vec<Box<dyn Backend>> =
            vec![Box::new(IoctlBackend::new(ModelIoctl::new(start(release)), release))];
        if release.major >= 14 {
            kernels.push(Box::new(SharedKernel::hybrid(start(release))));
        }
        for (ifname, words) in lines {
            line(&mut model, ifname, words).unwrap();
        }
        let want = printed_as(&mut model, &verbose);
        assert!(
            want.contains("\tlag id: [(0000,")
                && want.contains(" state=45<ACTIVITY,AGGREGATION,DEFAULTED>\n")
        );
        for b in kernels.iter_mut() {
            for (ifname, words) in lines {
                line(b.as_mut(), ifname, words).unwrap();
            }
            let got = printed_as(b.as_mut(), &verbose);
            let lagg = |all: &str| {
                all.split_once("\nlagg0: ").map(|(_, b)| b.split("\ntap0: ").next().unwrap_or(b).to_string())
            };
            assert_eq!(lagg(&got), lagg(&want), "{release}");
        }
    }
}
