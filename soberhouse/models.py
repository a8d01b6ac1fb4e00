"""The tables, as peewee models bound to one :data:`database_proxy`.

The same models run on SQLite and PostgreSQL; nothing here is SQLite-only.
Writes never happen here: they go through the core's record functions
(:mod:`soberhouse.residents`, :mod:`soberhouse.houses`), which check the rules
and keep the history.  Table shapes change only through a numbered migration
in :mod:`soberhouse.migrations`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from soberhouse.clock import now as _now  # noqa: E402

database_proxy = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class ResidentStatus(StrEnum):
    ACTIVE = "active"
    GRADUATED = "graduated"
    DISCHARGED = "discharged"
    LEFT = "left"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SobrietyChangeKind(StrEnum):
    INTAKE = "intake"
    RELAPSE = "relapse"
    CORRECTION = "correction"
    READMISSION = "readmission"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class AppUser(BaseModel):
    """Someone who records things.  Named sign-in comes later; for now each
    operating-system login that opens the program gets a row, so every history
    row can say who recorded it."""

    username = CharField(max_length=80, unique=True)
    display_name = CharField(max_length=120, default="")
    created_at = DateTimeField(default=_now)


class House(BaseModel):
    name = CharField(max_length=120, unique=True)
    address = TextField(default="")
    beds = IntegerField()
    week_start = IntegerField(default=0)  # 0 = Monday ... 6 = Sunday
    created_at = DateTimeField(default=_now)
    # The regular weekly house meeting: weekday (0 = Monday; None = no regular
    # meeting) and a start time "HH:MM".  Added by migration m0004.
    meeting_weekday = IntegerField(null=True, default=0)
    meeting_time = CharField(max_length=5, default="19:00")

    @property
    def week_start_name(self) -> str:
        return WEEKDAYS[self.week_start]


class Tier(BaseModel):
    """A stage of the house's program; ``position`` 1 is the entry tier."""

    house = ForeignKeyField(House, backref="tiers", on_delete="CASCADE")
    name = CharField(max_length=80)
    position = IntegerField()
    min_days_in_house = IntegerField(default=0)
    min_days_sober = IntegerField(default=0)
    weekly_meeting_quota = IntegerField(default=0)
    may_mentor = BooleanField(default=False)
    caseload_cap = IntegerField(default=0)
    # Entry conditions added by migration m0004 (None: no such condition):
    # at most N unexcused house-meeting absences in the last D days, and at
    # least N outside meetings in the last D days ("90 in 90").
    max_unexcused_absences = IntegerField(null=True)
    absence_window_days = IntegerField(default=90)
    min_outside_meetings = IntegerField(null=True)
    outside_meetings_window_days = IntegerField(default=90)

    class Meta:
        indexes = (
            (("house", "position"), True),
            (("house", "name"), True),
        )


class Resident(BaseModel):
    """A person's current record.  What it was before lives in the history
    tables below; nothing here is overwritten without a history row."""

    first_name = CharField(max_length=120)
    last_name = CharField(max_length=120)
    preferred_name = CharField(max_length=120, default="")
    date_of_birth = DateField(index=True)  # the likely-duplicate check starts here
    phone = CharField(max_length=40, default="")
    emergency_contact_name = CharField(max_length=160, default="")
    emergency_contact_phone = CharField(max_length=40, default="")
    house = ForeignKeyField(House, backref="residents", on_delete="RESTRICT")
    tier = ForeignKeyField(Tier, null=True, backref="residents", on_delete="RESTRICT")
    room = CharField(max_length=40, default="")
    bed = CharField(max_length=40, default="")
    move_in_date = DateField()
    sobriety_date = DateField()
    substances = CharField(max_length=255, default="")
    status = CharField(max_length=20, default=ResidentStatus.ACTIVE.value, index=True)
    discharge_date = DateField(null=True)
    discharge_reason = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    updated_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("last_name", "first_name"), False),)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.preferred_name)

    @property
    def bed_label(self) -> str:
        return bed_label(self.room, self.bed)


def display_name(first_name: str, last_name: str, preferred_name: str) -> str:
    """``Last, First "Preferred"`` as lists show a resident."""
    name = f"{last_name}, {first_name}"
    if preferred_name and preferred_name != first_name:
        name += f' "{preferred_name}"'
    return name


def bed_label(room: str, bed: str) -> str:
    if room and bed:
        return f"Room {room} · Bed {bed}"
    if room:
        return f"Room {room}"
    if bed:
        return f"Bed {bed}"
    return ""


class Stay(BaseModel):
    """One period of living in one house: a resident readmitted or moved to
    another house has several.  Roll calls and monthly reports use these."""

    resident = ForeignKeyField(Resident, backref="stays", on_delete="CASCADE")
    house = ForeignKeyField(House, backref="stays", on_delete="RESTRICT")
    move_in_date = DateField()
    move_out_date = DateField(null=True)
    end_status = CharField(max_length=20, default="")
    end_reason = TextField(default="")

    class Meta:
        indexes = ((("house", "move_in_date"), False),)


def column_date(value: dt.date | str) -> dt.date:
    """A DATE column's raw value (a row read without peewee's conversion) as a
    date: SQLite gives ISO text, PostgreSQL a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def history_text(value: object) -> str:
    """A value as a history row keeps it: dates in ISO form, nothing as ""."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


class HistoryModel(BaseModel):
    """Common columns of every history row: who recorded it and when."""

    recorded_by = ForeignKeyField(AppUser, on_delete="RESTRICT")
    recorded_at = DateTimeField(default=_now)


class TierChange(HistoryModel):
    resident = ForeignKeyField(Resident, backref="tier_changes", on_delete="CASCADE")
    from_tier = ForeignKeyField(Tier, null=True, on_delete="RESTRICT")
    to_tier = ForeignKeyField(Tier, on_delete="RESTRICT")
    effective_date = DateField()
    reason = TextField(default="")


class StatusChange(HistoryModel):
    resident = ForeignKeyField(Resident, backref="status_changes", on_delete="CASCADE")
    from_status = CharField(max_length=20, default="")
    to_status = CharField(max_length=20)
    effective_date = DateField()
    reason = TextField(default="")


class SobrietyDateChange(HistoryModel):
    resident = ForeignKeyField(Resident, backref="sobriety_changes", on_delete="CASCADE")
    previous_date = DateField(null=True)
    new_date = DateField()
    kind = CharField(max_length=20)
    reason = TextField(default="")


class BedMove(HistoryModel):
    resident = ForeignKeyField(Resident, backref="bed_moves", on_delete="CASCADE")
    from_house = ForeignKeyField(House, null=True, on_delete="RESTRICT")
    from_room = CharField(max_length=40, default="")
    from_bed = CharField(max_length=40, default="")
    to_house = ForeignKeyField(House, on_delete="RESTRICT")
    to_room = CharField(max_length=40, default="")
    to_bed = CharField(max_length=40, default="")
    effective_date = DateField()
    reason = TextField(default="")


class ResidentCorrection(HistoryModel):
    """An edit of a plain field (name, phone, ...): the old value is kept."""

    resident = ForeignKeyField(Resident, backref="corrections", on_delete="CASCADE")
    field_name = CharField(max_length=60)
    old_value = TextField(default="")
    new_value = TextField(default="")


class Setting(BaseModel):
    """Program-wide settings that belong with the data (notice text, logo...)."""

    key = CharField(max_length=80, primary_key=True)
    value = TextField(default="")


# ---------------------------------------------------------------- mentoring
# Written through soberhouse.mentoring; created by migration m0003.


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
    :class:`SupportKind` values separated by ";"."""

    assignment = ForeignKeyField(MentorAssignment, backref="check_ins", on_delete="RESTRICT")
    held_on = DateField()
    minutes = IntegerField()
    mode = CharField(max_length=20)
    support_kinds = CharField(max_length=120, default="")
    note = TextField(default="")

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


# ---------------------------------------------------------------- house meetings
# Written through soberhouse.meetings; created by migration m0004.


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


# ---------------------------------------------------------------- 12-step work
# Written through soberhouse.twelve_step; created by migration m0004.


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



# ---------------------------------------------------------------- monthly reports


class ReportComment(HistoryModel):
    """The manager's comments on a resident's monthly report.  Editing them
    adds a row; the latest row for (resident, month) is the current text."""

    resident = ForeignKeyField(Resident, backref="report_comments", on_delete="RESTRICT")
    month = DateField()  # the first day of the month
    text = TextField(default="")

    class Meta:
        indexes = ((("resident", "month"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    AppUser,
    House,
    Tier,
    Resident,
    Stay,
    TierChange,
    StatusChange,
    SobrietyDateChange,
    BedMove,
    ResidentCorrection,
    Setting,
    MentoringSettings,
    ResidentProfile,
    Mentor,
    StaffCertificate,
    ContinuingEducation,
    MentorAssignment,
    CheckIn,
    Goal,
    GoalStatusChange,
    MentorChange,
    HouseMeeting,
    MeetingChange,
    Motion,
    Attendance,
    AttendanceChange,
    OutsideMeeting,
    Sponsor,
    StepWork,
    ReportComment,
)
