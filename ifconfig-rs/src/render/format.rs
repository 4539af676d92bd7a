//! `-f type:format` (and IFCONFIG_FORMAT): how addresses are shown.

/// How inet netmasks are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InetFormat {
    /// `netmask 0xffffff00` (the default on every release).
    #[default]
    Hex,
    /// `netmask 255.255.255.0`.
    Dotted,
    /// `inet 192.0.2.1/24`.
    Cidr,
}

/// How inet6 prefixes are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Inet6Format {
    /// `prefixlen 64` (the default).
    #[default]
    Prefixlen,
    /// `inet6 2001:db8::1/64`.
    Cidr,
}

/// How link-layer addresses are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EtherFormat {
    /// `00:25:90:03:0e:fa` (the default).
    #[default]
    Colon,
    /// `00-25-90-03-0e-fa`.
    Dash,
    /// `0025.9003.0efa`.
    Dotted,
}

/// The formats in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Formats {
    /// inet.
    pub inet: InetFormat,
    /// inet6.
    pub inet6: Inet6Format,
    /// ether.
    pub ether: EtherFormat,
}

impl Formats {
    /// Apply a `-f` argument: comma-separated `type:format` pairs. Unknown
    /// types and formats are ignored, as FreeBSD's ifconfig does.
    pub fn apply(&mut self, spec: &str) {
        for part in spec.split(',') {
            let Some((kind, fmt)) = part.split_once(':') else { continue };
            match (kind, fmt) {
                ("inet", "cidr") => self.inet = InetFormat::Cidr,
                ("inet", "dotted") => self.inet = InetFormat::Dotted,
                ("inet", "hex") => self.inet = InetFormat::Hex,
                ("inet6", "cidr") => self.inet6 = Inet6Format::Cidr,
                ("inet6", "numeric") | ("inet6", "prefixlen") => self.inet6 = Inet6Format::Prefixlen,
                ("ether", "colon") => self.ether = EtherFormat::Colon,
                ("ether", "dash") => self.ether = EtherFormat::Dash,
                ("ether", "dotted") => self.ether = EtherFormat::Dotted,
                _ => {}
            }
        }
    }
}

/// A MAC address in the chosen format.
#[cfg(test)]
pub fn ether(mac: &[u8; 6], fmt: EtherFormat) -> String {
    let mut s = String::new();
    write_ether(&mut s, mac, fmt);
    s
}

/// A MAC address in the chosen format, written to `out`.
pub fn write_ether(out: &mut String, mac: &[u8; 6], fmt: EtherFormat) {
    match fmt {
        EtherFormat::Colon => super::text::mac(out, mac, ':'),
        EtherFormat::Dash => super::text::mac(out, mac, '-'),
        EtherFormat::Dotted => {
            for (n, pair) in mac.chunks(2).enumerate() {
                if n > 0 {
                    out.push('.');
                }
                super::text::hex(out, u32::from(pair[0]) << 8 | u32::from(pair[1]), 4);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_pairs() {
        let mut f = Formats::default();
        f.apply("inet:cidr,inet6:cidr,bogus:x,ether:dash");
        assert_eq!(f.inet, InetFormat::Cidr);
        assert_eq!(f.inet6, Inet6Format::Cidr);
        assert_eq!(ether(&[0, 0x25, 0x90, 3, 0xe, 0xfa], f.ether), "00-25-90-03-0e-fa");
        assert_eq!(ether(&[0, 0x25, 0x90, 3, 0xe, 0xfa], EtherFormat::Dotted), "0025.9003.0efa");
    }
}
