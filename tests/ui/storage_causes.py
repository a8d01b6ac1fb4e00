"""Real causes of a failed save, for the window's tests: a full disk, a file
locked by another program, a read-only file, a damaged file, a lost server.

Each works on the test's own data file (or PostgreSQL database) through
SQLite or the server itself: nothing in the program is replaced.
"""

from __future__ import annotations

import inspect
import os
from soberhouse import sqlite_driver
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest

from soberhouse import database
from soberhouse.errors import DatabaseBusy, DatabaseDamaged, DiskFull, ServerGone
from soberhouse.models import database_proxy

FULL = DiskFull().message
BUSY = DatabaseBusy().message
DAMAGED = DatabaseDamaged().message
GONE = ServerGone().message

SHORT_BUSY_TIMEOUT_MS = 200
SERVER_VARIABLE = "SOBERHOUSE_TEST_POSTGRESQL"


def is_read_only_message(text: str) -> bool:
    """The read-only refusal, in the words of the read-only open or of SQLite's."""
    return "read-only" in text and "nothing can be saved" in text


# ---------------------------------------------------------------- full disk


def fill_the_disk() -> None:
    """The file may grow no more: SQLite answers "database or disk is full"
    to any write that needs a new page (``PRAGMA max_page_count``)."""
    pages = database_proxy.execute_sql("PRAGMA page_count").fetchone()[0]
    database_proxy.execute_sql(f"PRAGMA max_page_count = {pages}")


def free_the_disk() -> None:
    database_proxy.execute_sql("PRAGMA max_page_count = 1073741823")


# ---------------------------------------------------------------- locked


@contextmanager
def another_program_saving(db_path: Path) -> Iterator[sqlite_driver.Connection]:
    """A second connection holds the write lock (``BEGIN IMMEDIATE``) for the
    block; the window waits only :data:`SHORT_BUSY_TIMEOUT_MS` for it."""
    database_proxy.execute_sql(f"PRAGMA busy_timeout = {SHORT_BUSY_TIMEOUT_MS}")
    other = sqlite_driver.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
        other.execute("COMMIT")
    finally:
        other.close()


# ---------------------------------------------------------------- read-only


def reopen_read_only(db_path: Path) -> peewee.Database:
    """The data file opened again as the program opens a file it may not
    change (``database.connect(read_only=True)``: SQLite's ``mode=ro``)."""
    database.close()
    if "read_only" in inspect.signature(database.connect).parameters:
        return database.connect(db_path, read_only=True)
    return reopen_with_sqlite_read_only(db_path)  # before the read-only open landed


def reopen_with_sqlite_read_only(db_path: Path) -> peewee.Database:
    """The file opened with SQLite's ``mode=ro`` and nothing else: the refusal
    then comes from SQLite itself ("attempt to write a readonly database")."""
    place = getattr(database_proxy.obj, "place", str(db_path))  # the same data file:
    database.close()                                              # still signed in
    read_only = database.SoberhouseSqliteDatabase(
        f"{db_path.resolve().as_uri()}?mode=ro", uri=True, pragmas={"foreign_keys": 1})
    read_only.place = place
    read_only.connect()
    database_proxy.initialize(read_only)
    return read_only


# ---------------------------------------------------------------- damaged


def damage_the_file(db_path: Path) -> None:
    """Garbage over every page but the first, as a failing disk leaves a file.

    Everything is first written into the file itself (a checkpoint), and the
    window's connection is let go, so its next statement reads the file
    again instead of the pages it has in memory (peewee reconnects)."""
    database_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = database_proxy.execute_sql("PRAGMA page_size").fetchone()[0]
    database_proxy.obj.close()
    size = db_path.stat().st_size
    with open(db_path, "r+b") as file:
        file.seek(page_size)
        file.write(bytes(range(251)) * ((size - page_size) // 251 + 1))
        file.truncate(size)
        file.flush()
        os.fsync(file.fileno())


# ---------------------------------------------------------------- server gone


def server_url() -> str:
    url = os.environ.get(SERVER_VARIABLE, "")
    if not url:
        missing = f"No PostgreSQL server: set {SERVER_VARIABLE} (scripts/test.sh starts one)."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(missing)  # in CI these tests run, always
        pytest.skip(missing)
    return url


def cut_the_server_connection(url: str) -> None:
    """The server ends the window's session (as a restart or a network cut
    does): ``pg_terminate_backend`` from a second connection."""
    import psycopg2

    other = psycopg2.connect(url)
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    finally:
        other.close()
