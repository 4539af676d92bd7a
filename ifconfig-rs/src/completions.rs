//! `--completions bash|zsh|fish`: a completion script for the shell.
//!
//! The scripts complete the leading options, interface names (asking
//! `ifconfig -l` at completion time, with the `--model` of the line being
//! completed) and, after the interface, the family names and keywords of
//! the grammar tables. The word lists come from the same tables the parser
//! uses, so a new keyword or option completes without touching this file.

use crate::grammar::{self, Arity};
use crate::options::{self, Shell};

/// The family words that may follow the interface name.
pub const FAMILIES: &[&str] = &["inet", "inet6", "link", "ether", "lladdr"];

/// Leading options that take a value (the next word).
pub const VALUE_OPTIONS: &[&str] = &["-g", "-G", "-f", "-j", "--model", "--backend", "--completions"];

/// `-f` arguments.
const FORMATS: &str =
    "inet:cidr inet:dotted inet:hex inet6:cidr inet6:prefixlen ether:colon ether:dash ether:dotted";

/// Interface groups (see show::groups_of).
const GROUPS: &str = "all lo bridge vlan";

/// What each leading option does, for the shells that show descriptions.
pub fn describe(option: &str) -> Option<&'static str> {
    Some(match option {
        "-a" => "every interface",
        "-l" => "interface names only",
        "-u" => "only interfaces that are up",
        "-d" => "only interfaces that are down",
        "-D" => "show the driver name",
        "-k" => "show CARP keys",
        "-m" => "show capabilities and supported media",
        "-n" => "do not load modules",
        "-v" => "verbose",
        "-L" => "show address lifetimes",
        "-C" => "list interface cloners",
        "-g" => "only interfaces of a group",
        "-G" => "no interface of a group",
        "-f" => "address formats (type:format)",
        "-j" => "run in a jail",
        "--model" => "virtual FreeBSD host file",
        "--backend" => "kernel interface to use",
        "--json" => "print host-file JSON",
        "--dry-run" => "show what a command would change",
        "--carp" => "CARP status table",
        "--watch" => "with --carp: a line per state change",
        "--completions" => "print a completion script",
        "--help" => "print the usage",
        _ => return None,
    })
}

/// Families and keywords, in table order, without repeats; the 802.11
/// words are offered apart (see [`wlan_words`]).
fn words() -> Vec<&'static str> {
    let wireless: Vec<&str> = grammar::wireless_keywords().map(|k| k.name).collect();
    let mut out: Vec<&'static str> = FAMILIES.to_vec();
    for k in grammar::all_keywords().filter(|k| k.in_a_release()) {
        if !out.contains(&k.name) && !wireless.contains(&k.name) {
            out.push(k.name);
        }
    }
    out
}

/// The 802.11 keywords, offered only after a `wlan*` interface: on any
/// other interface FreeBSD refuses them, and offering them everywhere made
/// `vh` ambiguous between `vhid` and the `vht*` words.
fn wlan_words() -> Vec<&'static str> {
    let common = words();
    let mut out: Vec<&'static str> = Vec::new();
    for k in grammar::wireless_keywords() {
        if !out.contains(&k.name) && !common.contains(&k.name) {
            out.push(k.name);
        }
    }
    out
}

/// Keywords whose argument is free text (numbers, addresses, phrases).
fn free_argument_keywords() -> Vec<&'static str> {
    grammar::all_keywords()
        .filter(|k| k.in_a_release() && k.arity == Arity::One && k.name != "state")
        .map(|k| k.name)
        .collect()
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ")
}

/// The completion script for `shell` (pure).
pub fn script(shell: Shell) -> String {
    let opts = options::option_names();
    let fill = |template: &str| {
        template
            .replace("@OPTS@", &opts.join(" "))
            .replace("@WORDS@", &words().join(" "))
            .replace("@WLAN_WORDS@", &wlan_words().join(" "))
            .replace("@VALUE_CASE@", &VALUE_OPTIONS.join("|"))
            .replace("@ARG_CASE@", &free_argument_keywords().join("|"))
            .replace("@ARG_LIST@", &free_argument_keywords().join(" "))
            .replace("@FISH_VALUE_SWITCH@", &quoted(VALUE_OPTIONS))
            .replace("@FORMATS@", FORMATS)
            .replace("@GROUPS@", GROUPS)
    };
    match shell {
        Shell::Bash => fill(BASH),
        Shell::Zsh => {
            let described: Vec<String> =
                opts.iter().map(|o| format!("'{}:{}'", o, describe(o).unwrap_or(""))).collect();
            fill(ZSH).replace("@DESCRIBED@", &described.join(" "))
        }
        Shell::Fish => fill(FISH).replace("@FISH_OPTS@", &fish_options(&opts)),
    }
}

/// One `complete` line per leading option.
fn fish_options(opts: &[String]) -> String {
    let mut out = String::new();
    for o in opts {
        let spec = match o.strip_prefix("--") {
            Some(long) => format!("-l {long}"),
            None => format!("-s {}", o.trim_start_matches('-')),
        };
        let value = match o.as_str() {
            "--model" => " -r -F".to_string(),
            "--backend" => " -x -a 'auto netlink ioctl model'".to_string(),
            "--completions" => " -x -a 'bash zsh fish'".to_string(),
            "-f" => format!(" -x -a '{FORMATS}'"),
            "-g" | "-G" => format!(" -x -a '{GROUPS}'"),
            v if VALUE_OPTIONS.contains(&v) => " -x".to_string(),
            _ => String::new(),
        };
        let desc = describe(o).unwrap_or("");
        out.push_str(&format!(
            "complete -c ifconfig -n 'not __ifconfig_rs_iface_seen' {spec}{value} -d '{desc}'\n"
        ));
    }
    out
}

const BASH: &str = r#"# bash completion for ifconfig (ifconfig-rs): ifconfig --completions bash
_ifconfig_rs() {
    local cur prev i iface_at=0
    local -a model=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --model)
            # bash splits "--model=PATH" into three words.
            if [[ ${COMP_WORDS[i+1]} == = ]]; then ((i++)); fi
            ((i + 1 < COMP_CWORD)) && model=(--model "${COMP_WORDS[i+1]}")
            ((i++)) ;;
        @VALUE_CASE@)
            if [[ ${COMP_WORDS[i+1]} == = ]]; then ((i++)); fi
            ((i++)) ;;
        -*) ;;
        *) iface_at=$i; break ;;
        esac
    done
    if ((iface_at == 0)); then
        if [[ $prev == = ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi
        if [[ $cur == = ]]; then cur=; prev=${COMP_WORDS[COMP_CWORD-1]}; fi
        case $prev in
        --model) compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --backend) mapfile -t COMPREPLY < <(compgen -W "auto netlink ioctl model" -- "$cur"); return ;;
        --completions) mapfile -t COMPREPLY < <(compgen -W "bash zsh fish" -- "$cur"); return ;;
        -f) mapfile -t COMPREPLY < <(compgen -W "@FORMATS@" -- "$cur"); return ;;
        -g|-G) mapfile -t COMPREPLY < <(compgen -W "@GROUPS@" -- "$cur"); return ;;
        -j) COMPREPLY=(); return ;;
        esac
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "@OPTS@" -- "$cur")
        else
            local names
            names=$("${COMP_WORDS[0]}" "${model[@]}" -l 2>/dev/null)
            mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
        fi
        return
    fi
    case $prev in
    state) mapfile -t COMPREPLY < <(compgen -W "master backup init" -- "$cur"); return ;;
    @ARG_CASE@) COMPREPLY=(); return ;;
    esac
    local keywords="@WORDS@"
    [[ ${COMP_WORDS[iface_at]} == wlan* ]] && keywords+=" @WLAN_WORDS@"
    mapfile -t COMPREPLY < <(compgen -W "$keywords" -- "$cur")
}
complete -F _ifconfig_rs ifconfig
"#;

const ZSH: &str = r#"#compdef ifconfig
# zsh completion for ifconfig (ifconfig-rs): ifconfig --completions zsh
_ifconfig_rs() {
    local -a opts keywords model ifaces
    local i iface_at=0 prev
    opts=(@DESCRIBED@)
    keywords=(@WORDS@)
    for (( i = 2; i < CURRENT; i++ )); do
        case ${words[i]} in
        --model) model=(--model ${words[i+1]}); (( i++ )) ;;
        --model=*) model=(${words[i]}) ;;
        @VALUE_CASE@) (( i++ )) ;;
        -*) ;;
        *) iface_at=$i; break ;;
        esac
    done
    prev=${words[CURRENT-1]}
    if (( iface_at == 0 )); then
        case $prev in
        --model) _files; return ;;
        --backend) compadd -- auto netlink ioctl model; return ;;
        --completions) compadd -- bash zsh fish; return ;;
        -f) compadd -- @FORMATS@; return ;;
        -g|-G) compadd -- @GROUPS@; return ;;
        -j) return 1 ;;
        esac
        if [[ $PREFIX == -* ]]; then
            _describe -t options 'option' opts
        else
            ifaces=(${="$(${words[1]} $model -l 2>/dev/null)"})
            compadd -- $ifaces
        fi
        return
    fi
    case $prev in
    state) compadd -- master backup init; return ;;
    @ARG_CASE@) return 1 ;;
    esac
    [[ ${words[iface_at]} == wlan* ]] && keywords+=(@WLAN_WORDS@)
    compadd -- $keywords
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _ifconfig_rs "$@"
else
    compdef _ifconfig_rs ifconfig
fi
"#;

const FISH: &str = r#"# fish completion for ifconfig (ifconfig-rs): ifconfig --completions fish
# The interface word of the line (the first word that is no option or
# option value); fails when there is none yet.
function __ifconfig_rs_iface
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case @FISH_VALUE_SWITCH@
                set skip 1
            case '-*'
            case '*'
                echo $t
                return 0
        end
    end
    return 1
end

function __ifconfig_rs_iface_seen
    __ifconfig_rs_iface >/dev/null
end

function __ifconfig_rs_wlan
    string match -q 'wlan*' -- (__ifconfig_rs_iface)
end

function __ifconfig_rs_prev_is
    set -l tokens (commandline -opc)
    contains -- $tokens[-1] $argv
end

function __ifconfig_rs_interfaces
    set -l tokens (commandline -opc)
    set -l model
    set -l i 2
    while test $i -le (count $tokens)
        switch $tokens[$i]
            case --model
                set i (math $i + 1)
                set model --model $tokens[$i]
            case '--model=*'
                set model $tokens[$i]
        end
        set i (math $i + 1)
    end
    $tokens[1] $model -l 2>/dev/null | string split ' '
end

complete -c ifconfig -f
complete -c ifconfig -n 'not __ifconfig_rs_iface_seen' -a '(__ifconfig_rs_interfaces)'
@FISH_OPTS@complete -c ifconfig -n '__ifconfig_rs_iface_seen; and __ifconfig_rs_prev_is state' -a 'master backup init'
complete -c ifconfig -n '__ifconfig_rs_iface_seen; and not __ifconfig_rs_prev_is state @ARG_LIST@' -a '@WORDS@'
complete -c ifconfig -n '__ifconfig_rs_wlan; and not __ifconfig_rs_prev_is state @ARG_LIST@' -a '@WLAN_WORDS@'
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn parses(args: &[&str]) -> bool {
        options::parse(args.iter().map(OsString::from).collect(), |_| None).is_ok()
    }

    #[test]
    fn value_options_match_the_parser() {
        let names = options::option_names();
        for o in &names {
            assert!(describe(o).is_some(), "no description for {o}");
            if o == "--help" {
                continue;
            }
            if VALUE_OPTIONS.contains(&o.as_str()) {
                assert!(!parses(&[o]), "{o} should need a value");
                let v = if o == "--backend" {
                    "auto"
                } else if o == "--completions" {
                    "bash"
                } else {
                    "x"
                };
                // -G is only taken after -a (getopt's loop in args_parse).
                let line: &[&str] = if o == "-G" { &["-a", o, v] } else { &[o, v] };
                assert!(parses(line), "{line:?}");
            } else {
                assert!(parses(&[o]), "{o} should be a plain flag");
            }
        }
        for v in VALUE_OPTIONS {
            assert!(names.iter().any(|n| n == v), "{v} is not an option");
        }
    }

    #[test]
    fn families_are_the_grammars() {
        for f in FAMILIES {
            assert!(grammar::family::by_name(f).is_some(), "{f}");
        }
    }

    #[test]
    fn every_keyword_and_option_is_offered() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let s = script(shell);
            let placeholder = s
                .split('@')
                .skip(1)
                .any(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
            assert!(!placeholder, "unfilled placeholder in {shell:?}");
            assert!(s.contains(&words().join(" ")), "{shell:?}");
            assert!(s.contains(&wlan_words().join(" ")), "{shell:?}");
        }
        for k in grammar::all_keywords().filter(|k| k.in_a_release()) {
            assert!(words().contains(&k.name) || wlan_words().contains(&k.name), "{}", k.name);
        }
        // ifwg.c's words are in no release: never offered.
        assert!(!words().contains(&"private-key") && !words().contains(&"listen-port"));
        // 802.11 words are kept apart: `vh` completes to `vhid` alone
        // except after a wlan interface.
        assert!(words().contains(&"vhid") && !words().contains(&"vht"));
        assert!(wlan_words().contains(&"vht160") && !wlan_words().contains(&"vhid"));
        let bash = script(Shell::Bash);
        for o in options::option_names() {
            assert!(bash.contains(&o), "{o}");
        }
    }

    #[test]
    fn man_page_documents_every_option_and_keyword() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../man/ifconfig-rs.8");
        let page = std::fs::read_to_string(path).unwrap();
        let item = |macro_line: String| page.lines().any(|l| l.starts_with(&macro_line));
        for o in options::option_names() {
            assert!(item(format!(".It Fl {}", &o[1..])), "{o} is not documented in ifconfig-rs.8");
        }
        for k in grammar::all_keywords() {
            let line = match k.name.strip_prefix('-') {
                Some(neg) => format!(".It Fl {neg}"),
                None => format!(".It Cm {}", k.name),
            };
            assert!(item(line), "{} is not documented in ifconfig-rs.8", k.name);
        }
        for f in FAMILIES {
            assert!(page.contains(&format!(".Cm {f}")), "{f}");
        }
    }
}
