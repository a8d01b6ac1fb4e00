"""Each resident's house-meeting attendance over a period: meetings held
while they lived there, their marks, and the rate (attended / (held -
excused)), with excused and unexcused absences beside it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from soberhouse.meetings.attendance import NOT_MARKED, AttendanceFigures
from ui.colours import Level, level_colour
from ui.meetings.marks import percentage
from ui.mentoring.row_model import Column, RowTableModel, last_then


@dataclass(frozen=True)
class AttendanceRow:
    resident_id: int
    name: str
    figures: AttendanceFigures


def _unexcused_colour(row: AttendanceRow) -> QColor | None:
    return level_colour(Level.BAD) if row.figures.unexcused else None


def _rate_text(row: AttendanceRow) -> str:
    """The rate, or "Not marked" for someone the roll calls never marked (not 0%)."""
    return NOT_MARKED if row.figures.none_marked else percentage(row.figures.rate)


def _rate_tooltip(row: AttendanceRow) -> str:
    figures = row.figures
    if figures.none_marked:
        return (f"Not marked at any of the {figures.held} meetings held while they lived "
                f"there: no rate until they are")
    if figures.rate is None:
        return "No meeting to count: every meeting held was an excused absence."
    return (f"{figures.attended} attended (present or late) of "
            f"{figures.held - figures.excused} meetings (held {figures.held}, minus "
            f"{figures.excused} excused)")


class AttendanceColumn:
    NAME = 0
    HELD = 1
    PRESENT = 2
    LATE = 3
    EXCUSED = 4
    UNEXCUSED = 5
    UNRECORDED = 6
    RATE = 7


class AttendanceModel(RowTableModel[AttendanceRow]):
    columns = (
        Column("Resident", lambda r: r.name, shares_room=True),
        Column("Held", lambda r: r.figures.held, numeric=True,
               tooltip=lambda r: "House meetings held (roll call taken) while they lived "
                                 "there"),
        Column("Present", lambda r: r.figures.present, numeric=True),
        Column("Late", lambda r: r.figures.late, numeric=True),
        Column("Excused", lambda r: r.figures.excused, numeric=True),
        Column("Unexcused", lambda r: r.figures.unexcused, numeric=True,
               foreground=_unexcused_colour),
        Column("Not marked", lambda r: r.figures.unrecorded, numeric=True,
               tooltip=lambda r: "Meetings whose roll call left them without a mark"),
        Column("Rate", _rate_text,
               sort=lambda r: last_then(None if r.figures.none_marked else r.figures.rate,
                                        0.0), numeric=True,
               tooltip=_rate_tooltip),
    )

    def row_id(self, row: AttendanceRow) -> int:
        return row.resident_id
