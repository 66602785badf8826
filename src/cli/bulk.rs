//! Many stories in one command: `po edit KEY KEY…`, `po edit --where
//! FILTER` and `po move KEY KEY…`. One load, one lock, one save and one
//! change, whatever the number of stories; all or nothing: an unknown key
//! or a refused value names itself and leaves the file as it was.

use std::io::Write;

use anyhow::{anyhow, bail};

use super::args::{EditArgs, ListArgs, MoveArgs};
use super::stories::filter_of;
use super::{Ctx, Writer, values};
use crate::model::{self, Backlog, Change, ModelError, Position, Story, keys, number};

/// `po edit` of several stories, or of those `--where` picks: the same
/// flags applied to each, checked as for one story.
pub fn edit(
    ctx: &Ctx,
    a: &EditArgs,
    (writer, backlog): (&mut Writer, &mut Backlog),
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let indexes = match &a.filter {
        Some(filter) => {
            let filter = filter_of(backlog, &where_args(filter)?)?;
            let picked: Vec<usize> = (0..backlog.stories.len())
                .filter(|&i| filter.matches(&backlog.stories[i]))
                .collect();
            if picked.is_empty() {
                writeln!(out, "no stories match ({})", filter.describe())?;
                return Ok(());
            }
            picked
        }
        None => indexes(backlog, &a.keys)?,
    };
    let mut edits = Vec::with_capacity(indexes.len());
    for index in indexes {
        let mut edited = Story::clone(&backlog.stories[index]);
        if !super::edit::apply(backlog, &mut edited, a)? {
            bail!(
                "nothing to change: give at least one field, e.g. po edit S-1 S-2 --moscow must (see po edit --help)"
            );
        }
        edits.push((index, edited));
    }
    let asked = edits.len();
    let change = backlog
        .update_stories(edits, model::now())
        .map_err(|(key, e)| named(&key, &e))?;
    let Some(change) = change else {
        writeln!(
            out,
            "nothing changed: the {} already had those values",
            stories(asked)
        )?;
        return Ok(());
    };
    let changed = match &change {
        Change::Batch(parts) => parts.len(),
        _ => 1,
    };
    ctx.save_told(
        writer,
        backlog,
        &format!("the edit of {}", stories(changed)),
    )?;
    let said = match asked - changed {
        0 => format!("changed {}", stories(changed)),
        same => format!(
            "changed {} ({} already had those values)",
            stories(changed),
            number::count(same, "other", "others")
        ),
    };
    ctx.tell(out, said)?;
    Ok(())
}

/// `po move` of several stories: they move together to one place, in the
/// order of their ranks before the move.
pub fn move_stories(ctx: &Ctx, a: &MoveArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut writer, mut backlog) = ctx.write()?;
    let mut indexes = indexes(&backlog, &a.keys)?;
    indexes.sort_unstable();
    let (to, place) = if a.top {
        (Position::Top, "to the top".to_string())
    } else if a.bottom {
        (Position::Bottom, "to the bottom".to_string())
    } else if let Some(other) = &a.before {
        let other = values::story_key(&backlog, other)?;
        (Position::Before(other.clone()), format!("before {other}"))
    } else if let Some(other) = &a.after {
        let other = values::story_key(&backlog, other)?;
        (Position::After(other.clone()), format!("after {other}"))
    } else {
        bail!(
            "several stories move together with --top, --bottom, --before KEY or --after KEY (--up and --down move one)"
        );
    };
    let moving = stories(indexes.len());
    match backlog.move_stories(&indexes, &to)? {
        Some(_) => {
            ctx.save_told(&mut writer, &backlog, &format!("moving {moving}"))?;
            ctx.tell(out, format!("moved {moving} {place}"))?;
        }
        None => writeln!(out, "the {moving} are already {place}: nothing moved")?,
    }
    Ok(())
}

/// "1 story", "100 stories".
fn stories(n: usize) -> String {
    number::count(n, "story", "stories")
}

/// The rank indexes of typed keys (`S-12` or `12`), in one pass over the
/// backlog; a key typed twice counts once. The first unknown key is an error.
fn indexes(backlog: &Backlog, typed: &[String]) -> anyhow::Result<Vec<usize>> {
    let keys: Vec<String> = typed
        .iter()
        .map(|t| keys::normalize(t, keys::STORY))
        .collect();
    backlog.indexes_of(&keys).map_err(|e| match e {
        ModelError::NoSuchStory(key) => anyhow!("no story {key} (see `po list`)"),
        e => e.into(),
    })
}

/// A refusal of one story's edit, with its key unless the message has it.
fn named(key: &str, e: &ModelError) -> anyhow::Error {
    let message = e.to_string();
    if message.contains(key) {
        anyhow!("{message}; nothing was changed")
    } else {
        anyhow!("{key}: {message}; nothing was changed")
    }
}

/// `--where "status=todo epic=E-2"` as the flags of `po list` it stands
/// for, so that it is checked and matched exactly as they are. Words are
/// separated by spaces or commas; `--status todo` and `status:todo` work too.
fn where_args(filter: &str) -> anyhow::Result<ListArgs> {
    let mut a = ListArgs {
        json: false,
        computed: false,
        epic: None,
        sprint: None,
        status: None,
        moscow: None,
        unestimated: false,
        not_ready: false,
    };
    let mut words = filter
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let mut any = false;
    while let Some(word) = words.next() {
        let bare = word.trim_start_matches("--");
        let (name, given) = match bare.split_once(['=', ':']) {
            Some((name, value)) => (name, Some(value)),
            None => (bare, None),
        };
        let name = name.to_ascii_lowercase().replace('_', "-");
        let slot = match name.as_str() {
            "epic" => &mut a.epic,
            "sprint" => &mut a.sprint,
            "status" => &mut a.status,
            "moscow" => &mut a.moscow,
            "unestimated" | "not-ready" if given.is_none() => {
                if name == "unestimated" {
                    a.unestimated = true;
                } else {
                    a.not_ready = true;
                }
                any = true;
                continue;
            }
            _ => bail!(
                "--where: '{word}' is not a filter of po list (epic=KEY, sprint=KEY|backlog, status=S, moscow=M, unestimated, not-ready)"
            ),
        };
        let value = given
            .or_else(|| words.next())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| anyhow!("--where: {name} needs a value, e.g. {name}=..."))?;
        *slot = Some(value.to_string());
        any = true;
    }
    if !any {
        bail!("--where needs a filter, e.g. --where \"status=todo epic=E-2\"");
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_reads_the_words_of_po_list() {
        let a = where_args("status=todo, epic:E-2 --moscow must unestimated not_ready").unwrap();
        assert_eq!(a.status.as_deref(), Some("todo"));
        assert_eq!(a.epic.as_deref(), Some("E-2"));
        assert_eq!(a.moscow.as_deref(), Some("must"));
        assert!(a.unestimated && a.not_ready);
        let a = where_args("--sprint backlog").unwrap();
        assert_eq!(a.sprint.as_deref(), Some("backlog"));
    }

    #[test]
    fn where_refuses_what_po_list_cannot_filter_by() {
        for (filter, said) in [
            ("", "needs a filter"),
            (" , ", "needs a filter"),
            ("title=x", "'title=x' is not a filter"),
            ("status", "status needs a value"),
            ("status=", "status needs a value"),
            ("unestimated=yes", "is not a filter"),
        ] {
            let e = where_args(filter).unwrap_err().to_string();
            assert!(e.contains(said), "{filter:?}: {e}");
        }
    }
}
