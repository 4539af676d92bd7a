//! mlx5en's `mce0` per release (tests/golden/capnv-R.txt): its `options=`
//! and, under `-m`, `capabilities=` lines as each release prints them
//! (10-13: print_ifcap's printb of the first word, no IFCAP_NV; 14+:
//! netlink's print_ifcaps, both words), and what the capability words
//! leave on stdout, stderr and as exit status. The facts behind each line
//! are asserted with their sources in caps_nv.rs and
//! libcarpctl/src/model/capnv.rs.

use crate::support::{assert_text, golden};

#[test]
fn capnv_golden_per_release() {
    let lines = [
        "-m mce0",
        "mce0 -rxtls",
        "mce0 -txcsum -lro",
        "mce0 tso4",
        "mce0 ipsec",
        "mce0 rxtls mtu 70000",
        "igb0 rxtls",
        "-m mce0",
    ];
    for release in ["10.0", "13.2", "14.1", "15.0"] {
        let h = crate::caps_nv::with_mce(release);
        let mut shown = String::new();
        for line in lines {
            let r = h.run(line);
            shown.push_str(&format!("$ ifconfig {line}\n{}{}exit {}\n", r.stdout, r.stderr, r.code));
        }
        let name = format!("capnv-{release}.txt");
        if std::env::var_os("CAPNV_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &shown).unwrap();
        }
        assert_text(&shown, &golden(&name));
    }
}
