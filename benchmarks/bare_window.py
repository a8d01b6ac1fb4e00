"""The baseline: a bare PySide6 main window with a 1,000-row table.

Prints ``first-paint`` on the table's first paint and quits, exactly as the
program does under ``SOBERHOUSE_EXIT_AFTER_PAINT=1``, so both are timed the
same way from process start.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

HEADERS = ["Name", "House", "Tier", "Days sober", "Next milestone", "Move-in", "Status"]


class PlainTableModel(QAbstractTableModel):
    """1,000 rows of short text, the least a table model can do."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.cells = [[f"Cell {row}:{column}" for column in range(len(HEADERS))]
                      for row in range(rows)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class QuitOnFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            print("first-paint", flush=True)
            QApplication.quit()
            watched.removeEventFilter(self)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    model = PlainTableModel(1000)
    window = QMainWindow()
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    window.setCentralWidget(table)
    window.resize(1200, 760)
    watcher = QuitOnFirstPaint()
    table.viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
