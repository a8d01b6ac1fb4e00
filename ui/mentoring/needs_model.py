"""The "Needs a mentor" list: residents without a primary mentor, and mentees
whose mentor can no longer mentor them, each with why.  A mentor dropped on a
row asks the section to pair them (the model itself writes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QObject, Qt, Signal

from soberhouse.mentoring.roster import MenteeRow, MentorGap
from ui.mentoring.marks import Mark, plural
from ui.mentoring.row_model import (
    MENTOR_MIME_TYPE,
    AnyIndex,
    Column,
    RowTableModel,
    mentor_id_from,
)


@dataclass(frozen=True)
class NeedRow:
    """One resident who needs a mentor.  ``gap`` is set when they have one
    who can no longer mentor them (pairing a new one is then a reassignment)."""

    resident_id: int
    name: str
    why: str
    days_in_house: int | None
    gap: MentorGap | None = None

    @property
    def mark(self) -> Mark:
        return Mark.BROKEN if self.gap is not None else Mark.DUE

    @property
    def label(self) -> str:
        return "New mentor needed" if self.gap is not None else "No mentor"


def need_rows(without_mentor: Sequence[MenteeRow], needing: Sequence[MentorGap]) -> list[NeedRow]:
    """Mentees whose mentor can't go on first (something broke), then the
    residents waiting longest."""
    rows = [NeedRow(gap.mentee_id, gap.mentee_name,
                    f"{gap.why} (mentor: {gap.mentor_name})"
                    if gap.mentor_name not in gap.why else gap.why, None, gap)
            for gap in needing]
    for mentee in without_mentor:
        why = f"No mentor yet, {plural(mentee.days_in_house, 'day')} in the house"
        if mentee.secondary_mentors:
            why = (f"No primary mentor ({plural(mentee.secondary_mentors, 'secondary mentor')}),"
                   f" {plural(mentee.days_in_house, 'day')} in the house")
        rows.append(NeedRow(mentee.resident_id, mentee.name, why, mentee.days_in_house))
    return rows


class NeedsModel(RowTableModel[NeedRow]):
    mentor_dropped = Signal(int, int)
    """(mentor id, resident id): a mentor was dropped on a resident's row."""

    columns = (
        Column[NeedRow]("Resident", lambda r: r.name, decoration=lambda r: r.mark.icon,
                        accessible=lambda r: f"{r.name}: {r.label}", shares_room=True),
        Column[NeedRow]("Status", lambda r: r.label, foreground=lambda r: r.mark.colour,
                        sort=lambda r: r.gap is None),
        Column[NeedRow]("Why", lambda r: r.why,
                        sort=lambda r: (r.gap is None, -(r.days_in_house or 0)), shares_room=True),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def row_id(self, row: NeedRow) -> int:
        return row.resident_id

    # ------------------------------------------------------------ dropping a mentor

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MENTOR_MIME_TYPE]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: AnyIndex) -> bool:
        return parent.isValid() and mentor_id_from(data) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: AnyIndex) -> bool:
        mentor_id = mentor_id_from(data)
        target = self.row_at(parent)
        if mentor_id is None or target is None:
            return False
        self.mentor_dropped.emit(mentor_id, target.resident_id)
        return True

