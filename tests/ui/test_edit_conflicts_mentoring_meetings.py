"""The mentor, goal and meeting forms opened before someone else saved the
same record: the other person's change to another field is kept, and a
field both changed is asked about (keep mine, keep theirs, or back to the
form with nothing saved)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from soberhouse import accounts
from soberhouse.errors import EditConflict
from soberhouse.meetings.records import (
    MeetingDetails,
    MotionDetails,
    get_meeting,
    update_meeting,
)
from soberhouse.meetings.roll_call import roll_call
from soberhouse.mentoring.goals import GoalDetails, get_goal, set_goal, update_goal
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    get_mentor,
    mentor_changes,
    register_alumnus,
    register_staff_coach,
    set_alumnus_cap,
    staff_coach_details,
    stop_mentoring,
    update_staff_coach,
)
from soberhouse.models import House, ResidentCorrection
from soberhouse.models.meetings import AttendanceStatus, MeetingChange, MotionOutcome
from soberhouse.residents import discharge
from tests.meetings_helpers import held
from tests.mentoring_helpers import admit
from ui.edit_conflict_dialog import Choices
from ui.meetings.section import MeetingsSection
from ui.mentoring.goal_dialogs import GoalDialog
from ui.mentoring.mentor_dialogs import AlumnusCapDialog, StaffCoachDialog
from ui.record_dialog import RecordDialog

pytestmark = pytest.mark.ui

LAST_MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15


@pytest.fixture(autouse=True)
def no_questions_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's leftover dialogs close without asking about what was typed."""
    monkeypatch.setattr(RecordDialog, "confirm_discard", lambda self: True)


@contextmanager
def another_office() -> Iterator[None]:
    """Saves made inside are Maria's, at another desk."""
    accounts.act_as("maria")
    try:
        yield
    finally:
        accounts.act_as("test-manager")


class Asked:
    """Stands in for the conflict dialog: records each question and gives ``answer``."""

    def __init__(self, answer: Choices | None) -> None:
        self.answer = answer
        self.conflicts: list[EditConflict] = []

    def __call__(self, form: object, conflict: EditConflict) -> Choices | None:
        self.conflicts.append(conflict)
        return self.answer

    @property
    def fields(self) -> list[list[str]]:
        return [[c.field for c in conflict.conflicts] for conflict in self.conflicts]


def answering(monkeypatch: pytest.MonkeyPatch, form: type, answer: Choices | None) -> Asked:
    asked = Asked(answer)
    monkeypatch.setattr(form, "resolve_conflicts",
                        lambda self, conflict: asked(self, conflict))
    return asked


def opened(qtbot: QtBot, dialog: RecordDialog) -> RecordDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def save(dialog: RecordDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return dialog.result() == QDialog.DialogCode.Accepted


# ---------------------------------------------------------------- staff coach


def _coach() -> int:
    return register_staff_coach(StaffCoachDetails("Renata", "Holloway", caseload_cap=4,
                                                  since=dt.date(2026, 1, 5))).id


def _coach_saved_by_maria(mentor_id: int, **changes: object) -> None:
    with another_office():
        update_staff_coach(mentor_id, dataclasses.replace(
            staff_coach_details(get_mentor(mentor_id)), **changes))


def test_a_staff_coach_form_keeps_a_change_saved_meanwhile_to_another_field(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    coach = _coach()
    dialog = opened(qtbot, StaffCoachDialog(coach))
    _coach_saved_by_maria(coach, caseload_cap=6)
    asked = answering(monkeypatch, StaffCoachDialog, {})
    dialog.fields.role.setText("Lead peer coach")
    dialog.matching.languages.setText("Polish")
    assert save(dialog)
    assert not asked.conflicts
    record = get_mentor(coach)
    assert (record.caseload_cap, record.role, record.languages) == (
        6, "Lead peer coach", "Polish")
    # Nobody "changed" Maria's cap back to the old one.
    assert [(c.field_name, c.recorded_by.username) for c in mentor_changes(coach)] == [
        ("caseload_cap", "maria"), ("role", "test-manager"), ("languages", "test-manager")]


@pytest.mark.parametrize("keep_mine", [True, False], ids=["keep-mine", "keep-theirs"])
def test_a_staff_coach_field_both_changed_is_the_managers_choice(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: object, keep_mine: bool) -> None:
    coach = _coach()
    dialog = opened(qtbot, StaffCoachDialog(coach))
    _coach_saved_by_maria(coach, role="Recovery coach", caseload_cap=6)
    asked = answering(monkeypatch, StaffCoachDialog, {"role": keep_mine})
    dialog.fields.role.setText("Lead peer coach")
    dialog.matching.languages.setText("Polish")
    assert save(dialog)
    assert asked.fields == [["role"]]  # not the cap: only Maria changed it
    assert asked.conflicts[0].conflicts[0].sentence.startswith(
        "maria changed Role to “Recovery coach” at ")
    role = "Lead peer coach" if keep_mine else "Recovery coach"
    record = get_mentor(coach)
    assert (record.role, record.caseload_cap, record.languages) == (role, 6, "Polish")
    assert dialog.fields.role.text() == role  # the form shows what was kept


def test_going_back_to_the_staff_coach_form_saves_nothing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    coach = _coach()
    dialog = opened(qtbot, StaffCoachDialog(coach))
    _coach_saved_by_maria(coach, role="Recovery coach")
    answering(monkeypatch, StaffCoachDialog, None)
    dialog.fields.role.setText("Lead peer coach")
    dialog.matching.languages.setText("Polish")
    assert not save(dialog)
    assert dialog.isVisible()
    assert (dialog.fields.role.text(), dialog.matching.languages.text()) == (
        "Lead peer coach", "Polish")
    assert "maria changed Role to “Recovery coach”" in dialog.errors.message("")
    record = get_mentor(coach)
    assert (record.role, record.languages) == ("Recovery coach", "")


# ---------------------------------------------------------------- alumnus cap


def _alumnus(house: House, cap: int = 2) -> int:
    former = admit(house, "Cara", "Diaz", tier=3)
    discharge(former.id, "graduated", dt.date(2026, 10, 1), "Completed the program")
    return register_alumnus(former.id, cap, dt.date(2026, 10, 2)).id


def test_an_alumnus_cap_form_keeps_a_change_saved_meanwhile_to_another_field(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    alumnus = _alumnus(house)
    dialog = opened(qtbot, AlumnusCapDialog(alumnus))
    with another_office():
        stop_mentoring(alumnus, dt.date(2026, 11, 14), "Moved away")
    asked = answering(monkeypatch, AlumnusCapDialog, {})
    dialog.caseload_cap.setValue(4)
    assert save(dialog)
    assert not asked.conflicts
    record = get_mentor(alumnus)
    assert (record.caseload_cap, record.stopped_on, record.stop_reason) == (
        4, dt.date(2026, 11, 14), "Moved away")


@pytest.mark.parametrize("keep_mine", [True, False], ids=["keep-mine", "keep-theirs"])
def test_an_alumnus_cap_both_changed_is_the_managers_choice(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, keep_mine: bool) -> None:
    alumnus = _alumnus(house)
    dialog = opened(qtbot, AlumnusCapDialog(alumnus))
    with another_office():
        set_alumnus_cap(alumnus, 3)
    asked = answering(monkeypatch, AlumnusCapDialog, {"caseload_cap": keep_mine})
    dialog.caseload_cap.setValue(5)
    assert save(dialog)
    assert asked.fields == [["caseload_cap"]]
    cap = 5 if keep_mine else 3
    assert get_mentor(alumnus).caseload_cap == cap
    assert dialog.caseload_cap.value() == cap


def test_going_back_to_the_alumnus_cap_form_saves_nothing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    alumnus = _alumnus(house)
    dialog = opened(qtbot, AlumnusCapDialog(alumnus))
    with another_office():
        set_alumnus_cap(alumnus, 3)
    answering(monkeypatch, AlumnusCapDialog, None)
    dialog.caseload_cap.setValue(5)
    assert not save(dialog)
    assert dialog.isVisible() and dialog.caseload_cap.value() == 5
    assert "maria changed Caseload cap to “3”" in dialog.errors.message("")
    assert get_mentor(alumnus).caseload_cap == 3


# ---------------------------------------------------------------- goal


def _goal(house: House) -> tuple[int, int]:
    resident = admit(house, "Zoë", "Nguyễn")
    goal = set_goal(resident.id, GoalDetails("Save $300", "Bank statement",
                                             dt.date(2026, 12, 31), "Zoë"))
    return resident.id, goal.id


def _goal_saved_by_maria(goal_id: int, **changes: object) -> None:
    goal = get_goal(goal_id)
    with another_office():
        update_goal(goal_id, dataclasses.replace(
            GoalDetails(goal.what, goal.measure, goal.target_date, goal.set_by), **changes))


def test_a_goal_form_keeps_a_change_saved_meanwhile_to_another_field(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    resident_id, goal_id = _goal(house)
    dialog = opened(qtbot, GoalDialog(resident_id, goal_id))
    _goal_saved_by_maria(goal_id, measure="Bank statements, monthly")
    asked = answering(monkeypatch, GoalDialog, {})
    dialog.target_date.set_value(dt.date(2027, 1, 31))
    assert save(dialog)
    assert not asked.conflicts
    goal = get_goal(goal_id)
    assert (goal.measure, goal.target_date) == ("Bank statements, monthly",
                                                dt.date(2027, 1, 31))
    assert [(c.field_name, c.recorded_by.username) for c in
            ResidentCorrection.select().order_by(ResidentCorrection.id)
            if c.field_name.startswith("goal_")] == [
        ("goal_measure", "maria"), ("goal_target_date", "test-manager")]


@pytest.mark.parametrize("keep_mine", [True, False], ids=["keep-mine", "keep-theirs"])
def test_a_goal_field_both_changed_is_the_managers_choice(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, keep_mine: bool) -> None:
    resident_id, goal_id = _goal(house)
    dialog = opened(qtbot, GoalDialog(resident_id, goal_id))
    _goal_saved_by_maria(goal_id, what="Save $400")
    asked = answering(monkeypatch, GoalDialog, {"what": keep_mine})
    dialog.what.setText("Save $500")
    dialog.set_by.setText("Zoë and Renata")
    assert save(dialog)
    assert asked.fields == [["what"]]
    assert asked.conflicts[0].conflicts[0].sentence.startswith(
        "maria changed Goal to “Save $400” at ")
    what = "Save $500" if keep_mine else "Save $400"
    goal = get_goal(goal_id)
    assert (goal.what, goal.set_by) == (what, "Zoë and Renata")
    assert dialog.what.text() == what


def test_going_back_to_the_goal_form_saves_nothing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House) -> None:
    resident_id, goal_id = _goal(house)
    dialog = opened(qtbot, GoalDialog(resident_id, goal_id))
    _goal_saved_by_maria(goal_id, what="Save $400")
    answering(monkeypatch, GoalDialog, None)
    dialog.what.setText("Save $500")
    dialog.set_by.setText("Zoë and Renata")
    assert not save(dialog)
    assert dialog.isVisible()
    assert (dialog.what.text(), dialog.set_by.text()) == ("Save $500", "Zoë and Renata")
    assert "maria changed Goal to “Save $400”" in dialog.errors.message("")
    goal = get_goal(goal_id)
    assert (goal.what, goal.set_by) == ("Save $400", "Zoë")


# ---------------------------------------------------------------- meeting


@pytest.fixture
def meeting_shown(qtbot: QtBot, house: House) -> tuple[MeetingsSection, int]:
    """The weekly meeting of LAST_MONDAY on record, shown in the Meetings section."""
    admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1))
    meeting = held(house, LAST_MONDAY, topic="Chores")
    section = MeetingsSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.set_house(house.id)
    with qtbot.waitExposed(section):
        section.show()
    section.open_item("meeting", meeting.id)
    assert section.panel.meeting_id == meeting.id
    return section, meeting.id


def _meeting_saved_by_maria(meeting_id: int, **changes: object) -> None:
    with another_office():
        update_meeting(meeting_id, dataclasses.replace(
            MeetingDetails.of(get_meeting(meeting_id)), **changes))


def test_a_meeting_record_keeps_a_change_saved_meanwhile_to_another_field(
        monkeypatch: pytest.MonkeyPatch, meeting_shown: tuple[MeetingsSection, int]) -> None:
    section, meeting_id = meeting_shown
    panel = section.panel
    _meeting_saved_by_maria(meeting_id, topic="Chores and dues", motions=[
        MotionDetails("Buy a new vacuum", MotionOutcome.PASSED, "Ana", 4, 0)])
    asked = answering(monkeypatch, type(panel), {})
    panel.minutes.setPlainText("Dues collected.")
    assert panel.save_record()
    assert not asked.conflicts
    meeting = get_meeting(meeting_id)
    assert (meeting.topic, meeting.minutes) == ("Chores and dues", "Dues collected.")
    assert [m.text for m in meeting.motions] == ["Buy a new vacuum"]
    # The record now shows Maria's changes too, and saves on top of them.
    assert (panel.topic.text(), panel.motions_model.rowCount()) == ("Chores and dues", 1)
    assert not panel.is_dirty()
    panel.topic.setText("Chores, dues and the vacuum")
    assert panel.save_record()
    assert not asked.conflicts
    assert [(c.field_name, c.recorded_by.username) for c in MeetingChange.select()
            .where(MeetingChange.meeting == meeting_id).order_by(MeetingChange.id)] == [
        ("topic", "maria"), ("motion 1", "maria"), ("minutes", "test-manager"),
        ("topic", "test-manager")]


@pytest.mark.parametrize("keep_mine", [True, False], ids=["keep-mine", "keep-theirs"])
def test_a_meeting_field_both_changed_is_the_managers_choice(
        monkeypatch: pytest.MonkeyPatch, meeting_shown: tuple[MeetingsSection, int],
        keep_mine: bool) -> None:
    section, meeting_id = meeting_shown
    panel = section.panel
    _meeting_saved_by_maria(meeting_id, topic="Chores and dues")
    asked = answering(monkeypatch, type(panel), {"topic": keep_mine})
    panel.topic.setText("Chore rotation")
    panel.minutes.setPlainText("Dues collected.")
    assert panel.save_record()
    assert asked.fields == [["topic"]]
    assert asked.conflicts[0].conflicts[0].sentence.startswith(
        "maria changed Topic to “Chores and dues” at ")
    topic = "Chore rotation" if keep_mine else "Chores and dues"
    meeting = get_meeting(meeting_id)
    assert (meeting.topic, meeting.minutes) == (topic, "Dues collected.")
    assert panel.topic.text() == topic and not panel.is_dirty()


def test_going_back_to_the_meeting_record_saves_nothing(
        monkeypatch: pytest.MonkeyPatch, meeting_shown: tuple[MeetingsSection, int]) -> None:
    section, meeting_id = meeting_shown
    panel = section.panel
    _meeting_saved_by_maria(meeting_id, topic="Chores and dues")
    answering(monkeypatch, type(panel), None)
    panel.topic.setText("Chore rotation")
    panel.minutes.setPlainText("Dues collected.")
    assert not panel.save_record()
    assert (panel.topic.text(), panel.minutes.toPlainText()) == ("Chore rotation",
                                                                 "Dues collected.")
    assert panel.is_dirty()
    assert "maria changed Topic to “Chores and dues”" in panel.errors.message("")
    meeting = get_meeting(meeting_id)
    assert (meeting.topic, meeting.minutes) == ("Chores and dues", "")


def test_a_roll_call_saved_with_a_changed_record_asks_about_a_field_both_changed(
        monkeypatch: pytest.MonkeyPatch, meeting_shown: tuple[MeetingsSection, int]) -> None:
    section, meeting_id = meeting_shown
    panel = section.panel
    _meeting_saved_by_maria(meeting_id, topic="Chores and dues")
    asked = answering(monkeypatch, type(panel), None)
    panel.topic.setText("Chore rotation")
    assert panel.mark_all_present() == 1
    assert not panel.save_roll_call()  # back to the form: neither the record nor the marks
    assert asked.fields == [["topic"]]
    assert all(member.status is None for member in roll_call(meeting_id))
    asked.answer = {"topic": True}
    assert panel.save_roll_call()
    assert get_meeting(meeting_id).topic == "Chore rotation"
    assert [member.status for member in roll_call(meeting_id)] == [AttendanceStatus.PRESENT]
