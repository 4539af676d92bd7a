//! `defaultif` / `-defaultif` (af_nd6.c setnd6defif, SIOCSDEFIFACE_IN6):
//! the host's one ND default interface, shown by nd6_status as bit 15,
//! `DEFAULTIF`, in `nd6 options=`; a refused request only warns.

use crate::support::TestHost;

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

fn nd6_line(h: &TestHost, ifname: &str) -> String {
    let shown = h.run(ifname).stdout;
    shown.lines().find(|l| l.starts_with("\tnd6 options=")).unwrap_or_default().to_string()
}

#[test]
fn one_default_interface_for_the_host() {
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let h = host(release);
        h.run("igb0 defaultif").silent_ok();
        assert_eq!(
            nd6_line(&h, "igb0"),
            "\tnd6 options=8021<PERFORMNUD,AUTO_LINKLOCAL,DEFAULTIF>",
            "{release}"
        );
        assert!(String::from_utf8(h.bytes()).unwrap().contains("\"nd6_defaultif\": true"));
        // Another interface takes it over.
        assert_eq!(h.run("epair create").code, 0);
        h.run("epair0a inet6 defaultif").silent_ok();
        assert_eq!(nd6_line(&h, "igb0"), "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>", "{release}");
        assert!(nd6_line(&h, "epair0a").ends_with(",DEFAULTIF>"), "{release}");
        // -defaultif on an interface that is not the default sends nothing.
        let before = h.bytes();
        h.run("igb0 -defaultif").silent_ok();
        assert!(before == h.bytes(), "{release}");
        h.run("epair0a -defaultif").silent_ok();
        assert!(!nd6_line(&h, "epair0a").contains("DEFAULTIF"), "{release}");
    }
}

#[test]
fn a_refused_request_only_warns() {
    let h = TestHost::seed_with(|v| {
        v["release"] = "14.1".into();
        v["privileged"] = false.into();
    });
    let before = h.bytes();
    let r = h.run("igb0 defaultif");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    assert_eq!(r.stderr, "ifconfig: ioctl(SIOCSDEFIFACE_IN6): Operation not permitted\n");
    assert!(before == h.bytes());
}

#[test]
fn a_host_file_has_at_most_one() {
    let h = host("14.1");
    assert_eq!(h.run("epair create").code, 0);
    h.run("igb0 defaultif").silent_ok();
    let text = String::from_utf8(h.bytes()).unwrap();
    let two = text.replacen("\"name\": \"epair0a\",", "\"name\": \"epair0a\", \"nd6_defaultif\": true,", 1);
    assert_ne!(two, text);
    let r = TestHost::from_json(&two).run("igb0");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("nd6_defaultif on more than one interface: igb0, epair0a"), "{r:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn linux_has_no_nd_default_interface() {
    use crate::support::netns::{can_run, InNamespace as _, Netns};
    if !can_run("linux_has_no_nd_default_interface") {
        return;
    }
    let ns = Netns::new();
    // Not a kernel refusal but a missing concept: exit 1, nothing changed.
    let r = ns.ifconfig("lo defaultif");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("Linux has no ND default interface"), "{r:?}");
}
