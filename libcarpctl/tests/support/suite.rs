//! A backend-agnostic conformance suite: what every [`Backend`] must do
//! when it talks to a FreeBSD kernel (here: the model behind it).
//!
//! Include it from a test crate and run it with a factory that wraps a
//! model [`Host`] in the backend under test:
//!
//! ```ignore
//! #[path = "support/suite.rs"]
//! mod suite;
//!
//! #[test]
//! fn conformance_10_0() {
//!     suite::run_all(Release::V10_0, &|host| MyBackend::over(host));
//! }
//! ```
//!
//! Every check starts from a fresh [`fixture`] host (igb0 as in the seed
//! session, plus a loopback) and looks only through the [`Backend`] trait.
//! All checks run even when one fails; the failures are reported together.

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use libcarpctl::backend::merge_and_set;
use libcarpctl::model::Host;
use libcarpctl::{
    Address, AddressSelector, Backend, CarpConfig, CarpSet, CarpState, CarpStatus, Changed, Errno, Error,
    IfFlags, IfType, Interface, Key, Op, Release,
};

/// The interface the checks work on.
pub const IFNAME: &str = "igb0";

/// A check: a name and a function of the context.
pub type Check<B> = (&'static str, fn(&Ctx<'_, B>));

/// What a check gets: the release to model and the backend factory.
pub struct Ctx<'a, B> {
    /// The release the fixture hosts run.
    pub release: Release,
    /// Wraps a model host in the backend under test.
    pub make: &'a dyn Fn(Host) -> B,
}

impl<B: Backend> Ctx<'_, B> {
    /// A backend over a fresh privileged fixture host.
    pub fn backend(&self) -> B {
        (self.make)(fixture(self.release))
    }

    /// A backend over `host`.
    pub fn backend_on(&self, host: Host) -> B {
        (self.make)(host)
    }
}

/// The fixture: the seed session's igb0 (index 1, 10.0.0.118/27, UP with
/// link, MULTICAST) and lo0 (index 2, loopback), on `release`.
pub fn fixture(release: Release) -> Host {
    let mut host = Host::example_10_0();
    host.release = release;
    host.interfaces.push(Interface {
        name: "lo0".into(),
        index: 2,
        kind: IfType::Loopback,
        flags: IfFlags::UP | IfFlags::LOOPBACK | IfFlags::RUNNING | IfFlags::MULTICAST,
        metric: 0,
        mtu: 16384,
        options: None,
        ether: None,
        nd6: None,
        media: None,
        status: None,
        supported_media: Vec::new(),
        addresses: vec![Address {
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            prefixlen: 8,
            broadcast: None,
            vhid: None,
            scopeid: None,
            destination: None,
        }],
        carp: Vec::new(),
        settings: Default::default(),
    });
    host
}

/// The fixture with vhid `vhid` already configured in `state` with key
/// `key` and one address 10.0.0.112/27 (for hosts where the caller cannot
/// set it up itself, e.g. unprivileged).
pub fn fixture_with_vhid(release: Release, vhid: u8, state: CarpState, key: &[u8]) -> Host {
    let mut host = fixture(release);
    let v = vh(vhid);
    let igb0 = &mut host.interfaces[0];
    igb0.flags.insert(IfFlags::PROMISC);
    igb0.addresses.push(Address {
        addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112)),
        prefixlen: 27,
        broadcast: Some(Ipv4Addr::new(10, 0, 0, 127)),
        vhid: Some(v),
        scopeid: None,
        destination: None,
    });
    let mut st = CarpStatus::new_vhid(v);
    st.state = state;
    st.key = Key::from_passphrase(key);
    igb0.carp.push(st);
    host
}

/// Every check, in order.
pub fn checks<B: Backend>() -> Vec<Check<B>> {
    vec![
        ("set creates a missing vhid", set_creates_vhid::<B>),
        ("set keeps what a merge does not name", merge_keeps_fields::<B>),
        ("get one and get all", get_one_and_all::<B>),
        ("get on an interface without vhids is ENOENT", get_enoent::<B>),
        ("set on an unprivileged host is EPERM", set_eperm::<B>),
        ("set with advskew 255 is EINVAL", set_einval::<B>),
        ("set on a loopback is EOPNOTSUPP", set_eopnotsupp::<B>),
        ("set on a missing interface fails", set_no_interface::<B>),
        ("address with vhid goes BACKUP", address_joins_vhid::<B>),
        ("state master nudges a BACKUP vhid", state_master::<B>),
        ("address errors carry errno and op", address_errors::<B>),
        ("deleting the last address destroys the vhid", delete_last_address::<B>),
        ("listing shows vhids on addresses and carp statuses", listing_shows_vhids::<B>),
        ("keys are hidden from an unprivileged host", keys_hidden_unprivileged::<B>),
        ("keys are shown to a privileged host", keys_shown_privileged::<B>),
        ("address change on an unprivileged host is EPERM", address_eperm::<B>),
        ("errors name the interface, vhid, address and field", errors_have_context::<B>),
        ("vhids() yields every vhid with its interface and addresses", vhids_of_the_host::<B>),
    ]
}

/// Run every check on backends made by `make` over hosts of `release`;
/// panics naming every check that failed.
pub fn run_all<B: Backend>(release: Release, make: &dyn Fn(Host) -> B) {
    let ctx = Ctx { release, make };
    let mut failed = Vec::new();
    for (name, check) in checks::<B>() {
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&ctx))) {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} conformance check(s) failed on {release}:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

// ---- helpers ----

// Literal vhids and address requests, shared with the model-rule tests.
#[path = "hosts.rs"]
mod hosts;
pub use hosts::{inet, inet6, vh};

/// Assert `r` is a kernel error with `op` and `errno`.
#[track_caller]
pub fn assert_kernel<T: std::fmt::Debug>(r: libcarpctl::Result<T>, op: Op, errno: Errno) {
    match r {
        Err(Error::Kernel { op: o, errno: e, .. }) => {
            assert_eq!((o, e), (op, errno), "wrong op/errno");
        }
        other => panic!("expected {op}: {errno:?}, got {other:?}"),
    }
}

fn igb0<B: Backend>(b: &mut B) -> Interface {
    b.interface(IFNAME).expect("igb0 is listed")
}

/// Everything the backend lists, for before/after comparisons.
fn snapshot<B: Backend>(b: &mut B) -> Vec<Interface> {
    b.list_interfaces().expect("list_interfaces")
}

fn config(vhid: u8) -> CarpConfig {
    CarpConfig::new(vh(vhid))
}

fn get_one<B: Backend>(b: &mut B, vhid: u8) -> CarpStatus {
    let list = b.carp_get(IFNAME, Some(vh(vhid))).expect("carp_get of an existing vhid");
    assert_eq!(list.len(), 1, "get of one vhid returns exactly it");
    assert_eq!(list[0].vhid, vh(vhid));
    list.into_iter().next().expect("one status")
}

/// The peers, when the backend reports them, are the multicast defaults.
fn assert_default_peers(st: &CarpStatus) {
    if let Some(p) = st.peer {
        assert_eq!(p, Ipv4Addr::new(224, 0, 0, 18));
    }
    if let Some(p) = st.peer6 {
        assert_eq!(p, "ff02::12".parse::<Ipv6Addr>().expect("literal"));
    }
}

/// Create vhid 112 with key qwerty and attach 10.0.0.112/27 to it.
fn setup_vhid_112<B: Backend>(b: &mut B) {
    let cfg = CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..config(112) };
    merge_and_set(b, IFNAME, &cfg).expect("merge_and_set creates vhid 112");
    b.add_address(IFNAME, &inet("10.0.0.112/27", Some(112))).expect("address joins vhid 112");
}

// ---- checks ----

fn set_creates_vhid<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    assert!(!igb0(&mut b).flags.contains(IfFlags::PROMISC), "fixture starts without PROMISC");
    let cfg = CarpConfig { advskew: Some(100), ..config(7) };
    merge_and_set(&mut b, IFNAME, &cfg).expect("set of a missing vhid creates it");
    let st = get_one(&mut b, 7);
    assert_eq!(st.state, CarpState::Init, "a new vhid without addresses is INIT");
    assert_eq!((st.advbase, st.advskew), (1, 100));
    assert!(st.key.is_empty());
    assert_default_peers(&st);
    assert!(igb0(&mut b).flags.contains(IfFlags::PROMISC), "the first vhid sets PROMISC");
    // Setting it again neither fails (no EEXIST) nor duplicates it.
    merge_and_set(&mut b, IFNAME, &config(7)).expect("set of an existing vhid");
    let all = b.carp_get(IFNAME, None).expect("get all");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].advskew, 100, "a merge without advskew keeps it");
}

fn merge_keeps_fields<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    let cfg = CarpConfig {
        advbase: Some(3),
        advskew: Some(50),
        key: Some(Key::from_passphrase(b"first")),
        ..config(9)
    };
    merge_and_set(&mut b, IFNAME, &cfg).expect("create vhid 9");
    merge_and_set(&mut b, IFNAME, &CarpConfig { advskew: Some(0), ..config(9) }).expect("change advskew");
    let st = get_one(&mut b, 9);
    assert_eq!((st.advbase, st.advskew), (3, 0));
    assert_eq!(st.key.reveal(), b"first", "a merge without pass keeps the key");
    let empty = CarpConfig { key: Some(Key::empty()), ..config(9) };
    merge_and_set(&mut b, IFNAME, &empty).expect("empty key");
    assert_eq!(get_one(&mut b, 9).key.reveal(), b"first", "an empty key never clears the key");
}

fn get_one_and_all<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    for (v, skew) in [(20u8, 20), (10, 10), (30, 30)] {
        merge_and_set(&mut b, IFNAME, &CarpConfig { advskew: Some(skew), ..config(v) }).expect("create");
    }
    let all = b.carp_get(IFNAME, None).expect("get all");
    // The kernel lists vhids in creation order; a backend that has to probe
    // vhid by vhid finds them ascending: compare as a set.
    let mut got: Vec<(u8, i32)> = all.iter().map(|s| (s.vhid.get(), s.advskew)).collect();
    got.sort();
    assert_eq!(got, vec![(10, 10), (20, 20), (30, 30)], "all vhids, each once");
    assert_eq!(get_one(&mut b, 20).advskew, 20);
    assert_kernel(b.carp_get(IFNAME, Some(vh(40))), Op::GetVhid, Errno::ENOENT);
}

fn get_enoent<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    assert_kernel(b.carp_get(IFNAME, None), Op::GetVhid, Errno::ENOENT);
    assert_kernel(b.carp_get(IFNAME, Some(vh(1))), Op::GetVhid, Errno::ENOENT);
}

fn set_eperm<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut host = fixture(ctx.release);
    host.privileged = false;
    let mut b = ctx.backend_on(host);
    let before = snapshot(&mut b);
    let cfg = CarpConfig { key: Some(Key::from_passphrase(b"x")), ..config(5) };
    assert_kernel(merge_and_set(&mut b, IFNAME, &cfg), Op::SetVhid, Errno::EPERM);
    assert_eq!(snapshot(&mut b), before, "a refused set changes nothing");
}

fn set_einval<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    merge_and_set(&mut b, IFNAME, &CarpConfig { advskew: Some(10), ..config(3) }).expect("create vhid 3");
    let before = snapshot(&mut b);
    let bad = CarpConfig { advskew: Some(255), ..config(3) };
    assert_kernel(merge_and_set(&mut b, IFNAME, &bad), Op::SetVhid, Errno::EINVAL);
    if !ctx.release.half_applies_rejected_set() {
        assert_eq!(snapshot(&mut b), before, "a rejected set changes nothing");
    }
    assert_eq!(get_one(&mut b, 3).advskew, 10, "a rejected advskew is not applied");
    if !ctx.release.half_applies_rejected_set() {
        let bad_new = CarpConfig { advskew: Some(255), ..config(4) };
        assert_kernel(merge_and_set(&mut b, IFNAME, &bad_new), Op::SetVhid, Errno::EINVAL);
        assert_kernel(b.carp_get(IFNAME, Some(vh(4))), Op::GetVhid, Errno::ENOENT);
    }
}

fn set_eopnotsupp<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    let before = snapshot(&mut b);
    assert_kernel(b.carp_set("lo0", &CarpSet::zeroed(vh(1))), Op::SetVhid, Errno::EOPNOTSUPP);
    // ifconfig's read-merge-write stops at the GET (`ifconfig: SIOCGVH: ...`).
    assert_kernel(merge_and_set(&mut b, "lo0", &config(1)), Op::GetVhid, Errno::EOPNOTSUPP);
    assert_eq!(snapshot(&mut b), before);
}

fn set_no_interface<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    let before = snapshot(&mut b);
    match merge_and_set(&mut b, "nosuch0", &config(1)) {
        Err(Error::NoSuchInterface(name)) => assert_eq!(name, "nosuch0"),
        Err(Error::Kernel { errno: Errno::ENXIO, .. }) => {}
        other => panic!("expected no such interface, got {other:?}"),
    }
    assert_eq!(snapshot(&mut b), before);
}

fn address_joins_vhid<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    setup_vhid_112(&mut b);
    let st = get_one(&mut b, 112);
    assert_eq!(st.state, CarpState::Backup, "an address on an UP interface with link starts the vhid");
    assert_eq!((st.advbase, st.advskew), (1, 0));
    assert_eq!(st.key.reveal(), b"qwerty");
}

fn state_master<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    setup_vhid_112(&mut b);
    merge_and_set(&mut b, IFNAME, &CarpConfig { state: Some(CarpState::Master), ..config(112) })
        .expect("state master");
    let st = get_one(&mut b, 112);
    assert_eq!(st.state, CarpState::Master);
    assert_eq!(st.key.reveal(), b"qwerty", "state master keeps the key");
    merge_and_set(&mut b, IFNAME, &CarpConfig { state: Some(CarpState::Backup), ..config(112) })
        .expect("state backup");
    assert_eq!(get_one(&mut b, 112).state, CarpState::Backup);
    // INIT requests are ignored.
    merge_and_set(&mut b, IFNAME, &CarpConfig { state: Some(CarpState::Init), ..config(112) })
        .expect("state init");
    assert_eq!(get_one(&mut b, 112).state, CarpState::Backup);
    // A vhid still in INIT (no address) is not nudged.
    merge_and_set(&mut b, IFNAME, &CarpConfig { state: Some(CarpState::Master), ..config(113) })
        .expect("create 113 asking for master");
    assert_eq!(get_one(&mut b, 113).state, CarpState::Init);
}

fn address_errors<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    let before = snapshot(&mut b);
    assert_kernel(b.add_address(IFNAME, &inet("10.0.0.112/27", Some(112))), Op::AddAddr, Errno::ENOPROTOOPT);
    assert_eq!(snapshot(&mut b), before, "a refused inet add changes nothing");
    merge_and_set(&mut b, IFNAME, &config(1)).expect("create vhid 1");
    let before = snapshot(&mut b);
    assert_kernel(b.add_address(IFNAME, &inet("10.0.0.112/27", Some(112))), Op::AddAddr, Errno::ENOENT);
    assert_eq!(snapshot(&mut b), before, "a refused inet add changes nothing");
    // in6_control configures the address before it attaches the vhid: the
    // refused vhid leaves the address on the interface, without a vhid.
    assert_kernel(b.add_address(IFNAME, &inet6("2001:db8::3", Some(112))), Op::AddAddr6, Errno::ENOENT);
    let i = igb0(&mut b);
    let a6 = i.addresses.iter().find(|a| a.addr == IpAddr::V6("2001:db8::3".parse().expect("literal")));
    assert_eq!(a6.map(|a| (a.prefixlen, a.vhid)), Some((64, None)), "inet6 address kept without vhid");
    assert_eq!(i.carp, before.iter().find(|x| x.name == IFNAME).expect("igb0").carp, "vhids unchanged");
    let before = snapshot(&mut b);
    let absent4 = AddressSelector::Exact(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)));
    assert_kernel(b.delete_address(IFNAME, &absent4), Op::DelAddr, Errno::EADDRNOTAVAIL);
    let absent6 = AddressSelector::Exact("2001:db8::9".parse().expect("literal"));
    assert_kernel(b.delete_address(IFNAME, &absent6), Op::DelAddr6, Errno::EADDRNOTAVAIL);
    assert_eq!(snapshot(&mut b), before, "refused address changes change nothing");
}

/// `(interface, vhid, address, field, changed)` of a kernel error.
fn context_of<T: std::fmt::Debug>(
    r: libcarpctl::Result<T>,
) -> (Option<String>, Option<u8>, Option<IpAddr>, Option<&'static str>, Changed) {
    let e = r.expect_err("the request is refused");
    let c = e.context().unwrap_or_else(|| panic!("a kernel error, got {e:?}"));
    (c.interface.clone(), c.vhid.map(|v| v.get()), c.address, c.field, c.changed)
}

fn errors_have_context<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    merge_and_set(&mut b, IFNAME, &config(3)).expect("create vhid 3");
    let igb0 = Some(IFNAME.to_string());
    let bad = CarpSet { advskew: 255, ..CarpSet::zeroed(vh(3)) };
    let (i, v, a, f, changed) = context_of(b.carp_set(IFNAME, &bad));
    assert_eq!((&i, v, a, f), (&igb0, Some(3), None, Some("advskew")));
    if !ctx.release.half_applies_rejected_set() {
        assert_eq!(changed, Changed::Nothing);
    }
    let e = b.carp_set(IFNAME, &bad).expect_err("refused");
    assert!(
        e.to_string().starts_with("SIOCSVH: Invalid argument (interface igb0, vhid 3, field advskew"),
        "{e}"
    );
    assert_eq!(e.freebsd_message(), "SIOCSVH: Invalid argument");
    let keyed = CarpSet { key: Key::from_passphrase(b"sekrit-pass"), ..bad };
    let e = b.carp_set(IFNAME, &keyed).expect_err("refused");
    assert!(!format!("{e} {e:?} {e:#?}").contains("sekrit"), "no key in any form of an error");
    let a4 = inet("10.0.0.112/27", Some(112));
    let (i, v, a, f, changed) = context_of(b.add_address(IFNAME, &a4));
    assert_eq!((&i, v, a, f, changed), (&igb0, Some(112), Some(a4.addr), Some("vhid"), Changed::Nothing));
    let a6 = inet6("2001:db8::3", Some(112));
    let (_, _, a, f, changed) = context_of(b.add_address(IFNAME, &a6));
    assert_eq!((a, f, changed), (Some(a6.addr), Some("vhid"), Changed::Partly), "in6 keeps the address");
    let (i, _, _, f, changed) = context_of(b.set_mtu(IFNAME, 10));
    assert_eq!((&i, f, changed), (&igb0, Some("mtu"), Changed::Nothing));
}

fn vhids_of_the_host<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    assert_eq!(b.vhids().expect("vhids").len(), 0, "the fixture has no vhid");
    setup_vhid_112(&mut b);
    b.configure_vhid(IFNAME, &CarpConfig { advskew: Some(50), ..config(7) }).expect("configure vhid 7");
    let all: Vec<_> = b.vhids().expect("vhids").collect();
    let seen: Vec<_> =
        all.iter().map(|v| (v.interface.as_str(), v.status.vhid.get(), v.addresses.len())).collect();
    assert_eq!(seen, [(IFNAME, 7, 0), (IFNAME, 112, 1)], "ascending, with the joined address");
    assert_eq!(all[0].status.advskew, 50);
    assert_eq!(all[1].addresses[0].addr, IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112)));
}

fn delete_last_address<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    setup_vhid_112(&mut b);
    b.add_address(IFNAME, &inet("10.0.0.113/27", Some(112))).expect("second address of vhid 112");
    let first = AddressSelector::Exact(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112)));
    b.delete_address(IFNAME, &first).expect("delete one of two");
    assert_eq!(get_one(&mut b, 112).state, CarpState::Backup, "the vhid lives while it has an address");
    assert!(igb0(&mut b).flags.contains(IfFlags::PROMISC));
    let last = AddressSelector::Exact(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 113)));
    b.delete_address(IFNAME, &last).expect("delete the last");
    assert_kernel(b.carp_get(IFNAME, Some(vh(112))), Op::GetVhid, Errno::ENOENT);
    let i = igb0(&mut b);
    assert!(i.carp.is_empty(), "listing shows no vhid");
    assert!(!i.flags.contains(IfFlags::PROMISC), "the last vhid's going drops PROMISC");
    let addrs: Vec<IpAddr> = i.addresses.iter().map(|a| a.addr).collect();
    assert_eq!(addrs, vec![IpAddr::V4(Ipv4Addr::new(10, 0, 0, 118))]);
}

fn listing_shows_vhids<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend();
    setup_vhid_112(&mut b);
    b.add_address(IFNAME, &inet6("2001:db8::3/64", Some(112))).expect("inet6 joins vhid 112");
    let i = igb0(&mut b);
    let find = |a: IpAddr| i.addresses.iter().find(|x| x.addr == a).cloned();
    let v4 = find(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 112))).expect("10.0.0.112 listed");
    assert_eq!(
        (v4.prefixlen, v4.broadcast, v4.vhid),
        (27, Some(Ipv4Addr::new(10, 0, 0, 127)), Some(vh(112)))
    );
    let v6 = find("2001:db8::3".parse().expect("literal")).expect("2001:db8::3 listed");
    assert_eq!((v6.prefixlen, v6.vhid), (64, Some(vh(112))));
    let base = find(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 118))).expect("10.0.0.118 listed");
    assert_eq!(base.vhid, None);
    assert_eq!(i.carp.len(), 1);
    assert_eq!((i.carp[0].vhid, i.carp[0].state), (vh(112), CarpState::Backup));
    assert!(i.flags.contains(IfFlags::PROMISC));
    let lo = b.interface("lo0").expect("lo0 listed");
    assert!(lo.carp.is_empty());
}

fn keys_hidden_unprivileged<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut host = fixture_with_vhid(ctx.release, 112, CarpState::Backup, b"qwerty");
    host.privileged = false;
    let mut b = ctx.backend_on(host);
    let st = get_one(&mut b, 112);
    assert_eq!(st.state, CarpState::Backup, "an unprivileged caller may read a vhid");
    assert!(st.key.is_empty(), "the key is not given to an unprivileged caller");
    let all = b.carp_get(IFNAME, None).expect("get all");
    assert!(all.iter().all(|s| s.key.is_empty()));
    let i = igb0(&mut b);
    assert_eq!(i.carp.len(), 1, "the listing shows the vhid");
    assert!(i.carp[0].key.is_empty(), "the listing hides the key");
}

fn keys_shown_privileged<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut b = ctx.backend_on(fixture_with_vhid(ctx.release, 112, CarpState::Master, b"qwerty"));
    assert_eq!(get_one(&mut b, 112).key.reveal(), b"qwerty");
    let i = igb0(&mut b);
    assert_eq!(i.carp.len(), 1);
    assert_eq!(i.carp[0].state, CarpState::Master);
    assert_eq!(i.carp[0].key.reveal(), b"qwerty");
}

fn address_eperm<B: Backend>(ctx: &Ctx<'_, B>) {
    let mut host = fixture(ctx.release);
    host.privileged = false;
    let mut b = ctx.backend_on(host);
    let before = snapshot(&mut b);
    assert_kernel(b.add_address(IFNAME, &inet("192.0.2.1/24", None)), Op::AddAddr, Errno::EPERM);
    let base = AddressSelector::Exact(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 118)));
    assert_kernel(b.delete_address(IFNAME, &base), Op::DelAddr, Errno::EPERM);
    assert_eq!(snapshot(&mut b), before);
}
