#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster on a free loopback port:
#   scripts/with-postgres.sh COMMAND [ARGS...]
# The cluster is created with initdb in a temporary folder owned by the
# postgres user (PostgreSQL refuses to run as root), TANDEM_TEST_POSTGRES is
# set to its URL for the command, and the cluster is stopped and removed when
# the command ends, whatever the outcome. Exits with the command's status.
set -euo pipefail

pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x $pgbin/initdb ]] || { echo "with-postgres: no PostgreSQL server found (run scripts/install-deps.sh)" >&2; exit 1; }

as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

dir=$(mktemp -d /tmp/tandem-pg.XXXXXX)
chmod 755 "$dir"
[[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$dir"
data=$dir/data

cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${as_pg[@]}" "$pgbin/initdb" -D "$data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# $dir/pgctl.sh start|stop|stop-immediate: lets fault tests take this cluster
# away (cleanly, or as a crash) and bring it back.
cat >"$dir/pgctl.sh" <<PGCTL
#!/usr/bin/env bash
set -e
case \$1 in
  start) ${as_pg[*]} "$pgbin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \\
           -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \\
           start >/dev/null ;;
  stop) ${as_pg[*]} "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null ;;
  # A crash: every server process quits at once, the next start recovers from the WAL.
  stop-immediate) ${as_pg[*]} "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null ;;
  *) echo "usage: pgctl.sh start|stop|stop-immediate" >&2; exit 2 ;;
esac
PGCTL
chmod 755 "$dir/pgctl.sh"
bash "$dir/pgctl.sh" start || { cat "$dir/server.log" >&2; exit 1; }
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres tandem_test

export TANDEM_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/tandem_test"
export TANDEM_TEST_PGBIN=$pgbin
export TANDEM_TEST_PGCTL=$dir/pgctl.sh
export TANDEM_TEST_PGDATA=$data
echo "with-postgres: PostgreSQL on 127.0.0.1:$port (removed afterwards)"
set +e
"$@"
status=$?
set -e
exit $status
