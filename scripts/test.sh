#!/usr/bin/env bash
# Runs every *.test.ts with node:test. Node 20 neither expands globs nor walks directories for `--test`
# (it silently runs 0 tests), so the files are listed here and a run with 0 tests fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
out=$(mktemp)
set +e
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
pass=$(grep -E '^ℹ pass [0-9]+' "$out" | awk '{print $3}' | tail -1)
fail=$(grep -E '^ℹ fail [0-9]+' "$out" | awk '{print $3}' | tail -1)
skipped=$(grep -E '^ℹ skipped [0-9]+' "$out" | awk '{print $3}' | tail -1)
rm -f "$out"
if [ -z "${pass:-}" ] || [ "$((pass + ${fail:-0}))" -eq 0 ]; then echo "no tests ran" >&2; exit 1; fi
echo "${pass} passed, ${fail:-0} failed, ${skipped:-0} skipped"
exit "$status"
