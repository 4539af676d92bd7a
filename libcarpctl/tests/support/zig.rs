//! Tests that need zig (PyPI `ziglang`, installed by `bash scripts/setup`):
//! without it they report themselves skipped, except under CI (`CI=true`),
//! where a missing zig is a failure.

use std::io::Write;
use std::path::PathBuf;

/// The ziglang environment (`$ZIGENV`, default `/opt/zigenv`).
pub fn zigenv() -> PathBuf {
    std::env::var_os("ZIGENV").map(PathBuf::from).unwrap_or_else(|| "/opt/zigenv".into())
}

/// Call when what `test` needs from zig (`missing`) is absent: panics
/// under CI, else says the test is skipped (on the real stderr, which the
/// test harness does not capture, so `cargo test` shows it).
pub fn skip(test: &str, missing: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: {missing} is missing; under CI scripts/setup must install it");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED (needs zig: bash scripts/setup): {test}");
}
