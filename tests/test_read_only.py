"""A file that can only be read opens read-only, says why, and refuses writes
in the manager's words.

The tests run as root on the build machines, and root may write any file
whatever its mode: so a 0444 file in a 0555 folder is still writable for
root.  The detection is tested with ``os.access`` answering as it would for
an ordinary user; the read-only open itself (SQLite's ``mode=ro``) is real.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from soberhouse import sqlite_driver
import stat
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.database import (
    CHOSEN_READ_ONLY,
    FOLDER_NOT_WRITABLE,
    NOT_WRITABLE,
    CannotOpen,
    why_read_only,
)
from soberhouse.errors import DatabaseReadOnly
from soberhouse.houses import HouseDetails, create_house, list_houses
from soberhouse.migrations import UpgradeNeeded, latest_version, upgrade


def file_bytes(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def saved_file(tmp_path: Path, today: dt.date) -> Path:
    """A Soberhouse file with one house, closed."""
    path = tmp_path / "office" / "soberhouse.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Maple House", beds=8))
    database.close()
    return path


@pytest.fixture
def locked_down(saved_file: Path) -> Iterator[Path]:
    """The file 0444 in a 0555 folder, as an office PC's shared folder might be."""
    saved_file.chmod(0o444)
    saved_file.parent.chmod(0o555)
    yield saved_file
    saved_file.parent.chmod(0o755)
    saved_file.chmod(0o644)


def as_ordinary_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.access`` answering from the mode bits, as for a user who is not root."""

    def access(path: str | os.PathLike[str], mode: int) -> bool:
        bits = os.stat(path).st_mode
        if mode & os.W_OK and not bits & stat.S_IWUSR:
            return False
        return bool(bits & stat.S_IRUSR)

    monkeypatch.setattr(os, "access", access)


def test_a_file_and_folder_the_user_may_not_write_are_detected(
        locked_down: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_ordinary_user(monkeypatch)
    assert why_read_only(locked_down) == NOT_WRITABLE
    locked_down.chmod(0o644)  # the file may be written, its folder not
    assert why_read_only(locked_down) == FOLDER_NOT_WRITABLE
    locked_down.parent.chmod(0o755)
    assert why_read_only(locked_down) is None
    assert why_read_only(locked_down.with_name("not-there.sqlite3")) is None


def test_a_locked_down_file_opens_read_only_and_refuses_a_save(
        locked_down: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date) -> None:
    as_ordinary_user(monkeypatch)
    before = file_bytes(locked_down)
    database.connect(locked_down)
    try:
        assert database.is_read_only()
        assert database.read_only_reason() == NOT_WRITABLE
        assert [house.name for house in list_houses()] == ["Maple House"]
        with pytest.raises(DatabaseReadOnly) as refused:
            create_house(HouseDetails(name="Cedar House", beds=4))
        assert str(refused.value) == (f"{locked_down} is open read-only (you may not change "
                                      f"this file): nothing can be saved.")
        assert refused.value.problems[0].field == ""
        assert [house.name for house in list_houses()] == ["Maple House"]
    finally:
        database.close()
    assert file_bytes(locked_down) == before


def test_read_only_is_sqlites_own_mode_ro(saved_file: Path, today: dt.date) -> None:
    db = database.connect(saved_file, read_only=True)
    try:
        assert database.read_only_reason() == CHOSEN_READ_ONLY
        with pytest.raises(sqlite_driver.OperationalError, match="readonly"):
            db.connection().execute("DELETE FROM house")  # past every Soberhouse check
    finally:
        database.close()


def test_a_write_that_slips_past_the_flag_is_refused_by_sqlite_in_words(
        saved_file: Path, today: dt.date) -> None:
    db = database.connect(saved_file, read_only=True)
    db.read_only_reason = None  # as if the window had not been told
    try:
        accounts.act_as("test-manager")
        with pytest.raises(DatabaseReadOnly, match="The data file is read-only here"):
            create_house(HouseDetails(name="Cedar House", beds=4))
    finally:
        database.close()


def test_a_read_only_open_does_not_switch_the_journal_mode(
        saved_file: Path, today: dt.date) -> None:
    with sqlite_driver.connect(saved_file) as raw:
        raw.execute("PRAGMA journal_mode = delete")
    raw.close()
    before = file_bytes(saved_file)
    db = database.connect(saved_file, read_only=True)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        database.close()
    assert file_bytes(saved_file) == before


def test_a_file_that_needs_updating_is_refused_read_only_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = peewee.SqliteDatabase(str(path))
    upgrade(raw, target=3)
    raw.close()
    before = file_bytes(path)
    with pytest.raises(UpgradeNeeded, match=rf"needs updating \(schema 3 to {latest_version()}\), "
                                            r"which can't be done while it is open read-only"):
        database.connect(path, read_only=True)
    assert file_bytes(path) == before


def test_read_only_needs_a_file_to_be_there(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    with pytest.raises(CannotOpen, match="There is no data file"):
        database.connect(missing, read_only=True)
    assert not missing.exists()


def test_a_reason_given_in_words_is_kept(saved_file: Path, today: dt.date) -> None:
    database.connect(saved_file, read_only="Soberhouse is open on OFFICE-2 by maria")
    try:
        assert database.read_only_reason() == "Soberhouse is open on OFFICE-2 by maria"
    finally:
        database.close()
