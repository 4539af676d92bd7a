//! Helpers shared by the workspace's tests (a dev-dependency of each crate):
//! whether the namespace tests may run ([`root_or_skip`]), a Linux network
//! namespace a test creates and always removes ([`Netns`]), and running
//! commands ([`sh`], [`have`]).
//!
//! ```no_run
//! use test_support::{root_or_skip, Netns};
//!
//! if root_or_skip("my_test") {
//!     let ns = Netns::new();
//!     ns.ip(&["link", "add", "br0", "type", "bridge"]);
//!     let json = ns.ip_json(&["addr"]);
//!     let answer = ns.run(|| /* code that opens its sockets in the namespace */ 42);
//! } // the namespace is deleted here, even if the test panicked
//! ```

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// Whether the caller may create namespaces (root). When not, the test is
/// reported as skipped by name (`SKIPPED (needs root): NAME`) and should
/// return, except under CI (`CI=true`), where not being root fails it.
pub fn root_or_skip(test: &str) -> bool {
    if nix::unistd::geteuid().is_root() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: network-namespace tests need root, and CI must run them");
    }
    eprintln!("SKIPPED (needs root): {test}");
    false
}

/// Whether an external program is installed (ucarp, keepalived, tshark).
pub fn have(prog: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {prog}")]).output().is_ok_and(|o| o.status.success())
}

/// Run a command that must succeed; its stdout.
pub fn sh(argv: &[&str]) -> String {
    run(argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"))
}

/// Run a command: its stdout, or its stderr when it fails.
pub fn run(argv: &[&str]) -> Result<String, String> {
    let out = Command::new(argv[0]).args(&argv[1..]).output().map_err(|e| format!("{}: {e}", argv[0]))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A network namespace `carpctl-<pid>-<n>` (unique per process), deleted
/// when dropped.
#[derive(Debug)]
pub struct Netns {
    name: String,
}

impl Default for Netns {
    fn default() -> Self {
        Netns::new()
    }
}

impl Netns {
    /// Create a fresh namespace (with its loopback up).
    pub fn new() -> Netns {
        let name = format!("carpctl-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        run(&["ip", "netns", "add", &name]).unwrap_or_else(|e| panic!("ip netns add {name}: {e}"));
        let ns = Netns { name };
        ns.ip(&["link", "set", "lo", "up"]);
        ns
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `ip -n NS ARGS`, which must succeed; its stdout.
    pub fn ip(&self, args: &[&str]) -> String {
        self.try_ip(args).unwrap_or_else(|e| panic!("ip -n {} {}: {e}", self.name, args.join(" ")))
    }

    /// `ip -n NS ARGS`: stdout, or stderr on failure.
    pub fn try_ip(&self, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["ip", "-n", &self.name];
        all.extend_from_slice(args);
        run(&all)
    }

    /// `ip -n NS -j ARGS`, parsed.
    pub fn ip_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["-j"];
        all.extend_from_slice(args);
        let out = self.ip(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("ip -j {}: {e}: {out}", args.join(" ")))
    }

    /// Run `program ARGS` inside the namespace (`ip netns exec`), with
    /// `env_remove` taken out of its environment.
    pub fn exec(&self, program: &str, args: &[&str], env_remove: &[&str]) -> Output {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name, program]).args(args);
        for k in env_remove {
            cmd.env_remove(k);
        }
        cmd.output().unwrap_or_else(|e| panic!("ip netns exec {} {program}: {e}", self.name))
    }

    /// The namespace's file under `/run/netns`.
    pub fn path(&self) -> PathBuf {
        PathBuf::from("/run/netns").join(&self.name)
    }

    /// Run `f` on a thread that has entered the namespace (setns(2) moves
    /// only the calling thread); sockets `f` opens belong to it. A panic in
    /// `f` is passed on.
    #[cfg(target_os = "linux")]
    pub fn run<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        let path = self.path();
        std::thread::scope(|s| {
            let handle = s.spawn(move || {
                let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                nix::sched::setns(&file, nix::sched::CloneFlags::CLONE_NEWNET).expect("setns(CLONE_NEWNET)");
                f()
            });
            match handle.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        if let Err(e) = run(&["ip", "netns", "del", &self.name]) {
            eprintln!("warning: could not delete network namespace {}: {e}", self.name);
        }
    }
}

/// Whether a namespace called `name` exists.
pub fn exists(name: &str) -> bool {
    PathBuf::from("/run/netns").join(name).exists()
}
