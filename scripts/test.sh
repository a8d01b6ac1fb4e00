#!/usr/bin/env bash
# Set up (first time) and run every test, the window ones offscreen, and the
# PostgreSQL ones on the local PostgreSQL server (started if it is stopped).
# Any arguments go to pytest, e.g.  scripts/test.sh -k import
set -euo pipefail
cd "$(dirname "$0")/.."
export SOBERHOUSE_EXTRA_PACKAGES="${SOBERHOUSE_EXTRA_PACKAGES:-} postgresql"
bash scripts/setup.sh
# The PostgreSQL driver goes beside the program, not into its environment:
# peewee imports psycopg2 on every start whenever it can (~20 ms of the
# window's start-up), for a driver the SQLite default never uses.  Same
# version range as the "postgresql" extra in pyproject.toml.
driver=.venv/postgresql-driver
if [ ! -d "$driver/psycopg2" ]; then
  .venv/bin/python -m pip install -q --target "$driver" "psycopg2-binary>=2.9,<3"
fi
export PYTHONPATH="$PWD/$driver${PYTHONPATH:+:$PYTHONPATH}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if url=$(bash scripts/postgresql.sh); then
  export SOBERHOUSE_TEST_POSTGRESQL="$url"
else
  echo "The local PostgreSQL server could not be started: its tests will be skipped." >&2
fi
exec .venv/bin/python -m pytest "$@"
