"""The audit trail's table: one row per event, never changed or deleted.

Each row carries the hash of the row before it and of its own content (a
hash chain, :mod:`soberhouse.audit`), so a row edited or taken out by an
outside tool is found.  The table refuses UPDATE and DELETE (triggers on
SQLite and PostgreSQL; on PostgreSQL the program's role may only INSERT
and SELECT it): migration m0008.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from soberhouse.clock import now as _now
from soberhouse.models import AppUser, BaseModel


class AuditEvent(BaseModel):
    at = DateTimeField(default=_now, index=True)
    # Who: the account (None when a sign-in names nobody known) and the name
    # as it was then (typed at a failed sign-in, else the sign-in name).
    user = ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
    who = CharField(max_length=120, default="")
    action = CharField(max_length=40, index=True)  # soberhouse.audit.Action
    summary = TextField(default="")  # the sentence the Audit screen shows
    resident_ids = TextField(default="")  # ",12,15," (each resident concerned)
    details = TextField(default="")  # JSON: fields old and new, file, pages, hash...
    change_entry = IntegerField(null=True)  # the ChangeEntry of the same write
    previous_hash = CharField(max_length=64)
    row_hash = CharField(max_length=64)
