//! End-to-end: importing a file from the TUI of the real `po` binary in tmux:
//! the palette, the path, the dry-run summary, `y`, `u`, and the file after.
//!
//! Needs tmux (`.ci/run` installs it). Set PO_SKIP_TMUX=1 to skip locally.

mod tmux_support;

use tmux_support::{PO, Tmux, init_sample, keys_of, listed};

/// Types the copied fixture's path into the open import prompt; returns the
/// screen with the summary question.
fn answer_the_path(tmux: &Tmux) -> String {
    tmux.wait_for("Import a file: path");
    tmux.type_text("~/jira.csv");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Import it?")
}

#[test]
fn palette_import_shows_the_summary_imports_on_y_and_u_undoes_it() {
    let Some(tmux) = Tmux::start("import") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "5");
    let original = listed(&file, &home);
    // In the home directory, so the path typed is `~/jira.csv`.
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/jira_cloud.csv"
        ),
        home.join("jira.csv"),
    )
    .unwrap();

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    tmux.wait_for("1 Backlog");
    tmux.keys(&[":"]);
    tmux.type_text("import a file");
    tmux.wait_for("import a file…");
    tmux.keys(&["Enter"]);
    let screen = answer_the_path(&tmux);
    assert!(screen.contains("Jira CSV export"), "{screen}");
    assert!(screen.contains("5 stories"), "{screen}");
    assert!(screen.contains("warnings:"), "{screen}");
    assert!(
        !screen.contains("Spike: wallet SDK"),
        "nothing before y:\n{screen}"
    );

    tmux.keys(&["y"]);
    tmux.wait_for("imported 5 stories");
    tmux.wait_for("Spike: wallet SDK");
    tmux.keys(&["u"]);
    tmux.wait_for("undid:");
    tmux.wait_gone("Spike: wallet SDK");
    // Import again and keep it this time.
    tmux.keys(&["I"]);
    answer_the_path(&tmux);
    tmux.keys(&["y"]);
    tmux.wait_for("Spike: wallet SDK");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");

    let stories = listed(&file, &home);
    assert_eq!(
        keys_of(&stories[..original.len()]),
        keys_of(&original),
        "the backlog's own stories stay first, in order"
    );
    let imported: Vec<&str> = stories[original.len()..]
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(imported.len(), 5, "{imported:?}");
    assert!(imported.contains(&"Spike: wallet SDK"), "{imported:?}");
    assert_eq!(
        stories
            .iter()
            .filter(|s| s["title"] == "Spike: wallet SDK")
            .count(),
        1,
        "the undone import left nothing behind"
    );
}
