//! jail_getid(3) and jail_attach(2) on the running FreeBSD kernel: what
//! `vnet`/`-vnet` (the jid for SIOCSIFVNET / SIOCSIFRVNET) and `-j` need.
//! jail_getid is libjail's: a number is a jid (0, the host, is not looked
//! up), anything else a name; `jail_get(2)` with an `errmsg` buffer, whose
//! text ("jail \"X\" not found") is what ifconfig prints.

#![allow(unsafe_code)]

use std::ffi::CString;

use crate::error::{Errno, Error};

/// `JAIL_ERRMSGLEN` (sys/jail.h).
const JAIL_ERRMSGLEN: usize = 1024;

fn last_errno() -> Errno {
    Errno::from_freebsd(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
}

fn iov(base: *mut u8, len: usize) -> libc::iovec {
    libc::iovec { iov_base: base.cast(), iov_len: len }
}

/// jail_getid(3): the jail's id; the error is [`Error::Jail`] with the
/// kernel's message (or `jail_get: <strerror>` when it gave none).
pub fn jail_getid(name: &str) -> Result<i32, Error> {
    let numeric = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
    // strtoul then an int, as libjail: a huge number wraps.
    let mut jid: libc::c_int =
        if numeric { name.parse::<u64>().unwrap_or(u64::MAX) as libc::c_int } else { 0 };
    if numeric && jid == 0 {
        return Ok(0);
    }
    let mut errmsg = [0u8; JAIL_ERRMSGLEN];
    let cname = CString::new(name)
        .map_err(|_| Error::Jail { message: format!("jail \"{name}\" not found"), errno: Errno::ENOENT })?;
    let (mut key_jid, mut key_name, mut key_err) = (*b"jid\0", *b"name\0", *b"errmsg\0");
    let mut name_bytes = cname.into_bytes_with_nul();
    let first = if numeric {
        [
            iov(key_jid.as_mut_ptr(), key_jid.len()),
            iov((&mut jid as *mut libc::c_int).cast(), size_of::<libc::c_int>()),
        ]
    } else {
        [iov(key_name.as_mut_ptr(), key_name.len()), iov(name_bytes.as_mut_ptr(), name_bytes.len())]
    };
    let mut iovs = [
        first[0],
        first[1],
        iov(key_err.as_mut_ptr(), key_err.len()),
        iov(errmsg.as_mut_ptr(), errmsg.len()),
    ];
    // SAFETY: four iovecs of name/value pairs, each pointing at a live
    // buffer of the length it gives (the NUL-terminated keys and name, the
    // int jid, the errmsg buffer the kernel writes at most JAIL_ERRMSGLEN
    // bytes into); they outlive the call.
    let r = unsafe { libc::jail_get(iovs.as_mut_ptr(), iovs.len() as libc::c_uint, 0) };
    if r >= 0 {
        return Ok(r);
    }
    let errno = last_errno();
    let end = errmsg.iter().position(|&b| b == 0).unwrap_or(errmsg.len());
    let message = match String::from_utf8_lossy(&errmsg[..end]) {
        m if m.is_empty() => format!("jail_get: {errno}"),
        m => m.into_owned(),
    };
    Err(Error::Jail { message, errno })
}

/// jail_attach(2): this process enters the jail (and its vnet), so every
/// socket opened afterwards is the jail's.
pub fn jail_attach(jid: i32) -> Result<(), Errno> {
    // SAFETY: jail_attach takes no pointers.
    if unsafe { libc::jail_attach(jid) } == 0 {
        Ok(())
    } else {
        Err(last_errno())
    }
}
