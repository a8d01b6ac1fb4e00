"""Schema 4: house meetings (schedule, meetings, motions, roll calls with
their changes) and 12-step work (outside meetings, sponsors, step work), and
the tier conditions that read them (unexcused absences, outside meetings in
a rolling window), and the manager's comments on monthly reports."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import peewee as pw

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, database: pw.Database) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("house", "meeting_weekday", pw.IntegerField(null=True, default=0)),
        migrator.add_column("house", "meeting_time", pw.CharField(max_length=5, default="19:00")),
        migrator.add_column("tier", "max_unexcused_absences", pw.IntegerField(null=True)),
        migrator.add_column("tier", "absence_window_days", pw.IntegerField(default=90)),
        migrator.add_column("tier", "min_outside_meetings", pw.IntegerField(null=True)),
        migrator.add_column("tier", "outside_meetings_window_days",
                            pw.IntegerField(default=90)),
    )

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

    class HouseMeeting(History):
        house = pw.ForeignKeyField(House, on_delete="RESTRICT")
        held_on = pw.DateField()
        starts_at = pw.CharField(max_length=5, default="")
        kind = pw.CharField(max_length=20, default="regular")
        facilitator_resident = pw.ForeignKeyField(Resident, null=True, on_delete="RESTRICT")
        facilitator_name = pw.CharField(max_length=160, default="")
        topic = pw.CharField(max_length=200, default="")
        minutes = pw.TextField(default="")
        cancelled = pw.BooleanField(default=False)
        cancel_reason = pw.TextField(default="")

        class Meta:
            indexes = ((("house", "held_on"), False),)

    class MeetingChange(History):
        meeting = pw.ForeignKeyField(HouseMeeting, on_delete="RESTRICT")
        field_name = pw.CharField(max_length=60)
        old_value = pw.TextField(default="")
        new_value = pw.TextField(default="")

    class Motion(History):
        meeting = pw.ForeignKeyField(HouseMeeting, on_delete="RESTRICT")
        position = pw.IntegerField(default=1)
        text = pw.TextField()
        moved_by = pw.CharField(max_length=160, default="")
        outcome = pw.CharField(max_length=20, default="passed")
        votes_for = pw.IntegerField(null=True)
        votes_against = pw.IntegerField(null=True)

    class Attendance(History):
        meeting = pw.ForeignKeyField(HouseMeeting, on_delete="RESTRICT")
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        status = pw.CharField(max_length=20)
        reason = pw.TextField(default="")

        class Meta:
            indexes = (
                (("meeting", "resident"), True),
                (("resident", "meeting"), False),
            )

    class AttendanceChange(History):
        attendance = pw.ForeignKeyField(Attendance, on_delete="RESTRICT")
        from_status = pw.CharField(max_length=20)
        to_status = pw.CharField(max_length=20)
        from_reason = pw.TextField(default="")
        to_reason = pw.TextField(default="")

    class OutsideMeeting(History):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        attended_on = pw.DateField()
        fellowship = pw.CharField(max_length=20)
        meeting_name = pw.CharField(max_length=200, default="")
        meeting_type = pw.CharField(max_length=40, default="")
        verified = pw.BooleanField(default=False)
        verified_by = pw.CharField(max_length=160, default="")
        removed_at = pw.DateTimeField(null=True)
        removed_by = pw.ForeignKeyField(AppUser, null=True, on_delete="RESTRICT")
        removed_reason = pw.TextField(default="")

        class Meta:
            indexes = ((("resident", "attended_on"), False),)

    class Sponsor(History):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        name = pw.CharField(max_length=160)
        phone = pw.CharField(max_length=40, default="")
        since = pw.DateField()
        ended_on = pw.DateField(null=True)
        end_reason = pw.TextField(default="")

    class StepWork(History):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        step = pw.IntegerField()
        started_on = pw.DateField()
        completed_on = pw.DateField(null=True)
        restart = pw.BooleanField(default=False)
        restart_reason = pw.TextField(default="")

        class Meta:
            indexes = ((("resident", "started_on"), False),)

    class ReportComment(History):
        resident = pw.ForeignKeyField(Resident, on_delete="RESTRICT")
        month = pw.DateField()
        text = pw.TextField(default="")

        class Meta:
            indexes = ((("resident", "month"), False),)

    tables = [ReportComment, HouseMeeting, MeetingChange, Motion, Attendance, AttendanceChange,
              OutsideMeeting, Sponsor, StepWork]
    database.bind(tables, bind_refs=False, bind_backrefs=False)
    database.create_tables(tables)
