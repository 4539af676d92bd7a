//! The real [`IoctlSys`] on FreeBSD: ioctl(2) on datagram sockets and
//! getifaddrs(3). This and the netlink socket are the crate's only
//! `unsafe` code.

#![allow(unsafe_code)]

use std::ffi::CStr;
use std::mem::{size_of, MaybeUninit};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::abi::{carpreq, IfDataHead};
use super::ifaddrs::{decode_entry_addr, IfAddrEntry};
use super::ioctl::{IoctlRequest, IoctlSys};
use super::request::{iocparm_len, SIOCGVH, SIOCSVH};
use crate::error::{Errno, Error, Op, Result};
use crate::types::Release;

/// ioctl(2) and getifaddrs(3) on the running FreeBSD kernel.
#[derive(Debug)]
pub struct FreeBsdIoctl {
    inet: OwnedFd,
    /// `None` on a kernel without INET6 (inet6 requests then fail with
    /// EAFNOSUPPORT, as socket(2) did).
    inet6: Option<OwnedFd>,
}

fn last_errno() -> Errno {
    Errno::from_freebsd(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
}

fn dgram_socket(family: libc::c_int) -> std::result::Result<OwnedFd, Errno> {
    // SAFETY: socket(2) takes no pointers.
    let fd = unsafe { libc::socket(family, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(last_errno());
    }
    // SAFETY: `fd` was just returned by socket(2) and is owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

impl FreeBsdIoctl {
    /// Open the AF_INET (and, when the kernel has it, AF_INET6) socket.
    pub fn open() -> Result<FreeBsdIoctl> {
        let inet = dgram_socket(libc::AF_INET).map_err(|e| Error::kernel(Op::Socket, e))?;
        let inet6 = dgram_socket(libc::AF_INET6).ok();
        Ok(FreeBsdIoctl { inet, inet6 })
    }

    fn socket_for(&self, req: &IoctlRequest<'_>) -> std::result::Result<&OwnedFd, Errno> {
        if req.wants_inet6_socket() {
            self.inet6.as_ref().ok_or(Errno::EAFNOSUPPORT)
        } else {
            Ok(&self.inet)
        }
    }
}

/// ioctl(2) with `arg` as the argument. `arg` must be the struct whose size
/// the request number encodes; anything else is refused before the call.
pub(super) fn call<T>(fd: &OwnedFd, request: u64, arg: &mut T) -> std::result::Result<(), Errno> {
    if size_of::<T>() != iocparm_len(request) {
        return Err(Errno::EFAULT);
    }
    // SAFETY: `arg` is a live, exclusively borrowed #[repr(C)] struct of
    // exactly the length encoded in `request` (checked above, and the
    // struct layouts are checked against FreeBSD's headers by
    // scripts/abi-check), so the kernel's copyin/copyout stay inside it.
    let r =
        unsafe { libc::ioctl(fd.as_raw_fd(), request as libc::c_ulong, arg as *mut T as *mut libc::c_void) };
    if r == -1 {
        Err(last_errno())
    } else {
        Ok(())
    }
}

/// How many `carpreq` elements SIOCGVH may write for this request: one
/// for a vhid; `carpr_count` for vhid 0 (the listing).
fn gvh_elements(req: &carpreq) -> usize {
    if req.carpr_vhid == 0 {
        usize::try_from(req.carpr_count).unwrap_or(0).max(1)
    } else {
        1
    }
}

impl IoctlSys for FreeBsdIoctl {
    fn ioctl(&mut self, req: IoctlRequest<'_>) -> std::result::Result<(), Errno> {
        let code = req.request();
        let fd = self.socket_for(&req)?;
        match req {
            IoctlRequest::SetVhid { ifr, carpr } => {
                ifr.set_data(carpr as *mut carpreq as usize);
                // The kernel follows ifr_data to one carpreq, which `carpr`
                // is for the whole call.
                let r = call(fd, SIOCSVH, ifr);
                ifr.set_data(0);
                r
            }
            IoctlRequest::GetVhid { ifr, carpr } => {
                let first = carpr.first().ok_or(Errno::EFAULT)?;
                if gvh_elements(first) > carpr.len() {
                    // The kernel would write past the buffer.
                    return Err(Errno::EFAULT);
                }
                ifr.set_data(carpr.as_mut_ptr() as usize);
                // The kernel writes at most gvh_elements() carpreqs there,
                // all inside `carpr` (checked above).
                let r = call(fd, SIOCGVH, ifr);
                ifr.set_data(0);
                r
            }
            IoctlRequest::AddAddr(a) => call(fd, code, a),
            IoctlRequest::DelAddr(r) => call(fd, code, r),
            IoctlRequest::AddAddr6(a) => call(fd, code, a),
            IoctlRequest::DelAddr6(r) => call(fd, code, r),
            IoctlRequest::GetFlags(r)
            | IoctlRequest::SetFlags(r)
            | IoctlRequest::GetMtu(r)
            | IoctlRequest::SetMtu(r)
            | IoctlRequest::GetMetric(r)
            | IoctlRequest::SetMetric(r)
            | IoctlRequest::GetCap(r) => call(fd, code, r),
            IoctlRequest::GetNd6(r) => call(fd, code, r),
            IoctlRequest::GetMedia(r) | IoctlRequest::GetXMedia(r) => {
                // The kernel copies up to ifm_count words to ifm_ulist:
                // only the NULL, 0 form (nothing copied) is sent.
                if r.ifm_ulist != 0 || r.ifm_count != 0 {
                    return Err(Errno::EFAULT);
                }
                call(fd, code, r)
            }
            IoctlRequest::GetMediaList { req, list, .. } => {
                req.ifm_count = i32::try_from(list.len()).map_err(|_| Errno::EINVAL)?;
                req.ifm_ulist = list.as_mut_ptr() as u64;
                // The kernel writes at most ifm_count ints there, all
                // inside `list`.
                let r = call(fd, code, req);
                req.ifm_ulist = 0;
                r
            }
            IoctlRequest::Iface(r) => super::freebsd_iface::iface(fd, r),
            IoctlRequest::Bridge(r) => super::freebsd_iface::bridge(fd, r),
            IoctlRequest::Lagg(r) => super::freebsd_iface::lagg(fd, r),
            IoctlRequest::Tunnel(r) => super::freebsd_iface::tunnel(fd, r),
            IoctlRequest::Vxlan(r) => super::freebsd_iface::vxlan(fd, r),
            IoctlRequest::Nv(r) => super::freebsd_iface::nv(fd, r),
            IoctlRequest::Stf(r) => super::freebsd_iface::stf(fd, r),
            IoctlRequest::Mac(r) => super::freebsd_iface::mac(fd, r),
        }
    }

    fn jail_id(&mut self, name: &str) -> Result<i32> {
        super::jail::jail_getid(name)
    }

    fn getifaddrs(&mut self) -> Result<Vec<IfAddrEntry>> {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs(3) stores a list head in the pointer it is given.
        if unsafe { libc::getifaddrs(&mut head) } != 0 {
            return Err(Error::kernel(Op::List, last_errno()));
        }
        let list = IfAddrList(head);
        let mut out = Vec::new();
        let mut cur = list.0;
        while !cur.is_null() {
            // SAFETY: `cur` is a node of the list getifaddrs(3) returned,
            // alive until `list` is dropped (freeifaddrs) after this loop.
            let ifa = unsafe { &*cur };
            out.push(entry(ifa)?);
            cur = ifa.ifa_next;
        }
        Ok(out)
    }
}

/// The list getifaddrs(3) returned, freed on drop.
struct IfAddrList(*mut libc::ifaddrs);

impl Drop for IfAddrList {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from getifaddrs(3) and is freed once.
            unsafe { libc::freeifaddrs(self.0) };
        }
    }
}

/// The `sa_len` bytes of a sockaddr of a getifaddrs(3) entry.
///
/// # Safety
/// `p` is NULL or points to a sockaddr getifaddrs(3) copied out, which is
/// at least `sa_len` bytes long, and which outlives `'a`.
unsafe fn sa_bytes<'a>(p: *const libc::sockaddr) -> Option<&'a [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: per the contract, `p` points to at least one byte (sa_len),
    // then to sa_len bytes in all.
    unsafe {
        let len = usize::from(*(p as *const u8));
        Some(std::slice::from_raw_parts(p as *const u8, len))
    }
}

fn entry(ifa: &libc::ifaddrs) -> Result<IfAddrEntry> {
    // SAFETY: ifa_name is a NUL-terminated string owned by the list.
    let name = unsafe { CStr::from_ptr(ifa.ifa_name) }.to_string_lossy().into_owned();
    // SAFETY: the three sockaddrs are NULL or copies made by getifaddrs(3),
    // each sa_len bytes long, alive as long as the list.
    let (addr, mask, dst) =
        unsafe { (sa_bytes(ifa.ifa_addr), sa_bytes(ifa.ifa_netmask), sa_bytes(ifa.ifa_dstaddr)) };
    let addr = decode_entry_addr(addr, mask, dst)?;
    let data = if ifa.ifa_data.is_null() {
        None
    } else {
        let mut b = [0u8; IfDataHead::LEN];
        // SAFETY: ifa_data points at the kernel's struct if_data, whose
        // leading IfDataHead::LEN bytes are u8 fields in every release.
        unsafe { std::ptr::copy_nonoverlapping(ifa.ifa_data as *const u8, b.as_mut_ptr(), b.len()) };
        Some(IfDataHead::from_bytes(&b))
    };
    Ok(IfAddrEntry { name, flags: ifa.ifa_flags, addr, data })
}

/// The running kernel's release (`uname -r`), e.g. `14.1-RELEASE-p3` ->
/// 14.1. `Error::Unsupported` for a release outside 10..=16.
pub fn running_release() -> Result<Release> {
    let mut u = MaybeUninit::<libc::utsname>::zeroed();
    // SAFETY: uname(3) fills the struct it is given.
    if unsafe { libc::uname(u.as_mut_ptr()) } != 0 {
        return Err(Error::Io(std::io::Error::last_os_error()));
    }
    // SAFETY: uname succeeded, so the struct is initialized; it was zeroed
    // first, so `release` is NUL-terminated.
    let u = unsafe { u.assume_init() };
    // SAFETY: see above: a NUL-terminated array inside `u`.
    let release = unsafe { CStr::from_ptr(u.release.as_ptr()) }.to_string_lossy().into_owned();
    release.parse().map_err(Error::Unsupported)
}
