"""A check of the bundle from inside it, for scripts/bundle_smoke.sh:

    SOBERHOUSE_BUNDLE_SELF_TEST=1 dist/soberhouse/soberhouse MODULES_FILE REPORT_PDF

imports every module named in MODULES_FILE (one a line: what the checkout
holds, so a module the analysis missed is named), checks that ReportLab has
its C speed-ups, draws every icon (the SVG
icon engine and image plugin must be there), opens REPORT_PDF with QtPdf (the
preview) and prints its first page through QtPrintSupport to a PDF file.
Prints one line per problem and ``bundle self-test: ok ...`` when there is
none; the exit status is the number of problems (at most 100).

The window's start, the demo and the report are checked through the
program's own command line by the smoke script; this covers what they don't
reach offscreen: lazily imported modules, icons, preview and printing.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path


def import_all(names: list[str]) -> list[str]:
    problems = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 (every failure is reported)
            problems.append(f"import {name}: {type(error).__name__}: {error}")
    return problems


def speed_ups() -> list[str]:
    """ReportLab's C speed-ups are in use (the bundle carries ``_rl_accel``)."""
    from reportlab.lib import rl_accel

    if getattr(rl_accel.fp_str, "__module__", None) != "_rl_accel":
        return ["ReportLab runs without its C speed-ups (_rl_accel is missing)"]
    return []


def draw_icons() -> tuple[int, list[str]]:
    import resources
    from ui.resources import icon

    names = sorted(file.stem for file in resources.path("icons").glob("*.svg"))
    problems = [f"icon {name}: draws nothing" for name in names
                if icon(name).pixmap(32, 32).isNull()]
    if not names:
        problems.append(f"no icons in {resources.path('icons')}")
    return len(names), problems


def preview_and_print(pdf: Path) -> tuple[int, list[str]]:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    document = QPdfDocument()
    document.load(str(pdf))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        return 0, [f"QtPdf can't open {pdf}: {document.status()}, {document.error()}"]
    page = document.render(0, QSize(612, 792))
    if page.isNull():
        return document.pageCount(), ["QtPdf rendered an empty first page"]
    with tempfile.TemporaryDirectory() as folder:
        printed = Path(folder) / "printed.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        painter = QPainter()
        if not painter.begin(printer):
            return document.pageCount(), ["QPrinter could not start a PDF file"]
        white = QImage(page.size(), QImage.Format.Format_RGB32)
        white.fill(0xFFFFFF)
        painter.drawImage(painter.viewport(), white)
        painter.drawImage(painter.viewport(), page)
        painter.end()
        if not printed.read_bytes().startswith(b"%PDF"):
            return document.pageCount(), ["QPrinter wrote no PDF"]
    return document.pageCount(), []


def run(arguments: list[str]) -> int:
    if len(arguments) != 2:
        print("usage: SOBERHOUSE_BUNDLE_SELF_TEST=1 soberhouse MODULES_FILE REPORT_PDF",
              file=sys.stderr)
        return 100
    names = Path(arguments[0]).read_text(encoding="utf-8").split()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problems = import_all(names) + speed_ups()
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])  # noqa: F841 (icons and painters need it)
        icons, icon_problems = draw_icons()
        pages, pdf_problems = preview_and_print(Path(arguments[1]))
        problems += icon_problems + pdf_problems
    except Exception:  # noqa: BLE001
        problems.append(traceback.format_exc())
        icons = pages = 0
    for problem in problems:
        print(f"bundle self-test: {problem}")
    if not problems:
        print(f"bundle self-test: ok: {len(names)} modules imported, {icons} icons drawn, "
              f"the report's {pages} pages opened with QtPdf, the first printed")
    return min(len(problems), 100)
