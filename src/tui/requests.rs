//! The requests view's state: the rows shown (by age, filtered by state and
//! stakeholder), the cursor, and the trade-off preview of an accept being
//! confirmed, which is computed off the input thread.

use crate::model::{Backlog, Request, RequestState, Status, WhatIf};

use super::form::{self, Form, FormFor};

/// View 5's state.
#[derive(Debug, Default)]
pub struct Requests {
    /// Indices into `backlog.requests` of the rows shown, oldest first.
    pub rows: Vec<usize>,
    pub cursor: usize,
    /// Only requests in this state.
    pub state: Option<RequestState>,
    /// Only requests from this stakeholder.
    pub from: Option<String>,
    /// The accept waiting for a yes, and what it would push out.
    pub preview: Option<Preview>,
}

/// An accept at a rank, being previewed before it is made.
#[derive(Debug)]
pub struct Preview {
    pub request: String,
    /// Where the story would go (0-based).
    pub index: usize,
    /// The change counter the figures are for.
    pub stamp: u64,
    /// The trade-off once computed, or why it could not be.
    pub result: Option<Result<PreviewFigures, String>>,
}

/// The trade-off of an accept, and the size the new story was assumed to
/// have: it has no estimate yet, and an unestimated story would move no date.
#[derive(Debug)]
pub struct PreviewFigures {
    pub what_if: WhatIf,
    /// The median points of the open estimated stories, when there are any.
    pub assumed_points: Option<f64>,
}

/// The median points of the open estimated stories: the size a story not
/// estimated yet most likely has.
pub fn typical_points(backlog: &Backlog) -> Option<f64> {
    let mut points: Vec<f64> = backlog
        .stories
        .iter()
        .filter(|s| s.status != Status::Done)
        .filter_map(|s| s.points)
        .collect();
    if points.is_empty() {
        return None;
    }
    let middle = points.len() / 2;
    let (_, median, _) = points.select_nth_unstable_by(middle, f64::total_cmp);
    Some(*median)
}

impl Requests {
    /// The state for a backlog: every request, oldest first.
    pub fn new(backlog: &Backlog) -> Self {
        let mut requests = Requests::default();
        requests.refresh(backlog);
        requests
    }

    /// Rebuilds the rows after the requests or the filter changed, keeping
    /// the cursor on the same request when it is still shown.
    pub fn refresh(&mut self, backlog: &Backlog) {
        let selected = self.selected_key(backlog).map(str::to_string);
        let mut rows: Vec<usize> = backlog
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| self.passes(r))
            .map(|(i, _)| i)
            .collect();
        rows.sort_by_key(|&i| backlog.requests[i].received);
        self.rows = rows;
        if let Some(key) = selected {
            self.select(backlog, &key);
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    fn passes(&self, r: &Request) -> bool {
        self.state.is_none_or(|s| r.state == s)
            && self
                .from
                .as_ref()
                .is_none_or(|f| r.from.eq_ignore_ascii_case(f))
    }

    /// The request under the cursor.
    pub fn selected<'a>(&self, backlog: &'a Backlog) -> Option<&'a Request> {
        self.rows
            .get(self.cursor)
            .and_then(|&i| backlog.requests.get(i))
    }

    fn selected_key<'a>(&self, backlog: &'a Backlog) -> Option<&'a str> {
        self.selected(backlog).map(|r| r.key.as_str())
    }

    /// Puts the cursor on a request, if it is shown.
    pub fn select(&mut self, backlog: &Backlog, key: &str) {
        if let Some(row) = self
            .rows
            .iter()
            .position(|&i| backlog.requests.get(i).is_some_and(|r| r.key == key))
        {
            self.cursor = row;
        }
    }

    /// "new, from Sales", or empty when nothing is filtered.
    pub fn describe_filter(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.state {
            parts.push(s.to_string());
        }
        if let Some(f) = &self.from {
            parts.push(format!("from {f}"));
        }
        parts.join(", ")
    }

    /// The filter form: state and stakeholder, each a choice.
    pub fn filter_form(&self, backlog: &Backlog) -> Form {
        let states = ["new", "accepted", "declined"]
            .into_iter()
            .map(|s| (s.to_string(), Some(s.to_string())));
        let states = std::iter::once(("any".to_string(), None))
            .chain(states)
            .collect();
        let names = std::iter::once(("anyone".to_string(), None))
            .chain(
                stakeholders(backlog)
                    .into_iter()
                    .map(|n| (n.clone(), Some(n))),
            )
            .collect();
        let state = self.state.map(|s| s.to_string());
        Form {
            purpose: FormFor::RequestFilter,
            title: "Filter the requests".to_string(),
            fields: vec![
                form::choice("State", states, state.as_deref()),
                form::choice("From", names, self.from.as_deref()),
            ],
            focus: 0,
            error: None,
        }
    }

    /// Takes the filter form's choices.
    pub fn read_filter(&mut self, form: &Form, backlog: &Backlog) {
        self.state = match form.choice("State") {
            Some("new") => Some(RequestState::New),
            Some("accepted") => Some(RequestState::Accepted),
            Some("declined") => Some(RequestState::Declined),
            _ => None,
        };
        self.from = form.choice("From").map(str::to_string);
        self.refresh(backlog);
    }
}

/// Everyone who has sent a request, most recent sender first (the likeliest
/// to send the next one), each name once.
pub fn stakeholders(backlog: &Backlog) -> Vec<String> {
    let mut by_recent: Vec<&Request> = backlog.requests.iter().collect();
    by_recent.sort_by_key(|r| std::cmp::Reverse(r.received));
    let mut names: Vec<String> = Vec::new();
    for r in by_recent {
        let name = r.from.trim();
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    names
}

/// The known stakeholders that fit what was typed: those whose name starts
/// with it first, then those that contain it, ignoring case.
pub fn completions(backlog: &Backlog, typed: &str) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    let names = stakeholders(backlog);
    let (mut starts, contains): (Vec<String>, Vec<String>) = names
        .into_iter()
        .filter(|n| n.to_lowercase().contains(&typed))
        .partition(|n| n.to_lowercase().starts_with(&typed));
    starts.extend(contains);
    starts
}

/// The line under the "from whom?" prompt: what Tab would complete to.
pub fn completion_hint(backlog: &Backlog, typed: &str) -> String {
    let found = completions(backlog, typed);
    match found.split_first() {
        None if typed.trim().is_empty() => "no stakeholders yet: type a name".to_string(),
        None => "a new stakeholder".to_string(),
        Some((first, [])) if first == typed.trim() => "a known stakeholder".to_string(),
        Some((first, rest)) => {
            let mut hint = format!("Tab: {first}");
            if !rest.is_empty() {
                let more: Vec<&str> = rest.iter().take(4).map(String::as_str).collect();
                hint.push_str(&format!(" · also {}", more.join(", ")));
            }
            hint
        }
    }
}
