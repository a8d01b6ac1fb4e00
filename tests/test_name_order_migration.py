"""Schema 6 on a database written before it, on SQLite and on PostgreSQL:
every resident already on record is written given name first, as every
screen showed them until now; a family-first resident can be recorded after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.migrations import current_version, latest_version, upgrade
from soberhouse.models import House, Resident
from soberhouse.names import NameOrder
from soberhouse.residents import admit_resident, resident_rows

from .conftest import details_for
from .test_postgresql import empty_the_server_database, server_url


@pytest.fixture(params=["sqlite", "postgresql"])
def place(request: pytest.FixtureRequest, tmp_path: Path, today: dt.date) -> Iterator[str]:
    """Where the old database is: a SQLite file, or the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "five.sqlite3")
        return
    url = server_url()
    empty_the_server_database(url)
    yield url
    empty_the_server_database(url)


def open_raw(place: str) -> peewee.Database:
    if place.startswith("postgresql://"):
        from playhouse.db_url import parse

        return peewee.PostgresqlDatabase(**parse(place))
    return peewee.SqliteDatabase(place, pragmas={"foreign_keys": 1})


def build_version_five(place: str) -> None:
    """A database as Soberhouse left it at schema 5, with one resident."""
    raw = open_raw(place)
    raw.connect()
    assert upgrade(raw, target=5) == [1, 2, 3, 4, 5]
    when = dt.datetime(2025, 2, 1, 10, 0)

    def insert(table: str, **values: object) -> int:
        raw.execute(peewee.Table(table).insert(**values))
        return peewee.Table(table).bind(raw).select(peewee.fn.MAX(peewee.SQL("id"))).scalar()

    with raw.atomic():
        house = insert("house", name="Birch House", address="", beds=6, week_start=0,
                       created_at=when, meeting_weekday=0, meeting_time="19:00", version=1)
        tier = insert("tier", house_id=house, name="Phase 1", position=1, min_days_in_house=0,
                      min_days_sober=0, weekly_meeting_quota=5, may_mentor=False,
                      caseload_cap=0, absence_window_days=90, outside_meetings_window_days=90,
                      version=1)
        insert("resident", first_name="伟", last_name="李", preferred_name="Li Wei",
               date_of_birth=dt.date(1985, 6, 1), phone="", emergency_contact_name="",
               emergency_contact_phone="", house_id=house, tier_id=tier, room="1", bed="A",
               move_in_date=dt.date(2025, 2, 1), sobriety_date=dt.date(2025, 1, 15),
               substances="", status="active", discharge_reason="", notes="",
               created_at=when, updated_at=when, version=1)
    raw.close()


def test_an_old_database_gets_given_name_first_for_everyone(place: str) -> None:
    build_version_five(place)
    db = database.connect(place)
    try:
        assert current_version(db) == latest_version() >= 6
        old = Resident.get()
        assert old.name_order == NameOrder.GIVEN_FIRST.value == "given-first"
        assert (old.full_name, old.display_name) == ("伟李", '李, 伟 "Li Wei"')

        accounts.act_as("test-manager")
        newcomer = admit_resident(details_for(
            House.get(), first_name="芳", last_name="王", room="2",
            name_order=NameOrder.FAMILY_FIRST.value))
        assert Resident.get_by_id(newcomer.id).full_name == "王芳"
        assert [row.display_name for row in resident_rows()] == ['李, 伟 "Li Wei"', "王芳"]
    finally:
        database.close()
