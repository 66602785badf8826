//! The merged order of a keyed list (the rank of stories): ours' order,
//! with the moves theirs made applied to it and theirs' new items placed
//! after the item they follow on theirs.
//!
//! What "moved" means: of the items a side kept from base, the longest run
//! that is still in base's order stayed; the others moved. That is found in
//! O(n log n) (a longest increasing subsequence), and the merged order is
//! built as a linked list, so a merge of 100,000 stories stays linear.

use std::collections::HashMap;

/// Which items a side moved: `moved[i]` for the side's i-th item; items not
/// in base are never "moved" (they are new).
fn moved(base_at: &HashMap<&str, usize>, side: &[&str]) -> Vec<bool> {
    let mut moved = vec![true; side.len()];
    // Positions (in `side`) of the items kept from base, and their base index.
    let kept: Vec<(usize, usize)> = side
        .iter()
        .enumerate()
        .filter_map(|(i, k)| base_at.get(k).map(|&b| (i, b)))
        .collect();
    for (i, k) in side.iter().enumerate() {
        if !base_at.contains_key(k) {
            moved[i] = false;
        }
    }
    // Longest increasing subsequence of base indexes, by patience sorting.
    let mut tails: Vec<usize> = Vec::new(); // index into `kept` of each pile's top
    let mut parent: Vec<Option<usize>> = vec![None; kept.len()];
    for (j, &(_, b)) in kept.iter().enumerate() {
        let pile = tails.partition_point(|&t| kept[t].1 < b);
        parent[j] = pile.checked_sub(1).map(|p| tails[p]);
        if pile == tails.len() {
            tails.push(j);
        } else {
            tails[pile] = j;
        }
    }
    let mut at = tails.last().copied();
    while let Some(j) = at {
        moved[kept[j].0] = false;
        at = parent[j];
    }
    moved
}

/// The merged order of the items in `keep`, and the items both sides moved
/// to different places (ours' place is kept for them).
pub fn merge_order<'a>(
    base: &[&'a str],
    ours: &[&'a str],
    theirs: &[&'a str],
    keep: &dyn Fn(&str) -> bool,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let base_at: HashMap<&str, usize> = base.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let moved_ours = moved(&base_at, ours);
    let moved_theirs = moved(&base_at, theirs);
    let ours_moved: HashMap<&str, bool> = ours.iter().copied().zip(moved_ours).collect();
    let on_theirs: std::collections::HashSet<&str> = theirs.iter().copied().collect();

    // A doubly linked list over node ids; HEAD is the sentinel before the first.
    let mut keys: Vec<&'a str> = Vec::with_capacity(ours.len() + theirs.len());
    let mut node: HashMap<&str, usize> = HashMap::with_capacity(ours.len() + theirs.len());
    let mut next: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = Vec::new();
    const HEAD: usize = 0;
    keys.push("");
    next.push(HEAD);
    prev.push(HEAD);
    let link_after = |id: usize, anchor: usize, next: &mut Vec<usize>, prev: &mut Vec<usize>| {
        let after = next[anchor];
        next[id] = after;
        prev[id] = anchor;
        next[anchor] = id;
        prev[after] = id;
    };
    let unlink = |id: usize, next: &mut Vec<usize>, prev: &mut Vec<usize>| {
        let (p, n) = (prev[id], next[id]);
        next[p] = n;
        prev[n] = p;
    };
    let mut tail = HEAD;
    for &k in ours {
        if keep(k) {
            let id = keys.len();
            keys.push(k);
            next.push(HEAD);
            prev.push(HEAD);
            node.insert(k, id);
            link_after(id, tail, &mut next, &mut prev);
            tail = id;
        }
    }

    let mut both_moved = Vec::new();
    // Where theirs' next item goes: after the last item of theirs whose
    // place is theirs too (ours did not move it). Anchoring on an item ours
    // moved would drag theirs' items along to ours' new place.
    let mut anchor = HEAD;
    // The item before it on theirs, to tell the same move from a different one.
    let mut before = HEAD;
    for (&k, &theirs_moved) in theirs.iter().zip(&moved_theirs) {
        if !keep(k) {
            continue;
        }
        let (id, ours_moved_it) = match node.get(k).copied() {
            // New on theirs, or kept although ours deleted it.
            None => {
                // After ours' own new items there: ours' additions come first.
                let mut after = anchor;
                while next[after] != HEAD {
                    let following = keys[next[after]];
                    if base_at.contains_key(following) || on_theirs.contains(following) {
                        break;
                    }
                    after = next[after];
                }
                let id = keys.len();
                keys.push(k);
                next.push(HEAD);
                prev.push(HEAD);
                node.insert(k, id);
                link_after(id, after, &mut next, &mut prev);
                (id, false)
            }
            Some(id) => {
                let ours_moved_it = ours_moved.get(k).copied().unwrap_or(false);
                if theirs_moved && ours_moved_it {
                    if prev[id] != before {
                        both_moved.push(k);
                    }
                } else if theirs_moved && prev[id] != anchor {
                    unlink(id, &mut next, &mut prev);
                    link_after(id, anchor, &mut next, &mut prev);
                }
                (id, ours_moved_it)
            }
        };
        before = id;
        if !ours_moved_it {
            anchor = id;
        }
    }

    let mut order = Vec::with_capacity(keys.len() - 1);
    let mut at = next[HEAD];
    while at != HEAD {
        order.push(keys[at]);
        at = next[at];
    }
    (order, both_moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(base: &str, ours: &str, theirs: &str) -> (String, Vec<&'static str>) {
        let split = |s: &str| -> Vec<&'static str> {
            s.split_whitespace()
                .map(|k| &*Box::leak(k.to_string().into_boxed_str()))
                .collect()
        };
        let (b, o, t) = (split(base), split(ours), split(theirs));
        let deleted: Vec<&str> = b
            .iter()
            .copied()
            .filter(|k| !o.contains(k) || !t.contains(k))
            .collect();
        let (order, both) = merge_order(&b, &o, &t, &|k| !deleted.contains(&k));
        (order.join(" "), both)
    }

    #[test]
    fn moves_from_both_sides_are_applied() {
        // Ours moved E to the top, theirs moved B to the bottom.
        assert_eq!(
            merged("A B C D E", "E A B C D", "A C D E B"),
            ("E A C D B".to_string(), vec![])
        );
    }

    #[test]
    fn new_items_follow_the_item_they_follow_on_their_side() {
        assert_eq!(
            merged("A B C", "A B C X", "A Y B C").0,
            "A Y B C X".to_string()
        );
        // Both sides appended: ours' new items come first.
        assert_eq!(merged("A B", "A B X", "A B Y").0, "A B X Y");
        assert_eq!(merged("A B C", "A B C", "Y A B C").0, "Y A B C");
    }

    #[test]
    fn an_item_moved_differently_on_both_sides_keeps_ours() {
        let (order, both) = merged("A B C D", "D A B C", "A B D C");
        assert_eq!(order, "D A B C");
        assert_eq!(both, vec!["D"]);
        // The same move on both sides is no conflict.
        assert_eq!(
            merged("A B C D", "D A B C", "D A B C"),
            ("D A B C".into(), vec![])
        );
    }

    #[test]
    fn deleted_items_leave_and_every_other_item_appears_once() {
        let (order, _) = merged("A B C D", "B A C D", "A C D");
        assert_eq!(order, "A C D");
    }
}
