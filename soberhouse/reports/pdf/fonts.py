"""DejaVu Sans for every PDF: registered once per process from ``resources/fonts``.

The Vera font that comes with ReportLab lacks letters our residents' names use
(ễ, ř, Greek, ...) and draws an empty box for them without complaint; DejaVu
Sans has them.  Every style in :mod:`.styles` names these fonts, and nothing
may fall back to Helvetica (see :mod:`.styles`).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import resources

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
FAMILY = REGULAR  # the family name <b>/<i> markup resolves through

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", OBLIQUE: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans regular, bold and oblique, and the family mapping
    (bold italic falls back to bold: there is no bold oblique file).

    Cheap after the first call; safe from a worker thread.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resources.path("fonts", file_name))))
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, OBLIQUE)
        addMapping(FAMILY, 1, 1, BOLD)
        _registered = True
