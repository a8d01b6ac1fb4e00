"""House meetings' tables: the meetings, their motions and roll calls, with
their history.

Written through :mod:`soberhouse.meetings`; created by migration m0004.
"""

from __future__ import annotations

from enum import StrEnum

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from soberhouse.models import (
    HistoryModel,
    House,
    Resident,
)


class MeetingKind(StrEnum):
    REGULAR = "regular"
    EMERGENCY = "emergency"
    SPECIAL = "special"

    @property
    def label(self) -> str:
        return {"regular": "Weekly meeting", "emergency": "Emergency meeting",
                "special": "Special session"}[self.value]


class AttendanceStatus(StrEnum):
    """A roll-call mark.  Present and late count as attended (DOMAIN.md)."""

    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    UNEXCUSED = "unexcused"

    @property
    def label(self) -> str:
        return {"present": "Present", "late": "Late", "excused": "Excused absence",
                "unexcused": "Unexcused absence"}[self.value]

    @property
    def attended(self) -> bool:
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class MotionOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    TABLED = "tabled"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class HouseMeeting(HistoryModel):
    """A house meeting that was held (or is planned: an extra meeting may be
    added ahead).  Regular meetings still to come are not stored: they follow
    from the house's weekday and time.  Never deleted; a meeting that did not
    take place is marked ``cancelled`` with a reason."""

    house = ForeignKeyField(House, backref="meetings", on_delete="RESTRICT")
    held_on = DateField()
    starts_at = CharField(max_length=5, default="")  # "HH:MM"
    kind = CharField(max_length=20, default=MeetingKind.REGULAR.value)
    facilitator_resident = ForeignKeyField(Resident, null=True, on_delete="RESTRICT")
    facilitator_name = CharField(max_length=160, default="")  # staff or a guest
    topic = CharField(max_length=200, default="")
    minutes = TextField(default="")
    cancelled = BooleanField(default=False)
    cancel_reason = TextField(default="")
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("house", "held_on"), False),)


class MeetingChange(HistoryModel):
    """An edit of a meeting's record after it was first saved: the old value
    is kept (facilitator, topic, minutes, cancelled...)."""

    meeting = ForeignKeyField(HouseMeeting, backref="changes", on_delete="RESTRICT")
    field_name = CharField(max_length=60)
    old_value = TextField(default="")
    new_value = TextField(default="")


class Motion(HistoryModel):
    """A motion put to a house meeting and what became of it."""

    meeting = ForeignKeyField(HouseMeeting, backref="motions", on_delete="RESTRICT")
    position = IntegerField(default=1)
    text = TextField()
    moved_by = CharField(max_length=160, default="")
    outcome = CharField(max_length=20, default=MotionOutcome.PASSED.value)
    votes_for = IntegerField(null=True)
    votes_against = IntegerField(null=True)


class Attendance(HistoryModel):
    """One resident's mark at one meeting.  A later change of the mark leaves
    an :class:`AttendanceChange` with the old one."""

    meeting = ForeignKeyField(HouseMeeting, backref="attendance", on_delete="RESTRICT")
    resident = ForeignKeyField(Resident, backref="attendance", on_delete="RESTRICT")
    status = CharField(max_length=20)
    reason = TextField(default="")  # why an absence is excused (or anything else)

    class Meta:
        indexes = (
            (("meeting", "resident"), True),
            (("resident", "meeting"), False),
        )


class AttendanceChange(HistoryModel):
    attendance = ForeignKeyField(Attendance, backref="changes", on_delete="RESTRICT")
    from_status = CharField(max_length=20)
    to_status = CharField(max_length=20)
    from_reason = TextField(default="")
    to_reason = TextField(default="")
