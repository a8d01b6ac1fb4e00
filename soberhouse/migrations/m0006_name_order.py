"""Schema 6: how a resident writes their name, given name first or family
name first (:class:`soberhouse.names.NameOrder`).  Every resident already on
record is given name first, as every screen showed them until now."""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

GIVEN_FIRST = "given-first"  # frozen here: the step never imports the models


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    migrate(migrator.add_column("resident", "name_order",
                                pw.CharField(max_length=20, default=GIVEN_FIRST)))
