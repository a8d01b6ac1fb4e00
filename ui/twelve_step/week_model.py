"""The weekly view: one row per resident who lived in the house that week,
their quota and the outside meetings logged against it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QIcon

from soberhouse.text_matching import folded
from soberhouse.twelve_step.quota import WeekCompliance
from ui.colours import Level, level_colour
from ui.mentoring.row_model import Column, RowTableModel
from ui.resources import icon
from ui.twelve_step.week_status import WeekStatus, required_text, week_status

LEVEL_ICONS = {Level.GOOD: "check", Level.DUE: "needs-mentor", Level.BAD: "warning"}


@dataclass(frozen=True)
class WeekRow:
    resident_id: int
    name: str
    house_name: str
    week: WeekCompliance

    @property
    def status(self) -> WeekStatus:
        return week_status(self.week)


def _status_colour(row: WeekRow) -> QColor | None:
    level = row.status.level
    return level_colour(level) if level is not None else None


def _status_icon(row: WeekRow) -> QIcon | None:
    level = row.status.level
    return icon(LEVEL_ICONS[level]) if level is not None else None


def _status_order(row: WeekRow) -> tuple[int, str]:
    """Behind first, then in progress, then met."""
    level = row.status.level
    rank = {Level.BAD: 0, Level.DUE: 1, None: 2, Level.GOOD: 3}[level]
    return (rank, folded(row.name))


class WeekColumn:
    NAME = 0
    HOUSE = 1
    TIER = 2
    QUOTA = 3
    REQUIRED = 4
    MEETINGS = 5
    VERIFIED = 6
    STATUS = 7


class WeekModel(RowTableModel[WeekRow]):
    columns = (
        Column("Resident", lambda r: r.name, shares_room=True),
        Column("House", lambda r: r.house_name, shares_room=True),
        Column("Tier", lambda r: r.week.tier_name),
        Column("Quota", lambda r: r.week.quota, numeric=True,
               tooltip=lambda r: f"{r.week.tier_name}: {r.week.quota} outside meetings a week"),
        Column("Required", lambda r: required_text(r.week), sort=lambda r: r.week.required,
               numeric=True,
               tooltip=lambda r: (f"Lived there {r.week.days_lived} of 7 days: the quota of "
                                  f"{r.week.quota} is pro-rated to {r.week.required}")
               if r.week.partial else f"{r.week.required} required this week"),
        Column("Meetings", lambda r: r.week.attended, numeric=True),
        Column("Verified", lambda r: r.week.verified, numeric=True,
               tooltip=lambda r: f"{r.week.verified} of {r.week.attended} on a signed card"),
        Column("Status", lambda r: r.status.text, sort=_status_order,
               tooltip=lambda r: r.status.explanation, foreground=_status_colour,
               decoration=_status_icon,
               accessible=lambda r: f"{r.status.text}: {r.status.explanation}"),
    )

    def row_id(self, row: WeekRow) -> int:
        return row.resident_id
