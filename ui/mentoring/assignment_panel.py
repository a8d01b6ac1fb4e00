"""One assignment: the quick check-in row, its check-ins (one logged by
mistake is removed with a reason), the mentee's goals, and the buttons to
end it, reassign it or set and review goals."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from soberhouse.mentoring.check_ins import CheckInView, check_ins_of
from soberhouse.mentoring.goals import goals_of
from soberhouse.models.mentoring import CheckIn, GoalStatus
from soberhouse.permissions import Right
from ui.choice_delegate import ChoiceDelegate
from ui.form_fields import short_date
from ui.mentoring.assignments_model import AssignmentRow
from ui.mentoring.check_in_entry import CheckInEntry, saved_text
from ui.mentoring.check_ins_model import CheckInsModel
from ui.mentoring.goals_model import GoalColumn, GoalsModel
from ui.mentoring.list_view import ListView
from ui.mentoring.marks import plural
from ui.mentoring.row_model import SearchProxy
from ui.permission_state import allow
from ui.resources import icon

AnyIndex = QModelIndex | QPersistentModelIndex


def _button(icon_name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(icon(icon_name), text)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    return button


class AssignmentPanel(QWidget):
    check_in_saved = Signal(int, str)
    """(assignment id, what was done in words): a check-in saved or removed"""
    check_in_chosen = Signal()
    """Another check-in was chosen in the list (or none)."""
    end_requested = Signal()
    reassign_requested = Signal()
    history_requested = Signal()
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: AssignmentRow | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.goals_model = GoalsModel(self)
        self.entry = CheckInEntry(self.goals_model.reviewed_goals)
        self.entry.saved.connect(self._saved)
        self.goals_model.dataChanged.connect(self.entry.update_goals_summary)
        self.goals_model.modelReset.connect(self.entry.update_goals_summary)

        self.end_button = _button("end", "End &assignment\u2026", "End this assignment with a date "
                                                         "and a reason")
        self.reassign_button = _button("reassign", "Rea&ssign\u2026",
                                       "End this assignment and start the mentee with "
                                       "another mentor, in one step")
        self.set_goal_button = _button("goal", "Set &goal\u2026", "A new SMART goal for "
                                                                   "the mentee")
        self.goal_status_button = _button("edit", "Goal status\u2026",
                                          "Mark the selected goal met, missed or dropped")
        self.history_button = _button("mentoring", "Mentee histor&y\u2026",
                                      "Every mentor this mentee has had, current and ended")
        self.history_button.clicked.connect(self.history_requested)
        self.end_button.clicked.connect(self.end_requested)
        self.reassign_button.clicked.connect(self.reassign_requested)
        self.set_goal_button.clicked.connect(self.set_goal)
        self.goal_status_button.clicked.connect(self.change_goal_status)

        self.check_ins_model = CheckInsModel(self)
        self.check_ins_proxy = SearchProxy(self.check_ins_model, self)
        self.check_ins = ListView("Check-ins", "No check-ins yet: log the first one above.")
        self.check_ins.setModel(self.check_ins_proxy)
        self.check_ins.setSortingEnabled(True)
        self.check_ins.selectionModel().currentRowChanged.connect(self._check_in_chosen)
        self.check_ins.customContextMenuRequested.connect(self._check_in_menu)
        self.remove_check_in_button = _button(
            "stop", "&Remove check-in\u2026", "Take out a check-in logged by mistake (asks "
                                              "why; the line is kept in the records)")
        self.remove_check_in_button.clicked.connect(self.remove_check_in)
        self.check_ins_model.modelReset.connect(self._check_in_chosen)
        self.goals_proxy = SearchProxy(self.goals_model, self)
        self.goals = ListView("Goals", "No goals yet. Set one with \u201cSet goal\u2026\u201d.")
        self.goals.setModel(self.goals_proxy)
        self.goals.setSortingEnabled(False)
        self.goals.setItemDelegateForColumn(
            GoalColumn.AFTER, ChoiceDelegate(GoalStatus, "Status after review", self.goals))
        self.goals.setEditTriggers(self.goals.EditTrigger.DoubleClicked
                                   | self.goals.EditTrigger.EditKeyPressed
                                   | self.goals.EditTrigger.SelectedClicked)
        self.goals.selectionModel().currentRowChanged.connect(self._update_buttons)

        check_ins_box = QWidget()
        check_ins_layout = QVBoxLayout(check_ins_box)
        check_ins_layout.setContentsMargins(0, 0, 0, 0)
        self.check_ins_label = QLabel("Chec&k-ins")
        self.check_ins_label.setBuddy(self.check_ins)
        check_ins_header = QHBoxLayout()
        check_ins_header.addWidget(self.check_ins_label, 1)
        check_ins_header.addWidget(self.remove_check_in_button)
        check_ins_layout.addLayout(check_ins_header)
        check_ins_layout.addWidget(self.check_ins)
        goals_box = QWidget()
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.setContentsMargins(0, 0, 0, 0)
        goals_header = QHBoxLayout()
        self.goals_label = QLabel("Goa&ls \u2014 tick those reviewed at this check-in "
                                  "(Space), F2 sets the status after")
        self.goals_label.setBuddy(self.goals)
        goals_header.addWidget(self.goals_label, 1)
        goals_header.addWidget(self.set_goal_button)
        goals_header.addWidget(self.goal_status_button)
        goals_layout.addLayout(goals_header)
        goals_layout.addWidget(self.goals)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(check_ins_box)
        self.splitter.addWidget(goals_box)
        self.splitter.setSizes([300, 200])

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.summary)
        top.addLayout(heading, 1)
        top.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.reassign_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.entry)
        layout.addWidget(self.splitter, 1)
        self.show_assignment(None)

    # ------------------------------------------------------------ API

    @property
    def assignment_id(self) -> int | None:
        return self.row.view.id if self.row is not None else None

    def show_assignment(self, row: AssignmentRow | None) -> None:
        """Show an assignment (None: say how to choose one); reads its check-ins
        and the mentee's goals when it is another assignment."""
        changed = (row.view.id if row else None) != self.assignment_id
        self.row = row
        self.entry.set_assignment(row.view.id if row is not None else None)
        self._show_heading()
        if row is None:
            self.check_ins_model.set_rows([])
            self.goals_model.set_rows([])
        elif changed:
            self.reload()
        self._update_buttons()

    def reload(self) -> None:
        if self.row is None:
            return
        self.check_ins_model.set_rows(check_ins_of(self.row.view.id))
        self.goals_model.set_rows(goals_of(self.row.view.mentee_id))
        self.check_ins.size_columns()
        self.goals.size_columns()

    # ------------------------------------------------------------ the check-in being
    # typed (the section offers it to the window: ui.unsaved_work.UnsavedWork)

    def unsaved_description(self) -> str | None:
        if self.row is None or not self.entry.is_dirty():
            return None
        return (f"The check-in of {self.row.view.mentee_name} with {self.row.view.mentor_name} "
                f"is not saved.")

    def save_unsaved(self) -> bool:
        return self.entry.save()

    def discard_unsaved(self) -> None:
        self.entry.reset()
        self.goals_model.clear_reviews()

    def selected_check_in(self) -> CheckInView | None:
        view = self.check_ins_proxy.row_at(self.check_ins.currentIndex())
        return view if isinstance(view, CheckInView) else None

    def remove_check_in(self) -> None:
        """Take out the selected check-in, asking why (it is kept, marked removed)."""
        row, view = self.row, self.selected_check_in()
        if row is None or view is None:
            return
        from ui.mentoring.check_in_dialogs import RemoveCheckInDialog

        done = RemoveCheckInDialog.ask(self, view, f"{row.view.mentee_name} with "
                                                   f"{row.view.mentor_name}")
        if done is not None:
            self.reload()
            self.check_in_saved.emit(row.view.id, done)

    def selected_goal_id(self) -> int | None:
        goal = self.goals_proxy.row_at(self.goals.currentIndex())
        return goal.id if goal is not None else None

    # ------------------------------------------------------------ goals (the other
    # engineer's dialogs, loaded when first used)

    def set_goal(self) -> None:
        if self.row is None:
            return
        from ui.mentoring.goal_dialogs import GoalDialog

        goal_id = GoalDialog.ask(self, self.row.view.mentee_id)
        if goal_id is not None:
            self.goals_model.set_rows(goals_of(self.row.view.mentee_id))
            self.status_message.emit(f"Goal set for {self.row.view.mentee_name}")

    def change_goal_status(self) -> None:
        goal_id = self.selected_goal_id()
        if self.row is None or goal_id is None:
            return
        from ui.mentoring.goal_dialogs import GoalStatusDialog

        if GoalStatusDialog.ask(self, goal_id):
            self.goals_model.set_rows(goals_of(self.row.view.mentee_id))
            self.status_message.emit(f"Goal updated for {self.row.view.mentee_name}")

    # ------------------------------------------------------------ helpers

    def _saved(self, check_in: CheckIn) -> None:
        row = self.row
        if row is None:
            return
        self.reload()
        self.check_in_saved.emit(row.view.id, saved_text(row.view.mentee_name,
                                                          row.view.mentor_name, check_in))

    def _check_in_chosen(self) -> None:
        self._update_buttons()
        self.check_in_chosen.emit()

    def _check_in_menu(self, position: QPoint) -> None:
        index: QModelIndex = self.check_ins.indexAt(position)
        if index.isValid():
            self.check_ins.setCurrentIndex(index)
        menu = QMenu(self)
        remove = menu.addAction(icon("stop"), "Remove check-in\u2026", self.remove_check_in)
        allow(remove, Right.RECORD_CHECK_INS,
              resident_id=self.row.view.mentee_id if self.row is not None else None,
              when=self.selected_check_in() is not None)
        menu.exec(self.check_ins.viewport().mapToGlobal(position))

    def _show_heading(self) -> None:
        row = self.row
        if row is None:
            self.title.setText("No assignment chosen")
            self.summary.setText("Choose an assignment in the list to see its check-ins and "
                                 "goals and to log a check-in.")
            return
        view = row.view
        self.title.setText(f"{view.mentee_name} with {view.mentor_name}")
        last = (f"last {short_date(view.last_check_in)}" if view.last_check_in
                else "none yet")
        self.summary.setText(
            f"{view.role.label} mentor since {short_date(view.started_on)} \u00b7 "
            f"{plural(view.check_ins, 'check-in')} ({last}) \u00b7 {row.status}: "
            f"{row.status_detail[0].lower()}{row.status_detail[1:]}")
        self.summary.setToolTip(self.summary.text())

    def set_row(self, row: AssignmentRow) -> None:
        """The same assignment with new figures (after a check-in)."""
        self.row = row
        self._show_heading()

    def _update_buttons(self) -> None:
        has = self.row is not None
        mentee_id = self.row.view.mentee_id if self.row is not None else None
        # What the signed-in person's role can't change is off, saying why: a
        # peer coach logs check-ins and goals of their own mentees only.
        for button in (self.end_button, self.reassign_button):
            allow(button, Right.CHANGE_RECORDS, resident_id=mentee_id, when=has)
        self.history_button.setEnabled(has)
        allow(self.entry, Right.RECORD_CHECK_INS, resident_id=mentee_id, when=has)
        allow(self.set_goal_button, Right.RECORD_CHECK_INS, resident_id=mentee_id, when=has)
        allow(self.goal_status_button, Right.RECORD_CHECK_INS, resident_id=mentee_id,
              when=has and self.selected_goal_id() is not None)
        allow(self.remove_check_in_button, Right.RECORD_CHECK_INS, resident_id=mentee_id,
              when=has and self.selected_check_in() is not None)
