//! Dependencies between stories: the cycle test every edit passes (a
//! story cannot, through others, depend on itself) and the trees `po deps`
//! prints.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Backlog, ModelError, Status, Story};

/// The cycle `story` would close with its dependencies, as keys from the
/// story back to itself (`S-3 → S-9 → S-3`), or `None`. `deps_of` gives the
/// dependencies of any other story; a missing story ends a path.
pub fn find_cycle<'a>(
    story: &'a Story,
    deps_of: impl Fn(&str) -> Option<&'a [String]>,
) -> Option<Vec<String>> {
    let mut seen: HashSet<&str> = HashSet::new();
    // Depth-first with an explicit stack, so a long chain cannot overflow
    // the thread's stack; each frame is a path prefix and its next edge.
    let mut path: Vec<(&str, &[String], usize)> =
        vec![(story.key.as_str(), story.depends_on.as_slice(), 0)];
    while let Some((_, deps, next)) = path.last_mut() {
        let Some(dep) = deps.get(*next) else {
            path.pop();
            continue;
        };
        *next += 1;
        if *dep == story.key {
            let mut keys: Vec<String> = path.iter().map(|(k, _, _)| (*k).to_string()).collect();
            keys.push(story.key.clone());
            return Some(keys);
        }
        if seen.insert(dep.as_str())
            && let Some(further) = deps_of(dep)
        {
            path.push((dep.as_str(), further, 0));
        }
    }
    None
}

/// A cycle anywhere in a graph, as keys from a story back to itself, or
/// `None`. Every story is visited once (a depth-first search that marks
/// what it finished), so a large import costs one pass, not one per story.
pub fn any_cycle<'a>(
    keys: impl IntoIterator<Item = &'a str>,
    deps_of: impl Fn(&str) -> Option<&'a [String]>,
) -> Option<Vec<String>> {
    cycles(keys, deps_of, 1).pop()
}

/// Up to `limit` cycles of a graph, each as keys from a story back to
/// itself, in the order one depth-first pass meets them (one per edge that
/// closes a cycle). One pass over every story and edge, plus the length of
/// each cycle found: linear in the size of the graph, for `po check` on a
/// hand-edited file of 100,000 stories.
pub fn cycles<'a>(
    keys: impl IntoIterator<Item = &'a str>,
    deps_of: impl Fn(&str) -> Option<&'a [String]>,
    limit: usize,
) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    if limit == 0 {
        return found;
    }
    for start in keys {
        if done.contains(start) {
            continue;
        }
        let Some(first) = deps_of(start) else {
            continue;
        };
        // The index on the path of each key on it, so a cycle is cut from
        // the path without searching it.
        let mut path: Vec<(&str, &[String], usize)> = vec![(start, first, 0)];
        let mut on_path: HashMap<&str, usize> = HashMap::from([(start, 0)]);
        while let Some(&mut (key, deps, ref mut next)) = path.last_mut() {
            let Some(dep) = deps.get(*next) else {
                done.insert(key);
                on_path.remove(key);
                path.pop();
                continue;
            };
            *next += 1;
            if let Some(&at) = on_path.get(dep.as_str()) {
                let mut cycle: Vec<String> = path[at..]
                    .iter()
                    .map(|(k, _, _)| (*k).to_string())
                    .collect();
                cycle.push(dep.clone());
                found.push(cycle);
                if found.len() >= limit {
                    return found;
                }
                continue;
            }
            if !done.contains(dep.as_str())
                && let Some(further) = deps_of(dep)
            {
                on_path.insert(dep.as_str(), path.len());
                path.push((dep.as_str(), further, 0));
            }
        }
    }
    found
}

/// The error for a refused cycle, naming it.
pub fn cycle_error(cycle: &[String]) -> ModelError {
    ModelError::Invalid(format!(
        "dependency cycle {}: {} cannot depend on {}",
        cycle.join(" → "),
        cycle.first().map_or("", String::as_str),
        cycle.get(1).map_or("", String::as_str),
    ))
}

/// One story in a dependency tree, with what hangs under it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DepNode {
    pub key: String,
    pub title: String,
    pub status: Status,
    /// Rank (1 = top); `None` for a key that names no story.
    pub rank: Option<usize>,
    /// Shown before in this tree: its subtree is not repeated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
    pub children: Vec<DepNode>,
}

/// A story's dependencies both ways, as trees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DepTrees {
    pub key: String,
    pub title: String,
    /// What it depends on, and what those depend on.
    pub depends_on: Vec<DepNode>,
    /// What depends on it, and what depends on those.
    pub depended_on_by: Vec<DepNode>,
}

impl Backlog {
    /// The cycle `story` (as it would be after an edit) closes with the
    /// backlog's other stories, if any.
    pub fn dependency_cycle(&self, story: &Story) -> Option<Vec<String>> {
        if story.depends_on.is_empty() {
            return None;
        }
        find_cycle(story, |k| {
            self.story(k)
                .filter(|s| s.key != story.key)
                .map(|s| s.depends_on.as_slice())
        })
    }

    /// Both trees of a story's dependencies; `None` when there is no such story.
    pub fn dependency_trees(&self, key: &str) -> Option<DepTrees> {
        let story = self.story(key)?;
        let ranks: HashMap<&str, usize> = self
            .stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.as_str(), i + 1))
            .collect();
        let mut dependents: HashMap<&str, Vec<&str>> = HashMap::new();
        for s in &self.stories {
            for d in &s.depends_on {
                dependents
                    .entry(d.as_str())
                    .or_default()
                    .push(s.key.as_str());
            }
        }
        let down = |k: &str| -> Vec<String> {
            self.story(k)
                .map(|s| s.depends_on.clone())
                .unwrap_or_default()
        };
        let up = |k: &str| -> Vec<String> {
            dependents
                .get(k)
                .map(|v| v.iter().map(|s| (*s).to_string()).collect())
                .unwrap_or_default()
        };
        let build = |next: &dyn Fn(&str) -> Vec<String>| {
            let mut seen = HashSet::from([key.to_string()]);
            next(key)
                .iter()
                .map(|k| self.dep_node(k, next, &ranks, &mut seen))
                .collect()
        };
        Some(DepTrees {
            key: story.key.clone(),
            title: story.title.clone(),
            depends_on: build(&down),
            depended_on_by: build(&up),
        })
    }

    fn dep_node(
        &self,
        key: &str,
        next: &dyn Fn(&str) -> Vec<String>,
        ranks: &HashMap<&str, usize>,
        seen: &mut HashSet<String>,
    ) -> DepNode {
        let story = self.story(key);
        let repeated = !seen.insert(key.to_string());
        let children = if repeated {
            Vec::new()
        } else {
            next(key)
                .iter()
                .map(|k| self.dep_node(k, next, ranks, seen))
                .collect()
        };
        DepNode {
            key: key.to_string(),
            title: story.map(|s| s.title.clone()).unwrap_or_default(),
            status: story.map_or(Status::Todo, |s| s.status),
            rank: ranks.get(key).copied(),
            repeated,
            children,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn backlog(edges: &[(&str, &[&str])]) -> Backlog {
        let mut b = Backlog::new("t");
        for (key, deps) in edges {
            let mut s = Story::new((*key).to_string(), format!("story {key}"), Utc::now());
            s.depends_on = deps.iter().map(|d| (*d).to_string()).collect();
            b.stories.push(s.into());
        }
        b
    }

    #[test]
    fn a_cycle_is_found_and_named_from_the_story_back_to_itself() {
        let b = backlog(&[("S-3", &[]), ("S-9", &["S-5"]), ("S-5", &["S-3"])]);
        let mut edited = b.story("S-3").unwrap().clone();
        edited.depends_on = vec!["S-9".to_string()];
        let cycle = b.dependency_cycle(&edited).unwrap();
        assert_eq!(cycle, ["S-3", "S-9", "S-5", "S-3"]);
        assert_eq!(
            cycle_error(&cycle).to_string(),
            "dependency cycle S-3 → S-9 → S-5 → S-3: S-3 cannot depend on S-9"
        );
    }

    #[test]
    fn a_chain_or_a_diamond_is_no_cycle() {
        let b = backlog(&[
            ("S-1", &["S-2", "S-3"]),
            ("S-2", &["S-4"]),
            ("S-3", &["S-4"]),
            ("S-4", &[]),
        ]);
        for s in &b.stories {
            assert_eq!(b.dependency_cycle(s), None, "{}", s.key);
        }
    }

    #[test]
    fn an_edit_closing_a_cycle_is_refused_and_changes_nothing() {
        let mut b = backlog(&[("S-3", &[]), ("S-9", &["S-3"])]);
        b.next_keys.stories = 10;
        let before = b.clone();
        let err = b
            .update_story("S-3", Utc::now(), |s| {
                s.depends_on = vec!["S-9".to_string()]
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "dependency cycle S-3 → S-9 → S-3: S-3 cannot depend on S-9"
        );
        assert_eq!(b, before);
    }

    #[test]
    fn new_stories_depending_on_each_other_in_a_circle_are_refused() {
        let mut b = Backlog::new("t");
        b.next_keys.stories = 3;
        let mut one = Story::new("S-1".to_string(), "one", Utc::now());
        let mut two = Story::new("S-2".to_string(), "two", Utc::now());
        one.depends_on = vec!["S-2".to_string()];
        two.depends_on = vec!["S-1".to_string()];
        let err = b.insert_stories(0, vec![one, two]).unwrap_err();
        assert!(err.to_string().contains("S-1 → S-2 → S-1"), "{err}");
        assert!(b.stories.is_empty());
    }

    #[test]
    fn the_trees_go_both_ways_and_stop_at_a_repeat() {
        let b = backlog(&[
            ("S-1", &["S-2"]),
            ("S-2", &["S-3", "S-4"]),
            ("S-3", &["S-4"]),
            ("S-4", &[]),
            ("S-5", &["S-2"]),
        ]);
        let t = b.dependency_trees("S-2").unwrap();
        let keys = |nodes: &[DepNode]| nodes.iter().map(|n| n.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&t.depends_on), ["S-3", "S-4"]);
        assert_eq!(keys(&t.depends_on[0].children), ["S-4"]);
        assert!(t.depends_on[1].repeated);
        assert_eq!(keys(&t.depended_on_by), ["S-1", "S-5"]);
        assert_eq!(t.depended_on_by[0].rank, Some(1));
        assert!(b.dependency_trees("S-99").is_none());
    }
}
