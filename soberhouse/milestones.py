"""Days sober, days in the house, and sobriety milestones.

Conventions (DOMAIN.md): days sober on a date = that date minus the sobriety
date in days (0 on the sobriety date itself, 30 on the day of the 30-day
milestone); days in the house count the same way from the move-in date.
Milestones fall at 30, 60, 90, 180, 270 and 365 days sober, then every full
year, counted as whole multiples of 365 days (730, 1095, ...) like every other
figure here.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

FIRST_YEAR_MILESTONES = (30, 60, 90, 180, 270, 365)
DAYS_PER_YEAR = 365


def days_between(start: dt.date, on: dt.date) -> int:
    """Whole days from ``start`` to ``on`` (negative if ``on`` is earlier)."""
    return (on - start).days


def milestone_days() -> Iterator[int]:
    """30, 60, 90, 180, 270, 365, 730, 1095, ... without end."""
    yield from FIRST_YEAR_MILESTONES
    years = 2
    while True:
        yield years * DAYS_PER_YEAR
        years += 1


def milestone_label(days: int) -> str:
    if days >= DAYS_PER_YEAR and days % DAYS_PER_YEAR == 0:
        years = days // DAYS_PER_YEAR
        return "1 year" if years == 1 else f"{years} years"
    return f"{days} days"


class Milestone(NamedTuple):
    days: int
    date: dt.date

    @property
    def label(self) -> str:
        return milestone_label(self.days)


def next_milestone(sobriety_date: dt.date, on: dt.date) -> Milestone:
    """The first milestone on or after ``on`` (today's, if it is today)."""
    sober = days_between(sobriety_date, on)
    if sober <= FIRST_YEAR_MILESTONES[-1]:
        days = FIRST_YEAR_MILESTONES[bisect_left(FIRST_YEAR_MILESTONES, sober)]
    else:  # past the first year: the next whole year
        days = -(-sober // DAYS_PER_YEAR) * DAYS_PER_YEAR
    return Milestone(days, sobriety_date + dt.timedelta(days=days))


def milestones_between(sobriety_date: dt.date, first: dt.date, last: dt.date) -> list[Milestone]:
    """Milestones whose date falls within ``first``..``last`` inclusive."""
    reached = []
    for days in milestone_days():
        when = sobriety_date + dt.timedelta(days=days)
        if when > last:
            break
        if when >= first:
            reached.append(Milestone(days, when))
    return reached
