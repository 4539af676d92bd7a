//! A whole host as one document: its release, sysctls and interfaces (vhids
//! included), in the host-file schema (libcarpctl-host(5)). What
//! [`Backend::snapshot`](crate::Backend::snapshot) returns, what
//! `ifconfig --json` prints, and what a dry run applies a command to
//! ([`HostSession::in_memory`](crate::HostSession::in_memory)).

use crate::backend::Backend;
use crate::error::{Errno, Result};
use crate::model::Host;
use crate::types::{Interface, Key, Release, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6};

/// A whole host at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub(crate) host: Host,
}

impl Snapshot {
    pub(crate) fn of(host: Host) -> Snapshot {
        Snapshot { host }
    }

    /// The seed session's host: FreeBSD 10.0, igb0 with 10.0.0.118/27.
    pub fn example_10_0() -> Snapshot {
        Snapshot::of(Host::example_10_0())
    }

    /// Parse a host file's text; the error names what is wrong and where.
    pub fn from_json(text: &str) -> std::result::Result<Snapshot, String> {
        Host::from_json(text).map(Snapshot::of)
    }

    /// The FreeBSD release whose behaviour and output the host follows.
    pub fn release(&self) -> Release {
        self.host.release
    }

    /// Whether the caller had root's privileges (keys are only shown then).
    pub fn privileged(&self) -> bool {
        self.host.privileged
    }

    /// Whether the kernel has carp(4) (carp.ko loaded).
    pub fn carp_loaded(&self) -> bool {
        self.host.carp_loaded
    }

    /// A `net.inet.carp.*` sysctl (0 when unknown: a live kernel's are not read).
    pub fn sysctl(&self, name: &str) -> i64 {
        self.host.sysctl(name)
    }

    /// The interfaces, in index order, with their addresses and vhids.
    pub fn interfaces(&self) -> &[Interface] {
        &self.host.interfaces
    }

    /// The same host with only `interfaces`.
    pub fn with_interfaces(&self, interfaces: Vec<Interface>) -> Snapshot {
        Snapshot::of(Host { interfaces, ..self.host.clone() })
    }

    /// The same host following another release's rules.
    pub fn with_release(mut self, release: Release) -> Snapshot {
        self.host.release = release;
        self
    }

    /// The host-file text; every key removed unless `show_keys` and the
    /// host would hand them out (privileged), exactly as the text output.
    pub fn to_json(&self, show_keys: bool) -> String {
        if show_keys && self.host.privileged {
            return self.host.to_json();
        }
        let mut doc = self.host.clone();
        for c in doc.interfaces.iter_mut().flat_map(|i| i.carp.iter_mut()) {
            c.key = Key::empty();
        }
        doc.to_json()
    }
}

/// The snapshot of a live system: what `backend` lists, the release it
/// follows, and the sysctl defaults (the kernel's values are not read).
/// `carp_loaded` is false when the kernel answers a CARP request with
/// EPROTONOSUPPORT, as it does without carp.ko.
pub fn live_snapshot<B: Backend + ?Sized>(backend: &mut B, privileged: bool) -> Result<Snapshot> {
    let mut host = Host::new(backend.release());
    host.privileged = privileged;
    host.interfaces = backend.list_interfaces()?;
    // Before 14 the kernel has no unicast peers and reports none; it
    // advertises to the multicast groups, which is what a host file says.
    for c in host.interfaces.iter_mut().flat_map(|i| i.carp.iter_mut()) {
        c.peer = c.peer.or(Some(CARP_DEFAULT_PEER));
        c.peer6 = c.peer6.or(Some(CARP_DEFAULT_PEER6));
    }
    if let Some(probe) = host.interfaces.iter().find(|i| i.kind.supports_carp() && i.carp.is_empty()) {
        let name = probe.name.clone();
        if let Err(e) = backend.carp_get(&name, None) {
            host.carp_loaded = e.errno() != Some(Errno::EPROTONOSUPPORT);
        }
    }
    Ok(Snapshot::of(host))
}

/// Whether this process may read CARP keys from a live kernel (root).
pub(crate) fn live_privileged() -> bool {
    nix::unistd::geteuid().is_root()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelBackend;
    use crate::types::{AddressRequest, CarpConfig, Vhid};

    fn keyed_host() -> Host {
        let mut b = ModelBackend::new(Host::example_10_0());
        let vhid = Vhid::new(112).unwrap();
        let cfg = CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..CarpConfig::new(vhid) };
        crate::backend::merge_and_set(&mut b, "igb0", &cfg).unwrap();
        b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vhid)).unwrap();
        b.host
    }

    fn document(host: &Host, interfaces: Vec<Interface>, show_keys: bool) -> String {
        Snapshot::of(host.clone()).with_interfaces(interfaces).to_json(show_keys)
    }

    #[test]
    fn keys_need_dash_k_and_privilege() {
        let host = keyed_host();
        let all = host.interfaces.clone();
        assert!(!document(&host, all.clone(), false).contains("qwerty"));
        assert!(document(&host, all.clone(), true).contains("\"key\": \"qwerty\""));
        let unpriv = Host { privileged: false, ..host };
        assert!(!document(&unpriv, all, true).contains("qwerty"));
    }

    #[test]
    fn model_document_round_trips() {
        let host = keyed_host();
        let text = document(&host, host.interfaces.clone(), true);
        let back = Host::from_json(&text).unwrap();
        assert_eq!(back, host);
        assert_eq!(document(&back, back.interfaces.clone(), true), text);
    }

    #[test]
    fn live_snapshot_of_a_backend_round_trips() {
        // Any backend will do: the model stands in for a live kernel here.
        let mut live = ModelBackend::new(keyed_host());
        let snap = live_snapshot(&mut live, true).unwrap();
        assert!(snap.carp_loaded() && snap.privileged());
        let text = snap.to_json(true);
        let model = Snapshot::from_json(&text).unwrap();
        assert_eq!(model.to_json(true), text);
        // A live 10.x kernel reports no peers: it advertises to multicast.
        assert!(text.contains("\"peer\": \"224.0.0.18\""));
        assert!(text.contains("\"key\": \"qwerty\""));
    }

    #[test]
    fn live_snapshot_sees_carp_missing() {
        let mut host = Host::example_10_0();
        host.carp_loaded = false;
        let snap = live_snapshot(&mut ModelBackend::new(host), false).unwrap();
        assert!(!snap.carp_loaded());
        assert!(!snap.privileged());
    }
}
