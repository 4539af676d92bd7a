//! Configure a vhid and join an address to it on a host file, as
//! `ifconfig IF vhid N pass PHRASE ADDRESS alias vhid N` does:
//!
//!     cp examples/seed-host.json /tmp/h.json
//!     cargo run -p libcarpctl --example configure -- /tmp/h.json igb0 112 10.0.0.112/27 qwerty
//!
//! The file is written once, atomically, and only if something changed.

use libcarpctl::{open_host_file, AddressRequest, Backend, CarpConfig, Key, Mode, Vhid};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, ifname, vhid, address, rest @ ..] = args.as_slice() else {
        return Err("usage: configure HOST.json IFNAME VHID ADDRESS[/PREFIX] [PASSPHRASE]".into());
    };
    let vhid = Vhid::try_from(vhid.parse::<u32>()?)?;
    let address: AddressRequest = address.parse()?;
    let key = rest.first().map(|p| Key::from_passphrase(p.as_bytes()));

    let mut host = open_host_file(path, Mode::Update)?;
    host.configure_vhid(ifname, &CarpConfig { key, ..CarpConfig::new(vhid) })?;
    host.add_address(ifname, &address.with_vhid(vhid))?;
    let written = host.commit()?;
    println!("{}", if written { "written" } else { "unchanged" });
    Ok(())
}
