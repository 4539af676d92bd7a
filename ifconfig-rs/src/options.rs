//! Leading options (before the interface name), FreeBSD's spelling, parsed
//! with clap; everything after the first operand is left to the keyword
//! grammar untouched.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Arg, ArgAction, Command};

use libcarpctl::backend::BackendChoice as KernelBackend;

use crate::error::CliError;
use crate::render::Formats;

/// Which backend to use: a kernel's (libcarpctl chooses among them), or
/// the virtual host of `--model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendChoice {
    /// The running kernel, through this backend.
    Kernel(KernelBackend),
    /// The virtual host in `--model PATH`.
    Model,
}

impl Default for BackendChoice {
    fn default() -> Self {
        BackendChoice::Kernel(KernelBackend::Auto)
    }
}

/// A shell to print a completion script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

/// Everything given before the operands.
#[derive(Debug, Default)]
pub struct Options {
    /// `-a`: every interface.
    pub all: bool,
    /// `-l`: names only.
    pub names_only: bool,
    /// `-u`: only interfaces that are up.
    pub up_only: bool,
    /// `-d`: only interfaces that are down.
    pub down_only: bool,
    /// `-k`: show CARP keys (privileged callers only get them).
    pub keys: bool,
    /// `-m`: show supported capabilities and media too.
    pub capabilities: bool,
    /// `-C`: list interface cloners.
    pub cloners: bool,
    /// `-v`, counted (`-vv`, `-vvvvvam`): more detail in listings.
    pub verbose: u8,
    /// `-D`: show the driver name (14+).
    pub driver_name: bool,
    /// `-L`: show inet6 address lifetimes (only finite ones print).
    pub lifetimes: bool,
    /// `-j jail`: the jail to act in.
    pub jail: Option<String>,
    /// `--help`: FreeBSD's usage, then our long options, on stdout.
    pub help: bool,
    /// `-g group`: only interfaces of this group.
    pub group: Option<String>,
    /// `-G group`: no interface of this group.
    pub exclude_group: Option<String>,
    /// `-f type:format` (and IFCONFIG_FORMAT).
    pub formats: Formats,
    /// `--model PATH` / IFCONFIG_MODEL: the virtual FreeBSD host file.
    pub model: Option<PathBuf>,
    /// `--backend`.
    pub backend: BackendChoice,
    /// `--json`.
    pub json: bool,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--carp`: the CARP status table.
    pub carp_view: bool,
    /// `--watch` (with `--carp`): one line per vhid state change.
    pub watch: bool,
    /// `--completions SHELL`.
    pub completions: Option<Shell>,
    /// The operands: interface name, then keywords and values.
    pub operands: Vec<String>,
}

fn flag(id: &'static str, short: char) -> Arg {
    Arg::new(id).short(short).action(ArgAction::SetTrue)
}

fn command() -> Command {
    Command::new("ifconfig")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .no_binary_name(true)
        // getopt(3) takes a repeated flag again (`-a -a`, `-vvvvvam`).
        .args_override_self(true)
        .arg(flag("all", 'a'))
        .arg(flag("names", 'l'))
        .arg(flag("up", 'u'))
        .arg(flag("down", 'd'))
        .arg(flag("keys", 'k'))
        .arg(flag("caps", 'm'))
        .arg(flag("noload", 'n'))
        // FreeBSD 14/15's getopt string: "G:adDf:j:klmnuv" plus the options
        // ifclone.c ("C"), ifgroup.c ("g:") and af_inet6.c ("L") register.
        .arg(Arg::new("verbose").short('v').action(ArgAction::Count))
        .arg(flag("driver", 'D'))
        .arg(flag("lifetimes", 'L'))
        .arg(flag("cloners", 'C'))
        .arg(Arg::new("group").short('g').num_args(1))
        .arg(Arg::new("nogroup").short('G').num_args(1))
        .arg(Arg::new("format").short('f').num_args(1).action(ArgAction::Append))
        .arg(Arg::new("jail").short('j').num_args(1))
        .arg(Arg::new("model").long("model").num_args(1).value_parser(clap::value_parser!(PathBuf)))
        .arg(
            Arg::new("backend")
                .long("backend")
                .num_args(1)
                .value_parser(["auto", "netlink", "ioctl", "model"]),
        )
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue))
        .arg(Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue))
        .arg(Arg::new("carp").long("carp").action(ArgAction::SetTrue))
        .arg(Arg::new("watch").long("watch").action(ArgAction::SetTrue))
        .arg(Arg::new("completions").long("completions").num_args(1).value_parser(["bash", "zsh", "fish"]))
        .arg(Arg::new("help").long("help").action(ArgAction::SetTrue))
        .arg(Arg::new("operands").num_args(0..).trailing_var_arg(true).allow_hyphen_values(true))
}

/// Parse the command line (without the program name). `env` looks up
/// environment variables (IFCONFIG_FORMAT, IFCONFIG_MODEL).
pub fn parse(args: Vec<OsString>, env: impl Fn(&str) -> Option<String>) -> Result<Options, CliError> {
    let m = command().try_get_matches_from(args.clone()).map_err(|_| CliError::Usage)?;
    let mut formats = Formats::default();
    if let Some(f) = env("IFCONFIG_FORMAT") {
        formats.apply(&f);
    }
    for f in m.get_many::<String>("format").into_iter().flatten() {
        formats.apply(f);
    }
    let backend = match m.get_one::<String>("backend").map(String::as_str) {
        Some("netlink") => BackendChoice::Kernel(KernelBackend::Netlink),
        Some("ioctl") => BackendChoice::Kernel(KernelBackend::Ioctl),
        Some("model") => BackendChoice::Model,
        _ => BackendChoice::default(),
    };
    let completions = match m.get_one::<String>("completions").map(String::as_str) {
        Some("bash") => Some(Shell::Bash),
        Some("zsh") => Some(Shell::Zsh),
        Some("fish") => Some(Shell::Fish),
        _ => None,
    };
    let operands: Vec<String> = m.get_many::<String>("operands").into_iter().flatten().cloned().collect();
    // getopt(3) reads every leading word that starts with '-' as options:
    // one clap let through to the operands is an unknown option.
    if operands.first().is_some_and(|w| w.starts_with('-')) {
        return Err(CliError::Usage);
    }
    // args_parse's own checks: -l excludes -a and -m, -u excludes -d.
    let names_only = m.get_flag("names");
    if names_only && (m.get_flag("all") || m.get_flag("caps")) {
        return Err(CliError::Usage);
    }
    if m.get_flag("up") && m.get_flag("down") {
        return Err(CliError::Usage);
    }
    // getopt's `case 'G': if (optarg == NULL || all == 0) usage();`
    // (ifconfig.c's args_parse): -G is only taken after an -a.
    if m.contains_id("nogroup") && !all_before_nogroup(&args) {
        return Err(CliError::Usage);
    }
    Ok(Options {
        all: m.get_flag("all"),
        names_only: m.get_flag("names"),
        up_only: m.get_flag("up"),
        down_only: m.get_flag("down"),
        keys: m.get_flag("keys"),
        capabilities: m.get_flag("caps"),
        cloners: m.get_flag("cloners"),
        verbose: m.get_count("verbose"),
        driver_name: m.get_flag("driver"),
        lifetimes: m.get_flag("lifetimes"),
        jail: m.get_one::<String>("jail").cloned(),
        help: m.get_flag("help"),
        group: m.get_one::<String>("group").cloned(),
        exclude_group: m.get_one::<String>("nogroup").cloned(),
        formats,
        model: m.get_one::<PathBuf>("model").cloned().or_else(|| env("IFCONFIG_MODEL").map(PathBuf::from)),
        backend,
        json: m.get_flag("json"),
        dry_run: m.get_flag("dry-run"),
        carp_view: m.get_flag("carp"),
        watch: m.get_flag("watch"),
        completions,
        operands,
    })
}

/// Whether getopt(3) meets an `-a` before the first `-G`, reading the
/// leading options in order (clusters like `-aG x`, values of `-f`, `-g`,
/// `-j` and of our long options skipped). Only called when `-G` is there.
fn all_before_nogroup(args: &[OsString]) -> bool {
    let mut seen_a = false;
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(w) = words.next() {
        if let Some(long) = w.strip_prefix("--") {
            if matches!(long, "model" | "backend" | "completions") {
                words.next();
            }
            continue;
        }
        let Some(cluster) = w.strip_prefix('-') else { break };
        for (i, c) in cluster.char_indices() {
            match c {
                'a' => seen_a = true,
                'G' => return seen_a,
                'g' | 'f' | 'j' => {
                    if i + 1 == cluster.len() {
                        words.next();
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    seen_a
}

/// Our own long options and what they do, printed after FreeBSD's usage by
/// `--help`.
pub const LONG_OPTIONS: &str = "\
options of ifconfig-rs (not in FreeBSD's ifconfig):
       --model PATH       act on the virtual FreeBSD host in PATH (also IFCONFIG_MODEL)
       --backend NAME     auto, netlink, ioctl or model
       --json             print interfaces (or the host) as JSON in the host-file schema
       --dry-run          show what a command would change, change nothing
       --carp             one table of every vhid (add -k for keys)
       --completions SH   print a completion script for bash, zsh or fish
       --help             this text
";

/// The names of the long options and short flags, for completions.
pub fn option_names() -> Vec<String> {
    command()
        .get_arguments()
        .flat_map(|a| {
            let mut v = Vec::new();
            if let Some(s) = a.get_short() {
                v.push(format!("-{s}"));
            }
            if let Some(l) = a.get_long() {
                v.push(format!("--{l}"));
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Options, CliError> {
        parse(args.iter().map(OsString::from).collect(), |_| None)
    }

    #[test]
    fn operands_keep_hyphen_words() {
        let o = p(&["-k", "igb0", "inet", "10.0.0.1", "-alias"]).unwrap();
        assert!(o.keys);
        assert_eq!(o.operands, ["igb0", "inet", "10.0.0.1", "-alias"]);
    }

    #[test]
    fn clustered_flags_and_unknown_flag() {
        let o = p(&["-au"]).unwrap();
        assert!(o.all && o.up_only);
        assert!(matches!(p(&["-Z"]), Err(CliError::Usage)));
    }

    #[test]
    fn repeated_and_bundled_verbose() {
        let o = p(&["-vvvvvam"]).unwrap();
        assert!(o.all && o.capabilities);
        assert_eq!(o.verbose, 5);
        let o = p(&["-v", "-v", "-a", "-a"]).unwrap();
        assert_eq!((o.verbose, o.all), (2, true));
        // -n (no module loading) and -L (lifetimes: the model's addresses
        // are infinite, which FreeBSD does not print) are taken.
        assert!(p(&["-D", "-n", "-L", "-a"]).is_ok_and(|o| o.driver_name && o.all));
        assert_eq!(p(&["-j", "jail1", "-a"]).unwrap().jail.as_deref(), Some("jail1"));
    }

    #[test]
    fn getopt_conflicts_are_usage() {
        for bad in [&["-l", "-a"][..], &["-lm"], &["-ud"], &["-W"], &["-j"]] {
            assert!(matches!(p(bad), Err(CliError::Usage)), "{bad:?}");
        }
        assert!(p(&["-a", "-G", "lo"]).is_ok());
        assert!(p(&["-aG", "lo"]).is_ok());
        assert!(p(&["-a", "-G", "lo", "-a"]).is_ok());
        // Without an -a before it, -G is a usage error, as in getopt's loop.
        for bad in [&["-G", "lo"][..], &["-G", "lo", "-a"], &["-Ga", "lo"], &["-u", "-G", "lo", "igb0"]] {
            assert!(matches!(p(bad), Err(CliError::Usage)), "{bad:?}");
        }
        assert!(p(&["--help"]).unwrap().help);
    }
}
