"""Finding a resident from what someone typed: their number, or their name.

A name matches with case, accents and invisible characters not counting
(:func:`~soberhouse.text_matching.name_key`): "ana wisniewski" finds
"Ana Wiśniewski", in either order, with or without the comma of a list
("Wiśniewski, Ana"), or by the name they go by.  When no whole name matches,
a name whose words begin with every word typed does ("ana wis").  The
caller decides what several matches mean (the command line lists them with
their numbers and asks for one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from soberhouse import permissions
from soberhouse.models import House, Resident, ResidentStatus, Stay, column_date
from soberhouse.names import full_name, name_sort_key, name_with_preferred
from soberhouse.text_matching import name_key


@dataclass(frozen=True)
class ResidentMatch:
    id: int
    name: str  # in the person's order, with the name they go by
    house_name: str
    status: str
    move_in_date: dt.date

    @property
    def description(self) -> str:
        """"no. 12  Ana Wiśniewski (Maple House, active)"."""
        status = ResidentStatus(self.status).label.lower()
        return f"no. {self.id}  {self.name} ({self.house_name}, {status})"


def _forms(given: str, family: str, preferred: str, order: str) -> set[str]:
    """Every whole spelling of the name someone may type, folded."""
    forms = set()
    for first in filter(None, {given, preferred}):
        forms |= {full_name(first, family, order), f"{first} {family}", f"{family} {first}",
                  f"{family}, {first}", f"{family},{first}"}
    forms.add(name_with_preferred(given, family, preferred, order))
    return {name_key(form.replace(",", " ")) for form in forms}


def _words(given: str, family: str, preferred: str) -> list[str]:
    return name_key(f"{given} {family} {preferred}".replace(",", " ")).split()


def residents_named(text: str, house_id: int | None = None) -> list[ResidentMatch]:
    """The residents ``text`` names (of one house: those who ever lived
    there), by family name: the whole name matched if any does, else every
    name whose words begin with the words typed.  One query (and one for who
    the signed-in person may see): only residents they may see are named."""
    typed = name_key(text.replace(",", " "))
    if not typed:
        return []
    if house_id is not None:
        permissions.require_view(house_id=house_id)
    query = (Resident.select(Resident.id, Resident.first_name, Resident.last_name,
                             Resident.preferred_name, Resident.name_order, House.name,
                             Resident.status, Resident.move_in_date)
             .join(House, on=(Resident.house == House.id)))
    query = permissions.narrowed(query, house=Resident.house, resident=Resident.id)
    if house_id is not None:
        query = query.where(Resident.id.in_(
            Stay.select(Stay.resident).where(Stay.house == house_id)))
    whole: list[tuple[tuple[str, ...], ResidentMatch]] = []
    partial: list[tuple[tuple[str, ...], ResidentMatch]] = []
    typed_words = typed.split()
    for resident_id, given, family, preferred, order, house, status, move_in in query.tuples():
        match = ResidentMatch(resident_id, name_with_preferred(given, family, preferred, order),
                              house, status, column_date(move_in))
        key = (*name_sort_key(given, family), str(resident_id).zfill(12))
        if typed in _forms(given, family, preferred, order):
            whole.append((key, match))
        elif not whole:
            words = _words(given, family, preferred)
            if all(any(word.startswith(part) for word in words) for part in typed_words):
                partial.append((key, match))
    found = whole or partial
    return [match for _, match in sorted(found, key=lambda item: item[0])]
