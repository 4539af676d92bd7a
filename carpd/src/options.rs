//! Command-line options.

use std::path::PathBuf;

pub const USAGE: &str = "usage: carpd [--config FILE] [--socket PATH] [--state FILE] [--hook PROG] [--syslog]
             [--sysctl net.inet.carp.NAME=VALUE]...
       carpd --check --config FILE
       carpd ctl [--socket PATH] status | stats | get | set NAME VALUE";

/// The daemon's options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub config: Option<PathBuf>,
    pub socket: Option<String>,
    pub state: Option<PathBuf>,
    pub hook: Option<PathBuf>,
    pub syslog: bool,
    /// `net.inet.carp.NAME=VALUE` settings, applied after the file's.
    pub sysctls: Vec<(String, String)>,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Options),
    Check(Options),
    Ctl { socket: Option<String>, request: Vec<String> },
    Help,
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    if args.first().map(String::as_str) == Some("ctl") {
        return parse_ctl(&args[1..]);
    }
    let mut o = Options::default();
    let mut check = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("option {name} needs a value"));
        match a.as_str() {
            "--config" | "-f" => o.config = Some(value(a)?.into()),
            "--socket" | "-s" => o.socket = Some(value(a)?),
            "--state" => o.state = Some(value(a)?.into()),
            "--hook" => o.hook = Some(value(a)?.into()),
            "--syslog" => o.syslog = true,
            "--check" => check = true,
            "--sysctl" | "-o" => {
                let v = value(a)?;
                let (n, x) = v.split_once('=').ok_or_else(|| format!("{v}: expected NAME=VALUE"))?;
                o.sysctls.push((n.to_string(), x.to_string()));
            }
            "--help" | "-h" => return Ok(Command::Help),
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    Ok(if check { Command::Check(o) } else { Command::Run(o) })
}

fn parse_ctl(args: &[String]) -> Result<Command, String> {
    let (socket, rest) = match args {
        [flag, path, rest @ ..] if flag == "--socket" || flag == "-s" => (Some(path.clone()), rest),
        rest => (None, rest),
    };
    if rest.is_empty() {
        return Err("ctl: missing request".to_string());
    }
    // A subscription never ends by itself: that is a watcher's job.
    if rest.first().is_some_and(|r| r == "subscribe") {
        return Err("ctl: subscribe: use ifconfig --carp --watch".to_string());
    }
    Ok(Command::Ctl { socket, request: rest.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn daemon_and_ctl_forms() {
        let Command::Run(o) =
            parse(&v("--config /etc/carpd.conf --socket /run/n1.sock -o net.inet.carp.preempt=1")).unwrap()
        else {
            panic!()
        };
        assert_eq!(o.socket.as_deref(), Some("/run/n1.sock"));
        assert_eq!(o.sysctls, vec![("net.inet.carp.preempt".to_string(), "1".to_string())]);
        assert_eq!(
            parse(&v("ctl --socket /x set demotion +240")).unwrap(),
            Command::Ctl { socket: Some("/x".into()), request: v("set demotion +240") }
        );
        assert!(parse(&v("--bogus")).is_err());
        assert!(parse(&v("--config")).is_err());
        assert!(parse(&v("ctl")).is_err());
        assert_eq!(parse(&v("ctl subscribe")).unwrap_err(), "ctl: subscribe: use ifconfig --carp --watch");
    }
}
