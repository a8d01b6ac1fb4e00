"""The same models, rules and figures on a real PostgreSQL server.

An operator with several offices keeps the records on PostgreSQL: the schema
is built by the same migrations, the rules refuse the same things in the same
words, multi-row writes are still all or nothing, and every figure a screen
or a report shows is the one SQLite gives for the same records.

The server: ``SOBERHOUSE_TEST_POSTGRESQL=postgresql://user:password@host/db``,
a database these tests may empty.  ``scripts/test.sh`` starts the local
server of Debian's ``postgresql`` package and sets it; CI always runs these.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, clock, database, migrations
from soberhouse.demo import fill_demo_database
from soberhouse.errors import LikelyDuplicate, RuleViolation
from soberhouse.houses import HouseDetails, create_house, list_houses
from soberhouse.meetings.records import MeetingDetails
from soberhouse.meetings.roll_call import RollCallMark, save_meeting_and_roll_call
from soberhouse.models import House, Resident, SobrietyDateChange, all_models
from soberhouse.models.meetings import AttendanceStatus, HouseMeeting
from soberhouse.models.twelve_step import OutsideMeeting
from soberhouse.outside_meetings_csv import (
    apply_outside_meetings,
    export_outside_meetings,
    read_outside_meetings_csv,
)
from soberhouse.reports.monthly_progress import house_month, monthly_progress
from soberhouse.residents import admit_resident, record_relapse, resident_history, resident_rows
from soberhouse.today import today_overview

from .conftest import TODAY, details_for
from .test_demo import snapshot

SERVER_VARIABLE = "SOBERHOUSE_TEST_POSTGRESQL"
REPORT_MONTH = dt.date(2026, 10, 1)


def server_url() -> str:
    url = os.environ.get(SERVER_VARIABLE, "")
    if not url:
        missing = f"No PostgreSQL server: set {SERVER_VARIABLE} (scripts/test.sh starts one)."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(missing)  # in CI these tests run, always
        pytest.skip(missing)
    return url


EMPTY_THE_DATABASE = """
DO $$
DECLARE found record;
BEGIN
    FOR found IN SELECT tablename FROM pg_tables
                 WHERE schemaname = 'public' AND tableowner = current_user LOOP
        EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', found.tablename);
    END LOOP;
END $$;
"""


def empty_the_server_database(url: str) -> None:
    """Every table gone: each test starts from an empty database, as on SQLite."""
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(EMPTY_THE_DATABASE)
    finally:
        connection.close()


@pytest.fixture
def postgresql(today: dt.date) -> Iterator[peewee.Database]:
    url = server_url()
    empty_the_server_database(url)
    connection = database.connect(url)
    accounts.act_as("test-manager")
    yield connection
    database.close()


@pytest.fixture
def maple(postgresql: peewee.Database) -> House:
    return create_house(HouseDetails(name="Maple House", beds=8, address="12 Maple St"))


def test_the_migrations_build_every_table_on_postgresql(
        postgresql: peewee.Database) -> None:
    assert isinstance(postgresql, peewee.PostgresqlDatabase)
    for model in all_models():
        columns = {column.name for column in postgresql.get_columns(model._meta.table_name)}
        expected = {field.column_name for field in model._meta.sorted_fields}
        assert expected <= columns, (model._meta.table_name, expected - columns)
    version = postgresql.execute_sql("SELECT version FROM schema_version").fetchone()[0]
    assert version == migrations.latest_version()


def test_the_rules_refuse_in_the_same_words_and_keep_history(maple: House) -> None:
    zoe = admit_resident(details_for(maple))
    with pytest.raises(RuleViolation) as taken:
        admit_resident(details_for(maple, first_name="Ana", last_name="Ruiz", room="2", bed="a"))
    assert taken.value.for_field("bed") == [
        "Room 2 · Bed A in Maple House is taken by Zoë Nguyễn."]
    # Case is folded for every letter, as on SQLite (where Soberhouse folds it itself).
    with pytest.raises(LikelyDuplicate):
        admit_resident(details_for(maple, first_name="ZOË", last_name="NGUYỄN", bed="B"))
    assert Resident.select().count() == 1

    record_relapse(zoe.id, dt.date(2026, 11, 5), "Drank on 4 November, told the manager")
    [row] = resident_rows()
    assert (row.days_sober, row.sobriety_date) == (10, dt.date(2026, 11, 5))
    change = SobrietyDateChange.get(SobrietyDateChange.kind == "relapse")
    assert (change.previous_date, change.recorded_by.username) == (
        dt.date(2026, 9, 20), "test-manager")
    assert "Relapse: sobriety date 20 Sep 2026 → 5 Nov 2026" in [
        entry.summary for entry in resident_history(zoe.id)]


def test_a_refused_roll_call_leaves_no_meeting_behind(maple: House) -> None:
    ana = admit_resident(details_for(maple, first_name="Ana", last_name="Ruiz",
                                     move_in_date=dt.date(2026, 6, 1)))
    meeting_day = dt.date(2026, 11, 9)
    with pytest.raises(RuleViolation) as refused:
        save_meeting_and_roll_call(None, MeetingDetails(maple.id, meeting_day),
                                   [RollCallMark(ana.id, AttendanceStatus.EXCUSED)])
    assert refused.value.for_field("marks") == ["Ana Ruiz: an excused absence needs a reason."]
    assert HouseMeeting.select().count() == 0
    meeting, saved = save_meeting_and_roll_call(
        None, MeetingDetails(maple.id, meeting_day, topic="Chores"),
        [RollCallMark(ana.id, AttendanceStatus.EXCUSED, "Doctor's appointment")])
    assert (meeting.topic, saved.summary) == ("Chores", "0 present, 0 late, 1 excused, 0 unexcused")


def test_outside_meetings_go_out_to_csv_and_back_in(maple: House, tmp_path: Path) -> None:
    admit_resident(details_for(maple))
    text = ("Resident,Date,Fellowship,Meeting name,Type,Verified,Verified by\n"
            "Zoë Nguyễn,2026-11-03,AA,Downtown,Big Book,yes,Sam\n"
            "Zoë Nguyễn,2026-11-04,SMART Recovery,\"Tuesday, 7pm\",,no,\n")
    assert apply_outside_meetings(read_outside_meetings_csv(text)) == 2
    exported = tmp_path / "meetings.csv"
    assert export_outside_meetings(exported) == 2
    before = sorted((m.attended_on, m.fellowship, m.meeting_name, m.verified)
                    for m in OutsideMeeting.select())
    from soberhouse.recording import one_write

    with one_write("test: empty the outside meetings"):
        OutsideMeeting.delete().execute()
    # Bulk inserts go through the driver's own parameter style (%s here, ? on SQLite).
    assert apply_outside_meetings(read_outside_meetings_csv(exported)) == 2
    assert sorted((m.attended_on, m.fellowship, m.meeting_name, m.verified)
                  for m in OutsideMeeting.select()) == before


def figures() -> dict[str, object]:
    """What the screens and reports show for the demo: every resident with
    their history, Today's groups and items, and each house's October."""
    houses = list_houses()
    overview = today_overview(None)
    return {
        "residents": snapshot(),
        "today": [(group.key, group.count,
                   [(item.kind, item.title, item.detail, item.level, item.house_name)
                    for item in group.items])
                  for group in overview.groups],
        "monthly": {house.name: monthly_progress(house.id, REPORT_MONTH) for house in houses},
        "house summary": {house.name: house_month(house.id, REPORT_MONTH) for house in houses},
    }


def demo_figures(target: str) -> dict[str, object]:
    database.connect(target)
    accounts.act_as("demo")
    try:
        with clock.frozen(TODAY):
            fill_demo_database(2026, TODAY)
            return figures()
    finally:
        database.close()


def test_the_demo_shows_the_same_figures_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    url = server_url()
    empty_the_server_database(url)
    on_postgresql = demo_figures(url)
    on_sqlite = demo_figures(str(tmp_path / "demo.sqlite3"))
    assert on_postgresql["today"] == on_sqlite["today"]
    assert on_postgresql["residents"] == on_sqlite["residents"]
    assert on_postgresql["monthly"] == on_sqlite["monthly"]
    assert on_postgresql["house summary"] == on_sqlite["house summary"]
    # Something to compare: residents in both houses that month, items on Today.
    monthly = on_sqlite["monthly"]
    assert isinstance(monthly, dict) and all(len(people) >= 5 for people in monthly.values())
    today = on_sqlite["today"]
    assert isinstance(today, list) and sum(count for _, count, _ in today) >= 10
