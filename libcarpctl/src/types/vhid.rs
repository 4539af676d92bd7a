use std::fmt;
use std::num::NonZeroU8;
use std::str::FromStr;

/// A virtual host id: 1..=255 (`CARP_MAXVHID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vhid(NonZeroU8);

impl Vhid {
    /// The largest vhid the kernel accepts.
    pub const MAX: u8 = 255;

    /// A vhid from any integer; `None` outside 1..=255.
    pub fn new(n: i64) -> Option<Vhid> {
        u8::try_from(n).ok().and_then(NonZeroU8::new).map(Vhid)
    }

    /// The number.
    pub fn get(self) -> u8 {
        self.0.get()
    }
}

/// A number outside 1..=255 given as a vhid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("vhid {0} is out of range 1-255")]
pub struct VhidRangeError(pub i64);

impl TryFrom<u8> for Vhid {
    type Error = VhidRangeError;
    fn try_from(n: u8) -> Result<Vhid, VhidRangeError> {
        Vhid::new(n.into()).ok_or(VhidRangeError(n.into()))
    }
}

impl TryFrom<u32> for Vhid {
    type Error = VhidRangeError;
    fn try_from(n: u32) -> Result<Vhid, VhidRangeError> {
        Vhid::new(n.into()).ok_or(VhidRangeError(n.into()))
    }
}

impl TryFrom<i32> for Vhid {
    type Error = VhidRangeError;
    fn try_from(n: i32) -> Result<Vhid, VhidRangeError> {
        Vhid::new(n.into()).ok_or(VhidRangeError(n.into()))
    }
}

impl From<Vhid> for u8 {
    fn from(v: Vhid) -> u8 {
        v.get()
    }
}

impl fmt::Display for Vhid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A vhid's state (`carpr_state`): INIT 0, BACKUP 1, MASTER 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum CarpState {
    /// Not yet initialized: no address joined, or the parent is down.
    #[default]
    Init = 0,
    /// Listening for the master's advertisements.
    Backup = 1,
    /// Owning the addresses and advertising.
    Master = 2,
}

impl CarpState {
    /// `CARP_MAXSTATE`.
    pub const MAX: i32 = 2;

    /// From the kernel's number; `None` above `CARP_MAXSTATE`.
    pub fn from_raw(n: i64) -> Option<CarpState> {
        match n {
            0 => Some(CarpState::Init),
            1 => Some(CarpState::Backup),
            2 => Some(CarpState::Master),
            _ => None,
        }
    }

    /// The kernel's number.
    pub fn raw(self) -> u32 {
        self as u32
    }

    /// The name ifconfig prints: `INIT`, `BACKUP`, `MASTER`.
    pub fn name(self) -> &'static str {
        match self {
            CarpState::Init => "INIT",
            CarpState::Backup => "BACKUP",
            CarpState::Master => "MASTER",
        }
    }
}

impl fmt::Display for CarpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Case-insensitive, as ifconfig's `state` keyword (`strcasecmp`).
impl FromStr for CarpState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [CarpState::Init, CarpState::Backup, CarpState::Master]
            .into_iter()
            .find(|st| st.name().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vhid_range() {
        assert!(Vhid::new(0).is_none());
        assert!(Vhid::new(256).is_none());
        assert!(Vhid::new(-1).is_none());
        assert_eq!(Vhid::new(255).unwrap().get(), 255);
        assert_eq!(Vhid::new(1).unwrap().to_string(), "1");
    }

    #[test]
    fn vhid_conversions() {
        assert_eq!(Vhid::try_from(112u8).map(u8::from), Ok(112));
        assert_eq!(Vhid::try_from(0u8), Err(VhidRangeError(0)));
        assert_eq!(Vhid::try_from(255u32).map(Vhid::get), Ok(255));
        assert_eq!(Vhid::try_from(256u32).unwrap_err().to_string(), "vhid 256 is out of range 1-255");
        assert_eq!(Vhid::try_from(-1i32), Err(VhidRangeError(-1)));
    }

    #[test]
    fn state_parse_is_case_insensitive() {
        assert_eq!("master".parse(), Ok(CarpState::Master));
        assert_eq!("BaCkUp".parse(), Ok(CarpState::Backup));
        assert_eq!("Init".parse(), Ok(CarpState::Init));
        assert_eq!("slave".parse::<CarpState>(), Err(()));
        assert_eq!(CarpState::from_raw(3), None);
    }
}
