"""The pinned "today" that tests and the demo use, and one moment per write."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from soberhouse import clock
from soberhouse.models import BedMove, House, SobrietyDateChange, StatusChange, TierChange
from soberhouse.residents import admit_resident, resident_history

from .conftest import details_for


def test_a_day_frozen_for_one_thread_leaves_the_others_on_the_real_date() -> None:
    seen: list[dt.date] = []
    with clock.frozen(dt.date(2020, 1, 1), this_thread_only=True):
        worker = threading.Thread(target=lambda: seen.append(clock.today()))
        worker.start()
        worker.join()
        assert clock.today() == dt.date(2020, 1, 1)
    assert seen == [dt.date.today()]
    with clock.frozen(dt.date(2021, 1, 1)):
        worker = threading.Thread(target=lambda: seen.append(clock.today()))
        worker.start()
        worker.join()
    assert seen[-1] == dt.date(2021, 1, 1)


class TickingClock:
    """A wall clock that moves on a second every time it is read."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 11, 15, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        self.moment += dt.timedelta(seconds=1)
        return self.moment


def test_one_moment_holds_now_still_in_its_block_and_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "_wall_clock", TickingClock())
    assert clock.now() != clock.now()
    seen: list[dt.datetime] = []
    with clock.one_moment() as moment:
        assert clock.now() == clock.now() == moment
        with clock.one_moment() as inner:  # a write inside another keeps its moment
            assert inner == moment
        assert clock.now() == moment
        worker = threading.Thread(target=lambda: seen.append(clock.now()))
        worker.start()
        worker.join()
    assert seen[0] != moment
    assert clock.now() > moment


def test_an_intake_records_its_history_at_one_moment_in_the_order_written(
        house: House, monkeypatch: pytest.MonkeyPatch) -> None:
    # However slow the machine, the intake's four rows never straddle two
    # seconds: the timeline shows them in one order, the order written.
    monkeypatch.setattr(clock, "_wall_clock", TickingClock())
    resident = admit_resident(details_for(house))
    rows = [row for model in (StatusChange, TierChange, SobrietyDateChange, BedMove)
            for row in model.select().where(model.resident == resident.id)]
    assert len({row.recorded_at for row in rows}) == 1
    assert [entry.kind for entry in resident_history(resident.id)] == [
        "status", "tier", "sobriety", "bed"]
