//! config.toml read by the real binary in tmux: a remapped key works, and a
//! bad file is named on screen while po runs on the defaults.

mod tmux_support;

use tmux_support::{PO, Tmux, init_sample, keys_of, listed};

fn write_config(tmux: &Tmux, text: &str) {
    let dir = tmux.home().join("config").join("po");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn a_remapped_key_moves_the_story_and_shows_in_the_footer() {
    let Some(tmux) = Tmux::start("remap") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "30");
    write_config(&tmux, "[keys]\nbacklog.move_top = [\"t\"]\n");
    let original = keys_of(&listed(&file, &home));

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    let screen = tmux.wait_for("1 Backlog");
    assert!(screen.contains(" t  top"), "the footer shows t:\n{screen}");
    tmux.keys(&["j", "j", "T"]);
    tmux.keys(&["t"]);
    tmux.wait_for("moved");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    let after = keys_of(&listed(&file, &home));
    assert_eq!(after[0], original[2], "t moved the third story to the top");
    assert_eq!(after[1..3], original[0..2]);
}

#[test]
fn a_bad_config_is_named_on_screen_and_the_default_keys_work() {
    let Some(tmux) = Tmux::start("bad-config") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "30");
    write_config(&tmux, "[keys]\n\nbacklog.move_top = [\"hyper-t\"]\n");
    let original = keys_of(&listed(&file, &home));

    tmux.shell(&format!("{PO} --file {f}; echo PO-EXIT=$?"));
    let screen = tmux.wait_for("line 3: unknown key");
    assert!(screen.contains("config.toml"), "{screen}");
    tmux.keys(&["j", "j", "T"]);
    tmux.wait_for("moved");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
    assert_eq!(keys_of(&listed(&file, &home))[0], original[2]);
}
