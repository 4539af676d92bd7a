//! Media on the virtual host: `media`, `mediaopt`, `-mediaopt`, `mode`,
//! `inst`/`instance` (sbin/ifconfig/ifmedia.c: 14.x in fel1x-developer/
//! freebsd-src 2d614aa2, 10.4 in coder03/freebsd10.4 3d3f8b11) against
//! each driver's media list (libcarpctl's model/media.rs), and `-m`'s
//! `supported media:` block (`print_media_ifconfig`). The block and the
//! `media:` line have the same form on every release; what differs is
//! ifconfig's own check of option names (14+) and the name of a failed
//! read.

use crate::support::{assert_text, golden, refused, TestHost};

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

#[test]
fn options_select_listed_words() {
    for release in ["10.0", "14.1"] {
        let h = host(release);
        h.run("igb0 media 100baseTX mediaopt full-duplex").silent_ok();
        assert!(h
            .run("igb0")
            .stdout
            .contains("\tmedia: Ethernet 100baseTX <full-duplex>\n\tstatus: active\n"));
        // em_media_change forces 100 Mb/s half-duplex without the option;
        // em_media_status reports it with <half-duplex>.
        h.run("igb0 -mediaopt fdx").silent_ok();
        assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet 100baseTX (100baseTX <half-duplex>)\n"));
        // `half-duplex` clears full-duplex and sets nothing.
        h.run("igb0 mediaopt fdx").silent_ok();
        h.run("igb0 mediaopt half-duplex").silent_ok();
        assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet 100baseTX (100baseTX <half-duplex>)\n"));
        // One word for the whole line, whatever the order: `media` drops
        // the options given before it.
        h.run("igb0 mediaopt flowcontrol media 1000baseT mediaopt fdx").silent_ok();
        assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet 1000baseT <full-duplex>\n"));
        h.run("igb0 media autoselect").silent_ok();
        assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n"));
    }
}

#[test]
fn words_the_driver_does_not_list_are_refused() {
    let enxio = "SIOCSIFMEDIA (media): Device not configured";
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let h = host(release);
        assert_eq!(h.run("epair create").code, 0);
        assert_eq!(h.run("bridge0 create").code, 0);
        assert_eq!(h.run("vlan5 create vlan 5 vlandev igb0").code, 0);
        for args in [
            "igb0 mediaopt full-duplex", // autoselect has no full-duplex entry
            "igb0 media 100baseTX mediaopt flowcontrol",
            "igb0 inst 1", // e1000 lists instance 0 only
            "igb0 instance 15",
            "igb0 mode 11g", // Ethernet has no modes
            "igb0 mode autoselect",
            "igb0 media 10Gbase-T",
            "epair0a media autoselect", // epair lists 10Gbase-T alone
            "epair0a mediaopt full-duplex",
            "igb0 description x media 10Gbase-T", // nothing of the line stays
        ] {
            refused(&h, args, enxio);
        }
        refused(&h, "vlan5 media autoselect", "SIOCSIFMEDIA (media): Invalid argument");
        refused(&h, "igb0 inst 16", "invalid media instance: 16");
        refused(&h, "igb0 media 1000baseXX", "unknown media subtype: 1000baseXX");
        let read = if release >= "14" {
            "bridge0: ifconfig_media_get_mediareq: Invalid argument"
        } else {
            "SIOCGIFMEDIA: Invalid argument"
        };
        refused(&h, "bridge0 media autoselect", read);
        refused(&h, "bridge0 mediaopt fdx", read);
        // ifmedia.c through libifconfig (14+) names an unknown option; the
        // old one ORs its lookup's -1 into the word, which no driver lists.
        let bad_option = if release >= "14" { "unknown option: turbo" } else { enxio };
        refused(&h, "igb0 mediaopt fdx,turbo", bad_option);
        refused(&h, "igb0 -mediaopt turbo", bad_option);
    }
}

#[test]
fn supported_media_blocks() {
    let h = host("14.1");
    let out = h.run("-m igb0").stdout;
    let want = "\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\
                \tstatus: active\n\
                \tsupported media:\n\
                \t\tmedia autoselect\n\
                \t\tmedia 1000baseT\n\
                \t\tmedia 1000baseT mediaopt full-duplex\n\
                \t\tmedia 100baseTX mediaopt full-duplex\n\
                \t\tmedia 100baseTX\n\
                \t\tmedia 10baseT/UTP mediaopt full-duplex\n\
                \t\tmedia 10baseT/UTP\n";
    assert!(out.contains(want), "{out}");
    // Without -m, no block.
    assert!(!h.run("igb0").stdout.contains("supported media"));
    assert!(!h.run("-a").stdout.contains("supported media"));
    assert!(h.run("-am").stdout.contains("\tsupported media:\n"));
}

/// igb0, an epair, a tap and a lagg after a few media words, as `-m`
/// shows them (tests/golden/media-R.txt).
#[test]
fn golden_per_release() {
    let script = [
        "epair create",
        "tap0 create",
        "lagg0 create",
        "igb0 media 100baseTX mediaopt full-duplex",
        "epair0a media 10Gbase-T",
        "tap0 media auto",
        "lagg0 media autoselect",
    ];
    for release in ["10.0", "13.0", "14.1", "15.0"] {
        let h = host(release);
        for line in script {
            let r = h.run(line);
            assert_eq!(r.code, 0, "{release} {line}: {r:?}");
        }
        let shown: String =
            ["igb0", "epair0a", "tap0", "lagg0"].iter().map(|i| h.run(&format!("-m {i}")).stdout).collect();
        let name = format!("media-{release}.txt");
        if std::env::var_os("MEDIA_WRITE_GOLDEN").is_some() {
            std::fs::write(crate::support::repo_file(&format!("tests/golden/{name}")), &shown).unwrap();
        }
        assert_text(&shown, &golden(&name));
    }
}
