"""An assignment's check-ins, newest first."""

from __future__ import annotations

from soberhouse.mentoring.check_ins import CheckInView
from ui.form_fields import short_date
from ui.mentoring.row_model import Column, RowTableModel


def goals_text(view: CheckInView) -> str:
    return "; ".join(
        f"{review.what}: {review.to_status.label.lower()}" if review.from_status
        != review.to_status else f"{review.what} (still {review.to_status.label.lower()})"
        for review in view.reviewed_goals)


class CheckInsModel(RowTableModel[CheckInView]):
    columns = (
        Column[CheckInView]("Date", lambda c: short_date(c.held_on), sort=lambda c: c.held_on),
        Column[CheckInView]("Minutes", lambda c: c.minutes, numeric=True),
        Column[CheckInView]("Mode", lambda c: c.mode.label),
        Column[CheckInView]("Support", lambda c: c.support_label),
        Column[CheckInView]("Note", lambda c: c.note, shares_room=True),
        Column[CheckInView]("Goals reviewed", goals_text, shares_room=True),
        Column[CheckInView]("Recorded by", lambda c: c.recorded_by,
                            tooltip=lambda c: f"{c.recorded_by}, "
                                              f"{short_date(c.recorded_at.date())} "
                                              f"{c.recorded_at:%H:%M}"),
    )

    def row_id(self, row: CheckInView) -> int:
        return row.id
