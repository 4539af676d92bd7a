//! `--dry-run`: apply a configuring command to an in-memory copy of the
//! host and show what it would do: the resulting interface block and a
//! unified diff against the current one. Nothing on the host changes (a
//! host file is read, never locked for update nor written).

use std::io::Write;

use libcarpctl::{Backend, HostSession};
use similar::TextDiff;

use crate::error::CliError;
use crate::options::Options;
use crate::render::{interface_block, Dialect};
use crate::target::Target;

/// The report (pure): the block after the command, then the diff of the
/// block before against it (headers only when nothing changes).
pub fn report(ifname: &str, before: &str, after: &str) -> String {
    let old = format!("{ifname} (now)");
    let new = format!("{ifname} (after)");
    let diff = TextDiff::from_lines(before, after);
    let mut out = String::from(after);
    if before == after {
        out.push_str(&format!("--- {old}\n+++ {new}\n"));
    } else {
        out.push_str(&diff.unified_diff().context_radius(3).header(&old, &new).to_string());
    }
    out
}

/// `ifconfig --dry-run IFACE WORDS...`: the same parse, the same apply, on
/// a copy. Fails exactly as the real command would (a kernel refusal
/// included, as the model reproduces it); if the release would have
/// applied part of the line before failing, that part is shown as well.
pub fn run(
    opts: &Options,
    ifname: &str,
    words: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), CliError> {
    let mut target = Target::open(opts, false)?;
    let host = target.backend().snapshot()?;
    drop(target);
    let mut model = HostSession::in_memory(host);
    let before = model.interface(ifname)?;
    let ctx = crate::grammar::Context { release: model.release(), flags: before.flags };
    let plan = crate::grammar::parse(ifname, words, ctx)?;
    for w in &plan.warnings {
        let _ = writeln!(err, "ifconfig: {w}");
    }
    let original = model.snapshot()?;
    let applied = crate::apply::apply(&mut model, &plan, &before, err).map_err(|mut failed| {
        // As the real command on a host file: rolled back, but for what the
        // kernel itself keeps of a refused request.
        if !failed.kernel_kept {
            model = HostSession::in_memory(original);
            failed.left.clear();
        }
        failed.into_error()
    });
    let after = model.interface(ifname)?;
    let text = if opts.json {
        let host = model.snapshot()?;
        let iface = host.interfaces().iter().filter(|i| i.name == ifname).cloned().collect();
        host.with_interfaces(iface).to_json(opts.keys)
    } else {
        let dialect = Dialect::new(model.release());
        let mut view = crate::view(opts, None);
        // A failed command's report is part of an error: no key in it, -k or not.
        view.keys &= applied.is_ok();
        let (old, new) = (interface_block(&before, dialect, &view), interface_block(&after, dialect, &view));
        if applied.is_err() && old == new {
            String::new()
        } else {
            report(ifname, &old, &new)
        }
    };
    if applied.is_ok() || !opts.json {
        crate::write(out, &text)?;
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_block_has_an_empty_diff() {
        let r = report("em0", "em0: x\n", "em0: x\n");
        assert_eq!(r, "em0: x\n--- em0 (now)\n+++ em0 (after)\n");
    }

    #[test]
    fn changed_line_is_a_hunk() {
        let r = report("em0", "em0: x\n\ta\n", "em0: x\n\tb\n");
        assert_eq!(r, "em0: x\n\tb\n--- em0 (now)\n+++ em0 (after)\n@@ -1,2 +1,2 @@\n em0: x\n-\ta\n+\tb\n");
    }
}
