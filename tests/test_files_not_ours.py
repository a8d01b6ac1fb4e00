"""Files that are not ours are refused as they are: another program's
database, a file whose schema disagrees with its tables, random bytes, a copy
cut short.  And every schema step is all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from soberhouse import sqlite_driver
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database, migrations
from soberhouse.errors import DatabaseDamaged, NotOurFile
from soberhouse.houses import HouseDetails, create_house
from soberhouse.migrations import APPLICATION_ID, TABLES_OF_STEP, current_version, upgrade


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """The file's bytes, modification time and the files beside it."""
    stat = path.stat()
    return (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns,
            sorted(p.name for p in path.parent.iterdir()))


def application_id(path: Path) -> int:
    with sqlite_driver.connect(path) as raw:
        return raw.execute("PRAGMA application_id").fetchone()[0]


def soberhouse_file(path: Path) -> Path:
    database.connect(path)
    accounts.act_as("test-manager")
    for number in range(30):  # a few pages, so that a cut-off copy loses some
        create_house(HouseDetails(name=f"House {number}", beds=4,
                                  address="1 Long Road, " + "x" * 300))
    database.close()
    return path


def test_a_new_file_carries_the_soberhouse_mark(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    database.connect(path)
    database.close()
    assert application_id(path) == APPLICATION_ID == 0x534F4252


def test_another_programs_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "recipes.sqlite3"
    with sqlite_driver.connect(path) as raw:
        raw.execute("PRAGMA application_id = 1234")
        raw.execute("CREATE TABLE recipe (name TEXT)")
        raw.execute("INSERT INTO recipe VALUES ('Soup')")
    raw.close()
    before = fingerprint(path)

    with pytest.raises(NotOurFile, match="another program's database, not a Soberhouse "
                                         "data file") as refused:
        database.connect(path)
    assert str(path) in str(refused.value)
    assert "left it as it was" in str(refused.value)
    assert fingerprint(path) == before
    with sqlite_driver.connect(path) as raw:  # still in its own journal mode, not WAL
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_tables_without_a_schema_version_are_another_programs(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    with sqlite_driver.connect(path) as raw:
        raw.execute("CREATE TABLE item (name TEXT)")
    raw.close()
    before = fingerprint(path)

    with pytest.raises(NotOurFile, match="holds another program's tables"):
        database.connect(path)
    assert fingerprint(path) == before


def test_random_bytes_are_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "soberhouse.sqlite3"
    path.write_bytes(os.urandom(8192))
    before = fingerprint(path)

    with pytest.raises(NotOurFile, match="is not a Soberhouse data file, or it is damaged"):
        database.connect(path)
    assert fingerprint(path) == before


def test_a_copy_cut_short_is_refused_unchanged(tmp_path: Path, today: dt.date) -> None:
    whole = soberhouse_file(tmp_path / "whole.sqlite3")
    cut = tmp_path / "cut.sqlite3"
    data = whole.read_bytes()
    assert len(data) >= 4 * 4096
    cut.write_bytes(data[: len(data) // 2])
    before = fingerprint(cut)

    with pytest.raises(DatabaseDamaged, match="shorter than it should be") as refused:
        database.connect(cut)
    assert "restore it from a backup" in str(refused.value)
    assert fingerprint(cut) == before


def test_a_schema_version_that_disagrees_with_the_tables_is_refused_unchanged(
        tmp_path: Path, today: dt.date) -> None:
    path = soberhouse_file(tmp_path / "edited.sqlite3")
    with sqlite_driver.connect(path) as raw:
        raw.execute("PRAGMA journal_mode = delete")
        raw.execute("DROP TABLE mentor_change")  # a table of step 3; the file says the latest
    raw.close()
    before = fingerprint(path)

    latest = migrations.latest_version()
    with pytest.raises(NotOurFile, match=f"says it is a Soberhouse file at schema {latest}, "
                                         f"but it lacks the tables mentor_change"):
        database.connect(path)
    assert fingerprint(path) == before


def test_an_older_soberhouse_file_gets_the_mark_on_its_first_writable_open(
        tmp_path: Path) -> None:
    path = tmp_path / "before-the-mark.sqlite3"
    raw = peewee.SqliteDatabase(str(path))
    upgrade(raw, target=2)
    raw.execute_sql("PRAGMA application_id = 0")  # as files were before the mark
    raw.close()

    db = database.connect(path)
    try:
        assert current_version(db) == migrations.latest_version()
    finally:
        database.close()
    assert application_id(path) == APPLICATION_ID


def test_the_tables_of_each_step_are_what_the_steps_create(tmp_path: Path) -> None:
    raw = peewee.SqliteDatabase(str(tmp_path / "steps.sqlite3"))
    before: set[str] = set()
    for number in range(1, migrations.latest_version() + 1):
        upgrade(raw, target=number)
        tables = set(raw.get_tables())
        assert tables - before == TABLES_OF_STEP[number], number
        before = tables
    raw.close()


def schema_of(path: Path) -> list[tuple[str, str]]:
    with sqlite_driver.connect(path) as raw:
        return raw.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_a_step_that_fails_half_way_leaves_the_file_as_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "half-way.sqlite3"
    raw = peewee.SqliteDatabase(str(path))
    upgrade(raw, target=4)
    raw.execute_sql("INSERT INTO app_user (username, display_name, created_at) "
                    "VALUES ('kept', 'Kept', '2026-01-01 09:00:00')")
    raw.close()
    before = schema_of(path)

    from soberhouse.migrations import m0005_change_entries_and_versions as step_five

    def fails_half_way(migrator: object, db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_made (id INTEGER PRIMARY KEY)")
        db.execute_sql("ALTER TABLE house ADD COLUMN half_column INTEGER")
        raise RuntimeError("the power went out")

    monkeypatch.setattr(step_five, "up", fails_half_way)
    with pytest.raises(RuntimeError, match="the power went out"):
        database.connect(path)
    database.close()

    assert schema_of(path) == before
    with sqlite_driver.connect(path) as raw_check:
        assert raw_check.execute("SELECT version FROM schema_version").fetchall() == [(4,)]
        assert raw_check.execute("SELECT username FROM app_user").fetchall() == [("kept",)]
    monkeypatch.undo()
    db = database.connect(path)  # the real step then applies
    try:
        assert current_version(db) == migrations.latest_version()
    finally:
        database.close()


def test_a_first_step_that_fails_leaves_an_empty_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "first.sqlite3"
    from soberhouse.migrations import m0001_initial as step_one

    def fails(migrator: object, db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_made (id INTEGER PRIMARY KEY)")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(step_one, "up", fails)
    with pytest.raises(RuntimeError, match="interrupted"):
        database.connect(path)
    database.close()
    assert schema_of(path) == []
    assert application_id(path) == 0
