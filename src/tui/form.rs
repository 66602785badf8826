//! Forms: a column of labelled fields, text or choice. The story editor and
//! the filter are forms; building one from the model and reading it back
//! live here, so the App only opens and submits them.

use chrono::NaiveDate;

use crate::model::rice::{self, RiceField};
use crate::model::{
    Backlog, Moscow, Rice, Sprint, SprintFilter, SprintState, Status, Story, StoryFilter, keys,
    number,
};

use super::text_input::TextInput;

/// One field of a form.
#[derive(Debug)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
}

/// What a field holds.
#[derive(Debug)]
pub enum FieldKind {
    Text(TextInput),
    /// Shown labels and the value each stands for; `selected` indexes both.
    Choice {
        options: Vec<(String, Option<String>)>,
        selected: usize,
    },
}

/// What a form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormFor {
    Story(String),
    /// The rest of a story just added by its title: Esc removes the story.
    NewStory(String),
    Filter,
    Sprint(String),
    /// The requests view's filter.
    RequestFilter,
}

/// An open form.
#[derive(Debug)]
pub struct Form {
    pub purpose: FormFor,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submit was refused; the form keeps what was typed.
    pub error: Option<String>,
}

impl Form {
    /// The focused field's text input, if it is a text field.
    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text(input)) => Some(input),
            _ => None,
        }
    }

    /// Whether the focused field is a choice.
    pub fn focus_is_choice(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Choice { .. })
        )
    }

    /// Moves the focus by `delta` fields, wrapping around.
    pub fn move_focus(&mut self, delta: isize) {
        let len = self.fields.len().max(1);
        self.focus = (self.focus + len).saturating_add_signed(delta) % len;
    }

    /// Steps the focused choice by `delta`, wrapping around.
    pub fn cycle_choice(&mut self, delta: isize) {
        if let Some(Field {
            kind: FieldKind::Choice { options, selected },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let len = options.len().max(1);
            *selected = (*selected + len).saturating_add_signed(delta) % len;
        }
    }

    fn text(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .and_then(|f| match &f.kind {
                FieldKind::Text(input) => Some(input.value()),
                FieldKind::Choice { .. } => None,
            })
            .unwrap_or("")
    }

    pub(super) fn choice(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .and_then(|f| match &f.kind {
                FieldKind::Choice { options, selected } => {
                    options.get(*selected).and_then(|(_, v)| v.as_deref())
                }
                FieldKind::Text(_) => None,
            })
    }
}

fn text(label: &'static str, value: &str) -> Field {
    Field {
        label,
        kind: FieldKind::Text(TextInput::new(value)),
    }
}

pub(super) fn choice(
    label: &'static str,
    options: Vec<(String, Option<String>)>,
    current: Option<&str>,
) -> Field {
    let selected = options
        .iter()
        .position(|(_, v)| v.as_deref() == current)
        .unwrap_or(0);
    Field {
        label,
        kind: FieldKind::Choice { options, selected },
    }
}

fn none_and<I: IntoIterator<Item = (String, String)>>(
    none: &str,
    rest: I,
) -> Vec<(String, Option<String>)> {
    std::iter::once((none.to_string(), None))
        .chain(rest.into_iter().map(|(label, v)| (label, Some(v))))
        .collect()
}

fn epic_options(backlog: &Backlog, none: &str) -> Vec<(String, Option<String>)> {
    none_and(
        none,
        backlog
            .epics
            .iter()
            .map(|e| (format!("{} {}", e.key, e.title), e.key.clone())),
    )
}

fn sprint_options(backlog: &Backlog, none: &str) -> Vec<(String, Option<String>)> {
    none_and(
        none,
        backlog
            .sprints
            .iter()
            .filter(|s| s.state != SprintState::Closed)
            .map(|s| (format!("{} {} ({})", s.key, s.name, s.state), s.key.clone())),
    )
}

fn status_options(none: Option<&str>) -> Vec<(String, Option<String>)> {
    let all = Status::ALL.iter().map(|s| (s.to_string(), s.to_string()));
    match none {
        Some(n) => none_and(n, all),
        None => all.map(|(l, v)| (l, Some(v))).collect(),
    }
}

fn moscow_options(none: &str) -> Vec<(String, Option<String>)> {
    none_and(
        none,
        Moscow::ALL.iter().map(|m| (m.to_string(), m.to_string())),
    )
}

fn join(items: &[String]) -> String {
    items.join(", ")
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn fmt_number(value: Option<f64>) -> String {
    value.map(number::display).unwrap_or_default()
}

fn parse_optional(text: &str, what: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() || text == "-" {
        Ok(None)
    } else {
        number::parse_non_negative(text, what).map(Some)
    }
}

/// The story editor, filled with the story's current values.
pub fn story_form(story: &Story, backlog: &Backlog) -> Form {
    let rice = story.rice.as_ref();
    let fields = vec![
        text("Title", &story.title),
        text("As a", &story.as_a),
        text("I want", &story.i_want),
        text("So that", &story.so_that),
        text("Description", &story.description),
        text("Points", &fmt_number(story.points)),
        choice("Status", status_options(None), Some(story.status.as_str())),
        choice(
            "MoSCoW",
            moscow_options("none"),
            story.moscow.map(Moscow::as_str),
        ),
        choice("Epic", epic_options(backlog, "none"), story.epic.as_deref()),
        choice(
            "Sprint",
            sprint_options(backlog, "none (backlog)"),
            story.sprint.as_deref(),
        ),
        text("Labels", &join(&story.labels)),
        text("Requested by", &story.requested_by),
        text("Depends on", &join(&story.depends_on)),
        text("Reach", &fmt_number(rice.map(|r| r.reach))),
        text("Impact", &fmt_number(rice.map(|r| r.impact))),
        text("Confidence", &fmt_number(rice.map(|r| r.confidence))),
        text("Effort", &fmt_number(rice.map(|r| r.effort))),
    ];
    Form {
        purpose: FormFor::Story(story.key.clone()),
        title: format!("Edit {}", story.key),
        fields,
        focus: 0,
        error: None,
    }
}

/// The story editor for a story just added by its title, which cancelling removes.
pub fn new_story_form(story: &Story, backlog: &Backlog) -> Form {
    Form {
        purpose: FormFor::NewStory(story.key.clone()),
        title: format!("New story {}: the rest of it (Esc removes it)", story.key),
        ..story_form(story, backlog)
    }
}

/// Reads the story editor back into an edited copy of `story`, or says which
/// field is wrong. References are checked by the model when it is saved.
pub fn read_story(form: &Form, story: &Story) -> Result<Story, String> {
    let mut s = story.clone();
    s.title = form.text("Title").trim().to_string();
    if s.title.is_empty() {
        return Err("Title: a story needs a title".to_string());
    }
    s.as_a = form.text("As a").trim().to_string();
    s.i_want = form.text("I want").trim().to_string();
    s.so_that = form.text("So that").trim().to_string();
    s.description = form.text("Description").to_string();
    s.points = parse_optional(form.text("Points"), "Points")?;
    s.status = form
        .choice("Status")
        .and_then(|v| v.parse().ok())
        .unwrap_or(story.status);
    s.moscow = form.choice("MoSCoW").and_then(|v| v.parse().ok());
    s.epic = form.choice("Epic").map(str::to_string);
    s.sprint = form.choice("Sprint").map(str::to_string);
    s.labels = split_list(form.text("Labels"));
    s.requested_by = form.text("Requested by").trim().to_string();
    s.depends_on = split_list(form.text("Depends on"))
        .iter()
        .map(|k| keys::normalize(k, keys::STORY))
        .collect();
    s.rice = read_rice(form, story)?;
    Ok(s)
}

/// RICE from the four fields: all empty clears it, an empty one takes its
/// neutral value, and each typed one is checked by the model's rules.
fn read_rice(form: &Form, story: &Story) -> Result<Option<Rice>, String> {
    let labels = ["Reach", "Impact", "Confidence", "Effort"];
    let typed: Vec<&str> = labels.iter().map(|l| form.text(l).trim()).collect();
    if typed.iter().all(|t| t.is_empty() || *t == "-") {
        return Ok(None);
    }
    let mut rice = Rice {
        extra: story.rice.clone().unwrap_or_default().extra,
        ..Rice::default()
    };
    for ((field, label), text) in RiceField::ALL.into_iter().zip(labels).zip(typed) {
        if !text.is_empty() && text != "-" {
            let value = rice::parse(field, text).map_err(|e| format!("{label}: {}", e.message))?;
            field.set(&mut rice, value);
        }
    }
    Ok(Some(rice))
}

/// The filter editor, showing the current filter.
pub fn filter_form(filter: &StoryFilter, backlog: &Backlog) -> Form {
    let sprint_current = match &filter.sprint {
        SprintFilter::Any => None,
        SprintFilter::Backlog => Some("backlog"),
        SprintFilter::In(k) => Some(k.as_str()),
    };
    let mut sprints = sprint_options(backlog, "any");
    sprints.insert(
        1,
        ("not in a sprint".to_string(), Some("backlog".to_string())),
    );
    let yes_no = || {
        vec![
            ("no".to_string(), None),
            ("yes".to_string(), Some("yes".to_string())),
        ]
    };
    let fields = vec![
        choice("Epic", epic_options(backlog, "any"), filter.epic.as_deref()),
        choice(
            "Status",
            status_options(Some("any")),
            filter.status.map(Status::as_str),
        ),
        choice(
            "MoSCoW",
            moscow_options("any"),
            filter.moscow.map(Moscow::as_str),
        ),
        choice("Sprint", sprints, sprint_current),
        choice("Unestimated", yes_no(), filter.unestimated.then_some("yes")),
        choice("Not ready", yes_no(), filter.not_ready.then_some("yes")),
        choice("Hide done", yes_no(), filter.open_only.then_some("yes")),
    ];
    Form {
        purpose: FormFor::Filter,
        title: "Filter the backlog".to_string(),
        fields,
        focus: 0,
        error: None,
    }
}

/// Reads the filter editor; the search text is kept from `current`.
pub fn read_filter(form: &Form, current: &StoryFilter) -> StoryFilter {
    StoryFilter {
        epic: form.choice("Epic").map(str::to_string),
        sprint: match form.choice("Sprint") {
            None => SprintFilter::Any,
            Some("backlog") => SprintFilter::Backlog,
            Some(k) => SprintFilter::In(k.to_string()),
        },
        status: form.choice("Status").and_then(|v| v.parse().ok()),
        moscow: form.choice("MoSCoW").and_then(|v| v.parse().ok()),
        unestimated: form.choice("Unestimated").is_some(),
        not_ready: form.choice("Not ready").is_some(),
        open_only: form.choice("Hide done").is_some(),
        text: current.text.clone(),
    }
}

/// The sprint editor: name, goal, dates and capacity.
pub fn sprint_form(sprint: &Sprint) -> Form {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Form {
        purpose: FormFor::Sprint(sprint.key.clone()),
        title: format!("Sprint {} ({})", sprint.key, sprint.state),
        fields: vec![
            text("Name", &sprint.name),
            text("Goal", &sprint.goal),
            text("Start", &date(sprint.start)),
            text("End", &date(sprint.end)),
            text("Capacity", &fmt_number(sprint.capacity)),
        ],
        focus: 0,
        error: None,
    }
}

/// Reads the sprint editor into an edited copy of `sprint`, or says which field is wrong.
pub fn read_sprint(form: &Form, sprint: &Sprint) -> Result<Sprint, String> {
    let date = |label: &str| -> Result<Option<NaiveDate>, String> {
        let text = form.text(label).trim();
        if text.is_empty() || text == "-" {
            return Ok(None);
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{label}: '{text}' is not a date like 2026-12-01"))
    };
    let mut s = sprint.clone();
    s.name = form.text("Name").trim().to_string();
    if s.name.is_empty() {
        return Err("Name: a sprint needs a name".to_string());
    }
    s.goal = form.text("Goal").trim().to_string();
    s.start = date("Start")?;
    s.end = date("End")?;
    s.capacity = parse_optional(form.text("Capacity"), "Capacity")?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut Form, label: &str, value: &str) {
        let field = form.fields.iter_mut().find(|f| f.label == label).unwrap();
        field.kind = FieldKind::Text(TextInput::new(value));
    }

    #[test]
    fn the_story_form_refuses_bad_rice_naming_the_field_and_reads_percentages() {
        let mut backlog = Backlog::new("Acme");
        let story = backlog.new_story("Pay", crate::model::now());
        let mut form = story_form(&story, &backlog);
        for (label, value) in [("Impact", "1.5"), ("Effort", "0"), ("Confidence", "300")] {
            typed(&mut form, label, value);
            let err = read_story(&form, &story).unwrap_err();
            assert!(err.starts_with(&format!("{label}:")), "{err}");
            typed(&mut form, label, "");
        }
        typed(&mut form, "Confidence", "80%");
        let rice = read_story(&form, &story).unwrap().rice.unwrap();
        assert_eq!((rice.confidence, rice.impact, rice.effort), (0.8, 1.0, 1.0));
    }
}
