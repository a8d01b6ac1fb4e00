"""What File > Print (Ctrl+P) prints: each section says it through one method.

A section that has something to print offers
``printable() -> PrintJob | NothingToPrint`` (:class:`Printable`): a
:class:`PrintJob` names the document and builds its PDF (in the core) when
asked; :class:`NothingToPrint` says why there is nothing right now ("Choose a
house in the toolbar...").  The window (:mod:`ui.main_window`) has one Print
action for every section: it asks the section shown for its job and prints
it through the system print dialog (:func:`ui.reports.printing.print_pdf`); a
section without ``printable`` has its Print action off, with why in the
tooltip.

:func:`table_job` prints a table exactly as a section shows it (its visible
columns, in the order shown) through :func:`soberhouse.printed_lists.table_list`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from soberhouse.printed_lists import PrintedList, table_list
from soberhouse.reports.settings import ReportSettings, report_settings

if TYPE_CHECKING:
    from ui.reports.pdf_preview import PdfPreviewDialog


@dataclass(frozen=True)
class PrintJob:
    """A document to print: its title (the print queue's name for it), the
    file name a saved copy gets, what the status bar calls it, and how its PDF
    is built from the report settings."""

    title: str
    file_name: str
    what: str  # "the house roster of Maple House"
    build: Callable[[ReportSettings], bytes]
    # What the audit trail names when it is printed, saved or previewed.
    month: str = ""
    residents: tuple[int, ...] = ()

    def pdf(self, settings: ReportSettings | None = None) -> bytes:
        return self.build(settings or report_settings())

    @classmethod
    def of_list(cls, printed: PrintedList, what: str = "") -> PrintJob:
        """The job of a printed list (built when printed, from the settings then)."""
        from soberhouse.reports.pdf.house_lists import printed_list_bytes

        return cls(printed.title, printed.file_name,
                   what or f"the {printed.kind[:1].lower()}{printed.kind[1:]} of "
                           f"{printed.house_name}",
                   lambda settings: printed_list_bytes(printed, settings))


@dataclass(frozen=True)
class NothingToPrint:
    """Why a section has nothing to print right now, in the manager's words."""

    reason: str


@runtime_checkable
class Printable(Protocol):
    """A section with something to print."""

    def printable(self) -> PrintJob | NothingToPrint: ...


def print_job(parent: QWidget | None, job: PrintJob) -> str | None:
    """Build the job's PDF and print it through the system print dialog.
    What the status bar should say, or None when the manager cancelled (a
    printer problem is shown in a message box)."""
    from ui.reports.printing import PrintingFailed, print_pdf  # QtPdf: loaded when printing
    from ui.reports.report_files import ReportFiles

    settings = report_settings()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        data = job.pdf(settings)
    finally:
        QApplication.restoreOverrideCursor()
    try:
        printed = print_pdf(parent, data, settings, job.title, month=job.month,
                            residents=job.residents)
    except PrintingFailed as error:
        ReportFiles.tell_problem(parent, "Print", str(error))
        return None
    if printed is None:
        return None
    return f"Printed {job.what} ({printed} {'page' if printed == 1 else 'pages'})"


def preview_job(parent: QWidget | None, job: PrintJob) -> PdfPreviewDialog:
    """Open the job's PDF in the preview (print or save from there)."""
    from ui.reports.pdf_preview import show_preview

    settings = report_settings()
    return show_preview(parent, job.pdf(settings), job.title, job.file_name, settings,
                        month=job.month, residents=job.residents)


def shown_table(view: QTableView) -> tuple[list[str], list[list[str]], list[int]]:
    """The headings, the cells' text and the numeric columns of ``view`` as
    shown: hidden columns left out, columns and rows in the order on screen."""
    model: QAbstractItemModel = view.model()
    header = view.horizontalHeader()
    columns = [header.logicalIndex(visual) for visual in range(header.count())]
    columns = [column for column in columns if not view.isColumnHidden(column)]
    headings = [str(model.headerData(column, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.DisplayRole) or "") for column in columns]
    rows = []
    for row in range(model.rowCount()):
        rows.append([_text(model.index(row, column).data(Qt.ItemDataRole.DisplayRole))
                     for column in columns])
    numeric = []
    if model.rowCount():
        for position, column in enumerate(columns):
            alignment = model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
            if alignment is not None and (Qt.AlignmentFlag(int(alignment))
                                          & Qt.AlignmentFlag.AlignRight):
                numeric.append(position)
    return headings, rows, numeric


def _text(value: object) -> str:
    return "" if value is None else str(value)


def table_job(view: QTableView, kind: str, house_name: str, dated: str, *,
              file_stem: str = "", empty_text: str = "Nothing to list.") -> PrintJob:
    """A table as the section shows it, as a printed list."""
    headings, rows, numeric = shown_table(view)
    printed = table_list(kind, house_name, dated, headings, rows, numeric=numeric,
                         empty_text=empty_text, file_stem=file_stem)
    return PrintJob.of_list(printed)


# ---------------------------------------------------------------- the window's Print


def print_section(parent: QWidget | None, section: QWidget, label: str) -> str | None:
    """Ctrl+P on ``section``: print its job; what the status bar should say
    (None: nothing to say, or the section says it itself)."""
    if isinstance(section, Printable):
        job = section.printable()
        if isinstance(job, NothingToPrint):
            return job.reason
        return print_job(parent, job)
    print_current = getattr(section, "print_current", None)
    if callable(print_current):
        print_current()
        return None
    return f"{label} has nothing to print"


def house_title(house_id: int | None) -> str:
    """The house a printout is of: its name, the only house's, or "All houses"."""
    from soberhouse.houses import get_house, list_houses
    from soberhouse.printed_lists import ALL_HOUSES

    if house_id is not None:
        return str(get_house(house_id).name)
    houses = list_houses()
    return str(houses[0].name) if len(houses) == 1 else ALL_HOUSES
