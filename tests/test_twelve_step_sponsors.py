"""Sponsors: a new sponsor ends the old one the same day; the history stays."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse.errors import RuleViolation
from soberhouse.models import House
from soberhouse.models.twelve_step import Sponsor
from soberhouse.twelve_step.sponsors import (
    current_sponsor,
    end_sponsor,
    set_sponsor,
    sponsor_history,
    sponsors_on,
)

from .mentoring_helpers import admit

D = dt.date


def problems(call: object, *args: object) -> dict[str, list[str]]:
    before = Sponsor.select().count()
    with pytest.raises(RuleViolation) as error:
        call(*args)  # type: ignore[operator]
    assert Sponsor.select().count() == before
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def test_a_new_sponsor_ends_the_current_one_the_same_day(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 8, 1))
    first = set_sponsor(zoe.id, " Linda S. ", "555-0150", D(2026, 8, 10))
    assert (first.name, first.phone, first.since, first.ended_on) == (
        "Linda S.", "555-0150", D(2026, 8, 10), None)
    assert first.recorded_by.username == "test-manager"
    second = set_sponsor(zoe.id, "Maria T.", "555-0151", D(2026, 10, 1))
    old = Sponsor.get_by_id(first.id)
    assert (old.ended_on, old.end_reason) == (D(2026, 10, 1), "New sponsor: Maria T.")
    assert current_sponsor(zoe.id).id == second.id
    assert [s.name for s in sponsor_history(zoe.id)] == ["Maria T.", "Linda S."]
    on = {day: sponsors_on([zoe.id], day).get(zoe.id)
          for day in (D(2026, 8, 9), D(2026, 8, 10), D(2026, 9, 30), D(2026, 10, 1))}
    assert [s.name if s else None for s in on.values()] == [
        None, "Linda S.", "Linda S.", "Maria T."]


def test_the_sponsor_rules(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 8, 1))
    assert problems(set_sponsor, zoe.id, "  ", "", D(2026, 9, 1)) == {
        "name": ["The sponsor's name is required."]}
    assert problems(set_sponsor, zoe.id, "Linda S.", "", today + dt.timedelta(days=1)) == {
        "since": ["“Sponsor since” can't be after today."]}
    set_sponsor(zoe.id, "Linda S.", "", D(2026, 9, 1))
    assert problems(set_sponsor, zoe.id, "Maria T.", "", D(2026, 8, 31)) == {
        "since": ["“Sponsor since” can't be before the current sponsor's start "
                  "(Linda S., since 1 Sep 2026)."]}
    # A sponsor from before the move-in is fine: many arrive with one.
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 11, 1))
    assert set_sponsor(kai.id, "Tom R.", "", D(2025, 3, 1)).since == D(2025, 3, 1)


def test_ending_a_sponsor(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 8, 1))
    assert problems(end_sponsor, zoe.id, D(2026, 9, 1), "") == {
        "name": ["Zoë Nguyễn has no sponsor on record."]}
    set_sponsor(zoe.id, "Linda S.", "", D(2026, 9, 1))
    assert problems(end_sponsor, zoe.id, D(2026, 8, 31), "") == {
        "ended_on": ["The end date can't be before the sponsor's start (1 Sep 2026)."]}
    assert problems(end_sponsor, zoe.id, today + dt.timedelta(days=1), "") == {
        "ended_on": ["The end date can't be after today."]}
    ended = end_sponsor(zoe.id, D(2026, 11, 1), "Sponsor moved away")
    assert (ended.ended_on, ended.end_reason) == (D(2026, 11, 1), "Sponsor moved away")
    assert current_sponsor(zoe.id) is None
    assert sponsors_on([zoe.id], D(2026, 11, 1)) == {}
    assert sponsors_on(None, D(2026, 10, 31))[zoe.id].name == "Linda S."
