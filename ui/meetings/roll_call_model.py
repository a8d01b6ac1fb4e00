"""The roll call of one meeting: everyone living in the house that day, with
the mark being taken.  The marks stay here until saved in one core call;
the model knows which changed and which a refused save named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from soberhouse.meetings.roll_call import RollCallMark, RollCallMember
from soberhouse.models.meetings import AttendanceStatus
from ui.colours import error_colour
from ui.meetings.marks import KEY_OF_STATUS, status_colour, status_text

AnyIndex = QModelIndex | QPersistentModelIndex

RESIDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 20
STATUS_ROLE = Qt.ItemDataRole.UserRole + 21


class RollCallColumn:
    NAME = 0
    STATUS = 1
    REASON = 2
    TIER = 3
    BED = 4


HEADINGS = ("Resident", "Status", "Reason / note", "Tier that day", "Bed")


@dataclass
class Mark:
    status: AttendanceStatus | None
    reason: str


class RollCallModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._members: list[RollCallMember] = []
        self._marks: list[Mark] = []
        self._saved: list[Mark] = []
        self._problems: dict[int, str] = {}
        self._editable = True

    # ------------------------------------------------------------ our API

    @property
    def members(self) -> list[RollCallMember]:
        return self._members

    def set_members(self, members: Sequence[RollCallMember]) -> None:
        self.beginResetModel()
        self._members = list(members)
        self._marks = [Mark(_as_status(m.status), m.reason or "") for m in self._members]
        self._saved = [Mark(mark.status, mark.reason) for mark in self._marks]
        self._problems = {}
        self.endResetModel()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def mark(self, row: int) -> Mark:
        return self._marks[row]

    def row_of(self, resident_id: int) -> int | None:
        for number, member in enumerate(self._members):
            if member.resident_id == resident_id:
                return number
        return None

    def set_status(self, row: int, status: AttendanceStatus | None) -> None:
        if not 0 <= row < len(self._marks) or self._marks[row].status == status:
            return
        self._marks[row].status = status
        self._forget_problem(row)
        self._row_changed(row)

    def set_reason(self, row: int, reason: str) -> None:
        if not 0 <= row < len(self._marks) or self._marks[row].reason == reason:
            return
        self._marks[row].reason = reason
        self._forget_problem(row)
        self._row_changed(row)

    def mark_all_present(self) -> int:
        """Everyone not marked yet becomes present; how many were marked."""
        marked = 0
        for row, mark in enumerate(self._marks):
            if mark.status is None:
                mark.status = AttendanceStatus.PRESENT
                self._forget_problem(row)
                marked += 1
        if marked:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._marks) - 1, len(HEADINGS) - 1))
        return marked

    def is_dirty(self) -> bool:
        return self.changed_count() > 0

    def changed_count(self) -> int:
        """How many rows have a mark (or reason) not saved."""
        return sum(1 for mark, saved in zip(self._marks, self._saved, strict=True)
                   if (mark.status, mark.reason.strip()) != (saved.status, saved.reason.strip()))

    def marks_to_save(self) -> list[RollCallMark]:
        """Every mark taken (residents not marked are left out)."""
        return [RollCallMark(member.resident_id, mark.status, mark.reason.strip())
                for member, mark in zip(self._members, self._marks, strict=True)
                if mark.status is not None]

    def counts(self) -> Counter[AttendanceStatus]:
        return Counter(mark.status for mark in self._marks if mark.status is not None)

    def unmarked(self) -> int:
        return sum(1 for mark in self._marks if mark.status is None)

    def set_problems(self, problems: dict[int, str]) -> None:
        """Messages of a refused save, by resident id (shown on their rows)."""
        self._problems = dict(problems)
        if self._members:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._members) - 1, len(HEADINGS) - 1))

    def problem(self, row: int) -> str:
        return self._problems.get(self._members[row].resident_id, "")

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADINGS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == RollCallColumn.STATUS:
            return "P present, L late, E excused (then the reason), U unexcused"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (index.isValid() and self._editable
                and index.column() in (RollCallColumn.STATUS, RollCallColumn.REASON)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        mark = self._marks[index.row()]
        column = index.column()
        problem = self._problems.get(member.resident_id, "")
        if role == RESIDENT_ID_ROLE:
            return member.resident_id
        if role == STATUS_ROLE:
            return mark.status.value if mark.status is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(member, mark, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == RollCallColumn.STATUS:
                return mark.status.value if mark.status is not None else ""
            if column == RollCallColumn.REASON:
                return mark.reason
            return self._text(member, mark, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            if column == RollCallColumn.STATUS:
                key = KEY_OF_STATUS.get(mark.status) if mark.status is not None else None
                return (f"{status_text(mark.status)} (key {key})" if key
                        else "Not marked yet: P present, L late, E excused, U unexcused")
            text = self._text(member, mark, column)
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if problem and column in (RollCallColumn.NAME, RollCallColumn.STATUS):
                return error_colour()
            if column == RollCallColumn.STATUS:
                if mark.status is None:
                    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
                return status_colour(mark.status)
            return None
        if role == Qt.ItemDataRole.FontRole and column == RollCallColumn.STATUS:
            font = QFont()
            font.setBold(mark.status is not None)
            font.setItalic(mark.status is None)
            return font
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problem:
            return problem
        return None

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable
                or not 0 <= index.row() < len(self._members)):
            return False
        if index.column() == RollCallColumn.STATUS:
            self.set_status(index.row(), _as_status(value or None))
            return True
        if index.column() == RollCallColumn.REASON:
            self.set_reason(index.row(), str(value or ""))
            return True
        return False

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _text(member: RollCallMember, mark: Mark, column: int) -> str:
        if column == RollCallColumn.NAME:
            return member.name
        if column == RollCallColumn.TIER:
            return member.tier_name
        if column == RollCallColumn.BED:
            return member.bed_label
        if column == RollCallColumn.STATUS:
            return status_text(mark.status)
        if column == RollCallColumn.REASON:
            return mark.reason
        return ""

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADINGS) - 1))

    def _forget_problem(self, row: int) -> None:
        self._problems.pop(self._members[row].resident_id, None)


def _as_status(value: object) -> AttendanceStatus | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, AttendanceStatus) else AttendanceStatus(str(value))
