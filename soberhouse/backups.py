"""Verified backups of the SQLite data file, how long they are kept, and restore.

A backup is a copy of the data file taken with SQLite's online backup API,
a few pages at a time with a short pause between steps (a writer waits at
most one step), inside one read transaction of the data file: the copy is
the data as it stood at one moment, whatever other windows or commands save
meanwhile (write-ahead logging lets them).  The row count of every table is
read in that same transaction.  The copy is written as
``<folder>/.partial-<name>``, then checked: opened read-only,
``PRAGMA integrity_check`` must say ``ok`` and every table must hold the rows
the data file held.  Only then is its manifest written (``<name>.json``
beside it: when, why, size, residents, the last change entry and audit
entry, verified, keep) and the copy renamed to its final name
``soberhouse-2026-12-03-1843-<reason>.sqlite3``.  A file with a final name
is therefore always whole; a copy that fails its check goes to
``<folder>/failed/`` and :class:`BackupFailed` says why: it never counts as
a backup.

The folder: ``backups`` beside the data file, or the one the owner chose
(:func:`set_backup_folder`: a USB drive, a network share).  What is kept
(:func:`prune`, after each backup): the last 10, the newest of each of the
last 14 days, of each of the last 8 weeks (Monday to Sunday) and of each of
the last 24 months, and every backup marked "keep" (:func:`set_keep`).
Failed copies are never removed by the program; :func:`prune` lists them.

When a backup is taken: before every schema upgrade of an existing file
(:mod:`soberhouse.migrations` calls :func:`backup_file` before the models
are bound), before every CSV import (the core's ``apply_*`` import
functions call :func:`backup_before`, so the window and the command line
both get it), before every restore (:func:`restore`), on demand
(``soberhouse backup``), and when the window asks :func:`backup_due` (every
30 minutes and on close, when data changed: :func:`data_changed_since`).

Restore (:func:`restore`) checks the backup, backs up the current file
first, then swaps a verified copy into place with ``os.replace``; the data
file must be closed (the caller closes it and opens it again).

PostgreSQL keeps its data on the server: its backups are the server's
(``pg_dump``), and the functions here say so (:class:`BackupsOnTheServer`).

Encrypted data files (:mod:`soberhouse.encryption`): every function that
opens a backup or the data file takes ``key``, the data key.  The backup of
an encrypted file is encrypted with the same key (the online backup between
two SQLCipher connections keyed alike), and a copy of the key file goes
beside it (``<backup>.sqlite3.keys``, in place before the backup gets its
final name): a backup on a USB stick opens with the same passwords, or the
recovery key, when the computer is gone.  A folder may hold plain backups
(taken before the file was encrypted) beside encrypted ones: a file that
starts as plain SQLite does is opened without the key (:func:`_key_for`).
:func:`_open` is the one place that opens them.  :func:`take_backup`, which
backs up the open file, uses the open file's key when none is given.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from soberhouse import clock, encryption, sqlite_driver
from soberhouse.errors import Problem, RuleViolation, StorageProblem
from soberhouse.sqlite_driver import Connection

BACKUP_FOLDER_KEY = "backup_folder"
"""The ``setting`` row naming the backup folder (empty or absent: the default)."""
DEFAULT_FOLDER_NAME = "backups"
FAILED_FOLDER_NAME = "failed"
PARTIAL_PREFIX = ".partial-"
RESTORING_PREFIX = ".restoring-"
SUFFIX = ".sqlite3"
MANIFEST_SUFFIX = ".json"

PAGES_PER_STEP = 256
"""Pages copied per step of the online backup (1 MB of 4 KB pages)."""
PAUSE_SECONDS = 0.002
"""The pause between two steps, so that a writer is never held up long."""

EVERY = dt.timedelta(minutes=30)
"""While data changes, a backup at most this often (:func:`backup_due`)."""
KEEP_LAST = 10
KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_MONTHLY = 24
LEFTOVER_AGE = dt.timedelta(hours=1)
"""A ``.partial-`` file older than this was left by a backup that stopped
(the computer switched off): :func:`prune` removes it."""

POSTGRESQL_BACKUPS = (
    "Back up the PostgreSQL server with pg_dump (or the server's own backups): the data "
    "lives on the server, and Soberhouse backs up only a SQLite data file.")


class BackupFailed(StorageProblem):
    """A backup (or the backup a restore needs) could not be taken, or failed
    its check: the message says why in words.  Nothing counts as a backup."""


class BackupsOnTheServer(RuleViolation):
    """The data is on a PostgreSQL server, whose backups are the server's."""

    def __init__(self) -> None:
        super().__init__([Problem("", POSTGRESQL_BACKUPS)])


@dataclass(frozen=True)
class BackupRecord:
    """One backup as its manifest describes it (a failed one: ``verified``
    False and ``failure`` saying why)."""

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    residents: int
    last_change_id: int | None
    last_change_at: dt.datetime | None
    last_audit_id: int | None
    schema_version: int
    tables: Mapping[str, int] = field(default_factory=dict)
    verified: bool = True
    keep: bool = False
    failure: str = ""
    encrypted: bool = False

    @property
    def manifest_path(self) -> Path:
        return manifest_of(self.path)

    @property
    def name(self) -> str:
        return self.path.name

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.path.name,
            "taken_at": self.taken_at.isoformat(timespec="microseconds"),
            "reason": self.reason,
            "size": self.size,
            "residents": self.residents,
            "last_change_id": self.last_change_id,
            "last_change_at": (self.last_change_at.isoformat(timespec="seconds")
                               if self.last_change_at else None),
            "last_audit_id": self.last_audit_id,
            "schema_version": self.schema_version,
            "tables": dict(self.tables),
            "verified": self.verified,
            "keep": self.keep,
            "failure": self.failure,
            "encrypted": self.encrypted,
        }

    @classmethod
    def from_json(cls, path: Path, values: Mapping[str, object]) -> BackupRecord:
        def moment(text: object) -> dt.datetime | None:
            return dt.datetime.fromisoformat(str(text)) if text else None

        def number(value: object) -> int | None:
            return int(value) if isinstance(value, int | str) and str(value) else None

        tables = values.get("tables")
        return cls(
            path=path,
            taken_at=moment(values.get("taken_at")) or dt.datetime.min,
            reason=str(values.get("reason", "")),
            size=number(values.get("size")) or 0,
            residents=number(values.get("residents")) or 0,
            last_change_id=number(values.get("last_change_id")),
            last_change_at=moment(values.get("last_change_at")),
            last_audit_id=number(values.get("last_audit_id")),
            schema_version=number(values.get("schema_version")) or 0,
            tables={str(k): int(v) for k, v in tables.items()} if isinstance(tables, dict)
            else {},
            verified=bool(values.get("verified")),
            keep=bool(values.get("keep")),
            failure=str(values.get("failure", "") or ""),
            encrypted=bool(values.get("encrypted")),
        )


def manifest_of(backup: Path) -> Path:
    """``soberhouse-...-manual.json`` beside ``soberhouse-...-manual.sqlite3``."""
    return backup.with_suffix(MANIFEST_SUFFIX)


def key_file_of(backup: Path) -> Path:
    """``soberhouse-...-manual.sqlite3.keys``: the locks on an encrypted
    backup's key, beside it (as beside the data file)."""
    return encryption.key_file_path(backup)


def _companions(backup: Path) -> tuple[Path, Path]:
    """The files that go with a backup wherever it goes: its manifest and
    its key file."""
    return manifest_of(backup), key_file_of(backup)


# ---------------------------------------------------------------- opening files


def _key_for(path: Path, key: bytes | None) -> bytes | None:
    """The key to open ``path`` with: none for a file that is plain SQLite (a
    backup taken before the data file was encrypted), else ``key`` (also for
    a new file, which is made encrypted with it)."""
    if key is None:
        return None
    from soberhouse.database import SQLITE_MAGIC

    try:
        with open(path, "rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError:
        return key
    return None if start == SQLITE_MAGIC else key


def _is_encrypted(path: Path) -> bool:
    """An existing file that is not plain SQLite: an encrypted one."""
    return encryption.is_encrypted(path)


def _open(path: Path, *, read_only: bool, key: bytes | None = None) -> Connection:
    """The one place a data file or a backup is opened for a backup or a
    restore (autocommit: transactions are begun explicitly).  ``key``: the
    SQLCipher key of an encrypted file (None: a plain one; a plain file is
    opened without it, :func:`_key_for`)."""
    key = _key_for(path, key)
    if read_only:
        return sqlite_driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     isolation_level=None, timeout=5, key=key)
    return sqlite_driver.connect(str(path), isolation_level=None, timeout=5, key=key)


@dataclass(frozen=True)
class _Snapshot:
    """What a file holds, read in one transaction."""

    tables: dict[str, int]
    residents: int
    last_change_id: int | None
    last_change_at: dt.datetime | None
    last_audit_id: int | None
    schema_version: int
    backup_folder: str


def _scalar(connection: Connection, sql: str, tables: Iterable[str],
            needs: str) -> object:
    if needs not in tables:
        return None
    row = connection.execute(sql).fetchone()
    return row[0] if row else None


def _read_snapshot(connection: Connection) -> _Snapshot:
    """Every table's row count and what a manifest names (inside the caller's
    read transaction)."""
    names = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    counts = {name: int(connection.execute(
        f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names}  # noqa: S608
    change = (connection.execute("SELECT id, recorded_at FROM change_entry "
                                 "ORDER BY id DESC LIMIT 1").fetchone()
              if "change_entry" in counts else None)
    changed_at = None
    if change and change[1]:
        try:
            changed_at = dt.datetime.fromisoformat(str(change[1])).replace(microsecond=0)
        except ValueError:
            changed_at = None
    folder = _scalar(connection, f"SELECT value FROM setting WHERE key = "
                                 f"'{BACKUP_FOLDER_KEY}'", counts, "setting")
    version = _scalar(connection, "SELECT version FROM schema_version ORDER BY id DESC "
                                  "LIMIT 1", counts, "schema_version")
    last_audit = _scalar(connection, "SELECT MAX(id) FROM audit_event", counts,
                         "audit_event")
    return _Snapshot(
        tables=counts,
        residents=counts.get("resident", 0),
        last_change_id=int(change[0]) if change else None,
        last_change_at=changed_at,
        last_audit_id=int(last_audit) if isinstance(last_audit, int) else None,
        schema_version=int(version) if isinstance(version, int) else 0,
        backup_folder=str(folder or ""),
    )


@contextmanager
def _read_transaction(connection: Connection) -> Iterator[Connection]:
    """One read transaction: what is read inside it is the file at one moment."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        if connection.in_transaction:
            connection.execute("COMMIT")


def _words(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------- where


def default_folder(data_file: Path) -> Path:
    """``backups`` beside the data file."""
    return data_file.expanduser().resolve().parent / DEFAULT_FOLDER_NAME


def _folder_for(data_file: Path, chosen: str) -> Path:
    return Path(chosen).expanduser() if chosen.strip() else default_folder(data_file)


def _open_data_file() -> Path:
    """The open SQLite data file (:class:`BackupsOnTheServer` on PostgreSQL)."""
    import peewee

    from soberhouse import database

    opened = database.current()
    if not isinstance(opened, peewee.SqliteDatabase):
        raise BackupsOnTheServer()
    place = getattr(opened, "place", "") or str(opened.database)
    return Path(place.removeprefix("file:").partition("?")[0])


def open_data_file() -> Path:
    """The path of the open SQLite data file (:class:`BackupsOnTheServer` on
    PostgreSQL)."""
    return _open_data_file()


def backup_folder() -> Path:
    """Where the open data file's backups go: the owner's choice, else
    ``backups`` beside the file."""
    from soberhouse.models import Setting

    data_file = _open_data_file()
    row = Setting.get_or_none(Setting.key == BACKUP_FOLDER_KEY)
    return _folder_for(data_file, row.value if row is not None else "")


def set_backup_folder(folder: str | os.PathLike[str] | None) -> Path:
    """Send the backups to ``folder`` (None or empty: back to the default);
    the owner only.  The folder is made if need be and must be writable.
    Returns the folder now used."""
    from soberhouse import accounts
    from soberhouse.models import Setting
    from soberhouse.recording import one_write

    accounts.require_owner("choose where backups go")
    data_file = _open_data_file()
    chosen = Path(folder).expanduser().resolve() if folder and str(folder).strip() else None
    target = chosen or default_folder(data_file)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / f"{PARTIAL_PREFIX}probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise RuleViolation([Problem(BACKUP_FOLDER_KEY,
                                     f"Backups can't be written in {target} "
                                     f"({_words(error)}). Choose a folder you may write "
                                     f"in.")]) from error
    with one_write(f"set the backup folder to {target}" if chosen
                   else "set the backup folder back to the data file's folder",
                   kinds={"settings"}):
        Setting.put(BACKUP_FOLDER_KEY, str(chosen) if chosen else "")
    return target


# ---------------------------------------------------------------- taking a backup


def _reason_in_name(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return cleaned[:40] or "backup"


def _free_name(folder: Path, taken_at: dt.datetime, reason: str) -> str:
    """``soberhouse-2026-12-03-1843-<reason>.sqlite3``; a second one of the same
    minute and reason gets ``-2``, then ``-3`` (never a number used before:
    names are not reused after a backup is removed)."""
    stem = f"soberhouse-{taken_at:%Y-%m-%d-%H%M}-{_reason_in_name(reason)}"
    names = [p.name for place in (folder, folder / FAILED_FOLDER_NAME) if place.is_dir()
             for p in place.iterdir()]
    pattern = re.compile(rf"(?:{re.escape(PARTIAL_PREFIX)})?{re.escape(stem)}(?:-(\d+))?\.")
    used = [int(match.group(1) or 1) for match in map(pattern.match, names) if match]
    number = max(used, default=0) + 1
    return stem + (f"-{number}" if number > 1 else "") + SUFFIX


def _sync(path: Path) -> None:
    """Make sure ``path`` (a file, or a folder's entries) is on the disk."""
    if path.is_dir() and os.name == "nt":
        return  # Windows can't open a folder to flush it; its renames are journaled
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    handle = os.open(path, flags)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write_manifest(record: BackupRecord) -> None:
    """The manifest, written under a temporary name then renamed."""
    final = record.manifest_path
    partial = final.with_name(PARTIAL_PREFIX + final.name)
    partial.write_text(json.dumps(record.to_json(), indent=2, ensure_ascii=False),
                       encoding="utf-8")
    _sync(partial)
    os.replace(partial, final)


def _copy(source: Connection, destination: Path, key: bytes | None) -> None:
    """The online backup of ``source`` (inside its read transaction) into the
    new file ``destination``, a single file (no write-ahead log) when done."""
    with closing(_open(destination, read_only=False, key=key)) as copy:
        # sqlite3's own ``sleep`` only waits when a step finds the file busy:
        # the pause between steps is taken in the progress call after each.
        source.backup(copy, pages=PAGES_PER_STEP,
                      progress=lambda _status, _left, _total: time.sleep(PAUSE_SECONDS))
        copy.execute("PRAGMA journal_mode = DELETE")


def _problem_with_copy(path: Path, expected: Mapping[str, int], key: bytes | None,
                       ) -> str | None:
    """Why the copy at ``path`` is not a good backup (None: it is): its
    integrity check, then every table's row count against ``expected``."""
    try:
        with closing(_open(path, read_only=True, key=key)) as copy:
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                return (f"its integrity check found {len(problems)} "
                        f"problem{'s' if len(problems) != 1 else ''}, the first: "
                        f"{problems[0]}")
            with _read_transaction(copy):
                found = _read_snapshot(copy).tables
    except sqlite_driver.ERRORS as error:
        return f"it can't be read ({_words(error)})"
    missing = sorted(set(expected) - set(found))
    if missing:
        return f"it lacks the table{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    for table, rows in sorted(expected.items()):
        if found[table] != rows:
            return (f"its table {table} holds {found[table]:,} rows where the data file "
                    f"held {rows:,}")
    extra = sorted(set(found) - set(expected))
    if extra:
        return f"it holds tables the data file did not ({', '.join(extra)})"
    return None


def _put_aside(partial: Path, folder: Path, name: str, record: BackupRecord,
               why: str) -> BackupFailed:
    """Move a copy that failed its check to ``failed/``, with its manifest."""
    failed_folder = folder / FAILED_FOLDER_NAME
    where = failed_folder / name
    try:
        failed_folder.mkdir(parents=True, exist_ok=True)
        if partial.exists():
            os.replace(partial, where)
        partial_keys = key_file_of(partial)
        if partial_keys.exists():
            os.replace(partial_keys, key_file_of(where))
        _write_manifest(replace(record, path=where, verified=False, failure=why,
                                size=where.stat().st_size if where.exists() else 0))
        kept = f" The copy was put aside in {failed_folder}."
    except OSError:
        partial.unlink(missing_ok=True)
        kept = ""
    return BackupFailed(f"The backup {name} failed its check: {why}. It does not count as "
                        f"a backup.{kept} Try again; if it fails again, check the disk "
                        f"holding {folder}.")


def backup_file(data_file: str | os.PathLike[str], reason: str,
                folder: str | os.PathLike[str] | None = None, *, keep: bool = False,
                key: bytes | None = None) -> BackupRecord:
    """Back up the SQLite file ``data_file`` into ``folder`` (default: the
    folder its settings name, else ``backups`` beside it), verified, then
    apply the retention (:func:`prune`).  Needs no open database: the schema
    upgrade calls it before the models are bound.  Raises
    :class:`BackupFailed` (the reason in words) when the copy can't be made
    or fails its check."""
    source_path = Path(data_file).expanduser()
    if not source_path.is_file():
        raise BackupFailed(f"There is no data file {source_path} to back up.")
    key = _key_for(source_path, key)
    if key is None and _is_encrypted(source_path):
        raise BackupFailed(f"{source_path} is encrypted: Soberhouse backs it up only while "
                           f"it is open, signed in. Nothing was copied.")
    keys = _key_file_to_copy(source_path, key)
    partial: Path | None = None
    try:
        with closing(_open(source_path, read_only=False, key=key)) as source:
            with _read_transaction(source):  # the counts and the copy agree
                snapshot = _read_snapshot(source)
                target = (Path(folder).expanduser() if folder is not None
                          else _folder_for(source_path, snapshot.backup_folder))
                target.mkdir(parents=True, exist_ok=True)
                # To the microsecond: backups of one second keep their order.
                taken_at = clock.now().replace(microsecond=dt.datetime.now().microsecond)
                name = _free_name(target, taken_at, reason)
                partial = target / (PARTIAL_PREFIX + name)
                _copy(source, partial, key)
    except (*sqlite_driver.ERRORS, OSError) as error:
        if partial is not None:
            _remove_partial(partial)
        raise BackupFailed(f"The backup of {source_path} could not be taken "
                           f"({_words(error)}). Check that the backup folder is there "
                           f"and has room, then try again.") from error
    record = BackupRecord(
        path=target / name, taken_at=taken_at, reason=reason, size=partial.stat().st_size,
        residents=snapshot.residents, last_change_id=snapshot.last_change_id,
        last_change_at=snapshot.last_change_at, last_audit_id=snapshot.last_audit_id,
        schema_version=snapshot.schema_version, tables=snapshot.tables, keep=keep,
        encrypted=key is not None)
    try:
        if keys is not None:  # beside the copy, whether it passes its check or not
            keys.copy_to(key_file_of(partial))
    except OSError as error:
        _remove_partial(partial)
        raise BackupFailed(f"The key file of the backup {name} could not be written in "
                           f"{target} ({_words(error)}). Check the disk, then try "
                           f"again.") from error
    why = _problem_with_copy(partial, snapshot.tables, key)
    if why is not None:
        raise _put_aside(partial, target, name, record, why)
    try:
        _sync(partial)
        if keys is not None:  # a backup with its final name always has its key file
            os.replace(key_file_of(partial), key_file_of(record.path))
        _write_manifest(record)
        os.replace(partial, record.path)
        _sync(target)
    except OSError as error:
        _remove_partial(partial)
        raise BackupFailed(f"The backup {name} could not be saved in {target} "
                           f"({_words(error)}). Check the disk, then try again.") from error
    prune(target)
    return record


def _key_file_to_copy(data_file: Path, key: bytes | None) -> encryption.KeyFile | None:
    """The key file of an encrypted ``data_file`` (None for a plain one), to
    copy beside its backup; :class:`BackupFailed` when it is missing or
    damaged (a backup nobody could open would be no backup)."""
    if key is None:
        return None
    try:
        return encryption.KeyFile.read(data_file)
    except StorageProblem as problem:
        raise BackupFailed(f"No backup was taken: {problem.message}") from problem


def _remove_partial(partial: Path) -> None:
    """A copy that will not be a backup, with its journal and key file."""
    for path in (partial, Path(f"{partial}-journal"), key_file_of(partial)):
        path.unlink(missing_ok=True)


_paused = 0


@contextmanager
def automatic_backups_paused() -> Iterator[None]:
    """For the benchmarks that time an import alone: :func:`backup_before`
    takes no backup inside the block.  Nothing in the program uses it."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def take_backup(reason: str = "manual", folder: str | os.PathLike[str] | None = None, *,
                keep: bool = False, key: bytes | None = None) -> BackupRecord:
    """Back up the open SQLite data file (see :func:`backup_file`), noted in
    the audit trail first, so the copy holds its own entry (and, if it fails,
    the failure is noted too).  No role check: the program's own backups
    (before an import, on close) are taken whoever is signed in; the command
    that takes one on demand is the owner's (:func:`require_may_back_up`).
    ``key``: the open file's own (:func:`soberhouse.database.open_data_key`)
    when not given."""
    from soberhouse import audit, database

    data_file = _open_data_file()
    key = key if key is not None else database.open_data_key()
    target = Path(folder).expanduser() if folder is not None else backup_folder()
    audit.record(audit.Action.BACKED_UP, f"Backup taken ({reason}) in {target}",
                 details={"reason": reason, "folder": str(target)})
    try:
        return backup_file(data_file, reason, target, keep=keep, key=key)
    except BackupFailed as failed:
        audit.record(audit.Action.BACKUP_FAILED, failed.message[:2000],
                     details={"reason": reason, "folder": str(target)})
        raise


def backup_before(what: str) -> BackupRecord | None:
    """The backup before ``what`` ("import"): taken for a writable SQLite
    data file; nothing on PostgreSQL (the server's backups) or read-only.
    A backup that fails stops what was to follow (:class:`BackupFailed`)."""
    from soberhouse import database

    if _paused or database.is_read_only():
        return None
    try:
        _open_data_file()
    except BackupsOnTheServer:
        return None
    return take_backup(f"before-{what}")


def require_may_back_up() -> None:
    """Backups on demand and restores copy every house's records: the owner's."""
    from soberhouse import accounts

    accounts.require_owner("take or restore backups: a backup holds every house's records")


# ---------------------------------------------------------------- when


def data_changed_since(last: BackupRecord | None) -> bool:
    """Whether the open data file holds a change entry or an audit entry the
    backup ``last`` does not (None: any data at all).  The newest ids tell it
    for every connection, this one's and other windows' and commands', in two
    indexed queries (SQLite's ``data_version`` would tell only the others')."""
    from soberhouse.models import ChangeEntry
    from soberhouse.models.audit import AuditEvent

    change = ChangeEntry.select(ChangeEntry.id).order_by(ChangeEntry.id.desc()).scalar()
    event = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).scalar()
    if last is None:
        return change is not None or event is not None
    return (change or 0) > (last.last_change_id or 0) or (event or 0) > (last.last_audit_id
                                                                         or 0)


def backup_due(last: BackupRecord | None, data_changed: bool, *,
               now: dt.datetime | None = None, closing_now: bool = False) -> bool:
    """Whether the window should take a backup now: only when data changed
    since ``last``; then on close (``closing_now``), when there is no backup
    yet, or when ``last`` is :data:`EVERY` (30 minutes) old."""
    if not data_changed:
        return False
    if closing_now or last is None:
        return True
    return (now or clock.now()) - last.taken_at >= EVERY


STALE_AFTER = dt.timedelta(days=1)
"""Today names the backups when the last verified one is older than this."""


def backup_warning(now: dt.datetime | None = None) -> str | None:
    """What Today says about the open data file's backups, or None when all
    is well: the backup folder missing (a USB drive not plugged in), no
    verified backup yet, or the last one older than a day.  None on
    PostgreSQL (the server's backups)."""
    try:
        folder = backup_folder()
    except BackupsOnTheServer:
        return None
    chosen = folder != default_folder(_open_data_file())  # the default is made when needed
    if chosen and not folder.is_dir():
        return (f"The backup folder {folder} is missing: plug in the drive, or choose "
                f"another folder, then take a backup.")
    last = last_backup(folder)
    if last is None:
        return "No backup of this data file has been taken yet: take one now."
    age = (now or clock.now()) - last.taken_at
    if age > STALE_AFTER:
        return (f"The last backup that passed its check is {age.days} "
                f"day{'s' if age.days != 1 else ''} old ({last.taken_at:%Y-%m-%d %H:%M}): "
                f"take one now.")
    return None


# ---------------------------------------------------------------- the list


def _read_manifest(path: Path) -> BackupRecord | None:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(values, dict) or not isinstance(values.get("file"), str):
        return None
    return BackupRecord.from_json(path.with_name(values["file"]), values)


def backups_in(folder: str | os.PathLike[str]) -> list[BackupRecord]:
    """Every backup in ``folder`` and its ``failed/``, newest first.  A backup
    file without a manifest is listed as not verified; a manifest without its
    file (a backup that stopped before its rename) is not listed."""
    folder = Path(folder)
    records: list[BackupRecord] = []
    for place in (folder, folder / FAILED_FOLDER_NAME):
        if not place.is_dir():
            continue
        described = set()
        for manifest in place.glob(f"*{MANIFEST_SUFFIX}"):
            if manifest.name.startswith(PARTIAL_PREFIX):
                continue
            record = _read_manifest(manifest)
            if record is not None and record.path.is_file():
                if place != folder and record.verified:
                    record = replace(record, verified=False,
                                     failure=record.failure or "put aside")
                records.append(record)
                described.add(record.path.name)
        for file in place.glob(f"soberhouse-*{SUFFIX}"):
            if file.name not in described:
                stat = file.stat()
                records.append(BackupRecord(
                    path=file, taken_at=dt.datetime.fromtimestamp(stat.st_mtime).replace(
                        microsecond=0), reason="", size=stat.st_size, residents=0,
                    last_change_id=None, last_change_at=None, last_audit_id=None,
                    schema_version=0, verified=False,
                    failure="no manifest: not checked by Soberhouse"))
    return sorted(records, key=lambda r: (r.taken_at, r.name), reverse=True)


def list_backups(folder: str | os.PathLike[str] | None = None) -> list[BackupRecord]:
    """The open data file's backups (:func:`backups_in` its backup folder)."""
    return backups_in(folder if folder is not None else backup_folder())


def last_backup(folder: str | os.PathLike[str] | None = None) -> BackupRecord | None:
    """The newest verified backup of the open data file, or None."""
    return next((r for r in list_backups(folder) if r.verified), None)


def set_keep(backup: str | os.PathLike[str], keep: bool = True) -> BackupRecord:
    """Mark a backup "keep" (retention never removes it) or unmark it."""
    path = Path(backup)
    record = _read_manifest(manifest_of(path))
    if record is None or not record.path.is_file():
        raise BackupFailed(f"{path} is not a backup Soberhouse took (it has no manifest).")
    record = replace(record, keep=keep)
    _write_manifest(record)
    return record


# ---------------------------------------------------------------- retention


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _months_back(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def backups_to_keep(records: Sequence[BackupRecord], now: dt.datetime,
                    ) -> list[BackupRecord]:
    """The verified backups retention keeps at ``now``, newest first: the
    last :data:`KEEP_LAST`; the newest of each of the last 14 days (today
    and the 13 before), of each of the last 8 weeks (Monday to Sunday, this
    week included) and of each of the last 24 months (this month included);
    and every one marked keep.  Failed ones are not for it to judge: they
    are never in the list, nor removed."""
    verified = sorted((r for r in records if r.verified), key=lambda r: r.taken_at,
                      reverse=True)
    today = now.date()
    days = {today - dt.timedelta(days=n) for n in range(KEEP_DAILY)}
    weeks = {_week_start(today) - dt.timedelta(weeks=n) for n in range(KEEP_WEEKLY)}
    months = {_months_back(today, n) for n in range(KEEP_MONTHLY)}
    kept: dict[Path, BackupRecord] = {r.path: r for r in verified[:KEEP_LAST]}
    newest_of: dict[object, BackupRecord] = {}
    for record in verified:  # newest first: the first seen in a period is its newest
        day = record.taken_at.date()
        for period in (("day", day) if day in days else None,
                       ("week", _week_start(day)) if _week_start(day) in weeks else None,
                       ("month", (day.year, day.month)) if (day.year, day.month) in months
                       else None):
            if period is not None and period not in newest_of:
                newest_of[period] = record
        if record.keep:
            kept[record.path] = record
    kept.update({r.path: r for r in newest_of.values()})
    return sorted(kept.values(), key=lambda r: r.taken_at, reverse=True)


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune` did: the backups removed and kept, the failed
    copies it left (to report), and the leftovers of stopped backups removed."""

    removed: tuple[BackupRecord, ...]
    kept: tuple[BackupRecord, ...]
    failed: tuple[BackupRecord, ...]
    leftovers: tuple[Path, ...]


def prune(folder: str | os.PathLike[str], now: dt.datetime | None = None) -> Pruned:
    """Remove the verified backups in ``folder`` that retention does not keep
    (:func:`backups_to_keep`), with their manifests; and the ``.partial-``
    files of backups that stopped over an hour ago.  Files without a
    manifest and failed copies are left as they are (failed ones reported)."""
    folder = Path(folder)
    moment = now or clock.now()
    records = backups_in(folder)
    in_folder = [r for r in records if r.path.parent == folder]
    kept = backups_to_keep(in_folder, moment)
    keep_paths = {r.path for r in kept}
    removed = []
    for record in in_folder:
        if record.verified and record.path not in keep_paths:
            record.path.unlink(missing_ok=True)
            for companion in _companions(record.path):
                companion.unlink(missing_ok=True)
            removed.append(record)
    leftovers = []

    def old(path: Path) -> bool:
        try:
            return moment.timestamp() - path.stat().st_mtime > LEFTOVER_AGE.total_seconds()
        except FileNotFoundError:
            return False

    # .partial- copies (and their key files), key files being written
    # (KeyFile.write's "<name>.keys.<random>.partial"), key files whose backup
    # never got its final name: left by a backup that stopped.
    for leftover in [*folder.glob(f"{PARTIAL_PREFIX}*"),
                     *folder.glob(f"*{encryption.KEY_FILE_SUFFIX}.*.partial"),
                     *(keys for keys in folder.glob(f"soberhouse-*{SUFFIX}"
                                                    f"{encryption.KEY_FILE_SUFFIX}")
                       if not keys.with_suffix("").exists())]:
        if old(leftover):
            leftover.unlink(missing_ok=True)
            leftovers.append(leftover)
    for manifest in folder.glob(f"*{MANIFEST_SUFFIX}"):  # a backup stopped before its rename
        described = _read_manifest(manifest)
        if (described is not None and not described.path.exists()
                and moment.timestamp() - manifest.stat().st_mtime
                > LEFTOVER_AGE.total_seconds()):
            manifest.unlink(missing_ok=True)
            leftovers.append(manifest)
    failed = tuple(r for r in records if not r.verified)
    return Pruned(tuple(removed), tuple(kept), failed, tuple(leftovers))


# ---------------------------------------------------------------- checking, comparing


def check_backup(backup: str | os.PathLike[str], key: bytes | None = None) -> BackupRecord:
    """Check the backup file ``backup`` as a restore needs it: Soberhouse's,
    ``integrity_check`` ok, and the row counts its manifest gives (when it
    has one).  Its record; :class:`BackupFailed` saying why otherwise."""
    path = Path(backup).expanduser()
    if not path.is_file():
        raise BackupFailed(f"There is no backup {path}.")
    described = _read_manifest(manifest_of(path))
    encrypted = _is_encrypted(path)
    if encrypted and key is None:
        raise BackupFailed(f"The backup {path.name} is encrypted: it opens with the data "
                           f"file's key, after signing in (its key file "
                           f"{key_file_of(path).name} is beside it). Nothing was read.")
    try:
        with closing(_open(path, read_only=True, key=key)) as copy, _read_transaction(copy):
            snapshot = _read_snapshot(copy)
    except sqlite_driver.ERRORS as error:
        if encrypted and "not a database" in str(error).lower():
            raise BackupFailed(f"The backup {path.name} does not open with this data file's "
                               f"key: it is damaged, or it belongs to another data file (its "
                               f"key file {key_file_of(path).name} opens it with the "
                               f"passwords it knows). Choose another backup.") from error
        raise BackupFailed(f"{path} can't be read as a backup ({_words(error)}): it is "
                           f"damaged, or not a Soberhouse file. Choose another backup.") from error
    if "schema_version" not in snapshot.tables or snapshot.schema_version < 1:
        raise BackupFailed(f"{path} is not a Soberhouse backup. Choose another backup.")
    expected = described.tables if described is not None and described.tables else (
        snapshot.tables)
    why = _problem_with_copy(path, expected, key)
    if why is not None:
        raise BackupFailed(f"The backup {path.name} is damaged: {why}. Choose another "
                           f"backup.")
    if described is not None:
        return replace(described, path=path, verified=True, encrypted=encrypted,
                       schema_version=snapshot.schema_version)  # the file's own word
    return BackupRecord(
        path=path, taken_at=dt.datetime.fromtimestamp(path.stat().st_mtime).replace(
            microsecond=0), reason="", size=path.stat().st_size,
        residents=snapshot.residents, last_change_id=snapshot.last_change_id,
        last_change_at=snapshot.last_change_at, last_audit_id=snapshot.last_audit_id,
        schema_version=snapshot.schema_version, tables=snapshot.tables, verified=True,
        encrypted=encrypted)


@dataclass(frozen=True)
class LastChange:
    at: dt.datetime | None
    who: str
    what: str


@dataclass(frozen=True)
class Holdings:
    """What a file holds, for the restore question."""

    residents: int
    active_residents: int
    change_entries: int
    last_changes: tuple[LastChange, ...]
    schema_version: int


@dataclass(frozen=True)
class Comparison:
    backup: BackupRecord
    in_backup: Holdings
    in_current: Holdings | None  # None: no current file


def _holdings(path: Path, key: bytes | None, last: int) -> Holdings:
    with closing(_open(path, read_only=True, key=key)) as connection, \
            _read_transaction(connection):
        snapshot = _read_snapshot(connection)
        tables = snapshot.tables
        active = (connection.execute("SELECT COUNT(*) FROM resident WHERE status = 'active'")
                  .fetchone()[0] if "resident" in tables else 0)
        rows = []
        if "change_entry" in tables:
            who = ("COALESCE(u.username, '')" if "app_user" in tables else "''")
            join = ("LEFT JOIN app_user u ON u.id = c.recorded_by_id" if "app_user" in tables
                    else "")
            rows = connection.execute(
                f"SELECT c.recorded_at, {who}, c.action FROM change_entry c {join} "  # noqa: S608
                f"ORDER BY c.id DESC LIMIT ?", (last,)).fetchall()

    def moment(text: object) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str(text)).replace(microsecond=0)
        except ValueError:
            return None

    return Holdings(snapshot.residents, int(active), tables.get("change_entry", 0),
                    tuple(LastChange(moment(at), str(who), str(what))
                          for at, who, what in rows), snapshot.schema_version)


def compare(backup: str | os.PathLike[str], current: str | os.PathLike[str],
            *, key: bytes | None = None, last: int = 5) -> Comparison:
    """What the backup holds against the current data file ``current``
    (residents, the ``last`` change entries with their dates), for the
    question before a restore.  The backup is checked first
    (:func:`check_backup`)."""
    record = check_backup(backup, key)
    current_path = Path(current).expanduser()
    try:
        in_current = _holdings(current_path, key, last) if current_path.is_file() else None
    except sqlite_driver.ERRORS:
        in_current = None  # a damaged current file: all the more reason to restore
    return Comparison(record, _holdings(record.path, key, last), in_current)


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    """What :func:`restore` did: the backup put in place, and the current
    file's own backup taken first (or, when that file was too damaged to back
    up, where its bytes were kept as they were)."""

    backup: BackupRecord
    target: Path
    before_restore: BackupRecord | None
    kept_as_it_was: Path | None = None


def _keep_as_it_was(target: Path, folder: Path) -> Path:
    """A damaged data file that can't be backed up: its bytes (and its
    write-ahead log) copied aside into ``failed/``."""
    failed = folder / FAILED_FOLDER_NAME
    failed.mkdir(parents=True, exist_ok=True)
    name = _free_name(failed, clock.now(), "before-restore-as-it-was")
    kept = failed / name
    shutil.copy2(target, kept)
    for suffix in ("-wal", encryption.KEY_FILE_SUFFIX):
        companion = Path(f"{target}{suffix}")
        if companion.exists():
            shutil.copy2(companion, Path(f"{kept}{suffix}"))
    return kept


def _configured_folder(target: Path, key: bytes | None) -> Path:
    try:
        with closing(_open(target, read_only=True, key=key)) as connection:
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            chosen = _scalar(connection, f"SELECT value FROM setting WHERE key = "
                                         f"'{BACKUP_FOLDER_KEY}'", tables, "setting")
    except sqlite_driver.ERRORS:
        chosen = None
    return _folder_for(target, str(chosen or ""))


def _close_log(target: Path, key: bytes | None) -> None:
    """Fold the target's write-ahead log into it (SQLite removes the log when
    the last connection closes); refuse when another connection still has
    the file open (its log is still there after ours closed)."""
    try:
        with closing(_open(target, read_only=False, key=key)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite_driver.ERRORS:
        return  # a damaged file: its bytes and its log were kept aside, both are replaced
    if Path(f"{target}-wal").exists():
        raise BackupFailed(f"{target} is still open (in a Soberhouse window or another "
                           f"program): close it, then restore again. Nothing was changed.")


def restore(backup: str | os.PathLike[str], target: str | os.PathLike[str], *,
            folder: str | os.PathLike[str] | None = None,
            key: bytes | None = None) -> Restored:
    """Put the backup ``backup`` in place of the data file ``target``.

    The caller closes the data file first (and opens it again after): the
    swap replaces the file, and its write-ahead log must not outlive it.
    Steps: the backup is checked (:func:`check_backup`); the current file is
    backed up (reason "before-restore", marked keep; when it is too damaged
    for that, its bytes are kept as they were in ``failed/``); a verified
    copy of the backup is made beside the target; the target's log is
    folded in and removed; the copy replaces the target (``os.replace``, so
    the file is either the old one or the restored one, never half of each).

    An encrypted backup (``key``: the data key it opens with) is restored
    with its own key file: a copy of it replaces the data file's key file
    (kept first with the current file's backup), just before the data file
    is replaced; the restored file opens with the passwords its backup knew
    (a backup copied without its key file keeps the data file's, which
    locks the same key).
    A plain backup restored over an encrypted file leaves a plain file: the
    data file's key file goes (its copy is kept with that backup).
    """
    from soberhouse.migrations import latest_version

    if "://" in str(target):
        raise BackupsOnTheServer()
    record = check_backup(backup, key)
    if record.schema_version > latest_version():
        raise BackupFailed(f"The backup {record.name} was written by a newer version of "
                           f"Soberhouse (schema {record.schema_version}; this program knows "
                           f"up to {latest_version()}): install the newer version to restore "
                           f"it. Nothing was changed.")
    target_path = Path(target).expanduser()
    backup_key = _key_for(record.path, key)
    new_keys = _key_file_for_restore(record, backup_key, target_path)
    destination = (Path(folder).expanduser() if folder is not None
                   else _configured_folder(target_path, key) if target_path.is_file()
                   else default_folder(target_path))
    before: BackupRecord | None = None
    as_it_was: Path | None = None
    if target_path.is_file() and target_path.stat().st_size > 0:
        try:
            before = backup_file(target_path, "before-restore", destination, keep=True,
                                 key=key)
        except BackupFailed:
            as_it_was = _keep_as_it_was(target_path, destination)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    copy = target_path.with_name(RESTORING_PREFIX + target_path.name)
    copy.unlink(missing_ok=True)
    target_keys = encryption.key_file_path(target_path)
    old_keys = target_keys.read_bytes() if target_keys.is_file() else None
    keys_replaced = False
    try:
        with closing(_open(record.path, read_only=True, key=backup_key)) as source, \
                _read_transaction(source):
            _copy(source, copy, backup_key)
        why = _problem_with_copy(copy, record.tables or check_backup(record.path, key).tables,
                                 backup_key)
        if why is not None:
            raise BackupFailed(f"The copy of {record.name} made for the restore failed its "
                               f"check: {why}. Nothing was changed: check the disk holding "
                               f"{target_path.parent}, then try again.")
        if new_keys is not None:
            new_keys.copy_to(key_file_of(copy))
        _sync(copy)
        if target_path.exists():
            _close_log(target_path, key)
        keys_replaced = True
        if new_keys is not None:
            os.replace(key_file_of(copy), target_keys)
        elif backup_key is None:  # a plain file restored: no key file beside it
            target_keys.unlink(missing_ok=True)
        # else: the data file's own key file stays, and opens the restored file
        os.replace(copy, target_path)
        keys_replaced = False  # done: the restored file and its key file are in place
        for suffix in ("-wal", "-shm", "-journal"):  # the old file's, if it was damaged
            Path(f"{target_path}{suffix}").unlink(missing_ok=True)
        _sync(target_path.parent)
    except (*sqlite_driver.ERRORS, OSError, StorageProblem) as error:
        if keys_replaced:  # the data file was not replaced: nor is its key file
            _put_back_key_file(target_keys, old_keys)
        if isinstance(error, BackupFailed):
            raise
        words = error.message if isinstance(error, StorageProblem) else _words(error)
        raise BackupFailed(f"The restore of {record.name} could not be finished "
                           f"({words}); the data file was left as it was.") from error
    finally:
        _remove_partial(copy)
    return Restored(record, target_path, before, as_it_was)


def _key_file_for_restore(record: BackupRecord, backup_key: bytes | None,
                          target: Path) -> encryption.KeyFile | None:
    """The key file to put beside the restored file: the backup's own (None
    for a plain backup, or when the backup came without it but the data
    file's key file locks the same key, the one that opened the backup);
    :class:`BackupFailed`, before anything is changed, when neither is there."""
    if backup_key is None:
        return None
    if key_file_of(record.path).exists():
        try:
            return encryption.KeyFile.read(record.path)
        except StorageProblem as problem:
            raise BackupFailed(f"The backup {record.name} can't be restored: "
                               f"{problem.message} Nothing was changed.") from problem
    if encryption.key_file_path(target).is_file():
        return None
    raise BackupFailed(f"The backup {record.name} is encrypted and its key file "
                       f"{key_file_of(record.path).name} is not beside it: copy it from where "
                       f"the backup came from, then restore again. Nothing was changed.")


def _put_back_key_file(path: Path, held: bytes | None) -> None:
    """The data file's key file as it was before a restore that stopped."""
    if held is None:
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(PARTIAL_PREFIX + path.name)
    partial.write_bytes(held)
    os.replace(partial, path)
