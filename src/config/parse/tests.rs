use super::*;
use crate::config::default_file;

fn loaded(text: &str) -> Loaded {
    parse(text, "config.toml")
}

/// The only error of `text`, which must also leave the defaults in effect.
fn error(text: &str) -> String {
    let l = loaded(text);
    assert_eq!(l.config, Config::default(), "an error keeps every default");
    assert_eq!(l.errors.len(), 1, "{:?}", l.errors);
    l.errors[0].clone()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let l = loaded("");
    assert_eq!(l.config, Config::default());
    assert!(l.errors.is_empty() && l.warnings.is_empty());
}

#[test]
fn the_default_file_reads_back_as_the_defaults() {
    assert!(default_file().contains("\npercentiles = [50, 85, 95]\n"));
    let l = loaded(&default_file());
    assert_eq!(l.errors, Vec::<String>::new());
    assert_eq!(l.warnings, Vec::<String>::new());
    assert_eq!(l.config, Config::default());
}

#[test]
fn settings_are_read() {
    let l = loaded(
        "[theme]\nname = \"light\"\n[theme.colors]\ncursor = \"#102030\"\n\
         [keys]\nbacklog.move_up = [\"U\", \"alt-up\"]\nglobal.undo = \"z\"\n\
         [ready]\npoints_limit = 8\nvague_words = [\"maybe\"]\n\
         [sprint]\nlength_days = 7\ncapacity = 21.5\n[forecast]\nruns = 500\n\
         percentiles = [30, 70, 90, 99]\n",
    );
    assert_eq!(l.errors, Vec::<String>::new());
    let c = l.config;
    assert_eq!(c.theme, ThemeName::Light);
    assert_eq!(
        c.colors,
        vec![("cursor".to_string(), Color::Rgb(0x10, 0x20, 0x30))]
    );
    assert_eq!(c.keys.len(), 2);
    assert_eq!(c.keys[0].name, "backlog.move_up");
    assert_eq!(c.keys[0].line, 6);
    assert_eq!(c.keys[1].keys, vec!["z".to_string()]);
    assert_eq!(c.ready.points_limit, 8.0);
    assert_eq!(c.ready.vague_words, vec!["maybe".to_string()]);
    assert_eq!(c.sprint.length_days, 7);
    assert_eq!(c.sprint.capacity, Some(21.5));
    assert_eq!(c.forecast.runs, 500);
    assert_eq!(c.forecast.percentiles, vec![30, 70, 90, 99]);
}

#[test]
fn each_kind_of_bad_percentiles_names_its_line() {
    for (text, says) in [
        (
            "[forecast]\nruns = 100\npercentiles = [50]\n",
            "needs 2 to 5 percentiles",
        ),
        (
            "[forecast]\npercentiles = [10, 20, 30, 40, 50, 60]\n",
            "needs 2 to 5 percentiles",
        ),
        (
            "[forecast]\n\npercentiles = [50, 100]\n",
            "must be 1 to 99, not 100",
        ),
        (
            "[forecast]\npercentiles = [0, 50]\n",
            "must be 1 to 99, not 0",
        ),
        ("[forecast]\npercentiles = [85, 50]\n", "must go up"),
        ("[forecast]\npercentiles = [50, 50]\n", "must go up"),
    ] {
        let line = text
            .lines()
            .position(|l| l.starts_with("percentiles"))
            .unwrap()
            + 1;
        let e = error(text);
        assert!(
            e.starts_with(&format!("config.toml line {line}: forecast.percentiles ")),
            "{text:?}: {e}"
        );
        assert!(e.contains(says), "{text:?}: {e}");
    }
    // Not a list of whole numbers: the TOML error, on its line.
    let e = error("[forecast]\n\npercentiles = [50, 85.5]\n");
    assert!(e.starts_with("config.toml line 3: "), "{e}");
}

#[test]
fn each_kind_of_error_names_its_line() {
    let e = error("\n[keys]\nbacklog.mvoe_up = [\"U\"]\n");
    assert!(
        e.starts_with("config.toml line 3: unknown action `backlog.mvoe_up`"),
        "{e}"
    );
    let e = error("[keys]\n\nbacklog.move_up = [\"hyper-u\"]\n");
    assert!(
        e.starts_with("config.toml line 3: unknown key `hyper-u`"),
        "{e}"
    );
    let e = error("[keys]\nbacklog.move_up = [\"J\"]\n");
    assert!(
        e.starts_with("config.toml line 2: key `J` would do both"),
        "{e}"
    );
    let e = error("[theme]\nname = \"neon\"\n");
    assert!(
        e.starts_with("config.toml line 2: unknown theme `neon`"),
        "{e}"
    );
    let e = error("[theme.colors]\n\ncursor = \"plaid\"\n");
    assert!(
        e.starts_with("config.toml line 3: `plaid` is not a colour"),
        "{e}"
    );
    let e = error("[theme.colors]\ncursr = \"red\"\n");
    assert!(
        e.starts_with("config.toml line 2: unknown colour role `cursr`"),
        "{e}"
    );
    let e = error("[sprint]\nlength_days = 0\n");
    assert!(
        e.starts_with("config.toml line 2: sprint.length_days"),
        "{e}"
    );
    let e = error("[ready]\npoints_limit = -1\n");
    assert!(
        e.starts_with("config.toml line 2: ready.points_limit"),
        "{e}"
    );
    let e = error("[forecast]\nruns = 0\n");
    assert!(e.starts_with("config.toml line 2: forecast.runs"), "{e}");
    // Not TOML, and the wrong type.
    let e = error("[theme\nname = 1\n");
    assert!(e.starts_with("config.toml line 1: "), "{e}");
    let e = error("[sprint]\n\nlength_days = \"two weeks\"\n");
    assert!(e.starts_with("config.toml line 3: "), "{e}");
}

#[test]
fn unknown_settings_are_warnings_and_the_rest_still_applies() {
    let l = loaded("[sprint]\nlenght_days = 7\nlength_days = 10\n[colours]\nx = 1\n");
    assert_eq!(l.errors, Vec::<String>::new());
    assert_eq!(l.config.sprint.length_days, 10);
    assert_eq!(
        l.warnings,
        vec![
            "config.toml: unknown setting `colours`, ignored".to_string(),
            "config.toml: unknown setting `sprint.lenght_days`, ignored".to_string(),
        ]
    );
}
