//! SIOCSIFMEDIA on the virtual host. ifconfig reads the media first
//! (SIOCGIFMEDIA): an interface without media refuses that (EINVAL). The
//! kernel's ifmedia_ioctl then takes only a word its driver listed
//! (ifmedia_match), else ENXIO. The lists: if_igb.c's copper media (index
//! file 2518532437: 10baseT/UTP and 100baseTX with and without
//! full-duplex, 1000baseT, autoselect; em(4) shares them), if_epair.c's
//! 10Gbase-T alone (index file 124749937), if_tuntap.c's autoselect alone
//! (index file 2815539). Other drivers' lists are not known: any word is
//! taken.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::sys::media_words;

/// igb(4)/em(4) copper media, as print_media writes the words.
const COPPER_1G: &[&str] = &[
    "10baseT/UTP",
    "10baseT/UTP <full-duplex>",
    "100baseTX",
    "100baseTX <full-duplex>",
    "1000baseT <full-duplex>",
    "1000baseT",
    "autoselect",
];

/// Driver, media it lists.
const DRIVER_MEDIA: &[(&str, &[&str])] =
    &[("igb", COPPER_1G), ("em", COPPER_1G), ("epair", &["10Gbase-T"]), ("tap", &["autoselect"])];

impl Host {
    /// `media WORD`: the current media word becomes WORD's.
    pub(super) fn set_media(&mut self, ifname: &str, word: &str) -> Result<()> {
        let Some(i) = self.iface(ifname) else { return Err(Error::NoSuchInterface(ifname.into())) };
        if i.media.is_none() {
            let what = if self.release.major >= 14 {
                format!("{ifname}: ifconfig_media_get_mediareq")
            } else {
                "SIOCGIFMEDIA".into()
            };
            return Err(Error::request(what, Errno::EINVAL));
        }
        // A word with its options as print_media writes it (`1000baseT
        // <full-duplex>`, what undo puts back) is taken as it is.
        let text = match word.split_once(" <") {
            Some((base, opts)) => media_words::ethernet_subtype(base).map(|b| format!("{b} <{opts}")),
            None => media_words::ethernet_subtype(word),
        };
        let Some(text) = text else {
            return Err(Error::request("SIOCSIFMEDIA (media)", Errno::ENXIO));
        };
        let driver = if i.settings.epair_peer.is_some() {
            "epair"
        } else {
            ifname.trim_end_matches(|c: char| c.is_ascii_digit())
        };
        if let Some((_, list)) = DRIVER_MEDIA.iter().find(|(d, _)| *d == driver) {
            if !list.contains(&text.as_str()) {
                return Err(Error::request("SIOCSIFMEDIA (media)", Errno::ENXIO));
            }
        }
        self.with_media(ifname, format!("Ethernet {text}"));
        Ok(())
    }

    fn with_media(&mut self, ifname: &str, text: String) {
        if let Some(i) = self.iface_mut(ifname) {
            i.media = Some(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Errno;
    use crate::model::Host;
    use crate::types::{CloneRequest, IfaceChange, Release};

    fn media(h: &mut Host, ifname: &str, w: &str) -> Option<Errno> {
        h.change(ifname, &IfaceChange::Media(w.into())).err().and_then(|e| e.errno())
    }

    #[test]
    fn drivers_take_the_media_they_list() {
        let mut h = Host::new(Release::V14_0);
        for name in ["epair0", "tap0", "bridge0"] {
            h.create_interface(&CloneRequest { name: name.into(), ..CloneRequest::default() }).unwrap();
        }
        assert_eq!(media(&mut h, "epair0a", "autoselect"), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "epair0a", "10Gbase-T"), None);
        let mut igb = Host::new(Release::V14_0);
        igb.interfaces.push(crate::types::Interface {
            name: "igb0".into(),
            media: Some("Ethernet autoselect".into()),
            ..Default::default()
        });
        assert_eq!(media(&mut igb, "igb0", "1000baseT-FDX"), None);
        assert_eq!(igb.iface("igb0").unwrap().media.as_deref(), Some("Ethernet 1000baseT <full-duplex>"));
        assert_eq!(media(&mut igb, "igb0", "1000baseT <full-duplex>"), None, "print_media's form, for undo");
        assert_eq!(media(&mut igb, "igb0", "10Gbase-T"), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "tap0", "1000baseT"), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "tap0", "auto"), None);
        assert_eq!(h.iface("tap0").unwrap().media.as_deref(), Some("Ethernet autoselect"));
        let e = h.change("bridge0", &IfaceChange::Media("autoselect".into())).unwrap_err();
        assert_eq!(e.to_string(), "bridge0: ifconfig_media_get_mediareq: Invalid argument");
    }
}
