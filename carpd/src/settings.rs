//! The `net.inet.carp.*` settings by name, as sysctl(8) reads and sets them.

use libcarpctl::engine::Settings;

/// Set `net.inet.carp.NAME` (or just `NAME`) to VALUE. For `demotion` a
/// signed value (`+240`, `-240`) adjusts the current one, as FreeBSD's
/// sysctl handler adds what is written.
pub fn set(s: &mut Settings, name: &str, value: &str) -> Result<(), String> {
    let short = name.strip_prefix("net.inet.carp.").unwrap_or(name);
    let v = value.trim();
    let n: i32 = v.parse().map_err(|_| format!("{name}: invalid value '{value}'"))?;
    match short {
        "allow" => s.allow = n != 0,
        "preempt" => s.preempt = n != 0,
        "demotion" if v.starts_with(['+', '-']) => s.demotion = s.demotion.saturating_add(n),
        "demotion" => s.demotion = n,
        "log" => s.log = u8::try_from(n).map_err(|_| format!("{name}: invalid value '{value}'"))?,
        "ifdown_demotion_factor" => s.ifdown_demotion_factor = n,
        "senderr_demotion_factor" => s.senderr_demotion_factor = n,
        _ => return Err(format!("unknown oid '{name}'")),
    }
    Ok(())
}

/// `sysctl net.inet.carp` output.
pub fn render(s: &Settings) -> String {
    format!(
        "net.inet.carp.allow: {}\nnet.inet.carp.preempt: {}\nnet.inet.carp.demotion: {}\nnet.inet.carp.log: {}\n\
         net.inet.carp.ifdown_demotion_factor: {}\nnet.inet.carp.senderr_demotion_factor: {}\n",
        u8::from(s.allow),
        u8::from(s.preempt),
        s.demotion,
        s.log,
        s.ifdown_demotion_factor,
        s.senderr_demotion_factor
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_values_and_relative_demotion() {
        let mut s = Settings::default();
        set(&mut s, "net.inet.carp.preempt", "1").unwrap();
        set(&mut s, "demotion", "+240").unwrap();
        set(&mut s, "demotion", "+10").unwrap();
        assert!(s.preempt);
        assert_eq!(s.demotion, 250);
        set(&mut s, "demotion", "-250").unwrap();
        assert_eq!(s.demotion, 0);
        assert_eq!(set(&mut s, "bogus", "1").unwrap_err(), "unknown oid 'bogus'");
        assert!(set(&mut s, "preempt", "yes").is_err());
        assert!(render(&s).contains("net.inet.carp.preempt: 1\n"));
    }
}
