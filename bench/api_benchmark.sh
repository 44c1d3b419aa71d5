#!/usr/bin/env bash
# HTTP benchmark of `tandem serve` as real use loads it (docs/benchmarks.md,
# "Server"): the demo's 35-pair fellows cohort and its peer-support program
# (300 volunteers), 64 connections of signed-in members and coordinators
# doing, in proportion, their home page, their pair, their partner's profile,
# the pair list, the enrollment list, a matching run's result and writes
# (profile save, preferences) — bench/mixed_setup.mjs says which and how
# often. Per database: /healthz alone, the mix, then the mix again while
# 10,000 idle keep-alive connections are held open. wrk reports the whole
# mix (req/s, p50, p99, non-2xx); the access log gives each route's figures.
# SQLite always; PostgreSQL too when TANDEM_TEST_POSTGRES is set (make bench
# runs this under scripts/with-postgres.sh).
# Usage: bench/api_benchmark.sh TANDEM_BINARY [SECONDS]
set -euo pipefail
tandem=${1:?usage: api_benchmark.sh TANDEM_BINARY [SECONDS]}
seconds=${2:-${TANDEM_BENCH_SECONDS:-10}}
idle=${TANDEM_BENCH_IDLE:-10000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v wrk >/dev/null || { echo "api_benchmark: wrk is missing (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/tandem-bench.XXXXXX)
server_pid=""
idle_pid=""
stop_idle() {
  [[ -n $idle_pid ]] && kill "$idle_pid" 2>/dev/null && wait "$idle_pid" 2>/dev/null || true
  idle_pid=""
}
stop_server() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_idle
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# wrk's figures for one case: req/s, p50, p99, and the errors it saw.
measure() {  # name url [extra wrk args...]
  local name=$1 url=$2 out
  shift 2
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency "$@" "$url")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-44s %10s %9s %9s  %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

run_backend() {  # sqlite|postgresql
  local backend=$1 url
  if [[ $backend == postgresql ]]; then
    url=$TANDEM_TEST_POSTGRES
    psql "$url" -X -q -v ON_ERROR_STOP=1 -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
  else
    url="sqlite:$work/bench.db"
  fi
  export TANDEM_DB=$url
  "$tandem" migrate >/dev/null
  "$tandem" demo --out-dir "$work/demo-$backend" >"$work/demo.txt"
  local port log=$work/access-$backend.log
  port=$(node --input-type=module -e \
    "import { freePort } from '$here/../tests/free_port.mjs'; console.log(await freePort())")
  "$tandem" serve --listen "127.0.0.1:$port" --access-log "$log" --max-connections 20000 ${TANDEM_BENCH_SERVE_ARGS:-} \
    >"$work/serve.log" 2>&1 &
  server_pid=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

  local setup
  setup=$(node "$here/mixed_setup.mjs" "$base" "$work/mix.lua" 80)
  export TANDEM_MIX=$work/mix.lua
  echo
  echo "tandem serve on $backend, $(nproc) cores (load $(cut -d' ' -f1-3 /proc/loadavg)), wrk -t2 -c64 -d${seconds}s"
  echo "mix: $setup"
  printf '%-44s %10s %9s %9s\n' "case" "req/s" "p50" "p99"
  measure "GET /healthz" "$base/healthz"
  local skip
  skip=$(wc -l <"$log")
  measure "mix" "$base" -s "$here/mixed.lua"
  node "$here/access_log_stats.mjs" "$log" "$skip" "$seconds"

  node "$here/idle_connections.mjs" 127.0.0.1 "$port" "$idle" 2>"$work/idle.err" &
  idle_pid=$!
  local open=0
  for _ in $(seq 60); do
    open=$(curl -fs "$base/metrics" | awk '/^tandem_http_connections_open/ {print $2}')
    [[ ${open:-0} -ge $idle ]] && break
    sleep 0.5
  done
  echo "with $idle idle keep-alive connections held open (server reports ${open:-?} open):"
  measure "GET /healthz + $idle idle" "$base/healthz"
  measure "mix + $idle idle" "$base" -s "$here/mixed.lua"
  stop_idle
  stop_server
}

run_backend sqlite
if [[ -n ${TANDEM_TEST_POSTGRES:-} ]]; then
  run_backend postgresql
else
  echo "(PostgreSQL skipped: run under scripts/with-postgres.sh, as make bench does)"
fi
