"""Mentoring's tables: mentors, their certificates and CE hours, assignments,
check-ins and goals.

Written through :mod:`soberhouse.mentoring`; created by migration m0003.
"""

from __future__ import annotations

from enum import StrEnum

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from soberhouse.models import (
    AppUser,
    BaseModel,
    HistoryModel,
    House,
    Resident,
)


class MentorKind(StrEnum):
    """Who a mentor is: a senior resident, a former resident, or staff."""

    RESIDENT = "resident"
    ALUMNUS = "alumnus"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return {"resident": "Resident mentor", "alumnus": "Alumnus",
                "staff": "Staff coach"}[self.value]


class AssignmentRole(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AssignmentEndReason(StrEnum):
    COMPLETED = "completed"
    MENTEE_LEFT = "mentee_left"
    MENTOR_LEFT = "mentor_left"
    REASSIGNED = "reassigned"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class CheckInMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "phone": "Phone", "video": "Video"}[self.value]


class SupportKind(StrEnum):
    """The four kinds of peer support (DOMAIN.md: emotional, instrumental,
    informational, affiliational), in the words a manager uses."""

    EMOTIONAL = "emotional"
    PRACTICAL = "practical"
    INFORMATIONAL = "informational"
    CONNECTING = "connecting"

    @property
    def label(self) -> str:
        return {"emotional": "Emotional", "practical": "Practical",
                "informational": "Informational",
                "connecting": "Connecting with peers"}[self.value]


class GoalStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    MISSED = "missed"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MentoringSettings(BaseModel):
    """A house's mentoring choices; a house without a row uses the defaults."""

    house = ForeignKeyField(House, unique=True, on_delete="CASCADE")
    pair_by_gender = BooleanField(default=False)
    check_in_overdue_days = IntegerField(default=7)


class ResidentProfile(BaseModel):
    """What matching a resident with a mentor looks at.  Lists (languages,
    focus areas) are kept as text separated by "; ".  Edits leave a
    :class:`ResidentCorrection` like any other field of the resident."""

    resident = ForeignKeyField(Resident, unique=True, on_delete="CASCADE")
    gender = CharField(max_length=40, default="")
    fellowship = CharField(max_length=80, default="")
    languages = TextField(default="")
    focus_areas = TextField(default="")


class Mentor(HistoryModel):
    """Someone who may take mentees.  A resident mentor or an alumnus points at
    their resident record (name, tier and matching profile come from there); a
    staff coach carries name, role and matching attributes here.  ``house``
    null for a staff coach means every house.  Never deleted: a mentor who
    stops gets ``stopped_on``."""

    kind = CharField(max_length=20)
    resident = ForeignKeyField(Resident, null=True, backref="mentor_records",
                               on_delete="RESTRICT")
    house = ForeignKeyField(House, null=True, on_delete="RESTRICT")
    first_name = CharField(max_length=120, default="")
    last_name = CharField(max_length=120, default="")
    role = CharField(max_length=120, default="")
    caseload_cap = IntegerField(null=True)  # alumni and staff; residents use their tier's
    gender = CharField(max_length=40, default="")
    fellowship = CharField(max_length=80, default="")
    languages = TextField(default="")
    focus_areas = TextField(default="")
    since = DateField()
    stopped_on = DateField(null=True)
    stop_reason = TextField(default="")
    version = IntegerField(default=1)


class MentorChange(HistoryModel):
    """A change to a mentor's record (a staff coach's details, a cap, stopping):
    the old value is kept, with who changed it and why."""

    mentor = ForeignKeyField(Mentor, backref="changes", on_delete="RESTRICT")
    field_name = CharField(max_length=60)
    old_value = TextField(default="")
    new_value = TextField(default="")
    reason = TextField(default="")


class StaffCertificate(HistoryModel):
    """A staff coach's certificate; a renewal adds a row, the latest issued counts."""

    mentor = ForeignKeyField(Mentor, backref="certificates", on_delete="RESTRICT")
    number = CharField(max_length=80)
    issued_on = DateField()
    expires_on = DateField()


class ContinuingEducation(HistoryModel):
    """Hours of continuing education a staff coach logged."""

    mentor = ForeignKeyField(Mentor, backref="education", on_delete="RESTRICT")
    taken_on = DateField()
    hours = DecimalField(max_digits=6, decimal_places=2)
    topic = CharField(max_length=200)
    law_and_ethics = BooleanField(default=False)


class MentorAssignment(HistoryModel):
    """A mentor paired with a mentee from ``started_on``; ending it fills in
    the end columns.  Never deleted: the pairing history matters."""

    mentor = ForeignKeyField(Mentor, backref="assignments", on_delete="RESTRICT")
    mentee = ForeignKeyField(Resident, backref="mentor_assignments", on_delete="RESTRICT")
    role = CharField(max_length=20, default=AssignmentRole.PRIMARY.value)
    started_on = DateField()
    ended_on = DateField(null=True)
    end_reason = CharField(max_length=20, default="")
    end_note = TextField(default="")
    ended_by = ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
    ended_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("mentor", "ended_on"), False),
            (("mentee", "ended_on"), False),
        )


class CheckIn(HistoryModel):
    """A logged contact between mentor and mentee.  ``support_kinds`` holds
    :class:`SupportKind` values separated by ";".  A check-in logged by
    mistake is not deleted (goal reviews point at it): ``removed_at`` /
    ``removed_by`` / ``removed_reason`` say who took it out and why, and
    every count and list skips it (schema 7)."""

    assignment = ForeignKeyField(MentorAssignment, backref="check_ins", on_delete="RESTRICT")
    held_on = DateField()
    minutes = IntegerField()
    mode = CharField(max_length=20)
    support_kinds = CharField(max_length=120, default="")
    note = TextField(default="")
    removed_at = DateTimeField(null=True)
    removed_by = ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
    removed_reason = TextField(default="")

    class Meta:
        indexes = ((("assignment", "held_on"), False),)


class Goal(HistoryModel):
    """A SMART goal of a resident; its status changes leave GoalStatusChange rows."""

    resident = ForeignKeyField(Resident, backref="goals", on_delete="RESTRICT")
    what = TextField()
    measure = TextField()
    target_date = DateField()
    set_on = DateField()
    set_by = CharField(max_length=160)
    status = CharField(max_length=20, default=GoalStatus.OPEN.value)
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("resident", "status"), False),)


class GoalStatusChange(HistoryModel):
    """A goal reviewed (at a check-in, or by the manager) with its new status;
    ``from_status`` equal to ``to_status`` means reviewed and unchanged."""

    goal = ForeignKeyField(Goal, backref="status_changes", on_delete="RESTRICT")
    check_in = ForeignKeyField(CheckIn, null=True, backref="goal_reviews", on_delete="RESTRICT")
    from_status = CharField(max_length=20)
    to_status = CharField(max_length=20)
    effective_date = DateField()
    reason = TextField(default="")
