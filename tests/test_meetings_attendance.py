"""Attendance figures: what counts (roll call taken, not cancelled, lived
there that day), the rate without excused absences, and a constant number of
queries whatever the number of residents."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse.houses import HouseDetails, TierDetails, create_house, save_tiers, tiers_of
from soberhouse.meetings.attendance import (
    AttendanceFigures,
    MeetingMark,
    attendance_by_resident,
    house_attendance,
    last_meeting,
    marks_by_resident,
    unexcused_counts,
)
from soberhouse.meetings.records import cancel_meeting, meetings_between
from soberhouse.meetings.roll_call import members_on, roll_call
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, MeetingKind
from soberhouse.progression import progressions, ready_for_promotion
from soberhouse.residents import discharge

from .meetings_helpers import admit, counting_queries, held

P, L, E, U = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.UNEXCUSED)
START, END = dt.date(2026, 10, 1), dt.date(2026, 11, 15)
OCT5, OCT12, OCT19, OCT26, NOV2, NOV9 = (dt.date(2026, 10, 5) + dt.timedelta(weeks=n)
                                         for n in range(6))


@pytest.fixture
def october(house: House, other_house: House) -> dict[str, int]:
    """Six Monday meetings; Ana lived there throughout, Ben moved in on 20
    October, Cy moved out on 12 October; plus meetings that don't count."""
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    ben = admit(house, "Ben", "Cole", move_in=dt.date(2026, 10, 20))
    cy = admit(house, "Cy", "Dunn", move_in=dt.date(2026, 6, 1))
    di = admit(other_house, "Di", "Eze", move_in=dt.date(2026, 6, 1))
    held(house, OCT5, {ana.id: P, cy.id: (E, "Sick")})
    held(house, OCT12, {ana.id: L})
    held(house, OCT19, {ana.id: (E, "Working a late shift")})
    held(house, OCT26, {ana.id: U, ben.id: P})
    held(house, NOV2, {ben.id: P})  # Ana not marked: unrecorded
    held(house, NOV9, {ana.id: P, ben.id: (E, "Court")})
    discharge(cy.id, "left", OCT12, "Moved away")
    # Neither counts: cancelled after its roll call, and no roll call taken.
    called_off = held(house, dt.date(2026, 10, 14), {ana.id: U}, kind=MeetingKind.EMERGENCY)
    cancel_meeting(called_off.id, "Entered by mistake")
    held(house, dt.date(2026, 10, 28), kind=MeetingKind.SPECIAL)
    held(other_house, OCT19, {di.id: U})
    return {"ana": ana.id, "ben": ben.id, "cy": cy.id, "di": di.id}


def test_figures_by_resident(house: House, october: dict[str, int]) -> None:
    ana, ben, cy, di = (october[k] for k in ("ana", "ben", "cy", "di"))
    figures = attendance_by_resident(house.id, START, END)
    assert figures == {
        ana: AttendanceFigures(ana, held=6, present=2, late=1, excused=1, unexcused=1,
                               unrecorded=1),
        ben: AttendanceFigures(ben, held=3, present=2, late=0, excused=1, unexcused=0,
                               unrecorded=0),
        cy: AttendanceFigures(cy, held=1, present=0, late=0, excused=1, unexcused=0,
                              unrecorded=0)}
    # Attended (present + late) over held minus excused.
    assert (figures[ana].attended, figures[ana].rate, figures[ana].rate_text) == (3, 0.6, "60%")
    assert figures[ben].rate == 1.0  # moved in mid-period: only his three meetings
    assert (figures[cy].rate, figures[cy].rate_text) == (None, "—")  # all excused
    assert set(attendance_by_resident(None, START, END)) == {ana, ben, cy, di}
    assert set(attendance_by_resident(None, START, END, resident_ids=[ben, di])) == {ben, di}
    assert attendance_by_resident(house.id, NOV2, NOV2)[ana].unrecorded == 1


def test_house_totals(house: House, october: dict[str, int]) -> None:
    totals = house_attendance(house.id, START, END)
    assert totals == AttendanceFigures(0, held=10, present=4, late=1, excused=3, unexcused=1,
                                       unrecorded=1)
    assert totals.rate == pytest.approx(5 / 7)
    assert house_attendance(house.id, dt.date(2025, 1, 1), dt.date(2025, 2, 1)) == \
        AttendanceFigures(0, 0, 0, 0, 0, 0, 0)


def test_marks_list_every_meeting_that_counts(house: House, october: dict[str, int]) -> None:
    marks = marks_by_resident(house.id, START, END)
    ben = october["ben"]
    assert [(m.held_on, m.status, m.reason) for m in marks[ben]] == [
        (OCT26, P, ""), (NOV2, P, ""), (NOV9, E, "Court")]
    ana_marks = marks[october["ana"]]
    assert [m.held_on for m in ana_marks] == [OCT5, OCT12, OCT19, OCT26, NOV2, NOV9]
    assert ana_marks[4] == MeetingMark(ana_marks[4].meeting_id, NOV2, MeetingKind.REGULAR,
                                       None, "")
    assert set(marks_by_resident(None, START, END, [october["di"]])) == {october["di"]}


def test_last_meeting_has_a_roll_call_and_was_not_cancelled(
        house: House, october: dict[str, int]) -> None:
    assert last_meeting(house.id, END).held_on == NOV9
    assert last_meeting(house.id, dt.date(2026, 10, 30)).held_on == OCT26  # not the 28th
    assert last_meeting(house.id, dt.date(2026, 10, 16)).held_on == OCT12  # not the 14th
    assert last_meeting(house.id, dt.date(2026, 10, 4)) is None


def test_unexcused_counts(house: House, october: dict[str, int]) -> None:
    ana, ben, di = october["ana"], october["ben"], october["di"]
    assert unexcused_counts([ana, ben, di], START, END) == {ana: 1, ben: 0, di: 1}
    assert unexcused_counts([ana], dt.date(2026, 10, 27), END) == {ana: 0}
    assert unexcused_counts([], START, END) == {}


def _house_of(size: int) -> House:
    house = create_house(HouseDetails(name=f"House of {size}", beds=size + 1))
    tiers = [TierDetails.of(tier) for tier in tiers_of(house.id)]
    tiers[1].max_unexcused_absences = 2
    save_tiers(house.id, tiers)
    people = [admit(house, f"R{n}", f"H{size}", move_in=dt.date(2026, 6, 1))
              for n in range(size)]
    statuses = (P, L, (E, "Work"), U)
    for week, day in enumerate((OCT5, OCT12, OCT19, OCT26)):
        held(house, day, {p.id: statuses[(n + week) % 4] for n, p in enumerate(people)})
    return house


def _query_counts(db: peewee.Database, house: House, size: int) -> dict[str, int]:
    meeting_id = meetings_between(house.id, OCT26, OCT26)[0].meeting_id
    ids = [m.resident_id for m in members_on(house.id, OCT26)]
    calls = {
        "by resident": lambda: attendance_by_resident(house.id, START, END),
        "every house": lambda: attendance_by_resident(None, START, END, ids),
        "house": lambda: house_attendance(house.id, START, END),
        "marks": lambda: marks_by_resident(house.id, START, END),
        "unexcused": lambda: unexcused_counts(ids, START, END),
        "last": lambda: last_meeting(house.id, END),
        "members": lambda: members_on(house.id, OCT26),
        "roll call": lambda: roll_call(meeting_id),
        "meetings": lambda: meetings_between(house.id, START, END),
        "progressions": lambda: progressions(house.id),
        "ready": lambda: ready_for_promotion(),
    }
    counts = {}
    for name, call in calls.items():
        with counting_queries(db) as queries:
            assert call() is not None
        counts[name] = len(queries)
    assert len(attendance_by_resident(house.id, START, END)) == size
    assert len(roll_call(meeting_id)) == size
    return counts


def test_every_list_takes_the_same_queries_for_5_and_50_residents(
        db: peewee.Database) -> None:
    small, large = (_query_counts(db, _house_of(size), size) for size in (5, 50))
    assert small == large
    assert max(small.values()) <= 6
