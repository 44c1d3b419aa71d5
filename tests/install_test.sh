#!/usr/bin/env bash
# The install step (docs/deploy.md, "Installing"): `cmake --install BUILD
# --prefix P` puts the binary in P/bin, the web app in P/share/tandem/web and
# the documentation in P/share/doc/tandem; the installed `tandem serve`,
# started without --web-root, serves the installed web app, and with
# --web-root "" the API only.
# Usage: tests/install_test.sh BUILD_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
prefix="$work/prefix"
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  echo "FAIL cmake --install"
  exit 1
}
check "binary in bin/" test -x "$prefix/bin/tandem"
check "web app in share/tandem/web/" test -f "$prefix/share/tandem/web/index.html"
check "web app assets" compgen -G "$prefix/share/tandem/web/assets/*.js" >/dev/null
check "README in share/doc/tandem/" test -f "$prefix/share/doc/tandem/README.md"
check "deploy guide in share/doc/tandem/" test -f "$prefix/share/doc/tandem/deploy.md"
check "openapi.yaml in share/doc/tandem/" test -f "$prefix/share/doc/tandem/openapi.yaml"

# serve WEB_ROOT_ARGS...: starts the installed server from another folder,
# sets $url from its first line.
serve() {
  : >"$work/serve.out"
  (cd "$work" && exec "$prefix/bin/tandem" --db "sqlite:$work/tandem.db" serve \
    --listen 127.0.0.1:0 --job-threads 0 "$@" >"$work/serve.out" 2>"$work/serve.err") &
  server_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's|.*serving on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$work/serve.out" | head -1)
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { cat "$work/serve.out" "$work/serve.err"; return 1; }
}
stop() {
  kill "$server_pid" && wait "$server_pid"
  server_pid=""
}

check "the installed server starts" serve
check "it says which web app it serves" grep -qF "web app from $prefix/share/tandem/web" "$work/serve.out"
curl -sS "$url/" >"$work/index.html"
check "/ is the web app" grep -qF '<div id="app">' "$work/index.html"
curl -sS "$url/programs/1/pairs" >"$work/deep.html"
check "a page's address is the web app too" grep -qF '<div id="app">' "$work/deep.html"
asset=$(grep -o '/assets/[^"]*\.js' "$work/index.html" | head -1)
check "the page names a script" test -n "$asset"
check "its script is served" test "$(curl -s -o /dev/null -w '%{http_code}' "$url$asset")" = 200
check "the API answers beside it" test "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/openapi.yaml")" = 200
stop

check "--web-root \"\" starts" serve --web-root ""
check "it says API only" grep -qF "API only" "$work/serve.out"
check "/ is not the web app then" test "$(curl -s -o /dev/null -w '%{http_code}' "$url/")" = 404
stop

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "install test passed"
