"""A resident's goals, open ones first, with their status in words and colour."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from soberhouse import clock
from soberhouse.mentoring.goals import GoalView
from soberhouse.models import GoalStatus
from ui.colours import Level, level_colour
from ui.form_fields import short_date

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

HEADERS = ("Goal", "Measured by", "Target date", "Status", "Set by", "Last reviewed")
STATUS_COLUMN = 3
GOAL_ROLE = Qt.ItemDataRole.UserRole

_LEVELS = {GoalStatus.MET: Level.GOOD, GoalStatus.MISSED: Level.BAD}


def goal_status_text(goal: GoalView, today: dt.date) -> str:
    if goal.is_open and goal.target_date < today:
        return "Open, past target date"
    return goal.status.label


def goal_level(goal: GoalView, today: dt.date) -> Level | None:
    if goal.is_open:
        return Level.DUE if goal.target_date < today else None
    return _LEVELS.get(goal.status)


class ResidentGoalsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.goals: list[GoalView] = []
        self._today = clock.today()

    def set_goals(self, goals: list[GoalView]) -> None:
        self.beginResetModel()
        self.goals = list(goals)
        self._today = clock.today()
        self.endResetModel()

    def goal_id(self, row: int) -> int:
        return self.goals[row].id

    def row_of(self, goal_id: int) -> int:
        return next((row for row, goal in enumerate(self.goals) if goal.id == goal_id), -1)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.goals)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        goal = self.goals[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (goal.what, goal.measure, short_date(goal.target_date),
                    goal_status_text(goal, self._today), goal.set_by,
                    short_date(goal.last_reviewed) if goal.last_reviewed else "Not yet")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1):
            return goal.what if column == 0 else goal.measure
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            level = goal_level(goal, self._today)
            return level_colour(level) if level is not None else None
        if role == GOAL_ROLE:
            return goal.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None
