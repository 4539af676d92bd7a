//! ipsec(4)'s and stf(4)'s requests of the model kernel: if_ipsec.c's
//! IPSECGREQID / IPSECSREQID (one `uint32_t` at `ifr_data`; EINVAL on an
//! interface that is not an ipsec) and if_stf.c's 6rd commands through
//! SIOCSDRVSPEC / SIOCGDRVSPEC (`STF6RD_SV4NET`, `STF6RD_SBR`,
//! `STF6RD_GV4NET`, each a `struct stfv4args` of exactly its size; an
//! unknown command, another size or a kernel before 14.0: EINVAL),
//! applied through the model's own changes.

use super::ModelIoctl;
use crate::error::Errno;
use crate::sys::drivers::{StfRequest, IPSECGREQID, IPSECSREQID, STF6RD_GV4NET, STF6RD_SBR, STF6RD_SV4NET};
use crate::types::{DriverChange, IfaceChange};

type R = std::result::Result<(), Errno>;

impl ModelIoctl {
    /// IPSECGREQID / IPSECSREQID on `*value`; `None` for another request.
    pub(super) fn ipsec_value(&mut self, name: &str, request: u64, value: &mut u32) -> Option<R> {
        Some(match request {
            IPSECGREQID => self.iface(name).and_then(|i| i.settings.ipsec.ok_or(Errno::EINVAL)).map(|c| {
                *value = c.reqid;
            }),
            IPSECSREQID => self.apply(name, &IfaceChange::Driver(DriverChange::IpsecReqid(*value))),
            _ => return None,
        })
    }

    pub(super) fn stf_request(&mut self, req: StfRequest<'_>) -> R {
        let name = req.ifname();
        let StfRequest { ifd, set, args } = req;
        let stf = self.iface(&name)?.settings.stf;
        if set {
            self.privileged()?;
        }
        let known = self.host.release.major >= 14 && stf.is_some();
        if !known || ifd.ifd_len != std::mem::size_of_val(args) as u64 {
            return Err(Errno::EINVAL);
        }
        let change = match (set, ifd.ifd_cmd) {
            (false, STF6RD_GV4NET) => {
                let c = stf.unwrap_or_default();
                args.srcv4_addr = c.v4net.into();
                args.braddr = c.braddr.into();
                args.v4_prefixlen = c.v4prefixlen.into();
                return Ok(());
            }
            (true, STF6RD_SV4NET) => {
                let plen = u8::try_from(args.v4_prefixlen).map_err(|_| Errno::EINVAL)?;
                DriverChange::StfV4Net(args.v4net(), plen)
            }
            (true, STF6RD_SBR) => DriverChange::StfBorderRelay(args.br()),
            _ => return Err(Errno::EINVAL),
        };
        self.apply(&name, &IfaceChange::Driver(change))
    }
}
