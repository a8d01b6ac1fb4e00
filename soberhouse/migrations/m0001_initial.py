"""Schema 1: users, houses, tiers, residents, stays and their history."""

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
        username = pw.CharField(max_length=80, unique=True)
        display_name = pw.CharField(max_length=120, default="")
        created_at = pw.DateTimeField(default=dt.datetime.now)

    class House(Base):
        name = pw.CharField(max_length=120, unique=True)
        address = pw.TextField(default="")
        beds = pw.IntegerField()
        week_start = pw.IntegerField(default=0)
        created_at = pw.DateTimeField(default=dt.datetime.now)

    class Tier(Base):
        house = pw.ForeignKeyField(House, on_delete="CASCADE")
        name = pw.CharField(max_length=80)
        position = pw.IntegerField()
        min_days_in_house = pw.IntegerField(default=0)
        min_days_sober = pw.IntegerField(default=0)
        weekly_meeting_quota = pw.IntegerField(default=0)
        may_mentor = pw.BooleanField(default=False)
        caseload_cap = pw.IntegerField(default=0)

        class Meta:
            indexes = ((("house", "position"), True), (("house", "name"), True))

    class Resident(Base):
        first_name = pw.CharField(max_length=120)
        last_name = pw.CharField(max_length=120)
        date_of_birth = pw.DateField()
        phone = pw.CharField(max_length=40, default="")
        emergency_contact_name = pw.CharField(max_length=160, default="")
        emergency_contact_phone = pw.CharField(max_length=40, default="")
        house = pw.ForeignKeyField(House, on_delete="RESTRICT")
        tier = pw.ForeignKeyField(Tier, null=True, on_delete="RESTRICT")
        room = pw.CharField(max_length=40, default="")
        bed = pw.CharField(max_length=40, default="")
        move_in_date = pw.DateField()
        sobriety_date = pw.DateField()
        substances = pw.CharField(max_length=255, default="")
        status = pw.CharField(max_length=20, default="active", index=True)
        discharge_date = pw.DateField(null=True)
        discharge_reason = pw.TextField(default="")
        notes = pw.TextField(default="")
        created_at = pw.DateTimeField(default=dt.datetime.now)
        updated_at = pw.DateTimeField(default=dt.datetime.now)

        class Meta:
            indexes = ((("last_name", "first_name"), False),)

    class Stay(Base):
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        house = pw.ForeignKeyField(House, on_delete="RESTRICT")
        move_in_date = pw.DateField()
        move_out_date = pw.DateField(null=True)
        end_status = pw.CharField(max_length=20, default="")
        end_reason = pw.TextField(default="")

        class Meta:
            indexes = ((("house", "move_in_date"), False),)

    class History(Base):
        recorded_by = pw.ForeignKeyField(AppUser, on_delete="RESTRICT")
        recorded_at = pw.DateTimeField(default=dt.datetime.now)

    class TierChange(History):
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        from_tier = pw.ForeignKeyField(Tier, null=True, on_delete="RESTRICT")
        to_tier = pw.ForeignKeyField(Tier, on_delete="RESTRICT")
        effective_date = pw.DateField()
        reason = pw.TextField(default="")

    class StatusChange(History):
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        from_status = pw.CharField(max_length=20, default="")
        to_status = pw.CharField(max_length=20)
        effective_date = pw.DateField()
        reason = pw.TextField(default="")

    class SobrietyDateChange(History):
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        previous_date = pw.DateField(null=True)
        new_date = pw.DateField()
        kind = pw.CharField(max_length=20)
        reason = pw.TextField(default="")

    class BedMove(History):
        resident = pw.ForeignKeyField(Resident, on_delete="CASCADE")
        from_house = pw.ForeignKeyField(House, null=True, on_delete="RESTRICT")
        from_room = pw.CharField(max_length=40, default="")
        from_bed = pw.CharField(max_length=40, default="")
        to_house = pw.ForeignKeyField(House, on_delete="RESTRICT")
        to_room = pw.CharField(max_length=40, default="")
        to_bed = pw.CharField(max_length=40, default="")
        effective_date = pw.DateField()
        reason = pw.TextField(default="")

    tables = [AppUser, House, Tier, Resident, Stay, TierChange, StatusChange,
              SobrietyDateChange, BedMove]
    database.bind(tables, bind_refs=False, bind_backrefs=False)
    database.create_tables(tables)
