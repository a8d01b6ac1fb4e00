"""Reading the audit trail: the Audit screen's list and its exports.

:mod:`soberhouse.audit` writes the trail and checks its chain; this module
reads it back for people: the entries a filter picks (:class:`AuditFilter`:
a person, a resident, an action, from and to dates), newest first, a page
at a time (:func:`audit_entries`, :func:`count_entries`), each with the
person's name as shown, the residents' names, and its details in words
(a change's fields as "tier: Phase 1 → Phase 2", ids of houses, tiers and
residents turned into their names).  The same list goes to a CSV file
(:func:`write_csv`) or a PDF (:func:`write_pdf`); each export is itself an
audit event ("exported", kind "audit", rows, file).

Only the owner and read-only accounts (auditors, certifiers) read the trail
(:data:`~soberhouse.permissions.Right.VIEW_AUDIT`): every function here
refuses others with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee

from soberhouse import audit, clock
from soberhouse.date_style import written_date
from soberhouse.models import AppUser, BaseModel, Resident
from soberhouse.models.audit import AuditEvent
from soberhouse.permissions import Right, require

ARROW = "→"
CSV_HEADINGS = ("Entry", "When", "Person", "Action", "Summary", "Residents", "Details")
PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; None (or an empty action) for no limit."""

    person_id: int | None = None
    resident_id: int | None = None
    action: str | None = None  # an audit.Action value
    start: dt.date | None = None  # included
    end: dt.date | None = None  # included

    def describe(self) -> str:
        """In words, for an export's heading: "Dana Reyes, viewed, 1 Nov 2026 to ..."."""
        parts = []
        if self.person_id is not None:
            person = AppUser.get_or_none(AppUser.id == self.person_id)
            parts.append(f"person: {person.shown_name if person else self.person_id}")
        if self.resident_id is not None:
            parts.append(f"resident: {_resident_names([self.resident_id])}")
        if self.action:
            parts.append(f"action: {self.action}")
        if self.start and self.end:
            parts.append(f"{written_date(self.start)} to {written_date(self.end)}")
        elif self.start:
            parts.append(f"from {written_date(self.start)}")
        elif self.end:
            parts.append(f"up to {written_date(self.end)}")
        return "; ".join(parts) or "every entry"


@dataclass(frozen=True)
class AuditEntry:
    """One event as the Audit screen and the exports show it."""

    id: int
    at: dt.datetime
    person: str  # the account's name as shown, else the name typed (a failed sign-in)
    action: str  # the action's label: "Signed in", "Changed"...
    summary: str
    residents: str  # "Zoë Nguyễn (12), Ana Ruiz (15)"
    details: str  # lines in words (see :func:`details_text`)

    @property
    def when(self) -> str:
        return f"{written_date(self.at.date())} {self.at:%H:%M:%S}"


def _query(chosen: AuditFilter) -> peewee.ModelSelect:
    query = _within_houses(AuditEvent.select())
    if chosen.person_id is not None:
        query = query.where(AuditEvent.user == chosen.person_id)
    if chosen.resident_id is not None:
        query = query.where(AuditEvent.resident_ids.contains(f",{int(chosen.resident_id)},"))
    if chosen.action:
        query = query.where(AuditEvent.action == str(chosen.action))
    if chosen.start is not None:
        query = query.where(AuditEvent.at >= dt.datetime.combine(chosen.start, dt.time()))
    if chosen.end is not None:
        after = dt.datetime.combine(chosen.end + dt.timedelta(days=1), dt.time())
        query = query.where(AuditEvent.at < after)
    return query


def _within_houses(query: peewee.ModelSelect) -> peewee.ModelSelect:
    """A read-only account of some houses reads the entries about residents
    of those houses, and those about no resident (sign-ins, settings); an
    entry naming only residents of other houses is not theirs to read.  (One
    subquery: the residents of their houses, matched in the entry's list.)"""
    from soberhouse.permissions import visible

    houses = visible().house_ids
    if houses is None:
        return query
    if not houses:
        return query.where(AuditEvent.resident_ids == "")
    from soberhouse.models import Resident

    theirs = Resident.alias("their_resident")
    pattern = (peewee.Value("%,").concat(peewee.Cast(theirs.id, "TEXT"))
               .concat(peewee.Value(",%")))
    about_theirs = peewee.fn.EXISTS(
        theirs.select(peewee.SQL("1"))
        .where(theirs.house.in_(sorted(houses))
               & (AuditEvent.resident_ids ** pattern)))  # ILIKE: SQLite LIKE, not GLOB
    return query.where((AuditEvent.resident_ids == "") | about_theirs)


def count_entries(chosen: AuditFilter = AuditFilter()) -> int:
    """How many entries ``chosen`` picks."""
    require(Right.VIEW_AUDIT)
    return int(_query(chosen).count())


def audit_entries(chosen: AuditFilter = AuditFilter(), limit: int = PAGE_SIZE,
                  offset: int = 0) -> list[AuditEntry]:
    """The entries ``chosen`` picks, newest first: ``limit`` of them after
    the first ``offset`` (a screen reads the next page as it scrolls)."""
    require(Right.VIEW_AUDIT)
    rows = list(_query(chosen).order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return _entries(rows)


def _entries(rows: list[AuditEvent]) -> list[AuditEntry]:
    user_ids = {row.user_id for row in rows if row.user_id is not None}
    names = {user.id: user.shown_name
             for user in AppUser.select().where(AppUser.id.in_(sorted(user_ids)))}
    resident_ids = {rid for row in rows for rid in _ids(row.resident_ids)}
    residents = _resident_name_map(resident_ids)
    namer = _Namer(residents)
    entries = []
    for row in rows:
        at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(str(row.at))
        person = names.get(row.user_id, "") if row.user_id is not None else ""
        entries.append(AuditEntry(
            id=int(row.id), at=at, person=person or row.who or "—",
            action=_action_label(row.action), summary=row.summary or "",
            residents=", ".join(residents.get(rid, f"resident {rid}")
                                for rid in _ids(row.resident_ids)),
            details=details_text(row.details, namer)))
    return entries


def person_choices() -> list[tuple[int, str]]:
    """Everyone the trail may name, for a filter: the accounts, then the names
    history kept from before accounts (the operating-system logins)."""
    from soberhouse.accounts import people

    require(Right.VIEW_AUDIT)
    return [(int(person.id), person.shown_name if person.has_account
             else f"{person.shown_name} (before accounts)")
            for person in people(include_history_names=True)]


def resident_choices() -> list[tuple[int, str]]:
    """The residents the person reading may see, by name: "Zoë Nguyễn (12)"."""
    from soberhouse.permissions import visible_house_ids

    require(Right.VIEW_AUDIT)
    query = Resident.select()
    houses = visible_house_ids()
    if houses is not None:
        query = query.where(Resident.house.in_(sorted(houses)))
    residents = sorted(query, key=lambda r: (r.full_name.casefold(), r.id))
    return [(int(r.id), f"{r.full_name} ({r.id})") for r in residents]


def action_choices() -> list[tuple[str, str]]:
    """Every kind of entry: (the value filtered on, its label)."""
    return [(action.value, action.label) for action in audit.Action]


def _action_label(action: str) -> str:
    try:
        return audit.Action(action).label
    except ValueError:  # an entry of the schema's own ("started")
        return action[:1].upper() + action[1:]


def _ids(listed: str) -> list[int]:
    return [int(part) for part in (listed or "").split(",") if part.strip().isdigit()]


def _resident_name_map(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {resident.id: f"{resident.full_name} ({resident.id})"
            for resident in Resident.select().where(Resident.id.in_(sorted(ids)))}


def _resident_names(ids: list[int]) -> str:
    names = _resident_name_map(set(ids))
    return ", ".join(names.get(rid, f"resident {rid}") for rid in ids)


# ---------------------------------------------------------------- details in words


class _Namer:
    """Names for the ids a change's fields hold (a tier, a house, a resident,
    a person), looked up once per table."""

    def __init__(self, residents: dict[int, str]) -> None:
        self.models = {model._meta.table_name: model for model in _models()}
        self.cache: dict[tuple[str, object], str] = {
            ("resident", rid): name for rid, name in residents.items()}

    def field_value(self, table: str, field: str, value: object) -> str:
        """``value`` of ``table``'s ``field`` as a reader reads it."""
        if value is None or value == "":
            return "(empty)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        model = self.models.get(table)
        target = None
        if model is not None:
            column = model._meta.fields.get(field)
            if isinstance(column, peewee.ForeignKeyField):
                target = column.rel_model._meta.table_name
        if target is not None and isinstance(value, int):
            return self.name_of(target, value)
        text = str(value)
        try:  # dates as the Settings' style writes them
            if len(text) == 10 and text[4] == "-":
                return written_date(dt.date.fromisoformat(text))
        except ValueError:
            pass
        return text

    def name_of(self, table: str, row_id: int) -> str:
        key = (table, row_id)
        if key not in self.cache:
            self.cache[key] = self._look_up(table, row_id)
        return self.cache[key]

    def _look_up(self, table: str, row_id: int) -> str:
        model = self.models.get(table)
        row = model.get_or_none(model._meta.primary_key == row_id) if model else None
        if row is None:
            return f"{_words(table)} {row_id}"
        for attribute in ("full_name", "shown_name", "name", "label"):
            value = getattr(row, attribute, None)
            if isinstance(value, str) and value:
                return f"{value} ({row_id})" if table == "resident" else value
        return f"{_words(table)} {row_id}"


def _models() -> tuple[type[BaseModel], ...]:
    from soberhouse.models import all_models

    return all_models()


def _words(name: str) -> str:
    return str(name).replace("_", " ")


def details_text(details_json: str, namer: _Namer | None = None) -> str:
    """An event's details (JSON) in lines a person reads: each row a write
    saved ("Resident Zoë Nguyễn (12) changed:" then "  tier: Phase 1 → Phase 2"),
    the records it ended, and the other facts (file, rows, pages, SHA-256...)."""
    if not details_json:
        return ""
    try:
        details = json.loads(details_json)
    except ValueError:
        return details_json
    if not isinstance(details, dict):
        return str(details)
    namer = namer or _Namer({})
    lines: list[str] = []
    saved = details.get("saved") if "saved" in details else details.get("rows")
    if isinstance(saved, list):
        for row in saved:  # the write's own change entry is the event itself
            if isinstance(row, dict) and row.get("table") != "change_entry":
                lines += _row_lines(row, namer)
    for ended in details.get("ended") or ():
        if isinstance(ended, dict):
            table, field = str(ended.get("table", "")), str(ended.get("field", ""))
            lines.append(f"Ended: {_row_name(table, ended.get('id'), namer)} "
                         f"({_words(field)} {namer.field_value(table, field, ended.get('value'))})")
    for text in details.get("also") or ():
        lines.append(str(text))
    for key, value in details.items():
        if key in ("saved", "ended", "also", "kinds") or (
                key == "rows" and isinstance(value, list)):
            continue
        lines.append(f"{_key_label(key)}: {_value_text(key, value, namer)}")
    return "\n".join(lines)


_KEY_LABELS = {"sha256": "SHA-256 of the PDF", "bytes": "Size in bytes", "file": "File",
               "rows": "Rows", "pages": "Pages", "month": "Month", "kind": "Kind",
               "residents": "Residents", "why": "Why", "title": "Title",
               "person": "Person"}


def _key_label(key: str) -> str:
    return _KEY_LABELS.get(key, _words(key).capitalize())


def _value_text(key: str, value: object, namer: _Namer) -> str:
    if key == "residents" and isinstance(value, list):
        return ", ".join(namer.name_of("resident", int(v)) if isinstance(v, int) else str(v)
                         for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_words(k)} {v}" for k, v in value.items())
    return str(value)


def _row_name(table: str, row_id: object, namer: _Namer) -> str:
    if isinstance(row_id, int) and table in ("resident", "house", "tier", "app_user"):
        return f"{_words(table).capitalize()} {namer.name_of(table, row_id)}"
    return f"{_words(table).capitalize()} {row_id}" if row_id is not None else \
        _words(table).capitalize()


_BOOKKEEPING_FIELDS = frozenset({"version"})  # counted by every save: not news


def _row_lines(row: dict[str, object], namer: _Namer) -> list[str]:
    table = str(row.get("table", ""))
    name = _row_name(table, row.get("id"), namer)
    if row.get("deleted"):
        return [f"{name} deleted"]
    changed = row.get("changed")
    if isinstance(changed, dict):
        lines = [f"{name} changed:"]
        for field, values in changed.items():
            if field in _BOOKKEEPING_FIELDS:
                continue
            old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
            lines.append(f"  {_words(field)}: {namer.field_value(table, field, old)} {ARROW} "
                         f"{namer.field_value(table, field, new)}")
        return lines if len(lines) > 1 else [f"{name} saved unchanged"]
    created = row.get("created")
    if isinstance(created, dict):
        return [f"{name} created:"] + [
            f"  {_words(field)}: {namer.field_value(table, field, value)}"
            for field, value in created.items()]
    return [name]


# ---------------------------------------------------------------- exports


def _all_entries(chosen: AuditFilter) -> Iterator[AuditEntry]:
    """Every entry ``chosen`` picks, newest first, read a page at a time."""
    last_id: int | None = None
    while True:
        query = _query(chosen)
        if last_id is not None:
            query = query.where(AuditEvent.id < last_id)
        rows = list(query.order_by(AuditEvent.id.desc()).limit(1000))
        if not rows:
            return
        yield from _entries(rows)
        last_id = int(rows[-1].id)


def write_csv(chosen: AuditFilter, path: str | os.PathLike[str]) -> int:
    """The entries ``chosen`` picks to a CSV file (owner-only, whole or not at
    all: :func:`soberhouse.csv_writing.write_csv`); the rows written.
    Audited: "exported", kind "audit"."""
    from soberhouse.csv_writing import write_csv as write_rows

    require(Right.VIEW_AUDIT)
    count = write_rows(path, CSV_HEADINGS, (
        (entry.id, entry.at.isoformat(sep=" ", timespec="seconds"), entry.person,
         entry.action, entry.summary, entry.residents, entry.details)
        for entry in _all_entries(chosen)))
    audit.record(audit.Action.EXPORTED, f"Exported {count} audit entries to {Path(path).name}",
                 details={"kind": "audit", "rows": count, "file": os.fspath(path),
                          "filter": chosen.describe()})
    return count


PDF_HEADINGS = ("No.", "When", "Person", "Action", "What", "Details")
PDF_WIDTHS = (5.0, 13.0, 12.0, 10.0, 28.0, 32.0)
PDF_DETAIL_LINES = 12  # a cell must fit a page: the rest is in the CSV export


def _shortened(text: str, lines: int = PDF_DETAIL_LINES, characters: int = 900) -> str:
    kept = text.splitlines()
    short = "\n".join(kept[:lines])[:characters]
    left = len(kept) - len(short.splitlines())
    if left > 0 or len(short) < len("\n".join(kept[:lines])):
        short += f"\n… ({left} more lines: the CSV export has them all)" if left > 0 \
            else "…"
    return short


def audit_list(chosen: AuditFilter) -> object:
    """The entries as a printed list (:class:`soberhouse.printed_lists.PrintedList`)."""
    from soberhouse.printed_lists import table_list

    require(Right.VIEW_AUDIT)
    rows = []
    for entry in _all_entries(chosen):
        what = entry.summary + (f"\nResidents: {entry.residents}" if entry.residents else "")
        rows.append((str(entry.id), entry.when, entry.person, entry.action,
                     _shortened(what, 6), _shortened(entry.details)))
    dated = written_date(clock.today())
    return table_list("Audit trail", "All houses", dated, PDF_HEADINGS, rows, numeric=(0,),
                      widths=PDF_WIDTHS, heading=f"Entries: {chosen.describe()}",
                      empty_text="No entry matches the filter.",
                      note=audit.verify().sentence(),
                      file_stem=f"{clock.today().isoformat()} audit trail")


def write_pdf(chosen: AuditFilter, path: str | os.PathLike[str]) -> int:
    """The entries ``chosen`` picks as a PDF (the house lists' pages: header,
    footer with the confidentiality notice, the chain check at the end); the
    rows written.  Audited: "exported", kind "audit", with the PDF's SHA-256."""
    import io

    from soberhouse.private_files import write_private_bytes
    from soberhouse.reports.pdf.house_lists import printed_list_pdf
    from soberhouse.reports.settings import report_settings

    printed = audit_list(chosen)
    buffer = io.BytesIO()
    pages = printed_list_pdf(printed, report_settings(), buffer)  # type: ignore[arg-type]
    data = buffer.getvalue()
    write_private_bytes(path, data)
    count = len(printed.parts[0].rows)  # type: ignore[attr-defined]
    details = audit.pdf_details(data, pages=pages, file_name=os.fspath(path),
                                title="Audit trail")
    details.update(kind="audit", rows=count, filter=chosen.describe())
    audit.record(audit.Action.EXPORTED,
                 f"Exported {count} audit entries to {Path(path).name}", details=details)
    return count
