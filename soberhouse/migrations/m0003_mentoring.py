"""Schema 3: mentoring.  Per-house mentoring settings, residents' matching
profiles, mentors (residents, alumni, staff coaches) with certificates and
continuing education, assignments, check-ins, goals and their reviews."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class AppUser(Base):
        pass

    class House(Base):
        pass

    class Resident(Base):
        pass

    class History(Base):
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField(default=dt.datetime.now)

    class MentoringSettings(Base):
        house = pw.ForeignKeyField(House, unique=True, on_delete="CASCADE")
        pair_by_gender = pw.BooleanField(default=False)
        check_in_overdue_days = pw.IntegerField(default=7)

    class ResidentProfile(Base):
        resident = pw.ForeignKeyField(Resident, unique=True, on_delete="CASCADE")
        gender = pw.CharField(max_length=40, default="")
        fellowship = pw.CharField(max_length=80, default="")
        languages = pw.TextField(default="")
        focus_areas = pw.TextField(default="")

    class Mentor(History):
        kind = pw.CharField(max_length=20)
        resident = pw.ForeignKeyField(Resident, null=True, on_delete="RESTRICT")
        house = pw.ForeignKeyField(House, null=True, on_delete="RESTRICT")
        first_name = pw.CharField(max_length=120, default="")
        last_name = pw.CharField(max_length=120, default="")
        role = pw.CharField(max_length=120, default="")
        caseload_cap = pw.IntegerField(null=True)
        gender = pw.CharField(max_length=40, default="")
        fellowship = pw.CharField(max_length=80, default="")
        languages = pw.TextField(default="")
        focus_areas = pw.TextField(default="")
        since = pw.DateField()
        stopped_on = pw.DateField(null=True)
        stop_reason = pw.TextField(default="")

    class StaffCertificate(History):
        mentor = pw.ForeignKeyField(Mentor, on_delete="RESTRICT")
        number = pw.CharField(max_length=80)
        issued_on = pw.DateField()
        expires_on = pw.DateField()

    class ContinuingEducation(History):
        mentor = pw.ForeignKeyField(Mentor, on_delete="RESTRICT")
        taken_on = pw.DateField()
        hours = pw.DecimalField(max_digits=6, decimal_places=2)
        topic = pw.CharField(max_length=200)
        law_and_ethics = pw.BooleanField(default=False)

    class MentorAssignment(History):
        mentor = pw.ForeignKeyField(Mentor, on_delete="RESTRICT")
        mentee = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        role = pw.CharField(max_length=20, default="primary")
        started_on = pw.DateField()
        ended_on = pw.DateField(null=True)
        end_reason = pw.CharField(max_length=20, default="")
        end_note = pw.TextField(default="")
        ended_by = pw.ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
        ended_at = pw.DateTimeField(null=True)

        class Meta:
            indexes = ((("mentor", "ended_on"), False), (("mentee", "ended_on"), False))

    class CheckIn(History):
        assignment = pw.ForeignKeyField(MentorAssignment, on_delete="RESTRICT")
        held_on = pw.DateField()
        minutes = pw.IntegerField()
        mode = pw.CharField(max_length=20)
        support_kinds = pw.CharField(max_length=120, default="")
        note = pw.TextField(default="")

        class Meta:
            indexes = ((("assignment", "held_on"), False),)

    class Goal(History):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        what = pw.TextField()
        measure = pw.TextField()
        target_date = pw.DateField()
        set_on = pw.DateField()
        set_by = pw.CharField(max_length=160)
        status = pw.CharField(max_length=20, default="open")

        class Meta:
            indexes = ((("resident", "status"), False),)

    class GoalStatusChange(History):
        goal = pw.ForeignKeyField(Goal, on_delete="RESTRICT")
        check_in = pw.ForeignKeyField(CheckIn, null=True, on_delete="RESTRICT")
        from_status = pw.CharField(max_length=20)
        to_status = pw.CharField(max_length=20)
        effective_date = pw.DateField()
        reason = pw.TextField(default="")

    class MentorChange(History):
        mentor = pw.ForeignKeyField(Mentor, on_delete="RESTRICT")
        field_name = pw.CharField(max_length=60)
        old_value = pw.TextField(default="")
        new_value = pw.TextField(default="")
        reason = pw.TextField(default="")

    tables = [MentoringSettings, ResidentProfile, Mentor, StaffCertificate, ContinuingEducation,
              MentorAssignment, CheckIn, Goal, GoalStatusChange, MentorChange]
    database.bind(tables, bind_refs=False, bind_backrefs=False)
    database.create_tables(tables)
