//! What one ifconfig line asks of an interface's media: ifmedia.c's
//! `media`, `mediaopt`, `-mediaopt`, `mode` and `inst`/`instance` each
//! edit the same copy of the current media word (read once with
//! SIOCGIFMEDIA), and the result is sent once with SIOCSIFMEDIA after the
//! line's other words. The words are kept as typed; turning them into a
//! media word is `sys::media_words::edit`.

/// One media word of the line, in the line's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaStep {
    /// `media WORD`: a subtype name or alias (options and mode dropped,
    /// instance kept; an alias may carry options, `1000baseT-FDX`).
    Subtype(String),
    /// `mediaopt LIST` (`clear` false) or `-mediaopt LIST`.
    Options {
        /// The comma-separated option names.
        list: String,
        /// `-mediaopt`.
        clear: bool,
    },
    /// `mode WORD`.
    Mode(String),
    /// `inst N` / `instance N` (0..=15).
    Instance(u32),
    /// A whole media word (undo puts back the word that was current).
    Word(u32),
}

/// The line's media words, applied in order to the current word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MediaEdit {
    /// The words.
    pub steps: Vec<MediaStep>,
}

impl MediaEdit {
    /// An edit of one step.
    pub fn one(step: MediaStep) -> Self {
        MediaEdit { steps: vec![step] }
    }
}

/// What ifconfig names when it cannot read an interface's media: from 14
/// ifmedia.c reads it through libifconfig (`IF: ifconfig_media_get_mediareq`),
/// before with its own `err(1, "SIOCGIFMEDIA")`.
pub fn media_read_request(ifname: &str, release: super::Release) -> String {
    if release.major >= 14 {
        format!("{ifname}: ifconfig_media_get_mediareq")
    } else {
        "SIOCGIFMEDIA".into()
    }
}
