"""Search-as-you-type and the house, status and tier filters over the residents list."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from soberhouse.models import ResidentStatus
from soberhouse.residents import ResidentRow
from soberhouse.text_matching import folded
from ui.residents.table_model import ResidentTableModel


class StatusFilter(StrEnum):
    ALL = "all"
    ACTIVE = ResidentStatus.ACTIVE.value
    GRADUATED = ResidentStatus.GRADUATED.value
    DISCHARGED = ResidentStatus.DISCHARGED.value
    LEFT = ResidentStatus.LEFT.value
    FORMER = "former"

    @property
    def label(self) -> str:
        return {StatusFilter.ALL: "All residents",
                StatusFilter.FORMER: "Former residents"}.get(self, self.value.capitalize())

    @property
    def statuses(self) -> frozenset[str] | None:
        """The statuses shown, or None for all of them."""
        if self is StatusFilter.ALL:
            return None
        if self is StatusFilter.FORMER:
            return frozenset(s.value for s in ResidentStatus if s is not ResidentStatus.ACTIVE)
        return frozenset({self.value})


class ResidentFilterModel(QSortFilterProxyModel):
    """Rows whose folded text holds every word typed, within the chosen filters."""

    def __init__(self, source: ResidentTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._house_id: int | None = None
        self._status = StatusFilter.ACTIVE
        self._statuses = self._status.statuses
        self._tier_name: str | None = None
        # Which source rows pass, worked out in one pass for the list object it
        # was computed for (the source model makes a new list on every refresh
        # and sort): Qt then asks row by row, and each answer is a lookup.
        self._accepted: list[bool] = []
        self._accepted_for: list[ResidentRow] | None = None
        self.setSourceModel(source)

    def set_search_text(self, text: str) -> None:
        words = folded(text).split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self._accepted_for = None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_house(self, house_id: int | None) -> None:
        if house_id != self._house_id:
            self.beginFilterChange()
            self._house_id = house_id
            self._accepted_for = None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: StatusFilter) -> None:
        if status is not self._status:
            self.beginFilterChange()
            self._status = status
            self._statuses = status.statuses
            self._accepted_for = None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tier(self, tier_name: str | None) -> None:
        if tier_name != self._tier_name:
            self.beginFilterChange()
            self._tier_name = tier_name
            self._accepted_for = None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast, with its precomputed keys); this model only filters."""
        self._source.sort(column, order)

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        rows = self._source.rows
        if self._accepted_for is not rows:
            self._accepted = self._passing(rows)
            self._accepted_for = rows
        return self._accepted[source_row]

    def _passing(self, rows: list[ResidentRow]) -> list[bool]:
        house_id, statuses, tier_name, words = (self._house_id, self._statuses,
                                                self._tier_name, self._words)
        haystacks = self._source.haystacks if words else None
        passing = []
        for number, row in enumerate(rows):
            passes = ((house_id is None or row.house_id == house_id)
                      and (statuses is None or row.status in statuses)
                      and (tier_name is None or row.tier_name == tier_name))
            if passes and haystacks is not None:
                haystack = haystacks[number]
                passes = all(word in haystack for word in words)
            passing.append(passes)
        return passing
