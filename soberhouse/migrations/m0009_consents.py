"""Schema 9: consent before disclosure (42 CFR Part 2).

``consent``: a resident's written consent to disclose some of their records
to one recipient for one purpose (what information, from and until, signed
on, revoked on and why).  ``disclosure``: each disclosure made under one
(what, to whom, when, the SHA-256 of the bytes).  Neither is ever deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    class Base(pw.Model):  # frozen: the step never imports the models
        class Meta:
            legacy_table_names = False

    class AppUser(Base):
        pass

    class Resident(Base):
        pass

    class Consent(Base):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        recipient = pw.CharField(max_length=200)
        recipient_kind = pw.CharField(max_length=20, default="organisation")
        purpose = pw.TextField()
        scopes = pw.TextField(default="")
        information = pw.TextField(default="")
        valid_from = pw.DateField()
        valid_until = pw.DateField(null=True)
        expiry_event = pw.TextField(default="")
        signed_on = pw.DateField(null=True)
        revoked_on = pw.DateField(null=True)
        revoked_reason = pw.TextField(default="")
        version = pw.IntegerField(default=1)
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField()

    class Disclosure(Base):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        consent = pw.ForeignKeyField(Consent, on_delete="RESTRICT")
        recipient = pw.CharField(max_length=200)
        purpose = pw.TextField(default="")
        what = pw.TextField()
        scopes = pw.TextField(default="")
        disclosed_at = pw.DateTimeField(index=True)
        pages = pw.IntegerField(null=True)
        sha256 = pw.CharField(max_length=64, default="")
        file_name = pw.TextField(default="")
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField()

    for model in (AppUser, Resident, Consent, Disclosure):
        model._meta.set_database(database)
    database.create_tables([Consent, Disclosure])
