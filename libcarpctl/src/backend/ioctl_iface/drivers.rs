//! ipsec(4)'s `reqid` and stf(4)'s 6rd words over ioctl, as ifipsec.c and
//! ifstf.c make them: IPSECSREQID with the id at `ifr_data`; STF6RD_SV4NET
//! (the prefix and its length) and STF6RD_SBR (the border relay) in a
//! `struct stfv4args` through SIOCSDRVSPEC; read back with IPSECGREQID and
//! STF6RD_GV4NET through SIOCGDRVSPEC.

use super::{Keywords, Raw};
use crate::error::Result;
use crate::sys::abi::ifreq;
use crate::sys::drivers::{
    stfv4args, StfRequest, IPSECGREQID, IPSECSREQID, STF6RD_GV4NET, STF6RD_SBR, STF6RD_SV4NET,
};
use crate::sys::tunnel::TunnelRequest;
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{DriverChange, IpsecConfig, StfConfig};

impl<S: IoctlSys> Keywords<'_, S> {
    fn stf(&mut self, ifname: &str, cmd: u64, set: bool, args: &mut stfv4args) -> Raw<()> {
        let name = ifreq::new(ifname).ok_or(crate::error::Errno::ENXIO)?.ifr_name;
        let mut ifd = StfRequest::ifdrv_for(name, cmd);
        self.sys.ioctl(IoctlRequest::Stf(StfRequest { ifd: &mut ifd, set, args }))
    }

    pub(super) fn driver_write(&mut self, ifname: &str, d: &DriverChange) -> Result<Raw<()>> {
        let mut args = stfv4args::default();
        let cmd = match d {
            DriverChange::IpsecReqid(id) => return self.tunnel_value(ifname, IPSECSREQID, &mut { *id }),
            DriverChange::StfV4Net(addr, plen) => {
                args.srcv4_addr = (*addr).into();
                args.v4_prefixlen = (*plen).into();
                STF6RD_SV4NET
            }
            DriverChange::StfBorderRelay(addr) => {
                args.braddr = (*addr).into();
                STF6RD_SBR
            }
        };
        Ok(self.stf(ifname, cmd, true, &mut args))
    }

    /// ipsec_status's IPSECGREQID; `None` where it fails (not an ipsec).
    pub(super) fn ipsec_config(&mut self, ifname: &str) -> Option<IpsecConfig> {
        let mut ifr = ifreq::new(ifname)?;
        let mut reqid = 0u32;
        let req = TunnelRequest::Value { request: IPSECGREQID, ifr: &mut ifr, value: &mut reqid };
        self.sys.ioctl(IoctlRequest::Tunnel(req)).ok()?;
        Some(IpsecConfig { reqid })
    }

    /// stf_status's STF6RD_GV4NET; `None` where it fails (before 14.0).
    pub(super) fn stf_config(&mut self, ifname: &str) -> Option<StfConfig> {
        let mut args = stfv4args::default();
        self.stf(ifname, STF6RD_GV4NET, false, &mut args).ok()?;
        Some(StfConfig {
            v4net: args.v4net(),
            v4prefixlen: u8::try_from(args.v4_prefixlen).unwrap_or(0),
            braddr: args.br(),
        })
    }
}
