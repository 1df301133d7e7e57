#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 if it is stopped and makes a fresh test database.
# Fails loudly: the HTTP suites run against PostgreSQL too and must never be skipped.
set -euo pipefail

DB_NAME="${VIGIL_TEST_PG_DB:-vigil_test}"
as_postgres() { runuser -u postgres -- "$@"; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL is not installed; installing Debian's postgresql package" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  echo "ensure-postgres: no PostgreSQL cluster found (pg_lsclusters is empty)" >&2
  exit 1
fi
if ! pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "ensure-postgres: PostgreSQL did not become ready" >&2; exit 1; }

as_postgres psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'vigil'" | grep -q 1 ||
  as_postgres psql -qc "CREATE ROLE vigil LOGIN SUPERUSER PASSWORD 'vigil'"
as_postgres psql -qc "DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)"
as_postgres psql -qc "CREATE DATABASE ${DB_NAME} OWNER vigil"
echo "ensure-postgres: postgres://vigil:***@127.0.0.1:5432/${DB_NAME} is ready"
