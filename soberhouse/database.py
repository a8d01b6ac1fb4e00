"""Where the data lives: the database is opened here and nowhere else.

The default is an embedded SQLite file in the user's data folder.  A URL
(``postgresql://user:pass@host/dbname``) opens PostgreSQL instead; the models
and queries are the same.  Opening applies any pending migrations.

Opening is honest about what it finds, and changes nothing it should not:

- a file that is not SQLite, or is cut short, is refused before SQLite
  touches it; another program's database, or a file whose schema disagrees
  with its tables, is refused unchanged
  (:func:`soberhouse.migrations.identify`); write-ahead logging is switched
  on only after that;
- a file the user may not write (or its folder), or one opened read-only on
  purpose, opens with SQLite's ``mode=ro``: no migrations, and
  :func:`is_read_only` tells the window, which disables what would write;
  a write that slips through is refused with the reason;
- every failure is a :class:`~soberhouse.errors.StorageProblem` naming the
  file and what to do (the command line exits with 3, the window says it).
"""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import peewee

from soberhouse.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    NotOurFile,
    ServerGone,
    StorageProblem,
)
from soberhouse import sqlite_driver
from soberhouse.models import database_proxy
from soberhouse.recording import allowing_writes, check_statement

ENVIRONMENT_VARIABLE = "SOBERHOUSE_DATABASE"
BUSY_TIMEOUT_VARIABLE = "SOBERHOUSE_BUSY_TIMEOUT_MS"
"""How long a write waits for another writer, in milliseconds (default 5000;
the tests shorten it)."""
DEFAULT_FILE_NAME = "soberhouse.sqlite3"
DEFAULT_BUSY_TIMEOUT_MS = 5000

SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": DEFAULT_BUSY_TIMEOUT_MS,
    "synchronous": "full",
    "cache_size": -16000,
}
"""Set on every connection.  None of them writes to the file; write-ahead
logging (``journal_mode=wal``, stored in the file) is switched on once the
file is known to be ours and writable."""

SQLITE_MAGIC = b"SQLite format 3\x00"

CHOSEN_READ_ONLY = "you chose to open it read-only"
NOT_WRITABLE = "you may not change this file"
FOLDER_NOT_WRITABLE = "you may not write in its folder"

_WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b",
                              re.IGNORECASE)


class _WritesThroughTheSeam:
    """Refuses ``INSERT``/``UPDATE``/``DELETE`` when no write seam is open
    (:func:`soberhouse.recording.check_statement`), and every write when the
    database is open read-only (:attr:`read_only_reason`)."""

    read_only_reason: str | None = None
    place: str = ""

    def execute_sql(self, sql: str, params: object = None) -> object:
        if self.read_only_reason and _WRITE_STATEMENT.match(sql):
            raise DatabaseReadOnly(
                f"{self.place} is open read-only ({self.read_only_reason}): nothing can "
                f"be saved.")
        check_statement(sql)
        return super().execute_sql(sql, params)  # type: ignore[misc]


class SoberhouseSqliteDatabase(_WritesThroughTheSeam, peewee.SqliteDatabase):
    """A SQLite file through SQLCipher's driver (:mod:`soberhouse.sqlite_driver`):
    plain when :attr:`data_key` is None, else encrypted with it."""

    data_key: bytes | None = None

    def _connect(self) -> object:
        connection = sqlite_driver.connect(self.database, key=self.data_key,
                                           timeout=self._timeout, isolation_level=None,
                                           **self.connect_params)
        try:
            self._add_conn_hooks(connection)
        except BaseException:
            connection.close()
            raise
        return connection


class SoberhousePostgresqlDatabase(_WritesThroughTheSeam, peewee.PostgresqlDatabase):
    pass


def _lower(text: object) -> object:
    return text.lower() if isinstance(text, str) else text


def default_location() -> Path:
    """The SQLite file used when neither ``--database`` nor the variable is set."""
    from platformdirs import user_data_path  # not needed when a file is named

    return user_data_path("Soberhouse", appauthor=False) / DEFAULT_FILE_NAME


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """Command-line value, else the environment variable, else the default file."""
    if target:
        return os.fspath(target)
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return from_environment
    return str(default_location())


def is_url(target: str) -> bool:
    return "://" in target


def describe(target: str) -> str:
    """A human description without any password (for the status bar and logs)."""
    if is_url(target):
        scheme, _, rest = target.partition("://")
        host = rest.rpartition("@")[2]
        return f"{scheme}://{host}"
    return target


class CannotOpen(StorageProblem):
    """The data file (or its folder, or the server) can't be reached at all."""


class NeedsKey(StorageProblem):
    """The data file is encrypted, and was opened without its key."""


def busy_timeout_ms() -> int:
    """:data:`BUSY_TIMEOUT_VARIABLE`, else 5 seconds."""
    try:
        value = int(os.environ.get(BUSY_TIMEOUT_VARIABLE, ""))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS
    return max(value, 0)


def why_read_only(path: str | os.PathLike[str]) -> str | None:
    """Why an existing file can only be read here (None: it can be written).

    SQLite writes its journal files beside the data file, so a folder the
    user may not write in makes the file read-only too.
    """
    file = Path(path)
    if not file.exists():
        return None
    if not os.access(file, os.W_OK):
        return NOT_WRITABLE
    if not os.access(file.parent, os.W_OK):
        return FOLDER_NOT_WRITABLE
    return None


def open_data_key() -> bytes | None:
    """The data key of the encrypted file open now (None: a plain file, none
    open, or a server): what its backups and a reconnection are opened with."""
    key = getattr(database_proxy.obj, "data_key", None)
    return key if isinstance(key, bytes) and key else None


def is_read_only() -> bool:
    """Whether the open database can only be read."""
    return read_only_reason() is not None


def read_only_reason() -> str | None:
    """Why the open database can only be read ("you may not change this file"),
    or None when it can be written."""
    database = database_proxy.obj
    reason = getattr(database, "read_only_reason", None)
    return reason if isinstance(reason, str) and reason else None


def check_sqlite_header(path: Path, *, encrypted: bool = False) -> None:
    """Refuse, before SQLite opens it, a file that is not a SQLite database or
    that is shorter than its header says (a copy cut off).  An encrypted
    file (``encrypted``) has no readable header: its key checks it instead."""
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        return  # a new file (its folder is made, or refused, when it is created)
    except OSError as error:
        raise CannotOpen(f"Soberhouse can't read {path}: {error.strerror or error}. "
                         f"Check that the file is there and that you may read it.") from error
    if size == 0:
        return  # a new file: SQLite makes one of an empty file
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError as error:
        raise CannotOpen(f"Soberhouse can't read {path}: {error.strerror or error}. "
                         f"Check that you may read the file.") from error
    if encrypted and header.startswith(SQLITE_MAGIC):
        raise CannotOpen(f"{path} is not encrypted: it opens without a key.")
    if encrypted:
        if len(header) < 100:
            raise DatabaseDamaged(f"{path} is damaged: it is shorter than a data file can "
                                  f"be. Soberhouse left it as it was: restore it from a "
                                  f"backup.")
        return
    if header and not header.startswith(SQLITE_MAGIC) and Path(
            f"{path}.keys").exists():
        raise NeedsKey(f"{path} is encrypted: it opens when someone signs in with their "
                       f"password, or with the recovery key.")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotOurFile(
            f"{path} is not a Soberhouse data file, or it is damaged. Soberhouse left it as "
            f"it was. Check the file name (--database), or restore the file from a backup.")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if pages and valid_for == change_counter and size < pages * page_size:
        raise DatabaseDamaged(
            f"{path} is damaged: it is shorter than it should be ({size:,} bytes of "
            f"{pages * page_size:,}), as when a copy is cut off. Soberhouse left it as it "
            f"was: restore it from a backup.")


def _open_problem(error: BaseException, place: str, *, writing: bool) -> StorageProblem:
    """The manager's words for a failure while opening ``place``."""
    text = str(error).lower()
    if isinstance(error, StorageProblem):
        return error
    if "not a database" in text or "file is encrypted" in text:
        return NotOurFile(
            f"{place} is not a Soberhouse data file, or it is damaged. Soberhouse left it as "
            f"it was. Check the file name (--database), or restore the file from a backup.")
    if "malformed" in text or "disk i/o error" in text or "corrupt" in text:
        return DatabaseDamaged(
            f"{place} is damaged and can't be read. Soberhouse left it as it was: restore it "
            f"from a backup.")
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"{place} is busy: another person or program is saving to it. Try again in a "
            f"moment.")
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(
            f"{place} is read-only here. Ask whoever looks after this computer for write "
            f"access, or open it read-only (--read-only).")
    if "disk is full" in text or "no space" in text:
        return DiskFull(f"The disk holding {place} is full. Free some space, then open it "
                        f"again.")
    if "unable to open" in text or isinstance(error, OSError):
        detail = getattr(error, "strerror", None) or str(error)
        doing = "create or open" if writing else "open"
        return CannotOpen(f"Soberhouse can't {doing} {place} ({detail}). Check that the "
                          f"folder exists and that you may write in it, or name another "
                          f"file with --database.")
    return CannotOpen(f"Soberhouse can't open {place}: {error}")


def _server_problem(error: BaseException, place: str) -> StorageProblem:
    text = str(error).lower()
    if "password" in text or "authentication" in text:
        return CannotOpen(f"The database server {place} refused the name or password. "
                          f"Check the address given with --database.")
    if "ssl" in text and ("does not support" in text or "required" in text
                          or "certificate" in text):
        return CannotOpen(f"The database server {place} and Soberhouse could not agree on an "
                          f"encrypted connection (TLS), which the address asks for "
                          f"(sslmode=...). Ask whoever runs the server to switch TLS on "
                          f"(ssl = on, with its certificate), or check the sslmode in the "
                          f"address. Details: {str(error).strip()}")
    if "does not exist" in text:
        return CannotOpen(f"The database server {place} has no such database. Check the "
                          f"address given with --database.")
    return ServerGone(f"Soberhouse can't reach the database server {place}. Check the "
                      f"network and that the server is running, then try again.")


def _open_postgresql(resolved: str) -> peewee.Database:
    from playhouse.db_url import parse

    if not resolved.startswith(("postgres://", "postgresql://")):
        raise CannotOpen(f"Soberhouse opens a SQLite file or a postgresql:// URL, "
                         f"not {describe(resolved)}.")
    try:
        import psycopg2  # noqa: F401
    except ImportError as missing:
        raise CannotOpen(
            "PostgreSQL needs its driver: install Soberhouse with "
            "pip install \"soberhouse[postgresql]\" (or psycopg2-binary).") from missing
    database = SoberhousePostgresqlDatabase(**parse(resolved))
    database.place = describe(resolved)
    try:
        database.connect(reuse_if_open=True)
    except (peewee.DatabaseError, peewee.InterfaceError, OSError) as error:
        raise _server_problem(error, database.place) from error
    return database


def _wrong_key(place: str) -> StorageProblem:
    return NotOurFile(
        f"The key given doesn't open {place}: the key file beside it belongs to another "
        f"data file, or the file is damaged. Soberhouse left it as it was. Put back the "
        f"key file that came with it (each backup folder holds a copy), or restore the "
        f"file from a backup.")


def _check_key(database: SoberhouseSqliteDatabase) -> None:
    """Read the schema: the first read of an encrypted file, which a wrong
    key fails ("file is not a database")."""
    if database.data_key is None:
        return
    try:
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.DatabaseError, *sqlite_driver.ERRORS) as error:
        database.close()
        if "not a database" in str(error).lower():
            raise _wrong_key(database.place) from error
        raise _open_problem(error, database.place, writing=False) from error


def _open_sqlite(path: Path, read_only: str | None,
                 key: bytes | None = None) -> SoberhouseSqliteDatabase:
    check_sqlite_header(path, encrypted=key is not None)
    timeout = busy_timeout_ms()
    pragmas = dict(SQLITE_PRAGMAS, busy_timeout=timeout)
    if read_only:
        if not path.exists():
            raise CannotOpen(f"There is no data file {path} to open read-only. Check the "
                             f"file name (--database).")
        database = SoberhouseSqliteDatabase(path.resolve().as_uri() + "?mode=ro", uri=True,
                                            pragmas=pragmas, timeout=timeout / 1000)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _open_problem(error, str(path.parent), writing=True) from error
        database = SoberhouseSqliteDatabase(str(path), pragmas=pragmas,
                                            timeout=timeout / 1000)
    database.data_key = key
    database.read_only_reason = read_only
    database.place = str(path)
    # SQLite's own LOWER() folds only ASCII; PostgreSQL's folds every
    # letter.  Names like "ZOË" must compare the same on both.
    database.register_function(_lower, "lower", 1, deterministic=True)
    try:
        database.connect(reuse_if_open=True)
    except (peewee.DatabaseError, *sqlite_driver.ERRORS, OSError) as error:
        if read_only and "unable to open" in str(error).lower():
            # A write-ahead-logged file in a folder we may not write in: SQLite
            # can't create the -shm file it reads through.  Nobody has the
            # file open (they would have made it), so it can't change under us.
            return _open_sqlite_immutable(path, read_only, pragmas, timeout, error, key)
        if key is not None and "not a database" in str(error).lower():
            raise _wrong_key(str(path)) from error
        raise _open_problem(error, str(path), writing=not read_only) from error
    _check_key(database)
    return database


def _open_sqlite_immutable(path: Path, read_only: str, pragmas: dict[str, object],
                           timeout: int, first_error: BaseException,
                           key: bytes | None = None) -> SoberhouseSqliteDatabase:
    database = SoberhouseSqliteDatabase(path.resolve().as_uri() + "?mode=ro&immutable=1",
                                        uri=True, pragmas=pragmas, timeout=timeout / 1000)
    database.data_key = key
    database.read_only_reason = read_only
    database.place = str(path)
    database.register_function(_lower, "lower", 1, deterministic=True)
    try:
        database.connect(reuse_if_open=True)
    except (peewee.DatabaseError, *sqlite_driver.ERRORS, OSError) as error:
        raise _open_problem(first_error, str(path), writing=False) from error
    _check_key(database)
    return database


def connect(
    target: str | os.PathLike[str] | None = None, *, migrate: bool = True,
    read_only: bool | str = False, key: bytes | None = None,
) -> peewee.Database:
    """Open the database, bind the models to it and bring its schema up to date.

    ``read_only`` (True, or the reason in words) opens a SQLite file with
    SQLite's ``mode=ro``; a file the user may not write opens so anyway.
    ``key`` (the data key, :mod:`soberhouse.encryption`) opens an encrypted
    file, or makes a new file encrypted from its first byte; without it the
    file is plain SQLite.
    Raises a :class:`~soberhouse.errors.StorageProblem` (``NotOurFile``,
    ``SchemaTooNew``, ``UpgradeNeeded``, ``CannotOpen``...) naming the file.
    """
    resolved = resolve_target(target)
    database: peewee.Database
    if is_url(resolved):
        if key is not None:
            raise CannotOpen("A database server keeps its own encryption: no key is given "
                             "to it.")
        database = _open_postgresql(resolved)
    else:
        path = Path(resolved).expanduser()
        reason = (read_only if isinstance(read_only, str) and read_only
                  else CHOSEN_READ_ONLY if read_only else why_read_only(path))
        database = _open_sqlite(path, reason, key)
    database_proxy.initialize(database)
    try:
        _prepare(database, migrate=migrate)
    except BaseException:
        database.close()
        raise
    return database


def _prepare(database: peewee.Database, *, migrate: bool) -> None:
    """Check the file is ours, switch on write-ahead logging, migrate."""
    from soberhouse.migrations import identify, upgrade

    place = getattr(database, "place", "") or str(database.database)
    writable = not getattr(database, "read_only_reason", None)
    try:
        with allowing_writes():
            identify(database)  # before anything is written to the file
            if isinstance(database, peewee.SqliteDatabase) and writable:
                database.execute_sql("PRAGMA journal_mode = wal")
            if migrate:
                upgrade(database)
    except StorageProblem:
        raise
    except (peewee.DatabaseError, peewee.InterfaceError, *sqlite_driver.ERRORS, OSError) as error:
        if isinstance(database, peewee.PostgresqlDatabase):
            raise _server_problem(error, place) from error
        raise _open_problem(error, place, writing=writable) from error


def close() -> None:
    """Close the data file (this thread's connection), and forget an
    encrypted file's key: a query that slips through afterwards (a timer of a
    window gone) can't open the file again by itself; the next
    :func:`connect` is given the key again."""
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()
    if isinstance(database, SoberhouseSqliteDatabase):
        database.data_key = None


def current() -> peewee.Database:
    database = database_proxy.obj
    if database is None:
        raise RuntimeError("No database is open: call soberhouse.database.connect() first")
    return database
