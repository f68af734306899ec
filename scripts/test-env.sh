#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (as root) and starts a private
# PostgreSQL cluster for the run. Idempotent: safe to run again on a prepared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-env: installing ${need_apt[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# `npm ci`: exactly the tree package-lock.json names, the same on every machine (the lock records
# every platform's optional packages, so a clean install leaves it unchanged).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# A throwaway cluster on its own port, owned by the postgres user (PostgreSQL refuses root).
PGPORT=${TANDEM_TEST_PGPORT:-55432}
PGDIR=${TANDEM_TEST_PGDIR:-/tmp/tandem-test-pg}
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null; then
  if [ ! -f "$PGDIR/PG_VERSION" ]; then
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"; chown postgres "$PGDIR"
    runuser -u postgres -- "$pg_bin/initdb" -D "$PGDIR" -A trust -U postgres >/dev/null
  fi
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
