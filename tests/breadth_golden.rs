//! The issue-10 scenario's `ifconfig -a` per release, against golden files
//! (tests/golden/breadth-RELEASE.txt): the description right after the
//! flags line, `tunnel` before the addresses, and the status sections in
//! each release's order (10-11: nd6, media, fib, vlan, groups, bridge,
//! lagg, carp; 12+: the reverse).

use crate::support::{assert_text, golden, run_raw, TestHost};

fn scenario(release: &str) -> String {
    let h = TestHost::seed_with(|v| {
        v["release"] = release.into();
        v["interfaces"][0]["name"] = "vmx1".into();
    });
    let lines: &[&[&str]] = &[
        &["epair", "create"],
        &["epair0a", "up"],
        &["bridge0", "create"],
        &["bridge0", "addm", "epair0a", "up"],
        &["vlan111", "create", "vlan", "111", "vlandev", "vmx1"],
        &["vmx1", "description", "LAN"],
        &["lagg0", "create"],
        &["lagg0", "laggport", "epair0b", "laggproto", "lacp"],
        &["gif0", "create"],
        &["gif0", "tunnel", "192.0.2.1", "198.51.100.1"],
        &["vmx1", "group", "egress"],
        &["vmx1", "inet6", "2001:db8::1/64", "no_dad", "-ifdisabled"],
    ];
    for l in lines {
        let mut args = vec!["--model".to_string(), h.path.display().to_string()];
        args.extend(l.iter().map(|s| s.to_string()));
        let r = run_raw(&args);
        assert_eq!(r.code, 0, "{l:?}: {r:?}");
    }
    run_raw(&["--model".to_string(), h.path.display().to_string(), "-a".to_string()]).stdout
}

#[test]
fn golden_per_release() {
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let out = scenario(release);
        let name = format!("breadth-{release}.txt");
        if std::env::var_os("BREADTH_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &out).unwrap();
        }
        assert_text(&out, &golden(&name));
    }
}
