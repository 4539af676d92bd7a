//! Address changes: rc.conf lines verbatim, replace vs alias, and removing
//! a vhid's last address.

use crate::support::TestHost;

#[test]
fn rc_conf_lines_work_verbatim() {
    let h = TestHost::seed_with(|v| v["interfaces"][0]["name"] = "em0".into());
    // ifconfig_em0_alias0="inet vhid 1 pass testpass alias 192.168.1.50/32"
    h.run("em0 inet vhid 1 pass testpass alias 192.168.1.50/32").silent_ok();
    let out = h.run("-k em0").stdout;
    assert!(out.contains("\tinet 10.0.0.118 netmask 0xffffffe0 broadcast 10.0.0.127\n"), "{out}");
    assert!(out.contains("\tinet 192.168.1.50 netmask 0xffffffff broadcast 192.168.1.50 vhid 1\n"), "{out}");
    assert!(out.contains("\tcarp: BACKUP vhid 1 advbase 1 advskew 0 key \"testpass\"\n"), "{out}");

    // ifconfig_em1_alias0="vhid 12 advskew 210 pass RD0B4OBZ 192.168.1.11/32": no alias, so
    // the new address replaces the first inet address.
    let h = TestHost::seed_with(|v| v["interfaces"][0]["name"] = "em1".into());
    h.run("em1 vhid 12 advskew 210 pass RD0B4OBZ 192.168.1.11/32").silent_ok();
    let out = h.run("-k em1").stdout;
    assert!(!out.contains("10.0.0.118"), "{out}");
    assert!(out.contains("\tinet 192.168.1.11 netmask 0xffffffff broadcast 192.168.1.11 vhid 12\n"), "{out}");
    assert!(out.contains("\tcarp: BACKUP vhid 12 advbase 1 advskew 210 key \"RD0B4OBZ\"\n"), "{out}");
}

#[test]
fn state_change_keeps_key_advbase_advskew() {
    let h = TestHost::seed();
    h.run("igb0 vhid 5 advbase 3 advskew 40 pass k1 192.0.2.5/24 alias").silent_ok();
    h.run("igb0 vhid 5 state master").silent_ok();
    let out = h.run("-k igb0").stdout;
    assert!(out.contains("\tcarp: MASTER vhid 5 advbase 3 advskew 40 key \"k1\"\n"), "{out}");
}

#[test]
fn removing_last_vhid_address_destroys_vhid_and_drops_promisc() {
    for delete in ["-alias", "delete"] {
        let h = TestHost::seed();
        h.run("igb0 vhid 9 192.0.2.9/24 alias").silent_ok();
        h.run("igb0 inet6 2001:db8::9 vhid 9 alias").silent_ok();
        let out = h.run("igb0").stdout;
        assert!(out.starts_with("igb0: flags=8943<UP,BROADCAST,RUNNING,PROMISC,"), "{out}");
        h.run(&format!("igb0 192.0.2.9 {delete}")).silent_ok();
        assert!(h.run("igb0").stdout.contains("carp: BACKUP vhid 9"), "one address still holds the vhid");
        h.run(&format!("igb0 inet6 2001:db8::9 {delete}")).silent_ok();
        let out = h.run("igb0").stdout;
        assert!(!out.contains("carp:"), "{out}");
        assert!(out.starts_with("igb0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>"), "{out}");
    }
}

#[test]
fn replace_without_alias_and_down_up() {
    let h = TestHost::seed();
    h.run("igb0 192.0.2.1/24").silent_ok();
    let out = h.run("igb0 inet").stdout;
    assert_eq!(
        out,
        "igb0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\
         \toptions=401bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,VLAN_HWTSO>\n\
         \tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n"
    );
    h.run("igb0 vhid 2 192.0.2.2/24 alias").silent_ok();
    h.run("igb0 down").silent_ok();
    let out = h.run("igb0").stdout;
    assert!(out.starts_with("igb0: flags=8942<BROADCAST,RUNNING,PROMISC,"), "{out}");
    assert!(out.contains("carp: INIT vhid 2"), "{out}");
    h.run("igb0 up mtu 9000").silent_ok();
    let out = h.run("igb0").stdout;
    assert!(out.contains("carp: BACKUP vhid 2") && out.contains(" mtu 9000\n"), "{out}");
}

#[test]
fn concurrent_commands_lose_no_update() {
    let h = TestHost::seed();
    let children: Vec<_> = (1..=32)
        .map(|n| {
            std::process::Command::new(env!("CARGO_BIN_EXE_ifconfig"))
                .args(["--model", h.path.to_str().unwrap(), "igb0", &format!("198.51.100.{n}/32"), "alias"])
                .spawn()
                .expect("spawn ifconfig")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let out = h.run("igb0 inet").stdout;
    for n in 1..=32 {
        assert!(
            out.contains(&format!("\tinet 198.51.100.{n} netmask 0xffffffff ")),
            "198.51.100.{n} lost:\n{out}"
        );
    }
}
