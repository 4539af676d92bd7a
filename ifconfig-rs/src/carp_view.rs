//! `--carp`: one table of every vhid on the host, and the same as JSON
//! with `--json --carp`. Building the report and rendering it are pure;
//! only [`run`] talks to the host.

use std::io::Write;

use comfy_table::{presets, CellAlignment, Table};
use libcarpctl::{CarpStatus, CarpVersion, Interface, Key, Release};
use serde_json::{json, Map, Value};

use crate::error::CliError;
use crate::json::Selection;
use crate::options::Options;
use crate::render::Dialect;
use crate::target::Target;

/// The sysctl that demotes every vhid's advertised skew.
pub const DEMOTION_SYSCTL: &str = "net.inet.carp.demotion";

/// The largest skew the kernel advertises (CARP_MAXSKEW).
const MAX_SKEW: i64 = 240;

/// The format version of the `--json --carp` document.
pub const VIEW_SCHEMA: u32 = 1;

/// The skew a vhid actually advertises: its advskew plus the demotion,
/// held within 0..=240 (ip_carp.c's DEMOTE_ADVSKEW).
pub fn effective_skew(advskew: i32, demotion: i64) -> i64 {
    (i64::from(advskew).saturating_add(demotion)).clamp(0, MAX_SKEW)
}

/// One vhid and where it lives.
#[derive(Debug, Clone)]
pub struct Row {
    /// The interface.
    pub iface: String,
    /// The vhid as the backend reported it (a key only if it returned one).
    pub status: CarpStatus,
    /// The vhid's addresses, `A/prefixlen`, in the release's order.
    pub addresses: Vec<String>,
}

/// Every vhid of the chosen interfaces.
#[derive(Debug, Clone)]
pub struct Report {
    /// The release (which columns exist).
    pub release: Release,
    /// `net.inet.carp.demotion` (0 where it cannot be read).
    pub demotion: i64,
    /// Interfaces in order, vhids ascending within each.
    pub rows: Vec<Row>,
}

impl Report {
    /// The report of `ifaces` on a host of `release`.
    pub fn new(release: Release, demotion: i64, ifaces: &[Interface]) -> Report {
        let dialect = Dialect::new(release);
        let mut rows = Vec::new();
        for iface in ifaces {
            let mut vhids: Vec<&CarpStatus> = iface.carp.iter().collect();
            vhids.sort_by_key(|c| c.vhid);
            for c in vhids {
                let addresses = dialect
                    .order_addresses(&iface.addresses)
                    .into_iter()
                    .filter(|a| a.vhid == Some(c.vhid))
                    .map(|a| format!("{}/{}", a.addr, a.prefixlen))
                    .collect();
                rows.push(Row { iface: iface.name.clone(), status: c.clone(), addresses });
            }
        }
        Report { release, demotion, rows }
    }

    fn is_vrrp(&self, c: &CarpStatus) -> bool {
        self.release.has_vrrp() && c.version == CarpVersion::Vrrp
    }

    /// The status table (pure). Keys only with `show_keys`, and only those
    /// the backend returned.
    pub fn table(&self, show_keys: bool) -> String {
        let peers = self.release.has_peers();
        let key_column = show_keys && self.rows.iter().any(|r| !r.status.key.is_empty());
        let mut header = vec!["IFACE", "VHID", "STATE", "BASE", "SKEW", "DEMOTED", "ADDRESSES"];
        if peers {
            header.push(if self.release.has_vrrp() { "PEERS/VRRP" } else { "PEERS" });
        }
        if key_column {
            header.push("KEY");
        }
        let mut table = Table::new();
        table.load_preset(presets::NOTHING).set_header(header.clone());
        for r in &self.rows {
            let c = &r.status;
            let vrrp = self.is_vrrp(c);
            let number = |n: i64| if vrrp { "-".to_string() } else { n.to_string() };
            let mut cells = vec![
                r.iface.clone(),
                c.vhid.to_string(),
                c.state.to_string(),
                number(c.advbase.into()),
                number(c.advskew.into()),
                number(effective_skew(c.advskew, self.demotion)),
                if r.addresses.is_empty() { "-".to_string() } else { r.addresses.join("\n") },
            ];
            if peers {
                cells.push(if vrrp {
                    format!("prio {}\ninterval {}", c.vrrp_priority, c.vrrp_interval)
                } else {
                    let shown: Vec<String> = c
                        .peer
                        .map(|p| p.to_string())
                        .into_iter()
                        .chain(c.peer6.map(|p| p.to_string()))
                        .collect();
                    if shown.is_empty() {
                        "-".to_string()
                    } else {
                        shown.join("\n")
                    }
                });
            }
            if key_column {
                cells.push(if c.key.is_empty() { "-".to_string() } else { shown_key(&c.key) });
            }
            table.add_row(cells);
        }
        let last = header.len() - 1;
        for (i, col) in table.column_iter_mut().enumerate() {
            let left = if i == 0 { 0 } else { 1 };
            let right = if i == last { 0 } else { 1 };
            col.set_padding((left, right));
            if matches!(i, 1 | 3..=5) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        let mut text = table.trim_fmt();
        text.push('\n');
        text
    }

    /// The same as JSON (pure): `schema`, `release`, `demotion`, `vhids`.
    pub fn json(&self, show_keys: bool) -> String {
        let vhids: Vec<Value> = self.rows.iter().map(|r| self.row_json(r, show_keys)).collect();
        let doc = json!({
            "schema": VIEW_SCHEMA,
            "release": self.release.to_string(),
            "demotion": self.demotion,
            "vhids": vhids,
        });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    fn row_json(&self, r: &Row, show_keys: bool) -> Value {
        let c = &r.status;
        let mut m = Map::new();
        m.insert("interface".into(), r.iface.clone().into());
        m.insert("vhid".into(), c.vhid.get().into());
        m.insert("state".into(), c.state.to_string().into());
        if self.is_vrrp(c) {
            m.insert("version".into(), 3.into());
            m.insert("vrrp_priority".into(), c.vrrp_priority.into());
            m.insert("vrrp_interval".into(), c.vrrp_interval.into());
        } else {
            m.insert("advbase".into(), c.advbase.into());
            m.insert("advskew".into(), c.advskew.into());
            m.insert("effective_advskew".into(), effective_skew(c.advskew, self.demotion).into());
        }
        m.insert("addresses".into(), r.addresses.clone().into());
        if let Some(p) = c.peer.filter(|_| self.release.has_peers()) {
            m.insert("peer".into(), p.to_string().into());
        }
        if let Some(p) = c.peer6.filter(|_| self.release.has_peers()) {
            m.insert("peer6".into(), p.to_string().into());
        }
        if show_keys && !c.key.is_empty() {
            let (name, value) = key_field(&c.key);
            m.insert(name.into(), value.into());
        }
        Value::Object(m)
    }
}

/// A key as the table shows it: printable ASCII as is, other bytes escaped.
fn shown_key(key: &Key) -> String {
    key.reveal().escape_ascii().to_string()
}

/// A key as JSON shows it, the way the host file writes it: `key` when it
/// is printable text, else `key_hex` (all 20 bytes).
fn key_field(key: &Key) -> (&'static str, String) {
    let text = key.reveal();
    let tail_zero = key.raw()[text.len()..].iter().all(|&b| b == 0);
    if tail_zero && text.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        ("key", String::from_utf8_lossy(text).into_owned())
    } else {
        ("key_hex", key.raw().iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// `ifconfig --carp [-a | IFACE]`, `--json --carp`.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(), CliError> {
    let selection = Selection::of(opts)?;
    let mut target = Target::open(opts, false)?;
    let demotion = match &target {
        Target::File(session) => session.sysctl(DEMOTION_SYSCTL),
        Target::System(_) => 0,
    };
    let backend = target.backend();
    let release = backend.release();
    let listed = backend.list_interfaces()?;
    let report = Report::new(release, demotion, &selection.pick(listed, opts)?);
    let text = if opts.json { report.json(opts.keys) } else { report.table(opts.keys) };
    crate::write(out, &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcarpctl::{CarpState, Vhid};

    fn status(vhid: i64, advskew: i32) -> CarpStatus {
        let mut c = CarpStatus::new_vhid(Vhid::new(vhid).unwrap());
        c.state = CarpState::Master;
        c.advskew = advskew;
        c
    }

    #[test]
    fn demotion_is_clamped_like_the_kernel() {
        assert_eq!(effective_skew(0, 0), 0);
        assert_eq!(effective_skew(100, 50), 150);
        assert_eq!(effective_skew(200, 240), 240);
        assert_eq!(effective_skew(10, -50), 0);
        assert_eq!(effective_skew(254, i64::MAX), 240);
    }

    #[test]
    fn keys_only_when_asked_and_returned() {
        let mut c = status(1, 0);
        c.key = Key::from_passphrase(b"hunter2");
        let iface = Interface { name: "em0".into(), carp: vec![c, status(2, 0)], ..Interface::default() };
        let r = Report::new(Release::V14_0, 0, &[iface]);
        assert!(!r.table(false).contains("hunter2") && !r.table(false).contains("KEY"));
        assert!(!r.json(false).contains("hunter2"));
        assert!(r.table(true).contains("  hunter2\n"));
        assert!(r.json(true).contains("\"key\": \"hunter2\""));
    }

    #[test]
    fn odd_key_bytes_stay_on_one_line() {
        let mut c = status(1, 0);
        c.key = Key::from_bytes(b"a\nb\x01");
        assert_eq!(shown_key(&c.key), "a\\nb\\x01");
        assert_eq!(key_field(&c.key).0, "key_hex");
    }

    #[test]
    fn rows_sorted_by_vhid_with_their_addresses() {
        let iface =
            Interface { name: "em0".into(), carp: vec![status(9, 0), status(3, 0)], ..Interface::default() };
        let r = Report::new(Release::V10_0, 0, &[iface]);
        let vhids: Vec<u8> = r.rows.iter().map(|r| r.status.vhid.get()).collect();
        assert_eq!(vhids, [3, 9]);
        let t = r.table(false);
        assert!(t.starts_with("IFACE  VHID  STATE   BASE  SKEW  DEMOTED  ADDRESSES\n"), "{t}");
    }
}
