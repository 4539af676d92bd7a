//! Which kernel answers: FreeBSD or Linux.

use crate::error::Errno;
use crate::netlink::route::Dialect;
use crate::sys::netlink::{AF_INET, AF_INET6_FREEBSD, AF_INET6_LINUX};
use crate::types::Family;

/// Which kernel is on the other end of the transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// FreeBSD 14+: FreeBSD errno numbers and `IFF_*`, `IFT_*` interface
    /// types, the `"carp"` generic family, `IFA_FREEBSD` on addresses.
    FreeBsd,
    /// Linux: Linux errno numbers, `IFF_*` translated to FreeBSD's,
    /// `ARPHRD_*` types, no carp(4).
    Linux,
}

impl Flavor {
    /// Name a kernel errno number.
    pub fn errno(self, n: i32) -> Errno {
        match self {
            Flavor::FreeBsd => Errno::from_freebsd(n),
            Flavor::Linux => Errno::from_linux(n),
        }
    }

    /// This kernel's `AF_INET6`.
    pub fn af_inet6(self) -> u8 {
        match self {
            Flavor::FreeBsd => AF_INET6_FREEBSD,
            Flavor::Linux => AF_INET6_LINUX,
        }
    }

    /// How this kernel numbers address attributes.
    pub fn dialect(self) -> Dialect {
        match self {
            Flavor::FreeBsd => Dialect::FreeBsd,
            Flavor::Linux => Dialect::Linux,
        }
    }

    pub(crate) fn af_of(self, family: Family) -> u8 {
        match family {
            Family::Inet6 => self.af_inet6(),
            _ => AF_INET,
        }
    }
}
