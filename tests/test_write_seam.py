"""The one write seam: every change goes through it, is recorded once, and a
failure of the storage reaches the manager in words, with nothing saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from soberhouse import sqlite_driver
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, recording
from soberhouse.errors import (
    DatabaseBusy,
    DiskFull,
    EditConflict,
    RuleViolation,
    WriteOutsideSeam,
)
from soberhouse.houses import HouseDetails, create_house, house_details, update_house
from soberhouse.models import ChangeEntry, House, HouseChange, Resident, ResidentCorrection
from soberhouse.residents import ResidentDetails, admit_resident, update_resident

from .conftest import details_for
from .test_postgresql import postgresql  # noqa: F401 - the fixture


def test_a_row_written_outside_the_seam_is_refused(house: House) -> None:
    zoe = admit_resident(details_for(house))
    with pytest.raises(WriteOutsideSeam):
        Resident.update(phone="555-9999").where(Resident.id == zoe.id).execute()
    with pytest.raises(WriteOutsideSeam):
        House.create(name="Sneaky House", beds=3)
    with pytest.raises(WriteOutsideSeam):
        ResidentCorrection.delete().execute()
    assert Resident.get_by_id(zoe.id).phone == "555-0101"
    assert House.select().count() == 1


def test_each_write_is_recorded_once_with_what_who_and_which_residents(house: House) -> None:
    before = ChangeEntry.select().count()
    zoe = admit_resident(details_for(house))
    update_resident(zoe.id, dataclasses.replace(ResidentDetails.of(zoe), phone="555-0199"))
    entries = list(ChangeEntry.select().order_by(ChangeEntry.id))[before:]
    assert [e.action for e in entries] == ["admitted a resident", "changed a resident's record"]
    assert {e.recorded_by.username for e in entries} == {"test-manager"}
    assert entries[0].resident_ids == str(zoe.id)
    assert entries[0].kinds == "resident"
    assert entries[1].details == "Phone: 555-0101 → 555-0199"


def test_a_write_inside_another_joins_it_and_a_refusal_keeps_nothing(house: House) -> None:
    before = ChangeEntry.select().count()
    with pytest.raises(RuleViolation), recording.one_write("admitted two residents"):
        admit_resident(details_for(house))
        admit_resident(details_for(house, first_name="Ana", last_name="Ruiz"))  # same bed
    assert Resident.select().count() == 0
    assert ChangeEntry.select().count() == before

    with recording.one_write("admitted two residents") as scope:
        admit_resident(details_for(house))
        admit_resident(details_for(house, first_name="Ana", last_name="Ruiz", bed="B"))
    assert Resident.select().count() == 2
    [entry] = list(ChangeEntry.select().where(ChangeEntry.id > before))
    assert entry.action == "admitted two residents"
    assert len(scope.resident_ids) == 2


def test_the_window_hears_of_each_committed_write_and_not_of_a_refused_one(
        house: House) -> None:
    heard: list[recording.Changed] = []
    recording.add_listener(heard.append)
    try:
        zoe = admit_resident(details_for(house))
        with pytest.raises(RuleViolation):
            admit_resident(details_for(house, first_name="Ana", last_name="Ruiz"))
    finally:
        recording.remove_listener(heard.append)
    assert [(c.action, c.kinds, c.resident_ids) for c in heard] == [
        ("admitted a resident", frozenset({"resident"}), frozenset({zoe.id}))]


def test_a_busy_file_is_waited_for_then_named_and_nothing_is_saved(
        house: House, db_path: Path, db: peewee.Database) -> None:
    db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite_driver.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy) as busy:
            admit_resident(details_for(house))
        assert str(busy.value) == ("Another person or program is saving to this file; "
                                   "try again in a moment.")
        assert busy.value.for_field("") == [str(busy.value)]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert Resident.select().count() == 0
    admit_resident(details_for(house))  # once the other writer is done, it saves
    assert Resident.select().count() == 1


def test_a_full_disk_is_named_and_nothing_is_saved(house: House, db: peewee.Database) -> None:
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as full:
        admit_resident(details_for(house, notes="A long intake note. " * 4000))
    assert "disk holding the data file is full" in str(full.value)
    assert Resident.select().count() == 0


def test_a_house_edit_keeps_each_old_value(house: House) -> None:
    update_house(house.id, HouseDetails(name="Maple Grove", beds=9, address="12 Maple St",
                                        meeting_time="18:30"))
    changes = {(c.field_name, c.old_value, c.new_value, c.recorded_by.username)
               for c in HouseChange.select()}
    assert changes == {("name", "Maple House", "Maple Grove", "test-manager"),
                       ("beds", "8", "9", "test-manager"),
                       ("meeting_time", "19:00", "18:30", "test-manager")}
    assert House.get_by_id(house.id).version == 2


def test_a_stale_house_form_is_not_written_over_a_newer_save(house: House) -> None:
    opened = house_details(House.get_by_id(house.id))
    opened_version = House.get_by_id(house.id).version
    accounts.act_as("maria")
    update_house(house.id, dataclasses.replace(opened, beds=10))
    accounts.act_as("test-manager")
    with pytest.raises(EditConflict) as stale:
        update_house(house.id, dataclasses.replace(opened, beds=12, address="14 Elm St"),
                     base=opened, base_version=opened_version)
    assert [c.field for c in stale.value.conflicts] == ["beds"]
    assert "maria changed Beds to “10” at " in str(stale.value)
    now = House.get_by_id(house.id)
    assert (now.beds, now.address) == (10, "12 Maple St")
    # Changing only the address from the same stale form keeps Maria's beds.
    update_house(house.id, dataclasses.replace(opened, address="14 Elm St"), base=opened,
                 base_version=opened_version)
    now = House.get_by_id(house.id)
    assert (now.beds, now.address) == (10, "14 Elm St")


# ---------------------------------------------------------------- no lost update


def _edit(resident: Resident, **changes: object) -> ResidentDetails:
    return dataclasses.replace(ResidentDetails.of(resident), **changes)


def test_a_stale_form_keeps_the_other_persons_change_of_another_field(house: House) -> None:
    zoe = admit_resident(details_for(house))
    opened, opened_version = ResidentDetails.of(zoe), zoe.version
    accounts.act_as("maria")
    update_resident(zoe.id, _edit(zoe, phone="555-0101".replace("0101", "0142")))
    accounts.act_as("test-manager")
    # The first form, opened before Maria's save, changes only the notes.
    update_resident(zoe.id, dataclasses.replace(opened, notes="Works nights"),
                    base=opened, base_version=opened_version)
    now = Resident.get_by_id(zoe.id)
    assert (now.phone, now.notes) == ("555-0142", "Works nights")
    # No correction says the second person "corrected" Maria's phone back.
    assert [(c.field_name, c.recorded_by.username) for c in
            ResidentCorrection.select().order_by(ResidentCorrection.id)] == [
        ("phone", "maria"), ("notes", "test-manager")]


def test_a_field_both_changed_is_asked_about_and_nothing_is_saved(house: House) -> None:
    zoe = admit_resident(details_for(house))
    opened, opened_version = ResidentDetails.of(zoe), zoe.version
    accounts.act_as("maria")
    update_resident(zoe.id, _edit(zoe, phone="555-0142"))
    accounts.act_as("test-manager")
    mine = dataclasses.replace(opened, phone="555-0177", notes="Works nights")
    with pytest.raises(EditConflict) as conflict:
        update_resident(zoe.id, mine, base=opened, base_version=opened_version)
    [field] = conflict.value.conflicts
    assert (field.field, field.yours, field.theirs, field.changed_by) == (
        "phone", "555-0177", "555-0142", "maria")
    assert field.sentence.startswith("maria changed Phone to “555-0142” at ")
    assert Resident.get_by_id(zoe.id).notes == ""  # nothing of this save was kept

    # The manager keeps their own phone: the form saves again from the new version.
    rebased = dataclasses.replace(opened, phone="555-0142")
    update_resident(zoe.id, mine, base=rebased, base_version=conflict.value.current_version)
    now = Resident.get_by_id(zoe.id)
    assert (now.phone, now.notes) == ("555-0177", "Works nights")


def test_the_version_counts_every_save_of_a_resident(house: House) -> None:
    from soberhouse.residents import record_relapse

    zoe = admit_resident(details_for(house))
    assert zoe.version == 1
    record_relapse(zoe.id, dt.date(2026, 11, 1), "Used on 31 October")
    update_resident(zoe.id, _edit(Resident.get_by_id(zoe.id), phone="555-0100"))
    assert Resident.get_by_id(zoe.id).version == 3


def test_a_tier_edit_is_kept_setting_by_setting(house: House) -> None:
    from soberhouse.houses import TierDetails, save_tiers, tiers_of

    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    tiers[2] = dataclasses.replace(tiers[2], weekly_meeting_quota=4, name="Senior resident")
    save_tiers(house.id, tiers)
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).first()
    assert entry.action == "changed a house's tiers"
    assert entry.details.splitlines() == [
        "Senior: name Senior → Senior resident",
        "Senior: weekly meeting quota 3 → 4",
    ]


# ---------------------------------------------------------------- the same on PostgreSQL


def test_on_postgresql_a_busy_server_is_waited_for_then_named(
        postgresql: peewee.Database,  # noqa: F811 - the fixture
        monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg2

    from .test_postgresql import server_url

    monkeypatch.setattr(recording, "POSTGRESQL_LOCK_WAIT_MS", 300)
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    other = psycopg2.connect(server_url())
    try:
        with other.cursor() as cursor:  # another office in the middle of a save
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (recording.POSTGRESQL_WRITE_LOCK,))
        with pytest.raises(DatabaseBusy):
            admit_resident(details_for(maple))
        assert Resident.select().count() == 0
    finally:
        other.rollback()
        other.close()
    admit_resident(details_for(maple))
    assert Resident.select().count() == 1


def test_on_postgresql_a_stale_form_keeps_the_other_change_and_asks_about_a_shared_field(
        postgresql: peewee.Database) -> None:  # noqa: F811 - the fixture
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    zoe = admit_resident(details_for(maple))
    opened, opened_version = ResidentDetails.of(zoe), zoe.version
    accounts.act_as("maria")
    update_resident(zoe.id, _edit(zoe, phone="555-0142"))
    accounts.act_as("test-manager")
    update_resident(zoe.id, dataclasses.replace(opened, notes="Works nights"), base=opened,
                    base_version=opened_version)
    assert (Resident.get_by_id(zoe.id).phone, Resident.get_by_id(zoe.id).notes) == (
        "555-0142", "Works nights")
    with pytest.raises(EditConflict) as conflict:
        update_resident(zoe.id, dataclasses.replace(opened, phone="555-0177"), base=opened,
                        base_version=opened_version)
    assert [c.field for c in conflict.value.conflicts] == ["phone"]
    assert Resident.get_by_id(zoe.id).phone == "555-0142"
