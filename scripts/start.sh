#!/usr/bin/env bash
# Set up (first time) and start Soberhouse on its embedded SQLite file.
# Any arguments go to the program, e.g.  scripts/start.sh --database ~/test.sqlite3
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/soberhouse "$@"
