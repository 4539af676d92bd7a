//! carpd: FreeBSD's CARP on Linux. Runs libcarpctl's protocol engine for
//! every vhid of the host on raw sockets, owns the vhids' addresses while
//! MASTER, and answers a control socket (`carpd ctl ...`).

/// The daemon's modules exist on Linux only (raw sockets with Linux
/// control messages, rtnetlink, signalfd, macvlans).
macro_rules! linux_modules {
    ($($m:ident),*) => { $( #[cfg(target_os = "linux")] mod $m; )* };
}
linux_modules!(
    config,
    control,
    daemon,
    ifaddrs,
    linkmon,
    notify,
    options,
    owner,
    report,
    settings,
    sockets,
    subscribers,
    sys
);

use std::process::ExitCode;

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    // On FreeBSD the kernel runs CARP itself: ifconfig drives carp(4).
    eprintln!("carpd: runs on Linux; on FreeBSD use carp(4) through ifconfig");
    ExitCode::from(1)
}

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    use options::Command;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match options::parse(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("carpd: {msg}");
            eprintln!("{}", options::USAGE);
            return ExitCode::from(64); // EX_USAGE
        }
    };
    match cmd {
        Command::Help => {
            println!("{}", options::USAGE);
            ExitCode::SUCCESS
        }
        Command::Ctl { socket, request } => ctl(socket.as_deref(), &request),
        Command::Check(opts) => match daemon::load_config(&opts) {
            Ok(cfg) => {
                let n: usize = cfg.ifaces.values().map(|i| i.vhids.len()).sum();
                println!("carpd: configuration OK: {n} vhid(s) on {} interface(s)", cfg.ifaces.len());
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("carpd: {msg}");
                ExitCode::from(78) // EX_CONFIG
            }
        },
        Command::Run(opts) => match daemon::run(opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("carpd: {msg}");
                ExitCode::from(1)
            }
        },
    }
}

#[cfg(target_os = "linux")]
fn ctl(socket: Option<&str>, request: &[String]) -> ExitCode {
    let path = control::socket_path(socket);
    match control::request(&path, &request.join(" ")) {
        Ok(Ok(body)) => {
            print!("{body}");
            ExitCode::SUCCESS
        }
        Ok(Err(msg)) => {
            eprintln!("carpd ctl: {msg}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("carpd ctl: {}: {e}", path.display());
            ExitCode::from(69) // EX_UNAVAILABLE
        }
    }
}
