#!/usr/bin/env bash
# Start → first frame of the TUI in tmux at 120x40, RUNS times after one
# warm-up: prints every time in ms (sorted) and the median. Includes starting
# tmux and 2 ms polling; the last line is the same for a shell that prints
# at once, to read the figures against.
#
#   scripts/first-frame.sh target/release/po backlog.json 11
set -euo pipefail
po=$1 file=$2 runs=${3:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/po-frame.XXXXXX")
sock=$work/tmux.sock
t() { tmux -S "$sock" "$@"; }
cleanup() {
    for s in "$work"/tmux.*; do tmux -S "$s" kill-server >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# frames COMMAND: the sorted times and the median of RUNS starts.
frames() {
    local samples=() i n t0 t1
    for ((i = 0; i <= runs; i++)); do
        # A socket per start: a server still exiting cannot refuse the next.
        sock=$work/tmux.$RANDOM$i
        t0=${EPOCHREALTIME/[.,]/}
        t new-session -d -s frame -x 120 -y 40 "$1" || exit 1
        for ((n = 0; ; n++)); do
            if t capture-pane -p -t frame 2>/dev/null | head -n 1 | grep -q ' stories'; then break; fi
            if ((n > 15000)); then echo "no frame within 30 s" >&2; exit 1; fi
            sleep 0.002
        done
        t1=${EPOCHREALTIME/[.,]/}
        t kill-server >/dev/null 2>&1 || true
        # Let the old po exit before the next starts (2 cores).
        sleep 0.3
        if ((i > 0)); then samples+=($(((t1 - t0) / 1000))); fi
    done
    printf '%s\n' "${samples[@]}" | sort -n | tr '\n' ' '
    printf '%s\n' "${samples[@]}" | sort -n | awk '{ a[NR] = $1 } END { print "| median", a[int((NR + 1) / 2)], "ms" }'
}

echo "po: $(frames "exec '$po' --file '$file'")"
echo "a shell: $(frames "printf ' stories\\n'; exec sleep 60")"
