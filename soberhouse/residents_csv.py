"""Residents from and to a CSV file a manager keeps in a spreadsheet.

Import is two steps.  :func:`read_residents_csv` reads the file and returns an
:class:`ImportPreview`: every line, what it would become, and the problems of
every bad line in the manager's words, naming the column the file used.
:func:`apply_import` then admits the good lines in one transaction.

The rules are the core's own: the preview checks each line with the rule
functions :func:`~soberhouse.residents.admit_resident` uses, inside a
transaction that keeps the good lines above it and is rolled back at the end,
so the same bed twice or more residents than beds is caught at the later line
(see :class:`_TrialAdmissions`).  The import itself admits every line with
``admit_resident`` and refuses everything if one fails.

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

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import cast

from peewee import JOIN

from soberhouse import clock
from soberhouse.accounts import current_user
from soberhouse.csv_reading import (
    DATE_ORDER_EXAMPLES as DATE_ORDER_EXAMPLES,
)
from soberhouse.csv_reading import (
    IMPORT_CANCELLED,
    PROGRESS_EVERY,
    DateOrder,
    LineOutcome,
    PreviewLines,
    Progress,
    UnreadableDate,
    check_date_order,
    file_problem,
    header_aliases,
    normalised,
    paused_cycle_collector,
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
from soberhouse.errors import LikelyDuplicate, NotFound, Problem, RuleViolation
from soberhouse.houses import (
    DEFAULT_TIERS,
    HouseDetails,
    TierDetails,
    create_house,
    find_house,
    list_houses,
    tiers_of,
)
from soberhouse.models import House, Resident, ResidentStatus, Tier, database_proxy
from soberhouse.recording import one_write
from soberhouse.residents import (
    FIELD_LABELS,
    ResidentDetails,
    admit_resident,
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
    "first_name", "last_name", "preferred_name", "date_of_birth", "house_id", "tier_id",
    "room", "bed", "move_in_date", "sobriety_date", "status", "discharge_date",
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
    details: ResidentDetails  # a date that could not be read is None here
    house_name: str
    tier_name: str  # "" = the house's entry tier
    problems: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.details.first_name} {self.details.last_name}".strip()


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


class _Lookups:
    """Houses and tiers by name, each asked of the database once per import."""

    def __init__(self) -> None:
        self._houses: dict[str, House | str] = {}
        self._tiers: dict[int, list[Tier]] = {}

    def house(self, name: str) -> House | str:
        """The house, or why there is none."""
        key = name.strip().lower()
        if key not in self._houses:
            try:
                self._houses[key] = find_house(name)
            except NotFound as error:
                self._houses[key] = str(error)
        return self._houses[key]

    def tier(self, house: House, name: str) -> Tier | str:
        """The house's tier called ``name`` (or at that position, "2"), or why not."""
        if house.id not in self._tiers:
            self._tiers[house.id] = tiers_of(house.id)
        tiers = self._tiers[house.id]
        wanted = normalised(name)
        for tier in tiers:
            if normalised(tier.name) == wanted or str(tier.position) == wanted:
                return tier
        names = ", ".join(tier.name for tier in tiers)
        return f"is not one of {house.name}'s tiers ({names})."


@dataclass
class _ParsedLine:
    details: ResidentDetails
    house_name: str
    tier_name: str
    problems: dict[str, str] = field(default_factory=dict)  # field -> message


def _parse_line(cells: Mapping[str, str], headers: Mapping[str, str], order: DateOrder,
                default_house: House | None, lookups: _Lookups) -> _ParsedLine:
    text_fields = {f.name for f in fields(ResidentDetails)} - set(DATE_FIELDS) - {
        "house_id", "tier_id", "status"}
    details = ResidentDetails()
    for name in text_fields & cells.keys():
        setattr(details, name, cells[name])
    details.status = cells.get("status", "").lower() or ResidentStatus.ACTIVE.value
    parsed = _ParsedLine(details, default_house.name if default_house else "",
                         cells.get("tier_id", ""))
    for name in DATE_FIELDS:
        if cells.get(name):
            try:
                setattr(details, name, parse_date(cells[name], order))
            except UnreadableDate as reason:
                parsed.problems[name] = f'{headers[name]} "{cells[name]}" {reason}'
    house = default_house
    if cells.get("house_id"):
        parsed.house_name = cells["house_id"]
        found = lookups.house(cells["house_id"])
        if isinstance(found, str):
            parsed.problems["house_id"] = found
            house = None
        else:
            house = found
            parsed.house_name = found.name
    details.house_id = house.id if house is not None else None
    if house is not None and parsed.tier_name:
        tier = lookups.tier(house, parsed.tier_name)
        if isinstance(tier, str):
            parsed.problems["tier_id"] = f'{headers["tier_id"]} "{parsed.tier_name}" {tier}'
        else:
            details.tier_id, parsed.tier_name = tier.id, tier.name
    return parsed


PersonKey = tuple[str, str, date | None]


def _person_key(first_name: str, last_name: str, date_of_birth: date | None) -> PersonKey:
    """What makes two records "likely the same person" for the core's
    :func:`likely_duplicates`: the name ignoring case and accents, and the date of birth."""
    return name_key(first_name), name_key(last_name), date_of_birth


class _TrialAdmissions:
    """Checks lines one after another with the core's intake rules, so that each
    line is checked against the database *and* the good lines above it.

    The rules are those :func:`admit_resident` applies: :func:`check_new_resident`
    for every line, and :func:`likely_duplicates` for a line whose name and date
    of birth are already on record.  Each good active line is kept as a Resident
    row in a transaction the caller rolls back, so the core's bed and capacity
    rules count it for the lines below.  A line repeating the name and date of
    birth of a good line above is the same person twice.  :func:`apply_import`
    admits for real and refuses everything if a line no longer passes.
    """

    def __init__(self, headers: Mapping[str, str], today: date) -> None:
        self.headers = headers
        self.today = today
        on_record = cast(Iterable[tuple[str, str, date]], Resident.select(
            Resident.first_name, Resident.last_name, Resident.date_of_birth).tuples())
        self.on_record = {_person_key(*person) for person in on_record}
        self.line_of_person: dict[PersonKey, int] = {}
        self.line_of_bed: dict[tuple[int, str, str], int] = {}
        self.active_lines_in_house: dict[int, int] = {}

    def problems(self, line: int, parsed: _ParsedLine, cells: Mapping[str, str]) -> list[str]:
        details = parsed.details.cleaned()
        # Every rule the core knows, except for fields already unreadable.
        found = [p for p in check_new_resident(details, self.today)
                 if p.field not in parsed.problems]
        problems = list(parsed.problems.values())
        problems += [self._describe(p, details, cells) for p in found]
        if problems:
            return problems
        key = _person_key(details.first_name, details.last_name, details.date_of_birth)
        if key in self.line_of_person:
            return [f"Same name and date of birth as line {self.line_of_person[key]}: "
                    f"is this the same person twice?"]
        if key in self.on_record:
            matches = likely_duplicates(details.first_name, details.last_name,
                                        details.date_of_birth)
            if matches:
                return [str(LikelyDuplicate(matches))]
        self._keep(line, key, details)
        return []

    def _keep(self, line: int, key: PersonKey, details: ResidentDetails) -> None:
        self.line_of_person[key] = line
        if details.status != ResidentStatus.ACTIVE.value:
            return  # a former resident takes no bed: no rule below depends on it
        house_id = cast(int, details.house_id)
        values = {f.name: getattr(details, f.name) for f in fields(details)
                  if f.name not in ("house_id", "tier_id")}
        Resident.insert(house=house_id, tier=details.tier_id, **values).execute()
        self.active_lines_in_house[house_id] = self.active_lines_in_house.get(house_id, 0) + 1
        if details.room or details.bed:
            self.line_of_bed[(house_id, details.room.lower(), details.bed.lower())] = line

    def _describe(self, problem: Problem, details: ResidentDetails,
                  cells: Mapping[str, str]) -> str:
        header = self.headers.get(problem.field) or FIELD_LABELS.get(problem.field,
                                                                      problem.field)
        message = problem.message
        if problem.field == "bed":
            line = self.line_of_bed.get((cast(int, details.house_id), details.room.lower(),
                                         details.bed.lower()))
            if line is not None:
                message += f" (line {line} of this file)"
        elif problem.field == "house_id" and details.house_id is not None:
            above = self.active_lines_in_house.get(details.house_id, 0)
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
    lines whose House cell is empty).  Nothing is saved.  A file that can't be
    read as a residents list at all (not UTF-8, no header, a required column
    missing) raises :class:`RuleViolation` with the reason.

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

    lookups = _Lookups()
    trial = _TrialAdmissions(headers, today)
    rows: list[ImportRow] = []
    current_user()  # created outside the trial, which is rolled back
    with database_proxy.atomic() as transaction:  # an ImportCancelled rolls it back
        _create_houses(planned)  # for the trial only: rolled back below
        for line, record in file.data_lines(progress):
            cells = {name: record[index].strip() if index < len(record) else ""
                     for name, index in indexes.items()}
            parsed = _parse_line(cells, headers, date_order, default_house, lookups)
            problems = trial.problems(line, parsed, cells)
            rows.append(ImportRow(line, cells, parsed.details, parsed.house_name,
                                  parsed.tier_name, tuple(problems)))
        transaction.rollback()
    file.finish(progress)
    return ImportPreview(file.source_name, date_order, headers, file.unknown_columns, tuple(rows),
                         default_house.id if default_house is not None else None, planned)


def _import_reason(source_name: str) -> str:
    return f"Imported from {source_name}"


@paused_cycle_collector()
def apply_import(preview: ImportPreview, skip_bad: bool = False,
                 progress: Progress | None = None) -> int:
    """Admit every good line of ``preview`` in one transaction; the number admitted.

    Refuses (:class:`RuleViolation`, nothing saved) when there are bad lines and
    ``skip_bad`` is not set, or when a line no longer passes because the data
    changed since the preview.

    ``progress(admitted, to_admit)`` is called at the start, every
    :data:`PROGRESS_EVERY` residents and once more just before the transaction
    is committed.  If it answers ``False``, the transaction is rolled back and
    :class:`ImportCancelled` raised: nothing is imported.
    """
    refuse_bad_lines(preview, skip_bad)
    reason = _import_reason(preview.source_name)
    good = preview.good_rows
    with one_write():  # an exception, ImportCancelled too, rolls it all back
        new_houses = _created_for_real(preview.houses_to_create)
        for done, row in enumerate(good):
            if done % PROGRESS_EVERY == 0:
                report_progress(progress, done, len(good), IMPORT_CANCELLED)
            details = row.details
            new_house = new_houses.get(row.house_name.strip().lower())
            if new_house is not None:  # the preview's trial house was rolled back
                details = replace(details, house_id=new_house.id,
                                  tier_id=_tier_id(new_house, row.tier_name))
            try:
                admit_resident(details, reason=reason)
            except RuleViolation as violation:
                raise file_problem(
                    f"Nothing was imported: line {row.line} no longer fits ({violation}). "
                    f"Preview the file again.") from violation
        report_progress(progress, len(good), len(good), IMPORT_CANCELLED)
    return len(good)


def _created_for_real(houses: Sequence[HouseToCreate]) -> dict[str, House]:
    _create_houses(houses)
    return {house.name.lower(): find_house(house.name) for house in houses}


def _tier_id(house: House, tier_name: str) -> int | None:
    if not tier_name:
        return None
    wanted = normalised(tier_name)
    return next((tier.id for tier in tiers_of(house.id)
                 if normalised(tier.name) == wanted or str(tier.position) == wanted), None)


# ---------------------------------------------------------------- export


def _export_cell(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def export_residents(path: str | os.PathLike[str]) -> int:
    """Write every resident, current and former, to a CSV file; the number written.

    UTF-8 with a byte-order mark (so Excel shows every name), commas, ISO
    dates, house and tier by name: exactly what :func:`read_residents_csv`
    reads back.
    """
    house_name = House.name.alias("house_name")
    tier_name = Tier.name.alias("tier_name")
    query = (Resident.select(Resident, house_name, tier_name)
             .join(House, on=(Resident.house == House.id))
             .switch(Resident)
             .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id))
             .order_by(Resident.last_name, Resident.first_name, Resident.id)
             .objects())
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([FIELD_LABELS[name] for name in EXPORT_COLUMNS])
        for resident in query:
            by_name = {"house_id": resident.house_name, "tier_id": resident.tier_name}
            writer.writerow([_export_cell(by_name[name] if name in by_name
                                          else getattr(resident, name))
                             for name in EXPORT_COLUMNS])
            count += 1
    return count
