"""Today: every group finds exactly the residents (and coaches) who need
attention, each item names where it is fixed, and the whole overview runs in
a constant number of queries."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import peewee
import pytest

from soberhouse.houses import HouseDetails, TierDetails, create_house, tiers_of
from soberhouse.meetings.attendance import last_meeting
from soberhouse.meetings.records import MeetingDetails, cancel_meeting, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.certification import log_education, record_certificate
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.models import House, Resident
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.models.twelve_step import Fellowship
from soberhouse.residents import admit_resident, change_tier
from soberhouse.today import (
    AttentionItem,
    AttentionLevel,
    Group,
    TodayOverview,
    day_text,
    today_overview,
)
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meetings

from .conftest import details_for
from .mentoring_helpers import counting_queries

# Quotas only where the test wants them: newcomers have none, so nobody but
# the resident in "Established" can fall behind; promotion to Established
# needs 60 days in the house and 60 sober; Senior may mentor.
TEST_TIERS = [
    TierDetails("Newcomer", weekly_meeting_quota=0),
    TierDetails("Established", 60, 60, weekly_meeting_quota=3),
    TierDetails("Senior", 200, 200, may_mentor=True, caseload_cap=6),
]
NEWCOMER, ESTABLISHED, SENIOR = 1, 2, 3
MENTOR_SINCE = dt.date(2026, 9, 1)
MONDAY_9 = dt.date(2026, 11, 9)  # the house meeting, and the first day of this week


def new_house(name: str) -> House:
    return create_house(HouseDetails(name=name, beds=60, tiers=list(TEST_TIERS)))


def admit(house: House, first: str, last: str, *, move_in: dt.date, sober: dt.date,
          tier: int = NEWCOMER, bed: str = "A") -> Resident:
    resident = admit_resident(details_for(
        house, first_name=first, last_name=last, room=f"{first[:3]}{last[:3]}", bed=bed,
        move_in_date=move_in, sobriety_date=sober))
    if tier != NEWCOMER:
        change_tier(resident.id, tiers_of(house.id)[tier - 1].id, move_in, "Set up")
    return Resident.get_by_id(resident.id)


def mentored(mentor_id: int, resident: Resident, *, last_check_in: dt.date | None,
             started: dt.date | None = None) -> int:
    assignment = assign_mentor(mentor_id, resident.id,
                               started or max(resident.move_in_date, MENTOR_SINCE))
    if last_check_in is not None:
        log_check_in(assignment.id, last_check_in)
    return assignment.id


def outside_meetings(resident: Resident, days: list[dt.date]) -> None:
    log_outside_meetings([OutsideMeetingDetails(resident.id, day, Fellowship.AA)
                          for day in days])


@dataclass
class Crafted:
    house: House
    kevin: Resident  # the senior resident mentor
    ben: Resident  # behind on outside meetings
    uma: Resident  # unexcused at the last house meeting
    nora: Resident  # no mentor
    otto: Resident  # overdue check-in
    mia: Resident  # 90 days sober on Wednesday
    pat: Resident  # ready for Established
    coach_id: int  # certificate expiring
    last_meeting_id: int
    otto_assignment_id: int


def craft() -> Crafted:
    """One house where each of seven people needs one kind of attention."""
    house = new_house("Maple House")
    kevin = admit(house, "Kevin", "O'Neill", move_in=dt.date(2026, 1, 5),
                  sober=dt.date(2025, 3, 1), tier=SENIOR)
    mentor_id = register_resident_mentor(kevin.id, since=MENTOR_SINCE).id
    ben = admit(house, "Ben", "Behind", move_in=dt.date(2026, 8, 1),
                sober=dt.date(2026, 7, 1), tier=ESTABLISHED)
    uma = admit(house, "Uma", "Unexcused", move_in=dt.date(2026, 10, 20),
                sober=dt.date(2026, 10, 1))
    nora = admit(house, "Nora", "Nomentor", move_in=dt.date(2026, 11, 1),
                 sober=dt.date(2026, 9, 1))
    otto = admit(house, "Otto", "Overdue", move_in=dt.date(2026, 10, 1),
                 sober=dt.date(2026, 8, 1))
    mia = admit(house, "Mia", "Milestone", move_in=dt.date(2026, 11, 1),
                sober=dt.date(2026, 8, 20))
    pat = admit(house, "Pat", "Promotion", move_in=dt.date(2026, 8, 1),
                sober=dt.date(2026, 6, 1))
    recent = dt.date(2026, 11, 13)
    for resident in (ben, uma, mia, pat):
        mentored(mentor_id, resident, last_check_in=recent)
    otto_assignment = mentored(mentor_id, otto, last_check_in=dt.date(2026, 10, 10))
    outside_meetings(ben, [dt.date(2026, 11, 10)])  # 1 of 3 on the week's last day
    outside_meetings(pat, [dt.date(2026, 11, 10), dt.date(2026, 11, 11)])  # no quota

    living = [kevin, ben, uma, nora, otto, mia, pat]
    earlier = record_meeting(MeetingDetails(house.id, dt.date(2026, 11, 2)))
    save_roll_call(earlier.id, [  # an older meeting: Ben's absence there is history
        RollCallMark(r.id, AttendanceStatus.UNEXCUSED if r is ben else AttendanceStatus.PRESENT)
        for r in living])
    last = record_meeting(MeetingDetails(house.id, MONDAY_9))
    save_roll_call(last.id, [
        RollCallMark(uma.id, AttendanceStatus.UNEXCUSED, "Overslept"),
        RollCallMark(ben.id, AttendanceStatus.EXCUSED, "Working a night shift"),
        *[RollCallMark(r.id, AttendanceStatus.LATE if r is otto else AttendanceStatus.PRESENT)
          for r in living if r not in (uma, ben)]])
    # A later meeting that was cancelled, and one whose roll call was never
    # taken, are not "the last meeting".
    cancelled = record_meeting(MeetingDetails(house.id, dt.date(2026, 11, 12), topic="Extra"))
    save_roll_call(cancelled.id, [RollCallMark(r.id, AttendanceStatus.UNEXCUSED)
                                  for r in living])
    cancel_meeting(cancelled.id, "Power cut")
    record_meeting(MeetingDetails(house.id, dt.date(2026, 11, 14), topic="No roll call yet"))

    coach = register_staff_coach(StaffCoachDetails("Cara", "Coach", since=dt.date(2025, 1, 1)))
    record_certificate(coach.id, "PRC-1", dt.date(2025, 1, 10), dt.date(2027, 1, 10))
    log_education(coach.id, dt.date(2025, 6, 1), 14, "Motivational interviewing")
    log_education(coach.id, dt.date(2025, 7, 1), 6, "Confidentiality", law_and_ethics=True)
    return Crafted(house, kevin, ben, uma, nora, otto, mia, pat, coach.id, last.id,
                   otto_assignment)


@pytest.fixture
def crafted(db: peewee.Database, today: dt.date) -> Crafted:
    return craft()


def items_of(overview: TodayOverview, group: Group) -> list[AttentionItem]:
    return list(overview.group(group).items)


def residents_in(overview: TodayOverview, group: Group) -> list[int | None]:
    return [item.resident_id for item in items_of(overview, group)]


def test_each_resident_appears_in_their_group_and_nobody_else(crafted: Crafted) -> None:
    overview = today_overview(crafted.house.id)
    assert [group.key for group in overview.groups] == list(Group)
    assert {group.key: residents_in(overview, group.key) for group in overview.groups} == {
        Group.OUTSIDE_MEETINGS: [crafted.ben.id],
        Group.UNEXCUSED_ABSENCES: [crafted.uma.id],
        Group.NO_ROLL_CALL: [None] * 5,  # Mondays 5-26 Oct (nothing on record), 14 Nov
        Group.NEEDS_MENTOR: [crafted.nora.id],
        Group.OVERDUE_CHECK_INS: [crafted.otto.id],
        Group.MILESTONES: [crafted.mia.id],
        Group.PROMOTION: [crafted.pat.id],
        Group.CERTIFICATES: [None],
    }
    assert overview.total == 12
    assert overview.on == dt.date(2026, 11, 15)


def test_items_say_what_and_where_to_fix_it(crafted: Crafted) -> None:
    overview = today_overview(None)
    [behind] = items_of(overview, Group.OUTSIDE_MEETINGS)
    assert (behind.title, behind.detail) == ("Behind, Ben", "1 of 3, last day of the week")
    assert (behind.section_key, behind.open_kind, behind.item_id) == (
        "steps", "resident", crafted.ben.id)
    assert behind.level is AttentionLevel.OVERDUE  # no day left to catch up
    assert behind.house_name == "Maple House"

    [absent] = items_of(overview, Group.UNEXCUSED_ABSENCES)
    assert absent.detail == "Meeting of Mon 9 Nov: Overslept"
    assert (absent.section_key, absent.open_kind, absent.item_id) == (
        "meetings", "meeting", crafted.last_meeting_id)
    found = last_meeting(crafted.house.id, dt.date(2026, 11, 15))  # the meetings core agrees
    assert found is not None and found.id == crafted.last_meeting_id

    *weekly_dates, no_roll_call = items_of(overview, Group.NO_ROLL_CALL)
    assert [item.title for item in weekly_dates] == [
        f"Weekly meeting of Mon {day} Oct has no roll call" for day in (5, 12, 19, 26)]
    assert {(item.open_kind, item.detail) for item in weekly_dates} == {(
        "weekly_roll_call",
        "Nothing is on record for it: open it to take the roll, or call it off")}
    assert (no_roll_call.title, no_roll_call.detail) == (
        "House meeting of Sat 14 Nov has no roll call",
        "Open it to take the roll: until then nobody's attendance at it counts")
    assert (no_roll_call.section_key, no_roll_call.open_kind, no_roll_call.level) == (
        "meetings", "roll_call", AttentionLevel.OVERDUE)
    assert no_roll_call.house_name == "Maple House"

    [waiting] = items_of(overview, Group.NEEDS_MENTOR)
    assert waiting.detail == "Waiting 14 days"
    assert (waiting.section_key, waiting.open_kind, waiting.item_id) == (
        "mentoring", "needs_mentor", crafted.nora.id)

    [silent] = items_of(overview, Group.OVERDUE_CHECK_INS)
    assert silent.detail == "Kevin O'Neill: last check-in Sat 10 Oct, 36 days ago"
    assert (silent.section_key, silent.open_kind, silent.item_id) == (
        "mentoring", "assignment", crafted.otto_assignment_id)

    [milestone] = items_of(overview, Group.MILESTONES)
    assert milestone.detail == "90 days on Wed 18 Nov"
    assert (milestone.section_key, milestone.open_kind, milestone.item_id) == (
        "residents", "resident", crafted.mia.id)
    assert milestone.level is AttentionLevel.INFO

    [ready] = items_of(overview, Group.PROMOTION)
    assert ready.detail == "Newcomer \u2192 Established: every condition met"
    assert (ready.section_key, ready.open_kind, ready.item_id) == (
        "mentoring", "promotion", crafted.pat.id)

    [certificate] = items_of(overview, Group.CERTIFICATES)
    assert (certificate.title, certificate.detail) == (
        "Cara Coach", "Certificate PRC-1 expires Sun 10 Jan 2027 (in 56 days)")
    assert (certificate.section_key, certificate.open_kind, certificate.item_id) == (
        "mentoring", "mentor", crafted.coach_id)
    assert certificate.level is AttentionLevel.DUE


def test_behind_mid_week_counts_the_days_left(crafted: Crafted) -> None:
    """Mid-week, what is expected so far is pro-rated to the days gone: on
    Thursday 1 of 3 is on track (floor(3 * 4 / 7) = 1), on Saturday it is
    behind (floor(3 * 6 / 7) = 2)."""
    thursday, saturday = dt.date(2026, 11, 12), dt.date(2026, 11, 14)
    assert today_overview(crafted.house.id, thursday).group(Group.OUTSIDE_MEETINGS).count == 0
    [behind] = items_of(today_overview(crafted.house.id, saturday), Group.OUTSIDE_MEETINGS)
    assert behind.resident_id == crafted.ben.id
    assert behind.detail == "1 of 3, 1 day left"
    assert behind.level is AttentionLevel.DUE


def test_milestones_this_week_and_coming(crafted: Crafted) -> None:
    """Reached earlier this (house) week, today, and within the next 7 days."""
    house = crafted.house
    reached = admit(house, "Rita", "Reached", move_in=dt.date(2026, 11, 1),
                    sober=dt.date(2026, 11, 10) - dt.timedelta(days=60))
    today_ = admit(house, "Tom", "Today", move_in=dt.date(2026, 11, 1),
                   sober=dt.date(2026, 11, 15) - dt.timedelta(days=365 * 2))
    too_late = admit(house, "Lou", "Late", move_in=dt.date(2026, 11, 1),
                     sober=dt.date(2026, 11, 23) - dt.timedelta(days=30))
    too_early = admit(house, "Ed", "Early", move_in=dt.date(2026, 11, 1),
                      sober=dt.date(2026, 11, 8) - dt.timedelta(days=30))
    details = {item.resident_id: item.detail
               for item in items_of(today_overview(house.id), Group.MILESTONES)}
    assert details == {reached.id: "60 days reached Tue 10 Nov",
                       today_.id: "2 years today",
                       crafted.mia.id: "90 days on Wed 18 Nov"}
    assert too_late.id not in details and too_early.id not in details


def test_one_house_leaves_the_others_out(crafted: Crafted) -> None:
    other = new_house("Cedar House")
    admit(other, "Olga", "Other", move_in=dt.date(2026, 11, 1), sober=dt.date(2026, 9, 1))
    assert residents_in(today_overview(crafted.house.id), Group.NEEDS_MENTOR) == [
        crafted.nora.id]
    olga_only = today_overview(other.id)
    assert [item.title for item in items_of(olga_only, Group.NEEDS_MENTOR)] == ["Other, Olga"]
    assert olga_only.group(Group.UNEXCUSED_ABSENCES).count == 0
    assert olga_only.group(Group.CERTIFICATES).count == 1  # the coach serves every house
    everyone = today_overview(None)
    assert len(items_of(everyone, Group.NEEDS_MENTOR)) == 2


def test_a_quiet_day_has_nothing(db: peewee.Database, today: dt.date) -> None:
    new_house("Quiet House")
    overview = today_overview(None)
    assert overview.total == 0
    assert all(group.level is None for group in overview.groups)


def test_day_text_adds_the_year_only_when_it_differs() -> None:
    on = dt.date(2026, 11, 15)
    assert day_text(dt.date(2026, 11, 20), on) == "Fri 20 Nov"
    assert day_text(dt.date(2027, 1, 4), on) == "Mon 4 Jan 2027"


# ---------------------------------------------------------------- query counts


def busy_house(number: int, residents: int) -> House:
    """A house where every group has something: residents behind, absent,
    waiting for a mentor, overdue, at a milestone, ready; a staff coach."""
    house = new_house(f"House {number}")
    mentor_resident = admit(house, "Senior", f"M{number}", move_in=dt.date(2026, 1, 5),
                            sober=dt.date(2025, 3, 1), tier=SENIOR)
    mentor_id = register_resident_mentor(mentor_resident.id, since=MENTOR_SINCE).id
    living = [mentor_resident]
    for index in range(residents):
        tier = ESTABLISHED if index % 3 == 0 else NEWCOMER
        resident = admit(house, f"R{index}", f"H{number}", move_in=dt.date(2026, 8, 1),
                         sober=dt.date(2026, 8, 20) - dt.timedelta(days=index % 5), tier=tier)
        living.append(resident)
        if index % 4 == 0 and index < 24:
            mentored(mentor_id, resident, last_check_in=dt.date(2026, 10, 1 + index % 20))
        if index % 2 == 0:
            outside_meetings(resident, [dt.date(2026, 11, 10)])
    meeting = record_meeting(MeetingDetails(house.id, MONDAY_9))
    save_roll_call(meeting.id, [
        RollCallMark(r.id, AttendanceStatus.UNEXCUSED if i % 3 == 0 else AttendanceStatus.PRESENT)
        for i, r in enumerate(living)])
    coach = register_staff_coach(StaffCoachDetails("Coach", f"H{number}", house_id=house.id,
                                                   since=dt.date(2025, 1, 1)))
    record_certificate(coach.id, f"C-{number}", dt.date(2025, 1, 10), dt.date(2026, 12, 1))
    return house


def queries_for(db: peewee.Database, house_id: int | None) -> int:
    with counting_queries(db) as queries:
        overview = today_overview(house_id)
    assert overview.total > 0
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_residents_or_houses(
        db: peewee.Database, today: dt.date) -> None:
    small = busy_house(1, residents=5)
    one_house_small = (queries_for(db, None), queries_for(db, small.id))
    big = busy_house(2, residents=50)
    busy_house(3, residents=20)
    three_houses = (queries_for(db, None), queries_for(db, big.id))
    assert one_house_small == three_houses
    assert max(three_houses) <= 30
    started = time.perf_counter()
    today_overview(None)
    assert time.perf_counter() - started < 0.3


def test_a_meeting_without_a_roll_call_is_listed_until_it_is_taken(
        db: peewee.Database, today: dt.date) -> None:
    """From the first of last month (the month whose reports are printed now)
    to yesterday; not a cancelled meeting, not today's (it may not have
    happened yet), not one held before anyone lived in the house."""
    house = new_house("Maple House")
    empty = new_house("Cedar House")
    ann = admit(house, "Ann", "Avery", move_in=dt.date(2026, 9, 1), sober=dt.date(2026, 1, 1))
    too_early = record_meeting(MeetingDetails(house.id, dt.date(2026, 9, 28)))
    october = record_meeting(MeetingDetails(house.id, dt.date(2026, 10, 5)))
    called_off = record_meeting(MeetingDetails(house.id, dt.date(2026, 10, 12)))
    cancel_meeting(called_off.id, "Snow")
    record_meeting(MeetingDetails(house.id, today))  # today's: not yet
    record_meeting(MeetingDetails(empty.id, dt.date(2026, 10, 6)))  # nobody lived there
    overview = today_overview(None)
    listed = [item.item_id for item in items_of(overview, Group.NO_ROLL_CALL)
              if item.open_kind == "roll_call"]
    assert listed == [october.id] and too_early.id not in listed
    assert items_of(overview, Group.NO_ROLL_CALL)[0].title == (
        "House meeting of Mon 5 Oct has no roll call")
    save_roll_call(october.id, [RollCallMark(ann.id, AttendanceStatus.PRESENT)])
    assert [item.open_kind for item in items_of(today_overview(house.id), Group.NO_ROLL_CALL)
            ] == ["weekly_roll_call"] * 4  # 19 Oct to 9 Nov: nothing on record


def test_a_weekly_date_with_nothing_on_record_is_listed_until_it_is_recorded(
        db: peewee.Database, today: dt.date) -> None:
    """The weekly meeting whose roll call was never opened: from the first of
    last month to yesterday, while someone lived in the house; not a date
    with a meeting stored (taken or called off), not before anyone moved in,
    not a house with no weekly meeting."""
    from soberhouse.meetings.schedule import weekly_date_of

    house = new_house("Maple House")  # meets on Mondays
    no_weekly = create_house(HouseDetails(name="Cedar House", beds=60, tiers=list(TEST_TIERS),
                                          meeting_weekday=None))
    admit(house, "Ann", "Avery", move_in=dt.date(2026, 10, 14), sober=dt.date(2026, 1, 1))
    admit(no_weekly, "Cy", "Cole", move_in=dt.date(2026, 9, 1), sober=dt.date(2026, 1, 1))
    taken = record_meeting(MeetingDetails(house.id, dt.date(2026, 10, 26)))
    save_roll_call(taken.id, [RollCallMark(Resident.get(first_name="Ann").id,
                                           AttendanceStatus.PRESENT)])
    called_off = record_meeting(MeetingDetails(house.id, dt.date(2026, 11, 2)))
    cancel_meeting(called_off.id, "Snow")
    items = items_of(today_overview(None), Group.NO_ROLL_CALL)
    assert [item.title for item in items] == [
        "Weekly meeting of Mon 19 Oct has no roll call",  # 12 Oct: before Ann moved in
        "Weekly meeting of Mon 9 Nov has no roll call"]   # (today is Sun 15 Nov)
    assert [weekly_date_of(item.item_id) for item in items] == [
        (house.id, dt.date(2026, 10, 19)), (house.id, dt.date(2026, 11, 9))]
    assert all(item.house_name == "Maple House" for item in items)
    record_meeting(MeetingDetails(house.id, dt.date(2026, 10, 19)))  # now on record
    assert [item.open_kind for item in items_of(today_overview(house.id), Group.NO_ROLL_CALL)
            ] == ["roll_call", "weekly_roll_call"]
