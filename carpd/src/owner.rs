//! Address ownership: while a vhid is MASTER its addresses live on a macvlan
//! with the virtual MAC 00:00:5e:00:01:VHID (as keepalived's `use_vmac`);
//! while BACKUP or INIT that macvlan does not exist, so nothing answers.
//!
//! Changes go through iproute2 (`ip`), a few milliseconds each, off the
//! packet path (advertisements are sent before ownership changes). Every
//! macvlan is named `carp<ifindex>v<vhid>` and recorded in a state file, so
//! a start after a crash removes what the crashed run left behind.

use std::collections::BTreeMap;
use std::io;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::Command;

use crate::config::VipAddr;

/// The macvlan carrying a vhid's addresses on a parent interface.
pub fn vmac_name(parent_index: u32, vhid: u8) -> String {
    format!("carp{parent_index}v{vhid}")
}

/// Whether a link name is one of ours (`carp<digits>v<digits>`).
pub fn is_vmac_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("carp") else { return false };
    let Some((a, b)) = rest.split_once('v') else { return false };
    !a.is_empty()
        && !b.is_empty()
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

/// The CARP virtual MAC of a vhid (RFC 5798's VRRP IPv4 MAC range).
pub fn virtual_mac(vhid: u8) -> String {
    format!("00:00:5e:00:01:{vhid:02x}")
}

/// What this process has put on the system.
pub struct Owner {
    state_file: PathBuf,
    /// Our macvlans by name, with their interface index.
    owned: BTreeMap<String, u32>,
    /// Parent settings we changed, with their values before, restored at exit.
    parent_conf: BTreeMap<(String, &'static str), String>,
}

impl Owner {
    /// Remove what a previous run recorded, and any leftover macvlan of ours.
    pub fn start(state_file: PathBuf) -> Owner {
        if let Ok(text) = std::fs::read_to_string(&state_file) {
            for name in text.lines().filter(|l| is_vmac_name(l)) {
                let _ = ip(&["link", "del", name]);
            }
        }
        for name in leftover_vmacs() {
            let _ = ip(&["link", "del", &name]);
        }
        let _ = std::fs::remove_file(&state_file);
        Owner { state_file, owned: BTreeMap::new(), parent_conf: BTreeMap::new() }
    }

    /// Become the owner of a vhid's addresses on `parent`: create the
    /// macvlan down, put the addresses on it, bring it up. Bringing it up
    /// with arp_notify / ndisc_notify set makes the kernel send a gratuitous
    /// ARP for every IPv4 address and an unsolicited NA for every IPv6 one,
    /// from the virtual MAC.
    pub fn take(&mut self, parent: &str, parent_index: u32, vhid: u8, addrs: &[VipAddr]) -> io::Result<()> {
        let name = vmac_name(parent_index, vhid);
        if self.owned.contains_key(&name) {
            return Ok(());
        }
        let _ = ip(&["link", "del", &name]);
        let mac = virtual_mac(vhid);
        ip(&["link", "add", &name, "link", parent, "address", &mac, "type", "macvlan", "mode", "private"])?;
        let index = nix::net::if_::if_nametoindex(name.as_str()).unwrap_or(0);
        self.owned.insert(name.clone(), index);
        self.save();
        // The parent must not answer ARP for the VIP with its own MAC, nor
        // the macvlan for the parent's addresses with the virtual one; and
        // ARP requests must not name a VIP as sender with the parent's MAC
        // (arp_announce 2: the outgoing interface's own address).
        for (k, v) in [("arp_ignore", "1"), ("arp_announce", "2")] {
            self.parent_conf.entry((parent.to_string(), k)).or_insert_with(|| {
                std::fs::read_to_string(conf_path(parent, "ipv4", k)).unwrap_or_default().trim().to_string()
            });
            set_conf(parent, "ipv4", k, v);
        }
        for (k, v) in [("arp_ignore", "1"), ("arp_announce", "2"), ("arp_notify", "1")] {
            set_conf(&name, "ipv4", k, v);
        }
        set_conf(&name, "ipv6", "ndisc_notify", "1");
        set_conf(&name, "ipv6", "accept_dad", "0");
        for a in addrs {
            let cidr = format!("{}/{}", a.addr, a.prefix);
            let mut args = vec!["addr", "add", cidr.as_str(), "dev", name.as_str()];
            if matches!(a.addr, IpAddr::V6(_)) {
                args.push("nodad");
            }
            ip(&args)?;
        }
        ip(&["link", "set", &name, "up"])
    }

    /// The index of the vhid's macvlan while we own the addresses:
    /// advertisements leave through it, so their Ethernet source is the
    /// virtual MAC, as FreeBSD's are.
    pub fn vmac_index(&self, parent_index: u32, vhid: u8) -> Option<u32> {
        self.owned.get(&vmac_name(parent_index, vhid)).copied().filter(|i| *i != 0)
    }

    /// Give a vhid's addresses up: the macvlan goes, and its addresses with it.
    pub fn release(&mut self, parent_index: u32, vhid: u8) {
        let name = vmac_name(parent_index, vhid);
        if self.owned.remove(&name).is_some() {
            let _ = ip(&["link", "del", &name]);
            self.save();
        }
    }

    /// Give everything up (exit), and put the parents' settings back.
    pub fn release_all(&mut self) {
        for name in std::mem::take(&mut self.owned).into_keys() {
            let _ = ip(&["link", "del", &name]);
        }
        for ((parent, k), v) in std::mem::take(&mut self.parent_conf) {
            if !v.is_empty() {
                set_conf(&parent, "ipv4", k, &v);
            }
        }
        let _ = std::fs::remove_file(&self.state_file);
    }

    fn save(&self) {
        let text: String = self.owned.keys().map(|n| format!("{n}\n")).collect();
        let _ = std::fs::write(&self.state_file, text);
    }
}

/// Macvlans named like ours in this network namespace.
fn leftover_vmacs() -> Vec<String> {
    let Ok(out) = Command::new("ip").args(["-o", "link", "show", "type", "macvlan"]).output() else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|n| n.split('@').next().unwrap_or(n).to_string())
        .filter(|n| is_vmac_name(n))
        .collect()
}

fn conf_path(ifname: &str, fam: &str, key: &str) -> String {
    format!("/proc/sys/net/{fam}/conf/{ifname}/{key}")
}

fn set_conf(ifname: &str, fam: &str, key: &str, value: &str) {
    let _ = std::fs::write(conf_path(ifname, fam, key), value);
}

fn ip(args: &[&str]) -> io::Result<()> {
    let out = Command::new("ip").args(args).output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_foreign_names_are_not_ours() {
        assert_eq!(vmac_name(12, 255), "carp12v255");
        assert!(is_vmac_name(&vmac_name(3, 1)));
        for n in ["carp", "carp3", "carpv1", "carp3v", "eth0", "carp3v1x", "mycarp3v1"] {
            assert!(!is_vmac_name(n), "{n}");
        }
        assert_eq!(virtual_mac(42), "00:00:5e:00:01:2a");
    }
}
