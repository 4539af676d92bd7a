//! The events between two readings of a host's vhids (pure).

use std::time::SystemTime;

use super::CarpEvent;
use crate::types::{CarpState, Interface, Vhid};

/// Every vhid's state, in listing order (interfaces, then creation order).
pub(crate) type States = Vec<(String, Vhid, CarpState)>;

/// The states of `interfaces`.
pub(crate) fn states_of(interfaces: &[Interface]) -> States {
    interfaces.iter().flat_map(|i| i.carp.iter().map(|c| (i.name.clone(), c.vhid, c.state))).collect()
}

/// One event per vhid that appeared, changed state or disappeared between
/// `old` and `new`: changes and appearances in `new`'s order, then
/// disappearances in `old`'s.
pub(crate) fn changes(old: &States, new: &States, at: SystemTime) -> Vec<CarpEvent> {
    let find = |list: &States, name: &str, vhid: Vhid| {
        list.iter().find(|(n, v, _)| n == name && *v == vhid).map(|(_, _, s)| *s)
    };
    let event =
        |interface: &str, vhid, from, to| CarpEvent { interface: interface.to_string(), vhid, from, to, at };
    let mut out = Vec::new();
    for (name, vhid, state) in new {
        let before = find(old, name, *vhid);
        if before != Some(*state) {
            out.push(event(name, *vhid, before, Some(*state)));
        }
    }
    for (name, vhid, state) in old {
        if find(new, name, *vhid).is_none() {
            out.push(event(name, *vhid, Some(*state), None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(list: &[(&str, u8, CarpState)]) -> States {
        list.iter().map(|(n, v, s)| (n.to_string(), Vhid::new((*v).into()).unwrap(), *s)).collect()
    }

    #[test]
    fn appear_change_disappear() {
        use CarpState::*;
        let old = st(&[("igb0", 1, Backup), ("igb0", 2, Master), ("em0", 1, Init)]);
        let new = st(&[("igb0", 1, Master), ("igb0", 2, Master), ("igb0", 3, Init)]);
        let got: Vec<String> =
            changes(&old, &new, SystemTime::UNIX_EPOCH).iter().map(ToString::to_string).collect();
        assert_eq!(got, ["igb0 vhid 1: BACKUP -> MASTER", "igb0 vhid 3: - -> INIT", "em0 vhid 1: INIT -> -"]);
        assert!(changes(&new, &new, SystemTime::UNIX_EPOCH).is_empty());
    }
}
