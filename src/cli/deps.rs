//! `po deps KEY`: a story's dependencies as two trees, what it depends on
//! (and what those depend on) and what depends on it.

use std::io::Write;

use super::args::DepsArgs;
use super::output::{self, line};
use super::{Ctx, values};
use crate::model::Status;
use crate::model::deps::DepNode;

/// Prints both trees of a story's dependencies.
pub fn run(ctx: &Ctx, a: &DepsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let backlog = ctx.read()?;
    let key = values::story_key(&backlog, &a.key)?;
    let Some(trees) = backlog.dependency_trees(&key) else {
        anyhow::bail!("no story {key}");
    };
    if a.json {
        return output::json(out, &trees);
    }
    writeln!(out, "{} {}", trees.key, line(&trees.title))?;
    section(out, "depends on", &trees.depends_on)?;
    section(out, "depended on by", &trees.depended_on_by)?;
    Ok(())
}

fn section(out: &mut impl Write, title: &str, nodes: &[DepNode]) -> anyhow::Result<()> {
    if nodes.is_empty() {
        writeln!(out, "{title}: nothing")?;
        return Ok(());
    }
    writeln!(out, "{title}:")?;
    for node in nodes {
        tree(out, node, 1)?;
    }
    Ok(())
}

fn tree(out: &mut impl Write, node: &DepNode, depth: usize) -> anyhow::Result<()> {
    let indent = "  ".repeat(depth);
    let line_text = match node.rank {
        None => format!("{} (no such story)", node.key),
        Some(rank) => {
            let status = match node.status {
                Status::Done => "done",
                Status::InProgress => "in progress",
                Status::Todo => "todo",
            };
            let again = if node.repeated { " (shown above)" } else { "" };
            format!(
                "{} {} [rank {rank}, {status}]{again}",
                node.key,
                line(&node.title)
            )
        }
    };
    writeln!(out, "{indent}{line_text}")?;
    for child in &node.children {
        tree(out, child, depth + 1)?;
    }
    Ok(())
}
