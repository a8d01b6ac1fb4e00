"""The Mentoring section's check-ins: one logged by mistake is removed with a
reason (kept, no longer counted, the figures follow), and a quick check-in
typed and not saved is never lost: picking another assignment asks first,
and the window counts it as work not saved (quitting, undoing...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, set_goal
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House
from soberhouse.models.mentoring import CheckIn
from tests.mentoring_helpers import admit
from ui.main_window import MainWindow
from ui.mentoring import check_in_dialogs
from ui.mentoring.goals_model import GoalColumn
from ui.mentoring.section import MentoringSection, Tab
from ui.record_dialog import RecordDialog
from ui.unsaved_work import Leaving, UnsavedQuestion

pytestmark = pytest.mark.ui

Answer = QMessageBox.StandardButton
Asked = list[tuple[list[str], Leaving]]


@pytest.fixture
def pairs(house: House) -> dict[str, int]:
    """Kevin mentors Zoë and Ana (two assignments)."""
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 1, 5))
    kevin = register_resident_mentor(senior.id, since=dt.date(2026, 5, 1)).id
    zoe = admit(house, "Zoë", "Nguyễn", move_in=dt.date(2026, 11, 1)).id
    ana = admit(house, "Ana", "Abara", move_in=dt.date(2026, 11, 1)).id
    return {"zoe": assign_mentor(kevin, zoe, dt.date(2026, 11, 2)).id,
            "ana": assign_mentor(kevin, ana, dt.date(2026, 11, 2)).id,
            "zoe_id": zoe}


def on_assignment(qtbot: QtBot, assignment_id: int) -> MentoringSection:
    section = MentoringSection()
    qtbot.addWidget(section)
    section.resize(1280, 760)
    with qtbot.waitExposed(section):
        section.show()
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.select_assignment(assignment_id)
    assert section.panel.assignment_id == assignment_id
    return section


def figures(section: MentoringSection, assignment_id: int) -> tuple[int, dt.date | None]:
    number = section.assignments_model.row_of(assignment_id)
    assert number is not None
    view = section.assignments_model.rows[number].view
    return view.check_ins, view.last_check_in


def answering(monkeypatch: pytest.MonkeyPatch, answer: Answer) -> Asked:
    asked: Asked = []

    def ask(parent: QWidget, texts: list[str], leaving: Leaving) -> Any:
        asked.append((list(texts), leaving))
        return answer

    monkeypatch.setattr(UnsavedQuestion, "ask", ask)
    return asked


# ---------------------------------------------------------------- removing


def test_a_check_in_is_removed_with_a_reason(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    kept = log_check_in(pairs["zoe"], dt.date(2026, 11, 5), 30)
    mistake = log_check_in(pairs["zoe"], dt.date(2026, 11, 12), 45, note="Wrong mentee")
    section = on_assignment(qtbot, pairs["zoe"])
    panel = section.panel
    assert not panel.remove_check_in_button.isEnabled()  # nothing chosen yet
    assert not section.remove_check_in_action.isEnabled()
    panel.check_ins.setCurrentIndex(panel.check_ins_proxy.index_of(mistake.id))
    assert panel.remove_check_in_button.isEnabled() and section.remove_check_in_action.isEnabled()
    reasons = iter(["", "Logged for the wrong mentee"])
    opened: list[check_in_dialogs.RemoveCheckInDialog] = []

    def run_twice(self: RecordDialog) -> bool:  # a reason is asked for first
        assert isinstance(self, check_in_dialogs.RemoveCheckInDialog)
        opened.append(self)
        self.reason.setText(next(reasons))
        self.save_button.click()
        assert self.errors.message("reason") == "Please give a reason for removing it."
        assert CheckIn.get_by_id(mistake.id).removed_at is None
        self.reason.setText(next(reasons))
        self.save_button.click()
        return self.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(check_in_dialogs.RemoveCheckInDialog, "run", run_twice)
    with qtbot.waitSignal(section.status_message) as message:
        panel.remove_check_in_button.click()
    assert message.args == ["Check-in removed: Zoë Nguyễn with Kevin O'Neill, 12 Nov 2026"]
    (dialog,) = opened
    assert dialog.windowTitle() == "Remove Check-in: Zoë Nguyễn with Kevin O'Neill"
    assert dialog.introduction.text().startswith(
        "Zoë Nguyễn with Kevin O'Neill: 12 Nov 2026, 45 min, in person: \u201cWrong mentee\u201d.")
    removed = CheckIn.get_by_id(mistake.id)  # the row stays, marked removed
    assert removed.removed_reason == "Logged for the wrong mentee"
    assert [row.id for row in panel.check_ins_model.rows] == [kept.id]
    assert figures(section, pairs["zoe"]) == (1, dt.date(2026, 11, 5))
    assert "1 check-in (last " in panel.summary.text()


def test_the_context_menu_and_the_menu_action_remove_too(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    check_in = log_check_in(pairs["zoe"], dt.date(2026, 11, 12))
    section = on_assignment(qtbot, pairs["zoe"])
    asked: list[int] = []

    def ask(parent: QWidget, view: Any, who: str) -> str | None:
        asked.append(view.id)
        return None  # cancelled: nothing changes

    monkeypatch.setattr(check_in_dialogs.RemoveCheckInDialog, "ask", ask)
    section.panel.check_ins.setCurrentIndex(section.panel.check_ins_proxy.index_of(check_in.id))
    section.remove_check_in_action.trigger()
    assert asked == [check_in.id]
    assert figures(section, pairs["zoe"]) == (1, dt.date(2026, 11, 12))
    assert "Remove Check-in" in section.remove_check_in_action.text().replace("&", "")


# ---------------------------------------------------------------- work not saved


def type_a_check_in(qtbot: QtBot, section: MentoringSection, note: str) -> None:
    entry = section.panel.entry
    entry.note.setFocus()
    qtbot.keyClicks(entry.note, note)
    assert entry.is_dirty()


def test_picking_another_assignment_asks_and_cancel_keeps_the_typing(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    section = on_assignment(qtbot, pairs["zoe"])
    type_a_check_in(qtbot, section, "Talked about the job interview")
    asked = answering(monkeypatch, Answer.Cancel)
    section.select_assignment(pairs["ana"])
    assert asked == [(["The check-in of Zoë Nguyễn with Kevin O'Neill is not saved."],
                      Leaving.ASSIGNMENT)]
    assert section.panel.assignment_id == pairs["zoe"]  # stayed
    assert section.selected_assignment().view.id == pairs["zoe"]
    assert section.panel.entry.note.text() == "Talked about the job interview"
    assert CheckIn.select().count() == 0


def test_save_logs_the_check_in_then_shows_the_other_assignment(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    section = on_assignment(qtbot, pairs["zoe"])
    type_a_check_in(qtbot, section, "Talked about the job interview")
    answering(monkeypatch, Answer.Save)
    section.select_assignment(pairs["ana"])
    saved = CheckIn.get()
    assert (saved.assignment_id, saved.note) == (pairs["zoe"], "Talked about the job interview")
    assert section.panel.assignment_id == pairs["ana"]
    assert section.panel.entry.note.text() == "" and not section.panel.entry.is_dirty()
    assert figures(section, pairs["zoe"]) == (1, dt.date(2026, 11, 15))


def test_a_refused_save_stays_with_its_message(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    section = on_assignment(qtbot, pairs["zoe"])
    entry = section.panel.entry
    entry.held_on.set_value(dt.date(2026, 10, 20))  # before the assignment began
    assert entry.is_dirty()
    answering(monkeypatch, Answer.Save)
    section.select_assignment(pairs["ana"])
    assert section.panel.assignment_id == pairs["zoe"]
    assert entry.message("held_on") == (
        "A check-in can't be dated before the assignment began (2 Nov 2026).")
    assert entry.held_on.value() == dt.date(2026, 10, 20)
    assert CheckIn.select().count() == 0


def test_discard_throws_the_typing_away(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    section = on_assignment(qtbot, pairs["zoe"])
    entry = section.panel.entry
    entry.support["practical"].click()  # a kind of support chosen is typing too
    assert entry.is_dirty()
    asked = answering(monkeypatch, Answer.Discard)
    section.select_assignment(pairs["ana"])
    assert len(asked) == 1
    assert section.panel.assignment_id == pairs["ana"]
    assert not any(button.isChecked() for button in entry.support.values())
    assert CheckIn.select().count() == 0


def test_the_defaults_and_reading_again_ask_nothing(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    section = on_assignment(qtbot, pairs["zoe"])
    asked = answering(monkeypatch, Answer.Cancel)
    assert not section.panel.entry.is_dirty()
    assert section.unsaved_description() is None
    section.select_assignment(pairs["ana"])  # nothing typed: no question
    assert asked == [] and section.panel.assignment_id == pairs["ana"]
    type_a_check_in(qtbot, section, "Called about rent")
    section.refresh()  # F5, or another office's change: the typing stays
    assert section.panel.assignment_id == pairs["ana"]
    assert section.panel.entry.note.text() == "Called about rent"
    assert asked == []


def test_goals_ticked_for_the_check_in_count_as_not_saved(
        qtbot: QtBot, pairs: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    set_goal(pairs["zoe_id"], GoalDetails("Find a job", "Offer letter", dt.date(2026, 12, 31),
                                          "Kevin O'Neill", dt.date(2026, 11, 3)))
    section = on_assignment(qtbot, pairs["zoe"])
    goals = section.panel.goals_model
    goals.setData(goals.index(0, GoalColumn.REVIEWED), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)
    assert section.panel.entry.is_dirty()
    answering(monkeypatch, Answer.Discard)
    section.select_assignment(pairs["ana"])
    section.select_assignment(pairs["zoe"])
    assert goals.reviewed_goals() == {}


def test_the_window_asks_about_it_before_quitting(
        open_window: Callable[[], MainWindow], qtbot: QtBot, pairs: dict[str, int],
        unsaved_questions: Asked) -> None:
    window = open_window()
    window.show_section("mentoring")
    section = window.section("mentoring")
    assert isinstance(section, MentoringSection)
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.select_assignment(pairs["zoe"])
    type_a_check_in(qtbot, section, "Talked about the job interview")
    assert window.settle_unsaved_work(Leaving.QUIT)  # answered Discard (tests/ui/conftest.py)
    assert unsaved_questions == [(["The check-in of Zoë Nguyễn with Kevin O'Neill is not "
                                   "saved."], Leaving.QUIT)]
    assert section.panel.entry.note.text() == ""
