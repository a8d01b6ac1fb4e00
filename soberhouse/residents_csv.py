"""Residents from and to a CSV file a manager keeps in a spreadsheet.

Import is two steps.  :func:`read_residents_csv` reads the file and returns an
:class:`ImportPreview`: every line, what it would become, and the problems of
every bad line in the manager's words, naming the column the file used.
:func:`apply_import` then admits the good lines in one transaction.

The rules are the core's own, and checking a file locks nothing: the preview
reads once what the rules need of other rows (houses, tiers, the beds in use,
who is on record: :class:`_OnFile`) and checks each line in memory
with the rules of :func:`~soberhouse.residents.admit_resident` against it and
the good lines above, so the same bed twice or more residents than beds is
caught at the later line (:class:`_Intakes`), while everyone else goes on
saving.  The import is one short write: inside it, holding the write lock, it
reads those rows again, checks every line again against what is on file at
that moment (a bed taken since the preview refuses the import, naming the
line), then writes the residents and their history in a few bulk statements.

Both steps take a long file in their stride: given a ``progress`` function they
call it every :data:`PROGRESS_EVERY` lines with ``(done, total)``, and stop with
:class:`ImportCancelled` (nothing saved) when it answers ``False``.  They touch
no window, so a window can run them in a worker thread.

The file: UTF-8 with or without a byte-order mark, commas, semicolons or tabs
between values, a first line naming the columns (matched ignoring case, spaces
and punctuation, with the usual synonyms), dates as 2026-10-03 or in the order
the manager states (10/03/2026 month first, 03/10/2026 day first).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import cast

from peewee import JOIN

from soberhouse import backups, clock, permissions
from soberhouse.accounts import current_user
from soberhouse.audit import Action
from soberhouse.csv_reading import (
    DATE_ORDER_EXAMPLES as DATE_ORDER_EXAMPLES,
)
from soberhouse.csv_reading import (
    IMPORT_CANCELLED,
    PROGRESS_EVERY,
    DateOrder,
    DateReader,
    LineOutcome,
    PreviewLines,
    Progress,
    UnreadableDate,
    as_date,
    check_date_order,
    file_problem,
    header_aliases,
    insert_records,
    insert_returning_ids,
    normalised,
    paused_cycle_collector,
    raw_rows,
    read_csv,
    refuse_bad_lines,
    report_progress,
    require_columns,
)
from soberhouse.csv_reading import (
    ImportCancelled as ImportCancelled,
)
from soberhouse.csv_reading import (
    parse_date as parse_date,
)
from soberhouse.csv_writing import note_export, write_csv
from soberhouse.errors import LikelyDuplicate, Problem, RuleViolation
from soberhouse.houses import (
    DEFAULT_TIERS,
    HouseDetails,
    TierDetails,
    create_house,
    list_houses,
)
from soberhouse.models import (
    BedMove,
    House,
    Resident,
    ResidentStatus,
    SobrietyChangeKind,
    SobrietyDateChange,
    StatusChange,
    Stay,
    Tier,
    TierChange,
    bed_label,
)
from soberhouse.names import NameOrder, full_name, name_sort_key
from soberhouse.recording import one_write, storage_errors
from soberhouse.residents import (
    FIELD_LABELS,
    ResidentDetails,
    check_new_resident,
    likely_duplicates,
)
from soberhouse.text_matching import name_key

# Headers a spreadsheet may use for each field, besides the field's own label
# (FIELD_LABELS, which the export writes) and its code name.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": ("First name", "First", "Given name", "Forename"),
    "last_name": ("Last name", "Last", "Surname", "Family name"),
    "preferred_name": ("Preferred name", "Goes by", "Nickname"),
    "name_order": ("Name order", "Name written", "Name written as"),
    "date_of_birth": ("DOB", "Date of birth", "Birth date", "Birthdate", "Born"),
    "move_in_date": ("Move-in", "Move in date", "Admission date", "Admitted", "Intake date"),
    "sobriety_date": ("Sobriety date", "Clean date", "Sober date", "Sober since"),
    "house_id": ("House", "House name"),
    "tier_id": ("Tier", "Phase", "Level"),
    "room": ("Room",),
    "bed": ("Bed",),
    "status": ("Status",),
    "discharge_date": ("Discharge date", "Move-out date", "Move out", "Discharged on"),
    "discharge_reason": ("Discharge reason", "Reason for leaving"),
    "phone": ("Phone", "Phone number", "Mobile", "Cell"),
    "emergency_contact_name": ("Emergency contact", "Emergency contact name"),
    "emergency_contact_phone": ("Emergency phone", "Emergency contact phone"),
    "substances": ("Substances", "Primary substance", "Substance", "Drug of choice"),
    "notes": ("Notes", "Comments"),
}

DATE_FIELDS = ("date_of_birth", "move_in_date", "sobriety_date", "discharge_date")
REQUIRED_COLUMNS = ("first_name", "last_name", "date_of_birth", "move_in_date", "sobriety_date")
EXPORT_COLUMNS = (
    "first_name", "last_name", "preferred_name", "name_order", "date_of_birth", "house_id",
    "tier_id", "room", "bed", "move_in_date", "sobriety_date", "status", "discharge_date",
    "discharge_reason", "phone", "emergency_contact_name", "emergency_contact_phone",
    "substances", "notes",
)
"""The columns :func:`export_residents` writes, in order; the import reads them all."""


HEADER_ALIASES = header_aliases(
    {name: (*synonyms, FIELD_LABELS[name]) for name, synonyms in COLUMN_SYNONYMS.items()})


# ---------------------------------------------------------------- preview


@dataclass(frozen=True)
class ImportRow(LineOutcome):
    """One line of the file: what it says, what it becomes, and what is wrong."""

    line: int  # where the line starts in the file; the header is line 1
    cells: Mapping[str, str]  # the file's text for each field it has a column for
    details: ResidentDetails  # cleaned, as saved; a date that could not be read is None
    house_name: str
    tier_name: str  # "" = the house's entry tier
    problems: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return full_name(self.details.first_name, self.details.last_name,
                         self.details.name_order)


@dataclass(frozen=True)
class HouseToCreate:
    """A house the file names that is not on record, created by the import when
    the manager asks for it (a file exported elsewhere, into an empty database).
    Its beds are the file's residents living there; its tiers the usual ladder,
    plus any other tier the file names, in the order they appear."""

    name: str
    beds: int
    tiers: tuple[str, ...]

    def description(self) -> str:
        return (f"{self.name} will be created with {self.beds} "
                f"{'bed' if self.beds == 1 else 'beds'} and the tiers "
                f"{', '.join(self.tiers)}: check them in Settings afterwards.")


@dataclass(frozen=True)
class ImportPreview(PreviewLines):
    """What an import would do, line by line; nothing has been saved."""

    source_name: str
    date_order: DateOrder
    columns: Mapping[str, str]  # field name -> the header the file used for it
    unknown_columns: tuple[str, ...]  # headers that match no field: not imported
    rows: tuple[ImportRow, ...]
    default_house_id: int | None = None
    houses_to_create: tuple[HouseToCreate, ...] = ()

    def header_of(self, name: str) -> str:
        """The file's header for a field, or the program's label if the file has none."""
        return self.columns.get(name) or FIELD_LABELS.get(name, name)


def _check_required_columns(indexes: Mapping[str, int], has_default_house: bool) -> None:
    required = [*REQUIRED_COLUMNS, *([] if has_default_house else ["house_id"])]
    require_columns(indexes, [(name,) for name in required], FIELD_LABELS,
                    " (or choose the house for a file without a House column)")


@dataclass(frozen=True)
class _TierOnFile:
    id: int | None  # None: a tier of a house the import will create
    name: str
    position: int


@dataclass(frozen=True)
class _HouseOnFile:
    """A house as the intake rules read it: on record, or planned by the import."""

    key: int  # the house's id; a negative number for a house the import will create
    id: int | None
    name: str
    beds: int
    tiers: tuple[_TierOnFile, ...]  # lowest step first

    @property
    def entry_tier(self) -> _TierOnFile | None:
        return self.tiers[0] if self.tiers else None

    def tier_called(self, name: str) -> _TierOnFile | None:
        """The tier called ``name`` (case, spaces and punctuation not counting),
        or at that position ("2")."""
        wanted = normalised(name)
        return next((tier for tier in self.tiers
                     if normalised(tier.name) == wanted or str(tier.position) == wanted), None)

    def tier_with_id(self, tier_id: int) -> _TierOnFile | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)


BedKey = tuple[int, str, str]  # house key, room and bed in lower case


class _OnFile:
    """What the intake rules read of other rows, read once in a few queries
    (no write, so no lock): the houses and their tiers, the beds in use and
    who sleeps in them, how many live in each house, and who is on record by
    name and date of birth (the likely-duplicate question is asked only for
    those).

    The check of a file reads it before the first line; the import reads it
    again inside its write, where no one else can change it.  Lines found good
    are added as they go (:meth:`take_bed`), so the lines below count them.
    """

    def __init__(self, planned: Sequence[HouseToCreate] = ()) -> None:
        tiers: dict[int, list[_TierOnFile]] = {}
        for tier_id, house_id, name, position in cast(
                Iterable[tuple[int, int, str, int]],
                Tier.select(Tier.id, Tier.house, Tier.name, Tier.position)
                .order_by(Tier.house, Tier.position).tuples()):
            tiers.setdefault(house_id, []).append(_TierOnFile(tier_id, name, position))
        self.houses: list[_HouseOnFile] = [
            _HouseOnFile(house_id, house_id, name, beds, tuple(tiers.get(house_id, ())))
            for house_id, name, beds in cast(
                Iterable[tuple[int, str, int]],
                House.select(House.id, House.name, House.beds).order_by(House.name).tuples())]
        self._by_id = {house.id: house for house in self.houses}
        self._by_name = {house.name.strip().lower(): house for house in self.houses}
        for number, plan in enumerate(planned, start=1):
            house = _HouseOnFile(-number, None, plan.name, plan.beds, tuple(
                _TierOnFile(None, name, position)
                for position, name in enumerate(plan.tiers, start=1)))
            self._by_name[plan.name.strip().lower()] = house
        self.sleeping: dict[BedKey, tuple[str, str]] = {}  # -> (bed label, who)
        self.living: Counter[int] = Counter()
        active = Resident.select(Resident.house, Resident.room, Resident.bed,
                                 Resident.first_name, Resident.last_name,
                                 Resident.name_order).where(
            Resident.status == ResidentStatus.ACTIVE.value).order_by(Resident.id)
        for house_id, room, bed, first, last, order in raw_rows(active):
            self.take_bed(house_id, room, bed, full_name(first, last, order))
        self.people = {_person_key(first, last, as_date(born)) for first, last, born in raw_rows(
            Resident.select(Resident.first_name, Resident.last_name, Resident.date_of_birth))}

    def house_called(self, name: str) -> _HouseOnFile | str:
        """The house (ignoring case and surrounding spaces), or why there is none."""
        house = self._by_name.get(name.strip().lower())
        if house is not None:
            return house
        known = ", ".join(house.name for house in self.houses) or "none yet"
        return f'There is no house called "{name.strip()}" (houses: {known}).'

    def house_with_id(self, house_id: int) -> _HouseOnFile | None:
        return self._by_id.get(house_id)

    def take_bed(self, house_key: int, room: str, bed: str, who: str) -> None:
        """One more active resident in the house, in that bed (if named)."""
        self.living[house_key] += 1
        if room or bed:
            self.sleeping.setdefault((house_key, room.lower(), bed.lower()),
                                     (bed_label(room, bed), who))

    def bed_problems(self, house: _HouseOnFile, room: str, bed: str) -> list[Problem]:
        """The bed and capacity rules of :func:`~soberhouse.residents.admit_resident`
        (``_bed_problems``), in the same words, answered from memory."""
        problems = []
        if room or bed:
            taken = self.sleeping.get((house.key, room.lower(), bed.lower()))
            if taken is not None:
                problems.append(Problem("bed", f"{taken[0]} in {house.name} is taken by "
                                               f"{taken[1]}."))
        if self.living[house.key] + 1 > house.beds:
            problems.append(Problem(
                "house_id", f"{house.name} is full: all {house.beds} beds are in use."))
        return problems


_NO_HOUSE = Problem("house_id", "Choose the house.")


def _house_and_tier_problems(details: ResidentDetails, house: _HouseOnFile | None,
                             tier: _TierOnFile | None) -> list[Problem]:
    """``_house_and_tier`` of :mod:`soberhouse.residents`, in the same words, on
    the house and tier the line resolved to."""
    if house is None:
        return [_NO_HOUSE if details.house_id is None
                else Problem("house_id", "That house no longer exists.")]
    if tier is not None:
        return []
    if not house.tiers:
        return [Problem("tier_id", f"{house.name} has no tiers yet: add them in Settings.")]
    return [Problem("tier_id", f"That tier is not one of {house.name}'s tiers.")]


@dataclass
class _ParsedLine:
    details: ResidentDetails
    house: _HouseOnFile | None
    tier: _TierOnFile | None
    house_name: str
    tier_name: str
    problems: dict[str, str] = field(default_factory=dict)  # field -> message


_TEXT_FIELDS = frozenset(f.name for f in fields(ResidentDetails)) - set(DATE_FIELDS) - {
    "house_id", "tier_id", "status", "name_order"}

# What a Name order cell may say (compared as :func:`normalised` does: case,
# spaces and punctuation not counting); empty is given name first.
_NAME_ORDER_SPELLINGS = {
    normalised(spelling): order
    for order, spellings in (
        (NameOrder.GIVEN_FIRST, ("given-first", "given first", "given name first", "given",
                                 "first name first", "western")),
        (NameOrder.FAMILY_FIRST, ("family-first", "family first", "family name first",
                                  "family", "surname first", "last name first", "eastern")))
    for spelling in (*spellings, order.label)}


def _name_order(text: str, header: str) -> NameOrder | str:
    """The order a Name order cell says, or why it says none."""
    if not text:
        return NameOrder.GIVEN_FIRST
    order = _NAME_ORDER_SPELLINGS.get(normalised(text))
    if order is not None:
        return order
    return (f'{header} "{text}" is neither {NameOrder.GIVEN_FIRST.value} nor '
            f"{NameOrder.FAMILY_FIRST.value} (given name first, or family name first).")


def _parse_line(cells: Mapping[str, str], headers: Mapping[str, str], read_date: DateReader,
                default_house: _HouseOnFile | None, on_file: _OnFile) -> _ParsedLine:
    details = ResidentDetails()
    for name in _TEXT_FIELDS & cells.keys():
        setattr(details, name, cells[name])
    details.status = cells.get("status", "").lower() or ResidentStatus.ACTIVE.value
    parsed = _ParsedLine(details, default_house, None,
                         default_house.name if default_house else "", cells.get("tier_id", ""))
    if "name_order" in cells:
        order = _name_order(cells["name_order"], headers["name_order"])
        if isinstance(order, NameOrder):
            details.name_order = order.value
        else:
            parsed.problems["name_order"] = order
    for name in DATE_FIELDS:
        if cells.get(name):
            try:
                setattr(details, name, read_date(cells[name]))
            except UnreadableDate as reason:
                parsed.problems[name] = f'{headers[name]} "{cells[name]}" {reason}'
    if cells.get("house_id"):
        parsed.house_name = cells["house_id"]
        found = on_file.house_called(cells["house_id"])
        if isinstance(found, str):
            parsed.problems["house_id"] = found
            parsed.house = None
        else:
            parsed.house, parsed.house_name = found, found.name
    house = parsed.house
    details.house_id = house.id if house is not None else None
    if house is not None:
        if parsed.tier_name:
            tier = house.tier_called(parsed.tier_name)
            if tier is None:
                names = ", ".join(tier.name for tier in house.tiers)
                parsed.problems["tier_id"] = (f'{headers["tier_id"]} "{parsed.tier_name}" is '
                                              f"not one of {house.name}'s tiers ({names}).")
            else:
                details.tier_id, parsed.tier_name, parsed.tier = tier.id, tier.name, tier
        else:
            parsed.tier = house.entry_tier
    return parsed


PersonKey = tuple[str, str, date | None]


def _person_key(first_name: str, last_name: str, date_of_birth: date | None) -> PersonKey:
    """Two lines of the file are likely the same person when this is the same:
    the name as :func:`~soberhouse.residents.likely_duplicates` compares it
    (case and accents not counting), and the date of birth."""
    return name_key(first_name), name_key(last_name), date_of_birth


class _Intakes:
    """The intake rules of :func:`~soberhouse.residents.admit_resident`, line
    after line, each line against what is on file *and* the good lines above.

    The rules that need no other row are the core's own
    (:func:`~soberhouse.residents.check_new_resident` asked without a house,
    which makes it read nothing); the house, tier, bed and capacity rules are
    answered from :class:`_OnFile`, in the core's words; the likely-duplicate
    question is the core's :func:`~soberhouse.residents.likely_duplicates`,
    asked only for a name and date of birth on record (compared as it compares
    them: :func:`_person_key`).  A good active line takes its
    bed for the lines below; a line repeating the name and date of birth of a
    good line above is the same person twice.
    """

    def __init__(self, on_file: _OnFile, headers: Mapping[str, str], today: date) -> None:
        self.on_file = on_file
        self.headers = headers
        self.today = today
        self.line_of_person: dict[PersonKey, int] = {}
        self.line_of_bed: dict[BedKey, int] = {}
        self.active_lines_in_house: Counter[int] = Counter()

    def problems(self, line: int, details: ResidentDetails, house: _HouseOnFile | None,
                 tier: _TierOnFile | None, unreadable: Mapping[str, str],
                 cells: Mapping[str, str], before: Sequence[str] = ()) -> list[str]:
        """The line's problems in the manager's words, naming the file's columns
        (``details`` cleaned, as :meth:`ResidentDetails.cleaned` does;
        ``unreadable``: the cells that could not be read, field -> message;
        ``before``: problems of the line found before these rules).  A good line
        is kept for the lines below."""
        found = [p for p in check_new_resident(replace(details, house_id=None), self.today)
                 if p != _NO_HOUSE]
        found += _house_and_tier_problems(details, house, tier)
        bed_typed_wrong = any(p.field in ("room", "bed") for p in found)
        if (house is not None and details.status == ResidentStatus.ACTIVE.value
                and not bed_typed_wrong):
            found += self.on_file.bed_problems(house, details.room, details.bed)
        # Every rule, except for fields already unreadable.
        problems = [*before, *unreadable.values()]
        problems += [self._describe(p, details, house, cells) for p in found
                     if p.field not in unreadable]
        if problems:
            return problems
        key = _person_key(details.first_name, details.last_name, details.date_of_birth)
        if key in self.line_of_person:
            return [f"Same name and date of birth as line {self.line_of_person[key]}: "
                    f"is this the same person twice?"]
        if key in self.on_file.people:  # the core's own question, for its words
            matches = likely_duplicates(details.first_name, details.last_name,
                                        details.date_of_birth)
            if matches:
                return [str(LikelyDuplicate(matches))]
        self._keep(line, key, details, cast(_HouseOnFile, house))
        return []

    def _keep(self, line: int, key: PersonKey, details: ResidentDetails,
              house: _HouseOnFile) -> None:
        self.line_of_person[key] = line
        if details.status != ResidentStatus.ACTIVE.value:
            return  # a former resident takes no bed: no rule below depends on it
        self.on_file.take_bed(house.key, details.room, details.bed,
                              full_name(details.first_name, details.last_name,
                                        details.name_order))
        self.active_lines_in_house[house.key] += 1
        if details.room or details.bed:
            self.line_of_bed.setdefault((house.key, details.room.lower(), details.bed.lower()),
                                        line)

    def _describe(self, problem: Problem, details: ResidentDetails,
                  house: _HouseOnFile | None, cells: Mapping[str, str]) -> str:
        header = self.headers.get(problem.field) or FIELD_LABELS.get(problem.field,
                                                                      problem.field)
        message = problem.message
        if problem.field == "bed" and house is not None:
            line = self.line_of_bed.get((house.key, details.room.lower(), details.bed.lower()))
            if line is not None:
                message += f" (line {line} of this file)"
        elif problem.field == "house_id" and house is not None:
            above = self.active_lines_in_house[house.key]
            if above:
                message += f" (counting {above} from the lines above in this file)"
        label = FIELD_LABELS.get(problem.field, problem.field)
        if header.casefold() == label.casefold() and message.startswith(label):
            return message  # "Date of birth is required.", not "Date of birth: Date of..."
        value = cells.get(problem.field, "")
        return f'{header} "{value}": {message}' if value else f"{header}: {message}"


def _houses_to_create(records: Sequence[tuple[int, list[str]]],
                      indexes: Mapping[str, int]) -> tuple[HouseToCreate, ...]:
    """The houses the file names that are not on record, sized from the file."""
    if "house_id" not in indexes:
        return ()

    def cell(record: list[str], name: str) -> str:
        index = indexes.get(name)
        return record[index].strip() if index is not None and index < len(record) else ""

    known = {house.name.strip().lower() for house in list_houses()}
    names: dict[str, str] = {}  # lower-case name -> the name as the file first wrote it
    living: dict[str, int] = {}
    tiers: dict[str, list[str]] = {}
    for _, record in records:
        name = cell(record, "house_id")
        key = name.lower()
        if not name or key in known:
            continue
        names.setdefault(key, name)
        ladder = tiers.setdefault(key, [tier.name for tier in DEFAULT_TIERS])
        status = cell(record, "status").lower() or ResidentStatus.ACTIVE.value
        living[key] = living.get(key, 0) + (status == ResidentStatus.ACTIVE.value)
        tier = cell(record, "tier_id")
        if tier and not tier.isdigit() and tier.lower() not in {t.lower() for t in ladder}:
            ladder.append(tier)
    return tuple(HouseToCreate(names[key], max(living[key], 1), tuple(tiers[key]))
                 for key in names)


def _create_houses(houses: Sequence[HouseToCreate]) -> None:
    for house in houses:
        create_house(HouseDetails(name=house.name, beds=house.beds,
                                  tiers=[_tier_for(name) for name in house.tiers]))


def _tier_for(name: str) -> TierDetails:
    usual = next((tier for tier in DEFAULT_TIERS if tier.name == name), None)
    return replace(usual) if usual is not None else TierDetails(name)


@paused_cycle_collector()
def read_residents_csv(source: str | os.PathLike[str], date_order: DateOrder = "ymd",
                       default_house: House | None = None,
                       today: date | None = None,
                       progress: Progress | None = None,
                       create_missing_houses: bool = False) -> ImportPreview:
    """Read a residents file and say, line by line, what importing it would do.

    ``source`` is a path (read as UTF-8, with or without BOM) or the text itself.
    ``default_house`` is the house for a file without a House column (and for
    lines whose House cell is empty).  Nothing is saved, and nothing is
    locked: the check only reads (houses, tiers, beds in use, names and dates
    of birth on record: a few queries before the first line), so everyone else keeps
    saving while a long file is checked.  A file that can't be read as a
    residents list at all (not UTF-8, no header, a required column missing)
    raises :class:`RuleViolation` with the reason.

    ``progress(line, lines)`` is called with the file line reached and the
    file's number of lines: at the start, every :data:`PROGRESS_EVERY` lines and
    at the end.  If it answers ``False`` the check stops with
    :class:`ImportCancelled`.

    ``create_missing_houses``: houses the file names that are not on record are
    planned (:attr:`ImportPreview.houses_to_create`) and created by
    :func:`apply_import`, instead of making their lines bad.
    """
    check_date_order(date_order)
    today = today or clock.today()
    file = read_csv(source, HEADER_ALIASES, FIELD_LABELS, progress)
    indexes, headers = file.indexes, file.columns
    _check_required_columns(indexes, default_house is not None)
    planned = _houses_to_create(file.lines, indexes) if create_missing_houses else ()

    with storage_errors():
        on_file = _OnFile(planned)
    house = on_file.house_with_id(default_house.id) if default_house is not None else None
    intakes = _Intakes(on_file, headers, today)
    read_date = DateReader(date_order)
    rows: list[ImportRow] = []
    for line, record in file.data_lines(progress):
        cells = {name: record[index].strip() if index < len(record) else ""
                 for name, index in indexes.items()}
        parsed = _parse_line(cells, headers, read_date, house, on_file)
        details = parsed.details.cleaned()  # what would be saved
        problems = intakes.problems(line, details, parsed.house, parsed.tier,
                                    parsed.problems, cells, file.shape_problems(line))
        rows.append(ImportRow(line, cells, details, parsed.house_name,
                              parsed.tier_name, file.with_shape(line, problems)))
    file.finish(progress)
    return ImportPreview(file.source_name, date_order, headers, file.unknown_columns, tuple(rows),
                         default_house.id if default_house is not None else None, planned)


def _import_reason(source_name: str) -> str:
    return f"Imported from {source_name}"


@paused_cycle_collector()
def apply_import(preview: ImportPreview, skip_bad: bool = False,
                 progress: Progress | None = None) -> int:
    """Admit every good line of ``preview`` in one short write; the number admitted.

    The write (:func:`~soberhouse.recording.one_write`, holding the write lock)
    first reads again what the rules need and checks every line against it, as
    the preview did: a bed someone took since, a house filled meanwhile, the
    same person admitted by someone else, refuse the import (a
    :class:`RuleViolation` naming the line; nothing saved).  Then it writes the
    residents and their first history rows (as
    :func:`~soberhouse.residents.admit_resident` records them) in a few bulk
    statements.  It also refuses when there are bad lines and ``skip_bad`` is
    not set.

    ``progress(checked, to_admit)`` is called at the start, every
    :data:`PROGRESS_EVERY` residents and once more just before the transaction
    is committed.  If it answers ``False``, the transaction is rolled back and
    :class:`ImportCancelled` raised: nothing is imported.
    """
    permissions.require(permissions.Right.IMPORT)
    refuse_bad_lines(preview, skip_bad)
    backups.backup_before("import")  # the data as it was, verified
    reason = _import_reason(preview.source_name)
    good = preview.good_rows
    with one_write(f"imported residents from {preview.source_name}",
                   kinds={"resident"}) as scope:  # an exception, a cancel too, rolls back
        if preview.houses_to_create:
            scope.touch("house")
            try:
                _create_houses(preview.houses_to_create)
            except RuleViolation as violation:
                raise file_problem(f"Nothing was imported: {violation} Check the file "
                                   f"again.") from violation
        on_file = _OnFile()  # what is on file now: no one else can change it until the commit
        intakes = _Intakes(on_file, preview.columns, clock.today())
        admitted: list[tuple[ResidentDetails, int, int]] = []
        for done, row in enumerate(good):
            if done % PROGRESS_EVERY == 0:
                report_progress(progress, done, len(good), IMPORT_CANCELLED)
            house, tier = _house_and_tier_now(row, on_file)
            problems = intakes.problems(row.line, row.details, house, tier, {}, row.cells)
            if problems:
                raise file_problem(
                    f"Nothing was imported: line {row.line} no longer fits "
                    f"({'; '.join(problems)}). Check the file again.")
            house, tier = cast(_HouseOnFile, house), cast(_TierOnFile, tier)
            admitted.append((row.details, cast(int, house.id), cast(int, tier.id)))
        scope.touch("resident", *_write_intakes(admitted, reason))
        scope.audit_as(Action.IMPORTED, kind="residents", file=preview.source_name,
                       rows=len(admitted))
        report_progress(progress, len(good), len(good), IMPORT_CANCELLED)
    return len(good)


def _house_and_tier_now(row: ImportRow, on_file: _OnFile
                        ) -> tuple[_HouseOnFile | None, _TierOnFile | None]:
    """The house and tier a previewed line goes to, as they are on file now: by
    id for a house on record at the preview, by name for one the import made."""
    details = row.details
    if details.house_id is not None:
        house = on_file.house_with_id(details.house_id)
    else:
        found = on_file.house_called(row.house_name) if row.house_name else None
        house = found if isinstance(found, _HouseOnFile) else None
    if house is None:
        return None, None
    if details.tier_id is not None:
        return house, house.tier_with_id(details.tier_id)
    return house, house.tier_called(row.tier_name) if row.tier_name else house.entry_tier


def _write_intakes(admitted: Sequence[tuple[ResidentDetails, int, int]],
                   reason: str) -> list[int]:
    """The residents and the first row of each history, as
    :func:`~soberhouse.residents.admit_resident` records one intake: a stay
    (closed for a former resident), the status change (and the move-out), the
    tier, the sobriety date and the bed.  One INSERT per resident (for its id),
    then one ``executemany`` per history table.  The new ids, in order."""
    user = current_user().id
    now = clock.now()
    active = ResidentStatus.ACTIVE.value
    ids = insert_returning_ids(Resident, [
        {**{f.name: getattr(details, f.name) for f in fields(details)
            if f.name not in ("house_id", "tier_id")}, "house": house_id, "tier": tier_id}
        for details, house_id, tier_id in admitted])
    stays, statuses, tiers, sobriety, beds = [], [], [], [], []
    for resident_id, (details, house_id, tier_id) in zip(ids, admitted, strict=True):
        leaving = details.status != active
        move_in = details.move_in_date
        recorded = {"resident": resident_id, "recorded_by": user, "recorded_at": now}
        stays.append({"resident": resident_id, "house": house_id, "move_in_date": move_in,
                      "move_out_date": details.discharge_date if leaving else None,
                      "end_status": details.status if leaving else "",
                      "end_reason": details.discharge_reason if leaving else ""})
        statuses.append({**recorded, "from_status": "", "to_status": active,
                         "effective_date": move_in, "reason": reason})
        if leaving:
            statuses.append({**recorded, "from_status": active, "to_status": details.status,
                             "effective_date": details.discharge_date,
                             "reason": details.discharge_reason})
        tiers.append({**recorded, "from_tier": None, "to_tier": tier_id,
                      "effective_date": move_in, "reason": reason})
        sobriety.append({**recorded, "previous_date": None, "new_date": details.sobriety_date,
                         "kind": SobrietyChangeKind.INTAKE.value, "reason": reason})
        beds.append({**recorded, "from_house": None, "to_house": house_id,
                     "to_room": details.room, "to_bed": details.bed, "effective_date": move_in,
                     "reason": reason})
    for model, records in ((Stay, stays), (StatusChange, statuses), (TierChange, tiers),
                           (SobrietyDateChange, sobriety), (BedMove, beds)):
        insert_records(model, records)
    return ids


# ---------------------------------------------------------------- export


def _export_cell(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def export_residents(path: str | os.PathLike[str]) -> int:
    """Write every resident, current and former, to a CSV file; the number written.

    UTF-8 with a byte-order mark (so Excel shows every name), commas, ISO
    dates, house and tier by name: exactly what :func:`read_residents_csv`
    reads back.  Written as :func:`~soberhouse.csv_writing.write_csv` writes:
    a cell a spreadsheet would run as a formula is written after a single
    quote (the import removes it), the file is readable by its owner only,
    and a failure half-way leaves no file (an older one untouched).
    """
    house_name = House.name.alias("house_name")
    tier_name = Tier.name.alias("tier_name")
    query = permissions.narrowed(  # the residents the signed-in person may see
        Resident.select(Resident, house_name, tier_name)
        .join(House, on=(Resident.house == House.id))
        .switch(Resident)
        .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id)),
        house=Resident.house, resident=Resident.id).objects()

    def rows() -> Iterator[list[str]]:  # in the order of every list of names
        for resident in sorted(query, key=lambda r: (*name_sort_key(r.first_name, r.last_name),
                                                     r.id)):
            by_name = {"house_id": resident.house_name, "tier_id": resident.tier_name}
            yield [_export_cell(by_name[name] if name in by_name else getattr(resident, name))
                   for name in EXPORT_COLUMNS]

    count = write_csv(path, [FIELD_LABELS[name] for name in EXPORT_COLUMNS], rows())
    note_export("residents", path, count)
    return count
