from __future__ import annotations

import datetime as dt

from soberhouse.milestones import (
    days_between,
    milestone_label,
    milestones_between,
    next_milestone,
)

SOBER = dt.date(2026, 1, 1)


def test_days_sober_is_zero_on_the_sobriety_date_and_30_on_the_30_day_milestone() -> None:
    assert days_between(SOBER, SOBER) == 0
    assert days_between(SOBER, dt.date(2026, 1, 31)) == 30


def test_next_milestone_is_today_on_the_day_itself() -> None:
    milestone = next_milestone(SOBER, dt.date(2026, 1, 31))
    assert (milestone.days, milestone.date, milestone.label) == (30, dt.date(2026, 1, 31), "30 days")


def test_next_milestone_after_30_is_60() -> None:
    assert next_milestone(SOBER, dt.date(2026, 2, 1)).days == 60


def test_milestones_after_the_first_year_are_whole_years() -> None:
    assert next_milestone(SOBER, SOBER + dt.timedelta(days=366)).days == 730
    assert milestone_label(730) == "2 years"
    assert milestone_label(365) == "1 year"
    assert milestone_label(270) == "270 days"


def test_milestones_in_a_month() -> None:
    reached = milestones_between(dt.date(2026, 8, 3), dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    # 90 days = 2026-11-01 is in November; 60 days = 2026-10-02 is not.
    assert [m.days for m in reached] == [90]
    assert reached[0].date == dt.date(2026, 11, 1)


def test_next_milestone_agrees_with_the_milestone_list_for_ten_years_of_days() -> None:
    from soberhouse.milestones import milestone_days

    listed = []
    for days in milestone_days():
        if days > 3700:
            break
        listed.append(days)
    for sober in range(-3, 3650):
        expected = next(d for d in listed if d >= sober)
        assert next_milestone(SOBER, SOBER + dt.timedelta(days=sober)).days == expected

