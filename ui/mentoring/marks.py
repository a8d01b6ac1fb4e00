"""How the section marks what needs doing: text, an icon and a colour that
read on light and dark palettes (never the colour alone)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QIcon

from ui.colours import palette_is_dark
from ui.resources import icon


class Mark(Enum):
    """(colour on a light background, on a dark one, icon name)."""

    GOOD = ("#2e7d32", "#81c784", "check")
    DUE = ("#9a6700", "#ffcc80", "needs-mentor")
    BROKEN = ("#c62828", "#ef9a9a", "warning")

    @property
    def colour(self) -> QColor:
        return QColor(self.value[1] if palette_is_dark() else self.value[0])

    @property
    def icon(self) -> QIcon:
        return icon(self.value[2])


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def days_ago(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
