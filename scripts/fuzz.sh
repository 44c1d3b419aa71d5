#!/usr/bin/env bash
# Builds the libFuzzer harnesses under fuzz/ (clang-14, build/fuzz) and runs
# each over its corpus fuzz/corpus/NAME/ with its dictionary fuzz/NAME.dict,
# one harness after the other. See docs/testing.md, "Fuzzing".
#
# Usage: scripts/fuzz.sh [--seconds N] [--runs N] [--max-seconds N] [--merge]
#                        [--jobs N] [--build DIR] [NAME...]
#   --seconds N      fuzz each harness for N seconds (default 60 when --runs is not given)
#   --runs N         stop each harness after N inputs
#   --max-seconds N  with --runs: also stop after N seconds, whichever comes first
#   --merge          add the new inputs that reach new coverage to fuzz/corpus/NAME/
#                    (otherwise they go to a temporary folder that is removed)
#   --jobs N         build jobs (default: the number of cores)
#   --build DIR      build folder (default build/fuzz)
#   NAME...          harnesses to run (default: all, e.g. csv json http_request)
# Prints executions and coverage per harness. Exits non-zero when a harness
# crashes (or fails a check, leaks, or times out); the input is kept under
# DIR/crashes/ and its path printed: reproduce with `DIR/fuzz/NAME_fuzzer FILE`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=""
runs=""
max_seconds=""
merge=0
jobs=$(nproc)
build=build/fuzz
names=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --max-seconds) max_seconds=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
for value in "$seconds" "$runs" "$max_seconds" "$jobs"; do
  [[ -z $value || $value =~ ^[0-9]+$ ]] || { echo "fuzz.sh: \"$value\" is not a number" >&2; exit 2; }
done
if [[ -z $seconds && -z $runs ]]; then seconds=60; fi
if [[ -z $seconds && -n $max_seconds ]]; then seconds=$max_seconds; fi

if ((${#names[@]} == 0)); then
  for source in fuzz/*_fuzzer.cc; do
    name=${source#fuzz/}
    names+=("${name%_fuzzer.cc}")
  done
fi
for name in "${names[@]}"; do
  if [[ ! -f fuzz/${name}_fuzzer.cc ]]; then
    echo "fuzz.sh: no harness fuzz/${name}_fuzzer.cc" >&2
    exit 2
  fi
done

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz.sh: clang++-14 is missing: run scripts/install-deps.sh (clang-14, libclang-rt-14-dev)" >&2
  exit 1
fi
if [[ ! -f $build/build.ninja ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DTANDEM_FUZZ=ON
fi
cmake --build "$build" --target fuzzers -j "$jobs"

crashes=$root/$build/crashes
mkdir -p "$crashes"
work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

status=0
summary=()
for name in "${names[@]}"; do
  harness=$build/fuzz/${name}_fuzzer
  corpus=fuzz/corpus/$name
  mkdir -p "$work/$name"
  flags=(-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 "-artifact_prefix=$crashes/$name-")
  [[ -f fuzz/$name.dict ]] && flags+=("-dict=fuzz/$name.dict")
  [[ -n $runs ]] && flags+=("-runs=$runs")
  [[ -n $seconds ]] && flags+=("-max_total_time=$seconds")
  log=$work/$name.log
  echo "== $name: $harness ${flags[*]} $work/$name $corpus"
  started=$(date +%s)
  if "$harness" "${flags[@]}" "$work/$name" "$corpus" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  elapsed=$(($(date +%s) - started))
  # "#123456  DONE   cov: 283 ft: 1382 corp: 210/52Kb ..." and the final stats.
  last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  edges=$(sed -n 's/.*Loaded [0-9]* modules *(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -n 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  line=$(printf '%-16s %-6s execs %-10s exec/s %-7s cov %5s of %-6s ft %6s corpus %5s  %ss' \
    "$name" "$result" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${edges:-?}" "${ft:-?}" \
    "${corp:-?}" "$elapsed")
  echo "$line"
  summary+=("$line")
  if [[ $result == FAILED ]]; then
    grep -E 'ERROR:|fuzz check failed|SUMMARY:|^    #[0-9]+ ' "$log" | head -n 30 || true
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    cp "$log" "$crashes/$name.log"
    echo "fuzz.sh: $name failed; log $crashes/$name.log"
    if [[ -n $artifact ]]; then
      echo "fuzz.sh: crash input kept at $artifact (reproduce: $harness $artifact)"
    fi
  elif ((merge)); then
    before=$(find "$corpus" -type f | wc -l)
    "$harness" -merge=1 "$corpus" "$work/$name" >"$work/$name.merge.log" 2>&1
    after=$(find "$corpus" -type f | wc -l)
    echo "$name: merged $((after - before)) new input(s) into $corpus"
  fi
done

echo "== fuzzing summary"
printf '%s\n' "${summary[@]}"
exit $status
