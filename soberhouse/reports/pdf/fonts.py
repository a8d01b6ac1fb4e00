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
FALLBACKS = ("DroidSansFallback", "NanumGothic")
"""For the letters DejaVu Sans lacks, in the order tried: Chinese and Japanese
(Droid Sans Fallback, Apache 2.0), then Korean (Nanum Gothic, SIL OFL 1.1).
Both have TrueType outlines, which ReportLab embeds."""

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf",
          OBLIQUE: "DejaVuSans-Oblique.ttf"}
# About 4 MB each: read only when a name needs one of them.
_FALLBACK_FILES = {"DroidSansFallback": "DroidSansFallbackFull.ttf",
                   "NanumGothic": "NanumGothic.ttf"}
_fallback_letters: dict[str, frozenset[int]] = {}
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


def _fallback_covering(code: int) -> str | None:
    """The first fallback font that has the letter (registering fonts as it
    goes), or None when none has it."""
    for name in FALLBACKS:
        letters = _fallback_letters.get(name)
        if letters is None:
            with _lock:
                letters = _fallback_letters.get(name)
                if letters is None:
                    font = TTFont(name, str(resources.path("fonts", _FALLBACK_FILES[name])))
                    pdfmetrics.registerFont(font)
                    letters = _fallback_letters[name] = frozenset(font.face.charToGlyph)
        if code in letters:
            return name
    return None


def split_by_font(text: str) -> list[tuple[str | None, str]]:
    """``text`` in runs: (font name, run) for letters DejaVu Sans lacks, set in
    the fallback font that has them; (None, run) for the rest."""
    register_fonts()
    runs: list[tuple[str | None, str]] = []
    for letter in text:
        code = ord(letter)
        font = None if code in _covered or letter in "\n\t" else _fallback_covering(code)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + letter)
        else:
            runs.append((font, letter))
    return runs
