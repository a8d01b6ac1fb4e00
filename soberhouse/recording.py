"""The one write seam of the core: every change happens inside :func:`one_write`.

A write opened here

- takes the write lock at once: SQLite ``BEGIN IMMEDIATE`` (a second writer
  waits for it, up to the busy timeout), PostgreSQL a transaction-level
  advisory lock that every Soberhouse writer takes; so the rule checks the
  caller runs *inside* the block see every row a rival writer committed, and
  no rival can commit between the check and the write;
- pins :func:`clock.now` to one moment, so one action's history rows carry
  one time and stay together in a timeline;
- records one :class:`~soberhouse.models.ChangeEntry` describing the action
  (what, which kinds of records, which residents, who, when), in the same
  transaction: the audit log and "what changed since I looked" read it;
- turns a failure of the storage (busy, read-only, full, damaged, server
  gone) into a :class:`~soberhouse.errors.StorageProblem` in the manager's
  words; nothing is saved half-way;
- after the commit, tells the listeners (the window) what changed.

A block inside another joins it (a savepoint): the outer action's entry
names everything the inner ones touched.

The database refuses ``INSERT``/``UPDATE``/``DELETE`` outside a seam
(:func:`check_statement`, called from the database's execute path), so the
rule stays true as the program grows.  Migrations and the signed-in person's
own row use :func:`internal_write`, which has no entry of its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import peewee

from soberhouse import clock, sqlite_driver
from soberhouse.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    NotAllowed,
    ServerGone,
    StorageProblem,
    WriteOutsideSeam,
)
from soberhouse.models import RowWatch, database_proxy

# Every Soberhouse writer on a PostgreSQL server takes this advisory lock for
# the length of its transaction ("SOBR" in ASCII).
POSTGRESQL_WRITE_LOCK = 0x534F4252
# How long a writer waits for another's write before "try again in a moment"
# (SQLite's busy timeout is set where the file is opened: 5 s too).
POSTGRESQL_LOCK_WAIT_MS = 5000


@dataclass(frozen=True)
class Changed:
    """What one write changed, for the screens that show it.  ``undo``: the
    steps that would take it back (:mod:`soberhouse.undo`), when the write
    noted them."""

    action: str
    kinds: frozenset[str]
    resident_ids: frozenset[int]
    entry_id: int | None
    undo: tuple[object, ...] = ()


@dataclass
class WriteScope:
    """The open write: the caller (and the writes inside it) name what they touch."""

    action: str
    kinds: set[str] = field(default_factory=set)
    resident_ids: set[int] = field(default_factory=set)
    details: list[str] = field(default_factory=list)
    undo_steps: list[object] = field(default_factory=list)
    # For the audit trail and the role check (soberhouse.audit,
    # soberhouse.permissions): each row the write saved, the houses and
    # residents those rows belong to, and events to append with the change.
    rows: list[dict[str, object]] = field(default_factory=list)
    row_house_ids: set[int] = field(default_factory=set)
    row_resident_ids: set[int] = field(default_factory=set)
    events: list[object] = field(default_factory=list)
    audit_action: str = ""
    audit_details: dict[str, object] = field(default_factory=dict)

    def can_undo(self, step: object) -> None:
        """Note how to take back part of this write (a step of
        :mod:`soberhouse.undo`); the listeners receive them in ``Changed.undo``."""
        self.undo_steps.append(step)

    def touch(self, kind: str, *resident_ids: int | None) -> None:
        self.kinds.add(kind)
        self.resident_ids.update(r for r in resident_ids if r is not None)

    def describe(self, text: str) -> None:
        if text:
            self.details.append(text)

    def audit_as(self, action: str, **details: object) -> None:
        """The audit event of this write is ``action`` ("imported", "people
        changed"...) with ``details`` (a file name, a row count...)."""
        self.audit_action = str(action)
        self.audit_details.update(details)

    def add_event(self, event: object) -> None:
        """Append ``event`` (:class:`soberhouse.audit.PendingEvent`) with this write."""
        self.events.append(event)

    # The models tell the open write about each row they save (RowWatch).

    def _note_row(self, instance: object, entry: dict[str, object]) -> None:
        meta = instance._meta  # type: ignore[attr-defined]
        data = instance.__data__  # type: ignore[attr-defined]
        entry["table"] = meta.table_name
        entry["id"] = _plain(getattr(instance, "_pk", None))
        if meta.table_name == "resident" and entry["id"] is not None:
            self.row_resident_ids.add(int(entry["id"]))  # type: ignore[arg-type]
        elif "resident" in meta.fields and data.get("resident") is not None:
            self.row_resident_ids.add(int(data["resident"]))
        if meta.table_name == "house" and entry["id"] is not None:
            self.row_house_ids.add(int(entry["id"]))  # type: ignore[arg-type]
        for name in ("house", "to_house", "from_house"):
            if name in meta.fields and data.get(name) is not None:
                self.row_house_ids.add(int(data[name]))
        self.rows.append(entry)

    def row_created(self, instance: object) -> None:
        """A row saved new: its values, but for who recorded it and when when
        they are the event's own (this write's person and moment)."""
        data = instance.__data__  # type: ignore[attr-defined]
        values = {name: value if _as_it_is(name, value) else _shown(name, value)
                  for name, value in data.items()
                  if value is not None and value != "" and name != "id"
                  and not (name in _IMPLIED and self._is_own(name, value))}
        self._note_row(instance, {"created": values})

    def _is_own(self, name: str, value: object) -> bool:
        """``recorded_at`` is this write's moment, ``recorded_by`` its person."""
        if name == "recorded_at":
            return value == clock.now()
        if name == "recorded_by":
            from soberhouse.accounts import signed_in_user

            user = signed_in_user()
            return user is not None and _plain(value) == user.id
        return False

    def row_changed(self, instance: object, names: list[str], before: list[object]) -> None:
        data = instance.__data__  # type: ignore[attr-defined]
        fields = {name: [_shown(name, old), _shown(name, data.get(name))]
                  for name, old in zip(names, before, strict=True)
                  if _plain(old) != _plain(data.get(name))}
        self._note_row(instance, {"changed": fields})

    def row_deleted(self, instance: object) -> None:
        self._note_row(instance, {"deleted": True})

    # Rows written by a query rather than model.save() (a bulk insert, an
    # update or delete by condition) are told here by the code that wrote them.

    def rows_inserted(self, table: str, rows: Iterable[dict[str, object]]) -> None:
        """Rows a bulk insert created (their values; ids not known yet).  Who
        recorded them and when are the event's own: not repeated per row."""
        if _state.audit_off:
            return
        for values in rows:  # a roll call's marks: kept cheap (at most 10 % of the save)
            created = {name: value if _as_it_is(name, value) else _shown(name, value)
                       for name, value in values.items()
                       if value is not None and value != "" and name not in _IMPLIED}
            self.rows.append({"created": created, "table": table, "id": None})
            for name in ("resident", "house", "to_house", "from_house"):
                value = values.get(name)
                if value is not None:
                    ids = self.row_resident_ids if name == "resident" else self.row_house_ids
                    ids.add(int(_plain(value)))  # type: ignore[arg-type]

    def row_updated(self, table: str, row_id: object, changes: dict[str, tuple[object, object]],
                    values: dict[str, object] | None = None) -> None:
        """A row a query updated: ``changes`` field -> (old, new); ``values``
        its other columns naming a resident or house, for the role check."""
        fields = {name: [_shown(name, old), _shown(name, new)]
                  for name, (old, new) in changes.items() if _plain(old) != _plain(new)}
        self._note_values(table, row_id, values or {}, {"changed": fields})

    def rows_deleted(self, table: str, row_ids: Iterable[object],
                     values: dict[str, object] | None = None) -> None:
        """Rows a query deleted."""
        for row_id in row_ids:
            self._note_values(table, row_id, values or {}, {"deleted": True})

    def _note_values(self, table: str, row_id: object, values: dict[str, object],
                     entry: dict[str, object]) -> None:
        if _state.audit_off:
            return
        entry["table"] = table
        entry["id"] = _plain(row_id)
        if values.get("resident") is not None:
            self.row_resident_ids.add(int(_plain(values["resident"])))  # type: ignore[arg-type]
        for name in ("house", "to_house", "from_house"):
            if values.get(name) is not None:
                self.row_house_ids.add(int(_plain(values[name])))  # type: ignore[arg-type]
        self.rows.append(entry)


def _plain(value: object) -> object:
    """A saved value as the audit trail writes it (dates as ISO text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    pk = getattr(value, "_pk", None)
    return pk if pk is not None else str(value)


_SECRET_FIELDS = frozenset({"password_hash"})
# Values a bulk insert's rows are noted with as they are (short text is checked
# by length below); the columns the event itself says (who, when) are left out.
_PLAIN_TYPES = frozenset({int, bool, float})
_IMPLIED = frozenset({"id", "recorded_by", "recorded_at"})


def _as_it_is(name: str, value: object) -> bool:
    kind = type(value)
    return name not in _SECRET_FIELDS and (
        kind in _PLAIN_TYPES or (kind is str and len(value) <= _LONGEST_VALUE))  # type: ignore[arg-type]
_LONGEST_VALUE = 2000


def _shown(name: str, value: object) -> object:
    if name in _SECRET_FIELDS:
        return "(hidden)" if value else ""
    plain = _plain(value)
    if isinstance(plain, str) and len(plain) > _LONGEST_VALUE:
        return plain[:_LONGEST_VALUE] + "..."
    return plain


class _State(threading.local):
    def __init__(self) -> None:
        self.scopes: list[WriteScope] = []
        self.internal = 0
        self.audit_off = False  # benchmarks/audit_cost.py only


_state = _State()
_listeners: list[Callable[[Changed], None]] = []


def add_listener(listener: Callable[[Changed], None]) -> None:
    """``listener(changed)`` after every committed write of this process."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[Changed], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _watching_scope() -> WriteScope | None:
    return _state.scopes[0] if _state.scopes and not _state.audit_off else None


@contextmanager
def _audit_switched_off() -> Iterator[None]:
    """For ``benchmarks/audit_cost.py`` only, which measures what the audit
    trail costs: the block's writes note no rows and append no audit event
    (their change entries are still written, as before the audit trail).
    Nothing in the program uses it; :func:`soberhouse.audit.verify` would
    report the missing events."""
    _state.audit_off = True
    try:
        yield
    finally:
        _state.audit_off = False


RowWatch.scope = staticmethod(_watching_scope)  # type: ignore[method-assign]


def seam_is_open() -> bool:
    return bool(_state.scopes) or _state.internal > 0


def current_scope() -> WriteScope | None:
    return _state.scopes[0] if _state.scopes else None


def require_open_seam() -> None:
    """For writes that bypass the execute path (``executemany`` of a bulk import)."""
    if not seam_is_open():
        raise WriteOutsideSeam("A bulk write ran outside recording.one_write().")


_WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def check_statement(sql: str) -> None:
    """Refuse a statement that changes rows when no seam is open."""
    if not (_state.scopes or _state.internal) and _WRITE_STATEMENT.match(sql):
        raise WriteOutsideSeam(
            f"A row was written outside recording.one_write(): {sql[:120]}")


# ---------------------------------------------------------------- storage errors


def storage_problem(error: BaseException) -> StorageProblem | None:
    """The manager's words for a database failure, or None when it is not one
    (a programming error stays a programming error).

    A failure often surfaces as the failed rollback that followed it ("cannot
    rollback - no transaction is active" after SQLite gave up a full disk,
    "connection already closed" after the server went): the cause is then
    found in the exceptions the failure was raised from."""
    seen: BaseException | None = error
    for _ in range(6):
        if seen is None:
            break
        problem = _problem_of(seen)
        if problem is not None:
            return problem
        seen = seen.__cause__ or seen.__context__
    return None


def _problem_of(error: BaseException) -> StorageProblem | None:
    if isinstance(error, StorageProblem):
        return error
    if not isinstance(error, (peewee.PeeweeException, *sqlite_driver.ERRORS, OSError)):
        return None
    text = str(error).lower()
    if ("database is locked" in text or "database table is locked" in text or "busy" in text
            or "lock timeout" in text):
        return DatabaseBusy()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return DatabaseReadOnly()
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return DiskFull()
    if ("malformed" in text or "not a database" in text or "disk i/o error" in text
            or "file is encrypted" in text):
        return DatabaseDamaged()
    if ("server closed the connection" in text or "connection already closed" in text
            or "could not connect" in text or "terminating connection" in text
            or "connection refused" in text or "no connection to the server" in text
            or "ssl connection has been closed" in text):
        return ServerGone()
    if isinstance(error, (peewee.InterfaceError, *sqlite_driver.INTERFACE_ERRORS)):
        return ServerGone()
    if "cannot rollback" in text or "no transaction is active" in text:
        return None  # look at what it was raised from
    return None


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn a storage failure inside the block into a :class:`StorageProblem`."""
    try:
        yield
    except StorageProblem:
        raise
    except (peewee.OperationalError, peewee.InterfaceError, peewee.DatabaseError,
            *sqlite_driver.OPERATIONAL_ERRORS, OSError) as error:
        problem = storage_problem(error)
        if problem is None:
            raise
        if isinstance(problem, ServerGone):
            let_lost_connection_go()
        raise problem from error


def let_lost_connection_go() -> None:
    """Close a connection the server has dropped, so that the next statement
    opens a new one (peewee reconnects by itself) and "save again" can work."""
    database = database_proxy.obj
    if database is None or database.in_transaction():
        return
    try:
        database.close()
    except (peewee.DatabaseError, peewee.InterfaceError):
        pass  # closing a dead connection may fail too: it is let go either way


# ---------------------------------------------------------------- the seam


def _is_postgresql(database: peewee.Database) -> bool:
    return isinstance(database, peewee.PostgresqlDatabase)


@contextmanager
def _transaction(database: peewee.Database) -> Iterator[None]:
    if database.in_transaction():
        with database.atomic():  # a savepoint in someone's transaction
            yield
        return
    if isinstance(database, peewee.SqliteDatabase):
        with database.atomic("IMMEDIATE"):
            yield
        return
    with database.atomic():
        if _is_postgresql(database):
            database.execute_sql(f"SET LOCAL lock_timeout = {int(POSTGRESQL_LOCK_WAIT_MS)}")
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (POSTGRESQL_WRITE_LOCK,))
        yield


@contextmanager
def one_write(action: str = "", *, kinds: Iterable[str] = (),
              resident_ids: Iterable[int | None] = ()) -> Iterator[WriteScope]:
    """One transaction holding the write lock, one moment, one change entry.

    Run the rule checks inside the block: raising there (a
    :class:`~soberhouse.errors.RuleViolation`) rolls everything back.
    """
    if _state.scopes:  # joins the outer write
        outer = _state.scopes[0]
        outer.kinds.update(kinds)
        outer.resident_ids.update(r for r in resident_ids if r is not None)
        if action and action != outer.action:
            outer.describe(action)
        noted = len(outer.undo_steps)
        try:
            with database_proxy.atomic(), clock.one_moment():
                yield outer
        except BaseException:
            del outer.undo_steps[noted:]  # rolled back to the savepoint: nothing to undo
            raise
        return
    scope = WriteScope(action or "change")
    scope.kinds.update(kinds)
    scope.resident_ids.update(r for r in resident_ids if r is not None)
    database = database_proxy.obj
    _state.scopes.append(scope)
    entry_id: int | None = None
    try:
        with storage_errors(), _transaction(database), clock.one_moment():
            yield scope
            entry_id = _record_entry(scope)
    except NotAllowed as refusal:
        _state.scopes.pop()
        _audit_refusal(scope, refusal)
        raise
    except BaseException:
        _state.scopes.pop()
        raise
    _state.scopes.pop()
    changed = Changed(scope.action, frozenset(scope.kinds), frozenset(scope.resident_ids),
                      entry_id, tuple(scope.undo_steps))
    for listener in list(_listeners):
        listener(changed)


def _record_entry(scope: WriteScope) -> int:
    """The write's change entry and audit event, after the role check (a
    refused write is rolled back whole, and its refusal audited)."""
    from soberhouse import audit, permissions
    from soberhouse.accounts import current_user
    from soberhouse.models import ChangeEntry

    permissions.check_write(scope)
    user = current_user()
    entry = ChangeEntry.create(
        action=scope.action[:120],
        details="\n".join(scope.details),
        kinds=",".join(sorted(scope.kinds)),
        resident_ids=",".join(str(r) for r in sorted(scope.resident_ids)),
        recorded_by=user,
        recorded_at=clock.now(),
    )
    if _state.audit_off:
        return int(entry.id)
    if scope.rows and scope.rows[-1].get("table") == "change_entry":
        scope.rows.pop()  # the entry itself: the event names it (change_entry)
    details: dict[str, object] = dict(scope.audit_details)
    if scope.details:
        details["also"] = scope.details
    if scope.kinds:
        details["kinds"] = sorted(scope.kinds)
    if scope.rows:  # under "saved" when "rows" is the caller's (an import's row count)
        details["saved" if "rows" in details else "rows"] = scope.rows
        ended = ended_rows(scope.rows)
        if ended:
            details["ended"] = ended
    action = scope.audit_action or _audit_action_of(scope.kinds)
    main = audit.PendingEvent(action, scope.action,
                              tuple(scope.resident_ids | scope.row_resident_ids), details)
    audit.append([main, *scope.events], change_entry=int(entry.id), user=user)  # type: ignore[list-item]
    return int(entry.id)


# A record ends when one of these goes from empty to a date (a stay's
# move-out, a mentoring assignment's or a sponsor's end, a mentor taken off
# the roster, a check-in or outside meeting removed, step work completed)...
_END_DATE_FIELDS = frozenset({"move_out_date", "discharge_date", "ended_on", "stopped_on",
                              "removed_at", "completed_on"})
# ...or its status leaves the open one (a resident graduated, discharged or
# left; a goal met, missed or dropped).
_OPEN_STATUSES = frozenset({"active", "open"})


def ended_rows(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The records a write's rows ended, each ``{"table", "id", "field",
    "value"}`` (the end date or the new status), for the audit trail."""
    ended = []
    for row in rows:
        changed = row.get("changed")
        if not isinstance(changed, dict):
            continue
        for name, (old, new) in changed.items():
            if ((name in _END_DATE_FIELDS and old in (None, "") and new not in (None, ""))
                    or (name == "status" and old in _OPEN_STATUSES
                        and new not in _OPEN_STATUSES)):
                ended.append({"table": row.get("table"), "id": row.get("id"), "field": name,
                              "value": new})
    return ended


def _audit_refusal(scope: WriteScope, refusal: NotAllowed) -> None:
    """A write the role does not allow was rolled back: the refusal is kept."""
    from soberhouse import accounts, audit

    if accounts.signed_in_user() is None:
        return  # nobody to name (NotSignedIn): nothing was tried by a person
    try:
        audit.record(audit.Action.REFUSED, f"Refused: {scope.action}",
                     resident_ids=scope.resident_ids | scope.row_resident_ids,
                     details={"why": str(refusal)})
    except StorageProblem:
        pass  # the refusal itself is what the person sees


def _audit_action_of(kinds: set[str]) -> str:
    from soberhouse.audit import Action

    if "people" in kinds:
        return Action.PEOPLE.value
    if kinds and kinds <= {"settings", "house", "tier"} and "settings" in kinds:
        return Action.SETTINGS.value
    return Action.CHANGED.value


@contextmanager
def event_write() -> Iterator[None]:
    """A transaction holding the write lock for audit events that change no
    record (:func:`soberhouse.audit.record`): no change entry, no listeners."""
    if _state.scopes or _state.internal:
        yield
        return
    _state.internal += 1
    try:
        with storage_errors(), _transaction(database_proxy.obj), clock.one_moment():
            yield
    finally:
        _state.internal -= 1


@contextmanager
def internal_write() -> Iterator[None]:
    """Writes that are not a manager's action (a schema step, the signed-in
    person's own row): allowed, in a transaction, with no change entry."""
    _state.internal += 1
    try:
        with storage_errors(), _transaction(database_proxy.obj):
            yield
    finally:
        _state.internal -= 1


@contextmanager
def allowing_writes() -> Iterator[None]:
    """Let the block's statements through the guard without opening a
    transaction (the migration runner, which manages its own)."""
    _state.internal += 1
    try:
        yield
    finally:
        _state.internal -= 1


# ---------------------------------------------------------------- others' writes


@dataclass(frozen=True)
class EntrySeen:
    """A change entry as another window learns of it."""

    id: int
    action: str
    kinds: frozenset[str]
    resident_ids: frozenset[int]
    recorded_by: str


def latest_entry_id() -> int:
    """The newest change entry's number (0 for none): where a window starts watching."""
    from soberhouse.models import ChangeEntry

    return int(ChangeEntry.select(peewee.fn.MAX(ChangeEntry.id)).scalar() or 0)


def entries_after(entry_id: int, limit: int = 200) -> list[EntrySeen]:
    """Change entries newer than ``entry_id``, oldest first (one indexed query)."""
    from soberhouse.models import AppUser, ChangeEntry

    who = peewee.fn.COALESCE(peewee.fn.NULLIF(AppUser.display_name, ""), AppUser.username)
    query = (ChangeEntry.select(ChangeEntry.id, ChangeEntry.action, ChangeEntry.kinds,
                                ChangeEntry.resident_ids, who.alias("who"))
             .join(AppUser).where(ChangeEntry.id > entry_id)
             .order_by(ChangeEntry.id).limit(limit))
    return [EntrySeen(row_id, action, frozenset(k for k in kinds.split(",") if k),
                      frozenset(int(r) for r in residents.split(",") if r), name)
            for row_id, action, kinds, residents, name in query.tuples()]
