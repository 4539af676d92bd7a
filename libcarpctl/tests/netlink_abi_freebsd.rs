//! The netlink constants the codec and the FreeBSD flavor use, checked
//! against FreeBSD's own headers (shipped in PyPI's ziglang) by compiling
//! C `_Static_assert`s with `python-zig cc -target x86_64-freebsd`.
//! (`scripts/abi-check` covers the carp family and the message flags; this
//! covers the rest: rtnetlink attributes, interface types, sizes.)
//! Without zig the test prints `SKIPPED (no zig)`.

use std::path::Path;
use std::process::Command;

use libcarpctl::sys::netlink as nl;

fn facts() -> Vec<(&'static str, u64)> {
    vec![
        ("AF_INET", nl::AF_INET.into()),
        ("AF_INET6", nl::AF_INET6_FREEBSD.into()),
        ("AF_NETLINK", nl::AF_NETLINK_FREEBSD as u64),
        ("SOL_NETLINK", nl::SOL_NETLINK as u64),
        ("NETLINK_CAP_ACK", nl::NETLINK_CAP_ACK as u64),
        ("NETLINK_EXT_ACK", nl::NETLINK_EXT_ACK as u64),
        ("NETLINK_GET_STRICT_CHK", nl::NETLINK_GET_STRICT_CHK as u64),
        ("sizeof(struct nlmsghdr)", nl::NLMSG_HDRLEN as u64),
        ("sizeof(struct nlattr)", nl::NLA_HDRLEN as u64),
        ("sizeof(struct genlmsghdr)", nl::GENL_HDRLEN as u64),
        ("sizeof(struct ifinfomsg)", nl::IFINFOMSG_LEN as u64),
        ("sizeof(struct ifaddrmsg)", nl::IFADDRMSG_LEN as u64),
        ("NLMSG_NOOP", nl::NLMSG_NOOP.into()),
        ("NLMSG_OVERRUN", nl::NLMSG_OVERRUN.into()),
        ("NLMSG_MIN_TYPE", nl::NLMSG_MIN_TYPE.into()),
        ("NLM_F_ECHO", nl::NLM_F_ECHO.into()),
        ("NLM_F_DUMP_INTR", nl::NLM_F_DUMP_INTR.into()),
        ("NLM_F_REPLACE", nl::NLM_F_REPLACE.into()),
        ("NLM_F_EXCL", nl::NLM_F_EXCL.into()),
        ("NLM_F_CREATE", nl::NLM_F_CREATE.into()),
        ("NLM_F_CAPPED", nl::NLM_F_CAPPED.into()),
        ("NLM_F_ACK_TLVS", nl::NLM_F_ACK_TLVS.into()),
        ("NLMSGERR_ATTR_MSG", nl::NLMSGERR_ATTR_MSG.into()),
        ("NLMSGERR_ATTR_OFFS", nl::NLMSGERR_ATTR_OFFS.into()),
        ("NLMSGERR_ATTR_COOKIE", nl::NLMSGERR_ATTR_COOKIE.into()),
        ("NLA_F_NESTED", nl::NLA_F_NESTED.into()),
        ("NLA_F_NET_BYTEORDER", nl::NLA_F_NET_BYTEORDER.into()),
        ("CTRL_CMD_NEWFAMILY", nl::CTRL_CMD_NEWFAMILY.into()),
        ("CTRL_ATTR_VERSION", nl::CTRL_ATTR_VERSION.into()),
        ("CTRL_ATTR_HDRSIZE", nl::CTRL_ATTR_HDRSIZE.into()),
        ("CTRL_ATTR_MAXATTR", nl::CTRL_ATTR_MAXATTR.into()),
        ("GENL_NAMSIZ", nl::GENL_NAMSIZ as u64),
        ("RTM_NEWLINK", nl::RTM_NEWLINK.into()),
        ("RTM_DELLINK", nl::RTM_DELLINK.into()),
        ("IFLA_ADDRESS", nl::IFLA_ADDRESS.into()),
        ("IFLA_BROADCAST", nl::IFLA_BROADCAST.into()),
        ("IFLA_IFNAME", nl::IFLA_IFNAME.into()),
        ("IFLA_MTU", nl::IFLA_MTU.into()),
        ("IFLA_LINK", nl::IFLA_LINK.into()),
        ("IFLA_MASTER", nl::IFLA_MASTER.into()),
        ("IFLA_TXQLEN", nl::IFLA_TXQLEN.into()),
        ("IFLA_OPERSTATE", nl::IFLA_OPERSTATE.into()),
        ("IFLA_LINKMODE", nl::IFLA_LINKMODE.into()),
        ("IFLA_LINKINFO", nl::IFLA_LINKINFO.into()),
        ("IFLA_IFALIAS", nl::IFLA_IFALIAS.into()),
        ("IFLA_STATS64", nl::IFLA_STATS64.into()),
        ("IFLA_PROMISCUITY", nl::IFLA_PROMISCUITY.into()),
        ("IFLA_CARRIER", nl::IFLA_CARRIER.into()),
        ("IFLA_INFO_KIND", nl::IFLA_INFO_KIND.into()),
        ("IFLA_INFO_DATA", nl::IFLA_INFO_DATA.into()),
        ("IF_OPER_UNKNOWN", nl::IF_OPER_UNKNOWN.into()),
        ("IF_OPER_DOWN", nl::IF_OPER_DOWN.into()),
        ("IF_OPER_LOWERLAYERDOWN", nl::IF_OPER_LOWERLAYERDOWN.into()),
        ("IF_OPER_DORMANT", nl::IF_OPER_DORMANT.into()),
        ("IF_OPER_UP", nl::IF_OPER_UP.into()),
        ("IFA_ADDRESS", nl::IFA_ADDRESS.into()),
        ("IFA_LOCAL", nl::IFA_LOCAL.into()),
        ("IFA_LABEL", nl::IFA_LABEL.into()),
        ("IFA_BROADCAST", nl::IFA_BROADCAST.into()),
        ("IFA_CACHEINFO", nl::IFA_CACHEINFO.into()),
        ("IFA_FLAGS", nl::IFA_FLAGS.into()),
        ("RT_SCOPE_UNIVERSE", nl::RT_SCOPE_UNIVERSE.into()),
        ("RT_SCOPE_LINK", nl::RT_SCOPE_LINK.into()),
        ("RT_SCOPE_HOST", nl::RT_SCOPE_HOST.into()),
        ("IFT_ETHER", nl::IFT_ETHER.into()),
        ("IFT_LOOP", nl::IFT_LOOP.into()),
        ("IFT_L2VLAN", nl::IFT_L2VLAN.into()),
        ("IFT_BRIDGE", nl::IFT_BRIDGE.into()),
    ]
}

fn c_source(facts: &[(&str, u64)]) -> String {
    let mut c = String::from(
        "#include <sys/types.h>\n#include <sys/socket.h>\n#include <net/if.h>\n#include <net/if_types.h>\n\
         #include <netinet/in.h>\n#include <netlink/netlink.h>\n#include <netlink/netlink_generic.h>\n\
         #include <netlink/netlink_route.h>\n",
    );
    for (expr, value) in facts {
        c.push_str(&format!(
            "_Static_assert((unsigned long long)({expr}) == {value}ULL, \"ABI: {} == {value}\");\n",
            expr.replace('"', "'")
        ));
    }
    c
}

fn compile(src: &str, dir: &Path) -> Result<(), String> {
    let file = dir.join("netlink_abi.c");
    std::fs::write(&file, src).map_err(|e| e.to_string())?;
    let out = Command::new("/opt/zigenv/bin/python-zig")
        .args(["cc", "-target", "x86_64-freebsd", "-std=c11", "-c", "-o"])
        .arg(dir.join("netlink_abi.o"))
        .arg(&file)
        .env("ZIG_GLOBAL_CACHE_DIR", dir.join("zig-cache"))
        .env("ZIG_LOCAL_CACHE_DIR", dir.join("zig-cache"))
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn netlink_constants_match_freebsd_headers() {
    if !Path::new("/opt/zigenv/bin/python-zig").exists() {
        println!("SKIPPED (no zig): netlink_constants_match_freebsd_headers");
        return;
    }
    let dir = std::env::temp_dir().join(format!("carpctl-nlabi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let facts = facts();
    let result = compile(&c_source(&facts), &dir);
    // The check can fail: one wrong value must be caught and named.
    let mut wrong = facts.clone();
    wrong[0].1 += 1;
    let caught = compile(&c_source(&wrong), &dir);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        panic!("netlink constants differ from FreeBSD's headers:\n{e}");
    }
    let why = caught.expect_err("a wrong constant must fail the compile");
    assert!(why.contains("ABI: AF_INET =="), "{why}");
}
