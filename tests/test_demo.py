"""The demo: deterministic, realistic, written through the core with its history."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.demo import fill_demo_database
from soberhouse.errors import RuleViolation
from soberhouse.houses import list_houses
from soberhouse.models import (
    BedMove,
    Resident,
    SobrietyChangeKind,
    SobrietyDateChange,
    StatusChange,
    Stay,
    TierChange,
)
from soberhouse.residents import resident_history

from .conftest import TODAY


def snapshot() -> list[tuple[object, ...]]:
    """Every record and history row, without the wall-clock recorded_at."""
    rows: list[tuple[object, ...]] = []
    for resident in Resident.select().order_by(Resident.id):
        rows.append((resident.id, resident.full_name, resident.preferred_name,
                     resident.date_of_birth, resident.house.name, resident.tier.name,
                     resident.room, resident.bed, resident.status, resident.move_in_date,
                     resident.sobriety_date, resident.discharge_date, resident.phone))
        rows.extend((entry.effective_date, entry.kind, entry.summary, entry.reason)
                    for entry in resident_history(resident.id))
    return rows


def filled(path: Path, seed: int, today: dt.date = TODAY) -> list[tuple[object, ...]]:
    database.connect(path)
    accounts.act_as("demo")
    try:
        fill_demo_database(seed, today)
        return snapshot()
    finally:
        database.close()


def test_same_seed_and_day_give_the_same_records(tmp_path: Path) -> None:
    first = filled(tmp_path / "a.sqlite3", 2026)
    assert first == filled(tmp_path / "b.sqlite3", 2026)
    assert first != filled(tmp_path / "c.sqlite3", 2027)


@pytest.mark.parametrize("seed", range(4))
def test_every_seed_fits_the_houses_rules(tmp_path: Path, seed: int) -> None:
    filled(tmp_path / "seed.sqlite3", seed, dt.date(2024, 2, 29))


def test_contents(db: peewee.Database, today: dt.date) -> None:
    summary = fill_demo_database()
    assert (summary.houses, summary.residents) == (2, 25)
    houses = {house.name: house.beds for house in list_houses()}
    assert houses == {"Maple House": 12, "Cedar House": 8}
    statuses = Counter(r.status for r in Resident.select())
    assert set(statuses) == {"active", "graduated", "discharged", "left"}
    assert statuses["active"] >= 15
    names = " ".join(r.full_name for r in Resident.select())
    for letters in ("ễ", "Σ", "Ł", "李", "Ю", "Ø", "Á"):
        assert letters in names
    assert all(r.phone.startswith("555-01") for r in Resident.select())

    relapses = SobrietyDateChange.select().where(
        SobrietyDateChange.kind == SobrietyChangeKind.RELAPSE.value).count()
    assert relapses >= 2
    assert TierChange.select().where(TierChange.from_tier.is_null(False)).count() >= 10
    assert BedMove.select().where(BedMove.from_house.is_null(False)).count() >= 2  # move + readmit
    readmitted = StatusChange.select().where((StatusChange.to_status == "active")
                                             & (StatusChange.from_status == "left"))
    assert readmitted.count() == 1
    assert Stay.select().where(Stay.resident == readmitted.get().resident_id).count() == 2
    # Several months of history, ending around today.
    first_move_in = Stay.select(peewee.fn.MIN(Stay.move_in_date)).scalar()
    assert (today - first_move_in).days > 240
    latest = max(change.effective_date for change in TierChange.select())
    assert latest <= today


def test_refuses_a_database_with_houses(db: peewee.Database) -> None:
    fill_demo_database()
    with pytest.raises(RuleViolation, match="empty database"):
        fill_demo_database()


def test_the_demo_is_one_write_with_each_event_recorded_on_its_own_day(
        db: peewee.Database) -> None:
    from soberhouse import recording
    from soberhouse.models import ChangeEntry
    from soberhouse.models.mentoring import CheckIn

    heard: list[recording.Changed] = []
    recording.add_listener(heard.append)
    try:
        fill_demo_database()
    finally:
        recording.remove_listener(heard.append)
    # One entry in the log and one notice to the window, after the commit.
    [entry] = list(ChangeEntry.select())
    assert entry.action == "built the demo houses"
    assert entry.details.startswith("2 houses, 25 residents, history from ")
    assert [c.entry_id for c in heard] == [entry.id]
    assert {"resident", "mentoring", "meeting", "outside_meeting"} <= heard[0].kinds
    # Yet a check-in is recorded on the day the demo manager logged it (up to
    # two days after it was held), not all of them at one moment.
    lags = {(c.recorded_at.date() - c.held_on).days for c in CheckIn.select()}
    assert lags <= {0, 1, 2}
    assert len({c.recorded_at.date() for c in CheckIn.select()}) > 30
    # Refused on a second run: nothing more in the log.
    with pytest.raises(RuleViolation, match="empty database"):
        fill_demo_database()
    assert ChangeEntry.select().count() == 1
