//! vxlan(4) on Linux: `ifconfig vxlanN create vxlanid N vxlanlocal A
//! vxlanremote B ...` as an RTM_NEWLINK of kind "vxlan" with IFLA_VXLAN_*
//! attributes (linux/if_link.h), and the listing's `vxlan vni` line read
//! back from IFLA_INFO_DATA. Linux takes these settings only at creation;
//! where the two drivers differ the create is refused, before anything is
//! sent, with the reason.

use std::net::IpAddr;

use super::{Kernel, LinkTies, NetlinkBackend, Transport};
use crate::error::{Error, Result};
use crate::netlink::nla::{self, AttrWriter};
use crate::types::{Interface, VxlanChange, VxlanConfig};

// IFLA_VXLAN_* (linux/if_link.h).
const ID: u16 = 1;
const GROUP: u16 = 2;
const LINK: u16 = 3;
const LOCAL: u16 = 4;
const TTL: u16 = 5;
const LEARNING: u16 = 7;
const AGEING: u16 = 8;
const LIMIT: u16 = 9;
const PORT_RANGE: u16 = 10;
const PORT: u16 = 15;
const GROUP6: u16 = 16;
const LOCAL6: u16 = 17;

fn unsupported(what: &str) -> Error {
    Error::Unsupported(format!("{what}; nothing was changed"))
}

/// The configuration a create asks for: the driver's defaults, then the
/// words in order; refused where Linux's vxlan has no equivalent.
pub(super) fn linux_config(params: &[VxlanChange]) -> Result<VxlanConfig> {
    let mut c = VxlanConfig::default();
    for p in params {
        p.apply_to(&mut c);
    }
    if c.vni.is_none() {
        return Err(unsupported("a Linux vxlan needs its vxlanid at creation"));
    }
    if c.remote.is_some_and(|r| r.is_multicast()) && c.dev.is_none() {
        return Err(unsupported(
            "a Linux vxlan group needs vxlandev: Linux does not pick the interface itself",
        ));
    }
    if c.local_port != c.remote_port {
        return Err(unsupported(
            "a Linux vxlan listens on its destination port: vxlanlocalport must equal vxlanremoteport",
        ));
    }
    Ok(c)
}

fn put_ip(w: &mut AttrWriter<'_>, v4: u16, v6: u16, a: IpAddr) {
    match a {
        IpAddr::V4(a) => w.ipv4(v4, a),
        IpAddr::V6(a) => w.ipv6(v6, a),
    };
}

impl<T: Transport, K: Kernel> NetlinkBackend<T, K> {
    /// RTM_NEWLINK kind "vxlan" with the configuration's attributes.
    pub(super) fn vxlan_create(&mut self, name: &str, params: &[VxlanChange], what: &str) -> Result<()> {
        let c = linux_config(params)?;
        let dev = match &c.dev {
            Some(d) => {
                Some(self.link(d).map_err(|_| Error::request(what, crate::Errno::ENXIO))?.info.index as u32)
            }
            None => None,
        };
        self.create_link(name, "vxlan", None, |w| {
            w.u32(ID, c.vni.unwrap_or(0));
            if let Some(r) = c.remote {
                put_ip(w, GROUP, GROUP6, r);
            }
            if let Some(l) = c.local {
                put_ip(w, LOCAL, LOCAL6, l);
            }
            if let Some(i) = dev {
                w.u32(LINK, i);
            }
            w.u8(TTL, c.ttl);
            w.u8(LEARNING, u8::from(c.learn));
            w.u32(AGEING, c.timeout);
            w.u32(LIMIT, c.maxaddr);
            let mut range = c.port_min.to_be_bytes().to_vec();
            range.extend(c.port_max.to_be_bytes());
            w.bytes(PORT_RANGE, &range);
            w.bytes(PORT, &c.remote_port.to_be_bytes());
        })
    }
}

fn be16(d: &[u8]) -> Option<u16> {
    Some(u16::from_be_bytes([*d.first()?, *d.get(1)?]))
}

/// A vxlan link's configuration from its IFLA_INFO_DATA; `names` maps
/// indexes to interface names (for the multicast device).
pub(super) fn decode(data: &[u8], names: &dyn Fn(u32) -> Option<String>) -> Option<VxlanConfig> {
    let mut c = VxlanConfig::default();
    for a in nla::parse(data).ok()? {
        match a.kind {
            ID => c.vni = Some(a.u32().ok()?),
            GROUP => c.remote = Some(IpAddr::V4(a.ipv4().ok()?)),
            GROUP6 => c.remote = Some(IpAddr::V6(a.ipv6().ok()?)),
            LOCAL => c.local = Some(IpAddr::V4(a.ipv4().ok()?)),
            LOCAL6 => c.local = Some(IpAddr::V6(a.ipv6().ok()?)),
            LINK => c.dev = names(a.u32().ok()?),
            TTL => c.ttl = a.u8().ok()?,
            LEARNING => c.learn = a.u8().ok()? != 0,
            AGEING => c.timeout = a.u32().ok()?,
            LIMIT => c.maxaddr = a.u32().ok()?,
            PORT_RANGE => (c.port_min, c.port_max) = (be16(a.data)?, be16(a.data.get(2..)?)?),
            PORT => {
                c.remote_port = be16(a.data)?;
                c.local_port = c.remote_port;
            }
            _ => {}
        }
    }
    Some(c)
}

/// Fill the vxlan settings of the listed interfaces from the link dump.
pub(super) fn fill_vxlan(ties: &[LinkTies], list: &mut [Interface]) {
    let decoded: Vec<(usize, Option<VxlanConfig>)> = {
        let names =
            |i: u32| list.iter().find(|l| l.index == i).map(|l| l.name.clone()).filter(|n| !n.is_empty());
        let vxlans = ties.iter().enumerate().filter_map(|(n, t)| Some((n, t.vxlan.as_deref()?)));
        vxlans.map(|(n, data)| (n, decode(data, &names))).collect()
    };
    for (n, config) in decoded {
        list[n].settings.vxlan = config;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_refusals_name_the_reason() {
        let e = linux_config(&[VxlanChange::Local("192.0.2.1".parse().unwrap())]).unwrap_err();
        assert!(e.to_string().contains("needs its vxlanid"), "{e}");
        let e = linux_config(&[VxlanChange::Vni(1), VxlanChange::LocalPort(1000)]).unwrap_err();
        assert!(e.to_string().contains("vxlanlocalport must equal vxlanremoteport"), "{e}");
        let c =
            linux_config(&[VxlanChange::Vni(1), VxlanChange::LocalPort(8472), VxlanChange::RemotePort(8472)]);
        assert_eq!(c.unwrap().remote_port, 8472);
    }

    #[test]
    fn decode_reads_what_create_writes() {
        let mut buf = Vec::new();
        let mut w = AttrWriter::new(&mut buf);
        w.u32(ID, 42);
        w.ipv6(GROUP6, "ff0e::1".parse().unwrap());
        w.u32(LINK, 3);
        w.u8(LEARNING, 0);
        w.bytes(PORT_RANGE, &[0x27, 0x10, 0x27, 0x20]);
        w.bytes(PORT, &8472u16.to_be_bytes());
        let c = decode(&buf, &|i| (i == 3).then(|| "eth0".to_string())).unwrap();
        assert_eq!(c.vni, Some(42));
        assert_eq!(c.remote, Some("ff0e::1".parse().unwrap()));
        assert_eq!((c.dev.as_deref(), c.learn), (Some("eth0"), false));
        assert_eq!((c.port_min, c.port_max, c.remote_port, c.local_port), (10000, 10016, 8472, 8472));
    }
}
