#!/usr/bin/env bash
# `make run`: create and migrate the demo database if it does not exist, load
# the demo programs into it, then run Tandem on it.
# Usage: scripts/run-demo.sh TANDEM_BINARY DB_PATH
set -euo pipefail
tandem=$1
db=$2
export TANDEM_DB="sqlite:$db"
demo_dir=$(dirname "$db")/demo

if [[ ! -f $db ]]; then
  echo "== Creating $db and loading the demo programs"
  "$tandem" migrate
  "$tandem" demo --out-dir "$demo_dir"
else
  echo "== Using the existing $db (delete it to start afresh)"
  "$tandem" migrate
fi
echo
echo "== Programs"
"$tandem" program list

# The web server arrives with the server issue; until then the demo runs the
# command-line flow end to end: the fellows' cohort is matched across institutions.
if "$tandem" --help | grep -qE "^ +match" && [[ -f $demo_dir/fellows-2026.csv ]]; then
  echo
  echo "== Matching the fellows' cohort (cross-institution, optimal)"
  "$tandem" match --participants "$demo_dir/fellows-2026.csv" --cross-institution --start-date 2026-07-01 \
    --out "$demo_dir/fellows-2026-matches.csv"
  echo
  echo "Pairs with their score breakdown: $demo_dir/fellows-2026-matches.csv"
fi
echo "Participant files: $demo_dir/ (edit and re-import with: $tandem import participants FILE --program NAME)"
