"""Schema 5: the one write seam's change entries (one row per write: what,
which records, who, when), the history of a house's own fields, and a
version counter on every record a form edits, so that a form opened before
someone else saved is not written back over their change."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

VERSIONED_TABLES = ("house", "tier", "resident", "mentor", "goal", "house_meeting")


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    migrate(*(migrator.add_column(table, "version", pw.IntegerField(default=1))
              for table in VERSIONED_TABLES))

    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class AppUser(Base):
        pass

    class House(Base):
        pass

    class HouseChange(Base):
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField(default=dt.datetime.now)
        house = pw.ForeignKeyField(House, on_delete="CASCADE")
        field_name = pw.CharField(max_length=60)
        old_value = pw.TextField(default="")
        new_value = pw.TextField(default="")

    class ChangeEntry(Base):
        action = pw.CharField(max_length=120)
        details = pw.TextField(default="")
        kinds = pw.CharField(max_length=255, default="")
        resident_ids = pw.TextField(default="")
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField(default=dt.datetime.now, index=True)

    for model in (HouseChange, ChangeEntry):
        model._meta.set_database(database)
    database.create_tables([HouseChange, ChangeEntry])
