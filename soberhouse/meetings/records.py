"""House meeting records: date, time, kind, who facilitated, topic, minutes
and motions.  Edits keep the old values (:class:`MeetingChange`); a meeting
is never deleted: one that did not take place is cancelled with a reason.

A weekly meeting is recorded on or after the day it was held; an extra
meeting (emergency or special) may be stored ahead of its date.  Regular
meetings still to come are not stored: :mod:`soberhouse.meetings.schedule`
works them out from the house's weekday.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from peewee import JOIN, Case, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import EditConflict, NotFound, Problem, RuleViolation
from soberhouse.houses import get_house, valid_time
from soberhouse.meetings.membership import living_in
from soberhouse.models import AppUser, House, Resident, Stay, history_text
from soberhouse.models.meetings import (
    Attendance,
    AttendanceStatus,
    HouseMeeting,
    MeetingChange,
    MeetingKind,
    Motion,
    MotionOutcome,
)
from soberhouse.names import full_name
from soberhouse.recording import one_write
from soberhouse.residents import FieldConflict


@dataclass
class MotionDetails:
    text: str
    outcome: MotionOutcome | str
    moved_by: str = ""
    votes_for: int | None = None
    votes_against: int | None = None

    @classmethod
    def of(cls, motion: Motion) -> MotionDetails:
        return cls(motion.text, MotionOutcome(motion.outcome), motion.moved_by,
                   motion.votes_for, motion.votes_against)

    @property
    def summary(self) -> str:
        """"Buy a new vacuum — Passed (7–1), moved by Kevin" (history text)."""
        text = f"{self.text.strip()} — {MotionOutcome(self.outcome).label}"
        if self.votes_for is not None or self.votes_against is not None:
            text += f" ({self.votes_for or 0}–{self.votes_against or 0})"
        if self.moved_by.strip():
            text += f", moved by {self.moved_by.strip()}"
        return text


@dataclass
class MeetingDetails:
    house_id: int
    held_on: dt.date
    starts_at: str = ""  # "HH:MM"; "" = the house's meeting time
    kind: MeetingKind | str = MeetingKind.REGULAR
    facilitator_resident_id: int | None = None
    facilitator_name: str = ""  # staff or a guest, when not a resident
    topic: str = ""
    minutes: str = ""
    motions: list[MotionDetails] = field(default_factory=list)

    @classmethod
    def of(cls, meeting: HouseMeeting) -> MeetingDetails:
        """A stored meeting's details, ready to be edited."""
        motions = [MotionDetails.of(m) for m in
                   meeting.motions.order_by(Motion.position, Motion.id)]
        return cls(meeting.house_id, meeting.held_on, meeting.starts_at,
                   MeetingKind(meeting.kind), meeting.facilitator_resident_id,
                   meeting.facilitator_name, meeting.topic, meeting.minutes, motions)

    def with_parts_from(self, source: MeetingDetails, parts: Iterable[str]) -> MeetingDetails:
        """These details with the named parts (as :func:`update_meeting` names
        its conflicts: ``facilitator``, ``motions``, ...) taken from ``source``."""
        names = [name for part in parts for name in PART_FIELDS.get(part, (part,))]
        taken = {name: getattr(source, name) for name in names}
        if "motions" in taken:
            taken["motions"] = [replace(motion) for motion in source.motions]
        return replace(self, **taken)


PART_LABELS = {"held_on": "Date", "starts_at": "Start time", "kind": "Kind",
               "facilitator": "Facilitator", "topic": "Topic", "minutes": "Minutes",
               "motions": "Motions"}
"""What a meeting form edits, in the parts a change made meanwhile is
compared by: the facilitator (a resident, or a staff or guest name) is one
part, and so are the motions."""

PART_FIELDS = {"facilitator": ("facilitator_resident_id", "facilitator_name")}


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in a list, with its roll-call counts."""

    meeting_id: int
    held_on: dt.date
    starts_at: str
    kind: MeetingKind
    topic: str
    facilitator: str  # the resident's name, or the staff/guest name, or ""
    cancelled: bool
    roll_call_taken: bool
    present: int
    late: int
    excused: int
    unexcused: int
    members: int  # residents living in the house that day

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def unrecorded(self) -> int:
        """Members without a mark (every member before the roll call)."""
        return max(self.members - self.present - self.late - self.excused - self.unexcused, 0)


# Names of the fields a MeetingChange row can carry, in the manager's words.
FIELD_LABELS: dict[str, str] = {
    "held_on": "Date",
    "starts_at": "Start time",
    "kind": "Kind",
    "facilitator_resident": "Facilitator",
    "facilitator_name": "Facilitator (staff or guest)",
    "topic": "Topic",
    "minutes": "Minutes",
    "cancelled": "Cancelled",
    "cancel_reason": "Why cancelled",
}

LONGEST_TOPIC = 200


def get_meeting(meeting_id: int) -> HouseMeeting:
    meeting = HouseMeeting.get_or_none(HouseMeeting.id == meeting_id)
    if meeting is None:
        raise NotFound(f"There is no house meeting number {meeting_id}.")
    permissions.require_view(house_id=meeting.house_id)
    return meeting


def _kind(value: MeetingKind | str) -> MeetingKind | None:
    try:
        return MeetingKind(value)
    except ValueError:
        return None


def _motion_problems(motions: list[MotionDetails]) -> list[Problem]:
    problems = []
    for number, motion in enumerate(motions, start=1):
        if not motion.text.strip():
            problems.append(Problem("motions", f"Motion {number} needs its text: what was "
                                               f"proposed."))
        try:
            MotionOutcome(motion.outcome)
        except ValueError:
            problems.append(Problem("motions", f"Motion {number}: choose passed, failed, "
                                               f"tabled or withdrawn."))
        for votes, label in ((motion.votes_for, "for"), (motion.votes_against, "against")):
            if votes is not None and votes < 0:
                problems.append(Problem("motions", f"Motion {number}: votes {label} can't "
                                                   f"be negative."))
    return problems


def _resident_name(resident_id: int) -> str:
    resident = Resident.get_or_none(Resident.id == resident_id)
    return resident.full_name if resident is not None else f"Resident #{resident_id}"


def _details_problems(details: MeetingDetails, house: House, today: dt.date,
                      meeting: HouseMeeting | None) -> list[Problem]:
    problems: list[Problem] = []
    kind = _kind(details.kind)
    if kind is None:
        problems.append(Problem("kind", "Choose a weekly, emergency or special meeting."))
    if details.held_on is None:
        problems.append(Problem("held_on", "The meeting date is required."))
        return problems
    roll_call_taken = meeting is not None and Attendance.select().where(
        Attendance.meeting == meeting.id).exists()
    if details.held_on > today:
        if kind is MeetingKind.REGULAR:
            problems.append(Problem("held_on", "A weekly meeting can't be dated in the future: "
                                               "weekly meetings to come follow from the "
                                               "house's meeting day. Record it once it is "
                                               "held, or plan a special meeting."))
        elif roll_call_taken:
            problems.append(Problem("held_on", "This meeting has a roll call: its date can't "
                                               "be in the future."))
    starts_at = details.starts_at.strip()
    if starts_at and not valid_time(starts_at):
        problems.append(Problem("starts_at", "Start time must be a time like 19:00 (24-hour "
                                             "clock)."))
    if details.facilitator_resident_id is not None and not living_in(
            house.id, details.held_on, [details.facilitator_resident_id]):
        problems.append(Problem("facilitator_resident_id",
                                f"{_resident_name(details.facilitator_resident_id)} was not "
                                f"living in {house.name} on {written_date(details.held_on)}: "
                                f"choose a resident of the house, or write a staff or guest "
                                f"name."))
    if len(details.topic.strip()) > LONGEST_TOPIC:
        problems.append(Problem("topic", f"Keep the topic under {LONGEST_TOPIC} characters; "
                                         f"the rest belongs in the minutes."))
    if kind is MeetingKind.REGULAR and details.held_on <= today:
        same_day = HouseMeeting.select().where(
            (HouseMeeting.house == house.id) & (HouseMeeting.held_on == details.held_on)
            & (HouseMeeting.kind == MeetingKind.REGULAR.value) & ~HouseMeeting.cancelled)
        if meeting is not None:
            same_day = same_day.where(HouseMeeting.id != meeting.id)
        if same_day.exists():
            problems.append(Problem("held_on", f"The weekly meeting of "
                                               f"{written_date(details.held_on)} is already "
                                               f"recorded: open it to change it."))
    if meeting is not None and roll_call_taken and details.held_on != meeting.held_on:
        marked = [resident_id for (resident_id,) in Attendance.select(Attendance.resident)
                  .where(Attendance.meeting == meeting.id).tuples()]
        away = set(marked) - living_in(house.id, details.held_on, marked)
        if away:
            names = ", ".join(sorted(_resident_name(r) for r in away))
            problems.append(Problem("held_on", f"The roll call has marks for residents who "
                                               f"were not living in {house.name} on "
                                               f"{written_date(details.held_on)}: {names}."))
    problems += _motion_problems(details.motions)
    return problems


def _motion_rows(meeting: HouseMeeting, motions: list[MotionDetails], first_position: int = 1
                 ) -> list[dict[str, object]]:
    user = current_user()
    return [dict(meeting=meeting.id, position=position, text=motion.text.strip(),
                 moved_by=motion.moved_by.strip(), outcome=MotionOutcome(motion.outcome).value,
                 votes_for=motion.votes_for, votes_against=motion.votes_against,
                 recorded_by=user.id, recorded_at=clock.now())
            for position, motion in enumerate(motions, start=first_position)]


def record_meeting(details: MeetingDetails) -> HouseMeeting:
    """Store a meeting (held, or an extra one planned ahead) with its motions."""
    permissions.require_change(house_id=details.house_id)
    with one_write("recorded a house meeting", kinds={"meeting"}) as scope:
        house = get_house(details.house_id)
        problems = _details_problems(details, house, clock.today(), None)
        if problems:
            raise RuleViolation(problems)
        scope.describe(f"{house.name}, {written_date(details.held_on)}")
        meeting = HouseMeeting.create(
            house=house, held_on=details.held_on,
            starts_at=details.starts_at.strip() or house.meeting_time,
            kind=MeetingKind(details.kind).value,
            facilitator_resident=details.facilitator_resident_id,
            facilitator_name=details.facilitator_name.strip(), topic=details.topic.strip(),
            minutes=details.minutes.strip(), recorded_by=current_user())
        if details.motions:
            motions = _motion_rows(meeting, details.motions)
            Motion.insert_many(motions).execute()
            scope.rows_inserted("motion", motions)
    return meeting


def _facilitator_text(resident_id: object) -> str:
    return _resident_name(resident_id) if isinstance(resident_id, int) else ""


def _field_text(name: str, value: object) -> str:
    """A meeting field's value as its history and the conflict sentences show it."""
    if name == "facilitator_resident":
        return _facilitator_text(value)
    if name == "kind":
        return MeetingKind(value).label  # type: ignore[arg-type]
    return history_text(value)


def _meeting_conflicts(meeting: HouseMeeting, wanted: dict[str, object],
                       old_motions: list[MotionDetails], new_motions: list[MotionDetails]
                       ) -> list[FieldConflict]:
    """Each field (and motion) the form sends that differs from the meeting
    on file, with who last changed it there."""
    differing: list[tuple[str, str, str, str]] = []  # field, label, yours, theirs
    for name, mine in wanted.items():
        theirs = getattr(meeting, "facilitator_resident_id" if name == "facilitator_resident"
                         else name)
        if theirs != mine:
            differing.append((name, FIELD_LABELS[name], _field_text(name, mine),
                              _field_text(name, theirs)))
    for position in range(1, max(len(old_motions), len(new_motions)) + 1):
        theirs_motion = old_motions[position - 1] if position <= len(old_motions) else None
        mine_motion = new_motions[position - 1] if position <= len(new_motions) else None
        if theirs_motion != mine_motion:
            differing.append((f"motion {position}", f"Motion {position}",
                              mine_motion.summary if mine_motion else "",
                              theirs_motion.summary if theirs_motion else ""))
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    conflicts = []
    for name, label, yours, theirs in differing:
        last = (MeetingChange.select(MeetingChange.recorded_at, who)
                .join(AppUser, on=(MeetingChange.recorded_by == AppUser.id))
                .where((MeetingChange.meeting == meeting.id)
                       & (MeetingChange.field_name == name))
                .order_by(MeetingChange.id.desc()).tuples().first())
        by, at = (last[1], last[0]) if last else ("Someone else", None)
        conflicts.append(FieldConflict(name, label, yours, theirs, by, at))
    return conflicts


def _parts(details: MeetingDetails, default_time: str) -> dict[str, object]:
    """The parts of :data:`PART_LABELS` as they would be stored, to compare."""
    kind = _kind(details.kind)
    return {"held_on": details.held_on, "starts_at": details.starts_at.strip() or default_time,
            "kind": kind.value if kind is not None else details.kind,
            "facilitator": (details.facilitator_resident_id, details.facilitator_name.strip()),
            "topic": details.topic.strip(), "minutes": details.minutes.strip(),
            "motions": [(m.text.strip(), str(m.outcome), m.moved_by.strip(), m.votes_for,
                         m.votes_against) for m in details.motions]}


def _part_text(part: str, details: MeetingDetails) -> str:
    """A part's value as the conflict sentences show it."""
    if part == "facilitator":
        return (_facilitator_text(details.facilitator_resident_id)
                or details.facilitator_name.strip())
    if part == "motions":
        return "; ".join(motion.summary for motion in details.motions)
    if part == "kind":
        kind = _kind(details.kind)
        return kind.label if kind is not None else str(details.kind)
    value = getattr(details, part)
    return history_text(value.strip() if isinstance(value, str) else value)


def _part_conflicts(meeting: HouseMeeting, mine: MeetingDetails, on_file: MeetingDetails,
                    parts: list[str]) -> list[FieldConflict]:
    who = fn.COALESCE(AppUser.display_name, AppUser.username)
    conflicts = []
    for part in parts:
        if part == "motions":
            named = MeetingChange.field_name.startswith("motion ")
        elif part == "facilitator":
            named = MeetingChange.field_name.in_(["facilitator_resident", "facilitator_name"])
        else:
            named = MeetingChange.field_name == part
        last = (MeetingChange.select(MeetingChange.recorded_at, who)
                .join(AppUser, on=(MeetingChange.recorded_by == AppUser.id))
                .where((MeetingChange.meeting == meeting.id) & named)
                .order_by(MeetingChange.id.desc()).tuples().first())
        by, at = (last[1], last[0]) if last else ("Someone else", None)
        conflicts.append(FieldConflict(part, PART_LABELS[part], _part_text(part, mine),
                                       _part_text(part, on_file), by, at))
    return conflicts


def update_meeting(meeting_id: int, details: MeetingDetails, *,
                   base: MeetingDetails | None = None,
                   base_version: int | None = None) -> HouseMeeting:
    """Change a meeting's record; each changed field (and motion) leaves a
    :class:`MeetingChange` with the old and new value.  The house can't change.

    ``base`` is what the form showed when it opened, ``base_version`` the
    meeting's version then: only the parts changed from ``base`` (see
    :data:`PART_LABELS`) are written, so a part someone else changed
    meanwhile is kept; a part both changed raises :class:`EditConflict`
    (nothing saved) with both values.  Without ``base``, a meeting saved by
    someone else since ``base_version`` is refused on every field that
    differs."""
    permissions.require_meeting_change(meeting_id)
    with one_write("changed a house meeting's record", kinds={"meeting"}) as scope:
        meeting = get_meeting(meeting_id)
        house = get_house(meeting.house_id)
        problems = []
        if details.house_id != meeting.house_id:
            problems.append(Problem("house_id", "A meeting can't be moved to another house."))
        if base is not None:
            on_file = MeetingDetails.of(meeting)
            mine, opened, theirs = (_parts(d, meeting.starts_at)
                                    for d in (details, base, on_file))
            changed = [part for part in PART_LABELS if mine[part] != opened[part]]
            if base_version is not None and meeting.version != base_version:
                both = [part for part in changed
                        if theirs[part] != opened[part] and theirs[part] != mine[part]]
                if both:
                    raise EditConflict(_part_conflicts(meeting, details, on_file, both),
                                       meeting.version,
                                       f"The meeting of {written_date(meeting.held_on)}")
            details = on_file.with_parts_from(details, changed)
            base_version = None  # checked: what is written now builds on the file
        problems += _details_problems(details, house, clock.today(), meeting)
        if problems:
            raise RuleViolation(problems)
        new_values: dict[str, object] = {
            "held_on": details.held_on,
            "starts_at": details.starts_at.strip() or meeting.starts_at,
            "kind": MeetingKind(details.kind).value,
            "facilitator_resident": details.facilitator_resident_id,
            "facilitator_name": details.facilitator_name.strip(),
            "topic": details.topic.strip(),
            "minutes": details.minutes.strip(),
        }
        old_motions = list(meeting.motions.order_by(Motion.position, Motion.id))
        old_details = [MotionDetails.of(m) for m in old_motions]
        new_details = [MotionDetails(m.text.strip(), MotionOutcome(m.outcome),
                                     m.moved_by.strip(), m.votes_for, m.votes_against)
                       for m in details.motions]
        if base_version is not None and meeting.version != base_version:
            raise EditConflict(_meeting_conflicts(meeting, new_values, old_details, new_details),
                               meeting.version,
                               f"The meeting of {written_date(meeting.held_on)}")
        changes: list[tuple[str, str, str]] = []
        for name, new in new_values.items():
            old = getattr(meeting, "facilitator_resident_id" if name == "facilitator_resident"
                          else name)
            if old == new:
                continue
            if name == "facilitator_resident":
                changes.append((name, _facilitator_text(old), _facilitator_text(new)))
            else:
                changes.append((name, history_text(old), history_text(new)))
        motion_changes = []
        for position in range(1, max(len(old_details), len(new_details)) + 1):
            old_motion = old_details[position - 1] if position <= len(old_details) else None
            new_motion = new_details[position - 1] if position <= len(new_details) else None
            if old_motion != new_motion:
                motion_changes.append((f"motion {position}",
                                       old_motion.summary if old_motion else "",
                                       new_motion.summary if new_motion else ""))
        user = current_user()
        scope.describe(f"{house.name}, {written_date(meeting.held_on)}")
        for name, old_text, new_text in changes + motion_changes:
            MeetingChange.create(meeting=meeting, field_name=name, old_value=old_text,
                                 new_value=new_text, recorded_by=user)
            label = FIELD_LABELS.get(name, name.capitalize())
            if name != "minutes":
                scope.describe(f"{label}: {old_text} → {new_text}")
            else:
                scope.describe(f"{label} changed")
        if changes:
            for name, value in new_values.items():
                setattr(meeting, name, value)
        if changes or motion_changes:
            meeting.version = meeting.version + 1
            meeting.save()
        if motion_changes:
            for position, (old_row, new_motion) in enumerate(
                    zip(old_motions, new_details, strict=False), start=1):
                if MotionDetails.of(old_row) != new_motion:
                    new_values = dict(text=new_motion.text, outcome=MotionOutcome(
                        new_motion.outcome).value, moved_by=new_motion.moved_by,
                        votes_for=new_motion.votes_for, votes_against=new_motion.votes_against,
                        position=position)
                    Motion.update(**new_values).where(Motion.id == old_row.id).execute()
                    scope.row_updated("motion", old_row.id, {
                        name: (getattr(old_row, name), value)
                        for name, value in new_values.items()})
            removed = [row.id for row in old_motions[len(new_details):]]
            if removed:
                Motion.delete().where(Motion.id.in_(removed)).execute()
                scope.rows_deleted("motion", removed)
            added = new_details[len(old_motions):]
            if added:
                motions = _motion_rows(meeting, added, len(old_motions) + 1)
                Motion.insert_many(motions).execute()
                scope.rows_inserted("motion", motions)
    return get_meeting(meeting_id)


def _cancel(meeting: HouseMeeting, reason: str) -> None:
    user = current_user()
    MeetingChange.create(meeting=meeting, field_name="cancelled", old_value="False",
                         new_value="True", recorded_by=user)
    MeetingChange.create(meeting=meeting, field_name="cancel_reason",
                         old_value=meeting.cancel_reason, new_value=reason.strip(),
                         recorded_by=user)
    meeting.cancelled = True
    meeting.cancel_reason = reason.strip()
    meeting.version = meeting.version + 1
    meeting.save()


def cancel_meeting(meeting_id: int, reason: str) -> HouseMeeting:
    """Mark a meeting as not held (or recorded by mistake): it stays on record
    with the reason, and no figure counts it."""
    permissions.require_meeting_change(meeting_id)
    with one_write("cancelled a house meeting", kinds={"meeting"}) as scope:
        meeting = get_meeting(meeting_id)
        if meeting.cancelled:
            raise RuleViolation(Problem("cancel_reason", f"The meeting of "
                                                         f"{written_date(meeting.held_on)} is "
                                                         f"already cancelled."))
        if not reason.strip():
            raise RuleViolation(Problem("cancel_reason", "Please say why the meeting is "
                                                         "cancelled."))
        scope.describe(f"{written_date(meeting.held_on)}: {reason.strip()}")
        _cancel(meeting, reason)
    return meeting


def cancel_planned_meeting(house_id: int, held_on: dt.date, reason: str) -> HouseMeeting:
    """Call off a weekly meeting still to come (a holiday, say): it is stored
    as a cancelled weekly meeting, and the schedule leaves that date out."""
    permissions.require_change(house_id=house_id)
    with one_write("called off a house meeting", kinds={"meeting"}) as scope:
        house = get_house(house_id)
        problems = []
        if not reason.strip():
            problems.append(Problem("cancel_reason", "Please say why the meeting is "
                                                     "cancelled."))
        if house.meeting_weekday is None or held_on.weekday() != house.meeting_weekday:
            problems.append(Problem("held_on", f"{house.name} has no weekly meeting on "
                                               f"{written_date(held_on)}."))
        elif HouseMeeting.select().where((HouseMeeting.house == house.id)
                                         & (HouseMeeting.held_on == held_on)).exists():
            problems.append(Problem("held_on", f"A meeting of {written_date(held_on)} is "
                                               f"already on record: cancel that one."))
        if problems:
            raise RuleViolation(problems)
        scope.describe(f"{house.name}, {written_date(held_on)}: {reason.strip()}")
        meeting = HouseMeeting.create(house=house, held_on=held_on,
                                      starts_at=house.meeting_time,
                                      kind=MeetingKind.REGULAR.value, recorded_by=current_user())
        _cancel(meeting, reason)
    return meeting


def _count(status: AttendanceStatus) -> object:
    return fn.SUM(Case(None, [(Attendance.status == status.value, 1)], 0))


def meetings_between(house_id: int | None, start: dt.date, end: dt.date) -> list[MeetingRow]:
    """Every meeting of the house (or of every house: None) held from
    ``start`` to ``end``, oldest first, with roll-call counts and how many
    residents lived there that day (two queries, and one for who may see
    what: only the houses of the signed-in person)."""
    if house_id is not None:
        permissions.require_view(house_id=house_id)
    query = (HouseMeeting
             .select(HouseMeeting.id, HouseMeeting.house, HouseMeeting.held_on,
                     HouseMeeting.starts_at, HouseMeeting.kind, HouseMeeting.topic,
                     Resident.first_name, Resident.last_name, Resident.name_order,
                     HouseMeeting.facilitator_name, HouseMeeting.cancelled, fn.COUNT(Attendance.id),
                     _count(AttendanceStatus.PRESENT), _count(AttendanceStatus.LATE),
                     _count(AttendanceStatus.EXCUSED), _count(AttendanceStatus.UNEXCUSED))
             .join(Resident, JOIN.LEFT_OUTER,
                   on=(HouseMeeting.facilitator_resident == Resident.id))
             .switch(HouseMeeting)
             .join(Attendance, JOIN.LEFT_OUTER, on=(Attendance.meeting == HouseMeeting.id))
             .where(HouseMeeting.held_on.between(start, end))
             .group_by(HouseMeeting.id, HouseMeeting.house, HouseMeeting.held_on,
                       HouseMeeting.starts_at, HouseMeeting.kind, HouseMeeting.topic,
                       Resident.first_name, Resident.last_name, Resident.name_order,
                       HouseMeeting.facilitator_name, HouseMeeting.cancelled)
             .order_by(HouseMeeting.held_on, HouseMeeting.starts_at, HouseMeeting.id))
    query = permissions.narrowed(query, house=HouseMeeting.house,
                                 seen=permissions.Visible(permissions.visible().house_ids, None))
    stays = Stay.select(Stay.house, Stay.move_in_date, Stay.move_out_date).where(
        (Stay.move_in_date <= end) & (Stay.move_out_date.is_null() | (Stay.move_out_date > start)))
    if house_id is not None:
        query = query.where(HouseMeeting.house == house_id)
        stays = stays.where(Stay.house == house_id)
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for stay_house, move_in, move_out in stays.tuples():
        periods[stay_house].append((move_in, move_out))
    rows = []
    for (meeting_id, meeting_house, held_on, starts_at, kind, topic, first, last, order, guest,
         cancelled, marks, present, late, excused, unexcused) in query.tuples():
        members = sum(1 for move_in, move_out in periods[meeting_house]
                      if move_in <= held_on and (move_out is None or move_out > held_on))
        facilitator = full_name(first, last, order) if first is not None else guest
        rows.append(MeetingRow(meeting_id, held_on, starts_at, MeetingKind(kind), topic,
                               facilitator, bool(cancelled), marks > 0, int(present or 0),
                               int(late or 0), int(excused or 0), int(unexcused or 0), members))
    return rows


def meeting_changes(meeting_id: int) -> list[MeetingChange]:
    """A meeting's edit history, newest first."""
    get_meeting(meeting_id)
    return list(MeetingChange.select().where(MeetingChange.meeting == meeting_id)
                .order_by(MeetingChange.recorded_at.desc(), MeetingChange.id.desc()))
