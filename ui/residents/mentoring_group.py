"""The "Mentoring" part of the resident detail pane: mentors, mentees, open
goals, and the buttons for the profile and goal dialogs.

The mentoring modules load on the first resident shown, not when the
Residents section starts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.permissions import Right
from ui.colours import Level, level_colour
from ui.form_fields import short_date
from ui.permission_state import allow
from ui.resources import icon

if TYPE_CHECKING:
    from soberhouse.mentoring.assignments import AssignmentView
    from soberhouse.mentoring.goals import GoalView
    from soberhouse.mentoring.resident_summary import ResidentMentoring


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def contact_text(view: AssignmentView) -> tuple[str, Level | None]:
    """How long since the last check-in, and whether that is overdue."""
    days = view.days_since_contact or 0
    if view.last_check_in is None:
        text = f"no check-in yet ({days_text(days)} since the start)"
    elif days == 0:
        text = "checked in today"
    else:
        text = f"last check-in {days_text(days)} ago"
    if view.overdue:
        return f"Overdue: {text}", Level.BAD
    return text, None


def mentor_line(view: AssignmentView) -> tuple[str, Level | None]:
    contact, level = contact_text(view)
    return (f"{view.mentor_name} ({view.role.label.lower()}, {view.mentor_kind.label.lower()})"
            f", since {short_date(view.started_on)}\n{contact[:1].upper()}{contact[1:]}", level)


def mentee_line(view: AssignmentView) -> tuple[str, Level | None]:
    contact, level = contact_text(view)
    return (f"{view.mentee_name}, since {short_date(view.started_on)}\n"
            f"{contact[:1].upper()}{contact[1:]}", level)


def goal_line(goal: GoalView, today: dt.date) -> tuple[str, Level | None]:
    if goal.target_date < today:
        return (f"{goal.what}\nOpen, past its target date {short_date(goal.target_date)}",
                Level.DUE)
    return f"{goal.what}\nOpen, target {short_date(goal.target_date)}", None


class MentoringGroup(QGroupBox):
    """Reads one resident's mentoring in a few queries when a resident is shown."""

    changed = Signal(str)  # what was saved, for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mentoring", parent)
        self.setAccessibleName("Mentoring")
        self._resident_id: int | None = None
        self._active = False
        self.summary: ResidentMentoring | None = None

        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.mentors_box = self._lines_box()
        self.mentees_box = self._lines_box()
        self.goals_box = self._lines_box()
        self._form.addRow("Mentor:", self.mentors_box)
        self._form.addRow("Mentees:", self.mentees_box)
        self._form.addRow("Open goals:", self.goals_box)

        self.profile_button = QPushButton(icon("profile"), "Matching profile...")
        self.new_goal_button = QPushButton(icon("add"), "New goal...")
        self.goals_button = QPushButton(icon("goal"), "Goals...")
        self.history_button = QPushButton(icon("mentoring"), "History...")
        self.profile_button.setToolTip("Gender, fellowship, languages and focus areas used "
                                       "to suggest mentors")
        self.new_goal_button.setToolTip("Set a SMART goal for this resident")
        self.goals_button.setToolTip("Every goal of this resident: edit, mark met or missed")
        self.history_button.setToolTip("Every mentor this resident has had and every mentee "
                                       "they mentored, current and ended")
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for number, button in enumerate((self.new_goal_button, self.goals_button,
                                          self.profile_button, self.history_button)):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, number // 2, number % 2)
        self.profile_button.clicked.connect(self.edit_profile)
        self.new_goal_button.clicked.connect(self.new_goal)
        self.goals_button.clicked.connect(self.show_goals)
        self.history_button.clicked.connect(self.show_history)

        column = QVBoxLayout(self)
        column.addLayout(self._form)
        column.addLayout(buttons)

    # ------------------------------------------------------------ public

    def show_resident(self, resident_id: int | None, *, active: bool = True) -> None:
        self._resident_id = resident_id
        self._active = active
        if resident_id is None:
            self.summary = None
            return
        from soberhouse.errors import NotAllowed
        from soberhouse.mentoring.resident_summary import resident_mentoring

        try:
            self.summary = resident_mentoring(resident_id)
        except NotAllowed as refusal:  # no longer theirs (a peer coach's mentee reassigned)
            self.summary = None
            self._show_refusal(str(refusal))
            return
        self._fill(self.summary)

    def _show_refusal(self, reason: str) -> None:
        """Nothing of the resident's mentoring, only why; every button off."""
        self._set_lines(self.mentors_box, [(reason, None)])
        self._set_lines(self.mentees_box, [])
        self._form.setRowVisible(self.mentees_box, False)
        self._set_lines(self.goals_box, [])
        for button in (self.new_goal_button, self.goals_button, self.profile_button,
                       self.history_button):
            allow(button, Right.VIEW, resident_id=self._resident_id)

    def lines(self, which: str) -> list[str]:
        """The lines shown under "mentors", "mentees" or "goals" (for tests)."""
        box = {"mentors": self.mentors_box, "mentees": self.mentees_box,
               "goals": self.goals_box}[which]
        if not self._form.isRowVisible(box):
            return []
        layout = box.layout()
        return [layout.itemAt(i).widget().text() for i in range(layout.count())]

    # ------------------------------------------------------------ dialogs

    def edit_profile(self) -> None:
        if self._resident_id is None:
            return
        from ui.mentoring.profile_dialog import MatchingProfileDialog

        if MatchingProfileDialog.ask(self, self._resident_id):
            self._after_change("Matching profile saved")

    def new_goal(self) -> None:
        if self._resident_id is None:
            return
        from ui.mentoring.goal_dialogs import GoalDialog

        if GoalDialog.ask(self, self._resident_id) is not None:
            self._after_change("Goal set")

    def show_goals(self) -> None:
        if self._resident_id is None:
            return
        from ui.mentoring.goal_dialogs import GoalsDialog

        if GoalsDialog.ask(self, self._resident_id):
            self._after_change("Goals saved")

    def show_history(self) -> None:
        if self._resident_id is None:
            return
        from ui.mentoring.history_dialog import MentoringHistoryDialog

        MentoringHistoryDialog.ask(self, resident_id=self._resident_id)

    # ------------------------------------------------------------ helpers

    def _after_change(self, message: str) -> None:
        self.show_resident(self._resident_id, active=self._active)
        self.changed.emit(message)

    @staticmethod
    def _lines_box() -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        return box

    def _set_lines(self, box: QWidget, lines: list[tuple[str, Level | None]]) -> None:
        layout = box.layout()
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        for text, level in lines:
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if level is not None:
                palette = label.palette()
                palette.setColor(QPalette.ColorRole.WindowText, level_colour(level))
                label.setPalette(palette)
            layout.addWidget(label)

    def _fill(self, summary: ResidentMentoring) -> None:
        today = clock.today()
        if summary.mentors:
            mentors = [mentor_line(view) for view in summary.mentors]
        elif self._active:
            mentors = [("No mentor yet: pair one in the Mentoring section.", Level.DUE)]
        else:
            mentors = [("None now.", None)]
        self._set_lines(self.mentors_box, mentors)

        mentees = [mentee_line(view) for view in summary.mentees]
        record = summary.mentor_record
        if record is not None:
            count = sum(1 for view in summary.mentees if view.mentor_id == record.id)
            places = f"{count} of {record.cap} places taken"
            mentees.insert(0, (f"Mentors as {record.role_label.lower() or 'mentor'} since "
                               f"{short_date(record.since)}; {places}.", None))
        self._set_lines(self.mentees_box, mentees)
        self._form.setRowVisible(self.mentees_box, bool(mentees))

        goals = [goal_line(goal, today) for goal in summary.open_goals]
        self._set_lines(self.goals_box, goals or [("None open.", None)])
        # What the signed-in person's role can't change is off, saying why (a
        # peer coach sets goals for their own mentees only).
        allow(self.new_goal_button, Right.RECORD_CHECK_INS, resident_id=self._resident_id,
              when=self._active, tip="Set a SMART goal for this resident" if self._active
              else "Only residents living in the house get new goals")
        allow(self.profile_button, Right.CHANGE_RECORDS, resident_id=self._resident_id)
