"""The tier ladder of one house being edited, lowest tier first.

The model edits copies (:class:`TierDetails`); nothing reaches the database
until the dialog hands :meth:`TierTableModel.tiers` to
:func:`soberhouse.houses.save_tiers`, which checks the rules.

Two entry conditions may be left blank ("no such condition"): the most
unexcused house-meeting absences and the fewest outside meetings, each over a
number of days counted back.  Their cells show nothing when blank, and an
empty edit makes them blank again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from soberhouse.houses import TierDetails

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the root of a flat table


@dataclass(frozen=True)
class TierColumn:
    attribute: str
    title: str
    tooltip: str
    optional: bool = False  # blank (None) means "no such condition"


COLUMNS: tuple[TierColumn, ...] = (
    TierColumn("name", "Name", "What residents and reports call this tier"),
    TierColumn("min_days_in_house", "Min. days in house",
               "Days a resident must have lived in the house to reach this tier"),
    TierColumn("min_days_sober", "Min. days sober",
               "Days sober a resident needs to reach this tier"),
    TierColumn("weekly_meeting_quota", "Meetings a week",
               "Outside 12-step meetings expected each week"),
    TierColumn("may_mentor", "May mentor", "Residents in this tier may mentor newcomers"),
    TierColumn("caseload_cap", "Caseload cap", "How many mentees one mentor may have"),
    TierColumn("max_unexcused_absences", "Max unexcused absences",
               "The most unexcused house-meeting absences a resident may have had to reach "
               "this tier (leave blank for no such condition)", optional=True),
    TierColumn("absence_window_days", "\u2026in the last (days)",
               "How many days back unexcused absences are counted"),
    TierColumn("min_outside_meetings", "Outside meetings needed",
               "Outside 12-step meetings a resident needs to reach this tier, e.g. 90 in "
               "the last 90 days (leave blank for no such condition)", optional=True),
    TierColumn("outside_meetings_window_days", "\u2026in the last (days)",
               "How many days back outside meetings are counted"),
)
NAME_COLUMN = 0
MAY_MENTOR_COLUMN = 4
MAX_ABSENCES_COLUMN = 6
ABSENCE_WINDOW_COLUMN = 7
MIN_OUTSIDE_MEETINGS_COLUMN = 8
OUTSIDE_MEETINGS_WINDOW_COLUMN = 9
OPTIONAL_COLUMNS = frozenset(number for number, column in enumerate(COLUMNS) if column.optional)
NEW_TIER_NAME = "New tier"


def optional_number(value: Any) -> int | None:
    """A blank condition (None, "" or spaces) as None, else a whole number;
    ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(value)


class TierTableModel(QAbstractTableModel):
    def __init__(self, tiers: list[TierDetails], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tiers = [replace(tier) for tier in tiers]

    def tiers(self) -> list[TierDetails]:
        """The ladder as edited, lowest first (copies)."""
        return [replace(tier) for tier in self._tiers]

    # Qt overrides ------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._tiers)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tier = self._tiers[index.row()]
        column = COLUMNS[index.column()]
        value = getattr(tier, column.attribute)
        if index.column() == MAY_MENTOR_COLUMN:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "May mentor" if value else "May not mentor"
            return None
        if column.optional:
            if role == Qt.ItemDataRole.DisplayRole:
                return "" if value is None else value
            if role == Qt.ItemDataRole.EditRole:  # text: a line edit that may be emptied
                return "" if value is None else str(value)
            if role == Qt.ItemDataRole.AccessibleTextRole and value is None:
                return "No condition"
        elif role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != NAME_COLUMN:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        tier = self._tiers[index.row()]
        column = COLUMNS[index.column()]
        if index.column() == MAY_MENTOR_COLUMN:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            tier.may_mentor = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif index.column() == NAME_COLUMN:
            tier.name = str(value)
        elif column.optional:
            try:
                number = optional_number(value)
            except (TypeError, ValueError):
                return False
            setattr(tier, column.attribute, number)
        else:
            try:
                setattr(tier, column.attribute, int(value))
            except (TypeError, ValueError):
                return False
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MAY_MENTOR_COLUMN:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(COLUMNS):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMNS[section].tooltip
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._tiers):
            return str(section + 1)
        return None

    # Editing the ladder --------------------------------------------------------

    def add_tier(self) -> int:
        """A new tier at the top of the ladder; returns its row."""
        row = len(self._tiers)
        self.beginInsertRows(QModelIndex(), row, row)
        self._tiers.append(TierDetails(self._unused_name()))
        self.endInsertRows()
        return row

    def remove_tier(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._tiers[row]
        self.endRemoveRows()

    def move_tier(self, row: int, offset: int) -> int:
        """Move a tier up (-1) or down (+1) the ladder; returns its new row."""
        target = row + offset
        if not (0 <= row < len(self._tiers) and 0 <= target < len(self._tiers)):
            return row
        # beginMoveRows names the row *before which* the moved row lands.
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._tiers.insert(target, self._tiers.pop(row))
        self.endMoveRows()
        self.headerDataChanged.emit(Qt.Orientation.Vertical, min(row, target), max(row, target))
        return target

    def _unused_name(self) -> str:
        taken = {tier.name.strip().lower() for tier in self._tiers}
        name, number = NEW_TIER_NAME, 2
        while name.lower() in taken:
            name, number = f"{NEW_TIER_NAME} {number}", number + 1
        return name
