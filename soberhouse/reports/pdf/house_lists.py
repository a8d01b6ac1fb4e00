"""A :class:`~soberhouse.printed_lists.PrintedList` as PDF: the sign-in sheet,
the roster, the emergency contacts, and any section's list.

Every page has the header (logo, house name and address; what the list is
and its date) and the reports' footer ("Page x of y", print date, the
confidentiality notice): a long list read from its third page still says
whose it is and when.  Tables repeat their column headings on each page;
letters DejaVu Sans lacks (Chinese, Japanese, Korean) print in the
fallback fonts (:mod:`.fonts`).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import IO, Any

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from soberhouse import clock
from soberhouse.printed_lists import ListPart, PrintedList
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import BOLD, REGULAR, register_fonts
from soberhouse.reports.pdf.page import (
    PAGE_SIZES,
    PRODUCER,
    Footer,
    Logo,
    Output,
    ReportCanvas,
    cell,
    deliver,
    load_logo,
    section,
    text_line,
)
from soberhouse.reports.pdf.wording import markup
from soberhouse.reports.settings import ReportSettings

HEADER_GAP = 10.0  # between the header's rule and the first line of the list
FOOTER_GAP = 10.0  # between the list and the footer's rule
SIGNATURE_ROW_HEIGHT = 26.0
RIGHT_COLUMN = 190.0  # the header's right side: the list's kind and date
HEADING_CELL = ParagraphStyle("ListHeadingCell", parent=styles.CELL, fontName=BOLD)
"""A column heading too long for one line (a short one is bold through styles.GRID)."""


def printed_list_pdf(printed: PrintedList, settings: ReportSettings, out: Output, *,
                     printed_on: dt.date | None = None, invariant: bool = False) -> int:
    """Write ``printed`` as a PDF to ``out`` (a path, written whole or not at
    all, or a binary stream); the number of pages."""
    register_fonts()
    buffer = io.BytesIO()
    document = ListDocument(buffer, printed, settings, printed_on or clock.today(),
                            invariant=invariant)
    pages = document.build_list(list_story(printed, document.width))
    deliver(buffer.getvalue(), out)
    return pages


def printed_list_bytes(printed: PrintedList, settings: ReportSettings, *,
                       printed_on: dt.date | None = None, invariant: bool = False) -> bytes:
    buffer = io.BytesIO()
    printed_list_pdf(printed, settings, buffer, printed_on=printed_on, invariant=invariant)
    return buffer.getvalue()


class ListDocument(BaseDocTemplate):
    """The page of a list: the header on every page, the body, the footer."""

    def __init__(self, target: IO[bytes], printed: PrintedList, settings: ReportSettings,
                 printed_on: dt.date, *, invariant: bool) -> None:
        pagesize = PAGE_SIZES.get(settings.paper_size, letter)
        margin = styles.MARGIN
        self.printed = printed
        self.page_width = pagesize[0] - 2 * margin
        self.logo = load_logo(settings)
        self.footer = Footer(printed_on, settings.notice_text, pagesize[0])
        self.header_height = page_header(printed, self.page_width, self.logo).wrap(
            self.page_width, pagesize[1])[1]
        top = margin + self.header_height + HEADER_GAP
        bottom = margin + self.footer.height + FOOTER_GAP
        super().__init__(target, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
                         topMargin=top, bottomMargin=bottom, title=printed.title, author="",
                         subject="", creator=PRODUCER, invariant=1 if invariant else 0,
                         initialFontName=REGULAR)
        frame = Frame(margin, bottom, self.page_width, pagesize[1] - top - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="list", frames=[frame], pagesize=pagesize,
                                            onPage=self._draw_header)])

    def _draw_header(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        header = page_header(self.printed, self.page_width, self.logo)
        _, height = header.wrapOn(canvas, self.page_width, self.header_height)
        header.drawOn(canvas, styles.MARGIN, self.pagesize[1] - styles.MARGIN - height)

    def build_list(self, story: list[Flowable]) -> int:
        self.build(story, canvasmaker=functools.partial(ReportCanvas, footer=self.footer))
        return int(self.canv.pages_written)


def page_header(printed: PrintedList, width: float, logo: Logo | None) -> Table:
    """Logo, house name and address on the left; the list's kind and date on the right."""
    right = RIGHT_COLUMN
    left = width - right - (logo.width + 10 if logo is not None else 0)
    house: list[Flowable] = [text_line(printed.house_name, styles.HOUSE_NAME, left)]
    if printed.house_address.strip():
        house.append(text_line(printed.house_address.strip(), styles.HOUSE_ADDRESS, left))
    what = [text_line(printed.kind, styles.REPORT_KIND, right),
            text_line(printed.dated, styles.REPORT_MONTH, right)]
    cells: list[Any] = [house, what]
    widths: list[float] = [left, right]
    if logo is not None:
        cells.insert(0, logo)
        widths.insert(0, logo.width + 10)
    return Table([cells], colWidths=widths, style=styles.HEADER, hAlign="LEFT")


def list_story(printed: PrintedList, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if printed.intro:
        story.append(Paragraph(markup(printed.intro), styles.BODY))
        story.append(Spacer(1, 4))
    for part in printed.parts:
        story += section(part_flowables(part, width), len(part.rows) + part.blank_rows)
    return story


def part_flowables(part: ListPart, width: float) -> list[Flowable]:
    parts: list[Flowable] = []
    if part.heading:
        parts.append(text_line(part.heading, styles.HEADING, width))
    if not part.rows and not part.blank_rows:
        parts.append(Paragraph(markup(part.empty_text), styles.NOTE))
        return parts
    parts.append(part_table(part, width))
    if part.note:
        parts.append(Spacer(1, 3))
        parts.append(Paragraph(markup(part.note), styles.NOTE))
    return parts


def part_table(part: ListPart, width: float) -> Table:
    widths = [column.width * width for column in part.columns]
    rows: list[list[Any]] = [[cell(column.heading, widths[number], HEADING_CELL)
                              for number, column in enumerate(part.columns)]]
    for values in part.rows:
        rows.append([cell(value, widths[number]) for number, value in enumerate(values)])
    first_blank = len(rows)
    for number in range(part.blank_rows):
        blank = [""] * len(part.columns)
        if part.columns and part.columns[0].numeric:
            blank[0] = str(len(part.rows) + number + 1)
        rows.append(blank)
    commands: list[tuple[Any, ...]] = list(styles.GRID.getCommands())
    for number, column in enumerate(part.columns):
        if column.numeric:
            commands.append(("ALIGN", (number, 0), (number, -1), "RIGHT"))
    heights: list[float | None] | None = None
    signature = part.signature_column
    if signature is not None:
        heights = [None] + [SIGNATURE_ROW_HEIGHT] * (len(rows) - 1)
        commands.append(("VALIGN", (0, 1), (-1, -1), "MIDDLE"))
        for row in range(1, len(rows)):
            rows[row][signature] = SignatureBox(widths[signature] - 2 * styles.CELL_PADDING,
                                                SIGNATURE_ROW_HEIGHT - 8)
        if first_blank < len(rows):
            commands.append(("TEXTCOLOR", (0, first_blank), (-1, -1), styles.MUTED))
    return Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1,
                 style=TableStyle(commands), hAlign="LEFT")


class SignatureBox(Flowable):
    """The space to sign in: a box across the cell."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
