//! One-line fields (titles, the user-story sentence, labels, names, goals,
//! criteria…) never get a line break from the command line: it would break
//! every list and table, and the `$EDITOR` document, that shows them one per
//! line. The TUI turns a typed or pasted line break into a space; here,
//! where nobody sees the text before it is saved, it is refused instead.

use anyhow::bail;

use super::args::{AddArgs, Command, EditArgs, EpicCommand, EpicEditArgs, InitArgs, ProductArgs};
use super::request_args::{AcceptArgs, RequestCommand};
use super::sprint_args::SprintCommand;

/// Refuses a command that would put a line break or another control
/// character into a one-line field, naming the flag.
pub fn check(command: &Command) -> anyhow::Result<()> {
    for (flag, value) in one_line_fields(command) {
        let value = value.as_str();
        if value.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            bail!(
                "{flag} must be one line, but it has a line break \
                 (only a description can have several lines)"
            );
        }
        if value.chars().any(char::is_control) {
            bail!("{flag} cannot contain control characters such as tabs or escapes");
        }
    }
    Ok(())
}

/// Every one-line text a command sets, with the flag (or argument) it came from.
fn one_line_fields(command: &Command) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    let mut one = |flag: &'static str, value: Option<&String>| {
        if let Some(v) = value {
            fields.push((flag, v.clone()));
        }
    };
    match command {
        Command::Init(InitArgs { name, .. }) => one("--name", name.as_ref()),
        Command::Add(AddArgs {
            title,
            as_a,
            i_want,
            so_that,
            acceptance,
            label,
            requested_by,
            ..
        }) => {
            one("the title", Some(title));
            one("--as-a", as_a.as_ref());
            one("--i-want", i_want.as_ref());
            one("--so-that", so_that.as_ref());
            one("--requested-by", requested_by.as_ref());
            acceptance.iter().for_each(|a| one("--ac", Some(a)));
            label.iter().for_each(|l| one("--label", Some(l)));
        }
        Command::Edit(EditArgs {
            title,
            as_a,
            i_want,
            so_that,
            label,
            requested_by,
            assignee,
            ac_add,
            ..
        }) => {
            one("--assignee", assignee.as_ref());
            one("--title", title.as_ref());
            one("--as-a", as_a.as_ref());
            one("--i-want", i_want.as_ref());
            one("--so-that", so_that.as_ref());
            one("--requested-by", requested_by.as_ref());
            ac_add.iter().for_each(|a| one("--ac-add", Some(a)));
            label.iter().flatten().for_each(|l| one("--label", Some(l)));
        }
        Command::Epic(EpicCommand::New { title, .. }) => one("the epic's title", Some(title)),
        Command::Epic(EpicCommand::Edit(EpicEditArgs {
            title,
            metric,
            unit,
            ..
        })) => {
            one("--title", title.as_ref());
            one("--metric", metric.as_ref());
            one("--unit", unit.as_ref());
        }
        Command::Product(ProductArgs { name, .. }) => one("--name", name.as_ref()),
        Command::Sprint(SprintCommand::New { name, goal, .. }) => {
            one("the sprint's name", Some(name));
            one("--goal", goal.as_ref());
        }
        Command::Sprint(SprintCommand::Edit { name, goal, .. }) => {
            one("--name", name.as_ref());
            one("--goal", goal.as_ref());
        }
        // A description is the one text that may have several lines.
        Command::Resolve(a) if a.field != "description" => one("--value", a.value.as_ref()),
        Command::Request(RequestCommand::New { text, from, .. }) => {
            one("the request's text", Some(text));
            one("--from", Some(from));
        }
        Command::Request(RequestCommand::Accept(AcceptArgs { title, .. })) => {
            one("--title", title.as_ref());
        }
        Command::Request(RequestCommand::Decline { reason, .. }) => {
            one("--reason", reason.as_ref());
        }
        Command::Block(super::standup::BlockArgs { reason, .. }) => one("--reason", Some(reason)),
        _ => {}
    }
    fields
}
