"""Entering a week's signed cards: typed by keyboard, one line per resident,
saved in one transaction (a wrong line saves nothing and is named)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from soberhouse.models import House
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting
from soberhouse.twelve_step.outside_meetings import OutsideMeetingDetails, log_outside_meeting
from tests.mentoring_helpers import admit
from ui.form_fields import short_date
from ui.twelve_step.card_entry import CardEntryDialog, parse_days

pytestmark = pytest.mark.ui

LAST_WEEK = dt.date(2026, 11, 4)  # Monday 2 to Sunday 8 November; today is the 15th
MONDAY = dt.date(2026, 11, 2)


@pytest.fixture
def residents(house: House) -> dict[str, int]:
    """Three residents: quota 5 (Newcomer), 4 (Established), and 3 (Senior,
    moved in on Thursday 5 November: a partial week needing 2)."""
    return {
        "ann": admit(house, "Ann", "Abbott", move_in=dt.date(2026, 10, 1)).id,
        "ben": admit(house, "Ben", "Baker", tier=2, move_in=dt.date(2026, 9, 1)).id,
        "cara": admit(house, "Cara", "Cole", tier=3, move_in=dt.date(2026, 11, 5)).id,
    }


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a dialog with typed cards asks first; the tests answer "Discard"."""
    monkeypatch.setattr(CardEntryDialog, "_confirm_discard", lambda self: True)


def open_dialog(qtbot: QtBot) -> CardEntryDialog:
    dialog = CardEntryDialog(None, LAST_WEEK)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.lines[0].days.hasFocus())
    return dialog


def type_card(qtbot: QtBot, dialog: CardEntryDialog, text: str) -> None:
    """Type into the focused line's days, then Enter (to the next resident)."""
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def meetings() -> list[tuple[int, dt.date, str, bool]]:
    return [(m.resident_id, m.attended_on, m.fellowship, m.verified)
            for m in OutsideMeeting.select().order_by(OutsideMeeting.resident,
                                                      OutsideMeeting.attended_on)]


def test_days_are_read_as_words_or_digits() -> None:
    assert parse_days("Mon Wed Fri") == [0, 2, 4]
    assert parse_days("135") == [0, 2, 4]
    assert parse_days("1 1, thu sun") == [0, 0, 3, 6]
    assert parse_days("  ") == []
    with pytest.raises(ValueError, match="isn't a day"):
        parse_days("8")
    with pytest.raises(ValueError, match="isn't a day"):
        parse_days("t")  # Tuesday or Thursday?


def test_a_week_of_cards_for_three_residents_by_keyboard(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    dialog = open_dialog(qtbot)
    assert [line.resident.resident_id for line in dialog.lines] == [
        residents["ann"], residents["ben"], residents["cara"]]
    assert dialog.week_label.text().startswith("Week of ")

    type_card(qtbot, dialog, "Mon Wed Fri")
    assert dialog.lines[1].days.hasFocus()  # Enter went to the next resident
    qtbot.keyClicks(dialog.lines[1].days, "1234")
    qtbot.keyClick(dialog.lines[1].days, Qt.Key.Key_Tab)
    assert dialog.lines[1].fellowship.hasFocus()
    dialog.lines[1].fellowship.setCurrentIndex(
        dialog.lines[1].fellowship.findData(Fellowship.NA.value))
    qtbot.keyClick(dialog.lines[1].fellowship, Qt.Key.Key_Return)
    assert dialog.lines[2].days.hasFocus()
    dialog.lines[2].signed.setChecked(False)
    type_card(qtbot, dialog, "thu sat")

    # The running count against the (pro-rated) quota, as typed.
    assert dialog.lines[0].count.text() == "0 + 3 = 3 of 5 \u00b7 2 to go"
    assert dialog.lines[1].count.text() == "0 + 4 = 4 of 4 \u00b7 Met"
    assert dialog.lines[2].count.text() == "0 + 2 = 2 of 2 \u00b7 Met"
    assert dialog.total_label.text() == "9 meetings on 3 cards to save"
    assert dialog.save_button.hasFocus()  # Enter on the last card: Save is next

    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.status_text.startswith("Saved 9 outside meetings for 3 residents")
    ann, ben, cara = residents["ann"], residents["ben"], residents["cara"]
    day = {name: MONDAY + dt.timedelta(days=offset)
           for offset, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
    assert meetings() == [
        (ann, day["mon"], "aa", True), (ann, day["wed"], "aa", True),
        (ann, day["fri"], "aa", True),
        (ben, day["mon"], "na", True), (ben, day["tue"], "na", True),
        (ben, day["wed"], "na", True), (ben, day["thu"], "na", True),
        (cara, day["thu"], "aa", False), (cara, day["sat"], "aa", False)]
    # One batch: every row recorded by the same call, at the same moment.
    assert len({m.recorded_at for m in OutsideMeeting.select()}) == 1


def test_the_fellowship_starts_on_the_residents_last_one(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    log_outside_meeting(OutsideMeetingDetails(residents["ben"], dt.date(2026, 10, 20),
                                              Fellowship.CA))
    dialog = open_dialog(qtbot)
    assert [line.fellowship.currentData() for line in dialog.lines] == ["aa", "ca", "aa"]
    assert all(line.signed.isChecked() for line in dialog.lines)


def test_a_wrong_line_saves_nothing_and_names_the_resident(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    dialog = open_dialog(qtbot)
    type_card(qtbot, dialog, "135")
    type_card(qtbot, dialog, "mon")
    type_card(qtbot, dialog, "mon thu")  # Cara moved in on Thursday
    dialog.save_button.click()

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert meetings() == []
    cara = dialog.lines[2]
    assert cara.error == (f"Cole, Cara, Mon {short_date(MONDAY)}: Cara Cole was not living "
                          f"in a house on 2 Nov 2026.")
    assert cara.count.text() == "Not saved: see below"
    assert dialog.message_text().startswith("Nothing was saved. Cole, Cara, Mon")
    assert "2 Nov 2026" in dialog.message_text()
    assert not dialog.lines[0].error and not dialog.lines[1].error
    assert cara.days.hasFocus()

    cara.days.setText("thu")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(meetings()) == 5


def test_something_that_is_not_a_day_is_shown_on_its_line(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    dialog = open_dialog(qtbot)
    type_card(qtbot, dialog, "135")
    type_card(qtbot, dialog, "mon xyz")
    assert dialog.lines[1].count.text() == "\u201cxyz\u201d isn't a day"
    dialog.save_button.click()
    assert meetings() == []
    assert dialog.message_text() == "Baker, Ben: \u201cxyz\u201d isn't a day"


def test_the_previous_week_and_the_week_in_progress(
        qtbot: QtBot, residents: dict[str, int]) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.next_button.isEnabled()
    dialog.next_button.click()
    assert dialog.week_label.text().endswith("(in progress)")
    assert not dialog.next_button.isEnabled()
    dialog.previous_button.click()
    dialog.previous_button.click()  # 26 October - 1 November: Cara not there yet
    assert [line.resident.resident_id for line in dialog.lines] == [
        residents["ann"], residents["ben"]]
