"""Every rule that reads other rows holds with two writers at the same moment.

Two processes, each with its own connection, are released together at a
barrier and make conflicting writes: on a SQLite file, and on the real
PostgreSQL server of the test run.  Before the write seam took the lock
first, 10 of 10 trials put 9 residents in an 8-bed house.  Each trial must
end with the rule intact, one writer saved and the other refused with the
rule's own message.  ``SOBERHOUSE_RACE_TRIALS`` sets the number of trials
(default 8 per rule and database).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database
from soberhouse.errors import LikelyDuplicate
from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House, Resident, ResidentStatus
from soberhouse.models.meetings import Attendance, AttendanceStatus
from soberhouse.models.mentoring import MentorAssignment
from soberhouse.residents import admit_resident, change_tier

from .conftest import details_for
from .two_writers import one_saved_one_refused, race

pytest_plugins = ["tests.two_writer_targets"]  # the fixture ``target``

TRIALS = int(os.environ.get("SOBERHOUSE_RACE_TRIALS", "8"))
_numbers = itertools.count(1)


def _house(beds: int) -> House:
    return create_house(HouseDetails(name=f"Trial House {next(_numbers)}", beds=beds))


def _resident(house: House, first: str, *, tier: int = 1, bed: str = "") -> Resident:
    number = next(_numbers)
    resident = admit_resident(details_for(
        house, first_name=first, last_name=f"Tester{number}", room=str(number), bed=bed or "A",
        date_of_birth=dt.date(1970, 1, 1) + dt.timedelta(days=number),
        move_in_date=dt.date(2026, 3, 1), sobriety_date=dt.date(2026, 2, 1)))
    if tier > 1:
        change_tier(resident.id, tiers_of(house.id)[tier - 1].id, dt.date(2026, 6, 1), "Test")
    return resident


def _active_in(house_id: int) -> int:
    return (Resident.select().where((Resident.house == house_id)
                                    & (Resident.status == ResidentStatus.ACTIVE.value)).count())


def test_a_full_house_takes_one_resident_not_two(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=2)
        _resident(house, "Ana")

        def admit(writer: int, house_id: int = house.id) -> None:
            admit_resident(details_for(House.get_by_id(house_id), first_name=f"Writer{writer}",
                                       last_name=f"Trial{house_id}", room="9", bed=str(writer),
                                       date_of_birth=dt.date(1985, 1, 1 + writer)))

        refused = one_saved_one_refused(race(target, admit))
        assert refused.message == f"{house.name} is full: all 2 beds are in use."
        assert _active_in(house.id) == 2


def test_one_bed_takes_one_resident_not_two(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=8)

        def admit(writer: int, house_id: int = house.id) -> None:
            admit_resident(details_for(House.get_by_id(house_id), first_name=f"Writer{writer}",
                                       last_name=f"Trial{house_id}", room="4", bed="B",
                                       date_of_birth=dt.date(1985, 1, 1 + writer)))

        refused = one_saved_one_refused(race(target, admit))
        assert refused.message.startswith(f"Room 4 · Bed B in {house.name} is taken by Writer")
        assert (Resident.select().where((Resident.house == house.id) & (Resident.room == "4")
                                        & (Resident.bed == "B")).count()) == 1


def test_the_same_person_admitted_twice_at_once_is_asked_about(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=8)

        def admit(writer: int, house_id: int = house.id) -> None:
            admit_resident(details_for(House.get_by_id(house_id), first_name="Mireille",
                                       last_name=f"Doublon{house_id}", room="5",
                                       bed=str(writer)))

        refused = one_saved_one_refused(race(target, admit))
        assert refused.error_type == LikelyDuplicate.__name__
        assert "same name and date of birth is already on record" in refused.message
        assert _active_in(house.id) == 1


def test_a_mentor_with_one_free_place_gets_one_new_mentee(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=8)
        mentor = register_resident_mentor(_resident(house, "Senior", tier=3).id,
                                          dt.date(2026, 6, 1))
        cap = tiers_of(house.id)[2].caseload_cap
        for n in range(cap - 1):
            assign_mentor(mentor.id, _resident(house, f"Mentee{n}").id, dt.date(2026, 7, 1))
        newcomers = [_resident(house, "Newcomer").id, _resident(house, "Newcomer").id]

        def assign(writer: int, mentor_id: int = mentor.id,
                   mentees: list[int] = newcomers) -> None:
            assign_mentor(mentor_id, mentees[writer], dt.date(2026, 11, 1))

        refused = one_saved_one_refused(race(target, assign))
        assert refused.message.endswith(
            f"already mentors {cap} of {cap} (the cap for Senior): no free place."), refused
        open_ = MentorAssignment.ended_on.is_null()
        assert MentorAssignment.select().where(
            open_ & (MentorAssignment.mentor == mentor.id)).count() == cap


def test_a_mentee_gets_one_primary_mentor_not_two(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=8)
        mentors = [register_resident_mentor(_resident(house, "Senior", tier=3).id,
                                            dt.date(2026, 6, 1)).id for _ in range(2)]
        mentee = _resident(house, "Newcomer")

        def assign(writer: int, mentors: list[int] = mentors, mentee_id: int = mentee.id) -> None:
            assign_mentor(mentors[writer], mentee_id, dt.date(2026, 11, 1))

        refused = one_saved_one_refused(race(target, assign))
        assert "already has a primary mentor" in refused.message
        assert MentorAssignment.select().where(
            MentorAssignment.ended_on.is_null() & (MentorAssignment.mentee == mentee.id)
            & (MentorAssignment.role == "primary")).count() == 1


def test_two_roll_calls_of_one_meeting_leave_one_mark_per_resident(target: str) -> None:
    for _ in range(TRIALS):
        house = _house(beds=8)
        residents = [_resident(house, f"Member{n}").id for n in range(3)]
        meeting = record_meeting(MeetingDetails(house.id, dt.date(2026, 11, 9)))
        def take(writer: int, meeting_id: int = meeting.id, members: list[int] = residents
                 ) -> None:
            status = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)[writer]
            save_roll_call(meeting_id, [RollCallMark(r, status) for r in members])

        outcomes = race(target, take)
        # Both saves are kept: the later one as a change of each mark, with history.
        assert all(o.saved for o in outcomes), outcomes
        marks = list(Attendance.select().where(Attendance.meeting == meeting.id))
        assert sorted(m.resident_id for m in marks) == sorted(residents)
        assert len({m.status for m in marks}) == 1  # one writer's marks, whole, not a mix


@pytest.fixture
def sqlite_target(tmp_path: Path, today: dt.date) -> Iterator[str]:
    url = str(tmp_path / "shared.sqlite3")
    database.connect(url)
    accounts.act_as("test-manager")
    yield url
    database.close()


def test_the_race_harness_sees_a_real_conflict_without_the_lock(
        sqlite_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the seam's lock taken away (each statement on its own, as the
    checks-then-write of before), the same race breaks the capacity rule:
    the harness is not blind."""
    from soberhouse import recording

    def no_transaction(database_: peewee.Database) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    monkeypatch.setattr(recording, "_transaction", no_transaction)
    target = sqlite_target
    import soberhouse.residents as residents_module

    original = residents_module.check_new_resident

    def slow_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        problems = original(*args, **kwargs)
        import time

        time.sleep(0.2)  # widen the window between check and write
        return problems

    monkeypatch.setattr(residents_module, "check_new_resident", slow_check)
    broken = 0
    for _ in range(3):
        house = _house(beds=2)
        _resident(house, "Ana")

        def admit(writer: int, house_id: int = house.id) -> None:
            admit_resident(details_for(House.get_by_id(house_id), first_name=f"Writer{writer}",
                                       last_name=f"Trial{house_id}", room="9", bed=str(writer),
                                       date_of_birth=dt.date(1985, 1, 1 + writer)))

        outcomes = race(target, admit)
        if _active_in(house.id) > 2 or all(o.saved for o in outcomes):
            broken += 1
    assert broken >= 1
