//! `--json`: interfaces as a host document in libcarpctl's host-file schema
//! (see libcarpctl-host(5)), so that `ifconfig --json -a > host.json`
//! captures a host and `ifconfig --model host.json ...` works on the copy.
//!
//! The document is the library's [`libcarpctl::Snapshot`]: this module
//! only chooses what it shows.

use std::io::Write;

use libcarpctl::{Family, Interface};

use crate::error::CliError;
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
                vec![one.ok_or_else(|| CliError::from(libcarpctl::Error::NoSuchInterface(name.clone())))?]
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

/// `ifconfig --json [-a | IFACE [FAMILY]]`.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(), CliError> {
    if opts.names_only || opts.cloners {
        return Err(CliError::Usage);
    }
    let selection = Selection::of(opts)?;
    let mut target = Target::open(opts, false)?;
    let host = target.backend().snapshot()?;
    let chosen = selection.pick(host.interfaces().to_vec(), opts)?;
    crate::write(out, &host.with_interfaces(chosen).to_json(opts.keys))
}
