"""Shared helpers of the mentoring tests: residents at a tier, refusals that
save nothing, and a query counter."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import peewee
import pytest

from soberhouse.errors import RuleViolation
from soberhouse.houses import tiers_of
from soberhouse.models import House, Resident, ResidentCorrection, TierChange
from soberhouse.models.mentoring import (
    CheckIn,
    ContinuingEducation,
    Goal,
    GoalStatusChange,
    Mentor,
    MentorAssignment,
    ResidentProfile,
    StaffCertificate,
)
from soberhouse.residents import admit_resident, change_tier

from .conftest import details_for

_beds = itertools.count(1)
WATCHED = (Resident, TierChange, ResidentCorrection, ResidentProfile, Mentor, StaffCertificate,
           ContinuingEducation, MentorAssignment, CheckIn, Goal, GoalStatusChange)


def admit(house: House, first: str, last: str, *, tier: int = 1,
          move_in: dt.date = dt.date(2026, 5, 1), sober: dt.date | None = None) -> Resident:
    """A resident living in ``house`` since ``move_in``, at tier ``tier`` (1 = Newcomer)."""
    number = next(_beds)
    resident = admit_resident(details_for(
        house, first_name=first, last_name=last, room=str(number), bed="A",
        date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=number),
        move_in_date=move_in, sobriety_date=sober or move_in - dt.timedelta(days=10)))
    if tier > 1:
        change_tier(resident.id, tiers_of(house.id)[tier - 1].id, move_in, "Set up for the test")
    return Resident.get_by_id(resident.id)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in WATCHED}


def refuse(call: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    """Run a write that must be refused; check that nothing at all was saved
    and return the messages by field."""
    before = row_counts()
    with pytest.raises(RuleViolation) as error:
        call(*args, **kwargs)
    assert row_counts() == before
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


@contextmanager
def counting_queries(db: peewee.Database) -> Iterator[list[str]]:
    """Every SQL statement run inside the block."""
    seen: list[str] = []
    original = db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return original(sql, *args, **kwargs)

    db.execute_sql = counting  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del db.execute_sql
