//! The user's own keys (`[keys]` in config.toml) laid over the default
//! table: names for each binding, key names as a config file writes them,
//! and the keys in effect, which every reader of the keymap goes through.
//!
//! A remap replaces a binding's keys; the binding's action, label and help
//! stay, so the footer, the `?` screen, the palette and docs/keys.md follow.
//! The keys in effect are kept per thread (the TUI reads keys and draws on
//! one thread), so tests of different remaps can run side by side.

use std::cell::Cell;
use std::fmt;

use crossterm::event::KeyCode;

use super::{BINDINGS, Binding, Context, Key};

thread_local! {
    /// The keys of each binding of `BINDINGS`, by index, when remapped.
    static IN_EFFECT: Cell<Option<&'static [&'static [Key]]>> = const { Cell::new(None) };
}

/// The keys `binding` (the `index`th of the table) answers to now.
pub(super) fn keys_of(index: usize, binding: &'static Binding) -> &'static [Key] {
    match IN_EFFECT.with(Cell::get) {
        Some(table) => table.get(index).copied().unwrap_or(binding.keys),
        None => binding.keys,
    }
}

/// Every binding with the keys it answers to now.
pub fn bindings() -> impl Iterator<Item = (&'static Binding, &'static [Key])> {
    BINDINGS.iter().enumerate().map(|(i, b)| (b, keys_of(i, b)))
}

/// One binding's new keys, from a config line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remap {
    /// The binding's name, as `name_of` gives it: "backlog.move_up".
    pub name: String,
    pub keys: Vec<String>,
    /// Where it was written, for errors.
    pub line: usize,
}

/// Why a remap was refused, and on which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemapError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RemapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The table's keys with `remaps` applied, by binding index, or the first
/// error: an unknown name, an unknown key, no key at all, or a key that two
/// actions of one context would then share.
pub fn resolve(remaps: &[Remap]) -> Result<Vec<Vec<Key>>, RemapError> {
    let mut table: Vec<Vec<Key>> = BINDINGS.iter().map(|b| b.keys.to_vec()).collect();
    let mut lines = vec![None; BINDINGS.len()];
    for remap in remaps {
        let index = BINDINGS
            .iter()
            .position(|b| name_of(b) == remap.name)
            .ok_or_else(|| RemapError {
                line: remap.line,
                message: format!(
                    "unknown action `{}`; docs/keys.md lists the names (e.g. backlog.move_up)",
                    remap.name
                ),
            })?;
        if remap.keys.is_empty() {
            return Err(RemapError {
                line: remap.line,
                message: format!("`{}` needs at least one key", remap.name),
            });
        }
        let mut keys = Vec::new();
        for text in &remap.keys {
            let key = parse_key(text).ok_or_else(|| RemapError {
                line: remap.line,
                message: format!(
                    "unknown key `{text}` for `{}`; write a character (\"K\"), a name (enter, esc, tab, space, up, pagedown, f1…) or ctrl-/alt- before one",
                    remap.name
                ),
            })?;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        table[index] = keys;
        lines[index] = Some(remap.line);
    }
    for (i, a) in BINDINGS.iter().enumerate() {
        for (j, b) in BINDINGS.iter().enumerate().skip(i + 1) {
            if a.context != b.context {
                continue;
            }
            if let Some(key) = table[i].iter().find(|k| table[j].contains(k)) {
                let line = lines[j].or(lines[i]).unwrap_or(0);
                return Err(RemapError {
                    line,
                    message: format!(
                        "key `{}` would do both `{}` and `{}`; give one of them another key",
                        key_name(*key),
                        name_of(a),
                        name_of(b)
                    ),
                });
            }
        }
    }
    Ok(table)
}

/// Makes `table` (from [`resolve`]) the keys of this thread's TUI. Called
/// once per session, so the table is leaked to stay `'static` like the defaults.
pub fn install(table: Vec<Vec<Key>>) {
    let leaked: Vec<&'static [Key]> = table
        .into_iter()
        .map(|keys| &*Box::leak(keys.into_boxed_slice()))
        .collect();
    IN_EFFECT.with(|t| t.set(Some(Box::leak(leaked.into_boxed_slice()))));
}

/// Back to the default keys on this thread.
pub fn reset() {
    IN_EFFECT.with(|t| t.set(None));
}

/// A binding's name in config.toml and docs/keys.md: its context and its
/// action in snake case, "backlog.move_up", "global.show_view_backlog".
pub fn name_of(binding: &Binding) -> String {
    format!(
        "{}.{}",
        snake(&format!("{:?}", binding.context)),
        snake(&format!("{:?}", binding.action))
    )
}

/// `MoveUp` → `move_up`; `ShowView(Backlog)` → `show_view_backlog`.
fn snake(debug: &str) -> String {
    let mut out = String::new();
    for c in debug.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Names of keys without a character of their own, as a config file writes them.
const NAMED: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

/// Other spellings users write.
const ALIASES: [(&str, &str); 5] = [
    ("del", "delete"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("return", "enter"),
    ("shift-tab", "backtab"),
];

/// A key as a config file writes it: "K", "ctrl-r", "alt-up", "space", "f5".
/// Letters keep their case (Shift is in the letter); names do not.
pub fn parse_key(text: &str) -> Option<Key> {
    let mut rest = text;
    let (mut ctrl, mut alt) = (false, false);
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
            ctrl = true;
            rest = &rest[5..];
        } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
            alt = true;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => {
            // Ctrl-letters arrive lower-case (see `Key::from`).
            KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        }
        _ => {
            let lower = rest.to_ascii_lowercase();
            let name = ALIASES
                .iter()
                .find(|(alias, _)| *alias == lower)
                .map_or(lower.as_str(), |(_, name)| name);
            if name == "space" {
                KeyCode::Char(' ')
            } else if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                if !(1..=24).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            } else {
                NAMED.iter().find(|(n, _)| *n == name)?.1
            }
        }
    };
    Some(Key { code, ctrl, alt })
}

/// A key as [`parse_key`] reads it back.
pub fn key_name(key: Key) -> String {
    let mut out = String::new();
    if key.ctrl {
        out.push_str("ctrl-");
    }
    if key.alt {
        out.push_str("alt-");
    }
    match key.code {
        KeyCode::Char(' ') => out.push_str("space"),
        KeyCode::Char(c) => out.push(c),
        KeyCode::F(n) => out.push_str(&format!("f{n}")),
        code => match NAMED.iter().find(|(_, c)| *c == code) {
            Some((name, _)) => out.push_str(name),
            None => out.push_str(&format!("{code:?}").to_ascii_lowercase()),
        },
    }
    out
}

/// The contexts' names as the first part of a binding's name.
pub fn context_name(context: Context) -> String {
    snake(&format!("{context:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_has_a_distinct_name() {
        let mut names: Vec<String> = BINDINGS.iter().map(name_of).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "two bindings share a name");
        assert!(names.contains(&"backlog.move_up".to_string()));
        assert!(names.contains(&"global.show_view_backlog".to_string()));
        assert!(names.contains(&"text.text_word_left".to_string()));
    }

    #[test]
    fn every_default_key_reads_back_from_its_name() {
        for b in BINDINGS {
            for &key in b.keys {
                assert_eq!(parse_key(&key_name(key)), Some(key), "{}", key_name(key));
            }
        }
    }

    #[test]
    fn key_names_parse() {
        let k = |code, ctrl, alt| Some(Key { code, ctrl, alt });
        assert_eq!(parse_key("K"), k(KeyCode::Char('K'), false, false));
        assert_eq!(parse_key("ctrl-R"), k(KeyCode::Char('r'), true, false));
        assert_eq!(parse_key("Alt-Up"), k(KeyCode::Up, false, true));
        assert_eq!(parse_key("PgDn"), k(KeyCode::PageDown, false, false));
        assert_eq!(parse_key("space"), k(KeyCode::Char(' '), false, false));
        assert_eq!(parse_key("-"), k(KeyCode::Char('-'), false, false));
        assert_eq!(parse_key("f12"), k(KeyCode::F(12), false, false));
        assert_eq!(parse_key("f99"), None);
        assert_eq!(parse_key("hyper-k"), None);
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn a_remap_replaces_the_keys_and_refuses_what_it_cannot_do() {
        let remap = |name: &str, keys: &[&str], line| Remap {
            name: name.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            line,
        };
        let table = resolve(&[remap("backlog.move_up", &["U", "alt-up"], 3)]).unwrap();
        let i = BINDINGS
            .iter()
            .position(|b| name_of(b) == "backlog.move_up")
            .unwrap();
        assert_eq!(
            table[i],
            vec![parse_key("U").unwrap(), parse_key("alt-up").unwrap()]
        );

        let err = resolve(&[remap("backlog.mvoe_up", &["U"], 4)]).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("unknown action `backlog.mvoe_up`"));

        let err = resolve(&[remap("backlog.move_up", &["hyper-u"], 5)]).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("unknown key `hyper-u`"));

        // J already moves down in the backlog.
        let err = resolve(&[remap("backlog.move_up", &["J"], 6)]).unwrap_err();
        assert_eq!(err.line, 6);
        assert!(err.message.contains("`J`"), "{}", err.message);
        assert!(err.message.contains("backlog.move_down"), "{}", err.message);
    }
}
