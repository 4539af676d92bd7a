//! vxlan(4)'s requests of the model kernel, as if_vxlan.c's
//! `vxlan_ioctl_drvspec` reads them: the command must be known, the
//! argument of its size, a SET needs privilege; each setting is applied
//! through the model's own change, VXLAN_CMD_GET_CONFIG answers the
//! configuration (the vni VXLAN_VNI_MAX until set, unset addresses as
//! 0.0.0.0 with their ports).

use std::net::{IpAddr, Ipv4Addr};

use super::{text, ModelIoctl};
use crate::error::Errno;
use crate::sys::vxlan::{
    ifvxlancfg, vxlan_sockaddr, VxlanArg, VxlanRequest, VXLAN_CMD_FLAG_FLUSH_ALL, VXLAN_CMD_FLAG_LEARN,
    VXLAN_CMD_FLUSH, VXLAN_CMD_GET_CONFIG, VXLAN_CMD_SET_FTABLE_MAX, VXLAN_CMD_SET_FTABLE_TIMEOUT,
    VXLAN_CMD_SET_LEARN, VXLAN_CMD_SET_LOCAL_ADDR, VXLAN_CMD_SET_LOCAL_PORT, VXLAN_CMD_SET_MULTICAST_IF,
    VXLAN_CMD_SET_PORT_RANGE, VXLAN_CMD_SET_REMOTE_ADDR, VXLAN_CMD_SET_REMOTE_PORT, VXLAN_CMD_SET_TTL,
    VXLAN_CMD_SET_VNI,
};
use crate::types::{IfaceChange, VxlanChange, VxlanConfig};

type R = std::result::Result<(), Errno>;

impl ModelIoctl {
    pub(super) fn vxlan_request(&mut self, req: VxlanRequest<'_>) -> R {
        let name = req.ifname();
        let c = self.iface(&name)?.settings.vxlan.clone().ok_or(Errno::EINVAL)?;
        let cmd = req.ifd.ifd_cmd;
        let get = cmd == VXLAN_CMD_GET_CONFIG;
        if req.ifd.ifd_len != req.arg.len() as u64 || req.set == get {
            return Err(Errno::EINVAL);
        }
        if req.set {
            self.privileged()?;
        }
        match req.arg {
            VxlanArg::Config(cfg) => {
                let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
                let mc = c.dev.as_deref().and_then(|d| self.host.iface(d)).map_or(0, |i| i.index);
                *cfg = ifvxlancfg {
                    vxlc_vni: c.vni.unwrap_or(VxlanConfig::VNI_MAX),
                    vxlc_local_sa: vxlan_sockaddr::new(c.local.unwrap_or(any), c.local_port),
                    vxlc_remote_sa: vxlan_sockaddr::new(c.remote.unwrap_or(any), c.remote_port),
                    vxlc_mc_ifindex: mc,
                    vxlc_ftable_cnt: 0,
                    vxlc_ftable_max: c.maxaddr,
                    vxlc_ftable_timeout: c.timeout,
                    vxlc_port_min: c.port_min,
                    vxlc_port_max: c.port_max,
                    vxlc_learn: c.learn.into(),
                    vxlc_ttl: c.ttl,
                };
                Ok(())
            }
            VxlanArg::Cmd(m) => {
                let sa = || m.vxlcmd_sa.get().map(|(a, _)| a).ok_or(Errno::EINVAL);
                let v = match cmd {
                    VXLAN_CMD_SET_VNI => VxlanChange::Vni(m.vxlcmd_vni),
                    VXLAN_CMD_SET_LOCAL_ADDR => VxlanChange::Local(sa()?),
                    VXLAN_CMD_SET_REMOTE_ADDR => VxlanChange::Remote(sa()?),
                    VXLAN_CMD_SET_LOCAL_PORT => VxlanChange::LocalPort(m.vxlcmd_port),
                    VXLAN_CMD_SET_REMOTE_PORT => VxlanChange::RemotePort(m.vxlcmd_port),
                    VXLAN_CMD_SET_PORT_RANGE => VxlanChange::PortRange(m.vxlcmd_port_min, m.vxlcmd_port_max),
                    VXLAN_CMD_SET_FTABLE_TIMEOUT => VxlanChange::Timeout(m.vxlcmd_ftable_timeout),
                    VXLAN_CMD_SET_FTABLE_MAX => VxlanChange::MaxAddr(m.vxlcmd_ftable_max),
                    VXLAN_CMD_SET_MULTICAST_IF => VxlanChange::Dev(text(&m.vxlcmd_ifname)),
                    VXLAN_CMD_SET_TTL => VxlanChange::Ttl(m.vxlcmd_ttl),
                    VXLAN_CMD_SET_LEARN => VxlanChange::Learn(m.vxlcmd_flags & VXLAN_CMD_FLAG_LEARN != 0),
                    VXLAN_CMD_FLUSH => VxlanChange::Flush(m.vxlcmd_flags & VXLAN_CMD_FLAG_FLUSH_ALL != 0),
                    _ => return Err(Errno::EINVAL),
                };
                self.apply(&name, &IfaceChange::Vxlan(v))
            }
        }
    }
}
