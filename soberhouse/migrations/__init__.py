"""Numbered schema migrations, applied at start inside a transaction.

Before anything is changed, :func:`identify` makes sure the file is
Soberhouse's: a SQLite file carries :data:`APPLICATION_ID` in its header
(``PRAGMA application_id``, set when the file is created, and on the first
writable open of a file made before the mark existed), and every table the
steps up to its schema version created must be there.  Another program's
database, or one whose version disagrees with its tables, is refused as it
is (:class:`~soberhouse.errors.NotOurFile`).

Each step is a module ``mNNNN_<what>.py`` in this package, listed in :data:`STEPS`, with a function
``up(migrator, database)``.  The database remembers the number of the last
step applied in the one-row table ``schema_version``.  A step never imports
:mod:`soberhouse.models`: it declares frozen copies of the tables as they were
when it was written, so old steps keep working while the models move on.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

import peewee

from soberhouse.errors import NotOurFile, StorageProblem

APPLICATION_ID = 0x534F4252
"""``PRAGMA application_id`` of every Soberhouse SQLite file ("SOBR")."""


class SchemaTooNew(StorageProblem):
    """The file was written by a newer Soberhouse than this one."""


class UpgradeNeeded(StorageProblem):
    """The file needs updating to this version's schema, and it is open read-only."""


STEPS: tuple[str, ...] = (
    "m0001_initial",
    "m0002_corrections_and_settings",
    "m0003_mentoring",
    "m0004_meetings_and_twelve_step",
    "m0005_change_entries_and_versions",
    "m0006_name_order",
    "m0007_check_in_removal",
    "m0008_accounts_and_audit",
    "m0009_consents",
)
"""Every step, in order.  Listed rather than discovered, so that opening an
up-to-date file imports none of them, and an installer's frozen package needs
no folder scan (a test checks the list against the folder)."""


TABLES_OF_STEP: dict[int, frozenset[str]] = {
    1: frozenset({"app_user", "bed_move", "house", "resident", "schema_version",
                  "sobriety_date_change", "status_change", "stay", "tier", "tier_change"}),
    2: frozenset({"resident_correction", "setting"}),
    3: frozenset({"check_in", "continuing_education", "goal", "goal_status_change", "mentor",
                  "mentor_assignment", "mentor_change", "mentoring_settings",
                  "resident_profile", "staff_certificate"}),
    4: frozenset({"attendance", "attendance_change", "house_meeting", "meeting_change",
                  "motion", "outside_meeting", "report_comment", "sponsor", "step_work"}),
    5: frozenset({"change_entry", "house_change"}),
    6: frozenset(),  # a column: how a resident writes their name
    7: frozenset(),  # columns: a check-in taken out (who, when, why)
    8: frozenset({"user_house", "audit_event"}),
    9: frozenset({"consent", "disclosure"}),
}
"""The tables each step creates, so that opening a file can check them
without importing the steps (a test checks this against the steps)."""


def _number(step: str) -> int:
    return int(step[1:5])


def _load(step: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{step}")


def latest_version() -> int:
    return _number(STEPS[-1])


def _version_table(database: peewee.Database) -> type[peewee.Model]:
    class SchemaVersion(peewee.Model):
        version = peewee.IntegerField()

        class Meta:
            table_name = "schema_version"

    SchemaVersion._meta.set_database(database)
    return SchemaVersion


def current_version(database: peewee.Database) -> int:
    table = _version_table(database)
    if not table.table_exists():
        return 0
    row = table.select(table.version).order_by(table.id.desc()).first()
    return row.version if row else 0


@dataclass(frozen=True)
class FileIdentity:
    """What :func:`identify` found: a Soberhouse file at ``version`` (0: a new,
    empty file), and whether a SQLite file carries the mark yet."""

    version: int
    marked: bool


def _is_sqlite(database: peewee.Database) -> bool:
    return isinstance(database, peewee.SqliteDatabase)


def _place(database: peewee.Database) -> str:
    name = str(database.database)
    return name.removeprefix("file:").partition("?")[0] if _is_sqlite(database) else name


def identify(database: peewee.Database) -> FileIdentity:
    """Check that the database is Soberhouse's, reading only.

    Raises :class:`NotOurFile` for another program's database (another
    application id; tables but no ``schema_version``) and for a file whose
    schema version disagrees with its tables, :class:`SchemaTooNew` for a
    file of a newer Soberhouse.  Nothing is written.
    """
    place = _place(database)
    marked = False
    if _is_sqlite(database):
        application_id = database.execute_sql("PRAGMA application_id").fetchone()[0]
        if application_id not in (0, APPLICATION_ID):
            raise NotOurFile(
                f"{place} is another program's database, not a Soberhouse data file. "
                f"Soberhouse left it as it was. Check the file name (--database), or "
                f"choose a new file to start afresh.")
        marked = application_id == APPLICATION_ID
    tables = set(database.get_tables())
    if not tables - {"schema_version"}:
        return FileIdentity(0, marked)
    if "schema_version" not in tables:
        raise NotOurFile(
            f"{place} holds another program's tables, not Soberhouse's. Soberhouse left "
            f"it as it was. Check the name (--database), or choose a new file or an "
            f"empty database to start afresh.")
    version = current_version(database)
    newest = latest_version()
    if version > newest:
        raise SchemaTooNew(
            f"This data file was written by a newer version of Soberhouse "
            f"(schema {version}; this program knows up to {newest}). "
            f"Please install the newer version."
        )
    expected: set[str] = set()
    for number in range(1, version + 1):
        expected |= TABLES_OF_STEP.get(number, frozenset())
    missing = sorted(expected - tables)
    if version < 1 or missing:
        lacking = (f"lacks the tables {', '.join(missing[:4])}"
                   + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
                   if missing else "has tables but no schema step recorded")
        raise NotOurFile(
            f"{place} says it is a Soberhouse file at schema {version}, but it {lacking}. "
            f"It may be damaged, or changed by another program. Soberhouse left it as it "
            f"was: restore it from a backup.")
    return FileIdentity(version, marked)


def _read_only_reason(database: peewee.Database) -> str | None:
    reason = getattr(database, "read_only_reason", None)
    return reason if isinstance(reason, str) and reason else None


def _back_up_before_upgrade(database: peewee.Database, version: int) -> None:
    """A verified backup of an existing SQLite file before its schema changes
    (:func:`soberhouse.backups.backup_file`, which needs no models), in the
    folder the file's settings name, else beside the file; when both fail, the
    file is not upgraded (:class:`~soberhouse.backups.BackupFailed`)."""
    from pathlib import Path

    from soberhouse import backups

    place = Path(_place(database))
    if not place.is_file():
        return
    reason = f"before-upgrade-from-{version}"
    key = getattr(database, "data_key", None)  # an encrypted file: its backup is too
    try:
        backups.backup_file(place, reason, key=key)
    except backups.BackupFailed:  # the chosen folder (a USB drive) is not there
        backups.backup_file(place, reason, backups.default_folder(place), key=key)


def upgrade(database: peewee.Database, target: int | None = None) -> list[int]:
    """Check the file is ours (:func:`identify`), then apply every step after
    its version (up to ``target``).

    Each step and the version bump run in one transaction: a failing step
    leaves the file exactly as it was before that step.  The first step also
    creates ``schema_version`` and marks a SQLite file as Soberhouse's; an
    older Soberhouse file is marked on its first writable open, and backed
    up (verified) before its first step is applied.  A file
    opened read-only that needs a step is refused (:class:`UpgradeNeeded`).
    """
    identity = identify(database)
    version = identity.version
    is_sqlite = _is_sqlite(database)
    read_only = _read_only_reason(database)
    pending = [(_number(step), step) for step in STEPS
               if _number(step) > version and (target is None or _number(step) <= target)]
    if read_only is not None:
        if pending and version == 0:
            raise UpgradeNeeded(
                f"{_place(database)} is empty: there is nothing to show yet, and it can't "
                f"be set up while it is open read-only ({read_only}). Open it where it can "
                f"be written.")
        if pending:
            raise UpgradeNeeded(
                f"{_place(database)} was written by an older Soberhouse and needs "
                f"updating (schema {version} to {latest_version()}), which can't be done "
                f"while it is open read-only ({read_only}). Open it once where it can be "
                f"written, and Soberhouse will update it.")
        return []
    if is_sqlite and version > 0 and not identity.marked:
        database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    if not pending:
        return []
    if is_sqlite and version > 0:
        _back_up_before_upgrade(database, version)
    table = _version_table(database)
    modules = [(number, _load(step)) for number, step in pending]
    from playhouse.migrate import SchemaMigrator  # only when there is work to do

    migrator = SchemaMigrator.from_database(database)
    if is_sqlite:
        # SQLite rebuilds a table to change a column: with foreign keys on,
        # dropping the old copy would cascade-delete every history row.
        database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        applied = []
        for number, module in modules:
            with database.atomic():
                if not table.table_exists():  # a new file: all in the first step
                    table.create_table()
                    if is_sqlite:
                        database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                module.up(migrator, database)
                if is_sqlite:
                    broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"Schema step {number} broke links: {broken[:5]}")
                table.delete().execute()
                table.create(version=number)
            applied.append(number)
    finally:
        if is_sqlite:
            database.execute_sql("PRAGMA foreign_keys = ON")
    return applied
