"""Every paragraph and table style the PDFs use, in one place.

All of them name DejaVu Sans (:mod:`.fonts`).  ReportLab's defaults start on
Helvetica (``ParagraphStyle``, plain table cells, the canvas itself, chart
labels); a PDF lists Helvetica as a non-embedded font as soon as one of them is
used, so nothing here inherits a default font: styles are built from
:data:`BASE`, tables start from :data:`GRID` (or another table style here), and the
chart and the canvas are told the font in :mod:`.chart` and :mod:`.page`.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import TableStyle

from soberhouse.reports.pdf.fonts import BOLD, OBLIQUE, REGULAR

# Colours: dark slate text, the icons' grey for rules, a pale band for headers.
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#b8c0ca")
BAND = colors.HexColor("#e8ecf1")
ACCENT = colors.HexColor("#2f5d8a")
ATTENDED_BAR = colors.HexColor("#2f7d5b")
REQUIRED_BAR = colors.HexColor("#c9d3de")
WARNING = colors.HexColor("#9a3b12")

MARGIN = 0.6 * inch

BASE = ParagraphStyle(
    "Base",
    fontName=REGULAR,
    bulletFontName=REGULAR,
    fontSize=9,
    leading=11.5,
    textColor=INK,
    alignment=TA_LEFT,
)


def _style(name: str, parent: ParagraphStyle = BASE, **values: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **values)  # type: ignore[arg-type]


BODY = _style("Body", spaceAfter=3)
HOUSE_NAME = _style("HouseName", fontName=BOLD, fontSize=15, leading=18)
HOUSE_ADDRESS = _style("HouseAddress", fontSize=9, leading=11.5, textColor=MUTED)
REPORT_KIND = _style("ReportKind", fontName=BOLD, fontSize=11, leading=14, alignment=TA_RIGHT,
                     textColor=ACCENT)
REPORT_MONTH = _style("ReportMonth", fontSize=10, leading=13, alignment=TA_RIGHT)
PERSON = _style("Person", fontName=BOLD, fontSize=14, leading=17, spaceBefore=8, spaceAfter=4)
HEADING = _style("Heading", fontName=BOLD, fontSize=10.5, leading=13, textColor=ACCENT,
                 spaceBefore=10, spaceAfter=4, keepWithNext=1)
NOTE = _style("Note", fontName=OBLIQUE, fontSize=8.5, leading=11, textColor=MUTED,
              spaceAfter=3)
FLAG = _style("Flag", bulletIndent=2, leftIndent=12, spaceAfter=2, textColor=WARNING)
CELL = _style("Cell", fontSize=8.5, leading=10.5)
VALUE = _style("Value", fontName=BOLD, fontSize=9.5, leading=12)
COMMENTS = _style("Comments", fontSize=9, leading=12)
SIGNATURE = _style("Signature", fontSize=8, leading=10, textColor=MUTED)
FOOTER = _style("Footer", fontSize=7, leading=8.5, textColor=MUTED)
RUNNING_HEADER = _style("RunningHeader", fontSize=8.5, leading=10.5, textColor=MUTED)
RUNNING_HEADER_RIGHT = _style("RunningHeaderRight", parent=RUNNING_HEADER, alignment=TA_RIGHT)

FOOTER_FONT_SIZE = 7.5
CELL_FONT_SIZE = 8.5
CELL_PADDING = 4.0

# Tables.  Plain-string cells take FONT from these; Paragraph cells their own style.
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, CELL_FONT_SIZE, 10.5),
    ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("FONT", (0, 0), (-1, 0), BOLD, CELL_FONT_SIZE, 10.5),
    ("BACKGROUND", (0, 0), (-1, 0), BAND),
    ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
])
"""A data table: header row 0 in bold on a pale band, thin rules between rows.
Use with ``repeatRows=1`` so a table split over two pages keeps its header."""

FACTS = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, CELL_FONT_SIZE, 10.5),
    ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
])
"""Label/value pairs without lines (the resident's key facts, occupancy).
Give it :func:`facts_columns` for the columns that hold labels and values."""


def facts_columns(labels: list[int], values: list[int]) -> list[tuple[object, ...]]:
    """Labels small and grey, values bold (plain-string cells of a FACTS table)."""
    commands: list[tuple[object, ...]] = []
    for column in labels:
        commands += [("FONT", (column, 0), (column, -1), REGULAR, 8, 10.5),
                     ("TEXTCOLOR", (column, 0), (column, -1), MUTED),
                     ("TOPPADDING", (column, 0), (column, -1), 2.5)]
    for column in values:
        commands.append(("FONT", (column, 0), (column, -1), BOLD, 9.5, 10.5))
    return commands

HEADER = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, 9),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ("LINEBELOW", (0, 0), (-1, -1), 1, ACCENT),
])
"""The report heading: logo, house name and address, report kind and month."""

BOX = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, 9),
    ("BOX", (0, 0), (-1, -1), 0.6, MUTED),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
])
"""The manager's comments box."""

SIGNATURES = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, 8),
    ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    # The line to sign on sits above each caption, in columns 0 and 2
    # (column 1 is a gutter).
    ("LINEABOVE", (0, 1), (0, 1), 0.6, INK),
    ("LINEABOVE", (2, 1), (2, 1), 0.6, INK),
    ("LINEABOVE", (0, 3), (0, 3), 0.6, INK),
    ("LINEABOVE", (2, 3), (2, 3), 0.6, INK),
])
"""Signature and date lines for the resident and the manager."""


def right_aligned(columns: list[int], first_row: int = 0) -> list[tuple[object, ...]]:
    """Commands right-aligning the given columns (figures) from ``first_row``."""
    return [("ALIGN", (column, first_row), (column, -1), "RIGHT") for column in columns]
