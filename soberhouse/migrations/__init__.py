"""Numbered schema migrations, applied at start inside a transaction.

Each step is a module ``mNNNN_<what>.py`` in this package, listed in :data:`STEPS`, with a function
``up(migrator, database)``.  The database remembers the number of the last
step applied in the one-row table ``schema_version``.  A step never imports
:mod:`soberhouse.models`: it declares frozen copies of the tables as they were
when it was written, so old steps keep working while the models move on.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import peewee


class SchemaTooNew(Exception):
    """The file was written by a newer Soberhouse than this one."""


STEPS: tuple[str, ...] = (
    "m0001_initial",
    "m0002_corrections_and_settings",
    "m0003_mentoring",
    "m0004_meetings_and_twelve_step",
    "m0005_change_entries_and_versions",
)
"""Every step, in order.  Listed rather than discovered, so that opening an
up-to-date file imports none of them, and an installer's frozen package needs
no folder scan (a test checks the list against the folder)."""


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


def upgrade(database: peewee.Database, target: int | None = None) -> list[int]:
    """Apply every step after the database's version (up to ``target``).

    Each step and the version bump run in one transaction: a failing step
    leaves the file exactly as it was before that step.
    """
    table = _version_table(database)
    table.create_table(safe=True)
    version = current_version(database)
    newest = latest_version()
    if version > newest:
        raise SchemaTooNew(
            f"This data file was written by a newer version of Soberhouse "
            f"(schema {version}; this program knows up to {newest}). "
            f"Please install the newer version."
        )
    pending = [(_number(step), _load(step)) for step in STEPS
               if _number(step) > version and (target is None or _number(step) <= target)]
    if not pending:
        return []
    from playhouse.migrate import SchemaMigrator  # only when there is work to do

    migrator = SchemaMigrator.from_database(database)
    is_sqlite = isinstance(database, peewee.SqliteDatabase)
    if is_sqlite:
        # SQLite rebuilds a table to change a column: with foreign keys on,
        # dropping the old copy would cascade-delete every history row.
        database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        applied = []
        for number, module in pending:
            with database.atomic():
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
