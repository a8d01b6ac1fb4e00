"""A report's PDF shown in the app, page by page, before it is printed or saved.

The PDF is built in memory (ReportLab, by the core) and shown with QtPdf's
:class:`QPdfView`: all pages one under the other, fitted to the width, with
"Page x of y", previous and next page, zoom, Print and Save PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from soberhouse.audit import Action
from soberhouse.consents import MONTHLY_REPORT_SCOPES, DisclosureStamp
from soberhouse.reports.monthly_progress import MonthlyProgress
from soberhouse.reports.pdf import report_file_name, resident_report_pdf
from soberhouse.reports.settings import ReportSettings
from ui.actions import make_action
from ui.audit_notes import note
from ui.reports.printing import LoadedPdf, PrintingFailed, print_pdf
from ui.reports.report_files import ReportFiles, write_pdf

if TYPE_CHECKING:
    from ui.disclosure_question import Answer

ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    """The preview window (not modal: the main window stays usable).

    ``status_message`` says what was printed or saved from it."""

    status_message = Signal(str)

    def __init__(self, data: bytes, title: str, file_name: str, settings: ReportSettings,
                 parent: QWidget | None = None, *, month: str = "",
                 residents: Iterable[int] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.title = title
        self.file_name = file_name
        self.settings = settings
        # What the audit trail names when the preview opens, prints or saves.
        self.month = month
        self.residents = sorted(set(residents))
        # A resident's monthly report: "who is it for?" before it is printed
        # or saved, and for someone outside it goes stamped (ui.disclosure_question).
        self.report_of: MonthlyProgress | None = None
        self.pdf = LoadedPdf(data, self)

        self.view = QPdfView(self)
        self.view.setAccessibleName("Report pages")
        self.view.setDocument(self.pdf.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page)

        self.page_label = QLabel()
        self.page_label.setContentsMargins(8, 0, 8, 0)
        self._build_actions()
        toolbar = QToolBar("Preview")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.previous_action)
        toolbar.addWidget(self.page_label)
        toolbar.addAction(self.next_action)
        toolbar.addSeparator()
        toolbar.addAction(self.fit_width_action)
        toolbar.addAction(self.fit_page_action)
        toolbar.addAction(self.zoom_out_action)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addSeparator()
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.save_action)
        self.toolbar = toolbar

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        average = self.fontMetrics().averageCharWidth()
        self.resize(average * 110, self.fontMetrics().height() * 48)
        self._update_page()

    def _build_actions(self) -> None:
        self.previous_action = make_action(
            self, "Previous", "Show the previous page",
            shortcut=QKeySequence.StandardKey.MoveToPreviousPage)
        self.next_action = make_action(
            self, "Next", "Show the next page",
            shortcut=QKeySequence.StandardKey.MoveToNextPage)
        self.fit_width_action = make_action(
            self, "Fit &Width", "Fit the page to the window's width", checkable=True)
        self.fit_page_action = make_action(self, "Whole &Page", "Show a whole page at once",
                                           checkable=True)
        self.zoom_in_action = make_action(self, "Zoom In", "Larger",
                                          shortcut=QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = make_action(self, "Zoom Out", "Smaller",
                                           shortcut=QKeySequence.StandardKey.ZoomOut)
        self.print_action = make_action(self, "&Print...", "Print this report",
                                        icon_name="print", shortcut=QKeySequence.StandardKey.Print)
        self.save_action = make_action(self, "&Save PDF...", "Save this report as a PDF file",
                                       icon_name="export", shortcut=QKeySequence.StandardKey.Save)
        self.fit_width_action.setChecked(True)
        self.previous_action.triggered.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_action.triggered.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.fit_width_action.triggered.connect(
            lambda: self._set_zoom_mode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page_action.triggered.connect(
            lambda: self._set_zoom_mode(QPdfView.ZoomMode.FitInView))
        self.zoom_in_action.triggered.connect(lambda: self._zoom(ZOOM_STEP))
        self.zoom_out_action.triggered.connect(lambda: self._zoom(1 / ZOOM_STEP))
        self.print_action.triggered.connect(self.print_report)
        self.save_action.triggered.connect(self.save_pdf)
        for action in (self.previous_action, self.next_action, self.zoom_in_action,
                       self.zoom_out_action, self.print_action, self.save_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    # ------------------------------------------------------------ pages

    @property
    def document(self) -> QPdfDocument:
        return self.pdf.document

    def page_count(self) -> int:
        return self.pdf.page_count

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0-based; kept inside the document)."""
        page = max(0, min(page, self.page_count() - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(0, 0), navigator.currentZoom())
        self._update_page()

    def page_text(self) -> str:
        return self.page_label.text()

    def _update_page(self) -> None:
        count = self.page_count()
        current = self.current_page()
        self.page_label.setText(f"Page {current + 1} of {count}")
        self.previous_action.setEnabled(current > 0)
        self.next_action.setEnabled(current < count - 1)

    def _set_zoom_mode(self, mode: QPdfView.ZoomMode) -> None:
        self.view.setZoomMode(mode)
        self.fit_width_action.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_action.setChecked(mode == QPdfView.ZoomMode.FitInView)

    def _zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        self._set_zoom_mode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(current * factor, 6.0)))

    # ------------------------------------------------------------ print and save

    def _output(self) -> tuple[bytes, Answer] | None:
        """What to print or save: the pages shown, or for someone outside
        the report stamped with the consent chosen (None: cancelled)."""
        from ui.disclosure_question import DisclosureQuestion, OwnFile, disclosed_what

        if self.report_of is None:
            return self.pdf.data, OwnFile()
        answer = DisclosureQuestion.ask(self, self.report_of.resident_id,
                                        MONTHLY_REPORT_SCOPES, disclosed_what(self.report_of))
        if answer is None:
            return None
        if answer.stamp is None:
            return self.pdf.data, answer
        return resident_pdf(self.report_of, self.settings, answer.stamp), answer

    def _disclosed(self, answer: Answer, data: bytes, **where: object) -> str:
        from ui.disclosure_question import disclosed, disclosed_what

        if self.report_of is None:
            return ""
        problem = disclosed(answer, self.report_of.resident_id,
                            disclosed_what(self.report_of), data, **where)  # type: ignore[arg-type]
        return f". {problem}" if problem else ""

    def print_report(self) -> int | None:
        """The system print dialog, then the pages; the pages printed (None: cancelled)."""
        output = self._output()
        if output is None:
            return None
        data, answer = output
        try:
            printed = print_pdf(self, data, self.settings, self.title,
                                month=self.month, residents=self.residents)
        except PrintingFailed as error:
            ReportFiles.tell_problem(self, "Print Report", str(error))
            return None
        if printed is not None:
            self.status_message.emit(
                f"Printed {self.title} ({printed} {'page' if printed == 1 else 'pages'})"
                + self._disclosed(answer, data, pages=printed))
        return printed

    def save_pdf(self) -> None:
        output = self._output()
        if output is None:
            return
        data, answer = output
        path = write_pdf(self, data, self.file_name, what=self.title,
                         month=self.month, residents=self.residents)
        if path is not None:
            self.status_message.emit(f"Saved {path.name} in {path.parent}"
                                     + self._disclosed(answer, data, file_name=str(path)))


def show_preview(parent: QWidget | None, data: bytes, title: str, file_name: str,
                 settings: ReportSettings, *, month: str = "",
                 residents: Iterable[int] = ()) -> PdfPreviewDialog:
    """Open the preview beside the main window and return it; the audit
    trail notes that ``title`` (of ``residents``, for ``month``) was viewed."""
    dialog = PdfPreviewDialog(data, title, file_name, settings, parent, month=month,
                              residents=residents)
    dialog.show()
    dialog.activateWindow()
    details: dict[str, object] = {"where": "report preview", "title": title}
    if month:
        details["month"] = month
    problem = note(Action.VIEWED, f"Viewed {title} (report preview)",
                   resident_ids=dialog.residents, details=details)
    if problem:
        dialog.status_message.emit(problem)
    return dialog


def resident_pdf(progress: MonthlyProgress, settings: ReportSettings,
                 disclosure: DisclosureStamp | None = None) -> bytes:
    """One resident's monthly report as PDF bytes (built in memory), stamped
    with ``disclosure`` when it is for someone outside the house."""
    buffer = io.BytesIO()
    resident_report_pdf(progress, settings, buffer, disclosure=disclosure)
    return buffer.getvalue()


def report_title(progress: MonthlyProgress) -> str:
    return f"{progress.name}, {progress.month.label}"


def preview_resident_report(parent: QWidget | None, progress: MonthlyProgress,
                            settings: ReportSettings) -> PdfPreviewDialog:
    """Build the resident's report for the month and open it in the preview."""
    dialog = show_preview(parent, resident_pdf(progress, settings), report_title(progress),
                          report_file_name(progress), settings, month=progress.month.key,
                          residents=[progress.resident_id])
    dialog.report_of = progress
    return dialog
