# Shared by scripts/bench.sh and scripts/compare-taskwarrior.sh (sourced, not
# run): whole-process timing without starting a process to read the clock.
# The caller defines RUNS, $work and progress().
# shellcheck shell=bash disable=SC2154

# --- Timing --------------------------------------------------------------------
# Microseconds since the epoch, into $stamp, without starting a process.
stamp() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        stamp=${EPOCHREALTIME/[.,]/}
    else
        stamp=$(($(date +%s%N) / 1000))
    fi
}

# time_runs LABEL SETUP COMMAND: runs `SETUP i` untimed and `COMMAND i` timed,
# for i = 0 (warm-up, not counted) .. RUNS; the median in microseconds goes to
# $median_us. A failing command stops the script with its error output.
time_runs() {
    local label=$1 setup=$2 command=$3 i t0 samples=()
    for ((i = 0; i <= RUNS; i++)); do
        "$setup" "$i"
        stamp
        t0=$stamp
        if ! "$command" "$i" >/dev/null 2>"$work/stderr"; then
            echo "failed: $label (run $i):" >&2
            cat "$work/stderr" >&2
            exit 1
        fi
        stamp
        if ((i > 0)); then samples+=($((stamp - t0))); fi
    done
    median_us=$(printf '%s\n' "${samples[@]}" | sort -n |
        awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }')
    progress "  $label: median $((median_us / 1000)) ms of $RUNS runs"
}
