//! The tunnel requests of the model kernel: if_gif.c's and if_gre.c's
//! `SIOCSIFPHYADDR(_IN6)`, `SIOCDIFPHYADDR`, `SIOCGIFP{SRC,DST}ADDR(_IN6)`
//! (EADDRNOTAVAIL without a tunnel of that family), and their one-value
//! settings through `ifr_data` (GIF[GS]OPTS, GRE[GS]KEY, GRE[GS]OPTS,
//! GRE[GS]PORT), applied through the model's own changes.

use std::net::IpAddr;

use super::ModelIoctl;
use crate::error::Errno;
use crate::sys::abi::{sockaddr_in, sockaddr_in6};
use crate::sys::tunnel::{
    TunnelRequest, GIFGOPTS, GIFSOPTS, GREGKEY, GREGOPTS, GREGPORT, GRESKEY, GRESOPTS, GRESPORT,
};
use crate::types::IfaceChange;

type R = std::result::Result<(), Errno>;

impl ModelIoctl {
    /// The tunnel's outer address, source or destination.
    fn tunnel_end(&self, name: &str, dst: bool) -> std::result::Result<IpAddr, Errno> {
        let t = self.iface(name)?.settings.tunnel.ok_or(Errno::EADDRNOTAVAIL)?;
        Ok(if dst { t.dst } else { t.src })
    }

    pub(super) fn tunnel_request(&mut self, req: TunnelRequest<'_>) -> R {
        let name = req.ifname();
        match req {
            TunnelRequest::SetInet(a) => {
                self.iface(&name)?;
                self.privileged()?;
                // gif/gre: both ends inet, of the length of a sockaddr_in.
                if !a.ifra_addr.is_inet() || !a.ifra_broadaddr.is_inet() {
                    return Err(Errno::EINVAL);
                }
                let (src, dst) = (a.ifra_addr.ip().into(), a.ifra_broadaddr.ip().into());
                self.apply(&name, &IfaceChange::Tunnel(src, dst))
            }
            TunnelRequest::SetInet6(a) => {
                self.iface(&name)?;
                self.privileged()?;
                if !a.ifra_addr.is_inet6() || !a.ifra_dstaddr.is_inet6() {
                    return Err(Errno::EINVAL);
                }
                let (src, dst) = (a.ifra_addr.ip().into(), a.ifra_dstaddr.ip().into());
                self.apply(&name, &IfaceChange::Tunnel(src, dst))
            }
            TunnelRequest::Delete(_) => self.apply(&name, &IfaceChange::DeleteTunnel),
            TunnelRequest::GetInet { ifr, dst } => match self.tunnel_end(&name, dst)? {
                IpAddr::V4(a) => {
                    ifr.set_addr_in(&sockaddr_in::new(a));
                    Ok(())
                }
                IpAddr::V6(_) => Err(Errno::EADDRNOTAVAIL),
            },
            TunnelRequest::GetInet6 { req, dst } => match self.tunnel_end(&name, dst)? {
                IpAddr::V6(a) => {
                    req.ifr_addr = sockaddr_in6::new(a);
                    Ok(())
                }
                IpAddr::V4(_) => Err(Errno::EADDRNOTAVAIL),
            },
            TunnelRequest::Value { request, value, .. } => self.tunnel_value(&name, request, value),
        }
    }

    /// GIF[GS]OPTS, GRE[GS]KEY, GRE[GS]OPTS, GRE[GS]PORT on `*value`.
    fn tunnel_value(&mut self, name: &str, request: u64, value: &mut u32) -> R {
        if let Some(r) = self.ipsec_value(name, request, value) {
            return r;
        }
        let s = &self.iface(name)?.settings;
        let (gif, gre) = (s.gif, s.gre);
        match request {
            GIFGOPTS => *value = gif.ok_or(Errno::ENOTTY)?.options,
            GREGKEY => *value = gre.ok_or(Errno::ENOTTY)?.key,
            GREGOPTS => *value = gre.ok_or(Errno::ENOTTY)?.options,
            GREGPORT => *value = gre.ok_or(Errno::ENOTTY)?.udpport,
            GRESKEY => return self.apply(name, &IfaceChange::GreKey(*value)),
            GRESPORT => return self.apply(name, &IfaceChange::GrePort(*value)),
            // The whole word: the bits that change, as two changes.
            GIFSOPTS => {
                let cur = gif.map_or(0, |g| g.options);
                return self.apply_bits(
                    name,
                    cur,
                    *value,
                    |b, set| Some((b, set)),
                    |(bits, set)| IfaceChange::GifOption { bits, set },
                );
            }
            GRESOPTS => {
                let cur = gre.map_or(0, |g| g.options);
                return self.apply_bits(
                    name,
                    cur,
                    *value,
                    |b, set| Some((b, set)),
                    |(bits, set)| IfaceChange::GreOption { bits, set },
                );
            }
            _ => return Err(Errno::EINVAL),
        }
        Ok(())
    }
}
