//! The inverse of a SIOCSIFCAPNV list: each name the list changes, back
//! to the value it had (the kernel's nvlist names, net/if_strings.h).

use libcarpctl::{IfaceChange, Interface, Release};

/// `list` undone on `now` (the interface before the change): `None` when
/// nothing would change or the interface has no nv capabilities (the
/// change then only warns or fails).
pub fn inverse(list: &[(String, bool)], now: &Interface) -> Option<IfaceChange> {
    let nv = now.settings.capability_words?;
    let words = [now.options.map_or(0, |o| o.bits()), nv.enabled2];
    let was = |name: &str| {
        Release::default()
            .nv_cap_names()
            .find(|n| n.name == name)
            .map(|n| words[usize::from(n.word)] & n.bit != 0)
    };
    let back: Vec<(String, bool)> = list
        .iter()
        .filter_map(|(name, on)| was(name).filter(|w| w != on).map(|w| (name.clone(), w)))
        .collect();
    (!back.is_empty()).then_some(IfaceChange::CapabilityNv(back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcarpctl::CapabilityWords;

    #[test]
    fn rxtls_off_comes_back_on() {
        let mut i = Interface { name: "mce0".into(), ..Default::default() };
        i.settings.capability_words =
            Some(CapabilityWords { supported: 1 << 17, supported2: 3, enabled2: 1 });
        let list = vec![("RXTLS4".to_string(), false), ("RXTLS6".to_string(), false)];
        assert_eq!(inverse(&list, &i), Some(IfaceChange::CapabilityNv(vec![("RXTLS4".into(), true)])));
        i.settings.capability_words = None;
        assert_eq!(inverse(&list, &i), None);
    }
}
