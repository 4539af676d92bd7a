//! carpd: FreeBSD's CARP on Linux. Runs libcarpctl's protocol engine for
//! every vhid of the host on raw sockets, owns the vhids' addresses while
//! MASTER, and answers a control socket (`carpd ctl ...`).

mod config;
mod control;
mod daemon;
mod ifaddrs;
mod linkmon;
mod notify;
mod options;
mod owner;
mod report;
mod settings;
mod sockets;
mod sys;

use std::process::ExitCode;

use options::Command;

fn main() -> ExitCode {
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
