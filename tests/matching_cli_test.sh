#!/usr/bin/env bash
# End-to-end checks of `tandem match` (issue 4): output files, JSON, errors
# that name file/row/column, and no partial output file on error.
# Usage: tests/matching_cli_test.sh PATH_TO_TANDEM
set -euo pipefail
tandem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$tandem" match --help | grep -q -- "--objective" || fail "help"

"$tandem" match --participants examples/participants.csv --cross-institution \
  --out "$dir/m.csv" --start-date 2025-09-01 > "$dir/out.txt"
head -1 "$dir/m.csv" | grep -q "^mentee,mentor,score,interests," || fail "csv header"
grep -q "Blocking pairs" "$dir/out.txt" || fail "summary"

"$tandem" match --participants examples/participants.csv --json --objective fair \
  --start-date 2025-09-01 > "$dir/out.json"
for key in matched unmatched total_score min_score blocking_pairs pairs; do
  grep -q "\"$key\"" "$dir/out.json" || fail "json key $key"
done

# Scores file with an unknown id: error names file, row and column; no output file.
printf 'mentee,mentor,score\nF1,M1,10\nF1,NOPE,3\n' > "$dir/scores.csv"
if "$tandem" match --participants examples/participants.csv --scores "$dir/scores.csv" \
    --out "$dir/bad.csv" 2> "$dir/err.txt"; then fail "unknown id accepted"; fi
grep -q "scores.csv: row 3, column mentor" "$dir/err.txt" || fail "error location: $(cat "$dir/err.txt")"
[[ ! -e "$dir/bad.csv" ]] || fail "partial output written"
[[ -z "$(ls "$dir" | grep tmp || true)" ]] || fail "temp file left"

printf 'mentee,mentor,score\nF1,M1,abc\n' > "$dir/scores2.csv"
if "$tandem" match --participants examples/participants.csv --scores "$dir/scores2.csv" \
    2> "$dir/err.txt"; then fail "bad number accepted"; fi
grep -q "row 2, column score" "$dir/err.txt" || fail "bad number location"

# Unknown id in --lock; malformed lock.
if "$tandem" match --participants examples/participants.csv --lock F1:ZZ --out "$dir/l.csv" \
    2> "$dir/err.txt"; then fail "unknown lock accepted"; fi
grep -q "unknown id" "$dir/err.txt" || fail "lock message"
[[ ! -e "$dir/l.csv" ]] || fail "partial output on lock error"
if "$tandem" match --participants examples/participants.csv --lock F1 2> /dev/null; then
  fail "malformed lock accepted"
fi

# Bad participants file: every problem by row and column.
if "$tandem" match --participants examples/participants-with-errors.csv 2> "$dir/err.txt"; then
  fail "bad participants accepted"
fi
grep -q "participants-with-errors.csv: row" "$dir/err.txt" || fail "participants error location"
echo "ok"
