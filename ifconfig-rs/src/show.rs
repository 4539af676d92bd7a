//! Listing: `-a`, `-l`, `-u`, `-d`, `-g`, `-G`, one interface, a family.

use libcarpctl::{Family, IfFlags, IfType, Interface};

use crate::options::Options;
#[cfg(test)]
use crate::render::{write_block, Dialect, View};

/// The groups an interface belongs to: every interface is in `all`;
/// cloned ones also in their driver's group; then the groups the host
/// records (`group NAME`, a cloner's group).
pub fn groups_of(iface: &Interface) -> Vec<&str> {
    let mut g = vec!["all"];
    match iface.kind {
        IfType::Loopback => g.push("lo"),
        IfType::Bridge => g.push("bridge"),
        IfType::L2Vlan => g.push("vlan"),
        IfType::Ethernet | IfType::Other => {}
    }
    for name in &iface.settings.groups {
        if !g.contains(&name.as_str()) {
            g.push(name);
        }
    }
    g
}

fn has_family(iface: &Interface, family: Family) -> bool {
    match family {
        Family::Link => iface.ether.is_some(),
        f => iface.addresses.iter().any(|a| a.family() == f),
    }
}

/// The interfaces the leading options select, in order.
pub fn select<'a>(ifaces: &'a [Interface], opts: &Options, family: Option<Family>) -> Vec<&'a Interface> {
    ifaces
        .iter()
        .filter(|i| !opts.up_only || i.flags.contains(IfFlags::UP))
        .filter(|i| !opts.down_only || !i.flags.contains(IfFlags::UP))
        .filter(|i| opts.group.as_deref().is_none_or(|g| groups_of(i).contains(&g)))
        .filter(|i| opts.exclude_group.as_deref().is_none_or(|g| !groups_of(i).contains(&g)))
        .filter(|i| family.is_none_or(|f| has_family(i, f)))
        .collect()
}

/// `-l`: the names on one line.
pub fn names_line(ifaces: &[&Interface]) -> String {
    let names: Vec<&str> = ifaces.iter().map(|i| i.name.as_str()).collect();
    format!("{}\n", names.join(" "))
}

/// The blocks of `ifaces` (the listing itself writes them one by one).
#[cfg(test)]
pub fn blocks(ifaces: &[&Interface], dialect: Dialect, view: &View) -> String {
    // About a line per address and a few more per interface.
    let mut out = String::with_capacity(ifaces.iter().map(|i| 160 + 64 * i.addresses.len()).sum());
    for i in ifaces {
        write_block(&mut out, i, dialect, view);
    }
    out
}
