//! lagg(4)'s requests of the model kernel, read from the raw structs as
//! if_lagg.c's `lagg_ioctl` reads them (a signed `ro_opts` naming one
//! option, negated to clear; the stride with `ro_opts` 0 before 13.0 or
//! `LAGG_OPT_RR_LIMIT` after) and applied to the host through the same
//! changes the model backend makes, so a refused request changes nothing.

use super::ModelIoctl;
use crate::error::Errno;
use crate::sys::lagg::{
    lacp_opreq, lagg_reqport, proto_name, proto_number, LaggRequest, LAGG_F_HASHMASK, LAGG_OPT_FLOWIDSHIFT,
    LAGG_OPT_RR_LIMIT, LAGG_PROTO_MAX, OPTION_BITS,
};
use crate::types::{IfaceChange, LaggConfig};

type R = std::result::Result<(), Errno>;

impl ModelIoctl {
    /// The lagg's state (`ENOTTY`: not a lagg, as the model refuses).
    fn lagg_of(&self, name: &str) -> std::result::Result<LaggConfig, Errno> {
        self.iface(name)?.settings.lagg.clone().ok_or(Errno::ENOTTY)
    }

    pub(super) fn lagg_request(&mut self, req: LaggRequest<'_>) -> R {
        let name = req.ifname();
        let release = self.host.release;
        match req {
            LaggRequest::Port { rp, add } => {
                if rp.rp_portname[0] == 0 {
                    self.iface(&name)?;
                    self.privileged()?;
                    return Err(Errno::EINVAL);
                }
                self.apply(&name, &IfaceChange::LaggPort(rp.port(), add))
            }
            LaggRequest::SetProto(ra) => {
                self.iface(&name)?;
                self.privileged()?;
                if ra.ra_proto >= LAGG_PROTO_MAX {
                    return Err(Errno::EPROTONOSUPPORT);
                }
                let proto = proto_name(ra.ra_proto, release.lagg_has_broadcast()).ok_or(Errno::EINVAL)?;
                self.apply(&name, &IfaceChange::LaggProto(proto.into()))
            }
            LaggRequest::Get { ra, buf } => {
                let l = self.lagg_of(&name)?;
                let each = std::mem::size_of::<lagg_reqport>();
                let room = (ra.ra_size as usize / each).min(buf.len());
                let broadcast = release.lagg_has_broadcast();
                ra.ra_proto = proto_number(&l.proto, broadcast).unwrap_or(LAGG_PROTO_MAX);
                // lacp_req / lacp_portreq: only an lacp lagg fills them.
                let lacp = self.iface(&name).ok().and_then(|i| self.host.lacp_state(i)).unwrap_or_default();
                ra.ra_lacpreq = lacp_opreq::of(&lacp.lag_id);
                let mut n = 0;
                for (port, slot) in l.ports.iter().zip(buf.iter_mut()).take(room) {
                    *slot = lagg_reqport::new(ra.ra_ifname, port);
                    slot.rp_lacpreq = lacp.ports.get(n).map(lacp_opreq::of).unwrap_or_default();
                    n += 1;
                }
                ra.ra_ports = n as i32;
                ra.ra_size = (n * each) as u64;
                Ok(())
            }
            LaggRequest::Flags { rf, set: false } => {
                rf.rf_flags = self.lagg_of(&name)?.hash;
                Ok(())
            }
            LaggRequest::Flags { rf, set: true } => {
                self.iface(&name)?;
                self.privileged()?;
                if rf.rf_flags & LAGG_F_HASHMASK == 0 {
                    return Err(Errno::EINVAL);
                }
                self.apply(&name, &IfaceChange::LaggHash(rf.rf_flags))
            }
            LaggRequest::Opts { ro, set: false, stride } => {
                let l = self.lagg_of(&name)?;
                ro.ro_opts = l.opts as i32;
                ro.ro_count = l.ports.len() as u32;
                ro.ro_flowid_shift = l.flowid_shift as i32;
                if stride {
                    ro.ro_bkt = l.rr_limit;
                }
                Ok(())
            }
            LaggRequest::Opts { ro, set: true, stride } => {
                self.iface(&name)?;
                self.privileged()?;
                let change = match ro.ro_opts {
                    // Before 13.0 a request without an option is the stride
                    // (the model's rules take 0 as 1 on a round-robin lagg).
                    0 if stride && !release.lagg_marks_rr_limit() => IfaceChange::LaggRrLimit(ro.ro_bkt),
                    0 => return Ok(()),
                    LAGG_OPT_RR_LIMIT if release.lagg_marks_rr_limit() => {
                        if ro.ro_bkt == 0 {
                            return Err(Errno::EINVAL);
                        }
                        IfaceChange::LaggRrLimit(ro.ro_bkt)
                    }
                    LAGG_OPT_FLOWIDSHIFT => IfaceChange::LaggFlowidShift(ro.ro_flowid_shift as u32),
                    v if OPTION_BITS.contains(&v.unsigned_abs()) => {
                        IfaceChange::LaggOption { opt: v.unsigned_abs(), set: v > 0 }
                    }
                    _ => return Err(Errno::EINVAL),
                };
                self.apply(&name, &change)
            }
        }
    }
}
