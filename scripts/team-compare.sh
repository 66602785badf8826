#!/usr/bin/env bash
# Two teammates edit the same backlog on two clones; how does the merge go
# with git's own line merge, and with po's merge driver (`po git setup`)?
#
#   scripts/team-compare.sh                  # builds po (debug) with cargo
#   PO_BIN=/path/to/po scripts/team-compare.sh
#
# Requirements: bash, git, coreutils, grep; cargo unless PO_BIN is given.
# No jq or python.
#
# For each scenario and each way of merging, in a fresh temporary
# repository: a base commit with a 30-story sample backlog, two clones
# ("ana" and "ben"), each makes its edits with po and commits, then ana
# brings in ben's commit (git pull, rebase or cherry-pick). It counts
#   - whether git stopped with a conflict, and
#   - which of the edits made on either side are missing afterwards ("lost"):
#     each scenario lists the facts both sides' edits should leave, checked
#     with po on the result. A file left with conflict markers cannot be
#     read at all, so every fact counts as lost until someone repairs the
#     JSON by hand.
# Three ways: git's line merge in a plain repository (no .gitattributes, no
# .gitignore: what a new user has, so `git add .` commits po's lock and
# .bak files too); git's line merge with those files ignored (only
# backlog.json is merged, the fairest case for it); and po merge, where
# the base and each clone ran `po git setup`. Nothing outside a temporary directory is touched
# (HOME and the XDG dirs point into it, no global git config is read).
# Progress goes to stderr, the Markdown table to stdout.
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/po-team.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -n "${PO_BIN:-}" ]; then
    po_bin=$PO_BIN
else
    echo "building po…" >&2
    (cd "$repo" && cargo build --quiet --locked)
    po_bin="${CARGO_TARGET_DIR:-$repo/target}/debug/po"
fi
# A copy: the setup records the binary's path in each clone's git config.
cp "$po_bin" "$work/po"
po_bin="$work/po"

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_CACHE_HOME="$work/cache" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/home/.gitconfig"
export GIT_EDITOR=true GIT_PAGER=cat GIT_TERMINAL_PROMPT=0
unset PO_FILE GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

g() { git -c user.name=Teammate -c user.email=teammate@example.com -c init.defaultBranch=main "$@"; }
po() { "$po_bin" --file backlog.json "$@"; }

# The base repository and two clones for one run; $1 is "git", "ignore" or "po".
prepare() {
    local how=$1 dir=$2
    mkdir -p "$dir/origin"
    (
        cd "$dir/origin"
        g init -q
        po init --sample --stories 30 --seed 5 >/dev/null
        if [ "$how" = po ]; then po git setup >/dev/null; fi
        if [ "$how" = ignore ]; then
            printf '%s\n' backlog.json.lock 'backlog.json*.bak' 'backlog.json*.tmp-*' >.gitignore
        fi
        g add . && g commit -q -m base
    )
    for who in ana ben; do
        g clone -q "$dir/origin" "$dir/$who"
        if [ "$how" = po ]; then (cd "$dir/$who" && po git setup >/dev/null); fi
    done
}

commit() { g add . && g commit -q -m "$1"; }

# Each scenario: edits on ana's and ben's clones (run in that clone), how
# ana brings in ben's commit, and the facts that must hold afterwards: one
# per line, `title TEXT` (a story with that title exists), `field KEY
# "name": value` (the story's JSON has that line), `rank1 KEY`,
# `last KEY`, `conflict KEY` (a recorded conflict on KEY), or `sound`
# (po check passes).
scenarios=(add_both edit_two_stories edit_two_fields move_both sprint_close delete_edit true_conflict rebase_add cherry_pick)

describe() {
    case $1 in
        add_both) echo "both add a story (same next key)" ;;
        edit_two_stories) echo "edits to different stories" ;;
        edit_two_fields) echo "different fields of one story" ;;
        move_both) echo "both move a story" ;;
        sprint_close) echo "sprint closed vs. its story edited" ;;
        delete_edit) echo "delete vs. edit of one story" ;;
        true_conflict) echo "both retitle one story (true conflict)" ;;
        rebase_add) echo "both add and edit, by git rebase" ;;
        cherry_pick) echo "both add, by git cherry-pick" ;;
    esac
}

ana_edits() {
    case $1 in
        add_both) po add "Ana's story" ;;
        edit_two_stories) po edit S-3 --points 40 ;;
        edit_two_fields) po edit S-5 --points 20 ;;
        move_both) po move S-22 --top ;;
        sprint_close) po sprint close "$(active_sprint)" --force ;;
        delete_edit) po rm S-8 --yes ;;
        true_conflict) po edit S-12 --title "Ana's title" ;;
        rebase_add) po add "Ana's story" && po edit S-4 --points 55 ;;
        cherry_pick) po add "Ana's story" ;;
    esac
}

ben_edits() {
    case $1 in
        add_both) po add "Ben's story" ;;
        edit_two_stories) po edit S-7 --title "Ben retitled this" ;;
        edit_two_fields) po edit S-5 --title "Sharper title" ;;
        move_both) po move S-10 --bottom ;;
        sprint_close) po edit "$(sprint_story)" --points 34 ;;
        delete_edit) po edit S-8 --title "Still needed" ;;
        true_conflict) po edit S-12 --title "Ben's title" ;;
        rebase_add) po add "Ben's story" && po move S-30 --top ;;
        cherry_pick) po add "Ben's story" && po edit S-6 --moscow wont ;;
    esac
}

active_sprint() { po sprint list | awk '$2 == "active" { print $1 }'; }
# The first story of the active sprint (in the base).
sprint_story() { po list --sprint "$(active_sprint)" | awk 'NR == 2 { print $2 }'; }

facts() {
    # Every merged backlog must pass `po check` (each key once, references
    # valid), except while a true conflict waits for a decision.
    if [ "$1" != true_conflict ]; then echo "sound po check passes"; fi
    case $1 in
        add_both | cherry_pick) printf '%s\n' "title Ana's story" "title Ben's story" ;;
        edit_two_stories) printf '%s\n' 'field S-3 "points": 40' 'field S-7 "title": "Ben retitled this"' ;;
        edit_two_fields) printf '%s\n' 'field S-5 "points": 20' 'field S-5 "title": "Sharper title"' ;;
        move_both) printf '%s\n' "rank1 S-22" "last S-10" ;;
        sprint_close) printf '%s\n' "closed $3" "field $2 \"points\": 34" ;;
        delete_edit) printf '%s\n' 'field S-8 "title": "Still needed"' ;;
        true_conflict) printf '%s\n' "field S-12 \"title\": \"Ana's title\"" "conflict S-12" ;;
        rebase_add) printf '%s\n' "title Ana's story" "title Ben's story" 'field S-4 "points": 55' "rank1 S-30" ;;
    esac
}

holds() {
    local kind=$1 key=${2%% *} rest=${2#* }
    case $kind in
        title) po list --json | grep -qF "\"title\": \"$2\"" ;;
        field) po show "$key" --json | grep -qF -- "$rest" ;;
        rank1) [ "$(po list --json | grep -m1 '"key"' | grep -o 'S-[0-9]*')" = "$key" ] ;;
        last) [ "$(po list --json | grep '"key": "S-' | tail -1 | grep -o 'S-[0-9]*')" = "$key" ] ;;
        closed) po sprint list | grep -q "^$key  *closed" ;;
        conflict) po conflicts 2>/dev/null | grep -q "$key" ;;
        sound) po check >/dev/null 2>&1 ;;
    esac
}

# Runs one scenario one way; prints "stopped|clean<TAB>lost of total<TAB>notes".
play() {
    local scenario=$1 how=$2 dir
    dir=$(mktemp -d "$work/$scenario-$how.XXXX")
    prepare "$how" "$dir" >&2
    local target="" sprint=""
    if [ "$scenario" = sprint_close ]; then
        target=$(cd "$dir/ben" && sprint_story)
        sprint=$(cd "$dir/ben" && active_sprint)
    fi
    (cd "$dir/ana" && ana_edits "$scenario" >/dev/null && commit "ana")
    (cd "$dir/ben" && ben_edits "$scenario" >/dev/null && commit "ben")
    local stopped=clean out
    out=$(
        cd "$dir/ana"
        case $scenario in
            rebase_add) g fetch -q "$dir/ben" main && g rebase FETCH_HEAD ;;
            cherry_pick) g fetch -q "$dir/ben" main && g cherry-pick FETCH_HEAD ;;
            *) g pull -q --no-rebase --no-edit "$dir/ben" main ;;
        esac 2>&1
    ) || stopped=stopped
    local lost=0 total=0 missing=() readable=yes
    if ! (cd "$dir/ana" && po list >/dev/null 2>&1); then readable=no; fi
    while IFS= read -r fact; do
        total=$((total + 1))
        if [ $readable = no ] || ! (cd "$dir/ana" && holds "${fact%% *}" "${fact#* }"); then
            lost=$((lost + 1))
            missing+=("${fact#* }")
        fi
    done < <(facts "$scenario" "$target" "$sprint")
    local notes=""
    if [ $readable = no ]; then
        notes="backlog.json has conflict markers, unreadable until fixed by hand"
    elif [ ${#missing[@]} -gt 0 ]; then
        notes="missing: $(IFS=';'; echo "${missing[*]}")"
    fi
    local extra
    extra=$(cd "$dir/ana" && g status --porcelain | grep -v ' backlog.json$' | grep -cE '^(UU|AA|DU|UD|AU|UA|DD) ' || true)
    if [ "$extra" -gt 0 ]; then
        notes="${notes:+$notes; }$extra more files in conflict (the lock or .bak, committed by git add .)"
    fi
    if [ -n "${VERBOSE:-}" ]; then echo "$out" >&2; fi
    printf '%s\t%s of %s\t%s\n' "$stopped" "$lost" "$total" "$notes"
}

echo "| scenario | git's line merge | lost | same, lock and .bak ignored | lost | po merge | lost |"
echo "|---|---|---|---|---|---|---|"
stops_git=0 stops_ign=0 stops_po=0 lost_git=0 lost_ign=0 lost_po=0
for s in "${scenarios[@]}"; do
    echo "scenario: $s" >&2
    failed=$'error\t0 of 0\tthe run itself failed (run with bash -x to see why)'
    IFS=$'\t' read -r git_stop git_lost git_notes < <(play "$s" git || echo "$failed")
    IFS=$'\t' read -r ign_stop ign_lost ign_notes < <(play "$s" ignore || echo "$failed")
    IFS=$'\t' read -r po_stop po_lost po_notes < <(play "$s" po || echo "$failed")
    [ "$git_stop" = stopped ] && stops_git=$((stops_git + 1))
    [ "$ign_stop" = stopped ] && stops_ign=$((stops_ign + 1))
    [ "$po_stop" = stopped ] && stops_po=$((stops_po + 1))
    lost_git=$((lost_git + ${git_lost%% *}))
    lost_ign=$((lost_ign + ${ign_lost%% *}))
    lost_po=$((lost_po + ${po_lost%% *}))
    echo "| $(describe "$s") | $git_stop | $git_lost${git_notes:+ ($git_notes)} | $ign_stop | $ign_lost${ign_notes:+ ($ign_notes)} | $po_stop | $po_lost${po_notes:+ ($po_notes)} |"
done
n=${#scenarios[@]}
echo "| **total** | **$stops_git of $n stopped** | **$lost_git lost** | **$stops_ign of $n stopped** | **$lost_ign lost** | **$stops_po of $n stopped** | **$lost_po lost** |"
