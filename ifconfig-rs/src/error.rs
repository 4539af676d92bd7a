//! Every way the command can fail, and the exit code and text FreeBSD's
//! ifconfig gives for it. The only place that decides an exit status.

use std::fmt;

use libcarpctl::{Errno, Error as LibError, Op};

/// A failure of one `ifconfig` run.
#[derive(Debug)]
pub enum CliError {
    /// Bad leading options: print the usage text, exit 1.
    Usage,
    /// `ifconfig: <text>` on stderr, exit 1.
    Message(String),
    /// `ifconfig: <text>` on stderr with another exit status: FreeBSD's
    /// `errx(N, ...)` for N other than 1 (ifstf.c's `errx(2, "Wrong
    /// argument given")`).
    Exit(String, u8),
    /// Whoever read the output went away (`ifconfig -a | head -1`): stop
    /// quietly, with the status of FreeBSD's ifconfig, which SIGPIPE kills
    /// (a shell sees 128 + 13).
    BrokenPipe,
    /// FreeBSD's `exit_code = 1` after a `warnx`: the message is already
    /// on stderr, the rest of the line was done; exit 1, nothing more.
    Warned,
}

impl CliError {
    /// `ifconfig: <text>`, exit 1.
    pub fn msg(text: impl Into<String>) -> CliError {
        CliError::Message(text.into())
    }

    /// The exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BrokenPipe => 128 + 13,
            CliError::Usage | CliError::Message(_) | CliError::Warned => 1,
            CliError::Exit(_, code) => *code,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage => f.write_str("usage"),
            CliError::Message(m) | CliError::Exit(m, _) => f.write_str(m),
            CliError::BrokenPipe => f.write_str("broken pipe"),
            CliError::Warned => f.write_str("(warned above)"),
        }
    }
}

/// How ifconfig's `Perror()` words a failed interface request: ENXIO and
/// EPERM get their own phrases, everything else is `strerror`.
pub fn perror(what: &str, errno: Errno) -> CliError {
    match errno {
        Errno::ENXIO => CliError::msg(format!("{what}: no such interface")),
        Errno::EPERM => CliError::msg(format!("{what}: permission denied")),
        e => CliError::msg(format!("{what}: {e}")),
    }
}

/// The message FreeBSD's ifconfig prints when the kernel refuses a request.
impl From<LibError> for CliError {
    fn from(err: LibError) -> CliError {
        match err {
            LibError::Kernel { op, errno, .. } => match op {
                // carp.c: err(1, "SIOCSVH") / err(1, "SIOCGVH"): plain strerror.
                Op::SetVhid | Op::GetVhid => CliError::msg(format!("{}: {errno}", op.request_name())),
                Op::AddAddr | Op::AddAddr6 => perror("ioctl (SIOCAIFADDR)", errno),
                Op::DelAddr | Op::DelAddr6 => perror("ioctl (SIOCDIFADDR)", errno),
                Op::SetMtu => CliError::msg(format!("ioctl SIOCSIFMTU (set mtu): {errno}")),
                Op::SetMetric => CliError::msg(format!("ioctl SIOCSIFMETRIC (set metric): {errno}")),
                Op::SetFlags | Op::GetFlags => perror("ioctl (SIOCSIFFLAGS)", errno),
                Op::List | Op::Socket => CliError::msg(format!("{}: {errno}", op.request_name())),
            },
            // errx(errmsg.error, "%s", errmsg.error_str): the exit status
            // is the errno.
            LibError::Netlink { errno, message } => CliError::Exit(
                message.unwrap_or_else(|| "(null)".into()),
                u8::try_from(errno.freebsd()).unwrap_or(1),
            ),
            LibError::NoSuchInterface(name) => CliError::msg(format!("interface {name} does not exist")),
            other => CliError::msg(other.freebsd_message()),
        }
    }
}
