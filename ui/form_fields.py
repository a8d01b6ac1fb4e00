"""Pieces shared by the resident form and the action dialogs.

Dates are picked with a calendar, never typed free-form; a broken rule is
shown right under its field, in the core's words (the form never checks a
rule itself).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.date_style import written_date
from soberhouse.errors import RuleViolation
from soberhouse.houses import list_houses, tiers_of
from ui.colours import error_colour, mixed

EARLIEST_DATE = dt.date(1900, 1, 1)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def short_date(day: dt.date | None) -> str:
    """A date as every screen and report writes it ("19 Oct 2026", "Oct 19,
    2026" or "2026-10-19": the style chosen in Settings, or the computer's;
    see :mod:`soberhouse.date_style`); "" for no date."""
    if day is None:
        return ""
    return written_date(day)


def date_entry_format() -> str:
    """The system's short date format with a four-digit year (no 19xx/20xx guessing)."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def fill_houses(combo: QComboBox, selected: int | None = None) -> None:
    """Every house, by name, with its id as the item's data."""
    combo.clear()
    for house in list_houses():
        combo.addItem(house.name, house.id)
    if selected is not None and combo.findData(selected) >= 0:
        combo.setCurrentIndex(combo.findData(selected))


def fill_tiers(combo: QComboBox, house_id: int | None, selected: int | None = None) -> None:
    """The house's tiers, entry tier first, with their ids as the items' data."""
    combo.clear()
    if house_id is not None:
        for tier in tiers_of(house_id):
            combo.addItem(tier.name, tier.id)
    if selected is not None and combo.findData(selected) >= 0:
        combo.setCurrentIndex(combo.findData(selected))


class DateEdit(QDateEdit):
    """A date with a calendar pop-up.

    With ``blank_text`` the date may be left unset: the field then shows that
    text, :meth:`value` answers None, and the calendar opens on
    ``page_hint``'s month instead of January 1900.
    """

    def __init__(self, value: dt.date | None = None, *, blank_text: str = "",
                 page_hint: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(date_entry_format())
        self._page_hint = page_hint
        if blank_text:
            self.setMinimumDate(to_qdate(EARLIEST_DATE))
            self.setSpecialValueText(blank_text)
        self.set_value(value)
        if blank_text and page_hint is not None:
            self.calendarWidget().installEventFilter(self)

    def value(self) -> dt.date | None:
        if self.specialValueText() and self.date() == self.minimumDate():
            return None
        date = self.date()
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None and self.specialValueText():
            self.setDate(self.minimumDate())
        else:
            self.setDate(to_qdate(value or clock.today()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.Show and self._page_hint is not None
                and self.value() is None):
            self.calendarWidget().setCurrentPage(self._page_hint.year, self._page_hint.month)
        return super().eventFilter(watched, event)


def heading_label(text: str = "", buddy: QWidget | None = None, scale: float = 1.0) -> QLabel:
    """A bold label over a list or panel (its mnemonic focuses ``buddy``),
    optionally larger than the body text."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class FieldErrors:
    """Rows of form layouts, each with a hidden message line under its field.

    :meth:`show` puts each problem of a :class:`RuleViolation` under the
    field it names and highlights that field; problems about fields the form
    does not show go to the ``general`` label.
    """

    def __init__(self, general: QLabel) -> None:
        self._general = general
        self._fields: dict[str, QWidget] = {}
        self._messages: dict[str, QLabel] = {}
        self._prepare_message_label(general)

    def add_row(self, layout: QFormLayout, name: str, label: str, field: QWidget, *,
                required: bool = False) -> None:
        caption = QLabel(f"{label}{' *' if required else ''}:")
        caption.setBuddy(field)
        if required:
            caption.setToolTip("Required")
        message = QLabel()
        self._prepare_message_label(message)
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(message)
        layout.addRow(caption, cell)
        field.setAccessibleName(label)
        self._fields[name] = field
        self._messages[name] = message

    def message(self, name: str) -> str:
        """The message shown under ``name`` ("" when none; "" names the general
        line above the fields), for tests and screen readers."""
        label = self._general if name == "" else self._messages[name]
        return label.text() if not label.isHidden() else ""

    def clear(self) -> None:
        for name, label in self._messages.items():
            label.clear()
            label.hide()
            field = self._fields[name]
            field.setPalette(QPalette())  # back to the application's palette
            field.setAccessibleDescription("")
        self._general.clear()
        self._general.hide()

    def show(self, violation: RuleViolation) -> None:
        self.clear()
        general: list[str] = []
        first_field: QWidget | None = None
        for problem in violation.problems:
            label = self._messages.get(problem.field)
            if label is None:
                general.append(problem.message)
                continue
            text = f"{label.text()}\n{problem.message}" if label.text() else problem.message
            label.setText(text)
            label.show()
            field = self._fields[problem.field]
            field.setAccessibleDescription(text)
            self._highlight(field)
            first_field = first_field or field
        if general:
            self._general.setText("\n".join(general))
            self._general.show()
        self._make_room()
        if first_field is not None:
            first_field.setFocus()

    def _make_room(self) -> None:
        """Grow the window so wrapped messages show whole (a window's minimum
        size ignores the height wrapped text needs at its width)."""
        window = self._general.window()
        layout = window.layout()
        if layout is None:
            return
        layout.activate()
        needed = (layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > window.height():
            window.resize(window.width(), needed)

    @staticmethod
    def _highlight(field: QWidget) -> None:
        """Tint the field's background towards the error colour (no stylesheet:
        it would change the widget's size and native look)."""
        palette = field.palette()
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            palette.setColor(role, mixed(palette.color(role), error_colour(), 0.25))
        field.setPalette(palette)

    @staticmethod
    def _prepare_message_label(label: QLabel) -> None:
        label.setWordWrap(True)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        label.setPalette(palette)
        label.hide()
