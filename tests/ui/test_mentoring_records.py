"""Mentors registered, edited and stopped, certificates and continuing
education, goals and matching profiles, through their dialogs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from soberhouse.errors import RuleViolation
from soberhouse.mentoring.certification import certification_status, log_education
from soberhouse.mentoring.goals import GoalDetails, goal_history, goals_of, set_goal
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    mentor,
    register_resident_mentor,
    register_staff_coach,
)
from soberhouse.mentoring.profiles import MatchingAttributes, profile_of
from soberhouse.models import House
from soberhouse.models.mentoring import GoalStatus, Mentor, MentorKind
from soberhouse.residents import discharge, resident_history
from tests.mentoring_helpers import admit, row_counts
from ui.form_fields import short_date
from ui.mentoring.certification_dialog import CertificationDialog
from ui.mentoring.focus_areas_model import FocusAreasModel
from ui.mentoring.goal_dialogs import GoalDialog, GoalsDialog, GoalStatusDialog
from ui.mentoring.mentor_dialogs import (
    AlumnusCapDialog,
    RegisterMentorDialog,
    StaffCoachDialog,
    StopMentoringDialog,
)
from ui.mentoring.profile_dialog import MatchingProfileDialog
from ui.record_dialog import RecordDialog

pytestmark = pytest.mark.ui


@pytest.fixture(autouse=True)
def no_questions_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a changed dialog asks; a test's leftover dialogs close without asking."""
    monkeypatch.setattr(RecordDialog, "confirm_discard", lambda self: True)


def save(dialog: RecordDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    return dialog.result() == QDialog.DialogCode.Accepted


def opened(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(combo: object, data: object) -> None:
    index = combo.findData(data)  # type: ignore[attr-defined]
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def coach() -> int:
    return register_staff_coach(StaffCoachDetails("Renata", "Holloway",
                                                  since=dt.date(2025, 1, 10))).id


# ---------------------------------------------------------------- mentors


def test_register_a_senior_resident(qtbot: QtBot, house: House) -> None:
    senior = admit(house, "Ana", "Lopez", tier=3)
    admit(house, "Ben", "Ortiz", tier=1)
    dialog = opened(qtbot, RegisterMentorDialog(house.id))
    assert dialog.current_kind() is MentorKind.RESIDENT
    offered = [dialog.resident.itemData(i) for i in range(dialog.resident.count())]
    assert offered == [senior.id]  # only residents of a mentoring tier
    assert save(dialog)

    facts = mentor(dialog.mentor_id)
    assert (facts.kind, facts.resident_id, facts.cap, facts.since) == (
        MentorKind.RESIDENT, senior.id, 3, dt.date(2026, 11, 15))
    assert dialog.status_text == "Ana Lopez registered as a mentor"


def test_a_newcomer_as_mentor_shows_the_core_message_and_saves_nothing(
        qtbot: QtBot, house: House) -> None:
    newcomer = admit(house, "Ben", "Ortiz", tier=1)
    dialog = opened(qtbot, RegisterMentorDialog(house.id))
    assert dialog.resident.count() == 0
    dialog.every_tier.setChecked(True)
    choose(dialog.resident, newcomer.id)
    before = row_counts()

    assert not save(dialog)
    assert dialog.isVisible()
    assert dialog.errors.message("resident_id") == (
        "Ben Ortiz is in Newcomer, a tier that does not mentor: only residents in a "
        "mentoring tier can be mentors.")
    assert row_counts() == before
    assert dialog.mentor_id is None


def test_register_an_alumnus_with_a_cap(qtbot: QtBot, house: House) -> None:
    former = admit(house, "Cara", "Diaz", tier=3)
    discharge(former.id, "graduated", dt.date(2026, 10, 1), "Completed the program")
    admit(house, "Ana", "Lopez", tier=3)
    dialog = opened(qtbot, RegisterMentorDialog(house.id))
    choose(dialog.kind, MentorKind.ALUMNUS)
    assert dialog.resident.count() == 1
    assert dialog.resident.currentData() == former.id
    assert "graduated" in dialog.resident.currentText()
    dialog.staff.caseload_cap.setValue(2)
    dialog.since.set_value(dt.date(2026, 9, 1))  # before moving out: refused
    assert not save(dialog)
    assert dialog.errors.message("since") == (
        "The start date can't be before the day they moved out (1 Oct 2026).")
    assert Mentor.select().count() == 0

    dialog.since.set_value(dt.date(2026, 10, 2))
    assert save(dialog)
    facts = mentor(dialog.mentor_id)
    assert (facts.kind, facts.resident_id, facts.cap, facts.since) == (
        MentorKind.ALUMNUS, former.id, 2, dt.date(2026, 10, 2))


def test_register_a_staff_coach_with_matching_attributes(
        qtbot: QtBot, house: House, other_house: House) -> None:
    dialog = opened(qtbot, RegisterMentorDialog(None))
    choose(dialog.kind, MentorKind.STAFF)
    assert not dialog.resident_cell.isVisible()
    assert dialog.staff.first_name.isVisible()
    dialog.staff.first_name.setText("Renata")
    assert not save(dialog)  # no last name
    assert dialog.errors.message("last_name") == "Last name is required."
    assert Mentor.select().count() == 0

    dialog.staff.last_name.setText("Holloway")
    choose(dialog.staff.house, other_house.id)
    dialog.staff.caseload_cap.setValue(6)
    dialog.matching.gender.setCurrentText("Female")
    dialog.matching.fellowship.setCurrentText("NA")
    dialog.matching.languages.setText("English; Spanish")
    model = dialog.matching.focus_model
    model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    dialog.matching.other_focus.setText("parenting")
    assert save(dialog)

    facts = mentor(dialog.mentor_id)
    assert (facts.kind, facts.name, facts.role_label, facts.house_id, facts.cap) == (
        MentorKind.STAFF, "Renata Holloway", "Peer recovery coach", other_house.id, 6)
    assert facts.attributes == MatchingAttributes("Female", "NA", ("English", "Spanish"),
                                                  ("employment", "parenting"))


def test_register_through_ask(qtbot: QtBot, house: House,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    senior = admit(house, "Ana", "Lopez", tier=3)

    def run(self: RegisterMentorDialog) -> int:
        save(self)
        return self.result()

    monkeypatch.setattr(RegisterMentorDialog, "exec", run)
    mentor_id = RegisterMentorDialog.ask(None, house.id)
    assert mentor(mentor_id).resident_id == senior.id


def test_edit_a_staff_coach(qtbot: QtBot, house: House) -> None:
    mentor_id = coach()
    dialog = opened(qtbot, StaffCoachDialog(mentor_id))
    assert dialog.fields.first_name.text() == "Renata"
    assert dialog.fields.house.currentData() is None  # all houses
    dialog.fields.role.setText("")
    assert not save(dialog)
    assert dialog.errors.message("role") == "Role is required."
    assert mentor(mentor_id).role_label == "Peer recovery coach"

    dialog.fields.role.setText("Lead peer coach")
    choose(dialog.fields.house, house.id)
    dialog.matching.languages.setText("Polish")
    assert save(dialog)
    facts = mentor(mentor_id)
    assert (facts.role_label, facts.house_id, facts.attributes.languages) == (
        "Lead peer coach", house.id, ("Polish",))


def test_stop_mentoring_asks_first_and_keeps_the_record(
        qtbot: QtBot, house: House, monkeypatch: pytest.MonkeyPatch) -> None:
    mentor_id = register_resident_mentor(admit(house, "Ana", "Lopez", tier=3).id,
                                         dt.date(2026, 6, 1)).id
    dialog = opened(qtbot, StopMentoringDialog(mentor_id))
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_stop", lambda: asked.append(False) or False)
    dialog.reason.setText("Moving away")
    assert not save(dialog)
    assert asked and mentor(mentor_id).stopped_on is None

    monkeypatch.setattr(dialog, "confirm_stop", lambda: True)
    dialog.reason.setText("")
    assert not save(dialog)  # no reason
    assert dialog.errors.message("reason") == "Please give a reason."
    dialog.reason.setText("Moving away")
    dialog.stopped_on.set_value(dt.date(2026, 11, 1))
    assert save(dialog)
    facts = mentor(mentor_id)
    assert (facts.stopped_on, facts.stop_reason) == (dt.date(2026, 11, 1), "Moving away")


def test_an_alumnus_cap_is_changed(qtbot: QtBot, house: House) -> None:
    former = admit(house, "Cara", "Diaz", tier=3)
    discharge(former.id, "graduated", dt.date(2026, 10, 1), "Completed the program")
    from soberhouse.mentoring.mentors import register_alumnus

    mentor_id = register_alumnus(former.id, 2).id
    dialog = opened(qtbot, AlumnusCapDialog(mentor_id))
    dialog.caseload_cap.setValue(4)
    assert save(dialog)
    assert mentor(mentor_id).cap == 4


# ---------------------------------------------------------------- certification


def test_certificate_and_hours_update_the_warnings(qtbot: QtBot, house: House) -> None:
    mentor_id = coach()
    dialog = opened(qtbot, CertificationDialog(mentor_id))
    assert dialog.standing_text() == "No certificate on record: record it below."
    assert dialog.log_view.isHidden()

    dialog.number.setText("PRC-1")
    dialog.issued_on.set_value(dt.date(2025, 12, 27))
    dialog.expires_on.set_value(dt.date(2025, 12, 1))
    dialog.record_button.click()
    assert dialog.certificate_errors.message("expires_on") == (
        "The certificate must expire after it was issued.")
    assert certification_status(mentor_id).certificate is None

    dialog.issued_on.set_value(dt.date(2024, 12, 27))
    dialog.expires_on.set_value(dt.date(2026, 12, 26))
    dialog.record_button.click()
    assert dialog.saved
    assert dialog.certificate_errors.message("expires_on") == ""
    assert dialog.record_button.text() == "Record Renewal"
    assert dialog.standing.lines[0][1] == (
        f"Certificate expires in 41 days ({short_date(dt.date(2026, 12, 26))}).")
    cycle = f"{short_date(dt.date(2024, 12, 27))} to {short_date(dt.date(2026, 12, 26))}"
    assert dialog.standing.lines[1][1] == (
        f"0 of 20 CE hours in this cycle (0 of 6 law and ethics), {cycle}.")

    dialog.taken_on.set_value(dt.date(2026, 3, 2))
    dialog.hours.setValue(10.5)
    dialog.topic.setText("Motivational interviewing")
    dialog.add_button.click()
    dialog.taken_on.set_value(dt.date(2026, 4, 2))
    dialog.hours.setValue(2)
    dialog.topic.setText("Confidentiality and 42 CFR Part 2")
    dialog.law_and_ethics.setChecked(True)
    dialog.add_button.click()
    assert dialog.standing.lines[1][1] == (
        f"12.5 of 20 CE hours in this cycle (2 of 6 law and ethics), {cycle}.")
    assert dialog.log_model.rowCount() == 2
    assert dialog.log_model.index(0, 2).data() == "Confidentiality and 42 CFR Part 2"
    assert dialog.log_model.index(0, 3).data() == "Yes"
    assert dialog.log_model.index(1, 1).data() == "10.5"
    assert not dialog.law_and_ethics.isChecked() and dialog.topic.text() == ""


def test_hours_refused_show_under_their_field(qtbot: QtBot, house: House) -> None:
    mentor_id = coach()
    dialog = opened(qtbot, CertificationDialog(mentor_id))
    dialog.hours.setValue(0)
    dialog.add_button.click()
    assert dialog.education_errors.message("hours") == (
        "Hours must be more than 0 and at most 80.")
    assert dialog.education_errors.message("topic") == "The topic is required."
    assert certification_status(mentor_id).log == ()
    assert not dialog.saved


def test_enter_in_the_topic_adds_the_hours(qtbot: QtBot, house: House) -> None:
    mentor_id = coach()
    dialog = opened(qtbot, CertificationDialog(mentor_id))
    dialog.topic.setText("Ethics refresher")
    dialog.topic.setFocus()
    qtbot.keyClick(dialog.topic, Qt.Key.Key_Return)
    assert [entry.topic for entry in certification_status(mentor_id).log] == [
        "Ethics refresher"]
    assert dialog.isVisible()


def test_a_full_cycle_reads_green(qtbot: QtBot, house: House) -> None:
    mentor_id = coach()
    from soberhouse.mentoring.certification import record_certificate

    record_certificate(mentor_id, "PRC-9", dt.date(2026, 1, 5), dt.date(2028, 1, 5))
    log_education(mentor_id, dt.date(2026, 2, 1), Decimal(14), "Peer support core")
    log_education(mentor_id, dt.date(2026, 3, 1), Decimal(6), "Law and ethics", True)
    dialog = opened(qtbot, CertificationDialog(mentor_id))
    assert [level.value for level, _ in dialog.standing.lines] == ["good", "good"]
    assert dialog.standing.lines[1][1].startswith(
        "20 of 20 CE hours in this cycle (6 of 6 law and ethics): complete")


# ---------------------------------------------------------------- goals


def test_a_goal_is_set_and_its_status_changed_with_history(
        qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    dialog = opened(qtbot, GoalDialog(resident.id))
    assert dialog.set_by.text() == "test-manager"  # no mentor: the manager
    dialog.what.setText("Find a full-time job")
    assert not save(dialog)
    assert dialog.errors.message("measure") == "Say how it will be measured."
    assert goals_of(resident.id) == []

    dialog.measure.setText("An offer letter")
    dialog.target_date.set_value(dt.date(2027, 1, 31))
    dialog.set_on.set_value(dt.date(2026, 11, 1))
    assert save(dialog)
    [goal] = goals_of(resident.id)
    assert (goal.id, goal.what, goal.measure, goal.target_date, goal.status) == (
        dialog.goal_id, "Find a full-time job", "An offer letter", dt.date(2027, 1, 31),
        GoalStatus.OPEN)

    status = opened(qtbot, GoalStatusDialog(goal.id))
    assert status.status.currentData() == GoalStatus.MET.value
    assert status.history_view.isHidden()
    status.reason.setText("Started at the bakery")
    status.effective_date.set_value(dt.date(2026, 11, 14))
    assert save(status)

    status = opened(qtbot, GoalStatusDialog(goal.id))
    assert status.status.currentData() == GoalStatus.OPEN.value
    assert status.history_model.rowCount() == 1
    assert status.history_model.index(0, 1).data() == "Open → Met"
    assert status.history_model.index(0, 2).data() == "Started at the bakery"
    choose(status.status, GoalStatus.MISSED.value)
    status.effective_date.set_value(dt.date(2026, 11, 15))
    assert save(status)
    assert [(c.from_status, c.to_status) for c in goal_history(goal.id)] == [
        (GoalStatus.OPEN, GoalStatus.MET), (GoalStatus.MET, GoalStatus.MISSED)]


def test_a_goal_status_refused_keeps_the_dialog_open(qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    goal = set_goal(resident.id, GoalDetails("Save $500", "Bank statement",
                                             dt.date(2027, 1, 1), "Ana", dt.date(2026, 11, 1)))
    dialog = opened(qtbot, GoalStatusDialog(goal.id))
    dialog.effective_date.set_value(dt.date(2026, 10, 1))
    assert not save(dialog)
    assert dialog.errors.message("effective_date") == (
        "The date can't be before the goal was set (1 Nov 2026).")
    assert goal_history(goal.id) == []


def test_the_mentor_is_proposed_as_setter_and_a_goal_is_reworded(
        qtbot: QtBot, house: House) -> None:
    from soberhouse.mentoring.assignments import assign_mentor

    mentee = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    mentor_id = register_resident_mentor(admit(house, "Ana", "Lopez", tier=3).id,
                                         dt.date(2026, 10, 1)).id
    assign_mentor(mentor_id, mentee.id, dt.date(2026, 10, 2))
    dialog = opened(qtbot, GoalDialog(mentee.id))
    assert dialog.set_by.text() == "Ana Lopez"
    dialog.what.setText("Save $500")
    dialog.measure.setText("Bank statement")
    assert save(dialog)

    edit = opened(qtbot, GoalDialog(mentee.id, dialog.goal_id))
    assert edit.what.text() == "Save $500"
    edit.what.setText("Save $800")
    assert save(edit)
    [goal] = goals_of(mentee.id)
    assert goal.what == "Save $800"
    assert resident_history(mentee.id)[0].summary == "Goal corrected: “Save $500” → “Save $800”"


def test_the_goals_list_opens_the_dialogs(qtbot: QtBot, house: House,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    resident = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    set_goal(resident.id, GoalDetails("Get a sponsor", "A name and number",
                                      dt.date(2026, 11, 10), "Ana", dt.date(2026, 10, 5)))
    dialog = opened(qtbot, GoalsDialog(resident.id))
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 3).data() == "Open, past target date"

    def met(parent: object, goal_id: int) -> bool:
        from soberhouse.mentoring.goals import change_goal_status

        change_goal_status(goal_id, GoalStatus.MET)
        return True

    monkeypatch.setattr(GoalStatusDialog, "ask", met)
    dialog.status_button.click()
    assert dialog.changed
    assert dialog.model.index(0, 3).data() == "Met"


# ---------------------------------------------------------------- profile


def test_the_matching_profile_is_saved(qtbot: QtBot, house: House) -> None:
    resident = admit(house, "Ben", "Ortiz", tier=1)
    dialog = opened(qtbot, MatchingProfileDialog(resident.id))
    assert dialog.fields.fellowship.findText("SMART Recovery") >= 0
    dialog.fields.gender.setCurrentText("Male")
    dialog.fields.fellowship.setCurrentText("Refuge Recovery")  # not in the list: allowed
    dialog.fields.languages.setText("Español, English")
    model = dialog.fields.focus_model
    model.setData(model.index(2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    dialog.fields.other_focus.setText("music")
    assert dialog.is_dirty()
    assert save(dialog)
    assert profile_of(resident.id) == MatchingAttributes(
        "Male", "Refuge Recovery", ("Español", "English"), ("family", "music"))

    again = opened(qtbot, MatchingProfileDialog(resident.id))
    assert again.fields.focus_model.checked() == ["family"]
    assert again.fields.other_focus.text() == "music"
    assert not again.is_dirty()


def test_a_dirty_dialog_asks_before_closing(qtbot: QtBot, house: House,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    resident = admit(house, "Ben", "Ortiz", tier=1)
    dialog = opened(qtbot, MatchingProfileDialog(resident.id))
    dialog.fields.languages.setText("English")
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or False)
    dialog.reject()
    assert asked
    assert dialog.isVisible()
    monkeypatch.setattr(dialog, "confirm_discard", lambda: True)
    dialog.reject()
    assert not dialog.isVisible()
    assert profile_of(resident.id) == MatchingAttributes()


# ---------------------------------------------------------------- models


def test_every_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: object,
                                             house: House) -> None:
    mentor_id = coach()
    log_education(mentor_id, dt.date(2026, 2, 1), Decimal(3), "Ethics", True)
    certification = opened(qtbot, CertificationDialog(mentor_id))
    qtmodeltester.check(certification.log_model)  # type: ignore[attr-defined]

    resident = admit(house, "Ben", "Ortiz", tier=1, move_in=dt.date(2026, 10, 1))
    goal = set_goal(resident.id, GoalDetails("Save $500", "Bank statement",
                                             dt.date(2027, 1, 1), "Ana", dt.date(2026, 11, 1)))
    from soberhouse.mentoring.goals import change_goal_status

    change_goal_status(goal.id, GoalStatus.DROPPED, reason="Changed plans")
    goals = opened(qtbot, GoalsDialog(resident.id))
    qtmodeltester.check(goals.model)  # type: ignore[attr-defined]
    status = opened(qtbot, GoalStatusDialog(goal.id))
    qtmodeltester.check(status.history_model)  # type: ignore[attr-defined]

    focus = FocusAreasModel(["employment", "housing"])
    assert focus.set_checked(["Housing", "music"]) == ["music"]
    qtmodeltester.check(focus)  # type: ignore[attr-defined]
    assert focus.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_rule_violation_type_is_the_cores(house: House) -> None:
    """The dialogs only show RuleViolation; a missing resident is a plain message."""
    with pytest.raises(RuleViolation):
        register_staff_coach(StaffCoachDetails("", ""))
