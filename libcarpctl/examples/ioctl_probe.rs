//! A smoke test for a real FreeBSD host: list interfaces, addresses and
//! vhids through the ioctl backend (read-only; keys are never printed, only
//! whether one is set). `scripts/freebsd-build` links it for FreeBSD to
//! prove the ioctl/getifaddrs path links against FreeBSD's libc.
//!
//! Elsewhere it only says that it needs FreeBSD.

use std::process::ExitCode;

#[cfg(target_os = "freebsd")]
fn main() -> ExitCode {
    use libcarpctl::backend::ioctl::IoctlBackend;
    use libcarpctl::Backend;

    let mut b = match IoctlBackend::open() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ioctl_probe: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("FreeBSD {} ({} backend)", b.release(), b.name());
    let list = match b.list_interfaces() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("ioctl_probe: {e}");
            return ExitCode::FAILURE;
        }
    };
    for i in list {
        println!(
            "{}: index {} flags={:x} mtu {} metric {}",
            i.name,
            i.index,
            i.flags.bits(),
            i.mtu,
            i.metric
        );
        for a in &i.addresses {
            let vhid = a.vhid.map(|v| format!(" vhid {v}")).unwrap_or_default();
            println!("\t{}/{}{vhid}", a.addr, a.prefixlen);
        }
        for c in &i.carp {
            let key = if c.key.is_empty() { "no key" } else { "key set" };
            println!(
                "\tcarp: {} vhid {} advbase {} advskew {} ({key})",
                c.state, c.vhid, c.advbase, c.advskew
            );
        }
    }
    ExitCode::SUCCESS
}

#[cfg(not(target_os = "freebsd"))]
fn main() -> ExitCode {
    eprintln!("ioctl_probe: needs FreeBSD (the ioctl backend's real system calls)");
    ExitCode::from(2)
}
