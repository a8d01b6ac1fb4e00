"""The audit trail: who changed, viewed, printed, exported or signed in, when.

Every event is one :class:`~soberhouse.models.audit.AuditEvent` row, written
in the transaction of what it describes (:mod:`soberhouse.recording`: a
change's event is written with the change, and is lost with it if the change
is rolled back).  Events that change nothing (a resident's record viewed, a
report printed, a CSV exported, a sign-in) are written by :func:`record`,
which takes the same write lock.

Tamper evident: each row stores ``previous_hash`` (the row before it's
``row_hash``; the first row's is 64 zeros) and ``row_hash``, the SHA-256 of
the previous hash and the row's content (:func:`content_hash`).  Editing a
row, taking one out or putting one in breaks the chain at that row;
:func:`verify` walks it and says where.  Taking rows off the end leaves the
chain whole, so :func:`verify` also checks that every change entry (one per
write) has its event.  The program never updates or deletes a row; nothing
here removes old ones (they are kept at least 6 years).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import peewee

from soberhouse import clock

GENESIS = "0" * 64


class Action(StrEnum):
    """The kinds of event (``AuditEvent.action``)."""

    SIGNED_IN = "signed in"
    SIGN_IN_FAILED = "sign-in failed"
    SIGNED_OUT = "signed out"
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    VIEWED = "viewed"
    CHANGED = "changed"  # a write: rows created, changed (fields), ended, deleted
    PRINTED = "printed"
    SAVED_PDF = "saved PDF"
    EXPORTED = "exported"
    IMPORTED = "imported"
    DISCLOSED = "disclosed"
    PEOPLE = "people changed"
    SETTINGS = "settings changed"
    PASSWORD = "password changed"
    REFUSED = "refused"  # an action the person's role does not allow
    BACKED_UP = "backed up"  # soberhouse.backups: a backup taken (its file holds this entry)
    BACKUP_FAILED = "backup failed"
    RESTORED = "restored"  # a backup put in place of the data file
    ENCRYPTED = "encrypted"  # soberhouse.encrypting: a plain data file encrypted
    RECOVERY_KEY = "recovery key changed"  # a new recovery key (the old sheet no longer opens it)

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


@dataclass(frozen=True)
class PendingEvent:
    """An event to append (the write appends it with its own rows)."""

    action: str
    summary: str = ""
    resident_ids: tuple[int, ...] = ()
    details: dict[str, object] | None = None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    return str(value)


def content_hash(previous_hash: str, at: dt.datetime, user_id: int | None, who: str,
                 action: str, summary: str, resident_ids: str, details: str,
                 change_entry: int | None) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's content."""
    parts = (previous_hash, _text(at), _text(user_id), who, action, summary, resident_ids,
             details, _text(change_entry))
    digest = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))  # no two splits hash alike
        digest.update(encoded)
    return digest.hexdigest()


def _json(details: dict[str, object] | None) -> str:
    if not details:
        return ""
    return json.dumps(details, ensure_ascii=False, sort_keys=True, default=_text,
                      separators=(",", ":"))


def _id_list(resident_ids: Iterable[int]) -> str:
    ids = sorted({int(r) for r in resident_ids})
    return f",{','.join(str(r) for r in ids)}," if ids else ""


# The two statements of every append, built once per kind of database: peewee
# takes longer to build them than the database takes to run them, and an
# audit row may cost at most a tenth of the action it describes.
_STATEMENTS: dict[tuple[str, type], tuple[str, tuple[object, ...]]] = {}


def _statement(name: str) -> tuple[str, tuple[object, ...]]:
    from soberhouse.models import database_proxy
    from soberhouse.models.audit import AuditEvent

    key = (name, type(database_proxy.obj))
    if key not in _STATEMENTS:
        if name == "last hash":
            query = (AuditEvent.select(AuditEvent.row_hash).order_by(AuditEvent.id.desc())
                     .limit(1))
        else:
            query = AuditEvent.insert_many([tuple(range(len(_COLUMNS)))],
                                           fields=[getattr(AuditEvent, c) for c in _COLUMNS])
        sql, params = query.sql()
        _STATEMENTS[key] = (sql, tuple(params))
    return _STATEMENTS[key]


_COLUMNS = ("at", "user", "who", "action", "summary", "resident_ids", "details",
            "change_entry", "previous_hash", "row_hash")


def _last_hash() -> str:
    from soberhouse.models import database_proxy

    sql, params = _statement("last hash")
    row = database_proxy.obj.execute_sql(sql, params).fetchone()
    return row[0] if row else GENESIS


def _insert(values: tuple[object, ...]) -> int:
    """One audit row (``values`` in :data:`_COLUMNS` order); its id."""
    from soberhouse.models import database_proxy
    from soberhouse.models.audit import AuditEvent

    sql, _ = _statement("insert")
    params = tuple(getattr(AuditEvent, column).db_value(value)
                   for column, value in zip(_COLUMNS, values, strict=True))
    cursor = database_proxy.obj.execute_sql(sql, params)
    if " RETURNING " in sql.upper():
        return int(cursor.fetchone()[0])
    return int(cursor.lastrowid)


def append(events: Iterable[PendingEvent], *, change_entry: int | None = None,
           user: object | None = None, who: str | None = None) -> list[int]:
    """Append ``events`` to the chain (inside the write lock: the caller's
    transaction).  ``user``/``who`` default to the person signed in."""
    from soberhouse import accounts

    events = list(events)
    if not events:
        return []
    if user is None and who is None:
        user = accounts.signed_in_user()
    user_id = getattr(user, "id", None)
    name = who if who is not None else (getattr(user, "username", "") or "")
    previous = _last_hash()
    at = clock.now()
    if at.tzinfo is not None:
        at = at.replace(tzinfo=None)
    ids = []
    for event in events:
        residents = _id_list(event.resident_ids)
        details = _json(event.details)
        summary = event.summary[:2000]
        row_hash = content_hash(previous, at, user_id, name[:120], event.action, summary,
                                residents, details, change_entry)
        ids.append(_insert((at, user_id, name[:120], event.action, summary, residents, details,
                            change_entry, previous, row_hash)))
        previous = row_hash
    return ids


def record(action: str, summary: str = "", *, resident_ids: Iterable[int] = (),
           details: dict[str, object] | None = None, user: object | None = None,
           who: str | None = None) -> None:
    """Append one event that changes no record (viewed, printed, exported,
    signed in...), under the write lock.  Inside an open write it joins it.
    Nothing is recorded when the data is open read-only (SQLite can't write
    it): the Audit screen says so for such sessions."""
    from soberhouse import database
    from soberhouse.recording import current_scope, event_write

    event = PendingEvent(str(action), summary, tuple(resident_ids), details)
    scope = current_scope()
    if scope is not None:
        scope.add_event(event)
        return
    if database.is_read_only():
        return
    with event_write():
        append([event], user=user, who=who)


_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_page_count(pdf: bytes) -> int:
    """The pages of a PDF the program made (ReportLab writes one page object each)."""
    return len(_PDF_PAGE.findall(pdf))


def pdf_details(pdf: bytes, *, month: str = "", residents: Iterable[int] = (),
                pages: int | None = None, file_name: str = "",
                title: str = "") -> dict[str, object]:
    """What a printed or saved report's event says: month, residents, pages
    and the SHA-256 of the PDF's bytes (to prove later which paper it was);
    ``pages`` None: the PDF's own page count."""
    details: dict[str, object] = {"sha256": hashlib.sha256(pdf).hexdigest(),
                                  "bytes": len(pdf)}
    if title:
        details["title"] = title
    if month:
        details["month"] = month
    ids = sorted(set(residents))
    if ids:
        details["residents"] = ids
    details["pages"] = pages if pages is not None else pdf_page_count(pdf)
    if file_name:
        details["file"] = file_name
    return details


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class ChainCheck:
    """What :func:`verify` found."""

    entries: int
    first_at: dt.datetime | None
    broken_at: int | None = None  # the id of the first row that does not fit
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem

    def sentence(self) -> str:
        if self.intact:
            if not self.entries:
                return "Audit trail intact, no entries yet."
            since = self.first_at.date().isoformat() if self.first_at else ""
            return f"Audit trail intact, {self.entries:,} entries since {since}."
        return f"Audit trail damaged: {self.problem}"


def _rows() -> Iterator[tuple[object, ...]]:
    from soberhouse.models.audit import AuditEvent

    query = (AuditEvent.select(AuditEvent.id, AuditEvent.at, AuditEvent.user, AuditEvent.who,
                               AuditEvent.action, AuditEvent.summary, AuditEvent.resident_ids,
                               AuditEvent.details, AuditEvent.change_entry,
                               AuditEvent.previous_hash, AuditEvent.row_hash)
             .order_by(AuditEvent.id).tuples())
    yield from query.iterator()


def verify() -> ChainCheck:
    """Walk the chain from its first row: the first row that was edited,
    taken out or put in is named, and so are writes whose events are gone."""
    from soberhouse.models import ChangeEntry

    previous = GENESIS
    count = 0
    first_at: dt.datetime | None = None
    last_entry = 0
    for (row_id, at, user_id, who, action, summary, residents, details, entry,
         previous_hash, row_hash) in _rows():
        if isinstance(at, str):  # a value an outside tool wrote as text
            at = dt.datetime.fromisoformat(at)
        if first_at is None:
            first_at = at
        if previous_hash != previous:
            return ChainCheck(count, first_at, row_id, (
                f"entry {row_id} ({_text(at)[:16]}) does not follow the one before it: "
                f"an entry before it was taken out or changed."))
        expected = content_hash(previous_hash, at, user_id, who or "", action, summary or "",
                                residents or "", details or "", entry)
        if expected != row_hash:
            return ChainCheck(count, first_at, row_id, (
                f"entry {row_id} ({_text(at)[:16]}, {action}) was changed after it was "
                f"written."))
        previous = row_hash
        count += 1
        if entry:
            last_entry = max(last_entry, int(entry))
    missing = (ChangeEntry.select(peewee.fn.COUNT(ChangeEntry.id))
               .where(ChangeEntry.id > last_entry).scalar() or 0)
    if missing:
        return ChainCheck(count, first_at, None, (
            f"the last {missing} change(s) have no audit entry: entries were taken off "
            f"the end."))
    return ChainCheck(count, first_at)
