//! The workspace's namespace helper (crate `test-support`), and running
//! this crate's binary inside a namespace.

pub use test_support::{root_or_skip as can_run, Netns};

/// Run our ifconfig inside a namespace.
pub trait InNamespace {
    /// `ifconfig ARGS` (split on spaces) inside the namespace.
    fn ifconfig(&self, args: &str) -> super::Run;
}

impl InNamespace for Netns {
    fn ifconfig(&self, args: &str) -> super::Run {
        super::netns_run(self, &args.split_whitespace().collect::<Vec<_>>())
    }
}
