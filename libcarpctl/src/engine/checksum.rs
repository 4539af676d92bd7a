//! The Internet checksum (RFC 1071), as `in_cksum` computes it.

/// A running one's-complement sum over 16-bit big-endian words. Pieces may
/// have odd lengths: a dangling byte pairs with the next piece's first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checksum {
    sum: u64,
    odd: Option<u8>,
}

impl Checksum {
    /// An empty sum.
    pub fn new() -> Checksum {
        Checksum::default()
    }

    /// Add bytes to the sum.
    pub fn add(&mut self, mut data: &[u8]) -> &mut Checksum {
        if let (Some(hi), Some((&lo, rest))) = (self.odd, data.split_first()) {
            self.sum += u64::from(u16::from_be_bytes([hi, lo]));
            self.odd = None;
            data = rest;
        }
        let mut words = data.chunks_exact(2);
        for w in &mut words {
            self.sum += u64::from(u16::from_be_bytes([w[0], w[1]]));
        }
        if let [last] = words.remainder() {
            self.odd = Some(*last);
        }
        self
    }

    /// The checksum to put on the wire: the complement of the folded sum.
    /// Over data that already carries a correct checksum this is 0.
    pub fn finish(&self) -> u16 {
        let mut sum = self.sum;
        if let Some(hi) = self.odd {
            sum += u64::from(hi) << 8;
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        !(sum as u16)
    }
}

/// The Internet checksum of `data` (0 when `data` carries a correct one).
pub fn internet_checksum(data: &[u8]) -> u16 {
    Checksum::new().add(data).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(internet_checksum(&data), !0xddf2);
    }

    #[test]
    fn odd_pieces_equal_one_piece() {
        let data: Vec<u8> = (0u8..=40).map(|b| b.wrapping_mul(37)).collect();
        let whole = internet_checksum(&data);
        let mut split = Checksum::new();
        split.add(&data[..3]).add(&data[3..10]).add(&data[10..]);
        assert_eq!(split.finish(), whole);
        // An odd total length pads with a zero byte.
        assert_eq!(internet_checksum(&[0x12]), !0x1200);
    }
}
