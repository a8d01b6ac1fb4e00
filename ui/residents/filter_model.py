"""Search-as-you-type and the house, status and tier filters over the residents list."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from soberhouse.models import ResidentStatus
from ui.residents.table_model import ResidentTableModel, folded


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
        self.setSourceModel(source)

    def set_search_text(self, text: str) -> None:
        words = folded(text).split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_house(self, house_id: int | None) -> None:
        if house_id != self._house_id:
            self.beginFilterChange()
            self._house_id = house_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: StatusFilter) -> None:
        if status is not self._status:
            self.beginFilterChange()
            self._status = status
            self._statuses = status.statuses
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tier(self, tier_name: str | None) -> None:
        if tier_name != self._tier_name:
            self.beginFilterChange()
            self._tier_name = tier_name
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast, with its precomputed keys); this model only filters."""
        self._source.sort(column, order)

    def filterAcceptsRow(self, source_row: int,  # noqa: N802
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        row = self._source.rows[source_row]
        if self._house_id is not None and row.house_id != self._house_id:
            return False
        if self._statuses is not None and row.status not in self._statuses:
            return False
        if self._tier_name is not None and row.tier_name != self._tier_name:
            return False
        if self._words:
            haystack = self._source.haystacks[source_row]
            return all(word in haystack for word in self._words)
        return True
