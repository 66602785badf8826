#!/usr/bin/env bash
# Runs the test binaries (all but the tmux ones) as if it were another day,
# under libfaketime: the sample backlog follows today's date, so a test that
# assumes which story the sample puts where passes on one day and fails on
# another (cli_diff did on 1 December 2026).
#
#   scripts/test-other-days.sh                        # a few days that caught such tests
#   scripts/test-other-days.sh 2027-06-20 2028-02-29  # these days
#
# Requirements: faketime (apt-get install faketime), cargo. The tmux tests
# are skipped (PO_SKIP_TMUX): their waits time out under a faked clock.
# Prints each failing binary and test; exits 1 when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "needs faketime (apt-get install faketime)" >&2; exit 2; }
days=("$@")
if [ "${#days[@]}" -eq 0 ]; then
    days=(2027-01-01 2027-03-01 2027-06-19 2027-06-20 2028-02-29)
fi
bins=$(cargo test --locked --no-run --message-format=json 2>/dev/null | python3 -c '
import sys, json
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and (m.get("profile") or {}).get("test"):
        print(m["target"]["name"], m["executable"])
')
export PO_SKIP_TMUX=1 INSTA_UPDATE=no
failed=0
for day in "${days[@]}"; do
    while read -r name bin; do
        if ! out=$(faketime "$day 10:00:00" "$bin" -q 2>&1); then
            failed=1
            echo "== $day $name"
            echo "$out" | grep -E -- "--- FAILED|panicked" | head -8
        fi
    done <<< "$bins"
    echo "$day: done"
done
exit "$failed"
