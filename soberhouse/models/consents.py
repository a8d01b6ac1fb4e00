"""A resident's consents to disclose their records, and the disclosures made.

Written through :mod:`soberhouse.consents`; created by migration m0009.
Nothing here is deleted: a revoked consent stays, with the day and the
reason; a disclosure is never taken back (the resident may ask for the
accounting of every disclosure, 42 CFR 2.24).
"""

from __future__ import annotations

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from soberhouse.clock import now as _now
from soberhouse.models import HistoryModel, Resident


class Consent(HistoryModel):
    """The resident's written consent (42 CFR 2.31) to disclose some of
    their records to one recipient for one purpose, from a day until a day
    or an event."""

    resident = ForeignKeyField(Resident, backref="consents", on_delete="RESTRICT")
    recipient = CharField(max_length=200)  # a person's or an organisation's name
    recipient_kind = CharField(max_length=20, default="organisation")  # or "person"
    purpose = TextField()
    # What may be disclosed: the standard scopes (soberhouse.consents.Scope
    # values, one per line) and, in words, anything more or narrower.
    scopes = TextField(default="")
    information = TextField(default="")
    valid_from = DateField()
    valid_until = DateField(null=True)  # None: until the event below
    expiry_event = TextField(default="")  # "When I move out of the house"
    signed_on = DateField(null=True)  # None: recorded, not signed yet
    revoked_on = DateField(null=True)
    revoked_reason = TextField(default="")
    version = IntegerField(default=1)


class Disclosure(HistoryModel):
    """One disclosure of a resident's records under a consent: what left the
    house, to whom, why, when, and which bytes (the SHA-256 of the PDF or
    CSV), so the accounting of disclosures can list it."""

    resident = ForeignKeyField(Resident, backref="disclosures", on_delete="RESTRICT")
    consent = ForeignKeyField(Consent, backref="disclosures", on_delete="RESTRICT")
    recipient = CharField(max_length=200)
    purpose = TextField(default="")
    what = TextField()  # "Monthly progress report, November 2026"
    scopes = TextField(default="")  # what the output held (Scope values, one per line)
    disclosed_at = DateTimeField(default=_now, index=True)
    pages = IntegerField(null=True)
    sha256 = CharField(max_length=64, default="")
    file_name = TextField(default="")
