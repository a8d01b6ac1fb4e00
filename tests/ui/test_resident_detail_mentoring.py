"""The resident detail pane's Mentoring group: mentor, mentees, open goals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import peewee
import pytest
from pytestqt.qtbot import QtBot

from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.models import House
from soberhouse.models.mentoring import AssignmentRole
from soberhouse.residents import ResidentRow, resident_rows
from tests.mentoring_helpers import admit, counting_queries
from ui.form_fields import short_date
from ui.residents.detail_pane import ResidentDetailPane

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]


def row_of(resident_id: int) -> ResidentRow:
    return next(row for row in resident_rows() if row.id == resident_id)


@pytest.fixture
def pane(qtbot: QtBot) -> ResidentDetailPane:
    widget = ResidentDetailPane()
    qtbot.addWidget(widget)
    widget.resize(500, 900)
    widget.show()
    return widget


@pytest.fixture
def ana(house: House) -> int:
    """A senior who mentors two newcomers and is coached by a staff member."""
    ana = admit(house, "Ana", "Lopez", tier=3, move_in=dt.date(2026, 3, 1))
    ben = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    cleo = admit(house, "Cleo", "Park", tier=1, move_in=dt.date(2026, 10, 1))
    mentor_id = register_resident_mentor(ana.id, dt.date(2026, 9, 1)).id
    with_ben = assign_mentor(mentor_id, ben.id, dt.date(2026, 10, 2))
    assign_mentor(mentor_id, cleo.id, dt.date(2026, 10, 3))
    log_check_in(with_ben.id, dt.date(2026, 11, 13))
    coach = register_staff_coach(StaffCoachDetails("Renata", "Holloway",
                                                   since=dt.date(2026, 1, 1))).id
    assign_mentor(coach, ana.id, dt.date(2026, 9, 2), AssignmentRole.SECONDARY)
    set_goal(ana.id, GoalDetails("Finish step 4", "Written inventory shared",
                                 dt.date(2026, 12, 20), "Renata", dt.date(2026, 10, 1)))
    set_goal(ana.id, GoalDetails("Open a bank account", "Account number",
                                 dt.date(2026, 11, 1), "Renata", dt.date(2026, 10, 1)))
    return ana.id


def test_the_pane_shows_mentor_mentees_and_goals(pane: ResidentDetailPane, ana: int) -> None:
    pane.show_resident(row_of(ana))
    group = pane.mentoring
    assert group.isVisible()
    assert group.lines("mentors") == [
        f"Renata Holloway (secondary, staff coach), since {short_date(dt.date(2026, 9, 2))}\n"
        f"Overdue: no check-in yet (74 days since the start)"]
    assert group.lines("mentees") == [
        f"Mentors as senior since {short_date(dt.date(2026, 9, 1))}; 2 of 3 places taken.",
        f"Ben Ortiz, since {short_date(dt.date(2026, 10, 2))}\nLast check-in 2 days ago",
        f"Cleo Park, since {short_date(dt.date(2026, 10, 3))}\n"
        f"Overdue: no check-in yet (43 days since the start)"]
    assert group.lines("goals") == [
        f"Open a bank account\nOpen, past its target date {short_date(dt.date(2026, 11, 1))}",
        f"Finish step 4\nOpen, target {short_date(dt.date(2026, 12, 20))}"]
    assert group.new_goal_button.isEnabled()


def test_a_newcomer_shows_their_mentor_and_no_mentees(
        pane: ResidentDetailPane, ana: int, house: House) -> None:
    ben = next(row for row in resident_rows() if row.first_name == "Ben")
    pane.show_resident(ben)
    assert pane.mentoring.lines("mentors") == [
        f"Ana Lopez (primary, resident mentor), since {short_date(dt.date(2026, 10, 2))}\n"
        f"Last check-in 2 days ago"]
    assert pane.mentoring.lines("mentees") == []
    assert pane.mentoring.lines("goals") == ["None open."]

    dana = admit(house, "Dana", "Reyes", tier=1, move_in=dt.date(2026, 11, 1))
    pane.show_resident(row_of(dana.id))
    assert pane.mentoring.lines("mentors") == [
        "No mentor yet: pair one in the Mentoring section."]


def test_the_queries_do_not_grow_with_mentees_or_goals(
        pane: ResidentDetailPane, ana: int, house: House, db: peewee.Database) -> None:
    row = row_of(ana)
    pane.show_resident(row)  # imports and first reads done
    pane.show_resident(None)
    with counting_queries(db) as few:
        pane.mentoring.show_resident(ana)
    mentor_id = pane.mentoring.summary.mentor_record.id
    evan = admit(house, "Evan", "Stone", tier=1, move_in=dt.date(2026, 10, 1))
    assign_mentor(mentor_id, evan.id, dt.date(2026, 10, 5))
    for number in range(5):
        set_goal(ana, GoalDetails(f"Goal {number}", "Done", dt.date(2027, 1, 1), "Renata"))
    with counting_queries(db) as more:
        pane.mentoring.show_resident(ana)
    assert len(pane.mentoring.lines("mentees")) == 4
    assert len(more) == len(few) <= 12


def test_the_profile_button_opens_the_dialog_and_says_so(
        pane: ResidentDetailPane, ana: int, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.mentoring.profile_dialog import MatchingProfileDialog

    opened: list[int] = []

    def ask(parent: object, resident_id: int) -> bool:
        opened.append(resident_id)
        return True

    monkeypatch.setattr(MatchingProfileDialog, "ask", ask)
    pane.show_resident(row_of(ana))
    with qtbot.wait_signal(pane.status_message) as message:
        pane.mentoring.profile_button.click()
    assert opened == [ana]
    assert message.args == ["Matching profile saved for Ana Lopez"]


def test_a_former_resident_gets_no_new_goal(pane: ResidentDetailPane, house: House) -> None:
    from soberhouse.residents import discharge

    former = admit(house, "Fay", "Quinn", tier=2)
    discharge(former.id, "left", dt.date(2026, 11, 1), "Moved out")
    pane.show_resident(row_of(former.id))
    assert not pane.mentoring.new_goal_button.isEnabled()
    assert pane.mentoring.lines("mentors") == ["None now."]


def test_the_residents_section_does_not_load_mentoring_at_start() -> None:
    code = ("import sys; import ui.residents.section; "
            "print(sorted(m for m in sys.modules if m.startswith(('soberhouse.mentoring', "
            "'ui.mentoring'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
