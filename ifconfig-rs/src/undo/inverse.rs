//! The inverse of an interface change, computed from the interface as it
//! is before the change.

use libcarpctl::sys::media_text::parse_media_line;
use libcarpctl::{IfaceChange, Interface, MediaEdit, MediaStep};

/// The inverse of `change` on the interface as it is now: `Ok(None)` when
/// the change changes nothing, `Err(())` when no inverse is known.
pub fn inverse(change: &IfaceChange, now: &Interface) -> Result<Option<IfaceChange>, ()> {
    let settings = &now.settings;
    Ok(match change {
        IfaceChange::Flags { flags, set } => {
            let moved = if *set { flags.difference(now.flags) } else { flags.intersection(now.flags) };
            (!moved.is_empty()).then_some(IfaceChange::Flags { flags: moved, set: !set })
        }
        IfaceChange::Capabilities { caps, set: true } => {
            let moved = caps.difference(now.options.unwrap_or_default());
            (!moved.is_empty()).then_some(IfaceChange::Capabilities { caps: moved, set: false })
        }
        // A driver may drop more than was asked (mlx5en: `-txcsum` also
        // drops TSO4): the whole word that was on comes back.
        IfaceChange::Capabilities { caps, set: false } => {
            let had = now.options.unwrap_or_default();
            (caps.intersects(had)).then_some(IfaceChange::Capabilities { caps: had, set: true })
        }
        IfaceChange::CapabilityNv(list) => super::capnv::inverse(list, now),
        IfaceChange::Nd6 { flags, set } => {
            let had = now.nd6.unwrap_or_default();
            let moved = if *set { flags.difference(had) } else { flags.intersection(had) };
            (!moved.is_empty()).then_some(IfaceChange::Nd6 { flags: moved, set: !set })
        }
        IfaceChange::Description(_) => {
            Some(IfaceChange::Description(settings.description.clone().unwrap_or_default()))
        }
        IfaceChange::Group(g, add) => {
            (settings.groups.contains(g) != *add).then(|| IfaceChange::Group(g.clone(), !add))
        }
        IfaceChange::Fib(_) => Some(IfaceChange::Fib(settings.fib)),
        IfaceChange::TunnelFib(_) => Some(IfaceChange::TunnelFib(settings.tunnelfib)),
        IfaceChange::Lladdr(_) => Some(IfaceChange::Lladdr(now.ether.ok_or(())?)),
        // The whole current word back (subtype, options, instance), read
        // from the media text ("Ethernet autoselect (1000baseT <full-duplex>)").
        IfaceChange::Media(_) => {
            let (current, _) = parse_media_line(now.media.as_deref().ok_or(())?).ok_or(())?;
            Some(IfaceChange::Media(MediaEdit::one(MediaStep::Word(current))))
        }
        // Back the other way (its addresses and groups stay lost: if_vmove
        // purged them).
        IfaceChange::Vnet(jail) => Some(IfaceChange::Reclaim(jail.clone())),
        IfaceChange::Reclaim(jail) => Some(IfaceChange::Vnet(jail.clone())),
        IfaceChange::Tunnel(..) | IfaceChange::DeleteTunnel => Some(match &settings.tunnel {
            Some(t) => IfaceChange::Tunnel(t.src, t.dst),
            None => IfaceChange::DeleteTunnel,
        }),
        IfaceChange::BridgeMember(m, add) => {
            let has = settings.bridge.as_ref().is_some_and(|b| b.members.iter().any(|x| x.name == *m));
            (has != *add).then(|| IfaceChange::BridgeMember(m.clone(), !add))
        }
        IfaceChange::BridgeMemberFlag { member, flag, set } => {
            let bridge = settings.bridge.as_ref().ok_or(())?;
            let had = bridge.members.iter().find(|x| x.name == *member).ok_or(())?.flags & flag;
            let moved = if *set { flag & !had } else { had };
            (moved != 0).then_some(IfaceChange::BridgeMemberFlag {
                member: member.clone(),
                flag: moved,
                set: !set,
            })
        }
        IfaceChange::BridgeParam(which, _) => Some(IfaceChange::BridgeParam(
            which,
            super::bridge::param_now(which, settings.bridge.as_ref().ok_or(())?)?,
        )),
        IfaceChange::BridgeCache(c) => super::bridge::cache_inverse(c, settings.bridge.as_ref().ok_or(())?)?,
        IfaceChange::BridgeVlan(c) => super::bridge::vlan_inverse(c, settings.bridge.as_ref().ok_or(())?)?,
        IfaceChange::BridgeStp(c) => {
            Some(super::bridge::stp_inverse(c, settings.bridge.as_ref().ok_or(())?)?)
        }
        IfaceChange::LaggPort(p, add) => {
            let has = settings.lagg.as_ref().is_some_and(|l| l.ports.contains(p));
            (has != *add).then(|| IfaceChange::LaggPort(p.clone(), !add))
        }
        IfaceChange::LaggProto(_) => {
            Some(IfaceChange::LaggProto(settings.lagg.as_ref().ok_or(())?.proto.clone()))
        }
        IfaceChange::LaggHash(_)
        | IfaceChange::LaggOption { .. }
        | IfaceChange::LaggFlowidShift(_)
        | IfaceChange::LaggRrLimit(_) => lagg_inverse(change, settings.lagg.as_ref().ok_or(())?),
        IfaceChange::GifOption { bits, set } => {
            let had = settings.gif.ok_or(())?.options & bits;
            let moved = if *set { bits & !had } else { had };
            (moved != 0).then_some(IfaceChange::GifOption { bits: moved, set: !set })
        }
        IfaceChange::GreOption { bits, set } => {
            let had = settings.gre.ok_or(())?.options & bits;
            let moved = if *set { bits & !had } else { had };
            (moved != 0).then_some(IfaceChange::GreOption { bits: moved, set: !set })
        }
        IfaceChange::GreKey(_) => Some(IfaceChange::GreKey(settings.gre.ok_or(())?.key)),
        IfaceChange::GrePort(_) => Some(IfaceChange::GrePort(settings.gre.ok_or(())?.udpport)),
        // On something else than a vxlan the words change nothing.
        IfaceChange::Vxlan(v) => match &settings.vxlan {
            None => None,
            Some(c) => Some(IfaceChange::Vxlan(v.undo_on(c).ok_or(())?)),
        }
        .filter(|_| !matches!(v, libcarpctl::VxlanChange::Flush(_))),
        // On something else than a geneve the attributes change nothing.
        IfaceChange::Geneve(g) => match &settings.geneve {
            None => None,
            Some(c) => Some(IfaceChange::Geneve(g.undo_on(c).ok_or(())?)),
        }
        .filter(|_| !matches!(g, libcarpctl::GeneveChange::Flush(_))),
        IfaceChange::Pfsync(p) => Some(IfaceChange::Pfsync(p.undo_on(settings.pfsync.as_ref().ok_or(())?))),
        IfaceChange::VlanPcp(_) => Some(IfaceChange::VlanPcp(settings.vlan.as_ref().ok_or(())?.pcp)),
        // Only this interface's part: another interface that was the
        // default before `defaultif` does not get it back.
        IfaceChange::Nd6DefaultIf(_) => Some(IfaceChange::Nd6DefaultIf(settings.nd6_defaultif)),
        // On a vlan SIOCSLANPCP is its vlanpcp.
        IfaceChange::LanPcp(_) => Some(match &settings.vlan {
            Some(v) => IfaceChange::LanPcp(Some(v.pcp)),
            None => IfaceChange::LanPcp(settings.pcp),
        }),
        IfaceChange::Driver(d) => Some(IfaceChange::Driver(driver_inverse(d, settings)?)),
        // Not known: a rename (it moves the interface under the journal's
        // feet), a vlan attachment.
        _ => return Err(()),
    })
}

/// The lagg option change that puts back what `l` has.
fn lagg_inverse(change: &IfaceChange, l: &libcarpctl::LaggConfig) -> Option<IfaceChange> {
    match change {
        IfaceChange::LaggHash(_) => Some(IfaceChange::LaggHash(l.hash)),
        IfaceChange::LaggOption { opt, set } => {
            let had = l.opts & opt;
            let moved = if *set { opt & !had } else { had };
            (moved != 0).then_some(IfaceChange::LaggOption { opt: moved, set: !set })
        }
        IfaceChange::LaggFlowidShift(_) => Some(IfaceChange::LaggFlowidShift(l.flowid_shift)),
        _ => Some(IfaceChange::LaggRrLimit(l.rr_limit)),
    }
}

/// The ipsec / stf change that puts back what `settings` has. A reqid or
/// 6rd prefix that was never set cannot be asked for again (0 makes the
/// kernel choose; a length of 0 is refused).
fn driver_inverse(
    d: &libcarpctl::DriverChange,
    settings: &libcarpctl::IfaceSettings,
) -> Result<libcarpctl::DriverChange, ()> {
    use libcarpctl::DriverChange;
    Ok(match d {
        DriverChange::IpsecReqid(_) => {
            DriverChange::IpsecReqid(settings.ipsec.map(|c| c.reqid).filter(|r| *r != 0).ok_or(())?)
        }
        DriverChange::StfV4Net(..) => {
            let c = settings.stf.filter(|c| c.v4prefixlen != 0).ok_or(())?;
            DriverChange::StfV4Net(c.v4net, c.v4prefixlen)
        }
        DriverChange::StfBorderRelay(_) => DriverChange::StfBorderRelay(settings.stf.ok_or(())?.braddr),
    })
}
