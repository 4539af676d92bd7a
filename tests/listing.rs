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

/// `ifconfig -a | head -1`: the reader goes away; like FreeBSD's (which
/// SIGPIPE kills) nothing is said on stderr.
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // More output than a pipe holds, so the writer meets the closed end.
    let h = TestHost::seed_with(|v| {
        let igb0 = v["interfaces"][0].clone();
        let many: Vec<serde_json::Value> = (0..1000)
            .map(|n| {
                let mut i = igb0.clone();
                i["name"] = format!("em{n}").into();
                i["index"] = (n + 1).into();
                i
            })
            .collect();
        v["interfaces"] = many.into();
    });
    let mut child = Command::new(env!("CARGO_BIN_EXE_ifconfig"))
        .args(["--model", h.path.to_str().unwrap(), "-a"])
        .env_remove("IFCONFIG_MODEL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("em0: flags="), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(128 + 13), "the status a shell shows for SIGPIPE");
}

/// Reading a host file leaves nothing beside it; neither does an update.
#[test]
fn commands_leave_no_lock_file_behind() {
    let h = three_interfaces();
    for args in ["-a", "igb0", "--json -a", "--carp", "-l", "--dry-run igb0 mtu 1400", "igb0 mtu 1400"] {
        let r = h.run(args);
        assert_eq!(r.code, 0, "{args}: {r:?}");
        let dir = h.path.parent().unwrap();
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["host.json"], "after {args}");
    }
}
