"""The mentee's goals, with a mark for each one reviewed at the check-in being
entered and the status it has after the review (kept here until the check-in
is saved; the core records the reviews with it)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt

from soberhouse.mentoring.goals import GoalView
from soberhouse.models.mentoring import GoalStatus
from ui.form_fields import short_date
from ui.mentoring.marks import Mark
from ui.mentoring.row_model import AnyIndex, Column, RowTableModel


class GoalColumn(IntEnum):
    REVIEWED = 0
    GOAL = 1
    MEASURE = 2
    TARGET = 3
    STATUS = 4
    AFTER = 5


def _status_colour(goal: GoalView) -> Any:
    return {GoalStatus.MET: Mark.GOOD.colour,
            GoalStatus.MISSED: Mark.BROKEN.colour}.get(goal.status)


class GoalsModel(RowTableModel[GoalView]):
    columns = (
        Column[GoalView]("Reviewed", lambda g: None, sort=lambda g: 0),
        Column[GoalView]("Goal", lambda g: g.what, shares_room=True),
        Column[GoalView]("Measure", lambda g: g.measure, shares_room=True),
        Column[GoalView]("Target", lambda g: short_date(g.target_date),
                         sort=lambda g: g.target_date),
        Column[GoalView]("Status", lambda g: g.status.label, foreground=_status_colour,
                         tooltip=lambda g: (f"{g.status.label}; last reviewed "
                                            f"{short_date(g.last_reviewed)}"
                                            if g.last_reviewed else f"{g.status.label}; "
                                                                    f"not reviewed yet")),
        Column[GoalView]("After review", lambda g: ""),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reviews: dict[int, GoalStatus] = {}

    def row_id(self, row: GoalView) -> int:
        return row.id

    # ------------------------------------------------------------ the review

    def reviewed_goals(self) -> dict[int, GoalStatus]:
        """Goal id -> status after the review, for the goals marked reviewed."""
        return dict(self._reviews)

    def clear_reviews(self) -> None:
        if self._reviews:
            self._reviews.clear()
            if self.rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.rows) - 1, len(self.columns) - 1))

    def set_rows(self, rows: Any) -> None:
        self._reviews.clear()
        super().set_rows(rows)

    def set_review(self, goal_id: int, status: GoalStatus | None) -> None:
        number = self.row_of(goal_id)
        if number is None:
            return
        if status is None:
            self._reviews.pop(goal_id, None)
        else:
            self._reviews[goal_id] = status
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))

    # ------------------------------------------------------------ Qt overrides

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        if index.column() == GoalColumn.REVIEWED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == GoalColumn.AFTER:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        goal = self.row_at(index)
        if goal is None:
            return None
        reviewed = self._reviews.get(goal.id)
        if index.column() == GoalColumn.REVIEWED:
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if reviewed is not None
                        else Qt.CheckState.Unchecked)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Reviewed at this check-in (Space)"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "Reviewed" if reviewed is not None else "Not reviewed"
        if index.column() == GoalColumn.AFTER:
            if role == Qt.ItemDataRole.DisplayRole:
                return reviewed.label if reviewed is not None else ""
            if role == Qt.ItemDataRole.EditRole:
                return (reviewed or goal.status).value
            if role == Qt.ItemDataRole.ToolTipRole:
                return "The goal's status after this review (F2 to change)"
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        goal = self.row_at(index)
        if goal is None:
            return False
        if index.column() == GoalColumn.REVIEWED and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.set_review(goal.id, self._reviews.get(goal.id, goal.status) if checked
                            else None)
            return True
        if index.column() == GoalColumn.AFTER and role == Qt.ItemDataRole.EditRole:
            try:
                status = GoalStatus(value)
            except ValueError:
                return False
            self.set_review(goal.id, status)
            return True
        return False
