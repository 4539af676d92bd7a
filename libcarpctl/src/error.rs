//! Errors: which kernel request failed, with which errno, and where.
//!
//! FreeBSD's ifconfig prints `ifconfig: SIOCSVH: Invalid argument`; to let a
//! front end do the same on every OS, an [`Error`] keeps the request ([`Op`])
//! and a symbolic [`Errno`] whose text is FreeBSD's `strerror`
//! ([`Error::freebsd_message`] gives exactly that text). Its `Display` adds
//! the [`Context`]: the interface, the vhid or address, the field the kernel
//! refused when it can be told, and whether anything was changed:
//!
//! ```text
//! SIOCSVH: Invalid argument (interface igb0, vhid 112, field advskew; nothing was changed)
//! ```
//!
//! No error ever holds a carp key.

mod context;

use std::fmt;
use std::path::PathBuf;

pub use context::{Changed, Context};

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kernel request an error came from, named as FreeBSD names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Set a vhid (`SIOCSVH`, or the netlink carp SET).
    SetVhid,
    /// Read one or all vhids (`SIOCGVH`, or the netlink carp GET).
    GetVhid,
    /// Add an IPv4 address (`SIOCAIFADDR`, or RTM_NEWADDR).
    AddAddr,
    /// Add an IPv6 address (`SIOCAIFADDR_IN6`, or RTM_NEWADDR).
    AddAddr6,
    /// Delete an IPv4 address (`SIOCDIFADDR`, or RTM_DELADDR).
    DelAddr,
    /// Delete an IPv6 address (`SIOCDIFADDR_IN6`, or RTM_DELADDR).
    DelAddr6,
    /// Read interface flags (`SIOCGIFFLAGS`).
    GetFlags,
    /// Set interface flags (`SIOCSIFFLAGS`).
    SetFlags,
    /// Set the MTU (`SIOCSIFMTU`).
    SetMtu,
    /// Set the metric (`SIOCSIFMETRIC`).
    SetMetric,
    /// List interfaces and addresses (getifaddrs, or RTM_GETLINK/RTM_GETADDR dumps).
    List,
    /// Open or talk to a kernel socket.
    Socket,
}

impl Op {
    /// FreeBSD's name for the request, as ifconfig prints it.
    pub fn request_name(self) -> &'static str {
        match self {
            Op::SetVhid => "SIOCSVH",
            Op::GetVhid => "SIOCGVH",
            Op::AddAddr => "SIOCAIFADDR",
            Op::AddAddr6 => "SIOCAIFADDR_IN6",
            Op::DelAddr => "SIOCDIFADDR",
            Op::DelAddr6 => "SIOCDIFADDR_IN6",
            Op::GetFlags => "SIOCGIFFLAGS",
            Op::SetFlags => "SIOCSIFFLAGS",
            Op::SetMtu => "SIOCSIFMTU",
            Op::SetMetric => "SIOCSIFMETRIC",
            Op::List => "getifaddrs",
            Op::Socket => "socket",
        }
    }
}

impl Op {
    /// Whether the request would change the host (a SET, an add, a delete);
    /// reads never do, so their errors say nothing about changes.
    pub fn changes_host(self) -> bool {
        !matches!(self, Op::GetVhid | Op::GetFlags | Op::List | Op::Socket)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.request_name())
    }
}

macro_rules! errnos {
    ($( $name:ident = $bsd:literal, $linux:literal, $text:literal; )*) => {
        /// An errno by name. FreeBSD and Linux number them differently; the
        /// text is FreeBSD's `strerror`, since that is what ifconfig prints.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(clippy::upper_case_acronyms)]
        pub enum Errno {
            $( #[doc = $text] $name, )*
            /// A value without a name here: (FreeBSD number).
            Other(i32),
        }

        impl Errno {
            /// From a FreeBSD errno number.
            pub fn from_freebsd(n: i32) -> Errno {
                match n { $( $bsd => Errno::$name, )* other => Errno::Other(other) }
            }
            /// From a Linux errno number.
            pub fn from_linux(n: i32) -> Errno {
                match n { $( $linux => Errno::$name, )* other => Errno::Other(other) }
            }
            /// The FreeBSD errno number.
            pub fn freebsd(self) -> i32 {
                match self { $( Errno::$name => $bsd, )* Errno::Other(n) => n }
            }
            /// The Linux errno number (an unnamed value passes through).
            pub fn linux(self) -> i32 {
                match self { $( Errno::$name => $linux, )* Errno::Other(n) => n }
            }
            /// FreeBSD's `strerror` text.
            pub fn text(self) -> String {
                match self {
                    $( Errno::$name => $text.to_string(), )*
                    Errno::Other(n) => format!("Unknown error: {n}"),
                }
            }
        }
    };
}

errnos! {
    EPERM = 1, 1, "Operation not permitted";
    ENOENT = 2, 2, "No such file or directory";
    ESRCH = 3, 3, "No such process";
    EIO = 5, 5, "Input/output error";
    ENXIO = 6, 6, "Device not configured";
    E2BIG = 7, 7, "Argument list too long";
    EBADF = 9, 9, "Bad file descriptor";
    ENOMEM = 12, 12, "Cannot allocate memory";
    EACCES = 13, 13, "Permission denied";
    EFAULT = 14, 14, "Bad address";
    EBUSY = 16, 16, "Device busy";
    EEXIST = 17, 17, "File exists";
    ENODEV = 19, 19, "Operation not supported by device";
    ENOTTY = 25, 25, "Inappropriate ioctl for device";
    EFBIG = 27, 27, "File too large";
    EINVAL = 22, 22, "Invalid argument";
    ENOSPC = 28, 28, "No space left on device";
    ERANGE = 34, 34, "Result too large";
    EDESTADDRREQ = 39, 89, "Destination address required";
    EAGAIN = 35, 11, "Resource temporarily unavailable";
    EMSGSIZE = 40, 90, "Message too long";
    EPROTOTYPE = 41, 91, "Protocol wrong type for socket";
    ENOPROTOOPT = 42, 92, "Protocol not available";
    EPROTONOSUPPORT = 43, 93, "Protocol not supported";
    EOPNOTSUPP = 45, 95, "Operation not supported";
    EAFNOSUPPORT = 47, 97, "Address family not supported by protocol family";
    EADDRINUSE = 48, 98, "Address already in use";
    EADDRNOTAVAIL = 49, 99, "Can't assign requested address";
    ENETDOWN = 50, 100, "Network is down";
    ENOBUFS = 55, 105, "No buffer space available";
    ETIMEDOUT = 60, 110, "Operation timed out";
    ENAMETOOLONG = 63, 36, "File name too long";
    ENOMSG = 83, 42, "No message of desired type";
    ENOSYS = 78, 38, "Function not implemented";
    EILSEQ = 86, 84, "Illegal byte sequence";
}

impl Errno {
    /// From the running OS's errno number.
    pub fn from_host(n: i32) -> Errno {
        if cfg!(target_os = "linux") {
            Errno::from_linux(n)
        } else {
            Errno::from_freebsd(n)
        }
    }

    /// The running OS's number for this errno.
    pub fn host(self) -> i32 {
        if cfg!(target_os = "linux") {
            self.linux()
        } else {
            self.freebsd()
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A netlink or ioctl payload that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed {what}: {detail}")]
pub struct DecodeError {
    /// What was being decoded ("nlmsghdr", "carp attribute", ...).
    pub what: &'static str,
    /// Why it failed (lengths, offsets).
    pub detail: String,
}

impl DecodeError {
    /// A decode error for `what` with a free-form detail.
    pub fn new(what: &'static str, detail: impl Into<String>) -> Self {
        DecodeError { what, detail: detail.into() }
    }
}

/// Everything that can go wrong in this crate.
///
/// `Display` is FreeBSD's message plus the context; `{:?}` (what `?` in
/// `main` prints) is the same text followed by the chain of causes; `{:#?}`
/// shows the fields.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel (or the model) refused a request.
    #[error("{op}: {errno}{}", context.suffix(op.changes_host()))]
    Kernel {
        /// The request.
        op: Op,
        /// Why.
        errno: Errno,
        /// Where, and what it left changed.
        context: Context,
    },
    /// A request the kernel refused, named as ifconfig's `err(1, ...)`
    /// names it (`BRDGADD epair0a`, `SIOCSLAGGPORT`, `SIOCSIFDESCR`).
    #[error("{what}: {errno}")]
    Request {
        /// The request as ifconfig prints it.
        what: String,
        /// Why.
        errno: Errno,
    },
    /// A refusal ifconfig words itself (`errx(1, ...)`), e.g.
    /// `interface bridge0 already exists`.
    #[error("{0}")]
    Refused(String),
    /// A netlink request the kernel refused, with the text it attached
    /// (`NLMSGERR_ATTR_MSG`): ifconfig's netlink code (ifgeneve.c's
    /// `geneve_nl_fini`) prints that text alone, `(null)` when there is
    /// none, and exits with the errno.
    #[error("{}", message.as_deref().unwrap_or("(null)"))]
    Netlink {
        /// Why.
        errno: Errno,
        /// The kernel's message.
        message: Option<String>,
    },
    /// jail_getid(3) found no such jail: kern_jail.c's message
    /// (`jail "j1" not found`) and jail_get's errno.
    #[error("{message}")]
    Jail {
        /// What the kernel's `errmsg` says.
        message: String,
        /// jail_get's errno (ENOENT).
        errno: Errno,
    },
    /// The interface does not exist.
    #[error("interface {0} does not exist")]
    NoSuchInterface(String),
    /// The kernel has no carp(4) at all (e.g. Linux), or the request needs
    /// a feature this kernel or release lacks.
    #[error("{0}")]
    Unsupported(String),
    /// A netlink or ABI payload could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The model's host file could not be read, locked or written; the
    /// `io::Error` is the [`source`](std::error::Error::source).
    #[error("{}: {source}", path.display())]
    HostFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The model's host file is not a valid host (see libcarpctl-host(5)).
    #[error("{}: {detail}", path.display())]
    HostFileFormat {
        /// The file.
        path: PathBuf,
        /// Which part is wrong.
        detail: String,
    },
    /// An I/O error outside a kernel request.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A refused request named as ifconfig names it.
    pub fn request(what: impl Into<String>, errno: Errno) -> Error {
        Error::Request { what: what.into(), errno }
    }

    /// A kernel error for `op`, without context yet.
    pub fn kernel(op: Op, errno: Errno) -> Error {
        Error::Kernel { op, errno, context: Context::default() }
    }

    /// The errno, when the error came from the kernel.
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::Kernel { errno, .. }
            | Error::Request { errno, .. }
            | Error::Jail { errno, .. }
            | Error::Netlink { errno, .. } => Some(*errno),
            _ => None,
        }
    }

    /// The request, when the error came from the kernel.
    pub fn op(&self) -> Option<Op> {
        match self {
            Error::Kernel { op, .. } => Some(*op),
            _ => None,
        }
    }

    /// Where a kernel error happened (`None` for other errors).
    pub fn context(&self) -> Option<&Context> {
        match self {
            Error::Kernel { context, .. } => Some(context),
            _ => None,
        }
    }

    /// The interface the error is about, when known.
    pub fn interface(&self) -> Option<&str> {
        match self {
            Error::Kernel { context, .. } => context.interface.as_deref(),
            Error::NoSuchInterface(name) => Some(name),
            _ => None,
        }
    }

    /// Whether the failed call changed anything. Only a kernel error can
    /// have (the ioctl of FreeBSD 10-14.0 half-applies a refused SIOCSVH);
    /// every other error is raised before anything is touched.
    pub fn changed(&self) -> Changed {
        match self {
            Error::Kernel { context, .. } => context.changed,
            _ => Changed::Nothing,
        }
    }

    /// The text FreeBSD's tools print for this error, without the context
    /// (`SIOCSVH: Invalid argument`): what ifconfig-rs prints after
    /// `ifconfig: `.
    pub fn freebsd_message(&self) -> String {
        match self {
            Error::Kernel { op, errno, .. } => format!("{op}: {errno}"),
            other => other.to_string(),
        }
    }
}

/// Readable where `?` in `main` shows it: the message, then its causes.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return match self {
                Error::Kernel { op, errno, context } => f
                    .debug_struct("Kernel")
                    .field("op", op)
                    .field("errno", errno)
                    .field("context", context)
                    .finish(),
                Error::NoSuchInterface(n) => f.debug_tuple("NoSuchInterface").field(n).finish(),
                Error::Request { what, errno } => {
                    f.debug_struct("Request").field("what", what).field("errno", errno).finish()
                }
                Error::Refused(s) => f.debug_tuple("Refused").field(s).finish(),
                Error::Jail { message, errno } => {
                    f.debug_struct("Jail").field("message", message).field("errno", errno).finish()
                }
                Error::Unsupported(s) => f.debug_tuple("Unsupported").field(s).finish(),
                Error::Netlink { errno, message } => {
                    f.debug_struct("Netlink").field("errno", errno).field("message", message).finish()
                }
                Error::Decode(d) => f.debug_tuple("Decode").field(d).finish(),
                Error::HostFile { path, source } => {
                    f.debug_struct("HostFile").field("path", path).field("source", source).finish()
                }
                Error::HostFileFormat { path, detail } => {
                    f.debug_struct("HostFileFormat").field("path", path).field("detail", detail).finish()
                }
                Error::Io(e) => f.debug_tuple("Io").field(e).finish(),
            };
        }
        // Display already ends with the immediate cause's text; show the rest.
        write!(f, "{self}")?;
        let mut cause = std::error::Error::source(self).and_then(|c| c.source());
        while let Some(c) = cause {
            write!(f, "\n  caused by: {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}
