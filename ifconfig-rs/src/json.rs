//! `--json`: interfaces as a host document in libcarpctl's host-file schema
//! (see libcarpctl-host(5)), so that `ifconfig --json -a > host.json`
//! captures a host and `ifconfig --model host.json ...` works on the copy.
//!
//! Also the snapshot that `--dry-run` applies a command to.

use std::io::Write;

use libcarpctl::model::Host;
use libcarpctl::{Backend, Errno, Family, Interface, Key, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6};

use crate::error::{from_library, CliError};
use crate::options::Options;
use crate::target::Target;

/// Which interfaces (and which of their addresses) a showing command names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// One interface, or every interface the leading options select.
    pub iface: Option<String>,
    /// Only this family's addresses.
    pub family: Option<Family>,
}

impl Selection {
    /// The selection of a showing command line: nothing (every
    /// interface), `-a [FAMILY]`, `IFACE` or `IFACE FAMILY`.
    pub fn of(opts: &Options) -> Result<Selection, CliError> {
        let family = |w: &String| crate::grammar::family_only(std::slice::from_ref(w));
        match (opts.operands.as_slice(), opts.all) {
            ([], _) => Ok(Selection::default()),
            ([w], true) => Ok(Selection { iface: None, family: Some(family(w).ok_or(CliError::Usage)?) }),
            ([name], false) => Ok(Selection { iface: Some(name.clone()), family: None }),
            ([name, w], false) if family(w).is_some() => {
                Ok(Selection { iface: Some(name.clone()), family: family(w) })
            }
            _ => Err(CliError::msg(
                "--json and --carp only show interfaces; to see what a command would change, use --dry-run",
            )),
        }
    }

    /// The chosen interfaces of `all`, in order; the named one must exist.
    pub fn pick(&self, all: Vec<Interface>, opts: &Options) -> Result<Vec<Interface>, CliError> {
        let mut chosen: Vec<Interface> = match &self.iface {
            Some(name) => {
                let one = all.into_iter().find(|i| &i.name == name);
                vec![one.ok_or_else(|| from_library(libcarpctl::Error::NoSuchInterface(name.clone())))?]
            }
            None => {
                let keep: Vec<String> =
                    crate::show::select(&all, opts, self.family).iter().map(|i| i.name.clone()).collect();
                all.into_iter().filter(|i| keep.contains(&i.name)).collect()
            }
        };
        if let Some(f) = self.family {
            for iface in &mut chosen {
                iface.addresses.retain(|a| a.family() == f);
            }
        }
        Ok(chosen)
    }
}

/// Whether this process may read CARP keys from a live kernel (root).
fn live_privileged() -> bool {
    nix::unistd::geteuid().is_root()
}

/// A host document of a live system: what `backend` lists, the release it
/// follows, and the sysctl defaults (the kernel's values are not read).
/// `carp_loaded` is false when the kernel answers a CARP request with
/// EPROTONOSUPPORT, as it does without carp.ko.
pub fn live_snapshot(backend: &mut dyn Backend, privileged: bool) -> Result<Host, CliError> {
    let mut host = Host::new(backend.release());
    host.privileged = privileged;
    host.interfaces = backend.list_interfaces().map_err(from_library)?;
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
    Ok(host)
}

/// The whole host behind `target`: a host file's host as it is (the model
/// is the kernel: keys included), or a live system's snapshot.
pub fn snapshot(target: &mut Target) -> Result<Host, CliError> {
    match target {
        Target::Model { backend, .. } => Ok(backend.host.clone()),
        Target::System(backend) => live_snapshot(backend.as_mut(), live_privileged()),
    }
}

/// Remove every key unless the caller asked for them (`-k`) and the host
/// would hand them out (privileged), exactly as the text output does.
pub fn redact(host: &mut Host, show_keys: bool) {
    if show_keys && host.privileged {
        return;
    }
    for c in host.interfaces.iter_mut().flat_map(|i| i.carp.iter_mut()) {
        c.key = Key::empty();
    }
}

/// The host document of `host` keeping only `interfaces`, keys redacted
/// unless `show_keys` (pure).
pub fn document(host: &Host, interfaces: Vec<Interface>, show_keys: bool) -> String {
    let mut doc = Host { interfaces, ..host.clone() };
    redact(&mut doc, show_keys);
    doc.to_json()
}

/// `ifconfig --json [-a | IFACE [FAMILY]]`.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(), CliError> {
    if opts.names_only || opts.cloners {
        return Err(CliError::Usage);
    }
    let selection = Selection::of(opts)?;
    let mut target = Target::open(opts, false)?;
    let host = snapshot(&mut target)?;
    let chosen = selection.pick(host.interfaces.clone(), opts)?;
    crate::write(out, &document(&host, chosen, opts.keys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcarpctl::model::ModelBackend;
    use libcarpctl::{AddressRequest, CarpConfig, Vhid};

    fn keyed_host() -> Host {
        let mut b = ModelBackend::new(Host::example_10_0());
        let vhid = Vhid::new(112).unwrap();
        let cfg = CarpConfig { key: Some(Key::from_passphrase(b"qwerty")), ..CarpConfig::new(vhid) };
        libcarpctl::backend::merge_and_set(&mut b, "igb0", &cfg).unwrap();
        b.add_address("igb0", &AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(vhid)).unwrap();
        b.host
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
        assert!(snap.carp_loaded && snap.privileged);
        let text = document(&snap, snap.interfaces.clone(), true);
        let model = Host::from_json(&text).unwrap();
        assert_eq!(document(&model, model.interfaces.clone(), true), text);
        // A live 10.x kernel reports no peers: it advertises to multicast.
        assert!(text.contains("\"peer\": \"224.0.0.18\""));
        assert!(text.contains("\"key\": \"qwerty\""));
    }

    #[test]
    fn live_snapshot_sees_carp_missing() {
        let mut host = Host::example_10_0();
        host.carp_loaded = false;
        let snap = live_snapshot(&mut ModelBackend::new(host), false).unwrap();
        assert!(!snap.carp_loaded);
        assert!(!snap.privileged);
    }
}
