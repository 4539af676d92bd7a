//! Per release, the same lines for the words whose FreeBSD-kernel
//! requests this golden file pins (tests/golden/fbsdreq-R.txt): an lacp
//! lagg's `-v` block (iflagg.c), a configured pfsync (ifpfsync.c, the
//! struct form before 14, the nvlist form from 14), and what `maclabel`
//! and `rxtls` leave on stderr and as exit status. The facts behind each
//! line are asserted with their sources in families.rs, maclabel.rs and
//! caps_nv.rs.

use crate::support::{assert_text, golden, TestHost};

#[test]
fn fbsdreq_golden_per_release() {
    let script = [
        "lagg0 create",
        "tap0 create",
        "lagg0 laggproto lacp laggport igb0 laggport tap0 up",
        "pfsync0 create",
        "pfsync0 syncdev igb0 syncpeer 192.0.2.9 maxupd 64 defer",
    ];
    for release in ["10.0", "11.4", "13.2", "14.1", "15.0"] {
        let h = TestHost::seed_with(|v| v["release"] = release.into());
        for line in script {
            h.run(line).silent_ok();
        }
        let mut shown = h.run("-v lagg0").stdout;
        shown.push_str(&h.run("pfsync0").stdout);
        for line in ["igb0 maclabel biba/high", "igb0 rxtls"] {
            let r = h.run(line);
            shown.push_str(&format!("$ ifconfig {line}\n{}{}exit {}\n", r.stdout, r.stderr, r.code));
        }
        let name = format!("fbsdreq-{release}.txt");
        if std::env::var_os("FBSDREQ_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &shown).unwrap();
        }
        assert_text(&shown, &golden(&name));
    }
}
