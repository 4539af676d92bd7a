//! A validated command line, ready to apply: what the keyword handlers
//! recorded, in the order FreeBSD's ifconfig touches the kernel.

use libcarpctl::{AddressRequest, AddressSelector, CarpConfig, IfaceChange};

/// A change to the link itself, applied in command-line order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkAction {
    /// `up` / `down`.
    Up(bool),
    /// `mtu N` (raw, as atoi read it: the kernel judges the range).
    Mtu(i64),
    /// `metric N` (raw).
    Metric(i64),
}

/// Everything one command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The interface.
    pub ifname: String,
    /// Link changes, in order.
    pub link: Vec<LinkAction>,
    /// The vhid to read-merge-write.
    pub carp: Option<CarpConfig>,
    /// The address to delete.
    pub delete: Option<AddressSelector>,
    /// The delete only makes room for `add` (no alias): "no such address"
    /// is then not an error.
    pub delete_is_replace: bool,
    /// The address to add.
    pub add: Option<AddressRequest>,
    /// A link-level address to set (`link xx:xx:..`).
    pub lladdr: Option<[u8; 6]>,
    /// Warnings to print (to stderr) before applying.
    pub warnings: Vec<String>,
    /// Interface changes (description, flags, members...), in order.
    pub changes: Vec<Change>,
    /// `destroy`: the interface goes (after the changes).
    pub destroy: bool,
    /// inet6 address flags and lifetimes, set on the added address.
    pub addr_flags: Option<Change>,
    /// `addr`: the bridge's address cache is printed once the line is done.
    pub bridge_addresses: bool,
}

/// One interface change and the keyword that asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The keyword (`promisc`, `addm`): some failures are named by it.
    pub word: &'static str,
    /// The change.
    pub change: IfaceChange,
    /// How many link actions (`up`, `mtu`...) came before it on the line:
    /// ifconfig makes each request as it reads the word.
    pub after_links: usize,
}
