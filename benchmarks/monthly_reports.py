"""The monthly batch of resident reports against a plain ReportLab script.

    python -m benchmarks.monthly_reports [--residents 200] [--runs 3] [--keep DIR]

``batch``: :func:`soberhouse.reports.pdf.monthly_batch_pdf` for N residents
(crafted :class:`MonthlyProgress` values, 8 house meetings and 5 weeks each,
two pages per resident) into one PDF.
``plain``: a straightforward ReportLab script building the same number of
pages in one PDF, two per resident, with similar content: a heading, a 12-row
and a 5-row table and a bar chart on the first page, a paragraph on the
second; the same embedded DejaVu fonts, and a footer with a page number and
the notice (no "of y", no per-resident numbering).

Both run in this process, alternately, after one warm-up each (fonts read,
modules imported); the medians are compared.  Target: the batch takes at
most 1.5 times the plain script.  From run_benchmarks.py call
:func:`measure_monthly_reports` and print :func:`describe`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

TARGET_RATIO = 1.5
PRINTED = dt.date(2026, 11, 15)


def sample_batch(residents: int) -> list:
    from tests.report_samples import sample_residents

    return sample_residents(residents, meetings=8)


def run_batch(progresses: Sequence, out: io.BytesIO) -> int:
    from soberhouse.reports.pdf import monthly_batch_pdf
    from soberhouse.reports.settings import ReportSettings

    return monthly_batch_pdf(progresses, ReportSettings(), out, printed_on=PRINTED)


def run_plain(residents: int, out: io.BytesIO) -> int:
    """The plain script: two pages per resident, styles made inline as a quick
    script would, the widget bar chart."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    import resources
    from soberhouse.reports.settings import DEFAULT_NOTICE

    for name, file in (("PlainSans", "DejaVuSans.ttf"), ("PlainSans-Bold", "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resources.path("fonts", file))))
    body = ParagraphStyle("body", fontName="PlainSans", fontSize=9, leading=11.5)
    title = ParagraphStyle("title", fontName="PlainSans-Bold", fontSize=15, leading=18)
    small = ParagraphStyle("small", fontName="PlainSans", fontSize=7, leading=8.5)
    table_style = TableStyle([("FONT", (0, 0), (-1, -1), "PlainSans", 8.5),
                              ("FONT", (0, 0), (-1, 0), "PlainSans-Bold", 8.5),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)])
    notice = Paragraph(DEFAULT_NOTICE, small)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("PlainSans", 7.5)
        canvas.drawString(43, 110, f"Printed 15 Nov 2026      Page {doc.page}")
        notice.wrapOn(canvas, 526, 100)
        notice.drawOn(canvas, 43, 43)
        canvas.restoreState()

    names = ("Nguyễn Thị Lan", "Øystein Brøndsted", "Ζωή Παπαδοπούλου", "Иван Петров")
    story = []
    for resident in range(residents):
        name = names[resident % len(names)]
        story.append(Paragraph("Maple House", title))
        story.append(Paragraph(f"12 Maple St, Springfield · Monthly progress report · {name}", body))
        meetings = [["Date", "Meeting", "Attendance", "Reason"]] + [
            [f"{day} Oct 2026", "Regular", "Present", "At work (night shift)" if day % 5 else ""]
            for day in range(1, 13)]
        story.append(Table(meetings, repeatRows=1, style=table_style))
        weeks = [["Week", "Required", "Attended", "Verified", "Result"]] + [
            [f"{5 + 7 * n}–{11 + 7 * n} Oct", "3", str(n % 4 + 1), str(n % 3), "Met"]
            for n in range(5)]
        story.append(Table(weeks, repeatRows=1, style=table_style))
        drawing = Drawing(320, 105, initialFontName="PlainSans")
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 24, 16, 210, 80
        chart.data = [[3, 3, 3, 3, 3], [1, 3, 2, 3, 4]]
        chart.categoryAxis.categoryNames = ["5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov"]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "PlainSans"
        drawing.add(chart)
        story.append(drawing)
        story.append(PageBreak())
        story.append(Paragraph(f"{name} has settled in well and keeps the chores; keep working "
                               "on the job search. Next review in November. " * 3, body))
        if resident < residents - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(out, pagesize=letter, leftMargin=43, rightMargin=43,
                            topMargin=43, bottomMargin=130, initialFontName="PlainSans")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return doc.page


def measure_monthly_reports(residents: int = 200, runs: int = 3,
                            keep: Path | None = None) -> dict[str, float]:
    """Median seconds of the batch and of the plain script (same page count),
    their ratio, the page count and the batch's size in bytes."""
    progresses = sample_batch(residents)
    warm = io.BytesIO()
    pages = run_batch(progresses, warm)
    run_plain(residents, io.BytesIO())
    batch_times, plain_times = [], []
    size = len(warm.getvalue())
    plain_pages = 0
    for _ in range(runs):
        out = io.BytesIO()
        started = time.perf_counter()
        run_batch(progresses, out)
        batch_times.append(time.perf_counter() - started)
        out = io.BytesIO()
        started = time.perf_counter()
        run_plain(residents, out)
        plain_times.append(time.perf_counter() - started)
        plain_pages = len(PdfReader(out).pages)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "monthly-batch.pdf").write_bytes(warm.getvalue())
    batch, plain = statistics.median(batch_times), statistics.median(plain_times)
    return {"residents": float(residents), "pages": float(pages),
            "plain_pages": float(plain_pages), "batch_s": batch, "plain_s": plain,
            "ratio": batch / plain, "batch_bytes": float(size)}


def describe(figures: dict[str, float]) -> str:
    ok = "OK" if figures["ratio"] <= TARGET_RATIO else "MISSED"
    return (f"monthly reports: {figures['residents']:.0f} residents, {figures['pages']:.0f} pages "
            f"({figures['batch_bytes'] / 1e6:.1f} MB) in {figures['batch_s']:.2f} s; plain "
            f"ReportLab script, {figures['plain_pages']:.0f} pages, {figures['plain_s']:.2f} s; "
            f"ratio {figures['ratio']:.2f} (target <= {TARGET_RATIO}) {ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the batch PDF into this folder")
    args = parser.parse_args()
    print(describe(measure_monthly_reports(args.residents, args.runs, args.keep)))


if __name__ == "__main__":
    main()
