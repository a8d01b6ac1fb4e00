"""Schema 7 on a database written before it, on SQLite and on PostgreSQL:
every check-in already on record stays counted (and keeps the goal review
that points at it), and can be taken out afterwards, kept with who and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.mentoring.assignments import assignment_view
from soberhouse.mentoring.check_ins import check_ins_of, remove_check_in
from soberhouse.migrations import current_version, latest_version, upgrade
from soberhouse.models.mentoring import CheckIn, GoalStatusChange

from .test_name_order_migration import open_raw
from .test_postgresql import empty_the_server_database, server_url


@pytest.fixture(params=["sqlite", "postgresql"])
def place(request: pytest.FixtureRequest, tmp_path: Path, today: dt.date) -> Iterator[str]:
    """Where the old database is: a SQLite file, or the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "six.sqlite3")
        return
    url = server_url()
    empty_the_server_database(url)
    yield url
    empty_the_server_database(url)


def build_version_six(place: str) -> int:
    """A database as Soberhouse left it at schema 6: a mentee with a staff
    coach, one check-in and the goal review it made; the assignment's id."""
    raw = open_raw(place)
    raw.connect()
    assert upgrade(raw, target=6) == [1, 2, 3, 4, 5, 6]
    when = dt.datetime(2026, 11, 2, 10, 0)

    def insert(table: str, **values: object) -> int:
        raw.execute(peewee.Table(table).insert(**values))
        return peewee.Table(table).bind(raw).select(peewee.fn.MAX(peewee.SQL("id"))).scalar()

    with raw.atomic():
        user = insert("app_user", username="old-login", display_name="Old Login",
                      created_at=when)
        house = insert("house", name="Birch House", address="", beds=6, week_start=0,
                       created_at=when, meeting_weekday=0, meeting_time="19:00", version=1)
        tier = insert("tier", house_id=house, name="Phase 1", position=1, min_days_in_house=0,
                      min_days_sober=0, weekly_meeting_quota=5, may_mentor=False,
                      caseload_cap=0, absence_window_days=90, outside_meetings_window_days=90,
                      version=1)
        mentee = insert("resident", first_name="Zoë", last_name="Nguyễn", preferred_name="",
                        date_of_birth=dt.date(1990, 6, 1), phone="", emergency_contact_name="",
                        emergency_contact_phone="", house_id=house, tier_id=tier, room="1",
                        bed="A", move_in_date=dt.date(2026, 10, 3),
                        sobriety_date=dt.date(2026, 9, 20), substances="", status="active",
                        discharge_reason="", notes="", created_at=when, updated_at=when,
                        version=1, name_order="given-first")
        coach = insert("mentor", kind="staff", first_name="Rosa", last_name="Diaz",
                       role="Peer recovery coach", caseload_cap=5, gender="", fellowship="",
                       languages="", focus_areas="", since=dt.date(2026, 1, 1), stop_reason="",
                       recorded_by_id=user, recorded_at=when, version=1)
        assignment = insert("mentor_assignment", mentor_id=coach, mentee_id=mentee,
                            role="primary", started_on=dt.date(2026, 11, 1), end_reason="",
                            end_note="", recorded_by_id=user, recorded_at=when)
        check_in = insert("check_in", assignment_id=assignment, held_on=dt.date(2026, 11, 9),
                          minutes=45, mode="phone", support_kinds="emotional",
                          note="Talked about work", recorded_by_id=user, recorded_at=when)
        goal = insert("goal", resident_id=mentee, what="Apply for three jobs",
                      measure="Applications sent", target_date=dt.date(2026, 11, 30),
                      set_on=dt.date(2026, 11, 2), set_by="Zoë", status="open",
                      recorded_by_id=user, recorded_at=when, version=1)
        insert("goal_status_change", goal_id=goal, check_in_id=check_in, from_status="open",
               to_status="open", effective_date=dt.date(2026, 11, 9), reason="",
               recorded_by_id=user, recorded_at=when)
    raw.close()
    return assignment


def test_an_old_check_in_stays_counted_and_can_be_removed_after(place: str) -> None:
    assignment_id = build_version_six(place)
    db = database.connect(place)
    try:
        assert current_version(db) == latest_version() >= 7
        old = CheckIn.get()
        assert (old.removed_at, old.removed_by_id, old.removed_reason) == (None, None, "")
        accounts.act_as("test-manager")  # records are read by someone signed in
        assert [view.note for view in check_ins_of(assignment_id)] == ["Talked about work"]
        assert assignment_view(assignment_id).check_ins == 1
        assert GoalStatusChange.get().check_in_id == old.id

        accounts.act_as("test-manager")
        remove_check_in(old.id, "Logged for the wrong mentee")
        removed = CheckIn.get_by_id(old.id)
        assert removed.removed_by.username == "test-manager"
        assert removed.removed_reason == "Logged for the wrong mentee"
        assert check_ins_of(assignment_id) == []
        assert assignment_view(assignment_id).check_ins == 0
        assert GoalStatusChange.get().check_in_id == old.id  # the review stays
    finally:
        database.close()


def test_who_removed_it_is_a_real_person(place: str) -> None:
    """The new column refers to the people table, as every "who" does."""
    build_version_six(place)
    db = database.connect(place)
    try:
        foreign = {key.column: key.dest_table for key in db.get_foreign_keys("check_in")}
        assert foreign["removed_by_id"] == "app_user"
    finally:
        database.close()
