//! `po config default`: a complete config.toml with every setting at its
//! default, written from the same defaults and tables po runs on (the
//! keymap, the theme's roles), so it cannot drift from them.

use std::fmt::Write as _;

use super::Config;
use crate::model::number;
use crate::tui::keymap;
use crate::tui::ui::theme::{self, Palette, ThemeName};

/// The text of a config file that sets everything to its default.
pub fn default_file() -> String {
    let c = Config::default();
    let mut out = String::from(
        "# po's settings. Every setting is optional: delete what you do not change.\n\
         # po reads this file from `po config path`; `po config check` checks it.\n",
    );

    out.push_str("\n[theme]\n");
    let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(
        out,
        "# {}. NO_COLOR or TERM=dumb always draw in mono.",
        names.join(", ")
    );
    let _ = writeln!(out, "name = {:?}", c.theme.as_str());
    out.push_str(
        "\n# Colours by role, over the theme's own: a name (red, lightblue), a number\n\
         # of the 256-colour table (0-255) or #rrggbb. The dark theme's are shown.\n[theme.colors]\n",
    );
    for (role, what) in theme::ROLES {
        let colour = Palette::DARK
            .get(role)
            .map_or("default".to_string(), |c| c.to_string());
        let _ = writeln!(out, "# {role} = {:?}  # {what}", colour.to_lowercase());
    }

    out.push_str(
        "\n# Keys, per context and action: `context.action = [\"key\", …]` replaces the\n\
         # action's keys. Keys: a character (\"K\" is Shift-k), a name (enter, esc, tab,\n\
         # backtab, space, backspace, delete, up, down, left, right, home, end, pageup,\n\
         # pagedown, f1-f24), with ctrl- or alt- before it. The defaults:\n[keys]\n",
    );
    for (binding, keys) in keymap::bindings() {
        let names: Vec<String> = keys
            .iter()
            .map(|k| format!("{:?}", keymap::key_name(*k)))
            .collect();
        let _ = writeln!(
            out,
            "# {} = [{}]  # {}",
            keymap::name_of(binding),
            names.join(", "),
            binding.help
        );
    }

    out.push_str("\n# Definition of Ready.\n[ready]\n");
    out.push_str("# A story above this many points is too big to be ready.\n");
    let _ = writeln!(
        out,
        "points_limit = {}",
        number::display(c.ready.points_limit)
    );
    out.push_str("# Words that make a story too vague to be ready (any case).\n");
    let words: Vec<String> = c
        .ready
        .vague_words
        .iter()
        .map(|w| format!("{w:?}"))
        .collect();
    let _ = writeln!(out, "vague_words = [{}]", words.join(", "));

    out.push_str("\n# A new sprint, when there is no earlier sprint to follow.\n[sprint]\n");
    out.push_str("# Days from the first day to the last.\n");
    let _ = writeln!(out, "length_days = {}", c.sprint.length_days);
    out.push_str("# Points per sprint until the team has a velocity (none by default).\n");
    out.push_str("# capacity = 20\n");

    out.push_str("\n# The Monte Carlo forecast.\n[forecast]\n");
    out.push_str("# Simulated futures per forecast: more is steadier and slower.\n");
    let _ = writeln!(out, "runs = {}", c.forecast.runs);
    let _ = writeln!(
        out,
        "# The percentiles reported: 2 to {}, from 1 to 99, ascending. `po forecast`\n\
         # and the metrics view show them all; the roadmap draws the first two as\n\
         # bars (solid to the first, shaded to the second) and the what-if compares them.",
        crate::model::forecast::MAX_PERCENTILES
    );
    let ps: Vec<String> = c.forecast.percentiles.iter().map(u8::to_string).collect();
    let _ = writeln!(out, "percentiles = [{}]", ps.join(", "));

    out.push_str(
        "\n# The re-score grid (R in the backlog, the refinement queue or planning).\n[grid]\n",
    );
    let _ = writeln!(
        out,
        "# The top open stories it opens with, 1 to {} (+ and - change it while it is open).",
        crate::tui::grid::MAX_ROWS
    );
    let _ = writeln!(out, "rows = {}", c.grid.rows);
    out
}
