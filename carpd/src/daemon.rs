//! The daemon: one mio event loop over the two raw CARP sockets, the link
//! monitor, a signalfd and the control socket; the engine's next timeout is
//! the poll timeout (no polling loop). Everything the engine asks for is
//! done here: sends, address ownership, logs and hooks.

use std::collections::BTreeMap;
use std::io;
use std::net::IpAddr;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::time::Instant;

use libcarpctl::engine::{Action, Engine, IfRef, Packet, Received, Settings, Time, VhidConfig};
use libcarpctl::{CarpSet, Vhid};
use mio::net::UnixListener;
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Token};
use nix::sys::signal::{SigSet, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};

use crate::config::{Config, VipAddr};
use crate::control::{self, Reply, Request};
use crate::ifaddrs::source_addrs;
use crate::linkmon::{self, LinkMonitor};
use crate::notify::Notifier;
use crate::options::Options;
use crate::owner::Owner;
use crate::sockets::CarpSocket;
use crate::{report, settings};

mod kernel;

const V4: Token = Token(0);
const V6: Token = Token(1);
const LINK: Token = Token(2);
const SIGNAL: Token = Token(3);
const CONTROL: Token = Token(4);

/// Read the file (if any) and apply `--sysctl` options over it.
pub fn load_config(opts: &Options) -> Result<Config, String> {
    let mut cfg = match &opts.config {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Config::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?
        }
        None => Config::default(),
    };
    for (name, value) in &opts.sysctls {
        settings::set(&mut cfg.settings, name, value)?;
    }
    for (ifname, iface) in &cfg.ifaces {
        for c in iface.vhids.values() {
            vhid_config(c).map_err(|e| format!("{ifname} vhid {}: {e}", c.vhid))?;
        }
    }
    Ok(cfg)
}

/// The engine's full configuration of a vhid from what the file said.
fn vhid_config(c: &libcarpctl::CarpConfig) -> Result<VhidConfig, String> {
    let mut v =
        VhidConfig::apply_set(None, &c.overlay(CarpSet::zeroed(c.vhid))).map_err(|e| e.to_string())?;
    v.state = c.state;
    Ok(v)
}

/// One interface carrying vhids.
struct Iface {
    name: String,
    /// Each vhid's configuration as last set (the base of a netlink SET).
    configs: BTreeMap<u8, VhidConfig>,
    /// The interface's own addresses advertisements leave from.
    src4: Option<std::net::Ipv4Addr>,
    src6: Option<std::net::Ipv6Addr>,
    /// Each vhid's addresses, with prefixes (the engine knows them bare).
    vips: BTreeMap<u8, Vec<VipAddr>>,
}

struct Daemon {
    poll: Poll,
    engine: Engine,
    epoch: Instant,
    v4: CarpSocket,
    v6: CarpSocket,
    links: LinkMonitor,
    signals: SignalFd,
    control: UnixListener,
    socket_path: PathBuf,
    ifaces: BTreeMap<u32, Iface>,
    owner: Owner,
    notify: Notifier,
    settings: Settings,
    stop: bool,
}

/// Run until SIGTERM/SIGINT; everything added is removed on the way out.
pub fn run(opts: Options) -> Result<(), String> {
    let cfg = load_config(&opts)?;
    let mut d = Daemon::new(&opts, &cfg).map_err(|e| format!("start: {e}"))?;
    let r = d.event_loop();
    d.shutdown();
    r.map_err(|e| e.to_string())
}

impl Daemon {
    fn new(opts: &Options, cfg: &Config) -> io::Result<Daemon> {
        let socket_path = control::socket_path(opts.socket.as_deref());
        let state_file = opts.state.clone().unwrap_or_else(|| {
            let mut s = socket_path.clone().into_os_string();
            s.push(".state");
            PathBuf::from(s)
        });
        // Signals arrive on a descriptor, so the loop sees them like packets.
        let mut mask = SigSet::empty();
        for s in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
            mask.add(s);
        }
        mask.thread_block()?;
        let signals = SignalFd::with_flags(&mask, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)?;

        let owner = Owner::start(state_file);
        let _ = std::fs::remove_file(&socket_path);
        let mut control = UnixListener::bind(&socket_path)?;
        let (v4, v6) = (CarpSocket::v4()?, CarpSocket::v6()?);
        let links = LinkMonitor::open()?;
        let poll = Poll::new()?;
        let reg = poll.registry();
        reg.register(&mut SourceFd(&v4.raw_fd()), V4, Interest::READABLE)?;
        reg.register(&mut SourceFd(&v6.raw_fd()), V6, Interest::READABLE)?;
        reg.register(&mut SourceFd(&links.raw_fd()), LINK, Interest::READABLE)?;
        reg.register(&mut SourceFd(&signals.as_raw_fd()), SIGNAL, Interest::READABLE)?;
        reg.register(&mut control, CONTROL, Interest::READABLE)?;

        let settings = cfg.settings;
        let seed = u64::from(std::process::id()) ^ Instant::now().elapsed().as_nanos() as u64 ^ now_nanos();
        let mut d = Daemon {
            poll,
            engine: Engine::new(settings, seed),
            epoch: Instant::now(),
            v4,
            v6,
            links,
            signals,
            control,
            socket_path,
            ifaces: BTreeMap::new(),
            owner,
            notify: Notifier::new(opts.syslog, opts.hook.clone()),
            settings,
            stop: false,
        };
        d.configure(cfg)?;
        Ok(d)
    }

    fn now(&self) -> Time {
        self.epoch.elapsed()
    }

    /// Hand every vhid of the file to the engine.
    fn configure(&mut self, cfg: &Config) -> io::Result<()> {
        for (ifname, ic) in &cfg.ifaces {
            for c in ic.vhids.values() {
                let vc = vhid_config(c).map_err(io::Error::other)?;
                let index = self.set_vhid(ifname, vc)?;
                let vips = ic.addrs.get(&c.vhid.get()).cloned().unwrap_or_default();
                self.set_vips(index, c.vhid, vips)?;
            }
        }
        Ok(())
    }

    /// The interface carrying vhids by name: on first use, join the groups
    /// on it and tell the engine its link state.
    fn iface(&mut self, ifname: &str) -> io::Result<u32> {
        let index = nix::net::if_::if_nametoindex(ifname)
            .map_err(|_| io::Error::new(io::ErrorKind::NotFound, format!("{ifname}: no such interface")))?;
        if let std::collections::btree_map::Entry::Vacant(slot) = self.ifaces.entry(index) {
            let (src4, src6) = source_addrs(ifname);
            slot.insert(Iface { name: ifname.to_string(), src4, src6, configs: BTreeMap::new(), vips: BTreeMap::new() });
            if let Err(e) = self.v4.join(index) {
                self.notify.log(&format!("carpd: {ifname}: join 224.0.0.18: {e}"));
            }
            if let Err(e) = self.v6.join(index) {
                self.notify.log(&format!("carpd: {ifname}: join ff02::12: {e}"));
            }
        }
        Ok(index)
    }

    /// Create or change a vhid.
    fn set_vhid(&mut self, ifname: &str, vc: VhidConfig) -> io::Result<u32> {
        let index = self.iface(ifname)?;
        let now = self.now();
        let iface = &self.ifaces[&index];
        let ifr = IfRef { index, name: iface.name.clone(), src4: iface.src4, src6: iface.src6 };
        let new_iface = iface.configs.is_empty();
        self.engine.configure(now, &ifr, &vc).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        if let Some(iface) = self.ifaces.get_mut(&index) {
            iface.configs.insert(vc.vhid.get(), VhidConfig { state: None, ..vc });
        }
        if new_iface {
            self.engine.link_changed(now, index, linkmon::is_up(ifname));
        }
        Ok(index)
    }

    /// Set a vhid's addresses.
    fn set_vips(&mut self, index: u32, vhid: Vhid, vips: Vec<VipAddr>) -> io::Result<()> {
        let now = self.now();
        let (v4, v6) = crate::config::split_families(&vips);
        self.engine
            .set_addresses(now, index, vhid, &v4, &v6)
            .map_err(|e| io::Error::new(io::ErrorKind::NotFound, e.to_string()))?;
        if let Some(iface) = self.ifaces.get_mut(&index) {
            iface.vips.insert(vhid.get(), vips);
        }
        Ok(())
    }

    fn event_loop(&mut self) -> io::Result<()> {
        let mut events = Events::with_capacity(64);
        self.engine.handle_timeout(self.now());
        self.run_actions();
        while !self.stop {
            let timeout = self.engine.poll_timeout().map(|t| t.saturating_sub(self.now()));
            match self.poll.poll(&mut events, timeout) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => r?,
            }
            for ev in events.iter() {
                match ev.token() {
                    V4 => self.read_packets(false),
                    V6 => self.read_packets(true),
                    LINK => self.read_links(),
                    SIGNAL => self.read_signals(),
                    CONTROL => self.accept_control(),
                    _ => {}
                }
            }
            let now = self.now();
            if self.engine.poll_timeout().is_some_and(|t| t <= now) {
                self.engine.handle_timeout(now);
            }
            self.run_actions();
        }
        Ok(())
    }

    fn read_packets(&mut self, v6: bool) {
        let mut buf = [0u8; 2048];
        loop {
            let sock = if v6 { &self.v6 } else { &self.v4 };
            match sock.recv(&mut buf) {
                Ok((meta, range)) => {
                    if !self.ifaces.contains_key(&meta.ifindex) {
                        continue; // not an interface carrying a vhid
                    }
                    let rx = Received {
                        src: meta.src,
                        dst: meta.dst.unwrap_or(meta.src),
                        ttl: meta.ttl.unwrap_or(0),
                        payload: &buf[range],
                    };
                    let now = self.now();
                    self.engine.receive(now, meta.ifindex, &rx);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => continue,
                Err(e) => {
                    self.notify.log(&format!("carpd: receive: {e}"));
                    return;
                }
            }
        }
    }

    fn read_links(&mut self) {
        let mut news = Vec::new();
        let overrun = self.links.read(&mut news).unwrap_or(true);
        let now = self.now();
        if overrun {
            // We missed messages: ask each interface directly.
            for (index, iface) in &self.ifaces {
                self.engine.link_changed(now, *index, linkmon::is_up(&iface.name));
            }
            return;
        }
        for ev in news.into_iter().filter(|e| self.ifaces.contains_key(&e.ifindex)) {
            self.engine.link_changed(now, ev.ifindex, ev.up);
            if ev.up {
                // Rejoin: a link that went away and came back lost its groups.
                let _ = self.v4.join(ev.ifindex);
                let _ = self.v6.join(ev.ifindex);
            }
        }
    }

    fn read_signals(&mut self) {
        while let Ok(Some(info)) = self.signals.read_signal() {
            if info.ssi_signo != Signal::SIGHUP as u32 {
                self.notify.log(&format!("carpd: signal {}: stopping", info.ssi_signo));
                self.stop = true;
            }
        }
    }

    fn accept_control(&mut self) {
        while let Ok((stream, _)) = self.control.accept() {
            let std_stream = std::os::unix::net::UnixStream::from(std::os::fd::OwnedFd::from(stream));
            control::serve(std_stream, |req| match req {
                Ok(Request::Netlink { generic, bytes, privileged }) => {
                    let out = self.netlink(generic, &bytes, privileged);
                    self.run_actions();
                    Reply::Raw(out)
                }
                req => Reply::Text(req.and_then(|r| self.control_request(r))),
            });
        }
    }

    fn control_request(&mut self, req: Request) -> Result<String, String> {
        match req {
            Request::Status => Ok(self.render_status()),
            Request::Stats => Ok(report::stats(self.engine.stats())),
            Request::Get => Ok(settings::render(&self.settings)),
            Request::Netlink { .. } => Err("netlink requests are answered in netlink".to_string()),
            Request::Set(name, value) => {
                let mut s = self.settings;
                settings::set(&mut s, &name, &value)?;
                self.settings = s;
                let now = self.now();
                self.engine.set_settings(now, s);
                self.run_actions();
                Ok(settings::render(&self.settings))
            }
        }
    }

    fn render_status(&self) -> String {
        report::status(self.engine.status())
    }

    /// Do what the engine asked: sends first (the advertisement matters
    /// most), then address ownership, logs and hooks.
    fn run_actions(&mut self) {
        while let Some(a) = self.engine.poll_action() {
            match a {
                Action::Send { ifindex, vhid, dst, mut packet } => {
                    let ok = self.send(ifindex, vhid, dst, &mut packet);
                    let now = self.now();
                    self.engine.send_result(now, ifindex, vhid, ok);
                }
                Action::BecomeMaster { ifindex, vhid, .. } => {
                    let Some(iface) = self.ifaces.get(&ifindex) else { continue };
                    let vips = iface.vips.get(&vhid.get()).cloned().unwrap_or_default();
                    if let Err(e) = self.owner.take(&iface.name, ifindex, vhid.get(), &vips) {
                        self.notify.log(&format!("carpd: {vhid}@{}: taking addresses: {e}", iface.name));
                    }
                }
                Action::BecomeBackup { ifindex, vhid, .. } => self.owner.release(ifindex, vhid.get()),
                Action::StateChanged { ifname, vhid, from, to, reason, .. } => {
                    if self.settings.log > 0 {
                        self.notify.state_change(vhid.get(), &ifname, from.name(), to.name(), reason);
                    }
                }
            }
        }
    }

    /// Send one advertisement out of the vhid's interface, from its own
    /// address (sealing VRRP's checksum for it); true if the kernel took it.
    fn send(&mut self, ifindex: u32, vhid: Vhid, dst: IpAddr, packet: &mut Packet) -> bool {
        let Some(iface) = self.ifaces.get(&ifindex) else { return false };
        let src = match dst {
            IpAddr::V4(_) => iface.src4.map(IpAddr::V4),
            IpAddr::V6(_) => iface.src6.map(IpAddr::V6),
        };
        packet.seal(src.unwrap_or_else(|| crate::sockets::unspecified_like(dst)), dst);
        // IPv4 leaves through the vhid's macvlan while MASTER (virtual MAC as
        // Ethernet source); IPv6 from the parent, whose link-local it uses.
        let (sock, out) = match dst {
            IpAddr::V4(_) => (&self.v4, self.owner.vmac_index(ifindex, vhid.get()).unwrap_or(ifindex)),
            IpAddr::V6(_) => (&self.v6, ifindex),
        };
        match sock.send(dst, out, src, packet.bytes()) {
            Ok(()) => true,
            Err(e) => {
                if self.settings.log > 1 {
                    self.notify.log(&format!("carpd: {vhid}@{}: send: {e}", iface.name));
                }
                false
            }
        }
    }

    /// Leave the groups, give up the addresses, remove the socket.
    fn shutdown(&mut self) {
        let now = self.now();
        let vhids: Vec<(u32, Vhid)> = self.engine.status().map(|v| (v.ifindex, v.vhid)).collect();
        for (index, vhid) in vhids {
            let _ = self.engine.remove(now, index, vhid);
        }
        self.run_actions();
        for index in self.ifaces.keys() {
            self.v4.leave(*index);
            self.v6.leave(*index);
        }
        self.owner.release_all();
        let _ = std::fs::remove_file(&self.socket_path);
    }
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}
