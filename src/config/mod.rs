//! The user's settings: `config.toml` in the user's config directory
//! (`$XDG_CONFIG_HOME/po/config.toml` on Linux), or the file `--config` or
//! `PO_CONFIG` names. Every setting is optional; docs/config.md lists them
//! and `po config default` prints a complete, commented file.
//!
//! A setting po cannot use (an unknown action or key, a colour it cannot
//! read, two actions on one key) is an error naming its line, and po then
//! runs on the defaults, so a typo never leaves the user with half their
//! keys. A setting po does not know is a warning: a newer po's file still works.

mod default_file;
mod parse;

use std::path::{Path, PathBuf};

use ratatui::style::Color;

use crate::model::forecast::{DEFAULT_PERCENTILES, DEFAULT_RUNS};
use crate::model::ready;
use crate::tui::keymap::Remap;
use crate::tui::ui::theme::ThemeName;

pub use default_file::default_file;
pub use parse::parse;

/// The settings in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub theme: ThemeName,
    /// Colours for the theme's roles, overriding its own.
    pub colors: Vec<(String, Color)>,
    /// The user's keys, checked against the keymap.
    pub keys: Vec<Remap>,
    pub ready: Ready,
    pub sprint: SprintDefaults,
    pub forecast: Forecast,
    pub grid: GridDefaults,
}

/// The re-score grid (`R`).
#[derive(Clone, Debug, PartialEq)]
pub struct GridDefaults {
    /// The top open stories it opens with (`+`/`-` change it for the session).
    pub rows: usize,
}

/// Definition of Ready limits.
#[derive(Clone, Debug, PartialEq)]
pub struct Ready {
    /// A story above this many points is too big to be ready.
    pub points_limit: f64,
    /// Words that make a story too vague to be ready.
    pub vague_words: Vec<String>,
}

/// What a new sprint starts from when the backlog has no sprint to follow.
#[derive(Clone, Debug, PartialEq)]
pub struct SprintDefaults {
    /// Days from the first to the last day of a sprint.
    pub length_days: u32,
    /// Points per sprint before the team has a velocity; `None`: no capacity.
    pub capacity: Option<f64>,
}

/// The Monte Carlo forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Simulated runs per forecast.
    pub runs: usize,
    /// The percentiles reported, ascending, 2 to 5 of them; the roadmap and
    /// the what-if show the first two.
    pub percentiles: Vec<u8>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::Dark,
            colors: Vec::new(),
            keys: Vec::new(),
            ready: Ready {
                points_limit: ready::MAX_POINTS,
                vague_words: ready::VAGUE_WORDS.iter().map(|w| w.to_string()).collect(),
            },
            sprint: SprintDefaults {
                length_days: 14,
                capacity: None,
            },
            forecast: Forecast {
                runs: DEFAULT_RUNS,
                percentiles: DEFAULT_PERCENTILES.to_vec(),
            },
            grid: GridDefaults {
                rows: crate::tui::grid::DEFAULT_ROWS,
            },
        }
    }
}

/// A config file as read: the settings to use, and what to tell the user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// The file's settings, or the defaults when it has errors.
    pub config: Config,
    /// Settings po could not use, each naming the file and line.
    pub errors: Vec<String>,
    /// Settings po does not know, which it ignored.
    pub warnings: Vec<String>,
}

impl Loaded {
    /// The one line the TUI shows at start when the file has errors.
    pub fn summary(&self) -> Option<String> {
        let first = self.errors.first()?;
        let more = match self.errors.len() {
            1 => String::new(),
            n => format!(" (and {} more: po config check)", n - 1),
        };
        Some(format!("{first}{more}; using the default settings"))
    }
}

/// The config file to use: `--config`, then `PO_CONFIG`, then the default.
/// `None` when there is no home directory to find the default in.
pub fn path(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = flag {
        return Some(path.to_path_buf());
    }
    match std::env::var_os("PO_CONFIG") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => default_path(),
    }
}

/// `<config dir>/po/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "po").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file at `path`; a missing file is the defaults. A file
/// that cannot be read is an error, as a bad setting is.
pub fn load(path: Option<&Path>) -> Loaded {
    let defaults = Loaded::default();
    let Some(path) = path else {
        return defaults;
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => defaults,
        Err(e) => Loaded {
            errors: vec![format!("cannot read {}: {e}", path.display())],
            ..defaults
        },
    }
}
