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

# A program's own vocabulary from a taxonomy file: sibling topics earn half
# the interests credit that free tags do not; a bad file is refused by row.
printf 'role,id,name,interests\nmentee,E1,Eve,cancer pain\nmentor,M1,Max,nausea and vomiting\n' \
  > "$dir/nurses.csv"
printf 'list,value,parent\ntopic,symptom management,\ntopic,cancer pain,symptom management\ntopic,nausea and vomiting,symptom management\n' \
  > "$dir/taxonomy.csv"
score_of() { grep -o '"total_score":[0-9.]*' "$1" | cut -d: -f2; }
"$tandem" match --participants "$dir/nurses.csv" --json --start-date 2025-09-01 > "$dir/free.json"
"$tandem" match --participants "$dir/nurses.csv" --taxonomy "$dir/taxonomy.csv" --json \
  --start-date 2025-09-01 > "$dir/tax.json"
awk -v a="$(score_of "$dir/tax.json")" -v b="$(score_of "$dir/free.json")" \
  'BEGIN { exit !(a - b == 15) }' || fail "taxonomy credit: $(score_of "$dir/tax.json") vs $(score_of "$dir/free.json")"
printf 'list,value,parent\ntopic,cancer pain,missing\n' > "$dir/badtax.csv"
if "$tandem" match --participants "$dir/nurses.csv" --taxonomy "$dir/badtax.csv" 2> "$dir/err.txt"; then
  fail "bad taxonomy accepted"
fi
grep -q "badtax.csv: row 2, column parent" "$dir/err.txt" || fail "taxonomy error location"
echo "ok"
