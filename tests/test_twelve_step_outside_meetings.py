"""Logging outside meetings: one at a time or a week of signed cards at once,
the rules, and removing a line entered by mistake."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import House
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting, OutsideMeetingType
from soberhouse.residents import discharge
from soberhouse.twelve_step.outside_meetings import (
    BatchRuleViolation,
    OutsideMeetingDetails,
    log_outside_meeting,
    log_outside_meetings,
    outside_meeting_counts,
    outside_meetings_of,
    remove_outside_meeting,
)

from .mentoring_helpers import admit, counting_queries

D = dt.date


def messages(error: pytest.ExceptionInfo[RuleViolation]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def test_a_logged_meeting_keeps_every_detail_and_who_recorded_it(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    meeting = log_outside_meeting(OutsideMeetingDetails(
        zoe.id, D(2026, 11, 10), Fellowship.NA, "  Tuesday Night Big Book ",
        OutsideMeetingType.BIG_BOOK, verified=True, verified_by="Linda S."))
    saved = OutsideMeeting.get_by_id(meeting.id)
    assert (saved.resident_id, saved.attended_on, saved.fellowship, saved.meeting_name,
            saved.meeting_type, saved.verified, saved.verified_by, saved.removed_at) == (
        zoe.id, D(2026, 11, 10), "na", "Tuesday Night Big Book", "big_book", True,
        "Linda S.", None)
    assert saved.recorded_by.username == "test-manager"
    assert Fellowship(saved.fellowship).label == "NA"


def test_a_meeting_in_the_future_is_refused(house: House, today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    with pytest.raises(RuleViolation) as error:
        log_outside_meeting(OutsideMeetingDetails(zoe.id, today + dt.timedelta(days=1),
                                                  Fellowship.AA))
    assert messages(error) == {
        "attended_on": ["A meeting can't be logged for a date after today."]}
    assert OutsideMeeting.select().count() == 0
    log_outside_meeting(OutsideMeetingDetails(zoe.id, today, Fellowship.AA))  # today is fine


def test_a_meeting_when_the_resident_did_not_live_in_a_house_is_refused(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    with pytest.raises(RuleViolation) as error:
        log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 9, 30), Fellowship.AA))
    assert messages(error) == {
        "attended_on": ["Zoë Nguyễn was not living in a house on 30 Sep 2026."]}
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 10, 1), Fellowship.AA))
    discharge(zoe.id, "left", D(2026, 11, 1), "Moved out")
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 10, 31), Fellowship.AA))
    with pytest.raises(RuleViolation):  # the move-out day is the first day not living there
        log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 1), Fellowship.AA))
    assert OutsideMeeting.select().count() == 2


def test_unknown_fellowship_type_and_missing_date_are_refused(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    with pytest.raises(RuleViolation) as error:
        log_outside_meeting(OutsideMeetingDetails(zoe.id, None, "XA", meeting_type="dance"))
    found = messages(error)
    assert found["attended_on"] == ["The date of the meeting is required."]
    assert found["fellowship"][0].startswith('"XA" is not a fellowship')
    assert found["meeting_type"][0].startswith('"dance" is not a meeting type')


def test_the_same_named_meeting_twice_on_one_day_is_refused(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    card = OutsideMeetingDetails(zoe.id, D(2026, 11, 10), Fellowship.AA, "Keep It Simple")
    log_outside_meeting(card)
    with pytest.raises(RuleViolation) as error:
        log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 10), Fellowship.AA,
                                                  "keep it simple"))
    assert messages(error) == {
        "meeting_name": ["“keep it simple” is already logged for that day."]}
    # Two unnamed meetings, or another meeting, the same day are fine.
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 10), Fellowship.AA))
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 10), Fellowship.AA))
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 10), Fellowship.NA,
                                              "Keep It Simple"))
    assert len(outside_meetings_of(zoe.id, D(2026, 11, 10), D(2026, 11, 10))) == 4


def test_a_batch_is_saved_in_one_go(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    ana = admit(house, "Ana", "Ruiz", move_in=D(2026, 10, 1))
    week = [OutsideMeetingDetails(resident.id, D(2026, 11, 2) + dt.timedelta(days=n),
                                  Fellowship.AA, f"Meeting {n}", verified=n % 2 == 0)
            for resident in (zoe, ana) for n in range(5)]
    assert log_outside_meetings(week) == 10
    assert log_outside_meetings([]) == 0
    counts = outside_meeting_counts([zoe.id, ana.id], D(2026, 11, 2), D(2026, 11, 8))
    assert (counts[zoe.id].attended, counts[zoe.id].verified) == (5, 3)
    assert outside_meeting_counts(None, D(2026, 11, 7), D(2026, 11, 8)) == {}


def test_a_wrong_line_refuses_the_whole_batch_and_says_which(house: House,
                                                              today: dt.date) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    kai = admit(house, "Kai", "Moana", move_in=D(2026, 11, 4))
    batch = [
        OutsideMeetingDetails(zoe.id, D(2026, 11, 2), Fellowship.AA, "Monday Big Book"),
        OutsideMeetingDetails(kai.id, D(2026, 11, 3), Fellowship.NA, "Clean Tuesday"),
        OutsideMeetingDetails(kai.id, D(2026, 11, 5), Fellowship.NA, "Clean Thursday"),
        OutsideMeetingDetails(zoe.id, today + dt.timedelta(days=2), Fellowship.AA),
    ]
    with pytest.raises(BatchRuleViolation) as error:
        log_outside_meetings(batch)
    assert [p.message for p in error.value.problems] == [
        "Line 2 (Kai Moana, 3 Nov 2026): Kai Moana was not living in a house on 3 Nov 2026.",
        "Line 4 (Zoë Nguyễn, 17 Nov 2026): A meeting can't be logged for a date after today."]
    assert sorted(error.value.by_line) == [1, 3]
    assert error.value.by_line[1][0].field == "attended_on"
    assert OutsideMeeting.select().count() == 0  # nothing saved
    assert log_outside_meetings([batch[0], batch[2]]) == 2


def test_a_batch_repeating_a_line_is_refused(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    line = OutsideMeetingDetails(zoe.id, D(2026, 11, 2), Fellowship.AA, "Monday Big Book")
    with pytest.raises(BatchRuleViolation) as error:
        log_outside_meetings([line, line])
    assert [p.message for p in error.value.problems] == [
        "Line 2 (Zoë Nguyễn, 2 Nov 2026): “Monday Big Book” is already logged for that day."]
    assert OutsideMeeting.select().count() == 0


def test_a_batch_runs_the_same_number_of_queries_for_10_or_200_lines(
        db: peewee.Database) -> None:
    house = create_house(HouseDetails(name="Big House", beds=45))

    def week_for(count: int) -> list[OutsideMeetingDetails]:
        residents = [admit(house, f"R{count}x{n}", "Test", move_in=D(2026, 10, 1))
                     for n in range(count // 5)]
        return [OutsideMeetingDetails(r.id, D(2026, 11, 2) + dt.timedelta(days=n),
                                      Fellowship.AA, f"Meeting {n}")
                for r in residents for n in range(5)]

    small, large = week_for(10), week_for(200)
    with counting_queries(db) as few:
        log_outside_meetings(small)
    with counting_queries(db) as many:
        log_outside_meetings(large)
    assert len(many) - len(few) <= 2  # only more INSERT chunks of 100 rows
    assert OutsideMeeting.select().count() == 210


def test_removing_keeps_the_row_with_who_and_why(house: House) -> None:
    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    meeting = log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 2),
                                                        Fellowship.AA))
    with pytest.raises(RuleViolation) as error:
        remove_outside_meeting(meeting.id, "  ")
    assert messages(error) == {"reason": ["Please give a reason for removing it."]}
    remove_outside_meeting(meeting.id, "Card belonged to another resident")
    saved = OutsideMeeting.get_by_id(meeting.id)
    assert (saved.removed_reason, saved.removed_by.username) == (
        "Card belonged to another resident", "test-manager")
    assert saved.removed_at is not None
    assert outside_meetings_of(zoe.id, D(2026, 11, 1), D(2026, 11, 30)) == []
    assert [m.id for m in outside_meetings_of(zoe.id, D(2026, 11, 1), D(2026, 11, 30),
                                              include_removed=True)] == [meeting.id]
    with pytest.raises(RuleViolation):
        remove_outside_meeting(meeting.id, "Again")
    # The same meeting can be logged again once the wrong line is removed.
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 2), Fellowship.AA))


def test_the_usual_fellowship_is_the_latest_meeting_kept(house: House) -> None:
    from soberhouse.twelve_step.outside_meetings import last_fellowships

    zoe = admit(house, "Zoë", "Nguyễn", move_in=D(2026, 10, 1))
    ben = admit(house, "Ben", "Cole", move_in=D(2026, 10, 1))
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 2), Fellowship.AA))
    log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 5), Fellowship.NA))
    removed = log_outside_meeting(OutsideMeetingDetails(zoe.id, D(2026, 11, 6), Fellowship.CA))
    remove_outside_meeting(removed.id, "Entered by mistake")
    assert last_fellowships([zoe.id, ben.id], D(2026, 11, 1), D(2026, 11, 8)) == {zoe.id: "na"}
    assert last_fellowships([zoe.id], D(2026, 11, 1), D(2026, 11, 3)) == {zoe.id: "aa"}
