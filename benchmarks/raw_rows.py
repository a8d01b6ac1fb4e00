"""Rows written straight through sqlite3 (``executemany``), the fastest way to
build a large benchmark database, that still fill every column the models
added since the builder was written (``version``, ``name_order``...) with the
model's default."""

from __future__ import annotations

from soberhouse import sqlite_driver
from collections.abc import Sequence
from typing import Any

import peewee


def insert_rows(connection: sqlite_driver.Connection, model: type[peewee.Model],
                columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``INSERT INTO model's table (columns..., every defaulted column left out)``."""
    given = set(columns)
    extra = [field for field in model._meta.sorted_fields
             if field.column_name not in given and not field.primary_key
             and field.default is not None]
    values = [field.default() if callable(field.default) else field.db_value(field.default)
              for field in extra]
    names = [*columns, *(field.column_name for field in extra)]
    marks = ",".join("?" * len(names))
    connection.executemany(
        f"INSERT INTO {model._meta.table_name} ({', '.join(names)}) VALUES ({marks})",
        [(*row, *values) for row in rows])
