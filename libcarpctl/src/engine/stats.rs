//! Host-wide counters, named after FreeBSD's `struct carpstats`
//! (`netstat -s -p carp`, `net.inet.carp.stats`).

/// The statistics of one engine (the whole host), one field per
/// `carps_*` counter of `struct carpstats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// `carps_ipackets`: IPv4 packets received.
    pub ipackets: u64,
    /// `carps_ipackets6`: IPv6 packets received.
    pub ipackets6: u64,
    /// `carps_badif`: received on an interface without any vhid (IPv6).
    pub badif: u64,
    /// `carps_badttl`: TTL / hop limit not 255.
    pub badttl: u64,
    /// `carps_hdrops`: shorter than the IP header (never counted here: the
    /// daemon strips the IP header).
    pub hdrops: u64,
    /// `carps_badsum`: bad checksum.
    pub badsum: u64,
    /// `carps_badver`: bad version (or a VRRP/CARP mismatch with the vhid).
    pub badver: u64,
    /// `carps_badlen`: too short.
    pub badlen: u64,
    /// `carps_badauth`: bad HMAC.
    pub badauth: u64,
    /// `carps_badvhid`: no such vhid with an address of that family here.
    pub badvhid: u64,
    /// `carps_badaddrs`: bad address list (unused, as in FreeBSD).
    pub badaddrs: u64,
    /// `carps_opackets`: IPv4 advertisements sent.
    pub opackets: u64,
    /// `carps_opackets6`: IPv6 advertisements sent.
    pub opackets6: u64,
    /// `carps_onomem`: send-side memory failures (never counted here).
    pub onomem: u64,
    /// `carps_ostates`: state updates sent (unused, as in FreeBSD).
    pub ostates: u64,
    /// `carps_preempt`: transitions to MASTER by preemption (unused, as in FreeBSD).
    pub preempt: u64,
}

impl Stats {
    /// Every counter with its `struct carpstats` name, in the struct's order.
    pub fn entries(&self) -> [(&'static str, u64); 16] {
        [
            ("carps_ipackets", self.ipackets),
            ("carps_ipackets6", self.ipackets6),
            ("carps_badif", self.badif),
            ("carps_badttl", self.badttl),
            ("carps_hdrops", self.hdrops),
            ("carps_badsum", self.badsum),
            ("carps_badver", self.badver),
            ("carps_badlen", self.badlen),
            ("carps_badauth", self.badauth),
            ("carps_badvhid", self.badvhid),
            ("carps_badaddrs", self.badaddrs),
            ("carps_opackets", self.opackets),
            ("carps_opackets6", self.opackets6),
            ("carps_onomem", self.onomem),
            ("carps_ostates", self.ostates),
            ("carps_preempt", self.preempt),
        ]
    }
}

/// A small deterministic generator (SplitMix64) for the advertisement
/// counter: FreeBSD draws `arc4random()` pairs while unsynchronised. The
/// counter is not a secret (it is sent in clear); the daemon seeds it from
/// the OS, tests from a constant.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_carpstats() {
        let s = Stats { badauth: 3, opackets6: 2, ..Stats::default() };
        let e = s.entries();
        assert_eq!(e[8], ("carps_badauth", 3));
        assert_eq!(e[12], ("carps_opackets6", 2));
        assert!(e.iter().all(|(n, _)| n.starts_with("carps_")));
    }

    #[test]
    fn rng_is_deterministic_and_spread() {
        let mut a = Rng::new(1);
        let mut b = Rng::new(1);
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        assert_eq!(xs, (0..4).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert!(xs.windows(2).all(|w| w[0] != w[1]));
        assert_ne!(Rng::new(2).next_u64(), xs[0]);
    }
}
