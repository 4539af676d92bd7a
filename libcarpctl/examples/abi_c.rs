//! Print the C file of `_Static_assert`s that `scripts/abi-check` compiles
//! against FreeBSD's headers (see `libcarpctl::sys::cgen`).
//!
//! `ABI_CHECK_CORRUPT=<fact key>` makes that one fact wrong (the checker's
//! self-test); `--keys` lists the fact keys instead.

use std::process::ExitCode;

use libcarpctl::sys::cgen;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--keys") {
        for f in cgen::facts() {
            println!("{}", f.key);
        }
        return ExitCode::SUCCESS;
    }
    let corrupt = std::env::var("ABI_CHECK_CORRUPT").ok().filter(|k| !k.is_empty());
    match cgen::c_source(corrupt.as_deref()) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("abi_c: {e}");
            ExitCode::from(2)
        }
    }
}
