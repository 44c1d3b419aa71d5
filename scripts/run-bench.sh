#!/usr/bin/env bash
# Runs every benchmark program built under BUILD/bench (default build/release).
# Usage: scripts/run-bench.sh [BUILD_DIR] [extra Google Benchmark flags]
set -euo pipefail
build=${1:-build/release}
shift || true
status=0
for b in "$build"/bench/*_benchmark; do
  [[ -x $b ]] || continue
  echo "== $b"
  "$b" "$@" || status=1
done
exit $status
