"""A resident's goals, open ones first, with their status in words and colour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QColor

from soberhouse import clock
from soberhouse.mentoring.goals import GoalView
from soberhouse.models.mentoring import GoalStatus
from ui.colours import Level, level_colour
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel

STATUS_COLUMN = 3

_LEVELS = {GoalStatus.MET: Level.GOOD, GoalStatus.MISSED: Level.BAD}


def goal_status_text(goal: GoalView, today: dt.date) -> str:
    if goal.is_open and goal.target_date < today:
        return "Open, past target date"
    return goal.status.label


def goal_level(goal: GoalView, today: dt.date) -> Level | None:
    if goal.is_open:
        return Level.DUE if goal.target_date < today else None
    return _LEVELS.get(goal.status)


def _status_colour(goal: GoalView) -> QColor | None:
    level = goal_level(goal, clock.today())
    return level_colour(level) if level is not None else None


class ResidentGoalsModel(RowTableModel[GoalView]):
    columns = (
        Column("Goal", lambda goal: goal.what, shares_room=True),
        Column("Measured by", lambda goal: goal.measure, shares_room=True),
        Column("Target date", lambda goal: short_date(goal.target_date),
               sort=lambda goal: goal.target_date),
        Column("Status", lambda goal: goal_status_text(goal, clock.today()),
               foreground=_status_colour),
        Column("Set by", lambda goal: goal.set_by),
        Column("Last reviewed",
               lambda goal: short_date(goal.last_reviewed) if goal.last_reviewed else "Not yet",
               sort=lambda goal: goal.last_reviewed or dt.date.min),
    )

    def row_id(self, row: GoalView) -> int:
        return row.id

    def set_goals(self, goals: Sequence[GoalView]) -> None:
        self.set_rows(goals)

    def goal_id(self, row: int) -> int:
        return self.rows[row].id
