"""Typed text, cleaned and checked before it is stored.

Text reaches the core from forms, from CSV files made in spreadsheets and
from text pasted out of e-mails and web pages, so it brings characters
nobody meant to type.  Every text field is cleaned the same way
(:func:`cleaned_text`) and checked the same way (:func:`character_problem`,
:func:`length_problem`); the rules of each area call these with the field's
label, so a refusal names the field in the manager's words.

What happens to each kind of character:

- **Unicode normal form**: every text is stored in NFC (composed), so a
  "ë" typed as e + combining diaeresis and a "ë" typed as one character are
  the same letters on file, in searches and in the duplicate check.
- **Surrounding white space** (spaces, no-break spaces, tabs, line breaks)
  and **invisible characters at either end** (zero-width space U+200B,
  zero-width (non-)joiners U+200C/U+200D, word joiner U+2060, byte-order mark
  U+FEFF, the bidi marks LRM/RLM/ALM and the embedding, override and isolate
  controls): removed.  A name of nothing but these is an empty name.
- **Zero-width space, word joiner and byte-order mark inside the text**
  (U+200B, U+2060, U+FEFF): removed.  They show nothing and carry no letter;
  left in, "Zoë" and "Zo\u200bë" would be two names.
- **Zero-width joiner and non-joiner inside the text** (U+200C, U+200D):
  kept.  They change how Persian, Arabic and Indic names are drawn.
- **Bidi marks inside the text** (LRM U+200E, RLM U+200F, ALM U+061C): kept.
  They set the direction of the punctuation beside them in a name mixing
  Hebrew or Arabic with Latin letters, and cannot reorder the text.
- **Bidi embeddings, overrides and isolates inside the text** (U+202A-U+202E,
  U+2066-U+2069): refused in one-line fields (names, phones, room, bed,
  substances): they make a name print in another order than it was typed
  ("Trojan source"), and nobody types them.  Kept in multi-line text (notes,
  reasons), which is pasted from elsewhere and where an unclosed one ends
  with its paragraph.
- **Control characters** (NUL, the rest of C0, DEL, C1): refused, except
  tab and line breaks in multi-line text; there the line endings (CR LF, CR,
  NEL, U+2028, U+2029) become one line feed.  A tab or a line break in a
  one-line field is refused with its own message.
- **Lone surrogates** (a file decoded wrongly): refused; no database can
  store them.
- Other format characters (a soft hyphen, say) are kept; the matching of
  :mod:`soberhouse.text_matching` ignores them.

A field's greatest length is its model field's ``max_length``
(:func:`text_limits`), counted in characters after cleaning; text fields of
the models (``TextField``) are the multi-line ones (:func:`multiline_fields`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from peewee import CharField, Model, TextField

ZERO_WIDTH_SPACES = "\u200b\u2060\ufeff"
"""Invisible, no letter: removed wherever they are."""
JOINERS = "\u200c\u200d"
BIDI_MARKS = "\u200e\u200f\u061c"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides, isolates: refused inside one-line text."""

_EDGES = ZERO_WIDTH_SPACES + JOINERS + BIDI_MARKS + BIDI_CONTROLS
_REMOVED_INSIDE = str.maketrans("", "", ZERO_WIDTH_SPACES)
_LINE_ENDINGS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_ALLOWED_IN_MULTILINE = "\t\n"
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp")


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _EDGES):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGES):
        end -= 1
    return text[start:end]


def cleaned_text(text: str, *, multiline: bool = False) -> str:
    """``text`` in NFC, without surrounding white space or invisible
    characters, without zero-width spaces inside; a multi-line text's line
    endings made ``\\n``.  Characters that are refused stay, for
    :func:`character_problem` to name."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_REMOVED_INSIDE)
    if multiline:
        text = _LINE_ENDINGS.sub("\n", text)
    return _strip_edges(text)


def has_visible_text(text: str) -> bool:
    """True when ``text`` holds at least one character that shows (a letter,
    a digit, a sign): white space, controls, invisible characters and accents
    on nothing do not count as filling a field in."""
    if text.isascii():
        return any(not character.isspace() and character.isprintable() for character in text)
    return any(unicodedata.category(character) not in _INVISIBLE_CATEGORIES
               for character in text)


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


def character_problem(text: str, label: str, *, multiline: bool = False) -> str | None:
    """What is wrong with the characters of ``text`` (a cleaned text), in the
    manager's words naming the field by ``label``; None when nothing is."""
    if text.isascii() and text.isprintable():
        return None
    for character in text:
        if multiline and character in _ALLOWED_IN_MULTILINE:
            continue
        if not multiline and character == "\t":
            return f"{label} can't contain a tab: type a space instead."
        if not multiline and character in _LINE_BREAKS:
            return f"{label} must be on one line: it contains a line break."
        category = unicodedata.category(character)
        if (category in ("Cc", "Cs")
                or (not multiline and character in BIDI_CONTROLS)):
            return f"{label} contains a character that can't be printed ({_code(character)})."
    return None


def length_problem(text: str, label: str, limit: int | None) -> str | None:
    """"First name is too long: at most 120 characters (this one has 10,000)." or None."""
    if limit is None or len(text) <= limit:
        return None
    return f"{label} is too long: at most {limit:,} characters (this one has {len(text):,})."


@functools.cache
def text_limits(model: type[Model]) -> dict[str, int]:
    """Each one-line text field of ``model`` and its greatest length, read from
    the model (``Resident.first_name.max_length``): the rules and the forms'
    fields use these, so a limit is written once, in the model."""
    return {field.name: int(field.max_length) for field in model._meta.sorted_fields
            if isinstance(field, CharField) and field.max_length}


@functools.cache
def multiline_fields(model: type[Model]) -> frozenset[str]:
    """The fields of ``model`` that may hold several lines (its ``TextField``s)."""
    return frozenset(field.name for field in model._meta.sorted_fields
                     if isinstance(field, TextField))
