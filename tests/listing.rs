//! `-a`, `-l`, `-u`, `-d`, `-g`, family filters.

use crate::support::{assert_text, golden, TestHost};

fn three_interfaces() -> TestHost {
    TestHost::seed_with(|v| {
        let igb0 = v["interfaces"][0].clone();
        let mut em1 = igb0.clone();
        em1["name"] = "em1".into();
        em1["index"] = 2.into();
        em1["flags"] = serde_json::json!(["BROADCAST", "SIMPLEX", "MULTICAST"]);
        em1["ether"] = "00:25:90:03:0e:fb".into();
        em1["status"] = "no carrier".into();
        em1["addresses"] = serde_json::json!([]);
        let lo0 = serde_json::json!({
            "name": "lo0", "index": 3, "type": "loopback",
            "flags": ["UP", "LOOPBACK", "RUNNING", "MULTICAST"], "metric": 0, "mtu": 16384,
            "nd6": ["PERFORMNUD", "AUTO_LINKLOCAL"],
            "addresses": [{"family": "inet", "address": "127.0.0.1", "prefixlen": 8},
                          {"family": "inet6", "address": "::1", "prefixlen": 128}]
        });
        v["interfaces"] = serde_json::json!([igb0, em1, lo0]);
    })
}

#[test]
fn names_only() {
    let h = three_interfaces();
    assert_eq!(h.run("-l").stdout, "igb0 em1 lo0\n");
    assert_eq!(h.run("-l -u").stdout, "igb0 lo0\n");
    assert_eq!(h.run("-l -d").stdout, "em1\n");
    assert_eq!(h.run("-l inet6").stdout, "lo0\n");
    assert_eq!(h.run("-g lo").stdout, "lo0\n");
}

#[test]
fn all_and_default_listing() {
    let h = three_interfaces();
    let all = h.run("-a");
    assert_eq!(all.code, 0);
    assert!(all.stdout.starts_with(&golden("seed-1.txt")), "{}", all.stdout);
    assert!(all.stdout.contains("em1: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500\n"));
    assert!(all.stdout.contains("\tstatus: no carrier\n"));
    assert!(all.stdout.ends_with(
        "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n\
         \tinet 127.0.0.1 netmask 0xff000000\n\
         \tinet6 ::1 prefixlen 128\n\
         \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n"
    ));
    assert_text(&h.run("").stdout, &all.stdout);
    let up = h.run("-a -u").stdout;
    assert!(!up.contains("em1:") && up.contains("igb0:") && up.contains("lo0:"));
    let down = h.run("-a -d").stdout;
    assert!(down.starts_with("em1:") && !down.contains("igb0:"));
    let inet6 = h.run("-a inet6").stdout;
    assert_eq!(
        inet6,
        "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n\
         \tinet6 ::1 prefixlen 128\n\
         \tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n"
    );
}
