//! Safe accessors for the ABI structs and conversions to and from the typed
//! model. Numbers stay raw on the way in (the kernel judges ranges); on the
//! way out, a value the typed model cannot hold is a [`DecodeError`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::abi::{
    carpreq, ifreq, ifru, in6_addr, in6_addrlifetime, in6_aliasreq, in6_ifreq, in_addr, in_aliasreq,
    sockaddr_in, sockaddr_in6, AF_INET, AF_INET6, IFNAMSIZ, ND6_INFINITE_LIFETIME,
};
use crate::error::DecodeError;
use crate::types::{AddressRequest, CarpSet, CarpState, CarpStatus, Key, Vhid};

// ---- addresses ----

impl From<Ipv4Addr> for in_addr {
    fn from(a: Ipv4Addr) -> in_addr {
        in_addr { s_addr: u32::from_ne_bytes(a.octets()) }
    }
}

impl From<in_addr> for Ipv4Addr {
    fn from(a: in_addr) -> Ipv4Addr {
        Ipv4Addr::from(a.s_addr.to_ne_bytes())
    }
}

impl From<Ipv6Addr> for in6_addr {
    fn from(a: Ipv6Addr) -> in6_addr {
        in6_addr { s6_addr: a.octets() }
    }
}

impl From<in6_addr> for Ipv6Addr {
    fn from(a: in6_addr) -> Ipv6Addr {
        Ipv6Addr::from(a.s6_addr)
    }
}

impl sockaddr_in {
    /// A complete `sockaddr_in` (`sin_len` 16, `AF_INET`) for `addr`.
    pub fn new(addr: Ipv4Addr) -> sockaddr_in {
        sockaddr_in { sin_len: 16, sin_family: AF_INET, sin_addr: addr.into(), ..Default::default() }
    }

    /// The address.
    pub fn ip(&self) -> Ipv4Addr {
        self.sin_addr.into()
    }

    /// Whether it is a complete inet sockaddr (what in.c checks).
    pub fn is_inet(&self) -> bool {
        usize::from(self.sin_len) == std::mem::size_of::<sockaddr_in>() && self.sin_family == AF_INET
    }

    /// The 16 bytes, as they sit in `ifr_addr`.
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[0] = self.sin_len;
        b[1] = self.sin_family;
        b[2..4].copy_from_slice(&self.sin_port.to_ne_bytes());
        b[4..8].copy_from_slice(&self.sin_addr.s_addr.to_ne_bytes());
        b[8..].copy_from_slice(&self.sin_zero);
        b
    }

    /// From the 16 bytes of `ifr_addr`.
    pub fn from_bytes(b: &[u8; 16]) -> sockaddr_in {
        let mut zero = [0u8; 8];
        zero.copy_from_slice(&b[8..]);
        sockaddr_in {
            sin_len: b[0],
            sin_family: b[1],
            sin_port: u16::from_ne_bytes([b[2], b[3]]),
            sin_addr: in_addr { s_addr: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]) },
            sin_zero: zero,
        }
    }
}

impl sockaddr_in6 {
    /// A complete `sockaddr_in6` (`sin6_len` 28, `AF_INET6`) for `addr`.
    pub fn new(addr: Ipv6Addr) -> sockaddr_in6 {
        sockaddr_in6 { sin6_len: 28, sin6_family: AF_INET6, sin6_addr: addr.into(), ..Default::default() }
    }

    /// The address.
    pub fn ip(&self) -> Ipv6Addr {
        self.sin6_addr.into()
    }

    /// Whether it is a complete inet6 sockaddr (what in6.c checks).
    pub fn is_inet6(&self) -> bool {
        usize::from(self.sin6_len) == std::mem::size_of::<sockaddr_in6>() && self.sin6_family == AF_INET6
    }
}

/// The netmask of `/prefixlen` (clamped to 32).
pub fn mask_v4(prefixlen: u8) -> Ipv4Addr {
    let bits = match prefixlen {
        0 => 0,
        p if p >= 32 => u32::MAX,
        p => u32::MAX << (32 - p),
    };
    Ipv4Addr::from(bits)
}

/// The netmask of `/prefixlen` (clamped to 128).
pub fn mask_v6(prefixlen: u8) -> Ipv6Addr {
    let bits = match prefixlen {
        0 => 0,
        p if p >= 128 => u128::MAX,
        p => u128::MAX << (128 - p),
    };
    Ipv6Addr::from(bits)
}

/// The prefix length of a contiguous mask; `None` for a mask with holes.
pub fn contiguous_prefixlen(mask: IpAddr) -> Option<u8> {
    let (ones, bits) = match mask {
        IpAddr::V4(m) => (u32::from(m).leading_ones(), u32::from(m).count_ones()),
        IpAddr::V6(m) => (u128::from(m).leading_ones(), u128::from(m).count_ones()),
    };
    (ones == bits).then_some(ones as u8)
}

/// The prefix length FreeBSD's netlink reports for any mask: its number of
/// one bits (so a mask with holes still gets a length, as in ifconfig 14+).
pub fn prefixlen_of_mask(mask: IpAddr) -> u8 {
    match mask {
        IpAddr::V4(m) => u32::from(m).count_ones() as u8,
        IpAddr::V6(m) => u128::from(m).count_ones() as u8,
    }
}

// ---- ifreq ----

impl ifreq {
    /// An `ifreq` naming `name`; `None` if no FreeBSD interface can have
    /// that name (see [`super::abi::ifname`]).
    pub fn new(name: &str) -> Option<ifreq> {
        Some(ifreq { ifr_name: super::abi::ifname(name)?, ifr_ifru: [0; 16] })
    }

    fn get_i16(&self, at: usize) -> i16 {
        i16::from_ne_bytes([self.ifr_ifru[at], self.ifr_ifru[at + 1]])
    }

    fn get_i32(&self, at: usize) -> i32 {
        let b = &self.ifr_ifru;
        i32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    fn put(&mut self, at: usize, bytes: &[u8]) {
        self.ifr_ifru[at..at + bytes.len()].copy_from_slice(bytes);
    }

    /// `ifr_flags | ifr_flagshigh << 16`, as ifconfig combines them.
    pub fn flags(&self) -> u32 {
        let low = self.get_i16(ifru::FLAGS) as u16;
        let high = self.get_i16(ifru::FLAGSHIGH) as u16;
        u32::from(low) | (u32::from(high) << 16)
    }

    /// Split `flags` into `ifr_flags` and `ifr_flagshigh`.
    pub fn set_flags(&mut self, flags: u32) {
        self.put(ifru::FLAGS, &(flags as u16).to_ne_bytes());
        self.put(ifru::FLAGSHIGH, &((flags >> 16) as u16).to_ne_bytes());
    }

    /// `ifr_mtu`.
    pub fn mtu(&self) -> i32 {
        self.get_i32(ifru::MTU)
    }

    /// Set `ifr_mtu`.
    pub fn set_mtu(&mut self, mtu: i32) {
        self.put(ifru::MTU, &mtu.to_ne_bytes());
    }

    /// `ifr_metric`.
    pub fn metric(&self) -> i32 {
        self.get_i32(ifru::METRIC)
    }

    /// Set `ifr_metric`.
    pub fn set_metric(&mut self, metric: i32) {
        self.put(ifru::METRIC, &metric.to_ne_bytes());
    }

    /// `ifr_reqcap` (the capabilities the interface supports, for GET).
    pub fn reqcap(&self) -> i32 {
        self.get_i32(ifru::REQCAP)
    }

    /// `ifr_curcap` (the capabilities enabled).
    pub fn curcap(&self) -> i32 {
        self.get_i32(ifru::CURCAP)
    }

    /// Set `ifr_reqcap` and `ifr_curcap`.
    pub fn set_caps(&mut self, reqcap: i32, curcap: i32) {
        self.put(ifru::REQCAP, &reqcap.to_ne_bytes());
        self.put(ifru::CURCAP, &curcap.to_ne_bytes());
    }

    /// Point `ifr_data` at `addr` (only a number here: the kernel follows it).
    pub fn set_data(&mut self, addr: usize) {
        self.put(ifru::DATA, &(addr as u64).to_ne_bytes());
    }

    /// `ifr_data` as a number.
    pub fn data(&self) -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.ifr_ifru[ifru::DATA..ifru::DATA + 8]);
        u64::from_ne_bytes(b)
    }

    /// `ifr_addr` read as a `sockaddr_in`.
    pub fn addr_in(&self) -> sockaddr_in {
        sockaddr_in::from_bytes(&self.ifr_ifru)
    }

    /// Store `sa` in `ifr_addr`.
    pub fn set_addr_in(&mut self, sa: &sockaddr_in) {
        self.put(ifru::ADDR, &sa.to_bytes());
    }

    /// The interface name, lossily decoded.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(super::abi::name_of(&self.ifr_name)).into_owned()
    }
}

// ---- carpreq ----

impl carpreq {
    /// The GET request for one vhid (`carpr_count` 1), raw.
    pub fn get_request(vhid: i32) -> carpreq {
        carpreq { carpr_count: 1, carpr_vhid: vhid, ..Default::default() }
    }

    /// The SET request ifconfig sends for `set`: every field the ioctl
    /// carries (peers, version and VRRP fields have no place in it).
    pub fn from_set(set: &CarpSet) -> carpreq {
        let mut key = [0u8; super::abi::CARP_KEY_LEN];
        key.copy_from_slice(set.key.raw());
        carpreq {
            carpr_count: 1,
            carpr_vhid: i32::from(set.vhid.get()),
            carpr_state: set.state.raw() as i32,
            carpr_advskew: set.advskew,
            carpr_advbase: set.advbase,
            carpr_key: key,
        }
    }

    /// What the kernel reported, typed. The ioctl carries no peers (`None`)
    /// and no protocol version or VRRP fields (a new vhid's defaults).
    pub fn to_status(&self) -> Result<CarpStatus, DecodeError> {
        let vhid = Vhid::new(self.carpr_vhid.into()).ok_or_else(|| {
            DecodeError::new("carpreq", format!("carpr_vhid {} outside 1..=255", self.carpr_vhid))
        })?;
        let state = CarpState::from_raw(self.carpr_state.into()).ok_or_else(|| {
            DecodeError::new("carpreq", format!("carpr_state {} above 2", self.carpr_state))
        })?;
        let mut st = CarpStatus::new_vhid(vhid);
        st.state = state;
        st.advbase = self.carpr_advbase;
        st.advskew = self.carpr_advskew;
        st.key = Key::from_bytes(&self.carpr_key);
        st.peer = None;
        st.peer6 = None;
        Ok(st)
    }

    /// Fill in `st` as the kernel's `carp_carprcp` does: the key only for a
    /// privileged caller.
    pub fn fill_from_status(&mut self, st: &CarpStatus, privileged: bool) {
        self.carpr_vhid = i32::from(st.vhid.get());
        self.carpr_state = st.state.raw() as i32;
        self.carpr_advbase = st.advbase;
        self.carpr_advskew = st.advskew;
        if privileged {
            self.carpr_key.copy_from_slice(st.key.raw());
        } else {
            self.carpr_key = [0; super::abi::CARP_KEY_LEN];
        }
    }
}

// ---- address requests ----

impl in_aliasreq {
    /// The SIOCAIFADDR request ifconfig builds for `req` on `name`: the mask
    /// only when one was given (else the kernel's classful default), the
    /// broadcast only when given (else derived), the vhid or 0.
    pub fn from_request(name: [u8; IFNAMSIZ], req: &AddressRequest) -> Option<in_aliasreq> {
        let IpAddr::V4(addr) = req.addr else { return None };
        Some(in_aliasreq {
            ifra_name: name,
            ifra_addr: sockaddr_in::new(addr),
            // ifra_broadaddr is also ifra_dstaddr: the kernel reads it as
            // the peer on a point-to-point interface.
            ifra_broadaddr: req
                .destination
                .and_then(|d| match d {
                    IpAddr::V4(v4) => Some(v4),
                    IpAddr::V6(_) => None,
                })
                .or(req.broadcast)
                .map(sockaddr_in::new)
                .unwrap_or_default(),
            ifra_mask: req.prefixlen.map(|p| sockaddr_in::new(mask_v4(p))).unwrap_or_default(),
            ifra_vhid: req.vhid.map_or(0, |v| i32::from(v.get())),
        })
    }
}

impl in6_aliasreq {
    /// The SIOCAIFADDR_IN6 request ifconfig builds for `req` on `name`: a
    /// prefix mask always (64 unless given), infinite lifetimes, the vhid.
    pub fn from_request(name: [u8; IFNAMSIZ], req: &AddressRequest) -> Option<in6_aliasreq> {
        let IpAddr::V6(addr) = req.addr else { return None };
        Some(in6_aliasreq {
            ifra_name: name,
            ifra_addr: sockaddr_in6::new(addr),
            ifra_dstaddr: match req.destination {
                Some(IpAddr::V6(d)) => sockaddr_in6::new(d),
                _ => sockaddr_in6::default(),
            },
            ifra_prefixmask: sockaddr_in6::new(mask_v6(req.effective_prefixlen())),
            ifra_flags: 0,
            ifra_lifetime: in6_addrlifetime {
                ia6t_vltime: ND6_INFINITE_LIFETIME,
                ia6t_pltime: ND6_INFINITE_LIFETIME,
                ..Default::default()
            },
            ifra_vhid: req.vhid.map_or(0, |v| i32::from(v.get())),
        })
    }
}

impl in6_ifreq {
    /// The SIOCDIFADDR_IN6 request for `addr` (`None` = all zeroes, which
    /// the kernel answers with EADDRNOTAVAIL: inet6 has no "first address").
    pub fn for_delete(name: [u8; IFNAMSIZ], addr: Option<Ipv6Addr>) -> in6_ifreq {
        in6_ifreq {
            ifr_name: name,
            ifr_addr: addr.map(sockaddr_in6::new).unwrap_or_default(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ifreq_union_members() {
        let mut r = ifreq::new("igb0").unwrap();
        assert_eq!(r.name(), "igb0");
        r.set_flags(0x0001_8943);
        assert_eq!(r.flags(), 0x0001_8943);
        // ifr_flags is a signed short: 0x8943 reads back through its bits.
        assert_eq!(i16::from_ne_bytes([r.ifr_ifru[0], r.ifr_ifru[1]]), 0x8943u16 as i16);
        assert_eq!(i16::from_ne_bytes([r.ifr_ifru[2], r.ifr_ifru[3]]), 1);
        r.set_mtu(1500);
        assert_eq!(r.mtu(), 1500);
        r.set_caps(0x7, 0x401bb);
        assert_eq!((r.reqcap(), r.curcap()), (0x7, 0x401bb));
        r.set_data(0xdead_beef_0000);
        assert_eq!(r.data(), 0xdead_beef_0000);
        let sa = sockaddr_in::new(Ipv4Addr::new(10, 0, 0, 112));
        r.set_addr_in(&sa);
        assert_eq!(r.addr_in(), sa);
        assert!(r.addr_in().is_inet());
        assert_eq!(&r.ifr_ifru[4..8], &[10, 0, 0, 112], "network byte order");
    }

    #[test]
    fn names_are_never_truncated() {
        assert!(ifreq::new("").is_none());
        assert!(ifreq::new("abcdefghijklmno").is_some(), "15 bytes + NUL fit");
        assert!(ifreq::new("abcdefghijklmnop").is_none(), "16 bytes do not");
        assert!(ifreq::new("a\0b").is_none());
    }

    #[test]
    fn carpreq_round_trip_keeps_raw_numbers() {
        let vhid = Vhid::new(112).unwrap();
        let set = CarpSet {
            advskew: 255,
            advbase: -3,
            key: Key::from_passphrase(b"qwerty"),
            ..CarpSet::zeroed(vhid)
        };
        let c = carpreq::from_set(&set);
        assert_eq!((c.carpr_count, c.carpr_vhid, c.carpr_advskew, c.carpr_advbase), (1, 112, 255, -3));
        assert_eq!(&c.carpr_key[..7], b"qwerty\0");
        let st = c.to_status().unwrap();
        assert_eq!((st.vhid, st.advskew, st.advbase, st.peer), (vhid, 255, -3, None));
        assert_eq!(st.key.reveal(), b"qwerty");
        let shown = format!("{c:?}");
        assert!(!shown.contains("qwerty") && shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn carpreq_decode_errors() {
        let bad_vhid = carpreq { carpr_vhid: 0, ..Default::default() };
        assert_eq!(bad_vhid.to_status().unwrap_err().what, "carpreq");
        let bad_state = carpreq { carpr_vhid: 1, carpr_state: 3, ..Default::default() };
        assert!(bad_state.to_status().unwrap_err().detail.contains("carpr_state 3"));
        let mut c = carpreq::get_request(1);
        let mut st = CarpStatus::new_vhid(Vhid::new(1).unwrap());
        st.key = Key::from_passphrase(b"k");
        c.fill_from_status(&st, false);
        assert!(c.to_status().unwrap().key.is_empty(), "no key for the unprivileged");
        c.fill_from_status(&st, true);
        assert_eq!(c.to_status().unwrap().key.reveal(), b"k");
    }

    #[test]
    fn alias_requests_as_ifconfig_builds_them() {
        let name = super::super::abi::ifname("igb0").unwrap();
        let r = AddressRequest::parse_inet("10.0.0.112/27").unwrap().with_vhid(Vhid::new(112).unwrap());
        let a = in_aliasreq::from_request(name, &r).unwrap();
        assert!(a.ifra_addr.is_inet());
        assert_eq!(a.ifra_mask.ip(), Ipv4Addr::new(255, 255, 255, 224));
        assert_eq!(a.ifra_broadaddr.sin_len, 0, "broadcast left to the kernel");
        assert_eq!(a.ifra_vhid, 112);
        let bare = in_aliasreq::from_request(name, &AddressRequest::parse_inet("10.1.2.3").unwrap()).unwrap();
        assert_eq!((bare.ifra_mask.sin_len, bare.ifra_vhid), (0, 0), "no mask given: none sent");
        assert!(in_aliasreq::from_request(name, &AddressRequest::parse_inet6("::1").unwrap()).is_none());

        let r6 = AddressRequest::parse_inet6("2001:db8::3").unwrap().with_vhid(Vhid::new(112).unwrap());
        let a6 = in6_aliasreq::from_request(name, &r6).unwrap();
        assert!(a6.ifra_addr.is_inet6() && a6.ifra_prefixmask.is_inet6());
        assert_eq!(contiguous_prefixlen(a6.ifra_prefixmask.ip().into()), Some(64));
        assert_eq!(a6.ifra_lifetime.ia6t_vltime, ND6_INFINITE_LIFETIME);
        assert_eq!(a6.ifra_vhid, 112);
        let d = in6_ifreq::for_delete(name, None);
        assert!(!d.ifr_addr.is_inet6());
    }

    #[test]
    fn masks() {
        assert_eq!(mask_v4(27), Ipv4Addr::new(255, 255, 255, 224));
        assert_eq!(mask_v4(0), Ipv4Addr::UNSPECIFIED);
        assert_eq!(mask_v6(64).segments(), [0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0]);
        assert_eq!(contiguous_prefixlen(Ipv4Addr::new(255, 0, 255, 0).into()), None);
        assert_eq!(prefixlen_of_mask(Ipv4Addr::new(255, 0, 255, 0).into()), 16);
        assert_eq!(contiguous_prefixlen(Ipv6Addr::UNSPECIFIED.into()), Some(0));
    }
}
