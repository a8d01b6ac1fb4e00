"""Time the Mentoring section opening on the large mentoring database, in a
fresh process, against a baseline measured the same way.

    python -m benchmarks.mentoring_section section|baseline DATABASE

``section``: import and build :class:`ui.mentoring.section.MentoringSection`
(its one overview) and show it until its roster is first painted.
``baseline``: the roster's rows fetched with one plain sqlite3 query into a
plain QAbstractTableModel, shown in a table until first painted.  Each prints
``<milliseconds> <rows shown> <queries>`` (queries: SQL statements the
section ran; 1 for the baseline).
"""

from __future__ import annotations

import datetime as dt
from soberhouse import sqlite_driver
import sys
import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QTableView, QVBoxLayout, QWidget

TODAY = dt.date(2026, 11, 15)  # the day the load was built for
ROSTER_SQL = """
SELECT m.id, COALESCE(r.first_name || ' ' || r.last_name, m.first_name || ' ' || m.last_name),
       m.kind, COALESCE(t.name, m.role), h.name, COUNT(a.id), COALESCE(t.caseload_cap,
       m.caseload_cap)
FROM mentor m
LEFT JOIN resident r ON r.id = m.resident_id
LEFT JOIN tier t ON t.id = r.tier_id
LEFT JOIN house h ON h.id = COALESCE(r.house_id, m.house_id)
LEFT JOIN mentor_assignment a ON a.mentor_id = m.id AND a.ended_on IS NULL
WHERE m.stopped_on IS NULL
GROUP BY m.id
ORDER BY 2
"""


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            self.done = True
        return False


class PlainModel(QAbstractTableModel):
    HEADERS = ("Mentor", "Kind", "Tier or role", "House", "Mentees", "Cap")

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column() + 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def _until_painted(app: QApplication, painted: Painted) -> None:
    while not painted.done:
        app.processEvents()


def open_section(app: QApplication, database_path: str) -> tuple[float, int, int]:
    from soberhouse import accounts, clock, database

    db = database.connect(database_path)
    accounts.act_as("benchmark")
    queries = 0
    original = db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        nonlocal queries
        queries += 1
        return original(sql, *args, **kwargs)

    db.execute_sql = counting  # type: ignore[method-assign]
    with clock.frozen(TODAY):
        imported = time.perf_counter()
        from ui.mentoring.section import MentoringSection

        started = time.perf_counter()
        import_seconds = started - imported
        section = MentoringSection()
        section.resize(1200, 700)
        painted = Painted()
        section.roster.viewport().installEventFilter(painted)
        section.show()
        _until_painted(app, painted)
        elapsed = time.perf_counter() - started
    rows = section.roster_model.rowCount() + section.needs_model.rowCount()
    print(f"import {import_seconds * 1000:.1f}", flush=True)
    return elapsed, rows, queries


def open_baseline(app: QApplication, database_path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    connection = sqlite_driver.connect(database_path)
    rows = connection.execute(ROSTER_SQL).fetchall()
    window = QWidget()
    table = QTableView()
    table.setModel(PlainModel(rows))
    table.setSortingEnabled(True)
    QVBoxLayout(window).addWidget(table)
    window.resize(1200, 700)
    painted = Painted()
    table.viewport().installEventFilter(painted)
    window.show()
    _until_painted(app, painted)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, len(rows), 1


def main() -> int:
    kind, database_path = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("SoberhouseBenchmark")
    opener = open_section if kind == "section" else open_baseline
    elapsed, rows, queries = opener(app, database_path)
    print(f"{elapsed * 1000:.1f} {rows} {queries}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
