"""The quick check-in row at the top of an assignment: a check-in in a few
keystrokes.  Everything has a default (today, 30 minutes, in person); the
kinds of support are buttons with mnemonics (Alt+T, P, I, C); Enter saves,
clears the row and puts the cursor back in the minutes.

What is typed (or ticked in the goals list) and not saved yet is unsaved
work (:meth:`CheckInEntry.is_dirty`): the section asks about it before
another assignment is shown, and the window before it would go."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import Problem, RuleViolation
from soberhouse.mentoring.check_ins import LONGEST_CHECK_IN_MINUTES, log_check_in
from soberhouse.models.mentoring import CheckIn, CheckInMode, GoalStatus, SupportKind
from ui.colours import error_colour, mixed
from ui.date_field import DateField
from ui.resources import icon

DEFAULT_MINUTES = 30
SUPPORT_BUTTON_TEXT = {
    SupportKind.EMOTIONAL: "Emo&tional",
    SupportKind.PRACTICAL: "&Practical",
    SupportKind.INFORMATIONAL: "&Informational",
    SupportKind.CONNECTING: "&Connecting",
}


class CheckInEntry(QWidget):
    saved = Signal(object)
    """The :class:`soberhouse.models.CheckIn` just saved."""

    def __init__(self, reviewed_goals: Callable[[], Mapping[int, GoalStatus]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reviewed_goals = reviewed_goals
        self.assignment_id: int | None = None
        self.setAccessibleName("Quick check-in")

        self.held_on = DateField(required=True, label="Date")
        self.held_on.typing_checked.connect(self._date_checked)
        self._date_problem_shown = ""
        self.held_on.setToolTip("The day of the check-in (today unless you change it)")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, LONGEST_CHECK_IN_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.minutes.setToolTip("How long it lasted, in minutes")
        self.mode = QComboBox()
        for mode in CheckInMode:
            self.mode.addItem(mode.label, mode.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText("What you talked about (optional)")
        self.support: dict[SupportKind, QPushButton] = {}
        support_row = QHBoxLayout()
        support_row.setContentsMargins(0, 0, 0, 0)
        for kind, text in SUPPORT_BUTTON_TEXT.items():
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(f"{kind.label} support (Alt+{text[text.index('&') + 1]})")
            button.setAccessibleName(f"{kind.label} support")
            self.support[kind] = button
            support_row.addWidget(button)
        self.support_area = QWidget()
        self.support_area.setLayout(support_row)
        self.goals_summary = QLabel()
        self.goals_summary.setWordWrap(True)
        self.save_button = QPushButton(icon("check-in"), "Save check-in")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip("Save the check-in (Enter)")
        self.save_button.clicked.connect(self.save)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        palette = self.message_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.message_label.setPalette(palette)
        self.message_label.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)

        def label_for(text: str, field: QWidget) -> QLabel:
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
            return label

        when = QHBoxLayout()
        when.addWidget(self.held_on)
        when.addSpacing(8)
        when.addWidget(label_for("Min&utes:", self.minutes))
        when.addWidget(self.minutes)
        when.addSpacing(8)
        when.addWidget(label_for("M&ode:", self.mode))
        when.addWidget(self.mode)
        when.addStretch(1)
        support_row.addStretch(1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.save_button)
        grid.addWidget(label_for("&Date:", self.held_on), 0, 0)
        grid.addLayout(when, 0, 1)
        grid.addWidget(QLabel("Support:"), 1, 0)
        grid.addWidget(self.support_area, 1, 1)
        grid.addWidget(label_for("&Note:", self.note), 2, 0)
        grid.addLayout(note_row, 2, 1)
        grid.addWidget(self.goals_summary, 3, 1)
        grid.addWidget(self.message_label, 4, 0, 1, 2)

        self._fields: dict[str, QWidget] = {
            "held_on": self.held_on, "minutes": self.minutes, "mode": self.mode,
            "support_kinds": self.support_area, "note": self.note}
        self._messages: dict[str, str] = {}
        self._clean: tuple[object, ...] = ()
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setTabOrder(self.held_on, self.minutes)
        self.setTabOrder(self.minutes, self.mode)
        self.setTabOrder(self.mode, self.note)
        previous: QWidget = self.note
        for button in self.support.values():
            self.setTabOrder(previous, button)
            previous = button
        self.setTabOrder(previous, self.save_button)
        self.reset()
        self.set_assignment(None)

    # ------------------------------------------------------------ API

    def set_assignment(self, assignment_id: int | None) -> None:
        if assignment_id != self.assignment_id:
            self.reset()
        self.assignment_id = assignment_id
        self.setEnabled(assignment_id is not None)

    def reset(self) -> None:
        """Back to the defaults: today, 30 minutes, in person, nothing else."""
        self.held_on.set_value(clock.today())
        self.minutes.setValue(DEFAULT_MINUTES)
        self.mode.setCurrentIndex(self.mode.findData(CheckInMode.IN_PERSON.value))
        for button in self.support.values():
            button.setChecked(False)
        self.note.clear()
        self._clear_messages()
        self.update_goals_summary()
        self._clean = self._state()

    def is_dirty(self) -> bool:
        """Something typed, chosen or ticked (goals reviewed) and not saved."""
        return self.assignment_id is not None and (self._state() != self._clean
                                                   or bool(self._reviewed_goals()))

    def _state(self) -> tuple[object, ...]:
        day = self.held_on.value()
        return (day if day is not None else " ".join(self.held_on.text().split()),
                self.minutes.value(), self.mode.currentData(), self.note.text().strip(),
                tuple(button.isChecked() for button in self.support.values()))

    def update_goals_summary(self) -> None:
        count = len(self._reviewed_goals())
        self.goals_summary.setText(
            f"Goals reviewed: {count}" if count else
            "Goals reviewed: none (tick them in the goals list)")

    def focus_minutes(self) -> None:
        self.minutes.setFocus(Qt.FocusReason.OtherFocusReason)
        self.minutes.selectAll()

    def message(self, field: str) -> str:
        """The message shown for ``field`` ("" when none), for tests and screen readers."""
        return self._messages.get(field, "")

    def save(self) -> bool:
        """Log the check-in through the core; on success clear the row."""
        if self.assignment_id is None:
            return False
        if problem := self.held_on.problem():
            self._show(RuleViolation(Problem("held_on", problem)))
            return False
        kinds = [kind for kind, button in self.support.items() if button.isChecked()]
        try:
            check_in = log_check_in(
                self.assignment_id, self.held_on.value(), self.minutes.value(),
                self.mode.currentData(), kinds, self.note.text(), self._reviewed_goals())
        except RuleViolation as violation:
            self._show(violation)
            return False
        self.reset()
        self.saved.emit(check_in)
        self.focus_minutes()
        return True

    # ------------------------------------------------------------ helpers

    def _date_checked(self, problem: str) -> None:
        """The date was left: name text that isn't a date, or take that back."""
        if problem:
            self._show(RuleViolation(Problem("held_on", problem)))
        elif self._messages.get("held_on") == self._date_problem_shown:
            self._clear_messages()
        self._date_problem_shown = problem

    def _clear_messages(self) -> None:
        self._messages.clear()
        self.message_label.clear()
        self.message_label.hide()
        for field in self._fields.values():
            field.setPalette(QPalette())
            field.setAccessibleDescription("")

    def _show(self, violation: RuleViolation) -> None:
        self._clear_messages()
        first: QWidget | None = None
        for problem in violation.problems:
            self._messages[problem.field] = "\n".join(
                filter(None, (self._messages.get(problem.field), problem.message)))
            field = self._fields.get(problem.field)
            if field is not None:
                palette = field.palette()
                for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
                    palette.setColor(role, mixed(palette.color(role), error_colour(), 0.25))
                field.setPalette(palette)
                field.setAccessibleDescription(problem.message)
                first = first or field
        self.message_label.setText("\n".join(p.message for p in violation.problems))
        self.message_label.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


def saved_text(mentee: str, mentor: str, check_in: CheckIn) -> str:
    return f"Check-in saved: {mentee} with {mentor}, {check_in.minutes} min"

