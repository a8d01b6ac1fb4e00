"""A file at schema 1 opens with today's code and keeps every row."""

from __future__ import annotations

import datetime as dt
from soberhouse import sqlite_driver
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.migrations import SchemaTooNew, current_version, latest_version, upgrade
from soberhouse.models import BaseModel, HistoryModel, Resident, StatusChange, all_models
from soberhouse.residents import resident_history


def build_version_one(path: Path) -> None:
    raw = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    assert upgrade(raw, target=1) == [1]
    sql = raw.execute_sql
    sql("INSERT INTO app_user (username, display_name, created_at) "
        "VALUES ('old-login', 'Old Login', '2025-01-01 09:00:00')")
    sql("INSERT INTO house (name, address, beds, week_start, created_at) "
        "VALUES ('Birch House', '1 Birch Rd', 6, 0, '2025-01-01 09:00:00')")
    sql("INSERT INTO tier (house_id, name, position, min_days_in_house, min_days_sober, "
        "weekly_meeting_quota, may_mentor, caseload_cap) VALUES (1, 'Phase 1', 1, 0, 0, 5, 0, 0)")
    sql("INSERT INTO resident (first_name, last_name, date_of_birth, phone, "
        "emergency_contact_name, emergency_contact_phone, house_id, tier_id, room, bed, "
        "move_in_date, sobriety_date, substances, status, discharge_date, discharge_reason, "
        "notes, created_at, updated_at) VALUES ('Ōta', 'Kenji', '1985-06-01', '555-0111', '', '',"
        " 1, 1, '1', 'A', '2025-02-01', '2025-01-15', 'alcohol', 'active', NULL, '', 'note', "
        "'2025-02-01 10:00:00', '2025-02-01 10:00:00')")
    sql("INSERT INTO status_change (recorded_by_id, recorded_at, resident_id, from_status, "
        "to_status, effective_date, reason) VALUES (1, '2025-02-01 10:00:00', 1, '', 'active', "
        "'2025-02-01', 'Intake')")
    raw.close()


def test_a_schema_one_file_is_upgraded_and_keeps_every_row(tmp_path: Path, today: dt.date) -> None:
    path = tmp_path / "old.sqlite3"
    build_version_one(path)
    db = database.connect(path)
    try:
        assert current_version(db) == latest_version() >= 2
        resident = Resident.get()
        assert (resident.first_name, resident.last_name, resident.date_of_birth,
                resident.preferred_name, resident.notes) == ("Ōta", "Kenji", dt.date(1985, 6, 1),
                                                             "", "note")
        assert StatusChange.get().recorded_by.username == "old-login"
        accounts.act_as("test-manager")  # records are read by someone signed in
        assert [e.summary for e in resident_history(resident.id)] == ["Admitted (active)"]
    finally:
        database.close()


def test_the_migrated_schema_has_every_column_the_models_use(tmp_path: Path,
                                                             today: dt.date) -> None:
    db = database.connect(tmp_path / "new.sqlite3")
    try:
        for model in all_models():
            table = model._meta.table_name
            columns = {c.name for c in db.get_columns(table)}
            expected = {f.column_name for f in model._meta.sorted_fields}
            assert expected <= columns, (table, expected - columns)
    finally:
        database.close()


def test_every_table_is_in_the_catalogue_of_models() -> None:
    tables = set(all_models())

    def descendants(model: type[BaseModel]) -> set[type[BaseModel]]:
        found = set(model.__subclasses__())
        for child in list(found):
            found |= descendants(child)
        return found

    assert descendants(BaseModel) - {HistoryModel} == tables


def test_opening_twice_applies_nothing_the_second_time(tmp_path: Path, today: dt.date) -> None:
    path = tmp_path / "twice.sqlite3"
    database.connect(path)
    database.close()
    db = database.connect(path, migrate=False)
    try:
        assert upgrade(db) == []
    finally:
        database.close()


def test_a_file_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    database.connect(path)
    database.close()
    with sqlite_driver.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = 999")
    with pytest.raises(SchemaTooNew, match="newer version of Soberhouse"):
        database.connect(path)
    database.close()


def test_sqlite_is_opened_with_the_safe_settings(tmp_path: Path) -> None:
    db = database.connect(tmp_path / "pragmas.sqlite3")
    try:
        pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert (pragma("foreign_keys"), pragma("journal_mode"), pragma("synchronous"),
                pragma("busy_timeout")) == (1, "wal", 2, 5000)
    finally:
        database.close()


def test_every_step_in_the_folder_is_listed_in_order() -> None:
    from soberhouse import migrations

    folder = Path(migrations.__file__).parent
    on_disk = sorted(p.stem for p in folder.glob("m[0-9][0-9][0-9][0-9]_*.py"))
    assert list(migrations.STEPS) == on_disk
    assert [int(step[1:5]) for step in on_disk] == list(range(1, len(on_disk) + 1))
