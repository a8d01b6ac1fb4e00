#!/usr/bin/env bash
# Set up (first time) and run every test, the window ones offscreen.
# Any arguments go to pytest, e.g.  scripts/test.sh -k import
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -m pytest "$@"
