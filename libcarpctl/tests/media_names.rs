//! The media names of `libcarpctl::sys::media` against FreeBSD's own
//! `net/if_media.h` (the copy zig ships, as `scripts/abi-check` uses; the
//! values are checked there, the strings here): every description table
//! this crate prints from holds the same (macro, text) pairs in the same
//! order.
//!
//! Needs `$ZIGENV` (default `/opt/zigenv`) with ziglang installed; without
//! it the test reports itself skipped (a failure under CI).

#[path = "support/zig.rs"]
mod zig_env;

use libcarpctl::sys::media::{
    MediaName, ETHERNET_OPTION_NAMES, ETHERNET_SUBTYPE_NAMES, SHARED_OPTION_NAMES, SHARED_SUBTYPE_NAMES,
    TYPE_NAMES,
};

fn header() -> Option<String> {
    let env = zig_env::zigenv();
    let found = std::fs::read_dir(env.join("lib")).ok().into_iter().flatten().flatten().find_map(|d| {
        let p = d.path().join("site-packages/ziglang/lib/libc/include/generic-freebsd/net/if_media.h");
        p.exists().then_some(p)
    });
    match found {
        Some(p) => Some(std::fs::read_to_string(p).expect("read if_media.h")),
        None => {
            let missing = format!("ziglang's FreeBSD headers under {}", env.display());
            zig_env::skip("names_match_if_media_h", &missing);
            None
        }
    }
}

/// The `{ MACRO, "text" }` pairs of `#define <table> { ... { 0, NULL } }`.
fn table(src: &str, name: &str) -> Vec<(String, String)> {
    let start =
        src.find(&format!("#define\t{name} {{")).unwrap_or_else(|| panic!("{name} not in the header"));
    let body = &src[start..];
    let body = &body[..body.find("{ 0, NULL }").expect("table end")];
    let mut out = Vec::new();
    for entry in body.split('{').skip(2) {
        let Some((word, rest)) = entry.split_once(',') else { continue };
        let Some(text) = rest.split('"').nth(1) else { continue };
        out.push((word.trim().to_string(), text.to_string()));
    }
    out
}

fn ours(t: &[MediaName]) -> Vec<(String, String)> {
    t.iter().map(|n| (n.cname.to_string(), n.text.to_string())).collect()
}

#[test]
fn names_match_if_media_h() {
    let Some(src) = header() else { return };
    for (name, t) in [
        ("IFM_TYPE_DESCRIPTIONS", &TYPE_NAMES[..]),
        ("IFM_SUBTYPE_SHARED_DESCRIPTIONS", &SHARED_SUBTYPE_NAMES[..]),
        ("IFM_SHARED_OPTION_DESCRIPTIONS", &SHARED_OPTION_NAMES[..]),
        ("IFM_SUBTYPE_ETHERNET_OPTION_DESCRIPTIONS", &ETHERNET_OPTION_NAMES[..]),
        ("IFM_SUBTYPE_ETHERNET_DESCRIPTIONS", &ETHERNET_SUBTYPE_NAMES[..]),
    ] {
        let theirs = table(&src, name);
        assert!(theirs.len() >= 3, "{name}: parsed only {theirs:?}");
        assert_eq!(ours(t), theirs, "{name}");
    }
}
