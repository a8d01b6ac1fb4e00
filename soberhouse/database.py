"""Where the data lives: the database is opened here and nowhere else.

The default is an embedded SQLite file in the user's data folder.  A URL
(``postgresql://user:pass@host/dbname``) opens PostgreSQL instead; the models
and queries are the same.  Opening applies any pending migrations.
"""

from __future__ import annotations

import os
from pathlib import Path

import peewee

from soberhouse.models import database_proxy
from soberhouse.recording import allowing_writes, check_statement

ENVIRONMENT_VARIABLE = "SOBERHOUSE_DATABASE"
DEFAULT_FILE_NAME = "soberhouse.sqlite3"

SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "busy_timeout": 5000,
    "synchronous": "full",
    "cache_size": -16000,
}


class _WritesThroughTheSeam:
    """Refuses ``INSERT``/``UPDATE``/``DELETE`` when no write seam is open
    (:func:`soberhouse.recording.check_statement`)."""

    def execute_sql(self, sql: str, params: object = None) -> object:
        check_statement(sql)
        return super().execute_sql(sql, params)  # type: ignore[misc]


class SoberhouseSqliteDatabase(_WritesThroughTheSeam, peewee.SqliteDatabase):
    pass


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


def connect(
    target: str | os.PathLike[str] | None = None, *, migrate: bool = True
) -> peewee.Database:
    """Open the database, bind the models to it and bring its schema up to date."""
    resolved = resolve_target(target)
    database: peewee.Database
    if is_url(resolved):
        from playhouse.db_url import parse

        if not resolved.startswith(("postgres://", "postgresql://")):
            raise OSError(f"Soberhouse opens a SQLite file or a postgresql:// URL, "
                          f"not {describe(resolved)}.")
        try:
            import psycopg2  # noqa: F401
        except ImportError as missing:
            raise OSError(
                "PostgreSQL needs its driver: install Soberhouse with "
                "pip install \"soberhouse[postgresql]\" (or psycopg2-binary).") from missing
        database = SoberhousePostgresqlDatabase(**parse(resolved))
    else:
        path = Path(resolved).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        database = SoberhouseSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
        # SQLite's own LOWER() folds only ASCII; PostgreSQL's folds every
        # letter.  Names like "ZOË" must compare the same on both.
        database.register_function(_lower, "lower", 1, deterministic=True)
    database.connect(reuse_if_open=True)
    database_proxy.initialize(database)
    if migrate:
        from soberhouse.migrations import upgrade

        with allowing_writes():
            upgrade(database)
    return database


def close() -> None:
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()


def current() -> peewee.Database:
    database = database_proxy.obj
    if database is None:
        raise RuntimeError("No database is open: call soberhouse.database.connect() first")
    return database
