//! Every message of carp.c and the address code: text, exit 1, and the host
//! file byte-identical afterwards (the whole line is validated first).

use crate::support::TestHost;

#[track_caller]
fn refused(h: &TestHost, args: &str, msg: &str) {
    let before = h.bytes();
    h.run(args).fails_with(msg);
    assert_eq!(h.bytes(), before, "host file changed by: {args}");
}

#[test]
fn grammar_messages_change_nothing() {
    let h = TestHost::seed();
    let cases = [
        ("igb0 vhid 0", "vhid must be greater than 0 and less than 255"),
        ("igb0 vhid 256 pass x", "vhid must be greater than 0 and less than 255"),
        ("igb0 vhid abc", "vhid must be greater than 0 and less than 255"),
        ("igb0 10.0.0.5/27 alias advskew 100 vhid 3", "advskew requires vhid"),
        ("igb0 advbase 2 vhid 3", "advbase requires vhid"),
        ("igb0 pass secret", "passwd requires vhid"),
        ("igb0 state master", "state requires vhid"),
        ("igb0 vhid 3 state primary", "unknown state"),
        ("igb0 link vhid 3", "link doesn't support carp(4)"),
        ("igb0 up vhid 3 advskew 10 foo/33", "foo/33: bad value (width too large)"),
        ("igb0 10.0.0.9/27 alias vhid", "'vhid' requires argument"),
        ("igb0 notanaddress", "notanaddress: bad value"),
        ("igb0 mtu 9000 vhid 0", "vhid must be greater than 0 and less than 255"),
    ];
    for (args, msg) in cases {
        refused(&h, args, msg);
    }
}

#[test]
fn newer_keywords_messages() {
    let h14 = TestHost::seed_with(|v| v["release"] = "14.1".into());
    refused(&h14, "igb0 vhid 3 peer6 not-v6", "Invalid IPv6 address not-v6");
    let h15 = TestHost::seed_with(|v| v["release"] = "15.0".into());
    refused(&h15, "igb0 vhid 3 carpver 4", "version must be 2 or 3");
    refused(&h15, "igb0 vhid 3 vrrpinterval 0", "vrrpinterval must be greater than 0 and less than 4095");
    refused(&h15, "igb0 vhid 3 vrrpinterval 4096", "vrrpinterval must be greater than 0 and less than 4095");
    refused(&h15, "igb0 192.0.2.7", "ERROR: setting interface address without mask is no longer supported.");
}

#[test]
fn unknown_interface() {
    let h = TestHost::seed();
    refused(&h, "igb9", "interface igb9 does not exist");
    refused(&h, "igb9 vhid 1", "interface igb9 does not exist");
}

#[test]
fn kernel_refusals() {
    // Since 2024 (here 15.0) a rejected SET changes nothing.
    let h15 = TestHost::seed_with(|v| v["release"] = "15.0".into());
    refused(&h15, "igb0 vhid 7 advskew 255", "SIOCSVH: Invalid argument");
    refused(&h15, "igb0 vhid 7 advbase 256", "SIOCSVH: Invalid argument");

    // 10.0 half-applies: the vhid is created before advskew is judged.
    let h10 = TestHost::seed();
    h10.run("igb0 vhid 7 advskew 255").fails_with("SIOCSVH: Invalid argument");
    assert!(h10.run("igb0").stdout.contains("\tcarp: INIT vhid 7 advbase 1 advskew 0\n"));

    let unpriv = TestHost::seed_with(|v| v["privileged"] = false.into());
    refused(&unpriv, "igb0 vhid 7 pass x", "SIOCSVH: Operation not permitted");
    refused(&unpriv, "igb0 192.0.2.1/24 alias", "ioctl (SIOCAIFADDR): permission denied");
    // setifflags and setifcap name a refusal by the word (Perror(vname)).
    refused(&unpriv, "igb0 down", "down: permission denied");
    refused(&unpriv, "igb0 up", "up: permission denied");
    refused(&unpriv, "igb0 -rxcsum", "-rxcsum: permission denied");
    refused(&unpriv, "igb0 promisc", "promisc: permission denied");

    let no_carp = TestHost::seed_with(|v| v["carp_loaded"] = false.into());
    refused(&no_carp, "igb0 vhid 7", "SIOCGVH: Protocol not supported");

    let h = TestHost::seed();
    refused(&h, "igb0 192.0.2.77 -alias", "ioctl (SIOCDIFADDR): Can't assign requested address");
}

#[test]
fn usage_exits_one() {
    let h = TestHost::seed();
    let out = h.run("-Z");
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("usage: ifconfig "), "{out:?}");
    assert_eq!(out.stdout, "");
}

/// `-G` is taken only after `-a` (ifconfig.c's args_parse: `case 'G': if
/// (optarg == NULL || all == 0) usage();`); with it, the group is left out.
#[test]
fn nogroup_needs_all_before_it() {
    let h = TestHost::seed();
    for args in ["-G all", "-G all -a", "-G all igb0"] {
        let out = h.run(args);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{args}: {out:?}");
        assert!(out.stderr.starts_with("usage: ifconfig "), "{args}: {out:?}");
    }
    // Every interface is in group `all`: nothing is listed.
    assert!(h.run("-a").stdout.starts_with("igb0: "));
    for args in ["-a -G all", "-aG all", "-a -G all -a"] {
        let out = h.run(args);
        assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""), "{args}");
    }
}

/// A bad `fib` / `tunnelfib` value is a warning (iffib.c's `warn(...);
/// return;`): the rest of the line is applied and the exit status is 0.
#[test]
fn bad_fib_warns_and_goes_on() {
    let h = TestHost::seed_with(|v| v["release"] = "14.1".into());
    let out = h.run("igb0 fib abc mtu 1400");
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "ifconfig: fib abc not valid: Invalid argument\n");
    assert!(h.run("igb0").stdout.contains(" mtu 1400\n"));
    let before = h.bytes();
    let out = h.run("igb0 tunnelfib 4294967296");
    assert_eq!((out.code, out.stderr.as_str()), (0, "ifconfig: fib 4294967296 not valid: No error: 0\n"));
    assert_eq!(h.bytes(), before, "nothing to change");
}

/// ifmedia.c: the media are read first (14+ through libifconfig, before
/// that SIOCGIFMEDIA), then SIOCSIFMEDIA takes what the driver lists
/// (if_igb.c's copper media), else ENXIO, named "SIOCSIFMEDIA (media)".
#[test]
fn media_follows_the_driver_list() {
    let h = TestHost::seed_with(|v| v["release"] = "14.1".into());
    h.run("igb0 media 1000baseTX").silent_ok();
    // e1000 advertises 1000 full-duplex for 1000baseT; the link runs so.
    assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet 1000baseT (1000baseT <full-duplex>)\n"));
    h.run("igb0 media 1000baseT-FDX").silent_ok();
    assert!(h.run("igb0").stdout.contains("\tmedia: Ethernet 1000baseT <full-duplex>\n"));
    refused(&h, "igb0 media 10Gbase-T", "SIOCSIFMEDIA (media): Device not configured");
    refused(&h, "igb0 media bogus", "unknown media subtype: bogus");
    h.run("bridge0 create").silent_ok();
    refused(&h, "bridge0 media autoselect", "bridge0: ifconfig_media_get_mediareq: Invalid argument");
    let h13 = TestHost::seed_with(|v| v["release"] = "13.0".into());
    h13.run("bridge0 create").silent_ok();
    refused(&h13, "bridge0 media autoselect", "SIOCGIFMEDIA: Invalid argument");
}
