"""The lists a house keeps on paper, as :class:`~soberhouse.printed_lists.PrintedList`:

- the sign-in sheet of a house meeting (the next one unless told): everyone
  living in the house that day, one line each with a box to sign in;
- the roster: the active residents with room, bed, phone, tier and move-in;
- the emergency contacts: each active resident's contact and their phone.

Each in two queries whatever the number of residents.  Names are written in
the person's order with the name they go by
(:func:`~soberhouse.names.name_with_preferred`) and listed by family name
(:func:`~soberhouse.names.name_sort_key`, as every list sorts).
``house_id`` None (the roster and the emergency contacts only) lists every
house, one table each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from peewee import JOIN

from soberhouse import clock, permissions
from soberhouse.date_style import written_date
from soberhouse.errors import NotFound
from soberhouse.houses import get_house, list_houses
from soberhouse.meetings.membership import stay_covers
from soberhouse.meetings.schedule import PlannedMeeting, upcoming_meetings
from soberhouse.models import (
    House,
    Resident,
    ResidentStatus,
    Stay,
    Tier,
    bed_label,
    column_date,
)
from soberhouse.names import name_sort_key, name_with_preferred
from soberhouse.printed_lists import (
    ALL_HOUSES,
    NONE_ON_RECORD,
    ListColumn,
    ListPart,
    PrintedList,
    day_and_date,
    plural,
)

SIGN_IN_BLANK_ROWS = 3
"""Extra numbered lines on a sign-in sheet, for anyone who moved in after it was printed."""


class ListKind(StrEnum):
    """The house lists, as the command line names them."""

    SIGN_IN = "sign-in"
    ROSTER = "roster"
    EMERGENCY_CONTACTS = "emergency-contacts"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def description(self) -> str:
        return _LABELS[self][1]

    @property
    def needs_one_house(self) -> bool:
        return self is ListKind.SIGN_IN


_LABELS = {
    ListKind.SIGN_IN: ("House meeting sign-in sheet",
                       "Everyone living in the house on the day of the next house meeting, "
                       "with a box to sign in"),
    ListKind.ROSTER: ("House roster", "The active residents with room, bed, phone, tier and "
                                      "move-in date"),
    ListKind.EMERGENCY_CONTACTS: ("Emergency contacts", "Each active resident's emergency "
                                                        "contact and phone number"),
}


def house_list(kind: ListKind | str, house_id: int | None, on: dt.date | None = None
               ) -> PrintedList:
    """The list ``kind`` of one house (None: every house; not for a sign-in
    sheet).  ``on``: the day (the sign-in sheet: the first meeting from that day on)."""
    kind = ListKind(kind)
    if kind is ListKind.SIGN_IN:
        if house_id is None:
            raise NotFound("A sign-in sheet is for one house: choose the house.")
        return sign_in_sheet(house_id, on=on)
    if kind is ListKind.ROSTER:
        return house_roster(house_id, on)
    return emergency_contacts(house_id, on)


# ---------------------------------------------------------------- sign-in sheet

def next_meeting(house_id: int, on: dt.date | None = None) -> PlannedMeeting | None:
    """The house's first meeting on or after ``on`` (today), or None when it
    has no weekly meeting and none stored ahead."""
    planned = upcoming_meetings(house_id, on or clock.today(), 1)
    return planned[0] if planned else None


def sign_in_sheet(house_id: int, meeting: PlannedMeeting | None = None, *,
                  on: dt.date | None = None) -> PrintedList:
    """The sign-in sheet of ``meeting`` (default: the next one from ``on``,
    today): the residents living in the house that day, numbered, each with
    a box to sign, then a few blank lines."""
    house = get_house(house_id)
    if meeting is None:
        meeting = next_meeting(house_id, on)
        if meeting is None:
            raise NotFound(f"{house.name} has no house meeting coming: set its weekly "
                           f"meeting day in Settings, or add an extra meeting.")
    day = meeting.held_on
    query = (Stay.select(Resident.id, Resident.first_name, Resident.last_name,
                         Resident.preferred_name, Resident.name_order, Resident.room,
                         Resident.bed)
             .join(Resident, on=(Stay.resident == Resident.id))
             .where((Stay.house == house.id) & stay_covers(day)))
    people: dict[int, tuple[tuple[str, ...], str, str]] = {}
    for resident_id, first, last, preferred, order, room, bed in query.tuples():
        people[resident_id] = (name_sort_key(first, last),
                               name_with_preferred(first, last, preferred, order),
                               bed_label(room, bed))
    ordered = sorted(people.items(), key=lambda item: (*item[1][0], item[0]))
    rows = tuple((str(number), name, bed, "", "")
                 for number, (_, (_, name, bed)) in enumerate(ordered, start=1))
    at = f", {meeting.starts_at}" if meeting.starts_at else ""
    columns = (ListColumn("No.", 0.06, numeric=True), ListColumn("Resident", 0.36),
               ListColumn("Room / bed", 0.17), ListColumn("Time", 0.09),
               ListColumn("Signature", 0.32))
    part = ListPart("", columns, rows, empty_text="Nobody lives in the house on that day.",
                    note=f"{plural(len(rows), 'resident')} living in {house.name} on "
                         f"{written_date(day)}.",
                    signature_column=4, blank_rows=SIGN_IN_BLANK_ROWS)
    return PrintedList(
        f"{meeting.kind.label} sign-in", house.name, house.address, f"{day_and_date(day)}{at}",
        (part,), f"{day.isoformat()} {house.name} sign-in sheet",
        intro="Sign beside your name when you arrive; if you arrive after the start, write "
              "the time too. Not listed? Write your name on a blank line.")


# ---------------------------------------------------------------- roster and contacts

@dataclass(frozen=True)
class _Person:
    id: int
    house_id: int
    first_name: str
    last_name: str
    preferred_name: str
    name_order: str
    room: str
    bed: str
    phone: str
    contact_name: str
    contact_phone: str
    tier_name: str
    move_in_date: dt.date

    @property
    def name(self) -> str:
        return name_with_preferred(self.first_name, self.last_name, self.preferred_name,
                                   self.name_order)


def _active_residents(house_id: int | None) -> dict[int, list[_Person]]:
    """The active residents by house, by name (one query)."""
    query = (Resident.select(Resident.id, Resident.house, Resident.first_name,
                             Resident.last_name, Resident.preferred_name,
                             Resident.name_order, Resident.room,
                             Resident.bed, Resident.phone, Resident.emergency_contact_name,
                             Resident.emergency_contact_phone, Tier.name,
                             Resident.move_in_date)
             .join(Tier, on=(Resident.tier == Tier.id), join_type=JOIN.LEFT_OUTER)
             .where(Resident.status == ResidentStatus.ACTIVE.value))
    if house_id is not None:
        query = query.where(Resident.house == house_id)
    query = permissions.narrowed(query, house=Resident.house, resident=Resident.id)
    people: dict[int, list[_Person]] = {}
    for values in query.tuples():
        person = _Person(*values[:11], values[11] or "", column_date(values[12]))
        people.setdefault(person.house_id, []).append(person)
    for residents in people.values():
        residents.sort(key=lambda p: (*name_sort_key(p.first_name, p.last_name), p.id))
    return people


def _houses(house_id: int | None) -> list[House]:
    return [get_house(house_id)] if house_id is not None else list_houses()


def house_roster(house_id: int | None, on: dt.date | None = None) -> PrintedList:
    """The active residents with room, bed, phone, tier and move-in date."""
    on = on or clock.today()
    houses = _houses(house_id)
    people = _active_residents(house_id)
    columns = (ListColumn("Resident", 0.29), ListColumn("Room", 0.08), ListColumn("Bed", 0.08),
               ListColumn("Phone", 0.17), ListColumn("Tier", 0.22),
               ListColumn("Moved in", 0.16))
    parts = []
    for house in houses:
        residents = people.get(house.id, [])
        rows = tuple((p.name, p.room, p.bed, p.phone or NONE_ON_RECORD, p.tier_name,
                      written_date(p.move_in_date)) for p in residents)
        parts.append(ListPart(
            house.name if house_id is None else "", columns, rows,
            empty_text="Nobody lives in the house now.",
            note=f"{plural(len(rows), 'resident')}; {len(rows)} of {plural(house.beds, 'bed')} "
                 f"in use."))
    return _house_list(ListKind.ROSTER, house_id, houses, on, parts)


def emergency_contacts(house_id: int | None, on: dt.date | None = None) -> PrintedList:
    """Each active resident's emergency contact; a missing one is said so."""
    on = on or clock.today()
    houses = _houses(house_id)
    people = _active_residents(house_id)
    columns = (ListColumn("Resident", 0.25), ListColumn("Room / bed", 0.15),
               ListColumn("Phone", 0.15), ListColumn("Emergency contact", 0.27),
               ListColumn("Contact's phone", 0.18))
    parts = []
    for house in houses:
        residents = people.get(house.id, [])
        rows = tuple((p.name, bed_label(p.room, p.bed), p.phone or NONE_ON_RECORD,
                      p.contact_name or "None on record", p.contact_phone or NONE_ON_RECORD)
                     for p in residents)
        missing = sum(1 for p in residents if not p.contact_name and not p.contact_phone)
        note = (f"{plural(missing, 'resident')} without an emergency contact on record: add "
                f"one in the resident's record." if missing else "")
        parts.append(ListPart(house.name if house_id is None else "", columns, rows,
                              empty_text="Nobody lives in the house now.", note=note))
    return _house_list(ListKind.EMERGENCY_CONTACTS, house_id, houses, on, parts)


def _house_list(kind: ListKind, house_id: int | None, houses: list[House], on: dt.date,
                parts: list[ListPart]) -> PrintedList:
    if house_id is not None:
        name, address = houses[0].name, houses[0].address
    else:
        name, address = ALL_HOUSES, ""
    return PrintedList(kind.label, name, address, day_and_date(on), tuple(parts),
                       f"{on.isoformat()} {name} {kind.label.lower()}")
