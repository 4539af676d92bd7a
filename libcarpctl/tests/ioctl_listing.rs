//! The listing's per-interface lines over the ioctl backend and the model
//! kernel: `options` (SIOCGIFCAP), `nd6 options` (SIOCGIFINFO_IN6),
//! `media` and `status` (SIOCGIFXMEDIA, falling back to SIOCGIFMEDIA),
//! as [`IoctlBackend::list_interfaces`] and [`IoctlBackend::enrich`] (the
//! FreeBSD 14+ netlink listing's completion) read them.

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{Host, ModelIoctl};
use libcarpctl::sys::abi::ifname;
use libcarpctl::sys::media::{ifmediareq, IFM_ACTIVE, IFM_AVALID, IFM_ETHER, SIOCGIFMEDIA, SIOCGIFXMEDIA};
use libcarpctl::sys::request::SIOCGIFINFO_IN6;
use libcarpctl::sys::{IfAddrEntry, IoctlRequest, IoctlSys};
use libcarpctl::{Backend, Capabilities, Errno, IfFlags, IfType, Interface, Nd6Flags, Release};

const ETHER_UP: IfFlags = IfFlags::UP
    .union(IfFlags::BROADCAST)
    .union(IfFlags::RUNNING)
    .union(IfFlags::SIMPLEX)
    .union(IfFlags::MULTICAST);

fn ether(name: &str, index: u32, media: Option<&str>, status: Option<&str>) -> Interface {
    Interface {
        name: name.into(),
        index,
        kind: IfType::Ethernet,
        flags: ETHER_UP,
        mtu: 1500,
        options: Some(Capabilities::from_bits_retain(0x8050b)),
        ether: Some([0x00, 0x25, 0x90, 0x03, 0x0e, index as u8]),
        nd6: Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL),
        media: media.map(Into::into),
        status: status.map(Into::into),
        ..Default::default()
    }
}

/// Ethernet interfaces with each media form, a vlan, a bridge and lo0.
fn host() -> Host {
    let mut host = Host::example_10_0();
    host.interfaces.extend([
        ether("em0", 2, Some("Ethernet 100baseTX <full-duplex>"), Some("active")),
        ether("em1", 3, Some("Ethernet autoselect (none)"), Some("no carrier")),
        ether(
            "ix0",
            4,
            Some("Ethernet autoselect (10Gbase-SR <full-duplex,rxpause,txpause>)"),
            Some("active"),
        ),
        ether("ice0", 5, Some("Ethernet autoselect (25GBase-SR <full-duplex>)"), Some("active")),
        Interface {
            kind: IfType::L2Vlan,
            options: Some(Capabilities::from_bits_retain(0x3)),
            ..ether("vlan10", 6, Some("Ethernet autoselect (1000baseT <full-duplex>)"), Some("active"))
        },
        Interface {
            kind: IfType::Bridge,
            options: None,
            nd6: Some(Nd6Flags::PERFORMNUD),
            ..ether("bridge0", 7, None, None)
        },
        Interface {
            name: "lo0".into(),
            index: 8,
            kind: IfType::Loopback,
            flags: IfFlags::UP | IfFlags::LOOPBACK | IfFlags::RUNNING | IfFlags::MULTICAST,
            mtu: 16384,
            options: Some(Capabilities::from_bits_retain(0x680003)),
            nd6: Some(Nd6Flags::PERFORMNUD | Nd6Flags::AUTO_LINKLOCAL),
            ..Default::default()
        },
    ]);
    host
}

fn backend(host: Host) -> IoctlBackend<ModelIoctl> {
    let release = host.release;
    IoctlBackend::new(ModelIoctl::new(host), release)
}

type Lines = (String, Option<u32>, Option<u32>, Option<String>, Option<String>);

fn lines(i: &Interface) -> Lines {
    (
        i.name.clone(),
        i.options.map(|o| o.bits()),
        i.nd6.map(|n| n.bits()),
        i.media.clone(),
        i.status_text().map(String::from),
    )
}

#[test]
fn listing_shows_the_hosts_options_nd6_media_and_status() {
    let host = host();
    // SIOCGIFCAP answers for every interface: no capability is 0, which
    // 14+'s ifconfig prints (`options=0`), so it is kept, not dropped.
    let want: Vec<Lines> =
        host.interfaces.iter().map(lines).map(|l| (l.0, l.1.or(Some(0)), l.2, l.3, l.4)).collect();
    let mut b = backend(host);
    let got: Vec<Lines> = b.list_interfaces().unwrap().iter().map(lines).collect();
    assert_eq!(got, want);
    // The seed's igb0 in full, as FreeBSD 10 printed it.
    assert_eq!(
        got[0],
        (
            "igb0".into(),
            Some(0x401bb),
            Some(0x21),
            Some("Ethernet autoselect (1000baseT <full-duplex>)".into()),
            Some("active".into())
        )
    );
}

#[test]
fn one_nd6_and_one_media_request_per_interface() {
    let mut b = backend(host());
    b.list_interfaces().unwrap();
    let count =
        |name: &str, req: u64| b.sys().calls.iter().filter(|c| c.ifname == name && c.request == req).count();
    // ifmedia.c's media_status: the words and count, then the list.
    for name in ["igb0", "em0", "ix0", "vlan10"] {
        assert_eq!(
            (count(name, SIOCGIFINFO_IN6), count(name, SIOCGIFXMEDIA), count(name, SIOCGIFMEDIA)),
            (1, 2, 0)
        );
    }
    // No media: the extended request fails, the plain one is tried, and
    // there is no media or status line.
    for name in ["bridge0", "lo0"] {
        assert_eq!((count(name, SIOCGIFXMEDIA), count(name, SIOCGIFMEDIA)), (1, 1), "{name}");
    }
}

/// The model kernel without SIOCGIFXMEDIA (a driver that predates it).
struct NoXMedia(ModelIoctl);

impl IoctlSys for NoXMedia {
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> Result<(), Errno> {
        match req {
            IoctlRequest::GetXMedia(_) => Err(Errno::EINVAL),
            other => self.0.ioctl(other),
        }
    }
    fn getifaddrs(&mut self) -> libcarpctl::Result<Vec<IfAddrEntry>> {
        self.0.getifaddrs()
    }
}

#[test]
fn plain_siocgifmedia_shows_extended_subtypes_as_other() {
    let mut b = IoctlBackend::new(NoXMedia(ModelIoctl::new(host())), Release::V10_0);
    let list = b.list_interfaces().unwrap();
    let media = |n: &str| list.iter().find(|i| i.name == n).and_then(|i| i.media.clone());
    // 10Gbase-SR fits the old five subtype bits; 25GBase-SR does not.
    assert_eq!(
        media("ix0").as_deref(),
        Some("Ethernet autoselect (10Gbase-SR <full-duplex,rxpause,txpause>)")
    );
    assert_eq!(media("ice0").as_deref(), Some("Ethernet autoselect (Other <full-duplex>)"));
    assert_eq!(media("em1").as_deref(), Some("Ethernet autoselect (none)"));
}

#[test]
fn enrich_completes_a_bare_interface_like_the_netlink_listing() {
    let mut b = backend(host());
    let mut em1 = Interface { name: "em1".into(), status: Some("stale".into()), ..Default::default() };
    b.enrich(&mut em1);
    assert_eq!(
        lines(&em1),
        (
            "em1".into(),
            Some(0x8050b),
            Some(0x21),
            Some("Ethernet autoselect (none)".into()),
            Some("no carrier".into())
        )
    );
    // Without media the status goes too (ifconfig prints neither line);
    // an unknown interface gets nothing, without an error.
    let mut br = Interface { name: "bridge0".into(), status: Some("active".into()), ..Default::default() };
    b.enrich(&mut br);
    assert_eq!((br.media, br.status, br.nd6.map(|n| n.bits())), (None, None, Some(0x1)));
    let mut gone = Interface { name: "nosuch0".into(), ..Default::default() };
    b.enrich(&mut gone);
    assert_eq!(lines(&gone), ("nosuch0".into(), None, None, None, None));
}

#[test]
fn media_text_the_model_cannot_encode_shows_no_media() {
    let mut host = host();
    host.interfaces[1].media = Some("Ethernet 100baseTX mode 11g".into());
    let mut b = backend(host);
    let em0 = b.interface("em0").unwrap();
    assert_eq!((em0.media, em0.status), (None, None));
}

#[test]
fn the_model_answers_siocgifmedia_as_ifmedia_ioctl_does() {
    let mut sys = ModelIoctl::new(host());
    let req = |name: &str| ifmediareq { ifm_name: ifname(name).unwrap(), ..Default::default() };

    let mut r = req("igb0");
    sys.ioctl(IoctlRequest::GetXMedia(&mut r)).unwrap();
    assert_eq!(r.ifm_current as u32, IFM_ETHER);
    assert_eq!(r.ifm_active as u32, IFM_ETHER | 16 | 0x0010_0000, "1000baseT, full-duplex");
    assert_eq!(r.ifm_status as u32, IFM_AVALID | IFM_ACTIVE);
    assert!(r.ifm_count > 0, "supported media are counted");

    let mut r = req("em1");
    sys.ioctl(IoctlRequest::GetMedia(&mut r)).unwrap();
    assert_eq!(r.ifm_status as u32, IFM_AVALID, "valid, no carrier");

    let mut r = req("igb0");
    r.ifm_count = -1;
    assert_eq!(sys.ioctl(IoctlRequest::GetXMedia(&mut r)), Err(Errno::EINVAL));
    let mut r = req("igb0");
    r.ifm_count = 4;
    assert_eq!(sys.ioctl(IoctlRequest::GetXMedia(&mut r)), Err(Errno::EFAULT), "no list to copy out to");
    assert_eq!(sys.ioctl(IoctlRequest::GetXMedia(&mut req("bridge0"))), Err(Errno::EINVAL));
    assert_eq!(sys.ioctl(IoctlRequest::GetMedia(&mut req("lo0"))), Err(Errno::EINVAL));
    assert_eq!(sys.ioctl(IoctlRequest::GetMedia(&mut req("nosuch0"))), Err(Errno::ENXIO));

    // With room for the list: igb's seven words, newest first (ifmedia_add
    // inserts at the head); too little room is E2BIG.
    let mut list = [0i32; 8];
    let mut r = req("igb0");
    sys.ioctl(IoctlRequest::GetMediaList { req: &mut r, list: &mut list, extended: true }).unwrap();
    assert_eq!(r.ifm_count, 7);
    let fdx = 0x0010_0000;
    let want = [0, 16, 16 | fdx, 6 | fdx, 6, 3 | fdx, 3].map(|w| (IFM_ETHER | w) as i32);
    assert_eq!(list[..7], want);
    let mut short = [0i32; 6];
    let r = &mut req("igb0");
    assert_eq!(
        sys.ioctl(IoctlRequest::GetMediaList { req: r, list: &mut short, extended: true }),
        Err(Errno::E2BIG)
    );
}
