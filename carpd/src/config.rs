//! carpd's configuration: FreeBSD rc.conf lines, read with ifconfig's
//! meaning of the words, plus `net.inet.carp.*` settings.
//!
//! ```text
//! ifconfig_eth0="inet 192.0.2.11/24"                         # the host's own: left to the system
//! ifconfig_eth0_alias0="inet vhid 1 pass s3cret alias 192.0.2.100/32"
//! ifconfig_eth0_alias1="vhid 1 advskew 100"
//! net.inet.carp.preempt=1
//! ```

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libcarpctl::engine::Settings;
use libcarpctl::{CarpConfig, CarpState, Key, Vhid};

use crate::settings;

/// One address that belongs to a vhid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct VipAddr {
    pub addr: IpAddr,
    pub prefix: u8,
}

/// A vhid's addresses as the engine takes them: IPv4 and IPv6 apart.
pub fn split_families(addrs: &[VipAddr]) -> (Vec<Ipv4Addr>, Vec<Ipv6Addr>) {
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for a in addrs {
        match a.addr {
            IpAddr::V4(x) => v4.push(x),
            IpAddr::V6(x) => v6.push(x),
        }
    }
    (v4, v6)
}

/// What one interface carries.
#[derive(Debug, Clone, Default)]
pub struct IfaceConfig {
    /// Per vhid: the CARP parameters given, in the order given.
    pub vhids: BTreeMap<u8, CarpConfig>,
    /// Per vhid: its addresses.
    pub addrs: BTreeMap<u8, Vec<VipAddr>>,
}

/// The whole file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub ifaces: BTreeMap<String, IfaceConfig>,
    /// `net.inet.carp.*` lines.
    pub settings: Settings,
}

/// A parse error with the line it came from (never the line's text: it may hold a key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub msg: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.msg)
    }
}

impl Config {
    /// Parse a file's text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let mut cfg = Config::default();
        for (i, raw) in text.lines().enumerate() {
            let err = |msg: String| ConfigError { line: i + 1, msg };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line.split_once('=').ok_or_else(|| err("expected NAME=VALUE".into()))?;
            let (name, value) = (name.trim(), unquote(value.trim()));
            if name.starts_with("net.inet.carp.") {
                settings::set(&mut cfg.settings, name, value).map_err(err)?;
            } else if let Some(rest) = name.strip_prefix("ifconfig_") {
                let ifname = interface_of(rest);
                let iface = cfg.ifaces.entry(ifname.to_string()).or_default();
                apply_words(iface, value).map_err(err)?;
            }
            // Anything else (hostname=..., sshd_enable=...) is not ours.
        }
        Ok(cfg)
    }
}

/// `eth0_alias3` -> `eth0`; `eth0_ipv6` -> `eth0`; `eth0` -> `eth0`.
fn interface_of(rest: &str) -> &str {
    if let Some(base) = rest.strip_suffix("_ipv6") {
        return base;
    }
    if let Some(pos) = rest.rfind("_alias") {
        let n = &rest[pos + "_alias".len()..];
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return &rest[..pos];
        }
    }
    rest
}

fn unquote(v: &str) -> &str {
    let v = v.split_once(" #").map_or(v, |(a, _)| a).trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// What a word of an ifconfig line does for carpd.
#[derive(Clone, Copy)]
enum Word {
    /// A CARP parameter with its value.
    Carp(fn(&mut CarpConfig, &str) -> Result<(), String>),
    /// `mcast`/`mcast6`: no value.
    CarpFlag(fn(&mut CarpConfig)),
    Netmask,
    Prefixlen,
    Family(Fam),
    /// Accepted, not carpd's business, no value (`up`, `alias`, ...).
    Ignore,
    /// Accepted, not carpd's business, one value (`mtu 9000`, ...).
    IgnoreArg,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fam {
    Inet,
    Inet6,
}

/// ifconfig's keywords that matter for a vhid, and the ones carpd passes over.
const WORDS: &[(&str, Word)] = &[
    ("vhid", Word::IgnoreArg), // read before the other words: it names the vhid
    ("advbase", Word::Carp(|c, v| num(v).map(|n| c.advbase = Some(n)))),
    ("advskew", Word::Carp(|c, v| num(v).map(|n| c.advskew = Some(n)))),
    (
        "pass",
        Word::Carp(|c, v| {
            c.key = Some(Key::from_passphrase(v.as_bytes()));
            Ok(())
        }),
    ),
    ("passfile", Word::Carp(|c, v| read_passfile(v).map(|k| c.key = Some(k)))),
    ("state", Word::Carp(|c, v| state(v).map(|s| c.state = Some(s)))),
    ("peer", Word::Carp(|c, v| v.parse().map(|a| c.peer = Some(a)).map_err(|_| format!("{v}: bad value")))),
    ("peer6", Word::Carp(|c, v| v.parse().map(|a| c.peer6 = Some(a)).map_err(|_| format!("{v}: bad value")))),
    ("carpver", Word::Carp(|c, v| version(v).map(|n| c.version = Some(n)))),
    ("vrrpprio", Word::Carp(|c, v| num(v).map(|n| c.vrrp_priority = Some(n as u8)))),
    ("vrrpinterval", Word::Carp(|c, v| num(v).map(|n| c.vrrp_interval = Some(n as u32)))),
    ("mcast", Word::CarpFlag(|c| c.peer = Some(libcarpctl::CARP_DEFAULT_PEER))),
    ("mcast6", Word::CarpFlag(|c| c.peer6 = Some(libcarpctl::CARP_DEFAULT_PEER6))),
    ("netmask", Word::Netmask),
    ("prefixlen", Word::Prefixlen),
    ("inet", Word::Family(Fam::Inet)),
    ("inet6", Word::Family(Fam::Inet6)),
    ("alias", Word::Ignore),
    ("add", Word::Ignore),
    ("up", Word::Ignore),
    ("down", Word::Ignore),
    ("DHCP", Word::Ignore),
    ("SYNCDHCP", Word::Ignore),
    ("WAIT", Word::Ignore),
    ("accept_rtadv", Word::Ignore),
    ("-accept_rtadv", Word::Ignore),
    ("auto_linklocal", Word::Ignore),
    ("-auto_linklocal", Word::Ignore),
    ("ifdisabled", Word::Ignore),
    ("-ifdisabled", Word::Ignore),
    ("promisc", Word::Ignore),
    ("mtu", Word::IgnoreArg),
    ("metric", Word::IgnoreArg),
    ("media", Word::IgnoreArg),
    ("mediaopt", Word::IgnoreArg),
    ("broadcast", Word::IgnoreArg),
    ("description", Word::IgnoreArg),
    ("ether", Word::IgnoreArg),
    ("lladdr", Word::IgnoreArg),
];

fn num(v: &str) -> Result<i32, String> {
    v.parse().map_err(|_| format!("{v}: bad value"))
}

/// `carpver 2|3`, as ifconfig's: no other version exists.
fn version(v: &str) -> Result<libcarpctl::CarpVersion, String> {
    match num(v)? {
        2 => Ok(libcarpctl::CarpVersion::Carp),
        3 => Ok(libcarpctl::CarpVersion::Vrrp),
        _ => Err("version must be 2 or 3".to_string()),
    }
}

fn state(v: &str) -> Result<CarpState, String> {
    match v {
        "master" | "MASTER" => Ok(CarpState::Master),
        "backup" | "BACKUP" => Ok(CarpState::Backup),
        _ => Err(format!("unknown state '{v}'")),
    }
}

fn read_passfile(path: &str) -> Result<Key, String> {
    Key::from_file(std::path::Path::new(path)).map_err(|e| format!("passfile {path}: {e}"))
}

/// Apply one line's words to the interface, as one ifconfig command.
fn apply_words(iface: &mut IfaceConfig, value: &str) -> Result<(), String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    // First pass: the vhid the command is about (ifconfig reads it wherever it stands).
    let mut carp = None;
    for w in words.windows(2).filter(|w| w[0] == "vhid") {
        let v = w[1].parse::<i64>().ok().and_then(Vhid::new);
        carp = Some(CarpConfig::new(v.ok_or_else(|| format!("{}: bad value", w[1]))?));
    }
    let mut fam = Fam::Inet;
    let mut addr: Option<VipAddr> = None;
    let mut it = words.iter();
    while let Some(&w) = it.next() {
        let entry = WORDS.iter().find(|(k, _)| *k == w).map(|(_, e)| *e);
        match entry {
            Some(Word::Carp(set)) => {
                let v = it.next().ok_or_else(|| format!("missing argument for {w}"))?;
                set(carp.as_mut().ok_or_else(|| format!("{w} without vhid"))?, v)?;
            }
            Some(Word::CarpFlag(set)) => set(carp.as_mut().ok_or_else(|| format!("{w} without vhid"))?),
            Some(Word::Family(f)) => fam = f,
            Some(Word::Netmask) => {
                let v = it.next().ok_or("missing argument for netmask")?;
                let a = addr.as_mut().ok_or("netmask without address")?;
                a.prefix = mask_len(v)?;
            }
            Some(Word::Prefixlen) => {
                let v = it.next().ok_or("missing argument for prefixlen")?;
                let a = addr.as_mut().ok_or("prefixlen without address")?;
                a.prefix = v.parse().map_err(|_| format!("{v}: bad value"))?;
            }
            Some(Word::Ignore) => {}
            Some(Word::IgnoreArg) => {
                it.next();
            }
            None => {
                let a = parse_addr(w, fam).ok_or_else(|| format!("{w}: bad value"))?;
                addr = Some(a);
            }
        }
    }
    // An address without a vhid is the host's own: the system configures
    // it, not carpd.
    if let Some(c) = carp {
        let v = c.vhid.get();
        merge(iface.vhids.entry(v).or_insert_with(|| CarpConfig::new(c.vhid)), c);
        if let Some(a) = addr {
            iface.addrs.entry(v).or_default().push(a);
        }
    }
    Ok(())
}

/// Later lines add to what earlier lines said about the same vhid.
fn merge(into: &mut CarpConfig, c: CarpConfig) {
    into.state = c.state.or(into.state);
    into.advbase = c.advbase.or(into.advbase);
    into.advskew = c.advskew.or(into.advskew);
    if c.key.is_some() {
        into.key = c.key;
    }
    into.peer = c.peer.or(into.peer);
    into.peer6 = c.peer6.or(into.peer6);
    into.version = c.version.or(into.version);
    into.vrrp_priority = c.vrrp_priority.or(into.vrrp_priority);
    into.vrrp_interval = c.vrrp_interval.or(into.vrrp_interval);
}

fn parse_addr(w: &str, fam: Fam) -> Option<VipAddr> {
    let (a, len) = match w.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (w, None),
    };
    let addr: IpAddr = match fam {
        Fam::Inet => IpAddr::V4(a.parse::<Ipv4Addr>().ok()?),
        Fam::Inet6 => IpAddr::V6(a.parse::<Ipv6Addr>().ok()?),
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = len.unwrap_or(if addr.is_ipv4() { 32 } else { 64 });
    (prefix <= max).then_some(VipAddr { addr, prefix })
}

/// `255.255.255.0` or `0xffffff00` -> 24.
fn mask_len(v: &str) -> Result<u8, String> {
    let bad = || format!("{v}: bad value");
    let m = if let Some(hex) = v.strip_prefix("0x") {
        u32::from_str_radix(hex, 16).map_err(|_| bad())?
    } else {
        u32::from(v.parse::<Ipv4Addr>().map_err(|_| bad())?)
    };
    Ok(m.count_ones() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RC: &str = r#"
# a FreeBSD admin's lines, as they are
hostname="fw1"
ifconfig_eth0="inet 192.0.2.11/24"
ifconfig_eth0_alias0="inet vhid 1 pass s3cret alias 192.0.2.100/32"
ifconfig_eth0_alias1="vhid 1 advskew 100 advbase 2"
ifconfig_eth0_alias2="inet 192.0.2.101 netmask 255.255.255.0 vhid 1"
ifconfig_eth0_alias3='inet6 2001:db8::100 prefixlen 64 vhid 1'
ifconfig_br_lan_alias0="inet vhid 7 carpver 3 vrrpprio 200 vrrpinterval 10 alias 198.51.100.7/24"
net.inet.carp.preempt=1
"#;

    #[test]
    fn rc_conf_lines_mean_what_ifconfig_means() {
        let cfg = Config::parse(RC).unwrap();
        assert!(cfg.settings.preempt);
        let eth0 = &cfg.ifaces["eth0"];
        let v1 = &eth0.vhids[&1];
        assert_eq!((v1.advskew, v1.advbase), (Some(100), Some(2)));
        assert_eq!(v1.key.as_ref().unwrap().reveal(), b"s3cret");
        let addrs: Vec<String> = eth0.addrs[&1].iter().map(|a| format!("{}/{}", a.addr, a.prefix)).collect();
        assert_eq!(addrs, ["192.0.2.100/32", "192.0.2.101/24", "2001:db8::100/64"]);
        let lan = &cfg.ifaces["br_lan"].vhids[&7];
        assert_eq!((lan.version, lan.vrrp_priority, lan.vrrp_interval), (Some(libcarpctl::CarpVersion::Vrrp), Some(200), Some(10)));
        // The host's own address is not carpd's: no vhid entry for it.
        assert_eq!(eth0.vhids.len(), 1);
    }

    #[test]
    fn passfile_reads_the_first_line() {
        let path = std::env::temp_dir().join(format!("carpd-pass-{}", std::process::id()));
        std::fs::write(&path, "fromfile\nignored\n").unwrap();
        let line = format!("ifconfig_eth0_alias0=\"vhid 3 passfile {} alias 192.0.2.3/32\"", path.display());
        let cfg = Config::parse(&line).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(cfg.ifaces["eth0"].vhids[&3].key.as_ref().unwrap().reveal(), b"fromfile");
    }

    #[test]
    fn errors_name_the_line_and_never_the_key() {
        for (text, want) in [
            ("ifconfig_eth0=\"vhid 0 pass topsecret\"", "line 1: 0: bad value"),
            ("\nifconfig_eth0=\"vhid 1 advskew\"", "line 2: missing argument for advskew"),
            ("ifconfig_eth0=\"advskew 5 pass topsecret\"", "line 1: advskew without vhid"),
            ("ifconfig_eth0=\"vhid 1 frobnicate pass topsecret\"", "line 1: frobnicate: bad value"),
            ("net.inet.carp.bogus=1", "line 1: unknown oid 'net.inet.carp.bogus'"),
            ("junk", "line 1: expected NAME=VALUE"),
        ] {
            let e = Config::parse(text).unwrap_err().to_string();
            assert_eq!(e, want);
            assert!(!e.contains("topsecret"));
        }
    }

    #[test]
    fn alias_suffixes_name_the_interface() {
        assert_eq!(interface_of("eth0_alias12"), "eth0");
        assert_eq!(interface_of("vlan_10_ipv6"), "vlan_10");
        assert_eq!(interface_of("eth0_aliasx"), "eth0_aliasx");
    }
}
