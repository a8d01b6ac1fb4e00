"""The one date field: typed in the program's date style, a calendar from the
keyboard, Tab always leaving it, and text that isn't a date named under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from soberhouse import date_style
from soberhouse.date_style import DateStyle
from tests.ui.conftest import OFFSCREEN_LIMITATION
from ui.date_field import DateField
from ui.form_fields import FieldErrors

pytestmark = pytest.mark.ui

# The offscreen platform can't raise a pop-up or let it grab the keyboard (the
# closest qt_log_ignore mark counts: it repeats the one every UI test has).
calendar_opens = pytest.mark.qt_log_ignore(
    OFFSCREEN_LIMITATION, r"This plugin does not support (raise|grabbing)")


class Form(QWidget):
    """A date field between two line edits, with the forms' message lines."""

    def __init__(self, field: DateField) -> None:
        super().__init__()
        self.before = QLineEdit()
        self.field = field
        self.after = QLineEdit()
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.errors.add_row(form, "before", "Name", self.before)
        self.errors.add_row(form, "day", "Date of birth", field)
        self.errors.add_row(form, "after", "Phone", self.after)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addLayout(form)


@pytest.fixture(autouse=True)
def day_month_year() -> Iterator[None]:
    date_style.use_style(DateStyle.DAY_MONTH_YEAR)
    yield
    date_style.use_style(date_style.DEFAULT_STYLE)


def shown(qtbot: QtBot, field: DateField) -> Form:
    form = Form(field)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    field.setFocus()
    return form


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_an_empty_field_shows_how_to_type_and_holds_nothing(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField())
    assert form.field.text() == ""
    assert form.field.placeholderText() == "dd/mm/yyyy"
    assert form.field.value() is None
    assert form.field.problem() == ""  # optional: empty is fine
    tab(qtbot)
    assert form.field.value() is None
    assert form.errors.message("day") == ""


@pytest.mark.parametrize("typed", ["05/06/1988", "5/6/1988", "5.6.1988", "1988-06-05",
                                   "5 June 1988", "Jun 5, 1988"])
def test_what_is_typed_is_read_and_shown_in_the_style(qtbot: QtBot, typed: str) -> None:
    form = shown(qtbot, DateField())
    changes: list[object] = []
    form.field.value_changed.connect(changes.append)
    QTest.keyClicks(focused(), typed)
    assert changes == []  # nothing announced halfway through typing
    tab(qtbot)
    assert form.field.value() == dt.date(1988, 6, 5)
    assert form.field.text() == "05/06/1988"
    assert changes == [dt.date(1988, 6, 5)]


def test_a_month_first_computer_types_month_first(qtbot: QtBot) -> None:
    date_style.use_style(DateStyle.MONTH_DAY_YEAR)
    form = shown(qtbot, DateField(dt.date(2026, 10, 19)))
    assert form.field.text() == "10/19/2026"
    assert form.field.placeholderText() == "mm/dd/yyyy"
    form.field.clear()
    QTest.keyClicks(focused(), "6/5/1988")
    tab(qtbot)
    assert form.field.value() == dt.date(1988, 6, 5)


def test_tab_leaves_the_field_and_what_follows_lands_in_the_next_one(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField())
    QTest.keyClicks(focused(), "05/06/1988")
    tab(qtbot)
    assert focused() is form.after
    QTest.keyClicks(focused(), "555-0199")
    assert (form.field.value(), form.after.text()) == (dt.date(1988, 6, 5), "555-0199")
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is form.field
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is form.before


def test_text_that_is_not_a_date_is_named_under_the_field_when_it_is_left(
        qtbot: QtBot) -> None:
    form = shown(qtbot, DateField())
    QTest.keyClicks(focused(), "31/02/1988")
    tab(qtbot)
    message = "Date of birth: “31/02/1988” — February 1988 has no day 31."
    assert form.errors.message("day") == message
    assert form.field.value() is None
    assert form.field.text() == "31/02/1988"  # kept, to be corrected
    assert not form.errors.check_typing()  # a save is refused
    assert form.errors.message("day") == message
    assert focused() is form.field
    form.field.selectAll()
    QTest.keyClicks(focused(), "28/02/1988")
    tab(qtbot)
    assert form.errors.message("day") == ""
    assert form.errors.check_typing()
    assert form.field.value() == dt.date(1988, 2, 28)


def test_the_old_blank_text_typed_into_is_named_too(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField())
    form.field.insert("Choose…")  # QTest can't type "…"
    QTest.keyClicks(focused(), "9880412")
    tab(qtbot)
    assert form.errors.message("day") == ("Date of birth: “Choose…9880412” is not a date: "
                                          "type it as dd/mm/yyyy.")


def test_a_required_field_left_empty_is_refused_on_save_only(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField(dt.date(2026, 11, 1), required=True))
    form.field.selectAll()
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    tab(qtbot)
    assert form.errors.message("day") == ""  # leaving an empty field is no mistake yet
    assert not form.errors.check_typing()
    assert form.errors.message("day") == "Date of birth: type a date."


@calendar_opens
def test_alt_down_opens_the_calendar_on_the_typed_date_and_enter_fills_the_field(
        qtbot: QtBot) -> None:
    form = shown(qtbot, DateField(page_hint=dt.date(1996, 11, 1)))
    QTest.keyClicks(focused(), "14/03/1987")
    qtbot.keyClick(focused(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = form.field.calendar
    assert form.field.calendar_is_open() and calendar is not None
    assert (calendar.yearShown(), calendar.monthShown()) == (1987, 3)
    assert calendar.isAncestorOf(focused())
    qtbot.keyClick(focused(), Qt.Key.Key_Right)  # the 15th
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not form.field.calendar_is_open()
    assert focused() is form.field
    assert form.field.value() == dt.date(1987, 3, 15)
    assert form.field.text() == "15/03/1987"
    tab(qtbot)
    assert focused() is form.after


@calendar_opens
def test_f4_opens_an_empty_field_on_its_page_hint(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField(page_hint=dt.date(1996, 11, 1)))
    qtbot.keyClick(focused(), Qt.Key.Key_F4)
    calendar = form.field.calendar
    assert calendar is not None and form.field.calendar_is_open()
    assert (calendar.yearShown(), calendar.monthShown()) == (1996, 11)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # closed, nothing chosen
    assert not form.field.calendar_is_open()
    assert focused() is form.field
    assert form.field.value() is None


@calendar_opens
def test_space_opens_the_calendar_of_an_empty_field_only(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField(page_hint=dt.date(1996, 11, 1)))
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert form.field.calendar_is_open()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert form.field.value() == dt.date(1996, 11, 1)
    form.field.clear()
    QTest.keyClicks(focused(), "19 Oct 2026")  # typed spaces stay spaces
    assert not form.field.calendar_is_open()
    assert form.field.value() == dt.date(2026, 10, 19)


@calendar_opens
def test_without_a_hint_the_calendar_opens_on_this_month_and_a_click_chooses(
        qtbot: QtBot, today: dt.date) -> None:
    form = shown(qtbot, DateField())
    form.field.calendar_action.trigger()  # the calendar button inside the field
    calendar = form.field.calendar
    assert calendar is not None and form.field.calendar_is_open()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    calendar.clicked.emit(calendar.selectedDate().addDays(-3))
    assert not form.field.calendar_is_open()
    assert form.field.value() == today - dt.timedelta(days=3)


def test_up_and_down_move_the_date_by_a_day(qtbot: QtBot) -> None:
    form = shown(qtbot, DateField(dt.date(2026, 2, 28)))
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    assert form.field.value() == dt.date(2026, 3, 1)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert form.field.value() == dt.date(2026, 2, 27)


def test_set_value_and_value_round_trip(qtbot: QtBot) -> None:
    field = DateField(dt.date(2026, 10, 19))
    qtbot.addWidget(field)
    assert field.text() == "19/10/2026"
    changes: list[object] = []
    field.value_changed.connect(changes.append)
    field.set_value(None)
    assert (field.text(), field.value()) == ("", None)
    field.set_value(dt.date(2026, 10, 20))
    field.set_value(dt.date(2026, 10, 20))
    assert changes == [None, dt.date(2026, 10, 20)]
