//! `po split`: one story into smaller ones at its rank.

use std::io::Write;

use anyhow::bail;

use super::args::SplitArgs;
use super::{Ctx, values};
use crate::model::{self, SplitChild, SplitParent, children_by_criteria};

/// Splits a story and prints the new keys, one per line.
pub fn run(ctx: &Ctx, a: &SplitArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let key = values::story_key(&backlog, &a.key)?;
    let children = if a.by_criteria {
        let Some(story) = backlog.story(&key) else {
            bail!("no story {key}");
        };
        if story.acceptance.is_empty() {
            bail!("{key} has no acceptance criteria to split by (use --into TITLE)");
        }
        children_by_criteria(story)
    } else {
        a.into.iter().map(SplitChild::titled).collect()
    };
    let parent = if a.keep {
        SplitParent::KeepDone
    } else {
        SplitParent::Remove
    };
    let (change, keys) = backlog.split_story(&key, children, parent, model::now())?;
    ctx.save(&mut store, &backlog, &change)?;
    for k in keys {
        writeln!(out, "{k}")?;
    }
    Ok(())
}
