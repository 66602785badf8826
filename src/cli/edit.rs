//! `po edit KEY --field value ...`: all flags are checked and applied together,
//! so a single bad value leaves the story (and the file) exactly as it was.

use std::io::Write;

use anyhow::bail;

use super::args::{EditArgs, RiceArgs};
use super::{Ctx, values};
use crate::model::rice::RiceField;
use crate::model::{self, Backlog, Criterion, Story};

/// Applies the flags to one story, or to many (see [`super::bulk`]), and saves.
pub fn run(ctx: &Ctx, a: EditArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let (mut store, mut backlog) = ctx.write()?;
    let [typed] = a.keys.as_slice() else {
        return super::bulk::edit(ctx, &a, (&mut store, &mut backlog), out);
    };
    let key = values::story_key(&backlog, typed)?;
    let Some(current) = backlog.story(&key) else {
        bail!("no story {key}");
    };
    let mut edited = current.clone();
    let touched = apply(&backlog, &mut edited, &a)?;
    if !touched {
        bail!(
            "nothing to change: give at least one field, e.g. po edit {key} --points 3 (see po edit --help)"
        );
    }
    match backlog.update_story(&key, model::now(), |s| *s = edited)? {
        Some(change) => {
            ctx.save(&mut store, &backlog, &change)?;
            ctx.tell(out, change.describe())?;
        }
        None => writeln!(out, "{key} unchanged: it already had those values")?,
    }
    Ok(())
}

/// Applies every given flag to `s`; returns whether any flag was given.
/// Checks values against the backlog; `update_story` checks the result again.
pub(super) fn apply(backlog: &Backlog, s: &mut Story, a: &EditArgs) -> anyhow::Result<bool> {
    let mut touched = false;
    let mut set_text = |field: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *field = v.trim().to_string();
            touched = true;
        }
    };
    set_text(&mut s.as_a, &a.as_a);
    set_text(&mut s.i_want, &a.i_want);
    set_text(&mut s.so_that, &a.so_that);
    set_text(&mut s.description, &a.description);
    set_text(&mut s.requested_by, &a.requested_by);
    if let Some(title) = &a.title {
        s.title = values::text(title, "a story's title")?;
        touched = true;
    }
    if let Some(p) = &a.points {
        s.points = values::optional_points(p)?;
        touched = true;
    }
    if let Some(status) = &a.status {
        // update_story keeps done_at in step with the status.
        s.status = values::status(status)?;
        touched = true;
    }
    if let Some(m) = &a.moscow {
        s.moscow = values::optional_moscow(m)?;
        touched = true;
    }
    touched |= apply_rice(s, &a.rice)?;
    if let Some(e) = &a.epic {
        s.epic = if values::is_none(e) {
            None
        } else {
            Some(values::epic_key(backlog, e)?)
        };
        touched = true;
    }
    if let Some(sp) = &a.sprint {
        s.sprint = if values::is_none(sp) {
            None
        } else {
            Some(values::sprint_key(backlog, sp)?)
        };
        touched = true;
    }
    if let Some(labels) = &a.label {
        s.labels = values::list(labels);
        touched = true;
    }
    if let Some(deps) = &a.depends_on {
        let mut keys_typed = Vec::new();
        for d in values::list(deps) {
            let dep = values::story_key(backlog, &d)?;
            if dep == s.key {
                bail!("{} cannot depend on itself", s.key);
            }
            if !keys_typed.contains(&dep) {
                keys_typed.push(dep);
            }
        }
        s.depends_on = keys_typed;
        touched = true;
    }
    if let Some(name) = &a.assignee {
        s.set_assignee((!values::is_none(name)).then_some(name.as_str()));
        touched = true;
    }
    touched |= apply_acceptance(s, &a.ac_add, &a.ac_done, &a.ac_undone, &a.ac_rm)?;
    Ok(touched)
}

/// Sets the given RICE inputs, starting from neutral values when the story had none.
pub(super) fn apply_rice(s: &mut Story, typed: &RiceArgs) -> anyhow::Result<bool> {
    let RiceArgs {
        reach,
        impact,
        confidence,
        effort,
    } = typed;
    if reach.is_none() && impact.is_none() && confidence.is_none() && effort.is_none() {
        return Ok(false);
    }
    let mut rice = s.rice.clone().unwrap_or_default();
    let typed = [
        (RiceField::Reach, reach),
        (RiceField::Impact, impact),
        (RiceField::Confidence, confidence),
        (RiceField::Effort, effort),
    ];
    for (field, value) in typed {
        if let Some(v) = value {
            field.set(&mut rice, values::rice_input(v, field)?);
        }
    }
    s.rice = Some(rice);
    Ok(true)
}

/// Adds, ticks, unticks and removes acceptance criteria. Numbers refer to the
/// list as it was before this edit (as `po show` printed it).
fn apply_acceptance(
    s: &mut Story,
    add: &[String],
    done: &[usize],
    undone: &[usize],
    rm: &[usize],
) -> anyhow::Result<bool> {
    let count = s.acceptance.len();
    let key = s.key.clone();
    let index = |n: usize| values::criterion_index(n, count, &key);
    for &n in done {
        s.acceptance[index(n)?].done = true;
    }
    for &n in undone {
        if done.contains(&n) {
            bail!("acceptance criterion #{n} cannot be both --ac-done and --ac-undone");
        }
        s.acceptance[index(n)?].done = false;
    }
    let mut remove: Vec<usize> = rm.iter().map(|&n| index(n)).collect::<Result<_, _>>()?;
    remove.sort_unstable();
    remove.dedup();
    // From the end, so earlier numbers still point at the same criteria.
    for i in remove.into_iter().rev() {
        s.acceptance.remove(i);
    }
    for text in add {
        let text = values::text(text, "an acceptance criterion")?;
        s.acceptance.push(Criterion::new(text));
    }
    Ok(!(add.is_empty() && done.is_empty() && undone.is_empty() && rm.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys;

    fn story() -> Story {
        let mut s = Story::new("S-1".into(), "Pay", model::now());
        s.acceptance = vec![
            Criterion::new("a"),
            Criterion::new("b"),
            Criterion::new("c"),
        ];
        s
    }

    #[test]
    fn criteria_numbers_refer_to_the_list_before_the_edit() {
        let mut s = story();
        apply_acceptance(&mut s, &["d".into()], &[3], &[], &[1, 2]).unwrap();
        let texts: Vec<_> = s
            .acceptance
            .iter()
            .map(|c| (c.text.as_str(), c.done))
            .collect();
        assert_eq!(texts, [("c", true), ("d", false)]);
    }

    #[test]
    fn a_criterion_number_out_of_range_is_refused() {
        let mut s = story();
        let err = apply_acceptance(&mut s, &[], &[4], &[], &[]).unwrap_err();
        assert!(err.to_string().contains("no #4"), "{err}");
        assert!(apply_acceptance(&mut s, &[], &[0], &[], &[]).is_err());
    }

    #[test]
    fn rice_inputs_start_from_neutral_values() {
        let mut s = story();
        let reach = RiceArgs {
            reach: Some("500".into()),
            ..RiceArgs::default()
        };
        apply_rice(&mut s, &reach).unwrap();
        let rice = s.rice.unwrap();
        assert_eq!((rice.reach, rice.impact, rice.effort), (500.0, 1.0, 1.0));
        let mut s = story();
        let confidence = RiceArgs {
            confidence: Some("150".into()),
            ..RiceArgs::default()
        };
        assert!(apply_rice(&mut s, &confidence).is_err());
    }

    #[test]
    fn dependency_keys_are_normalized_and_checked() {
        let mut b = Backlog::new("p");
        for title in ["one", "two"] {
            let st = b.new_story(title, model::now());
            b.insert_story(b.stories.len(), st).unwrap();
        }
        let mut s = b.stories[0].as_ref().clone();
        let key = s.key.clone();
        let args = |deps: &[&str]| EditArgs {
            depends_on: Some(deps.iter().map(|d| d.to_string()).collect()),
            ..blank(&key)
        };
        apply(&b, &mut s, &args(&["2", "s-2"])).unwrap();
        assert_eq!(s.depends_on, [keys::normalize("2", keys::STORY)]);
        assert!(apply(&b, &mut s.clone(), &args(&["S-1"])).is_err());
        assert!(apply(&b, &mut s.clone(), &args(&["S-9"])).is_err());
    }

    fn blank(key: &str) -> EditArgs {
        EditArgs {
            keys: vec![key.to_string()],
            filter: None,
            title: None,
            as_a: None,
            i_want: None,
            so_that: None,
            description: None,
            points: None,
            status: None,
            moscow: None,
            rice: RiceArgs::default(),
            epic: None,
            sprint: None,
            label: None,
            depends_on: None,
            requested_by: None,
            assignee: None,
            ac_add: Vec::new(),
            ac_done: Vec::new(),
            ac_undone: Vec::new(),
            ac_rm: Vec::new(),
        }
    }
}
