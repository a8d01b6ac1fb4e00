#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database the tests may empty and fill,
# starting the local server of Debian's postgresql package if it is stopped
# and creating the test role and database the first time.  Prints nothing
# (and the PostgreSQL tests are skipped, except in CI) when there is no
# server here.  SOBERHOUSE_TEST_POSTGRESQL, if set, is used as it is.
set -euo pipefail

if [ -n "${SOBERHOUSE_TEST_POSTGRESQL:-}" ]; then
  echo "$SOBERHOUSE_TEST_POSTGRESQL"
  exit 0
fi
command -v pg_lsclusters >/dev/null 2>&1 || exit 0

ROLE=soberhouse_test
PASSWORD=soberhouse_test
DATABASE=soberhouse_test

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

psql_as_postgres() {
  as_postgres psql -p "$port" -X -q -t -A "$@"
}
if [ -z "$(psql_as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
  psql_as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
owner=$(psql_as_postgres -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$DATABASE'")
if [ -z "$owner" ]; then
  psql_as_postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
elif [ "$owner" != "$ROLE" ]; then
  psql_as_postgres -c "ALTER DATABASE $DATABASE OWNER TO $ROLE" >&2
fi
# TLS, as an office's server should have it: a certificate made here (the
# tests connect with sslmode=require and check the connection is encrypted).
if [ "$(psql_as_postgres -c "SHOW ssl")" != "on" ] && command -v openssl >/dev/null 2>&1; then
  data=$(psql_as_postgres -c "SHOW data_directory")
  if [ ! -f "$data/soberhouse-test-server.crt" ]; then
    as_postgres openssl req -new -x509 -days 3650 -nodes -subj "/CN=localhost" \
      -keyout "$data/soberhouse-test-server.key" -out "$data/soberhouse-test-server.crt" \
      >/dev/null 2>&1
    as_postgres chmod 600 "$data/soberhouse-test-server.key"
  fi
  psql_as_postgres -c "ALTER SYSTEM SET ssl_cert_file = '$data/soberhouse-test-server.crt'" >&2
  psql_as_postgres -c "ALTER SYSTEM SET ssl_key_file = '$data/soberhouse-test-server.key'" >&2
  psql_as_postgres -c "ALTER SYSTEM SET ssl = on" >&2
  psql_as_postgres -c "SELECT pg_reload_conf()" >/dev/null
fi
echo "postgresql://$ROLE:$PASSWORD@localhost:$port/$DATABASE"
