//! The host file's JSON document (schema 1) and its conversion to and from
//! a [`Host`]. Reading validates everything a kernel could not hold and
//! names the problem; unknown fields are accepted (later schemas may add
//! some).
//!
//! The text is read in two steps, JSON first, then each level (host,
//! interface, vhid, address) into its typed form, so that an error names
//! the interface, the vhid and the field. serde's own messages echo the
//! offending value (`invalid type: integer `987654321``), which for a key
//! would print the key: they never reach the caller; see [`typed`].

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{validate, Host};
use crate::types::{
    Address, Capabilities, CarpState, CarpStatus, CarpVersion, IfFlags, IfType, IfaceSettings, Interface,
    Key, Nd6Flags, Release, Vhid, IFCAP_NAMES, KEY_LEN,
};

/// The host-file format version this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

type DocResult<T> = std::result::Result<T, String>;

/// The whole file; `I` is an interface (its typed form when writing, raw
/// JSON when reading: see [`typed`]).
#[derive(Serialize, Deserialize)]
struct Doc<I> {
    schema: u32,
    release: String,
    #[serde(default = "yes")]
    privileged: bool,
    #[serde(default = "yes")]
    carp_loaded: bool,
    #[serde(default)]
    sysctl: BTreeMap<String, i64>,
    #[serde(default)]
    interfaces: Vec<I>,
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    jails: Vec<JailDoc<I>>,
}

/// One jail; a vnet jail lists its own interfaces.
#[derive(Serialize, Deserialize)]
struct JailDoc<I> {
    name: String,
    jid: u32,
    #[serde(default)]
    vnet: bool,
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    interfaces: Vec<I>,
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    addresses: Vec<IpAddr>,
}

fn yes() -> bool {
    true
}

/// Flags and options are written as names, and read as names or a number.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Bits {
    Number(u32),
    Names(Vec<String>),
}

/// One interface; `A` and `C` are its addresses and vhids (typed when
/// writing, raw JSON when reading).
#[derive(Serialize, Deserialize)]
struct IfaceDoc<A, C> {
    name: String,
    index: u32,
    #[serde(rename = "type", default = "ethernet")]
    kind: String,
    #[serde(default = "no_bits")]
    flags: Bits,
    #[serde(default)]
    metric: u32,
    #[serde(default = "default_mtu")]
    mtu: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    options: Option<Bits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ether: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nd6: Option<Bits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(default = "Vec::new")]
    addresses: Vec<A>,
    #[serde(default = "Vec::new")]
    carp: Vec<C>,
    /// Description, groups, clone state: written only when set.
    #[serde(flatten)]
    settings: IfaceSettings,
}

fn ethernet() -> String {
    "ethernet".into()
}
fn no_bits() -> Bits {
    Bits::Number(0)
}
fn default_mtu() -> u32 {
    1500
}

#[derive(Serialize, Deserialize)]
struct AddrDoc {
    family: String,
    address: String,
    prefixlen: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    broadcast: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopeid: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vhid: Option<u8>,
    /// A point-to-point address's peer (`inet A --> D`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination: Option<IpAddr>,
}

#[derive(Serialize, Deserialize)]
struct CarpDoc {
    vhid: u8,
    state: String,
    advbase: i32,
    advskew: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_hex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    peer: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    peer6: Option<Ipv6Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vrrp_priority: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vrrp_interval: Option<u32>,
}

fn bits_from<F: bitflags::Flags<Bits = u32>>(
    b: &Bits,
    extra: impl Fn(&str) -> Option<u32>,
) -> DocResult<u32> {
    match b {
        Bits::Number(n) => Ok(*n),
        Bits::Names(names) => names.iter().try_fold(0u32, |acc, n| {
            let bit = F::from_name(n)
                .map(|f| f.bits())
                .or_else(|| extra(n))
                .ok_or_else(|| format!("unknown flag name {n:?}"))?;
            Ok(acc | bit)
        }),
    }
}

/// Names when every set bit has one, else the number.
fn bits_to(bits: u32, name: impl Fn(u32) -> Option<String>) -> Bits {
    let mut names = Vec::new();
    for bit in 0..32 {
        let v = 1u32 << bit;
        if bits & v != 0 {
            match name(v) {
                Some(n) => names.push(n),
                None => return Bits::Number(bits),
            }
        }
    }
    Bits::Names(names)
}

fn iff_name(v: u32) -> Option<String> {
    IfFlags::from_bits(v).and_then(|f| f.iter_names().next().map(|(n, _)| n.to_string()))
}

fn nd6_name(v: u32) -> Option<String> {
    Nd6Flags::from_bits(v).and_then(|f| f.iter_names().next().map(|(n, _)| n.to_string()))
}

fn cap_name(v: u32) -> Option<String> {
    IFCAP_NAMES.get(v.trailing_zeros() as usize).map(|n| n.to_string())
}

fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let mut parts = s.split(':');
    for b in &mut out {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 2 {
            return None;
        }
        *b = u8::from_str_radix(p, 16).ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn fmt_mac(m: &[u8; 6]) -> String {
    m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// A key is written as text when it is printable ASCII up to its first NUL
/// with nothing after it; otherwise as the 20 bytes in hex.
fn key_to_doc(key: &Key) -> (Option<String>, Option<String>) {
    if key.is_empty() {
        return (None, None);
    }
    let shown = key.reveal();
    let tail_zero = key.raw()[shown.len()..].iter().all(|&b| b == 0);
    if tail_zero && shown.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        (Some(String::from_utf8_lossy(shown).into_owned()), None)
    } else {
        (None, Some(key.raw().iter().map(|b| format!("{b:02x}")).collect()))
    }
}

fn key_from_doc(d: &CarpDoc) -> DocResult<Key> {
    match (&d.key, &d.key_hex) {
        (Some(_), Some(_)) => Err("give key or key_hex, not both".into()),
        (None, Some(h)) => {
            if h.len() % 2 != 0 || h.len() > 2 * KEY_LEN || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("key_hex must be at most {KEY_LEN} bytes as hex digits"));
            }
            let bytes: Vec<u8> =
                h.as_bytes().chunks(2).map(|p| (hex_digit(p[0]) << 4) | hex_digit(p[1])).collect();
            Ok(Key::from_bytes(&bytes))
        }
        (Some(k), None) if k.len() > KEY_LEN => Err(format!("key longer than {KEY_LEN} bytes")),
        (Some(k), None) => Ok(Key::from_bytes(k.as_bytes())),
        (None, None) => Ok(Key::empty()),
    }
}

fn hex_digit(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// `value` as a `T`; the error names `what` and the field, never a value.
///
/// serde's message for a bad field quotes the value and not the field, so
/// on an error each field is tried on its own to find the culprit, and
/// only the expected type is kept of serde's text.
fn typed<T: DeserializeOwned>(value: &Value, what: &str) -> DocResult<T> {
    typed_as(value, || what.to_string())
}

/// [`typed`], naming `what` only when it fails (a listing reads many).
fn typed_as<T: DeserializeOwned>(value: &Value, what: impl FnOnce() -> String) -> DocResult<T> {
    T::deserialize(value)
        .map_err(|whole| format!("not a host file: {}{}", what(), field_problem::<T>(value, &whole)))
}

fn field_problem<T: DeserializeOwned>(value: &Value, whole: &serde_json::Error) -> String {
    let Value::Object(map) = value else { return "must be a JSON object".into() };
    for (field, v) in map {
        let alone = Value::Object([(field.clone(), v.clone())].into_iter().collect());
        if let Err(e) = T::deserialize(&alone) {
            if !is_missing_field(&e) {
                return format!("{field} {}", expectation(&e));
            }
        }
    }
    // serde's "missing field `name`" names no value.
    if is_missing_field(whole) {
        whole.to_string()
    } else {
        "has a field of the wrong type".into()
    }
}

fn is_missing_field(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("missing field `")
}

/// "must be a string" from serde's "invalid type: integer `5`, expected a
/// string": only the part after the last ", expected " (which describes
/// the type, not the data), and only when it is one of the known ones.
fn expectation(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let expected = text.rsplit_once(", expected ").map(|(_, x)| x).unwrap_or("");
    let plain = match expected {
        "a string" => "a string",
        "a boolean" => "true or false",
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" => "a whole number from 0 to 4294967295",
        "i32" => "a whole number from -2147483648 to 2147483647",
        "i64" => "a whole number",
        "a sequence" => "a list",
        "a map" => "a JSON object",
        "IPv4 address" => "an IPv4 address",
        "IPv6 address" => "an IPv6 address",
        _ => return "is not valid".into(),
    };
    format!("must be {plain}")
}

/// How an error names the `n`th entry of a list: by `field` when it holds a
/// plain number or text (a vhid, an address), else by position.
fn entry_label(kind: &str, v: &Value, field: &str, n: usize) -> String {
    match &v[field] {
        Value::Number(x) => format!("{kind} {x}"),
        Value::String(x) if validate::is_plain(x) => format!("{kind} {x}"),
        _ => format!("{kind} #{}", n + 1),
    }
}

impl Host {
    /// Parse a host file's text; the error names what is wrong and where.
    pub fn from_json(text: &str) -> std::result::Result<Host, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not a host file: {e}"))?;
        let doc: Doc<Value> = typed(&value, "")?;
        if doc.schema != SCHEMA_VERSION {
            return Err(format!("unsupported host file schema {} (expected {SCHEMA_VERSION})", doc.schema));
        }
        let release: Release = doc.release.parse()?;
        let mut host = Host::new(release);
        host.privileged = doc.privileged;
        host.carp_loaded = doc.carp_loaded;
        host.sysctl.extend(doc.sysctl);
        host.interfaces = interfaces_from_doc(&doc.interfaces, release)?;
        for j in &doc.jails {
            validate::name(&j.name).map_err(|e| format!("jail: {e}"))?;
            if j.name.contains('.') || j.name.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("jail {}: a name is not a number and has no dot", j.name));
            }
            if j.jid == 0 {
                return Err(format!("jail {}: jid 0 is the host itself", j.name));
            }
            if host.jails.iter().any(|x| x.name == j.name || x.jid == j.jid) {
                return Err(format!("jail {}: its name or jid {} is already used", j.name, j.jid));
            }
            if !j.vnet && !j.interfaces.is_empty() {
                return Err(format!("jail {}: only a vnet jail has interfaces of its own", j.name));
            }
            if j.vnet && !j.addresses.is_empty() {
                return Err(format!("jail {}: a vnet jail's addresses are on its own interfaces", j.name));
            }
            let vnet = j
                .vnet
                .then(|| -> DocResult<Box<Host>> {
                    let mut own = Host::new(release);
                    own.privileged = host.privileged;
                    own.carp_loaded = host.carp_loaded;
                    own.interfaces = interfaces_from_doc(&j.interfaces, release)
                        .map_err(|e| format!("jail {}: {e}", j.name))?;
                    Ok(Box::new(own))
                })
                .transpose()?;
            host.jails.push(super::Jail {
                name: j.name.clone(),
                jid: j.jid,
                vnet,
                addresses: j.addresses.clone(),
            });
        }
        Ok(host)
    }

    /// The host file's text (pretty JSON, stable key order, trailing newline).
    pub fn to_json(&self) -> String {
        let doc: Doc<WrittenIface> = Doc {
            schema: SCHEMA_VERSION,
            release: self.release.to_string(),
            privileged: self.privileged,
            carp_loaded: self.carp_loaded,
            sysctl: self.sysctl.clone(),
            interfaces: self.interfaces.iter().map(iface_to_doc).collect(),
            jails: self
                .jails
                .iter()
                .map(|j| JailDoc {
                    name: j.name.clone(),
                    jid: j.jid,
                    vnet: j.vnet.is_some(),
                    interfaces: j.vnet.iter().flat_map(|h| h.interfaces.iter().map(iface_to_doc)).collect(),
                    addresses: j.addresses.clone(),
                })
                .collect(),
        };
        // Plain structs of strings and numbers: serializing cannot fail.
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    /// `interfaces` in the host file's form (used for snapshots of a live
    /// system).
    pub fn interfaces_json(interfaces: &[Interface]) -> serde_json::Value {
        serde_json::to_value(interfaces.iter().map(iface_to_doc).collect::<Vec<_>>())
            .unwrap_or(serde_json::Value::Null)
    }
}

/// One network stack's interfaces: names and indexes unique, at most one
/// nd6 default interface.
fn interfaces_from_doc(docs: &[Value], release: Release) -> DocResult<Vec<Interface>> {
    let (mut names, mut indexes) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::with_capacity(docs.len());
    for (n, v) in docs.iter().enumerate() {
        let d: RawIface = typed_as(v, || format!("{}: ", entry_label("interface", v, "name", n)))?;
        validate::name(&d.name)?;
        if !names.insert(d.name.clone()) {
            return Err(format!("interface {} is listed twice", d.name));
        }
        if !indexes.insert(d.index) {
            return Err(format!("interface {}: index {} is already used", d.name, d.index));
        }
        let mut iface = iface_from_doc(d)?;
        super::capnv::attach_defaults(&mut iface, release);
        out.push(iface);
    }
    // nd6 keeps one default interface index for the host.
    let defaults: Vec<&str> =
        out.iter().filter(|i| i.settings.nd6_defaultif).map(|i| i.name.as_str()).collect();
    if defaults.len() > 1 {
        return Err(format!("nd6_defaultif on more than one interface: {}", defaults.join(", ")));
    }
    Ok(out)
}

/// An interface as read: its addresses and vhids still raw.
type RawIface = IfaceDoc<Value, Value>;
/// An interface as written.
type WrittenIface = IfaceDoc<AddrDoc, CarpDoc>;

fn iface_from_doc(d: RawIface) -> DocResult<Interface> {
    let ctx = |e: String| format!("interface {}: {e}", d.name);
    let carp_docs: Vec<CarpDoc> = d
        .carp
        .iter()
        .enumerate()
        .map(|(n, v)| {
            typed_as(v, || format!("interface {}: {}: ", d.name, entry_label("vhid", v, "vhid", n)))
        })
        .collect::<DocResult<_>>()?;
    let addr_docs: Vec<AddrDoc> = d
        .addresses
        .iter()
        .enumerate()
        .map(|(n, v)| {
            typed_as(v, || format!("interface {}: {}: ", d.name, entry_label("address", v, "address", n)))
        })
        .collect::<DocResult<_>>()?;
    let kind = IfType::from_name(&d.kind).ok_or_else(|| ctx(format!("unknown type {:?}", d.kind)))?;
    let flags = bits_from::<IfFlags>(&d.flags, |n| match n {
        "OACTIVE" => Some(IfFlags::DRV_OACTIVE.bits()),
        "SMART" => Some(IfFlags::NEEDSEPOCH.bits()),
        _ => None,
    })
    .map_err(|e| ctx(format!("flags: {e}")))?;
    let options = d
        .options
        .as_ref()
        .map(|b| bits_from::<Capabilities>(b, |n| Capabilities::from_cap_name(n).map(|c| c.bits())))
        .transpose()
        .map_err(|e| ctx(format!("options: {e}")))?;
    let nd6 = d
        .nd6
        .as_ref()
        .map(|b| bits_from::<Nd6Flags>(b, |_| None))
        .transpose()
        .map_err(|e| ctx(format!("nd6: {e}")))?;
    let ether = d
        .ether
        .as_deref()
        .map(|m| parse_mac(m).ok_or_else(|| ctx(format!("bad ether {m:?}"))))
        .transpose()?;
    let mut carp: Vec<CarpStatus> = Vec::new();
    for c in &carp_docs {
        let st = carp_from_doc(c).map_err(|e| ctx(format!("vhid {}: {e}", c.vhid)))?;
        if carp.iter().any(|x| x.vhid == st.vhid) {
            return Err(ctx(format!("vhid {} is listed twice", c.vhid)));
        }
        carp.push(st);
    }
    let mut addresses: Vec<Address> = Vec::new();
    for a in &addr_docs {
        let addr = addr_from_doc(a, &carp).map_err(|e| ctx(format!("address {}: {e}", a.address)))?;
        if addresses.iter().any(|x| x.addr == addr.addr) {
            return Err(ctx(format!("address {} is listed twice", a.address)));
        }
        addresses.push(addr);
    }
    let iface = Interface {
        name: d.name,
        index: d.index,
        kind,
        flags: IfFlags::from_bits_retain(flags),
        metric: d.metric,
        mtu: d.mtu,
        options: options.map(Capabilities::from_bits_retain),
        ether,
        nd6: nd6.map(Nd6Flags::from_bits_retain),
        media: d.media,
        supported_media: Vec::new(),
        status: d.status.map(|s| s.as_str().into()),
        addresses,
        carp,
        settings: d.settings,
    };
    validate::interface(&iface).map_err(|e| format!("interface {}: {e}", iface.name))?;
    Ok(iface)
}

fn addr_from_doc(a: &AddrDoc, carp: &[CarpStatus]) -> DocResult<Address> {
    let addr: IpAddr = a.address.parse().map_err(|_| "not an IP address".to_string())?;
    let max = match (a.family.as_str(), addr) {
        ("inet", IpAddr::V4(_)) => 32,
        ("inet6", IpAddr::V6(_)) => 128,
        _ => return Err(format!("not of family {:?}", a.family)),
    };
    if a.prefixlen > max {
        return Err(format!("prefixlen {} above {max}", a.prefixlen));
    }
    let vhid = match a.vhid {
        None => None,
        Some(n) => {
            let v = Vhid::new(n.into()).ok_or("vhid 0")?;
            if !carp.iter().any(|c| c.vhid == v) {
                return Err(format!("vhid {v} is not configured on the interface"));
            }
            Some(v)
        }
    };
    Ok(Address {
        addr,
        prefixlen: a.prefixlen,
        broadcast: a.broadcast,
        vhid,
        scopeid: a.scopeid,
        destination: a.destination,
    })
}

fn carp_from_doc(c: &CarpDoc) -> DocResult<CarpStatus> {
    let vhid = Vhid::new(c.vhid.into()).ok_or("vhid 0 (1..255)")?;
    let state: CarpState = c.state.parse().map_err(|_| format!("unknown state {:?}", c.state))?;
    let version =
        CarpVersion::from_raw(c.version.unwrap_or(2)).ok_or_else(|| "version must be 2 or 3".to_string())?;
    if !(1..=255).contains(&c.advbase) {
        return Err(format!("advbase {} outside 1..255", c.advbase));
    }
    if !(0..=254).contains(&c.advskew) {
        return Err(format!("advskew {} outside 0..254", c.advskew));
    }
    let mut st = CarpStatus::new_vhid(vhid);
    st.state = state;
    st.advbase = c.advbase;
    st.advskew = c.advskew;
    st.key = key_from_doc(c)?;
    st.peer = c.peer.or(st.peer);
    st.peer6 = c.peer6.or(st.peer6);
    st.version = version;
    st.vrrp_priority = c.vrrp_priority.unwrap_or(st.vrrp_priority);
    st.vrrp_interval = c.vrrp_interval.unwrap_or(st.vrrp_interval);
    if st.vrrp_interval > 4095 {
        return Err(format!("vrrp_interval {} above 4095", st.vrrp_interval));
    }
    Ok(st)
}

fn iface_to_doc(i: &Interface) -> WrittenIface {
    IfaceDoc {
        name: i.name.clone(),
        index: i.index,
        kind: i.kind.name().into(),
        flags: bits_to(i.flags.bits(), iff_name),
        metric: i.metric,
        mtu: i.mtu,
        options: i.options.map(|o| bits_to(o.bits(), cap_name)),
        ether: i.ether.as_ref().map(fmt_mac),
        nd6: i.nd6.map(|n| bits_to(n.bits(), nd6_name)),
        media: i.media.clone(),
        status: i.status_text().map(String::from),
        addresses: i
            .addresses
            .iter()
            .map(|a| AddrDoc {
                family: a.family().name().into(),
                address: a.addr.to_string(),
                prefixlen: a.prefixlen,
                broadcast: a.broadcast,
                scopeid: a.scopeid,
                vhid: a.vhid.map(Vhid::get),
                destination: a.destination,
            })
            .collect(),
        carp: i.carp.iter().map(carp_to_doc).collect(),
        settings: i.settings.clone(),
    }
}

fn carp_to_doc(c: &CarpStatus) -> CarpDoc {
    let (key, key_hex) = key_to_doc(&c.key);
    let vrrp = c.version == CarpVersion::Vrrp;
    CarpDoc {
        vhid: c.vhid.get(),
        state: c.state.name().into(),
        advbase: c.advbase,
        advskew: c.advskew,
        key,
        key_hex,
        peer: c.peer,
        peer6: c.peer6,
        version: vrrp.then_some(3),
        vrrp_priority: vrrp.then_some(c.vrrp_priority),
        vrrp_interval: vrrp.then_some(c.vrrp_interval),
    }
}
