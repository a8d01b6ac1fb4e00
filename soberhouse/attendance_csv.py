"""What the outside-meetings file and the roll-calls file share.

Both name a resident on each line ("First Last", or a Resident id, with the
House when two residents share a name) and both are refused for a resident who
was not living in the house on the line's date.  :class:`ResidentDirectory`
reads every house, resident and stay in three queries, so a file of 100,000
lines is checked in Python without a query per line.

The rules checked here for whole files are the same the single-entry core
functions apply (:mod:`soberhouse.meetings.roll_call`,
:mod:`soberhouse.twelve_step.outside_meetings`): not after today, living in
the house on that date (a Stay with move_in_date <= day < move_out_date).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar, cast

from soberhouse.csv_reading import DateOrder, DateReader, UnreadableDate, as_date, raw_rows
from soberhouse.models import House, Resident, Stay
from soberhouse.names import full_name

T = TypeVar("T")

RESIDENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "resident": ("Resident", "Name", "Resident name", "Full name"),
    "resident_id": ("Resident id", "Resident number", "Resident no"),
    "first_name": ("First name", "First", "Given name"),
    "last_name": ("Last name", "Last", "Surname", "Family name"),
    "house": ("House", "House name"),
}
"""Headers naming the resident and the house, in both files."""

RESIDENT_LABELS = {"resident": "Resident", "resident_id": "Resident id",
                   "first_name": "First name", "last_name": "Last name", "house": "House"}


def name_key(text: str) -> str:
    """``"  zoë   NGUYỄN "`` -> ``"zoë nguyễn"``: how names are compared."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def folded_lookup(table: Mapping[str, T]) -> Callable[[str], T | None]:
    """``look(text)``: ``table``'s value for the text compared as :func:`name_key`
    does, or None; each text is folded once."""
    memo: dict[str, T | None] = {}

    def look(text: str) -> T | None:
        try:
            return memo[text]
        except KeyError:
            found = memo[text] = table.get(name_key(text))
            return found

    return look


def when(day: date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Found:
    """A resident a line names: who, and where they lived (None: nowhere)."""

    resident_id: int
    name: str


StayRow = tuple[int, date, date | None]  # house id, move-in, move-out (first day gone)


class ResidentDirectory:
    """Every house, resident and stay, read once, to match a file's lines.

    :meth:`resident` answers a :class:`Found` or the problem in the manager's
    words; the answers are remembered, since a long file names the same
    residents again and again.
    """

    def __init__(self) -> None:
        self.house_ids: dict[str, int] = {}
        self.house_names: dict[int, str] = {}
        for house_id, name in cast(Iterable[tuple[int, str]],
                                   House.select(House.id, House.name).tuples()):
            self.house_ids[name_key(name)] = house_id
            self.house_names[house_id] = name
        self.names: dict[int, str] = {}
        self.by_name: dict[str, list[int]] = {}
        for resident_id, first, last, order in cast(
                Iterable[tuple[int, str, str, str]],
                Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                                Resident.name_order)
                .order_by(Resident.id).tuples()):
            name = full_name(first, last, order)  # as the export writes it: "李伟"
            self.names[resident_id] = name
            # ... or given name first, as First and Last name columns join it
            for key in dict.fromkeys((name_key(name), name_key(f"{first} {last}"))):
                self.by_name.setdefault(key, []).append(resident_id)
        self.stays: dict[int, list[StayRow]] = {}
        for resident_id, house_id, move_in, move_out in raw_rows(
                Stay.select(Stay.resident, Stay.house, Stay.move_in_date, Stay.move_out_date)):
            self.stays.setdefault(resident_id, []).append(
                (house_id, cast(date, as_date(move_in)), as_date(move_out)))
        self._found: dict[tuple[str, str, int | None], Found | str] = {}

    # ------------------------------------------------------------ houses

    def house(self, text: str) -> int | str:
        """The house called ``text`` (any case), or why there is none."""
        house_id = self.house_ids.get(name_key(text))
        if house_id is not None:
            return house_id
        known = ", ".join(sorted(self.house_names.values())) or "none yet"
        return f'There is no house called "{text}" (houses: {known}).'

    # ------------------------------------------------------------ residents

    def resident(self, name: str, id_text: str, house_id: int | None) -> Found | str:
        """The resident a line names, or why it names nobody (or more than one).

        The name decides; the Resident id serves a file without names, and
        tells apart residents who share a name (as does the house).
        """
        key = (name, id_text, house_id)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._resident(name, id_text, house_id)
        return found

    def _resident(self, name: str, id_text: str, house_id: int | None) -> Found | str:
        by_id: int | None = None
        if id_text:
            if not id_text.isdigit() or int(id_text) not in self.names:
                if not name:
                    return f'Resident id "{id_text}" is not on record.'
            else:
                by_id = int(id_text)
        if not name:
            if by_id is None:
                return "Resident: the line names no resident."
            return Found(by_id, self.names[by_id])
        candidates = self.by_name.get(name_key(name), [])
        if not candidates:
            return f'Resident "{name}" is not on record (check the spelling).'
        if len(candidates) > 1 and by_id in candidates:
            candidates = [cast(int, by_id)]
        if len(candidates) > 1 and house_id is not None:
            candidates = [c for c in candidates
                          if any(stay[0] == house_id for stay in self.stays.get(c, ()))]
            if not candidates:
                return (f'Resident "{name}" never lived in '
                        f"{self.house_names.get(house_id, 'that house')}.")
        if len(candidates) > 1:
            return (f'{len(candidates)} residents are called "{name}": add a Resident id '
                    f"column (or a House column) to say which.")
        return Found(candidates[0], self.names[candidates[0]])

    # ------------------------------------------------------------ stays

    def house_on(self, resident_id: int, day: date) -> int | None:
        """The house the resident lived in on ``day``, or None."""
        for house_id, move_in, move_out in self.stays.get(resident_id, ()):
            if move_in <= day and (move_out is None or move_out > day):
                return house_id
        return None

    def not_living_there(self, found: Found, house_id: int | None, day: date) -> str:
        """"" when the resident lived in the house (any house if None) on ``day``,
        else the problem."""
        lived_in = self.house_on(found.resident_id, day)
        if lived_in is not None and (house_id is None or lived_in == house_id):
            return ""
        where = "a house" if house_id is None else self.house_names.get(house_id, "the house")
        return f"{found.name} was not living in {where} on {when(day)}."


class LineChecks:
    """The cells both files share, each read into its value or a problem added
    to the line's ``problems`` (the file's own header named in the message)."""

    def __init__(self, directory: ResidentDirectory, date_order: DateOrder, today: date
                 ) -> None:
        self.directory = directory
        self.read_date = DateReader(date_order)
        self.today = today
        self._houses: dict[str, int | str] = {}

    def house(self, text: str, header: str, problems: list[str], required: bool) -> int | None:
        if not text:
            if required:
                problems.append(f"{header}: the house is missing.")
            return None
        found = self._houses.get(text)
        if found is None:
            found = self._houses[text] = self.directory.house(text)
        if isinstance(found, str):
            problems.append(found)
            return None
        return found

    def past_date(self, text: str, header: str, problems: list[str]) -> date | None:
        """The date (not after today), or None with the problem."""
        if not text:
            problems.append(f"{header}: the date is missing.")
            return None
        try:
            day = self.read_date(text)
        except UnreadableDate as reason:
            problems.append(f'{header} "{text}" {reason}')
            return None
        if day > self.today:
            problems.append(f'{header} "{text}" is after today.')
        return day

    def resident(self, name: str, first: str, last: str, id_text: str, house_id: int | None,
                 problems: list[str]) -> Found | None:
        """The resident named by the Resident cell (or First and Last name, or id)."""
        if not name and (first or last):
            name = f"{first} {last}".strip()
        found = self.directory.resident(name, id_text, house_id)
        if isinstance(found, str):
            problems.append(found)
            return None
        return found
