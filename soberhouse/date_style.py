"""How a date is written: one style on every screen and every printed page.

The manager picks the style in Settings, or leaves it to follow the
computer's own short date format (the window reads it with Qt and calls
:func:`follow_locale_pattern`; the command line, with no Qt, uses the saved
choice, else day-month-year).  A style has two spellings of a day:

- the written one, for reading: "19 Oct 2026", "Oct 19, 2026", "2026-10-19";
- the typed one, for date fields: "19/10/2026", "10/19/2026", "2026-10-19".

:func:`parse_typed_date` reads what a manager types in a date field: the
style's numeric order (``/``, ``.`` or ``-`` between the parts, four-digit
year), or ISO always, or the written form; a problem comes back as a
:class:`TypedDateProblem` whose text names what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from soberhouse import permissions
from soberhouse.models import Setting
from soberhouse.recording import one_write

DATE_STYLE_KEY = "display.date_style"
"""The saved choice in :class:`~soberhouse.models.Setting` ("" = follow the computer)."""

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")


class DateStyle(StrEnum):
    DAY_MONTH_YEAR = "day-month-year"
    MONTH_DAY_YEAR = "month-day-year"
    ISO = "iso"

    @property
    def label(self) -> str:
        """How Settings names the style, with an example."""
        example = dt.date(2026, 10, 19)
        return f"{written_date(example, self)}  ({typed_date(example, self)})"

    @property
    def typing_hint(self) -> str:
        """What a date field shows while it is empty."""
        return {DateStyle.DAY_MONTH_YEAR: "dd/mm/yyyy", DateStyle.MONTH_DAY_YEAR: "mm/dd/yyyy",
                DateStyle.ISO: "yyyy-mm-dd"}[self]


DEFAULT_STYLE = DateStyle.DAY_MONTH_YEAR
_in_use: list[DateStyle] = [DEFAULT_STYLE]


class TypedDateProblem(ValueError):
    """Text in a date field that is not a date; ``str()`` is the manager's message."""


# ---------------------------------------------------------------- the style in use

def current_style() -> DateStyle:
    return _in_use[0]


def use_style(style: DateStyle) -> None:
    """Write every date from now on in ``style`` (the window and the command
    line call this once the data file is open)."""
    _in_use[0] = style


def style_of_locale_pattern(pattern: str) -> DateStyle:
    """The style closest to a Qt/ICU short date pattern ("M/d/yy" is
    month-day-year, "dd.MM.yy" day-month-year, "yyyy-MM-dd" and "y/M/d" ISO)."""
    order = [part for part in re.findall(r"[dMy]", pattern)]
    first = order[0] if order else "d"
    if first == "y":
        return DateStyle.ISO
    if first == "M":
        return DateStyle.MONTH_DAY_YEAR
    return DateStyle.DAY_MONTH_YEAR


def saved_style() -> DateStyle | None:
    """The style chosen in Settings, or None to follow the computer."""
    row = Setting.get_or_none(Setting.key == DATE_STYLE_KEY)
    try:
        return DateStyle(row.value) if row is not None and row.value else None
    except ValueError:
        return None


def save_style(style: DateStyle | None) -> None:
    """Keep ``style`` with the data (None: follow each computer's own format)."""
    permissions.require(permissions.Right.CHANGE_SETTINGS)
    value = style.value if style is not None else ""
    with one_write("changed how dates are written", kinds={"settings"}):
        Setting.put(DATE_STYLE_KEY, value)


def follow_saved_style(locale_pattern: str | None = None) -> DateStyle:
    """Use the saved style, or the one of ``locale_pattern`` (the computer's
    short date format), or the default; answers the style now in use."""
    style = saved_style()
    if style is None:
        style = style_of_locale_pattern(locale_pattern) if locale_pattern else DEFAULT_STYLE
    use_style(style)
    return style


# ---------------------------------------------------------------- writing

def written_date(day: dt.date, style: DateStyle | None = None) -> str:
    """"19 Oct 2026", "Oct 19, 2026" or "2026-10-19"."""
    style = style or current_style()
    month = MONTH_ABBREVIATIONS[day.month - 1]
    if style is DateStyle.ISO:
        return day.isoformat()
    if style is DateStyle.MONTH_DAY_YEAR:
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


def written_day_in_month(day: dt.date, style: DateStyle | None = None) -> str:
    """A day where the year goes without saying: "19 Oct", "Oct 19" (ISO
    keeps the whole date: it has no short form a reader would know)."""
    style = style or current_style()
    month = MONTH_ABBREVIATIONS[day.month - 1]
    if style is DateStyle.ISO:
        return day.isoformat()
    if style is DateStyle.MONTH_DAY_YEAR:
        return f"{month} {day.day}"
    return f"{day.day} {month}"


def written_month(first: dt.date) -> str:
    """"October 2026": the same in every style."""
    return f"{MONTH_NAMES[first.month - 1]} {first.year}"


def typed_date(day: dt.date, style: DateStyle | None = None) -> str:
    """The numeric spelling a date field shows: "19/10/2026", "10/19/2026", "2026-10-19"."""
    style = style or current_style()
    if style is DateStyle.ISO:
        return day.isoformat()
    if style is DateStyle.MONTH_DAY_YEAR:
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


# ---------------------------------------------------------------- reading

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WRITTEN = re.compile(r"^(?:(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{1,4})"
                      r"|([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{1,4}))$")


def parse_typed_date(text: str, style: DateStyle | None = None) -> dt.date:
    """The date in ``text`` (see the module's notes); raises
    :class:`TypedDateProblem` saying what is wrong."""
    style = style or current_style()
    typed = " ".join(text.split())
    if not typed:
        raise TypedDateProblem("Type a date.")
    iso = _ISO.match(typed)
    if iso:
        return _make(int(iso[1]), int(iso[2]), int(iso[3]), typed)
    numeric = _NUMERIC.match(typed)
    if numeric:
        first, second, third = numeric[1], numeric[2], numeric[3]
        if len(first) == 4:  # 2026/10/19: year first, whatever the style
            return _make(int(first), int(second), int(third), typed)
        if len(third) != 4:
            raise TypedDateProblem(f"Type the year with four digits ({style.typing_hint}).")
        if style is DateStyle.MONTH_DAY_YEAR:
            return _make(int(third), int(first), int(second), typed)
        if style is DateStyle.ISO:
            raise TypedDateProblem(f"“{typed}” is not a date: type it as {style.typing_hint}.")
        return _make(int(third), int(second), int(first), typed)
    written = _WRITTEN.match(typed)
    if written:
        day_text, month_text, year_text = (
            (written[1], written[2], written[3]) if written[1] else
            (written[5], written[4], written[6]))
        month = _month_number(month_text)
        if month is None:
            raise TypedDateProblem(f"“{month_text}” is not a month.")
        if len(year_text) != 4:
            raise TypedDateProblem("Type the year with four digits.")
        return _make(int(year_text), month, int(day_text), typed)
    raise TypedDateProblem(f"“{typed}” is not a date: type it as {style.typing_hint}.")


def _month_number(name: str) -> int | None:
    folded = name.casefold()
    for number, full in enumerate(MONTH_NAMES, start=1):
        if len(folded) >= 3 and full.casefold().startswith(folded):
            return number
    return None


def _make(year: int, month: int, day: int, typed: str) -> dt.date:
    if year < 1000:
        raise TypedDateProblem("Type the year with four digits.")
    if not 1 <= month <= 12:
        raise TypedDateProblem(f"“{typed}” has no month {month}: months go from 1 to 12.")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise TypedDateProblem(
            f"{MONTH_NAMES[month - 1]} {year} has no day {day}.") from None
