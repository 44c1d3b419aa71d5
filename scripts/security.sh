#!/usr/bin/env bash
# SQL injection probe of `tandem serve` with sqlmap (Debian's), signed in, at
# level 2 (query parameters, JSON bodies, the Cookie header): every API route
# that takes query parameters or a JSON body of text, as a coordinator, an
# administrator or unauthenticated where that is who calls it. Runs against a
# throwaway SQLite database loaded with the demo (what sqlmap writes lands
# there). docs/security.md says what it covers and what it found. Not part of
# `make test` (it takes tens of minutes).
# Usage: scripts/security.sh TANDEM_BINARY [OUT_DIR]
# Exit status 0 when no parameter was found injectable.
set -euo pipefail
tandem=${1:?usage: security.sh TANDEM_BINARY [OUT_DIR]}
out=${2:-build/security}
if ! command -v sqlmap >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends sqlmap
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/tandem-security.XXXXXX)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

export TANDEM_DB="sqlite:$work/security.db"
"$tandem" migrate >/dev/null
"$tandem" demo --out-dir "$work/demo" >/dev/null
port=$(node --input-type=module -e \
  "import { freePort } from '$here/tests/free_port.mjs'; console.log(await freePort())")
: >"$out/access.log"
"$tandem" serve --listen "127.0.0.1:$port" --access-log "$out/access.log" >"$out/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

# Sign-ins and the ids the routes need, as the web app gets them.
signin() {  # email -> "cookie csrf"
  local headers body
  headers=$(mktemp)
  body=$(curl -fs -D "$headers" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"tandem-demo-2026\"}" "$base/api/v1/session")
  echo "$(awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}' "$headers") \
$(node -e 'console.log(JSON.parse(process.argv[1]).csrf_token)' "$body")"
  rm -f "$headers"
}
read -r coord_cookie coord_csrf <<<"$(signin coordinator@tandem.example)"
read -r admin_cookie admin_csrf <<<"$(signin admin@tandem.example)"
json() {  # cookie path expression
  curl -fs -H "Cookie: $1" "$base$2" | node -e \
    "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log($3)})"
}
program=$(json "$coord_cookie" /api/v1/programs 'j.programs.find(p=>p.kind==="cohort"&&p.status!=="closed").id')
enrollment=$(json "$coord_cookie" "/api/v1/programs/$program/enrollments?role=mentee" 'j.enrollments[0].id')
pair=$(json "$coord_cookie" "/api/v1/programs/$program/pairs" 'j.pairs[0].id')

# name | method | path with query | JSON body or - | who: coord, admin or - (nobody)
targets=(
  "enrollments-list|GET|/api/v1/programs/$program/enrollments?role=mentor&status=active|-|coord"
  "pairs-list|GET|/api/v1/programs/$program/pairs?status=active|-|coord"
  "program-audit|GET|/api/v1/programs/$program/audit?entity=pair&action=pair.create&limit=10|-|coord"
  "audit|GET|/api/v1/audit?entity=program&action=program.update&limit=10|-|admin"
  "jobs|GET|/api/v1/jobs?status=done&kind=purge_sign_ins&limit=5|-|admin"
  "outbox|GET|/api/v1/outbox?limit=5|-|admin"
  "sign-in|POST|/api/v1/session|{\"email\":\"nobody@example.org\",\"password\":\"not-the-password\"}|-"
  "password-reset|POST|/api/v1/password-reset|{\"email\":\"nobody@example.org\"}|-"
  "program-update|PATCH|/api/v1/programs/$program|{\"objectives\":\"Careers in classical hematology\",\"meeting_mode\":\"virtual\"}|coord"
  "invitation|POST|/api/v1/programs/$program/invitations|{\"email\":\"new.fellow@example.org\",\"name\":\"New Fellow\",\"role\":\"mentee\"}|coord"
  "withdraw|POST|/api/v1/enrollments/$enrollment/withdraw|{\"reason\":\"moved\"}|coord"
  "hand-made-pair|POST|/api/v1/programs/$program/pairs|{\"mentee\":\"F001\",\"mentor\":\"M001\"}|coord"
  "dissolve|POST|/api/v1/pairs/$pair/dissolve|{\"reason\":\"schedules\"}|coord"
  "institution|POST|/api/v1/institutions|{\"name\":\"Probe Cancer Center\"}|admin"
)

status=0
printf '%-18s %-7s %s\n' target result detail | tee "$out/summary.txt"
for t in "${targets[@]}"; do
  IFS='|' read -r name method path body who <<<"$t"
  args=(-u "$base$path" --method "$method" --batch --level 2 --risk 1 --threads 2
        --output-dir "$out/sqlmap" --flush-session --disable-coloring
        --ignore-code 400,401,403,404,409,422,429)
  extra=""
  # The session cookie goes in --cookie, so that level 2 tests it too.
  case $who in
    coord) args+=(--cookie "$coord_cookie"); extra="X-CSRF-Token: $coord_csrf" ;;
    admin) args+=(--cookie "$admin_cookie"); extra="X-CSRF-Token: $admin_csrf" ;;
  esac
  if [[ $body != - ]]; then
    args+=(--data "$body")
    extra="${extra:+$extra\n}Content-Type: application/json"
  fi
  [[ -n $extra ]] && args+=(--headers "$(printf '%b' "$extra")")
  sqlmap "${args[@]}" >"$out/$name.log" 2>&1 || true
  requests=$(grep -c '"method"' "$out/access.log" || true)
  if grep -Eq "appears to be .*injectable|is vulnerable|sqlmap identified the following injection" "$out/$name.log"; then
    printf '%-18s %-7s %s\n' "$name" FOUND "see $out/$name.log" | tee -a "$out/summary.txt"
    status=1
  elif grep -q "do not appear to be injectable\|does not seem to be injectable" "$out/$name.log"; then
    printf '%-18s %-7s %s\n' "$name" clean "$(grep -c 'does not seem to be injectable' "$out/$name.log") parameters tested; $requests requests so far" |
      tee -a "$out/summary.txt"
  else
    printf '%-18s %-7s %s\n' "$name" ERROR "sqlmap did not finish: see $out/$name.log" | tee -a "$out/summary.txt"
    status=1
  fi
done
five=$(grep -c '"status":5' "$out/access.log" || true)
echo "server: $(grep -c '"method"' "$out/access.log") requests answered, $five with a 5xx status" |
  tee -a "$out/summary.txt"
kill -0 "$server_pid" 2>/dev/null || { echo "the server died" | tee -a "$out/summary.txt"; status=1; }
[[ $five -eq 0 ]] || status=1
exit $status
