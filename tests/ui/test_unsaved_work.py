"""Nothing typed is lost: quitting, showing another house or another section
with work not saved asks Save / Discard / Cancel, naming what is not saved;
Save saves it (read back from the core), Discard throws it away, Cancel
keeps the manager where they were with the work intact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from soberhouse.meetings.roll_call import roll_call
from soberhouse.models import House
from soberhouse.models.meetings import AttendanceStatus, HouseMeeting
from soberhouse.reports.monthly_progress import comments_for
from soberhouse.twelve_step.outside_meetings import outside_meetings_of
from tests.mentoring_helpers import admit
from ui.main_window import MainWindow
from ui.meetings.section import MeetingsSection
from ui.reports.section import ReportsSection
from ui.residents.form import ResidentForm
from ui.twelve_step.card_entry import CardEntryDialog
from ui.unsaved_work import Leaving, UnsavedQuestion

pytestmark = pytest.mark.ui

OpenWindow = Callable[[], MainWindow]
Answer = QMessageBox.StandardButton
LAST_MONDAY = dt.date(2026, 11, 9)  # today (the fixture) is Sunday 2026-11-15
ROLL_CALL_TEXT = "The roll call for the weekly meeting of 9 Nov 2026 has 3 marks not saved."


@pytest.fixture
def residents(house: House, other_house: House) -> dict[str, int]:
    return {"ana": admit(house, "Ana", "Abara", move_in=dt.date(2026, 6, 1)).id,
            "ben": admit(house, "Ben", "Brown", move_in=dt.date(2026, 6, 2)).id,
            "cat": admit(house, "Cat", "Cole", move_in=dt.date(2026, 6, 3)).id,
            "gus": admit(other_house, "Gus", "Grant", move_in=dt.date(2026, 6, 5)).id}


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Answer], list[tuple]]]:
    """``answer(button)``: the question is answered so; the questions asked."""

    def set_answer(button: Answer) -> list[tuple]:
        asked: list[tuple] = []

        def ask(parent: QWidget, descriptions: list[str], leaving: Leaving) -> Answer:
            asked.append((list(descriptions), leaving))
            return button

        monkeypatch.setattr(UnsavedQuestion, "ask", ask)
        return asked

    yield set_answer


def choose_house(window: MainWindow, house_id: int | None) -> None:
    window.house_combo.setCurrentIndex(window.house_combo.findData(house_id))


def roll_call_taken(window: MainWindow, qtbot: QtBot, house: House) -> MeetingsSection:
    """Maple House chosen, Meetings shown, three marks typed (not saved)."""
    choose_house(window, house.id)
    window.show_section("meetings")
    section = window.section("meetings")
    assert isinstance(section, MeetingsSection)
    view = section.panel.roll_call_view
    view.start()
    for key in (Qt.Key.Key_L, Qt.Key.Key_U, Qt.Key.Key_P):  # Ana late, Ben unexcused, Cat present
        qtbot.keyClick(view, key)
    return section


def marks_typed(section: MeetingsSection) -> list[AttendanceStatus | None]:
    model = section.panel.roll_call_model
    return [model.mark(row).status for row in range(model.rowCount())]


TYPED = [AttendanceStatus.LATE, AttendanceStatus.UNEXCUSED, AttendanceStatus.PRESENT]


def marks_on_record(house: House) -> dict[str, AttendanceStatus | None]:
    meeting = HouseMeeting.get_or_none((HouseMeeting.house == house.id)
                                       & (HouseMeeting.held_on == LAST_MONDAY))
    if meeting is None:
        return {}
    return {member.name: member.status for member in roll_call(meeting.id)}


SAVED = {"Abara, Ana": AttendanceStatus.LATE, "Brown, Ben": AttendanceStatus.UNEXCUSED,
         "Cole, Cat": AttendanceStatus.PRESENT}


def leave(window: MainWindow, how: Leaving, other_house: House) -> bool:
    """Try to leave the roll call; True when the window went."""
    if how is Leaving.QUIT:
        return window.close()
    if how is Leaving.HOUSE:
        choose_house(window, other_house.id)
        return window.current_house_id() == other_house.id
    window.navigation.setCurrentRow(1)  # Residents
    return window.current_section_key() == "residents"


@pytest.mark.parametrize("how", [Leaving.QUIT, Leaving.HOUSE, Leaving.SECTION])
def test_unsaved_marks_are_asked_about_and_saved(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]],
        how: Leaving) -> None:
    window = open_window()
    section = roll_call_taken(window, qtbot, house)
    asked = answer(Answer.Save)
    assert leave(window, how, other_house)
    assert asked == [([ROLL_CALL_TEXT], how)]
    assert marks_on_record(house) == SAVED
    assert window.isVisible() == (how is not Leaving.QUIT)
    assert not section.panel.is_dirty()


@pytest.mark.parametrize("how", [Leaving.QUIT, Leaving.HOUSE, Leaving.SECTION])
def test_unsaved_marks_discarded(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]],
        how: Leaving) -> None:
    window = open_window()
    section = roll_call_taken(window, qtbot, house)
    asked = answer(Answer.Discard)
    assert leave(window, how, other_house)
    assert asked == [([ROLL_CALL_TEXT], how)]
    assert marks_on_record(house) == {}
    assert not section.panel.is_dirty()
    if how is Leaving.SECTION:  # back to the meeting: as on record
        window.show_section("meetings")
        assert marks_typed(section) == [None, None, None]


@pytest.mark.parametrize("how", [Leaving.QUIT, Leaving.HOUSE, Leaving.SECTION])
def test_cancel_keeps_the_manager_on_the_roll_call(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]],
        how: Leaving) -> None:
    window = open_window()
    section = roll_call_taken(window, qtbot, house)
    asked = answer(Answer.Cancel)
    assert not leave(window, how, other_house)
    assert asked == [([ROLL_CALL_TEXT], how)]
    assert window.isVisible()
    assert window.current_section_key() == "meetings"
    assert window.navigation.currentRow() == 3
    assert window.window_actions.go_to[3].isChecked()
    assert window.current_house_id() == house.id
    assert window.house_combo.currentData() == house.id
    assert section.house_id == house.id
    assert marks_typed(section) == TYPED
    assert section.panel.is_dirty()
    assert marks_on_record(house) == {}


def test_nothing_unsaved_asks_nothing(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], unsaved_questions: list[tuple]) -> None:
    window = open_window()
    choose_house(window, house.id)
    window.show_section("meetings")
    window.show_section("reports")
    choose_house(window, other_house.id)
    assert window.close()
    assert unsaved_questions == []


def test_a_refused_save_stays_and_shows_why(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    window = open_window()
    section = roll_call_taken(window, qtbot, house)
    view = section.panel.roll_call_view
    view.setCurrentIndex(section.panel.roll_call_model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_E)  # Ana excused, with no reason given
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    window.show_section("residents", ask=False)  # (the manager went on to look at Residents)
    answer(Answer.Save)
    assert not window.close()
    assert window.isVisible()
    assert window.current_section_key() == "meetings"  # the refusal is shown
    assert "needs a reason" in section.panel.roll_call_message.text()
    assert marks_on_record(house) == {}
    assert section.panel.is_dirty()


# ---------------------------------------------------------------- report comments


def comments_typed(window: MainWindow, house: House) -> ReportsSection:
    choose_house(window, house.id)
    window.show_section("reports")
    section = window.section("reports")
    assert isinstance(section, ReportsSection)
    section.set_month(dt.date(2026, 10, 1))
    assert section.selected_progress() is not None
    section.comments.setPlainText("Kept every chore.")
    return section


def test_report_comments_are_asked_about(
        open_window: OpenWindow, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    window = open_window()
    section = comments_typed(window, house)
    progress = section.selected_progress()
    assert progress is not None
    text = (f"The comments on {progress.name}'s report for October 2026 are not saved.")

    asked = answer(Answer.Cancel)
    window.navigation.setCurrentRow(0)
    assert window.current_section_key() == "reports"
    assert section.comments.toPlainText() == "Kept every chore."
    assert asked == [([text], Leaving.SECTION)]

    asked = answer(Answer.Discard)
    choose_house(window, other_house.id)
    assert asked == [([text], Leaving.HOUSE)]
    assert comments_for([progress.resident_id], dt.date(2026, 10, 1)) == {}

    choose_house(window, house.id)
    section.set_month(dt.date(2026, 10, 1))
    assert section.select_resident(progress.resident_id)
    section.comments.setPlainText("Kept every chore.")
    asked = answer(Answer.Save)
    assert window.close()
    assert asked == [([text], Leaving.QUIT)]
    assert comments_for([progress.resident_id], dt.date(2026, 10, 1)) == {
        progress.resident_id: "Kept every chore."}


def test_several_editors_are_asked_about_at_once(
        open_window: OpenWindow, qtbot: QtBot, house: House, other_house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    """Marks not saved, and the week's cards open over them: one question
    names both (the cards first: they are on top); Save saves both."""
    window = open_window()
    meetings = roll_call_taken(window, qtbot, house)
    cards = CardEntryDialog(house.id, None, meetings)
    qtbot.addWidget(cards)
    cards.show()
    line = cards.line_of(residents["ben"])
    assert line is not None
    line.days.setText("Mon Wed")
    cards_text = cards.unsaved_description()
    asked = answer(Answer.Save)
    assert window.close()
    assert asked == [([cards_text, ROLL_CALL_TEXT], Leaving.QUIT)]
    assert marks_on_record(house) == SAVED
    assert len(outside_meetings_of(residents["ben"], LAST_MONDAY, dt.date(2026, 11, 15))) == 2
    assert not meetings.panel.is_dirty() and not cards.isVisible()


# ---------------------------------------------------------------- dialogs


def test_an_open_dialog_is_settled_too(
        open_window: OpenWindow, qtbot: QtBot, house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    """The week's cards (or any form) open when the window must settle (the
    idle lock, later): asked with the rest; Save saves and closes it."""
    window = open_window()
    window.show_section("steps")
    cards = CardEntryDialog(house.id, None, window.section("steps"))
    qtbot.addWidget(cards)
    cards.show()
    line = cards.line_of(residents["ana"])
    assert line is not None
    line.days.setText("135")
    text = cards.unsaved_description()
    assert text == ("The signed cards for the week of 9 Nov 2026 \u2013 15 Nov 2026 have "
                    "3 meetings on 1 card not saved.")

    asked = answer(Answer.Cancel)
    assert not window.settle_unsaved_work(Leaving.LOCK)
    assert cards.isVisible() and line.days.text() == "135"
    asked = answer(Answer.Save)
    assert window.settle_unsaved_work(Leaving.LOCK)
    assert asked == [([text], Leaving.LOCK)]
    assert not cards.isVisible()
    assert len(outside_meetings_of(residents["ana"], LAST_MONDAY, LAST_MONDAY
                                   + dt.timedelta(days=6))) == 3


def test_a_resident_form_open_is_settled(
        open_window: OpenWindow, qtbot: QtBot, house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    window = open_window()
    window.show_section("residents")
    form = ResidentForm(window.section("residents"), resident_id=residents["ana"])
    qtbot.addWidget(form)
    form.show()
    form.phone.setText("555-0199")
    assert window.unsaved_work(Leaving.LOCK)[0].unsaved_description() == (
        "Edit Ana Abara: what you typed is not saved.")
    answer(Answer.Discard)
    assert window.settle_unsaved_work(Leaving.LOCK)
    assert not form.isVisible()
    from soberhouse.residents import get_resident

    assert get_resident(residents["ana"]).phone != "555-0199"


def test_quit_while_a_modal_form_is_open(
        open_window: OpenWindow, qtbot: QtBot, house: House,
        residents: dict[str, int], answer: Callable[[Answer], list[tuple]]) -> None:
    """A modal form blocks the window: Ctrl+Q typed in it does not reach the
    window (and Qt refuses the system's close of a blocked window).  A close
    that gets through anyway (QWindow.close) asks about the form's typing."""
    window = open_window()
    window.show_section("residents")
    seen: list[object] = []
    asked = answer(Answer.Cancel)

    def inside_the_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, ResidentForm)
        form.phone.setText("555-0199")
        qtbot.keyClick(form, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        seen.append(("after Ctrl+Q", window.isVisible(), form.isVisible(), list(asked)))
        handle = window.windowHandle()
        assert handle is not None
        seen.append(("close: Cancel", handle.close(), window.isVisible(),
                     form.isVisible() and form.phone.text() == "555-0199"))
        answer(Answer.Discard)
        seen.append(("close: Discard", handle.close(), form.isVisible()))

    QTimer.singleShot(0, inside_the_form)
    ResidentForm.ask(window.section("residents"), resident_id=residents["ana"])
    assert seen == [("after Ctrl+Q", True, True, []),
                    ("close: Cancel", False, True, True),
                    ("close: Discard", True, False)]
    assert asked == [(["Edit Ana Abara: what you typed is not saved."], Leaving.QUIT)]
    from soberhouse.residents import get_resident

    assert get_resident(residents["ana"]).phone != "555-0199"


def test_the_question_box(qtbot: QtBot, tmp_path: Path) -> None:
    box = UnsavedQuestion.build(None, [ROLL_CALL_TEXT], Leaving.QUIT)
    qtbot.addWidget(box)
    assert box.text() == ROLL_CALL_TEXT
    assert box.informativeText() == "Save before quitting?"
    assert {box.standardButton(b) for b in box.buttons()} == {
        Answer.Save, Answer.Discard, Answer.Cancel}
    assert box.defaultButton() is box.button(Answer.Save)
    assert box.escapeButton() is box.button(Answer.Cancel)
    several = UnsavedQuestion.build(None, [ROLL_CALL_TEXT, "The comments are not saved."],
                                    Leaving.HOUSE)
    qtbot.addWidget(several)
    assert several.informativeText() == "Save them before showing another house?"
