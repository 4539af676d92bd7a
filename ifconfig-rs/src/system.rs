//! The running kernel's backend (libcarpctl chooses at run time).

use libcarpctl::Backend;

use crate::error::CliError;
use crate::options::BackendChoice;

/// Open the running kernel's backend.
pub fn open(choice: BackendChoice) -> Result<Box<dyn Backend>, CliError> {
    match choice {
        BackendChoice::Kernel(kernel) => Ok(libcarpctl::backend::open_system(kernel)?),
        BackendChoice::Model => Err(CliError::msg("--backend model needs --model PATH (or IFCONFIG_MODEL)")),
    }
}
