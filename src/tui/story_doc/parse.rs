//! The syntax of the story document: which `Name:` lines exist and how a
//! document is read into text per field, before any value is checked.

use std::borrow::Cow;

use super::DocError;

/// The one-line fields, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    AsA,
    IWant,
    SoThat,
    Points,
    Status,
    Moscow,
    Epic,
    Sprint,
    Labels,
    RequestedBy,
    DependsOn,
    Reach,
    Impact,
    Confidence,
    Effort,
}

pub(super) const FIELDS: [(Field, &str); 16] = [
    (Field::Title, "Title"),
    (Field::AsA, "As a"),
    (Field::IWant, "I want"),
    (Field::SoThat, "So that"),
    (Field::Points, "Points"),
    (Field::Status, "Status"),
    (Field::Moscow, "MoSCoW"),
    (Field::Epic, "Epic"),
    (Field::Sprint, "Sprint"),
    (Field::Labels, "Labels"),
    (Field::RequestedBy, "Requested by"),
    (Field::DependsOn, "Depends on"),
    (Field::Reach, "Reach"),
    (Field::Impact, "Impact"),
    (Field::Confidence, "Confidence"),
    (Field::Effort, "Effort"),
];

pub(super) const DESCRIPTION: &str = "Description:";
pub(super) const CRITERIA: &str = "Acceptance criteria:";

/// What a `Name:` line starts.
enum Heading {
    Field(Field),
    Description,
    Criteria,
}

fn heading(name: &str) -> Option<Heading> {
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let field = match name.as_str() {
        "title" => Field::Title,
        "asa" | "asan" => Field::AsA,
        "iwant" => Field::IWant,
        "sothat" => Field::SoThat,
        "points" | "estimate" => Field::Points,
        "status" => Field::Status,
        "moscow" => Field::Moscow,
        "epic" => Field::Epic,
        "sprint" => Field::Sprint,
        "labels" | "label" => Field::Labels,
        "requestedby" => Field::RequestedBy,
        "dependson" | "dependencies" => Field::DependsOn,
        "reach" => Field::Reach,
        "impact" => Field::Impact,
        "confidence" => Field::Confidence,
        "effort" => Field::Effort,
        "description" => return Some(Heading::Description),
        "acceptancecriteria" | "acceptance" | "criteria" => return Some(Heading::Criteria),
        _ => return None,
    };
    Some(Heading::Field(field))
}

pub(super) fn error(line: usize, message: &str) -> DocError {
    DocError {
        line,
        message: message.to_string(),
    }
}

/// One acceptance criterion as written in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    pub(super) done: bool,
    pub(super) text: String,
}

/// A document read into text per field, before any value is checked.
#[derive(Default)]
pub(super) struct Parsed {
    /// (line, trimmed text) per [`Field`], in `FIELDS` order.
    pub(super) fields: [Option<(usize, String)>; 16],
    pub(super) description: Option<(usize, String)>,
    pub(super) criteria: Option<(usize, Vec<Item>)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Fields,
    Description,
    Criteria,
}

pub(super) fn parse(doc: &str) -> Result<Parsed, DocError> {
    let doc = doc.strip_prefix('\u{FEFF}').unwrap_or(doc);
    let mut p = Parsed::default();
    let mut section = Section::Fields;
    let mut description: Vec<Cow<str>> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    // Blank lines inside the criteria, kept only if a continuation line follows.
    let mut blanks = 0;
    for (i, raw) in doc.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if section == Section::Description {
            if is_criteria_heading(line) && !line.trim_start().starts_with('\\') {
                start_block(p.criteria.as_ref().map(|c| c.0), n, CRITERIA)?;
                p.criteria = Some((n, Vec::new()));
                section = Section::Criteria;
            } else {
                description.push(unescape(line));
            }
            continue;
        }
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if section == Section::Criteria {
            if line.starts_with([' ', '\t'])
                && let Some(item) = items.last_mut()
            {
                for _ in 0..=blanks {
                    item.text.push('\n');
                }
                item.text
                    .push_str(line.strip_prefix("  ").unwrap_or(line.trim_start()));
                blanks = 0;
                continue;
            }
            if let Some(item) = parse_item(line) {
                items.push(item);
                blanks = 0;
                continue;
            }
        }
        blanks = 0;
        if section == Section::Fields && parse_item(line).is_some() {
            return Err(error(
                n,
                "a criterion is only read below the 'Acceptance criteria:' line; move it there",
            ));
        }
        let Some((name, value)) = line.split_once(':') else {
            let what = if section == Section::Criteria {
                "is neither a criterion ('- [ ] text') nor a field ('Points: 3')"
            } else {
                "is not a field; write 'Field: value' (such as 'Points: 3'), or put free text under 'Description:'"
            };
            return Err(error(n, &format!("'{}' {what}", shorten(line))));
        };
        match heading(name) {
            None => return Err(unknown_field(n, name)),
            Some(Heading::Field(f)) => {
                let slot = &mut p.fields[f as usize];
                if let Some((first, _)) = slot {
                    return Err(twice(n, FIELDS[f as usize].1, *first));
                }
                *slot = Some((n, value.trim().to_string()));
            }
            Some(Heading::Description) => {
                start_block(p.description.as_ref().map(|d| d.0), n, DESCRIPTION)?;
                p.description = Some((n, String::new()));
                if !value.trim().is_empty() {
                    description.push(Cow::Borrowed(value.trim_start()));
                }
                section = Section::Description;
            }
            Some(Heading::Criteria) => {
                start_block(p.criteria.as_ref().map(|c| c.0), n, CRITERIA)?;
                p.criteria = Some((n, Vec::new()));
                if !value.trim().is_empty() {
                    return Err(error(
                        n,
                        "put each criterion on its own line below 'Acceptance criteria:', like '- [ ] text'",
                    ));
                }
                section = Section::Criteria;
            }
        }
    }
    if let Some((_, text)) = &mut p.description {
        let first = description.iter().position(|l| !l.trim().is_empty());
        let last = description.iter().rposition(|l| !l.trim().is_empty());
        if let (Some(first), Some(last)) = (first, last) {
            *text = description[first..=last].join("\n");
        }
    }
    if let Some((_, list)) = &mut p.criteria {
        *list = items;
    }
    Ok(p)
}

fn start_block(seen: Option<usize>, n: usize, name: &str) -> Result<(), DocError> {
    match seen {
        Some(first) => Err(twice(n, name.trim_end_matches(':'), first)),
        None => Ok(()),
    }
}

/// Whether a line reads "Acceptance criteria:" with nothing after the colon
/// (backslashes and spaces in front do not count).
pub(super) fn is_criteria_heading(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, rest)| {
        rest.trim().is_empty() && matches!(heading(name), Some(Heading::Criteria))
    })
}

/// A description line as written: `\Acceptance criteria:` stands for the
/// line without the backslash; every other line is itself.
fn unescape(line: &str) -> Cow<'_, str> {
    if is_criteria_heading(line)
        && let Some(i) = line.find('\\')
    {
        let mut out = line.to_string();
        out.remove(i);
        return Cow::Owned(out);
    }
    Cow::Borrowed(line)
}

/// `- [ ] text`, `- [x] text`, `* [X] text` or a plain `- text`.
fn parse_item(line: &str) -> Option<Item> {
    let rest = line.trim_start().strip_prefix(['-', '*'])?.trim_start();
    let (done, rest) = if let Some(r) = rest.strip_prefix("[ ]").or_else(|| rest.strip_prefix("[]"))
    {
        (false, r)
    } else if let Some(r) = rest
        .strip_prefix("[x]")
        .or_else(|| rest.strip_prefix("[X]"))
    {
        (true, r)
    } else {
        (false, rest)
    };
    let text = rest.strip_prefix(' ').unwrap_or(rest);
    Some(Item {
        done,
        text: text.to_string(),
    })
}

fn unknown_field(n: usize, name: &str) -> DocError {
    let names: Vec<&str> = FIELDS.iter().map(|(_, label)| *label).collect();
    error(
        n,
        &format!(
            "unknown field '{}'; the fields are {}, Description and Acceptance criteria (start a line with # for a comment)",
            shorten(name.trim()),
            names.join(", ")
        ),
    )
}

fn twice(n: usize, name: &str, first: usize) -> DocError {
    error(
        n,
        &format!("{name} appears twice (first on line {first}); keep one"),
    )
}

/// A line quoted in an error message, cut so the message stays readable.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
