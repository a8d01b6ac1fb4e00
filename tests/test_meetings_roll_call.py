"""Roll call: members by the dates they lived in the house, marks saved all
or nothing, changed marks kept in the history."""

from __future__ import annotations

import datetime as dt

from soberhouse.houses import tiers_of
from soberhouse.meetings.records import cancel_meeting
from soberhouse.meetings.roll_call import (
    RollCallMark,
    mark_changes,
    members_on,
    roll_call,
    save_roll_call,
)
from soberhouse.models import House
from soberhouse.models.meetings import Attendance, AttendanceStatus, MeetingKind
from soberhouse.residents import change_tier, discharge

from .meetings_helpers import MONDAYS, admit, held, refuse

P, L, E, U = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
              AttendanceStatus.UNEXCUSED)
MEETING_DAY = dt.date(2026, 11, 2)


def test_members_are_who_lived_in_the_house_that_day_both_edges(house: House,
                                                                  other_house: House) -> None:
    day = MEETING_DAY
    admit(house, "Ana", "Ruiz", move_in=day)  # moved in that day: a member
    admit(house, "Ben", "Cole", move_in=day + dt.timedelta(days=1))  # the day after: not yet
    out_that_day = admit(house, "Cy", "Dunn", move_in=dt.date(2026, 6, 1))
    discharge(out_that_day.id, "left", day, "Moved back home")  # first day gone: not
    out_next_day = admit(house, "Di", "Eze", move_in=dt.date(2026, 6, 1))
    discharge(out_next_day.id, "graduated", day + dt.timedelta(days=1), "Own flat")  # member
    admit(other_house, "Ed", "Fox", move_in=dt.date(2026, 6, 1))  # another house
    names = [member.name for member in members_on(house.id, day)]
    assert names == ["Eze, Di", "Ruiz, Ana"]
    assert all(member.status is None for member in members_on(house.id, day))


def test_members_show_the_tier_and_bed_they_had(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    change_tier(ana.id, tiers_of(house.id)[1].id, dt.date(2026, 11, 3), "A month in")
    [then] = members_on(house.id, MEETING_DAY)
    [now] = members_on(house.id, dt.date(2026, 11, 9))
    assert (then.tier_name, now.tier_name) == ("Newcomer", "Established")
    assert then.bed_label.startswith("Room ") and then.bed_label.endswith("· Bed A")


def test_all_present_then_the_exceptions(house: House) -> None:
    people = [admit(house, f"Res{n}", "Test", move_in=dt.date(2026, 6, 1)) for n in range(5)]
    meeting = held(house, MEETING_DAY)
    saved = save_roll_call(meeting.id, [RollCallMark(p.id, P) for p in people])
    assert saved.summary == "5 present, 0 late, 0 excused, 0 unexcused"
    saved = save_roll_call(meeting.id, [
        RollCallMark(people[1].id, L, "Bus was late"),
        RollCallMark(people[2].id, E, "  Working a late shift "),
        RollCallMark(people[3].id, U)])
    assert saved.summary == "2 present, 1 late, 1 excused, 1 unexcused"
    marks = {m.resident_id: (m.status, m.reason) for m in roll_call(meeting.id)}
    assert marks[people[2].id] == (E, "Working a late shift")
    assert marks[people[0].id] == (P, "")
    changes = mark_changes(meeting.id)
    assert sorted((c.from_status, c.to_status, c.to_reason) for c in changes) == [
        ("present", "excused", "Working a late shift"), ("present", "late", "Bus was late"),
        ("present", "unexcused", "")]
    assert {c.recorded_by.username for c in changes} == {"test-manager"}
    # Saving the same marks again changes nothing and adds no history.
    save_roll_call(meeting.id, [RollCallMark(people[3].id, U)])
    assert len(mark_changes(meeting.id)) == 3


def test_a_roll_call_can_leave_someone_unrecorded(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    ben = admit(house, "Ben", "Cole", move_in=dt.date(2026, 6, 1))
    meeting = held(house, MEETING_DAY, {ana.id: P})
    assert [(m.name, m.status) for m in roll_call(meeting.id)] == [
        ("Cole, Ben", None), ("Ruiz, Ana", P)]
    assert ben.id not in {row.resident_id for row in Attendance.select()}


def test_one_bad_mark_saves_nothing_and_names_the_resident(house: House) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    ben = admit(house, "Ben", "Cole", move_in=dt.date(2026, 6, 1))
    late = admit(house, "Cy", "Dunn", move_in=dt.date(2026, 11, 5))
    meeting = held(house, MEETING_DAY)
    problems = refuse(save_roll_call, meeting.id, [
        RollCallMark(ana.id, P), RollCallMark(ben.id, E, "  "), RollCallMark(late.id, P)])
    assert problems == {"marks": [
        "Ben Cole: an excused absence needs a reason.",
        "Cy Dunn was not living in Maple House on 2 Nov 2026: no attendance can be recorded."]}
    assert refuse(save_roll_call, meeting.id, [RollCallMark(ana.id, "asleep")]) == {
        "marks": ["Ana Ruiz: choose present, late, excused or unexcused."]}
    assert refuse(save_roll_call, meeting.id, [])["marks"] == ["Mark at least one resident."]
    # Changing a saved mark is all or nothing too.
    save_roll_call(meeting.id, [RollCallMark(ana.id, P), RollCallMark(ben.id, P)])
    refuse(save_roll_call, meeting.id, [RollCallMark(ana.id, U), RollCallMark(ben.id, E)])
    assert {m.status for m in roll_call(meeting.id)} == {P}


def test_no_roll_call_for_a_meeting_to_come_or_a_cancelled_one(house: House,
                                                               today: dt.date) -> None:
    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    ahead = held(house, today + dt.timedelta(days=3), kind=MeetingKind.SPECIAL)
    assert refuse(save_roll_call, ahead.id, [RollCallMark(ana.id, P)]) == {"marks": [
        "The meeting of 18 Nov 2026 hasn't been held yet: take the roll call on the day."]}
    on_the_day = held(house, today, kind=MeetingKind.EMERGENCY)
    assert save_roll_call(on_the_day.id, [RollCallMark(ana.id, P)]).present == 1
    called_off = held(house, MONDAYS[0])
    cancel_meeting(called_off.id, "Snowstorm")
    assert refuse(save_roll_call, called_off.id, [RollCallMark(ana.id, P)]) == {"marks": [
        "The meeting of 9 Nov 2026 was cancelled: it has no roll call."]}


def test_a_new_meeting_and_its_refused_roll_call_leave_nothing(house: House) -> None:
    from soberhouse.meetings.records import MeetingDetails
    from soberhouse.meetings.roll_call import save_meeting_and_roll_call

    ana = admit(house, "Ana", "Ruiz", move_in=dt.date(2026, 6, 1))
    problems = refuse(save_meeting_and_roll_call, None, MeetingDetails(house.id, MEETING_DAY),
                      [RollCallMark(ana.id, E)])  # excused without a reason
    assert problems == {"marks": ["Ana Ruiz: an excused absence needs a reason."]}
    meeting, saved = save_meeting_and_roll_call(
        None, MeetingDetails(house.id, MEETING_DAY, topic="Chores"),
        [RollCallMark(ana.id, E, "Doctor's appointment")])
    assert (meeting.topic, saved.summary) == ("Chores", "0 present, 0 late, 1 excused, 0 unexcused")
