//! A change in words, for the TUI's message line, the CLI's output and
//! error context: the one place that says what an edit did ("points of
//! S-20 3 → 5", "closed SP-17: 6 unfinished stories back to the top").

use super::reordering::Reason;
use super::{
    Change, Conflict, Item, Position, Request, RequestState, Sprint, SprintState, Story, number,
};

impl Change {
    /// A short, human description: "moved S-3 to rank 1".
    pub fn describe(&self) -> String {
        match self {
            Change::Insert { item, .. } => format!("added {}", item.key()),
            Change::Remove { item, .. } => format!("deleted {}", item.key()),
            Change::Update {
                before: Item::Sprint(b),
                after: Item::Sprint(a),
                ..
            } if b.state != a.state => match a.state {
                SprintState::Active => format!("started {}", a.key),
                SprintState::Closed => format!("closed {}", a.key),
                SprintState::Planned => format!("reopened {}", a.key),
            },
            Change::Update {
                before: Item::Request(b),
                after: Item::Request(a),
                ..
            } if b.state != a.state => decision(a),
            Change::Update {
                before: Item::Story(b),
                after: Item::Story(a),
                ..
            } => story_edit(b, a),
            Change::Update {
                before: Item::Sprint(b),
                after: Item::Sprint(a),
                ..
            } => sprint_edit(b, a),
            Change::Update { after, .. } => format!("edited {}", after.key()),
            Change::MoveStory { key, to, .. } => format!("moved {key} to rank {}", to + 1),
            Change::Product { .. } => "edited the product".to_string(),
            Change::Conflicts { before, after } => resolved(before, after),
            Change::Reorder { moves, .. } => match moves.reason() {
                Reason::ScoreOrder => {
                    format!("applied the score order ({} stories moved)", moves.moved())
                }
                Reason::Together { stories, to } => format!(
                    "moved {} {}",
                    number::count(*stories, "story", "stories"),
                    place(to)
                ),
            },
            Change::Batch(changes) => describe_batch(changes),
        }
    }

    /// What undoing this change did: "undid: points of S-20 5 → 3". An edit
    /// is told as its inverse, so the arrow ends at the value now shown;
    /// anything else by what was undone ("undid: added S-5").
    pub fn describe_undone(&self) -> String {
        match self {
            Change::Batch(changes) if changes.len() == 1 => changes[0].describe_undone(),
            Change::Update { before, after, .. } if !state_change(before, after) => {
                format!("undid: {}", self.inverse().describe())
            }
            _ => format!("undid: {}", self.describe()),
        }
    }

    /// What redoing this change did: "redid: points of S-20 3 → 5".
    pub fn describe_redone(&self) -> String {
        format!("redid: {}", self.describe())
    }
}

/// "to the top", "before S-4": where stories moved together went.
fn place(to: &Position) -> String {
    match to {
        Position::Top => "to the top".to_string(),
        Position::Bottom => "to the bottom".to_string(),
        Position::Before(key) => format!("before {key}"),
        Position::After(key) => format!("after {key}"),
        Position::Up(n) => format!("up {n}"),
        Position::Down(n) => format!("down {n}"),
        Position::Index(i) => format!("to rank {}", i + 1),
    }
}

fn state_change(before: &Item, after: &Item) -> bool {
    match (before, after) {
        (Item::Sprint(b), Item::Sprint(a)) => b.state != a.state,
        (Item::Request(b), Item::Request(a)) => b.state != a.state,
        _ => false,
    }
}

/// "accepted R-3 as S-41", "declined R-3: not this year", "reopened R-3".
fn decision(a: &Request) -> String {
    let key = &a.key;
    match (a.state, &a.story) {
        (RequestState::Accepted, Some(story)) => format!("accepted {key} as {story}"),
        (RequestState::Accepted, None) => format!("accepted {key}"),
        (RequestState::Declined, _) => format!("declined {key}: {}", a.reason),
        (RequestState::New, _) => format!("reopened {key}"),
    }
}

/// A request's decision and what came with it: "accepted R-3 as S-41 at
/// rank 1", "reopened R-3 (S-41 stays in the backlog)".
fn decided(a: &Request, rest: &[Change]) -> String {
    let story = rest.iter().find_map(|c| match c {
        Change::Insert {
            index,
            item: Item::Story(s),
        } => Some((Some(*index), &s.key)),
        Change::Update {
            after: Item::Story(s),
            ..
        } => Some((None, &s.key)),
        _ => None,
    });
    match story {
        Some((Some(index), _)) => format!("{} at rank {}", decision(a), index + 1),
        Some((None, key)) => format!("{} ({key} stays in the backlog)", decision(a)),
        None => decision(a),
    }
}

fn describe_batch(changes: &[Change]) -> String {
    let Some(first) = changes.first() else {
        return "nothing".to_string();
    };
    // Resolving a conflict: the field's new value comes with it.
    if let Change::Conflicts { .. } = first {
        return first.describe();
    }
    if let Change::Update {
        before: Item::Sprint(b),
        after: Item::Sprint(a),
        ..
    } = first
        && a.state == SprintState::Closed
        && b.state != SprintState::Closed
    {
        return closed(&a.key, &changes[1..]);
    }
    if let Change::Update {
        before: Item::Request(b),
        after: Item::Request(a),
        ..
    } = first
        && b.state != a.state
    {
        return decided(a, &changes[1..]);
    }
    match changes.len() {
        1 => first.describe(),
        n => format!("{} (+{} more)", first.describe(), n - 1),
    }
}

/// "resolved the conflict on S-12 title", or "reopened …" for its undo.
fn resolved(before: &[Conflict], after: &[Conflict]) -> String {
    let gone = |from: &[Conflict], to: &[Conflict]| {
        from.iter()
            .find(|c| !to.contains(c))
            .map(|c| format!("{} {}", c.key, c.field))
    };
    match (gone(before, after), gone(after, before)) {
        (Some(what), _) => format!("resolved the conflict on {what}"),
        (None, Some(what)) => format!("reopened the conflict on {what}"),
        (None, None) => "conflicts unchanged".to_string(),
    }
}

/// "closed SP-17: 6 unfinished stories back to the top of the backlog" (or
/// "moved to SP-18"), and which stories in progress went back to todo.
fn closed(sprint: &str, rest: &[Change]) -> String {
    let mut text = carried(sprint, rest);
    let reset: Vec<String> = rest.iter().flat_map(super::reset_to_todo).collect();
    if !reset.is_empty() {
        text.push_str(&format!(
            "; {} in progress set back to todo ({})",
            reset.len(),
            reset.join(", ")
        ));
    }
    text
}

fn carried(sprint: &str, rest: &[Change]) -> String {
    let carried: Vec<Option<&str>> = rest
        .iter()
        .filter_map(|c| match c {
            Change::Update {
                before: Item::Story(b),
                after: Item::Story(a),
                ..
            } if b.sprint.as_deref() == Some(sprint) => Some(a.sprint.as_deref()),
            _ => None,
        })
        .collect();
    let n = carried.len();
    let stories = if n == 1 { "story" } else { "stories" };
    match carried.first() {
        None => format!("closed {sprint}: every story done"),
        Some(Some(next)) => format!("closed {sprint}: {n} unfinished {stories} moved to {next}"),
        Some(None) => {
            format!("closed {sprint}: {n} unfinished {stories} back to the top of the backlog")
        }
    }
}

/// One field's change: its name, and the values when they are short enough
/// to read in a message line.
struct FieldChange {
    name: &'static str,
    values: Option<(String, String)>,
}

fn field(name: &'static str, before: String, after: String) -> FieldChange {
    FieldChange {
        name,
        values: Some((before, after)),
    }
}

fn named(name: &'static str) -> FieldChange {
    FieldChange { name, values: None }
}

fn or_none(value: Option<&str>) -> String {
    value.unwrap_or("none").to_string()
}

/// A field that holds a key or a name, or nothing ("none"), when it changed.
fn optional_field(
    name: &'static str,
    before: Option<&str>,
    after: Option<&str>,
) -> Option<FieldChange> {
    (before != after).then(|| field(name, or_none(before), or_none(after)))
}

fn points(value: Option<f64>) -> String {
    value.map_or_else(|| "unestimated".to_string(), number::display)
}

/// The fields a story edit changed, in the order a form shows them.
fn field_changes(b: &Story, a: &Story) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if b.title != a.title {
        out.push(named("title"));
    }
    if (&b.as_a, &b.i_want, &b.so_that) != (&a.as_a, &a.i_want, &a.so_that) {
        out.push(named("user-story sentence"));
    }
    if b.description != a.description {
        out.push(named("description"));
    }
    if b.acceptance != a.acceptance {
        let (nb, na) = (b.acceptance.len(), a.acceptance.len());
        let done = |s: &Story| s.acceptance.iter().filter(|c| c.done).count();
        if nb == na
            && b.acceptance
                .iter()
                .zip(&a.acceptance)
                .all(|(x, y)| x.text == y.text)
        {
            out.push(field(
                "criteria done",
                format!("{}/{nb}", done(b)),
                format!("{}/{na}", done(a)),
            ));
        } else if nb != na {
            out.push(field("criteria", nb.to_string(), na.to_string()));
        } else {
            out.push(named("criteria"));
        }
    }
    if b.points != a.points {
        out.push(field("points", points(b.points), points(a.points)));
    }
    if b.status != a.status {
        let show = |s: &Story| s.status.as_str().replace('_', " ");
        out.push(field("status", show(b), show(a)));
    }
    if b.moscow != a.moscow {
        let show = |s: &Story| or_none(s.moscow.map(|m| m.as_str()));
        out.push(field("MoSCoW", show(b), show(a)));
    }
    if b.rice != a.rice {
        out.push(named("RICE"));
    }
    out.extend(optional_field("epic", b.epic.as_deref(), a.epic.as_deref()));
    out.extend(optional_field(
        "sprint",
        b.sprint.as_deref(),
        a.sprint.as_deref(),
    ));
    if b.labels != a.labels {
        out.push(named("labels"));
    }
    if b.requested_by != a.requested_by {
        out.push(named("requester"));
    }
    if b.depends_on != a.depends_on {
        out.push(named("dependencies"));
    }
    out.extend(optional_field(
        "request",
        b.request.as_deref(),
        a.request.as_deref(),
    ));
    out.extend(optional_field(
        "assignee",
        b.assignee.as_deref(),
        a.assignee.as_deref(),
    ));
    if b.blocked != a.blocked {
        out.push(named(BLOCKER));
    }
    out
}

/// "S-22 serves the goal of SP-8", "capacity of SP-8 23 → 25", "edited
/// SP-8: goal, capacity 23 → 25": what a sprint edit changed, so the PO
/// sees which field (or which story's goal mark) an edit or its undo touched.
fn sprint_edit(b: &Sprint, a: &Sprint) -> String {
    let key = &a.key;
    let marked: Vec<&str> = a
        .goal_stories
        .iter()
        .filter(|k| !b.goal_stories.contains(k))
        .map(String::as_str)
        .collect();
    let unmarked: Vec<&str> = b
        .goal_stories
        .iter()
        .filter(|k| !a.goal_stories.contains(k))
        .map(String::as_str)
        .collect();
    let mut fields = Vec::new();
    if b.name != a.name {
        fields.push(named("name"));
    }
    if b.goal != a.goal {
        fields.push(named("goal"));
    }
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
    if b.start != a.start {
        fields.push(field("start", date(b.start), date(a.start)));
    }
    if b.end != a.end {
        fields.push(field("end", date(b.end), date(a.end)));
    }
    if b.capacity != a.capacity {
        let show = |c: Option<f64>| c.map_or_else(|| "none".to_string(), number::display);
        fields.push(field("capacity", show(b.capacity), show(a.capacity)));
    }
    match (fields.as_slice(), marked.as_slice(), unmarked.as_slice()) {
        ([], [], []) => format!("edited {key}"),
        ([], [one], []) => format!("{one} serves the goal of {key}"),
        ([], [], [one]) => format!("{one} no longer serves the goal of {key}"),
        (
            [
                FieldChange {
                    name,
                    values: Some((was, now)),
                },
            ],
            [],
            [],
        ) => format!("{name} of {key} {was} → {now}"),
        ([FieldChange { name, values: None }], [], []) => format!("edited the {name} of {key}"),
        (many, marked, unmarked) => {
            let mut parts: Vec<String> = many
                .iter()
                .map(|f| match &f.values {
                    Some((was, now)) => format!("{} {was} → {now}", f.name),
                    None => f.name.to_string(),
                })
                .collect();
            if !marked.is_empty() {
                parts.push(format!("{} serve the goal", marked.join(", ")));
            }
            if !unmarked.is_empty() {
                parts.push(format!("{} no longer serve the goal", unmarked.join(", ")));
            }
            format!("edited {key}: {}", parts.join(", "))
        }
    }
}

/// The name of the blocker among a story's fields.
const BLOCKER: &str = "blocker";

/// "points of S-20 3 → 5", "edited S-20: points 3 → 5, status todo → done".
fn story_edit(b: &Story, a: &Story) -> String {
    let fields = field_changes(b, a);
    let key = &a.key;
    if let [FieldChange { name: BLOCKER, .. }] = fields.as_slice() {
        // Blocking is an event of its own at a standup: say it as one.
        return match &a.blocked {
            Some(blocked) => format!("blocked {key}: {}", blocked.reason),
            None => format!("unblocked {key}"),
        };
    }
    match fields.as_slice() {
        [] => format!("edited {key}"),
        [
            FieldChange {
                name,
                values: Some((was, now)),
            },
        ] => format!("{name} of {key} {was} → {now}"),
        [FieldChange { name, values: None }] => format!("edited the {name} of {key}"),
        many => {
            let parts: Vec<String> = many
                .iter()
                .map(|f| match &f.values {
                    Some((was, now)) => format!("{} {was} → {now}", f.name),
                    None => f.name.to_string(),
                })
                .collect();
            format!("edited {key}: {}", parts.join(", "))
        }
    }
}
