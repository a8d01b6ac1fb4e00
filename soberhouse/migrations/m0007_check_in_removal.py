"""Schema 7: a check-in logged by mistake is taken out, not deleted (goal
reviews point at it, and the history keeps it): ``removed_at`` /
``removed_by`` / ``removed_reason`` on ``check_in``, as an outside meeting
has them.  Every check-in already on record stays counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    class AppUser(pw.Model):  # frozen: the step never imports the models
        id = pw.AutoField()

        class Meta:
            table_name = "app_user"

    AppUser._meta.set_database(database)
    migrate(
        migrator.add_column("check_in", "removed_at", pw.DateTimeField(null=True)),
        migrator.add_column("check_in", "removed_by_id",
                            pw.ForeignKeyField(AppUser, null=True, field=AppUser.id,
                                               on_delete="RESTRICT")),
        migrator.add_column("check_in", "removed_reason", pw.TextField(default="")),
    )
