"""Icons and the stylesheet, looked up through one ``icons:`` search path."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QDir
from PySide6.QtGui import QIcon

import resources

_registered = False


def register_search_paths() -> None:
    global _registered
    if not _registered:
        QDir.addSearchPath("icons", str(resources.path("icons")))
        _registered = True


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (an empty icon if there is none)."""
    register_search_paths()
    file = resources.path("icons", f"{name}.svg")
    return QIcon(str(file)) if file.exists() else QIcon()


def stylesheet() -> str:
    file = resources.path("style.qss")
    return file.read_text(encoding="utf-8") if file.exists() else ""
