"""Text in the window sorts as the computer's language sorts it (QCollator).

A reader expects "Álvarez" among the A's, "Đặng" among the D's and "Ødegård"
among the O's in English; a Danish reader finds Ø after Z, a Vietnamese
reader Đ after D, and Chinese names in pinyin order: the collation of the
language the window runs in gives each what they expect.  People sort by
family name, then given name, whichever order the name is written in
(:mod:`soberhouse.names`).

The core sorts with :func:`soberhouse.names.name_sort_key` (letters folded
without accents) where no language is known: a printed list, a file.  Under
the bare "C" locale (a service account) Qt's collation is code-point order
("Zed" before "Álvarez"), so the window then sorts as English does.
"""

from __future__ import annotations

from functools import total_ordering

from PySide6.QtCore import QCollator, QCollatorSortKey, QLocale

_collators: dict[str, QCollator] = {}


def collator() -> QCollator:
    """The collator of the window's language (English under the "C" locale)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    found = _collators.get(locale.name())
    if found is None:
        found = _collators[locale.name()] = QCollator(locale)
    return found


@total_ordering
class CollatedText:
    """A sort key for one text: compared as the window's language compares it."""

    __slots__ = ("_key",)

    def __init__(self, key: QCollatorSortKey) -> None:
        self._key = key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CollatedText):
            return NotImplemented
        return self._key.compare(other._key) == 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, CollatedText):
            return NotImplemented
        return self._key.compare(other._key) < 0

    __hash__ = None  # type: ignore[assignment]  # keys compare, they are not looked up


def collated(text: str) -> CollatedText:
    """``sorted(texts, key=collated)``: in the order of the window's language."""
    return CollatedText(collator().sortKey(text))


def collated_name(given: str, family: str, tie: int = 0) -> tuple[CollatedText, CollatedText,
                                                                   int]:
    """A person's place in a list: family name, then given name, in the
    window's language; ``tie`` (the id) keeps two people of one name apart."""
    keys = collator()
    return (CollatedText(keys.sortKey(family.strip())), CollatedText(keys.sortKey(given.strip())),
            tie)
