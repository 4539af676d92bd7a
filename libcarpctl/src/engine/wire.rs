//! The CARP (version 2) advertisement: 36 bytes after the IP header.
//!
//! ```text
//! off len field
//!  0   1  version (high nibble, 2) | type (low nibble, 1 = advertisement)
//!  1   1  vhid
//!  2   1  advskew (the demoted skew the sender advertises)
//!  3   1  authlen (7: counter + HMAC in 32-bit words)
//!  4   1  pad ("demote" in OpenBSD; FreeBSD sends 0, ignores it)
//!  5   1  advbase (seconds)
//!  6   2  Internet checksum over these 36 bytes (no pseudo-header)
//!  8   8  counter, big-endian
//! 16  20  HMAC-SHA1
//! ```
//!
//! Byte 0 is built as `(2 << 4) | 1` on every target: a C bitfield would
//! depend on the host's byte order.

use std::fmt;

use super::checksum::{internet_checksum, Checksum};

/// Size of a CARP advertisement (`sizeof(struct carp_header)`).
pub const CARP_HEADER_LEN: usize = 36;
/// `CARP_VERSION`.
pub const CARP_VERSION: u8 = 2;
/// `CARP_ADVERTISEMENT`.
pub const CARP_ADVERTISEMENT: u8 = 1;
/// The authlen FreeBSD sends (and never checks).
pub const CARP_AUTHLEN: u8 = 7;
/// Length of the HMAC-SHA1 digest.
pub const MD_LEN: usize = 20;

/// Why bytes are not a well-formed advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireError {
    /// Fewer bytes than the header needs.
    Truncated {
        /// Bytes needed.
        need: usize,
        /// Bytes given.
        got: usize,
    },
    /// The checksum does not add up.
    BadChecksum,
    /// The version nibble is not the expected one.
    BadVersion(u8),
    /// The type nibble is not "advertisement".
    BadType(u8),
    /// A VRRP address count that the bytes (or the family) cannot hold.
    BadCount {
        /// The count field.
        count: u8,
        /// Bytes left for addresses.
        room: usize,
    },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Truncated { need, got } => write!(f, "packet too short: {got} bytes, need {need}"),
            WireError::BadChecksum => f.write_str("checksum failed"),
            WireError::BadVersion(v) => write!(f, "invalid version {v}"),
            WireError::BadType(t) => write!(f, "invalid type {t}"),
            WireError::BadCount { count, room } => {
                write!(f, "address count {count} does not fit {room} bytes")
            }
        }
    }
}

impl std::error::Error for WireError {}

/// One CARP header, fields as on the wire (a value copy: decoding allocates nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarpHeader {
    /// High nibble of byte 0.
    pub version: u8,
    /// Low nibble of byte 0.
    pub kind: u8,
    /// The vhid.
    pub vhid: u8,
    /// The advertised skew.
    pub advskew: u8,
    /// The authlen byte.
    pub authlen: u8,
    /// Byte 4 (OpenBSD's demote counter; 0 from FreeBSD).
    pub demote: u8,
    /// Advertisement base interval, seconds.
    pub advbase: u8,
    /// The checksum field as received (filled in by [`CarpHeader::encode`]).
    pub checksum: u16,
    /// The 64-bit counter.
    pub counter: u64,
    /// The HMAC-SHA1.
    pub md: [u8; MD_LEN],
}

impl CarpHeader {
    /// An advertisement as FreeBSD builds it (version 2, type 1, authlen 7, pad 0).
    pub fn advertisement(vhid: u8, advbase: u8, advskew: u8, counter: u64, md: [u8; MD_LEN]) -> CarpHeader {
        CarpHeader {
            version: CARP_VERSION,
            kind: CARP_ADVERTISEMENT,
            vhid,
            advskew,
            authlen: CARP_AUTHLEN,
            demote: 0,
            advbase,
            checksum: 0,
            counter,
            md,
        }
    }

    /// Read the fields, checking only the length (the engine checks the
    /// rest in FreeBSD's order). Bytes after the 36 are ignored.
    pub fn parse(bytes: &[u8]) -> Result<CarpHeader, WireError> {
        let b: &[u8; CARP_HEADER_LEN] = bytes
            .get(..CARP_HEADER_LEN)
            .and_then(|s| s.try_into().ok())
            .ok_or(WireError::Truncated { need: CARP_HEADER_LEN, got: bytes.len() })?;
        let mut counter = [0u8; 8];
        counter.copy_from_slice(&b[8..16]);
        let mut md = [0u8; MD_LEN];
        md.copy_from_slice(&b[16..36]);
        Ok(CarpHeader {
            version: b[0] >> 4,
            kind: b[0] & 0x0f,
            vhid: b[1],
            advskew: b[2],
            authlen: b[3],
            demote: b[4],
            advbase: b[5],
            checksum: u16::from_be_bytes([b[6], b[7]]),
            counter: u64::from_be_bytes(counter),
            md,
        })
    }

    /// A strict decode: length, checksum, version 2 and type 1.
    pub fn decode(bytes: &[u8]) -> Result<CarpHeader, WireError> {
        let h = CarpHeader::parse(bytes)?;
        if !checksum_ok(bytes) {
            return Err(WireError::BadChecksum);
        }
        if h.version != CARP_VERSION {
            return Err(WireError::BadVersion(h.version));
        }
        if h.kind != CARP_ADVERTISEMENT {
            return Err(WireError::BadType(h.kind));
        }
        Ok(h)
    }

    /// The 36 wire bytes, with the checksum computed (the `checksum` field is ignored).
    pub fn encode(&self) -> [u8; CARP_HEADER_LEN] {
        let mut b = [0u8; CARP_HEADER_LEN];
        b[0] = (self.version << 4) | (self.kind & 0x0f);
        b[1] = self.vhid;
        b[2] = self.advskew;
        b[3] = self.authlen;
        b[4] = self.demote;
        b[5] = self.advbase;
        b[8..16].copy_from_slice(&self.counter.to_be_bytes());
        b[16..36].copy_from_slice(&self.md);
        let sum = internet_checksum(&b);
        b[6..8].copy_from_slice(&sum.to_be_bytes());
        b
    }
}

/// Whether the first 36 bytes carry a correct checksum (FreeBSD sums the
/// CARP header only, whatever follows it). False when shorter.
pub fn checksum_ok(bytes: &[u8]) -> bool {
    bytes.len() >= CARP_HEADER_LEN && Checksum::new().add(&bytes[..CARP_HEADER_LEN]).finish() == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The captured advertisement of carp-wire.md section 4 (ucarp, vhid 42).
    pub(crate) const CAPTURED: [u8; 36] = [
        0x21, 0x2a, 0x00, 0x07, 0x00, 0x01, 0x07, 0xf5, 0xc9, 0xd8, 0x7b, 0xf6, 0xcb, 0xe9, 0xf4, 0x02, 0xf7,
        0xf4, 0xf9, 0x4f, 0x42, 0xa0, 0xba, 0xee, 0x65, 0xc3, 0x86, 0xd3, 0x4e, 0x6e, 0xea, 0x8a, 0xf1, 0x93,
        0xcb, 0x24,
    ];

    #[test]
    fn byte0_is_version_2_type_1() {
        let h = CarpHeader::advertisement(1, 1, 0, 0, [0; MD_LEN]);
        assert_eq!(h.encode()[0], (2 << 4) | 1);
        assert_eq!(h.encode()[0], 0x21);
    }

    #[test]
    fn authlen_is_7_and_pad_0() {
        let b = CarpHeader::advertisement(9, 3, 100, 5, [7; MD_LEN]).encode();
        assert_eq!(b[3], 7);
        assert_eq!(b[4], 0);
        assert_eq!((b[1], b[2], b[5]), (9, 100, 3));
    }

    #[test]
    fn captured_packet_decodes_and_reencodes() {
        let h = CarpHeader::decode(&CAPTURED).unwrap();
        assert_eq!((h.version, h.kind, h.vhid, h.advskew, h.authlen, h.advbase), (2, 1, 42, 0, 7, 1));
        assert_eq!(h.checksum, 0x07f5);
        assert_eq!(h.counter, 0xc9d8_7bf6_cbe9_f402);
        assert_eq!(h.encode(), CAPTURED);
        assert_eq!(&h.encode()[..8], &[0x21, 0x2a, 0x00, 0x07, 0x00, 0x01, 0x07, 0xf5]);
    }

    #[test]
    fn errors_are_typed() {
        assert_eq!(CarpHeader::decode(&CAPTURED[..35]), Err(WireError::Truncated { need: 36, got: 35 }));
        let mut bad = CAPTURED;
        bad[7] ^= 1;
        assert_eq!(CarpHeader::decode(&bad), Err(WireError::BadChecksum));
        let mut v3 = CarpHeader::parse(&CAPTURED).unwrap();
        v3.version = 3;
        assert_eq!(CarpHeader::decode(&v3.encode()), Err(WireError::BadVersion(3)));
        v3.version = 2;
        v3.kind = 2;
        assert_eq!(CarpHeader::decode(&v3.encode()), Err(WireError::BadType(2)));
    }

    #[test]
    fn checksum_covers_only_the_header() {
        let mut long = CAPTURED.to_vec();
        long.extend_from_slice(&[1, 2, 3]);
        assert!(checksum_ok(&long));
        assert!(!checksum_ok(&CAPTURED[..20]));
    }
}
