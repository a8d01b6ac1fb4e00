"""How the section marks what needs doing: text, an icon and a colour that
read on light and dark palettes (never the colour alone)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QIcon

from ui.colours import Level, level_colour
from ui.resources import icon


class Mark(Enum):
    """(how it stands, icon name): the colour is the program's one for that level."""

    GOOD = (Level.GOOD, "check")
    DUE = (Level.DUE, "needs-mentor")
    BROKEN = (Level.BAD, "warning")

    @property
    def colour(self) -> QColor:
        return level_colour(self.value[0])

    @property
    def icon(self) -> QIcon:
        return icon(self.value[1])


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
