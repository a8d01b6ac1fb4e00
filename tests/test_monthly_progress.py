"""A resident's month as the report shows it: crafted cases (moving in and
out mid-month, a relapse, a tier change, a mentor reassigned) checked figure
by figure.  Today is Sunday 2026-11-15; the month is October 2026 (Thursday
1 to Saturday 31); Maple House weeks start on Monday."""

from __future__ import annotations

import datetime as dt

import pytest

from soberhouse.errors import NotFound, RuleViolation
from soberhouse.houses import tiers_of
from soberhouse.mentoring.assignments import assign_mentor, reassign
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, change_goal_status, set_goal
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.milestones import Milestone
from soberhouse.models import House, Resident
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.models.twelve_step import Fellowship
from soberhouse.reports.monthly_progress import (
    AttendanceSummary,
    CheckInFigures,
    GoalLine,
    MeetingLine,
    MentorPeriod,
    MonthlyProgress,
    MonthSpan,
    SobrietyReset,
    SponsorLine,
    StepLine,
    TierStep,
    month_span,
    monthly_progress,
    parse_month,
    previous_month,
    resident_progress,
)
from soberhouse.residents import change_tier, discharge, move_bed, record_relapse
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meetings
from soberhouse.twelve_step.sponsors import set_sponsor
from soberhouse.twelve_step.step_work import complete_step, start_step

from .meetings_helpers import held
from .mentoring_helpers import admit

D = dt.date
OCTOBER = D(2026, 10, 1)
P, L, E, U = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.UNEXCUSED)


def outside(resident: Resident, *days: dt.date) -> None:
    log_outside_meetings([OutsideMeetingDetails(resident.id, day, Fellowship.AA, "Noon group")
                          for day in days])


def days_from(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def progress_of(house: House, resident: Resident, month: dt.date = OCTOBER) -> MonthlyProgress:
    found = {p.resident_id: p for p in monthly_progress(house.id, month)}
    return found[resident.id]


def test_month_span_and_parsing() -> None:
    assert month_span(D(2026, 10, 17)) == MonthSpan(D(2026, 10, 1), D(2026, 10, 31))
    assert month_span(D(2028, 2, 1)).last == D(2028, 2, 29)
    assert month_span(D(2026, 12, 5)).last == D(2026, 12, 31)
    assert month_span(OCTOBER).label == "October 2026"
    assert month_span(OCTOBER).key == "2026-10"
    assert D(2026, 10, 31) in month_span(OCTOBER) and D(2026, 11, 1) not in month_span(OCTOBER)
    assert parse_month("2026-10") == OCTOBER == parse_month(" 2026-10-15 ")
    with pytest.raises(RuleViolation) as error:
        parse_month("October")
    assert error.value.for_field("month") == [
        '"October" is not a month: write the year and month, like 2026-10.']
    assert previous_month(D(2026, 11, 15)) == OCTOBER
    assert previous_month(D(2026, 1, 1)) == D(2025, 12, 1)


def test_moving_in_mid_month_counts_only_the_days_lived(house: House, today: dt.date) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 9, 1))
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 15), sober=D(2026, 9, 20))
    held(house, D(2026, 10, 5), {kai.id: P})
    held(house, D(2026, 10, 12), {kai.id: P})
    held(house, D(2026, 10, 19), {kai.id: L, zoe.id: P})
    held(house, D(2026, 10, 26), {kai.id: P, zoe.id: U})
    outside(zoe, D(2026, 10, 16), D(2026, 10, 17))  # week of the 12th: 2 of 3 required
    outside(zoe, *days_from(D(2026, 10, 19), 5))  # week of the 19th: 5 of 5
    outside(zoe, D(2026, 10, 27))  # week of the 26th: 1 of 5

    progress = progress_of(house, zoe)
    assert (progress.name, progress.house_name, progress.house_address, progress.status) == (
        "Zoë Nguyễn", "Maple House", "12 Maple St", "Active")
    assert progress.month == MonthSpan(D(2026, 10, 1), D(2026, 10, 31))
    assert (progress.move_in_date, progress.move_out_date) == (D(2026, 10, 15), None)
    assert progress.days_in_house_this_month == 17
    assert (progress.first_day_lived, progress.last_day_lived, progress.counted_until) == (
        D(2026, 10, 15), D(2026, 10, 31), D(2026, 10, 31))
    assert progress.meetings == (
        MeetingLine(D(2026, 10, 19), "Weekly meeting", P, ""),
        MeetingLine(D(2026, 10, 26), "Weekly meeting", U, ""))
    assert progress.attendance == AttendanceSummary(2, 1, 0, 0, 1, 0)
    assert progress.attendance.rate == 0.5
    weeks = [(w.week_start, w.days_lived, w.tier_name, w.quota, w.required, w.attended,
              w.partial, w.met) for w in progress.weeks]
    assert weeks == [
        (D(2026, 10, 12), 4, "Newcomer", 5, 3, 2, True, False),  # moved in on the Thursday
        (D(2026, 10, 19), 7, "Newcomer", 5, 5, 5, False, True),
        (D(2026, 10, 26), 7, "Newcomer", 5, 5, 1, False, False),
    ]
    assert progress.sobriety_date == D(2026, 9, 20)
    assert progress.days_sober_at_month_end == 41
    assert progress.milestones_reached == (30,)
    assert progress.milestones == (Milestone(30, D(2026, 10, 20)),)
    assert progress.relapses == ()
    assert progress.tier_at_month_end == "Newcomer"
    assert progress.tier_changes == (TierStep(D(2026, 10, 15), "", "Newcomer", "Intake"),)
    assert progress.mentors == ()
    assert progress.check_ins == CheckInFigures(0, 0, {}, {})
    assert (progress.sponsor, progress.steps, progress.current_step) == (None, (), None)
    assert [(f.key, f.text) for f in progress.flags] == [
        ("behind_on_quota", "Missed the outside-meeting quota in 2 of 3 weeks"),
        ("unexcused_absences", "1 unexcused absence from house meetings"),
        ("no_mentor", "No primary mentor on 31 Oct"),
    ]

    whole_month = progress_of(house, kai)
    assert whole_month.days_in_house_this_month == 31
    assert whole_month.attendance == AttendanceSummary(4, 3, 1, 0, 0, 0)
    assert [w.week_start for w in whole_month.weeks] == [
        D(2026, 9, 28), D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19), D(2026, 10, 26)]
    assert whole_month.tier_changes == ()


def test_moving_out_mid_month_ends_the_report_on_the_last_night(house: House,
                                                                today: dt.date) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 9, 1))
    moe = admit(house, "Moe", "Szabó", move_in=D(2026, 9, 1), sober=D(2026, 8, 1))
    held(house, D(2026, 10, 12), {kai.id: P, moe.id: (E, "At work")})
    discharge(moe.id, "discharged", D(2026, 10, 20), "Broke the house rules")
    held(house, D(2026, 10, 26), {kai.id: P})

    progress = progress_of(house, moe)
    assert progress.status == "Discharged"
    assert progress.move_out_date == D(2026, 10, 20)
    assert progress.days_in_house_this_month == 19
    assert progress.last_day_lived == D(2026, 10, 19)
    assert progress.days_sober_at_month_end == 79  # on October 19
    assert [m.held_on for m in progress.meetings] == [D(2026, 10, 12)]
    assert progress.attendance.rate is None  # the one meeting was an excused absence
    assert [(w.week_start, w.days_lived, w.partial) for w in progress.weeks][-1] == (
        D(2026, 10, 19), 1, True)


def test_a_relapse_mid_month_resets_days_sober_but_keeps_earlier_milestones(
        house: House, today: dt.date) -> None:
    lee = admit(house, "Lee", "Park", move_in=D(2026, 8, 1), sober=D(2026, 8, 5))
    record_relapse(lee.id, D(2026, 10, 20), "Drank at a wedding")

    progress = progress_of(house, lee)
    assert progress.sobriety_date == D(2026, 10, 20)
    assert progress.days_sober_at_month_end == 11
    assert progress.milestones == (Milestone(60, D(2026, 10, 4)),)  # reached before the relapse
    assert progress.relapses == (D(2026, 10, 20),)
    assert progress.sobriety_resets == (SobrietyReset(D(2026, 10, 20), D(2026, 8, 5)),)
    assert progress.flag("relapse") is not None
    assert progress.flag("relapse").text == (
        "Relapse: sobriety date reset to 20 Oct 2026 (before that: 5 Aug 2026)")

    september = progress_of(house, lee, D(2026, 9, 1))
    assert (september.sobriety_date, september.days_sober_at_month_end) == (D(2026, 8, 5), 56)
    assert september.milestones_reached == (30,)
    assert september.relapses == () and "relapse" not in september.flag_keys
    november = progress_of(house, lee, D(2026, 11, 1))  # up to today, the 15th
    assert november.counted_until == today
    assert (november.days_in_house_this_month, november.days_sober_at_month_end) == (15, 26)
    assert november.milestones_reached == () and november.relapses == ()


def test_a_corrected_sobriety_date_counts_as_if_it_had_always_been(house: House,
                                                                    today: dt.date) -> None:
    from soberhouse.residents import ResidentDetails, update_resident

    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 8, 1), sober=D(2026, 7, 1))
    details = ResidentDetails.of(Resident.get_by_id(ana.id))
    details.sobriety_date = D(2026, 9, 1)
    update_resident(ana.id, details)
    progress = progress_of(house, ana)
    assert progress.sobriety_date == D(2026, 9, 1)
    assert progress.days_sober_at_month_end == 60
    assert progress.milestones == (Milestone(30, D(2026, 10, 1)), Milestone(60, D(2026, 10, 31)))
    assert progress.relapses == ()


def test_a_tier_change_mid_month_with_sponsor_and_step_work(house: House,
                                                            today: dt.date) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 8, 1))
    established = tiers_of(house.id)[1]
    change_tier(ana.id, established.id, D(2026, 10, 10), "Met the conditions")
    set_sponsor(ana.id, "Pat R.", "555-0199", D(2026, 9, 1))
    set_sponsor(ana.id, "Lou M.", "", D(2026, 10, 25))
    start_step(ana.id, 1, D(2026, 9, 5))
    complete_step(ana.id, 1, D(2026, 10, 3))
    start_step(ana.id, 2, D(2026, 10, 4))
    complete_step(ana.id, 2, D(2026, 11, 2))  # after the month: still open in October

    progress = progress_of(house, ana)
    assert progress.tier_at_month_end == "Established"
    assert progress.tier_changes == (
        TierStep(D(2026, 10, 10), "Newcomer", "Established", "Met the conditions"),)
    # Each week is judged against the tier at its end.
    assert [(w.week_start, w.tier_name, w.quota) for w in progress.weeks] == [
        (D(2026, 9, 28), "Newcomer", 5), (D(2026, 10, 5), "Established", 4),
        (D(2026, 10, 12), "Established", 4), (D(2026, 10, 19), "Established", 4),
        (D(2026, 10, 26), "Established", 4)]
    assert progress.flag("behind_on_quota").text == (
        "Missed the outside-meeting quota in 5 of 5 weeks")
    assert progress.sponsor == SponsorLine("Lou M.", "", D(2026, 10, 25), None)
    assert progress.steps == (StepLine(1, D(2026, 9, 5), D(2026, 10, 3), False, ""),
                              StepLine(2, D(2026, 10, 4), None, False, ""))
    assert progress.current_step == 2
    assert "no_mentor" in progress.flag_keys  # Established may not mentor

    september = progress_of(house, ana, D(2026, 9, 1))
    assert september.tier_at_month_end == "Newcomer" and september.tier_changes == ()
    assert september.sponsor == SponsorLine("Pat R.", "555-0199", D(2026, 9, 1), None)
    assert september.steps == (StepLine(1, D(2026, 9, 5), None, False, ""),)


def test_a_mentor_reassigned_mid_month_gives_two_periods(house: House, today: dt.date) -> None:
    kevin = admit(house, "Kevin", "O'Neill", tier=3, move_in=D(2026, 3, 1))
    kevin_mentor = register_resident_mentor(kevin.id, D(2026, 7, 1))
    dana = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", since=D(2026, 7, 1)))
    bo = admit(house, "Bo", "Lee", move_in=D(2026, 9, 1))
    first = assign_mentor(kevin_mentor.id, bo.id, D(2026, 9, 5))
    job = set_goal(bo.id, GoalDetails("Find a job", "Three applications a week",
                                      D(2026, 12, 1), "Kevin", D(2026, 9, 10)))
    gym = set_goal(bo.id, GoalDetails("Go to the gym", "Twice a week", D(2026, 12, 1), "Kevin",
                                      D(2026, 9, 10)))
    change_goal_status(gym.id, "dropped", D(2026, 9, 20), "Injured")
    log_check_in(first.id, D(2026, 9, 28), 20, "phone")  # September: not counted
    log_check_in(first.id, D(2026, 10, 5), 30, "phone", ["emotional", "practical"])
    second = reassign(first.id, dana.id, D(2026, 10, 12))
    log_check_in(second.id, D(2026, 10, 20), 45, "in_person", ["informational", "emotional"],
                 reviewed_goals={job.id: "met"})

    progress = progress_of(house, bo)
    assert progress.mentors == (
        # Kevin's pairing began in September: it shows from when it began.
        MentorPeriod("Kevin O'Neill", "Resident mentor", "Primary", D(2026, 10, 1),
                     D(2026, 10, 12), "Reassigned", started_on=D(2026, 9, 5),
                     ended_on=D(2026, 10, 12)),
        MentorPeriod("Dana Whitfield", "Staff coach", "Primary", D(2026, 10, 12), None, "",
                     started_on=D(2026, 10, 12)),
    )
    assert progress.check_ins == CheckInFigures(
        2, 75, {"In person": 1, "Phone": 1},
        {"Emotional": 2, "Practical": 1, "Informational": 1})
    assert progress.goals == (
        GoalLine("Find a job", "Three applications a week", D(2026, 12, 1), "Met", 1),)
    assert "no_mentor" not in progress.flag_keys

    september = progress_of(house, bo, D(2026, 9, 1))
    assert september.mentors == (MentorPeriod("Kevin O'Neill", "Resident mentor", "Primary",
                                              D(2026, 9, 5), None, "",
                                              started_on=D(2026, 9, 5)),)
    assert september.check_ins.count == 1
    assert [(g.what, g.status, g.reviewed_in_month) for g in september.goals] == [
        ("Find a job", "Open", 0), ("Go to the gym", "Dropped", 1)]
    # Kevin, a senior who may mentor, is never flagged for having no mentor.
    assert "no_mentor" not in progress_of(house, kevin).flag_keys


def test_a_resident_who_moved_house_is_reported_by_each_house(
        house: House, other_house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    move_bed(zoe.id, other_house.id, "1", "A", D(2026, 10, 10), "Closer to work")

    maple = progress_of(house, zoe)
    assert (maple.days_in_house_this_month, maple.status, maple.move_out_date) == (
        9, "Transferred", D(2026, 10, 10))
    cedar = resident_progress(zoe.id, OCTOBER)
    assert (cedar.house_name, cedar.days_in_house_this_month, cedar.move_in_date) == (
        "Cedar House", 22, D(2026, 10, 10))
    assert cedar.tier_changes[0].effective_date == D(2026, 10, 10)
    assert resident_progress(zoe.id, D(2026, 9, 1)).house_name == "Maple House"


def test_everyone_who_lived_there_sorted_by_name_or_the_ones_asked_for(
        house: House, today: dt.date) -> None:
    b = admit(house, "Bo", "Zeller", move_in=D(2026, 9, 1))
    a = admit(house, "Ana", "Álvarez", move_in=D(2026, 10, 31))
    gone = admit(house, "Gus", "Berg", move_in=D(2026, 8, 1))
    discharge(gone.id, "graduated", D(2026, 10, 1), "Finished the program")  # last night Sep 30
    admit(house, "Cy", "Abel", move_in=D(2026, 11, 2))
    assert [p.name for p in monthly_progress(house.id, OCTOBER)] == ["Ana Álvarez", "Bo Zeller"]
    assert [p.resident_id for p in monthly_progress(house.id, OCTOBER, [b.id, gone.id])] == [
        b.id]
    assert monthly_progress(house.id, OCTOBER)[0].days_in_house_this_month == 1
    assert a.id != b.id


def test_months_that_cannot_be_reported(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 15))
    with pytest.raises(RuleViolation) as error:
        monthly_progress(house.id, D(2026, 12, 1))
    assert error.value.for_field("month") == [
        "December 2026 has not started yet: choose this month or an earlier one."]
    with pytest.raises(RuleViolation) as error:
        resident_progress(zoe.id, D(2026, 9, 1))
    assert error.value.for_field("month") == [
        "Zoë Nguyễn did not live in any of the houses in September 2026: there is no report "
        "for that month."]
    with pytest.raises(NotFound):
        resident_progress(9999, OCTOBER)
    with pytest.raises(NotFound):
        monthly_progress(9999, OCTOBER)
    assert monthly_progress(house.id, D(2026, 9, 1)) == []
