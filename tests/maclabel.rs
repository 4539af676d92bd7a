//! `maclabel` (ifmac.c) on a host with no MAC policy loaded, as the
//! virtual host is: libc's `mac_from_text` takes any text, the kernel
//! refuses SIOCSIFMAC (EINVAL: no policy labels interfaces), which
//! ifconfig reports with `perror("setifmac")` (no program name) and goes
//! on; SIOCGIFMAC fails too, so no `maclabel` line is printed.

use crate::support::TestHost;

fn host(release: &str) -> TestHost {
    TestHost::seed_with(|v| v["release"] = release.into())
}

#[test]
fn maclabel_without_a_policy_is_reported_and_the_line_goes_on() {
    for release in ["10.0", "13.2", "14.1", "15.0"] {
        let h = host(release);
        let before = h.run("-a").stdout;
        let r = h.run("igb0 maclabel biba/high");
        assert_eq!(
            (r.stdout.as_str(), r.stderr.as_str(), r.code),
            ("", "setifmac: Invalid argument\n", 0),
            "{release}"
        );
        assert_eq!(h.run("-a").stdout, before, "{release}: nothing changed");
        assert!(!before.contains("maclabel"), "{release}: no maclabel line");
        let r = h.run("igb0 maclabel mls/low mtu 1400");
        assert_eq!((r.stderr.as_str(), r.code), ("setifmac: Invalid argument\n", 0), "{release}");
        assert!(h.run("igb0").stdout.contains(" mtu 1400\n"), "{release}");
        // Its one argument is required, as DEF_CMD_ARG's.
        let r = h.run("igb0 maclabel");
        assert_eq!((r.stderr.as_str(), r.code), ("ifconfig: 'maclabel' requires argument\n", 1), "{release}");
    }
}
