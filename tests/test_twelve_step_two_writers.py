"""12-step records saved at two desks at the same moment: the rules that read
other rows (a card logged once, one current sponsor, steps in order) hold.

Two processes, each with its own connection, are released together (see
:mod:`tests.two_writers`), on a SQLite file and on the PostgreSQL server of
the test run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os

from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import Resident
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting, Sponsor, StepWork
from soberhouse.residents import admit_resident
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meeting
from soberhouse.twelve_step.sponsors import set_sponsor
from soberhouse.twelve_step.step_work import start_step

from .conftest import details_for
from .two_writers import one_saved_one_refused, race

pytest_plugins = ["tests.two_writer_targets"]  # the fixture ``target``

TRIALS = int(os.environ.get("SOBERHOUSE_RACE_TRIALS", "3"))
_numbers = itertools.count(1)


def _resident() -> Resident:
    number = next(_numbers)
    house = create_house(HouseDetails(name=f"Step House {number}", beds=4))
    return admit_resident(details_for(house, last_name=f"Tester{number}",
                                      move_in_date=dt.date(2026, 9, 1)))


def test_one_card_entered_at_two_desks_at_once_is_logged_once(target: str) -> None:
    for _ in range(TRIALS):
        resident = _resident()

        def log(writer: int, resident_id: int = resident.id) -> None:
            log_outside_meeting(OutsideMeetingDetails(resident_id, dt.date(2026, 11, 10),
                                                      Fellowship.NA, "Tuesday Night Big Book"))

        refused = one_saved_one_refused(race(target, log))
        assert refused.message == "“Tuesday Night Big Book” is already logged for that day."
        assert OutsideMeeting.select().where(OutsideMeeting.resident == resident.id).count() == 1


def test_two_new_sponsors_at_once_leave_one_current_sponsor(target: str) -> None:
    for _ in range(TRIALS):
        resident = _resident()
        set_sponsor(resident.id, "Linda S.", since=dt.date(2026, 9, 15))

        def sponsor(writer: int, resident_id: int = resident.id) -> None:
            set_sponsor(resident_id, ("Maggie R.", "Joan P.")[writer], since=dt.date(2026, 11, 1))

        outcomes = race(target, sponsor)
        # Both saves are kept, one after the other: the later ends the earlier.
        assert all(o.saved for o in outcomes), outcomes
        rows = list(Sponsor.select().where(Sponsor.resident == resident.id).order_by(Sponsor.id))
        assert [row.ended_on for row in rows] == [dt.date(2026, 11, 1), dt.date(2026, 11, 1),
                                                  None]
        assert {rows[1].name, rows[2].name} == {"Maggie R.", "Joan P."}
        assert [row.end_reason for row in rows] == [f"New sponsor: {rows[1].name}",
                                                    f"New sponsor: {rows[2].name}", ""]


def test_step_one_started_at_two_desks_at_once_is_recorded_once(target: str) -> None:
    for _ in range(TRIALS):
        resident = _resident()

        def start(writer: int, resident_id: int = resident.id) -> None:
            start_step(resident_id, 1, dt.date(2026, 11, 2))

        refused = one_saved_one_refused(race(target, start))
        assert refused.message == "Working step 1 again is a restart: please give a reason."
        assert StepWork.select().where(StepWork.resident == resident.id).count() == 1
