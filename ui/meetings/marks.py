"""How roll-call marks and meeting states read: a word and a colour (never
the colour alone), the same in every table of the section."""

from __future__ import annotations

from PySide6.QtGui import QColor

from soberhouse.models.meetings import AttendanceStatus
from ui.colours import Level, level_colour

NOT_MARKED = "Not marked"
NO_RATE = "\u2014"  # an em dash: no meeting counted, so no rate

# The keys of the roll call, in the order they are taught.
STATUS_KEYS: dict[str, AttendanceStatus] = {
    "P": AttendanceStatus.PRESENT,
    "L": AttendanceStatus.LATE,
    "E": AttendanceStatus.EXCUSED,
    "U": AttendanceStatus.UNEXCUSED,
}
KEY_OF_STATUS = {status: key for key, status in STATUS_KEYS.items()}

_STATUS_LEVELS: dict[AttendanceStatus, Level] = {
    AttendanceStatus.PRESENT: Level.GOOD,
    AttendanceStatus.LATE: Level.DUE,
    AttendanceStatus.UNEXCUSED: Level.BAD,
}


def status_text(status: AttendanceStatus | None) -> str:
    return status.label if status is not None else NOT_MARKED


def status_colour(status: AttendanceStatus | None) -> QColor | None:
    """Green present, amber late, red unexcused; an excused absence in the
    text colour (it needs no attention)."""
    level = _STATUS_LEVELS.get(status) if status is not None else None
    return level_colour(level) if level is not None else None


def percentage(rate: float | None) -> str:
    return NO_RATE if rate is None else f"{rate * 100:.0f}%"


def counts_text(present: int, late: int, excused: int, unexcused: int) -> str:
    return f"{present} present, {late} late, {excused} excused, {unexcused} unexcused"
