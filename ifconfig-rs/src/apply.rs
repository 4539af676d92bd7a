//! The only code that changes kernel state: a [`Plan`] applied through a
//! backend in FreeBSD's order: link changes, the CARP read-merge-write,
//! address delete, address add.

use libcarpctl::{Backend, Errno, Op};

use crate::error::{from_library, CliError};
use crate::plan::{Change, LinkAction, Plan};
use libcarpctl::IfaceChange;

/// Apply `plan`. Stops at the first failure, like ifconfig's `err(1, ...)`;
/// what was applied before it stays applied, as on FreeBSD.
pub fn apply(backend: &mut dyn Backend, plan: &Plan) -> Result<(), CliError> {
    let ifname = plan.ifname.as_str();
    for action in &plan.link {
        match *action {
            LinkAction::Up(up) => backend.set_up(ifname, up),
            // Out-of-range numbers reach the kernel as 0, which it refuses.
            LinkAction::Mtu(n) => backend.set_mtu(ifname, u32::try_from(n).unwrap_or(0)),
            LinkAction::Metric(n) => backend.set_metric(ifname, u32::try_from(n).unwrap_or(u32::MAX)),
        }
        .map_err(from_library)?;
    }
    for c in &plan.changes {
        apply_change(backend, ifname, c)?;
    }
    if let Some(mac) = plan.lladdr {
        let c = Change { word: "lladdr", change: IfaceChange::Lladdr(mac) };
        apply_change(backend, ifname, &c)?;
    }
    if let Some(config) = &plan.carp {
        match backend.configure_vhid(ifname, config) {
            Ok(()) => {}
            // 14+ (libifconfig) gives up silently when the GET fails for
            // another reason than ENOENT; 10-13 report it.
            Err(e @ libcarpctl::Error::Kernel { op: Op::GetVhid, .. }) => {
                if !backend.release().has_netlink() {
                    return Err(from_library(e));
                }
            }
            Err(e) => return Err(from_library(e)),
        }
    }
    if let Some(which) = &plan.delete {
        match backend.delete_address(ifname, which) {
            Ok(()) => {}
            Err(e) if plan.delete_is_replace && e.errno() == Some(Errno::EADDRNOTAVAIL) => {}
            Err(e) => return Err(from_library(e)),
        }
    }
    if let Some(req) = &plan.add {
        backend.add_address(ifname, req).map_err(from_library)?;
    }
    if plan.destroy {
        backend.destroy_interface(ifname).map_err(from_library)?;
    }
    Ok(())
}

/// One interface change; flag and capability failures are named by the
/// keyword, as ifconfig's `Perror(vname)` does.
fn apply_change(backend: &mut dyn Backend, ifname: &str, c: &Change) -> Result<(), CliError> {
    match backend.change(ifname, &c.change) {
        Ok(()) => Ok(()),
        Err(e) => match (&c.change, e.errno()) {
            (IfaceChange::Flags { .. } | IfaceChange::Capabilities { .. }, Some(errno)) => {
                Err(crate::error::perror(c.word, errno))
            }
            _ => Err(from_library(e)),
        },
    }
}
