//! The key reference in docs/keys.md is generated from the keymap, like the
//! `?` screen, so it cannot drift. Run with PO_UPDATE_DOCS=1 to rewrite it.

use po::tui::keymap;

fn keys_markdown() -> String {
    let mut md = String::from(
        "# Keys\n\nGenerated from the keymap (`src/tui/keymap.rs`), the same table that drives\n\
         dispatch, the footer and the `?` screen. Do not edit by hand: run\n\
         `PO_UPDATE_DOCS=1 cargo test --test docs`.\n\n\
         The name of each binding is what `[keys]` in config.toml remaps (docs/config.md),\n\
         e.g. `backlog.move_up = [\"U\", \"alt-up\"]`.\n",
    );
    let mut sections: Vec<(keymap::Context, Vec<String>)> = Vec::new();
    for (binding, keys) in keymap::bindings() {
        let keys = keys
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" / ")
            .replace('|', "\\|");
        let row = format!(
            "| `{keys}` | {} | `{}` |\n",
            binding.help,
            keymap::name_of(binding)
        );
        match sections.iter_mut().find(|(c, _)| *c == binding.context) {
            Some((_, rows)) => rows.push(row),
            None => sections.push((binding.context, vec![row])),
        }
    }
    for (context, rows) in sections {
        md.push_str(&format!(
            "\n## {}\n\n| keys | action | name |\n|---|---|---|\n",
            context.title()
        ));
        for row in rows {
            md.push_str(&row);
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
