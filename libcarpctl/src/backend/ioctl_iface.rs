//! ifconfig's interface keywords over ioctl(2), as FreeBSD's own ifconfig
//! 10-15 issues them (ifconfig.c, ifgroup.c, iffib.c, af_nd6.c,
//! ifclone.c, ifvlan.c, ifbridge.c, iflagg.c), shared by the ioctl backend and the
//! FreeBSD netlink backend (which, like ifconfig 14+, lists through
//! netlink but changes interfaces with ioctls).
//!
//! Each change is one read (where ifconfig reads first) and one write:
//! a refused write changes nothing. Errors read as ifconfig's
//! ([`crate::types::refused`]), the same words the model gives.
//!
//! Adding a family's requests (gif, gre, vxlan...) follows the same path
//! lagg took: its structs, numbers and a request enum in a file of its own
//! under `sys/` (as `sys/lagg.rs`), its names in `sys/request.rs`'s table, one variant of
//! [`IoctlRequest`](crate::sys::IoctlRequest) carrying it with the buffers
//! its pointers name, the pointers set in `sys/freebsd_iface.rs`, every
//! layout and number in `sys/cgen.rs` (the ABI check), the model peer's
//! decoding in `model/ioctl_peer/`, and the write and the listing's read
//! here, tested against the model by `tests/ioctl_keywords.rs`.

use super::ioctl_media::{no_media_types, read_error, read_media};
use crate::error::{Errno, Error, Result};
use crate::sys::abi::{
    ifreq, in6_aliasreq, in6_ifreq, in6_ndifreq, in6_ndireq, in_aliasreq, sockaddr_in, sockaddr_in6,
    IFNAMSIZ, ND6_INFINITE_LIFETIME,
};
use crate::sys::bridge::{
    ifbifconf, ifbreq, ifbropreq, ifbrparam, ifdrv_for, BridgeArg, BridgeRequest, BRDGADD, BRDGADDS, BRDGDEL,
    BRDGDELS, BRDGGCACHE, BRDGGIFFLGS, BRDGGIFS, BRDGGTO, BRDGPARAM, BRDGSIFFLGS, BSTP_PROTO_STP, IFBIF_SPAN,
};
use crate::sys::ifreq_iface::{
    if_clonereq, ifg_req, ifgroupreq, name_buf, CreateParams, IfaceRequest, IFNET_PCP_NONE, SIOCGIFFIB,
    SIOCGLANPCP, SIOCGTUNFIB, SIOCIFDESTROY, SIOCSIFCAP, SIOCSIFFIB, SIOCSIFLLADDR, SIOCSIFMEDIA,
    SIOCSIFRVNET, SIOCSIFVNET, SIOCSLANPCP, SIOCSTUNFIB,
};
use crate::sys::lagg::{
    iflaggparam, lagg_reqall, lagg_reqflags, lagg_reqopts, lagg_reqport, proto_name, proto_number,
    LaggRequest, LAGG_F_HASHMASK, LAGG_MAX_PORTS, LAGG_OPT_FLOWIDSHIFT, LAGG_OPT_RR_LIMIT,
};
use crate::sys::media::ifm_type;
use crate::sys::media_words::edit;
use crate::sys::tunnel::{
    TunnelRequest, GIFGOPTS, GIFSOPTS, GREGKEY, GREGOPTS, GREGPORT, GRESKEY, GRESOPTS, GRESPORT,
};
use crate::sys::vlan::{vlanreq, ETHERTYPE_VLAN};
use crate::sys::vxlan::{self, ifvxlancfg, ifvxlancmd, ifvxlanparam, vxlan_sockaddr, VxlanArg, VxlanRequest};
use crate::sys::{IoctlRequest, IoctlSys};
use crate::types::{
    bridge_param, create_refused, refused, BridgeConfig, BridgeMember, Capabilities, CloneRequest, GifConfig,
    GreConfig, IfFlags, IfType, IfaceChange, Inet6AddrState, Interface, LaggConfig, Nd6Flags, Release,
    Tunnel, VlanConfig, VxlanChange, VxlanConfig,
};

mod bridge;
mod capnv;
pub(crate) use capnv::words_read;
mod drivers;
mod pfsync;

/// Room first offered for a description (ifconfig grows it on demand).
const DESCR_FIRST: usize = 64;

/// The keyword requests on one kernel: `sys` for `release`.
pub struct Keywords<'a, S: IoctlSys> {
    sys: &'a mut S,
    release: Release,
}

type Raw<T> = std::result::Result<T, Errno>;

fn ifr_of(ifname: &str) -> Result<ifreq> {
    ifreq::new(ifname).ok_or_else(|| Error::NoSuchInterface(ifname.to_string()))
}

impl<'a, S: IoctlSys> Keywords<'a, S> {
    /// Requests through `sys`, behaving as `release`.
    pub fn new(sys: &'a mut S, release: Release) -> Self {
        Keywords { sys, release }
    }

    fn io(&mut self, req: IfaceRequest<'_>) -> Raw<()> {
        self.sys.ioctl(IoctlRequest::Iface(req))
    }

    fn plain(&mut self, request: u64, ifr: &mut ifreq) -> Raw<()> {
        self.io(IfaceRequest::Plain { request, ifr })
    }

    fn bridge(&mut self, bridge: &str, cmd: u64, set: bool, arg: BridgeArg<'_>) -> Raw<()> {
        let name = ifreq::new(bridge).ok_or(Errno::ENXIO)?.ifr_name;
        let mut ifd = ifdrv_for(name, cmd, &arg);
        self.sys.ioctl(IoctlRequest::Bridge(BridgeRequest { ifd: &mut ifd, set, arg }))
    }

    /// if_nametoindex: the `AF_LINK` entry's index.
    fn index_of(&mut self, ifname: &str) -> Result<u64> {
        self.sys
            .getifaddrs()?
            .into_iter()
            .find_map(|e| match e.addr {
                crate::sys::IfAddr::Link(l) if e.name == ifname => Some(u64::from(l.index)),
                _ => None,
            })
            .ok_or_else(|| Error::NoSuchInterface(ifname.to_string()))
    }

    /// SIOCGDEFIFACE_IN6 (named by `ifname`, as ifioctl wants an
    /// interface): the ND default interface's index (0: none).
    fn default_iface(&mut self, ifname: &str) -> Raw<u64> {
        let mut nd = in6_ndifreq { ifname: ifreq::new(ifname).ok_or(Errno::ENXIO)?.ifr_name, ifindex: 0 };
        self.io(IfaceRequest::DefaultIface { req: &mut nd, set: false })?;
        Ok(nd.ifindex)
    }

    /// Make `change` on `ifname`. Words no ioctl here implements (bridge
    /// VLAN filtering, address cache, STP) are refused naming the reason.
    pub fn change(&mut self, ifname: &str, change: &IfaceChange) -> Result<()> {
        let mut ifr = ifr_of(ifname)?;
        let r = self.write(ifname, &mut ifr, change)?;
        r.map_err(|e| match e {
            // SIOCSIFMEDIA's ENXIO is ifmedia_ioctl's "not listed" (the
            // read before it found the interface).
            Errno::ENXIO if !matches!(change, IfaceChange::Media(_)) => {
                Error::NoSuchInterface(ifname.to_string())
            }
            e => refused(change, e, self.release),
        })
    }

    /// The write `change` makes, after the reads it needs; the outer
    /// `Err` is a read's refusal, worded as ifconfig words it.
    fn write(&mut self, ifname: &str, ifr: &mut ifreq, change: &IfaceChange) -> Result<Raw<()>> {
        Ok(match change {
            IfaceChange::Flags { flags, set } => {
                self.sys
                    .ioctl(IoctlRequest::GetFlags(ifr))
                    .map_err(|e| read_err(ifname, "SIOCGIFFLAGS", e))?;
                let mut now = IfFlags::from_bits_retain(ifr.flags());
                now.set(*flags, *set);
                ifr.set_flags(now.bits());
                self.sys.ioctl(IoctlRequest::SetFlags(ifr))
            }
            IfaceChange::Capabilities { caps, set } => {
                self.sys
                    .ioctl(IoctlRequest::GetCap(ifr))
                    .map_err(|e| read_err(ifname, "ioctl (SIOCGIFCAP)", e))?;
                let (supported, cur) = (ifr.reqcap() as u32, ifr.curcap() as u32);
                let want = if *set { cur | caps.bits() } else { cur & !caps.bits() };
                // setifcap: only what the interface supports is asked for.
                ifr.set_caps((want & supported) as i32, 0);
                self.plain(SIOCSIFCAP, ifr)
            }
            IfaceChange::Nd6 { flags, set } => {
                let mut nd = in6_ndireq { ifname: ifr.ifr_name, ..Default::default() };
                match self.sys.ioctl(IoctlRequest::GetNd6(&mut nd)) {
                    Ok(()) => {}
                    Err(Errno::ENXIO) => return Err(Error::NoSuchInterface(ifname.into())),
                    // af_nd6.c only warns: without IPv6 nothing changes.
                    Err(_) => return Ok(Ok(())),
                }
                let mut f = Nd6Flags::from_bits_retain(nd.ndi.flags);
                f.set(*flags, *set);
                nd.ndi.flags = f.bits();
                self.io(IfaceRequest::SetNd6(&mut nd))
            }
            IfaceChange::Description(text) => {
                let mut bytes = text.as_bytes().to_vec();
                if !bytes.is_empty() {
                    bytes.push(0);
                }
                self.io(IfaceRequest::SetDescr { ifr, text: &bytes })
            }
            IfaceChange::Name(new) => {
                if new.is_empty() || new.len() >= IFNAMSIZ || new.contains('\0') {
                    Err(Errno::EINVAL)
                } else {
                    self.io(IfaceRequest::SetName { ifr, new: &name_buf(new) })
                }
            }
            IfaceChange::Group(group, add) => {
                let mut g = ifgroupreq::for_group(ifr.ifr_name, group);
                // ifgroup.c: an existing (absent) group is no error.
                let ignored = if *add { Errno::EEXIST } else { Errno::ENOENT };
                match self.io(IfaceRequest::Group { req: &mut g, add: *add }) {
                    Err(e) if e == ignored => Ok(()),
                    r => r,
                }
            }
            IfaceChange::Fib(n) | IfaceChange::TunnelFib(n) => {
                ifr.set_fib(*n);
                let request = if matches!(change, IfaceChange::Fib(_)) { SIOCSIFFIB } else { SIOCSTUNFIB };
                self.plain(request, ifr)
            }
            IfaceChange::Lladdr(mac) => {
                ifr.set_lladdr(*mac);
                self.plain(SIOCSIFLLADDR, ifr)
            }
            IfaceChange::Vlan { tag, parent, proto } => {
                let Some(cur) = self.vlan(ifname)? else {
                    // Not a vlan: ifvlan.c's SIOCGETVLAN fails, nothing is set.
                    return Ok(Ok(()));
                };
                let tag2 = tag.unwrap_or(cur.tag);
                let Some(parent) = parent.clone().or(cur.parent.clone()) else { return Ok(Ok(())) };
                if tag2 == 0 && cur.parent.is_none() && cur.tag == 0 {
                    return Ok(Ok(()));
                }
                let proto = proto.unwrap_or(if cur.proto == 0 { ETHERTYPE_VLAN } else { cur.proto });
                let mut vlr = vlanreq::new(&parent, tag2, self.vlan_proto(proto));
                self.io(IfaceRequest::Vlan { ifr, vlr: &mut vlr, set: true })
            }
            IfaceChange::VlanDetach => {
                if self.vlan(ifname)?.is_none() {
                    return Err(Error::request("SIOCGETVLAN", Errno::EINVAL));
                }
                let mut vlr = vlanreq::default();
                self.io(IfaceRequest::Vlan { ifr, vlr: &mut vlr, set: true })
            }
            IfaceChange::VlanPcp(pcp) => {
                ifr.set_vlan_pcp(*pcp);
                self.plain(SIOCSLANPCP, ifr)
            }
            IfaceChange::Nd6DefaultIf(set) => {
                // af_nd6.c setnd6defif: the index from if_nametoindex (the
                // AF_LINK entry); `-defaultif` asks first and sends 0 only
                // when this interface is the default.
                let index = self.index_of(ifname)?;
                if !*set && self.default_iface(ifname).ok() != Some(index) {
                    return Ok(Ok(()));
                }
                let mut nd = in6_ndifreq { ifname: ifr.ifr_name, ifindex: if *set { index } else { 0 } };
                self.io(IfaceRequest::DefaultIface { req: &mut nd, set: true })
            }
            IfaceChange::LanPcp(pcp) => {
                ifr.set_vlan_pcp(pcp.unwrap_or(IFNET_PCP_NONE));
                self.plain(SIOCSLANPCP, ifr)
            }
            IfaceChange::BridgeMember(m, add) => {
                let cmd = if *add { BRDGADD } else { BRDGDEL };
                self.bridge(ifname, cmd, true, BridgeArg::Member(&mut ifbreq::member(m)))
            }
            IfaceChange::BridgeMemberFlag { member, flag, set } if *flag == IFBIF_SPAN => {
                let cmd = if *set { BRDGADDS } else { BRDGDELS };
                self.bridge(ifname, cmd, true, BridgeArg::Member(&mut ifbreq::member(member)))
            }
            IfaceChange::BridgeMemberFlag { member, flag, set } => {
                let mut req = ifbreq::member(member);
                self.bridge(ifname, BRDGGIFFLGS, false, BridgeArg::Member(&mut req)).map_err(
                    |e| match e {
                        Errno::ENXIO => Error::NoSuchInterface(ifname.into()),
                        e => Error::request("unable to get bridge flags", e),
                    },
                )?;
                if *set {
                    req.ifbr_ifsflags |= flag;
                } else {
                    req.ifbr_ifsflags &= !flag;
                }
                self.bridge(ifname, BRDGSIFFLGS, true, BridgeArg::Member(&mut req))
            }
            IfaceChange::BridgeParam(which, value) => {
                let spec = bridge_param(which).ok_or_else(|| unsupported(change))?;
                let mut p = match spec.bits {
                    32 => ifbrparam::of32(*value),
                    16 => ifbrparam::of16(*value as u16),
                    _ => ifbrparam::of8(*value as u8),
                };
                self.bridge(ifname, spec.set, true, BridgeArg::Param(&mut p))
            }
            IfaceChange::Inet6Address { addr, set, clear, pltime, vltime } => {
                // FreeBSD's ifconfig sends the flags and lifetimes with the
                // address itself; here the address was added first, so the
                // same SIOCAIFADDR_IN6 goes again with them and no prefix
                // mask (in6_update_ifa keeps the existing prefix).
                // An address that does not exist has no prefix to keep:
                // the kernel refuses (EINVAL) after its privilege check.
                let mut a = in6_aliasreq {
                    ifra_name: ifr.ifr_name,
                    ifra_addr: sockaddr_in6::new(*addr),
                    ifra_flags: (set & !clear) as i32,
                    ..Default::default()
                };
                a.ifra_lifetime.ia6t_pltime = pltime.unwrap_or(ND6_INFINITE_LIFETIME);
                a.ifra_lifetime.ia6t_vltime = vltime.unwrap_or(ND6_INFINITE_LIFETIME);
                self.sys.ioctl(IoctlRequest::AddAddr6(&mut a))
            }
            IfaceChange::LaggPort(..)
            | IfaceChange::LaggProto(_)
            | IfaceChange::LaggHash(_)
            | IfaceChange::LaggOption { .. }
            | IfaceChange::LaggFlowidShift(_)
            | IfaceChange::LaggRrLimit(_) => self.lagg_write(ifr.ifr_name, change)?,
            IfaceChange::Tunnel(..)
            | IfaceChange::DeleteTunnel
            | IfaceChange::GifOption { .. }
            | IfaceChange::GreOption { .. }
            | IfaceChange::GreKey(_)
            | IfaceChange::GrePort(_) => self.tunnel_write(ifname, ifr, change)?,
            IfaceChange::Vxlan(v) => self.vxlan_write(ifr.ifr_name, v)?,
            IfaceChange::Vnet(jail) | IfaceChange::Reclaim(jail) => {
                // setifvnet / setifrvnet: jail_getid first (its message is
                // what ifconfig prints), then the request with ifr_jid.
                let jid = self.sys.jail_id(jail)?;
                ifr.set_jid(jid);
                let loan = matches!(change, IfaceChange::Vnet(_));
                let request = if loan { SIOCSIFVNET } else { SIOCSIFRVNET };
                return match self.plain(request, ifr) {
                    Ok(()) => Ok(Ok(())),
                    Err(e) if loan => Err(Error::request("SIOCSIFVNET", e)),
                    Err(e) => Err(Error::request(format!("SIOCSIFRVNET({jid}, {ifname})"), e)),
                };
            }
            // ifgeneve.c has no ioctl: its words are RTM_NEWLINK requests.
            IfaceChange::Geneve(_) => {
                return Err(Error::Unsupported(
                    "geneve(4) is configured over netlink only (ifgeneve.c); the ioctl backend has no request for it"
                        .into(),
                ))
            }
            IfaceChange::Media(m) => {
                // ifmedia.c: the words and list read once, the line's
                // media words applied to the current word with the type of
                // the first listed one, one SIOCSIFMEDIA.
                let read =
                    read_media(self.sys, ifr.ifr_name).map_err(|e| read_error(ifname, self.release, e))?;
                let first = *read.list.first().ok_or_else(|| no_media_types(ifname))?;
                ifr.set_media(edit(read.req.ifm_current as u32, ifm_type(first), &m.steps));
                self.plain(SIOCSIFMEDIA, ifr)
            }
            IfaceChange::Pfsync(p) => self.pfsync_write(ifname, p)?,
            IfaceChange::CapabilityNv(names) => self.capnv_write(ifname, ifr, names)?,
            IfaceChange::Driver(d) => self.driver_write(ifname, d)?,
            IfaceChange::MacLabel(text) => {
                let mut bytes = text.as_bytes().to_vec();
                bytes.push(0);
                let req = crate::sys::drivers::MacRequest { ifr, text: &mut bytes, set: true };
                self.sys.ioctl(IoctlRequest::Mac(req))
            }
            IfaceChange::BridgeCache(c) => self.bridge_cache_write(ifname, c),
            IfaceChange::BridgeStp(c) => self.bridge_stp_write(ifname, c),
            IfaceChange::BridgeVlan(v) => self.bridge_vlan_write(ifname, v)?,
        })
    }

    fn lagg(&mut self, req: LaggRequest<'_>) -> Raw<()> {
        self.sys.ioctl(IoctlRequest::Lagg(req))
    }

    /// A lagg word's request, as iflagg.c makes it: SIOCSLAGGPORT /
    /// SIOCSLAGGDELPORT, SIOCSLAGG, SIOCSLAGGHASH, or SIOCSLAGGOPTS with
    /// one option in `ro_opts` (negated to clear), the flowid shift, or
    /// the round-robin stride.
    fn lagg_write(&mut self, name: [u8; IFNAMSIZ], change: &IfaceChange) -> Result<Raw<()>> {
        let stride = self.release.lagg_has_stride();
        let mut ro = lagg_reqopts { ro_ifname: name, ..Default::default() };
        match change {
            IfaceChange::LaggPort(port, add) => {
                let mut rp = lagg_reqport::new(name, port);
                return Ok(self.lagg(LaggRequest::Port { rp: &mut rp, add: *add }));
            }
            IfaceChange::LaggProto(p) => {
                let n = proto_number(p, self.release.lagg_has_broadcast())
                    .ok_or_else(|| Error::Refused(format!("Invalid aggregation protocol: {p}")))?;
                let mut ra = lagg_reqall { ra_ifname: name, ra_proto: n, ..Default::default() };
                return Ok(self.lagg(LaggRequest::SetProto(&mut ra)));
            }
            IfaceChange::LaggHash(h) => {
                let mut rf = lagg_reqflags { rf_ifname: name, rf_flags: *h };
                return Ok(self.lagg(LaggRequest::Flags { rf: &mut rf, set: true }));
            }
            IfaceChange::LaggOption { opt, set } => {
                // The kernel takes one option per request.
                for bit in (0..32).map(|b| 1u32 << b).filter(|b| opt & b != 0) {
                    ro.ro_opts = if *set { bit as i32 } else { -(bit as i32) };
                    let r = self.lagg(LaggRequest::Opts { ro: &mut ro, set: true, stride });
                    if r.is_err() {
                        return Ok(r);
                    }
                }
                return Ok(Ok(()));
            }
            IfaceChange::LaggFlowidShift(n) => {
                ro.ro_opts = LAGG_OPT_FLOWIDSHIFT;
                ro.ro_flowid_shift = *n as i32;
            }
            IfaceChange::LaggRrLimit(n) => {
                if !stride {
                    return Err(Error::Unsupported(format!(
                        "rr_limit: FreeBSD {}'s lagg(4) has no round-robin stride \
                         (struct lagg_reqopts without ro_bkt)",
                        self.release
                    )));
                }
                ro.ro_opts = if self.release.lagg_marks_rr_limit() { LAGG_OPT_RR_LIMIT } else { 0 };
                ro.ro_bkt = *n;
            }
            _ => return Err(unsupported(change)),
        }
        Ok(self.lagg(LaggRequest::Opts { ro: &mut ro, set: true, stride }))
    }

    /// iflagg.c's `lagg_status` reads: SIOCGLAGG (the protocol and up to
    /// LAGG_MAX_PORTS ports), SIOCGLAGGFLAGS (the hash; 0 when refused)
    /// and SIOCGLAGGOPTS (options, flowid shift, stride; ignored when
    /// refused). `None` when SIOCGLAGG fails (not a lagg).
    fn lagg_config(&mut self, ifname: &str) -> Option<LaggConfig> {
        let name = ifreq::new(ifname)?.ifr_name;
        let mut buf = vec![lagg_reqport::default(); LAGG_MAX_PORTS];
        let size = std::mem::size_of_val(buf.as_slice()) as u64;
        let mut ra = lagg_reqall { ra_ifname: name, ra_size: size, ..Default::default() };
        self.lagg(LaggRequest::Get { ra: &mut ra, buf: &mut buf }).ok()?;
        let n = usize::try_from(ra.ra_ports).unwrap_or(0).min(buf.len());
        let mut rf = lagg_reqflags { rf_ifname: name, rf_flags: 0 };
        let hash = match self.lagg(LaggRequest::Flags { rf: &mut rf, set: false }) {
            Ok(()) => rf.rf_flags & LAGG_F_HASHMASK,
            Err(_) => 0,
        };
        let stride = self.release.lagg_has_stride();
        let mut ro = lagg_reqopts { ro_ifname: name, ..Default::default() };
        let _ = self.lagg(LaggRequest::Opts { ro: &mut ro, set: false, stride });
        let proto = proto_name(ra.ra_proto, self.release.lagg_has_broadcast()).unwrap_or("<unknown>");
        // iflagg.c prints the LACP requests of an lacp lagg only.
        let lacp = (proto == "lacp").then(|| crate::types::LacpState {
            lag_id: ra.ra_lacpreq.opreq(),
            ports: buf[..n].iter().map(|p| p.rp_lacpreq.opreq()).collect(),
        });
        Some(LaggConfig {
            proto: proto.into(),
            lacp,
            ports: buf[..n].iter().map(lagg_reqport::port).collect(),
            hash,
            opts: ro.ro_opts as u32,
            flowid_shift: ro.ro_flowid_shift as u32,
            rr_limit: ro.ro_bkt,
            ..LaggConfig::default()
        })
    }

    fn tunnel(&mut self, req: TunnelRequest<'_>) -> Raw<()> {
        self.sys.ioctl(IoctlRequest::Tunnel(req))
    }

    /// One 32-bit gif/gre value through `ifr_data`.
    fn tunnel_value(&mut self, ifname: &str, request: u64, value: &mut u32) -> Result<Raw<()>> {
        let mut ifr = ifr_of(ifname)?;
        Ok(self.tunnel(TunnelRequest::Value { request, ifr: &mut ifr, value }))
    }

    /// A tunnel word's request, as af_inet.c / af_inet6.c, ifgif.c and
    /// ifgre.c make it: SIOCSIFPHYADDR(_IN6) with the source in
    /// `ifra_addr` and the destination in `ifra_dstaddr`, SIOCDIFPHYADDR,
    /// and the gif/gre option words as a read (GIFGOPTS, GREGOPTS) then
    /// the whole word written back; `grekey` and `udpport` are written
    /// directly.
    fn tunnel_write(&mut self, ifname: &str, ifr: &mut ifreq, change: &IfaceChange) -> Result<Raw<()>> {
        use std::net::IpAddr;
        let (read, write, bits, set) = match change {
            IfaceChange::Tunnel(IpAddr::V4(src), IpAddr::V4(dst)) => {
                let mut a = in_aliasreq {
                    ifra_name: ifr.ifr_name,
                    ifra_addr: sockaddr_in::new(*src),
                    ifra_broadaddr: sockaddr_in::new(*dst),
                    ..Default::default()
                };
                return Ok(self.tunnel(TunnelRequest::SetInet(&mut a)));
            }
            IfaceChange::Tunnel(IpAddr::V6(src), IpAddr::V6(dst)) => {
                let mut a = in6_aliasreq {
                    ifra_name: ifr.ifr_name,
                    ifra_addr: sockaddr_in6::new(*src),
                    ifra_dstaddr: sockaddr_in6::new(*dst),
                    ..Default::default()
                };
                return Ok(self.tunnel(TunnelRequest::SetInet6(&mut a)));
            }
            IfaceChange::Tunnel(..) => {
                return Err(Error::Refused("source and destination address families differ".into()))
            }
            IfaceChange::DeleteTunnel => return Ok(self.tunnel(TunnelRequest::Delete(ifr))),
            IfaceChange::GreKey(k) => return self.tunnel_value(ifname, GRESKEY, &mut { *k }),
            IfaceChange::GrePort(p) => return self.tunnel_value(ifname, GRESPORT, &mut { *p }),
            IfaceChange::GifOption { bits, set } => (GIFGOPTS, GIFSOPTS, *bits, *set),
            IfaceChange::GreOption { bits, set } => (GREGOPTS, GRESOPTS, *bits, *set),
            _ => return Err(unsupported(change)),
        };
        let mut opts = 0u32;
        if let Err(e) = self.tunnel_value(ifname, read, &mut opts)? {
            let what = if read == GIFGOPTS { "ioctl(GIFGOPTS)" } else { "ioctl(GREGOPTS)" };
            return Err(read_err(ifname, what, e));
        }
        let mut new = if set { opts | bits } else { opts & !bits };
        self.tunnel_value(ifname, write, &mut new)
    }

    /// The tunnel's outer addresses (SIOCGIFP{SRC,DST}ADDR, then the
    /// `_IN6` pair), and gif's options or gre's key, options and port,
    /// as ifconfig's `tunnel_status`, `gif_status` and `gre_status` read
    /// them; `None` fields where the requests fail.
    fn read_tunnel(&mut self, iface: &mut Interface) {
        let name = iface.name.clone();
        let Some(mut ifr) = ifreq::new(&name) else { return };
        let mut ends = [None, None];
        for (slot, dst) in ends.iter_mut().zip([false, true]) {
            let mut r = ifr;
            if self.tunnel(TunnelRequest::GetInet { ifr: &mut r, dst }).is_ok() {
                *slot = Some(std::net::IpAddr::V4(r.addr_in().ip()));
                continue;
            }
            let mut r6 = in6_ifreq::for_delete(ifr.ifr_name, None);
            if self.tunnel(TunnelRequest::GetInet6 { req: &mut r6, dst }).is_ok() {
                *slot = Some(std::net::IpAddr::V6(r6.ifr_addr.ip()));
            }
        }
        if let [Some(src), Some(dst)] = ends {
            iface.settings.tunnel = Some(Tunnel { src, dst });
        }
        let s = &mut iface.settings;
        let mut get = |request: u64| {
            let mut v = 0u32;
            self.tunnel(TunnelRequest::Value { request, ifr: &mut ifr, value: &mut v }).ok().map(|()| v)
        };
        if s.groups.iter().any(|g| g == "gif") {
            if let Some(options) = get(GIFGOPTS) {
                s.gif = Some(GifConfig { options });
            }
        }
        if s.groups.iter().any(|g| g == "gre") {
            if let (Some(key), Some(options)) = (get(GREGKEY), get(GREGOPTS)) {
                // GRE[GS]PORT came with 13.0: 0 where it is refused.
                s.gre = Some(GreConfig { key, options, udpport: get(GREGPORT).unwrap_or(0) });
            }
        }
    }

    fn vxlan(&mut self, name: [u8; IFNAMSIZ], cmd: u64, arg: VxlanArg<'_>) -> Raw<()> {
        let mut ifd = vxlan::ifdrv_for(name, cmd, &arg);
        let set = matches!(arg, VxlanArg::Cmd(_));
        self.sys.ioctl(IoctlRequest::Vxlan(VxlanRequest { ifd: &mut ifd, set, arg }))
    }

    fn vxlan_config(&mut self, name: [u8; IFNAMSIZ]) -> Raw<ifvxlancfg> {
        let mut cfg = ifvxlancfg::default();
        self.vxlan(name, vxlan::VXLAN_CMD_GET_CONFIG, VxlanArg::Config(&mut cfg)).map(|()| cfg)
    }

    /// A vxlan word's VXLAN_CMD_SET_* (or FLUSH), after ifvxlan.c's
    /// `vxlan_exists` read: on an interface that is not a vxlan the word
    /// is only kept for a create that does not come, and nothing changes.
    fn vxlan_write(&mut self, name: [u8; IFNAMSIZ], v: &VxlanChange) -> Result<Raw<()>> {
        match self.vxlan_config(name) {
            Ok(_) => {}
            Err(Errno::ENXIO) => return Ok(Err(Errno::ENXIO)),
            Err(_) => return Ok(Ok(())),
        }
        let mut c = ifvxlancmd::default();
        let cmd = match v {
            VxlanChange::Vni(n) => {
                c.vxlcmd_vni = *n;
                vxlan::VXLAN_CMD_SET_VNI
            }
            VxlanChange::Local(a) => {
                c.vxlcmd_sa = vxlan_sockaddr::new(*a, 0);
                vxlan::VXLAN_CMD_SET_LOCAL_ADDR
            }
            VxlanChange::Remote(a) => {
                c.vxlcmd_sa = vxlan_sockaddr::new(*a, 0);
                vxlan::VXLAN_CMD_SET_REMOTE_ADDR
            }
            VxlanChange::LocalPort(p) => {
                c.vxlcmd_port = *p;
                vxlan::VXLAN_CMD_SET_LOCAL_PORT
            }
            VxlanChange::RemotePort(p) => {
                c.vxlcmd_port = *p;
                vxlan::VXLAN_CMD_SET_REMOTE_PORT
            }
            VxlanChange::PortRange(min, max) => {
                (c.vxlcmd_port_min, c.vxlcmd_port_max) = (*min, *max);
                vxlan::VXLAN_CMD_SET_PORT_RANGE
            }
            VxlanChange::Timeout(t) => {
                c.vxlcmd_ftable_timeout = *t;
                vxlan::VXLAN_CMD_SET_FTABLE_TIMEOUT
            }
            VxlanChange::MaxAddr(m) => {
                c.vxlcmd_ftable_max = *m;
                vxlan::VXLAN_CMD_SET_FTABLE_MAX
            }
            VxlanChange::Dev(d) => {
                c.vxlcmd_ifname = name_buf(d);
                vxlan::VXLAN_CMD_SET_MULTICAST_IF
            }
            VxlanChange::Ttl(t) => {
                c.vxlcmd_ttl = *t;
                vxlan::VXLAN_CMD_SET_TTL
            }
            VxlanChange::Learn(on) => {
                c.vxlcmd_flags = if *on { vxlan::VXLAN_CMD_FLAG_LEARN } else { 0 };
                vxlan::VXLAN_CMD_SET_LEARN
            }
            VxlanChange::Flush(all) => {
                c.vxlcmd_flags = if *all { vxlan::VXLAN_CMD_FLAG_FLUSH_ALL } else { 0 };
                vxlan::VXLAN_CMD_FLUSH
            }
        };
        Ok(self.vxlan(name, cmd, VxlanArg::Cmd(&mut c)))
    }

    /// ifvxlan.c's `vxlan_status` read (VXLAN_CMD_GET_CONFIG): the vni
    /// (none while VXLAN_VNI_MAX), the addresses (none while unspecified)
    /// with their ports, the port range, ftable and TTL, learning; the
    /// multicast interface by its index (the kernel knows it once running).
    fn read_vxlan(&mut self, ifname: &str) -> Option<VxlanConfig> {
        let cfg = self.vxlan_config(ifreq::new(ifname)?.ifr_name).ok()?;
        let end = |sa: &vxlan_sockaddr| {
            let (a, p) = sa.get().unwrap_or((std::net::Ipv4Addr::UNSPECIFIED.into(), VxlanConfig::PORT));
            ((!a.is_unspecified()).then_some(a), p)
        };
        let ((local, local_port), (remote, remote_port)) =
            (end(&cfg.vxlc_local_sa), end(&cfg.vxlc_remote_sa));
        let dev = match cfg.vxlc_mc_ifindex {
            0 => None,
            i => self.sys.getifaddrs().ok()?.into_iter().find_map(|e| match e.addr {
                crate::sys::IfAddr::Link(l) if u32::from(l.index) == i => Some(e.name),
                _ => None,
            }),
        };
        Some(VxlanConfig {
            vni: (cfg.vxlc_vni < VxlanConfig::VNI_MAX).then_some(cfg.vxlc_vni),
            local,
            remote,
            local_port,
            remote_port,
            port_min: cfg.vxlc_port_min,
            port_max: cfg.vxlc_port_max,
            timeout: cfg.vxlc_ftable_timeout,
            maxaddr: cfg.vxlc_ftable_max,
            dev,
            ttl: cfg.vxlc_ttl,
            learn: cfg.vxlc_learn != 0,
        })
    }

    /// `vlr_proto` as this release's kernel reads it (10-11: not at all).
    fn vlan_proto(&self, proto: u16) -> u16 {
        if self.release.has_vlan_proto() {
            proto
        } else {
            0
        }
    }

    /// SIOCGETVLAN (and SIOCGVLANPCP): `None` when it is not a vlan.
    fn vlan(&mut self, ifname: &str) -> Result<Option<VlanConfig>> {
        let mut ifr = ifr_of(ifname)?;
        let mut vlr = vlanreq::default();
        match self.io(IfaceRequest::Vlan { ifr: &mut ifr, vlr: &mut vlr, set: false }) {
            Ok(()) => {}
            Err(Errno::ENXIO) => return Err(Error::NoSuchInterface(ifname.into())),
            Err(_) => return Ok(None),
        }
        let mut pcp = ifr_of(ifname)?;
        let pcp = self.plain(SIOCGLANPCP, &mut pcp).map_or(0, |()| pcp.vlan_pcp());
        let proto = if vlr.vlr_proto == 0 { ETHERTYPE_VLAN } else { vlr.vlr_proto };
        Ok(Some(VlanConfig { tag: vlr.vlr_tag, proto, pcp, parent: vlr.parent() }))
    }

    /// SIOCIFCREATE2, with a `struct vlanreq` for `vlan N vlandev IF`, a
    /// `struct iflaggparam` for `laggtype`, a `struct ifvxlanparam` for
    /// vxlan words given with `create`; the name the kernel gave.
    pub fn create(&mut self, req: &CloneRequest) -> Result<String> {
        let mut ifr =
            ifreq::new(&req.name).ok_or_else(|| create_refused(self.release, &req.name, Errno::EINVAL))?;
        // ifvlan.c parses a dotted name itself and sends it as parameters.
        let mut vlan = req.vlan_params()?.map(|(tag, parent)| {
            vlanreq::new(&parent, tag, if self.release.has_vlan_proto() { ETHERTYPE_VLAN } else { 0 })
        });
        let mut lagg = match req.lagg_type.as_deref() {
            None => None,
            Some(t) => {
                Some(iflaggparam::of(t).ok_or_else(|| Error::Refused(format!("Invalid lagg type: {t}")))?)
            }
        };
        let mut vx = (!req.vxlan.is_empty()).then(|| ifvxlanparam::from_changes(&req.vxlan));
        let params = match (vlan.as_mut(), lagg.as_mut(), vx.as_mut()) {
            (Some(v), _, _) => Some(CreateParams::Vlan(v)),
            (None, Some(l), _) => Some(CreateParams::Lagg(l)),
            (None, None, Some(x)) => Some(CreateParams::Vxlan(x)),
            _ => None,
        };
        self.io(IfaceRequest::Create { ifr: &mut ifr, params })
            .map_err(|e| create_refused(self.release, &req.name, e))?;
        Ok(ifr.name())
    }

    /// SIOCIFDESTROY.
    pub fn destroy(&mut self, ifname: &str) -> Result<()> {
        let mut ifr = ifr_of(ifname)?;
        self.plain(SIOCIFDESTROY, &mut ifr).map_err(|e| match e {
            Errno::ENXIO => Error::NoSuchInterface(ifname.into()),
            e => Error::request("SIOCIFDESTROY", e),
        })
    }

    /// SIOCIFGCLONERS: the count, then the names (ifclone.c `list_cloners`).
    pub fn cloners(&mut self) -> Result<Vec<String>> {
        let err = |e| Error::request("SIOCIFGCLONERS for count", e);
        let mut req = if_clonereq::default();
        self.io(IfaceRequest::Cloners { req: &mut req, buf: &mut [] }).map_err(err)?;
        let total = usize::try_from(req.ifcr_total).unwrap_or(0);
        let mut buf = vec![[0u8; IFNAMSIZ]; total];
        req.ifcr_count = total as i32;
        self.io(IfaceRequest::Cloners { req: &mut req, buf: &mut buf })
            .map_err(|e| Error::request("SIOCIFGCLONERS for names", e))?;
        let n = total.min(usize::try_from(req.ifcr_total).unwrap_or(0));
        Ok(buf[..n]
            .iter()
            .map(|b| String::from_utf8_lossy(crate::sys::abi::name_of(b)).into_owned())
            .collect())
    }

    /// Read what ifconfig prints of these keywords: `description:`,
    /// `groups:`, `fib:`, `tunnelfib:`, `vlan:`, and a bridge's parameters
    /// and `member:` lines. A request that fails leaves its field as is.
    pub fn read_settings(&mut self, iface: &mut Interface) {
        let name = iface.name.clone();
        let s = &mut iface.settings;
        if let Some(d) = self.description(&name) {
            s.description = d;
        }
        if let Some(groups) = self.groups(&name) {
            s.groups = groups;
        }
        let mut ifr = match ifreq::new(&name) {
            Some(r) => r,
            None => return,
        };
        if self.plain(SIOCGIFFIB, &mut ifr).is_ok() {
            s.fib = ifr.fib();
        }
        if self.plain(SIOCGTUNFIB, &mut ifr).is_ok() {
            s.tunnelfib = ifr.fib();
        }
        // af_link.c asks every interface with a link address; a vlan's
        // answer is its vlanpcp (read with the vlan below).
        if iface.ether.is_some() && iface.kind != IfType::L2Vlan && self.plain(SIOCGLANPCP, &mut ifr).is_ok()
        {
            s.pcp = Some(ifr.vlan_pcp()).filter(|p| *p != IFNET_PCP_NONE);
        }
        // nd6_status: isnd6defif for every interface with IPv6.
        if iface.nd6.is_some() {
            iface.settings.nd6_defaultif =
                self.default_iface(&name).is_ok_and(|i| i != 0 && i == u64::from(iface.index));
        }
        self.read_inet6_state(iface);
        if iface.kind == IfType::L2Vlan {
            if let Ok(v) = self.vlan(&name) {
                iface.settings.vlan = v;
            }
        }
        if iface.kind == IfType::Bridge {
            iface.settings.bridge = self.bridge_config(&name);
        }
        // Every clone is in its cloner's group (if_clone.c): only those
        // are asked for the family's state.
        if iface.settings.groups.iter().any(|g| g == "gif" || g == "gre" || g == "ipsec") {
            self.read_tunnel(iface);
        }
        if iface.settings.groups.iter().any(|g| g == "vxlan") {
            if let Some(c) = self.read_vxlan(&name) {
                iface.settings.vxlan = Some(c);
            }
        }
        if iface.settings.groups.iter().any(|g| g == "lagg") {
            if let Some(l) = self.lagg_config(&name) {
                iface.settings.lagg = Some(l);
            }
        }
        if iface.settings.groups.iter().any(|g| g == "pfsync") {
            iface.settings.pfsync = self.pfsync_config(&name);
        }
        if iface.settings.groups.iter().any(|g| g == "ipsec") {
            iface.settings.ipsec = self.ipsec_config(&name);
        }
        if iface.settings.groups.iter().any(|g| g == "stf") {
            iface.settings.stf = self.stf_config(&name);
        }
    }

    /// Each inet6 address's flags and lifetimes (SIOCGIFAFLAG_IN6,
    /// SIOCGIFALIFETIME_IN6, as af_inet6.c's `in6_status` reads them); an
    /// address whose requests fail keeps what the listing said.
    fn read_inet6_state(&mut self, iface: &mut Interface) {
        let Some(name) = ifreq::new(&iface.name).map(|r| r.ifr_name) else { return };
        let addrs: Vec<std::net::Ipv6Addr> = iface
            .addresses
            .iter()
            .filter_map(|a| match a.addr {
                std::net::IpAddr::V6(v6) => Some(v6),
                _ => None,
            })
            .collect();
        for addr in addrs {
            let mut f = in6_ifreq::for_delete(name, Some(addr));
            let mut l = f;
            let flags = self.io(IfaceRequest::AddrState { req: &mut f, lifetime: false });
            let times = self.io(IfaceRequest::AddrState { req: &mut l, lifetime: true });
            let (Ok(()), Ok(())) = (flags, times) else { continue };
            let finite = |t: u32| (t != ND6_INFINITE_LIFETIME).then_some(t);
            let (vl, pl) = l.lifetimes();
            let list = &mut iface.settings.inet6_addresses;
            list.retain(|e| e.addr != addr);
            let st = Inet6AddrState { addr, flags: f.flags6(), pltime: finite(pl), vltime: finite(vl) };
            if st.flags != 0 || st.pltime.is_some() || st.vltime.is_some() {
                list.push(st);
            }
        }
    }

    /// SIOCGIFDESCR, growing the buffer to what the kernel asks for:
    /// `Some(None)` for no description (ENOMSG), `None` when the request
    /// failed otherwise (what another listing said then stays).
    fn description(&mut self, ifname: &str) -> Option<Option<String>> {
        let mut room = DESCR_FIRST;
        for _ in 0..4 {
            let mut ifr = ifreq::new(ifname)?;
            let mut buf = vec![0u8; room];
            match self.io(IfaceRequest::GetDescr { ifr: &mut ifr, buf: &mut buf }) {
                Ok(()) => {}
                Err(Errno::ENOMSG) => return Some(None),
                Err(_) => return None,
            }
            let need = ifr.buffer_length() as usize;
            if need > room {
                room = need;
                continue;
            }
            let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
            return Some((end > 0).then(|| String::from_utf8_lossy(&buf[..end]).into_owned()));
        }
        None
    }

    /// SIOCGIFGROUP twice (length, then names), without `all`.
    fn groups(&mut self, ifname: &str) -> Option<Vec<String>> {
        let name = ifreq::new(ifname)?.ifr_name;
        let mut req = ifgroupreq { ifgr_name: name, ..Default::default() };
        self.io(IfaceRequest::GetGroups { req: &mut req, buf: &mut [] }).ok()?;
        let n = req.ifgr_len as usize / std::mem::size_of::<ifg_req>();
        let mut buf = vec![ifg_req::default(); n];
        req.ifgr_len = (n * std::mem::size_of::<ifg_req>()) as u32;
        self.io(IfaceRequest::GetGroups { req: &mut req, buf: &mut buf }).ok()?;
        Some(buf.iter().map(ifg_req::name).filter(|g| !g.is_empty() && g != "all").collect())
    }

    /// A bridge's parameters (BRDGPARAM, BRDGGCACHE, BRDGGTO, as
    /// ifbridge.c's `bridge_status` reads them) and members (BRDGGIFS).
    fn bridge_config(&mut self, ifname: &str) -> Option<BridgeConfig> {
        let mut op = ifbropreq::default();
        self.bridge(ifname, BRDGPARAM, false, BridgeArg::Op(&mut op)).ok()?;
        let mut b = BridgeConfig {
            holdcnt: op.ifbop_holdcount,
            maxage: op.ifbop_maxage,
            hellotime: op.ifbop_hellotime,
            fwddelay: op.ifbop_fwddelay,
            priority: op.ifbop_priority,
            proto: if op.ifbop_protocol == BSTP_PROTO_STP { "stp" } else { "rstp" }.into(),
            stp_id: {
                let id = op.ifbop_bridgeid.to_be_bytes();
                [id[2], id[3], id[4], id[5], id[6], id[7]]
            },
            ..BridgeConfig::default()
        };
        for (cmd, field) in [(BRDGGCACHE, &mut b.maxaddr), (BRDGGTO, &mut b.timeout)] {
            let mut p = ifbrparam::default();
            self.bridge(ifname, cmd, false, BridgeArg::Param(&mut p)).ok()?;
            *field = p.int32();
        }
        let each = std::mem::size_of::<ifbreq>();
        let mut conf = ifbifconf::default();
        self.bridge(ifname, BRDGGIFS, false, BridgeArg::Members { conf: &mut conf, buf: &mut [] }).ok()?;
        let mut buf = vec![ifbreq::default(); conf.ifbic_len as usize / each];
        conf.ifbic_len = (buf.len() * each) as u32;
        self.bridge(ifname, BRDGGIFS, false, BridgeArg::Members { conf: &mut conf, buf: &mut buf }).ok()?;
        let n = (conf.ifbic_len as usize / each).min(buf.len());
        let fifteen = self.release >= Release::V15_0;
        b.members = buf[..n]
            .iter()
            .map(|m| BridgeMember {
                name: m.name(),
                flags: m.ifbr_ifsflags,
                ifmaxaddr: m.ifbr_addrmax,
                priority: m.ifbr_priority,
                path_cost: m.ifbr_path_cost,
                port: m.ifbr_portno.into(),
                // 15 reports the VLAN fields; before, they are padding.
                stp_role: m.ifbr_role,
                stp_state: m.ifbr_state,
                untagged: if fifteen { m.ifbr_pvid } else { 0 },
                vlanproto: if fifteen { m.ifbr_vlanproto } else { VlanConfig::PROTO_8021Q },
                ..BridgeMember::new("", 0, 0)
            })
            .collect();
        // Only `addr` prints the cache; the listing keeps it with the rest.
        b.cache = self.bridge_cache_read(ifname).unwrap_or_default();
        self.bridge_vlan_read(ifname, &mut b, self.release)?;
        Some(b)
    }
}

/// A read before a write failed: ENXIO is the interface gone; otherwise
/// ifconfig's `Perror` of that read.
fn read_err(ifname: &str, what: &str, e: Errno) -> Error {
    match e {
        Errno::ENXIO => Error::NoSuchInterface(ifname.into()),
        e => crate::types::perror(what, e),
    }
}

/// The words whose requests are not written over ioctl here.
fn unsupported(_change: &IfaceChange) -> Error {
    Error::Unsupported("this keyword: not yet implemented over FreeBSD's ioctls".into())
}

const _: () = assert!(std::mem::size_of::<Capabilities>() == 4);
