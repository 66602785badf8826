//! Tests of the story list's row-following: a move, a change and a batch,
//! each checked against a slower way to the same rows.

use super::*;
use crate::model::{Position, Status, StoryFilter};
use chrono::{TimeZone, Utc};

#[test]
fn a_move_shifts_only_the_rows_between_its_ranks_as_a_full_pass_would() {
    let keep = |_: &Story| true;
    // Every move in a list of 7 stories of which some rows are shown.
    for shown in [
        vec![0, 1, 2, 3, 4, 5, 6],
        vec![1, 3, 4, 6],
        vec![0, 6],
        vec![],
    ] {
        for from in 0..7 {
            for to in 0..7 {
                let mut order: Vec<usize> = (0..7).collect();
                let moved = order.remove(from);
                order.insert(to, moved);
                // Where each shown story stands after the move, sorted.
                let mut expected: Vec<usize> = shown
                    .iter()
                    .map(|s| order.iter().position(|o| o == s).unwrap())
                    .collect();
                expected.sort_unstable();
                let mut rows = shown.clone();
                let change = Change::MoveStory {
                    key: String::new(),
                    from,
                    to,
                };
                shift_rows(&mut rows, &keep, &change);
                assert_eq!(rows, expected, "{shown:?} {from} -> {to}");
            }
        }
    }
}

fn backlog(n: usize) -> Backlog {
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut b = Backlog::new("t");
    for i in 0..n {
        let mut s = b.new_story(&format!("story {i}"), now);
        if i % 3 == 0 {
            s.status = Status::Done;
        }
        let at = b.stories.len();
        b.insert_story(at, s).unwrap();
    }
    b
}

fn filtered(b: &Backlog) -> StoryList {
    let mut list = StoryList::default();
    list.set_filter(
        b,
        StoryFilter {
            status: Some(Status::Todo),
            ..StoryFilter::default()
        },
    );
    list
}

#[test]
fn following_changes_matches_recomputing_the_rows() {
    let mut b = backlog(12);
    let mut list = filtered(&b);
    let now = Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap();
    let mut changes = Vec::new();
    changes.push(b.move_story_at(10, &Position::Top).unwrap().unwrap());
    changes.push(b.move_story_at(1, &Position::Index(8)).unwrap().unwrap());
    changes.push(
        b.update_story_at(4, now, |s| s.status = Status::Done)
            .unwrap()
            .unwrap(),
    );
    let done = b
        .stories
        .iter()
        .position(|s| s.status == Status::Done)
        .unwrap();
    changes.push(
        b.update_story_at(done, now, |s| s.status = Status::Todo)
            .unwrap()
            .unwrap(),
    );
    let key = b.stories[5].key.clone();
    changes.push(b.delete_story(&key, now).unwrap());
    let s = b.new_story("new", now);
    changes.push(b.insert_story(3, s).unwrap());
    // Rebuild from scratch and compare with a list that followed every change.
    let mut replay = backlog(12);
    let mut followed = filtered(&replay);
    for c in &changes {
        replay.apply(c).unwrap();
        followed.follow(&replay, c);
        let fresh = filtered(&replay);
        assert_eq!(followed.rows, fresh.rows, "after {}", c.describe());
    }
    list.refresh(&b, None);
    assert_eq!(list.rows, followed.rows);
}

/// A batch of insertions, removals and edits anywhere in the list,
/// nested as a split's is: followed at once, the rows are what
/// following its parts one by one gives.
#[test]
fn a_batch_shifts_the_rows_as_its_parts_one_by_one_would() {
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut b = Backlog::new("t");
    let mut story = |done: bool| {
        let mut s = b.new_story("s", now);
        if done {
            s.status = Status::Done;
        }
        Item::Story(std::sync::Arc::new(s))
    };
    let keep = |s: &Story| s.status != Status::Done;
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % below.max(1) as u64).unwrap()
    };
    for _ in 0..2000 {
        let mut len = 1 + next(40);
        let rows: Vec<usize> = (0..len).filter(|_| next(2) == 0).collect();
        let mut parts = Vec::new();
        for _ in 0..1 + next(5) {
            match next(3) {
                0 => {
                    let index = next(len + 1);
                    parts.push(Change::Insert {
                        index,
                        item: story(next(2) == 0),
                    });
                    len += 1;
                }
                1 if len > 0 => {
                    let index = next(len);
                    parts.push(Change::Remove {
                        index,
                        item: story(false),
                    });
                    len -= 1;
                }
                _ if len > 0 => {
                    let index = next(len);
                    parts.push(Change::Update {
                        index,
                        before: story(false),
                        after: story(next(2) == 0),
                    });
                }
                _ => {}
            }
        }
        let cut = next(parts.len() + 1);
        let batch = Change::Batch(vec![
            Change::Batch(parts[..cut].to_vec()),
            Change::Batch(parts[cut..].to_vec()),
        ]);
        let mut at_once = rows.clone();
        shift_rows(&mut at_once, &keep, &batch);
        let mut one_by_one = rows.clone();
        for part in &parts {
            shift_rows(&mut one_by_one, &keep, part);
        }
        assert_eq!(at_once, one_by_one, "rows {rows:?}, parts {parts:?}");
    }
}
