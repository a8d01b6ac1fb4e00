"""A goal's reviews and status changes, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from soberhouse.mentoring.goals import GoalStatusChangeView
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel


def change_text(change: GoalStatusChangeView) -> str:
    if change.from_status == change.to_status:
        text = f"Reviewed: still {change.to_status.label.lower()}"
    else:
        text = f"{change.from_status.label} → {change.to_status.label}"
    return f"{text} (at a check-in)" if change.check_in_id is not None else text


class GoalHistoryModel(RowTableModel[GoalStatusChangeView]):
    columns = (
        Column("Date", lambda change: short_date(change.effective_date),
               sort=lambda change: change.effective_date),
        Column("Change", change_text, shares_room=True),
        Column("Reason", lambda change: change.reason, shares_room=True),
        Column("Recorded by", lambda change: change.recorded_by),
    )

    def row_id(self, row: GoalStatusChangeView) -> int:
        """The goal's id: a change has none of its own."""
        return row.goal_id

    def set_changes(self, changes: Sequence[GoalStatusChangeView]) -> None:
        self.set_rows(changes)
