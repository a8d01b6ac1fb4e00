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


FALLBACK_FONTS = ("DroidSansFallbackFull.ttf", "NanumGothic.ttf")
"""Chinese and Japanese letters, then Korean ones, carried for computers that
have no font for them, so 李伟 or 김민준 never show as empty boxes (the
reports embed the same fonts)."""


def carry_fallback_fonts() -> list[str]:
    """Add the carried fallback fonts to the window's fonts (about 4 ms each);
    their family names (a missing file is left out)."""
    from PySide6.QtGui import QFontDatabase

    families = []
    for name in FALLBACK_FONTS:
        file = resources.path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(file)) if file.exists() else -1
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id)[:1])
    return families
