#!/usr/bin/env bash
# Builds Soberhouse as one folder that runs without Python or pip:
# dist/soberhouse/ (the program `soberhouse`, Python and the Qt parts it uses
# in _internal/, and install.sh with the menu entry).  Sets up first, as
# scripts/start.sh does, and installs PyInstaller (the "bundle" extra of
# pyproject.toml) into .venv when it is missing.  scripts/bundle_smoke.sh
# checks the result.  Windows: see the README, "Building the installer".
set -euo pipefail
cd "$(dirname "$0")/.."
# PyInstaller reads the libraries' links with objdump (binutils).
SOBERHOUSE_EXTRA_PACKAGES="${SOBERHOUSE_EXTRA_PACKAGES:-} binutils" bash scripts/setup.sh

if ! .venv/bin/python - 2>/dev/null <<'EOF'
import importlib.metadata, sys, tomllib
from packaging.requirements import Requirement

with open("pyproject.toml", "rb") as file:
    wanted = tomllib.load(file)["project"]["optional-dependencies"]["bundle"]
for requirement in map(Requirement, wanted):
    if not requirement.specifier.contains(importlib.metadata.version(requirement.name)):
        sys.exit(1)
EOF
then
  echo "Installing PyInstaller into .venv"
  .venv/bin/python -m pip install -q -e ".[bundle]"
fi

started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/soberhouse.spec
cp packaging/linux/soberhouse.desktop packaging/linux/install.sh dist/soberhouse/
chmod +x dist/soberhouse/install.sh
seconds=$(( $(date +%s) - started ))

size_mb=$(du -sm dist/soberhouse | cut -f1)
files=$(find dist/soberhouse -type f | wc -l)
echo "Built dist/soberhouse in ${seconds} s: ${size_mb} MB in ${files} files" \
     "(PyInstaller $(.venv/bin/python -m PyInstaller --version))"
