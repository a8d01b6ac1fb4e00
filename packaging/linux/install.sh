#!/bin/sh
# Installs this Soberhouse folder (as scripts/bundle.sh built it) with a menu
# entry and icon.  Needs nothing else: Python and Qt are inside the folder.
#
#   ./install.sh              for you: ~/.local/lib/soberhouse, the command
#                             ~/.local/bin/soberhouse, the menu entry and icon
#                             under ~/.local/share
#   sudo ./install.sh --system    for everyone: /opt/soberhouse,
#                             /usr/local/bin/soberhouse, /usr/local/share
#   ./install.sh --uninstall  (or --system --uninstall) removes what it installed
#                             (never the data: see the README's "Where the data lives")
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scope=user
action=install
for argument in "$@"; do
  case "$argument" in
    --system) scope=system ;;
    --uninstall) action=uninstall ;;
    *) echo "usage: $0 [--system] [--uninstall]" >&2; exit 2 ;;
  esac
done
if [ "$scope" = system ]; then
  folder=/opt/soberhouse bin=/usr/local/bin share=/usr/local/share
else
  folder="$HOME/.local/lib/soberhouse" bin="$HOME/.local/bin"
  share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
desktop="$share/applications/soberhouse.desktop"
icon="$share/icons/hicolor/scalable/apps/soberhouse.svg"

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$share/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
}

if [ "$action" = uninstall ]; then
  rm -f "$desktop" "$icon"
  [ -L "$bin/soberhouse" ] && rm -f "$bin/soberhouse"
  rm -rf "$folder"
  refresh_menus
  echo "Soberhouse removed from $folder (your data is kept)."
  exit 0
fi

[ -x "$here/soberhouse" ] && [ -d "$here/_internal" ] || {
  echo "$here is not a Soberhouse bundle (no soberhouse program beside this script)" >&2
  exit 1
}
if [ "$here" != "$folder" ]; then
  rm -rf "$folder.new"
  mkdir -p "$(dirname "$folder")"
  cp -a "$here" "$folder.new"
  rm -rf "$folder"
  mv "$folder.new" "$folder"
fi
mkdir -p "$bin" "$(dirname "$desktop")" "$(dirname "$icon")"
ln -sfn "$folder/soberhouse" "$bin/soberhouse"
cp "$folder/_internal/resources/icons/app.svg" "$icon"
sed -e "s|^Exec=.*|Exec=\"$folder/soberhouse\"|" -e "s|^TryExec=.*|TryExec=$folder/soberhouse|" \
  "$folder/soberhouse.desktop" > "$desktop"
refresh_menus
echo "Soberhouse installed in $folder: in the Office menu, or type $bin/soberhouse"
