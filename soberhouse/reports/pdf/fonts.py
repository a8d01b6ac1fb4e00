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
FALLBACK = "DroidSansFallback"
"""For the letters DejaVu Sans lacks: Chinese, Japanese and Korean names
(Droid Sans Fallback, Apache 2.0; TrueType outlines, which ReportLab embeds)."""

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf",
          OBLIQUE: "DejaVuSans-Oblique.ttf"}
_FALLBACK_FILE = "DroidSansFallbackFull.ttf"  # 4 MB: read only when a name needs it
_fallback_registered = False
_lock = threading.Lock()
_registered = False
_covered: frozenset[int] = frozenset()


def register_fonts() -> None:
    """Register DejaVu Sans regular, bold and oblique, and the family mapping
    (bold italic falls back to bold: there is no bold oblique file).

    Cheap after the first call; safe from a worker thread.
    """
    global _registered, _covered
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
        _covered = frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)
        _registered = True


def needs_fallback(text: str) -> bool:
    """Whether ``text`` has a letter DejaVu Sans cannot draw."""
    register_fonts()
    return not all(ord(letter) in _covered or letter in "\n\t" for letter in text)


def register_fallback_font() -> None:
    """Register the fallback font (cheap after the first call; thread-safe)."""
    global _fallback_registered
    if _fallback_registered:
        return
    with _lock:
        if not _fallback_registered:
            pdfmetrics.registerFont(TTFont(FALLBACK, str(resources.path("fonts",
                                                                        _FALLBACK_FILE))))
            _fallback_registered = True


def split_by_font(text: str) -> list[tuple[bool, str]]:
    """``text`` in runs: (True, run) for letters that need the fallback font,
    which this registers."""
    register_fonts()
    register_fallback_font()
    runs: list[tuple[bool, str]] = []
    for letter in text:
        fallback = ord(letter) not in _covered and letter not in "\n\t"
        if runs and runs[-1][0] == fallback:
            runs[-1] = (fallback, runs[-1][1] + letter)
        else:
            runs.append((fallback, letter))
    return runs
