"""Status and error colours that read on both a light and a dark palette.

Colour is never the only signal: every coloured text also says what it means.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from soberhouse.models import ResidentStatus

# (on a light background, on a dark background)
_STATUS_COLOURS: dict[str, tuple[str, str]] = {
    ResidentStatus.ACTIVE.value: ("#2e7d32", "#81c784"),      # green: living here
    ResidentStatus.GRADUATED.value: ("#1565c0", "#90caf9"),   # blue: left well
    ResidentStatus.DISCHARGED.value: ("#c62828", "#ef9a9a"),  # red: asked to leave
    ResidentStatus.LEFT.value: ("#9a6700", "#ffcc80"),        # amber: left on their own
}
_ERROR_COLOURS = ("#c62828", "#ff8a80")


class Level(StrEnum):
    """How a figure stands: green met, amber due soon or short, red overdue or broken."""

    GOOD = "good"
    DUE = "due"
    BAD = "bad"


_LEVEL_COLOURS: dict[Level, tuple[str, str]] = {
    Level.GOOD: ("#2e7d32", "#81c784"),
    Level.DUE: ("#9a6700", "#ffcc80"),
    Level.BAD: ("#c62828", "#ff8a80"),
}


def palette_is_dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def _pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if palette_is_dark() else pair[0])


def status_colour(status: str) -> QColor | None:
    pair = _STATUS_COLOURS.get(status)
    return _pick(pair) if pair is not None else None


def error_colour() -> QColor:
    return _pick(_ERROR_COLOURS)


def level_colour(level: Level) -> QColor:
    return _pick(_LEVEL_COLOURS[level])


def mixed(base: QColor, tint: QColor, amount: float) -> QColor:
    """``base`` moved ``amount`` (0..1) of the way towards ``tint``."""
    def towards(own: float, other: float) -> float:
        return own + (other - own) * amount

    return QColor.fromRgbF(towards(base.redF(), tint.redF()),
                           towards(base.greenF(), tint.greenF()),
                           towards(base.blueF(), tint.blueF()))
