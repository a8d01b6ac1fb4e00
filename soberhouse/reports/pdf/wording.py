"""How figures read on paper: dates, rates, counts.  No metric is computed
here; these only turn the figures of :mod:`soberhouse.reports.monthly_progress`
into text.  Dates are written in the one style of screens and paper
(:mod:`soberhouse.date_style`: "3 Oct 2026", "Oct 3, 2026" or "2026-10-03"),
the month always spelled out, so that a printed report is never ambiguous."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from xml.sax.saxutils import escape

from soberhouse.date_style import DateStyle, current_style, written_date, written_day_in_month
from soberhouse.milestones import milestone_label
from soberhouse.models.meetings import AttendanceStatus
from soberhouse.reports.pdf.fonts import needs_fallback, split_by_font

NONE = "—"
"""Shown where there is no figure (no meeting counted, no date)."""


def markup(text: str) -> str:
    """``text`` safe inside a Paragraph (names may hold ``&`` or ``<``), with
    the letters DejaVu Sans lacks (Chinese, Japanese, Korean) set in a
    fallback font that has them."""
    if not needs_fallback(text):
        return escape(text).replace("\n", "<br/>")
    return "".join(f'<font name="{font}">{escape(run)}</font>' if font
                   else escape(run).replace("\n", "<br/>")
                   for font, run in split_by_font(text))


def day(value: dt.date | None) -> str:
    """"3 Oct 2026" (or the style in use), "—" for no date."""
    if value is None:
        return NONE
    return written_date(value)


def day_in_month(value: dt.date) -> str:
    """A day of the report's month: "3 Oct", "Oct 3" (ISO: the whole date)."""
    return written_day_in_month(value)


def week(start: dt.date, end: dt.date) -> str:
    """"5–11 Oct", "28 Sep – 4 Oct", "29 Dec 2025 – 4 Jan 2026" (day first);
    "Oct 5–11", "Sep 28 – Oct 4" (month first); "2026-10-05 – 2026-10-11" (ISO)."""
    style = current_style()
    if start.year != end.year or style is DateStyle.ISO:
        return f"{day(start)} – {day(end)}"
    if start.month != end.month:
        return f"{day_in_month(start)} – {day_in_month(end)}"
    if style is DateStyle.MONTH_DAY_YEAR:
        return f"{day_in_month(start)}–{end.day}"
    return f"{start.day}–{day_in_month(end)}"


def percent(rate: float | None) -> str:
    return NONE if rate is None else f"{rate * 100:.0f}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def counts(values: Mapping[str, int]) -> str:
    """"In person 4, Phone 2" (largest first), or "—"."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{label} {count}" for label, count in ordered if count) or NONE


def attendance_status(status: AttendanceStatus | None) -> str:
    return "Not marked" if status is None else status.label


def met(value: bool | None) -> str:
    return "In progress" if value is None else ("Met" if value else "Missed")


def milestone(days: int) -> str:
    return milestone_label(days)
