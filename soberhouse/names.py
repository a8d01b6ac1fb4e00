"""How a resident's name is written, the one place that puts it together.

A resident's record keeps the given name (``first_name``), the family name
(``last_name``), a preferred name, and the order the person writes them in
(:class:`NameOrder`): "Zoë Nguyễn" is given name first, "李伟" (family name
李, given name 伟) and "Nagy János" are family name first.  Every screen,
report and message asks these functions, so a name reads the same
everywhere:

- :func:`full_name`: the name in the person's order, as a signed document
  prints it: "Zoë Nguyễn", "Nagy János", "李伟" (two names in Chinese,
  Japanese or Korean script are written without a space).
- :func:`name_with_preferred`: the full name with the name they go by:
  ``Robert "Bob" Smith``; for family name first the preferred name follows
  in brackets, "李伟 (Li Wei)", so it never sits inside the person's name.
- :func:`listed_name`: the name as a list shows it: ``Smith, Robert "Bob"``
  for given name first; for family name first the name already starts with
  the family name, so the list shows it as written, "李伟 (Li Wei)", with no
  comma.
- :func:`name_sort_key`: where the name sorts: by family name, then given
  name, whichever order it is written in, case and accents not counting
  (:func:`~soberhouse.text_matching.sort_key`: "Álvarez" among the A's,
  "Đặng" among the D's, "Ødegård" among the O's).  The window sorts with
  the computer's collation instead (``ui.name_collation``).
"""

from __future__ import annotations

import re
from enum import StrEnum

from soberhouse.text_matching import sort_key


class NameOrder(StrEnum):
    """How the person writes their name; stored on the resident's record and
    written in the residents CSV file as its value."""

    GIVEN_FIRST = "given-first"
    FAMILY_FIRST = "family-first"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def of(cls, value: str | NameOrder | None) -> NameOrder:
        """The order a stored value says; anything else (an empty value of an
        old row) is given name first."""
        try:
            return cls(value) if value else cls.GIVEN_FIRST
        except ValueError:
            return cls.GIVEN_FIRST


_LABELS = {NameOrder.GIVEN_FIRST: "Given name first",
           NameOrder.FAMILY_FIRST: "Family name first"}

# Scripts written without a space between family and given name: Han
# ideographs (with the iteration mark of 佐々木), kana, Hangul.
_CLOSE_SET = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3031-\u3035\u3040-\u30ff\u3100-\u312f"
    "\u3130-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+")


def _written_close(text: str) -> bool:
    return bool(_CLOSE_SET.fullmatch(text))


def full_name(given: str, family: str, order: str | NameOrder = NameOrder.GIVEN_FIRST) -> str:
    """The name in the person's order: "Zoë Nguyễn"; family name first
    "Nagy János", and "李伟" without a space when both names are in Chinese,
    Japanese or Korean script."""
    given, family = given.strip(), family.strip()
    first, second = ((family, given) if NameOrder.of(order) is NameOrder.FAMILY_FIRST
                     else (given, family))
    if not first or not second:
        return first or second
    if _written_close(given) and _written_close(family):
        return first + second
    return f"{first} {second}"


def _shown_preferred(given: str, family: str, preferred: str, order: str | NameOrder) -> str:
    """The preferred name, unless it says nothing more than the name itself."""
    preferred = preferred.strip()
    if not preferred or preferred in (given.strip(), full_name(given, family, order)):
        return ""
    return preferred


def name_with_preferred(given: str, family: str, preferred: str,
                        order: str | NameOrder = NameOrder.GIVEN_FIRST) -> str:
    """``Robert "Bob" Smith``; for family name first "李伟 (Li Wei)"."""
    shown = _shown_preferred(given, family, preferred, order)
    if not shown:
        return full_name(given, family, order)
    if NameOrder.of(order) is NameOrder.FAMILY_FIRST:
        return f"{full_name(given, family, order)} ({shown})"
    return " ".join(filter(None, (given.strip(), f'"{shown}"', family.strip())))


def listed_name(given: str, family: str, preferred: str,
                order: str | NameOrder = NameOrder.GIVEN_FIRST) -> str:
    """The name as a list shows it: ``Smith, Robert "Bob"``; for family name
    first as it is written, "李伟 (Li Wei)"."""
    if NameOrder.of(order) is NameOrder.FAMILY_FIRST:
        return name_with_preferred(given, family, preferred, order)
    given, family = given.strip(), family.strip()
    name = f"{family}, {given}" if given and family else family or given
    shown = _shown_preferred(given, family, preferred, order)
    return f'{name} "{shown}"' if shown else name


def name_sort_key(given: str, family: str) -> tuple[str, ...]:
    """Family name, then given name, case and accents not counting: the
    order of every list the core makes (written order does not matter)."""
    return sort_key(family, given)
