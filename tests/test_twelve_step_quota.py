"""Outside meetings against the weekly quota: weeks on the house's week start,
end-of-week tier, pro-rated partial weeks, the week in progress and "behind"."""

from __future__ import annotations

import datetime as dt

from soberhouse.houses import tiers_of
from soberhouse.models import House, Resident
from soberhouse.models.twelve_step import Fellowship
from soberhouse.residents import change_tier, discharge
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    log_outside_meetings,
    outside_meetings_of,
    remove_outside_meeting,
)
from soberhouse.twelve_step.quota import (
    required_meetings,
    this_week,
    week_start_of,
    weekly_compliance,
)

from .mentoring_helpers import admit

D = dt.date


def log(resident: Resident, *days: dt.date, verified: int = 0) -> None:
    """One AA meeting on each day; the first ``verified`` of them signed."""
    log_outside_meetings([
        OutsideMeetingDetails(resident.id, day, Fellowship.AA, f"Meeting {number}",
                              verified=number < verified, verified_by="Bob M.")
        for number, day in enumerate(days)])


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def test_week_start_of_follows_the_house_week_start() -> None:
    thursday = D(2026, 11, 12)
    assert week_start_of(thursday, 0) == D(2026, 11, 9)  # Monday
    assert week_start_of(thursday, 6) == D(2026, 11, 8)  # Sunday
    assert week_start_of(D(2026, 11, 9), 0) == D(2026, 11, 9)
    assert week_start_of(D(2026, 11, 8), 0) == D(2026, 11, 2)
    assert week_start_of(D(2026, 11, 8), 6) == D(2026, 11, 8)


def test_required_is_the_quota_pro_rated_and_rounded_half_up() -> None:
    assert [required_meetings(5, n) for n in range(8)] == [0, 1, 1, 2, 3, 4, 4, 5]
    assert [required_meetings(3, n) for n in range(8)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert required_meetings(7, 1) == 1 and required_meetings(1, 3) == 0
    assert required_meetings(1, 4) == 1  # 4/7 = 0.57 rounds up


def test_full_weeks_on_a_monday_house(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))  # Newcomer: 5 a week
    log(zoe, *days(D(2026, 10, 26), 5), verified=3)  # Mon..Fri
    log(zoe, *days(D(2026, 11, 2), 4))
    weeks = weekly_compliance(house.id, D(2026, 10, 26), D(2026, 11, 8))[zoe.id]
    assert [(w.week_start, w.week_end, w.days_lived, w.tier_name, w.quota, w.required,
             w.attended, w.verified, w.partial, w.in_progress, w.met, w.behind)
            for w in weeks] == [
        (D(2026, 10, 26), D(2026, 11, 1), 7, "Newcomer", 5, 5, 5, 3, False, False, True,
         False),
        (D(2026, 11, 2), D(2026, 11, 8), 7, "Newcomer", 5, 5, 4, 0, False, False, False,
         True)]
    assert weeks[1].summary == "4 of 5 (0 verified)"


def test_a_sunday_house_counts_the_same_meetings_in_its_own_weeks(house: House,
                                                                 other_house: House) -> None:
    assert other_house.week_start == 6
    mai = admit(other_house, "Mai", "Đặng", move_in=D(2026, 10, 1))
    log(mai, D(2026, 11, 1), D(2026, 11, 2), D(2026, 11, 7), D(2026, 11, 8))  # Sun, Mon, Sat, Sun
    weeks = weekly_compliance(other_house.id, D(2026, 11, 1), D(2026, 11, 7))[mai.id]
    assert [(w.week_start, w.week_end, w.attended) for w in weeks] == [
        (D(2026, 11, 1), D(2026, 11, 7), 3)]
    # The same dates in a Monday house fall in two weeks.
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1))
    log(ana, D(2026, 11, 1), D(2026, 11, 2), D(2026, 11, 7), D(2026, 11, 8))
    weeks = weekly_compliance(house.id, D(2026, 11, 1), D(2026, 11, 7))[ana.id]
    assert [(w.week_start, w.attended) for w in weeks] == [
        (D(2026, 10, 26), 1), (D(2026, 11, 2), 3)]


def test_the_first_week_at_move_in_is_pro_rated(house: House) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 10, 29))  # a Thursday: 4 days
    log(kai, D(2026, 10, 30), D(2026, 10, 31))
    first = weekly_compliance(house.id, D(2026, 10, 26), D(2026, 11, 1))[kai.id][0]
    assert (first.week_start, first.days_lived, first.quota, first.required, first.partial,
            first.met) == (D(2026, 10, 26), 4, 5, 3, True, False)
    log(kai, D(2026, 11, 1))
    first = weekly_compliance(house.id, D(2026, 10, 26), D(2026, 11, 1))[kai.id][0]
    assert (first.attended, first.met) == (3, True)


def test_the_last_week_at_move_out_is_pro_rated(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1))
    log(ana, D(2026, 11, 2))
    discharge(ana.id, "left", D(2026, 11, 4), "Moved back home")  # lived Mon and Tue
    weeks = weekly_compliance(house.id, D(2026, 11, 2), D(2026, 11, 30))[ana.id]
    assert [(w.week_start, w.days_lived, w.required, w.attended, w.partial, w.met)
            for w in weeks] == [(D(2026, 11, 2), 2, 1, 1, True, True)]
    assert this_week(house.id) == {}  # not living there any more


def test_a_week_with_nothing_required_is_met(house: House) -> None:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=D(2026, 5, 1))  # quota 3
    discharge(senior.id, "graduated", D(2026, 11, 3), "Completed the program")  # lived Mon
    week = weekly_compliance(house.id, D(2026, 11, 2), D(2026, 11, 8))[senior.id][0]
    assert (week.days_lived, week.quota, week.required, week.attended, week.met,
            week.behind) == (1, 3, 0, 0, True, False)


def test_the_tier_at_the_end_of_the_week_gives_the_quota(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1))
    established, senior = tiers_of(house.id)[1:3]
    change_tier(ana.id, established.id, D(2026, 11, 4), "30 days, on track")  # a Wednesday
    change_tier(ana.id, senior.id, D(2026, 11, 8), "Ready to mentor")  # the last day, Sunday
    weeks = weekly_compliance(house.id, D(2026, 10, 26), D(2026, 11, 8))[ana.id]
    assert [(w.tier_name, w.quota) for w in weeks] == [("Newcomer", 5), ("Senior", 3)]
    change_tier(ana.id, established.id, D(2026, 11, 10), "Missed curfew")
    weeks = weekly_compliance(house.id, D(2026, 11, 2), D(2026, 11, 15))[ana.id]
    assert [(w.tier_name, w.quota) for w in weeks] == [("Senior", 3), ("Established", 4)]


def test_the_week_of_a_move_out_uses_the_tier_on_the_last_day_lived(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", tier=2, move_in=D(2026, 9, 1))
    change_tier(ana.id, tiers_of(house.id)[2].id, D(2026, 11, 3), "Promoted")  # Tuesday
    discharge(ana.id, "left", D(2026, 11, 4), "Moved out")  # last day lived: Tuesday
    week = weekly_compliance(house.id, D(2026, 11, 2), D(2026, 11, 8))[ana.id][0]
    assert (week.tier_name, week.days_lived, week.required) == ("Senior", 2, 1)


def test_the_week_in_progress_is_not_judged_and_behind_follows_the_days_elapsed(
        house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    thursday = D(2026, 11, 12)
    log(zoe, D(2026, 11, 9))
    week = this_week(house.id, thursday)[zoe.id]
    assert (week.week_start, week.days_lived, week.days_elapsed, week.required,
            week.in_progress, week.met) == (D(2026, 11, 9), 7, 4, 5, True, None)
    assert week.expected_so_far == 2  # floor(5 * 4 / 7)
    assert week.behind
    log(zoe, D(2026, 11, 11))
    assert not this_week(house.id, thursday)[zoe.id].behind
    assert weekly_compliance(house.id, D(2026, 11, 9), D(2026, 11, 15),
                             today=thursday)[zoe.id][0].in_progress
    # On the last day of the week (today, a Sunday) all 5 are expected.
    week = this_week(house.id)[zoe.id]
    assert (week.days_elapsed, week.expected_so_far, week.behind, week.met) == (
        7, 5, True, None)


def test_behind_in_a_partial_week_in_progress(house: House) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 11, 11))  # Wednesday
    week = this_week(house.id, D(2026, 11, 12))[kai.id]
    # 5 days lived (Wed-Sun) need 4; 2 days elapsed expect floor(4 * 2 / 5) = 1.
    assert (week.days_lived, week.required, week.days_elapsed, week.expected_so_far,
            week.behind, week.partial) == (5, 4, 2, 1, True, True)


def test_a_sunday_week_has_just_begun_today(other_house: House, today: dt.date) -> None:
    mai = admit(other_house, "Mai", "Đặng", move_in=D(2026, 10, 1))
    week = this_week(other_house.id)[mai.id]
    assert (week.week_start, week.week_end, week.days_elapsed, week.expected_so_far,
            week.behind, week.in_progress) == (today, D(2026, 11, 21), 1, 0, False, True)


def test_weeks_after_today_are_left_out(house: House, other_house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    mai = admit(other_house, "Mai", "Đặng", move_in=D(2026, 10, 1))
    result = weekly_compliance(None, D(2026, 11, 1), D(2026, 12, 31))
    assert [w.week_start for w in result[zoe.id]] == [
        D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9)]
    assert [w.week_start for w in result[mai.id]] == [
        D(2026, 11, 1), D(2026, 11, 8), D(2026, 11, 15)]
    assert [w.in_progress for w in result[mai.id]] == [False, False, True]
    assert weekly_compliance(house.id, D(2026, 12, 1), D(2026, 12, 31)) == {}


def test_only_weeks_lived_in_the_house_are_listed(house: House) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 11, 4))
    weeks = weekly_compliance(house.id, D(2026, 10, 1), D(2026, 11, 15),
                              resident_ids=[kai.id])
    assert [w.week_start for w in weeks[kai.id]] == [D(2026, 11, 2), D(2026, 11, 9)]


def test_removed_meetings_never_count(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    log(zoe, *days(D(2026, 11, 2), 5), verified=5)
    wrong = outside_meetings_of(zoe.id, D(2026, 11, 2), D(2026, 11, 2))[0]
    remove_outside_meeting(wrong.id, "Entered twice from the same card")
    week = weekly_compliance(house.id, D(2026, 11, 2), D(2026, 11, 8))[zoe.id][0]
    assert (week.attended, week.verified, week.met) == (4, 4, False)
