//! The only code that changes kernel state: a [`Plan`] applied through a
//! backend in FreeBSD's order: link changes and interface changes in
//! command-line order, the CARP read-merge-write, address delete, address
//! add, destroy.
//!
//! A command is all or nothing, which FreeBSD's ifconfig is not: what can
//! be known to fail is refused before the first change, and when the
//! kernel refuses a later step, the earlier ones are undone (see
//! [`crate::undo`]) before FreeBSD's message for the refusal is printed.

use std::io::Write;

use libcarpctl::{AddressSelector, Backend, Errno, Error, Family, Interface, Op};

use crate::error::CliError;
use crate::plan::{Change, LinkAction, Plan};
use crate::undo::{inverse, read_vhid, read_vhids, Done, Failure, Journal};
use libcarpctl::IfaceChange;

/// Apply `plan` to the interface that was `before`: everything, or (as far
/// as the kernel allows) nothing. Refusals FreeBSD's ifconfig only warns
/// about go to `warn` as `ifconfig: ...` lines and the command goes on.
pub fn apply(
    backend: &mut dyn Backend,
    plan: &Plan,
    before: &Interface,
    warn: &mut dyn Write,
) -> Result<(), Failure> {
    refuse_known_failures(plan, before).map_err(Failure::untouched)?;
    let mut journal = Journal::new(&plan.ifname);
    match steps(backend, plan, before, &mut journal, warn) {
        // Everything done, but a warning sets the exit status: what was
        // done is kept.
        Ok(()) if journal.warned => {
            Err(Failure { error: CliError::Warned, left: Vec::new(), kernel_kept: true })
        }
        Ok(()) => Ok(()),
        Err(error) => Err(journal.undo(backend, error)),
    }
}

/// What fails whatever the kernel does, found before anything is changed:
/// removing an address the interface does not have.
fn refuse_known_failures(plan: &Plan, before: &Interface) -> Result<(), CliError> {
    let Some(which) = &plan.delete else { return Ok(()) };
    if plan.delete_is_replace {
        return Ok(());
    }
    let (present, family) = match which {
        AddressSelector::Exact(a) => (before.addresses.iter().any(|x| x.addr == *a), Family::of(a)),
        AddressSelector::First(f) => (before.addresses.iter().any(|x| x.family() == *f), *f),
    };
    if present {
        return Ok(());
    }
    let op = if family == Family::Inet6 { Op::DelAddr6 } else { Op::DelAddr };
    Err(CliError::from(Error::kernel(op, Errno::EADDRNOTAVAIL)))
}

fn steps(
    backend: &mut dyn Backend,
    plan: &Plan,
    before: &Interface,
    journal: &mut Journal,
    warn: &mut dyn Write,
) -> Result<(), CliError> {
    let ifname = plan.ifname.as_str();
    let (mut up, mut mtu, mut metric) =
        (before.flags.contains(libcarpctl::IfFlags::UP), before.mtu, before.metric);
    let changes_at = |i: usize| plan.changes.iter().filter(move |c| c.after_links == i);
    for (i, action) in plan.link.iter().enumerate() {
        for c in changes_at(i) {
            apply_change(backend, ifname, c, journal, warn)?;
        }
        match *action {
            LinkAction::Up(new) => {
                let vhids = read_vhids(backend, ifname);
                let addresses = backend.interface(ifname).map(|i| i.addresses).unwrap_or_default();
                // setifflags: Perror(vname), named by the word.
                backend.set_up(ifname, new).map_err(|e| match e.errno() {
                    Some(errno) => crate::error::perror(if new { "up" } else { "down" }, errno),
                    None => CliError::from(e),
                })?;
                journal.record(Done::Up { was: up, vhids, addresses });
                up = new;
            }
            LinkAction::Mtu(n) => {
                // Out-of-range numbers reach the kernel as 0, which it refuses.
                let new = u32::try_from(n).unwrap_or(0);
                backend.set_mtu(ifname, new)?;
                journal.record(Done::Mtu { was: mtu, now: new });
                mtu = new;
            }
            LinkAction::Metric(n) => {
                let new = u32::try_from(n).unwrap_or(u32::MAX);
                backend.set_metric(ifname, new)?;
                journal.record(Done::Metric { was: metric, now: new });
                metric = new;
            }
        }
    }
    for c in changes_at(plan.link.len()) {
        apply_change(backend, ifname, c, journal, warn)?;
    }
    if let Some(mac) = plan.lladdr {
        let c = Change { word: "lladdr", change: IfaceChange::Lladdr(mac), after_links: 0 };
        apply_change(backend, ifname, &c, journal, warn)?;
    }
    if let Some(config) = &plan.carp {
        // What ifconfig's GET reads; `None` when that GET itself fails
        // (configure_vhid then reports it the release's way).
        let was = read_vhid(backend, ifname, config.vhid).ok();
        match backend.configure_vhid(ifname, config) {
            Ok(()) => {
                if let Some(was) = was {
                    journal.record(Done::Vhid { vhid: config.vhid, was });
                }
            }
            // 14+ (libifconfig) gives up silently when the GET fails for
            // another reason than ENOENT; 10-13 report it.
            Err(e @ Error::Kernel { op: Op::GetVhid, .. }) => {
                if !backend.release().has_netlink() {
                    return Err(e.into());
                }
            }
            Err(e) => {
                // 10-14.0's SIOCSVH applies part of a SET it refuses: write
                // back what was read; a vhid it created stays (documented).
                match was {
                    Some(Some(st)) => journal.record(Done::Vhid { vhid: config.vhid, was: Some(st) }),
                    Some(None) if read_vhid(backend, ifname, config.vhid).is_ok_and(|v| v.is_some()) => {
                        journal.kernel_kept();
                    }
                    _ => {}
                }
                return Err(CliError::from(e));
            }
        }
    }
    if let Some(which) = &plan.delete {
        let removed = match which {
            AddressSelector::Exact(a) => before.addresses.iter().find(|x| x.addr == *a),
            AddressSelector::First(f) => before.addresses.iter().find(|x| x.family() == *f),
        };
        let vhid = removed.and_then(|a| a.vhid).and_then(|v| read_vhid(backend, ifname, v).ok().flatten());
        match backend.delete_address(ifname, which) {
            Ok(()) => {
                if let Some(address) = removed {
                    journal.record(Done::Removed { address: address.clone(), vhid });
                }
            }
            Err(e) if plan.delete_is_replace && e.errno() == Some(Errno::EADDRNOTAVAIL) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(req) = &plan.add {
        if let Err(e) = backend.add_address(ifname, req) {
            // 14's in_exec_nl first prints the kernel's netlink message:
            // handle_newaddr_inet wants a peer on a point-to-point link.
            let no_peer = req.addr.is_ipv4() && req.destination.is_none();
            if no_peer
                && backend.release().has_netlink()
                && before.flags.contains(libcarpctl::IfFlags::POINTOPOINT)
                && e.errno() == Some(Errno::EINVAL)
            {
                let _ = writeln!(warn, "ifconfig: in_exec_nl(): Empty IFA_LOCAL/IFA_ADDRESS");
            }
            return Err(e.into());
        }
        if !before.addresses.iter().any(|a| a.addr == req.addr) {
            journal.record(Done::Added(req.addr));
        }
    }
    if let Some(c) = &plan.addr_flags {
        apply_change(backend, ifname, c, journal, warn)?;
    }
    if plan.destroy {
        backend.destroy_interface(ifname)?;
    }
    Ok(())
}

/// The interface as it is before `change`, with its bridge's address
/// cache when the change is to the cache (a kernel whose listing does not
/// carry the cache reads it apart).
fn state_before(backend: &mut dyn Backend, ifname: &str, change: &IfaceChange) -> Result<Interface, ()> {
    let mut now = backend.interface(ifname).map_err(|_| ())?;
    if let (IfaceChange::BridgeCache(_), Some(b)) = (change, now.settings.bridge.as_mut()) {
        b.cache = backend.bridge_addresses(ifname).map_err(|_| ())?;
    }
    Ok(now)
}

/// One interface change, with its inverse in the journal; flag and
/// capability failures are named by the keyword, as ifconfig's
/// `Perror(vname)` does.
fn apply_change(
    backend: &mut dyn Backend,
    ifname: &str,
    c: &Change,
    journal: &mut Journal,
    warn: &mut dyn Write,
) -> Result<(), CliError> {
    let undo = state_before(backend, ifname, &c.change).and_then(|now| inverse(&c.change, &now));
    match backend.change(ifname, &c.change) {
        Ok(()) => {
            match undo {
                Ok(None) => {}
                Ok(Some(u)) => journal.record(Done::Iface { word: c.word, undo: Some(u) }),
                Err(()) => journal.record(Done::Iface { word: c.word, undo: None }),
            }
            Ok(())
        }
        Err(e) => match (&c.change, e.errno()) {
            (IfaceChange::Flags { .. } | IfaceChange::Capabilities { .. }, Some(errno)) => {
                Err(crate::error::perror(c.word, errno))
            }
            // setlaggport: a port already in this lagg is no error (10.4
            // and later); 12+ names others by lagg and port, warns and goes
            // on with exit status 1 (10-11: err(1, "SIOCSLAGGPORT")).
            (IfaceChange::LaggPort(_, true), Some(Errno::EEXIST)) => Ok(()),
            (IfaceChange::LaggPort(port, true), Some(errno))
                if crate::render::Dialect::new(backend.release()).laggport_warns() =>
            {
                let _ = writeln!(warn, "ifconfig: {ifname} {port}: SIOCSLAGGPORT: {errno}");
                journal.warned = true;
                Ok(())
            }
            // setifcapnv: an interface without IFCAP_NV only warns;
            // SIOCSIFCAPNV's refusal is `Perror(vname)`.
            (IfaceChange::CapabilityNv(_), None) if e.to_string() == libcarpctl::IFCAP_NV_NOT_SUPPORTED => {
                let _ = writeln!(warn, "ifconfig: {}", libcarpctl::IFCAP_NV_NOT_SUPPORTED);
                Ok(())
            }
            (IfaceChange::CapabilityNv(_), Some(errno)) => Err(crate::error::perror(c.word, errno)),
            // ifmac.c: `perror("setifmac")` (no program name), and on.
            (IfaceChange::MacLabel(_), Some(errno)) => {
                let _ = writeln!(warn, "setifmac: {errno}");
                Ok(())
            }
            (_, Some(_)) if crate::grammar::refusal_only_warns(c.word) => {
                let _ = writeln!(warn, "ifconfig: {}", CliError::from(e));
                Ok(())
            }
            _ => Err(CliError::from(e)),
        },
    }
}
