"""The selected resident's 12-step record: outside meetings (with a chart of
the last weeks), sponsor and step work, each with its actions.  Every write
is a dialog making one core call; what was done goes out through
:attr:`ResidentPanel.status_message` and :attr:`ResidentPanel.changed`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soberhouse import clock
from soberhouse.models.twelve_step import Fellowship, OutsideMeeting
from soberhouse.permissions import Right
from soberhouse.twelve_step.outside_meetings import outside_meetings_of
from soberhouse.twelve_step.quota import weekly_compliance
from soberhouse.twelve_step.sponsors import sponsor_history
from soberhouse.twelve_step.step_work import StepProgress, step_progress
from ui.form_fields import short_date
from ui.mentoring.list_view import ListView
from ui.mentoring.row_model import SearchProxy
from ui.permission_state import allow
from ui.residents.detail_pane import ElidedLabel
from ui.resources import icon
from ui.twelve_step.dialogs import (
    AddOutsideMeetingDialog,
    CompleteStepDialog,
    EndSponsorDialog,
    NewSponsorDialog,
    RemoveOutsideMeetingDialog,
    StartStepDialog,
)
from ui.twelve_step.record_models import OutsideMeetingsModel, SponsorsModel, StepWorkModel
from ui.twelve_step.weeks_chart import WeeksChart

CHART_WEEKS = 8
PERIODS = (("The shown week", 0), ("Last 4 weeks", 4), ("Last 13 weeks", 13),
           ("Last 12 months", 52))
DEFAULT_PERIOD = 1


class Tab:
    MEETINGS = 0
    SPONSOR = 1
    STEPS = 2


def _button(icon_name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(icon(icon_name), text)
    button.setAutoDefault(False)
    button.setToolTip(tip)
    return button


def step_summary(progress: StepProgress | None) -> str:
    if progress is None or progress.current_step is None:
        return "No step work yet"
    if progress.current_completed_on is not None:
        return (f"Step {progress.current_step} completed "
                f"{short_date(progress.current_completed_on)}")
    return f"On step {progress.current_step} since {short_date(progress.current_started_on)}"


class ResidentPanel(QStackedWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resident_id: int | None = None
        self.resident_name = ""
        self.week_end = clock.today()
        self.progress: StepProgress | None = None

        self.empty = QLabel("Choose a resident to see their outside meetings, sponsor and "
                            "step work.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setEnabled(False)
        self.addWidget(self.empty)

        page = QWidget()
        self.title = ElidedLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.summary = ElidedLabel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_meetings_tab(), icon("outside-meeting"),
                         "&Outside meetings")
        self.tabs.addTab(self._build_sponsor_tab(), icon("sponsor"), "S&ponsor")
        self.tabs.addTab(self._build_steps_tab(), icon("steps"), "Step &work")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.addWidget(page)
        self.page = page

    # ------------------------------------------------------------ building

    def _build_meetings_tab(self) -> QWidget:
        self.chart = WeeksChart()
        self.period = QComboBox()
        for text, weeks in PERIODS:
            self.period.addItem(text, weeks)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.period.setAccessibleName("Period")
        self.period.currentIndexChanged.connect(self._load_meetings)
        self.meetings_model = OutsideMeetingsModel(self)
        self.meetings_proxy = SearchProxy(self.meetings_model, self)
        self.meetings = ListView("Outside meetings", "No outside meetings logged in this "
                                                     "period. Add one or enter the week's "
                                                     "cards.")
        self.meetings.setModel(self.meetings_proxy)
        self.meetings.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.meetings.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.meetings.customContextMenuRequested.connect(self._meeting_menu)
        self.add_meeting_button = _button("add", "&Add\u2026", "Log one outside meeting")
        self.remove_meeting_button = _button(
            "stop", "&Remove\u2026", "Take out a meeting entered by mistake (asks why; "
                                     "the line is kept in the records)")
        self.add_meeting_button.clicked.connect(self.add_meeting)
        self.remove_meeting_button.clicked.connect(self.remove_meeting)
        bar = QHBoxLayout()
        period_label = QLabel("Sho&w:")
        period_label.setBuddy(self.period)
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        bar.addStretch(1)
        bar.addWidget(self.add_meeting_button)
        bar.addWidget(self.remove_meeting_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.chart)
        layout.addLayout(bar)
        layout.addWidget(self.meetings, 1)
        return tab

    def _build_sponsor_tab(self) -> QWidget:
        self.sponsor_label = QLabel()
        self.sponsor_label.setWordWrap(True)
        self.sponsor_label.setTextFormat(Qt.TextFormat.PlainText)
        self.new_sponsor_button = _button("sponsor", "&New sponsor\u2026",
                                          "Record a new sponsor (the current one ends that day)")
        self.end_sponsor_button = _button("end", "&End sponsorship\u2026",
                                          "The resident no longer has this sponsor")
        self.new_sponsor_button.clicked.connect(self.new_sponsor)
        self.end_sponsor_button.clicked.connect(self.end_sponsorship)
        self.sponsors_model = SponsorsModel(self)
        self.sponsors_proxy = SearchProxy(self.sponsors_model, self)
        self.sponsors = ListView("Sponsor history", "No sponsor recorded yet.")
        self.sponsors.setModel(self.sponsors_proxy)
        self.sponsors.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        bar = QHBoxLayout()
        bar.addWidget(self.sponsor_label, 1)
        bar.addWidget(self.new_sponsor_button)
        bar.addWidget(self.end_sponsor_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        history = QLabel("History")
        font = history.font()
        font.setBold(True)
        history.setFont(font)
        layout.addWidget(history)
        layout.addWidget(self.sponsors, 1)
        return tab

    def _build_steps_tab(self) -> QWidget:
        self.step_label = QLabel()
        self.step_label.setWordWrap(True)
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        self.start_step_button = _button("steps", "&Start next step\u2026",
                                         "Start the next step, in order")
        self.complete_step_button = _button("check", "&Complete step\u2026",
                                            "Record that the current step is completed")
        self.restart_step_button = _button("readmit", "Restart &at step\u2026",
                                           "Go back to an earlier step, or work this one "
                                           "again (a reason is required)")
        self.start_step_button.clicked.connect(self.start_next_step)
        self.complete_step_button.clicked.connect(self.complete_current_step)
        self.restart_step_button.clicked.connect(self.restart_steps)
        self.steps_model = StepWorkModel(self)
        self.steps_proxy = SearchProxy(self.steps_model, self)
        self.steps = ListView("Step work timeline", "No step work recorded yet. Start step 1 "
                                                    "when the resident begins.")
        self.steps.setModel(self.steps_proxy)
        self.steps.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_step_button)
        buttons.addWidget(self.complete_step_button)
        buttons.addWidget(self.restart_step_button)
        buttons.addStretch(1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.step_label)
        layout.addLayout(buttons)
        layout.addWidget(self.steps, 1)
        return tab

    # ------------------------------------------------------------ showing

    def show_resident(self, resident_id: int | None, name: str = "",
                      week_end: dt.date | None = None) -> None:
        """Show one resident's record, the meetings up to ``week_end``."""
        self.resident_id = resident_id
        self.resident_name = name
        self.week_end = min(week_end or clock.today(), clock.today())
        if resident_id is None:
            self.setCurrentWidget(self.empty)
            return
        self.title.set_full_text(name)
        self.reload()
        self.setCurrentWidget(self.page)

    def reload(self) -> None:
        if self.resident_id is None:
            return
        self._load_meetings()
        self._load_sponsor_and_steps()

    def _load_meetings(self) -> None:
        if self.resident_id is None:
            return
        weeks = self.period.currentData() or 0
        end = self.week_end
        start = end - dt.timedelta(days=6 + 7 * max(weeks - 1, 0))
        meetings = outside_meetings_of(self.resident_id, start, end)
        self.meetings_model.set_rows(meetings)
        self.meetings.size_columns()
        chart_start = end - dt.timedelta(days=7 * CHART_WEEKS - 1)
        weeks_of = weekly_compliance(None, chart_start, end, [self.resident_id])
        self.chart.set_weeks(weeks_of.get(self.resident_id, [])[-CHART_WEEKS:])
        self._update_buttons()

    def _load_sponsor_and_steps(self) -> None:
        assert self.resident_id is not None
        history = sponsor_history(self.resident_id)
        self.sponsors_model.set_rows(history)
        self.sponsors.size_columns()
        current = next((s for s in history if s.ended_on is None), None)
        if current is not None:
            phone = f", {current.phone}" if current.phone else ""
            sponsor_text = f"Sponsor: {current.name}{phone}, since {short_date(current.since)}"
        else:
            sponsor_text = "No sponsor now"
        self.sponsor_label.setText(sponsor_text)
        self.progress = step_progress([self.resident_id]).get(self.resident_id)
        self.steps_model.set_rows(self.progress.rows if self.progress is not None else [])
        self.steps.size_columns()
        steps_text = step_summary(self.progress)
        self.step_label.setText(steps_text)
        self.summary.set_full_text(f"{sponsor_text} \u00b7 {steps_text}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        # What the signed-in person's role can't change (a read-only account,
        # a peer coach) is off, its tooltip saying why.
        resident_id = self.resident_id
        for button in (self.add_meeting_button, self.new_sponsor_button):
            allow(button, Right.CHANGE_RECORDS, resident_id=resident_id,
                  when=resident_id is not None)
        allow(self.remove_meeting_button, Right.CHANGE_RECORDS, resident_id=resident_id,
              when=self.selected_meeting() is not None)
        allow(self.end_sponsor_button, Right.CHANGE_RECORDS, resident_id=resident_id,
              when=any(s.ended_on is None for s in self.sponsors_model.rows))
        progress = self.progress
        current = progress.current_step if progress is not None else None
        completed = progress is not None and progress.current_completed_on is not None
        allow(self.complete_step_button, Right.CHANGE_RECORDS, resident_id=resident_id,
              when=current is not None and not completed)
        self.complete_step_button.setText(
            f"&Complete step {current}\u2026" if current is not None and not completed
            else "&Complete step\u2026")
        next_step = self.next_step()
        self.start_step_button.setText(f"&Start step {next_step}\u2026" if next_step
                                       else "&Start next step\u2026")
        if next_step is None:
            tip = ("All twelve steps are completed" if completed and current == 12
                   else f"Complete step {current} first")
        else:
            tip = f"Start step {next_step}, in order"
        allow(self.start_step_button, Right.CHANGE_RECORDS, resident_id=resident_id,
              when=next_step is not None, tip=tip)
        allow(self.restart_step_button, Right.CHANGE_RECORDS, resident_id=resident_id,
              when=current is not None)

    def next_step(self) -> int | None:
        """The step that comes next in order, or None while the current one
        is not completed (or all twelve are)."""
        progress = self.progress
        if progress is None or progress.current_step is None:
            return 1
        if progress.current_completed_on is None or progress.current_step >= 12:
            return None
        return progress.current_step + 1

    def selected_meeting(self) -> OutsideMeeting | None:
        row = self.meetings_proxy.row_at(self.meetings.currentIndex())
        return row if isinstance(row, OutsideMeeting) else None

    def last_fellowship(self) -> Fellowship | None:
        rows = sorted(self.meetings_model.rows, key=lambda m: (m.attended_on, m.id))
        if not rows:
            return None
        try:
            return Fellowship(rows[-1].fellowship)
        except ValueError:
            return None

    # ------------------------------------------------------------ actions

    def _done(self, message: str | None, tab: int) -> None:
        if message is None:
            return
        self.tabs.setCurrentIndex(tab)
        self.reload()
        self.status_message.emit(message)
        self.changed.emit()

    def add_meeting(self) -> None:
        if self.resident_id is not None:
            self._done(AddOutsideMeetingDialog.ask(self, self.resident_id,
                                                   self.last_fellowship()), Tab.MEETINGS)

    def remove_meeting(self) -> None:
        meeting = self.selected_meeting()
        if meeting is not None:
            self._done(RemoveOutsideMeetingDialog.ask(self, meeting.id), Tab.MEETINGS)

    def new_sponsor(self) -> None:
        if self.resident_id is not None:
            self._done(NewSponsorDialog.ask(self, self.resident_id), Tab.SPONSOR)

    def end_sponsorship(self) -> None:
        if self.resident_id is not None:
            self._done(EndSponsorDialog.ask(self, self.resident_id), Tab.SPONSOR)

    def start_next_step(self) -> None:
        step = self.next_step()
        if self.resident_id is not None and step is not None:
            self._done(StartStepDialog.ask(self, self.resident_id, step, False), Tab.STEPS)

    def complete_current_step(self) -> None:
        progress = self.progress
        if self.resident_id is None or progress is None or progress.current_step is None:
            return
        self._done(CompleteStepDialog.ask(self, self.resident_id, progress.current_step,
                                          progress.current_started_on), Tab.STEPS)

    def restart_steps(self) -> None:
        progress = self.progress
        if self.resident_id is None or progress is None or progress.current_step is None:
            return
        self._done(StartStepDialog.ask(self, self.resident_id, progress.current_step, True),
                   Tab.STEPS)

    def _meeting_menu(self, position: QPoint) -> None:
        index: QModelIndex = self.meetings.indexAt(position)
        if index.isValid():
            self.meetings.setCurrentIndex(index)
        menu = QMenu(self)
        add = menu.addAction(icon("add"), "Add outside meeting\u2026", self.add_meeting)
        allow(add, Right.CHANGE_RECORDS, resident_id=self.resident_id)
        remove = menu.addAction(icon("stop"), "Remove\u2026", self.remove_meeting)
        allow(remove, Right.CHANGE_RECORDS, resident_id=self.resident_id,
              when=self.selected_meeting() is not None)
        menu.exec(self.meetings.viewport().mapToGlobal(position))
