//! The media of the virtual host's drivers and SIOCSIFMEDIA on them.
//!
//! ifconfig reads the media first (SIOCGIFMEDIA): an interface without
//! media refuses that (EINVAL). The kernel's `ifmedia_ioctl` then takes
//! only a word its driver listed, all bits compared (`ifmedia_match` with
//! the drivers' mask 0), else ENXIO. A list is a set of whole words
//! (subtype, options, instance); the kernel hands it out newest first
//! (`ifmedia_add` inserts at the head), which is the order `ifconfig -m`
//! prints. The lists, in `ifmedia_add` order:
//! * igb(4)/em(4) copper (sys/dev/e1000, index file 2518532437):
//!   10baseT/UTP and 100baseTX without and with full-duplex, 1000baseT
//!   full-duplex, 1000baseT, autoselect;
//! * epair(4): 10Gbase-T (if_epair.c, index file 124749937);
//! * tap(4): autoselect (if_tuntap.c, index file 2815539);
//! * lagg(4): autoselect (if_lagg.c; its change callback ignores it);
//! * vxlan(4): autoselect, reported active as autoselect full-duplex
//!   (if_vxlan.c vxlan_clone_create / vxlan_media_status, index file
//!   991690376; that callback also always reports a carrier, which the
//!   model's status, the link state, does not follow);
//! * vlan(4): its parent's current word alone, and SIOCSIFMEDIA is EINVAL
//!   (if_vlan.c).
//!
//! Any other interface with media (a host file's `vmx0`, say) is of a
//! driver whose list the model does not know: it lists its current word
//! and takes any Ethernet word print_media can name.

use super::Host;
use crate::error::{Errno, Error, Result};
use crate::sys::media::{ifm_subtype, ifm_type, IFM_AUTO, IFM_ETHER};
use crate::sys::media_text::{media_line, parse_media_line, supported_line};
use crate::sys::media_words::{edit, IFM_FDX, IFM_HDX};
use crate::types::{media_read_request, Interface, MediaEdit};

const E: u32 = IFM_ETHER;
const IFM_10_T: u32 = 3;
const IFM_100_TX: u32 = 6;
const IFM_1000_T: u32 = 16;
const IFM_10G_T: u32 = 26;

/// How a driver's media-status callback reports the active word.
#[derive(Clone, Copy)]
enum Active {
    /// e1000's: with a carrier the link's speed and duplex (autoselect and
    /// 1000baseT negotiate 1000baseT full-duplex with the model's gigabit
    /// partner; 10/100 are forced, full-duplex only with the option);
    /// without one, the type alone.
    Copper,
    /// Always this word.
    Fixed(u32),
}

/// One driver's media.
struct DriverMedia {
    /// The driver (interface name without its unit).
    driver: &'static str,
    /// Its words in `ifmedia_add` order.
    added: &'static [u32],
    /// Its status callback.
    active: Active,
}

const COPPER_1G: &[u32] = &[
    E | IFM_10_T,
    E | IFM_10_T | IFM_FDX,
    E | IFM_100_TX,
    E | IFM_100_TX | IFM_FDX,
    E | IFM_1000_T | IFM_FDX,
    E | IFM_1000_T,
    E | IFM_AUTO,
];

const DRIVERS: &[DriverMedia] = &[
    DriverMedia { driver: "igb", added: COPPER_1G, active: Active::Copper },
    DriverMedia { driver: "em", added: COPPER_1G, active: Active::Copper },
    DriverMedia { driver: "epair", added: &[E | IFM_10G_T], active: Active::Fixed(E | IFM_10G_T | IFM_FDX) },
    DriverMedia { driver: "tap", added: &[E | IFM_AUTO], active: Active::Fixed(E | IFM_AUTO) },
    DriverMedia { driver: "lagg", added: &[E | IFM_AUTO], active: Active::Fixed(E | IFM_AUTO) },
    DriverMedia { driver: "vxlan", added: &[E | IFM_AUTO], active: Active::Fixed(E | IFM_FDX) },
];

/// What SIOCGIFMEDIA answers for an interface.
pub(crate) struct MediaState {
    /// `ifm_current`.
    pub current: u32,
    /// `ifm_active` (read by the ioctl peer).
    #[cfg_attr(not(any(test, feature = "test-peers")), allow(dead_code))]
    pub active: u32,
    /// `ifm_ulist`, in the kernel's order.
    pub list: Vec<u32>,
}

/// The driver whose media `iface` has, if the model knows its list.
fn driver_media(iface: &Interface) -> Option<&'static DriverMedia> {
    let driver = if iface.settings.epair_peer.is_some() {
        "epair"
    } else {
        let n = iface.settings.drivername.as_deref().unwrap_or(&iface.name);
        n.trim_end_matches(|c: char| c.is_ascii_digit())
    };
    DRIVERS.iter().find(|d| d.driver == driver)
}

/// The interface's media words, or `None` without media (or with media
/// text the model cannot read as Ethernet words).
pub(crate) fn media_state(iface: &Interface) -> Option<MediaState> {
    let (current, active) = parse_media_line(iface.media.as_deref()?)?;
    let list = match driver_media(iface) {
        Some(d) if iface.settings.vlan.is_none() => d.added.iter().rev().copied().collect(),
        _ => vec![current],
    };
    Some(MediaState { current, active, list })
}

/// `ifconfig -m`'s lines for the interface.
pub(crate) fn supported_lines(iface: &Interface) -> Vec<String> {
    media_state(iface).map(|m| m.list.into_iter().filter_map(supported_line).collect()).unwrap_or_default()
}

impl Active {
    fn word(self, current: u32, carrier: bool) -> u32 {
        match self {
            Active::Fixed(w) => w,
            Active::Copper if !carrier => E,
            Active::Copper => match ifm_subtype(current) {
                IFM_AUTO | IFM_1000_T => E | IFM_1000_T | IFM_FDX,
                s => E | s | if current & IFM_FDX != 0 { IFM_FDX } else { IFM_HDX },
            },
        }
    }
}

impl Host {
    /// The media words of one line (`media`, `mediaopt`, `mode`, `inst`)
    /// applied to the current word, as one SIOCSIFMEDIA.
    pub(super) fn set_media(&mut self, ifname: &str, change: &MediaEdit) -> Result<()> {
        let Some(i) = self.iface(ifname) else { return Err(Error::NoSuchInterface(ifname.into())) };
        let Some(state) = media_state(i) else {
            return Err(Error::request(media_read_request(ifname, self.release), Errno::EINVAL));
        };
        let refused = |e| Err(Error::request("SIOCSIFMEDIA (media)", e));
        if i.settings.vlan.is_some() {
            return refused(Errno::EINVAL);
        }
        let word = edit(state.current, ifm_type(state.list[0]), &change.steps);
        let carrier = i.status_text() == Some("active");
        let active = match driver_media(i) {
            Some(d) if d.added.contains(&word) => d.active.word(word, carrier),
            Some(_) => return refused(Errno::ENXIO),
            // A driver the model has no list for: any word it can name.
            None if ifm_type(word) == E
                && media_line(word, word).is_some_and(|l| !l.contains("<unknown")) =>
            {
                word
            }
            None => return refused(Errno::ENXIO),
        };
        let text = media_line(word, active).ok_or(Error::request("SIOCSIFMEDIA (media)", Errno::ENXIO))?;
        if let Some(i) = self.iface_mut(ifname) {
            i.media = Some(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Errno;
    use crate::model::Host;
    use crate::types::{CloneRequest, IfaceChange, MediaEdit, MediaStep, Release};

    fn steps(words: &[&str]) -> MediaEdit {
        let mut e = MediaEdit::default();
        for pair in words.chunks(2) {
            e.steps.push(match pair[0] {
                "media" => MediaStep::Subtype(pair[1].into()),
                "mediaopt" => MediaStep::Options { list: pair[1].into(), clear: false },
                "-mediaopt" => MediaStep::Options { list: pair[1].into(), clear: true },
                "mode" => MediaStep::Mode(pair[1].into()),
                _ => MediaStep::Instance(pair[1].parse().unwrap()),
            });
        }
        e
    }

    fn media(h: &mut Host, ifname: &str, words: &[&str]) -> Option<Errno> {
        h.change(ifname, &IfaceChange::Media(steps(words))).err().and_then(|e| e.errno())
    }

    fn igb_host() -> Host {
        let mut igb = Host::new(Release::V14_0);
        igb.interfaces.push(crate::types::Interface {
            name: "igb0".into(),
            media: Some("Ethernet autoselect (1000baseT <full-duplex>)".into()),
            status: Some("active".into()),
            ..Default::default()
        });
        igb
    }

    fn text(h: &Host, ifname: &str) -> String {
        h.iface(ifname).unwrap().media.clone().unwrap()
    }

    #[test]
    fn copper_takes_whole_listed_words() {
        let mut h = igb_host();
        assert_eq!(media(&mut h, "igb0", &["media", "100baseTX", "mediaopt", "fdx"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet 100baseTX <full-duplex>");
        // Forced 100 without the option runs half-duplex.
        assert_eq!(media(&mut h, "igb0", &["-mediaopt", "full-duplex"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet 100baseTX (100baseTX <half-duplex>)");
        assert_eq!(media(&mut h, "igb0", &["mediaopt", "full-duplex"]), None);
        assert_eq!(media(&mut h, "igb0", &["mediaopt", "half-duplex"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet 100baseTX (100baseTX <half-duplex>)");
        assert_eq!(media(&mut h, "igb0", &["media", "1000baseT-FDX"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet 1000baseT <full-duplex>");
        assert_eq!(media(&mut h, "igb0", &["media", "auto"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet autoselect (1000baseT <full-duplex>)");
        // Not listed: an option autoselect does not have, flow control,
        // an instance, any mode; nothing changes.
        for words in [
            &["mediaopt", "full-duplex"][..],
            &["media", "100baseTX", "mediaopt", "flowcontrol"],
            &["inst", "1"],
            &["mode", "11g"],
            &["media", "10Gbase-T"],
        ] {
            assert_eq!(media(&mut h, "igb0", words), Some(Errno::ENXIO), "{words:?}");
            assert_eq!(text(&h, "igb0"), "Ethernet autoselect (1000baseT <full-duplex>)");
        }
        // `inst 0` is the word as it is.
        assert_eq!(media(&mut h, "igb0", &["inst", "0"]), None);
    }

    #[test]
    fn no_carrier_shows_the_type_alone() {
        let mut h = igb_host();
        h.interfaces[0].status = Some("no carrier".into());
        assert_eq!(media(&mut h, "igb0", &["media", "1000baseT"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet 1000baseT (autoselect)");
        assert_eq!(media(&mut h, "igb0", &["media", "autoselect"]), None);
        assert_eq!(text(&h, "igb0"), "Ethernet autoselect");
    }

    #[test]
    fn lists_newest_first() {
        let h = igb_host();
        assert_eq!(
            super::supported_lines(h.iface("igb0").unwrap()),
            [
                "media autoselect",
                "media 1000baseT",
                "media 1000baseT mediaopt full-duplex",
                "media 100baseTX mediaopt full-duplex",
                "media 100baseTX",
                "media 10baseT/UTP mediaopt full-duplex",
                "media 10baseT/UTP",
            ]
        );
    }

    #[test]
    fn clones_take_the_media_they_list() {
        let mut h = Host::new(Release::V14_0);
        for name in ["epair0", "tap0", "bridge0", "lagg0"] {
            h.create_interface(&CloneRequest { name: name.into(), ..CloneRequest::default() }).unwrap();
        }
        assert_eq!(media(&mut h, "epair0a", &["media", "autoselect"]), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "epair0a", &["mediaopt", "full-duplex"]), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "epair0a", &["media", "10Gbase-T"]), None);
        assert_eq!(text(&h, "epair0a"), "Ethernet 10Gbase-T (10Gbase-T <full-duplex>)");
        assert_eq!(super::supported_lines(h.iface("epair0b").unwrap()), ["media 10Gbase-T"]);
        assert_eq!(media(&mut h, "tap0", &["media", "1000baseT"]), Some(Errno::ENXIO));
        assert_eq!(media(&mut h, "tap0", &["media", "auto"]), None);
        assert_eq!(text(&h, "tap0"), "Ethernet autoselect");
        assert_eq!(media(&mut h, "lagg0", &["media", "autoselect"]), None);
        assert_eq!(media(&mut h, "lagg0", &["mediaopt", "fdx"]), Some(Errno::ENXIO));
        h.create_interface(&CloneRequest { name: "vxlan0".into(), ..CloneRequest::default() }).unwrap();
        assert_eq!(text(&h, "vxlan0"), "Ethernet autoselect (autoselect <full-duplex>)");
        assert_eq!(media(&mut h, "vxlan0", &["media", "autoselect"]), None);
        assert_eq!(text(&h, "vxlan0"), "Ethernet autoselect (autoselect <full-duplex>)");
        assert_eq!(media(&mut h, "vxlan0", &["media", "1000baseT"]), Some(Errno::ENXIO));
        let e = h.change("bridge0", &IfaceChange::Media(steps(&["media", "autoselect"]))).unwrap_err();
        assert_eq!(e.to_string(), "bridge0: ifconfig_media_get_mediareq: Invalid argument");
        assert!(super::supported_lines(h.iface("bridge0").unwrap()).is_empty());
    }

    #[test]
    fn vlan_lists_its_parents_word_and_refuses_a_change() {
        let mut h = igb_host();
        h.interfaces[0].index = 1;
        let req = CloneRequest { name: "vlan5".into(), ..CloneRequest::default() };
        h.create_interface(&req).unwrap();
        h.change("vlan5", &IfaceChange::Vlan { tag: Some(5), parent: Some("igb0".into()), proto: None })
            .unwrap();
        assert_eq!(super::supported_lines(h.iface("vlan5").unwrap()), ["media autoselect"]);
        let e = h.change("vlan5", &IfaceChange::Media(steps(&["media", "autoselect"]))).unwrap_err();
        assert_eq!(e.to_string(), "SIOCSIFMEDIA (media): Invalid argument");
    }

    #[test]
    fn unknown_drivers_take_any_ethernet_word() {
        let mut h = igb_host();
        h.interfaces[0].name = "vmx0".into();
        assert_eq!(media(&mut h, "vmx0", &["media", "10Gbase-T", "mediaopt", "fdx"]), None);
        assert_eq!(text(&h, "vmx0"), "Ethernet 10Gbase-T <full-duplex>");
        assert_eq!(
            super::supported_lines(h.iface("vmx0").unwrap()),
            ["media 10Gbase-T mediaopt full-duplex"]
        );
        assert_eq!(media(&mut h, "vmx0", &["mode", "11g"]), Some(Errno::ENXIO));
    }
}
