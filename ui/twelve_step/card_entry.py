"""A week of signed attendance cards in one go: one line per resident.

The manager types the days on each card ("Mon Wed Fri", or the digits
"135"), Enter goes to the next resident; the fellowship starts on the
resident's last one (else AA), "signed" is ticked.  Each line shows the
count against the week's quota as it is typed.  Save hands every meeting to
:func:`log_outside_meetings` at once: one transaction, so a wrong line saves
nothing, and the wrong line is named and highlighted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.date_style import written_date
from soberhouse.errors import Problem, RuleViolation, StorageProblem
from soberhouse.houses import list_houses
from soberhouse.models.twelve_step import Fellowship
from soberhouse.residents import resident_rows
from soberhouse.text_matching import folded
from soberhouse.twelve_step.outside_meetings import (
    BatchRuleViolation,
    OutsideMeetingDetails,
    last_fellowships,
    log_outside_meetings,
)
from soberhouse.twelve_step.quota import WeekCompliance, weekly_compliance
from ui.colours import Level, error_colour, level_colour, mixed
from ui.form_fields import short_date
from ui.mentoring.marks import plural
from ui.residents.detail_pane import ElidedLabel
from ui.resources import icon

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SINGLE_LETTERS = {"m": 0, "w": 2, "f": 4}  # the unambiguous one-letter days
LAST_FELLOWSHIP_DAYS = 180
HOW_TO = (
    "Type the days on each signed card: <b>Mon Wed Fri</b>, or digits "
    "<b>1</b>&nbsp;=&nbsp;Monday&nbsp;\u2026&nbsp;<b>7</b>&nbsp;=&nbsp;Sunday "
    "(<b>135</b> is Mon, Wed, Fri; <b>11</b> is two meetings on Monday). "
    "<b>Enter</b> goes to the next resident; <b>Tab</b> reaches the fellowship, meeting name "
    "and who signed. <b>Ctrl+S</b> or Save writes every card at once; a wrong line saves "
    "nothing and is marked.")


def parse_days(text: str) -> list[int]:
    """The weekdays typed (0 = Monday), one per meeting, in the order typed.

    Words are day names or their beginnings ("mo", "tue", "thurs"; "m", "w",
    "f" alone); digits 1-7 are Monday-Sunday and may run together ("135").
    Raises ValueError with a message naming what was not understood.
    """
    days: list[int] = []
    for token in re.split(r"[\s,;/+]+", text.strip().lower()):
        if not token:
            continue
        if token.isdigit():
            for digit in token:
                if not "1" <= digit <= "7":
                    raise ValueError(f"\u201c{digit}\u201d isn't a day (1-7)")
                days.append(int(digit) - 1)
            continue
        token = token.rstrip(".")
        if token in SINGLE_LETTERS:
            days.append(SINGLE_LETTERS[token])
            continue
        matches = [number for number, name in enumerate(DAY_NAMES)
                   if len(token) >= 2 and name.startswith(token)]
        if len(matches) != 1:
            raise ValueError(f"\u201c{token}\u201d isn't a day")
        days.append(matches[0])
    return days


def day_in_week(week_start: dt.date, weekday: int) -> dt.date:
    """The date of ``weekday`` (0 = Monday) in the week starting ``week_start``."""
    return week_start + dt.timedelta(days=(weekday - week_start.weekday()) % 7)


@dataclass(frozen=True)
class CardResident:
    resident_id: int
    name: str
    house_name: str
    week: WeekCompliance
    fellowship: Fellowship


def card_residents(house_id: int | None, day: dt.date) -> list[CardResident]:
    """Everyone who lived in the house (or any house) in the week containing
    ``day``, by name, with that week's figures and their usual fellowship."""
    compliance = weekly_compliance(house_id, day, day)
    if not compliance:
        return []
    names = {row.id: row.display_name for row in resident_rows()}
    houses = {house.id: house.name for house in list_houses()}
    week_end = max(weeks[-1].week_end for weeks in compliance.values())
    fellowships = last_fellowships(compliance, week_end - dt.timedelta(days=LAST_FELLOWSHIP_DAYS),
                                   week_end)
    residents = []
    for resident_id, weeks in compliance.items():
        week = weeks[-1]
        residents.append(CardResident(
            resident_id, names.get(resident_id, f"Resident {resident_id}"),
            houses.get(week.house_id or 0, ""), week,
            _fellowship(fellowships.get(resident_id, ""))))
    return sorted(residents, key=lambda r: (folded(r.name), r.resident_id))


def _fellowship(value: str) -> Fellowship:
    """The usual fellowship (AA when none is known)."""
    try:
        return Fellowship(value)
    except ValueError:
        return Fellowship.AA


class CardLine:
    """The widgets of one resident's card, in one row of the grid."""

    def __init__(self, resident: CardResident) -> None:
        self.resident = resident
        week = resident.week
        self.name = ElidedLabel()
        self.name.set_full_text(resident.name)
        self.name.setMinimumWidth(self.name.fontMetrics().averageCharWidth() * 22)
        self.days = QLineEdit()
        self.days.setPlaceholderText("e.g. Mon Wed Fri or 135")
        self.days.setAccessibleName(f"Days attended by {resident.name}")
        self.days.setToolTip("The days on the signed card: Mon Tue Wed\u2026 or digits "
                             "1 (Monday) to 7 (Sunday); repeat a day for two meetings")
        self.fellowship = QComboBox()
        for fellowship in Fellowship:
            self.fellowship.addItem(fellowship.label, fellowship.value)
        self.fellowship.setCurrentIndex(self.fellowship.findData(resident.fellowship.value))
        self.fellowship.setAccessibleName(f"Fellowship of {resident.name}'s meetings")
        self.fellowship.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.fellowship.setMinimumContentsLength(8)
        self.meeting_name = QLineEdit()
        self.meeting_name.setPlaceholderText("optional")
        self.meeting_name.setAccessibleName(f"Meeting name for {resident.name}")
        self.signed = QCheckBox("Signed")
        self.signed.setChecked(True)
        self.signed.setToolTip("Verified: the card is signed")
        self.signed.setAccessibleName(f"{resident.name}'s card is signed")
        self.signed_by = QLineEdit()
        self.signed_by.setPlaceholderText("who signed")
        self.signed_by.setAccessibleName(f"Who signed {resident.name}'s card")
        self.signed.toggled.connect(self.signed_by.setEnabled)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setMinimumWidth(self.count.fontMetrics().averageCharWidth() * 24)
        self.error = ""
        self.days.textChanged.connect(self.update_count)
        self.week_text = (f"{short_date(week.week_start)} \u2013 {short_date(week.week_end)}")
        self.update_count()

    def widgets(self) -> list[QWidget]:
        return [self.name, self.days, self.fellowship, self.meeting_name, self.signed,
                self.signed_by, self.count]

    def inputs(self) -> list[QWidget]:
        return [self.days, self.fellowship, self.meeting_name, self.signed, self.signed_by]

    def typed_days(self) -> list[int]:
        """The weekdays typed; ValueError when something is not a day."""
        return parse_days(self.days.text())

    def entries(self) -> list[OutsideMeetingDetails]:
        week_start = self.resident.week.week_start
        signed = self.signed.isChecked()
        return [OutsideMeetingDetails(
            self.resident.resident_id, day_in_week(week_start, weekday),
            Fellowship(self.fellowship.currentData()), self.meeting_name.text().strip(),
            verified=signed, verified_by=self.signed_by.text().strip() if signed else "")
            for weekday in self.typed_days()]

    def is_dirty(self) -> bool:
        return bool(self.days.text().strip() or self.meeting_name.text().strip()
                    or self.signed_by.text().strip())

    def update_count(self) -> None:
        """The running count against the quota: "2 + 3 = 5 of 5 · Met"."""
        self.clear_error()
        week = self.resident.week
        try:
            typed = len(self.typed_days())
        except ValueError as problem:
            self._show_count(str(problem), Level.BAD)
            return
        total = week.attended + typed
        figures = (f"{week.attended} + {typed} = {total} of {week.required}" if typed
                   else f"{total} of {week.required}")
        if total >= week.required:
            self._show_count(f"{figures} \u00b7 Met", Level.GOOD)
        else:
            self._show_count(f"{figures} \u00b7 {week.required - total} to go", Level.DUE)
        tip = [f"Already logged this week: {week.attended}",
               f"Typed here: {typed}",
               f"Required: {week.required} ({week.tier_name or 'no tier'}, quota "
               f"{week.quota} a week)"]
        if week.partial:
            tip.append(f"Partial week: lived there {week.days_lived} of 7 days, pro-rated")
        self.count.setToolTip("\n".join(tip))

    def show_error(self, field: str, message: str) -> None:
        self.error = message
        widget: QWidget = {"fellowship": self.fellowship, "meeting_name": self.meeting_name,
                           "verified_by": self.signed_by}.get(field, self.days)
        palette = widget.palette()
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            palette.setColor(role, mixed(palette.color(role), error_colour(), 0.25))
        widget.setPalette(palette)
        widget.setAccessibleDescription(message)
        self.name.setAccessibleDescription(message)
        self._show_count(message if field == "typing" else "Not saved: see below",
                         Level.BAD, error=True)
        self.count.setToolTip(message)

    def clear_error(self) -> None:
        if not self.error:
            return
        self.error = ""
        for widget in self.inputs():
            widget.setPalette(QPalette())
            widget.setAccessibleDescription("")
        self.name.setAccessibleDescription("")

    def _show_count(self, text: str, level: Level, *, error: bool = False) -> None:
        self.count.setText(text)
        palette = self.count.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         error_colour() if error else level_colour(level))
        self.count.setPalette(palette)
        self.count.setAccessibleName(text)


class CardEntryDialog(QDialog):
    """Enter the week's signed cards; :meth:`ask` returns what was saved, in words."""

    def __init__(self, house_id: int | None, day: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Enter the Week's Signed Cards")
        self._house_id = house_id
        self._day = day or clock.today()
        self.lines: list[CardLine] = []
        self.saved_count = 0
        self.status_text = ""

        how_to = QLabel(HOW_TO)
        how_to.setWordWrap(True)
        how_to.setTextFormat(Qt.TextFormat.RichText)

        self.previous_button = QPushButton("\u2039 &Previous week")
        self.next_button = QPushButton("Ne&xt week \u203a")
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.move_week(-1))
        self.next_button.clicked.connect(lambda: self.move_week(1))
        self.week_label = QLabel()
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        week_bar = QHBoxLayout()
        week_bar.addWidget(self.previous_button)
        week_bar.addWidget(self.week_label, 1, Qt.AlignmentFlag.AlignCenter)
        week_bar.addWidget(self.next_button)

        self.grid_area = QScrollArea()
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setFrameShape(QScrollArea.Shape.NoFrame)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.message.setPalette(palette)
        self.message.hide()
        self.total_label = QLabel()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText("&Save All Cards")
        self.save_button.setIcon(icon("cards"))
        self.save_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total_label, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(how_to)
        layout.addLayout(week_bar)
        layout.addWidget(self.grid_area, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 150, metrics.height() * 30)
        self.load()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # ------------------------------------------------------------ building

    def load(self) -> None:
        """The lines for the week containing the chosen day."""
        residents = card_residents(self._house_id, self._day)
        several_houses = len({r.house_name for r in residents}) > 1
        if several_houses:
            residents.sort(key=lambda r: (folded(r.house_name), folded(r.name)))
        self.lines = [CardLine(resident) for resident in residents]
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 2)
        grid.setColumnStretch(6, 2)
        for column, heading in enumerate(("Resident", "Days attended", "Fellowship",
                                          "Meeting name", "Verified", "Signed by",
                                          "This week")):
            label = QLabel(heading)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            grid.addWidget(label, 0, column)
        row = 1
        house = ""
        for line in self.lines:
            if several_houses and line.resident.house_name != house:
                house = line.resident.house_name
                heading = QLabel(house)
                font = heading.font()
                font.setItalic(True)
                heading.setFont(font)
                grid.addWidget(heading, row, 0, 1, 7)
                row += 1
            for column, widget in enumerate(line.widgets()):
                grid.addWidget(widget, row, column)
            line.days.textChanged.connect(self._update_total)
            row += 1
        if not self.lines:
            empty = QLabel("Nobody lived in the house that week: nothing to enter.")
            empty.setEnabled(False)
            grid.addWidget(empty, row, 0, 1, 7)
            row += 1
        grid.setRowStretch(row, 1)
        self.grid_area.setWidget(grid_widget)
        # Row by row: Tab goes along a card, then to the next card.
        previous: QWidget | None = None
        for line in self.lines:
            for widget in line.inputs():
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.save_button)
        self._update_week_label()
        self._clear_messages()
        self._update_total()
        if self.lines:
            self.lines[0].days.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_week_label(self) -> None:
        today = clock.today()
        weeks = {(line.resident.week.week_start, line.resident.week.week_end)
                 for line in self.lines}
        if len(weeks) == 1:
            start, end = next(iter(weeks))
            text = f"Week of {short_date(start)} \u2013 {short_date(end)}"
            if start <= today <= end:
                text += " (in progress)"
            self.next_button.setEnabled(end < today)
        else:  # no one, or houses whose weeks start on different days
            text = f"The week containing {short_date(self._day)}"
            self.next_button.setEnabled(self._day + dt.timedelta(days=7) <= today)
        self.week_label.setText(text)

    def move_week(self, weeks: int) -> None:
        if self.is_dirty() and not self._confirm_discard():
            return
        self._day = min(self._day + dt.timedelta(days=7 * weeks), clock.today())
        self.load()

    def week_day(self) -> dt.date:
        return self._day

    # ------------------------------------------------------------ saving

    def line_of(self, resident_id: int) -> CardLine | None:
        for line in self.lines:
            if line.resident.resident_id == resident_id:
                return line
        return None

    def save(self) -> bool:
        """Every card in one core call; nothing is saved if a line is wrong."""
        self._clear_messages()
        entries: list[OutsideMeetingDetails] = []
        owners: list[CardLine] = []
        unreadable: list[CardLine] = []
        for line in self.lines:
            try:
                line_entries = line.entries()
            except ValueError as problem:
                line.show_error("typing", str(problem))
                unreadable.append(line)
                continue
            entries.extend(line_entries)
            owners.extend([line] * len(line_entries))
        if unreadable:
            self._show_messages([f"{line.resident.name}: {line.error}" for line in unreadable],
                                unreadable[0])
            return False
        if not entries:
            self._show_messages(["Type the days on at least one card before saving."],
                                self.lines[0] if self.lines else None)
            return False
        try:
            count = log_outside_meetings(entries)
        except RuleViolation as violation:
            self._show_violation(violation, entries, owners)
            return False
        residents = len({id(line) for line in owners})
        self.saved_count = count
        self.status_text = (f"Saved {plural(count, 'outside meeting')} for "
                            f"{plural(residents, 'resident')} "
                            f"({self.week_label.text().removeprefix('Week of ')})")
        for line in self.lines:
            line.days.clear()
        super().accept()
        return True

    def _show_violation(self, violation: RuleViolation, entries: list[OutsideMeetingDetails],
                        owners: list[CardLine]) -> None:
        by_line: dict[int, list[Problem]] = (
            violation.by_line if isinstance(violation, BatchRuleViolation) else {})
        messages: list[str] = []
        first: CardLine | None = None
        for index, problems in sorted(by_line.items()):
            line, entry = owners[index], entries[index]
            when = entry.attended_on
            day = f"{SHORT_DAYS[when.weekday()]} {short_date(when)}" if when else "no date"
            for problem in problems:
                text = f"{line.resident.name}, {day}: {problem.message}"
                if not line.error:
                    line.show_error(problem.field, text)
                messages.append(text)
            first = first or line
        if not by_line:
            messages = [problem.message for problem in violation.problems]
        # A storage problem says in its own words that nothing was saved.
        prefix = "" if isinstance(violation, StorageProblem) else "Nothing was saved. "
        self._show_messages([prefix + messages[0], *messages[1:]], first)

    def _show_messages(self, messages: list[str], line: CardLine | None) -> None:
        self.message.setText("\n".join(messages))
        self.message.show()
        if line is not None:
            line.days.setFocus(Qt.FocusReason.OtherFocusReason)
            self.grid_area.ensureWidgetVisible(line.days)

    def _clear_messages(self) -> None:
        self.message.clear()
        self.message.hide()
        for line in self.lines:
            line.clear_error()

    def _update_total(self) -> None:
        typed = 0
        for line in self.lines:
            try:
                typed += len(line.typed_days())
            except ValueError:
                pass
        cards = sum(1 for line in self.lines if line.days.text().strip())
        self.total_label.setText(
            f"{plural(typed, 'meeting')} on {plural(cards, 'card')} to save" if typed
            else f"{plural(len(self.lines), 'resident')} this week")

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    # ------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter: the next resident's card (from the last one, the Save button;
        on the Save button, save)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus is self.save_button:
                self.save()
                return
            for number, line in enumerate(self.lines):
                if focus in line.inputs():
                    if number + 1 < len(self.lines):
                        following = self.lines[number + 1].days
                        following.setFocus(Qt.FocusReason.TabFocusReason)
                        following.selectAll()
                        self.grid_area.ensureWidgetVisible(following)
                    else:
                        self.save_button.setFocus(Qt.FocusReason.TabFocusReason)
                    return
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ closing

    def is_dirty(self) -> bool:
        return any(line.is_dirty() for line in self.lines)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Discard the cards?", "Leave without saving the cards you typed?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.isVisible() and self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    # The window asks about the open cards before it locks, say
    # (ui.unsaved_work.UnsavedWork).

    def unsaved_description(self) -> str | None:
        if not self.is_dirty():
            return None
        weeks = sorted({(line.resident.week.week_start, line.resident.week.week_end)
                        for line in self.lines})
        week = (f"the week of {written_date(weeks[0][0])} \u2013 {written_date(weeks[0][1])}"
                if len(weeks) == 1 else f"the week of {written_date(self._day)}")
        meetings = 0
        for line in self.lines:
            try:
                meetings += len(line.typed_days())
            except ValueError:
                pass
        cards = sum(1 for line in self.lines if line.is_dirty())
        return (f"The signed cards for {week} have {plural(meetings, 'meeting')} on "
                f"{plural(cards, 'card')} not saved.")

    def save_unsaved(self) -> bool:
        return self.save()

    def discard_unsaved(self) -> None:
        QDialog.reject(self)

    @classmethod
    def ask(cls, parent: QWidget | None, house_id: int | None,
            day: dt.date | None = None) -> str | None:
        """Open the dialog; what was saved (for the status bar), or None."""
        dialog = cls(house_id, day, parent)
        try:
            return dialog.status_text if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
