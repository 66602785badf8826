//! Bringing a file of an older format version up to this po's version, in
//! memory. The store writes the new version on the next save and keeps the
//! old file as `.bak` (see docs/file-format.md, "Versions").

use crate::model::{Backlog, VERSION};

/// One step: what changes from `from` to `from + 1`.
struct Step {
    from: u32,
    upgrade: fn(&mut Backlog),
}

/// Every step, oldest first. A new format version adds its step here.
const STEPS: &[Step] = &[Step {
    from: 1,
    upgrade: one_counter_per_kind,
}];

/// Migrates an older backlog to [`VERSION`]; returns the version it had, or
/// `None` when it was already current (or newer, which stays as it is and
/// is opened read-only by the store).
pub fn upgrade(backlog: &mut Backlog) -> Option<u32> {
    let found = backlog.version;
    if found >= VERSION {
        return None;
    }
    for step in STEPS {
        // Version 0 never existed as such; a file claiming it has version
        // 1's shape, so it goes through every step.
        if backlog.version <= step.from {
            (step.upgrade)(backlog);
            backlog.version = step.from + 1;
        }
    }
    backlog.version = VERSION;
    Some(found)
}

/// Version 1 → 2: one shared `next_id` becomes a counter per kind
/// (`next_keys`), each starting after the highest key of its kind, so the
/// next story after S-58 is S-59 whatever the epics and sprints used.
/// Existing keys keep their numbers: they are named in commits and chats.
fn one_counter_per_kind(backlog: &mut Backlog) {
    // Version 1 had no `next_keys`, so the field read as its default (all
    // 1), and `next_id` landed among the unknown fields.
    backlog.extra.remove("next_id");
    backlog.repair_next_keys();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn a_version_1_backlog_gets_one_counter_per_kind_after_its_highest_key() {
        let mut b = Backlog::new("x");
        b.version = 1;
        b.extra.insert("next_id".into(), 70.into());
        b.extra.insert("x_other".into(), "kept".into());
        let mut s = b.new_story("one", crate::model::now());
        s.key = "S-58".into();
        b.insert_story(0, s).unwrap();
        b.sprints.push(crate::model::Sprint::named("Sprint 6"));
        b.sprints[0].key = "SP-66".into();
        assert_eq!(upgrade(&mut b), Some(1));
        assert_eq!(b.version, VERSION);
        assert!(!b.extra.contains_key("next_id"));
        assert!(b.extra.contains_key("x_other"));
        assert_eq!(b.allocate_key(Kind::Story), "S-59");
        assert_eq!(b.allocate_key(Kind::Sprint), "SP-67");
        assert_eq!(b.allocate_key(Kind::Epic), "E-1");
        assert_eq!(upgrade(&mut b), None, "a current backlog is left alone");
    }
}
