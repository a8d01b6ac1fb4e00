"""The mentor records: senior residents, alumni and staff peer recovery coaches.

A resident mentor may mentor while they live in the house in a tier that may
mentor; their cap is that tier's caseload cap.  An alumnus (a former resident)
and a staff coach carry their own cap, and count as above every resident
tier.  A mentor who stops is kept on record with the date and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from peewee import JOIN, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import EditConflict, NotFound, Problem, RuleViolation
from soberhouse.mentoring.profiles import MatchingAttributes
from soberhouse.models import AppUser, House, Resident, ResidentStatus, Tier, history_text
from soberhouse.models.mentoring import Mentor, MentorChange, MentorKind, ResidentProfile
from soberhouse.names import full_name
from soberhouse.recording import one_write
from soberhouse.residents import FieldConflict, get_resident

ABOVE_EVERY_TIER = 1_000_000
"""The rank of alumni and staff coaches: higher than any tier's position."""

DEFAULT_STAFF_ROLE = "Peer recovery coach"

LEFT_THE_HOUSE = {
    ResidentStatus.GRADUATED.value: "graduated",
    ResidentStatus.DISCHARGED.value: "was discharged",
    ResidentStatus.LEFT.value: "left the house",
}


@dataclass(frozen=True)
class MentorFacts:
    """One mentor as the rules and lists see them, read in bulk."""

    id: int
    kind: MentorKind
    name: str
    resident_id: int | None
    house_id: int | None  # None: a staff coach for every house
    role_label: str  # the tier for a resident mentor, "Alumnus", or the staff role
    tier_name: str
    tier_position: int
    tier_may_mentor: bool
    cap: int
    since: dt.date
    stopped_on: dt.date | None
    stop_reason: str
    resident_status: str
    left_on: dt.date | None
    attributes: MatchingAttributes = field(default_factory=MatchingAttributes)

    @property
    def rank(self) -> int:
        """Compared with a mentee's tier position: a mentor must rank higher."""
        if self.kind is MentorKind.RESIDENT:
            return self.tier_position
        return ABOVE_EVERY_TIER

    def serves_house(self, house_id: int) -> bool:
        return self.house_id is None or self.house_id == house_id

    def why_not_mentoring(self, on: dt.date) -> str | None:
        """Why this mentor can't take or keep mentees on ``on``; None if they can."""
        if self.stopped_on is not None and self.stopped_on <= on:
            reason = f" ({self.stop_reason})" if self.stop_reason else ""
            return f"{self.name} stopped mentoring on {written_date(self.stopped_on)}{reason}."
        if self.since > on:
            return f"{self.name} mentors from {written_date(self.since)}."
        if self.kind is MentorKind.RESIDENT:
            if self.resident_status != ResidentStatus.ACTIVE.value:
                when = f" on {written_date(self.left_on)}" if self.left_on else ""
                what = LEFT_THE_HOUSE.get(self.resident_status, "left the house")
                return f"{self.name} {what}{when}."
            if not self.tier_may_mentor:
                return f"{self.name} is now in {self.tier_name}, a tier that does not mentor."
        return None


def mentor_facts(mentor_ids: Iterable[int] | None = None, *,
                 include_stopped: bool = True) -> list[MentorFacts]:
    """Mentors with their resident record, tier and profile: two queries."""
    query = (Mentor
             .select(Mentor.id, Mentor.kind, Mentor.resident, Mentor.house, Mentor.first_name,
                     Mentor.last_name, Mentor.role, Mentor.caseload_cap, Mentor.gender,
                     Mentor.fellowship, Mentor.languages, Mentor.focus_areas, Mentor.since,
                     Mentor.stopped_on, Mentor.stop_reason, Resident.first_name,
                     Resident.last_name, Resident.name_order, Resident.status, Resident.house,
                     Resident.discharge_date, Tier.name, Tier.position, Tier.may_mentor,
                     Tier.caseload_cap, ResidentProfile.gender, ResidentProfile.fellowship,
                     ResidentProfile.languages, ResidentProfile.focus_areas)
             .join(Resident, JOIN.LEFT_OUTER, on=(Mentor.resident == Resident.id))
             .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id))
             .switch(Mentor)
             .join(ResidentProfile, JOIN.LEFT_OUTER,
                   on=(ResidentProfile.resident == Mentor.resident))
             .order_by(Mentor.id))
    if mentor_ids is not None:
        query = query.where(Mentor.id.in_(list(mentor_ids)))
    if not include_stopped:
        query = query.where(Mentor.stopped_on.is_null())
    facts = []
    for (mid, kind, resident_id, own_house, own_first, own_last, role, own_cap, own_gender,
         own_fellowship, own_languages, own_focus, since, stopped_on, stop_reason, first, last,
         order, status, resident_house, left_on, tier_name, position, may_mentor, tier_cap,
         gender, fellowship, languages, focus) in query.tuples():
        kind = MentorKind(kind)
        if resident_id is None:
            name = full_name(own_first, own_last)  # a staff coach: given name first
            attributes = MatchingAttributes.from_columns(own_gender, own_fellowship,
                                                         own_languages, own_focus)
        else:
            name = full_name(first, last, order)
            attributes = MatchingAttributes.from_columns(gender, fellowship, languages, focus)
        if kind is MentorKind.RESIDENT:
            cap, label = tier_cap or 0, tier_name or ""
        elif kind is MentorKind.ALUMNUS:
            cap, label = own_cap or 0, "Alumnus"
        else:
            cap, label = own_cap or 0, role or DEFAULT_STAFF_ROLE
        facts.append(MentorFacts(
            mid, kind, name, resident_id,
            resident_house if resident_id is not None else own_house, label,
            tier_name or "", position or 0, bool(may_mentor), cap, since, stopped_on,
            stop_reason, status or "", left_on, attributes))
    return facts


def mentor(mentor_id: int) -> MentorFacts:
    found = mentor_facts([mentor_id])
    if not found:
        raise NotFound(f"There is no mentor number {mentor_id}.")
    return found[0]


def get_mentor(mentor_id: int) -> Mentor:
    record = Mentor.get_or_none(Mentor.id == mentor_id)
    if record is None:
        raise NotFound(f"There is no mentor number {mentor_id}.")
    return record


def house_names() -> dict[int, str]:
    return {house.id: house.name for house in House.select(House.id, House.name)}


# ---------------------------------------------------------------- registering


def _since_problems(since: dt.date | None, today: dt.date, earliest: dt.date | None,
                    earliest_what: str) -> list[Problem]:
    if since is None:
        return [Problem("since", "The date they start mentoring is required.")]
    if since > today:
        return [Problem("since", "The start date can't be after today.")]
    if earliest is not None and since < earliest:
        return [Problem("since", f"The start date can't be before {earliest_what} "
                                 f"({written_date(earliest)}).")]
    return []


def _cap_problems(cap: int | None) -> list[Problem]:
    if cap is None or cap < 1:
        return [Problem("caseload_cap", "The caseload cap must be at least 1 mentee.")]
    return []


def _already_on_roster(resident: Resident) -> list[Problem]:
    existing = (Mentor.select().where((Mentor.resident == resident.id)
                                      & Mentor.stopped_on.is_null()).first())
    if existing is None:
        return []
    return [Problem("resident_id", f"{resident.full_name} is already on the mentor roster "
                                   f"({MentorKind(existing.kind).label.lower()} since "
                                   f"{written_date(existing.since)}).")]


def register_resident_mentor(resident_id: int, since: dt.date | None = None) -> Mentor:
    """Put a senior resident on the roster; their tier sets their cap."""
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    since = since or today
    with one_write("registered a resident mentor", kinds={"mentor"},
                   resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        problems: list[Problem] = []
        if resident.status != ResidentStatus.ACTIVE.value:
            problems.append(Problem(
                "resident_id", f"{resident.full_name} no longer lives in the house: register "
                               f"them as an alumnus instead."))
        elif resident.tier is None or not resident.tier.may_mentor:
            tier_name = resident.tier.name if resident.tier is not None else "no tier"
            problems.append(Problem(
                "resident_id", f"{resident.full_name} is in {tier_name}, a tier that does not "
                               f"mentor: only residents in a mentoring tier can be mentors."))
        problems += _already_on_roster(resident)
        problems += _since_problems(since, today, resident.move_in_date, "the move-in date")
        if problems:
            raise RuleViolation(problems)
        scope.describe(resident.full_name)
        return Mentor.create(kind=MentorKind.RESIDENT.value, resident=resident, since=since,
                             recorded_by=current_user())


def register_alumnus(resident_id: int, caseload_cap: int, since: dt.date | None = None,
                     *, checked: bool = True) -> Mentor:
    """Put a former resident on the roster with their own cap.

    (``checked=False`` is for :func:`soberhouse.mentoring.assignments.continue_as_alumnus`,
    which stops the resident-mentor record in the same transaction.)
    """
    permissions.require_change(resident_ids=[resident_id])
    today = clock.today()
    since = since or today
    with one_write("registered an alumnus mentor", kinds={"mentor"},
                   resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        problems: list[Problem] = []
        if resident.status == ResidentStatus.ACTIVE.value:
            problems.append(Problem(
                "resident_id", f"{resident.full_name} still lives in the house: an alumnus is "
                               f"a former resident."))
        if checked:
            problems += _already_on_roster(resident)
        problems += _cap_problems(caseload_cap)
        problems += _since_problems(since, today, resident.discharge_date,
                                    "the day they moved out")
        if problems:
            raise RuleViolation(problems)
        scope.describe(resident.full_name)
        return Mentor.create(kind=MentorKind.ALUMNUS.value, resident=resident,
                             caseload_cap=caseload_cap, since=since, recorded_by=current_user())


@dataclass
class StaffCoachDetails:
    """What the staff-coach form says.  ``house_id`` None: coaches every house."""

    first_name: str
    last_name: str
    role: str = DEFAULT_STAFF_ROLE
    house_id: int | None = None
    caseload_cap: int = 5
    attributes: MatchingAttributes = field(default_factory=MatchingAttributes)
    since: dt.date | None = None

    def with_fields_from(self, source: StaffCoachDetails,
                         names: Iterable[str]) -> StaffCoachDetails:
        """These details with the named fields (as :func:`update_staff_coach`
        names its conflicts: ``house``, ``gender``, ...) taken from ``source``."""
        theirs = _staff_columns(source)
        columns = {**_staff_columns(self), **{name: theirs[name] for name in names}}
        return _staff_details(columns, self.since)


def _staff_problems(details: StaffCoachDetails) -> list[Problem]:
    problems = []
    for name, label in (("first_name", "First name"), ("last_name", "Last name"),
                        ("role", "Role")):
        if not getattr(details, name).strip():
            problems.append(Problem(name, f"{label} is required."))
    if details.house_id is not None and House.get_or_none(House.id == details.house_id) is None:
        problems.append(Problem("house_id", "That house no longer exists."))
    return problems + _cap_problems(details.caseload_cap)


def register_staff_coach(details: StaffCoachDetails) -> Mentor:
    """A staff peer recovery coach (not a resident).  Their certificate and
    continuing education are recorded in :mod:`soberhouse.mentoring.certification`."""
    permissions.require_change(house_id=details.house_id)
    today = clock.today()
    since = details.since or today
    with one_write("registered a staff coach", kinds={"mentor"}) as scope:
        problems = _staff_problems(details) + _since_problems(since, today, None, "")
        if problems:
            raise RuleViolation(problems)
        scope.describe(f"{details.first_name.strip()} {details.last_name.strip()}")
        return Mentor.create(kind=MentorKind.STAFF.value, first_name=details.first_name.strip(),
                             last_name=details.last_name.strip(), role=details.role.strip(),
                             house=details.house_id, caseload_cap=details.caseload_cap,
                             since=since, recorded_by=current_user(),
                             **details.attributes.cleaned().columns())


MENTOR_FIELD_LABELS = {
    "first_name": "First name", "last_name": "Last name", "role": "Role", "house": "House",
    "caseload_cap": "Caseload cap", "gender": "Gender", "fellowship": "Fellowship",
    "languages": "Languages", "focus_areas": "Focus areas", "stopped_on": "Stopped on",
    "stop_reason": "Why they stopped",
}


def _staff_columns(details: StaffCoachDetails) -> dict[str, Any]:
    """A staff coach's editable fields as the record's columns hold them."""
    return {"first_name": details.first_name.strip(), "last_name": details.last_name.strip(),
            "role": details.role.strip(), "house": details.house_id,
            "caseload_cap": details.caseload_cap, **details.attributes.cleaned().columns()}


def _changed_from(columns: dict[str, object], base: dict[str, object]) -> dict[str, object]:
    return {name: value for name, value in columns.items()
            if history_text(value) != history_text(base[name])}


def update_staff_coach(mentor_id: int, details: StaffCoachDetails, *,
                       base: StaffCoachDetails | None = None,
                       base_version: int | None = None) -> Mentor:
    """Change a staff coach's name, role, house, cap and matching attributes
    (not the start date).  Lowering the cap below the current mentees is
    allowed: the roster then shows them over their cap.

    ``base`` is what the form showed when it opened, ``base_version`` the
    record's version then: only the fields changed from ``base`` are
    written, so a field someone else changed meanwhile is kept; a field both
    changed raises :class:`EditConflict` (nothing saved) saying who changed
    what.  Without ``base``, a record saved by someone else since
    ``base_version`` is refused on every field that differs."""
    permissions.require_mentor_change(mentor_id)
    permissions.require_change(house_id=details.house_id)
    with one_write("changed a staff coach's details", kinds={"mentor"}) as scope:
        record = get_mentor(mentor_id)
        if record.kind != MentorKind.STAFF.value:
            raise RuleViolation(Problem("mentor_id",
                                        "Only a staff coach's details are edited here."))
        changes = _staff_columns(details)
        if base is not None:
            opened = _staff_columns(base)
            changes = _changed_from(changes, opened)
            _refuse_stale(record, changes, base_version, opened)
            details = staff_coach_details(record).with_fields_from(details, changes)
        problems = _staff_problems(details)
        if problems:
            raise RuleViolation(problems)
        if base is None:
            _refuse_stale(record, changes, base_version)
        scope.describe(_mentor_name(record))
        change_mentor_record(record, changes)
    return record


def staff_coach_details(record: Mentor) -> StaffCoachDetails:
    """A staff coach's record as the form shows it."""
    return _staff_details({
        "first_name": record.first_name, "last_name": record.last_name, "role": record.role,
        "house": record.house_id, "caseload_cap": record.caseload_cap, "gender": record.gender,
        "fellowship": record.fellowship, "languages": record.languages,
        "focus_areas": record.focus_areas}, record.since)


def _staff_details(columns: dict[str, Any], since: dt.date | None) -> StaffCoachDetails:
    return StaffCoachDetails(
        columns["first_name"], columns["last_name"], columns["role"], columns["house"],
        columns["caseload_cap"],
        MatchingAttributes.from_columns(columns["gender"], columns["fellowship"],
                                        columns["languages"], columns["focus_areas"]),
        since)


def _mentor_name(record: Mentor) -> str:
    if record.resident_id is not None:
        return get_resident(record.resident_id).full_name
    return full_name(record.first_name, record.last_name)


def _shown(name: str, value: object) -> str:
    """A mentor field's value as a sentence shows it (a house by its name)."""
    if name == "house":
        if value is None:
            return "every house"
        house = House.get_or_none(House.id == value)
        return house.name if house is not None else f"house #{value}"
    return history_text(value)


def _refuse_stale(record: Mentor, changes: dict[str, object], base_version: int | None,
                  base: dict[str, object] | None = None) -> None:
    """Raise :class:`EditConflict` when the form opened on an older version
    of the record: each field the form sends that differs from the file
    (and, given ``base``, that was changed on file since the form opened) is
    named, with who changed it last."""
    if base_version is None or record.version == base_version:
        return
    conflicts = []
    for name, mine in changes.items():
        theirs = getattr(record, "house_id" if name == "house" else name)
        if history_text(theirs) == history_text(mine):
            continue
        if base is not None and history_text(theirs) == history_text(base[name]):
            continue  # changed only in this form
        last = (MentorChange.select(MentorChange.recorded_at,
                                    fn.COALESCE(AppUser.display_name, AppUser.username))
                .join(AppUser, on=(MentorChange.recorded_by == AppUser.id))
                .where((MentorChange.mentor == record.id) & (MentorChange.field_name == name))
                .order_by(MentorChange.id.desc()).tuples().first())
        who, when = (last[1], last[0]) if last else ("Someone else", None)
        conflicts.append(FieldConflict(name, MENTOR_FIELD_LABELS.get(name, name),
                                       _shown(name, mine), _shown(name, theirs), who, when))
    if conflicts or base is None:
        raise EditConflict(conflicts, record.version,
                           f"{_mentor_name(record)}'s mentor record")


def change_mentor_record(record: Mentor, changes: dict[str, object], reason: str = "") -> None:
    """Apply ``changes`` to a mentor's record, keeping each old value, one
    version further (call inside a write)."""
    user = current_user()
    for name, new in changes.items():
        column = "house_id" if name == "house" else name
        old = getattr(record, column)
        if history_text(old) == history_text(new):
            continue
        MentorChange.create(mentor=record, field_name=name, old_value=history_text(old),
                            new_value=history_text(new), reason=reason, recorded_by=user)
        setattr(record, name, new)
    if record.is_dirty():
        record.version = record.version + 1
        record.save()


def mentor_changes(mentor_id: int) -> list[MentorChange]:
    """Every kept change of a mentor's record, oldest first."""
    return list(MentorChange.select().where(MentorChange.mentor == mentor_id)
                .order_by(MentorChange.recorded_at, MentorChange.id))


def set_alumnus_cap(mentor_id: int, caseload_cap: int, *, base: int | None = None,
                    base_version: int | None = None) -> Mentor:
    """An alumnus's own caseload cap (``base``, the cap the form opened with,
    and ``base_version`` as in :func:`update_staff_coach`)."""
    permissions.require_mentor_change(mentor_id)
    if base is not None and base == caseload_cap:
        return get_mentor(mentor_id)  # not changed in the form: nothing to write
    with one_write("changed an alumnus's caseload cap", kinds={"mentor"}) as scope:
        record = get_mentor(mentor_id)
        if record.kind != MentorKind.ALUMNUS.value:
            raise RuleViolation(Problem(
                "caseload_cap", "A resident mentor's cap is their tier's; a staff coach's is "
                                "edited with their details."))
        problems = _cap_problems(caseload_cap)
        if problems:
            raise RuleViolation(problems)
        _refuse_stale(record, {"caseload_cap": caseload_cap}, base_version,
                      {"caseload_cap": base} if base is not None else None)
        scope.touch("mentor", record.resident_id)
        change_mentor_record(record, {"caseload_cap": caseload_cap})
    return record


def stop_mentoring(mentor_id: int, stopped_on: dt.date | None, reason: str) -> Mentor:
    """Take a mentor off the roster.  Their open assignments stay open and
    show in :func:`soberhouse.mentoring.roster.mentees_needing_new_mentor`:
    nothing is reassigned without the manager."""
    permissions.require_mentor_change(mentor_id)
    with one_write("took a mentor off the roster", kinds={"mentor"}) as scope:
        record = get_mentor(mentor_id)
        problems: list[Problem] = []
        if record.stopped_on is not None:
            problems.append(Problem("mentor_id", f"This mentor already stopped on "
                                                 f"{written_date(record.stopped_on)}."))
        if not reason.strip():
            problems.append(Problem("reason", "Please give a reason."))
        if stopped_on is None:
            problems.append(Problem("stopped_on", "The date is required."))
        elif stopped_on > clock.today():
            problems.append(Problem("stopped_on", "The date can't be after today."))
        elif stopped_on < record.since:
            problems.append(Problem("stopped_on", f"The date can't be before they started "
                                                  f"mentoring ({written_date(record.since)})."))
        if problems:
            raise RuleViolation(problems)
        scope.touch("mentor", record.resident_id)
        scope.describe(_mentor_name(record))
        change_mentor_record(record, {"stopped_on": stopped_on, "stop_reason": reason.strip()},
                       reason=reason.strip())
    return record
