use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// `CARP_KEY_LEN`: the key buffer's size in `struct carpreq`.
pub const KEY_LEN: usize = 20;

/// A CARP key: 20 bytes, zeroed when dropped, never shown by `Debug`.
///
/// An all-zero key (first byte 0) is "no key": the kernel never replaces a
/// key with it, and ifconfig never prints it.
#[derive(Clone, PartialEq, Eq, Default, Zeroize, ZeroizeOnDrop)]
pub struct Key([u8; KEY_LEN]);

impl Key {
    /// The empty key.
    pub fn empty() -> Key {
        Key([0; KEY_LEN])
    }

    /// A key from a passphrase the way ifconfig copies it (`strlcpy` into
    /// 20 bytes): at most 19 bytes survive, the rest is silently dropped.
    pub fn from_passphrase(phrase: &[u8]) -> Key {
        let mut key = Key::empty();
        let n = phrase.len().min(KEY_LEN - 1);
        key.0[..n].copy_from_slice(&phrase[..n]);
        key
    }

    /// A key from the first line of a file (`passfile PATH`: the key stays
    /// off command lines); the line ending is not part of it, and the
    /// bytes read are wiped.
    pub fn from_file(path: &std::path::Path) -> std::io::Result<Key> {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        // Never wait on a FIFO (or read a device): a regular file only.
        let mut file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        let mut text = Vec::new();
        file.read_to_end(&mut text)?;
        let end = text.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(text.len());
        let key = Key::from_passphrase(&text[..end]);
        text.zeroize();
        Ok(key)
    }

    /// A key from raw bytes as the kernel holds them (up to 20, no
    /// terminator needed); longer input is cut at 20.
    pub fn from_bytes(bytes: &[u8]) -> Key {
        let mut key = Key::empty();
        let n = bytes.len().min(KEY_LEN);
        key.0[..n].copy_from_slice(&bytes[..n]);
        key
    }

    /// Whether this is "no key" (first byte 0).
    pub fn is_empty(&self) -> bool {
        self.0[0] == 0
    }

    /// The whole 20-byte buffer, for the ABI and the wire.
    pub fn raw(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The key up to its first NUL: what `ifconfig -k` prints. Callers must
    /// only show it to a privileged user who asked for it.
    pub fn reveal(&self) -> &[u8] {
        let end = self.0.iter().position(|&b| b == 0).unwrap_or(KEY_LEN);
        &self.0[..end]
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            f.write_str("Key(empty)")
        } else {
            f.write_str("Key(<redacted>)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_truncates_like_strlcpy() {
        let k = Key::from_passphrase(b"0123456789abcdefghijKLMN");
        assert_eq!(k.reveal(), b"0123456789abcdefghi");
        assert_eq!(k.raw()[19], 0);
    }

    #[test]
    fn kernel_bytes_keep_twenty() {
        let k = Key::from_bytes(b"0123456789abcdefghijKLMN");
        assert_eq!(k.reveal(), b"0123456789abcdefghij");
    }

    #[test]
    fn debug_redacts() {
        let k = Key::from_passphrase(b"qwerty");
        let shown = format!("{k:?}");
        assert!(!shown.contains("qwerty"));
        assert_eq!(shown, "Key(<redacted>)");
        assert!(Key::empty().is_empty());
        assert!(Key::from_passphrase(b"").is_empty());
    }
}
