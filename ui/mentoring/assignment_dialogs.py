"""Ending an assignment (a date, a reason, a note) and reassigning in one step
(the new mentor picked from the suggestions).  The core checks the rules and
keeps the history; a broken rule shows under its field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import Problem, RuleViolation
from soberhouse.mentoring.assignments import (
    AssignmentView,
    assignment_view,
    end_assignment,
    reassign,
)
from soberhouse.mentoring.suggestions import suggest_mentors
from soberhouse.models.mentoring import AssignmentEndReason
from ui.date_field import DateField
from ui.form_fields import short_date
from ui.mentoring.marks import plural
from ui.mentoring.suggestions_model import SuggestionsModel
from ui.record_dialog import RecordDialog
from ui.resources import icon
from ui.table_columns import allow_copy


class AssignmentDialog(RecordDialog):
    """Subclasses build their fields and make their one core call."""

    title = ""
    accept_text = ""
    icon_name = ""
    default_reason = AssignmentEndReason.COMPLETED
    date_label = "Ends on"

    def __init__(self, assignment_id: int, parent: QWidget | None = None,
                 reason: AssignmentEndReason | None = None) -> None:
        super().__init__(parent)
        self.view: AssignmentView = assignment_view(assignment_id)
        self.setWindowTitle(self.title.format(mentee=self.view.mentee_name,
                                              mentor=self.view.mentor_name))
        self.save_button.setText(self.accept_text)
        self.save_button.setIcon(icon(self.icon_name))
        self.set_introduction(
            f"{self.view.mentee_name} with {self.view.mentor_name} "
            f"({self.view.role.label.lower()}) since {short_date(self.view.started_on)}: "
            f"{plural(self.view.check_ins, 'check-in')}"
            + (f", the last on {short_date(self.view.last_check_in)}."
               if self.view.last_check_in else "."))
        self.build_fields()
        self.ended_on = DateField(clock.today(), required=True)
        self.reason = QComboBox()
        for choice in AssignmentEndReason:
            self.reason.addItem(choice.label, choice.value)
        self.reason.setCurrentIndex(self.reason.findData((reason or self.default_reason).value))
        self.note = QLineEdit()
        self.note.setPlaceholderText("Required when the reason is \u201cOther\u201d")
        self.add_field("ended_on", self.date_label, self.ended_on, required=True)
        self.add_field("reason", "Reason", self.reason, required=True)
        self.add_field("note", "Note", self.note)

    @classmethod
    def ask(cls, parent: QWidget | None, assignment_id: int,
            reason: AssignmentEndReason | None = None) -> str | None:
        """Open the dialog; what was done (for the status bar), or None if cancelled."""
        dialog = cls(assignment_id, parent, reason)
        return dialog.status_text if dialog.run() else None

    def build_fields(self) -> None:
        """Fields above the date, reason and note."""


class EndAssignmentDialog(AssignmentDialog):
    title = "End: {mentee} with {mentor}"
    accept_text = "End assignment"
    icon_name = "end"

    def confirm(self) -> bool:
        return self.confirm_end()

    def confirm_end(self) -> bool:
        """Ending is kept in the history and can't simply be undone: ask first."""
        answer = QMessageBox.question(
            self, "End the assignment?",
            f"End {self.view.mentee_name}'s assignment with {self.view.mentor_name} on "
            f"{short_date(self.ended_on.value())}?\n\nIt stays in the history; to pair them "
            f"again you would start a new assignment.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> str:
        ended = end_assignment(self.view.id, self.ended_on.value(), self.reason.currentData(),
                               self.note.text())
        reason = AssignmentEndReason(ended.end_reason).label.lower()
        return (f"Assignment ended: {self.view.mentee_name} with {self.view.mentor_name} "
                f"({reason})")


class ReassignDialog(AssignmentDialog):
    title = "Reassign {mentee}"
    accept_text = "Reassign"
    icon_name = "reassign"
    default_reason = AssignmentEndReason.REASSIGNED
    date_label = "From"

    def build_fields(self) -> None:
        self.suggestions = SuggestionsModel(self)
        self.suggestions.set_rows(suggest_mentors(self.view.mentee_id))
        self.mentors = QTableView()
        self.mentors.setModel(self.suggestions)
        self.mentors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mentors.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.mentors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mentors.setTabKeyNavigation(False)
        self.mentors.setAlternatingRowColors(True)
        self.mentors.setWordWrap(False)
        self.mentors.verticalHeader().hide()
        self.mentors.horizontalHeader().setStretchLastSection(True)
        self.mentors.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.mentors.doubleClicked.connect(self.accept)
        allow_copy(self.mentors)
        rows = self.mentors.fontMetrics().height() * 9
        self.mentors.setMinimumHeight(rows)
        if self.suggestions.rowCount():
            self.mentors.selectRow(0)
        self.errors.add_row(self.form, "mentor_id", "New mentor", self.mentors, required=True)
        if not self.suggestions.rowCount():
            self.errors.show(RuleViolation(Problem(
                "mentor_id", f"No mentor on the roster can take {self.view.mentee_name} now: "
                             f"register a mentor or free a place first.")))

    def chosen_mentor_id(self) -> int | None:
        row = self.suggestions.row_at(self.mentors.currentIndex())
        return row.mentor.mentor_id if row is not None else None

    def select_mentor(self, mentor_id: int) -> bool:
        number = self.suggestions.row_of(mentor_id)
        if number is None:
            return False
        self.mentors.selectRow(number)
        return True

    def apply(self) -> str:
        mentor_id = self.chosen_mentor_id()
        if mentor_id is None:
            raise RuleViolation(Problem("mentor_id", "Choose the new mentor."))
        try:
            reassign(self.view.id, mentor_id, self.ended_on.value(),
                     self.reason.currentData(), self.note.text())
        except RuleViolation as violation:
            # The new assignment's start is this dialog's one date.
            raise RuleViolation([Problem("ended_on" if p.field == "started_on" else p.field,
                                         p.message) for p in violation.problems]) from None
        new_name = self.suggestions.rows[self.suggestions.row_of(mentor_id) or 0].mentor.name
        return (f"{self.view.mentee_name} now with {new_name} "
                f"(was {self.view.mentor_name})")

