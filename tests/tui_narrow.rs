//! At 80 × 24, the smallest terminal most people work in, nothing a product
//! owner needs is cut: long goals and warnings wrap, labels shorten, and the
//! trade-off preview's columns fit the popup.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use po::model::Moscow;
use po::text;
use po::tui::app::App;
use po::tui::popup::Popup;
use render_support::{Screen, contains_wrapped, draw};

const GOAL: &str =
    "Families check out in one tap with a saved card and see the delivery slot they picked";

/// An app on `backlog` with `app`'s pinned "today", as after reopening.
fn reopened(app: &App, backlog: po::model::Backlog) -> App {
    let mut reopened = App::new(backlog, None, &[]);
    reopened.today = app.today;
    reopened
}

/// The sample, with `sprint`'s goal long and its stories all Must.
fn app_with_long_goal(sprint: impl Fn(&po::model::Backlog) -> String) -> (App, String) {
    let mut app = sample_app();
    let key = sprint(&app.backlog);
    let mut b = app.backlog.clone();
    b.sprints.iter_mut().find(|s| s.key == key).unwrap().goal = GOAL.into();
    for s in b
        .stories
        .iter_mut()
        .filter(|s| s.sprint.as_deref() == Some(&*key))
    {
        std::sync::Arc::make_mut(s).moscow = Some(Moscow::Must);
    }
    app = reopened(&app, b);
    (app, key)
}

#[test]
fn at_80_columns_planning_wraps_the_sprint_goal_and_the_must_warning() {
    let (mut app, key) = app_with_long_goal(|b| b.next_planned_sprint().unwrap().key.clone());
    press(&mut app, "3");
    let shown = draw(&mut app, 80, 24);
    assert!(contains_wrapped(&shown, GOAL), "{}", shown.text());
    let warning = po::model::moscow::SprintShares::new(
        app.backlog.sprint(&key).unwrap(),
        po::model::moscow::Shares::of(
            app.backlog
                .stories
                .iter()
                .map(|s| &**s)
                .filter(|s| s.sprint.as_deref() == Some(&*key)),
        ),
    )
    .warning()
    .expect("all Must is over the limit");
    assert!(
        contains_wrapped(&shown, &format!("⚠ {warning}")),
        "{}",
        shown.text()
    );
    // The panes still list stories below the summary.
    assert!(shown.text().contains("Product backlog"), "{}", shown.text());
}

#[test]
fn at_80_columns_the_planning_cut_line_says_so_in_a_label_that_fits() {
    let mut app = sample_app();
    press(&mut app, "3");
    let shown = draw(&mut app, 80, 24);
    let text = shown.text();
    assert!(
        text.contains("── sprint full ──") || text.contains("── sprint ends here ──"),
        "{text}"
    );
    assert!(!text.contains("at thi…"), "{text}");
}

#[test]
fn at_80_columns_the_board_wraps_the_sprint_goal_and_the_burndown() {
    let (mut app, _) = app_with_long_goal(|b| b.active_sprint().unwrap().key.clone());
    press(&mut app, "7");
    let shown = draw(&mut app, 80, 24);
    assert!(contains_wrapped(&shown, GOAL), "{}", shown.text());
    let done = shown.text();
    assert!(
        contains_wrapped(&shown, "· committed 37 · done 3 pts"),
        "{done}"
    );
    // The cards keep their columns under the longer summary.
    assert!(done.contains("To do"), "{done}");
}

#[test]
fn at_80_columns_the_banner_keeps_the_active_sprints_name() {
    let mut app = sample_app();
    let shown = draw(&mut app, 80, 24);
    let banner = shown.line(1);
    assert!(banner.contains("SP-7 Sprint 7"), "{banner:?}");
    assert!(banner.contains("done hidden"), "{banner:?}");
}

/// The columns where `needle` appears on row `y`, each occurrence.
fn columns_of(shown: &Screen, y: u16, needle: &str) -> Vec<usize> {
    let line = shown.line(y);
    line.match_indices(needle)
        .map(|(at, _)| po::text::width(&line[..at]))
        .collect()
}

/// The preview of moving the top story, with an epic that holds no stories.
fn preview_with_an_empty_epic(width: u16, height: u16) -> Screen {
    let mut app = sample_app();
    app.backlog.add_epic("Nothing yet", "").unwrap();
    press(&mut app, "w");
    app.compute_figures_now();
    draw(&mut app, width, height)
}

#[test]
fn the_preview_says_no_stories_once_in_its_cell_and_keeps_the_row_aligned() {
    for (width, height) in [(120, 30), (80, 24)] {
        let shown = preview_with_an_empty_epic(width, height);
        let text = shown.text();
        assert!(!text.contains("no stories → no stories"), "{text}");
        let header = shown.row_of("p50");
        let p85 = columns_of(&shown, header, "p85")[0];
        let empty = shown.row_of("Nothing yet");
        let cells = columns_of(&shown, empty, "no stories");
        assert_eq!(cells.len(), 2, "{width}: {text}");
        assert_eq!(cells[1], p85, "{width}: p85 column\n{text}");
        // Every other epic's p85 date starts in the same column.
        let other = shown.row_of("E-1 Checkout");
        let line = shown.line(other);
        let at = line
            .char_indices()
            .filter(|(i, _)| po::text::width(&line[..*i]) == p85)
            .map(|(i, _)| i)
            .next()
            .unwrap();
        assert!(
            line[at..].starts_with(|c: char| c.is_ascii_digit()),
            "{width}: {line:?}"
        );
    }
}

#[test]
fn at_80_columns_the_preview_shows_both_percentiles_and_their_changes() {
    let shown = preview_with_an_empty_epic(80, 24);
    let header = shown.line(shown.row_of("p50"));
    assert!(header.contains("p50"), "{header:?}");
    assert!(header.contains("p85"), "{header:?}");
    let row = shown.line(shown.row_of("E-1 Checkout"));
    assert_eq!(row.matches("no change").count(), 2, "{row:?}");
}

#[test]
fn at_80_columns_the_metrics_forecast_keeps_every_date_and_note() {
    let mut app = sample_app();
    let forecast = fixtures::metrics_forecast(&mut app);
    let shown = draw(&mut app, 80, 24);
    assert!(
        !forecast.notes.is_empty(),
        "the sample has unestimated stories"
    );
    // The forecast panel's text, its rows joined: it wraps inside its box.
    let (x, top) = shown.find("Forecast").unwrap();
    let inside: String = (top + 1..24)
        .flat_map(|y| {
            let line = shown.line(y);
            line.chars()
                .skip(usize::from(x) - 1)
                .filter(|c| !c.is_whitespace() && !"│┘─└".contains(*c))
                .collect::<Vec<char>>()
        })
        .collect();
    for note in &forecast.notes {
        let note: String = note.split_whitespace().collect();
        assert!(inside.contains(&note), "{note:?} in {inside:?}");
    }
    for level in po::model::forecast::percentiles() {
        assert!(
            shown.text().contains(&format!("{level}% likely")),
            "{level}%:\n{}",
            shown.text()
        );
    }
}

/// The sample at 80 × 24 in view 8, its queue computed.
fn refine_queue_at_80() -> App {
    let mut app = sample_app();
    press(&mut app, "8");
    app.compute_figures_now();
    app
}

#[test]
fn at_80_columns_the_refine_queue_shows_all_a_story_lacks() {
    let mut app = refine_queue_at_80();
    let queue = app.refine.queue.latest.clone().expect("computed");
    // Every story of the queue, scrolled to, shows every reason it lacks
    // in full, its lines joined; none is cut with "…".
    for (n, entry) in queue.stories.iter().enumerate() {
        let shown = draw(&mut app, 80, 24);
        let text = shown.text();
        let wanted: Vec<String> = entry.reasons.iter().map(ToString::to_string).collect();
        assert!(
            contains_wrapped(&shown, &wanted.join("; ")),
            "{} lacks {wanted:?}:\n{text}",
            entry.key
        );
        assert!(text.contains(&entry.key), "row {n}:\n{text}");
        press(&mut app, "j");
    }
}

/// The metrics view of the sample, computed, drawn at a size.
fn metrics_at(width: u16, height: u16) -> (App, Screen) {
    let mut app = sample_app();
    fixtures::metrics_forecast(&mut app);
    let shown = draw(&mut app, width, height);
    (app, shown)
}

#[test]
fn at_80_columns_the_velocity_title_keeps_its_range_and_the_burndown_its_points() {
    for (width, height) in [(80, 24), (60, 20)] {
        let (app, shown) = metrics_at(width, height);
        let m = app.metrics.latest.as_ref().unwrap();
        let stats = m.velocity.points.as_ref().expect("closed sprints");
        let range = format!(
            "range {}–{}",
            po::model::number::display(stats.min),
            po::model::number::display(stats.max)
        );
        let top = shown.line(shown.row_of("Velocity"));
        assert!(top.contains(&range), "{width}: {top:?}");
        assert!(!top.contains('…'), "{width}: {top:?}");
        let b = m.burndown.as_ref().expect("an active sprint");
        let left = format!("of {} pts left", po::model::number::display(b.scope_points));
        assert!(top.contains(&left), "{width}: {top:?}");
    }
}

#[test]
fn at_80_columns_the_forecast_keeps_the_scope_change_of_the_sprint() {
    let (app, shown) = metrics_at(80, 24);
    let scope = app.metrics.latest.as_ref().unwrap().scope.clone();
    let scope = scope.expect("the running sprint has a scope");
    let wanted = format!("Scope since {} started:", scope.sprint);
    assert!(contains_wrapped(&shown, &wanted), "{}", shown.text());
}

#[test]
fn at_80_columns_every_views_footer_keeps_help_the_command_palette_and_undo() {
    let mut app = sample_app();
    for keys in ["1", "Enter", "Esc 2", "3", "4", "5", "6", "7", "8"] {
        press(&mut app, keys);
        app.compute_figures_now();
        let shown = draw(&mut app, 80, 24);
        let footer = shown.line(23);
        assert!(footer.contains("?  help"), "after {keys}: {footer:?}");
        assert!(footer.contains(":  commands"), "after {keys}: {footer:?}");
        assert!(footer.contains("u  undo"), "after {keys}: {footer:?}");
    }
}

/// The sample with its top story given a long sentence, a description of
/// several lines and six criteria: more than an 80 × 24 detail holds.
fn app_with_a_long_story() -> (App, po::model::Story) {
    let mut app = sample_app();
    let mut b = app.backlog.clone();
    let story = std::sync::Arc::make_mut(&mut b.stories[0]);
    story.as_a = "parent who orders groceries for a family of five every week".into();
    story.i_want = "to repeat last week's basket with one tap".into();
    story.so_that = "the weekly shop takes a minute".into();
    story.description = (1..=5)
        .map(|n| format!("Note {n}: what the team agreed about this."))
        .collect::<Vec<_>>()
        .join("\n");
    story.acceptance = (1..=6)
        .map(|n| po::model::Criterion {
            text: format!("Given basket {n}, when I tap repeat, then basket {n} is in the cart"),
            done: false,
            extra: serde_json::Map::new(),
        })
        .collect();
    let story = story.clone();
    app = reopened(&app, b);
    (app, story)
}

#[test]
fn at_80_columns_the_detail_keeps_the_title_and_the_user_story_in_view() {
    let (mut app, story) = app_with_a_long_story();
    press(&mut app, "g Enter");
    let sentence = story.sentence().unwrap();
    for n in 0..story.acceptance.len() {
        let shown = draw(&mut app, 80, 24);
        let text = shown.text();
        assert!(text.contains(&story.title), "criterion {n}:\n{text}");
        assert!(
            contains_wrapped(&shown, &sentence),
            "criterion {n}:\n{text}"
        );
        assert!(text.contains("Points:"), "criterion {n}:\n{text}");
        // The selected criterion is on the screen too.
        let criterion = &story.acceptance[n].text;
        assert!(
            contains_wrapped(&shown, criterion),
            "criterion {n}:\n{text}"
        );
        press(&mut app, "j");
    }
}

#[test]
fn at_80_columns_the_grid_lists_every_key_it_has_beyond_the_footer() {
    let mut app = sample_app();
    press(&mut app, "R");
    let shown = draw(&mut app, 80, 24);
    let text = shown.text();
    // The grid's own key line names what the footer has no room for, to
    // its last binding (redo), without a cut.
    for key in ["Shift-Tab/← prev", "Backspace ⌫", "Ctrl-r redo"] {
        assert!(contains_wrapped(&shown, key), "{key}:\n{text}");
    }
    assert!(!text.contains("⌫ …"), "{text}");
}

#[test]
fn at_80_columns_a_forms_hint_keeps_how_to_save_and_cancel() {
    let mut app = sample_app();
    for keys in ["e", "Esc f", "Esc 3 i"] {
        press(&mut app, keys);
        let shown = draw(&mut app, 80, 24);
        let text = shown.text();
        assert!(
            text.contains("Enter saves · Esc cancels"),
            "{keys}:\n{text}"
        );
    }
}

#[test]
fn at_80_columns_a_pickers_question_is_shown_whole() {
    let mut app = sample_app();
    // Split: the question ends with what becomes of the story.
    let top = app.backlog.stories[0].key.clone();
    let n = app.backlog.stories[0].acceptance.len();
    assert!(n > 1, "the sample's top story has criteria");
    press(&mut app, "g S");
    let shown = draw(&mut app, 80, 24);
    let question = format!("Split {top} into {n} stories, one per criterion; {top} is then");
    assert!(contains_wrapped(&shown, &question), "{}", shown.text());
    // Triage: a request longer than the screen is wide.
    press(&mut app, "Esc");
    let text = "Export every invoice of the last two years as one PDF per month, \
                grouped by store, with the VAT of each line shown apart";
    app.backlog
        .add_request(text, "Finance", po::model::now())
        .unwrap();
    let mut b = app.backlog.clone();
    b.requests.retain(|r| r.text == text);
    app = reopened(&app, b);
    press(&mut app, "5 Enter");
    let shown = draw(&mut app, 80, 24);
    assert!(contains_wrapped(&shown, text), "{}", shown.text());
}

#[test]
fn at_80_columns_the_selected_request_shows_its_whole_text_and_who_asked() {
    let mut app = sample_app();
    let text = "Show the CO2 footprint of each delivery on the receipt and in the app, \
                per order and per month";
    let from = "Customer advisory board (north)";
    let mut b = app.backlog.clone();
    b.add_request(text, from, po::model::now()).unwrap();
    app = reopened(&app, b);
    // The newest request is the last, oldest first.
    press(&mut app, "5 G");
    let shown = draw(&mut app, 80, 24);
    assert!(contains_wrapped(&shown, text), "{}", shown.text());
    assert!(contains_wrapped(&shown, from), "{}", shown.text());
    // The stakeholder summary still shows under the list.
    assert!(shown.text().contains("By stakeholder"), "{}", shown.text());
}

#[test]
fn at_80_columns_the_palette_shows_the_selected_command_whole_and_cuts_the_rest_visibly() {
    let mut app = sample_app();
    press(&mut app, ":");
    type_text(&mut app, "what");
    let shown = draw(&mut app, 80, 24);
    let text = shown.text();
    let Some(Popup::Palette(palette)) = &app.popup else {
        panic!("the palette is open:\n{text}");
    };
    let selected = palette.selected().expect("a match").help;
    assert!(text::width(selected) > 60, "a long sentence: {selected}");
    // Inside the box (the backlog shows on both sides of it), joined.
    let inside: String = text
        .lines()
        .filter_map(|l| {
            let (first, last) = (l.find('│')?, l.rfind('│')?);
            (first < last).then(|| l[first + '│'.len_utf8()..last].to_string())
        })
        .collect::<String>()
        .split_whitespace()
        .collect();
    let wanted: String = selected.split_whitespace().collect();
    assert!(inside.contains(&wanted), "{selected}:\n{text}");
    // A longer one not selected ends in "…", not mid-word at the border.
    let cut = palette
        .shown()
        .skip(1)
        .find(|e| text::width(e.help) > 60)
        .expect("another long sentence");
    let start: String = cut.help.chars().take(20).collect();
    let row = shown.line(shown.row_of(&start));
    assert!(row.contains('…'), "{row:?}");
}

#[test]
fn at_80_columns_the_lead_time_buckets_keep_their_units() {
    let (_, shown) = metrics_at(80, 24);
    let row = shown.line(shown.row_of("<1d"));
    // The lead-time panel is the left one: its labels, border aside.
    let labels: Vec<&str> = row
        .split('│')
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(labels.len(), 7, "{row:?}");
    for label in &labels {
        assert!(label.ends_with(['d', 'w', 'm']), "{label} in {row:?}");
    }
    let mut distinct = labels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 7, "two buckets read the same: {row:?}");
}

#[test]
fn at_80_columns_the_boards_selected_card_shows_its_whole_title_under_the_columns() {
    let mut app = sample_app();
    press(&mut app, "7");
    let i = app.board.selected_index(&app.backlog).unwrap();
    let title = "Log in with a magic link sent to the address on file, no password";
    let mut b = app.backlog.clone();
    let key = b.stories[i].key.clone();
    std::sync::Arc::make_mut(&mut b.stories[i]).title = title.into();
    app = reopened(&app, b);
    press(&mut app, "7");
    assert_eq!(app.board.selected.as_deref(), Some(key.as_str()));
    let shown = draw(&mut app, 80, 24);
    let text = shown.text();
    // The card itself still cuts the title; the line under the columns has
    // it whole, with its points.
    assert!(text.contains(&format!("{key} Log in with a…")), "{text}");
    assert!(
        contains_wrapped(&shown, &format!("{key} {title} · 3 pts")),
        "{text}"
    );
    // The cursor moves as before and the line follows the selected card.
    press(&mut app, "j");
    let next = app.board.selected_index(&app.backlog).unwrap();
    let next = app.backlog.stories[next].clone();
    assert_ne!(next.key, key);
    let shown = draw(&mut app, 80, 24);
    assert!(
        contains_wrapped(&shown, &format!("{} {}", next.key, next.title)),
        "{}",
        shown.text()
    );
    assert!(!contains_wrapped(&shown, title), "{}", shown.text());
    // The summary and the column headers keep their lines.
    assert!(text.contains("goal:"), "{text}");
    assert!(text.contains("committed"), "{text}");
    assert!(
        text.contains("To do") && text.contains("In progress"),
        "{text}"
    );
}
