#!/usr/bin/env bash
# Checks the bundle scripts/bundle.sh built, dist/soberhouse/, the way a house
# manager uses it, outside the checkout and without .venv: the owner's account
# is made by the command line, in a new data file encrypted from its first
# byte (its recovery key printed once, its sheet written), which the standard
# sqlite3 module can't read and the bundle reads back with the password
# file; the window signs in (a password file) and
# starts and paints, offscreen and (with Xvfb) on an X server; the command line
# builds the demo house into a new data file and writes the monthly reports
# as a PDF with pages and embedded fonts; the bundle's self-test imports every
# module, draws every icon, opens the report with QtPdf and prints it;
# install.sh installs a menu entry and a working command, and removes them
# again; and the folder stays under SOBERHOUSE_BUNDLE_MAX_MB (default 200).
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
bundle=$checkout/dist/soberhouse
program=$bundle/soberhouse
max_mb=${SOBERHOUSE_BUNDLE_MAX_MB:-200}
if [ ! -x "$program" ]; then
  echo "bundle smoke test: no bundle at $bundle (build it with scripts/bundle.sh)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"  # nothing of the checkout on the bundle's path
# The program's own environment only: no Python or Qt settings from the tests.
unset PYTHONPATH PYTHONHOME QT_PLUGIN_PATH QT_QPA_PLATFORM_PLUGIN_PATH
export QT_QPA_PLATFORM=offscreen
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" HOME="$work/home"
mkdir -p "$HOME"
checks=0

fail() {
  echo "bundle smoke test FAILED: $*" >&2
  exit 1
}
passed() {
  checks=$((checks + 1))
  echo "bundle smoke test: $*"
}
run() {  # the bundled program, with a time limit
  timeout 120 "$program" "$@"
}

version=$(run --version) || fail "soberhouse --version"
passed "$version"

demo="$work/demo house.sqlite3"
# Everyone signs in, the window and the commands: the owner's account first,
# made by the bundled command line, then a password file (readable by its
# owner only) for every start after it.
password_file="$HOME/soberhouse-password"
printf 'smoke test passphrase\n' > "$password_file"
chmod 600 "$password_file"
if run --database "$demo" users add --owner manager --display-name "Smoke Test Manager" \
     --password-file "$password_file" --recovery-sheet "$work/recovery sheet.pdf" \
     > "$work/owner.out" 2>&1; then
  passed "$(head -n 1 "$work/owner.out")"
  grep -q "^Recovery key (shown this once): [0-9A-Z]\{5\}\(-[0-9A-Z]\{5\}\)\{5\}$" \
    "$work/owner.out" || fail "users add --owner printed no recovery key: $(cat "$work/owner.out")"
  [ "$(head -c 5 "$work/recovery sheet.pdf")" = "%PDF-" ] || fail "no recovery sheet written"
  passed "the recovery key printed once, and its sheet written as a PDF"
elif [ -x "$checkout/.venv/bin/python" ] && grep -q "invalid choice: 'users'" "$work/owner.out"
then
  # A bundle without the 'users' command: the checkout's own Python makes the owner.
  (cd "$checkout" && .venv/bin/python -c 'import sys
from soberhouse import accounts, database
database.connect(sys.argv[1])
accounts.create_owner("Smoke Test Manager", "manager", sys.argv[2])
database.close()' "$demo" "smoke test passphrase") > "$work/owner.out" 2>&1 \
    || fail "making the owner's account: $(cat "$work/owner.out")"
  passed "the owner's account made by the checkout (the bundle has no 'users add --owner')"
else
  fail "soberhouse users add --owner: $(cat "$work/owner.out")"
fi
export SOBERHOUSE_USER=manager SOBERHOUSE_PASSWORD_FILE="$password_file"

run --database "$demo" demo > "$work/demo.out" || fail "soberhouse demo: $(cat "$work/demo.out")"
passed "$(cat "$work/demo.out")"

# Encrypted at rest: no SQLite header, the key file beside it, the standard
# sqlite3 module refuses it, and the bundle reads it back with the password.
if [ -f "$demo.keys" ] && ! grep -q "invalid choice: 'users'" "$work/owner.out"; then
  [ "$(head -c 15 "$demo")" != "SQLite format 3" ] || fail "$demo is a plain SQLite file"
  for python in python3 "$checkout/.venv/bin/python"; do
    command -v "$python" >/dev/null 2>&1 || continue
    if "$python" -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sqlite_master").fetchone()' \
         "$demo" 2> "$work/stdlib.err"; then
      fail "the standard sqlite3 module read the encrypted $demo"
    fi
    grep -q "not a database" "$work/stdlib.err" \
      || fail "the standard sqlite3 module: $(cat "$work/stdlib.err")"
    passed "the standard sqlite3 module can't read the data file (file is not a database)"
    break
  done
  run --database "$demo" users list > "$work/users.out" 2>&1 \
    || fail "soberhouse users list on the encrypted file: $(cat "$work/users.out")"
  grep -q "Smoke Test Manager" "$work/users.out" || fail "users list: $(cat "$work/users.out")"
  run --database "$demo" info > "$work/info.out" 2>&1 || fail "info: $(cat "$work/info.out")"
  grep -q "^Encrypted: yes" "$work/info.out" || fail "info: $(cat "$work/info.out")"
  printf 'not the passphrase\n' > "$work/wrong"
  chmod 600 "$work/wrong"
  if SOBERHOUSE_PASSWORD_FILE="$work/wrong" run --database "$demo" info > "$work/wrong.out" 2>&1
  then
    fail "a wrong password opened the encrypted file"
  else
    status=$?
    [ "$status" -eq 2 ] || fail "a wrong password ended with $status, not 2: $(cat "$work/wrong.out")"
  fi
  passed "the bundle reads the encrypted file back with the password file, refuses a wrong one"
elif [ "${CI:-}" = true ]; then
  fail "the owner's data file is not encrypted (no $demo.keys)"
fi

painted=$(SOBERHOUSE_EXIT_AFTER_PAINT=1 run --database "$demo" 2> "$work/window.err") \
  || fail "the window did not start: $(cat "$work/window.err")"
[ "$painted" = "first-paint" ] || fail "the window printed '$painted', not first-paint"
passed "the window opened on the demo house and painted (offscreen)"

# The same on an X server, through the xcb plugin and the X libraries the
# bundle carries, as on a Linux desktop.
if command -v Xvfb >/dev/null 2>&1; then
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$work/display" 2> /dev/null &
  xvfb=$!
  trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
  [ -s "$work/display" ] || fail "Xvfb did not start"
  painted=$(DISPLAY=":$(cat "$work/display")" QT_QPA_PLATFORM=xcb SOBERHOUSE_EXIT_AFTER_PAINT=1 \
            run --database "$demo" 2> "$work/window.err") \
    || fail "the window did not start on an X server: $(cat "$work/window.err")"
  [ "$painted" = "first-paint" ] || fail "on an X server the window printed '$painted'"
  kill "$xvfb"
  wait "$xvfb" 2>/dev/null || true
  passed "the window opened and painted on an X server (Xvfb, the xcb plugin)"
elif [ "${CI:-}" = true ]; then
  fail "Xvfb (xvfb) is missing"
fi

house=$(run --database "$demo" info | sed -n 's/^House: *\(.*\): [0-9]* of [0-9]* beds.*/\1/p' \
        | head -n 1)
[ -n "$house" ] || fail "soberhouse info lists no house"
report="$work/monthly report.pdf"
run --database "$demo" report --house "$house" --all --out "$report" \
  || fail "soberhouse report --house '$house' --all"
[ "$(head -c 5 "$report")" = "%PDF-" ] || fail "$report does not start with %PDF-"
if command -v pdfinfo >/dev/null 2>&1; then
  pages=$(pdfinfo "$report" | sed -n 's/^Pages: *//p')
  [ "${pages:-0}" -ge 1 ] || fail "$report has no pages"
  pdffonts "$report" | grep -q "DejaVuSans.* yes " || fail "$report does not embed DejaVu Sans"
  passed "monthly reports of $house: $pages pages, DejaVu Sans embedded"
elif [ "${CI:-}" = true ]; then
  fail "pdfinfo (poppler-utils) is missing"
else
  passed "monthly reports of $house written (install poppler-utils to count the pages)"
fi

# Every module of the checkout, for the self-test to import (tracked files
# only: a file someone has not committed yet is not the bundle's to carry).
modules="$work/modules.txt"
if git -C "$checkout" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$checkout" ls-files 'soberhouse/*.py' 'ui/*.py' 'resources/*.py'
else
  (cd "$checkout" && find soberhouse ui resources -name '*.py')
fi | grep -v '/__main__\.py$' | sed 's#/__init__\.py$##; s#\.py$##; s#/#.#g' | sort > "$modules"
SOBERHOUSE_BUNDLE_SELF_TEST=1 run "$modules" "$report" > "$work/self-test.out" 2>&1 \
  || fail "$(cat "$work/self-test.out")"
passed "$(sed -n 's/^bundle self-test: //p' "$work/self-test.out" | tail -n 1)"

"$bundle/install.sh" > /dev/null || fail "install.sh"
installed="$HOME/.local/bin/soberhouse"
desktop="$XDG_DATA_HOME/applications/soberhouse.desktop"
[ "$("$installed" --version)" = "$version" ] || fail "the installed $installed does not run"
[ -f "$XDG_DATA_HOME/icons/hicolor/scalable/apps/soberhouse.svg" ] || fail "no icon installed"
grep -q "^Exec=\"$HOME/.local/lib/soberhouse/soberhouse\"$" "$desktop" \
  || fail "the menu entry does not start the installed program: $(grep ^Exec "$desktop")"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
fi
"$bundle/install.sh" --uninstall > /dev/null || fail "install.sh --uninstall"
[ ! -e "$installed" ] && [ ! -e "$desktop" ] && [ ! -e "$HOME/.local/lib/soberhouse" ] \
  || fail "install.sh --uninstall left files behind"
passed "install.sh installed the menu entry, icon and command for a user, and removed them"

size_mb=$(du -sm "$bundle" | cut -f1)
[ "$size_mb" -le "$max_mb" ] || fail "the bundle is $size_mb MB, over $max_mb MB"
passed "size $size_mb MB in $(find "$bundle" -type f | wc -l) files (at most $max_mb MB)"
echo "bundle smoke test: all $checks checks of dist/soberhouse passed"
