"""12-step work's tables: outside meetings, sponsors and step work.

Written through :mod:`soberhouse.twelve_step`; created by migration m0004.
"""

from __future__ import annotations

from enum import StrEnum

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from soberhouse.models import (
    AppUser,
    HistoryModel,
    Resident,
)


class Fellowship(StrEnum):
    AA = "aa"
    NA = "na"
    CA = "ca"
    CMA = "cma"
    SMART = "smart"
    CELEBRATE = "celebrate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"aa": "AA", "na": "NA", "ca": "CA", "cma": "CMA",
                "smart": "SMART Recovery", "celebrate": "Celebrate Recovery",
                "other": "Other"}[self.value]


class OutsideMeetingType(StrEnum):
    STEP = "step"
    BIG_BOOK = "big_book"
    SPEAKER = "speaker"
    OPEN_DISCUSSION = "open_discussion"
    CLOSED_DISCUSSION = "closed_discussion"
    LITERATURE = "literature"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"step": "Step study", "big_book": "Big Book", "speaker": "Speaker",
                "open_discussion": "Open discussion",
                "closed_discussion": "Closed discussion", "literature": "Literature",
                "other": "Other"}[self.value]


class OutsideMeeting(HistoryModel):
    """An outside 12-step (or SMART...) meeting a resident attended.
    ``meeting_type`` is an :class:`OutsideMeetingType` value or "".  A row
    entered by mistake is not deleted: ``removed_at`` / ``removed_by`` /
    ``removed_reason`` say who took it out and why, and every count skips it."""

    resident = ForeignKeyField(Resident, backref="outside_meetings", on_delete="RESTRICT")
    attended_on = DateField()
    fellowship = CharField(max_length=20)
    meeting_name = CharField(max_length=200, default="")
    meeting_type = CharField(max_length=40, default="")
    verified = BooleanField(default=False)
    verified_by = CharField(max_length=160, default="")
    removed_at = DateTimeField(null=True)
    removed_by = ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
    removed_reason = TextField(default="")

    class Meta:
        indexes = ((("resident", "attended_on"), False),)


class Sponsor(HistoryModel):
    """A resident's sponsor from ``since``; a new sponsor ends the old row."""

    resident = ForeignKeyField(Resident, backref="sponsors", on_delete="RESTRICT")
    name = CharField(max_length=160)
    phone = CharField(max_length=40, default="")
    since = DateField()
    ended_on = DateField(null=True)
    end_reason = TextField(default="")


class StepWork(HistoryModel):
    """One pass through one of the twelve steps: started, maybe completed.
    Steps go forward in order; going back to an earlier step is a restart
    with a reason (``restart`` true on the row that starts again)."""

    resident = ForeignKeyField(Resident, backref="step_work", on_delete="RESTRICT")
    step = IntegerField()
    started_on = DateField()
    completed_on = DateField(null=True)
    restart = BooleanField(default=False)
    restart_reason = TextField(default="")

    class Meta:
        indexes = ((("resident", "started_on"), False),)
