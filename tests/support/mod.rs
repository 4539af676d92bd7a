//! Helpers for running the built `ifconfig` against a throw-away host file.

#[cfg(target_os = "linux")]
pub mod netns;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// What one run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Assert success with no output at all (a configuring command).
    #[track_caller]
    pub fn silent_ok(&self) {
        assert_eq!((self.code, self.stdout.as_str(), self.stderr.as_str()), (0, "", ""), "{self:?}");
    }

    /// Assert FreeBSD's failure shape: `ifconfig: MSG` on stderr, nothing on stdout, exit 1.
    #[track_caller]
    pub fn fails_with(&self, msg: &str) {
        assert_eq!(self.code, 1, "{self:?}");
        assert_eq!(self.stdout, "", "{self:?}");
        assert_eq!(self.stderr, format!("ifconfig: {msg}\n"), "{self:?}");
    }
}

/// A host file in its own temporary directory, removed on drop.
pub struct TestHost {
    dir: PathBuf,
    pub path: PathBuf,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

pub fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

impl TestHost {
    /// A host from JSON text.
    pub fn from_json(text: &str) -> TestHost {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("ifconfig-rs-test-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("host.json");
        std::fs::write(&path, text).unwrap();
        TestHost { dir, path }
    }

    /// A fresh copy of `examples/seed-host.json`.
    pub fn seed() -> TestHost {
        Self::from_json(&std::fs::read_to_string(repo_file("examples/seed-host.json")).unwrap())
    }

    /// The seed host with another release, privilege, or other edits.
    pub fn seed_with(edit: impl Fn(&mut serde_json::Value)) -> TestHost {
        let text = std::fs::read_to_string(repo_file("examples/seed-host.json")).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&mut v);
        Self::from_json(&serde_json::to_string_pretty(&v).unwrap())
    }

    /// Run `ifconfig --model PATH ARGS...` (ARGS split on spaces).
    pub fn run(&self, args: &str) -> Run {
        let mut all = vec!["--model".to_string(), self.path.display().to_string()];
        all.extend(args.split_whitespace().map(String::from));
        run_raw(&all)
    }

    /// The host file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }
}

impl Drop for TestHost {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// FreeBSD's failure `msg` for `args`, exit 1, and the host file untouched.
#[track_caller]
pub fn refused(h: &TestHost, args: &str, msg: &str) {
    let before = h.bytes();
    h.run(args).fails_with(msg);
    assert!(before == h.bytes(), "{args}: the host file changed");
}

/// Run the binary with exactly these arguments.
pub fn run_raw(args: &[String]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ifconfig"))
        .args(args)
        .env_remove("IFCONFIG_MODEL")
        .env_remove("IFCONFIG_FORMAT")
        .output()
        .expect("run ifconfig");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A golden file under tests/golden.
pub fn golden(name: &str) -> String {
    std::fs::read_to_string(repo_file(&format!("tests/golden/{name}"))).unwrap()
}

/// Show both texts when they differ.
#[track_caller]
pub fn assert_text(actual: &str, expected: &str) {
    if actual != expected {
        panic!("output differs\n--- expected ---\n{expected}--- actual ---\n{actual}--- end ---");
    }
}

/// Run our ifconfig inside a namespace with exactly these arguments (words
/// with spaces stay one argument).
#[cfg(target_os = "linux")]
pub fn netns_run(ns: &netns::Netns, args: &[&str]) -> Run {
    let out = ns.exec(env!("CARGO_BIN_EXE_ifconfig"), args, &["IFCONFIG_MODEL", "IFCONFIG_FORMAT"]);
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}
