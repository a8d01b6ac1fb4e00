"""A resident's SMART goals: set or reword one, change its status, and the
list of all their goals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.mentoring.goals import (
    GoalDetails,
    change_goal_status,
    get_goal,
    goal_details,
    goal_history,
    goal_views,
    goals_of,
    set_goal,
    update_goal,
)
from soberhouse.models import ResidentStatus
from soberhouse.models.mentoring import GoalStatus
from soberhouse.residents import get_resident
from ui.date_field import DateField
from ui.edit_conflict_dialog import AsksAboutConflicts, OpenedRecord
from ui.form_fields import short_date
from ui.mentoring.goal_history_model import GoalHistoryModel
from ui.mentoring.resident_goals_model import ResidentGoalsModel
from ui.record_dialog import RecordDialog
from ui.resources import icon
from ui.table_columns import allow_copy

DEFAULT_WEEKS_AHEAD = 4


def table_view(name: str) -> QTableView:
    """A read-only, row-selecting table sized to its text."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    allow_copy(view)  # Ctrl+C: the selected rows, for a spreadsheet
    return view


class GoalDialog(RecordDialog, AsksAboutConflicts):
    """Set a new goal (what, how it is measured, by when, who set it), or
    reword an existing one (each change stays in the resident's history)."""

    def __init__(self, resident_id: int, goal_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = get_resident(resident_id)
        self.goal_id = goal_id
        today = clock.today()
        self.what = QLineEdit()
        self.what.setPlaceholderText("Specific: e.g. Find a full-time job")
        self.measure = QLineEdit()
        self.measure.setPlaceholderText("e.g. Two applications a week; an offer letter")
        self.target_date = DateField(today + dt.timedelta(weeks=DEFAULT_WEEKS_AHEAD))
        self.set_by = QLineEdit()
        self.set_by.setPlaceholderText("The mentor, the manager or the resident")
        self.add_field("what", "Goal", self.what, required=True)
        self.add_field("measure", "Measured by", self.measure, required=True)
        self.add_field("target_date", "Target date", self.target_date, required=True)
        self.add_field("set_by", "Set by", self.set_by, required=True)
        # When editing: what the form opened with, and the goal's version then.
        self._opened: OpenedRecord[GoalDetails] | None = None
        if goal_id is None:
            from soberhouse.mentoring.resident_summary import default_goal_setter

            self.setWindowTitle(f"New Goal: {self.resident.full_name}")
            self.set_introduction("A SMART goal: specific, measurable, achievable, relevant "
                                  "and time-bound. It is reviewed at check-ins.")
            self.set_on = DateField(today, required=True)
            self.add_field("set_on", "Set on", self.set_on, required=True)
            self.set_by.setText(default_goal_setter(resident_id))
        else:
            goal = get_goal(goal_id)
            self.setWindowTitle(f"Edit Goal: {self.resident.full_name}")
            self.set_introduction(f"Set on {short_date(goal.set_on)} by {goal.set_by}; "
                                  f"{GoalStatus(goal.status).label.lower()}. Each change is "
                                  f"kept in the resident's history.")
            self._fill(goal_details(goal))
            self._opened = OpenedRecord(self.details(), goal.version,
                                        on_file=lambda: goal_details(get_goal(goal_id)))
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int,
            goal_id: int | None = None) -> int | None:
        """The goal's id once saved, or None if the manager cancelled."""
        dialog = cls(resident_id, goal_id, parent)
        return dialog.goal_id if dialog.run() else None

    def details(self) -> GoalDetails:
        set_on = self.set_on.value() if self.goal_id is None else None
        return GoalDetails(self.what.text(), self.measure.text(), self.target_date.value(),
                           self.set_by.text(), set_on)

    def _fill(self, details: GoalDetails) -> None:
        self.what.setText(details.what)
        self.measure.setText(details.measure)
        self.target_date.set_value(details.target_date)
        self.set_by.setText(details.set_by)

    def apply(self) -> None:
        goal_id = self.goal_id
        if goal_id is None or self._opened is None:
            goal = set_goal(self.resident.id, self.details())
            self.goal_id = goal.id
            self.status_text = f"Goal set for {self.resident.full_name}: {goal.what}"
        else:
            goal = self._opened.save(
                self.details(),
                lambda details, base, version: update_goal(goal_id, details, base=base,
                                                           base_version=version),
                ask=self.resolve_conflicts, fill=self._fill)
            self.status_text = f"Goal saved for {self.resident.full_name}: {goal.what}"


class GoalStatusDialog(RecordDialog):
    """Mark a goal met, missed, dropped or open again, with a date and a
    reason; the goal's history shows below."""

    save_text = "Change Status"

    def __init__(self, goal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        [self.goal] = goal_views(goal_ids=[goal_id])
        self.setWindowTitle("Goal Status")
        self.set_introduction(
            f"{self.goal.what}\nMeasured by: {self.goal.measure}\nTarget date: "
            f"{short_date(self.goal.target_date)} · set on {short_date(self.goal.set_on)} by "
            f"{self.goal.set_by} · now {self.goal.status.label.lower()}")
        self.introduction.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QComboBox()
        for status in GoalStatus:
            self.status.addItem(status.label, status.value)
        proposed = GoalStatus.MET if self.goal.is_open else GoalStatus.OPEN
        self.status.setCurrentIndex(self.status.findData(proposed.value))
        self.effective_date = DateField(clock.today(), required=True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. Started work at the bakery on Monday")
        self.add_field("status", "New status", self.status, required=True)
        self.add_field("effective_date", "From", self.effective_date, required=True)
        self.add_field("reason", "Reason", self.reason)

        heading = QLabel("History")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.history_model = GoalHistoryModel(self)
        self.history_model.set_changes(goal_history(goal_id))
        self.history_view = table_view("Goal history")
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_view.resizeColumnsToContents()
        header = self.history_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        heading.setBuddy(self.history_view)
        self.empty_history = QLabel("Not reviewed yet.")
        self.empty_history.setEnabled(False)
        has_history = self.history_model.rowCount() > 0
        self.history_view.setVisible(has_history)
        self.empty_history.setVisible(not has_history)
        self.extra.addWidget(heading)
        self.extra.addWidget(self.history_view, 1)
        self.extra.addWidget(self.empty_history)
        self.required_note.hide()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.mark_clean()

    @classmethod
    def ask(cls, parent: QWidget | None, goal_id: int) -> bool:
        """True if the status was changed."""
        return cls(goal_id, parent).run()

    def apply(self) -> None:
        goal = change_goal_status(self.goal.id, self.status.currentData(),
                                  self.effective_date.value(), self.reason.text())
        self.status_text = f"Goal {GoalStatus(goal.status).label.lower()}: {goal.what}"


class GoalsDialog(QDialog):
    """Every goal of a resident, with New, Edit and Change Status."""

    def __init__(self, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident = get_resident(resident_id)
        self.changed = False
        self.status_text = ""
        self.setWindowTitle(f"Goals: {self.resident.full_name}")
        self.model = ResidentGoalsModel(self)
        self.table = table_view("Goals")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(self.change_status)
        self.table.activated.connect(self.change_status)
        self.empty = QLabel("No goals yet. Set one with New Goal.")
        self.empty.setEnabled(False)

        self.new_button = QPushButton(icon("add"), "&New Goal...")
        self.edit_button = QPushButton(icon("edit"), "&Edit...")
        self.status_button = QPushButton(icon("goal"), "Change &Status...")
        for button in (self.new_button, self.edit_button, self.status_button):
            button.setAutoDefault(False)
        self.new_button.setEnabled(self.resident.status == ResidentStatus.ACTIVE.value)
        self.new_button.clicked.connect(self.new_goal)
        self.edit_button.clicked.connect(self.edit_goal)
        self.status_button.clicked.connect(self.change_status)
        row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.status_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 130, self.fontMetrics().height() * 24)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, resident_id: int) -> bool:
        """True if any goal was set or changed."""
        dialog = cls(resident_id, parent)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.deleteLater()

    def reload(self, select: int | None = None) -> None:
        self.model.set_goals(goals_of(self.resident.id))
        self.table.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * 40
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), widest))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        row = self.model.row_of(select) if select is not None else None
        if self.model.rowCount():
            self.table.selectRow(row or 0)
        self.empty.setVisible(self.model.rowCount() == 0)
        self._update_buttons()

    def selected_goal_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.goal_id(index.row()) if index.isValid() else None

    def new_goal(self) -> None:
        goal_id = GoalDialog.ask(self, self.resident.id)
        if goal_id is not None:
            self._after_change(goal_id)

    def edit_goal(self) -> None:
        goal_id = self.selected_goal_id()
        if goal_id is not None and GoalDialog.ask(self, self.resident.id, goal_id) is not None:
            self._after_change(goal_id)

    def change_status(self, _index: QModelIndex | None = None) -> None:
        goal_id = self.selected_goal_id()
        if goal_id is not None and GoalStatusDialog.ask(self, goal_id):
            self._after_change(goal_id)

    def _after_change(self, goal_id: int) -> None:
        self.changed = True
        self.reload(goal_id)

    def _update_buttons(self) -> None:
        selected = self.selected_goal_id() is not None
        self.edit_button.setEnabled(selected)
        self.status_button.setEnabled(selected)
