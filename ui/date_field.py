"""The one date field of the program: typed in the program's date style, or
chosen on a calendar, and finished from the keyboard (and its time field,
which Tab leaves too).

- Empty until filled: the grey hint says how to type ("dd/mm/yyyy").  It
  reads what :func:`soberhouse.date_style.parse_typed_date` reads (the
  style's numeric order, ISO, "19 Oct 2026") and, once left, shows the date
  in the style.
- A calendar opens with Alt+Down or F4 (Space too, while the field is
  empty), or the button inside the field, on the typed date's month (else
  the field's ``page_hint``, else this month); Enter or a click fills the
  field and puts the cursor back in it, Esc closes it.
- It is one line edit: Tab always leaves it.  Up and Down move the date by a
  day.
- Text that isn't a date (or nothing, in a ``required`` field) is a
  :meth:`DateField.problem` naming the field: the form shows it under the
  field when the field is left and refuses to save while it stands
  (:class:`ui.form_fields.FieldErrors` does both).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QHideEvent, QKeyEvent, QShowEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.date_style import TypedDateProblem, current_style, parse_typed_date, typed_date
from ui.resources import icon

EARLIEST_DATE = dt.date(1900, 1, 1)
WIDEST_DATE = dt.date(2026, 12, 28)  # the widest digits, for the field's width


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DateField(QLineEdit):
    """``value()`` is the date (None while empty or not a date); ``set_value(day)``.

    ``label`` names the field in messages (set by ``FieldErrors.add_row``);
    ``required``: empty is a problem (for a date the core would otherwise
    take as today); ``page_hint``: where the calendar opens while the field
    is empty (a date of birth around 30 years ago, say).
    """

    value_changed = Signal(object)
    """The date held changed (a ``dt.date`` or None): sent when the field is
    left or Enter is pressed, a day is chosen on the calendar, or
    :meth:`set_value` is called; never halfway through typing."""

    typing_checked = Signal(str)
    """The field was left (or Enter pressed): what is wrong with its text, ""
    when nothing (emptiness in a required field waits for the save)."""

    def __init__(self, value: dt.date | None = None, *, required: bool = False,
                 page_hint: dt.date | None = None, label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = required
        self.page_hint = page_hint
        self.label = label
        self._held: dt.date | None = None  # the date last announced by value_changed
        self._popup: CalendarPopup | None = None
        self._style = current_style()
        self.setPlaceholderText(self._style.typing_hint)
        self.setToolTip(f"Type the date ({self._style.typing_hint}), or choose it on the "
                        f"calendar (Alt+Down or F4)")
        self.calendar_action = self.addAction(icon("calendar"),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setText("Choose on a calendar")
        self.calendar_action.setToolTip("Choose on a calendar (Alt+Down or F4)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self.finish_typing)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_value(value)

    # ------------------------------------------------------------ value

    def value(self) -> dt.date | None:
        """The date in the field; None while it is empty or its text isn't a date."""
        try:
            return self._parsed()
        except TypedDateProblem:
            return None

    def set_value(self, value: dt.date | None) -> None:
        self.setText(typed_date(value) if value is not None else "")
        self._announce()

    def is_empty(self) -> bool:
        return not self.text().strip()

    def problem(self) -> str:
        """Why the field can't be saved as it is ("" when it can)."""
        if self.is_empty():
            return f"{self.name()}: type a date." if self.required else ""
        return self.typing_problem()

    def typing_problem(self) -> str:
        """What is wrong with the typed text ("" when empty or a date)."""
        text = " ".join(self.text().split())
        try:
            self._parsed()
        except TypedDateProblem as problem:
            reason = str(problem)
            if f"“{text}”" in reason:
                return f"{self.name()}: {reason}"
            return f"{self.name()}: “{text}” — {reason}"
        return ""

    def name(self) -> str:
        return self.label or self.accessibleName() or "Date"

    def finish_typing(self) -> None:
        """The field was left: show the date in the style, announce it, say what's wrong."""
        day = self.value()
        if day is not None and self.text() != typed_date(day):
            self.setText(typed_date(day))
        self._announce()
        self.typing_checked.emit(self.typing_problem())

    # ------------------------------------------------------------ calendar

    def open_calendar(self) -> None:
        if not self.isEnabled() or self.isReadOnly():
            return
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.chosen.connect(self._chosen)
        day = self.value()
        self._popup.open_on(day or self.page_hint or clock.today(), day)

    @property
    def calendar(self) -> QCalendarWidget | None:
        """The calendar, once opened (for tests)."""
        return self._popup.calendar if self._popup is not None else None

    def calendar_is_open(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def _chosen(self, day: dt.date) -> None:
        self.set_value(day)
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.typing_checked.emit("")

    # ------------------------------------------------------------ Qt overrides

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        alt = modifiers == Qt.KeyboardModifier.AltModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if ((key == Qt.Key.Key_F4 and plain)
                or (key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and alt)
                or (key == Qt.Key.Key_Space and plain and self.is_empty())):
            self.open_calendar()
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:
            day = self.value()
            if day is not None:
                step = dt.timedelta(days=1 if key == Qt.Key.Key_Up else -1)
                self.set_value(day + step)
                self.typing_checked.emit("")
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._style is not current_style():  # the style changed in Settings meanwhile
            day = self.value()
            self._style = current_style()
            self.setPlaceholderText(self._style.typing_hint)
            if day is not None:
                self.setText(typed_date(day))
        super().showEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Room for a date and the calendar button, not for a sentence."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        sample = max(typed_date(WIDEST_DATE), self.placeholderText(),
                     key=metrics.horizontalAdvance)
        width = (hint.width() - metrics.horizontalAdvance("x") * 17
                 + metrics.horizontalAdvance(sample) + metrics.averageCharWidth() * 3)
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    # ------------------------------------------------------------ helpers

    def _parsed(self) -> dt.date | None:
        text = self.text()
        if not text.strip():
            return None
        return parse_typed_date(text)

    def _announce(self) -> None:
        day = self.value()
        if day is None and not self.is_empty():
            return  # text that isn't a date: the last date stands until it is one
        if day != self._held:
            self._held = day
            self.value_changed.emit(day)


class TimeField(QTimeEdit):
    """A time of day (hours, then minutes: typing "1930" fills both, Left and
    Right move between them); like the date field, Tab always leaves it."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Reached by Tab or Shift+Tab: ready to type from the hours."""
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.setSelectedSection(self.sectionAt(0))


class CalendarPopup(QFrame):
    """A month calendar under its field: arrows move, Page Up/Down change the
    month, Enter or a click chooses, Esc closes."""

    chosen = Signal(object)

    def __init__(self, field: DateField) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.field = field
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Raised)
        self.calendar = QCalendarWidget()
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(to_qdate(EARLIEST_DATE))
        self.calendar.activated.connect(self._choose)  # Enter, double-click
        self.calendar.clicked.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def open_on(self, page: dt.date, selected: dt.date | None) -> None:
        self.setAccessibleName(f"Calendar for {self.field.name()}")
        self.calendar.setSelectedDate(to_qdate(selected or page))
        self.calendar.setCurrentPage(page.year, page.month)
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget yesterday's today
        today = QTextCharFormat()
        today.setFontWeight(QFont.Weight.Bold)
        today.setFontUnderline(True)
        self.calendar.setDateTextFormat(to_qdate(clock.today()), today)
        self.adjustSize()
        self.move(self._place())
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _place(self) -> QPoint:
        """Under the field, or above it when the screen ends below."""
        field = self.field
        below = field.mapToGlobal(QPoint(0, field.height()))
        screen = field.screen().availableGeometry()
        size = self.sizeHint()
        x = max(screen.left(), min(below.x(), screen.right() - size.width()))
        y = below.y()
        if y + size.height() > screen.bottom():
            y = max(screen.top(), field.mapToGlobal(QPoint(0, 0)).y() - size.height())
        return QPoint(x, y)

    def _choose(self, day: QDate) -> None:
        self.hide()
        self.chosen.emit(from_qdate(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F4) or (
                event.key() == Qt.Key.Key_Up
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if self.field.isVisible():
            self.field.setFocus(Qt.FocusReason.PopupFocusReason)
