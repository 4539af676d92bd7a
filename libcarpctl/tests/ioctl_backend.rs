//! The ioctl backend end to end against the model kernel ([`ModelIoctl`]):
//! the seed session, every error, vhid discovery without the broken
//! listing, and the raw kernel behaviour behind it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::backend::merge_and_set;
use libcarpctl::model::{Host, ModelIoctl};
use libcarpctl::sys::abi::{carpreq, ifreq, in6_aliasreq, in_aliasreq, sockaddr_in, IFNAMSIZ};
use libcarpctl::sys::convert::mask_v4;
use libcarpctl::sys::request::SIOCGVH;
use libcarpctl::sys::{IoctlRequest, IoctlSys};
use libcarpctl::{
    AddressRequest, AddressSelector, Backend, CarpConfig, CarpState, CarpStatus, Errno, Error, Family,
    IfFlags, IfType, Key, Op, Release, Vhid,
};

#[path = "support/suite.rs"]
mod suite;

type B = IoctlBackend<ModelIoctl>;

fn backend(host: Host) -> B {
    let release = host.release;
    IoctlBackend::new(ModelIoctl::new(host), release)
}

/// The seed session's host (FreeBSD 10.0, igb0) plus a loopback lo0.
fn seed_host() -> Host {
    suite::fixture(Release::V10_0)
}

fn seed() -> B {
    backend(seed_host())
}

use suite::vh;

fn v4(s: &str) -> IpAddr {
    IpAddr::V4(s.parse::<Ipv4Addr>().unwrap())
}

fn v6(s: &str) -> IpAddr {
    IpAddr::V6(s.parse::<Ipv6Addr>().unwrap())
}

#[track_caller]
fn kernel<T: std::fmt::Debug>(r: libcarpctl::Result<T>, op: Op, errno: Errno) {
    match r {
        Err(Error::Kernel { op: o, errno: e, .. }) => assert_eq!((o, e), (op, errno)),
        other => panic!("expected {op}: {errno:?}, got {other:?}"),
    }
}

/// No SIOCGVH ever asked for the broken all-vhid listing.
#[track_caller]
fn assert_no_broken_listing(b: &B) {
    for c in &b.sys().calls {
        if let Some((vhid, count, _)) = c.carp.filter(|_| c.request == SIOCGVH) {
            assert!(!(vhid == 0 && count > 1), "SIOCGVH with vhid 0 and count {count}");
        }
    }
}

/// SIOCGVH calls made so far on igb0.
fn gvh_calls(b: &B) -> usize {
    b.sys().calls.iter().filter(|c| c.request == SIOCGVH && c.ifname == "igb0").count()
}

fn set(b: &mut B, vhid: u8, f: impl FnOnce(CarpConfig) -> CarpConfig) -> libcarpctl::Result<()> {
    merge_and_set(b, "igb0", &f(CarpConfig::new(vh(vhid))))
}

#[test]
fn seed_session_reaches_master() {
    let mut b = seed();
    let igb0 = b.interface("igb0").unwrap();
    assert_eq!(igb0.flags.bits(), 0x8843);
    assert_eq!((igb0.index, igb0.mtu, igb0.metric), (1, 1500, 0));
    assert_eq!(igb0.options.map(|o| o.bits()), Some(0x401bb));
    assert_eq!(igb0.ether, Some([0x00, 0x25, 0x90, 0x03, 0x0e, 0xfa]));
    assert_eq!(igb0.nd6.map(|n| n.bits()), Some(0x21));
    assert_eq!(igb0.status_text(), Some("active"));
    assert_eq!(igb0.media.as_deref(), Some("Ethernet autoselect (1000baseT <full-duplex>)"));
    assert!(igb0.carp.is_empty());
    let a = &igb0.addresses[0];
    assert_eq!(
        (a.addr, a.prefixlen, a.broadcast, a.vhid),
        (v4("10.0.0.118"), 27, Some(Ipv4Addr::new(10, 0, 0, 127)), None)
    );

    // % ifconfig igb0 inet6 2001:db8::3 vhid 112 pass qwerty
    set(&mut b, 112, |c| CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..c }).unwrap();
    // No alias: ifconfig first deletes "the first inet6 address", which the
    // kernel refuses (EADDRNOTAVAIL, ignored by ifconfig).
    kernel(
        b.delete_address("igb0", &AddressSelector::First(Family::Inet6)),
        Op::DelAddr6,
        Errno::EADDRNOTAVAIL,
    );
    b.add_address("igb0", &AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(vh(112))).unwrap();
    // % ifconfig igb0 10.0.0.112/27 alias vhid 112
    b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112))).unwrap();

    let igb0 = b.interface("igb0").unwrap();
    assert_eq!(igb0.flags.bits(), 0x8943, "PROMISC with the first vhid");
    let got: Vec<(IpAddr, u8, Option<Vhid>, Option<u32>)> =
        igb0.addresses.iter().map(|a| (a.addr, a.prefixlen, a.vhid, a.scopeid)).collect();
    assert_eq!(
        got,
        vec![
            (v6("fe80::225:90ff:fe03:efa"), 64, None, Some(1)),
            (v4("10.0.0.118"), 27, None, None),
            (v6("2001:db8::3"), 64, Some(vh(112)), None),
            (v4("10.0.0.112"), 27, Some(vh(112)), None),
        ]
    );
    assert_eq!(igb0.carp.len(), 1);
    let st = &igb0.carp[0];
    assert_eq!((st.vhid, st.state, st.advbase, st.advskew), (vh(112), CarpState::Backup, 1, 0));
    assert_eq!(st.key.reveal(), b"qwerty");
    assert_eq!((st.peer, st.peer6), (None, None), "the ioctl carries no peers");

    // % ifconfig igb0 vhid 112 state master
    set(&mut b, 112, |c| CarpConfig { state: Some(CarpState::Master), ..c }).unwrap();
    let st = b.carp_get("igb0", Some(vh(112))).unwrap();
    assert_eq!(st[0].state, CarpState::Master);
    assert_eq!(b.interface("igb0").unwrap().carp[0].state, CarpState::Master);
    assert_eq!(b.sys().host.iface("igb0").unwrap().carp[0].state, CarpState::Master, "the model agrees");
    assert_no_broken_listing(&b);
}

#[test]
fn errors_carry_op_and_errno() {
    let mut b = seed();
    kernel(b.carp_get("igb0", Some(vh(1))), Op::GetVhid, Errno::ENOENT);
    kernel(b.carp_get("igb0", None), Op::GetVhid, Errno::ENOENT);
    let joined = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112));
    kernel(b.add_address("igb0", &joined), Op::AddAddr, Errno::ENOPROTOOPT);
    set(&mut b, 1, |c| c).unwrap();
    kernel(b.add_address("igb0", &joined), Op::AddAddr, Errno::ENOENT);
    let joined6 = AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(vh(112));
    kernel(b.add_address("igb0", &joined6), Op::AddAddr6, Errno::ENOENT);
    kernel(set(&mut b, 1, |c| CarpConfig { advskew: Some(255), ..c }), Op::SetVhid, Errno::EINVAL);
    kernel(set(&mut b, 1, |c| CarpConfig { advbase: Some(256), ..c }), Op::SetVhid, Errno::EINVAL);
    kernel(
        b.delete_address("igb0", &AddressSelector::Exact(v4("192.0.2.1"))),
        Op::DelAddr,
        Errno::EADDRNOTAVAIL,
    );
    kernel(
        b.delete_address("igb0", &AddressSelector::Exact(v6("2001:db8::9"))),
        Op::DelAddr6,
        Errno::EADDRNOTAVAIL,
    );
    kernel(b.set_mtu("igb0", 10), Op::SetMtu, Errno::EINVAL);
    kernel(b.set_mtu("igb0", u32::MAX), Op::SetMtu, Errno::EINVAL);
    // A loopback cannot carry carp: the merge's GET already says so.
    kernel(merge_and_set(&mut b, "lo0", &CarpConfig::new(vh(1))), Op::GetVhid, Errno::EOPNOTSUPP);
    kernel(b.carp_set("lo0", &libcarpctl::CarpSet::zeroed(vh(1))), Op::SetVhid, Errno::EOPNOTSUPP);
    for name in ["nosuch0", "abcdefghijklmnop", ""] {
        match b.carp_set(name, &libcarpctl::CarpSet::zeroed(vh(1))) {
            Err(Error::NoSuchInterface(n)) => assert_eq!(n, name),
            other => panic!("{name:?}: {other:?}"),
        }
        assert!(matches!(b.set_up(name, true), Err(Error::NoSuchInterface(_))));
    }
}

#[test]
fn unprivileged_and_unloaded() {
    let mut host = seed_host();
    host.privileged = false;
    let mut b = backend(host);
    kernel(set(&mut b, 5, |c| c), Op::SetVhid, Errno::EPERM);
    kernel(
        b.add_address("igb0", &AddressRequest::parse_inet("192.0.2.1/24").unwrap()),
        Op::AddAddr,
        Errno::EPERM,
    );
    kernel(b.delete_address("igb0", &AddressSelector::First(Family::Inet)), Op::DelAddr, Errno::EPERM);
    kernel(b.set_up("igb0", false), Op::SetFlags, Errno::EPERM);
    kernel(b.set_metric("igb0", 3), Op::SetMetric, Errno::EPERM);

    let mut host = seed_host();
    host.carp_loaded = false;
    let mut b = backend(host);
    kernel(set(&mut b, 5, |c| c), Op::GetVhid, Errno::EPROTONOSUPPORT);
    kernel(b.carp_set("igb0", &libcarpctl::CarpSet::zeroed(vh(5))), Op::SetVhid, Errno::EPROTONOSUPPORT);
    let joined = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(5));
    kernel(b.add_address("igb0", &joined), Op::AddAddr, Errno::EPROTONOSUPPORT);
    assert!(b.interface("igb0").unwrap().carp.is_empty(), "no carp.ko: no CARP lines, no error");
}

#[test]
fn unprivileged_reads_without_key() {
    let mut b = seed();
    set(&mut b, 112, |c| CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..c }).unwrap();
    b.sys_mut().host.privileged = false;
    let st = b.carp_get("igb0", Some(vh(112))).unwrap();
    assert!(st[0].key.is_empty());
    assert!(b.interface("igb0").unwrap().carp[0].key.is_empty());
}

#[test]
fn vhid_discovery_never_uses_the_broken_listing() {
    // One vhid, no address yet: the count-1 probe of vhid 0 finds it.
    let mut b = seed();
    set(&mut b, 42, |c| CarpConfig { advskew: Some(7), ..c }).unwrap();
    let before = gvh_calls(&b);
    let igb0 = b.interface("igb0").unwrap();
    assert_eq!(igb0.carp.iter().map(|s| (s.vhid, s.advskew)).collect::<Vec<_>>(), vec![(vh(42), 7)]);
    assert_eq!(gvh_calls(&b) - before, 1, "one probe is enough for one vhid");

    // Three vhids created out of order, one without an address.
    for v in [200u8, 3, 77] {
        set(&mut b, v, |c| CarpConfig { advskew: Some(v.into()), ..c }).unwrap();
    }
    b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.77/27").unwrap().with_vhid(vh(77))).unwrap();
    let before = gvh_calls(&b);
    let all = b.carp_get("igb0", None).unwrap();
    let got: Vec<(u8, i32)> = all.iter().map(|s| (s.vhid.get(), s.advskew)).collect();
    assert_eq!(got, vec![(3, 3), (42, 7), (77, 77), (200, 200)], "every vhid, ascending");
    assert_eq!(gvh_calls(&b) - before, 256, "the probe, then each of 1..=255");
    assert_no_broken_listing(&b);
    // lo0 (a loopback) has no CARP: EOPNOTSUPP means no lines, not a failure.
    let lo0 = b.interface("lo0").unwrap();
    assert!(lo0.carp.is_empty());
    assert_eq!((lo0.kind, lo0.ether, lo0.status_text()), (IfType::Loopback, None, None));
}

#[test]
fn release_16_has_no_carp_ioctls() {
    let mut host = seed_host();
    host.release = "16.0".parse::<Release>().unwrap();
    let mut b = backend(host);
    let calls = b.sys().calls.len();
    assert!(matches!(b.carp_set("igb0", &libcarpctl::CarpSet::zeroed(vh(1))), Err(Error::Unsupported(_))));
    assert!(matches!(b.carp_get("igb0", None), Err(Error::Unsupported(_))));
    assert_eq!(b.sys().calls.len(), calls, "nothing was sent");
    let igb0 = b.interface("igb0").unwrap();
    assert!(igb0.carp.is_empty());
    assert_eq!(gvh_calls(&b), 0);
    b.add_address("igb0", &AddressRequest::parse_inet("192.0.2.1/24").unwrap()).unwrap();

    // The kernel itself: the request reaches the driver, which says EINVAL
    // (ENXIO without the interface).
    let sys = b.sys_mut();
    let mut ifr = ifreq::new("igb0").unwrap();
    let mut c = carpreq::get_request(1);
    c.carpr_advbase = 1;
    assert_eq!(sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut c }), Err(Errno::EINVAL));
    let mut ifr = ifreq::new("nosuch0").unwrap();
    assert_eq!(
        sys.ioctl(IoctlRequest::GetVhid { ifr: &mut ifr, carpr: &mut [carpreq::get_request(1)] }),
        Err(Errno::ENXIO)
    );
}

#[test]
fn up_down_mtu_metric() {
    let mut b = seed();
    set(&mut b, 112, |c| c).unwrap();
    b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vh(112))).unwrap();
    b.set_up("igb0", false).unwrap();
    let igb0 = b.interface("igb0").unwrap();
    assert!(!igb0.flags.contains(IfFlags::UP));
    assert!(igb0.flags.contains(IfFlags::PROMISC), "SIOCSIFFLAGS cannot clear PROMISC");
    assert_eq!(igb0.carp[0].state, CarpState::Init);
    b.set_up("igb0", true).unwrap();
    assert_eq!(b.carp_get("igb0", Some(vh(112))).unwrap()[0].state, CarpState::Backup);
    // if_up -> in6_if_up: auto_linklocal without ifdisabled assigns fe80::/64.
    let ll: IpAddr = "fe80::225:90ff:fe03:efa".parse().unwrap();
    assert!(b.interface("igb0").unwrap().addresses.iter().any(|a| a.addr == ll && a.prefixlen == 64));
    b.set_mtu("igb0", 9000).unwrap();
    b.set_metric("igb0", 7).unwrap();
    let igb0 = b.interface("igb0").unwrap();
    assert_eq!((igb0.mtu, igb0.metric), (9000, 7));
    // First(Inet) deletes the first inet address (an empty SIOCDIFADDR).
    b.delete_address("igb0", &AddressSelector::First(Family::Inet)).unwrap();
    let addrs: Vec<IpAddr> = b.interface("igb0").unwrap().addresses.iter().map(|a| a.addr).collect();
    assert_eq!(addrs, vec![ll, v4("10.0.0.112")]);
}

// ---- the raw kernel (ModelIoctl) ----

fn raw_gvh(sys: &mut ModelIoctl, vhid: i32, count: i32, buf_len: usize) -> (Result<(), Errno>, Vec<carpreq>) {
    let mut ifr = ifreq::new("igb0").unwrap();
    let mut buf = vec![carpreq::default(); buf_len];
    if let Some(first) = buf.first_mut() {
        *first = carpreq { carpr_count: count, carpr_vhid: vhid, ..Default::default() };
    }
    let r = sys.ioctl(IoctlRequest::GetVhid { ifr: &mut ifr, carpr: &mut buf });
    (r, buf)
}

fn two_vhids(release: &str) -> ModelIoctl {
    let mut host = seed_host();
    host.release = release.parse().unwrap();
    let mut b = backend(host);
    set(&mut b, 9, |c| CarpConfig { advskew: Some(9), ..c }).unwrap();
    set(&mut b, 4, |c| CarpConfig { advskew: Some(4), ..c }).unwrap();
    b.into_sys()
}

#[test]
fn raw_siocgvh_listing_as_each_kernel_does_it() {
    // 13: the vhid-0 listing works, in creation order.
    let mut k13 = two_vhids("13.2");
    let (r, buf) = raw_gvh(&mut k13, 0, 2, 2);
    r.unwrap();
    let got: Vec<(i32, i32)> = buf.iter().map(|c| (c.carpr_vhid, c.carpr_count)).collect();
    assert_eq!(got, vec![(9, 2), (4, 2)]);
    // 14+: element 0 is the last vhid, the rest is leaked kernel stack.
    let mut k14 = two_vhids("14.1");
    let (r, buf) = raw_gvh(&mut k14, 0, 2, 2);
    r.unwrap();
    assert_eq!((buf[0].carpr_vhid, buf[0].carpr_count), (4, 2));
    assert!(buf[1].to_status().is_err(), "element 1 is garbage: {:?}", buf[1]);
    // Count 1 with two vhids: EMSGSIZE (the backend's "two or more").
    assert_eq!(raw_gvh(&mut k14, 0, 1, 1).0, Err(Errno::EMSGSIZE));
    assert_eq!(raw_gvh(&mut k14, 0, 0, 1).0, Err(Errno::EMSGSIZE));
    assert_eq!(raw_gvh(&mut k14, 0, 2, 1).0, Err(Errno::EFAULT), "copyout past the buffer");
    assert_eq!(raw_gvh(&mut k14, 256, 1, 1).0, Err(Errno::EINVAL));
    assert_eq!(raw_gvh(&mut k14, -1, 1, 1).0, Err(Errno::EINVAL));
    assert_eq!(raw_gvh(&mut k14, 5, 1, 1).0, Err(Errno::ENOENT));
    assert_eq!(raw_gvh(&mut k14, 9, 1, 0).0, Err(Errno::EFAULT));
    let (r, buf) = raw_gvh(&mut k14, 9, 1, 1);
    r.unwrap();
    assert_eq!(buf[0].to_status().unwrap().advskew, 9);
}

#[test]
fn raw_siocsvh_reads_raw_ints() {
    let mut sys = two_vhids("10.0");
    let mut ifr = ifreq::new("igb0").unwrap();
    for bad in [0, 256, -5] {
        let mut c = carpreq { carpr_vhid: bad, ..Default::default() };
        assert_eq!(
            sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut c }),
            Err(Errno::EINVAL),
            "vhid {bad}"
        );
    }
    let mut c = carpreq { carpr_vhid: 9, carpr_advskew: -1, ..Default::default() };
    assert_eq!(sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut c }), Err(Errno::EINVAL));
    // A state above MASTER is ignored, as carp_ioctl_set's switch does.
    assert_eq!(sys.host.interfaces[0].carp[0].vhid, vh(9));
    sys.host.interfaces[0].carp[0].state = CarpState::Backup;
    let mut c = carpreq { carpr_vhid: 9, carpr_state: 7, carpr_advskew: 9, ..Default::default() };
    sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut c }).unwrap();
    assert_eq!(sys.host.iface("igb0").unwrap().carp[0].state, CarpState::Backup);
    // Privilege is checked before the vhid's range.
    sys.host.privileged = false;
    let mut c = carpreq { carpr_vhid: 0, ..Default::default() };
    assert_eq!(sys.ioctl(IoctlRequest::SetVhid { ifr: &mut ifr, carpr: &mut c }), Err(Errno::EPERM));
    let mut lo = ifreq::new("lo0").unwrap();
    assert_eq!(sys.ioctl(IoctlRequest::SetVhid { ifr: &mut lo, carpr: &mut c }), Err(Errno::EOPNOTSUPP));
}

fn name(s: &str) -> [u8; IFNAMSIZ] {
    libcarpctl::sys::abi::ifname(s).unwrap()
}

#[test]
fn raw_address_requests() {
    let mut sys = two_vhids("10.0");
    let base = in_aliasreq::from_request(name("igb0"), &AddressRequest::parse_inet("192.0.2.1/24").unwrap())
        .unwrap();
    let mut a = in_aliasreq { ifra_mask: sockaddr_in::new(Ipv4Addr::new(255, 0, 255, 0)), ..base };
    assert_eq!(sys.ioctl(IoctlRequest::AddAddr(&mut a)), Err(Errno::EINVAL), "a mask with holes");
    let mut a = in_aliasreq { ifra_addr: sockaddr_in { sin_len: 0, ..base.ifra_addr }, ..base };
    assert_eq!(sys.ioctl(IoctlRequest::AddAddr(&mut a)), Err(Errno::EINVAL), "sin_len 0");
    let mut a = in_aliasreq { ifra_vhid: 300, ..base };
    assert_eq!(sys.ioctl(IoctlRequest::AddAddr(&mut a)), Err(Errno::ENOENT), "vhid 300 is no vhid");
    let mut a = in_aliasreq { ifra_mask: sockaddr_in::new(mask_v4(24)), ..base };
    sys.ioctl(IoctlRequest::AddAddr(&mut a)).unwrap();
    let added = sys
        .host
        .iface("igb0")
        .unwrap()
        .addresses
        .iter()
        .find(|x| x.addr == v4("192.0.2.1"))
        .cloned()
        .unwrap();
    assert_eq!((added.prefixlen, added.broadcast), (24, Some(Ipv4Addr::new(192, 0, 2, 255))));

    let r6 = AddressRequest::parse_inet6("2001:db8::7/64").unwrap();
    let base6 = in6_aliasreq::from_request(name("igb0"), &r6).unwrap();
    let mut a6 = in6_aliasreq { ifra_prefixmask: Default::default(), ..base6 };
    assert_eq!(sys.ioctl(IoctlRequest::AddAddr6(&mut a6)), Err(Errno::EINVAL), "a new address needs a mask");
    let mut a6 = in6_aliasreq { ifra_addr: Default::default(), ..base6 };
    assert_eq!(sys.ioctl(IoctlRequest::AddAddr6(&mut a6)), Err(Errno::EAFNOSUPPORT));
    let mut zero_life = base6;
    zero_life.ifra_lifetime.ia6t_vltime = 0;
    zero_life.ifra_lifetime.ia6t_pltime = 0;
    sys.ioctl(IoctlRequest::AddAddr6(&mut zero_life)).unwrap();
    assert!(
        !sys.host.iface("igb0").unwrap().addresses.iter().any(|x| x.addr == v6("2001:db8::7")),
        "vltime 0 adds nothing"
    );
    let mut a6 = base6;
    sys.ioctl(IoctlRequest::AddAddr6(&mut a6)).unwrap();
    assert!(sys.host.iface("igb0").unwrap().addresses.iter().any(|x| x.addr == v6("2001:db8::7")));
}

#[test]
fn statuses_decode_like_the_model() {
    let mut b = seed();
    set(&mut b, 112, |c| CarpConfig { advbase: Some(3), advskew: Some(50), ..c }).unwrap();
    let via_ioctl: Vec<CarpStatus> = b.carp_get("igb0", None).unwrap();
    let in_model = b.sys().host.carp_get_via(libcarpctl::model::CarpApi::Ioctl, "igb0", None).unwrap();
    assert_eq!(via_ioctl, in_model);
}
