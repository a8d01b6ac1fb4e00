"""Schema 8: named accounts and the audit trail.

``app_user`` gains a role, a password hash (Argon2id), switched off, the
houses an account may see (``user_house``), a peer coach's mentor and the
sign-in failure count.  The names already there (operating-system logins
that recorded history) stay as they are, without a role: the first start
asks for the owner's account.

``audit_event`` is append-only: triggers refuse UPDATE and DELETE on both
databases, and on PostgreSQL the program's own role keeps only INSERT and
SELECT on it.  Its first row, "audit trail started", names the last change
entry before it, so that :func:`soberhouse.audit.verify` knows the older
writes had no audit events.  (The hash is the one contract this step shares
with the program: :func:`soberhouse.audit.content_hash`.)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

NEVER_CHANGED = "audit entries are never changed or deleted"


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    from soberhouse.audit import GENESIS, content_hash

    migrate(
        migrator.add_column("app_user", "role", pw.CharField(max_length=20, default="")),
        migrator.add_column("app_user", "password_hash", pw.TextField(default="")),
        migrator.add_column("app_user", "active", pw.BooleanField(default=True)),
        migrator.add_column("app_user", "all_houses", pw.BooleanField(default=False)),
        migrator.add_column("app_user", "mentor_id", pw.IntegerField(null=True)),
        migrator.add_column("app_user", "failed_sign_ins", pw.IntegerField(default=0)),
        migrator.add_column("app_user", "last_failed_at", pw.DateTimeField(null=True)),
        migrator.add_column("app_user", "password_changed_at", pw.DateTimeField(null=True)),
        migrator.add_column("app_user", "must_change_password", pw.BooleanField(default=False)),
        migrator.add_column("app_user", "version", pw.IntegerField(default=1)),
    )

    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class AppUser(Base):
        pass

    class House(Base):
        pass

    class ChangeEntry(Base):
        pass

    class UserHouse(Base):
        user = pw.ForeignKeyField(AppUser, on_delete="CASCADE")
        house = pw.ForeignKeyField(House, on_delete="CASCADE")

        class Meta:
            indexes = ((("user", "house"), True),)

    class AuditEvent(Base):
        at = pw.DateTimeField(index=True)
        user = pw.ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
        who = pw.CharField(max_length=120, default="")
        action = pw.CharField(max_length=40, index=True)
        summary = pw.TextField(default="")
        resident_ids = pw.TextField(default="")
        details = pw.TextField(default="")
        change_entry = pw.IntegerField(null=True)
        previous_hash = pw.CharField(max_length=64)
        row_hash = pw.CharField(max_length=64)

    for model in (AppUser, House, ChangeEntry, UserHouse, AuditEvent):
        model._meta.set_database(database)
    database.create_tables([UserHouse, AuditEvent])

    last_entry = ChangeEntry.select(pw.fn.MAX(ChangeEntry.id)).scalar()
    at = dt.datetime.now().replace(microsecond=0)
    summary = "Audit trail started"
    details = f'{{"changes_before":{last_entry or 0}}}'
    AuditEvent.create(at=at, user=None, who="", action="started", summary=summary,
                      resident_ids="", details=details, change_entry=last_entry,
                      previous_hash=GENESIS,
                      row_hash=content_hash(GENESIS, at, None, "", "started", summary, "",
                                            details, last_entry))

    if isinstance(database, pw.SqliteDatabase):
        for verb in ("UPDATE", "DELETE"):
            database.execute_sql(
                f"CREATE TRIGGER audit_event_never_{verb.lower()} BEFORE {verb} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{NEVER_CHANGED}'); END")
    elif isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_event_never_changed() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{NEVER_CHANGED}'; END $$")
        database.execute_sql(
            "CREATE TRIGGER audit_event_never_changed BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_never_changed()")
        database.execute_sql("REVOKE ALL ON audit_event FROM CURRENT_USER")
        database.execute_sql("GRANT INSERT, SELECT ON audit_event TO CURRENT_USER")
