"""Edit > Undo (Ctrl+Z) in the window: says what it would take back, takes
back a roll-call mark, a field of a resident's record, an outside meeting,
the week's cards or a quick check-in (the screen shows it), refuses what
changed since, and keeps only this window's changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import accounts, recording
from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
from soberhouse.mentoring.assignments import assign_mentor
from soberhouse.mentoring.mentors import register_resident_mentor
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, HouseMeeting
from soberhouse.models.mentoring import CheckIn
from soberhouse.residents import get_resident
from soberhouse.undo import UNDONE_REASON
from tests.mentoring_helpers import admit
from ui.main_window import MainWindow
from ui.meetings.section import MeetingsSection
from ui.mentoring.section import MentoringSection, Tab
from ui.residents.form import ResidentForm
from ui.residents.section import ResidentsSection
from ui.twelve_step.card_entry import CardEntryDialog
from ui.twelve_step.section import TwelveStepSection
from ui.undo_list import NOTHING_TO_UNDO, UndoRefusal
from ui.unsaved_work import Leaving, UnsavedQuestion

pytestmark = pytest.mark.ui

OpenWindow = Callable[[], MainWindow]
LAST_MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def residents(house: House) -> dict[str, int]:
    return {"ana": admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1)).id,
            "ben": admit(house, "Ben", "Brown", move_in=dt.date(2026, 6, 2)).id}


@pytest.fixture(autouse=True)
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    refusals: list[str] = []
    monkeypatch.setattr(UndoRefusal, "tell", lambda parent, text: refusals.append(text))
    return refusals


@contextmanager
def in_another_office(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes by maria that this window does not hear of (another process)."""
    with monkeypatch.context() as patch:
        patch.setattr(recording, "_listeners", [])
        accounts.act_as("maria")
        try:
            yield
        finally:
            accounts.act_as("test-manager")


def undo_text(window: MainWindow) -> str:
    return window.undo_list.action.text()


def meetings_shown(window: MainWindow) -> MeetingsSection:
    window.show_section("meetings")
    section = window.section("meetings")
    assert isinstance(section, MeetingsSection)
    return section


def marks(section: MeetingsSection) -> list[AttendanceStatus | None]:
    model = section.panel.roll_call_model
    return [model.mark(row).status for row in range(model.rowCount())]


def test_nothing_to_undo_says_why(open_window: OpenWindow, residents: dict[str, int]) -> None:
    window = open_window()
    action = window.undo_list.action
    assert not action.isEnabled()
    assert action.text() == "Can't &Undo"
    assert action.statusTip() == NOTHING_TO_UNDO
    edit_menu = window.menuBar().actions()[1].menu()
    assert edit_menu is not None and edit_menu.actions()[0] is action


def test_ctrl_z_takes_back_a_mark(open_window: OpenWindow, qtbot: QtBot, house: House,
                                  residents: dict[str, int]) -> None:
    window = open_window()
    section = meetings_shown(window)
    view = section.panel.roll_call_view
    view.start()
    qtbot.keyClick(view, Qt.Key.Key_P)  # Ana present
    qtbot.keyClick(view, Qt.Key.Key_Return)  # saved
    assert undo_text(window) == "&Undo marked Ana Abara present"
    assert window.undo_list.action.isEnabled()
    assert marks(section) == [AttendanceStatus.PRESENT, None]

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert marks(section) == [None, None]  # the screen shows it
    assert not section.panel.is_dirty()
    assert window.statusBar().currentMessage() == "Undone: marked Ana Abara present"
    assert undo_text(window) == "Can't &Undo" and not window.undo_list.action.isEnabled()
    meeting = HouseMeeting.get(HouseMeeting.held_on == LAST_MONDAY)  # recorded with the save
    assert meeting.attendance.count() == 0


def test_undo_goes_back_one_change_at_a_time(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    window = open_window()
    section = meetings_shown(window)
    view = section.panel.roll_call_view
    view.start()
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Ana present
    view.setCurrentIndex(section.panel.roll_call_model.index(1, 1))
    qtbot.keyClick(view, Qt.Key.Key_L)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # then Ben late
    assert undo_text(window) == "&Undo marked Ben Brown late"
    window.undo_list.action.trigger()
    assert marks(section) == [AttendanceStatus.PRESENT, None]
    assert undo_text(window) == "&Undo marked Ana Abara present"
    window.undo_list.action.trigger()
    assert marks(section) == [None, None]


def test_undo_asks_about_work_not_saved_first(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    section = meetings_shown(window)
    view = section.panel.roll_call_view
    view.start()
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Ana present, saved
    view.setCurrentIndex(section.panel.roll_call_model.index(1, 1))
    qtbot.keyClick(view, Qt.Key.Key_U)  # Ben unexcused, not saved
    asked: list[tuple[list[str], Leaving]] = []

    def cancel(parent: QWidget, texts: list[str], leaving: Leaving) -> Any:
        asked.append((texts, leaving))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(UnsavedQuestion, "ask", cancel)
    assert not window.undo_list.undo_last()
    assert asked == [(["The roll call for the weekly meeting of 9 Nov 2026 has 1 mark not "
                       "saved."], Leaving.UNDO)]
    assert marks(section) == [AttendanceStatus.PRESENT, AttendanceStatus.UNEXCUSED]

    monkeypatch.setattr(UnsavedQuestion, "ask",
                        lambda *args: QMessageBox.StandardButton.Save)
    assert window.undo_list.undo_last()  # Ben's mark saved, then Ana's taken back
    assert marks(section) == [None, AttendanceStatus.UNEXCUSED]
    assert undo_text(window) == "&Undo marked Ben Brown absent (unexcused)"


def test_a_mark_changed_since_elsewhere_is_refused(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int],
        told: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    section = meetings_shown(window)
    view = section.panel.roll_call_view
    view.start()
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    meeting = HouseMeeting.get(HouseMeeting.held_on == LAST_MONDAY)
    with in_another_office(monkeypatch):
        save_roll_call(meeting.id, [RollCallMark(residents["ana"], AttendanceStatus.LATE)])
    assert undo_text(window) == "&Undo marked Ana Abara present"  # maria's is not ours

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert told == ["Can't undo: Ana Abara's mark was changed since by maria."]
    assert not window.undo_list.action.isEnabled()  # it can never be undone now
    section.refresh()
    assert marks(section) == [AttendanceStatus.LATE, None]


def test_ctrl_z_takes_back_a_field_edit(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    window = open_window()
    window.show_section("residents")
    section = window.section("residents")
    assert isinstance(section, ResidentsSection)
    assert section.select_resident(residents["ana"])
    old_phone = get_resident(residents["ana"]).phone
    form = ResidentForm(section, resident_id=residents["ana"])
    qtbot.addWidget(form)
    form.show()
    form.phone.setText("555-0199")
    form.accept()
    section.refresh()
    assert section.detail_pane.value_text("Phone") == "555-0199"
    assert undo_text(window) == "&Undo changed Ana Abara's phone"

    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Z, CTRL)
    assert get_resident(residents["ana"]).phone == old_phone
    assert section.detail_pane.value_text("Phone") == old_phone
    assert window.statusBar().currentMessage() == "Undone: changed Ana Abara's phone"


def test_ctrl_z_in_a_text_field_undoes_the_typing_only(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    window = open_window()
    section = meetings_shown(window)
    view = section.panel.roll_call_view
    view.start()
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    topic = section.panel.topic
    topic.setFocus()
    qtbot.keyClicks(topic, "Chores")
    qtbot.keyClick(topic, Qt.Key.Key_Z, CTRL)
    assert topic.text() == ""  # the field's own undo
    assert marks(section) == [AttendanceStatus.PRESENT, None]  # the saved mark stays
    assert undo_text(window) == "&Undo marked Ana Abara present"


def test_ctrl_z_takes_back_the_weeks_cards(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    window = open_window()
    window.show_section("steps")
    section = window.section("steps")
    assert isinstance(section, TwelveStepSection)
    section.refresh()

    def attended() -> dict[int, int]:
        return {row.resident_id: row.week.attended for row in section.model.rows}

    cards = CardEntryDialog(house.id, None, section)
    qtbot.addWidget(cards)
    cards.show()
    line = cards.line_of(residents["ana"])
    assert line is not None
    line.days.setText("Mon Wed")
    assert cards.save()
    section.refresh()
    assert attended() == {residents["ana"]: 2, residents["ben"]: 0}
    assert undo_text(window) == "&Undo logged 2 outside meetings"

    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Z, CTRL)
    assert attended() == {residents["ana"]: 0, residents["ben"]: 0}
    assert window.statusBar().currentMessage() == "Undone: logged 2 outside meetings"


def test_ctrl_z_takes_back_one_outside_meeting(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int]) -> None:
    from soberhouse.models.twelve_step import Fellowship
    from ui.twelve_step.dialogs import AddOutsideMeetingDialog

    window = open_window()
    window.show_section("steps")
    section = window.section("steps")
    assert isinstance(section, TwelveStepSection)
    section.refresh()
    dialog = AddOutsideMeetingDialog(residents["ben"], Fellowship.NA, section)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    section.refresh()
    assert {row.resident_id: row.week.attended for row in section.model.rows}[
        residents["ben"]] == 1
    assert undo_text(window).startswith("&Undo logged Ben Brown's NA meeting of ")
    window.undo_list.action.trigger()
    assert {row.resident_id: row.week.attended for row in section.model.rows}[
        residents["ben"]] == 0


def on_a_check_in_row(open_window: OpenWindow, house: House, residents: dict[str, int]
                      ) -> tuple[MainWindow, MentoringSection, int]:
    """The window on Mentoring, on Ana's assignment with Kevin (a new one)."""
    senior = admit(house, "Kevin", "O'Neill", tier=3, move_in=dt.date(2026, 1, 5))
    mentor = register_resident_mentor(senior.id, since=dt.date(2026, 5, 1))
    pairing = assign_mentor(mentor.id, residents["ana"], dt.date(2026, 11, 2)).id
    window = open_window()
    window.show_section("mentoring")
    section = window.section("mentoring")
    assert isinstance(section, MentoringSection)
    section.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
    assert section.select_assignment(pairing)
    return window, section, pairing


def test_ctrl_z_takes_back_a_quick_check_in(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int],
        unsaved_questions: list[tuple[list[str], Leaving]]) -> None:
    window, section, pairing = on_a_check_in_row(open_window, house, residents)

    def shown() -> tuple[int, int, bool]:
        row = section.assignments_model.rows[section.assignments_model.row_of(pairing) or 0]
        return section.panel.check_ins_model.rowCount(), row.view.check_ins, row.view.overdue

    assert shown() == (0, 0, True)
    entry = section.panel.entry
    section.log_check_in()
    qtbot.keyClicks(entry.minutes, "45")
    entry.note.setFocus()
    qtbot.keyClicks(entry.note, "Job interview practice")
    qtbot.keyClick(entry.note, Qt.Key.Key_Return)  # saved
    assert shown() == (1, 1, False)
    assert undo_text(window) == "&Undo logged Ana Abara's check-in of 15 Nov 2026"

    entry.note.setFocus()
    qtbot.keyClicks(entry.note, "Next")  # the next one, being typed: asked about first
    entry.note.selectAll()
    qtbot.keyClick(entry.note, Qt.Key.Key_Delete)  # ... until the typing is gone
    qtbot.keyClick(section.assignments, Qt.Key.Key_Z, CTRL)
    assert unsaved_questions == []
    assert shown() == (0, 0, True)  # the screen shows it: list, figures, overdue again
    assert "0 check-ins (none yet)" in section.panel.summary.text()
    assert window.statusBar().currentMessage() == (
        "Undone: logged Ana Abara's check-in of 15 Nov 2026")
    assert CheckIn.get().removed_reason == UNDONE_REASON  # kept, marked removed
    assert undo_text(window) == "Can't &Undo"


def test_undo_asks_about_a_check_in_being_typed(
        open_window: OpenWindow, qtbot: QtBot, house: House, residents: dict[str, int],
        unsaved_questions: list[tuple[list[str], Leaving]]) -> None:
    window, section, pairing = on_a_check_in_row(open_window, house, residents)
    assert section.panel.entry.save()  # one saved
    section.panel.entry.note.setText("The next one")  # and the next being typed
    assert window.undo_list.undo_last()  # answered Discard (tests/ui/conftest.py)
    assert unsaved_questions == [(["The check-in of Ana Abara with Kevin O'Neill is not "
                                   "saved."], Leaving.UNDO)]
    assert section.panel.check_ins_model.rowCount() == 0
    assert section.panel.entry.note.text() == ""
