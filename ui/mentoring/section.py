"""The Mentoring section: what needs doing first.

- **Assign mentors**: residents who need a mentor (no mentor yet, or a mentor
  who can no longer mentor them, with why); choosing one shows the ranked
  suggestions, and Enter, a double-click or dragging a suggestion (or a
  roster mentor) onto the resident pairs them.  The roster with caseload
  bars sits below.
- **Assignments**: the active ones with their check-in figures and overdue
  flag; the selected one's check-ins (one logged by mistake removed with a
  reason), goals and the quick check-in row.  A check-in typed and not saved
  is asked about before another assignment is shown, and offered to the
  window as work not saved (:class:`ui.unsaved_work.UnsavedWork`).
- **Ready for promotion**: every resident against their next tier.

The section opens from one :func:`mentoring_overview` call; suggestions, an
assignment's check-ins and the promotion list are read when first shown.
Every write is a core call; a refusal is shown in the core's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import NotFound, RuleViolation
from soberhouse.mentoring.assignments import assign_mentor, assignment_view, reassign
from soberhouse.mentoring.roster import MentoringOverview, mentoring_overview
from soberhouse.mentoring.suggestions import suggest_mentors
from soberhouse.models.mentoring import AssignmentEndReason, MentorKind
from soberhouse.permissions import Right
from ui import preferences
from ui.actions import make_action
from ui.colours import error_colour
from ui.date_field import DateField
from ui.form_fields import heading_label, short_date
from ui.mentoring.assignment_panel import AssignmentPanel
from ui.mentoring.assignments_model import AssignmentRow, AssignmentsModel, assignment_rows
from ui.mentoring.caseload_delegate import CaseloadDelegate
from ui.mentoring.list_view import ListView
from ui.mentoring.marks import plural
from ui.mentoring.needs_model import NeedRow, NeedsModel, need_rows
from ui.mentoring.promotion_panel import PromotionPanel
from ui.mentoring.roster_model import RosterColumn, RosterModel
from ui.mentoring.row_model import SearchProxy
from ui.mentoring.suggestions_model import SuggestionsModel
from ui.permission_state import allow, mark_right
from ui.resources import icon
from ui.unsaved_work import Leaving, settle

if TYPE_CHECKING:
    from ui.print_job import PrintJob

SPLITTER_KEYS = ("mentoring/assign_splitter", "mentoring/assign_right_splitter",
                 "mentoring/assignments_splitter", "mentoring/panel_splitter")


class Tab:
    ASSIGN = 0
    ASSIGNMENTS = 1
    PROMOTION = 2


class MentoringSection(QWidget):
    status_message = Signal(str)
    residents_changed = Signal()

    def __init__(self, parent: QWidget | None = None, house_id: int | None = None, *,
                 load: bool = True) -> None:
        """``load=False``: read the data on the first :meth:`set_house` or show
        (the main window sets the house right after building the section)."""
        super().__init__(parent)
        self._house_id = house_id
        self._loaded = False
        self.overview: MentoringOverview | None = None
        self._suggestions_for: int | None = None
        self._switching = False  # choosing an assignment back after "Cancel"

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names in these lists (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search mentoring lists")
        self.search.textChanged.connect(self._search_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self._build_assign_tab()
        self._build_assignments_tab()
        self.promotion = PromotionPanel()
        self.promotion.status_message.connect(self.status_message)
        self.promotion.residents_changed.connect(self._tiers_changed)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.assign_tab, icon("needs-mentor"), "Assign mentors")
        self.tabs.addTab(self.assignments_tab, icon("check-in"), "Assignments")
        self.tabs.addTab(self.promotion, icon("promote"), "Ready for promotion")
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.summary, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self._build_actions()
        for key, splitter in zip(SPLITTER_KEYS, self._splitters(), strict=True):
            state = preferences.load_bytes(key)
            if state is not None:
                splitter.restoreState(state)
        if load:
            self.refresh()

    # ------------------------------------------------------------ building

    def _build_assign_tab(self) -> None:
        self.needs_model = NeedsModel(self)
        self.needs_model.mentor_dropped.connect(self._mentor_dropped)
        self.needs_proxy = SearchProxy(self.needs_model, self)
        self.needs = ListView("Needs a mentor",
                              "Everyone living in the house has a mentor.")
        self.needs.setModel(self.needs_proxy)
        self.needs.setSortingEnabled(True)
        self.needs.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.needs.allow_drop()
        self.needs.open_requested.connect(self._focus_suggestions)
        self.needs.selectionModel().currentRowChanged.connect(self._need_changed)
        self.needs_label = heading_label("&Needs a mentor", self.needs)

        self.suggestions_model = SuggestionsModel(self)
        self.suggestions_proxy = SearchProxy(self.suggestions_model, self)
        self.suggestions = ListView(
            "Suggested mentors", "Choose a resident on the left to see who could mentor them.")
        self.suggestions.setModel(self.suggestions_proxy)
        self.suggestions.setSortingEnabled(False)
        self.suggestions.allow_drag()
        self.suggestions.open_requested.connect(self.assign_selected_suggestion)
        self.suggestions_label = heading_label("Su&ggested mentors", self.suggestions)
        self.start_date = DateField(clock.today(), required=True, label="Starting on")
        self.start_date.setToolTip("The day the pairing begins: today, or the day it really "
                                   "began when you catch up (Enter pairs them)")
        self.start_date.returnPressed.connect(self.assign_selected_suggestion)
        self.start_date.typing_checked.connect(self._start_date_checked)
        self.start_label = QLabel("Start&ing on:")
        self.start_label.setBuddy(self.start_date)
        self.assign_button = QPushButton(icon("assign"), "&Assign")
        self.assign_button.setAutoDefault(False)
        self.assign_button.setToolTip("Pair the chosen mentor with the resident from the "
                                      "starting day (Enter or double-click)")
        self.assign_button.clicked.connect(self.assign_selected_suggestion)
        self.assign_message = QLabel()
        self.assign_message.setWordWrap(True)
        palette = self.assign_message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.assign_message.setPalette(palette)
        self.assign_message.hide()

        self.roster_model = RosterModel(self)
        self.roster_proxy = SearchProxy(self.roster_model, self)
        self.roster = ListView("Mentor roster", "No mentors yet. Register a senior resident, "
                                                "an alumnus or a staff coach.")
        self.roster.setModel(self.roster_proxy)
        self.roster.setSortingEnabled(True)
        self.roster.sortByColumn(RosterColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.roster.setItemDelegateForColumn(RosterColumn.CASELOAD,
                                             CaseloadDelegate(self.roster))
        self.roster.allow_drag()
        self.roster.selectionModel().currentRowChanged.connect(self._update_actions)
        self.roster_label = heading_label("Mentor r&oster", self.roster)
        self.register_button = QPushButton(icon("add"), "Register &mentor\u2026")
        self.register_button.setToolTip("Put a senior resident, an alumnus or a staff coach "
                                        "on the roster")
        self.certificate_button = QPushButton(icon("certificate"), "Certifica&te\u2026")
        self.certificate_button.setToolTip("The selected staff coach's certificate and "
                                           "continuing education")
        self.mentor_history_button = QPushButton(icon("mentoring"), "Histor&y\u2026")
        self.mentor_history_button.setToolTip("Every mentee of the selected mentor, current "
                                              "and ended")
        for button in (self.register_button, self.certificate_button,
                       self.mentor_history_button):
            button.setAutoDefault(False)
        self.register_button.clicked.connect(self.register_mentor)
        self.certificate_button.clicked.connect(self.edit_certificate)
        self.mentor_history_button.clicked.connect(self.show_mentor_history)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.needs_label)
        left_layout.addWidget(self.needs, 1)
        suggestions_box = QWidget()
        suggestions_layout = QVBoxLayout(suggestions_box)
        suggestions_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.suggestions_label, 1)
        header.addWidget(self.start_label)
        header.addWidget(self.start_date)
        header.addWidget(self.assign_button)
        suggestions_layout.addLayout(header)
        suggestions_layout.addWidget(self.assign_message)
        suggestions_layout.addWidget(self.suggestions, 1)
        roster_box = QWidget()
        roster_layout = QVBoxLayout(roster_box)
        roster_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.roster_label, 1)
        header.addWidget(self.mentor_history_button)
        header.addWidget(self.certificate_button)
        header.addWidget(self.register_button)
        roster_layout.addLayout(header)
        roster_layout.addWidget(self.roster, 1)

        self.assign_right = QSplitter(Qt.Orientation.Vertical)
        self.assign_right.setChildrenCollapsible(False)
        self.assign_right.addWidget(suggestions_box)
        self.assign_right.addWidget(roster_box)
        self.assign_right.setSizes([260, 340])
        self.assign_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.assign_splitter.setChildrenCollapsible(False)
        self.assign_splitter.addWidget(left)
        self.assign_splitter.addWidget(self.assign_right)
        self.assign_splitter.setStretchFactor(1, 1)
        self.assign_splitter.setSizes([380, 620])
        self.assign_tab = self.assign_splitter

    def _build_assignments_tab(self) -> None:
        self.assignments_model = AssignmentsModel(self)
        self.assignments_proxy = SearchProxy(self.assignments_model, self)
        self.assignments = ListView(
            "Active assignments", "No active assignments. Pair a resident with a mentor in "
                                  "\u201cAssign mentors\u201d.")
        self.assignments.setModel(self.assignments_proxy)
        self.assignments.setSortingEnabled(True)
        self.assignments.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.assignments.open_requested.connect(self.log_check_in)
        self.assignments.selectionModel().currentRowChanged.connect(self._assignment_changed)
        self.panel = AssignmentPanel()
        self.panel.check_in_saved.connect(self._check_in_saved)
        self.panel.status_message.connect(self.status_message)
        self.panel.end_requested.connect(self.end_assignment)
        self.panel.reassign_requested.connect(self.reassign)
        self.panel.history_requested.connect(self.show_mentee_history)
        self.panel.check_in_chosen.connect(self._update_actions)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(heading_label("Active assign&ments", self.assignments))
        list_layout.addWidget(self.assignments, 1)
        self.assignments_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.assignments_splitter.setChildrenCollapsible(False)
        self.assignments_splitter.addWidget(list_box)
        self.assignments_splitter.addWidget(self.panel)
        self.assignments_splitter.setStretchFactor(1, 1)
        self.assignments_splitter.setSizes([420, 600])
        self.assignments_tab = self.assignments_splitter

    def _build_actions(self) -> None:
        self.assign_action = make_action(
            self, "&Assign a Mentor", "Pair the selected resident with a suggested mentor",
            icon_name="assign")
        self.check_in_action = make_action(
            self, "&Log a Check-in", "Log a check-in for the selected assignment",
            icon_name="check-in", shortcut="Ctrl+K")
        self.remove_check_in_action = make_action(
            self, "Remo&ve Check-in...",
            "Take out the selected check-in logged by mistake (it is kept, marked removed)",
            icon_name="stop")
        self.end_action = make_action(self, "&End Assignment...",
                                      "End the selected assignment with a date and a reason",
                                      icon_name="end")
        self.reassign_action = make_action(
            self, "&Reassign...", "Give the selected mentee another mentor in one step",
            icon_name="reassign")
        self.register_action = make_action(
            self, "Register &Mentor...", "Put a mentor on the roster", icon_name="add")
        self.certificate_action = make_action(
            self, "Staff &Certificate...", "The selected staff coach's certificate",
            icon_name="certificate")
        self.goal_action = make_action(self, "Set &Goal...", "A new goal for the mentee",
                                       icon_name="goal")
        self.promote_action = make_action(self, "&Promote...",
                                          "Move the selected resident up one tier",
                                          icon_name="promote")
        self.demote_action = make_action(self, "&Demote...",
                                         "Move the selected resident down one tier",
                                         icon_name="demote")
        self.history_action = make_action(
            self, "Mentoring &History...",
            "Every assignment, current and ended, of the selected mentee (Assignments) "
            "or the selected mentor (roster)", icon_name="mentoring")
        mark_right(Right.RECORD_CHECK_INS, self.check_in_action, self.remove_check_in_action,
                   self.goal_action)
        self.assign_action.triggered.connect(self.assign_mentor)
        self.check_in_action.triggered.connect(self.log_check_in)
        self.remove_check_in_action.triggered.connect(self.remove_check_in)
        self.end_action.triggered.connect(self.end_assignment)
        self.reassign_action.triggered.connect(self.reassign)
        self.register_action.triggered.connect(self.register_mentor)
        self.certificate_action.triggered.connect(self.edit_certificate)
        self.goal_action.triggered.connect(self.panel.set_goal)
        self.promote_action.triggered.connect(self._promote)
        self.demote_action.triggered.connect(self._demote)
        self.history_action.triggered.connect(self.show_history)
        self.addActions(self.menu_actions())

    def _splitters(self) -> list[QSplitter]:
        return [self.assign_splitter, self.assign_right, self.assignments_splitter,
                self.panel.splitter]

    # ------------------------------------------------------------ public API

    def menu_actions(self) -> list[QAction]:
        return [self.assign_action, self.check_in_action, self.remove_check_in_action,
                self.end_action,
                self.reassign_action, self.goal_action, self.history_action,
                self.register_action, self.certificate_action, self.promote_action,
                self.demote_action]

    def refresh(self) -> None:
        """Read everything again (one overview), keeping what was selected."""
        need = self.selected_need()
        need_row = self.needs.currentIndex().row()
        mentor_id = self._selected_mentor_id()
        assignment_id = self.panel.assignment_id
        overview = mentoring_overview(self._house_id)
        self.overview = overview
        self._loaded = True
        self._suggestions_for = None
        self.needs_model.set_rows(need_rows(overview.without_mentor,
                                            overview.needing_new_mentor))
        self.roster_model.set_rows(overview.roster)
        self._assignments_pending = True
        if self.tabs.currentIndex() == Tab.ASSIGNMENTS:
            self._ensure_assignments(assignment_id)
        self._restore_need(need.resident_id if need else None, need_row)
        self._select(self.roster, self.roster_proxy, mentor_id)
        if not self._sized:
            for view in (self.needs, self.roster):
                view.size_columns()
            self._sized = True
        if self.tabs.currentIndex() == Tab.PROMOTION:
            self.promotion.refresh()
        self._update_summary()
        self._update_actions()

    _sized = False
    _assignments_pending = False
    _assignments_sized = False

    def _ensure_assignments(self, assignment_id: int | None = None) -> None:
        """Fill the assignments list from the overview when it is first needed
        (it is on a tab of its own): opening the section doesn't pay for it."""
        if not self._assignments_pending or self.overview is None:
            return
        self._assignments_pending = False
        overview = self.overview
        if assignment_id is None:
            assignment_id = self.panel.assignment_id
        problems = {gap.assignment_id: gap.why
                    for gap in overview.needing_new_mentor + overview.departed_mentees}
        self.assignments_model.set_rows(assignment_rows(overview.assignments, problems))
        if not self._assignments_sized:
            self.assignments.size_columns()
            self._assignments_sized = True
        if assignment_id is not None and self._select(self.assignments, self.assignments_proxy,
                                                      assignment_id):
            self.panel.show_assignment(self.selected_assignment())
            self.panel.reload()
        else:
            self.panel.show_assignment(self.selected_assignment())
        self._update_actions()

    def printable(self) -> PrintJob:
        """Ctrl+P: the mentors with their mentees, the pairs, who has no mentor."""
        from soberhouse import clock
        from soberhouse.printed_lists import mentoring_list
        from ui.print_job import PrintJob, house_title

        if self.overview is None:
            self.refresh()
        assert self.overview is not None
        return PrintJob.of_list(mentoring_list(self.overview, house_title(self._house_id),
                                               clock.today()), "the mentoring roster")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_house(self, house_id: int | None) -> None:
        """Show one house (None: every house)."""
        changed = house_id != self._house_id
        self._house_id = house_id
        self.promotion.set_house(house_id)
        if changed or not self._loaded:
            self.refresh()

    def selected_need(self) -> NeedRow | None:
        row = self.needs_proxy.row_at(self.needs.currentIndex())
        return row if isinstance(row, NeedRow) else None

    def selected_assignment(self) -> AssignmentRow | None:
        row = self.assignments_proxy.row_at(self.assignments.currentIndex())
        return row if isinstance(row, AssignmentRow) else None

    def select_need(self, resident_id: int) -> bool:
        return self._select(self.needs, self.needs_proxy, resident_id)

    def select_assignment(self, assignment_id: int) -> bool:
        self._ensure_assignments()
        return self._select(self.assignments, self.assignments_proxy, assignment_id)

    def open_item(self, kind: str, item_id: int) -> None:
        """Show one thing, as Today asks: "needs_mentor" (a resident waiting
        for a mentor, with the suggestions), "assignment" (an active
        assignment and its check-ins), "promotion" (a resident on the
        promotion list) or "mentor" (a roster mentor, e.g. for a certificate).
        The lists are read again if the item is new to them."""
        if not self._loaded:
            self.refresh()
        if kind == "needs_mentor":
            self.tabs.setCurrentIndex(Tab.ASSIGN)
            if self._reveal(lambda: self.select_need(item_id)):
                self.needs.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kind == "assignment":
            self.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
            if self._reveal(lambda: self.select_assignment(item_id)):
                self.assignments.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kind == "promotion":
            self.tabs.setCurrentIndex(Tab.PROMOTION)
            if not self._reveal(lambda: self.promotion.select_resident(item_id)):
                self.promotion.only_ready.setChecked(False)  # no longer ready: show anyway
                self.promotion.select_resident(item_id)
            self.promotion.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kind == "mentor":
            self.tabs.setCurrentIndex(Tab.ASSIGN)
            if self._reveal(lambda: self._select(self.roster, self.roster_proxy, item_id)):
                self.roster.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reveal(self, select: Callable[[], bool]) -> bool:
        """``select()``, clearing the search if it hides the row, then reading
        the lists again if the row is not there yet."""
        if select():
            return True
        if self.search.text():
            self.search.clear()
            if select():
                return True
        self.refresh()  # the promotion list too, when it is shown
        return select()

    # ------------------------------------------------------------ assigning

    def assign_mentor(self) -> None:
        """Ctrl+N: the suggestions for the selected resident, ready for Enter;
        pressed again in the suggestions, it pairs the chosen one."""
        if self.suggestions.hasFocus() and self.suggestions.currentIndex().isValid():
            self.assign_selected_suggestion()
            return
        if self.tabs.currentIndex() == Tab.ASSIGNMENTS and self.panel.row is not None:
            self.select_need(self.panel.row.view.mentee_id)
        self.tabs.setCurrentIndex(Tab.ASSIGN)
        if not self.needs.currentIndex().isValid() and self.needs_proxy.rowCount():
            self.needs.setCurrentIndex(self.needs_proxy.index(0, 0))
        self._focus_suggestions()

    def assign_selected_suggestion(self) -> bool:
        suggestion = self.suggestions_proxy.row_at(self.suggestions.currentIndex())
        if suggestion is None:
            if self.selected_need() is not None:
                self._show_assign_message("Choose a mentor among the suggestions first.")
            return False
        return self.assign(suggestion.mentor.mentor_id)

    def assign(self, mentor_id: int, resident_id: int | None = None) -> bool:
        """Pair a mentor with the selected resident (or ``resident_id``): a
        primary mentor from the starting day, or, for a mentee whose mentor
        can't go on, a reassignment in one step.  A refusal is shown in the
        core's words."""
        need = self.selected_need()
        if resident_id is not None:
            number = self.needs_model.row_of(resident_id)
            need = self.needs_model.rows[number] if number is not None else None
        if need is None:
            return False
        if problem := self.start_date.problem():
            self._show_assign_message(problem)
            self.start_date.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        started_on = self.start_date.value()
        try:
            if need.gap is not None:
                created = reassign(need.gap.assignment_id, mentor_id, started_on,
                                   reason=AssignmentEndReason.REASSIGNED, note=need.gap.why)
            else:
                created = assign_mentor(mentor_id, need.resident_id, started_on)
        except (RuleViolation, NotFound) as error:
            self._show_assign_message(str(error))
            return False
        view = assignment_view(created.id)
        self._hide_assign_message()
        self.start_date.set_value(clock.today())  # the next pairing starts today again
        self.refresh()
        self.status_message.emit(
            f"{view.mentor_name} now mentors {view.mentee_name} "
            f"({view.role.label.lower()}, from {short_date(view.started_on)})")
        return True

    def _mentor_dropped(self, mentor_id: int, resident_id: int) -> None:
        self.select_need(resident_id)
        self.assign(mentor_id, resident_id)

    def _focus_suggestions(self) -> None:
        self._load_suggestions()
        if self.suggestions_proxy.rowCount():
            if not self.suggestions.currentIndex().isValid():
                self.suggestions.setCurrentIndex(self.suggestions_proxy.index(0, 0))
            self.suggestions.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.needs.setFocus(Qt.FocusReason.OtherFocusReason)

    def _need_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._hide_assign_message()
        self._load_suggestions()
        self._update_actions()

    def _load_suggestions(self) -> None:
        need = self.selected_need()
        resident_id = need.resident_id if need is not None else None
        if resident_id == self._suggestions_for:
            return
        self._suggestions_for = resident_id
        if need is None:
            self.suggestions_model.set_rows([])
            self.suggestions_label.setText("Su&ggested mentors")
            self.suggestions.set_empty_message(
                "Choose a resident on the left to see who could mentor them.")
            return
        suggestions = suggest_mentors(need.resident_id)
        self.suggestions_model.set_rows(suggestions)
        self.suggestions_label.setText("Su&ggested mentors for " + need.name.replace("&", "&&"))
        self.suggestions.set_empty_message(
            f"No mentor on the roster can take {need.name} now: register a mentor, or free "
            f"a place on someone's caseload.")
        if suggestions:
            self.suggestions.setCurrentIndex(self.suggestions_proxy.index(0, 0))
            self.suggestions.size_columns()

    def _start_date_checked(self, problem: str) -> None:
        if problem:
            self._show_assign_message(problem)
        elif self.assign_message.text().startswith(f"{self.start_date.name()}: "):
            self._hide_assign_message()

    def _show_assign_message(self, text: str) -> None:
        self.assign_message.setText(text)
        self.assign_message.show()

    def _hide_assign_message(self) -> None:
        self.assign_message.clear()
        self.assign_message.hide()

    # ------------------------------------------------------------ assignments

    def log_check_in(self) -> None:
        """Go to the selected assignment's quick check-in row."""
        self.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
        self._ensure_assignments()
        if not self.assignments.currentIndex().isValid() and self.assignments_proxy.rowCount():
            self.assignments.setCurrentIndex(self.assignments_proxy.index(0, 0))
        if self.panel.row is not None:
            self.panel.entry.focus_minutes()

    def end_assignment(self) -> None:
        row = self.selected_assignment()
        if row is None:
            return
        from ui.mentoring.assignment_dialogs import EndAssignmentDialog

        reason = (AssignmentEndReason.MENTEE_LEFT if "moved out" in row.problem else None)
        done = EndAssignmentDialog.ask(self, row.view.id, reason)
        if done is not None:
            self.refresh()
            self.status_message.emit(done)

    def reassign(self) -> None:
        row = self.selected_assignment()
        if row is None:
            return
        from ui.mentoring.assignment_dialogs import ReassignDialog

        done = ReassignDialog.ask(self, row.view.id)
        if done is not None:
            self.refresh()
            self.status_message.emit(done)

    def remove_check_in(self) -> None:
        """The selected check-in of the selected assignment, taken out with a reason."""
        self.tabs.setCurrentIndex(Tab.ASSIGNMENTS)
        self._ensure_assignments()
        self.panel.remove_check_in()

    def _assignment_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._switching:
            return
        row = self.selected_assignment()
        if ((row.view.id if row is not None else None) != self.panel.assignment_id
                and not settle(self, [self], Leaving.ASSIGNMENT)):
            self._switching = True  # Cancel, or the save refused: stay on the check-in typed
            try:
                self.assignments.setCurrentIndex(
                    self.assignments_proxy.index_of(self.panel.assignment_id)
                    if self.panel.assignment_id is not None else QModelIndex())
            finally:
                self._switching = False
            self.panel.entry.focus_minutes()
            return
        self.panel.show_assignment(self.selected_assignment())
        self._update_actions()

    def _check_in_saved(self, assignment_id: int, message: str) -> None:
        """Only this assignment's figures change: update its row, not the lists."""
        self._ensure_assignments()
        number = self.assignments_model.row_of(assignment_id)
        if number is not None:
            old = self.assignments_model.rows[number]
            row = AssignmentRow(assignment_view(assignment_id), old.problem)
            self.assignments_model.replace_row(number, row)
            if self.panel.assignment_id == assignment_id:
                self.panel.set_row(row)
        self._update_summary()
        self.status_message.emit(message)

    # ------------------------------------------------------------ work not saved
    # (ui.unsaved_work.UnsavedWork): the quick check-in being typed

    def unsaved_description(self) -> str | None:
        return self.panel.unsaved_description()

    def save_unsaved(self) -> bool:
        if self.panel.save_unsaved():
            return True
        self.tabs.setCurrentIndex(Tab.ASSIGNMENTS)  # where the refusal is shown
        return False

    def discard_unsaved(self) -> None:
        self.panel.discard_unsaved()

    # ------------------------------------------------------------ roster (the
    # mentor-record dialogs are the other part of the program; loaded on use)

    def register_mentor(self) -> None:
        try:
            from ui.mentoring.mentor_dialogs import RegisterMentorDialog
        except ImportError:
            self.status_message.emit("Registering mentors is not available in this version")
            return
        mentor_id = RegisterMentorDialog.ask(self, self._house_id)
        if mentor_id is not None:
            self.refresh()
            self._select(self.roster, self.roster_proxy, mentor_id)
            number = self.roster_model.row_of(mentor_id)
            name = self.roster_model.rows[number].name if number is not None else "Mentor"
            self.status_message.emit(f"{name} is on the mentor roster")

    def edit_certificate(self) -> None:
        mentor_id = self._selected_mentor_id()
        if mentor_id is None:
            return
        try:
            from ui.mentoring.certification_dialog import CertificationDialog
        except ImportError:
            self.status_message.emit("Certificates are not available in this version")
            return
        if CertificationDialog.ask(self, mentor_id):
            self.refresh()
            self.status_message.emit("Certificate saved")

    # ------------------------------------------------------------ history

    def show_history(self) -> None:
        """The selected mentee's history on the Assignments tab, else the
        selected roster mentor's."""
        if self.tabs.currentIndex() == Tab.ASSIGNMENTS and self.panel.row is not None:
            self.show_mentee_history()
        else:
            self.show_mentor_history()

    def show_mentor_history(self) -> None:
        mentor_id = self._selected_mentor_id()
        if mentor_id is None:
            return
        from ui.mentoring.history_dialog import MentoringHistoryDialog

        MentoringHistoryDialog.ask(self, mentor_id=mentor_id)

    def show_mentee_history(self) -> None:
        row = self.selected_assignment()
        if row is None:
            return
        from ui.mentoring.history_dialog import MentoringHistoryDialog

        MentoringHistoryDialog.ask(self, resident_id=row.view.mentee_id)

    def _selected_mentor_id(self) -> int | None:
        row = self.roster_proxy.row_at(self.roster.currentIndex())
        return row.mentor_id if row is not None else None

    # ------------------------------------------------------------ promotion

    def _promote(self) -> None:
        self.tabs.setCurrentIndex(Tab.PROMOTION)
        self.promotion.promote_selected()

    def _demote(self) -> None:
        self.tabs.setCurrentIndex(Tab.PROMOTION)
        self.promotion.demote_selected()

    def _tiers_changed(self) -> None:
        self.refresh()  # tiers decide who may mentor and be mentored
        self.residents_changed.emit()

    # ------------------------------------------------------------ Qt overrides

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        for key, splitter in zip(SPLITTER_KEYS, self._splitters(), strict=True):
            preferences.save_bytes(key, splitter.saveState())
        super().hideEvent(event)

    # ------------------------------------------------------------ helpers

    def _tab_changed(self, number: int) -> None:
        if number == Tab.PROMOTION:
            self.promotion.ensure_loaded()
        elif number == Tab.ASSIGNMENTS:
            self._ensure_assignments()
        self._update_actions()

    def _search_changed(self, text: str) -> None:
        for proxy in (self.needs_proxy, self.roster_proxy, self.assignments_proxy,
                      self.promotion.proxy):
            proxy.set_search_text(text)

    @staticmethod
    def _select(view: ListView, proxy: SearchProxy, row_id: int | None) -> bool:
        if row_id is None:
            return False
        index = proxy.index_of(row_id)
        if not index.isValid():
            return False
        view.setCurrentIndex(index)
        view.scrollTo(index)
        return True

    def _restore_need(self, resident_id: int | None, row_number: int) -> None:
        """The same resident if still waiting, else the one now in their place."""
        if self._select(self.needs, self.needs_proxy, resident_id):
            return
        if row_number >= 0 and self.needs_proxy.rowCount():
            index = self.needs_proxy.index(min(row_number, self.needs_proxy.rowCount() - 1), 0)
            self.needs.setCurrentIndex(index)
        else:
            self._load_suggestions()

    def _update_summary(self) -> None:
        overview = self.overview
        if overview is None:
            return
        rows = (self.assignments_model.rows if not self._assignments_pending
                else overview.assignments)
        overdue = sum(1 for row in rows
                      if (row.view.overdue if isinstance(row, AssignmentRow) else row.overdue))
        waiting = self.needs_model.rowCount()
        parts = [f"{waiting} waiting for a mentor" if waiting else "Everyone has a mentor",
                 f"{overdue} of {plural(len(rows), 'assignment')} overdue" if overdue
                 else f"{plural(len(rows), 'assignment')}, none overdue"]
        if overview.departed_mentees:
            parts.append(f"{plural(len(overview.departed_mentees), 'mentee')} moved out")
        if overview.certification_warnings:
            parts.append(plural(len(overview.certification_warnings), "certificate warning"))
        self.summary.setText(" \u00b7 ".join(parts))
        self.tabs.setTabText(Tab.ASSIGN, f"Assign mentors ({waiting})" if waiting
                             else "Assign mentors")
        self.tabs.setTabText(Tab.ASSIGNMENTS, f"Assignments ({overdue} overdue)" if overdue
                             else "Assignments")

    def _update_actions(self) -> None:
        has_assignment = self.panel.row is not None
        mentee_id = self.panel.row.view.mentee_id if self.panel.row is not None else None
        for action in (self.end_action, self.reassign_action):
            allow(action, Right.CHANGE_RECORDS, resident_id=mentee_id, when=has_assignment)
        for action in (self.check_in_action, self.goal_action):  # a peer coach's too
            allow(action, Right.RECORD_CHECK_INS, resident_id=mentee_id, when=has_assignment)
        allow(self.remove_check_in_action, Right.RECORD_CHECK_INS, resident_id=mentee_id,
              when=self.panel.selected_check_in() is not None)
        mentor = self.roster_proxy.row_at(self.roster.currentIndex())
        staff = mentor is not None and mentor.kind is MentorKind.STAFF
        self.certificate_action.setEnabled(staff)
        self.certificate_button.setEnabled(staff)
        self.mentor_history_button.setEnabled(mentor is not None)
        on_assignments = self.tabs.currentIndex() == Tab.ASSIGNMENTS
        self.history_action.setEnabled(has_assignment if on_assignments
                                       else mentor is not None)
        self.assign_button.setEnabled(self.selected_need() is not None)

