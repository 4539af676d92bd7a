//! `ifconfig`: FreeBSD's ifconfig(8) for CARP and interface addresses, on
//! libcarpctl. This file only wires the pieces and maps results to exit
//! codes.

mod apply;
mod carp_view;
mod completions;
mod dryrun;
mod error;
mod grammar;
mod json;
mod options;
mod plan;
mod render;
mod show;
mod system;
mod target;
mod undo;
mod watch_view;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod kernel_tests;
#[cfg(test)]
mod kernel_vnet_tests;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use zeroize::Zeroize;

use error::CliError;
use libcarpctl::{Family, Release};
use options::Options;
use render::{Dialect, View};
use target::Target;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    ExitCode::from(run(args, &|k| std::env::var(k).ok(), &mut out, &mut err))
}

/// Run one command; returns the exit status.
fn run(
    args: Vec<OsString>,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let result = options::parse(args, env).and_then(|mut opts| {
        let done = dispatch(&opts, out, err);
        // The operands may hold a `pass` phrase: wipe our copies of it.
        opts.operands.zeroize();
        done
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = match &e {
                CliError::Usage => err.write_all(Dialect::new(Release::V10_0).usage().as_bytes()),
                CliError::Message(m) | CliError::Exit(m, _) => writeln!(err, "ifconfig: {m}"),
                CliError::BrokenPipe | CliError::Warned => Ok(()),
            };
            e.exit_code()
        }
    }
}

fn write(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(io_error)
}

/// A failed write: quiet on a closed pipe (`| head`), as FreeBSD's.
fn io_error(e: std::io::Error) -> CliError {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => CliError::BrokenPipe,
        _ => CliError::msg(e.to_string()),
    }
}

fn dispatch(opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    if opts.help {
        let usage = Dialect::new(Release::V10_0).usage();
        return write(out, &format!("{usage}\n{}", options::LONG_OPTIONS));
    }
    if let Some(shell) = opts.completions {
        return write(out, &completions::script(shell));
    }
    if opts.watch {
        return if opts.carp_view { watch_view::run(opts, out) } else { Err(CliError::Usage) };
    }
    if opts.carp_view {
        return carp_view::run(opts, out);
    }
    let ops = &opts.operands;
    let listing = opts.names_only || opts.all || ops.is_empty() || opts.cloners;
    let showing = listing || ops.len() == 1 || grammar::family_only(&ops[1..]).is_some();
    if opts.json && (showing || !opts.dry_run) {
        return json::run(opts, out);
    }
    if listing {
        return list(opts, out);
    }
    let (ifname, words) = (ops[0].as_str(), &ops[1..]);
    let family = grammar::family_only(words);
    if words.is_empty() || family.is_some() {
        let mut target = Target::open(opts, false)?;
        let dialect = Dialect::new(target.backend().release());
        let iface = target.backend().interface(ifname)?;
        let view = view(opts, family);
        return write(out, &render::interface_block(&iface, dialect, &view));
    }
    if opts.dry_run {
        return dryrun::run(opts, ifname, words, out, err);
    }
    configure(opts, ifname, words, out, err)
}

fn view(opts: &Options, family: Option<Family>) -> View {
    View {
        keys: opts.keys,
        capabilities: opts.capabilities,
        family,
        formats: opts.formats,
        verbose: opts.verbose,
        driver_name: opts.driver_name,
        lifetimes: opts.lifetimes,
    }
}

fn list(opts: &Options, out: &mut dyn Write) -> Result<(), CliError> {
    if opts.cloners {
        let mut target = Target::open(opts, false)?;
        let names = target.backend().cloners()?;
        return write(out, &format!("{}\n", names.join(" ")));
    }
    let family = match opts.operands.as_slice() {
        [] => None,
        [w] => Some(grammar::family_only(std::slice::from_ref(w)).ok_or(CliError::Usage)?),
        _ => return Err(CliError::Usage),
    };
    let mut target = Target::open(opts, false)?;
    let dialect = Dialect::new(target.backend().release());
    let ifaces = target.backend().list_interfaces()?;
    let chosen = show::select(&ifaces, opts, family);
    if opts.names_only {
        return write(out, &show::names_line(&chosen));
    }
    if opts.group.is_some() && !opts.all {
        let names: String = chosen.iter().map(|i| format!("{}\n", i.name)).collect();
        return write(out, &names);
    }
    // Each block goes out through one buffered writer as it is rendered:
    // the output is never held whole.
    let (view, mut out) = (view(opts, family), std::io::BufWriter::with_capacity(64 * 1024, out));
    let mut block = String::with_capacity(4096);
    for i in chosen {
        block.clear();
        render::write_block(&mut block, i, dialect, &view);
        out.write_all(block.as_bytes()).map_err(io_error)?;
    }
    out.flush().map_err(io_error)
}

fn configure(
    opts: &Options,
    ifname: &str,
    words: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let mut target = Target::open(opts, true)?;
    let backend = target.backend();
    let (mut ifname, mut words) = (ifname.to_string(), words);
    let mut created = false;
    let mut created_name = String::new();
    if words.first().is_some_and(|w| w == "create" || w == "plumb") {
        let existing = backend.interface(&ifname);
        // ifgeneve.c's create asks the kernel whatever exists (NLM_F_EXCL
        // answers for a name in use).
        let netlink_create = existing.is_ok()
            && grammar::create_keeps_typed_name(&ifname)
            && backend.release().has_cloner("geneve");
        match existing {
            Err(libcarpctl::Error::NoSuchInterface(_)) | Ok(_) if netlink_create || existing.is_err() => {
                let ctx = grammar::Context { release: backend.release(), flags: Default::default() };
                let (req, rest) = grammar::parse_create(&ifname, &words[1..], ctx)?;
                let made = backend.create_interface(&req)?;
                if made != ifname && !grammar::create_keeps_typed_name(&ifname) {
                    // ifconfig prints the name the kernel chose.
                    writeln!(out, "{made}").map_err(|e| CliError::msg(e.to_string()))?;
                    ifname = made.clone();
                }
                created_name = made;
                words = rest;
                if words.is_empty() {
                    return target.finish(true);
                }
                created = true;
            }
            Ok(_) if words.len() == 1 => {
                return Err(CliError::msg(format!("interface {ifname} already exists")));
            }
            _ => words = &words[1..],
        }
    }
    // ifconfig.c: `-vnet` first, for an interface not here, reclaims it
    // from the jail (the interface lives there); the rest of the line then
    // applies to it here.
    if words.first().is_some_and(|w| w == "-vnet") {
        if let Err(libcarpctl::Error::NoSuchInterface(_)) = target.backend().interface(&ifname) {
            let jail = words.get(1).ok_or_else(|| CliError::msg("'-vnet' requires argument"))?;
            target.backend().change(&ifname, &libcarpctl::IfaceChange::Reclaim(jail.clone()))?;
            words = &words[2..];
            if words.is_empty() {
                return target.finish(true);
            }
        }
    }
    match configure_existing(target.backend(), &ifname, words, out, err) {
        Ok(()) => target.finish(true),
        Err(mut failed) => {
            // All or nothing: an interface this command created goes too
            // (not after a warning only: the line was done).
            if created && !matches!(failed.error, CliError::Warned) {
                if let Err(e) = target.backend().destroy_interface(&created_name) {
                    failed.left.push(format!("{created_name} is left created ({})", CliError::from(e)));
                }
            }
            // A host file is one transaction: rolled back, nothing is left
            // (but what the kernel itself keeps of a refused request).
            if target.is_model() && !failed.kernel_kept {
                failed.left.clear();
            }
            target.finish(failed.kept())?;
            Err(failed.into_error())
        }
    }
}

/// Parse and apply the words for an existing interface.
fn configure_existing(
    backend: &mut dyn libcarpctl::Backend,
    ifname: &str,
    words: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), undo::Failure> {
    let iface = backend.interface(ifname).map_err(|e| undo::Failure::untouched(CliError::from(e)))?;
    let ctx = grammar::Context { release: backend.release(), flags: iface.flags };
    let plan = grammar::parse(ifname, words, ctx).map_err(undo::Failure::untouched)?;
    // `addr` on an interface that is no bridge: BRDGRTS fails, known
    // before anything is changed.
    if plan.bridge_addresses && iface.settings.bridge.is_none() {
        let e = libcarpctl::Error::request("unable to get address cache", libcarpctl::Errno::EINVAL);
        return Err(undo::Failure::untouched(e.into()));
    }
    for w in &plan.warnings {
        let _ = writeln!(err, "ifconfig: {w}");
    }
    apply::apply(backend, &plan, &iface, err)?;
    if plan.bridge_addresses {
        // Printed once the line is done (FreeBSD prints where `addr` stands).
        let cache =
            backend.bridge_addresses(ifname).map_err(|e| undo::Failure::untouched(CliError::from(e)))?;
        let mut text = String::new();
        render::bridge_addresses(&mut text, &cache);
        let _ = out.write_all(text.as_bytes());
    }
    Ok(())
}
