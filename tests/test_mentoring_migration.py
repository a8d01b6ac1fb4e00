"""A file at schema 2 with residents upgrades to schema 3 and keeps its rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee

from soberhouse import accounts, database
from soberhouse.mentoring.roster import mentor_roster, residents_without_mentor
from soberhouse.migrations import current_version, upgrade
from soberhouse.models import Resident

from .test_migrations import build_version_one


def test_a_schema_two_file_gets_the_mentoring_tables_and_keeps_its_rows(
        tmp_path: Path, today: dt.date) -> None:
    path = tmp_path / "two.sqlite3"
    build_version_one(path)
    raw = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    assert upgrade(raw, target=2) == [2]
    raw.execute_sql("UPDATE resident SET preferred_name = 'Ken'")
    raw.close()

    db = database.connect(path)
    try:
        assert current_version(db) >= 3
        for table in ("mentor", "mentor_assignment", "check_in", "goal", "goal_status_change",
                      "staff_certificate", "continuing_education", "resident_profile",
                      "mentoring_settings"):
            assert db.table_exists(table), table
        indexes = {tuple(i.columns) for i in db.get_indexes("check_in")}
        assert ("assignment_id", "held_on") in indexes
        resident = Resident.get()
        assert (resident.first_name, resident.preferred_name) == ("Ōta", "Ken")
        accounts.act_as("test-manager")  # the lists are read by someone signed in
        assert mentor_roster() == []
        assert [row.name for row in residents_without_mentor()] == ["Ōta Kenji"]
    finally:
        database.close()
