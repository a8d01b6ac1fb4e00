"""The house summary (occupancy, meetings, caseloads, milestones) and the
promise that a month is computed in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import peewee

from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import StaffCoachDetails, register_staff_coach
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.models.twelve_step import Fellowship
from soberhouse.reports.monthly_progress import (
    CaseloadLine,
    HouseMeetingLine,
    OccupancyFigures,
    house_month,
    monthly_progress,
    save_comments,
)
from soberhouse.residents import change_tier, discharge, record_relapse
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meetings
from soberhouse.twelve_step.sponsors import set_sponsor
from soberhouse.twelve_step.step_work import start_step

from .meetings_helpers import held
from .mentoring_helpers import admit, counting_queries

D = dt.date
OCTOBER = D(2026, 10, 1)
P, E, U = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED


def test_the_house_month(house: House, today: dt.date) -> None:
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 9, 1), sober=D(2026, 8, 22))
    moe = admit(house, "Moe", "Szabó", move_in=D(2026, 9, 1))
    gus = admit(house, "Gus", "Berg", move_in=D(2026, 8, 1))
    discharge(gus.id, "graduated", D(2026, 10, 1), "Finished the program")
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 15), sober=D(2026, 9, 20))
    held(house, D(2026, 10, 12), {kai.id: P, moe.id: (E, "Working late")})
    discharge(moe.id, "discharged", D(2026, 10, 20), "Broke the house rules")
    held(house, D(2026, 10, 26), {kai.id: P, zoe.id: U})
    coach = register_staff_coach(StaffCoachDetails("Dana", "Whitfield", caseload_cap=4,
                                                   since=D(2026, 7, 1)))
    kai_pairing = assign_mentor(coach.id, kai.id, D(2026, 9, 2))
    assign_mentor(coach.id, zoe.id, D(2026, 10, 16))
    log_check_in(kai_pairing.id, D(2026, 10, 7), 40)
    log_check_in(kai_pairing.id, D(2026, 11, 3), 40)  # November: not counted

    month = house_month(house.id, OCTOBER)
    assert (month.house_name, month.house_address, month.month.label) == (
        "Maple House", "12 Maple St", "October 2026")
    # Kai, Moe, Gus lived there on September 30; Zoë moved in; Gus and Moe left.
    assert month.occupancy == OccupancyFigures(beds=8, residents_at_start=3, residents_at_end=2,
                                               move_ins=1, move_outs=2, graduations=1,
                                               discharges=1, left=0)
    assert [p.name for p in month.residents] == ["Kai Moana", "Zoë Nguyễn", "Moe Szabó"]
    assert month.meetings == (
        HouseMeetingLine(D(2026, 10, 12), "Weekly meeting", 1, 0, 1, 0),
        HouseMeetingLine(D(2026, 10, 26), "Weekly meeting", 1, 0, 0, 1))
    assert month.caseloads == (CaseloadLine("Dana Whitfield", "Staff coach", 2, 4, 1, 40),)
    assert month.milestones == (("Zoë Nguyễn", 30, D(2026, 10, 20)),
                                ("Kai Moana", 60, D(2026, 10, 21)))


def test_an_empty_month(house: House, today: dt.date) -> None:
    month = house_month(house.id, OCTOBER)
    assert month.residents == () and month.meetings == () and month.caseloads == ()
    assert month.occupancy == OccupancyFigures(8, 0, 0, 0, 0, 0, 0, 0)


def _house_with_residents(count: int) -> House:
    """A house whose ``count`` residents have a bit of everything in October."""
    house = create_house(HouseDetails(name=f"House of {count}", beds=count + 2))
    coach = register_staff_coach(StaffCoachDetails(f"Coach{count}", "Test", caseload_cap=count,
                                                   since=D(2026, 7, 1)))
    residents = [admit(house, f"Resident{n}", "Test", move_in=D(2026, 9, 1) + dt.timedelta(
        days=n % 40)) for n in range(count)]
    entries = []
    for number, resident in enumerate(residents):
        pairing = assign_mentor(coach.id, resident.id, D(2026, 10, 11))
        log_check_in(pairing.id, D(2026, 10, 14), 30, "phone", ["emotional"])
        set_goal(resident.id, GoalDetails("Save money", "$50 a week", D(2026, 12, 1), "Coach",
                                          D(2026, 10, 2)))
        set_sponsor(resident.id, "Sam", "555-0100", D(2026, 10, 1))
        start_step(resident.id, 1, D(2026, 10, 3))
        save_comments(resident.id, OCTOBER, "Doing well")
        if number % 3 == 0:
            record_relapse(resident.id, D(2026, 10, 20), "Relapsed")
        if number % 4 == 0:
            change_tier(resident.id, tiers_of(house.id)[1].id, D(2026, 10, 25), "Promoted")
        entries += [OutsideMeetingDetails(resident.id, D(2026, 10, 20) + dt.timedelta(days=d),
                                          Fellowship.NA, "Evening") for d in range(3)]
    log_outside_meetings(entries)
    everyone = {r.id: P for r in residents}
    held(house, D(2026, 10, 19), everyone)
    held(house, D(2026, 10, 26), {rid: U for rid in everyone})
    return house


def test_a_month_takes_the_same_queries_for_5_and_40_residents(db: peewee.Database) -> None:
    counts = []
    for size in (5, 40):
        house = _house_with_residents(size)
        with counting_queries(db) as queries:
            progresses = monthly_progress(house.id, OCTOBER)
        assert len(progresses) == size
        assert all(p.check_ins.count == 1 and p.attendance.held == 2 and p.comments
                   for p in progresses)
        with counting_queries(db) as summary_queries:
            assert len(house_month(house.id, OCTOBER).residents) == size
        counts.append((len(queries), len(summary_queries)))
    assert counts[0] == counts[1]
    assert counts[0][0] <= 25
