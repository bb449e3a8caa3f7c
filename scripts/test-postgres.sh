#!/usr/bin/env bash
# A PostgreSQL server for the history store's tests: starts Debian's cluster if it is stopped,
# creates the role and database the tests use (once), and prints the address to export:
#
#   eval "$(bash scripts/test-postgres.sh)"   # sets TEST_DATABASE_URL
#
# .ci/run does exactly that before `npm test`. Needs root (or the postgres user) and Debian's
# postgresql package; without them it says so and prints nothing, and the store tests run on PGlite
# only, saying why they skip the server.
set -euo pipefail

ROLE=dxmap_test
PASSWORD=dxmap_test
DATABASE=dxmap_test
PORT=5432

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "test-postgres: no PostgreSQL server installed (apt-get install postgresql)" >&2
  exit 0
fi
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$3" "$4}')
if [ -z "$cluster" ]; then
  echo "test-postgres: PostgreSQL is installed but has no cluster (pg_createcluster 15 main)" >&2
  exit 0
fi
read -r version name PORT status <<<"$cluster"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$name" start >&2
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
psql_cmd="psql -p $PORT -X -q -v ON_ERROR_STOP=1"
as_postgres "$psql_cmd -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 ||
  as_postgres "$psql_cmd -c \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\"" >&2
as_postgres "$psql_cmd -tAc \"SELECT 1 FROM pg_database WHERE datname='$DATABASE'\"" | grep -q 1 ||
  as_postgres "$psql_cmd -c \"CREATE DATABASE $DATABASE OWNER $ROLE\"" >&2
echo "export TEST_DATABASE_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
