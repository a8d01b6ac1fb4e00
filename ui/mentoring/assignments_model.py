"""Active assignments: who with whom, since when, check-ins, the time since
the last one, and what needs doing (overdue, a new mentor, mentee moved out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from soberhouse.mentoring.assignments import AssignmentView
from ui.form_fields import short_date
from ui.mentoring.marks import Mark, days_ago, plural
from ui.mentoring.row_model import Column, RowTableModel, last_then


@dataclass(frozen=True)
class AssignmentRow:
    view: AssignmentView
    problem: str = ""  # why it can't go on as it is (from the core), "" when fine

    @property
    def mark(self) -> Mark:
        if self.problem:
            return Mark.BROKEN
        return Mark.BROKEN if self.view.overdue else Mark.GOOD

    @property
    def status(self) -> str:
        if self.problem:
            return "Needs attention"
        if self.view.overdue:
            return "Overdue"
        return "On track"

    @property
    def status_detail(self) -> str:
        if self.problem:
            return self.problem
        since = self.view.days_since_contact
        if self.view.last_check_in is None:
            what = f"No check-in since it began {days_ago(since)}"
        else:
            what = f"Last check-in {days_ago(since)}"
        return what


def assignment_rows(views: Sequence[AssignmentView],
                    problems: Mapping[int, str]) -> list[AssignmentRow]:
    return [AssignmentRow(view, problems.get(view.id, "")) for view in views]


def _last(view: AssignmentView) -> str:
    return short_date(view.last_check_in) if view.last_check_in else "None yet"


class AssignmentsModel(RowTableModel[AssignmentRow]):
    columns = (
        Column[AssignmentRow]("Mentee", lambda r: r.view.mentee_name, shares_room=True),
        Column[AssignmentRow]("Mentor", lambda r: r.view.mentor_name,
                              tooltip=lambda r: f"{r.view.mentor_name} "
                                                f"({r.view.mentor_kind.label.lower()})",
                              shares_room=True),
        Column[AssignmentRow]("Status", lambda r: r.status, tooltip=lambda r: r.status_detail,
                              foreground=lambda r: r.mark.colour,
                              decoration=lambda r: r.mark.icon,
                              sort=lambda r: (r.mark is Mark.GOOD,
                                              -(r.view.days_since_contact or 0))),
        Column[AssignmentRow]("Days since", lambda r: r.view.days_since_contact, numeric=True,
                              sort=lambda r: last_then(r.view.days_since_contact, 0)),
        Column[AssignmentRow]("Last check-in", lambda r: _last(r.view),
                              sort=lambda r: last_then(r.view.last_check_in, dt.date.min)),
        Column[AssignmentRow]("Check-ins", lambda r: r.view.check_ins, numeric=True,
                              tooltip=lambda r: f"{plural(r.view.check_ins, 'check-in')}, "
                                                f"{r.view.minutes} minutes in all"),
        Column[AssignmentRow]("Since", lambda r: short_date(r.view.started_on),
                              sort=lambda r: r.view.started_on),
        Column[AssignmentRow]("Role", lambda r: r.view.role.label),
    )

    def row_id(self, row: AssignmentRow) -> int:
        return row.view.id

    def search_text(self, row: AssignmentRow) -> str:
        return f"{row.view.mentee_name} {row.view.mentor_name} {row.status}"
