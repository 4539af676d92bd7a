//! `--completions`: the scripts generate, parse, and complete.

use std::process::Command;

use super::three_vhids;
use crate::support::{run_raw, TestHost};

fn completions(shell: &str) -> String {
    let r = run_raw(&["--completions".into(), shell.into()]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    assert!(r.stdout.contains("ifconfig"), "{shell}");
    r.stdout
}

fn shell_exists(name: &str) -> bool {
    Command::new(name).arg("-c").arg("true").output().is_ok_and(|o| o.status.success())
}

#[test]
fn completion_scripts_generate_and_parse() {
    for (shell, check) in [("bash", vec!["-n"]), ("zsh", vec!["-n"]), ("fish", vec!["--no-execute"])] {
        let script = completions(shell);
        if shell != "bash" && !shell_exists(shell) {
            eprintln!("{shell} is not installed: syntax check skipped");
            continue;
        }
        let h = TestHost::seed();
        let file = h.path.with_file_name(format!("ifconfig.{shell}"));
        std::fs::write(&file, &script).unwrap();
        let out = Command::new(shell).args(&check).arg(&file).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let bad = run_raw(&["--completions".into(), "tcsh".into()]);
    assert_eq!(bad.code, 1);
}

/// Run the bash completion function on `words` (the last one is being
/// completed) and return its candidates.
fn bash_complete(h: &TestHost, words: &[&str]) -> Vec<String> {
    let file = h.path.with_file_name("ifconfig.bash");
    std::fs::write(&file, completions("bash")).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source '{}'; COMP_WORDS=('{}' {}); COMP_CWORD={}; _ifconfig_rs; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        env!("CARGO_BIN_EXE_ifconfig"),
        quoted.join(" "),
        words.len()
    );
    let out = Command::new("bash").arg("-c").arg(script).env_remove("IFCONFIG_MODEL").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.is_empty()).map(String::from).collect()
}

#[test]
fn bash_completion_completes_interfaces_options_and_keywords() {
    let h = three_vhids();
    let model = h.path.display().to_string();
    assert_eq!(bash_complete(&h, &["--model", &model, ""]), ["igb0", "igb1"]);
    assert_eq!(bash_complete(&h, &["--model", &model, "-k", "igb"]), ["igb0", "igb1"]);
    assert!(bash_complete(&h, &["--dr"]).contains(&"--dry-run".to_string()));
    assert_eq!(bash_complete(&h, &["--model", &model, "igb0", "vh"]), ["vhid"]);
    // 802.11 words complete only after a wlan interface, after the others.
    let wlan = ["vhid", "vht", "vht40", "vht80", "vht80p80", "vht160"];
    assert_eq!(bash_complete(&h, &["--model", &model, "wlan0", "vh"]), wlan);
    assert!(bash_complete(&h, &["igb0", "ssi"]).is_empty());
    assert_eq!(bash_complete(&h, &["wlan0", "ssi"]), ["ssid"]);
    assert_eq!(bash_complete(&h, &["igb0", "inet6", "2001:db8::1", "vhid", "1", "state", "m"]), ["master"]);
    assert!(bash_complete(&h, &["igb0", "vhid", ""]).is_empty());
    assert_eq!(bash_complete(&h, &["--backend", "n"]), ["netlink"]);
}

#[test]
fn zsh_completion_completes_interfaces_and_keywords() {
    if !shell_exists("zsh") {
        eprintln!("zsh is not installed: skipped");
        return;
    }
    let h = three_vhids();
    let file = h.path.with_file_name("_ifconfig");
    std::fs::write(&file, completions("zsh")).unwrap();
    // Outside a completion widget: stand-ins for zsh's completion builtins.
    let script = format!(
        r#"compadd() {{ [[ $1 == -- ]] && shift; print -l -- "$@" }}
_describe() {{ local -a arr; arr=("${{(@P)4}}"); print -l -- "${{arr[@]%%:*}}" }}
_files() {{ }}
compdef() {{ }}
source '{file}'
t() {{ words=("$@"); CURRENT=$#; PREFIX=${{words[CURRENT]}}; _ifconfig_rs | grep -- "^$PREFIX" | tr '\n' ' '; print }}
t '{bin}' --model '{model}' ''
t '{bin}' igb0 vh
t '{bin}' wlan0 vh
t '{bin}' igb0 vhid 1 state ''
t '{bin}' --dr
"#,
        file = file.display(),
        bin = env!("CARGO_BIN_EXE_ifconfig"),
        model = h.path.display()
    );
    let out = Command::new("zsh").arg("-f").arg("-c").arg(script).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text, "igb0 igb1 \nvhid \nvhid vht vht40 vht80 vht80p80 vht160 \nmaster backup init \n--dry-run \n",
        "{out:?}"
    );
}

#[test]
fn fish_completion_completes_interfaces_and_keywords() {
    if !shell_exists("fish") {
        eprintln!("fish is not installed: skipped");
        return;
    }
    let h = three_vhids();
    let dir = h.path.parent().unwrap().join("fish");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ifconfig.fish"), completions("fish")).unwrap();
    let bin = dir.join("ifconfig");
    let _ = std::fs::remove_file(&bin);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ifconfig"), &bin).unwrap();
    let model = h.path.display();
    let script = format!(
        "set -x PATH '{d}' $PATH; set fish_complete_path '{d}' $fish_complete_path
complete -C 'ifconfig --model {model} ' | string join ' '
complete -C 'ifconfig igb0 vh' | string join ' '
complete -C 'ifconfig wlan0 vh' | string join ' '
complete -C 'ifconfig igb0 vhid 1 state ' | string join ' '
complete -C 'ifconfig igb0 vhid ' | string join ' '
echo end",
        d = dir.display()
    );
    let out = Command::new("fish").arg("--no-config").arg("-c").arg(script).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text, "igb0 igb1\nvhid\nvhid vht vht40 vht80 vht80p80 vht160\nbackup init master\nend\n",
        "{out:?}"
    );
}
