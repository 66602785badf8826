//! View 5, requests: what it draws (insta snapshots and cell styles) and the
//! flows: capture with completion, triage into an accepted story at a rank
//! after the trade-off preview, decline with a reason, filter, undo.

mod fixtures;
mod render_support;

use fixtures::{press, sample_app, type_text};
use po::model::{Backlog, Position, RequestState, SprintState, Status};
use po::tui::app::App;
use po::tui::popup::Popup;
use render_support::{draw, screen};

/// The sample backlog on the requests view.
fn requests_app() -> App {
    let mut app = sample_app();
    press(&mut app, "5");
    app
}

/// The same, after `edit` changed the backlog.
fn requests_app_with(edit: impl FnOnce(&mut Backlog)) -> App {
    let mut backlog = sample_app().backlog;
    edit(&mut backlog);
    let mut app = App::new(backlog, None, &[]);
    app.today = sample_app().today;
    press(&mut app, "5");
    app
}

fn first_new(backlog: &Backlog) -> String {
    let r = backlog
        .requests
        .iter()
        .find(|r| r.state == RequestState::New);
    r.expect("the sample has new requests").key.clone()
}

fn question(app: &App) -> String {
    match &app.popup {
        Some(Popup::Confirm(c)) => c.question.clone(),
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn requests_view_lists_requests_by_age_with_the_stakeholder_summary() {
    let mut app = requests_app();
    insta::assert_snapshot!(screen(&mut app, 110, 30));
}

#[test]
fn the_stakeholder_summary_counts_what_each_sender_waits_for() {
    // Two more from one stakeholder, one of them declined.
    let mut app = requests_app_with(|b| {
        let when = b.requests[0].received;
        for text in ["Bulk price edit", "Price history export"] {
            b.add_request(text, "Merchandising", when).unwrap();
        }
        let key = b.requests.last().unwrap().key.clone();
        b.decline_request(&key, "Covered by the price API", when)
            .unwrap();
    });
    let shown = screen(&mut app, 110, 34);
    let summary = &shown[shown.find("By stakeholder").expect("the summary is drawn")..];
    insta::assert_snapshot!(summary);
}

#[test]
fn the_cursor_row_is_highlighted() {
    let mut app = requests_app();
    press(&mut app, "j");
    let key = app.requests.selected(&app.backlog).unwrap().key.clone();
    let s = draw(&mut app, 110, 30);
    let (x, y) = s.find(&format!("{key} ")).expect("the row is drawn");
    let style = s.buffer[(x, y)].style();
    assert_eq!(
        style.bg,
        po::tui::ui::theme::selected().bg,
        "{key} row: {style:?}"
    );
}

#[test]
fn capturing_a_request_takes_its_text_then_a_completed_stakeholder() {
    let mut app = requests_app();
    let before = app.backlog.requests.len();
    press(&mut app, "a");
    type_text(&mut app, "SSO for the Acme deal");
    press(&mut app, "Enter");
    let sender = app.backlog.requests[0].from.clone();
    type_text(&mut app, &sender[..2]);
    let hint = match &app.popup {
        Some(Popup::Prompt(p)) => p.hint.clone().unwrap_or_default(),
        other => panic!("expected the who prompt, got {other:?}"),
    };
    assert!(hint.starts_with("Tab: "), "{hint}");
    press(&mut app, "Tab Enter");
    assert!(app.popup.is_none());
    let r = app.backlog.requests.last().unwrap();
    assert_eq!(r.text, "SSO for the Acme deal");
    assert_eq!(app.backlog.requests.len(), before + 1);
    assert!(
        app.requests
            .selected(&app.backlog)
            .is_some_and(|s| s.key == r.key)
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains(&format!("added {}", r.key))
    );
    // Nobody asking is refused, with the prompt kept open.
    press(&mut app, "a");
    type_text(&mut app, "Dark mode");
    press(&mut app, "Enter Enter");
    assert!(matches!(&app.popup, Some(Popup::Prompt(p)) if p.error.is_some()));
}

#[test]
fn accepting_at_the_top_previews_the_trade_off_then_opens_the_story_form() {
    let mut app = requests_app();
    let key = first_new(&app.backlog);
    app.requests.select(&app.backlog, &key);
    press(&mut app, "Enter");
    assert!(
        matches!(&app.popup, Some(Popup::Picker(_))),
        "triage picks where it goes"
    );
    press(&mut app, "Enter");
    assert!(
        question(&app).contains("Working out what it pushes out"),
        "{}",
        question(&app)
    );
    app.compute_figures_now();
    let asked = question(&app);
    assert!(asked.contains("as a story at rank 1?"), "{asked}");
    assert!(asked.contains("If it is 5 points"), "{asked}");
    assert!(
        asked.contains(" → ") && asked.contains("(+14d)"),
        "an epic slips: {asked}"
    );
    insta::assert_snapshot!(screen(&mut app, 110, 30));

    let changes = app.undo_depth();
    press(&mut app, "y");
    let story = app.backlog.stories[0].clone();
    let request = app.backlog.request(&key).unwrap();
    assert_eq!(request.state, RequestState::Accepted);
    assert_eq!(request.story.as_deref(), Some(story.key.as_str()));
    assert_eq!(story.request.as_deref(), Some(key.as_str()));
    assert_eq!(story.requested_by, request.from);
    assert!(matches!(&app.popup, Some(Popup::Form(f)) if f.title.contains(&story.key)));
    press(&mut app, "Esc");
    assert_eq!(
        app.backlog.stories[0].key, story.key,
        "Esc keeps the accepted story"
    );
    assert_eq!(app.undo_depth(), changes + 1, "one change");
    press(&mut app, "u");
    assert_eq!(app.backlog.request(&key).unwrap().state, RequestState::New);
    assert!(app.backlog.story(&story.key).is_none());
}

#[test]
fn declining_asks_for_a_reason_and_refuses_none() {
    let mut app = requests_app();
    let key = first_new(&app.backlog);
    app.requests.select(&app.backlog, &key);
    press(&mut app, "d Enter");
    assert!(matches!(&app.popup, Some(Popup::Prompt(p)) if p.error.is_some()));
    type_text(&mut app, "Not this quarter");
    press(&mut app, "Enter");
    let r = app.backlog.request(&key).unwrap();
    assert_eq!(
        (r.state, r.reason.as_str()),
        (RequestState::Declined, "Not this quarter")
    );
    assert_eq!(
        app.message.as_ref().unwrap().text,
        format!("declined {key}: Not this quarter")
    );
    // Accepting it now is refused until it is reopened.
    press(&mut app, "Enter");
    assert!(app.popup.is_none());
    press(&mut app, "o");
    assert_eq!(app.backlog.request(&key).unwrap().state, RequestState::New);
}

#[test]
fn the_filter_narrows_by_state_and_stakeholder() {
    let mut app = requests_app();
    let all = app.requests.rows.len();
    press(&mut app, "f Right Enter");
    let rows = app.requests.rows.clone();
    assert!(rows.len() < all);
    assert!(
        rows.iter()
            .all(|&i| app.backlog.requests[i].state == RequestState::New)
    );
    press(&mut app, "F");
    assert_eq!(app.requests.rows.len(), all);
    press(&mut app, "f Tab Right Enter");
    let from = app.requests.from.clone().expect("a stakeholder is picked");
    assert!(
        app.requests
            .rows
            .iter()
            .all(|&i| app.backlog.requests[i].from == from)
    );
}

#[test]
fn an_accepted_request_opens_its_story_which_shows_the_request() {
    let mut key = String::new();
    let mut app = requests_app_with(|b| {
        key = first_new(b);
        b.accept_request(
            &key,
            Some("Single sign-on"),
            None,
            &Position::Top,
            fixtures::t0(),
        )
        .unwrap();
    });
    app.requests.select(&app.backlog, &key);
    press(&mut app, "Enter");
    let shown = screen(&mut app, 110, 30);
    assert!(shown.contains(&format!("Request: {key} from")), "{shown}");
    press(&mut app, "Esc");
    assert_eq!(app.view, po::tui::action::View::Requests);
}

#[test]
fn accepting_at_a_typed_rank_previews_that_rank_and_refuses_one_out_of_range() {
    let mut app = requests_app();
    let key = first_new(&app.backlog);
    app.requests.select(&app.backlog, &key);
    // Ranks as the backlog shows them, without the hidden done work.
    let last = app.backlog.stories.len() + 1 - app.list.hidden_done();
    press(&mut app, "Enter");
    let Some(Popup::Picker(picker)) = &app.popup else {
        panic!("triage picks where it goes: {:?}", app.popup);
    };
    assert_eq!(
        picker.entries[1].0,
        format!("Accept at a rank you type (1 to {last})…")
    );
    press(&mut app, "j");
    press(&mut app, "Enter");
    let Some(Popup::Prompt(prompt)) = &app.popup else {
        panic!("a rank is asked for: {:?}", app.popup);
    };
    assert!(prompt.title.contains("at which rank?"), "{}", prompt.title);

    type_text(&mut app, "0");
    press(&mut app, "Enter");
    let Some(Popup::Prompt(prompt)) = &app.popup else {
        panic!("a bad rank keeps the prompt open: {:?}", app.popup);
    };
    assert_eq!(
        prompt.error.as_deref(),
        Some(format!("\"0\" is not a rank from 1 to {last}").as_str())
    );

    press(&mut app, "Backspace");
    type_text(&mut app, "3");
    press(&mut app, "Enter");
    app.compute_figures_now();
    let asked = question(&app);
    assert!(asked.contains("as a story at rank 3?"), "{asked}");
    press(&mut app, "y");
    let story = app.backlog.stories[2].clone();
    assert_eq!(
        story.request.as_deref(),
        Some(key.as_str()),
        "rank 3 holds it"
    );
    assert_eq!(
        app.backlog.request(&key).unwrap().state,
        RequestState::Accepted
    );
}

/// An imported backlog keeps done work where the source ranked it; the
/// backlog view hides the done stories of closed sprints and counts ranks
/// without them, so a rank typed at triage must count the same way.
#[test]
fn a_typed_rank_counts_as_the_backlog_shows_it_when_done_work_is_hidden_above() {
    let mut app = requests_app_with(|b| {
        // The sample's done work moved above the open work, as an import may.
        b.stories.sort_by_key(|s| s.status != Status::Done);
    });
    let hidden = app.list.hidden_done();
    assert!(hidden > 0, "the sample has done work of closed sprints");
    let len = app.backlog.stories.len();
    let key = first_new(&app.backlog);
    app.requests.select(&app.backlog, &key);
    press(&mut app, "Enter");
    let Some(Popup::Picker(picker)) = &app.popup else {
        panic!("triage picks where it goes: {:?}", app.popup);
    };
    let shown_last = len - hidden + 1;
    assert_eq!(
        picker.entries[1].0,
        format!("Accept at a rank you type (1 to {shown_last})…")
    );
    press(&mut app, "j");
    press(&mut app, "Enter");
    type_text(&mut app, "2");
    press(&mut app, "Enter");
    let asked = question(&app);
    assert!(asked.contains("as a story at rank 2?"), "{asked}");
    // The story the backlog shows at rank 2 now: the second that is not
    // done work of a closed sprint.
    let closed: Vec<String> = app
        .backlog
        .sprints
        .iter()
        .filter(|s| s.state == SprintState::Closed)
        .map(|s| s.key.clone())
        .collect();
    let second_open = app
        .backlog
        .stories
        .iter()
        .filter(|s| {
            !(s.status == Status::Done && s.sprint.as_ref().is_some_and(|k| closed.contains(k)))
        })
        .nth(1)
        .expect("the sample has open work")
        .key
        .clone();
    press(&mut app, "y");
    let at = app
        .backlog
        .stories
        .iter()
        .position(|s| s.request.as_deref() == Some(key.as_str()))
        .expect("the request became a story");
    assert_eq!(app.list.rank_of(at), 2, "shown at rank 2");
    assert_eq!(
        app.backlog.stories[at + 1].key,
        second_open,
        "just above the story that was shown at rank 2"
    );
}

#[test]
fn at_120_columns_a_long_stakeholder_name_is_whole_in_the_list() {
    let mut app = requests_app_with(|b| {
        let when = b.requests[0].received;
        b.add_request(
            "SSO for enterprise customers",
            "Customer advisory board",
            when,
        )
        .unwrap();
    });
    let shown = screen(&mut app, 120, 30);
    let row = shown
        .lines()
        .find(|l| l.contains("SSO for enterprise customers"))
        .expect("the request is listed")
        .to_string();
    assert!(row.contains("Customer advisory board "), "{row}");
    // At 80 the request's text keeps its room; the name is cut there.
    let shown = screen(&mut app, 80, 30);
    assert!(shown.contains("Customer adviso…"), "{shown}");
}
