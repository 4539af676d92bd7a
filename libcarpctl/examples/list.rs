//! List every vhid of a host with its addresses:
//!
//!     cargo run -p libcarpctl --example list -- /tmp/h.json   # a host file
//!     cargo run -p libcarpctl --example list                  # this kernel
//!
//! Keys are never shown (`Display` of a vhid leaves them out).

use libcarpctl::backend::{open_system, BackendChoice};
use libcarpctl::{open_host_file, Backend, Mode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut host: Box<dyn Backend> = match std::env::args().nth(1) {
        Some(path) => Box::new(open_host_file(path, Mode::Read)?),
        None => open_system(BackendChoice::Auto)?,
    };
    for v in host.vhids()? {
        println!("{}: {}", v.interface, v.status);
        for a in &v.addresses {
            println!("\t{a}");
        }
    }
    Ok(())
}
