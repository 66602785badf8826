//! The key reference in docs/keys.md is generated from the keymap, like the
//! `?` screen, so it cannot drift. Run with PO_UPDATE_DOCS=1 to rewrite it.

use po::tui::keymap;

fn keys_markdown() -> String {
    let mut md = String::from(
        "# Keys\n\nGenerated from the keymap (`src/tui/keymap.rs`), the same table that drives\n\
         dispatch, the footer and the `?` screen. Do not edit by hand: run\n\
         `PO_UPDATE_DOCS=1 cargo test --test docs`.\n",
    );
    for (title, entries) in keymap::help_sections() {
        md.push_str(&format!("\n## {title}\n\n| keys | action |\n|---|---|\n"));
        for (keys, help) in entries {
            let keys = keys.replace('|', "\\|");
            md.push_str(&format!("| `{keys}` | {help} |\n"));
        }
    }
    md
}

#[test]
fn docs_keys_md_matches_the_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
    let expected = keys_markdown();
    if std::env::var_os("PO_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/keys.md is out of date with the keymap: run PO_UPDATE_DOCS=1 cargo test --test docs"
    );
}
