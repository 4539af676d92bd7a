//! libnv's packed nvlist, the buffer behind `SIOCGETPFSYNCNV` /
//! `SIOCSETPFSYNCNV` (14.0 on) and `SIOCGIFCAPNV` / `SIOCSIFCAPNV` (13.0
//! on): a pure codec, no I/O.
//!
//! The layout, as FreeBSD's `nvlist.c` / `nvpair.c` pack it (facts read in
//! sys/contrib/libnv):
//! * a 19-byte list header, packed: magic `0x6c` (`'l'`), version 0, flags
//!   (bit `0x80`: the numbers are big-endian; the public flags 0x01/0x02),
//!   the descriptor count (u64) and `nvlh_size` (u64): the bytes that
//!   follow this header *to the end of the whole buffer*, for a nested list
//!   too;
//! * then each pair: a 19-byte header (type u8, name size u16 with the
//!   NUL, data size u64, item count u64), the name and its NUL, the data:
//!   a bool is one byte (0 or 1), a number 8 bytes, a string its bytes and
//!   a NUL, a binary its bytes. A nested list's pair (type 5) carries the
//!   nested list's packed size as its data size and is followed by that
//!   list's header and pairs, then an "up" pair (type 255, name "", no
//!   data) that returns to the parent.
//!
//! Numbers and sizes are in the packer's byte order (the flag says which);
//! the kernel packs in its own. Arrays and descriptors are not used by
//! these requests and are refused on unpack.

use crate::error::Errno;

const MAGIC: u8 = 0x6c;
const FLAG_BIG_ENDIAN: u8 = 0x80;
/// `NV_FLAG_IGNORE_CASE | NV_FLAG_NO_UNIQUE`.
const FLAG_PUBLIC: u8 = 0x03;
const HEADER: usize = 19;
/// `NV_NAME_MAX`.
const NAME_MAX: usize = 2048;

const TYPE_NULL: u8 = 1;
const TYPE_BOOL: u8 = 2;
const TYPE_NUMBER: u8 = 3;
const TYPE_STRING: u8 = 4;
const TYPE_NVLIST: u8 = 5;
const TYPE_BINARY: u8 = 7;
const TYPE_UP: u8 = 255;

/// One value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NvValue {
    /// `NV_TYPE_NULL`.
    Null,
    /// `NV_TYPE_BOOL`.
    Bool(bool),
    /// `NV_TYPE_NUMBER` (a `uint64_t`).
    Number(u64),
    /// `NV_TYPE_STRING` (no NUL inside).
    String(String),
    /// `NV_TYPE_NVLIST`.
    List(NvList),
    /// `NV_TYPE_BINARY` (never empty on the wire).
    Binary(Vec<u8>),
}

/// An nvlist: named values in insertion order, names unique.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NvList {
    pairs: Vec<(String, NvValue)>,
}

impl NvList {
    /// An empty list.
    pub fn new() -> Self {
        NvList::default()
    }

    /// Set `name` to `value`: as ifconfig does, the old pair goes and the
    /// new one is added at the end.
    pub fn set(&mut self, name: &str, value: NvValue) {
        self.remove(name);
        self.pairs.push((name.to_string(), value));
    }

    /// Remove `name` (of any type).
    pub fn remove(&mut self, name: &str) {
        self.pairs.retain(|(n, _)| n != name);
    }

    /// The value called `name`.
    pub fn get(&self, name: &str) -> Option<&NvValue> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// `nvlist_get_number` where `nvlist_exists_number`.
    pub fn number(&self, name: &str) -> Option<u64> {
        match self.get(name)? {
            NvValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// `nvlist_get_string` where `nvlist_exists_string`.
    pub fn string(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            NvValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// `nvlist_get_bool` where `nvlist_exists_bool`.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            NvValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// `nvlist_get_nvlist` where `nvlist_exists_nvlist`.
    pub fn list(&self, name: &str) -> Option<&NvList> {
        match self.get(name)? {
            NvValue::List(l) => Some(l),
            _ => None,
        }
    }

    /// `nvlist_get_binary` where `nvlist_exists_binary`.
    pub fn binary(&self, name: &str) -> Option<&[u8]> {
        match self.get(name)? {
            NvValue::Binary(b) => Some(b),
            _ => None,
        }
    }

    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NvValue)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// `nvlist_size`: the packed length of this list alone (its header
    /// and pairs; a nested list's header and closing "up" pair counted
    /// with the parent's pair).
    pub fn packed_size(&self) -> usize {
        HEADER
            + self
                .pairs
                .iter()
                .map(|(n, v)| {
                    HEADER
                        + n.len()
                        + 1
                        + match v {
                            NvValue::List(l) => l.packed_size() + HEADER + 1,
                            v => data_len(v),
                        }
                })
                .sum::<usize>()
    }

    /// `nvlist_pack` in this machine's byte order.
    pub fn pack(&self) -> Vec<u8> {
        self.pack_as(cfg!(target_endian = "big"))
    }

    /// `nvlist_pack` as a machine of the given byte order packs it.
    pub fn pack_as(&self, big_endian: bool) -> Vec<u8> {
        let total = self.packed_size();
        let mut out = Vec::with_capacity(total);
        self.pack_into(&mut out, total, big_endian);
        debug_assert_eq!(out.len(), total);
        out
    }

    fn pack_into(&self, out: &mut Vec<u8>, total: usize, be: bool) {
        let u64b = |v: u64| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        out.push(MAGIC);
        out.push(0);
        out.push(if be { FLAG_BIG_ENDIAN } else { 0 });
        out.extend_from_slice(&u64b(0));
        let left = (total - out.len() - 8) as u64;
        out.extend_from_slice(&u64b(left));
        for (name, v) in &self.pairs {
            let (ty, size) = match v {
                NvValue::Null => (TYPE_NULL, 0),
                NvValue::Bool(_) => (TYPE_BOOL, 1),
                NvValue::Number(_) => (TYPE_NUMBER, 8),
                NvValue::String(s) => (TYPE_STRING, s.len() + 1),
                NvValue::List(l) => (TYPE_NVLIST, l.packed_size()),
                NvValue::Binary(b) => (TYPE_BINARY, b.len()),
            };
            pair_header(out, ty, name, size, be);
            match v {
                NvValue::Null => {}
                NvValue::Bool(b) => out.push(u8::from(*b)),
                NvValue::Number(n) => out.extend_from_slice(&u64b(*n)),
                NvValue::String(s) => {
                    out.extend_from_slice(s.as_bytes());
                    out.push(0);
                }
                NvValue::Binary(b) => out.extend_from_slice(b),
                NvValue::List(l) => {
                    l.pack_into(out, total, be);
                    pair_header(out, TYPE_UP, "", 0, be);
                }
            }
        }
    }

    /// `nvlist_unpack(buf, len, 0)`: `Err(EINVAL)` for a malformed buffer
    /// (as libnv's checks refuse it), `Err(EILSEQ)` for a list with public
    /// flags set.
    pub fn unpack(buf: &[u8]) -> Result<NvList, Errno> {
        let mut r = Reader { buf, at: 0, be: false };
        let flags = r.list_header()?;
        if flags & FLAG_PUBLIC != 0 {
            return Err(Errno::EILSEQ);
        }
        // The lists being filled: the top one first.
        let mut stack: Vec<(Option<String>, NvList)> = vec![(None, NvList::new())];
        while r.at < buf.len() {
            let (ty, name, size) = r.pair_header()?;
            let value = match ty {
                TYPE_UP => {
                    let (Some(name), list) = stack.pop().ok_or(Errno::EINVAL)? else {
                        return Err(Errno::EINVAL);
                    };
                    let parent = stack.last_mut().ok_or(Errno::EINVAL)?;
                    parent.1.add_unique(name, NvValue::List(list))?;
                    continue;
                }
                TYPE_NVLIST => {
                    if size == 0 || r.left() < size {
                        return Err(Errno::EINVAL);
                    }
                    r.list_header()?;
                    stack.push((Some(name), NvList::new()));
                    continue;
                }
                TYPE_NULL if size == 0 => NvValue::Null,
                TYPE_BOOL if size == 1 => match r.take(1)?[0] {
                    0 => NvValue::Bool(false),
                    1 => NvValue::Bool(true),
                    _ => return Err(Errno::EINVAL),
                },
                TYPE_NUMBER if size == 8 => NvValue::Number(r.u64()?),
                TYPE_STRING if size > 0 => {
                    let bytes = r.take(size)?;
                    if bytes.iter().position(|&b| b == 0) != Some(size - 1) {
                        return Err(Errno::EINVAL);
                    }
                    let s = std::str::from_utf8(&bytes[..size - 1]).map_err(|_| Errno::EINVAL)?;
                    NvValue::String(s.to_string())
                }
                TYPE_BINARY if size > 0 => NvValue::Binary(r.take(size)?.to_vec()),
                _ => return Err(Errno::EINVAL),
            };
            stack.last_mut().ok_or(Errno::EINVAL)?.1.add_unique(name, value)?;
        }
        // Every nested list must have been closed.
        match stack.pop() {
            Some((None, list)) if stack.is_empty() => Ok(list),
            _ => Err(Errno::EINVAL),
        }
    }

    /// `nvlist_move_nvpair` without `NV_FLAG_NO_UNIQUE`: a name twice is
    /// an error (EEXIST).
    fn add_unique(&mut self, name: String, value: NvValue) -> Result<(), Errno> {
        if self.get(&name).is_some() {
            return Err(Errno::EEXIST);
        }
        self.pairs.push((name, value));
        Ok(())
    }
}

fn data_len(v: &NvValue) -> usize {
    match v {
        NvValue::Null => 0,
        NvValue::Bool(_) => 1,
        NvValue::Number(_) => 8,
        NvValue::String(s) => s.len() + 1,
        NvValue::Binary(b) => b.len(),
        NvValue::List(l) => l.packed_size(),
    }
}

fn pair_header(out: &mut Vec<u8>, ty: u8, name: &str, size: usize, be: bool) {
    out.push(ty);
    let namesize = (name.len() + 1) as u16;
    out.extend_from_slice(&if be { namesize.to_be_bytes() } else { namesize.to_le_bytes() });
    let size = size as u64;
    out.extend_from_slice(&if be { size.to_be_bytes() } else { size.to_le_bytes() });
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(name.as_bytes());
    out.push(0);
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
    be: bool,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.buf.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Errno> {
        if self.left() < n {
            return Err(Errno::EINVAL);
        }
        let s = &self.buf[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    fn u64(&mut self) -> Result<u64, Errno> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| Errno::EINVAL)?;
        Ok(if self.be { u64::from_be_bytes(b) } else { u64::from_le_bytes(b) })
    }

    /// `nvlist_unpack_header`: magic, flags, no descriptors, and a size
    /// that is exactly what is left of the buffer. Returns the flags.
    fn list_header(&mut self) -> Result<u8, Errno> {
        let h = self.take(3)?;
        let (magic, flags) = (h[0], h[2]);
        if magic != MAGIC || flags & !(FLAG_BIG_ENDIAN | FLAG_PUBLIC) != 0 {
            return Err(Errno::EINVAL);
        }
        self.be = flags & FLAG_BIG_ENDIAN != 0;
        let descriptors = self.u64()?;
        let size = self.u64()?;
        if descriptors != 0 || size != self.left() as u64 {
            return Err(Errno::EINVAL);
        }
        Ok(flags)
    }

    /// `nvpair_unpack_header`: type, name (NUL-terminated, at most
    /// NV_NAME_MAX), data size (no more than what is left).
    fn pair_header(&mut self) -> Result<(u8, String, usize), Errno> {
        let ty = self.take(1)?[0];
        let ns: [u8; 2] = self.take(2)?.try_into().map_err(|_| Errno::EINVAL)?;
        let namesize = usize::from(if self.be { u16::from_be_bytes(ns) } else { u16::from_le_bytes(ns) });
        let size = self.u64()?;
        let _nitems = self.take(8)?;
        if namesize == 0 || namesize > NAME_MAX {
            return Err(Errno::EINVAL);
        }
        let name = self.take(namesize)?;
        if name.iter().position(|&b| b == 0) != Some(namesize - 1) {
            return Err(Errno::EINVAL);
        }
        let name = std::str::from_utf8(&name[..namesize - 1]).map_err(|_| Errno::EINVAL)?.to_string();
        if size > self.left() as u64 {
            return Err(Errno::EINVAL);
        }
        Ok((ty, name, size as usize))
    }
}

#[cfg(test)]
mod tests;
