//! All-or-nothing commands: a journal of what each applied step changed,
//! and how to put it back through the same backend (the inverse requests),
//! in reverse order, when a later step is refused.
//!
//! Every backend gets the same treatment: the model, FreeBSD's ioctl and
//! netlink, Linux. What cannot be put back is said, one line per change:
//! the command's own FreeBSD message comes first, unchanged.

use libcarpctl::{Address, AddressRequest, Backend, CarpSet, CarpStatus, Errno, IfaceChange, Vhid};

use crate::error::CliError;

mod bridge;
mod capnv;
mod inverse;
pub use inverse::inverse;

/// One change already made, with what it takes to reverse it.
#[derive(Debug)]
pub enum Done {
    /// The link went up or down; `vhids` are the interface's vhids as they
    /// were (the link change restarted them: their states are put back),
    /// `addresses` its addresses (Linux drops inet6 ones on `down`).
    Up { was: bool, vhids: Vec<CarpStatus>, addresses: Vec<Address> },
    /// The MTU was `was`, is `now`.
    Mtu { was: u32, now: u32 },
    /// The metric was `was`, is `now`.
    Metric { was: u32, now: u32 },
    /// A vhid's settings were `was` (`None`: the step created it).
    Vhid { vhid: Vhid, was: Option<CarpStatus> },
    /// An address was removed; `vhid` is its vhid's status, to recreate
    /// the vhid when the address was its last one (which destroys it).
    Removed { address: Address, vhid: Option<CarpStatus> },
    /// An address was added (that the interface did not have).
    Added(std::net::IpAddr),
    /// An interface change made by keyword `word`; `undo` is its inverse,
    /// `None` when ifconfig-rs knows none (see [`inverse`]).
    Iface { word: &'static str, undo: Option<IfaceChange> },
}

/// How a command that failed ended.
#[derive(Debug)]
pub struct Failure {
    /// FreeBSD's message for the refused step.
    pub error: CliError,
    /// What could not be undone, one phrase each.
    pub left: Vec<String>,
    /// The refused request itself left a change the kernel keeps (FreeBSD
    /// 10-14.0's SIOCSVH creates a vhid before it refuses advskew).
    pub kernel_kept: bool,
}

impl Failure {
    /// A failure before anything was changed.
    pub fn untouched(error: CliError) -> Failure {
        Failure { error, left: Vec::new(), kernel_kept: false }
    }

    /// Whether the host as it now is differs from before (a host file must
    /// then be written as it is).
    pub fn kept(&self) -> bool {
        self.kernel_kept || !self.left.is_empty()
    }

    /// The message: FreeBSD's, then a line for each change left.
    pub fn into_error(self) -> CliError {
        match self.error {
            CliError::Message(m) if !self.left.is_empty() => {
                let lines: String =
                    self.left.iter().map(|l| format!("\nifconfig: could not undo: {l}")).collect();
                CliError::Message(format!("{m}{lines}"))
            }
            other => other,
        }
    }
}

/// The changes made so far by one command on one interface.
pub struct Journal<'a> {
    ifname: &'a str,
    changes: Vec<Done>,
    /// The refused step left a change the kernel keeps by design.
    kernel_kept: bool,
    /// A step FreeBSD only warns about failed: the line goes on, the exit
    /// status is 1 (iflagg.c's setlaggport, `exit_code = 1`).
    pub warned: bool,
}

impl<'a> Journal<'a> {
    /// An empty journal for `ifname`.
    pub fn new(ifname: &'a str) -> Journal<'a> {
        Journal { ifname, changes: Vec::new(), kernel_kept: false, warned: false }
    }

    /// Record a change just made.
    pub fn record(&mut self, change: Done) {
        self.changes.push(change);
    }

    /// The refused step itself left a change that stays (see [`Failure::kept`]).
    pub fn kernel_kept(&mut self) {
        self.kernel_kept = true;
    }

    /// Undo every recorded change, newest first, and turn `error` into the
    /// command's failure.
    pub fn undo(self, backend: &mut dyn Backend, error: CliError) -> Failure {
        let ifname = self.ifname;
        let left = self.changes.iter().rev().filter_map(|c| c.undo(backend, ifname).err()).collect();
        Failure { error, left, kernel_kept: self.kernel_kept }
    }
}

/// A vhid's status, `None` when the interface does not have it (ENOENT);
/// `Err` for any other refusal.
pub fn read_vhid(
    backend: &mut dyn Backend,
    ifname: &str,
    vhid: Vhid,
) -> libcarpctl::Result<Option<CarpStatus>> {
    match backend.carp_get(ifname, Some(vhid)) {
        Ok(list) => Ok(list.into_iter().find(|s| s.vhid == vhid)),
        Err(e) if e.errno() == Some(Errno::ENOENT) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The interface's vhids (none where the kernel has no carp, as on Linux).
pub fn read_vhids(backend: &mut dyn Backend, ifname: &str) -> Vec<CarpStatus> {
    backend.carp_get(ifname, None).unwrap_or_default()
}

/// What a SET decides, state aside (the state also moves on its own).
fn settings(s: &CarpStatus) -> impl PartialEq + '_ {
    (s.advbase, s.advskew, &s.key, s.peer, s.peer6, s.version, s.vrrp_priority, s.vrrp_interval)
}

/// Why an undo request failed, in FreeBSD's words.
fn why(e: libcarpctl::Error) -> String {
    CliError::from(e).to_string()
}

impl Done {
    /// Reverse this change; `Err` says what is left changed.
    fn undo(&self, backend: &mut dyn Backend, ifname: &str) -> Result<(), String> {
        match self {
            Done::Up { was, vhids, addresses } => {
                let word = if *was { "down" } else { "up" };
                backend.set_up(ifname, *was).map_err(|e| format!("{ifname} is left {word} ({})", why(e)))?;
                put_dropped_addresses_back(backend, ifname, addresses)?;
                vhids.iter().try_for_each(|st| put_state_back(backend, ifname, st))
            }
            Done::Mtu { was, now } => backend
                .set_mtu(ifname, *was)
                .map_err(|e| format!("{ifname} is left with mtu {now} ({})", why(e))),
            Done::Metric { was, now } => backend
                .set_metric(ifname, *was)
                .map_err(|e| format!("{ifname} is left with metric {now} ({})", why(e))),
            Done::Vhid { vhid, was: None } => remove_vhid(backend, ifname, *vhid)
                .map_err(|e| format!("vhid {vhid} is left created on {ifname} ({})", why(e))),
            Done::Vhid { vhid, was: Some(was) } => put_vhid_back(backend, ifname, was)
                .map_err(|e| format!("vhid {vhid} on {ifname} is left with changed settings ({e})")),
            Done::Removed { address, vhid } => put_address_back(backend, ifname, address, vhid.as_ref())
                .map_err(|e| format!("{} is left removed from {ifname} ({})", address.addr, why(e))),
            Done::Added(addr) => backend
                .delete_address(ifname, &libcarpctl::AddressSelector::Exact(*addr))
                .map_err(|e| format!("{addr} is left added to {ifname} ({})", why(e))),
            Done::Iface { word, undo: None } => {
                Err(format!("{word} is left applied to {ifname} (no inverse known)"))
            }
            Done::Iface { word, undo: Some(c) } => backend
                .change(ifname, c)
                .map_err(|e| format!("{word} is left applied to {ifname} ({})", why(e))),
        }
    }
}

/// Write back a vhid's settings (ifconfig's SET with what it read before)
/// when they differ, and check that they took.
fn put_vhid_back(backend: &mut dyn Backend, ifname: &str, was: &CarpStatus) -> Result<(), String> {
    let now = read_vhid(backend, ifname, was.vhid).map_err(why)?;
    if now.as_ref().is_some_and(|n| settings(n) == settings(was) && n.state == was.state) {
        return Ok(());
    }
    backend.carp_set(ifname, &CarpSet::from_status(was)).map_err(why)?;
    match read_vhid(backend, ifname, was.vhid).map_err(why)? {
        Some(n) if settings(&n) == settings(was) => Ok(()),
        // A key cannot be cleared through SIOCSVH / carp SET.
        _ => Err("the kernel kept the new ones".into()),
    }
}

/// After the link comes back, a vhid restarts: nudge it back to its state
/// (MASTER stays MASTER). INIT cannot be requested; it comes by itself.
fn put_state_back(backend: &mut dyn Backend, ifname: &str, was: &CarpStatus) -> Result<(), String> {
    let now = read_vhid(backend, ifname, was.vhid).ok().flatten();
    if now.is_none_or(|n| n.state == was.state) {
        return Ok(());
    }
    backend
        .carp_set(ifname, &CarpSet::from_status(was))
        .map_err(|e| format!("vhid {} on {ifname} is left in another state ({})", was.vhid, why(e)))
}

/// Remove a vhid this command created. No request removes a vhid, but the
/// kernel destroys one with its last address (carp_detach): attach a
/// documentation address (192.0.2.200-254/32, one the interface lacks) to
/// it and delete that again.
fn remove_vhid(backend: &mut dyn Backend, ifname: &str, vhid: Vhid) -> libcarpctl::Result<()> {
    let iface = backend.interface(ifname)?;
    if iface.addresses.iter().any(|a| a.vhid == Some(vhid)) {
        return Err(libcarpctl::Error::Unsupported("it has an address now".into()));
    }
    let spare = (200..=254u8)
        .map(|n| std::net::IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, n)))
        .find(|a| !iface.addresses.iter().any(|x| x.addr == *a))
        .ok_or_else(|| libcarpctl::Error::Unsupported("no spare address".into()))?;
    let req = AddressRequest { prefixlen: Some(32), vhid: Some(vhid), ..AddressRequest::new(spare) };
    backend.add_address(ifname, &req)?;
    backend.delete_address(ifname, &libcarpctl::AddressSelector::Exact(spare))
}

/// Linux drops an interface's inet6 addresses when it goes down: add back
/// those that are gone, except link-local ones (the kernel makes them anew).
/// Coming up, both kernels assign the automatic link-local address
/// (FreeBSD's in6_if_up): remove one the interface did not have.
fn put_dropped_addresses_back(
    backend: &mut dyn Backend,
    ifname: &str,
    was: &[Address],
) -> Result<(), String> {
    let now = backend.interface(ifname).map(|i| i.addresses).unwrap_or_default();
    for a in was.iter().filter(|a| !now.iter().any(|n| n.addr == a.addr) && !is_link_local(a)) {
        put_address_back(backend, ifname, a, None)
            .map_err(|e| format!("{} is left removed from {ifname} ({})", a.addr, why(e)))?;
    }
    for a in now.iter().filter(|n| is_link_local(n) && !was.iter().any(|a| a.addr == n.addr)) {
        backend
            .delete_address(ifname, &libcarpctl::AddressSelector::Exact(a.addr))
            .map_err(|e| format!("{} is left added to {ifname} ({})", a.addr, why(e)))?;
    }
    Ok(())
}

fn is_link_local(a: &Address) -> bool {
    matches!(a.addr, std::net::IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80)
}

/// Add a removed address back, recreating its vhid first if the removal
/// destroyed it.
fn put_address_back(
    backend: &mut dyn Backend,
    ifname: &str,
    address: &Address,
    vhid: Option<&CarpStatus>,
) -> libcarpctl::Result<()> {
    if let Some(st) = vhid {
        if read_vhid(backend, ifname, st.vhid)?.is_none() {
            backend.carp_set(ifname, &CarpSet::from_status(st))?;
        }
    }
    let req = AddressRequest {
        prefixlen: Some(address.prefixlen),
        broadcast: address.broadcast,
        vhid: address.vhid,
        destination: address.destination,
        ..AddressRequest::new(address.addr)
    };
    backend.add_address(ifname, &req)
}

#[cfg(test)]
mod tests;
