#!/usr/bin/env bash
# Whole-process figures for po alone on generated backlogs: command times,
# file size, peak memory, and the TUI's first frame, memory and idle CPU.
#
#   scripts/bench.sh                          # 1,000, 10,000 and 100,000 stories, 5 runs
#   SIZES="10000" RUNS=3 IDLE_SECONDS=5 scripts/bench.sh
#   PO_BIN=/path/to/po scripts/bench.sh       # time another po build (no cargo needed)
#
# Requirements: Linux (/proc), bash >= 5 (EPOCHREALTIME; else GNU date +%s%N),
# coreutils, awk, tmux (for the TUI figures; skipped without it), cargo unless
# PO_BIN is given. GNU time (/usr/bin/time) is used for peak RSS when present;
# otherwise VmHWM is sampled from /proc/<pid>/status while po runs.
#
# Times are wall clock, the median of RUNS runs after one untimed warm-up run,
# with output to /dev/null and a warm page cache. Nothing outside a temporary
# directory is touched: HOME and XDG_DATA_HOME point into it, po gets --file,
# and tmux runs on its own socket in that directory. Progress goes to stderr, Markdown to stdout.
set -euo pipefail
export LC_ALL=C

SIZES=${SIZES:-1000 10000 100000}
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-10}

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/po-bench.XXXXXX")
tmux_socket=$work/tmux.sock
cleanup() {
    if command -v tmux >/dev/null 2>&1; then
        tmux -S "$tmux_socket" kill-server >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

progress() { echo "[$(date +%T)] $*" >&2; }

if [[ -n ${PO_BIN:-} ]]; then
    po_bin=$PO_BIN
else
    progress "building po in release"
    (cd "$repo" && cargo build --release --locked --bin po)
    po_bin=$repo/target/release/po
fi

export HOME=$work/home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config
unset PO_FILE
mkdir -p "$HOME"
po_file=$work/backlog.json
po() { "$po_bin" --file "$po_file" "$@"; }

# --- Timing --------------------------------------------------------------------
# shellcheck source=scripts/timing.sh
source "$(dirname "$0")/timing.sh"

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }

# A /proc/<pid>/status field in KiB (VmHWM, VmRSS), or empty once the process is gone.
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# peak_rss_kib COMMAND...: the peak resident set of one run, into $peak_kib.
peak_rss_kib() {
    if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then
        /usr/bin/time -o "$work/time" -f %M "$@" >/dev/null
        peak_kib=$(tail -n 1 "$work/time")
    else
        # VmHWM only grows, so the last sample before the exit is close to the peak.
        local pid hwm
        "$@" >/dev/null &
        pid=$!
        peak_kib=0
        while hwm=$(status_kib "$pid" VmHWM) && [[ -n $hwm ]]; do
            peak_kib=$hwm
            sleep 0.001
        done
        wait "$pid"
        peak_kib="~$peak_kib"
    fi
}

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat;
# the command name in field 2 may hold spaces, so count from its closing bracket).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# --- The CLI -------------------------------------------------------------------
fresh() { rm -f "$po_file" "$po_file".*; }
nothing() { :; }
create() { po init --sample --stories "$n" --seed 1; }
list_json() { po list --json; }
add() { po add "Benchmark story $1" --epic E-1 --moscow must --label payments; }
# Alternate the value so every run really changes (and saves) something.
edit() { if (($1 % 2)); then po edit "$edit_key" --moscow must; else po edit "$edit_key" --moscow should; fi; }

# --- The TUI -------------------------------------------------------------------
tmuxb() { tmux -S "$tmux_socket" "$@"; }

# Waits until the pane shows the header's story count; the time from starting
# the session goes to $frame_us (it includes starting tmux and 5 ms polling).
first_frame() {
    local t0=$1
    for _ in $(seq 6000); do
        if tmuxb capture-pane -p -t bench 2>/dev/null | head -n 1 | grep -q ' stories'; then
            stamp
            frame_us=$((stamp - t0))
            return 0
        fi
        sleep 0.005
    done
    echo "the TUI showed no frame within 30 s; the pane has:" >&2
    tmuxb capture-pane -p -t bench >&2 || true
    exit 1
}

# Waits until the backlog file has stopped changing for a second (the TUI saves
# in the background after keys pause).
settle() {
    local before after
    for _ in $(seq 120); do
        before=$(stat -c '%Y.%s' "$po_file")
        sleep 1
        after=$(stat -c '%Y.%s' "$po_file")
        if [[ $before == "$after" ]] && ! compgen -G "$po_file.tmp-*" >/dev/null; then return 0; fi
    done
}

# tui N: opens the TUI in tmux at 120x40, presses j, J, u, and reads its memory
# and idle CPU. Sets frame_us, tui_hwm_kib, tui_rss_kib, idle_pct.
tui() {
    local pid t0 c0 c1 hz key
    stamp
    t0=$stamp
    tmuxb new-session -d -s bench -x 120 -y 40 \
        "exec env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' '$po_bin' --file '$po_file'"
    pid=$(tmuxb display-message -p -t bench '#{pane_pid}')
    first_frame "$t0"
    for key in j J u; do
        tmuxb send-keys -t bench "$key"
        sleep 0.2
    done
    settle
    tui_hwm_kib=$(status_kib "$pid" VmHWM)
    tui_rss_kib=$(status_kib "$pid" VmRSS)
    hz=$(getconf CLK_TCK)
    c0=$(cpu_ticks "$pid")
    sleep "$IDLE_SECONDS"
    c1=$(cpu_ticks "$pid")
    idle_pct=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
    idle_ticks=$((c1 - c0))
    tmuxb send-keys -t bench q
    for _ in $(seq 600); do
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "the TUI did not quit on q within 30 s" >&2
        exit 1
    fi
    tmuxb kill-server >/dev/null 2>&1 || true
}

# The same wait for a shell that prints the marker at once: what starting tmux
# and polling cost, to read the first-frame figures against. Sets $baseline_us.
tmux_baseline() {
    local t0
    stamp
    t0=$stamp
    tmuxb new-session -d -s bench -x 120 -y 40 "printf ' stories\\n'; exec sleep 60"
    first_frame "$t0"
    baseline_us=$frame_us
    tmuxb kill-server >/dev/null 2>&1 || true
}

have_tmux=1
if ! command -v tmux >/dev/null 2>&1; then
    have_tmux=0
    progress "tmux is missing: the TUI figures are skipped (apt-get install tmux)"
else
    tmux_baseline
    tmux_baseline
    progress "tmux start + polling alone: $((baseline_us / 1000)) ms"
fi

load_before=$(uptime)
progress "load: $load_before"
cli_rows=()
tui_rows=()
for n in $SIZES; do
    progress "N = $n: the command line"
    time_runs "po init --sample --stories $n" fresh create
    init_us=$median_us
    file_kib=$(($(wc -c <"$po_file") / 1024))
    time_runs "po list --json" nothing list_json
    list_us=$median_us
    peak_rss_kib "$po_bin" --file "$po_file" list --json
    list_peak=$peak_kib
    edit_key=$(po list --status todo | awk 'NR == 2 { print $2 }')
    time_runs "po add" nothing add
    add_us=$median_us
    time_runs "po edit $edit_key --moscow" nothing edit
    edit_us=$median_us
    peak_rss_kib "$po_bin" --file "$po_file" edit "$edit_key" --title "Edited for the peak RSS figure"
    edit_peak=$peak_kib
    cli_rows+=("| $n | $(mib "$file_kib") | $(ms "$init_us") | $(ms "$list_us") | $(ms "$add_us") | $(ms "$edit_us") | $(mib "${list_peak#\~}") | $(mib "${edit_peak#\~}") |")

    if ((have_tmux)); then
        progress "N = $n: the TUI (j, J, u, then ${IDLE_SECONDS} s idle)"
        tui
        progress "  first frame $((frame_us / 1000)) ms, VmHWM $((tui_hwm_kib / 1024)) MiB, idle $idle_ticks ticks"
        tui_rows+=("| $n | $(ms "$frame_us") | $(mib "$tui_hwm_kib") | $(mib "$tui_rss_kib") | $idle_pct ($idle_ticks ticks) |")
    fi
done
load_after=$(uptime)

cat <<EOF
po $("$po_bin" --version | awk '{ print $2 }') ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "unknown commit")); $(nproc) cores; median of $RUNS runs, wall clock.

| stories | file MiB | \`init --sample\` ms | \`list --json\` ms | \`add\` ms | \`edit\` ms | \`list --json\` peak RSS MiB | \`edit\` peak RSS MiB |
|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${cli_rows[@]}"
if ((have_tmux)); then
    cat <<EOF

TUI in tmux at 120×40: start → first frame (includes starting tmux and 5 ms
polling: $(ms "$baseline_us") ms for a shell that prints at once), memory after
j, J, u and the background save, CPU (utime + stime) over ${IDLE_SECONDS} s idle.

| stories | first frame ms | peak RSS (VmHWM) MiB | RSS (VmRSS) MiB | idle CPU % |
|---|---|---|---|---|
EOF
    printf '%s\n' "${tui_rows[@]}"
fi
echo
if [[ $list_peak == "~"* ]]; then echo "Peak RSS of the commands sampled from VmHWM (no GNU time)."; fi
echo "Load before: ${load_before#*load average: }; after: ${load_after#*load average: }"
