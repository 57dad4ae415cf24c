#!/usr/bin/env bash
# Runs every *.test.ts with node:test. Node 20 neither expands globs nor walks directories for `--test`
# (it silently runs 0 tests), so the files are listed here and a run with 0 tests fails.
# Tests that start several essd processes (test/cluster.test.ts: three nodes on PostgreSQL and Redis) run
# afterwards on their own, so two files never compete for the machine's two cores; so does the fuzz
# (test/fuzz.test.ts: 20,000 requests, 24 at a time, which would slow every file beside it), and the PostgreSQL
# outage test, whose 1 s database timeout a neighbour hogging the CPU can trip before the cut it measures; and the
# rolling restart (test/rolling-restart.test.ts), which starts four essd processes under continuous load.
set -euo pipefail
cd "$(dirname "$0")/.."
SOLO='^test/(cluster|crash-safety|fuzz|db-outage|rolling-restart|master-key-rotation)\.test\.ts$'
mapfile -t all < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
mapfile -t shared < <(printf '%s\n' "${all[@]}" | grep -Ev "$SOLO" || true)
mapfile -t solo < <(printf '%s\n' "${all[@]}" | grep -E "$SOLO" || true)
if [ "${#all[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
# Many tests start essd through bin/essd.js: its bundles are built once here, not by the first processes they start.
node scripts/build.mjs
out=$(mktemp)
status=0
set +e
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${shared[@]}" 2>&1 | tee "$out"
status=$((status | PIPESTATUS[0]))
if [ "${#solo[@]}" -gt 0 ]; then
  node --import tsx --test --test-concurrency=1 --test-reporter=spec "${solo[@]}" 2>&1 | tee -a "$out"
  status=$((status | PIPESTATUS[0]))
fi
set -e
sum() { grep -E "^ℹ $1 [0-9]+" "$out" | awk '{s += $3} END {print s + 0}'; }
pass=$(sum pass)
fail=$(sum fail)
skipped=$(sum skipped)
rm -f "$out"
if [ "$((pass + fail))" -eq 0 ]; then echo "no tests ran" >&2; exit 1; fi
echo "${pass} passed, ${fail} failed, ${skipped} skipped"
exit "$status"
