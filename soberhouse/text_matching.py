"""How typed text matches names: case and accents do not count.

Searches and pickers fold both sides with :func:`folded`, so "zoe nguyen"
finds "Zoë Nguyễn" and "dang" finds "Đặng".
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks (accents, tone marks, Greek tonos) left by NFKD decomposition.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

# Letters with a stroke or without a dot do not decompose: type "dang" for "Đặng".
_UNDECOMPOSED = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t"})


def folded(text: str) -> str:
    """Lower case without accents, so "zoe nguyen" finds "Zoë Nguyễn"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_UNDECOMPOSED)
    return _COMBINING_MARKS.sub("", decomposed)
