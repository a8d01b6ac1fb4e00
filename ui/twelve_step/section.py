"""The 12-Step section: who is behind on outside meetings this week, the
week's signed cards entered in one go, and each resident's meetings, sponsor
and step work.

- The week bar picks the week (previous / next, or any date: the week
  containing it, starting on the house's week start day).
- The table has one row per resident who lived in the house that week: tier,
  quota, what is required (pro-rated for a partial week), meetings logged,
  how many verified, and the status in words and colour.
- Choosing a resident shows their record on the right.

All figures come from :func:`soberhouse.twelve_step.quota.weekly_compliance`
in one call; every write is a core call made by a dialog.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.houses import list_houses
from soberhouse.permissions import Right
from soberhouse.residents import resident_rows
from soberhouse.twelve_step.quota import week_start_of, weekly_compliance
from ui import preferences
from ui.actions import make_action
from ui.colours import Level
from ui.date_field import DateField
from ui.form_fields import short_date
from ui.mentoring.list_view import ListView
from ui.mentoring.marks import plural
from ui.mentoring.row_model import SearchProxy
from ui.permission_state import allow
from ui.resources import icon
from ui.twelve_step.resident_panel import ResidentPanel
from ui.twelve_step.week_model import WeekColumn, WeekModel, WeekRow

if TYPE_CHECKING:
    from ui.print_job import PrintJob

SPLITTER_KEY = "twelve_step/splitter"
WEEK = dt.timedelta(days=7)


class TwelveStepSection(QWidget):
    status_message = Signal(str)
    residents_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id: int | None = None
        self._loaded = False
        self._day = clock.today()

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search residents (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search residents")
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.previous_button = QPushButton("\u2039 Previous week")
        self.previous_button.setToolTip("The week before (Alt+Left)")
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button = QPushButton("Next week \u203a")
        self.next_button.setToolTip("The week after (Alt+Right)")
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.this_week_button = QPushButton("This week")
        self.this_week_button.setToolTip("Back to the week in progress")
        self.day_edit = DateField(self._day, required=True, label="Week containing")
        self.day_edit.setAccessibleName("Week containing")
        self.day_edit.setToolTip("Show the week containing this day")
        for button in (self.previous_button, self.next_button, self.this_week_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.show_week(self._day - WEEK))
        self.next_button.clicked.connect(lambda: self.show_week(self._day + WEEK))
        self.this_week_button.clicked.connect(lambda: self.show_week(clock.today()))
        self.day_edit.value_changed.connect(self._day_edited)
        self.day_edit.typing_checked.connect(
            lambda problem: problem and self.status_message.emit(problem))
        self.cards_button = QPushButton(icon("cards"), "&Enter Week's Cards\u2026")
        self.cards_button.setAutoDefault(False)
        self.cards_button.setToolTip("Type the days on every resident's signed card for the "
                                     "shown week, then save them all at once")
        self.cards_button.clicked.connect(self.enter_cards)

        self.week_label = QLabel()
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.model = WeekModel(self)
        self.proxy = SearchProxy(self.model, self)
        self.search.textChanged.connect(self.proxy.set_search_text)
        self.table = ListView("Outside meetings this week",
                              "Nobody lived in the house this week.")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(WeekColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionsMovable(False)
        self.table.selectionModel().currentRowChanged.connect(self._resident_changed)
        self.table.open_requested.connect(self._open_row)
        self.panel = ResidentPanel()
        self.panel.status_message.connect(self.status_message)
        self.panel.changed.connect(self._records_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 440])
        state = preferences.load_bytes(SPLITTER_KEY)
        self._splitter_restored = state is not None and self.splitter.restoreState(state)

        week_bar = QHBoxLayout()
        week_bar.addWidget(self.previous_button)
        week_bar.addWidget(self.day_edit)
        week_bar.addWidget(self.next_button)
        week_bar.addWidget(self.this_week_button)
        week_bar.addSpacing(12)
        week_bar.addWidget(self.week_label)
        week_bar.addStretch(1)
        week_bar.addWidget(self.cards_button)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.summary, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(week_bar)
        layout.addWidget(self.splitter, 1)
        self._build_actions()

    # ------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        self.cards_action = make_action(
            self, "&Enter Week's Cards...",
            "Type the days on every resident's signed card for the shown week",
            icon_name="cards")
        self.add_meeting_action = make_action(
            self, "&Add Outside Meeting...", "Log one outside meeting for the selected "
                                             "resident", icon_name="outside-meeting")
        self.remove_meeting_action = make_action(
            self, "&Remove Outside Meeting...",
            "Take out the selected meeting entered by mistake (it is kept, marked removed)",
            icon_name="stop")
        self.sponsor_action = make_action(
            self, "New &Sponsor...", "Record the selected resident's new sponsor",
            icon_name="sponsor")
        self.step_action = make_action(
            self, "Start Next S&tep...", "Start the selected resident's next step",
            icon_name="steps")
        self.import_action = make_action(
            self, "&Import Outside Meetings...",
            "Read outside meetings from a spreadsheet (CSV)", icon_name="import")
        self.export_action = make_action(
            self, "E&xport Outside Meetings...",
            "Save the house's outside meetings to a spreadsheet (CSV)", icon_name="export")
        self.cards_action.triggered.connect(self.enter_cards)
        self.add_meeting_action.triggered.connect(self.add_outside_meeting)
        self.remove_meeting_action.triggered.connect(self.panel.remove_meeting)
        self.sponsor_action.triggered.connect(self.panel.new_sponsor)
        self.step_action.triggered.connect(self.panel.start_next_step)
        self.import_action.triggered.connect(self.import_outside_meetings)
        self.export_action.triggered.connect(self.export_outside_meetings)
        separator = QAction(self)
        separator.setSeparator(True)
        self._menu_actions = [self.cards_action, self.add_meeting_action,
                              self.remove_meeting_action, self.sponsor_action,
                              self.step_action, separator, self.import_action,
                              self.export_action]
        self._update_actions()

    def menu_actions(self) -> list[QAction]:
        return list(self._menu_actions)

    # ------------------------------------------------------------ public API

    def set_house(self, house_id: int | None) -> None:
        """Show one house (None: every house)."""
        changed = house_id != self._house_id
        self._house_id = house_id
        if changed or not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Read the shown week again; keep the selected resident."""
        selected = self.selected_resident_id()
        self._loaded = True
        today = clock.today()
        self._day = min(self._day, today)
        compliance = weekly_compliance(self._house_id, self._day, self._day, today=today)
        houses = {house.id: house for house in list_houses()}
        names = {row.id: row.display_name for row in resident_rows()} if compliance else {}
        rows = []
        for resident_id, weeks in compliance.items():
            week = weeks[-1]
            house = houses.get(week.house_id or 0)
            rows.append(WeekRow(resident_id, names.get(resident_id, f"Resident {resident_id}"),
                                house.name if house is not None else "", week))
        self.model.set_rows(rows)
        self.table.setColumnHidden(WeekColumn.HOUSE,
                                   len({row.house_name for row in rows}) <= 1)
        self.table.size_columns()
        self._update_week_bar(rows, houses)
        self._update_summary(rows)
        if selected is None or not self.select_resident(selected):
            if self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            else:
                self._resident_changed()
        else:
            self._resident_changed()

    def printable(self) -> PrintJob:
        """Ctrl+P: the week's table as shown (its search and sort included)."""
        from soberhouse.date_style import written_date
        from ui.print_job import house_title, table_job

        if not self._loaded:
            self.refresh()
        weeks = sorted({(row.week.week_start, row.week.week_end) for row in self.model.rows})
        if len(weeks) == 1:
            dated = f"Week of {written_date(weeks[0][0])} – {written_date(weeks[0][1])}"
        else:
            dated = f"The week containing {written_date(self._day)}"
        house = house_title(self._house_id)
        return table_job(self.table, "Outside meetings", house, dated,
                         file_stem=f"{self._day.isoformat()} {house} outside meetings",
                         empty_text="Nobody lived in the house that week.")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_item(self, kind: str, item_id: int) -> None:
        if kind == "resident":
            if not self._loaded:
                self.refresh()
            if not self.select_resident(item_id, reveal=True):
                # Not living in the house the shown week: their record all the same,
                # with no row of the table looking chosen.
                selection = self.table.selectionModel()
                selection.blockSignals(True)
                selection.clear()
                selection.blockSignals(False)
                self.table.viewport().update()
                self.panel.show_resident(item_id, self._name_of(item_id),
                                         self._week_end())
                self._update_actions()

    def select_resident(self, resident_id: int, *, reveal: bool = False) -> bool:
        index = self.proxy.index_of(resident_id)
        if not index.isValid() and reveal:
            self.search.clear()
            index = self.proxy.index_of(resident_id)
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def selected_resident_id(self) -> int | None:
        row = self.proxy.row_at(self.table.currentIndex())
        return row.resident_id if isinstance(row, WeekRow) else None

    def show_week(self, day: dt.date) -> None:
        """The week containing ``day`` (never after today's week)."""
        self._day = min(day, clock.today())
        self.day_edit.blockSignals(True)
        self.day_edit.set_value(self._day)
        self.day_edit.blockSignals(False)
        self.refresh()

    def shown_day(self) -> dt.date:
        return self._day

    # ------------------------------------------------------------ writing

    def enter_cards(self) -> None:
        """Ctrl+N: the week's signed cards, one line per resident."""
        from ui.twelve_step.card_entry import CardEntryDialog

        done = CardEntryDialog.ask(self, self._house_id, self._day)
        if done is not None:
            self._records_changed()
            self.status_message.emit(done)

    def add_outside_meeting(self) -> None:
        if self.panel.resident_id is None:
            self.status_message.emit("Choose a resident first")
            return
        self.panel.add_meeting()

    def import_outside_meetings(self) -> None:
        try:
            from ui.attendance_files import import_outside_meetings
        except ImportError:
            self.status_message.emit("Importing outside meetings is not available in this "
                                     "version")
            return
        if import_outside_meetings(self):
            self._records_changed()

    def export_outside_meetings(self) -> None:
        try:
            from ui.attendance_files import export_outside_meetings
        except ImportError:
            self.status_message.emit("Exporting outside meetings is not available in this "
                                     "version")
            return
        export_outside_meetings(self, self._house_id)

    def _records_changed(self) -> None:
        self.refresh()
        self.panel.reload()
        self.residents_changed.emit()

    # ------------------------------------------------------------ helpers

    def _week_end(self) -> dt.date:
        rows = self.model.rows
        if rows:
            return rows[0].week.week_end
        return self._day

    def _name_of(self, resident_id: int) -> str:
        number = self.model.row_of(resident_id)
        if number is not None:
            return self.model.rows[number].name
        return next((row.display_name for row in resident_rows() if row.id == resident_id),
                    "")

    def _day_edited(self) -> None:
        value = self.day_edit.value()
        if value is not None and value != self._day:
            self.show_week(value)  # a day after today shows this week

    def _update_week_bar(self, rows: list[WeekRow], houses: dict[int, object]) -> None:
        today = clock.today()
        weeks = {(row.week.week_start, row.week.week_end) for row in rows}
        if len(weeks) > 1:  # houses whose weeks start on different days
            text = f"Each house's week containing {short_date(self._day)}"
            next_start = self._day + WEEK
        else:
            if weeks:
                start, end = next(iter(weeks))
            else:
                house = houses.get(self._house_id or 0)
                week_start = getattr(house, "week_start", 0) if house is not None else 0
                start = week_start_of(self._day, week_start)
                end = start + dt.timedelta(days=6)
            text = f"Week of {short_date(start)} \u2013 {short_date(end)}"
            if start <= today <= end:
                text += " (in progress)"
            next_start = end + dt.timedelta(days=1)
        self.week_label.setText(text)
        self.next_button.setEnabled(next_start <= today)
        self.this_week_button.setEnabled(not any(row.week.in_progress for row in rows)
                                         and self._day != today)
        self.table.set_empty_message(
            "Nobody lived in the house that week." if self._day < today
            else "Nobody lives in the house yet. Add residents in Residents (Ctrl+2).")

    def _update_summary(self, rows: list[WeekRow]) -> None:
        if not rows:
            self.summary.setText("")
            return
        behind = sum(1 for row in rows if row.status.level in (Level.BAD, Level.DUE))
        met = sum(1 for row in rows if row.week.met)
        in_progress = any(row.week.in_progress for row in rows)
        parts = [f"{behind} behind" if behind else "Nobody behind"]
        if not in_progress:
            parts.append(f"{met} of {plural(len(rows), 'resident')} met the quota")
        else:
            parts.append(plural(len(rows), "resident"))
        attended = sum(row.week.attended for row in rows)
        parts.append(f"{plural(attended, 'meeting')} logged")
        self.summary.setText(" \u00b7 ".join(parts))

    def _resident_changed(self, current: QModelIndex | None = None,
                          previous: QModelIndex | None = None) -> None:
        row = self.proxy.row_at(self.table.currentIndex())
        if isinstance(row, WeekRow):
            self.panel.show_resident(row.resident_id, row.name, row.week.week_end)
        else:
            self.panel.show_resident(None)
        self._update_actions()

    def _open_row(self, index: QModelIndex) -> None:
        """Enter on a resident: add an outside meeting for them."""
        if self.proxy.row_at(index) is not None:
            self.panel.tabs.setCurrentIndex(0)
            self.panel.add_meeting()

    def _update_actions(self) -> None:
        if not hasattr(self, "add_meeting_action"):
            return
        resident_id = self.panel.resident_id
        # What the signed-in person's role can't change is off, saying why.
        for target in (self.cards_button, self.cards_action):
            allow(target, Right.CHANGE_RECORDS, house_id=self._house_id)
        for action in (self.add_meeting_action, self.remove_meeting_action,
                       self.sponsor_action, self.step_action):
            allow(action, Right.CHANGE_RECORDS, resident_id=resident_id,
                  when=resident_id is not None)
        allow(self.import_action, Right.IMPORT)

    # ------------------------------------------------------------ Qt overrides

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._loaded:
            self.refresh()
        super().showEvent(event)
        if not self._splitter_restored:
            self._splitter_restored = True
            QTimer.singleShot(0, self, self._make_room_for_the_table)

    def _make_room_for_the_table(self) -> None:
        """First start: the week table as wide as its columns need (every
        status whole), the resident's panel keeping its own least width."""
        self.table.column_fit.fit()
        sizes = self.splitter.sizes()
        total = sum(sizes)
        wanted = self.table.column_fit.wanted_width()
        if len(sizes) == 2 and wanted > sizes[0]:
            table = max(sizes[0], min(wanted, total - self.panel.minimumSizeHint().width()))
            self.splitter.setSizes([table, total - table])

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())
        super().hideEvent(event)
