#!/usr/bin/env bash
# Sets up everything Soberhouse needs on Debian/Ubuntu: the system libraries
# Qt loads (even without a screen), a virtual environment in .venv, and the
# program with its test tools.  Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBRARIES="libegl1 libgl1 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 fonts-dejavu-core"
EXTRA_PACKAGES="${SOBERHOUSE_EXTRA_PACKAGES:-}"

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for package in $QT_LIBRARIES $EXTRA_PACKAGES python3 python3-venv; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    echo "Installing system packages:$missing"
    sudo_prefix=""
    [ "$(id -u)" -ne 0 ] && sudo_prefix="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_prefix apt-get update -q
    $sudo_prefix apt-get install -y -q --no-install-recommends $missing
  fi
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Install (again) only when pyproject.toml has changed since the last install:
# starting the program then takes a second, not a pip run.
stamp=.venv/soberhouse-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$wanted" > "$stamp"
fi
# Byte-compile the program now, as an installed copy is: otherwise a machine
# that sets PYTHONDONTWRITEBYTECODE compiles it from source on every start.
.venv/bin/python -m compileall -q soberhouse ui resources
