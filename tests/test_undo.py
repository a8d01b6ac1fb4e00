"""Undo: each simple change taken back by writing the reverse change, in one
transaction, with both in the history; refused (nothing written) when the
record changed since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee
import pytest

from soberhouse import accounts, recording
from soberhouse.meetings.records import MeetingDetails, record_meeting
from soberhouse.meetings.roll_call import RollCallMark, roll_call, save_roll_call
from soberhouse.mentoring.assignments import assign_mentor, assignment_view
from soberhouse.mentoring.check_ins import check_ins_of, log_check_in, remove_check_in
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import ChangeEntry, House, ResidentCorrection, SobrietyDateChange
from soberhouse.models.meetings import Attendance, AttendanceChange, AttendanceStatus
from soberhouse.models.mentoring import CheckIn, GoalStatus
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting
from soberhouse.residents import ResidentDetails, admit_resident, get_resident, update_resident
from soberhouse.twelve_step.outside_meetings import (
    OutsideMeetingDetails,
    log_outside_meeting,
    log_outside_meetings,
    outside_meetings_of,
    remove_outside_meeting,
)
from soberhouse.undo import (
    UNDONE_REASON,
    FieldStep,
    MarkStep,
    Undoable,
    UndoRefused,
    undo,
    undoable,
)

from .conftest import details_for
from .mentoring_helpers import admit

MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15


@pytest.fixture
def heard(db: peewee.Database) -> Iterator[list[recording.Changed]]:
    """Every write of the test, as the window hears of it."""
    changes: list[recording.Changed] = []
    recording.add_listener(changes.append)
    yield changes
    recording.remove_listener(changes.append)


@pytest.fixture
def people(house: House) -> dict[str, int]:
    return {"ana": admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1)).id,
            "ben": admit(house, "Ben", "Brown", move_in=dt.date(2026, 6, 2)).id}


def last_undoable(heard: list[recording.Changed]) -> Undoable:
    change = undoable(heard[-1])
    assert change is not None
    return change


def actions() -> list[str]:
    return [entry.action for entry in ChangeEntry.select().order_by(ChangeEntry.id)]


def as_maria() -> None:
    accounts.act_as("maria")


def statuses(meeting_id: int) -> dict[str, AttendanceStatus | None]:
    return {member.name: member.status for member in roll_call(meeting_id)}


# ---------------------------------------------------------------- roll-call marks


def test_a_first_mark_goes_back_to_not_marked(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.PRESENT)])
    change = last_undoable(heard)
    assert change.what == "marked Ana Abara present"
    assert undo(change) == "Undone: marked Ana Abara present"
    assert statuses(meeting.id) == {"Abara, Ana": None, "Brown, Ben": None}
    assert actions()[-2:] == ["saved a roll call", "undid: marked Ana Abara present"]
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert "Ana Abara, 9 Nov 2026: present \u2192 not marked" in entry.details
    assert entry.kinds == "attendance" and entry.resident_ids == str(people["ana"])
    assert undoable(heard[-1]) is None  # an undoing is not itself undone


def test_a_changed_mark_goes_back_to_what_it_was_with_both_in_the_history(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.EXCUSED, "Work"),
                                RollCallMark(people["ben"], AttendanceStatus.PRESENT)])
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.LATE),
                                RollCallMark(people["ben"], AttendanceStatus.PRESENT)])
    change = last_undoable(heard)
    assert change.what == "marked Ana Abara late"  # Ben's mark did not change
    undo(change)
    row = Attendance.get(Attendance.resident == people["ana"])
    assert (row.status, row.reason) == ("excused", "Work")
    history = [(c.from_status, c.to_status) for c in
               AttendanceChange.select().order_by(AttendanceChange.id)]
    assert history == [("excused", "late"), ("late", "excused")]
    assert statuses(meeting.id)["Brown, Ben"] is AttendanceStatus.PRESENT


def test_a_whole_roll_call_is_undone_at_once(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.PRESENT),
                                RollCallMark(people["ben"], AttendanceStatus.UNEXCUSED)])
    change = last_undoable(heard)
    assert change.what == "the roll call of 9 Nov 2026 (2 marks)"
    undo(change)
    assert Attendance.select().count() == 0


def test_undoing_a_mark_changed_since_is_refused(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.PRESENT),
                                RollCallMark(people["ben"], AttendanceStatus.PRESENT)])
    change = last_undoable(heard)
    as_maria()
    save_roll_call(meeting.id, [RollCallMark(people["ben"], AttendanceStatus.LATE)])
    accounts.act_as("test-manager")
    entries = ChangeEntry.select().count()
    with pytest.raises(UndoRefused) as refused:
        undo(change)
    assert str(refused.value) == "Can't undo: Ben Brown's mark was changed since by maria."
    # One transaction: Ana's mark, which nobody changed, is not taken back either.
    assert statuses(meeting.id) == {"Abara, Ana": AttendanceStatus.PRESENT,
                                    "Brown, Ben": AttendanceStatus.LATE}
    assert ChangeEntry.select().count() == entries


def test_changes_are_undone_one_after_another(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    """The latest first, then the one before, as far as the history allows."""
    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.PRESENT)])
    first = last_undoable(heard)
    save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.LATE)])
    undo(last_undoable(heard))
    assert statuses(meeting.id)["Abara, Ana"] is AttendanceStatus.PRESENT
    # Ana's first mark has a history now (kept): it can't go back to not marked.
    with pytest.raises(UndoRefused) as refused:
        undo(first)
    assert str(refused.value) == ("Can't undo: Ana Abara's mark was changed since (its history "
                                  "is kept), so it can't go back to not marked.")


def test_a_failed_inner_write_notes_nothing_to_undo(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    from soberhouse.errors import RuleViolation

    meeting = record_meeting(MeetingDetails(house.id, MONDAY))
    with recording.one_write("a bigger write"):
        save_roll_call(meeting.id, [RollCallMark(people["ana"], AttendanceStatus.PRESENT)])
        with pytest.raises(RuleViolation):
            save_roll_call(meeting.id, [RollCallMark(people["ben"], AttendanceStatus.EXCUSED)])
    assert [type(step) for step in heard[-1].undo] == [MarkStep]
    assert undoable(heard[-1]) is None  # not one of the simple writes


# ---------------------------------------------------------------- a resident's record


def test_a_field_edit_is_corrected_back(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    ana = get_resident(people["ana"])
    details = ResidentDetails.of(ana)
    old_phone = ana.phone
    update_resident(ana.id, ResidentDetails(**{**vars(details), "phone": "555-0199"}),
                    base=details, base_version=ana.version)
    change = last_undoable(heard)
    assert change.what == "changed Ana Abara's phone"
    assert [type(step) for step in change.steps] == [FieldStep]
    undo(change)
    assert get_resident(ana.id).phone == old_phone
    corrections = [(c.old_value, c.new_value) for c in
                   ResidentCorrection.select().where(ResidentCorrection.field_name == "phone")
                   .order_by(ResidentCorrection.id)]
    assert corrections == [(old_phone, "555-0199"), ("555-0199", old_phone)]
    assert actions()[-1] == "undid: changed Ana Abara's phone"


def test_dates_are_corrected_back_too(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    ana = get_resident(people["ana"])
    before = (ana.sobriety_date, ana.move_in_date)
    update_resident(ana.id, ResidentDetails(**{**vars(ResidentDetails.of(ana)),
                                               "sobriety_date": dt.date(2026, 5, 1),
                                               "move_in_date": dt.date(2026, 6, 3),
                                               "notes": "Likes early shifts"}))
    change = last_undoable(heard)
    assert change.what == "changed 3 fields of Ana Abara's record"
    undo(change)
    ana = get_resident(ana.id)
    assert (ana.sobriety_date, ana.move_in_date, ana.notes) == (*before, "")
    assert SobrietyDateChange.select().where(SobrietyDateChange.resident == ana.id).count() == 3


def test_undoing_a_field_changed_since_is_refused(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    ana = get_resident(people["ana"])
    update_resident(ana.id, ResidentDetails(**{**vars(ResidentDetails.of(ana)),
                                               "phone": "555-0199"}))
    change = last_undoable(heard)
    as_maria()
    ana = get_resident(ana.id)
    update_resident(ana.id, ResidentDetails(**{**vars(ResidentDetails.of(ana)),
                                               "phone": "555-0123"}))
    with pytest.raises(UndoRefused) as refused:
        undo(change)
    assert str(refused.value) == "Can't undo: Ana Abara's phone was changed since by maria."
    assert get_resident(ana.id).phone == "555-0123"


def test_another_field_changed_since_does_not_stop_the_undo(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    ana = get_resident(people["ana"])
    old_phone = ana.phone
    update_resident(ana.id, ResidentDetails(**{**vars(ResidentDetails.of(ana)),
                                               "phone": "555-0199"}))
    change = last_undoable(heard)
    as_maria()
    ana = get_resident(ana.id)
    update_resident(ana.id, ResidentDetails(**{**vars(ResidentDetails.of(ana)),
                                               "notes": "Night shifts"}))
    undo(change)
    ana = get_resident(ana.id)
    assert (ana.phone, ana.notes) == (old_phone, "Night shifts")


def test_an_admission_is_not_offered(house: House, heard: list[recording.Changed]) -> None:
    admit_resident(details_for(house, first_name="Cy", last_name="Cole"))
    assert undoable(heard[-1]) is None


# ---------------------------------------------------------------- outside meetings


def test_an_outside_meeting_is_removed_with_a_reason(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = log_outside_meeting(OutsideMeetingDetails(people["ana"], MONDAY, Fellowship.NA,
                                                        "Monday Night Hope"))
    change = last_undoable(heard)
    assert change.what == "logged Ana Abara's NA meeting of 9 Nov 2026"
    undo(change)
    row = OutsideMeeting.get_by_id(meeting.id)  # kept, marked removed
    assert row.removed_at is not None and row.removed_reason == UNDONE_REASON
    assert outside_meetings_of(people["ana"], MONDAY, MONDAY) == []
    assert actions()[-2:] == ["logged an outside meeting",
                              "undid: logged Ana Abara's NA meeting of 9 Nov 2026"]


def test_the_weeks_cards_are_undone_together(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    log_outside_meeting(OutsideMeetingDetails(people["ben"], MONDAY, Fellowship.AA))  # before
    log_outside_meetings([OutsideMeetingDetails(people["ana"], MONDAY, Fellowship.AA),
                          OutsideMeetingDetails(people["ana"], MONDAY + dt.timedelta(2),
                                                Fellowship.AA),
                          OutsideMeetingDetails(people["ben"], MONDAY, Fellowship.AA)])
    change = last_undoable(heard)
    assert change.what == "logged 3 outside meetings (2 residents)"
    undo(change)
    week = MONDAY + dt.timedelta(6)
    assert outside_meetings_of(people["ana"], MONDAY, week) == []
    assert len(outside_meetings_of(people["ben"], MONDAY, week)) == 1  # the one before


def test_undoing_a_meeting_removed_since_is_refused(
        house: House, people: dict[str, int], heard: list[recording.Changed]) -> None:
    meeting = log_outside_meeting(OutsideMeetingDetails(people["ana"], MONDAY, Fellowship.AA))
    change = last_undoable(heard)
    as_maria()
    remove_outside_meeting(meeting.id, "Entered twice")
    with pytest.raises(UndoRefused) as refused:
        undo(change)
    assert str(refused.value) == (
        "Can't undo: Ana Abara's meeting of 9 Nov 2026 was removed since by maria.")
    assert OutsideMeeting.get_by_id(meeting.id).removed_reason == "Entered twice"


# ---------------------------------------------------------------- mentoring check-ins


@pytest.fixture
def pairing(house: House, people: dict[str, int]) -> int:
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 3, 1))
    mentor = register_resident_mentor(senior.id, dt.date(2026, 6, 1))
    return assign_mentor(mentor.id, people["ana"], dt.date(2026, 11, 1)).id


def test_a_check_in_is_removed_with_a_reason(
        pairing: int, people: dict[str, int], heard: list[recording.Changed]) -> None:
    check_in = log_check_in(pairing, MONDAY, 45)
    change = last_undoable(heard)
    assert change.what == "logged Ana Abara's check-in of 9 Nov 2026"
    assert change.resident_ids == {people["ana"]}
    assert undo(change) == "Undone: logged Ana Abara's check-in of 9 Nov 2026"
    row = CheckIn.get_by_id(check_in.id)  # kept, marked removed
    assert row.removed_at is not None and row.removed_reason == UNDONE_REASON
    assert check_ins_of(pairing) == []
    assert (assignment_view(pairing).check_ins, assignment_view(pairing).last_check_in) == (
        0, None)
    assert actions()[-2:] == ["logged a check-in",
                              "undid: logged Ana Abara's check-in of 9 Nov 2026"]
    entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
    assert entry.kinds == "check_in" and entry.resident_ids == str(people["ana"])
    assert undoable(heard[-1]) is None  # an undoing is not itself undone


def test_undoing_a_check_in_removed_since_is_refused(
        pairing: int, heard: list[recording.Changed]) -> None:
    check_in = log_check_in(pairing, MONDAY)
    change = last_undoable(heard)
    as_maria()
    remove_check_in(check_in.id, "Entered twice")
    accounts.act_as("test-manager")
    entries = ChangeEntry.select().count()
    with pytest.raises(UndoRefused) as refused:
        undo(change)
    assert str(refused.value) == (
        "Can't undo: Ana Abara's check-in of 9 Nov 2026 was removed since by maria.")
    assert CheckIn.get_by_id(check_in.id).removed_reason == "Entered twice"
    assert ChangeEntry.select().count() == entries


def test_undoing_a_check_in_that_reviewed_goals_is_refused(
        pairing: int, people: dict[str, int], heard: list[recording.Changed]) -> None:
    goal = set_goal(people["ana"], GoalDetails("Get a library card", "Card shown",
                                               dt.date(2026, 11, 30), "Ana", dt.date(2026, 11, 2)))
    log_check_in(pairing, MONDAY, reviewed_goals={goal.id: GoalStatus.MET})
    change = last_undoable(heard)
    with pytest.raises(UndoRefused) as refused:
        undo(change)
    assert str(refused.value) == (
        "Can't undo: Ana Abara's check-in of 9 Nov 2026 reviewed the goal \u201cGet a library "
        "card\u201d, and a goal keeps its reviews. If the check-in was a mistake, remove it "
        "(Remove Check-in\u2026 in the check-in list) and set the goal's status again if "
        "need be.")
    assert len(check_ins_of(pairing)) == 1

