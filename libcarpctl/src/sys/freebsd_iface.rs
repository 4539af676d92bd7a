//! The interface keywords' requests on the running FreeBSD kernel: each
//! pointer the kernel follows (`ifr_buffer`, `ifr_data`, `ifgr_groups`,
//! `ifcr_buffer`, `ifd_data`, `ifbic_buf`, `ra_port`, gif/gre's
//! `ifr_data`) is set here, just before the
//! call, to a buffer the request borrows, after checking that the length
//! the kernel is told fits that buffer.

use std::os::fd::OwnedFd;

use super::bridge::{BridgeArg, BridgeRequest};
use super::drivers::{mac, stfv4args, MacRequest, StfRequest};
use super::freebsd::call;
use super::ifreq_iface::{
    ifg_req, CreateParams, IfaceRequest, SIOCGIFFIB, SIOCGLANPCP, SIOCGTUNFIB, SIOCIFDESTROY, SIOCSIFCAP,
    SIOCSIFFIB, SIOCSIFLLADDR, SIOCSIFMEDIA, SIOCSIFRVNET, SIOCSIFVNET, SIOCSLANPCP, SIOCSTUNFIB,
};
use super::lagg::{lagg_reqopts_10, LaggRequest};
use super::nvreq::{NvRequest, PACKED_REQUESTS};
use super::pfsync::pfsyncreq;
use super::tunnel::{TunnelRequest, VALUE_REQUESTS};
use super::vxlan::{VxlanArg, VxlanRequest};
use crate::error::Errno;

/// The requests whose `ifreq` holds no pointer: only these go as `Plain`.
const PLAIN: [u64; 12] = [
    SIOCSIFVNET,
    SIOCSIFRVNET,
    SIOCSIFMEDIA,
    SIOCSIFFIB,
    SIOCGIFFIB,
    SIOCSTUNFIB,
    SIOCGTUNFIB,
    SIOCSIFLLADDR,
    SIOCSIFCAP,
    SIOCSLANPCP,
    SIOCGLANPCP,
    SIOCIFDESTROY,
];

fn addr<T>(p: *const T) -> u64 {
    p as usize as u64
}

pub(super) fn iface(fd: &OwnedFd, req: IfaceRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    match req {
        IfaceRequest::SetDescr { ifr, text } => {
            // The kernel copies in `length` bytes from the buffer: `text`.
            let ptr = if text.is_empty() { 0 } else { addr(text.as_ptr()) };
            ifr.set_buffer(text.len() as u64, ptr);
            call(fd, code, ifr)
        }
        IfaceRequest::GetDescr { ifr, buf } => {
            // The kernel copies out at most `length` bytes: `buf`'s.
            ifr.set_buffer(buf.len() as u64, addr(buf.as_mut_ptr()));
            call(fd, code, ifr)
        }
        IfaceRequest::SetName { ifr, new } => {
            // copyinstr of at most IFNAMSIZ bytes from `new`.
            ifr.set_data(new.as_ptr() as usize);
            let r = call(fd, code, ifr);
            ifr.set_data(0);
            r
        }
        IfaceRequest::Plain { request, ifr } => {
            if !PLAIN.contains(&request) {
                return Err(Errno::EINVAL);
            }
            call(fd, request, ifr)
        }
        IfaceRequest::SetNd6(r) => call(fd, code, r),
        IfaceRequest::DefaultIface { req, .. } => call(fd, code, req),
        IfaceRequest::AddrState { req, .. } => call(fd, code, req),
        IfaceRequest::Group { req, .. } => call(fd, code, req),
        IfaceRequest::GetGroups { req, buf } => {
            if req.ifgr_len as usize > std::mem::size_of_val(buf) {
                return Err(Errno::EFAULT);
            }
            // The kernel writes at most ifgr_len bytes of ifg_req there.
            req.set_groups_ptr(addr(buf.as_mut_ptr() as *const ifg_req));
            call(fd, code, req)
        }
        IfaceRequest::Create { ifr, params } => {
            // Only read by the kernel (copyin of the cloner's parameters).
            ifr.set_data(match params {
                None => 0,
                Some(CreateParams::Vlan(p)) => p as *mut _ as usize,
                Some(CreateParams::Lagg(p)) => p as *mut _ as usize,
                Some(CreateParams::Vxlan(p)) => p as *mut _ as usize,
            });
            let r = call(fd, code, ifr);
            ifr.set_data(0);
            r
        }
        IfaceRequest::Vlan { ifr, vlr, .. } => {
            // copyin / copyout of one vlanreq.
            ifr.set_data(vlr as *mut _ as usize);
            let r = call(fd, code, ifr);
            ifr.set_data(0);
            r
        }
        IfaceRequest::Cloners { req, buf } => {
            let room = usize::try_from(req.ifcr_count).map_err(|_| Errno::EINVAL)?;
            if room > buf.len() {
                return Err(Errno::EFAULT);
            }
            // The kernel writes at most ifcr_count names of IFNAMSIZ.
            req.ifcr_buffer = addr(buf.as_mut_ptr());
            let r = call(fd, code, req);
            req.ifcr_buffer = 0;
            r
        }
    }
}

pub(super) fn bridge(fd: &OwnedFd, req: BridgeRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    let BridgeRequest { ifd, arg, .. } = req;
    if ifd.ifd_len != arg.len() as u64 {
        return Err(Errno::EFAULT);
    }
    // The kernel copies ifd_len bytes in (and, for GET, out) at ifd_data:
    // exactly the argument below.
    ifd.ifd_data = match arg {
        BridgeArg::Member(m) => addr(m as *const _),
        BridgeArg::Param(p) => addr(p as *const _),
        BridgeArg::Op(p) => addr(p as *const _),
        BridgeArg::Members { conf, buf } => {
            if conf.ifbic_len as usize > std::mem::size_of_val(buf) {
                return Err(Errno::EFAULT);
            }
            // BRDGGIFS writes at most ifbic_len bytes at ifbic_buf.
            conf.ifbic_buf = addr(buf.as_mut_ptr());
            addr(conf as *const _)
        }
        BridgeArg::Addr(a) => addr(a as *const _),
        BridgeArg::VlanSet(v) => addr(v as *const _),
        BridgeArg::Addrs { conf, buf } => {
            if conf.ifbac_len as usize > std::mem::size_of_val(buf) {
                return Err(Errno::EFAULT);
            }
            // BRDGRTS writes at most ifbac_len bytes at ifbac_buf.
            conf.ifbac_buf = addr(buf.as_mut_ptr());
            addr(conf as *const _)
        }
    };
    let r = call(fd, code, ifd);
    ifd.ifd_data = 0;
    r
}

pub(super) fn lagg(fd: &OwnedFd, req: LaggRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    match req {
        LaggRequest::Port { rp, .. } => call(fd, code, rp),
        LaggRequest::SetProto(ra) => call(fd, code, ra),
        LaggRequest::Get { ra, buf } => {
            if ra.ra_size as usize > std::mem::size_of_val(buf) {
                return Err(Errno::EFAULT);
            }
            // SIOCGLAGG copies out at most ra_size bytes of lagg_reqport.
            ra.ra_port = addr(buf.as_mut_ptr());
            let r = call(fd, code, ra);
            ra.ra_port = 0;
            r
        }
        LaggRequest::Flags { rf, .. } => call(fd, code, rf),
        LaggRequest::Opts { ro, stride: true, .. } => call(fd, code, ro),
        LaggRequest::Opts { ro, stride: false, .. } => {
            // 10.x's 36-byte struct: `call` checks that length against
            // the request number.
            let mut old = lagg_reqopts_10::from_full(ro);
            let r = call(fd, code, &mut old);
            old.store_into(ro);
            r
        }
    }
}

pub(super) fn tunnel(fd: &OwnedFd, req: TunnelRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    match req {
        TunnelRequest::SetInet(a) => call(fd, code, a),
        TunnelRequest::SetInet6(a) => call(fd, code, a),
        TunnelRequest::Delete(ifr) | TunnelRequest::GetInet { ifr, .. } => call(fd, code, ifr),
        TunnelRequest::GetInet6 { req, .. } => call(fd, code, req),
        TunnelRequest::Value { request, ifr, value } => {
            if !VALUE_REQUESTS.contains(&request) {
                return Err(Errno::EINVAL);
            }
            // The driver copies one uint32_t in or out at ifr_data: `value`.
            ifr.set_data(value as *mut u32 as usize);
            let r = call(fd, request, ifr);
            ifr.set_data(0);
            r
        }
    }
}

pub(super) fn vxlan(fd: &OwnedFd, req: VxlanRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    let VxlanRequest { ifd, arg, .. } = req;
    if ifd.ifd_len != arg.len() as u64 {
        return Err(Errno::EFAULT);
    }
    // The driver copies ifd_len bytes in (and, for GET, out) at ifd_data:
    // exactly the argument below.
    ifd.ifd_data = match arg {
        VxlanArg::Cmd(c) => addr(c as *const _),
        VxlanArg::Config(c) => addr(c as *const _),
    };
    let r = call(fd, code, ifd);
    ifd.ifd_data = 0;
    r
}

pub(super) fn nv(fd: &OwnedFd, req: NvRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    match req {
        NvRequest::Pfsync { ifr, preq, .. } => {
            // The kernel copies one pfsyncreq in or out at ifr_data: `preq`.
            ifr.set_data(preq as *mut pfsyncreq as usize);
            let r = call(fd, code, ifr);
            ifr.set_data(0);
            r
        }
        NvRequest::Packed { request, ifr, buf } => {
            if !PACKED_REQUESTS.contains(&request)
                || ifr.nv_buf_length() as usize > buf.len()
                || ifr.nv_length() as usize > buf.len()
            {
                return Err(Errno::EFAULT);
            }
            // The kernel copies in `length` bytes (SET) or out at most
            // `buf_length` bytes (GET) at the buffer: both fit in `buf`.
            ifr.set_nv_buffer(addr(buf.as_mut_ptr()));
            let r = call(fd, request, ifr);
            ifr.set_nv_buffer(0);
            r
        }
    }
}

pub(super) fn stf(fd: &OwnedFd, req: StfRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    let StfRequest { ifd, args, .. } = req;
    if ifd.ifd_len != std::mem::size_of::<stfv4args>() as u64 {
        return Err(Errno::EFAULT);
    }
    // The driver copies ifd_len bytes in or out at ifd_data: `args`.
    ifd.ifd_data = addr(args as *const stfv4args);
    let r = call(fd, code, ifd);
    ifd.ifd_data = 0;
    r
}

pub(super) fn mac(fd: &OwnedFd, req: MacRequest<'_>) -> Result<(), Errno> {
    let code = req.request();
    let MacRequest { ifr, text, .. } = req;
    if !text.contains(&0) {
        return Err(Errno::EFAULT);
    }
    // The kernel reads the struct mac at ifr_data, then copies at most
    // m_buflen bytes in or out at m_string: `text`, which holds a NUL.
    let mut m = mac { m_buflen: text.len() as u64, m_string: addr(text.as_mut_ptr()) };
    ifr.set_data(&mut m as *mut mac as usize);
    let r = call(fd, code, ifr);
    ifr.set_data(0);
    r
}
