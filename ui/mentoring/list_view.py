"""The section's tables: sortable, alternating rows, whole-row selection, an
empty-table message, Enter or double-click to act on a row, columns fitted to
their content (:mod:`ui.table_columns`)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from ui.residents.table_view import ResidentTableView


class ListView(ResidentTableView):
    """A :class:`ResidentTableView` for any of the section's lists."""

    def __init__(self, accessible_name: str, empty_message: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.set_empty_message(empty_message)
        self.horizontalHeader().setSectionsMovable(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.fontMetrics().height() * 1.6))

    def size_columns(self) -> None:
        """Fit the columns to the rows now (they also follow on their own)."""
        self.column_fit.fit()

    def allow_drag(self) -> None:
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def allow_drop(self) -> None:
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDragDropOverwriteMode(True)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def proxy(self) -> QSortFilterProxyModel | None:
        model = self.model()
        return model if isinstance(model, QSortFilterProxyModel) else None
