"""The Mentoring section: assigning from the suggestions, the quick check-in,
ending and reassigning, promotion, and every model it shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee
import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import register_resident_mentor, stop_mentoring
from soberhouse.models import House, Resident, TierChange
from soberhouse.models.mentoring import (
    CheckIn,
    Goal,
    GoalStatus,
    GoalStatusChange,
    MentorAssignment,
)
from tests.mentoring_helpers import admit, row_counts
from ui.form_fields import short_date
from ui.mentoring.assignment_dialogs import EndAssignmentDialog, ReassignDialog
from ui.mentoring.goals_model import GoalColumn
from ui.mentoring.promotion_panel import TierChangeDialog
from ui.mentoring.roster_model import RosterColumn
from ui.mentoring.section import MentoringSection, Tab

pytestmark = pytest.mark.ui

SENIOR = 3


@pytest.fixture
def kevin(house: House) -> int:
    """A senior resident mentor with three free places."""
    resident = admit(house, "Kevin", "O'Neill", tier=SENIOR, move_in=dt.date(2026, 1, 5))
    return register_resident_mentor(resident.id, since=dt.date(2026, 5, 1)).id


@pytest.fixture
def zoe(house: House) -> int:
    """A newcomer waiting for a mentor."""
    return admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 11, 1)).id


def open_section(qtbot: QtBot) -> MentoringSection:
    section = MentoringSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    with qtbot.waitExposed(section):
        section.show()
    return section


def caseload_of(section: MentoringSection, mentor_id: int) -> str:
    index = section.roster_proxy.index_of(mentor_id)
    return section.roster_proxy.index(index.row(), RosterColumn.CASELOAD).data()


def waiting(section: MentoringSection) -> list[int]:
    return [row.resident_id for row in section.needs_model.rows]


def ready_to_assign(qtbot: QtBot, kevin: int, zoe: int) -> MentoringSection:
    section = open_section(qtbot)
    assert waiting(section) == [zoe]
    assert caseload_of(section, kevin) == "0 of 3"
    assert section.suggestions_model.rowCount() == 0  # nothing read before a choice
    assert section.select_need(zoe)
    assert [s.mentor.mentor_id for s in section.suggestions_model.rows] == [kevin]
    assert section.suggestions.currentIndex().row() == 0
    return section


def assert_assigned(section: MentoringSection, kevin: int, zoe: int) -> None:
    pairing = MentorAssignment.get(MentorAssignment.mentee == zoe)
    assert (pairing.mentor_id, pairing.role, pairing.ended_on) == (kevin, "primary", None)
    assert pairing.started_on == dt.date(2026, 11, 15)
    assert zoe not in waiting(section)
    assert caseload_of(section, kevin) == "1 of 3"
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.assignments_model.rowCount() == 1


def test_enter_on_a_suggestion_assigns_it(qtbot: QtBot, kevin: int, zoe: int) -> None:
    section = ready_to_assign(qtbot, kevin, zoe)
    section.suggestions.setFocus()
    with qtbot.wait_signal(section.status_message) as message:
        qtbot.keyClick(section.suggestions, Qt.Key.Key_Return)
    assert message.args == ["Kevin O'Neill now mentors Zoë Nguyễn (primary, from "
                            f"{short_date(dt.date(2026, 11, 15))})"]
    assert_assigned(section, kevin, zoe)
    assert section.needs_proxy.rowCount() == 0


def test_double_click_on_a_suggestion_assigns_it(qtbot: QtBot, kevin: int, zoe: int) -> None:
    section = ready_to_assign(qtbot, kevin, zoe)
    rect = section.suggestions.visualRect(section.suggestions_proxy.index(0, 0))
    viewport = section.suggestions.viewport()
    with qtbot.wait_signal(section.status_message):
        # A real double-click starts with a press (QTest's double-click alone
        # leaves the view without a pressed row, and it ignores the click).
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert_assigned(section, kevin, zoe)


def test_enter_on_the_waiting_resident_goes_to_the_suggestions(
        qtbot: QtBot, kevin: int, zoe: int) -> None:
    section = open_section(qtbot)
    section.needs.setFocus()
    section.needs.setCurrentIndex(section.needs_proxy.index(0, 0))
    qtbot.keyClick(section.needs, Qt.Key.Key_Return)
    assert section.suggestions.hasFocus()
    section.assign_mentor()  # Ctrl+N in the suggestions assigns the chosen one
    assert_assigned(section, kevin, zoe)


def test_dropping_a_roster_mentor_on_the_resident_assigns(
        qtbot: QtBot, kevin: int, zoe: int) -> None:
    section = open_section(qtbot)
    roster_index = section.roster_model.index(section.roster_model.row_of(kevin), 0)
    data = section.roster_model.mimeData([roster_index])
    target = section.needs_model.index(0, 0)
    assert section.needs_model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assert section.needs_model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, target)
    assert_assigned(section, kevin, zoe)


def test_a_refused_assignment_shows_the_core_message_and_saves_nothing(
        qtbot: QtBot, kevin: int, zoe: int) -> None:
    section = ready_to_assign(qtbot, kevin, zoe)
    stop_mentoring(kevin, dt.date(2026, 11, 14), "Moved away")  # after the list was read
    before = row_counts()
    assert not section.assign_selected_suggestion()
    assert row_counts() == before
    assert section.assign_message.isVisible()
    assert section.assign_message.text() == (
        "Kevin O'Neill stopped mentoring on 14 Nov 2026 (Moved away).")
    assert waiting(section) == [zoe]


def test_a_mentee_whose_mentor_left_is_listed_and_reassigned_in_one_step(
        qtbot: QtBot, house: House, kevin: int, zoe: int) -> None:
    old = assign_mentor(kevin, zoe, dt.date(2026, 11, 2))
    other = admit(house, "Ana", "Abara", tier=SENIOR, move_in=dt.date(2026, 1, 9))
    ana = register_resident_mentor(other.id, since=dt.date(2026, 5, 1)).id
    stop_mentoring(kevin, dt.date(2026, 11, 10), "Moved out")
    section = open_section(qtbot)
    assert waiting(section) == [zoe]
    need = section.needs_model.rows[0]
    assert need.label == "New mentor needed" and "stopped mentoring" in need.why
    assert MentorAssignment.get_by_id(old.id).ended_on is None  # nothing silent
    section.select_need(zoe)
    assert section.assign_selected_suggestion()
    assert MentorAssignment.get_by_id(old.id).end_reason == "reassigned"
    assert MentorAssignment.get((MentorAssignment.mentee == zoe)
                                & MentorAssignment.ended_on.is_null()).mentor_id == ana
    assert waiting(section) == []


@pytest.fixture
def paired(kevin: int, zoe: int) -> int:
    return assign_mentor(kevin, zoe, dt.date(2026, 11, 2)).id


def on_assignment(qtbot: QtBot, assignment_id: int) -> MentoringSection:
    section = open_section(qtbot)
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.select_assignment(assignment_id)
    assert section.panel.assignment_id == assignment_id
    return section


def test_a_check_in_from_the_quick_row_with_the_keyboard(
        qtbot: QtBot, paired: int) -> None:
    section = on_assignment(qtbot, paired)
    row = section.assignments_model.rows[0]
    assert (row.view.check_ins, row.view.last_check_in, row.view.overdue) == (0, None, True)
    entry = section.panel.entry
    section.log_check_in()
    assert entry.minutes.hasFocus()
    qtbot.keyClicks(entry.minutes, "45")
    qtbot.keyClick(entry.minutes, Qt.Key.Key_Tab)  # to the mode
    qtbot.keyClick(entry.mode, Qt.Key.Key_Down)  # phone
    entry.support["practical"].click()
    entry.note.setFocus()
    qtbot.keyClicks(entry.note, "Job interview practice")
    with qtbot.wait_signal(section.status_message) as message:
        qtbot.keyClick(entry.note, Qt.Key.Key_Return)
    assert message.args == ["Check-in saved: Zoë Nguyễn with Kevin O'Neill, 45 min"]
    saved = CheckIn.get()
    assert (saved.held_on, saved.minutes, saved.mode, saved.support_kinds, saved.note) == (
        dt.date(2026, 11, 15), 45, "phone", "practical", "Job interview practice")
    # The row is ready for the next one, and the lists show this one.
    assert (entry.minutes.value(), entry.mode.currentData(), entry.note.text()) == (
        30, "in_person", "")
    assert not any(button.isChecked() for button in entry.support.values())
    assert entry.minutes.hasFocus()
    row = section.assignments_model.rows[0]
    assert (row.view.check_ins, row.view.last_check_in, row.view.overdue) == (
        1, dt.date(2026, 11, 15), False)
    assert section.panel.check_ins_model.rowCount() == 1
    assert section.panel.check_ins_model.index(0, 1).data() == 45


def test_a_check_in_reviews_the_ticked_goals(qtbot: QtBot, paired: int, zoe: int) -> None:
    goal = set_goal(zoe, GoalDetails("Find a job", "Offer letter", dt.date(2026, 12, 31),
                                     "Kevin O'Neill", dt.date(2026, 11, 3)))
    section = on_assignment(qtbot, paired)
    goals = section.panel.goals_model
    assert goals.rowCount() == 1
    goals.setData(goals.index(0, GoalColumn.REVIEWED), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)
    goals.setData(goals.index(0, GoalColumn.AFTER), GoalStatus.MET.value)
    assert "1" in section.panel.entry.goals_summary.text()
    assert section.panel.entry.save()
    assert Goal.get_by_id(goal.id).status == "met"
    change = GoalStatusChange.get()
    assert (change.check_in_id, change.from_status, change.to_status) == (
        CheckIn.get().id, "open", "met")
    assert goals.reviewed_goals() == {}


def test_an_invalid_check_in_date_shows_its_message(qtbot: QtBot, paired: int) -> None:
    section = on_assignment(qtbot, paired)
    entry = section.panel.entry
    entry.held_on.set_value(dt.date(2026, 10, 20))
    entry.minutes.setFocus()
    qtbot.keyClick(entry.minutes, Qt.Key.Key_Enter)
    assert entry.message("held_on") == (
        "A check-in can't be dated before the assignment began (2 Nov 2026).")
    assert entry.message_label.isVisible()
    assert CheckIn.select().count() == 0
    assert entry.held_on.value() == dt.date(2026, 10, 20)  # kept for correcting


def answer_with(monkeypatch: pytest.MonkeyPatch, dialog: type,
                fill: Callable[..., None]) -> None:
    def run(self: object) -> int:
        fill(self)
        self.save_button.click()  # type: ignore[attr-defined]
        return self.result()  # type: ignore[attr-defined]
    monkeypatch.setattr(dialog, "exec", run)


def test_end_an_assignment_through_its_dialog(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, paired: int, zoe: int) -> None:
    section = on_assignment(qtbot, paired)
    asked: list[bool] = []
    monkeypatch.setattr(EndAssignmentDialog, "confirm_end",
                        lambda self: asked.append(True) or True)

    def fill(dialog: EndAssignmentDialog) -> None:
        dialog.ended_on.set_value(dt.date(2026, 11, 14))
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        dialog.save_button.click()  # refused: no note
        assert dialog.errors.message("note") == "Please say why it ends."
        dialog.note.setText("Asked for a different mentor")

    answer_with(monkeypatch, EndAssignmentDialog, fill)
    with qtbot.wait_signal(section.status_message) as message:
        section.panel.end_button.click()
    assert message.args == ["Assignment ended: Zoë Nguyễn with Kevin O'Neill (other)"]
    ended = MentorAssignment.get_by_id(paired)
    assert (ended.ended_on, ended.end_reason, ended.end_note) == (
        dt.date(2026, 11, 14), "other", "Asked for a different mentor")
    assert asked == [True, True]
    assert section.assignments_model.rowCount() == 0
    assert waiting(section) == [zoe]


def test_reassign_through_its_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                     house: House, paired: int, zoe: int) -> None:
    other = admit(house, "Ana", "Abara", tier=SENIOR, move_in=dt.date(2026, 1, 9))
    ana = register_resident_mentor(other.id, since=dt.date(2026, 5, 1)).id
    section = on_assignment(qtbot, paired)

    def fill(dialog: ReassignDialog) -> None:
        assert [s.mentor.mentor_id for s in dialog.suggestions.rows] == [ana]
        assert dialog.reason.currentData() == "reassigned"
        assert dialog.select_mentor(ana)

    answer_with(monkeypatch, ReassignDialog, fill)
    with qtbot.wait_signal(section.status_message) as message:
        section.reassign_action.trigger()
    assert message.args == ["Zoë Nguyễn now with Ana Abara (was Kevin O'Neill)"]
    assert MentorAssignment.get_by_id(paired).end_reason == "reassigned"
    current = MentorAssignment.get((MentorAssignment.mentee == zoe)
                                   & MentorAssignment.ended_on.is_null())
    assert (current.mentor_id, current.started_on) == (ana, dt.date(2026, 11, 15))
    assert [row.view.mentor_id for row in section.assignments_model.rows] == [ana]


def test_promote_from_the_ready_list_asks_for_a_reason(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, zoe: int) -> None:
    sam = admit(house, "Sam", "Brennan", move_in=dt.date(2026, 8, 1)).id
    section = open_section(qtbot)
    section.tabs.setCurrentIndex(Tab.PROMOTION)
    panel = section.promotion
    assert [p.resident_id for p in panel.model.rows if p.ready] == [sam]
    assert panel.proxy.rowCount() == 1  # only those ready
    assert panel.select_resident(sam)
    changes = TierChange.select().where(TierChange.resident == sam).count()

    def fill(dialog: TierChangeDialog) -> None:
        dialog.save_button.click()
        assert dialog.errors.message("reason") == "Please give a reason."
        assert TierChange.select().where(TierChange.resident == sam).count() == changes
        dialog.reason.setText("106 days in, steady")

    answer_with(monkeypatch, TierChangeDialog, fill)
    with qtbot.wait_signal(section.residents_changed), \
            qtbot.wait_signal(section.status_message) as message:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert message.args == ["Sam Brennan promoted to Established"]
    change = (TierChange.select().where(TierChange.resident == sam)
              .order_by(TierChange.id.desc()).get())
    assert change.reason == "106 days in, steady"
    assert change.recorded_by.username == "test-manager"
    assert Resident.get_by_id(sam).tier.name == "Established"
    assert panel.model.rows[panel.model.row_of(sam)].tier_name == "Established"


def test_the_other_dialogs_are_called_with_the_selection(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, house: House, paired: int,
        zoe: int) -> None:
    from ui.mentoring import certification_dialog, goal_dialogs, mentor_dialogs

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(mentor_dialogs.RegisterMentorDialog, "ask",
                        classmethod(lambda cls, parent, house_id: calls.append(
                            ("register", house_id)) or None))
    monkeypatch.setattr(certification_dialog.CertificationDialog, "ask",
                        classmethod(lambda cls, parent, mentor_id: calls.append(
                            ("certificate", mentor_id)) or False))
    monkeypatch.setattr(goal_dialogs.GoalDialog, "ask",
                        classmethod(lambda cls, parent, resident_id, goal_id=None: calls.append(
                            ("goal", resident_id)) or None))
    section = on_assignment(qtbot, paired)
    section.register_action.trigger()
    section.goal_action.trigger()
    assert calls == [("register", None), ("goal", zoe)]


def test_the_house_selector_and_search(qtbot: QtBot, house: House, other_house: House,
                                       kevin: int, zoe: int) -> None:
    elsewhere = admit(other_house, "Tomás", "Castillo", move_in=dt.date(2026, 11, 3)).id
    section = open_section(qtbot)
    assert set(waiting(section)) == {zoe, elsewhere}
    section.set_house(other_house.id)
    assert waiting(section) == [elsewhere]
    section.set_house(None)
    section.focus_search()
    section.search.setText("zoe")
    assert section.needs_proxy.rowCount() == 1
    assert section.needs_proxy.index(0, 0).data() == "Zoë Nguyễn"


def test_every_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, house: House,
                                             paired: int, zoe: int) -> None:
    set_goal(zoe, GoalDetails("Find a job", "Offer letter", dt.date(2026, 12, 31),
                              "Kevin O'Neill", dt.date(2026, 11, 3)))
    admit(house, "Sam", "Brennan", move_in=dt.date(2026, 8, 1))
    section = on_assignment(qtbot, paired)
    assert section.panel.entry.save()
    section.select_need(section.needs_model.rows[0].resident_id)
    section.tabs.setCurrentIndex(Tab.PROMOTION)
    assert section.assignments_model.rowCount() == 1  # still read: its tab was shown
    models = [section.needs_model, section.suggestions_model, section.roster_model,
              section.assignments_model, section.panel.check_ins_model,
              section.panel.goals_model, section.promotion.model]
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model)
    for proxy in (section.needs_proxy, section.roster_proxy, section.assignments_proxy):
        qtmodeltester.check(proxy)
    assert QModelIndex() is not None


def test_the_main_window_opens_mentoring_from_one_overview(
        open_window, house: House, kevin: int, zoe: int, qtbot: QtBot,
        db: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse.mentoring import roster
    from ui.mentoring import section as section_module

    calls: list[object] = []
    original = roster.mentoring_overview
    monkeypatch.setattr(section_module, "mentoring_overview",
                        lambda house_id=None, on=None: calls.append(house_id)
                        or original(house_id, on))
    window = open_window()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.section_stack.currentWidget()
    assert isinstance(page, MentoringSection)
    assert calls == [None]
    assert window.window_actions.new_item.isEnabled()
    assert window.window_actions.new_item.text() == "&Assign a Mentor..."
    assert "Mento&ring" in [action.text() for action in window.menuBar().actions()]
