"""The audit trail: written with each write, chained, refused to be changed,
and a row changed or taken out by an outside tool is found."""

from __future__ import annotations

import datetime as dt
import json
from soberhouse import sqlite_driver
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, audit, database
from soberhouse.audit import Action
from soberhouse.errors import RuleViolation
from soberhouse.models import House, Resident
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident, update_resident

from .conftest import details_for
from .test_postgresql import empty_the_server_database, server_url


def events(action: str | None = None) -> list[AuditEvent]:
    query = AuditEvent.select().order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(query)


def test_a_new_file_starts_its_trail_intact(db: peewee.Database) -> None:
    first = events()[0]
    assert first.action == "started"
    assert first.previous_hash == audit.GENESIS
    check = audit.verify()
    assert check.intact and check.entries == len(events())
    assert check.sentence().startswith("Audit trail intact, ")


def test_a_change_is_audited_with_each_field_old_and_new(db: peewee.Database,
                                                         house: House) -> None:
    resident = admit_resident(details_for(house))
    created = events(Action.CHANGED.value)[-1]
    assert f",{resident.id}," in created.resident_ids
    rows = json.loads(created.details)["rows"]
    resident_row = next(r for r in rows if r["table"] == "resident")
    assert resident_row["created"]["first_name"] == "Zoë"
    assert created.who == "test-manager"

    update_resident(resident.id, details_for(house, phone="555-0199"))
    changed = events(Action.CHANGED.value)[-1]
    rows = json.loads(changed.details)["rows"]
    phone = next(r for r in rows if r["table"] == "resident")["changed"]["phone"]
    assert phone == ["555-0101", "555-0199"]
    assert audit.verify().intact


def test_a_refused_write_leaves_no_audit_event(db: peewee.Database, house: House) -> None:
    before = len(events())
    with pytest.raises(RuleViolation):
        admit_resident(details_for(house, first_name=""))
    assert len(events()) == before


def test_the_program_cannot_change_or_delete_an_audit_row(db: peewee.Database) -> None:
    """Even past the program's own guard, the database itself refuses."""
    from soberhouse.recording import allowing_writes

    row = events()[0]
    with allowing_writes():
        with pytest.raises(peewee.DatabaseError, match="never changed or deleted"):
            with database.current().atomic():
                database.current().execute_sql(
                    "UPDATE audit_event SET summary = 'x' WHERE id = ?", (row.id,))
        with pytest.raises(peewee.DatabaseError, match="never changed or deleted"):
            with database.current().atomic():
                database.current().execute_sql("DELETE FROM audit_event WHERE id = ?",
                                               (row.id,))


def _outside_tool(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """What someone with the sqlite3 shell would do: drop the guard, edit."""
    connection = sqlite_driver.connect(path)
    try:
        connection.execute("DROP TRIGGER IF EXISTS audit_event_never_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_never_delete")
        for sql, parameters in statements:
            connection.execute(sql, parameters)
        connection.commit()
    finally:
        connection.close()


@pytest.fixture
def trail_of_writes(db: peewee.Database, db_path: Path, house: House) -> list[AuditEvent]:
    for first in ("Ana", "Bea", "Cai"):
        admit_resident(details_for(house, first_name=first, last_name="Testperson",
                                   bed=first))
    audit.record(Action.VIEWED, "Viewed a record", resident_ids=[1])
    assert audit.verify().intact
    database.close()
    return []


def test_a_row_edited_outside_the_program_is_found(trail_of_writes: list[AuditEvent],
                                                   db_path: Path) -> None:
    connection = sqlite_driver.connect(db_path)
    target = connection.execute(
        "SELECT id FROM audit_event WHERE action = 'changed' ORDER BY id LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    connection.close()
    _outside_tool(db_path, ("UPDATE audit_event SET who = 'someone else' WHERE id = ?",
                            (target,)))
    database.connect(db_path)
    check = audit.verify()
    assert not check.intact
    assert check.broken_at == target
    assert f"entry {target}" in check.sentence() and "changed after it was written" in \
        check.sentence()


def test_a_row_taken_out_is_found(trail_of_writes: list[AuditEvent], db_path: Path) -> None:
    connection = sqlite_driver.connect(db_path)
    ids = [r[0] for r in connection.execute("SELECT id FROM audit_event ORDER BY id")]
    connection.close()
    _outside_tool(db_path, ("DELETE FROM audit_event WHERE id = ?", (ids[2],)))
    database.connect(db_path)
    check = audit.verify()
    assert not check.intact and check.broken_at == ids[3]
    assert "taken out" in check.problem


def test_rows_taken_off_the_end_are_found(trail_of_writes: list[AuditEvent],
                                          db_path: Path) -> None:
    connection = sqlite_driver.connect(db_path)
    last_change = connection.execute(
        "SELECT MAX(id) FROM audit_event WHERE action = 'changed'").fetchone()[0]
    connection.close()
    _outside_tool(db_path, ("DELETE FROM audit_event WHERE id >= ?", (last_change,)))
    database.connect(db_path)
    check = audit.verify()
    assert not check.intact
    assert "taken off the end" in check.problem


def test_a_file_from_before_accounts_keeps_its_history_names(tmp_path: Path,
                                                             today: dt.date) -> None:
    """Schema 7 (no accounts): OS logins recorded history.  After the update
    those names remain, without an account, and the first owner is new."""
    from soberhouse import migrations
    from soberhouse.models import AppUser, ChangeEntry
    from soberhouse.recording import allowing_writes

    path = tmp_path / "old.sqlite3"
    connection = peewee.SqliteDatabase(str(path))
    with allowing_writes():
        migrations.upgrade(connection, target=7)
        connection.execute_sql("INSERT INTO app_user (username, display_name, created_at) "
                               "VALUES ('jsmith', 'jsmith', '2026-01-02 10:00:00')")
        connection.execute_sql("INSERT INTO change_entry (action, details, kinds, "
                               "resident_ids, recorded_by_id, recorded_at) VALUES "
                               "('admitted a resident', '', 'resident', '', 1, "
                               "'2026-01-02 10:00:00')")
    connection.close()

    database.connect(path)
    try:
        assert not accounts.accounts_exist()
        assert audit.verify().intact  # the old write predates the trail
        old = AppUser.get(AppUser.username == "jsmith")
        assert old.role == "" and not old.has_account
        owner = accounts.create_owner("Dana Reyes", "dana", "maple kettle river")
        assert owner.role == "owner" and owner.id != old.id
        assert ChangeEntry.get_by_id(1).recorded_by.username == "jsmith"
        assert audit.verify().intact
    finally:
        accounts.end_session()
        database.close()


def test_the_audit_trail_on_postgresql(today: dt.date) -> None:
    """The program's role may only add and read audit rows on PostgreSQL."""
    url = server_url()
    empty_the_server_database(url)
    connection = database.connect(url)
    try:
        accounts.act_as("test-manager")
        from soberhouse.houses import HouseDetails, create_house

        house = create_house(HouseDetails(name="Maple House", beds=4))
        admit_resident(details_for(house))
        assert Resident.select().count() == 1
        assert audit.verify().intact
        from soberhouse.recording import allowing_writes

        for sql in ("UPDATE audit_event SET summary = 'x'", "DELETE FROM audit_event",
                    "TRUNCATE audit_event"):
            with allowing_writes(), pytest.raises(peewee.DatabaseError,
                                                  match="permission denied"):
                with connection.atomic():
                    connection.execute_sql(sql)
    finally:
        accounts.end_session()
        database.close()
