"""Undo: taking back the last simple change, by writing the reverse change.

A write that can be taken back notes how, as it writes
(:meth:`~soberhouse.recording.WriteScope.can_undo`): a roll-call mark
(:class:`MarkStep`), a field of a resident's record (:class:`FieldStep`), an
outside meeting logged (:class:`OutsideMeetingStep`), a mentoring check-in
logged (:class:`CheckInStep`).  The window that made the write hears of it
(``Changed.undo``) and keeps it in its short undo list; :func:`undoable`
says what Undo would do, :func:`undo` does it.

Nothing is deleted from the history: the undoing is a write of its own, in
one transaction, through the same core functions (the roll call saved with
the old mark, the record corrected back, the meeting or the check-in removed
with a reason), so the history holds both the change and its undoing
("undid: marked Ana Abara present").  The only row that goes is a first mark set back to "not
marked", and only while it has no history of its own (never changed).

Undo is refused, with nothing written, when the record no longer holds what
the write left (someone else, or another window, changed it since): "Can't
undo: Ana Abara's mark was changed since by maria."  A record changed and
changed back since holds what the write left: undoing it is no surprise (and
so a window can undo its changes one after another, the latest first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from peewee import fn

from soberhouse.date_style import written_date
from soberhouse.errors import RuleViolation
from soberhouse.models import AppUser, ResidentCorrection, SobrietyDateChange
from soberhouse.models.meetings import Attendance, AttendanceChange
from soberhouse.models.mentoring import CheckIn, Goal, GoalStatusChange
from soberhouse.models.twelve_step import OutsideMeeting
from soberhouse.recording import Changed, one_write

UNDID = "undid: "
UNDONE_REASON = "Undone right after it was logged"

# The writes that Undo takes back (each notes its steps); a bigger write
# that happens to call one of them (an import) is not offered.
SIMPLE_ACTIONS = frozenset({
    "saved a roll call",
    "saved a house meeting and its roll call",
    "changed a resident's record",
    "logged an outside meeting",
    "logged outside meetings",
    "logged a check-in",
})

MARK_WORDS = {"present": "present", "late": "late", "excused": "absent (excused)",
              "unexcused": "absent (unexcused)", "": "not marked"}


class UndoRefused(RuleViolation):
    """The change can't be taken back (changed since); nothing was written."""


@dataclass(frozen=True)
class MarkStep:
    """A roll-call mark as a save left it; ``before`` "" for not marked."""

    meeting_id: int
    held_on: dt.date
    resident_id: int
    name: str
    before: str
    before_reason: str
    after: str
    after_reason: str
    change_id: int | None  # the AttendanceChange the save wrote (None: a first mark)


@dataclass(frozen=True)
class FieldStep:
    """One field of a resident's record as an edit left it."""

    resident_id: int
    name: str
    field: str
    label: str
    before: object
    after: object
    history_id: int  # the ResidentCorrection (SobrietyDateChange for the sobriety date)


@dataclass(frozen=True)
class OutsideMeetingStep:
    """An outside meeting just logged."""

    meeting_id: int
    resident_id: int
    name: str
    attended_on: dt.date
    fellowship: str  # its label: "AA"


@dataclass(frozen=True)
class CheckInStep:
    """A mentoring check-in just logged; ``resident_id``/``name``: the mentee."""

    check_in_id: int
    assignment_id: int
    resident_id: int
    name: str
    held_on: dt.date


Step = MarkStep | FieldStep | OutsideMeetingStep | CheckInStep
STEP_TYPES = (MarkStep, FieldStep, OutsideMeetingStep, CheckInStep)


@dataclass(frozen=True)
class Undoable:
    """A write Undo can take back: what it did, in words ("marked Ana
    Abara present"), and its steps."""

    what: str
    steps: tuple[Step, ...]
    entry_id: int | None = None

    @property
    def resident_ids(self) -> frozenset[int]:
        return frozenset(step.resident_id for step in self.steps)


def undoable(changed: Changed) -> Undoable | None:
    """What Undo would take back of a write (None: it can't)."""
    if changed.action not in SIMPLE_ACTIONS:
        return None
    steps = tuple(step for step in changed.undo if isinstance(step, STEP_TYPES))
    if not steps:
        return None
    return Undoable(describe(steps), steps, changed.entry_id)


def describe(steps: Sequence[Step]) -> str:
    """The write, in words, after "Undo ": "marked Ana Abara present"."""
    marks = [step for step in steps if isinstance(step, MarkStep)]
    fields = [step for step in steps if isinstance(step, FieldStep)]
    meetings = [step for step in steps if isinstance(step, OutsideMeetingStep)]
    check_ins = [step for step in steps if isinstance(step, CheckInStep)]
    parts: list[str] = []
    if len(marks) == 1:
        parts.append(f"marked {marks[0].name} {MARK_WORDS.get(marks[0].after, marks[0].after)}")
    elif marks:
        days = sorted({step.held_on for step in marks})
        when = f" of {written_date(days[0])}" if len(days) == 1 else ""
        parts.append(f"the roll call{when} ({len(marks)} marks)")
    if fields:
        names = sorted({step.name for step in fields})
        labels = [step.label.lower() for step in fields]
        if len(names) > 1:
            parts.append(f"changed the records of {_and(names)}")
        elif len(labels) <= 2:
            parts.append(f"changed {names[0]}'s {_and(labels)}")
        else:
            parts.append(f"changed {len(labels)} fields of {names[0]}'s record")
    if len(meetings) == 1:
        step = meetings[0]
        parts.append(f"logged {step.name}'s {step.fellowship} meeting of "
                     f"{written_date(step.attended_on)}")
    elif meetings:
        residents = len({step.resident_id for step in meetings})
        parts.append(f"logged {len(meetings)} outside meetings"
                     + (f" ({residents} residents)" if residents > 1 else ""))
    if len(check_ins) == 1:
        parts.append(f"logged {check_ins[0].name}'s check-in of "
                     f"{written_date(check_ins[0].held_on)}")
    elif check_ins:
        parts.append(f"logged {len(check_ins)} check-ins")
    return "; ".join(parts)


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# ---------------------------------------------------------------- undoing


def undo(change: Undoable) -> str:
    """Write the reverse of ``change`` in one transaction; what was done, in
    words ("Undone: marked Ana Abara present").  :class:`UndoRefused` (and
    nothing written) when a record it touches changed since."""
    kinds = set()
    if any(isinstance(step, MarkStep) for step in change.steps):
        kinds.add("attendance")
    if any(isinstance(step, FieldStep) for step in change.steps):
        kinds.add("resident")
    if any(isinstance(step, OutsideMeetingStep) for step in change.steps):
        kinds.add("outside_meeting")
    if any(isinstance(step, CheckInStep) for step in change.steps):
        kinds.add("check_in")
    with one_write(f"{UNDID}{change.what}"[:120], kinds=kinds,
                   resident_ids=change.resident_ids):
        for step in change.steps:
            refusal = changed_since(step)
            if refusal:
                raise UndoRefused(refusal)
        _undo_marks([step for step in change.steps if isinstance(step, MarkStep)])
        _undo_fields([step for step in change.steps if isinstance(step, FieldStep)])
        _undo_outside_meetings([step for step in change.steps
                                if isinstance(step, OutsideMeetingStep)])
        _undo_check_ins([step for step in change.steps if isinstance(step, CheckInStep)])
    return f"Undone: {change.what}"


def changed_since(step: Step) -> str:
    """Why ``step`` can't be taken back any more ("" when it can)."""
    if isinstance(step, MarkStep):
        row = Attendance.get_or_none((Attendance.meeting == step.meeting_id)
                                     & (Attendance.resident == step.resident_id))
        if row is None:
            return f"Can't undo: {step.name}'s mark was taken off since."
        later = (AttendanceChange.select()
                 .where((AttendanceChange.attendance == row.id)
                        & (AttendanceChange.id > (step.change_id or 0)))
                 .order_by(AttendanceChange.id.desc()).first())
        if (row.status, row.reason) != (step.after, step.after_reason):
            who = _person(later.recorded_by_id if later is not None else row.recorded_by_id)
            return f"Can't undo: {step.name}'s mark was changed since by {who}."
        if not step.before and later is not None:  # its history stays, so the mark does
            return (f"Can't undo: {step.name}'s mark was changed since (its history is kept), "
                    f"so it can't go back to not marked.")
        return ""
    if isinstance(step, FieldStep):
        from soberhouse.residents import get_resident

        resident = get_resident(step.resident_id)
        if step.field == "sobriety_date":
            later_query = SobrietyDateChange.select().where(
                (SobrietyDateChange.resident == step.resident_id)
                & (SobrietyDateChange.id > step.history_id))
            later = later_query.order_by(SobrietyDateChange.id.desc()).first()
        else:
            later = (ResidentCorrection.select()
                     .where((ResidentCorrection.resident == step.resident_id)
                            & (ResidentCorrection.field_name == step.field)
                            & (ResidentCorrection.id > step.history_id))
                     .order_by(ResidentCorrection.id.desc()).first())
        if getattr(resident, step.field) != step.after:
            who = _person(later.recorded_by_id) if later is not None else "someone else"
            return f"Can't undo: {step.name}'s {step.label.lower()} was changed since by {who}."
        return ""
    if isinstance(step, CheckInStep):
        return _check_in_changed_since(step)
    meeting = OutsideMeeting.get_or_none(OutsideMeeting.id == step.meeting_id)
    if meeting is None or meeting.removed_at is not None:
        who = _person(meeting.removed_by_id) if meeting is not None else "someone else"
        return (f"Can't undo: {step.name}'s meeting of {written_date(step.attended_on)} was "
                f"removed since by {who}.")
    return ""


def _check_in_changed_since(step: CheckInStep) -> str:
    """A check-in can't be taken back once removed, nor once a goal review
    points at it (the goal's status would stay as the review left it)."""
    what = f"{step.name}'s check-in of {written_date(step.held_on)}"
    row = CheckIn.get_or_none(CheckIn.id == step.check_in_id)
    if row is None or row.removed_at is not None:
        who = _person(row.removed_by_id) if row is not None else "someone else"
        return f"Can't undo: {what} was removed since by {who}."
    goals = [str(text) for text in (Goal.select(Goal.what)
                                    .join(GoalStatusChange,
                                          on=(GoalStatusChange.goal == Goal.id))
                                    .where(GoalStatusChange.check_in == step.check_in_id)
                                    .order_by(GoalStatusChange.id).scalars())]
    if goals:
        named = _and([f"\u201c{goal}\u201d" for goal in goals])
        return (f"Can't undo: {what} reviewed {'the goal' if len(goals) == 1 else 'the goals'} "
                f"{named}, and a goal keeps its reviews. If the check-in was a mistake, "
                f"remove it (Remove Check-in\u2026 in the check-in list) and set the goal's "
                f"status again if need be.")
    return ""


def _person(user_id: int | None) -> str:
    """How the history names a person: their display name, else user name."""
    if user_id is None:
        return "someone else"
    who = fn.COALESCE(fn.NULLIF(AppUser.display_name, ""), AppUser.username)
    name = AppUser.select(who).where(AppUser.id == user_id).scalar()
    return str(name) if name else "someone else"


def _undo_marks(steps: Iterable[MarkStep]) -> None:
    from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
    from soberhouse.recording import current_scope

    by_meeting: dict[int, list[MarkStep]] = {}
    for step in steps:
        by_meeting.setdefault(step.meeting_id, []).append(step)
    scope = current_scope()
    for meeting_id, marks in by_meeting.items():
        for step in marks:
            if not step.before:  # a first mark: back to not marked
                gone = [row_id for (row_id,) in Attendance.select(Attendance.id).where(
                    (Attendance.meeting == meeting_id)
                    & (Attendance.resident == step.resident_id)).tuples()]
                Attendance.delete().where(Attendance.id.in_(gone)).execute()
                if scope is not None:
                    scope.rows_deleted("attendance", gone, {"resident": step.resident_id})
                    scope.describe(f"{step.name}, {written_date(step.held_on)}: "
                                   f"{MARK_WORDS.get(step.after, step.after)} \u2192 not marked")
        back = [RollCallMark(step.resident_id, step.before, step.before_reason)
                for step in marks if step.before]
        if back:
            save_roll_call(meeting_id, back)


def _undo_fields(steps: Iterable[FieldStep]) -> None:
    from soberhouse.residents import ResidentDetails, get_resident, update_resident

    by_resident: dict[int, dict[str, object]] = {}
    for step in steps:
        by_resident.setdefault(step.resident_id, {})[step.field] = step.before
    for resident_id, values in by_resident.items():
        details = replace(ResidentDetails.of(get_resident(resident_id)), **values)
        update_resident(resident_id, details, allow_duplicate=True)


def _undo_outside_meetings(steps: Iterable[OutsideMeetingStep]) -> None:
    from soberhouse.twelve_step.outside_meetings import remove_outside_meeting

    for step in steps:
        remove_outside_meeting(step.meeting_id, UNDONE_REASON)


def _undo_check_ins(steps: Iterable[CheckInStep]) -> None:
    from soberhouse.mentoring.check_ins import remove_check_in

    for step in steps:
        remove_check_in(step.check_in_id, UNDONE_REASON)
