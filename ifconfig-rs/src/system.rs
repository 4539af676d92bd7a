//! The running kernel's backend (libcarpctl chooses at run time).

use libcarpctl::backend::{open_system, BackendChoice as LibChoice};
use libcarpctl::Backend;

use crate::error::{from_library, CliError};
use crate::options::BackendChoice;

/// Open the running kernel's backend.
pub fn open(choice: BackendChoice) -> Result<Box<dyn Backend>, CliError> {
    let lib = match choice {
        BackendChoice::Auto => LibChoice::Auto,
        BackendChoice::Netlink => LibChoice::Netlink,
        BackendChoice::Ioctl => LibChoice::Ioctl,
        BackendChoice::Model => {
            return Err(CliError::msg("--backend model needs --model PATH (or IFCONFIG_MODEL)"));
        }
    };
    open_system(lib).map_err(from_library)
}
