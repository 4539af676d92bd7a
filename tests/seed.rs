//! The seed session (the 2011 "new CARP" announcement) byte for byte.
//!
//! Its `carp:` line was checked against carp.c carp_status() of 10.4
//! (coder03/freebsd10.4 3d3f8b11): `\tcarp: %s vhid %d advbase %d advskew
//! %d`, ` key "%s"` only with -k and a key; the flags, options, nd6 and
//! media lines against ifconfig.c status(), af_nd6.c and ifmedia.c of the
//! same version (see breadth_golden.rs).

use crate::support::{assert_text, golden, TestHost};

#[test]
fn seed_session_prints_the_three_blocks() {
    let h = TestHost::seed();
    assert_text(&h.run("igb0").stdout, &golden("seed-1.txt"));
    h.run("igb0 inet6 2001:db8::3 vhid 112 pass qwerty").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    assert_text(&h.run("igb0").stdout, &golden("seed-2.txt"));
    h.run("igb0 vhid 112 state master").silent_ok();
    let third = h.run("igb0");
    assert_eq!((third.code, third.stderr.as_str()), (0, ""));
    assert_text(&third.stdout, &golden("seed-3.txt"));

    let keyed = golden("seed-3.txt").replace("advskew 0\n", "advskew 0 key \"qwerty\"\n");
    assert_text(&h.run("-k igb0").stdout, &keyed);
}

#[test]
fn key_needs_privilege() {
    let h = TestHost::seed();
    h.run("igb0 inet6 2001:db8::3 vhid 112 pass qwerty").silent_ok();
    h.run("igb0 10.0.0.112/27 alias vhid 112").silent_ok();
    let mut v: serde_json::Value = serde_json::from_slice(&h.bytes()).unwrap();
    v["privileged"] = false.into();
    std::fs::write(&h.path, serde_json::to_string(&v).unwrap()).unwrap();
    let out = h.run("-k igb0");
    assert!(out.stdout.contains("\tcarp: BACKUP vhid 112 advbase 1 advskew 0\n"), "{out:?}");
    assert!(!out.stdout.contains("qwerty"));
}

#[test]
fn no_key_without_dash_k() {
    let h = TestHost::seed();
    h.run("igb0 vhid 1 pass secret 192.0.2.1/24 alias").silent_ok();
    assert!(!h.run("igb0").stdout.contains("secret"));
    assert!(!h.run("-a").stdout.contains("secret"));
    assert!(h.run("-k -a").stdout.contains(" key \"secret\""));
}
