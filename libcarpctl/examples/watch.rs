//! Print every vhid state change as it happens, until interrupted:
//!
//!     cargo run -p libcarpctl --example watch -- /tmp/h.json   # a host file
//!     cargo run -p libcarpctl --example watch                  # FreeBSD, through devd
//!
//! Then, in another shell: `ifconfig --model /tmp/h.json igb0 vhid 112 state master`.

use libcarpctl::watch;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let events = match std::env::args().nth(1) {
        Some(path) => watch::host_file(path)?,
        None => watch::devd()?,
    };
    for event in events {
        let event = event?;
        println!("{} {event}", watch::rfc3339(event.at));
    }
    Ok(())
}
