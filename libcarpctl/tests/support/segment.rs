//! A simulated Ethernet segment for the protocol engine: every node is an
//! `Engine` with one or more interfaces on the same wire; each `Send` is
//! delivered to the other nodes after a fixed delay (multicast to all,
//! unicast to the node owning the destination). Nodes can be killed,
//! links taken down, the wire partitioned and healed. Time is simulated:
//! an hour of protocol runs in milliseconds.

#![allow(dead_code)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use libcarpctl::engine::{Action, Engine, IfRef, Received, Settings, VhidConfig};
use libcarpctl::{CarpState, Vhid};

/// One state change seen on the wire's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub at: Duration,
    pub node: usize,
    pub vhid: Vhid,
    pub from: CarpState,
    pub to: CarpState,
    pub reason: &'static str,
}

/// One advertisement sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub at: Duration,
    pub node: usize,
    pub ifindex: u32,
    pub vhid: Vhid,
    pub dst: IpAddr,
    pub bytes: Vec<u8>,
}

pub struct Node {
    pub engine: Engine,
    pub alive: bool,
    /// Partition group: packets only cross within a group.
    pub group: u32,
    /// Interfaces whose link is down (no delivery either way).
    pub down: Vec<u32>,
    /// Report every send as failed.
    pub send_fails: bool,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Delivery {
    at: Duration,
    seq: u64,
    to: usize,
    ifindex: u32,
    src: IpAddr,
    dst: IpAddr,
    bytes: Vec<u8>,
}

pub struct Segment {
    pub nodes: Vec<Node>,
    pub now: Duration,
    pub delay: Duration,
    queue: BinaryHeap<Reverse<Delivery>>,
    seq: u64,
    pub transitions: Vec<Transition>,
    pub sent: Vec<Sent>,
}

pub fn vhid(n: u8) -> Vhid {
    Vhid::new(n.into()).unwrap()
}

/// Node `i`'s own (non-virtual) addresses: 192.0.2.(i+1), 2001:db8::(i+1).
pub fn src4(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(192, 0, 2, (i + 1) as u8)
}

pub fn src6(i: usize) -> Ipv6Addr {
    Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, (i + 1) as u16)
}

/// The virtual address of vhid `n`: 198.51.100.n.
pub fn vip(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(198, 51, 100, n)
}

pub fn ifref(i: usize, ifindex: u32) -> IfRef {
    IfRef { src4: Some(src4(i)), src6: Some(src6(i)), ..IfRef::new(ifindex, &format!("em{}", ifindex - 1)) }
}

impl Segment {
    /// `n` nodes with `settings`, each seeded differently; `delay` per hop.
    pub fn new(n: usize, settings: Settings, delay: Duration) -> Segment {
        let nodes = (0..n)
            .map(|i| Node {
                engine: Engine::new(settings, 1000 + i as u64),
                alive: true,
                group: 0,
                down: Vec::new(),
                send_fails: false,
            })
            .collect();
        Segment {
            nodes,
            now: Duration::ZERO,
            delay,
            queue: BinaryHeap::new(),
            seq: 0,
            transitions: Vec::new(),
            sent: Vec::new(),
        }
    }

    /// Configure `cfg` on node `i`, interface `ifindex`, with IPv4 addresses `v4`.
    pub fn configure(&mut self, i: usize, ifindex: u32, cfg: &VhidConfig, v4: &[Ipv4Addr]) {
        self.configure_dual(i, ifindex, cfg, v4, &[]);
    }

    /// Configure with addresses of both families.
    pub fn configure_dual(
        &mut self,
        i: usize,
        ifindex: u32,
        cfg: &VhidConfig,
        v4: &[Ipv4Addr],
        v6: &[Ipv6Addr],
    ) {
        let now = self.now;
        let e = &mut self.nodes[i].engine;
        e.configure(now, &ifref(i, ifindex), cfg).unwrap();
        e.set_addresses(now, ifindex, cfg.vhid, v4, v6).unwrap();
        self.drain(i);
    }

    /// Drive node `i` with `f`, then handle its actions.
    pub fn with(&mut self, i: usize, f: impl FnOnce(&mut Engine, Duration)) {
        let now = self.now;
        f(&mut self.nodes[i].engine, now);
        self.drain(i);
    }

    fn drain(&mut self, i: usize) {
        while let Some(a) = self.nodes[i].engine.poll_action() {
            match a {
                Action::Send { ifindex, vhid, dst, packet } => {
                    let ok = !self.nodes[i].send_fails && !self.nodes[i].down.contains(&ifindex);
                    let now = self.now;
                    self.nodes[i].engine.send_result(now, ifindex, vhid, ok);
                    if ok {
                        self.sent.push(Sent {
                            at: now,
                            node: i,
                            ifindex,
                            vhid,
                            dst,
                            bytes: packet.bytes().to_vec(),
                        });
                        self.transmit(i, ifindex, dst, packet.bytes());
                    }
                }
                Action::StateChanged { vhid, from, to, reason, .. } => {
                    self.transitions.push(Transition { at: self.now, node: i, vhid, from, to, reason });
                }
                Action::BecomeMaster { .. } | Action::BecomeBackup { .. } => {}
            }
        }
    }

    fn transmit(&mut self, from: usize, ifindex: u32, dst: IpAddr, bytes: &[u8]) {
        let src = match dst {
            IpAddr::V4(_) => IpAddr::V4(src4(from)),
            IpAddr::V6(_) => IpAddr::V6(src6(from)),
        };
        let group = self.nodes[from].group;
        for to in 0..self.nodes.len() {
            let n = &self.nodes[to];
            let addressed = dst.is_multicast() || dst == IpAddr::V4(src4(to)) || dst == IpAddr::V6(src6(to));
            if to != from && n.group == group && addressed && !n.down.contains(&ifindex) {
                self.seq += 1;
                let d = Delivery {
                    at: self.now + self.delay,
                    seq: self.seq,
                    to,
                    ifindex,
                    src,
                    dst,
                    bytes: bytes.to_vec(),
                };
                self.queue.push(Reverse(d));
            }
        }
    }

    /// Run until `end`: deliveries and timers in time order.
    pub fn run_until(&mut self, end: Duration) {
        loop {
            let next_delivery = self.queue.peek().map(|Reverse(d)| d.at);
            let next_timer = (0..self.nodes.len())
                .filter(|&i| self.nodes[i].alive)
                .filter_map(|i| self.nodes[i].engine.poll_timeout().map(|t| (t, i)))
                .min();
            let deliver_first = match (next_delivery, next_timer) {
                (Some(d), Some((t, _))) => d <= t,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if deliver_first {
                let at = next_delivery.unwrap();
                if at > end {
                    break;
                }
                let Reverse(d) = self.queue.pop().unwrap();
                self.now = at;
                if self.nodes[d.to].alive {
                    let pkt = Received { src: d.src, dst: d.dst, ttl: 255, payload: &d.bytes };
                    self.nodes[d.to].engine.receive(at, d.ifindex, &pkt);
                    self.drain(d.to);
                }
            } else {
                let (t, i) = next_timer.unwrap();
                if t > end {
                    break;
                }
                self.now = t;
                self.nodes[i].engine.handle_timeout(t);
                self.drain(i);
            }
        }
        self.now = end;
    }

    pub fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        self.run_until(end);
    }

    /// The node stops dead: no timers, no input (its packets in flight still arrive).
    pub fn kill(&mut self, i: usize) {
        self.nodes[i].alive = false;
    }

    pub fn partition(&mut self, groups: &[&[usize]]) {
        for (g, members) in groups.iter().enumerate() {
            for &i in *members {
                self.nodes[i].group = g as u32;
            }
        }
    }

    pub fn heal(&mut self) {
        for n in &mut self.nodes {
            n.group = 0;
        }
    }

    /// Node `i` loses or regains link on `ifindex`.
    pub fn link(&mut self, i: usize, ifindex: u32, up: bool) {
        self.nodes[i].down.retain(|&x| x != ifindex);
        if !up {
            self.nodes[i].down.push(ifindex);
        }
        self.with(i, |e, now| e.link_changed(now, ifindex, up));
    }

    pub fn state(&self, i: usize, ifindex: u32, v: Vhid) -> CarpState {
        self.state_of(i, ifindex, v).expect("the node has that vhid")
    }

    pub fn state_of(&self, i: usize, ifindex: u32, v: Vhid) -> Option<CarpState> {
        self.nodes[i].engine.status().find(|s| s.ifindex == ifindex && s.vhid == v).map(|s| s.state)
    }

    /// The live nodes that are MASTER of `v` on `ifindex`.
    pub fn masters(&self, ifindex: u32, v: Vhid) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].alive && self.state_of(i, ifindex, v) == Some(CarpState::Master))
            .collect()
    }

    /// The last advertisement node `i` sent for `v` at or before `t`.
    pub fn last_sent(&self, i: usize, v: Vhid, t: Duration) -> Duration {
        self.sent.iter().filter(|s| s.node == i && s.vhid == v && s.at <= t).map(|s| s.at).max().unwrap()
    }

    /// When node `i` became MASTER of `v` after `t`.
    pub fn became_master_after(&self, i: usize, v: Vhid, t: Duration) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|tr| tr.node == i && tr.vhid == v && tr.to == CarpState::Master && tr.at > t)
    }

    /// Transitions (of live nodes) after `t`.
    pub fn transitions_after(&self, t: Duration) -> Vec<&Transition> {
        self.transitions.iter().filter(|tr| tr.at > t && self.nodes[tr.node].alive).collect()
    }
}
