//! Stand-in until the full document format lands.
use crate::model::{Backlog, Story};

pub fn render(story: &Story, _backlog: &Backlog) -> String {
    format!("Title: {}\n", story.title)
}

pub fn apply(doc: &str, story: &Story, _backlog: &Backlog) -> Result<Story, String> {
    let mut s = story.clone();
    s.title = doc.trim().trim_start_matches("Title:").trim().to_string();
    Ok(s)
}
