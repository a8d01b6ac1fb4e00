"""Schema 2: preferred names, kept corrections of plain fields, settings,
and an index for the likely-duplicate check (same name and date of birth)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("resident", "preferred_name",
                            pw.CharField(max_length=120, default="")),
        migrator.add_index("resident", ("date_of_birth",), False),
    )

    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class AppUser(Base):
        pass

    class Resident(Base):
        pass

    class ResidentCorrection(Base):
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField(default=dt.datetime.now)
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        field_name = pw.CharField(max_length=60)
        old_value = pw.TextField(default="")
        new_value = pw.TextField(default="")

    class Setting(Base):
        key = pw.CharField(max_length=80, primary_key=True)
        value = pw.TextField(default="")

    database.bind([ResidentCorrection, Setting], bind_refs=False, bind_backrefs=False)
    database.create_tables([ResidentCorrection, Setting])
