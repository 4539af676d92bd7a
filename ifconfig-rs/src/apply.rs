//! The only code that changes kernel state: a [`Plan`] applied through a
//! backend in FreeBSD's order: link changes, the CARP read-merge-write,
//! address delete, address add.

use libcarpctl::{backend::merge_and_set, Backend, Errno, Op};

use crate::error::CliError;
use crate::plan::{LinkAction, Plan};

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
        }?;
    }
    if plan.lladdr.is_some() {
        return Err(CliError::msg("setting a link-level address is not supported by ifconfig-rs"));
    }
    if let Some(config) = &plan.carp {
        match merge_and_set(backend, ifname, config) {
            Ok(()) => {}
            // 14+ (libifconfig) gives up silently when the GET fails for
            // another reason than ENOENT; 10-13 report it.
            Err(e @ libcarpctl::Error::Kernel { op: Op::GetVhid, .. }) => {
                if !backend.release().has_netlink() {
                    return Err(e.into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(which) = &plan.delete {
        match backend.delete_address(ifname, which) {
            Ok(()) => {}
            Err(e) if plan.delete_is_replace && e.errno() == Some(Errno::EADDRNOTAVAIL) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(req) = &plan.add {
        backend.add_address(ifname, req)?;
    }
    Ok(())
}
