"""The Meetings section: the house's weekly meetings and roll calls.

- **Meetings**: on the left, the meetings to come (from the house's weekly
  schedule) and those on record, each with its roll-call figures or "roll
  call not taken"; on the right, the chosen meeting's record and its roll
  call, taken with the keyboard (P, L, E, U; Mark all present; Enter or
  Ctrl+S saves).  The section opens on today's meeting, else the next or
  the last one.
- **Attendance**: every resident's attendance over a period, and the
  house's total.

It shows one house: with several, the toolbar's house selector chooses it.
Every write is a core call; a refusal is shown in the core's words.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.errors import NotFound
from soberhouse.houses import get_house, list_houses
from soberhouse.meetings.records import get_meeting
from soberhouse.meetings.schedule import weekly_date_of
from soberhouse.permissions import Right
from ui import preferences
from ui.actions import make_action
from ui.form_fields import heading_label, short_date
from ui.meetings.attendance_panel import AttendancePanel
from ui.meetings.meeting_dialogs import CancelMeetingDialog, ExtraMeetingDialog
from ui.meetings.meeting_list_model import (
    MeetingListColumn,
    MeetingListModel,
    MeetingListRow,
    MeetingState,
    default_row,
    meeting_list_rows,
    planned_row_id,
)
from ui.meetings.meeting_panel import MeetingPanel
from ui.mentoring.list_view import ListView
from ui.mentoring.row_model import SearchProxy
from ui.permission_state import allow
from ui.resources import icon

if TYPE_CHECKING:
    from ui.print_job import NothingToPrint, PrintJob

SPLITTER_KEY = "meetings/splitter"
CHOOSE_HOUSE_TEXT = ("Choose a house in the toolbar (House:) to see its meetings and take "
                     "the roll call.")
LIST_SHARE = 50  # per cent of the width for the list, until the manager moves the splitter
NO_HOUSE_TEXT = "Add a house in Settings first: meetings belong to a house."


class Tab:
    MEETINGS = 0
    ATTENDANCE = 1


class Unsaved:
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class MeetingsSection(QWidget):
    status_message = Signal(str)
    residents_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id: int | None = None  # the toolbar's choice (None: all houses)
        self._shown_house_id: int | None = None  # the house shown
        self._loaded = False
        self._since: dt.date | None = None  # list meetings back to this day too
        self._switching = False

        self.empty_message = QLabel(CHOOSE_HOUSE_TEXT)
        self.empty_message.setWordWrap(True)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignHCenter
                                        | Qt.AlignmentFlag.AlignTop)
        self.empty_message.setContentsMargins(24, 48, 24, 24)
        font = self.empty_message.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_message.setFont(font)

        self._build_meetings_tab()
        self.attendance = AttendancePanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.meetings_tab, icon("meetings"), "Meetings")
        self.tabs.addTab(self.attendance, icon("reports"), "Attendance")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_message)
        self.pages.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self._build_actions()
        state = preferences.load_bytes(SPLITTER_KEY)
        self._splitter_restored = state is not None and self.splitter.restoreState(state)
        self._update_actions()

    # ------------------------------------------------------------ building

    def _build_meetings_tab(self) -> None:
        self.model = MeetingListModel(self)
        self.proxy = SearchProxy(self.model, self)
        self.meetings = ListView("House meetings",
                                 "No meetings yet. Set the house's weekly meeting day in "
                                 "Settings, or add an extra meeting (Ctrl+N).")
        self.meetings.setModel(self.proxy)
        self.meetings.setSortingEnabled(True)
        self.meetings.sortByColumn(MeetingListColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.meetings.selectionModel().currentRowChanged.connect(self._meeting_chosen)
        self.meetings.open_requested.connect(self._open_current)
        self.list_label = heading_label("&Meetings", self.meetings)
        self.add_button = QPushButton(icon("add"), "Add &extra meeting\u2026")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("An emergency meeting or a special session, besides the "
                                   "weekly meeting (Ctrl+N)")
        self.add_button.clicked.connect(self.add_meeting)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.list_label, 1)
        header.addWidget(self.add_button)
        left_layout.addLayout(header)
        left_layout.addWidget(self.meetings, 1)

        self.panel = MeetingPanel()
        self.panel.saved.connect(self._meeting_saved)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.meetings_tab = self.splitter

    def _build_actions(self) -> None:
        self.new_meeting_action = make_action(
            self, "New &Extra Meeting...", "Add an emergency meeting or a special session",
            icon_name="add")
        self.mark_all_action = make_action(
            self, "Mark &All Present", "Mark everyone not marked yet as present, then change "
                                       "the exceptions", icon_name="mark-all",
            shortcut="Ctrl+Shift+A")
        self.save_action = make_action(
            self, "&Save Roll Call", "Save the roll call (and the meeting's record) in one go",
            icon_name="roll-call", shortcut=QKeySequence.StandardKey.Save)
        self.cancel_action = make_action(
            self, "&Cancel Meeting...", "Mark the meeting as not held, with the reason",
            icon_name="stop")
        self.import_action = make_action(
            self, "&Import Roll Calls...", "Read roll calls from a spreadsheet (CSV)",
            icon_name="import")
        self.export_action = make_action(
            self, "E&xport Roll Calls...", "Write this house's roll calls to a spreadsheet "
                                           "(CSV)", icon_name="export")
        self.new_meeting_action.triggered.connect(self.add_meeting)
        self.mark_all_action.triggered.connect(self.mark_all_present)
        self.save_action.triggered.connect(self.save)
        self.cancel_action.triggered.connect(self.cancel_meeting)
        self.import_action.triggered.connect(self.import_roll_calls)
        self.export_action.triggered.connect(self.export_roll_calls)
        self.addActions(self.menu_actions())

    def menu_actions(self) -> list[QAction]:
        return [self.new_meeting_action, self.mark_all_action, self.save_action,
                self.cancel_action, self.import_action, self.export_action]

    # ------------------------------------------------------------ the window's API

    @property
    def house_id(self) -> int | None:
        """The house shown (None: none chosen among several)."""
        return self._shown_house_id

    def set_house(self, house_id: int | None) -> None:
        """Show one house; None (all houses) shows the only house, or asks
        the manager to choose one in the toolbar."""
        changed = house_id != self._house_id
        self._house_id = house_id
        if changed or not self._loaded:
            if self.panel.is_dirty() and self._ask_and_save(can_cancel=False) is None:
                return
            self._since = None
            self._load(select_default=True)

    def refresh(self) -> None:
        """Read the list again; unsaved marks or typing in the meeting stay."""
        self._load(select_default=False)

    def open_item(self, kind: str, item_id: int) -> None:
        """Show one meeting ("meeting"; "roll_call" also starts the roll call;
        "weekly_roll_call": a weekly date with nothing on record, see
        :func:`~soberhouse.meetings.schedule.weekly_date_reference`)."""
        if kind == "weekly_roll_call":
            self._open_weekly_date(*weekly_date_of(item_id))
            return
        if kind not in ("meeting", "roll_call"):
            return
        try:
            meeting = get_meeting(item_id)
        except NotFound as error:
            self.status_message.emit(str(error))
            return
        if self._house_id is not None and meeting.house_id != self._house_id:
            house = get_house(meeting.house_id)
            self.status_message.emit(f"That meeting is {house.name}'s: choose {house.name} "
                                     f"in the toolbar to see it.")
            return
        if not self._confirm_leaving():
            return
        self.tabs.setCurrentIndex(Tab.MEETINGS)
        if meeting.house_id != self._shown_house_id or not self._loaded:
            self._shown_house_id = meeting.house_id
            self._since = meeting.held_on
            self._load(select_default=False, house_id=meeting.house_id)
        elif self.model.row_of(item_id) is None:
            self._since = meeting.held_on
            self._load(select_default=False, house_id=meeting.house_id)
        self.select_meeting(item_id, force=True)
        if kind == "roll_call":
            self.panel.start_roll_call()

    def _open_weekly_date(self, house_id: int, held_on: dt.date) -> None:
        """Show the weekly meeting of ``held_on`` (stored since, or still
        planned) and start its roll call."""
        if self._house_id is not None and house_id != self._house_id:
            house = get_house(house_id)
            self.status_message.emit(f"That meeting is {house.name}'s: choose {house.name} "
                                     f"in the toolbar to see it.")
            return
        if not self._confirm_leaving():
            return
        self.tabs.setCurrentIndex(Tab.MEETINGS)
        self._since = held_on if self._since is None else min(self._since, held_on)
        self._load(select_default=False, house_id=house_id)
        stored = next((row for row in self.model.rows if row.held_on == held_on
                       and row.meeting_id is not None), None)
        row_id = stored.row_id if stored is not None else planned_row_id(held_on)
        if not self.select_meeting(row_id, force=True):
            self.status_message.emit(f"There is no weekly meeting on {short_date(held_on)} "
                                     f"any more.")
            return
        self.panel.start_roll_call()

    def printable(self) -> PrintJob | NothingToPrint:
        """Ctrl+P: the sign-in sheet of the meeting chosen (else the next one)."""
        from soberhouse.house_lists import sign_in_sheet
        from soberhouse.meetings.schedule import PlannedMeeting
        from ui.print_job import NothingToPrint, PrintJob

        house_id = self._shown_house_id
        if house_id is None:
            return NothingToPrint("Choose a house in the toolbar to print its sign-in sheet.")
        row = self.selected_row()
        if row is not None and row.state is MeetingState.CANCELLED:
            return NothingToPrint("That meeting was called off: choose another one to print "
                                  "its sign-in sheet.")
        meeting = (PlannedMeeting(house_id, row.held_on, row.starts_at, row.kind,
                                  row.meeting_id) if row is not None else None)
        try:
            return PrintJob.of_list(sign_in_sheet(house_id, meeting))
        except NotFound as problem:
            return NothingToPrint(str(problem))

    def add_meeting(self) -> None:
        """Ctrl+N: an extra meeting (emergency or special session)."""
        if self._shown_house_id is None:
            self.status_message.emit(CHOOSE_HOUSE_TEXT)
            return
        if not self._confirm_leaving():
            return
        added = ExtraMeetingDialog.ask(self, self._shown_house_id)
        if added is None:
            return
        meeting_id, message = added
        self.tabs.setCurrentIndex(Tab.MEETINGS)
        self._reload_list()
        self.select_meeting(meeting_id, force=True)
        self.status_message.emit(message)

    # ------------------------------------------------------------ roll call and record

    def mark_all_present(self) -> None:
        if self.pages.currentWidget() is not self.tabs:
            return
        self.tabs.setCurrentIndex(Tab.MEETINGS)
        marked = self.panel.mark_all_present()
        if marked:
            self.status_message.emit(f"{marked} marked present: now mark the exceptions "
                                     f"(L late, E excused, U unexcused), then Enter to save")
        self._update_actions()

    def save(self) -> bool:
        """Ctrl+S: save what changed in the meeting (the roll call, and the
        record with it)."""
        panel = self.panel
        if self.pages.currentWidget() is not self.tabs or panel.row is None:
            return False
        if panel.roll_call_editable and (panel.roll_call_model.is_dirty()
                                         or not panel.roll_call_model.marks_to_save()):
            return panel.save_roll_call()
        if panel.record_is_dirty() or (panel.meeting_id is None and panel.record_editable):
            return panel.save_record()
        self.status_message.emit("Nothing to save: no change since the last save")
        return False

    def save_roll_call(self) -> bool:
        return self.panel.save_roll_call()

    def cancel_meeting(self) -> None:
        row = self.panel.row
        if row is None or self._shown_house_id is None or row.state is MeetingState.CANCELLED:
            return
        cancelled = CancelMeetingDialog.ask(self, self._shown_house_id, row.held_on,
                                            row.title, row.meeting_id)
        if cancelled is None:
            return
        meeting_id, message = cancelled
        self._reload_list()
        self.select_meeting(meeting_id, force=True)
        self.attendance.set_house(self._shown_house_id)
        self.status_message.emit(message)
        self.residents_changed.emit()

    def import_roll_calls(self) -> None:
        try:
            from ui.attendance_files import import_roll_calls
        except ImportError:
            self.status_message.emit("Importing roll calls is not available in this version")
            return
        if not self._confirm_leaving():
            return
        if import_roll_calls(self):
            self._load(select_default=False)
            self.attendance.set_house(self._shown_house_id)
            self.residents_changed.emit()

    def export_roll_calls(self) -> None:
        if self._shown_house_id is None:
            self.status_message.emit(CHOOSE_HOUSE_TEXT)
            return
        try:
            from ui.attendance_files import export_roll_calls
        except ImportError:
            self.status_message.emit("Exporting roll calls is not available in this version")
            return
        export_roll_calls(self, self._shown_house_id)

    # ------------------------------------------------------------ the list

    def selected_row(self) -> MeetingListRow | None:
        row = self.proxy.row_at(self.meetings.currentIndex())
        return row if isinstance(row, MeetingListRow) else None

    def select_meeting(self, row_id: int, *, force: bool = False) -> bool:
        """Choose a meeting of the list by id (a planned one: minus its date's
        ordinal); ``force`` shows it again even if it is already chosen."""
        index = self.proxy.index_of(row_id)
        if not index.isValid():
            return False
        if index.row() == self.meetings.currentIndex().row() and force:
            self._show_selected()
        else:
            self.meetings.setCurrentIndex(index)
        self.meetings.scrollTo(index)
        return True

    def _load(self, *, select_default: bool, house_id: int | None = None) -> None:
        self._loaded = True
        if house_id is None:
            house_id = self._house_to_show()
        self._shown_house_id = house_id
        self.attendance.set_house(house_id)
        if house_id is None:
            self.empty_message.setText(CHOOSE_HOUSE_TEXT if list_houses() else NO_HOUSE_TEXT)
            self.pages.setCurrentWidget(self.empty_message)
            self._switching = True
            try:
                self.model.set_rows([])
            finally:
                self._switching = False
            self.panel.show_meeting(None, None)
            self._update_actions()
            return
        self.pages.setCurrentWidget(self.tabs)
        self.list_label.setText(f"&Meetings of {get_house(house_id).name.replace('&', '&&')}")
        keep = self.panel.row.row_id if self.panel.row is not None else None
        same_house = self.panel.house_id == house_id
        self._reload_list()
        today = clock.today()
        chosen = None if select_default or not same_house else keep
        if chosen is None or self.model.row_of(chosen) is None:
            row = default_row(self.model.rows, today)
            chosen = row.row_id if row is not None else None
        if chosen is not None and self.select_meeting(chosen, force=not self.panel.is_dirty()):
            pass
        else:
            self.panel.show_meeting(None, house_id)
        if self.tabs.currentIndex() == Tab.ATTENDANCE:
            self.attendance.ensure_loaded()
        self._update_actions()

    def _reload_list(self) -> None:
        """The list read again, keeping the chosen meeting without showing it anew."""
        if self._shown_house_id is None:
            return
        rows = meeting_list_rows(self._shown_house_id, clock.today(), self._since)
        self._switching = True
        try:
            self.model.set_rows(rows)  # the columns follow (ui.table_columns)
            if self.panel.row is not None:
                index = self.proxy.index_of(self.panel.row.row_id)
                if index.isValid():
                    self.meetings.setCurrentIndex(index)
        finally:
            self._switching = False
        self._update_count()

    def _update_count(self) -> None:
        missed = sum(1 for row in self.model.rows if row.state is MeetingState.NOT_TAKEN)
        self.tabs.setTabText(Tab.MEETINGS, f"Meetings ({missed} without roll call)" if missed
                             else "Meetings")

    def _house_to_show(self) -> int | None:
        if self._house_id is not None:
            return self._house_id
        houses = list_houses()
        return houses[0].id if len(houses) == 1 else None

    def _meeting_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._switching:
            return
        row = self.proxy.row_at(current)
        if self.panel.row is not None and row is not None and row.row_id == self.panel.row.row_id:
            return
        if self.panel.is_dirty():
            answer = self._ask_and_save(can_cancel=True)
            if answer is None:  # stay on the meeting being edited
                self._switching = True
                try:
                    self.meetings.setCurrentIndex(self.proxy.index_of(self.panel.row.row_id)
                                                  if self.panel.row is not None else previous)
                finally:
                    self._switching = False
                return
            if answer == Unsaved.SAVE:  # the list was read again: choose the row anew
                self._switching = True
                try:
                    self.meetings.setCurrentIndex(self.proxy.index_of(row.row_id)
                                                  if row is not None else QModelIndex())
                finally:
                    self._switching = False
        self._show_selected()

    def _show_selected(self) -> None:
        self.panel.show_meeting(self.selected_row(), self._shown_house_id)
        self._update_actions()

    def _open_current(self) -> None:
        self.panel.start_roll_call()

    def _meeting_saved(self, meeting_id: int, message: str) -> None:
        self._reload_list()
        index = self.proxy.index_of(meeting_id)
        if index.isValid():
            self._switching = True
            try:
                self.meetings.setCurrentIndex(index)
            finally:
                self._switching = False
            row = self.selected_row()
            if row is not None:
                self.panel.set_row(row)
        self.attendance.set_house(self._shown_house_id)
        self._update_actions()
        self.status_message.emit(message)
        if message.startswith("Roll call"):
            self.residents_changed.emit()

    # ------------------------------------------------------------ unsaved changes

    def ask_unsaved(self, can_cancel: bool) -> str:
        """Save, discard or (when possible) stay: what the manager chose."""
        buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        if can_cancel:
            buttons |= QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(
            self, "Save the meeting?",
            f"{self.panel.unsaved_description() or 'The meeting has changes not saved.'} "
            f"Save them?", buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return Unsaved.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return Unsaved.DISCARD
        return Unsaved.CANCEL

    def _ask_and_save(self, *, can_cancel: bool) -> str | None:
        """None when the manager chose to stay (or saving was refused)."""
        answer = self.ask_unsaved(can_cancel)
        if answer == Unsaved.CANCEL:
            return None if can_cancel else Unsaved.DISCARD
        if answer == Unsaved.SAVE:
            saved = (self.panel.save_roll_call()
                     if self.panel.roll_call_editable and self.panel.roll_call_model.is_dirty()
                     else self.panel.save_record())
            if not saved:
                return None if can_cancel else Unsaved.DISCARD
        return answer

    def _confirm_leaving(self) -> bool:
        return not self.panel.is_dirty() or self._ask_and_save(can_cancel=True) is not None

    # The window asks before quitting, showing another house or section
    # (ui.unsaved_work.UnsavedWork).

    def unsaved_description(self) -> str | None:
        return self.panel.unsaved_description()

    def save_unsaved(self) -> bool:
        if self.panel.save_unsaved():
            return True
        self.tabs.setCurrentIndex(Tab.MEETINGS)  # where the refusal is shown
        return False

    def discard_unsaved(self) -> None:
        self.panel.discard_unsaved()
        self._update_actions()

    # ------------------------------------------------------------ Qt overrides

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._loaded:
            self._load(select_default=True)
        super().showEvent(event)
        self._update_actions()
        if not self._splitter_restored:  # the first time: about half each
            self._splitter_restored = True
            width = max(self.splitter.width(), 1000)
            self.splitter.setSizes([width * LIST_SHARE // 100, width * (100 - LIST_SHARE) // 100])

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())
        super().hideEvent(event)
        self._update_actions()

    # ------------------------------------------------------------ helpers

    def _tab_changed(self, number: int) -> None:
        if number == Tab.ATTENDANCE:
            self.attendance.ensure_loaded()
        self._update_actions()

    def _update_actions(self) -> None:
        # Hidden (another section shown), its menu's actions rest.
        shown = (self.isVisible() and self.pages.currentWidget() is self.tabs
                 and self._shown_house_id is not None)
        row = self.panel.row
        house_id = self._shown_house_id
        # What the signed-in person's role can't change is off, saying why
        # (the panel's own buttons likewise).
        for target in (self.new_meeting_action, self.add_button):
            allow(target, Right.CHANGE_RECORDS, house_id=house_id, when=shown)
        self.mark_all_action.setEnabled(shown and self.panel.roll_call_editable)
        self.save_action.setEnabled(shown and (self.panel.roll_call_editable
                                               or self.panel.record_editable))
        allow(self.cancel_action, Right.CHANGE_RECORDS, house_id=house_id,
              when=shown and row is not None and row.state is not MeetingState.CANCELLED)
        self.export_action.setEnabled(shown)
        allow(self.import_action, Right.IMPORT, when=self.isVisible())  # any of their houses
