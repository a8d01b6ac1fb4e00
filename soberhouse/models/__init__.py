"""The tables, as peewee models bound to one :data:`database_proxy`.

This package holds the core tables (users, houses, tiers, residents, their
stays and history, settings); each area has its own module beside it
(:mod:`.mentoring`, :mod:`.meetings`, :mod:`.twelve_step`, :mod:`.reports`),
loaded by the code that uses it, so the window starts without making the
tables it does not show yet.

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
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from soberhouse.clock import now as _now  # noqa: E402
from soberhouse.names import NameOrder, full_name, listed_name, name_with_preferred

database_proxy = DatabaseProxy()


class RowWatch:
    """Where a saved row is told (set by :mod:`soberhouse.recording`, which
    keeps it out of the models' imports): the open write notes each row it
    created, changed (each field, old and new value) or deleted, for the
    audit trail and the role check.  ``scope()`` is None outside a write."""

    @staticmethod
    def scope() -> object | None:
        return None


_SAVED_VALUES_SQL: dict[tuple[object, ...], str] = {}


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False
        # save() writes only the fields that were changed: a save never
        # writes back a value it did not mean to change.
        only_save_dirty = True

    def save(self, force_insert: bool = False, only: object = None) -> int | bool:
        scope = RowWatch.scope()
        if scope is None:
            return super().save(force_insert=force_insert, only=only)
        meta = self._meta
        pk = self._pk if meta.primary_key is not False else None
        if force_insert or pk is None:
            rows = super().save(force_insert=force_insert, only=only)
            scope.row_created(self)  # type: ignore[attr-defined]
            return rows
        names = ([getattr(f, "name", f) for f in only] if only  # type: ignore[attr-defined]
                 else [f.name for f in self.dirty_fields])
        fields = [meta.fields[name] for name in names
                  if name in meta.fields and name != meta.primary_key.name]
        before = self._saved_values(fields) if fields else None
        rows = super().save(force_insert=force_insert, only=only)
        if fields:
            scope.row_changed(self, [f.name for f in fields],  # type: ignore[attr-defined]
                              list(before) if before else [None] * len(fields))
        return rows

    def _saved_values(self, fields: list[Field]) -> tuple[object, ...] | None:
        """The row's stored values of ``fields`` (for the audit trail's old
        values): one SELECT whose SQL is built once per model and fields
        (building it with peewee each time cost more than running it)."""
        model = type(self)
        database = database_proxy.obj
        key = (model, tuple(f.name for f in fields), type(database))
        sql = _SAVED_VALUES_SQL.get(key)
        if sql is None:
            sql, params = model.select(*fields).where(model._meta.primary_key == 0).sql()
            assert len(params) == 1, sql  # the primary key, given when it runs
            _SAVED_VALUES_SQL[key] = sql
        row = database.execute_sql(sql, (self._pk,)).fetchone()
        if row is None:
            return None
        return tuple(f.python_value(value) for f, value in zip(fields, row, strict=True))

    def delete_instance(self, recursive: bool = False, delete_nullable: bool = False) -> int:
        rows = super().delete_instance(recursive=recursive, delete_nullable=delete_nullable)
        scope = RowWatch.scope()
        if scope is not None:
            scope.row_deleted(self)  # type: ignore[attr-defined]
        return rows


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


class Role(StrEnum):
    """What a person with an account may do (:mod:`soberhouse.permissions`)."""

    OWNER = "owner"
    HOUSE_MANAGER = "house_manager"
    PEER_COACH = "peer_coach"
    READ_ONLY = "read_only"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.OWNER: "Owner",
    Role.HOUSE_MANAGER: "House manager",
    Role.PEER_COACH: "Peer coach",
    Role.READ_ONLY: "Read only (auditor, certifier)",
}


class AppUser(BaseModel):
    """Someone who records things.  A person with an account has a ``role``
    and a password hash (:mod:`soberhouse.accounts`); a row without a role is
    a name history remembers (the operating-system logins that recorded
    before named accounts existed, migration m0008): it can't sign in, and it
    is never changed or deleted, since history rows point at it."""

    username = CharField(max_length=80, unique=True)
    display_name = CharField(max_length=120, default="")
    created_at = DateTimeField(default=_now)
    # Added by migration m0008 (accounts):
    role = CharField(max_length=20, default="")  # "" = not an account
    password_hash = TextField(default="")  # Argon2id (soberhouse.passwords)
    active = BooleanField(default=True)  # deactivated, never deleted
    all_houses = BooleanField(default=False)  # else the houses of UserHouse
    # A peer coach's account is the mentor they are (a Mentor row's id).
    mentor_id = IntegerField(null=True)
    failed_sign_ins = IntegerField(default=0)  # in a row; 0 after a success
    last_failed_at = DateTimeField(null=True)
    password_changed_at = DateTimeField(null=True)
    must_change_password = BooleanField(default=False)  # after the owner reset it
    version = IntegerField(default=1)

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    @property
    def has_account(self) -> bool:
        return bool(self.role)


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
    # Counted up by every save (migration m0005): a form opened on an older
    # version is not written back over someone else's change.
    version = IntegerField(default=1)

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
    version = IntegerField(default=1)

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
    # Given name first or family name first (soberhouse.names): how every
    # screen and report writes the name.  Added by migration m0006.
    name_order = CharField(max_length=20, default=NameOrder.GIVEN_FIRST.value)
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
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("last_name", "first_name"), False),)

    @property
    def full_name(self) -> str:
        """In the person's order: "Zoë Nguyễn", "李伟" (:mod:`soberhouse.names`)."""
        return full_name(self.first_name, self.last_name, self.name_order)

    @property
    def name_with_preferred(self) -> str:
        return name_with_preferred(self.first_name, self.last_name, self.preferred_name,
                                   self.name_order)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.preferred_name,
                            self.name_order)

    @property
    def bed_label(self) -> str:
        return bed_label(self.room, self.bed)


def display_name(first_name: str, last_name: str, preferred_name: str,
                 name_order: str = NameOrder.GIVEN_FIRST.value) -> str:
    """As lists show a resident: ``Last, First "Preferred"``, or for family
    name first the name as written, "李伟 (Li Wei)" (:func:`soberhouse.names.listed_name`)."""
    return listed_name(first_name, last_name, preferred_name, name_order)


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


class HouseChange(HistoryModel):
    """An edit of a house's own fields (name, beds, meeting time...)."""

    house = ForeignKeyField(House, backref="changes", on_delete="CASCADE")
    field_name = CharField(max_length=60)
    old_value = TextField(default="")
    new_value = TextField(default="")


class ChangeEntry(BaseModel):
    """One write of the core, as :func:`soberhouse.recording.one_write` records
    it in the same transaction: what was done, to which kinds of records and
    residents, by whom and when.  Never changed or deleted; the audit log and
    "what others changed since I looked" read it."""

    action = CharField(max_length=120)
    details = TextField(default="")
    kinds = CharField(max_length=255, default="")
    resident_ids = TextField(default="")
    recorded_by = ForeignKeyField(AppUser, on_delete="RESTRICT")
    recorded_at = DateTimeField(default=_now, index=True)


class Setting(BaseModel):
    """Program-wide settings that belong with the data (notice text, logo...)."""

    key = CharField(max_length=80, primary_key=True)
    value = TextField(default="")

    @classmethod
    def put(cls, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` (inside a write): a save, not a query,
        so the audit trail shows the old value and the new one."""
        row = cls.get_or_none(cls.key == key)
        if row is None:
            cls.create(key=key, value=value)
        elif row.value != value:
            row.value = value
            row.save()


class UserHouse(BaseModel):
    """A house a person's account may see (and, by role, change); an owner,
    or an account with ``all_houses``, sees every house.  Migration m0008."""

    user = ForeignKeyField(AppUser, backref="house_rights", on_delete="CASCADE")
    house = ForeignKeyField(House, on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "house"), True),)


def all_models() -> tuple[type[BaseModel], ...]:
    """Every table, the core's and each area's (this loads every area)."""
    from soberhouse.models.audit import AuditEvent
    from soberhouse.models.consents import Consent, Disclosure
    from soberhouse.models.meetings import (
        Attendance,
        AttendanceChange,
        HouseMeeting,
        MeetingChange,
        Motion,
    )
    from soberhouse.models.mentoring import (
        CheckIn,
        ContinuingEducation,
        Goal,
        GoalStatusChange,
        Mentor,
        MentorAssignment,
        MentorChange,
        MentoringSettings,
        ResidentProfile,
        StaffCertificate,
    )
    from soberhouse.models.reports import ReportComment
    from soberhouse.models.twelve_step import OutsideMeeting, Sponsor, StepWork

    return (
        AppUser, House, Tier, Resident, Stay, TierChange, StatusChange, SobrietyDateChange,
        BedMove, ResidentCorrection, HouseChange, ChangeEntry, Setting,
        MentoringSettings, ResidentProfile, Mentor, StaffCertificate, ContinuingEducation,
        MentorAssignment, CheckIn, Goal, GoalStatusChange, MentorChange,
        HouseMeeting, MeetingChange, Motion, Attendance, AttendanceChange,
        OutsideMeeting, Sponsor, StepWork,
        ReportComment, UserHouse, AuditEvent, Consent, Disclosure,
    )
