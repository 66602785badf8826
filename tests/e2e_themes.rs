//! Without colour (`NO_COLOR`), the real binary in tmux still marks the
//! cursor row: read with `capture-pane -e`, which keeps the terminal's
//! attributes as escape sequences.

mod tmux_support;

use std::process::Command;

use tmux_support::{PO, Tmux, init_sample};

/// The screen with its SGR escape sequences.
fn screen_with_attributes(tmux: &Tmux) -> String {
    let out = Command::new("tmux")
        .args(["-S", &tmux.socket, "capture-pane", "-e", "-p", "-t", "0"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The numeric parameters of every SGR sequence (`ESC [ … m`) in `line`.
fn sgr_parameters(line: &str) -> Vec<u32> {
    line.split("\x1b[")
        .skip(1)
        .filter_map(|seq| seq.split_once('m'))
        .flat_map(|(params, _)| params.split(';').filter_map(|p| p.parse().ok()))
        .collect()
}

/// SGR parameters that set a colour: 30–49 and 90–107 (38 and 48 included).
fn sets_colour(p: u32) -> bool {
    (30..=49).contains(&p) && p != 39 && p != 49 || (90..=107).contains(&p)
}

#[test]
fn with_no_color_the_cursor_row_is_reversed_and_nothing_is_coloured() {
    let Some(tmux) = Tmux::start("no-color") else {
        return;
    };
    let home = tmux.home();
    let file = tmux.file();
    let f = file.to_str().unwrap();
    init_sample(&file, &home, "30");
    tmux.shell(&format!("NO_COLOR=1 {PO} --file {f}; echo PO-EXIT=$?"));
    let plain = tmux.wait_for("1 Backlog");
    // The cursor starts on the first story row, the one below the column titles.
    let titles = plain
        .lines()
        .position(|l| l.contains("Title") && l.contains("Pts"))
        .expect("column titles");
    tmux.keys(&["j"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = screen_with_attributes(&tmux);
    let lines: Vec<&str> = screen.lines().collect();
    let cursor = lines[titles + 2];
    let other = lines[titles + 3];
    assert!(
        sgr_parameters(cursor).contains(&7),
        "the cursor row is drawn in reverse video: {cursor:?}\n{screen}"
    );
    assert!(
        !sgr_parameters(other).contains(&7),
        "the next row is not: {other:?}"
    );
    let coloured: Vec<u32> = sgr_parameters(&screen)
        .into_iter()
        .filter(|&p| sets_colour(p))
        .collect();
    assert!(coloured.is_empty(), "colours drawn: {coloured:?}\n{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("PO-EXIT=0");
}
