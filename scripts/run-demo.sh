#!/usr/bin/env bash
# `make run`: create and migrate the demo database if it does not exist, load
# the demo programs and sign-ins into it, then serve Tandem on it.
# Usage: scripts/run-demo.sh TANDEM_BINARY DB_PATH WEB_ROOT [LISTEN]
set -euo pipefail
tandem=$1
db=$2
web_root=$3
listen=${4:-${TANDEM_LISTEN:-127.0.0.1:8080}}
export TANDEM_DB="sqlite:$db"
demo_dir=$(dirname "$db")/demo

if [[ ! -f $db ]]; then
  echo "== Creating $db with the demo programs"
else
  echo "== Using the existing $db (delete it to start afresh)"
fi
"$tandem" migrate
# Idempotent: creates what is missing and prints the demo sign-ins.
"$tandem" demo --out-dir "$demo_dir"
echo
echo "== Programs"
"$tandem" program list
echo
echo "Participant files: $demo_dir/ (edit and re-import with: $tandem import participants FILE --program NAME)"
echo
echo "== Open http://$listen in a browser and sign in with one of the accounts above."
echo "   Invitation and password-reset messages go to the outbox (admin: Outbox page)."
echo "   Stop with Ctrl-C."
exec "$tandem" serve --listen "$listen" --web-root "$web_root"
