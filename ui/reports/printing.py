"""Printing a PDF report through Qt: each page rendered with QtPdf onto a
white image and drawn on the printer, page by page.

:class:`SystemPrintDialog` is the seam: ``ask()`` shows the system's print
dialog; tests replace it with one that sets the printer to write a PDF file
(``QPrinter.OutputFormat.PdfFormat`` works offscreen).

``QPdfDocument.render`` gives a transparent image (it shows black on some
printers): every page is painted onto a white image first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from soberhouse.audit import Action
from soberhouse.reports.settings import PaperSize, ReportSettings

MAX_RENDER_DPI = 300
"""Pages are rendered at the printer's resolution, but at most this: a
letter page at 1,200 dpi would need a 500 MB image, and 300 dpi is sharp on paper."""

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "letter": QPageSize.PageSizeId.Letter,
    "A4": QPageSize.PageSizeId.A4,
}

PageProgress = Callable[[int, int], bool]
"""Called with (pages printed, pages to print) after each page; False stops."""


class PrintingFailed(Exception):
    """The printer could not be used (or the PDF could not be read)."""


def page_size(paper: PaperSize | str) -> QPageSize:
    return QPageSize(PAGE_SIZES.get(paper, QPageSize.PageSizeId.Letter))


def new_printer(settings: ReportSettings) -> QPrinter:
    """A printer set up for the reports' paper: full page (the PDF has its
    own margins), portrait."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size(settings.paper_size))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


class SystemPrintDialog:
    """The system's print dialog, behind a classmethod tests replace."""

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
        """Let the manager choose the printer, the pages and the copies; True to print."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print Report")
        dialog.setMinMax(1, max(page_count, 1))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class LoadedPdf(QObject):
    """A PDF held in memory and opened with QtPdf (the buffer lives as long
    as the document)."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self._bytes = QByteArray(data)
        self.buffer = QBuffer(self)
        self.buffer.setData(self._bytes)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise PrintingFailed(f"The report could not be read back ({self.document.error()}).")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()


def render_page(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page at ``dpi``, on white."""
    points = document.pagePointSize(page)
    size = QSize(max(1, round(points.width() * dpi / 72)),
                 max(1, round(points.height() * dpi / 72)))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """The pages (0-based) the print dialog asked for: all, or a range."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        return list(range(page_count))
    last = min(last if last > 0 else page_count, page_count)
    return list(range(first - 1, last))


def print_document(document: QPdfDocument, printer: QPrinter,
                   progress: PageProgress | None = None) -> int:
    """Draw the document's pages on ``printer``; returns the pages printed.
    Each page is scaled to the paper, keeping its proportions, centred."""
    pages = pages_to_print(printer, document.pageCount())
    if not pages:
        return 0
    dpi = max(72, min(printer.resolution(), MAX_RENDER_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingFailed("The printer could not be started: check that it is switched "
                             "on and connected, or choose another printer.")
    printed = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for number, page in enumerate(pages):
            if number and not printer.newPage():
                raise PrintingFailed("The printer stopped taking pages.")
            image = render_page(document, page, dpi)
            target = painter.viewport()
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            area = QRectF(target.x() + (target.width() - width) / 2,
                          target.y() + (target.height() - height) / 2, width, height)
            painter.drawImage(area, image)
            printed += 1
            if progress is not None and not progress(printed, len(pages)):
                printer.abort()
                break
    finally:
        painter.end()
    return printed


def print_pdf(parent: QWidget | None, data: bytes, settings: ReportSettings,
              title: str, progress: PageProgress | None = None, *, month: str = "",
              residents: Iterable[int] = ()) -> int | None:
    """Ask for a printer (the system dialog) and print the PDF ``data``
    (``progress`` is told after each page, and stops the printing by
    answering False).  Returns the pages printed, or None when the manager
    cancelled.  The audit trail notes what was printed (``month``,
    ``residents``, the pages, the SHA-256 of ``data``)."""
    from ui.audit_notes import note_pdf

    loaded = LoadedPdf(data)
    try:
        printer = new_printer(settings)
        printer.setDocName(title)
        if not SystemPrintDialog.ask(parent, printer, loaded.page_count):
            return None
        printed = print_document(loaded.document, printer, progress)
        note_pdf(Action.PRINTED, data, title, month=month, residents=residents, pages=printed)
        return printed
    finally:
        loaded.document.close()
        loaded.deleteLater()
