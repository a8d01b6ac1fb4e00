"""The page every report shares: paper size, margins, the heading, and the
footer ("Page x of y", print date, confidentiality notice) on every page.

"Page x of y" needs the page count before the first page is written, so
:class:`ReportCanvas` keeps each finished page and draws the footers when the
document is saved (ReportLab's "numbered canvas" recipe): one pass, no second
build.  Pages are counted per *report*: a batch holds one report per resident,
each opened by a :class:`ReportStart` marker, so a resident's pages read
"Page 1 of 2", "Page 2 of 2" whatever their place in the batch.

A report's second and later pages carry a running header (:class:`RunningHeader`:
the resident's name, the house, the report and the month, given to the
report's :class:`ReportStart`), so that a page come loose from the stack
still says whose it is.  The first page has the full heading instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from soberhouse.private_files import write_private_bytes
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import REGULAR, needs_fallback, register_fonts
from soberhouse.reports.pdf.wording import day, markup
from soberhouse.reports.settings import ReportSettings

Output = str | Path | IO[bytes]
"""Where a PDF goes: a file path (written whole or not at all) or a binary stream."""

PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": letter, "A4": A4}
PRODUCER = "Soberhouse"
_FOOTER_GAP = 10.0  # between the frame and the footer rule
_FOOTER_FORM = "ReportFooter"


class Footer:
    """The footer of every page, wrapped once per document and drawn on each page."""

    def __init__(self, printed_on: dt.date, notice: str, page_width: float) -> None:
        self.width = page_width - 2 * styles.MARGIN
        self.printed = f"Printed {day(printed_on)}"
        notice = notice.strip()
        self.notice = Paragraph(markup(notice), styles.FOOTER) if notice else None
        self.notice_height = self.notice.wrap(self.width, 1000)[1] if self.notice else 0.0
        # The line of figures, 3 pt of space, then the notice.
        self.height = styles.FOOTER_FONT_SIZE + 6 + self.notice_height

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        """The rule, print date and notice are one form drawn once per PDF and
        placed on every page; only "Page x of y" is written per page."""
        left, bottom = styles.MARGIN, styles.MARGIN
        line_y = bottom + self.notice_height + 3
        if not canvas.hasForm(_FOOTER_FORM):
            canvas.beginForm(_FOOTER_FORM)
            canvas.setStrokeColor(styles.RULE)
            canvas.setLineWidth(0.5)
            canvas.line(left, line_y + styles.FOOTER_FONT_SIZE + 3, left + self.width,
                        line_y + styles.FOOTER_FONT_SIZE + 3)
            canvas.setFillColor(styles.MUTED)
            canvas.setFont(REGULAR, styles.FOOTER_FONT_SIZE)
            canvas.drawString(left, line_y, self.printed)
            if self.notice is not None:
                self.notice.drawOn(canvas, left, bottom)
            canvas.endForm()
        canvas.doForm(_FOOTER_FORM)
        canvas.saveState()
        canvas.setFillColor(styles.MUTED)
        canvas.setFont(REGULAR, styles.FOOTER_FONT_SIZE)
        canvas.drawRightString(left + self.width, line_y, f"Page {page} of {pages}")
        canvas.restoreState()


class ReportCanvas(Canvas):
    """Keeps finished pages until :meth:`save`, then draws each page's footer
    with its number within its report."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any) -> None:
        kwargs["initialFontName"] = REGULAR  # the canvas would start on Helvetica
        super().__init__(*args, **kwargs)
        self.footer = footer
        self.report_index = 0
        self._finished: list[tuple[int, dict[str, Any]]] = []
        self.pages_written = 0

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._finished.append((self.report_index, dict(self.__dict__)))
        self._startPage()

    def save(self) -> None:
        totals = Counter(index for index, _ in self._finished)
        numbers: Counter[int] = Counter()
        for index, state in self._finished:
            self.__dict__.update(state)
            numbers[index] += 1
            self.footer.draw(self, numbers[index], totals[index])
            Canvas.showPage(self)
        self.pages_written = len(self._finished)
        self._finished = []
        Canvas.save(self)


@dataclass(frozen=True)
class RunningHeader:
    """What the top of a report's later pages says: who and where on the
    left ("Nguyễn Thị Lan · Maple House"), the report and month on the right."""

    who: str
    house: str
    report: str
    month: str

    def draw(self, canvas: Canvas, left: float, top: float, width: float) -> None:
        """One line from ``top`` down, then a rule; a name too long for the
        line is shortened with "…" (the first page carries it whole)."""
        right_text = f"{self.report} · {self.month}"
        right = Paragraph(markup(right_text), styles.RUNNING_HEADER_RIGHT)
        right_width = min(width * 0.45,
                          stringWidth(right_text, REGULAR, styles.RUNNING_HEADER.fontSize) + 2)
        right.wrap(right_width, RUNNING_HEADER_HEIGHT)
        room = width - right_width - 12
        line = styles.RUNNING_HEADER.leading
        who, house = self.who, self.house
        while True:
            text = f"<b>{markup(who)}</b>" + (f" · {markup(house)}" if house else "")
            paragraph = Paragraph(text, styles.RUNNING_HEADER)
            if paragraph.wrap(room, 1000)[1] <= line or len(who) <= 1:
                break
            if house:
                house = ""  # the name matters most: the house goes first
            else:
                who = who[:-2].rstrip() + "…"
        baseline_top = top - line
        paragraph.drawOn(canvas, left, baseline_top)
        right.drawOn(canvas, left + width - right_width, baseline_top)
        canvas.saveState()
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.5)
        rule_y = baseline_top - 3
        canvas.line(left, rule_y, left + width, rule_y)
        canvas.restoreState()


RUNNING_HEADER_HEIGHT = styles.RUNNING_HEADER.leading + 3 + 9.0
"""The band a later page keeps above its frame: a line, the rule and a gap."""


class ReportStart(ActionFlowable):
    """Opens report number ``index``: the pages from here are numbered within
    it, and its later pages carry ``header`` at the top.  Place it on a fresh
    page (first in the story, or after :func:`next_report_page`)."""

    def __init__(self, index: int, header: RunningHeader | None = None) -> None:
        super().__init__()
        self.index = index
        self.header = header

    def apply(self, doc: BaseDocTemplate) -> None:
        doc.canv.report_index = self.index
        doc.running_header = self.header
        doc.report_started(self.index)


def next_report_page() -> list[Flowable]:
    """Between two reports of a batch: a new page that is a first page (the
    full heading, no running header)."""
    return [NextPageTemplate(FIRST_PAGE), PageBreak()]


FIRST_PAGE, LATER_PAGE = "report", "later"


class ReportEnd(ActionFlowable):
    """Closes report number ``index``: the batch reports progress here."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def apply(self, doc: BaseDocTemplate) -> None:
        doc.report_finished(self.index)


class ReportDocument(BaseDocTemplate):
    """One frame per page above the footer; reports start and end through hooks."""

    def __init__(self, target: IO[bytes], settings: ReportSettings, printed_on: dt.date, *,
                 title: str, invariant: bool,
                 on_report_start: Callable[[int], None] | None = None,
                 on_report_end: Callable[[int], None] | None = None,
                 running_headers: bool = False) -> None:
        pagesize = PAGE_SIZES.get(settings.paper_size, letter)
        self.footer = Footer(printed_on, settings.notice_text, pagesize[0])
        margin = styles.MARGIN
        bottom = margin + self.footer.height + _FOOTER_GAP
        super().__init__(target, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
                         topMargin=margin, bottomMargin=bottom, title=title,
                         author="", subject="", creator=PRODUCER,
                         invariant=1 if invariant else 0, initialFontName=REGULAR)
        width = pagesize[0] - 2 * margin
        frame = Frame(margin, bottom, width, pagesize[1] - margin - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        band = RUNNING_HEADER_HEIGHT if running_headers else 0.0
        later = Frame(margin, bottom, width, pagesize[1] - margin - bottom - band,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      id="later")
        self.running_header: RunningHeader | None = None

        def header(canvas: Canvas, doc: BaseDocTemplate) -> None:
            if self.running_header is not None:
                self.running_header.draw(canvas, margin, pagesize[1] - margin, width)

        self.addPageTemplates([
            PageTemplate(id=FIRST_PAGE, frames=[frame], pagesize=pagesize,
                         autoNextPageTemplate=LATER_PAGE),
            PageTemplate(id=LATER_PAGE, frames=[later], pagesize=pagesize, onPage=header)])
        self._on_report_start = on_report_start
        self._on_report_end = on_report_end

    def report_started(self, index: int) -> None:
        if self._on_report_start is not None:
            self._on_report_start(index)

    def report_finished(self, index: int) -> None:
        if self._on_report_end is not None:
            self._on_report_end(index)

    def build_story(self, story: list[Flowable]) -> int:
        """Lay out and save; the number of pages written."""
        canvas_maker = functools.partial(ReportCanvas, footer=self.footer)
        self.build(story, canvasmaker=canvas_maker)
        return int(self.canv.pages_written)


def content_width(settings: ReportSettings) -> float:
    return PAGE_SIZES.get(settings.paper_size, letter)[0] - 2 * styles.MARGIN


def render(story: list[Flowable], settings: ReportSettings, out: Output, *,
           printed_on: dt.date, invariant: bool, title: str,
           on_report_start: Callable[[int], None] | None = None,
           on_report_end: Callable[[int], None] | None = None) -> int:
    """Build ``story`` in memory and deliver it to ``out`` only when complete
    (an exception, a cancel included, leaves ``out`` untouched).  Page count."""
    register_fonts()
    buffer = io.BytesIO()
    headers = any(isinstance(part, ReportStart) and part.header is not None for part in story)
    document = ReportDocument(buffer, settings, printed_on, title=title, invariant=invariant,
                              on_report_start=on_report_start, on_report_end=on_report_end,
                              running_headers=headers)
    pages = document.build_story(story)
    deliver(buffer.getvalue(), out)
    return pages


def deliver(data: bytes, out: Output) -> None:
    """Write ``data`` to a stream, or to a path through a temporary file in the
    same folder renamed over it, readable by its owner only: readers never
    see half a PDF (:func:`soberhouse.private_files.write_private_bytes`)."""
    if not isinstance(out, (str, Path)):
        out.write(data)
        return
    write_private_bytes(out, data)


# The heading --------------------------------------------------------------------------

LOGO_MAX_WIDTH = 80.0
LOGO_MAX_HEIGHT = 48.0


class Logo(Flowable):
    """The house logo, scaled to fit the heading.  Drawn from its file name, so
    ReportLab embeds the picture once per PDF however many pages show it."""

    def __init__(self, path: Path, width: float, height: float) -> None:
        super().__init__()
        self.path = str(path)
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.path, 0, 0, self.width, self.height, mask="auto")


def load_logo(settings: ReportSettings) -> Logo | None:
    """The logo of ``settings`` sized for the heading, or None when there is no
    readable picture (a report never fails for a moved or broken logo)."""
    path = settings.logo
    if path is None:
        return None
    try:
        pixels_wide, pixels_high = ImageReader(str(path)).getSize()
    except Exception:  # not a picture ReportLab can read
        return None
    if pixels_wide <= 0 or pixels_high <= 0:
        return None
    scale = min(LOGO_MAX_WIDTH / pixels_wide, LOGO_MAX_HEIGHT / pixels_high)
    return Logo(path, pixels_wide * scale, pixels_high * scale)


def heading(house_name: str, house_address: str, kind: str, month: str, width: float,
            logo: Logo | None) -> Table:
    """Logo, house name and address on the left; the report's kind and month on the right."""
    right = 170.0
    left = width - right - (logo.width + 10 if logo is not None else 0)
    house = [text_line(house_name, styles.HOUSE_NAME, left)]
    if house_address.strip():
        house.append(text_line(house_address.strip(), styles.HOUSE_ADDRESS, left))
    report = [text_line(kind, styles.REPORT_KIND, right),
              text_line(month, styles.REPORT_MONTH, right)]
    cells: list[Any] = [house, report]
    widths: list[float] = [left, right]
    if logo is not None:
        cells.insert(0, logo)
        widths.insert(0, logo.width + 10)
    return Table([cells], colWidths=widths, style=styles.HEADER, hAlign="LEFT")


def data_table(rows: Sequence[Sequence[Any]], widths: Sequence[float],
               extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    """A table with a bold header row that repeats when the table splits."""
    style = styles.GRID
    if extra:
        style = TableStyle(list(styles.GRID.getCommands()) + list(extra))
    return Table([list(row) for row in rows], colWidths=list(widths), repeatRows=1,
                 style=style, hAlign="LEFT")


def cell(text: str, column_width: float, style: ParagraphStyle = styles.CELL) -> Paragraph | str:
    """A table cell: the plain string when it fits on one line in the column's
    font (cheap: no paragraph to parse and wrap), else a wrapping Paragraph."""
    if not text:
        return ""
    room = column_width - 2 * styles.CELL_PADDING
    if ("\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= room
            and not needs_fallback(text)):
        return text
    return Paragraph(markup(text), style)


class TextLine(Flowable):
    """One line of text in a paragraph style, drawn straight on the canvas.

    For headings and names: laid out like a one-line Paragraph (same space
    before and after, baseline, alignment, keep-with-next) without parsing
    markup or breaking lines, which a batch of 200 reports would do
    thousands of times.  Use :func:`text_line`, which falls back to a Paragraph
    when the text is too wide.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.style.leading

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = style.leading - style.fontSize
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def text_line(text: str, style: ParagraphStyle, width: float) -> Flowable:
    """``text`` as a :class:`TextLine` when it fits ``width``, else a wrapping Paragraph."""
    if ("\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width
            and not needs_fallback(text)):
        return TextLine(text, style)
    return Paragraph(markup(text), style)


KEEP_TOGETHER_ROWS = 12
"""Sections with at most this many table rows are kept on one page."""
ROOM_FOR_A_LONG_SECTION = 110.0
"""A long section starts on a new page unless this much room is left (its
heading, a line of text, the table header and a few rows)."""


def section(parts: list[Flowable], rows: int) -> list[Flowable]:
    """A report section (heading first) placed as a reader expects: a short
    one moves to the next page whole rather than leave its heading and first
    lines at the foot of a page; a long one starts where it is, given some
    room, and splits, its table header repeated on the next page."""
    if rows <= KEEP_TOGETHER_ROWS:
        return [KeepTogether(parts)]
    for part in parts:  # a kept-with-next heading would drag the whole table along
        if isinstance(part, TextLine):
            part.keepWithNext = 0
    return [CondPageBreak(ROOM_FOR_A_LONG_SECTION), *parts]
