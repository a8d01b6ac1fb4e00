"""Lists as they go on paper: a heading (house, what the list is, its date),
then one or more tables of plain text.

A :class:`PrintedList` is what every printed list is made of, whatever it
lists: the house lists (:mod:`soberhouse.house_lists`: the meeting sign-in
sheet, the roster, the emergency contacts), Today's items, the mentoring
roster, or any table a section shows (:func:`table_list`).  The PDF is drawn
from it by :func:`soberhouse.reports.pdf.house_lists.printed_list_pdf`, with the
house name and date in the header of every page and the confidentiality
notice in the footer.  Nothing here computes a figure: the lists read what
the core's own functions return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soberhouse.attention import plural
from soberhouse.date_style import written_date
from soberhouse.models import WEEKDAYS
from soberhouse.private_files import file_name_part

if TYPE_CHECKING:  # the window imports this module at start-up: keep it light
    from soberhouse.attention import TodayOverview
    from soberhouse.mentoring.roster import MentoringOverview

ALL_HOUSES = "All houses"
NONE_ON_RECORD = "—"


@dataclass(frozen=True)
class ListColumn:
    heading: str
    width: float  # the share of the page's width (a part's columns add up to 1)
    numeric: bool = False  # right-aligned


@dataclass(frozen=True)
class ListPart:
    """One table of a list, under its own heading ("" for none).

    ``signature_column``: the column left blank for a signature, drawn as a
    box on a taller line; ``blank_rows`` more lines, numbered on, for whoever
    is not listed yet."""

    heading: str
    columns: tuple[ListColumn, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = "Nothing to list."
    note: str = ""
    signature_column: int | None = None
    blank_rows: int = 0


@dataclass(frozen=True)
class PrintedList:
    kind: str  # what the list is: "House meeting sign-in sheet"
    house_name: str  # or "All houses"
    house_address: str
    dated: str  # the date the list is for, as a reader reads it: "Monday 16 Nov 2026, 19:00"
    parts: tuple[ListPart, ...]
    file_stem: str  # "2026-11-16 Maple House sign-in sheet"
    intro: str = ""

    @property
    def title(self) -> str:
        """"Maple House: House roster, 15 Nov 2026"."""
        return f"{self.house_name}: {self.kind}, {self.dated}"

    @property
    def file_name(self) -> str:
        return f"{file_name_part(self.file_stem, 'list')}.pdf"


def day_and_date(day: dt.date) -> str:
    """"Monday 16 Nov 2026" (the date in the style chosen in Settings)."""
    return f"{WEEKDAYS[day.weekday()]} {written_date(day)}"


# ---------------------------------------------------------------- any table

def table_list(kind: str, house_name: str, dated: str, headings: Sequence[str],
               rows: Sequence[Sequence[str]], *, numeric: Sequence[int] = (),
               widths: Sequence[float] | None = None, heading: str = "",
               empty_text: str = "Nothing to list.", note: str = "",
               file_stem: str = "") -> PrintedList:
    """One table, as a section shows it (its headings and the text of its
    cells, in the order shown).  Columns share the page in proportion to
    ``widths`` (default: to the longest text in each, within limits)."""
    if widths is None:
        widths = [_natural_width(column, headings, rows) for column in range(len(headings))]
    total = sum(widths) or 1.0
    columns = tuple(ListColumn(text, width / total, column in numeric)
                    for column, (text, width) in enumerate(zip(headings, widths, strict=True)))
    part = ListPart(heading, columns, tuple(tuple(str(value) for value in row) for row in rows),
                    empty_text=empty_text, note=note)
    return PrintedList(kind, house_name, "", dated, (part,),
                       file_stem or f"{house_name} {kind} {dated}")


def _natural_width(column: int, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> float:
    """The longest text of the column in characters (a heading counts a little
    wider: it is bold), 4 to 40, plus room for the cell's padding."""
    heading = len(headings[column]) * 1.15
    longest = max([heading] + [len(str(row[column])) for row in rows[:200]])
    return float(min(max(longest, 4.0), 40.0) + 2.5)


# ---------------------------------------------------------------- Today

def today_list(overview: TodayOverview, house_name: str, *, several_houses: bool) -> PrintedList:
    """What needs attention today, group by group (the groups with nothing
    are named in one line at the end)."""
    parts = []
    clear = []
    for group in overview.groups:
        if not group.items:
            clear.append(group.short_title)
            continue
        columns = [ListColumn("Who", 0.28), ListColumn("Status", 0.12)]
        if several_houses:
            columns.append(ListColumn("House", 0.16))
        columns.append(ListColumn("Details", 0.60 - (0.16 if several_houses else 0)))
        rows = []
        for item in group.items:
            row = [item.title, item.level.label]
            if several_houses:
                row.append(item.house_name)
            rows.append((*row, item.detail))
        parts.append(ListPart(f"{group.title} ({group.count})", tuple(columns), tuple(rows)))
    intro = ("Nothing needs attention today." if not parts
             else f"{plural(sum(group.count for group in overview.groups), 'item')} "
                  f"need{'s' if sum(g.count for g in overview.groups) == 1 else ''} attention.")
    if parts and clear:
        parts[-1] = _with_note(parts[-1], "Nothing to do: " + ", ".join(clear) + ".")
    return PrintedList("Today", house_name, "", day_and_date(overview.on), tuple(parts),
                       f"{overview.on.isoformat()} {house_name} today", intro=intro)


def _with_note(part: ListPart, note: str) -> ListPart:
    return ListPart(part.heading, part.columns, part.rows, part.empty_text, note,
                    part.signature_column, part.blank_rows)


# ---------------------------------------------------------------- Mentoring

def mentoring_list(overview: MentoringOverview, house_name: str, on: dt.date) -> PrintedList:
    """The mentor roster with each mentor's mentees, the active pairings, and
    who is still without a mentor."""
    mentors = tuple(
        (row.name, row.tier_or_role, row.house_name, f"{row.active_mentees} of {row.cap}",
         ", ".join(row.mentee_names) or NONE_ON_RECORD)
        for row in overview.roster)
    pairings = tuple(
        (view.mentee_name, view.mentor_name, view.role.label, written_date(view.started_on),
         written_date(view.last_check_in) if view.last_check_in else "None yet",
         "Overdue" if view.overdue else "")
        for view in sorted(overview.assignments,
                           key=lambda view: (view.mentee_name.casefold(), view.id)))
    waiting = tuple((row.name, str(row.days_in_house)) for row in overview.without_mentor)
    parts = (
        ListPart("Mentors", (ListColumn("Mentor", 0.22), ListColumn("Tier or role", 0.17),
                             ListColumn("House", 0.15), ListColumn("Mentees", 0.1, True),
                             ListColumn("Mentees now", 0.36)),
                 mentors, empty_text="No mentor on the roster."),
        ListPart("Mentor and mentee pairs", (ListColumn("Mentee", 0.24), ListColumn("Mentor", 0.24),
                                             ListColumn("Role", 0.12), ListColumn("Since", 0.14),
                                             ListColumn("Last check-in", 0.15),
                                             ListColumn("", 0.11)),
                 pairings, empty_text="No active pairing."),
        ListPart("Residents without a mentor", (ListColumn("Resident", 0.6),
                                                ListColumn("Days in the house", 0.4, True)),
                 waiting, empty_text="Everyone living in the house has a mentor."),
    )
    return PrintedList("Mentoring roster", house_name, "", day_and_date(on), parts,
                       f"{on.isoformat()} {house_name} mentoring roster")
