#!/usr/bin/env bash
# Installs everything Tandem needs to build, run and test, from Debian's
# archive and (for web/) the npm registry. Idempotent: packages already
# present are skipped, and `apt-get update` runs at most once.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  clang-format clang-tidy
  libboost-dev libssl-dev
  libsoci-dev libsqlite3-dev libpq-dev sqlite3
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libsodium-dev libjemalloc-dev libhowardhinnant-date-dev libical-dev libcurl4-openssl-dev libzip-dev
  libgtest-dev libgmock-dev libbenchmark-dev liblemon-dev
  postgresql postgresql-client
  r-base-core wrk curl python3 python3-aiosmtpd openssl
  chromium poppler-utils nodejs npm
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from elsewhere on a developer machine; only ask apt when absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
  keep=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || keep+=("$p"); done
  missing=("${keep[@]+"${keep[@]}"}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts a default PostgreSQL cluster on install; Tandem's tests make
  # their own throwaway cluster, so the default one is left as it is.
fi

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -f $root/web/package-lock.json ]]; then
  stamp=$root/web/node_modules/.tandem-installed
  if [[ ! -f $stamp || $root/web/package-lock.json -nt $stamp ]]; then
    # `npm install`, not `npm ci`: it installs the locked versions just the
    # same, but `npm ci` refuses a lock file without entries for other
    # platforms' optional packages (rollup's native builds), which a registry
    # mirror that only serves this platform's leaves out.
    (cd "$root/web" && npm install --no-audit --no-fund)
    touch "$stamp"
  fi
fi
