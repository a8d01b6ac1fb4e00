"""Meeting records: the rules, motions, edits kept in the history,
cancelling, and the list of meetings with their roll-call counts."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse.errors import NotFound
from soberhouse.houses import HouseDetails, create_house
from soberhouse.meetings.records import (
    MeetingDetails,
    MotionDetails,
    cancel_meeting,
    cancel_planned_meeting,
    get_meeting,
    meeting_changes,
    meetings_between,
    record_meeting,
    update_meeting,
)
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, MeetingKind, Motion, MotionOutcome
from soberhouse.residents import discharge

from .meetings_helpers import MONDAYS, admit, counting_queries, held, refuse, row_counts

P, L, E, U = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.UNEXCUSED)


def test_a_meeting_with_motions_and_the_house_time(house: House) -> None:
    kevin = admit(house, "Kevin", "O'Neill", move_in=dt.date(2026, 6, 1))
    meeting = record_meeting(MeetingDetails(
        house.id, MONDAYS[0], facilitator_resident_id=kevin.id, topic=" Chores ",
        minutes="Chore chart redone.", motions=[
            MotionDetails("Buy a vacuum", MotionOutcome.PASSED, "Kevin", 6, 1),
            MotionDetails("Later curfew", "failed")]))
    stored = get_meeting(meeting.id)
    assert (stored.held_on, stored.starts_at, stored.kind, stored.topic,
            stored.facilitator_resident.full_name, stored.recorded_by.username) == (
        MONDAYS[0], "19:00", "regular", "Chores", "Kevin O'Neill", "test-manager")
    assert [(m.position, m.text, m.outcome, m.votes_for) for m in
            stored.motions.order_by(Motion.position)] == [
        (1, "Buy a vacuum", "passed", 6), (2, "Later curfew", "failed", None)]
    with pytest.raises(NotFound):
        get_meeting(9999)


def test_the_rules_of_a_meeting_record(house: House, today: dt.date) -> None:
    newcomer = admit(house, "Ben", "Cole", move_in=dt.date(2026, 11, 10))
    problems = refuse(record_meeting, MeetingDetails(
        house.id, MONDAYS[0], starts_at="7pm", facilitator_resident_id=newcomer.id,
        motions=[MotionDetails(" ", "passed"), MotionDetails("Fine", "maybe")]))
    assert problems == {
        "starts_at": ["Start time must be a time like 19:00 (24-hour clock)."],
        "facilitator_resident_id": [
            "Ben Cole was not living in Maple House on 9 Nov 2026: choose a resident of the "
            "house, or write a staff or guest name."],
        "motions": ["Motion 1 needs its text: what was proposed.",
                    "Motion 2: choose passed, failed, tabled or withdrawn."]}
    assert refuse(record_meeting, MeetingDetails(house.id, today + dt.timedelta(days=1)))[
        "held_on"][0].startswith("A weekly meeting can't be dated in the future")
    # An extra meeting may be planned ahead; a staff member may facilitate.
    ahead = record_meeting(MeetingDetails(house.id, today + dt.timedelta(days=4),
                                          starts_at="18:30", kind=MeetingKind.SPECIAL,
                                          facilitator_name="Dana (manager)"))
    assert (ahead.kind, ahead.starts_at) == ("special", "18:30")
    held(house, MONDAYS[0])
    assert refuse(record_meeting, MeetingDetails(house.id, MONDAYS[0])) == {"held_on": [
        "The weekly meeting of 9 Nov 2026 is already recorded: open it to change it."]}
    assert held(house, MONDAYS[0], kind=MeetingKind.EMERGENCY).kind == "emergency"


def test_a_facilitator_who_moved_out_that_day_was_not_living_there(house: House) -> None:
    gone = admit(house, "Cy", "Dunn", move_in=dt.date(2026, 6, 1))
    discharge(gone.id, "left", MONDAYS[1], "Moved away")
    assert "facilitator_resident_id" in refuse(record_meeting, MeetingDetails(
        house.id, MONDAYS[1], facilitator_resident_id=gone.id))
    assert held(house, MONDAYS[2], facilitator_resident_id=gone.id).facilitator_resident_id \
        == gone.id


def test_edits_keep_the_old_values(house: House) -> None:
    kevin = admit(house, "Kevin", "O'Neill", move_in=dt.date(2026, 6, 1))
    meeting = held(house, MONDAYS[1], topic="Chores", motions=[
        MotionDetails("Buy a vacuum", "tabled"), MotionDetails("Barbecue", "passed")])
    details = MeetingDetails.of(get_meeting(meeting.id))
    details.topic = "Chores and dues"
    details.facilitator_resident_id = kevin.id
    details.motions[0].outcome = MotionOutcome.PASSED
    details.motions[0].votes_for, details.motions[0].votes_against = 5, 2
    del details.motions[1]
    details.motions.append(MotionDetails("Walking group", "withdrawn", "Kevin"))
    details.motions.append(MotionDetails("Shelf", "passed"))
    updated = update_meeting(meeting.id, details)
    assert (updated.topic, updated.facilitator_resident_id) == ("Chores and dues", kevin.id)
    assert [(m.position, m.text, m.outcome) for m in
            updated.motions.order_by(Motion.position)] == [
        (1, "Buy a vacuum", "passed"), (2, "Walking group", "withdrawn"), (3, "Shelf", "passed")]
    changes = {(c.field_name, c.old_value, c.new_value) for c in meeting_changes(meeting.id)}
    assert changes == {
        ("topic", "Chores", "Chores and dues"),
        ("facilitator_resident", "", "Kevin O'Neill"),
        ("motion 1", "Buy a vacuum — Tabled", "Buy a vacuum — Passed (5–2)"),
        ("motion 2", "Barbecue — Passed", "Walking group — Withdrawn, moved by Kevin"),
        ("motion 3", "", "Shelf — Passed")}
    # Saving the same details again leaves no history.
    update_meeting(meeting.id, MeetingDetails.of(get_meeting(meeting.id)))
    assert len(meeting_changes(meeting.id)) == 5
    assert refuse(update_meeting, meeting.id, MeetingDetails(9, MONDAYS[1])) == {
        "house_id": ["A meeting can't be moved to another house."]}


def test_a_stale_meeting_form_is_refused_and_saves_nothing(house: House) -> None:
    from soberhouse import accounts
    from soberhouse.errors import EditConflict
    from soberhouse.meetings.roll_call import RollCallMark, save_meeting_and_roll_call
    from soberhouse.models.meetings import Attendance

    ben = admit(house, "Ben", "Cole", move_in=dt.date(2026, 6, 1))
    meeting = held(house, MONDAYS[1], topic="Chores")
    opened = MeetingDetails.of(get_meeting(meeting.id))
    opened_version = get_meeting(meeting.id).version
    accounts.act_as("maria")
    theirs = MeetingDetails.of(get_meeting(meeting.id))
    theirs.topic = "Chores and dues"
    update_meeting(meeting.id, theirs, base_version=opened_version)
    assert get_meeting(meeting.id).version == opened_version + 1
    accounts.act_as("test-manager")
    opened.minutes = "Dues collected."
    before = row_counts()
    with pytest.raises(EditConflict) as stale:
        update_meeting(meeting.id, opened, base_version=opened_version)
    assert [c.field for c in stale.value.conflicts] == ["topic", "minutes"]
    assert "maria changed Topic to “Chores and dues” at " in str(stale.value)
    # With its roll call: neither the edit nor the marks are saved.
    with pytest.raises(EditConflict):
        save_meeting_and_roll_call(meeting.id, opened, [RollCallMark(ben.id, P)],
                                   base_version=opened_version)
    stored = get_meeting(meeting.id)
    assert (stored.topic, stored.minutes, stored.version) == ("Chores and dues", "",
                                                              opened_version + 1)
    assert Attendance.select().where(Attendance.meeting == meeting.id).count() == 0
    assert row_counts() == before
    # Saved again on the version the refusal named, it goes through.
    update_meeting(meeting.id, opened, base_version=stale.value.current_version)
    assert get_meeting(meeting.id).minutes == "Dues collected."


def test_a_meeting_with_a_roll_call_moves_only_to_a_day_its_residents_lived_there(
        house: House) -> None:
    ben = admit(house, "Ben", "Cole", move_in=MONDAYS[2])
    meeting = held(house, MONDAYS[1], {ben.id: P})
    details = MeetingDetails.of(get_meeting(meeting.id))
    details.held_on = MONDAYS[3]
    assert refuse(update_meeting, meeting.id, details) == {"held_on": [
        "The roll call has marks for residents who were not living in Maple House on "
        "19 Oct 2026: Ben Cole."]}
    details.held_on = MONDAYS[2]
    update_meeting(meeting.id, details)
    assert [(c.field_name, c.old_value, c.new_value) for c in meeting_changes(meeting.id)] == [
        ("held_on", "2026-11-02", "2026-10-26")]


def test_cancelling_needs_a_reason_and_is_kept(house: House, today: dt.date) -> None:
    meeting = held(house, MONDAYS[0])
    assert refuse(cancel_meeting, meeting.id, " ") == {"cancel_reason": [
        "Please say why the meeting is cancelled."]}
    cancel_meeting(meeting.id, "Power outage")
    stored = get_meeting(meeting.id)
    assert (stored.cancelled, stored.cancel_reason) == (True, "Power outage")
    assert {(c.field_name, c.new_value) for c in meeting_changes(meeting.id)} == {
        ("cancelled", "True"), ("cancel_reason", "Power outage")}
    assert refuse(cancel_meeting, meeting.id, "Again") == {"cancel_reason": [
        "The meeting of 9 Nov 2026 is already cancelled."]}
    # A weekly meeting to come can be called off ahead.
    planned = cancel_planned_meeting(house.id, dt.date(2026, 11, 23), "Thanksgiving week")
    assert (planned.cancelled, planned.kind, planned.starts_at) == (True, "regular", "19:00")
    assert refuse(cancel_planned_meeting, house.id, dt.date(2026, 11, 24), "x") == {
        "held_on": ["Maple House has no weekly meeting on 24 Nov 2026."]}


def test_meetings_between_lists_counts_and_members(house: House, other_house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    ben = admit(house, "Ben", "Cole", move_in=dt.date(2026, 6, 1))
    cy = admit(house, "Cy", "Dunn", move_in=MONDAYS[1])
    admit(other_house, "Di", "Eze", move_in=dt.date(2026, 6, 1))
    first = held(house, MONDAYS[2], {ana.id: P, ben.id: (E, "Work")}, topic="Dues",
                 facilitator_name="Dana (manager)")
    second = held(house, MONDAYS[1], {ana.id: L, ben.id: U, cy.id: P},
                  facilitator_resident_id=ana.id)
    third = held(house, MONDAYS[0])
    cancel_meeting(held(house, MONDAYS[0], kind=MeetingKind.EMERGENCY).id, "Not needed")
    rows = meetings_between(house.id, MONDAYS[2], MONDAYS[0])
    assert [(r.meeting_id, r.facilitator, r.roll_call_taken, r.present, r.late, r.excused,
             r.unexcused, r.members, r.cancelled) for r in rows] == [
        (first.id, "Dana (manager)", True, 1, 0, 1, 0, 2, False),
        (second.id, "Ana Ruiz", True, 1, 1, 0, 1, 3, False),
        (third.id, "", False, 0, 0, 0, 0, 3, False),
        (third.id + 1, "", False, 0, 0, 0, 0, 3, True)]
    assert rows[0].topic == "Dues" and rows[2].unrecorded == 3
    assert meetings_between(house.id, MONDAYS[7], MONDAYS[3]) == []
    assert len(meetings_between(None, MONDAYS[7], MONDAYS[0])) == 4


def test_meetings_between_takes_two_queries(db: peewee.Database) -> None:
    for size in (5, 50):
        house = create_house(HouseDetails(name=f"House of {size}", beds=size + 1))
        people = [admit(house, f"R{n}", f"H{size}", move_in=dt.date(2026, 6, 1))
                  for n in range(size)]
        for day in MONDAYS:
            held(house, day, {p.id: P for p in people})
        with counting_queries(db) as queries:
            rows = meetings_between(house.id, MONDAYS[-1], MONDAYS[0])
        assert len(rows) == 8 and rows[0].present == size
        assert len(queries) == 2
