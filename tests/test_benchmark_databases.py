"""The benchmarks' databases are built with raw inserts, beside the models:
a new NOT NULL column must not leave them unbuildable (run small here)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import large_database
from soberhouse import database
from soberhouse.models import Resident
from soberhouse.residents import resident_rows


def test_the_large_database_builds_and_opens(tmp_path: Path) -> None:
    path = tmp_path / "large.sqlite3"
    large_database.build(path, residents=60, houses=3)
    database.connect(path)
    try:
        assert Resident.select().count() == 60
        assert resident_rows()  # the program reads what the builder wrote
    finally:
        database.close()


def test_the_attendance_database_builds_on_top(tmp_path: Path, monkeypatch) -> None:
    from benchmarks import attendance_database
    from soberhouse.models.meetings import Attendance, HouseMeeting

    monkeypatch.setattr(attendance_database, "OUTSIDE_MEETINGS", 500)
    monkeypatch.setattr(attendance_database, "build_residents",
                        lambda path, **kw: large_database.build(path, residents=60, houses=3))
    path = tmp_path / "attendance.sqlite3"
    attendance_database.build(path)
    database.connect(path)
    try:
        assert HouseMeeting.select().count() > 0 and Attendance.select().count() > 0
    finally:
        database.close()
