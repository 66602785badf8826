#!/usr/bin/env bash
# po against taskwarrior on the same generated items, whole processes, one run.
#
#   scripts/compare-taskwarrior.sh              # 10,000 and 100,000 items, 5 runs each
#   SIZES="1000 10000" RUNS=3 scripts/compare-taskwarrior.sh
#   PO_BIN=/path/to/po scripts/compare-taskwarrior.sh   # time another po build
#   ONLY=modify scripts/compare-taskwarrior.sh   # only the rows that change items
#   ONLY=export scripts/compare-taskwarrior.sh   # only `po list --json` vs `task export`
#
# Requirements: bash >= 5 (EPOCHREALTIME; else GNU date +%s%N is used),
# coreutils, awk, cargo (builds po and the converter example in release),
# and taskwarrior (`apt-get install taskwarrior`; this was written against 2.6).
# No jq or python.
#
# What it does, per size N:
#   1. `po init --sample --stories N --seed 1` (deterministic), then
#      `cargo run --example taskwarrior_import` turns the same stories into a
#      taskwarrior import file (description = title, project = epic, priority
#      from MoSCoW, tags = labels, pending/completed, entry/modified/end, uuid).
#   2. Times each operation as a whole process: wall clock, median of RUNS runs
#      after one untimed warm-up run, output to /dev/null, warm page cache.
#      Besides export, list, add and modify of one item: 100 items changed in
#      one command (`po edit KEY×100`, `po move KEY×100` vs `task 1-100 modify`).
#
# Nothing outside a temporary directory is touched: HOME, XDG_DATA_HOME,
# TASKRC and TASKDATA point into it, po always gets --file. Progress goes to
# stderr, the Markdown table to stdout.
set -euo pipefail
export LC_ALL=C

SIZES=${SIZES:-10000 100000}
RUNS=${RUNS:-5}
# ONLY=modify: only the modify rows (one item, 100 items, move 100);
# ONLY=export: only the export row. The items are still created and
# imported once, untimed.
ONLY=${ONLY:-}
if [[ -n $ONLY && $ONLY != modify && $ONLY != export ]]; then
    echo "ONLY=$ONLY: the subsets are ONLY=modify and ONLY=export" >&2
    exit 2
fi
# taskwarrior's import of 100k items takes seconds here; this only stops a hang.
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-1200}

if ! command -v task >/dev/null 2>&1; then
    echo "taskwarrior is not installed: install it with 'apt-get install taskwarrior'" >&2
    echo "(or your system's package of the same name), then run this again." >&2
    exit 2
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/po-vs-task.XXXXXX")
trap 'rm -rf "$work"' EXIT

progress() { echo "[$(date +%T)] $*" >&2; }

# --- Building ----------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is needed to build the converter (examples/taskwarrior_import.rs)" >&2
    exit 2
fi
progress "building the converter${PO_BIN:+ (po from PO_BIN=$PO_BIN)} and po in release"
if [[ -n ${PO_BIN:-} ]]; then
    (cd "$repo" && cargo build --release --locked --example taskwarrior_import)
    po_bin=$PO_BIN
else
    (cd "$repo" && cargo build --release --locked --bin po --example taskwarrior_import)
    po_bin=$repo/target/release/po
fi
convert=$repo/target/release/examples/taskwarrior_import

# --- Isolation -----------------------------------------------------------------
export HOME=$work/home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config
unset PO_FILE
export TASKRC=$work/taskrc TASKDATA=$work/task
mkdir -p "$HOME" "$TASKDATA"
po_file=$work/backlog.json
tasks_json=$work/tasks.json
# The same settings in the rc file and on every command line: no prompts, no
# messages, no hooks, no garbage collection (which renumbers and rewrites).
cat >"$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=off
verbose=nothing
hooks=off
gc=off
color=off
detection=off
defaultwidth=120
bulk=0
EOF
# bulk=0: no question before a change of many tasks (`task 1-100 modify`).
tw_rc=(rc.confirmation=off rc.verbose=nothing rc.hooks=off rc.gc=off rc.color=off rc.detection=off rc.bulk=0)

tw() { task "${tw_rc[@]}" "$@"; }
po() { "$po_bin" --file "$po_file" "$@"; }

# --- Timing --------------------------------------------------------------------
# shellcheck source=scripts/timing.sh
source "$(dirname "$0")/timing.sh"

nothing() { :; }

rows=()
# row OPERATION N PO_US TASK_US: one table row; ratio = task / po.
row() {
    rows+=("$(awk -v op="$1" -v n="$2" -v p="$3" -v t="$4" 'BEGIN {
        printf "| %s | %d | %.1f | %.1f | %.1f× |", op, n, p / 1000, t / 1000, t / p }')")
}

# --- The operations --------------------------------------------------------------
fresh_po() { rm -f "$po_file" "$po_file".*; }
fresh_tw() { rm -rf "$TASKDATA" && mkdir -p "$TASKDATA"; }
po_create() { po init --sample --stories "$n" --seed 1; }
tw_import() { timeout "$IMPORT_TIMEOUT" task "${tw_rc[@]}" import "$tasks_json"; }
po_export() { po list --json; }
tw_export() { tw export; }
po_list() { po list; }
tw_list() { tw list; }
tw_all() { tw all; }
po_add() { po add "Benchmark story $1" --epic E-1 --moscow must --label payments; }
tw_add() { tw add "Benchmark story $1" project:Checkout priority:H +payments; }
# Alternate the value so every run really changes (and saves) something.
po_modify() { if (($1 % 2)); then po edit "$edit_key" --moscow must; else po edit "$edit_key" --moscow should; fi; }
tw_modify() { if (($1 % 2)); then tw 1 modify priority:H; else tw 1 modify priority:M; fi; }
# The same change to 100 items in one command: po by key (spread over the
# backlog), taskwarrior by the id range 1-100 (its first 100 pending tasks).
po_modify_many() { if (($1 % 2)); then po edit "${bulk_keys[@]}" --moscow must; else po edit "${bulk_keys[@]}" --moscow should; fi; }
tw_modify_many() { if (($1 % 2)); then tw 1-100 modify priority:H; else tw 1-100 modify priority:M; fi; }
po_move_many() { if (($1 % 2)); then po move "${bulk_keys[@]}" --top; else po move "${bulk_keys[@]}" --bottom; fi; }

load_before=$(uptime)
progress "load: $load_before"
for n in $SIZES; do
    progress "N = $n: generating the backlog and the taskwarrior import file"
    fresh_po
    po_create >/dev/null
    "$convert" "$po_file" >"$tasks_json"

    if [[ -n $ONLY ]]; then
        fresh_tw
        tw_import >/dev/null
    else
        progress "N = $n: create / import"
        time_runs "po init --sample" fresh_po po_create
        po_us=$median_us
        time_runs "task import" fresh_tw tw_import
        tw_us=$median_us
        row "create N items: \`po init --sample\` vs \`task import\` ¹" "$n" "$po_us" "$tw_us"
    fi

    # Both now hold the same N items; check that before comparing anything else.
    po_count=$(($(po list | wc -l) - 1))
    tw_count=$(tw count)
    if ((po_count != n || tw_count != n)); then
        echo "item counts differ: po $po_count, taskwarrior $tw_count, expected $n" >&2
        exit 1
    fi
    po_bytes=$(wc -c <"$po_file")
    tw_bytes=$(cat "$TASKDATA"/pending.data "$TASKDATA"/completed.data | wc -c)
    sizes_note+=("N = $n: po file $((po_bytes / 1024)) KiB; taskwarrior pending.data + completed.data $((tw_bytes / 1024)) KiB (import file $(($(wc -c <"$tasks_json") / 1024)) KiB)")

    if [[ $ONLY != modify ]]; then
        progress "N = $n: export / list"
        time_runs "po list --json" nothing po_export
        po_us=$median_us
        time_runs "task export" nothing tw_export
        row "export JSON: \`po list --json\` vs \`task export\`" "$n" "$po_us" "$median_us"
        if [[ $ONLY == export ]]; then
            continue
        fi
        time_runs "po list" nothing po_list
        po_list_us=$median_us
        time_runs "task list" nothing tw_list
        row "list text: \`po list\` vs \`task list\` ²" "$n" "$po_list_us" "$median_us"
        time_runs "task all" nothing tw_all
        row "list text: \`po list\` vs \`task all\`" "$n" "$po_list_us" "$median_us"

        progress "N = $n: add / modify"
        time_runs "po add" nothing po_add
        po_us=$median_us
        time_runs "task add" nothing tw_add
        row "add: \`po add\` vs \`task add\`" "$n" "$po_us" "$median_us"
    fi
    edit_key=$(po list --status todo | awk 'NR == 2 { print $2 }')
    time_runs "po edit $edit_key --moscow" nothing po_modify
    po_us=$median_us
    time_runs "task 1 modify priority:" nothing tw_modify
    row "modify: \`po edit KEY --moscow\` vs \`task 1 modify priority:\`" "$n" "$po_us" "$median_us"

    progress "N = $n: 100 items in one command"
    mapfile -t bulk_keys < <(po list --status todo | awk 'NR > 1 && NR % 7 == 0 { print $2 }' | head -n 100)
    if ((${#bulk_keys[@]} != 100)); then
        echo "expected 100 todo stories to change, found ${#bulk_keys[@]}" >&2
        exit 1
    fi
    time_runs "po edit (100 keys) --moscow" nothing po_modify_many
    po_us=$median_us
    time_runs "task 1-100 modify priority:" nothing tw_modify_many
    tw_many_us=$median_us
    row "modify 100: \`po edit KEY×100 --moscow\` vs \`task 1-100 modify priority:\`" "$n" "$po_us" "$tw_many_us"
    time_runs "po move (100 keys) --top/--bottom" nothing po_move_many
    row "move 100: \`po move KEY×100 --top\` vs \`task 1-100 modify priority:\` ³" "$n" "$median_us" "$tw_many_us"
done
load_after=$(uptime)

cat <<EOF
po $("$po_bin" --version | awk '{ print $2 }') ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "unknown commit")) against taskwarrior $(task --version); $(nproc) cores; median of $RUNS runs, wall clock, ms.

| operation | N | po ms | task ms | ratio (task/po) |
|---|---|---|---|---|
EOF
printf '%s\n' "${rows[@]}"
cat <<EOF

¹ po has no import command. Its closest operation is \`po init --sample --stories N\`:
  it generates N stories and writes them as one file (atomic write, fsync);
  taskwarrior parses the import file and writes its data files.
² \`task list\` shows pending tasks only (fewer rows than \`po list\` prints);
  \`task all\` shows every task, as \`po list\` does.
³ taskwarrior has no ranking to move items in; the nearest is the same change
  of 100 items. po's 100 keys are todo stories spread over the backlog.
taskwarrior runs with ${tw_rc[*]}.
EOF
printf -- '- %s\n' "${sizes_note[@]}"
echo "- load before: ${load_before#*load average: }; after: ${load_after#*load average: }"
