"""The one SQLite driver: SQLCipher's build of SQLite (``sqlcipher3``).

Without a key it reads and writes plain SQLite files exactly as the
standard ``sqlite3`` module does; with a key (a random 256-bit data key,
given raw so that opening costs no key derivation) every page of the file,
its ``-wal`` and its temporary files are encrypted (AES-256, HMAC-SHA512
per page: SQLCipher 4's defaults).  Every connection the program makes to
a SQLite file goes through :func:`connect` (the database itself through
:class:`soberhouse.database.SoberhouseSqliteDatabase`, which calls
:func:`unlock_connection`), so there is one place where a key is applied.

:data:`ERRORS` catches what either driver raises: the tests and a few
outside checks still use the standard module on plain files.
"""

from __future__ import annotations

import datetime
import decimal
import sqlite3
from typing import Any

from sqlcipher3 import dbapi2

# The values peewee gives the driver as they are, stored as the standard
# module stores them under peewee (which registers the same three there).
dbapi2.register_adapter(decimal.Decimal, str)
dbapi2.register_adapter(datetime.date, str)
dbapi2.register_adapter(datetime.time, str)

Connection = dbapi2.Connection
Error = dbapi2.Error
DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
InterfaceError = dbapi2.InterfaceError
sqlite_version = dbapi2.sqlite_version

ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, dbapi2.Error)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError, sqlite3.DatabaseError, dbapi2.OperationalError,
    dbapi2.DatabaseError)
INTERFACE_ERRORS: tuple[type[Exception], ...] = (sqlite3.InterfaceError, dbapi2.InterfaceError)

KEY_BYTES = 32


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` for a raw key: SQLCipher uses it as it is (no PBKDF2)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def unlock_connection(connection: Any, key: bytes | None) -> None:
    """Apply ``key`` to a new connection before anything is read (None: a
    plain file).  SQLCipher's own log goes quiet: a wrong key is told in
    the manager's words by whoever opened the file, not as "hmac check
    failed" on the terminal."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        connection.execute(key_pragma(key))


def connect(database: str, *, key: bytes | None = None, **options: Any) -> Any:
    """A driver connection to ``database`` (a path, or a ``file:`` URI with
    ``uri=True``), unlocked with ``key`` when the file is encrypted."""
    connection = dbapi2.connect(database, **options)
    try:
        unlock_connection(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection
