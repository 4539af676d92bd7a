//! The words after the interface name: FreeBSD's table-driven grammar.
//!
//! Each keyword is a table row (name, arity, handler), as `DEF_CMD` /
//! `DEF_CMD_ARG` in FreeBSD's ifconfig. Handlers only record and validate
//! into [`Parser`]; [`parse`] then turns it into a [`Plan`]. Nothing touches
//! the kernel here, so a bad line changes nothing.

mod basic;
mod bridge;
mod caps;
mod carp;
mod clone;
mod drivers;
mod families;
pub mod family;
mod geneve;
mod iface;
mod inet6;
mod wlan;

use std::net::{IpAddr, Ipv4Addr};

use libcarpctl::{AddressRequest, AddressSelector, CarpConfig, CarpFields, Family, IfFlags, Release, Vhid};

use crate::error::CliError;
use crate::plan::{LinkAction, Plan};
use crate::render::dialect::Since;
use crate::render::Dialect;

/// How many words a keyword takes after itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// None (`up`, `alias`, `mcast`).
    None,
    /// One (`vhid 112`).
    One,
    /// Two (`tunnel SRC DST`), passed as "SRC DST"... see [`Parser::second`].
    Two,
    /// An optional one (`-vlandev [IF]`): taken when there is a next word.
    Opt,
    /// As many as the handler takes (`DEF_CMD_VARG`: 15's `addm IF
    /// [untagged N] [tagged SET]`): it reads [`Parser::rest`] and says
    /// how many it used in [`Parser::taken`].
    Var,
}

/// A keyword handler: records what the word asks for, or fails with
/// FreeBSD's message.
pub type Handler = fn(&mut Parser, Option<&str>) -> Result<(), CliError>;

/// A handler's argument (always present for `Arity::One`).
fn arg(a: Option<&str>) -> &str {
    a.unwrap_or_default()
}

/// One row of a keyword table.
#[derive(Clone, Copy)]
pub struct Keyword {
    /// The word.
    pub name: &'static str,
    /// Its arguments.
    pub arity: Arity,
    /// What it does.
    pub handler: Handler,
    /// The first release whose ifconfig knows the word.
    pub since: Since,
    /// What a kernel refusal of its request does to the command.
    pub refusal: Refusal,
}

/// What FreeBSD's ifconfig does when the kernel refuses a keyword's
/// request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `err()`: the message, exit 1 (here the command is also undone).
    Stops,
    /// `warn()`: the message on stderr, the rest of the line goes on,
    /// exit 0 (ifgif.c's setgifopts; ifgre.c's setifgrekey,
    /// setifgreport and setifgreopts).
    Warns,
}

/// Whether FreeBSD's ifconfig only warns when the kernel refuses the
/// request of keyword `word`.
pub fn refusal_only_warns(word: &str) -> bool {
    all_keywords().any(|k| k.name == word && k.refusal == Refusal::Warns)
}

impl Keyword {
    /// Whether some release's ifconfig has the word (not [`Since::Never`]).
    pub fn in_a_release(&self) -> bool {
        self.since != Since::Never
    }
}

/// Every keyword this ifconfig knows, whatever the release.
pub fn all_keywords() -> impl Iterator<Item = &'static Keyword> {
    basic::KEYWORDS
        .iter()
        .chain(carp::KEYWORDS.iter())
        .chain(iface::KEYWORDS.iter())
        .chain(iface::PCP_KEYWORDS.iter())
        .chain(caps::KEYWORDS.iter())
        .chain(caps::NV_KEYWORDS.iter())
        .chain(caps::NOMAP_KEYWORDS.iter())
        .chain(inet6::KEYWORDS.iter())
        .chain(inet6::DEFAULTIF_KEYWORDS.iter())
        .chain(clone::KEYWORDS.iter())
        .chain(clone::LAGGTYPE.iter())
        .chain(clone::WG_KEYWORDS.iter())
        .chain(geneve::KEYWORDS.iter())
        .chain(drivers::KEYWORDS.iter())
        .chain(bridge::KEYWORDS.iter())
        .chain(bridge::VLAN_KEYWORDS.iter())
        .chain(families::KEYWORDS.iter())
        .chain(wlan::KEYWORDS.iter())
}

/// The 802.11 keywords (ifieee80211.c): they only mean something on a
/// wlan(4) interface.
pub fn wireless_keywords() -> impl Iterator<Item = &'static Keyword> {
    wlan::KEYWORDS.iter()
}

/// `NAME create [clone words] [words...]`: the create request from the
/// `DEF_CLONE_CMD*` words right after `create` (`vlan 111 vlandev vmx1`),
/// and the words left for the new interface.
pub fn parse_create<'w>(
    name: &str,
    words: &'w [String],
    ctx: Context,
) -> Result<(libcarpctl::CloneRequest, &'w [String]), CliError> {
    let mut p = Parser::new(ctx, Family::Inet, "inet");
    let mut rest = words;
    while let [word, tail @ ..] = rest {
        let w = word.as_str();
        let vxlan = families::VXLAN_CLONE_WORDS.contains(&w) && name.starts_with("vxlan");
        let geneve = geneve::CLONE_WORDS.contains(&w) && name.starts_with("geneve");
        if !clone::CLONE_WORDS.contains(&w) && !vxlan && !geneve {
            break;
        }
        // A clone word this release does not know is an ordinary word.
        let Some(kw) = lookup(word, ctx.release) else { break };
        p.word = kw.name;
        rest = match kw.arity {
            Arity::None => {
                (kw.handler)(&mut p, None)?;
                tail
            }
            Arity::Two => {
                let [a, b, tail @ ..] = tail else {
                    return Err(CliError::msg(format!("'{}' requires 2 arguments", kw.name)));
                };
                p.second = b.clone();
                (kw.handler)(&mut p, Some(a))?;
                tail
            }
            _ => {
                let (a, tail) = tail
                    .split_first()
                    .ok_or_else(|| CliError::msg(format!("'{}' requires argument", kw.name)))?;
                (kw.handler)(&mut p, Some(a))?;
                tail
            }
        };
    }
    let vlan = clone::create_vlan(&mut p)?;
    // The vxlan words before the create are its parameters (ifvxlan.c's
    // `params`), judged by vxlan_check_params.
    let vxlan: Vec<libcarpctl::VxlanChange> = std::mem::take(&mut p.changes)
        .into_iter()
        .filter_map(|c| match c.change {
            libcarpctl::IfaceChange::Vxlan(v) => Some(v),
            _ => None,
        })
        .collect();
    families::check_vxlan_params(&vxlan)?;
    let lagg_type = p.lagg_type.take();
    let geneve_proto = p.geneve_proto.take();
    Ok((libcarpctl::CloneRequest { name: name.to_string(), vlan, vxlan, lagg_type, geneve_proto }, rest))
}

/// Whether a create keeps working on the name as typed, without printing
/// the one the kernel chose: ifgeneve.c creates over netlink and reads no
/// name back (`ifconfig geneve create` makes geneve0 and prints nothing).
pub fn create_keeps_typed_name(name: &str) -> bool {
    name.starts_with("geneve")
}

/// The row for `word` on `release`: of the rows the release has, the one
/// of the newest release (15's `addm` takes more words than 10's).
fn lookup(word: &str, release: Release) -> Option<&'static Keyword> {
    let dialect = Dialect::new(release);
    all_keywords().filter(|k| k.name == word && dialect.reached(k.since) && !dialect.retired(k.name)).fold(
        None,
        |best: Option<&'static Keyword>, k| match best {
            Some(b) if b.since as u8 >= k.since as u8 => Some(b),
            _ => Some(k),
        },
    )
}

/// `alias` / `-alias` state (FreeBSD's `doalias`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AliasMode {
    /// Neither: a new inet address replaces the first one.
    #[default]
    Replace,
    /// `alias`: add beside the others.
    Add,
    /// `-alias` / `delete`: remove the address.
    Delete,
}

/// What the interface looks like, as far as parsing cares.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The host's release (keywords and rules differ).
    pub release: Release,
    /// The interface's flags (point-to-point and loopback are exempt from
    /// 15's mask rule).
    pub flags: IfFlags,
}

/// The parse in progress: what the handlers recorded.
#[derive(Debug)]
pub struct Parser {
    ctx: Context,
    family: Family,
    family_name: &'static str,
    address: Option<IpAddr>,
    rid_address: Option<IpAddr>,
    prefixlen: Option<u8>,
    broadcast: Option<Ipv4Addr>,
    /// The second address operand (`setifdstaddr`).
    destination: Option<IpAddr>,
    lladdr: Option<[u8; 6]>,
    alias: AliasMode,
    link: Vec<LinkAction>,
    carp_vhid: Option<Vhid>,
    carp: CarpFields,
    /// The keyword being handled (ifconfig names some failures by it).
    word: &'static str,
    /// The second argument of an `Arity::Two` keyword.
    second: String,
    /// `laggtype` given as a create parameter.
    lagg_type: Option<String>,
    /// `genevemode` given as a create parameter.
    geneve_proto: Option<u16>,
    /// The words after an `Arity::Var` keyword, and how many it took.
    rest: Vec<String>,
    taken: usize,
    /// Interface changes, in command-line order.
    changes: Vec<crate::plan::Change>,
    /// `destroy` / `unplumb`.
    destroy: bool,
    /// inet6 address flags and lifetimes for the address being added.
    inet6: inet6::AddrFlags,
    /// vlan parameters given on the line (`vlan`, `vlandev`, `vlanproto`),
    /// sent as one SIOCSETVLAN once both tag and parent are known.
    vlan: clone::VlanParams,
    /// warn(3)s of the words handled so far (printed, exit status kept).
    warnings: Vec<String>,
    /// `addr`: print the bridge's address cache.
    bridge_addresses: bool,
}

impl Parser {
    fn new(ctx: Context, family: Family, family_name: &'static str) -> Parser {
        Parser {
            ctx,
            family,
            family_name,
            address: None,
            rid_address: None,
            prefixlen: None,
            broadcast: None,
            destination: None,
            lladdr: None,
            alias: AliasMode::Replace,
            link: Vec::new(),
            carp_vhid: None,
            carp: CarpFields::default(),
            word: "",
            second: String::new(),
            lagg_type: None,
            geneve_proto: None,
            rest: Vec::new(),
            taken: 0,
            changes: Vec::new(),
            destroy: false,
            inet6: inet6::AddrFlags::default(),
            vlan: clone::VlanParams::default(),
            warnings: Vec::new(),
            bridge_addresses: false,
        }
    }

    /// Record an interface change asked for by the current keyword.
    fn change(&mut self, change: libcarpctl::IfaceChange) {
        let after_links = self.link.len();
        self.changes.push(crate::plan::Change { word: self.word, change, after_links });
    }

    /// A word that is no keyword: the address, or (once there is one) the
    /// destination address, as FreeBSD's `setifaddr` / `setifdstaddr`.
    fn operand(&mut self, word: &str) -> Result<(), CliError> {
        if self.address.is_some() || self.rid_address.is_some() || self.lladdr.is_some() {
            return self.destination(word);
        }
        match self.family {
            Family::Inet => {
                let (a, w) = family::parse_inet(word)?;
                self.prefixlen = w.or(self.prefixlen);
                self.set_address(IpAddr::V4(a));
            }
            Family::Inet6 => {
                let (a, p) = family::parse_inet6(word)?;
                self.prefixlen = p.or(self.prefixlen);
                self.set_address(IpAddr::V6(a));
            }
            Family::Link => self.lladdr = Some(family::parse_link(word)?),
        }
        Ok(())
    }

    fn set_address(&mut self, a: IpAddr) {
        if self.alias == AliasMode::Delete {
            self.rid_address = Some(a);
        } else {
            self.address = Some(a);
        }
    }

    /// The second address operand, the destination (af_getaddr with
    /// DSTADDR: no `/width` is taken). Before 14, inet's destination and
    /// broadcast are one field of the request, so on a broadcast interface
    /// it is the broadcast address; 14's netlink request keeps them apart.
    fn destination(&mut self, word: &str) -> Result<(), CliError> {
        let bad = || CliError::msg(format!("{word}: bad value"));
        match self.family {
            Family::Inet => {
                let a = family::inet_aton(word).ok_or_else(bad)?;
                self.destination = Some(a.into());
                if Dialect::new(self.ctx.release).dst_is_broadcast() {
                    self.broadcast = Some(a);
                }
            }
            Family::Inet6 => {
                let bare = word.split('%').next().unwrap_or(word);
                let a: std::net::Ipv6Addr = bare.parse().map_err(|_| bad())?;
                self.destination = Some(a.into());
            }
            Family::Link => {
                family::parse_link(word)?;
            }
        }
        Ok(())
    }

    fn into_plan(mut self, ifname: &str) -> Result<Plan, CliError> {
        // vlan's callback: tag and parent go together.
        clone::finish_vlan(&mut self)?;
        iface::finish_media(&mut self);
        let mut plan = Plan {
            ifname: ifname.to_string(),
            link: self.link,
            changes: self.changes,
            destroy: self.destroy,
            warnings: std::mem::take(&mut self.warnings),
            bridge_addresses: self.bridge_addresses,
            ..Plan::default()
        };
        if let Some(mac) = self.lladdr {
            plan.lladdr = Some(mac);
        }
        let adding = self.address.filter(|_| self.alias != AliasMode::Delete);
        // inet's post-processing: 14 warns about a missing mask, 15 refuses.
        if let Some(IpAddr::V4(_)) = adding {
            let exempt = self.ctx.flags.intersects(IfFlags::POINTOPOINT | IfFlags::LOOPBACK);
            if self.prefixlen.is_none() && !exempt {
                if Dialect::new(self.ctx.release).refuses_inet_without_mask() {
                    return Err(CliError::msg(
                        "ERROR: setting interface address without mask is no longer supported.",
                    ));
                }
                if Dialect::new(self.ctx.release).warns_inet_without_mask() {
                    plan.warnings.push(
                        "WARNING: setting interface address without mask is deprecated,\n\
                         default mask may not be correct."
                            .to_string(),
                    );
                }
            }
        }
        if let Some(vhid) = self.carp_vhid {
            plan.carp = Some(CarpConfig::from_fields(vhid, self.carp));
        }
        match self.alias {
            AliasMode::Delete => {
                // `A -alias` names the address before the keyword.
                if let Some(a) = self.rid_address.or(self.address) {
                    plan.delete = Some(AddressSelector::Exact(a));
                }
            }
            AliasMode::Replace => {
                // Only inet's kernel deletes "the first address" when asked
                // with an empty one; inet6 answers EADDRNOTAVAIL, ignored.
                if adding.is_some() && self.family == Family::Inet {
                    plan.delete = Some(AddressSelector::First(Family::Inet));
                    plan.delete_is_replace = true;
                }
            }
            AliasMode::Add => {}
        }
        if self.inet6.any() && self.family != Family::Inet6 {
            // setip6flags: err(1, ...) with errno still 0.
            return Err(CliError::msg("address flags can be set only for inet6 addresses: No error: 0"));
        }
        if let (Some(IpAddr::V6(addr)), true) =
            (adding, self.inet6.any() || self.inet6.pltime.is_some() || self.inet6.vltime.is_some())
        {
            let f = self.inet6;
            let change = libcarpctl::IfaceChange::Inet6Address {
                addr,
                set: f.set,
                clear: f.clear,
                pltime: f.pltime,
                vltime: f.vltime,
            };
            plan.addr_flags = Some(crate::plan::Change { word: "inet6", change, after_links: 0 });
        }
        if let Some(a) = adding {
            plan.add = Some(AddressRequest {
                addr: a,
                prefixlen: self.prefixlen,
                broadcast: self.broadcast,
                vhid: self.carp_vhid,
                destination: self.destination.filter(|d| d.is_ipv4() == a.is_ipv4()),
            });
        }
        Ok(plan)
    }
}

/// Words whose next word is a secret (wg(4)'s keys: ifwg.c's
/// `private-key`, wg(8)'s `preshared-key`). No release's ifconfig has
/// them, so the key after one may reach the address parser (after `peer`
/// or `description` took the word itself as their argument), whose
/// FreeBSD message would echo it: the key is withheld instead.
const SECRET_WORDS: [&str; 2] = ["private-key", "preshared-key"];

/// FreeBSD's `%s: bad value` with the key left out.
const KEY_WITHHELD: &str = "(key not shown): bad value";

/// The address parser's message about a key, replaced by one without it;
/// the text that held the key is zeroed before it is freed.
fn withhold_key(e: CliError) -> CliError {
    if let CliError::Message(mut text) | CliError::Exit(mut text, _) = e {
        zeroize::Zeroize::zeroize(&mut text);
    }
    CliError::msg(KEY_WITHHELD)
}

/// Parse the words after the interface name into a [`Plan`].
pub fn parse(ifname: &str, words: &[String], ctx: Context) -> Result<Plan, CliError> {
    let mut rest: &[String] = words;
    // Only the first word may name the family; none means inet.
    let (family, family_name) = match rest.first().and_then(|w| family::by_name(w)) {
        Some(f) => {
            rest = &rest[1..];
            f
        }
        None => (Family::Inet, "inet"),
    };
    let mut p = Parser::new(ctx, family, family_name);
    while let Some((word, tail)) = rest.split_first() {
        // The word just before this one, whoever consumed it.
        let previous = words.len().checked_sub(rest.len() + 1).and_then(|i| words.get(i));
        let after_secret = previous.is_some_and(|w| SECRET_WORDS.contains(&w.as_str()));
        rest = tail;
        // A create-only word (`DEF_CLONE_CMD*` alone) is no word here.
        let clone_only = geneve::CLONE_WORDS.contains(&word.as_str());
        let Some(kw) = lookup(word, ctx.release).filter(|_| !clone_only) else {
            p.operand(word).map_err(|e| if after_secret { withhold_key(e) } else { e })?;
            continue;
        };
        p.word = kw.name;
        match kw.arity {
            Arity::None => (kw.handler)(&mut p, None)?,
            Arity::One => {
                let (arg, tail) = rest
                    .split_first()
                    .ok_or_else(|| CliError::msg(format!("'{}' requires argument", kw.name)))?;
                rest = tail;
                (kw.handler)(&mut p, Some(arg))?;
            }
            Arity::Two => {
                let [a, b, tail @ ..] = rest else {
                    return Err(CliError::msg(format!("'{}' requires 2 arguments", kw.name)));
                };
                rest = tail;
                p.second = b.clone();
                (kw.handler)(&mut p, Some(a))?;
            }
            Arity::Var => {
                p.rest = rest.to_vec();
                p.taken = 0;
                (kw.handler)(&mut p, None)?;
                rest = &rest[p.taken.min(rest.len())..];
            }
            Arity::Opt => {
                let arg = rest.first();
                if arg.is_some() {
                    rest = &rest[1..];
                }
                (kw.handler)(&mut p, arg.map(String::as_str))?;
            }
        }
    }
    p.into_plan(ifname)
}

/// The family word at the start of `words`, when that is all there is
/// (`ifconfig igb0 inet` shows only inet lines).
pub fn family_only(words: &[String]) -> Option<Family> {
    match words {
        [w] => family::by_name(w).map(|(f, _)| f),
        _ => None,
    }
}

#[cfg(test)]
mod p2p_tests;
#[cfg(test)]
mod tests;
