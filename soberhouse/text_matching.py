"""How typed text matches names: case, accents and invisible characters do not count.

Searches and pickers fold both sides with :func:`folded`, so "zoe nguyen"
finds "Zoë Nguyễn" and "dang" finds "Đặng"; the likely-duplicate check
compares :func:`name_key` and lists sort by :func:`sort_key`, so "Ødegård"
sorts among the O's and "Đặng" among the D's.
"""

from __future__ import annotations

import re
import unicodedata

# Letters with a stroke or without a dot, and ligatures, do not decompose:
# type "dang" for "Đặng", "aeroe" for "Ærøe", "gudrun" for "Guðrún".  (The
# text is case-folded first: "ß" and "ẞ" are already "ss" here.)  Curly
# apostrophes are the straight one: "O’Brien" is "o'brien".
_UNDECOMPOSED = str.maketrans({
    "đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t", "ð": "d", "þ": "th",
    "æ": "ae", "œ": "oe", "ŋ": "n", "ƒ": "f",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'",
})
_HAS_UNDECOMPOSED = re.compile("[" + "".join(map(chr, _UNDECOMPOSED)) + "]")

# Removed: combining marks (accents, tone marks, Greek tonos) left by NFKD
# decomposition, and characters that show nothing (zero-width spaces and
# joiners, bidi marks and controls, the soft hyphen, the byte-order mark).
_REMOVED = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                      "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                      "\u2066-\u2069\ufeff]")


def folded(text: str) -> str:
    """Lower case without accents or invisible characters, so "zoe nguyen"
    finds "Zoë Nguyễn" however its letters were typed (composed or not)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if _HAS_UNDECOMPOSED.search(decomposed):  # rare: translate() costs more than a search
        decomposed = decomposed.translate(_UNDECOMPOSED)
    return _REMOVED.sub("", decomposed)


def name_key(text: str) -> str:
    """What two spellings of one name have in common: :func:`folded`, without
    surrounding spaces and with one space between words ("ZOË  " is "zoe")."""
    return " ".join(folded(text).split())


def sort_key(*names: str) -> tuple[str, ...]:
    """The order of names in every list: ``sort_key(last_name, first_name)``,
    case and accents not counting ("Đặng" before "Ødegård" before "Wiśniewski")."""
    return tuple(name_key(name) for name in names)
