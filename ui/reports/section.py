"""The Reports section: one house's month, resident by resident.

- A month picker (opens on last month; a month that has not started can't
  be chosen), and the residents who lived in the house that month with their
  key figures and what needs attention (text and colour).
- The manager's comments on the selected resident's month: saved with Save
  (Ctrl+S) and, if changed, when another row, month or section is chosen.
- Preview (the PDF in the app), Print (the system print dialog), Save PDF,
  the house summary, "Print All for the Month" (every resident's report,
  each from a new page, through the system print dialog) and "Save All as
  PDF" (one PDF or one file each), built in the background with a progress
  bar and Cancel while the window stays usable.
- Before printing or saving a month's reports, a house meeting whose roll
  call was never taken is named (:class:`MissingRollCallWarning`): take it
  first (Meetings opens on it), go on, or cancel.

Every figure comes from :mod:`soberhouse.reports.monthly_progress`; every PDF
from :mod:`soberhouse.reports.pdf`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from soberhouse import audit, clock
from soberhouse.audit import Action
from soberhouse.consents import MONTHLY_REPORT_SCOPES, DisclosureStamp
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound, RuleViolation
from soberhouse.houses import get_house, list_houses
from soberhouse.meetings.attendance import MeetingWithoutRollCall, meetings_without_roll_call
from soberhouse.permissions import Right, can
from soberhouse.reports.monthly_progress import (
    MonthlyProgress,
    house_month,
    month_span,
    monthly_progress,
    previous_month,
    save_comments,
)
from soberhouse.reports.pdf import (
    house_summary_pdf,
    monthly_batch_pdf,
    report_file_name,
    resident_reports_to_folder,
)
from soberhouse.reports.settings import ReportSettings, report_settings
from ui import preferences
from ui.actions import make_action
from ui.audit_notes import note
from ui.background import BackgroundTask, Progress, ProgressRow
from ui.disclosure_question import Answer, DisclosureQuestion, disclosed, disclosed_what
from ui.form_fields import heading_label, short_date
from ui.mentoring.list_view import ListView
from ui.permission_state import allow
from ui.reports.pdf_preview import PdfPreviewDialog, report_title, resident_pdf, show_preview
from ui.reports.printing import PrintingFailed, print_pdf
from ui.reports.progress_model import ProgressColumn, ProgressModel
from ui.reports.report_files import ReportFiles, pdf_path, remember_folder, write_pdf
from ui.resources import icon

SPLITTER_KEY = "reports/splitter"  # table above, comments below
CHOOSE_HOUSE_TEXT = ("Choose a house in the toolbar (House:) to see its residents' monthly "
                     "reports.")
NO_HOUSE_TEXT = "Add a house in Settings first: reports are made for a house."


@dataclass(frozen=True)
class PrintAllChoice:
    one_file: bool
    include_moved_out: bool


@dataclass(frozen=True)
class BatchDone:
    reports: int
    target: Path | None  # None: made to print (``data``)
    one_file: bool
    data: bytes = b""
    month_label: str = ""
    # For the audit trail: the month ("2026-10"), the residents, and each file
    # written (audit.pdf_details of its bytes, read back in the background).
    month_key: str = ""
    resident_ids: tuple[int, ...] = ()
    saved: tuple[dict[str, object], ...] = ()


class PrintAllDialog(QDialog):
    """Saving: one PDF for the whole month, or one file per resident?  Both
    (and printing): the residents who moved out during the month too?"""

    def __init__(self, month_label: str, living: int, moved_out: int,
                 parent: QWidget | None = None, *, printing: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print All Reports: {month_label}" if printing
                            else f"Save All Reports as PDF: {month_label}")
        self._living = living
        self._moved_out = moved_out
        intro = QLabel(f"Every resident's report for {month_label}, each from a new page, "
                       f"built in the background; the print dialog comes next." if printing
                       else f"Every resident's report for {month_label}, built in the "
                            f"background: you can go on working meanwhile.")
        intro.setWordWrap(True)
        self.one_file = QRadioButton("&One PDF, each resident starting on a new page")
        self.one_file.setToolTip("Print it in one go; each report numbers its own pages")
        self.per_resident = QRadioButton("One &file per resident, in a folder")
        self.per_resident.setToolTip('Named like "2026-10 Chris Dunn.pdf"')
        self.one_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.per_resident)
        self.include_moved_out = QCheckBox(
            f"&Include the {moved_out} who moved out during the month")
        self.include_moved_out.setVisible(moved_out > 0)
        self.include_moved_out.toggled.connect(self._update_count)
        self.count_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Continue...")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.one_file)
        layout.addWidget(self.per_resident)
        layout.addWidget(self.include_moved_out)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.one_file.setVisible(not printing)
        self.per_resident.setVisible(not printing)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._update_count()

    def _update_count(self) -> None:
        count = self._living + (self._moved_out if self.include_moved_out.isChecked() else 0)
        self.count_label.setText(f"{count} {'report' if count == 1 else 'reports'} will be made.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)

    def choice(self) -> PrintAllChoice:
        return PrintAllChoice(self.one_file.isChecked(), self.include_moved_out.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, month_label: str, living: int,
            moved_out: int, printing: bool = False) -> PrintAllChoice | None:
        dialog = cls(month_label, living, moved_out, parent, printing=printing)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class RollCallAnswer:
    GO_ON = "go on"
    TAKE_ROLL_CALL = "take the roll call"
    CANCEL = "cancel"


class MissingRollCallWarning:
    """Before a month's reports are printed or saved: the house meetings of
    the month whose roll call was never taken (they count for nobody)."""

    @classmethod
    def ask(cls, parent: QWidget | None, meetings: Sequence[MeetingWithoutRollCall],
            month_label: str, going_on: str) -> str:
        """:class:`RollCallAnswer`: go on (``going_on`` names it), take the
        roll call of the first such meeting, or cancel."""
        dates = [written_date(meeting.held_on) for meeting in meetings]
        if len(dates) == 1:
            text = f"No roll call was taken at the house meeting of {dates[0]}."
        else:
            text = (f"No roll call was taken at {len(dates)} house meetings in {month_label}: "
                    f"{', '.join(dates)}.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Roll Call Not Taken", text,
                          QMessageBox.StandardButton.NoButton, parent)
        box.setInformativeText(
            "Until a roll call is taken, its meeting counts for nobody: the reports leave it "
            "out of every resident's attendance (and say so). Take the roll call first, or "
            "go on with the reports as they are?")
        go_on = box.addButton(going_on, QMessageBox.ButtonRole.AcceptRole)
        take = box.addButton("&Take the Roll Call", QMessageBox.ButtonRole.ActionRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(take)
        box.setEscapeButton(cancel)
        try:
            box.exec()
            clicked = box.clickedButton()
        finally:
            box.deleteLater()
        if clicked is go_on:
            return RollCallAnswer.GO_ON
        if clicked is take:
            return RollCallAnswer.TAKE_ROLL_CALL
        return RollCallAnswer.CANCEL


def batch_work(house_id: int, month: dt.date, resident_ids: Sequence[int], one_file: bool,
               target: Path | None, settings: ReportSettings,
               printed_on: dt.date) -> Callable[[Progress], BatchDone]:
    """The background work of "Print all" and "Save all": read the month
    again (comments included) and make the reports, into ``target`` (one PDF,
    or a folder with ``one_file`` False) or, with ``target`` None, into one
    PDF in memory to print; stops at Cancel, writing nothing."""

    def work(progress: Progress) -> BatchDone:
        wanted = set(resident_ids)
        chosen = [p for p in monthly_progress(house_id, month) if p.resident_id in wanted]
        total = len(chosen)
        done = [0]

        def report(finished: int, of: int) -> None:
            done[0] = finished
            progress(finished, of)

        def cancel() -> bool:
            return not progress(done[0], total)

        span = month_span(month)
        label, key = span.label, span.key
        ids = tuple(p.resident_id for p in chosen)
        if target is None:
            buffer = io.BytesIO()
            monthly_batch_pdf(chosen, settings, buffer, printed_on=printed_on,
                              progress_callback=report, cancel=cancel)
            return BatchDone(total, None, True, buffer.getvalue(), label, key, ids)
        if one_file:
            pages = monthly_batch_pdf(chosen, settings, target, printed_on=printed_on,
                                      progress_callback=report, cancel=cancel)
            saved = (audit.pdf_details(target.read_bytes(), month=key, residents=ids,
                                       pages=pages, file_name=str(target),
                                       title=f"monthly reports, {label}"),)
        else:
            files = resident_reports_to_folder(chosen, settings, target, printed_on=printed_on,
                                               progress_callback=report, cancel=cancel)
            saved = tuple(audit.pdf_details(data, month=key, residents=[p.resident_id],
                                            file_name=str(path),
                                            title=report_title(p))
                          for p, path in zip(chosen, files, strict=True)
                          for data in (path.read_bytes(),))
        return BatchDone(total, target, one_file, month_label=label, month_key=key,
                         resident_ids=ids, saved=saved)

    return work


class ReportsSection(QWidget):
    status_message = Signal(str)
    open_requested = Signal(str, str, int)
    """(section key, kind, id): the window shows that section and opens the
    item (a meeting's roll call, from the warning before printing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._house_id: int | None = None  # the toolbar's choice
        self._shown_house_id: int | None = None
        self._loaded = False
        self._month = previous_month()
        self._editing: MonthlyProgress | None = None  # whose comments the editor holds
        self._saved_comments = ""
        self._staying = False  # going back to the row whose comments could not be saved
        self.batch: BackgroundTask | None = None
        self.preview: PdfPreviewDialog | None = None  # the last preview opened

        self.empty_message = QLabel(CHOOSE_HOUSE_TEXT)
        self.empty_message.setWordWrap(True)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignHCenter
                                        | Qt.AlignmentFlag.AlignTop)
        self.empty_message.setContentsMargins(24, 48, 24, 24)

        self._build_actions()
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_month_bar())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_table())
        self.splitter.addWidget(self._build_comments())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        column.addWidget(self.splitter, 1)
        column.addLayout(self._build_buttons())
        self.progress_row = ProgressRow()
        column.addWidget(self.progress_row)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_message)
        self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        state = preferences.load_bytes(SPLITTER_KEY)
        if state is None or not self.splitter.restoreState(state):
            line = self.fontMetrics().height()
            self.splitter.setSizes([line * 24, line * 11])
        self._update_month_bar()
        self._update_actions()

    # ------------------------------------------------------------ building

    def _build_actions(self) -> None:
        self.preview_action = make_action(
            self, "Pre&view", "Show the selected resident's report for the month",
            icon_name="reports")
        self.print_action = make_action(
            self, "&Print...", "Print the selected resident's report for the month",
            icon_name="print", shortcut=QKeySequence.StandardKey.Print)
        self.save_pdf_action = make_action(
            self, "Save P&DF...", "Save the selected resident's report as a PDF file",
            icon_name="export")
        self.summary_action = make_action(
            self, "&House Summary", "Show the house's month for the owner: occupancy, "
                                    "meetings, caseloads, milestones", icon_name="house")
        self.print_all_action = make_action(
            self, "Print &All for the Month...", "Print every resident's report for the month "
                                                 "(the system print dialog)", icon_name="cards")
        self.save_all_action = make_action(
            self, "Sa&ve All as PDF...", "Every resident's report for the month, in one PDF "
                                         "or one file each", icon_name="export")
        self.previous_month_action = make_action(
            self, "P&revious Month", "Show the month before", shortcut="Alt+PgUp")
        self.next_month_action = make_action(
            self, "&Next Month", "Show the month after", shortcut="Alt+PgDown")
        self.preview_action.triggered.connect(self.preview_report)
        self.print_action.triggered.connect(self.print_current)
        self.save_pdf_action.triggered.connect(self.save_pdf)
        self.summary_action.triggered.connect(self.preview_house_summary)
        self.print_all_action.triggered.connect(self.print_all)
        self.save_all_action.triggered.connect(self.save_all)
        self.previous_month_action.triggered.connect(lambda: self.shift_month(-1))
        self.next_month_action.triggered.connect(lambda: self.shift_month(1))
        for action in (self.previous_month_action, self.next_month_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def menu_actions(self) -> list[QAction]:
        return [self.preview_action, self.print_action, self.save_pdf_action,
                self.summary_action, self.print_all_action, self.save_all_action]

    def _build_month_bar(self) -> QHBoxLayout:
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setDefaultAction(self.previous_month_action)
        self.previous_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.previous_button.setAccessibleName("Previous month")
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setDefaultAction(self.next_month_action)
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.next_button.setAccessibleName("Next month")
        self.month_label = heading_label(scale=1.3)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        widest = max(self.month_label.fontMetrics().horizontalAdvance(
            dt.date(2026, month, 1).strftime("%B 2026")) for month in range(1, 13))
        self.month_label.setMinimumWidth(widest + self.fontMetrics().averageCharWidth() * 4)
        self.house_label = QLabel()
        self.house_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counted_label = QLabel()
        self.counted_label.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.month_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        bar.addWidget(self.house_label)
        bar.addWidget(self.counted_label)
        bar.addStretch(1)
        return bar

    def _build_table(self) -> QWidget:
        self.model = ProgressModel(self)
        self.table = ListView("Residents in the month", "")
        self.table.setModel(self.model)
        self.table.sortByColumn(ProgressColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.open_requested.connect(lambda _index: self.preview_report())
        self.table.customContextMenuRequested.connect(self._context_menu)
        label = heading_label("&Residents who lived in the house this month")
        label.setBuddy(self.table)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        return box

    def _build_comments(self) -> QWidget:
        self.resident_label = heading_label(scale=1.15)
        self.resident_label.setWordWrap(True)
        self.resident_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comments = QPlainTextEdit()
        self.comments.setAccessibleName("Comments")
        self.comments.setTabChangesFocus(True)
        self.comments.setPlaceholderText("What went well this month, what to work on next: "
                                         "printed on the report above the signatures.")
        self.comments.textChanged.connect(self._update_comment_state)
        self.comments_label = heading_label("&Comments")
        self.comments_label.setBuddy(self.comments)
        self.unsaved_label = QLabel()
        self.unsaved_label.setEnabled(False)
        self.save_comments_button = QPushButton(icon("check"), "&Save Comments")
        self.save_comments_button.setAutoDefault(False)
        self.save_comments_button.setToolTip("Save the comments (Ctrl+S); they are also saved "
                                             "when you choose another resident")
        self.save_comments_button.clicked.connect(self.save_comments)
        save_shortcut = QAction(self)
        save_shortcut.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.triggered.connect(self.save_comments)
        self.comments.addAction(save_shortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unsaved_label, 1)
        buttons.addWidget(self.save_comments_button)

        about = QVBoxLayout()
        about.addWidget(self.resident_label)
        about.addWidget(self.summary_label)
        about.addStretch(1)
        writing = QVBoxLayout()
        writing.addWidget(self.comments_label)
        writing.addWidget(self.comments, 1)
        writing.addLayout(buttons)
        panel = QWidget()
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(about, 2)
        layout.addLayout(writing, 3)
        self.summary_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.comments_panel = panel
        return panel

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.action_buttons: list[QToolButton] = []
        for action in (self.preview_action, self.print_action, self.save_pdf_action, None,
                       self.summary_action, self.print_all_action, self.save_all_action):
            if action is None:
                row.addStretch(1)
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            row.addWidget(button)
            self.action_buttons.append(button)
        return row

    # ------------------------------------------------------------ the window's API

    @property
    def house_id(self) -> int | None:
        """The house shown (None: none chosen among several)."""
        return self._shown_house_id

    @property
    def month(self) -> dt.date:
        return self._month

    def set_house(self, house_id: int | None) -> None:
        """Show one house; None (all houses) shows the only house, or asks
        for one in the toolbar."""
        changed = house_id != self._house_id or not self._loaded
        self._house_id = house_id
        if changed and self.save_pending_comments():  # a refused save keeps the comments
            self._load()

    def refresh(self) -> None:
        if self.save_pending_comments():
            self._load()

    def open_item(self, kind: str, item_id: int) -> None:
        """Select a resident ("resident") in the month shown."""
        if kind != "resident":
            return
        if not self._loaded:
            self._load()
        if not self.select_resident(item_id):
            house = get_house(self._shown_house_id).name if self._shown_house_id else "the house"
            self.status_message.emit(
                f"That resident did not live in {house} in {month_span(self._month).label}.")

    def print_current(self) -> None:
        """Ctrl+P: print the selected resident's report (the system print dialog)."""
        progress = self.selected_progress()
        if progress is None:
            self.status_message.emit("Select a resident to print their report, or use Print "
                                     "All for the Month")
            return
        answer = self._who_for(progress)
        if answer is None:
            return
        data = self._resident_pdf(progress, answer.stamp)
        if data is None:
            return
        try:
            printed = print_pdf(self, data, report_settings(), report_title(progress),
                                month=progress.month.key, residents=[progress.resident_id])
        except PrintingFailed as error:
            ReportFiles.tell_problem(self, "Print Report", str(error))
            return
        if printed is not None:
            problem = disclosed(answer, progress.resident_id, disclosed_what(progress), data,
                                pages=printed)
            self.status_message.emit(f"Printed {progress.name}'s report for "
                                     f"{progress.month.label}" + (f". {problem}" if problem
                                                                  else ""))

    # ------------------------------------------------------------ month and house

    def set_month(self, month: dt.date) -> None:
        """Show ``month`` (any day of it); a month that has not started is refused."""
        first = month_span(month).first
        if first > clock.today().replace(day=1) or first == self._month:
            return
        if not self.save_pending_comments():
            return  # the comments typed stay in the editor, with the warning
        self._month = first
        self._load()

    def shift_month(self, months: int) -> None:
        first = self._month
        index = first.year * 12 + first.month - 1 + months
        self.set_month(dt.date(index // 12, index % 12 + 1, 1))

    def _update_month_bar(self) -> None:
        span = month_span(self._month)
        today = clock.today()
        self.month_label.setText(span.label)
        self.month_label.setAccessibleName(f"Month: {span.label}")
        self.next_month_action.setEnabled(span.last < today)
        before = month_span(span.first - dt.timedelta(days=1))
        after = month_span(span.last + dt.timedelta(days=1))
        self.previous_month_action.setToolTip(f"Show {before.label} (Alt+Page Up)")
        self.next_month_action.setToolTip(
            f"Show {after.label} (Alt+Page Down)" if span.last < today
            else f"{after.label} has not started yet")
        self.counted_label.setText(f"(in progress: counted up to {short_date(today)})"
                                   if span.first <= today <= span.last else "")

    def _choose_house(self) -> int | None:
        if self._house_id is not None:
            return self._house_id
        houses = list_houses()
        return houses[0].id if len(houses) == 1 else None

    def _load(self) -> None:
        """Read the month of the house shown; the selected resident stays selected."""
        self._loaded = True
        keep = self.selected_resident_id()
        self._shown_house_id = self._choose_house()
        self._update_month_bar()
        if self._shown_house_id is None:
            self.empty_message.setText(CHOOSE_HOUSE_TEXT if list_houses() else NO_HOUSE_TEXT)
            self.pages.setCurrentWidget(self.empty_message)
            self.model.set_rows([])
            self._show_comments(None)
            self._update_actions()
            return
        self.pages.setCurrentIndex(1)
        house = get_house(self._shown_house_id)
        self.house_label.setText(house.name)
        span = month_span(self._month)
        try:
            rows = monthly_progress(house.id, span.first)
        except (RuleViolation, NotFound) as error:
            rows = []
            self.status_message.emit(str(error))
        self.model.set_rows(rows)
        self.table.set_empty_message(f"Nobody lived in {house.name} in {span.label}. "
                                     f"Choose another month with the arrows above.")
        if not (keep is not None and self.select_resident(keep)) and rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        if not rows:
            self._show_comments(None)
        self._update_actions()

    # ------------------------------------------------------------ residents

    def selected_progress(self) -> MonthlyProgress | None:
        return self.model.row_at(self.table.currentIndex())

    def selected_resident_id(self) -> int | None:
        progress = self.selected_progress()
        return progress.resident_id if progress is not None else None

    def select_resident(self, resident_id: int) -> bool:
        number = self.model.row_of(resident_id)
        if number is None:
            return False
        self.table.setCurrentIndex(self.model.index(number, 0))
        self.table.scrollTo(self.model.index(number, 0))
        return True

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._staying:
            return
        progress = self.model.row_at(current)
        if self._editing is not None and (
                progress is None or progress.resident_id != self._editing.resident_id):
            if not self.save_pending_comments() and previous.isValid():
                self._stay_on(previous)  # the comments typed stay, with the warning
                return
        self._show_comments(self.model.row_at(current))
        self._update_actions()

    def _stay_on(self, index: QModelIndex) -> None:
        self._staying = True
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._staying = False

    def _show_comments(self, progress: MonthlyProgress | None) -> None:
        self._editing = progress
        self._saved_comments = progress.comments if progress is not None else ""
        self.comments.blockSignals(True)
        self.comments.setPlainText(self._saved_comments)
        self.comments.blockSignals(False)
        self.comments_panel.setEnabled(progress is not None)
        # A role that can't change this resident's records reads the comments only.
        self.comments.setReadOnly(progress is None or not can(
            Right.CHANGE_RECORDS, resident_id=progress.resident_id))
        if progress is None:
            self.resident_label.setText("No resident selected")
            self.summary_label.setText("")
            self.comments_label.setText("&Comments")
        else:
            self.resident_label.setText(progress.name)
            self.summary_label.setText(self._summary(progress))
            self.comments_label.setText(f"&Comments for {progress.month.label}")
        self._update_comment_state()

    @staticmethod
    def _summary(progress: MonthlyProgress) -> str:
        lines = [f"{progress.days_in_house_this_month} days in the house this month, "
                 f"{progress.days_sober_at_month_end} days sober at the end"]
        primary = [m.mentor_name for m in progress.mentors if m.role == "Primary"]
        lines.append(f"Mentor: {', '.join(primary)}" if primary else "No primary mentor")
        lines.append(f"Sponsor: {progress.sponsor.name}" if progress.sponsor else "No sponsor")
        if progress.current_step is not None:
            lines.append(f"Working step {progress.current_step}")
        if progress.milestones_reached:
            days = ", ".join(str(d) for d in progress.milestones_reached)
            lines.append(f"Milestones reached: {days} days")
        return "\n".join(lines)

    def _context_menu(self, position: object) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addActions([self.preview_action, self.print_action, self.save_pdf_action])
        menu.exec(self.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]
        menu.deleteLater()

    # ------------------------------------------------------------ comments

    def comments_dirty(self) -> bool:
        return (self._editing is not None
                and self.comments.toPlainText().strip() != self._saved_comments.strip())

    def _update_comment_state(self) -> None:
        dirty = self.comments_dirty()
        progress = self._editing
        allow(self.save_comments_button, Right.CHANGE_RECORDS,
              resident_id=progress.resident_id if progress is not None else None, when=dirty)
        self.unsaved_label.setText("Not saved yet" if dirty else "")

    def save_comments(self) -> bool:
        """Save the comments typed for the selected resident's month; True when
        saved (or nothing to save)."""
        progress = self._editing
        if progress is None or not self.comments_dirty():
            return True
        text = self.comments.toPlainText()
        try:
            save_comments(progress.resident_id, progress.month.first, text)
        except (RuleViolation, NotFound) as error:
            ReportFiles.tell_problem(self, "Comments Not Saved", str(error))
            return False
        updated = replace(progress, comments=text.strip())
        number = self.model.row_of(progress.resident_id)
        if number is not None and self.model.rows[number].month == progress.month:
            self.model.replace_row(number, updated)
        if self._editing is progress:
            self._editing = updated
            self._saved_comments = updated.comments
        self._update_comment_state()
        self.status_message.emit(f"Comments saved for {progress.name} ({progress.month.label})")
        return True

    def save_pending_comments(self) -> bool:
        """Before anything changes what the editor shows: save what was typed."""
        return self.save_comments()

    # The window asks before quitting, showing another house or section
    # (ui.unsaved_work.UnsavedWork).

    def unsaved_description(self) -> str | None:
        if self._editing is None or not self.comments_dirty():
            return None
        return (f"The comments on {self._editing.name}'s report for "
                f"{self._editing.month.label} are not saved.")

    def save_unsaved(self) -> bool:
        return self.save_comments()

    def discard_unsaved(self) -> None:
        self._show_comments(self._editing)  # the comments on record

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.save_pending_comments()
        preferences.save_bytes(SPLITTER_KEY, self.splitter.saveState())
        super().hideEvent(event)

    # ------------------------------------------------------------ reports

    def _update_actions(self) -> None:
        has_house = self._shown_house_id is not None
        has_resident = self.selected_progress() is not None
        busy = self.batch is not None and self.batch.is_running()
        for action in (self.preview_action, self.print_action, self.save_pdf_action):
            action.setEnabled(has_resident)
        self.summary_action.setEnabled(has_house)
        for action in (self.print_all_action, self.save_all_action):
            action.setEnabled(has_house and self.model.rowCount() > 0 and not busy)

    def _who_for(self, progress: MonthlyProgress) -> Answer | None:
        """The house's own file, or someone outside under a consent (None: cancelled)."""
        return DisclosureQuestion.ask(self, progress.resident_id, MONTHLY_REPORT_SCOPES,
                                      disclosed_what(progress))

    def _resident_pdf(self, progress: MonthlyProgress,
                      disclosure: DisclosureStamp | None = None) -> bytes | None:
        """The resident's report, with the comments as typed (saved first),
        stamped with ``disclosure`` when it is for someone outside."""
        if not self.save_pending_comments():
            return None
        number = self.model.row_of(progress.resident_id)
        if number is not None:
            progress = self.model.rows[number]  # the comments just saved
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return resident_pdf(progress, report_settings(), disclosure)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def preview_report(self) -> PdfPreviewDialog | None:
        """Show the selected resident's report in the preview window."""
        progress = self.selected_progress()
        if progress is None:
            return None
        data = self._resident_pdf(progress)
        if data is None:
            return None
        dialog = self._show_preview(data, report_title(progress), report_file_name(progress),
                                    month=progress.month.key,
                                    residents=[progress.resident_id])
        dialog.report_of = self.selected_progress() or progress  # with the comments saved
        return dialog

    def save_pdf(self) -> Path | None:
        progress = self.selected_progress()
        if progress is None:
            return None
        answer = self._who_for(progress)
        if answer is None:
            return None
        data = self._resident_pdf(progress, answer.stamp)
        if data is None:
            return None
        path = write_pdf(self, data, report_file_name(progress), what=report_title(progress),
                         month=progress.month.key, residents=[progress.resident_id])
        if path is not None:
            problem = disclosed(answer, progress.resident_id, disclosed_what(progress), data,
                                file_name=str(path))
            self.status_message.emit(f"Saved {path.name} in {path.parent}"
                                     + (f". {problem}" if problem else ""))
        return path

    def preview_house_summary(self) -> PdfPreviewDialog | None:
        if self._shown_house_id is None:
            self.status_message.emit(CHOOSE_HOUSE_TEXT)
            return None
        self.save_pending_comments()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = house_month(self._shown_house_id, self._month)
            buffer = io.BytesIO()
            house_summary_pdf(summary, report_settings(), buffer)
        except (RuleViolation, NotFound) as error:
            ReportFiles.tell_problem(self, "House Summary", str(error))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        name = f"{summary.month.key} {summary.house_name} summary.pdf"
        return self._show_preview(buffer.getvalue(),
                                  f"{summary.house_name} summary, {summary.month.label}", name,
                                  month=summary.month.key,
                                  residents=[p.resident_id for p in summary.residents])

    def _show_preview(self, data: bytes, title: str, file_name: str, *, month: str = "",
                      residents: Sequence[int] = ()) -> PdfPreviewDialog:
        dialog = show_preview(self, data, title, file_name, report_settings(), month=month,
                              residents=residents)
        dialog.status_message.connect(self.status_message)
        self.preview = dialog
        dialog.destroyed.connect(lambda: setattr(self, "preview", None)
                                 if self.preview is dialog else None)
        return dialog

    # ------------------------------------------------------------ print all

    def _roll_calls_taken(self, going_on: str) -> bool:
        """True to go on with the month's reports: every house meeting of the
        month has its roll call, or the manager chose to go on anyway
        ("Take the Roll Call" opens the first one in Meetings)."""
        assert self._shown_house_id is not None
        span = month_span(self._month)
        missing = meetings_without_roll_call(self._shown_house_id, span.first,
                                             min(span.last, clock.today()))
        if not missing:
            return True
        answer = MissingRollCallWarning.ask(self, missing, span.label, going_on)
        if answer == RollCallAnswer.TAKE_ROLL_CALL:
            self.open_requested.emit("meetings", "roll_call", missing[0].meeting_id)
        return answer == RollCallAnswer.GO_ON

    def _ready_for_all(self, going_on: str) -> bool:
        if self._shown_house_id is None or (self.batch is not None and self.batch.is_running()):
            return False
        return self.save_pending_comments() and self._roll_calls_taken(going_on)

    def _residents_for_all(self) -> tuple[list[int], list[int]]:
        rows = self.model.rows
        return ([p.resident_id for p in rows if p.move_out_date is None],
                [p.resident_id for p in rows if p.move_out_date is not None])

    def print_all(self) -> BackgroundTask | None:
        """Every resident's report for the month to the printer: one document,
        each resident from a new page, made in the background, then the
        system print dialog (the residents who moved out are asked about)."""
        if not self._ready_for_all("&Print Anyway"):
            return None
        living, moved_out = self._residents_for_all()
        span = month_span(self._month)
        include_moved_out = False
        if moved_out:
            choice = PrintAllDialog.ask(self, span.label, len(living), len(moved_out),
                                        printing=True)
            if choice is None:
                return None
            include_moved_out = choice.include_moved_out
        chosen = living + (moved_out if include_moved_out else [])
        if not chosen:
            return None
        assert self._shown_house_id is not None
        work = batch_work(self._shown_house_id, span.first, chosen, True, None,
                          report_settings(), clock.today())
        task = self._start_batch(work, self._print_batch, "Print All cancelled: nothing was "
                                                          "printed", "Stop; nothing is printed")
        self.status_message.emit(f"Making {len(chosen)} reports for {span.label} to print…")
        return task

    def _start_batch(self, work: Callable[[Progress], BatchDone],
                     done: Callable[[BatchDone], None], cancelled_text: str,
                     stop_text: str) -> BackgroundTask:
        task = BackgroundTask(work, self)
        task.succeeded.connect(done)
        task.cancelled.connect(lambda: self.status_message.emit(cancelled_text))
        task.failed.connect(self._batch_failed)
        task.finished.connect(self._update_actions)
        self.batch = task
        task.start()
        self.progress_row.follow(task, lambda done, total: f"Making report {done} of {total}…"
                                 if total else "Reading the month…", stop_text)
        self._update_actions()
        return task

    def _print_batch(self, result: BatchDone) -> None:
        """The month's reports are made: the print dialog, then every page
        to the printer, with a progress window and Stop."""
        house = get_house(self._shown_house_id).name if self._shown_house_id else ""
        progress = QProgressDialog("Printing…", "Stop Printing", 0, 0, self)
        progress.setWindowTitle("Print All Reports")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoReset(False)

        def page_printed(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(f"Printing page {done} of {total}…")
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            printed = print_pdf(self, result.data, report_settings(),
                                f"{house} monthly reports, {result.month_label}",
                                progress=page_printed, month=result.month_key,
                                residents=result.resident_ids)
        except PrintingFailed as error:
            ReportFiles.tell_problem(self, "Print All Reports", str(error))
            return
        finally:
            progress.reset()
            progress.deleteLater()
        if printed is None:
            self.status_message.emit("Print All cancelled: nothing was printed")
            return
        pages = "page" if printed == 1 else "pages"
        if progress.wasCanceled():
            self.status_message.emit(f"Printing stopped after {printed} {pages}")
            return
        noun = "report" if result.reports == 1 else "reports"
        self.status_message.emit(f"Printed {result.reports} {noun} for {result.month_label} "
                                 f"({printed} {pages})")

    def save_all(self) -> BackgroundTask | None:
        """Every resident's report for the month as PDF: one file or one file
        each, built in the background."""
        if not self._ready_for_all("&Save Anyway"):
            return None
        living, moved_out = self._residents_for_all()
        span = month_span(self._month)
        choice = PrintAllDialog.ask(self, span.label, len(living), len(moved_out))
        if choice is None:
            return None
        chosen = living + (moved_out if choice.include_moved_out else [])
        assert self._shown_house_id is not None
        house = get_house(self._shown_house_id)
        title = "Save All Reports"
        if choice.one_file:
            name = ReportFiles.pdf_path_from_user(
                self, title, f"{span.key} {house.name} monthly reports.pdf")
            if not name:
                return None
            target = pdf_path(name)
            remember_folder(target.parent)
        else:
            name = ReportFiles.folder_from_user(self, title)
            if not name:
                return None
            target = Path(name)
            remember_folder(target)
        work = batch_work(house.id, span.first, chosen, choice.one_file, target,
                          report_settings(), clock.today())
        task = self._start_batch(work, self._batch_done, "Reports cancelled: no file was written",
                                 "Stop; no file is written")
        self.status_message.emit(f"Writing {len(chosen)} reports for {span.label}…")
        return task

    def _batch_done(self, result: BatchDone) -> None:
        noun = "report" if result.reports == 1 else "reports"
        message = f"{result.reports} {noun} written to {result.target}"
        for details in result.saved:
            file = Path(str(details.get("file", "")))
            problem = note(Action.SAVED_PDF, f"Saved {details.get('title', '')} as {file}",
                           resident_ids=details.get("residents", ()),  # type: ignore[arg-type]
                           details=details)
            if problem:
                message = f"{message}. {problem}"
                break
        self.status_message.emit(message)

    def _batch_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            message = f"The reports could not be written: {error.strerror or error}"
        else:
            message = f"The reports could not be made: {error}"
        ReportFiles.tell_problem(self, "Reports for the Month", message)
