"""The mentor roster: kind, tier or role, house, caseload (drawn as a bar by
:class:`ui.mentoring.caseload_delegate.CaseloadDelegate`), free places, warnings."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from soberhouse.mentoring.roster import MentorRosterRow
from ui.mentoring.marks import Mark
from ui.mentoring.row_model import AnyIndex, Column, MentorDragMixin, RowTableModel

CASELOAD_ROLE = Qt.ItemDataRole.UserRole + 20
"""(active mentees, cap, mark) for the caseload bar."""


class RosterColumn(IntEnum):
    NAME = 0
    KIND = 1
    TIER = 2
    HOUSE = 3
    CASELOAD = 4
    FREE = 5
    MENTEES = 6
    WARNINGS = 7


def caseload_text(row: MentorRosterRow) -> str:
    return f"{row.active_mentees} of {row.cap}"


def caseload_mark(row: MentorRosterRow) -> Mark:
    if row.not_mentoring_because or row.over_cap:
        return Mark.BROKEN
    if not row.free_places:
        return Mark.DUE
    return Mark.GOOD


def warnings_of(row: MentorRosterRow) -> list[str]:
    found = []
    if row.not_mentoring_because:
        found.append(row.not_mentoring_because)
    if row.over_cap:
        found.append(f"{row.over_cap} over their cap of {row.cap}")
    return found + list(row.warnings)


def _warning_colour(row: MentorRosterRow) -> QColor | None:
    if row.not_mentoring_because or row.over_cap:
        return Mark.BROKEN.colour
    return Mark.DUE.colour if row.warnings else None


class RosterModel(MentorDragMixin, RowTableModel[MentorRosterRow]):
    columns = (
        Column[MentorRosterRow]("Mentor", lambda r: r.name, shares_room=True),
        Column[MentorRosterRow]("Kind", lambda r: r.kind.label),
        Column[MentorRosterRow]("Tier or role", lambda r: r.tier_or_role, shares_room=True),
        Column[MentorRosterRow]("House", lambda r: r.house_name, shares_room=True),
        Column[MentorRosterRow]("Caseload", caseload_text,
                                sort=lambda r: (r.active_mentees / r.cap if r.cap else 9,
                                                r.active_mentees),
                                tooltip=lambda r: (f"{caseload_text(r)} mentees "
                                                   f"({caseload_mark(r).name.lower()})"
                                                   if not r.not_mentoring_because
                                                   else r.not_mentoring_because)),
        Column[MentorRosterRow]("Free", lambda r: r.free_places, numeric=True),
        Column[MentorRosterRow]("Mentees", lambda r: ", ".join(r.mentee_names),
                                tooltip=lambda r: "\n".join(r.mentee_names) or None,
                                shares_room=True),
        Column[MentorRosterRow]("Warnings", lambda r: "; ".join(warnings_of(r)),
                                tooltip=lambda r: "\n".join(warnings_of(r)) or None,
                                foreground=_warning_colour,
                                decoration=lambda r: (Mark.BROKEN.icon if warnings_of(r)
                                                      else None), shares_room=True),
    )

    def row_id(self, row: MentorRosterRow) -> int:
        return row.mentor_id

    def mentor_id_of(self, number: int) -> int | None:
        return self.rows[number].mentor_id if 0 <= number < len(self.rows) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == CASELOAD_ROLE:
            row = self.row_at(index)
            return None if row is None else (row.active_mentees, row.cap, caseload_mark(row))
        return super().data(index, role)
