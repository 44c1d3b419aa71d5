#!/usr/bin/env bash
# HTTP benchmark of `tandem serve` with wrk (Debian's): authenticated
# GET /api/v1/programs/{id}/pairs for the 35-pair demo cohort on SQLite, side by
# side with /healthz, 64 connections; then the same with 2,000 extra idle
# keep-alive connections held open. Prints req/s, p50 and p99 per case.
# Usage: bench/api_benchmark.sh TANDEM_BINARY [SECONDS]
set -euo pipefail
tandem=${1:?usage: api_benchmark.sh TANDEM_BINARY [SECONDS]}
seconds=${2:-${TANDEM_BENCH_SECONDS:-10}}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v wrk >/dev/null || { echo "api_benchmark: wrk is missing (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/tandem-bench.XXXXXX)
server_pid=""
idle_pid=""
cleanup() {
  [[ -n $idle_pid ]] && kill "$idle_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

export TANDEM_DB="sqlite:$work/bench.db"
"$tandem" migrate >/dev/null
"$tandem" demo --out-dir "$work/demo" >"$work/demo.txt"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$tandem" serve --listen "127.0.0.1:$port" --access-log "$work/access.log" >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

# Sign in as the demo coordinator; make sure the cohort has its published pairs.
session=$(node "$here/api_benchmark_setup.mjs" "$base")
cookie=${session%% *}
program=${session##* }
pairs=$(curl -fs -H "Cookie: $cookie" "$base/api/v1/programs/$program/pairs" | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).pairs.length))')

measure() {  # name url
  local out
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -H "Cookie: $cookie" "$2")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  printf '%-46s %12s %10s %10s  %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
}

echo "tandem serve on SQLite, $(nproc) cores, wrk -t2 -c64 -d${seconds}s; pairs in the program: $pairs"
printf '%-46s %12s %10s %10s\n' "case" "req/s" "p50" "p99"
measure "GET /healthz" "$base/healthz"
measure "GET /api/v1/programs/$program/pairs" "$base/api/v1/programs/$program/pairs"
node "$here/idle_connections.mjs" 127.0.0.1 "$port" 2000 &
idle_pid=$!
sleep 3
open=$(curl -fs "$base/metrics" | awk '/^tandem_http_connections_open/ {print $2}')
echo "with 2,000 idle keep-alive connections held open (server reports ${open:-?} open):"
measure "GET /healthz + 2000 idle" "$base/healthz"
measure "GET /api/v1/programs/$program/pairs + 2000 idle" "$base/api/v1/programs/$program/pairs"
