"""The recovery sheet: the recovery key on paper, to keep in the safe.

One page (the paper size the reports use): the title, the code very large
in a monospace font in its six numbered groups (and once more on one line,
as it is typed), which data file it opens and where that lives, when and
by whom it was made, what it is for and how to use it, the plain warning
(anyone holding this sheet and the key file can open every record; without
this sheet and without any password the data is lost), and a box to write
where it is kept and sign.

:func:`recovery_sheet_bytes` makes the PDF in memory (the window prints it
without a file ever holding the code); :func:`write_recovery_sheet` writes
it to a file readable by its owner only, whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

import resources
from soberhouse.date_style import written_date
from soberhouse.encryption import RECOVERY_GROUP_LENGTH, normalise_recovery_code
from soberhouse.reports.pdf import styles
from soberhouse.reports.pdf.fonts import BOLD, REGULAR, register_fonts
from soberhouse.reports.pdf.page import PAGE_SIZES, PRODUCER, deliver
from soberhouse.reports.pdf.wording import markup

TITLE = "Soberhouse recovery sheet"
MONOSPACE = "DejaVuSansMono-Bold"
CODE_FONT_SIZE = 30.0

_lock = threading.Lock()

TITLE_STYLE = ParagraphStyle("SheetTitle", parent=styles.HOUSE_NAME, fontSize=20, leading=24)
SUBTITLE = ParagraphStyle("SheetSubtitle", parent=styles.REPORT_KIND, fontSize=11, leading=14)
TEXT = ParagraphStyle("SheetText", parent=styles.BODY, fontSize=10, leading=13.5,
                      spaceAfter=5)
HEADING = ParagraphStyle("SheetHeading", parent=styles.HEADING, fontSize=11.5, leading=14,
                         spaceBefore=12)
WARNING_TEXT = ParagraphStyle("SheetWarning", parent=TEXT, fontName=BOLD,
                              textColor=styles.WARNING, spaceAfter=3)
GROUP_NUMBER = ParagraphStyle("GroupNumber", parent=styles.BASE, fontSize=8, leading=10,
                              textColor=styles.MUTED, alignment=TA_CENTER)
GROUP = ParagraphStyle("Group", parent=styles.BASE, fontName=MONOSPACE,
                       fontSize=CODE_FONT_SIZE, leading=CODE_FONT_SIZE * 1.2,
                       alignment=TA_CENTER)
TYPED = ParagraphStyle("Typed", parent=styles.BASE, fontName=MONOSPACE, fontSize=12,
                       leading=15, alignment=TA_CENTER, textColor=styles.INK)
FOOT = ParagraphStyle("SheetFoot", parent=styles.FOOTER, fontSize=7.5, leading=9)


def _register_monospace() -> None:
    register_fonts()
    with _lock:
        if MONOSPACE not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(
                TTFont(MONOSPACE, str(resources.path("fonts", "DejaVuSansMono-Bold.ttf"))))


def _groups(code: str) -> list[str]:
    groups = normalise_recovery_code(code).split("-")
    if len(groups) != 6 or any(len(group) != RECOVERY_GROUP_LENGTH for group in groups):
        raise ValueError("a recovery code is six groups of five letters and digits")
    return groups


def _paper_size() -> str:
    """The reports' paper size when a data file is open, else letter."""
    try:
        from soberhouse.reports.settings import report_settings

        return report_settings().paper_size
    except Exception:  # no data file open: the default paper
        return "letter"


def _code_block(groups: list[str], width: float) -> Table:
    """The six groups, three to a row, each under its number, on a pale band."""
    rows: list[list[Flowable]] = []
    for start in (0, 3):
        rows.append([Paragraph(f"group {start + i + 1}", GROUP_NUMBER) for i in range(3)])
        rows.append([Paragraph(groups[start + i], GROUP) for i in range(3)])
    table = Table(rows, colWidths=[width / 3] * 3, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BACKGROUND", (0, 0), (-1, -1), styles.BAND),
        ("BOX", (0, 0), (-1, -1), 1.2, styles.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("TOPPADDING", (0, 2), (-1, 2), 6),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
        ("BOTTOMPADDING", (0, 3), (-1, 3), 10),
    ]))
    return table


def _facts(data_file: Path, made_by: str, made_at: dt.datetime, width: float) -> Table:
    folder = data_file.parent
    rows = [
        ["Data file", Paragraph(markup(data_file.name), styles.VALUE)],
        ["Where it lives", Paragraph(markup(str(folder)), styles.VALUE)],
        ["Its key file", Paragraph(markup(f"{data_file.name}.keys, beside the data file "
                                          f"(and a copy beside every backup)"), styles.VALUE)],
        ["Made", Paragraph(markup(f"{written_date(made_at.date())} at {made_at:%H:%M}"),
                           styles.VALUE)],
        ["Made by", Paragraph(markup(made_by), styles.VALUE)],
    ]
    table = Table(rows, colWidths=[90, width - 90], hAlign="LEFT")
    table.setStyle(TableStyle([
        *styles.FACTS.getCommands(),
        ("FONT", (0, 0), (0, -1), REGULAR, 9, 12),
        ("TEXTCOLOR", (0, 0), (0, -1), styles.MUTED),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


def _warning(width: float) -> Table:
    lines = [
        Paragraph("Anyone holding this sheet and the key file can open every record: keep it "
                  "in the safe.", WARNING_TEXT),
        Paragraph("Without this sheet and without any password the data is lost: nobody can "
                  "open it, not the people who made Soberhouse either.", WARNING_TEXT),
        Paragraph("Never photograph it, scan it, email it or keep it beside the computer.",
                  TEXT),
    ]
    table = Table([[lines]], colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BOX", (0, 0), (-1, -1), 1.2, styles.WARNING),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def _kept_box(width: float) -> Table:
    label = ParagraphStyle("KeptLabel", parent=styles.BASE, fontSize=9.5, leading=12)
    rows = [[Paragraph(text, label), "", ""] for text in ("Kept at:", "Signed:", "Date:")]
    rows.append(["", "", ""])  # room below the last line
    table = Table(rows, colWidths=[70, width - 86, 16], hAlign="LEFT",
                  rowHeights=[26, 26, 26, 8])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),
        ("BOX", (0, 0), (-1, -1), 0.8, styles.MUTED),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (1, 0), (1, -2), 0.5, styles.MUTED),
    ]))
    return table


def _story(groups: list[str], data_file: Path, made_by: str, made_at: dt.datetime,
           width: float) -> list[Flowable]:
    header = Table([[Paragraph(TITLE, TITLE_STYLE),
                     Paragraph("Keep in the safe", SUBTITLE)]],
                   colWidths=[width - 150, 150], style=styles.HEADER, hAlign="LEFT")
    return [
        header,
        Spacer(1, 10),
        Paragraph("This sheet holds the <b>recovery key</b> of an encrypted Soberhouse data "
                  "file. It opens the file when every owner's password is forgotten, and "
                  "lets an owner choose a new password.", TEXT),
        Spacer(1, 6),
        _code_block(groups, width),
        Spacer(1, 5),
        Paragraph(markup("As typed: " + "-".join(groups)), TYPED),
        Paragraph("No letter O, I or L is in it: read 0 (zero) and 1 (one). Dashes and "
                  "spaces may be left out when typing it.",
                  ParagraphStyle("CodeNote", parent=styles.NOTE, alignment=TA_CENTER,
                                 spaceBefore=3)),
        Paragraph("What it opens", HEADING),
        _facts(data_file, made_by, made_at, width),
        Spacer(1, 12),
        _warning(width),
        Paragraph("How to use it", HEADING),
        Paragraph("In the Soberhouse window, at the sign-in, choose to use the recovery key, "
                  "type the key and an owner's sign-in name, then a new password. At a "
                  "command line: <font name=\"DejaVuSansMono-Bold\">soberhouse recover "
                  "--user NAME</font>. The owner then resets everyone else's password who "
                  "forgot theirs.", TEXT),
        Paragraph("A new recovery key (Settings, or <font name=\"DejaVuSansMono-Bold\">"
                  "soberhouse recovery-key --new</font>) replaces this one for the data file; "
                  "backups taken before then still open with this sheet's key, so keep it "
                  "as long as you keep those backups.", TEXT),
        Paragraph("Where this sheet is kept", HEADING),
        _kept_box(width),
    ]


class _SheetCanvas(Canvas):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["initialFontName"] = REGULAR  # the canvas would start on Helvetica
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def recovery_sheet_bytes(code: str, *, data_file: str | os.PathLike[str], made_by: str,
                         made_at: dt.datetime, paper_size: str | None = None,
                         invariant: bool = False) -> bytes:
    """The recovery sheet of ``code`` as PDF bytes (one page).  ``paper_size``
    ("letter" or "A4"): the reports' paper size by default."""
    _register_monospace()
    groups = _groups(code)
    pagesize = PAGE_SIZES.get(paper_size or _paper_size(), letter)
    margin = styles.MARGIN
    width = pagesize[0] - 2 * margin
    footer_height = 20.0
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin + footer_height, title=TITLE, author="", subject="",
        creator=PRODUCER, invariant=1 if invariant else 0, initialFontName=REGULAR)
    made_on = written_date(made_at.date())

    def footer(canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(margin, margin + 12, pagesize[0] - margin, margin + 12)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(styles.MUTED)
        canvas.drawString(margin, margin + 2, f"{TITLE} for {Path(data_file).name}, made "
                                              f"{made_on}. One page.")
        canvas.restoreState()

    frame = Frame(margin, margin + footer_height, width,
                  pagesize[1] - 2 * margin - footer_height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="sheet")
    document.addPageTemplates([PageTemplate(id="sheet", frames=[frame], pagesize=pagesize,
                                            onPage=footer)])
    story = _story(groups, Path(data_file).expanduser().absolute(), made_by, made_at, width)
    # One page whatever the path's and the name's length: a story too long
    # for the page is drawn a little smaller rather than split.
    document.build([KeepInFrame(width, frame.height, story, mode="shrink")],
                   canvasmaker=_SheetCanvas)
    return buffer.getvalue()


def write_recovery_sheet(path: str | os.PathLike[str], code: str, *,
                         data_file: str | os.PathLike[str], made_by: str,
                         made_at: dt.datetime, paper_size: str | None = None,
                         invariant: bool = False) -> Path:
    """Write the recovery sheet to ``path`` (readable by its owner only,
    written whole or not at all); the path."""
    data = recovery_sheet_bytes(code, data_file=data_file, made_by=made_by, made_at=made_at,
                                paper_size=paper_size, invariant=invariant)
    deliver(data, Path(path))
    return Path(path)
