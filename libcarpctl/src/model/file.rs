//! The host file: a [`Host`] as JSON (schema 1), read and written under a
//! lock with an atomic replace so concurrent processes lose no update.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};

use super::Host;
use crate::error::{Error, Result};
use crate::types::{
    Address, Capabilities, CarpState, CarpStatus, CarpVersion, IfFlags, IfType, Interface, Key, Nd6Flags,
    Release, Vhid, IFCAP_NAMES,
};

/// The host-file format version this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Doc {
    schema: u32,
    release: String,
    #[serde(default = "yes")]
    privileged: bool,
    #[serde(default = "yes")]
    carp_loaded: bool,
    #[serde(default)]
    sysctl: BTreeMap<String, i64>,
    #[serde(default)]
    interfaces: Vec<IfaceDoc>,
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

#[derive(Serialize, Deserialize)]
struct IfaceDoc {
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
    #[serde(default)]
    addresses: Vec<AddrDoc>,
    #[serde(default)]
    carp: Vec<CarpDoc>,
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
    vrrp_interval: Option<u16>,
}

fn bits_from<F: bitflags::Flags<Bits = u32>>(
    b: &Bits,
    extra: impl Fn(&str) -> Option<u32>,
) -> std::result::Result<u32, String> {
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

fn bits_to<F: bitflags::Flags<Bits = u32>>(bits: u32, name: impl Fn(u32) -> Option<String>) -> Bits {
    let _ = std::marker::PhantomData::<F>;
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
    Some(IFCAP_NAMES[v.trailing_zeros() as usize].to_string())
}

fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let mut parts = s.split(':');
    for b in &mut out {
        *b = u8::from_str_radix(parts.next()?, 16).ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn fmt_mac(m: &[u8; 6]) -> String {
    m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

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

fn key_from_doc(d: &CarpDoc) -> std::result::Result<Key, String> {
    if let Some(h) = &d.key_hex {
        if h.len() % 2 != 0 || h.len() > 40 {
            return Err("key_hex must be at most 20 bytes of hex".into());
        }
        let bytes: std::result::Result<Vec<u8>, _> =
            (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16)).collect();
        return bytes.map(|b| Key::from_bytes(&b)).map_err(|_| "bad key_hex".to_string());
    }
    Ok(d.key.as_deref().map(|k| Key::from_bytes(k.as_bytes())).unwrap_or_default())
}

impl Host {
    /// Parse a host file's text.
    pub fn from_json(text: &str) -> std::result::Result<Host, String> {
        let doc: Doc = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if doc.schema != SCHEMA_VERSION {
            return Err(format!("unsupported host file schema {} (expected {SCHEMA_VERSION})", doc.schema));
        }
        let release: Release = doc.release.parse()?;
        let mut host = Host::new(release);
        host.privileged = doc.privileged;
        host.carp_loaded = doc.carp_loaded;
        host.sysctl.extend(doc.sysctl);
        for d in doc.interfaces {
            host.interfaces.push(iface_from_doc(d)?);
        }
        Ok(host)
    }

    /// The host file's text (pretty JSON, stable key order, trailing newline).
    pub fn to_json(&self) -> String {
        let doc = Doc {
            schema: SCHEMA_VERSION,
            release: self.release.to_string(),
            privileged: self.privileged,
            carp_loaded: self.carp_loaded,
            sysctl: self.sysctl.clone(),
            interfaces: self.interfaces.iter().map(iface_to_doc).collect(),
        };
        let mut s = serde_json::to_string_pretty(&doc).expect("host document serializes");
        s.push('\n');
        s
    }

    /// The text of a host file holding only `interfaces` on this host
    /// (used for snapshots of a live system).
    pub fn interfaces_json(interfaces: &[Interface]) -> serde_json::Value {
        serde_json::to_value(interfaces.iter().map(iface_to_doc).collect::<Vec<_>>()).expect("serializes")
    }
}

fn iface_from_doc(d: IfaceDoc) -> std::result::Result<Interface, String> {
    let ctx = |e: String| format!("interface {}: {e}", d.name);
    let kind = IfType::from_name(&d.kind).ok_or_else(|| ctx(format!("unknown type {:?}", d.kind)))?;
    let flags = bits_from::<IfFlags>(&d.flags, |n| match n {
        "OACTIVE" => Some(IfFlags::DRV_OACTIVE.bits()),
        "SMART" => Some(IfFlags::NEEDSEPOCH.bits()),
        _ => None,
    })
    .map_err(ctx)?;
    let options = d
        .options
        .as_ref()
        .map(|b| bits_from::<Capabilities>(b, |n| Capabilities::from_cap_name(n).map(|c| c.bits())))
        .transpose()
        .map_err(ctx)?;
    let nd6 = d.nd6.as_ref().map(|b| bits_from::<Nd6Flags>(b, |_| None)).transpose().map_err(ctx)?;
    let ether = d
        .ether
        .as_deref()
        .map(|m| parse_mac(m).ok_or_else(|| ctx(format!("bad ether {m:?}"))))
        .transpose()?;
    let mut addresses = Vec::new();
    for a in &d.addresses {
        let addr: IpAddr = a.address.parse().map_err(|_| ctx(format!("bad address {:?}", a.address)))?;
        let family_ok =
            matches!((a.family.as_str(), addr), ("inet", IpAddr::V4(_)) | ("inet6", IpAddr::V6(_)));
        if !family_ok {
            return Err(ctx(format!("address {} is not of family {}", a.address, a.family)));
        }
        let vhid = a.vhid.map(|v| Vhid::new(v.into()).ok_or_else(|| ctx("vhid 0".into()))).transpose()?;
        addresses.push(Address {
            addr,
            prefixlen: a.prefixlen,
            broadcast: a.broadcast,
            vhid,
            scopeid: a.scopeid,
        });
    }
    let mut carp = Vec::new();
    for c in &d.carp {
        let vhid = Vhid::new(c.vhid.into()).ok_or_else(|| ctx("vhid 0".into()))?;
        let state: CarpState = c.state.parse().map_err(|_| ctx(format!("unknown state {:?}", c.state)))?;
        let version = CarpVersion::from_raw(c.version.unwrap_or(2))
            .ok_or_else(|| ctx("version must be 2 or 3".into()))?;
        let mut st = CarpStatus::new_vhid(vhid);
        st.state = state;
        st.advbase = c.advbase;
        st.advskew = c.advskew;
        st.key = key_from_doc(c).map_err(ctx)?;
        st.peer = c.peer.or(st.peer);
        st.peer6 = c.peer6.or(st.peer6);
        st.version = version;
        st.vrrp_priority = c.vrrp_priority.unwrap_or(st.vrrp_priority);
        st.vrrp_interval = c.vrrp_interval.unwrap_or(st.vrrp_interval);
        carp.push(st);
    }
    carp.sort_by_key(|c| c.vhid);
    Ok(Interface {
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
        status: d.status,
        addresses,
        carp,
    })
}

fn iface_to_doc(i: &Interface) -> IfaceDoc {
    IfaceDoc {
        name: i.name.clone(),
        index: i.index,
        kind: i.kind.name().into(),
        flags: bits_to::<IfFlags>(i.flags.bits(), iff_name),
        metric: i.metric,
        mtu: i.mtu,
        options: i.options.map(|o| bits_to::<Capabilities>(o.bits(), cap_name)),
        ether: i.ether.as_ref().map(fmt_mac),
        nd6: i.nd6.map(|n| bits_to::<Nd6Flags>(n.bits(), nd6_name)),
        media: i.media.clone(),
        status: i.status.clone(),
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
            })
            .collect(),
        carp: i
            .carp
            .iter()
            .map(|c| {
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
            })
            .collect(),
    }
}

/// A host file on disk.
#[derive(Debug, Clone)]
pub struct HostFile {
    path: PathBuf,
}

/// A host read under the file's exclusive lock; [`LockedHost::commit`]
/// writes it back atomically. Dropping it without commit changes nothing.
pub struct LockedHost {
    path: PathBuf,
    /// The host as read.
    pub host: Host,
    _lock: Flock<File>,
}

impl HostFile {
    /// The host file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> HostFile {
        HostFile { path: path.into() }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, detail: impl ToString) -> Error {
        Error::HostFile { path: self.path.display().to_string(), detail: detail.to_string() }
    }

    fn lock(&self, arg: FlockArg) -> Result<Flock<File>> {
        let mut lock_path = self.path.clone().into_os_string();
        lock_path.push(".lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| self.err(e))?;
        Flock::lock(f, arg).map_err(|(_, e)| self.err(e))
    }

    fn read(&self) -> Result<Host> {
        let text = fs::read_to_string(&self.path).map_err(|e| self.err(e))?;
        Host::from_json(&text).map_err(|e| self.err(e))
    }

    /// Read the host under a shared lock.
    pub fn load(&self) -> Result<Host> {
        let _lock = self.lock(FlockArg::LockShared)?;
        self.read()
    }

    /// Read the host under an exclusive lock held until the returned value
    /// is committed or dropped.
    pub fn lock_for_update(&self) -> Result<LockedHost> {
        let lock = self.lock(FlockArg::LockExclusive)?;
        let host = self.read()?;
        Ok(LockedHost { path: self.path.clone(), host, _lock: lock })
    }

    /// Write `host` (atomic replace), creating the file if needed.
    pub fn store(&self, host: &Host) -> Result<()> {
        let _lock = self.lock(FlockArg::LockExclusive)?;
        write_atomic(&self.path, &host.to_json()).map_err(|e| self.err(e))
    }
}

impl LockedHost {
    /// Write `host` in place of the file, then release the lock.
    pub fn commit(self, host: &Host) -> Result<()> {
        write_atomic(&self.path, &host.to_json())
            .map_err(|e| Error::HostFile { path: self.path.display().to_string(), detail: e.to_string() })
    }
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    let mut f = File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    fs::rename(&tmp, path)
}
