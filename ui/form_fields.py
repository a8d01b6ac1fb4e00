"""Pieces shared by the resident form and the action dialogs.

Dates are typed in the program's date style or chosen on a calendar
(:class:`ui.date_field.DateField`); a broken rule is shown right under its
field, in the core's words (the form never checks a rule itself), and so is
a date field's text that isn't a date.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation
from soberhouse.houses import list_houses, tiers_of
from ui.colours import error_colour, mixed

if TYPE_CHECKING:
    from ui.date_field import DateField


def short_date(day: dt.date | None) -> str:
    """A date as every screen and report writes it ("19 Oct 2026", "Oct 19,
    2026" or "2026-10-19": the style chosen in Settings, or the computer's;
    see :mod:`soberhouse.date_style`); "" for no date."""
    if day is None:
        return ""
    return written_date(day)


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
    does not show go to the ``general`` label.  A date field's text that
    isn't a date is named under it as soon as the field is left, and
    :meth:`check_typing` (called before the save) refuses it.
    """

    def __init__(self, general: QLabel) -> None:
        self._general = general
        self._fields: dict[str, QWidget] = {}
        self._messages: dict[str, QLabel] = {}
        self._typing_shown: set[str] = set()  # rows showing a date field's own message
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
        for date_field in _date_fields_in(field):
            date_field.label = date_field.label or label
            date_field.typing_checked.connect(
                lambda text, row=name: self._typing_checked(row, text))

    def typing_problems(self) -> list[Problem]:
        """Date fields holding text that isn't a date (or empty and required)."""
        return [Problem(name, text) for name, field in self._fields.items()
                for date_field in _date_fields_in(field) if (text := date_field.problem())]

    def check_typing(self) -> bool:
        """Before a save: False, with each message under its field, while a
        date field can't be read (nothing may be saved then)."""
        problems = self.typing_problems()
        if not problems:
            return True
        self.show(RuleViolation(problems))
        self._typing_shown.update(problem.field for problem in problems)
        return False

    def message(self, name: str) -> str:
        """The message shown under ``name`` ("" when none; "" names the general
        line above the fields), for tests and screen readers."""
        label = self._general if name == "" else self._messages[name]
        return label.text() if not label.isHidden() else ""

    def clear(self) -> None:
        self._typing_shown.clear()
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

    def _typing_checked(self, name: str, text: str) -> None:
        """A date field was left: name its text under it, or take back what
        was said about its text once it is a date."""
        label, field = self._messages[name], self._fields[name]
        if text:
            label.setText(text)
            label.show()
            field.setAccessibleDescription(text)
            for date_field in _date_fields_in(field):
                if date_field.typing_problem():
                    self._highlight(date_field)
            self._typing_shown.add(name)
            self._make_room()
        elif name in self._typing_shown:
            self._typing_shown.discard(name)
            label.clear()
            label.hide()
            field.setAccessibleDescription("")
            for date_field in _date_fields_in(field):
                date_field.setPalette(QPalette())

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


def _date_fields_in(field: QWidget) -> list[DateField]:
    """``field`` if it is a date field, else the date fields inside it.  (No
    date field exists before its module is loaded: the sign-in form, shown
    before anything else, does not load it.)"""
    module = sys.modules.get("ui.date_field")
    if module is None:
        return []
    DateField = module.DateField  # noqa: N806 - the class
    if isinstance(field, DateField):
        return [field]
    return field.findChildren(DateField)
