//! The ABI check from `cargo test`: compile the generated `_Static_assert`s
//! against FreeBSD's headers with zig (as `scripts/abi-check` does), and
//! prove the check can fail by corrupting single facts.
//!
//! Needs `$ZIGENV/bin/python-zig` (default `/opt/zigenv`; `bash scripts/setup`
//! installs it). Without it the test reports itself skipped, except under
//! CI (`CI=true`), where a missing zig is a failure.

#[path = "support/zig.rs"]
mod zig_env;

use std::path::PathBuf;
use std::process::Command;

use libcarpctl::sys::cgen;

fn zig() -> Option<PathBuf> {
    let zig = zig_env::zigenv().join("bin/python-zig");
    if zig.exists() {
        return Some(zig);
    }
    zig_env::skip("abi_matches_freebsd_headers_and_the_check_can_fail", &zig.display().to_string());
    None
}

/// Compile `source`; `Err(stderr)` when it does not compile.
fn compile(zig: &PathBuf, source: &str, tag: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("carpctl-abi-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let c = dir.join("abi.c");
    std::fs::write(&c, source).unwrap();
    let out = Command::new(zig)
        .args(["cc", "-target", "x86_64-freebsd", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-o"])
        .arg(dir.join("abi.o"))
        .arg(&c)
        .output()
        .expect("run python-zig");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn abi_matches_freebsd_headers_and_the_check_can_fail() {
    let Some(zig) = zig() else { return };
    let good = cgen::c_source(None).unwrap();
    if let Err(e) = compile(&zig, &good, "good") {
        panic!("the Rust ABI disagrees with FreeBSD's headers:\n{e}");
    }
    for key in [
        "sizeof struct in6_ifreq",
        "offsetof struct carpreq.carpr_key",
        "sizeof struct ifreq.ifr_flagshigh (union)",
        "SIOCAIFADDR",
        "IfFlags::PROMISC",
        "IFCAP_NAMES[26] NOMAP",
        "netlink IFAF_VHID",
    ] {
        let bad = cgen::c_source(Some(key)).unwrap();
        match compile(&zig, &bad, "bad") {
            Ok(()) => panic!("corrupting {key:?} still compiles: the check cannot fail"),
            Err(e) => {
                assert!(e.contains(&format!("ABI: {key} (Rust says")), "the failure must name {key:?}:\n{e}");
                assert_eq!(e.matches("static assertion failed").count(), 1, "{e}");
            }
        }
    }
}
