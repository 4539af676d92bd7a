//! The running kernel's backend.

use libcarpctl::Backend;

use crate::error::CliError;
use crate::options::BackendChoice;

/// Open the running kernel's backend.
pub fn open(choice: BackendChoice) -> Result<Box<dyn Backend>, CliError> {
    let _ = choice;
    Err(CliError::msg("no kernel backend is available on this system; use --model PATH"))
}
