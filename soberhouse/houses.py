"""Houses and their tiers: creating, editing, and the default tier ladder."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from peewee import fn

from soberhouse import permissions
from soberhouse.accounts import current_user
from soberhouse.errors import EditConflict, FieldConflict, NotFound, Problem, RuleViolation
from soberhouse.models import (
    WEEKDAYS,
    AppUser,
    House,
    HouseChange,
    Resident,
    ResidentStatus,
    Tier,
    TierChange,
    history_text,
)
from soberhouse.recording import WriteScope, one_write
from soberhouse.text_input import character_problem, has_visible_text, length_problem


@dataclass
class TierDetails:
    name: str
    min_days_in_house: int = 0
    min_days_sober: int = 0
    weekly_meeting_quota: int = 0
    may_mentor: bool = False
    caseload_cap: int = 0
    id: int | None = None  # an existing tier being edited, None for a new one
    # Entry conditions read by soberhouse.progression (None: no such condition).
    max_unexcused_absences: int | None = None
    absence_window_days: int = 90
    min_outside_meetings: int | None = None
    outside_meetings_window_days: int = 90

    @classmethod
    def of(cls, tier: Tier) -> TierDetails:
        return cls(
            name=tier.name,
            min_days_in_house=tier.min_days_in_house,
            min_days_sober=tier.min_days_sober,
            weekly_meeting_quota=tier.weekly_meeting_quota,
            may_mentor=tier.may_mentor,
            caseload_cap=tier.caseload_cap,
            id=tier.id,
            max_unexcused_absences=tier.max_unexcused_absences,
            absence_window_days=tier.absence_window_days,
            min_outside_meetings=tier.min_outside_meetings,
            outside_meetings_window_days=tier.outside_meetings_window_days,
        )

    def columns(self) -> dict[str, object]:
        """The tier's columns as written to the table (not id nor position)."""
        return dict(
            name=self.name.strip(),
            min_days_in_house=self.min_days_in_house,
            min_days_sober=self.min_days_sober,
            weekly_meeting_quota=self.weekly_meeting_quota,
            may_mentor=self.may_mentor,
            caseload_cap=self.caseload_cap,
            max_unexcused_absences=self.max_unexcused_absences,
            absence_window_days=self.absence_window_days,
            min_outside_meetings=self.min_outside_meetings,
            outside_meetings_window_days=self.outside_meetings_window_days,
        )


# DOMAIN.md's typical ladder: 1 Newcomer (0-30 days), 2 Established (31-90),
# 3 Senior (90+, may mentor).  Houses rename and tune them in Settings.
DEFAULT_TIERS: tuple[TierDetails, ...] = (
    TierDetails("Newcomer", 0, 0, weekly_meeting_quota=5),
    TierDetails("Established", 31, 31, weekly_meeting_quota=4),
    TierDetails("Senior", 90, 90, weekly_meeting_quota=3, may_mentor=True, caseload_cap=3),
)


@dataclass
class HouseDetails:
    name: str
    beds: int
    address: str = ""
    week_start: int = 0  # 0 = Monday
    meeting_weekday: int | None = 0  # the regular house meeting; None: none
    meeting_time: str = "19:00"  # "HH:MM", 24-hour
    tiers: list[TierDetails] = field(default_factory=lambda: list(DEFAULT_TIERS))


def get_house(house_id: int) -> House:
    """A house the signed-in person may see (else :class:`NotAllowed`)."""
    house = House.get_or_none(House.id == house_id)
    if house is None:
        raise NotFound(f"There is no house number {house_id}.")
    permissions.require_view(house_id=house.id)
    return house


def find_house(name: str) -> House:
    """A house by name, ignoring case and surrounding spaces."""
    house = House.get_or_none(fn.LOWER(House.name) == name.strip().lower())
    if house is None:
        known = ", ".join(h.name for h in list_houses()) or "none yet"
        raise NotFound(f'There is no house called "{name.strip()}" (houses: {known}).')
    return house


def list_houses() -> list[House]:
    """The houses the signed-in person may see, by name."""
    return list(permissions.narrowed(House.select(), house=House.id,
                                     seen=_houses_only()).order_by(House.name))


def _houses_only() -> permissions.Visible:
    """The houses visible (a peer coach: their mentees'), for lists of houses."""
    return permissions.Visible(permissions.visible().house_ids, None)


def tiers_of(house_id: int) -> list[Tier]:
    return list(Tier.select().where(Tier.house == house_id).order_by(Tier.position))


def tier_names() -> list[str]:
    """Every tier name in use, lowest step first (one query, for filters)."""
    names = (Tier.select(Tier.name, fn.MIN(Tier.position).alias("step"))
             .group_by(Tier.name).order_by(fn.MIN(Tier.position), Tier.name).tuples())
    return [name for name, _ in names]


def entry_tier(house_id: int) -> Tier | None:
    return Tier.select().where(Tier.house == house_id).order_by(Tier.position).first()


def active_count(house_id: int, excluding_resident: int | None = None) -> int:
    query = Resident.select().where(
        (Resident.house == house_id) & (Resident.status == ResidentStatus.ACTIVE.value)
    )
    if excluding_resident is not None:
        query = query.where(Resident.id != excluding_resident)
    return query.count()


def _house_problems(details: HouseDetails, house_id: int | None) -> list[Problem]:
    problems = []
    name = details.name.strip()
    typing = (character_problem(name, "House name")
              or length_problem(name, "House name", House.name.max_length))
    if not has_visible_text(name):
        problems.append(Problem("name", "The house needs a name."))
    elif typing is not None:
        problems.append(Problem("name", typing))
    else:
        clash = House.select().where(fn.LOWER(House.name) == name.lower())
        if house_id is not None:
            clash = clash.where(House.id != house_id)
        if clash.exists():
            problems.append(Problem("name", f'There is already a house called "{name}".'))
    if details.beds < 1:
        problems.append(Problem("beds", "A house needs at least one bed."))
    elif house_id is not None:
        in_use = active_count(house_id)
        if details.beds < in_use:
            problems.append(Problem(
                "beds", f"{in_use} residents live in this house now: it can't have fewer "
                        f"than {in_use} beds."))
    if not 0 <= details.week_start <= 6:
        problems.append(Problem("week_start",
                                "The week must start on a day from Monday to Sunday."))
    if details.meeting_weekday is not None and not 0 <= details.meeting_weekday <= 6:
        problems.append(Problem("meeting_weekday",
                                "The house meeting must be on a day from Monday to Sunday."))
    if not valid_time(details.meeting_time):
        problems.append(Problem("meeting_time",
                                "The meeting time must be a time of day like 19:00."))
    return problems


def valid_time(text: str) -> bool:
    """``HH:MM`` on a 24-hour clock."""
    hours, colon, minutes = text.partition(":")
    return (colon == ":" and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59)


def _tier_problems(tiers: list[TierDetails]) -> list[Problem]:
    problems = []
    if not tiers:
        problems.append(Problem("tiers", "A house needs at least one tier."))
    seen: set[str] = set()
    for number, tier in enumerate(tiers, start=1):
        label = tier.name.strip() or f"Tier {number}"
        typing = (character_problem(tier.name.strip(), f"The name of tier {number}")
                  or length_problem(tier.name.strip(), f"The name of tier {number}",
                                    Tier.name.max_length))
        if not has_visible_text(tier.name):
            problems.append(Problem("tiers", f"Tier {number} needs a name."))
            label = f"Tier {number}"
        elif typing is not None:
            problems.append(Problem("tiers", typing))
            label = f"Tier {number}"
        elif tier.name.strip().lower() in seen:
            problems.append(Problem("tiers", f'Two tiers are called "{tier.name.strip()}".'))
        seen.add(tier.name.strip().lower())
        for attribute, what in (("min_days_in_house", "minimum days in the house"),
                                ("min_days_sober", "minimum days sober"),
                                ("weekly_meeting_quota", "weekly meeting quota"),
                                ("caseload_cap", "caseload cap"),
                                ("max_unexcused_absences", "number of unexcused absences"),
                                ("min_outside_meetings", "number of outside meetings")):
            value = getattr(tier, attribute)
            if value is not None and value < 0:
                problems.append(Problem("tiers", f"{label}: the {what} can't be negative."))
        for attribute, what in (("absence_window_days", "absences"),
                                ("outside_meetings_window_days", "outside meetings")):
            if getattr(tier, attribute) < 1:
                problems.append(Problem(
                    "tiers", f"{label}: the period for counting {what} must be at least "
                             f"one day."))
        if tier.may_mentor and tier.caseload_cap < 1:
            problems.append(Problem(
                "tiers", f"{label} may mentor, so its caseload cap must be at least 1."))
    return problems


HOUSE_FIELD_LABELS = {
    "name": "Name", "address": "Address", "beds": "Beds", "week_start": "Week starts on",
    "meeting_weekday": "House meeting day", "meeting_time": "House meeting time",
}


def create_house(details: HouseDetails) -> House:
    """A new house with its tiers (the default ladder unless given); the owner's."""
    permissions.require(permissions.Right.ADD_HOUSE)
    with one_write("added a house", kinds={"house"}) as scope:
        problems = _house_problems(details, None) + _tier_problems(details.tiers)
        if problems:
            raise RuleViolation(problems)
        house = House.create(
            name=details.name.strip(),
            address=details.address.strip(),
            beds=details.beds,
            week_start=details.week_start,
            meeting_weekday=details.meeting_weekday,
            meeting_time=details.meeting_time,
        )
        for position, tier in enumerate(details.tiers, start=1):
            _create_tier(house, tier, position)
        scope.describe(house.name)
    return house


def _create_tier(house: House, tier: TierDetails, position: int) -> Tier:
    return Tier.create(house=house, position=position, **tier.columns())


def _house_value(name: str, value: object) -> str:
    if name in ("week_start", "meeting_weekday"):
        return WEEKDAYS[value] if isinstance(value, int) else "none"
    return history_text(value)


def _house_fields(details: HouseDetails) -> dict[str, object]:
    return {"name": details.name.strip(), "address": details.address.strip(),
            "beds": details.beds, "week_start": details.week_start,
            "meeting_weekday": details.meeting_weekday, "meeting_time": details.meeting_time}


def house_details(house: House) -> HouseDetails:
    """A house's own fields as a form shows them (without its tiers)."""
    return HouseDetails(name=house.name, beds=house.beds, address=house.address,
                        week_start=house.week_start, meeting_weekday=house.meeting_weekday,
                        meeting_time=house.meeting_time, tiers=[])


def update_house(house_id: int, details: HouseDetails, *, base: HouseDetails | None = None,
                 base_version: int | None = None) -> House:
    """Change a house's name, address, beds, week start and meeting (not its
    tiers); each changed field keeps its old value in the house's history.

    ``base`` is what the form opened with and ``base_version`` the house's
    version then: only the fields changed from ``base`` are written, and a
    field someone else changed meanwhile to another value raises
    :class:`EditConflict` (nothing saved)."""
    permissions.require(permissions.Right.CHANGE_HOUSE, house_id=house_id)
    with one_write("changed a house", kinds={"house"}) as scope:
        house = get_house(house_id)
        wanted = _house_fields(details)
        if base is not None:
            opened = _house_fields(base)
            wanted = {name: value for name, value in wanted.items() if value != opened[name]}
            if base_version is not None and house.version != base_version:
                conflicts = [name for name, value in wanted.items()
                             if getattr(house, name) not in (opened[name], value)]
                if conflicts:
                    raise EditConflict(_house_conflicts(house, wanted, conflicts),
                                       house.version, house.name)
        merged = replace(house_details(house), **wanted)
        problems = _house_problems(merged, house_id)
        if problems:
            raise RuleViolation(problems)
        user = current_user()
        for name, new in wanted.items():
            old = getattr(house, name)
            if old != new:
                HouseChange.create(house=house, field_name=name,
                                   old_value=_house_value(name, old),
                                   new_value=_house_value(name, new), recorded_by=user)
                scope.describe(f"{HOUSE_FIELD_LABELS[name]}: {_house_value(name, old)} → "
                               f"{_house_value(name, new)}")
                setattr(house, name, new)
        if house.is_dirty():
            house.version = house.version + 1
            house.save()
    return house


def _house_conflicts(house: House, wanted: dict[str, object],
                     names: list[str]) -> list[FieldConflict]:
    conflicts = []
    for name in names:
        mine, theirs = wanted[name], getattr(house, name)
        last = (HouseChange.select(HouseChange, AppUser)
                .join(AppUser).where((HouseChange.house == house.id)
                                     & (HouseChange.field_name == name))
                .order_by(HouseChange.id.desc()).first())
        conflicts.append(FieldConflict(
            name, HOUSE_FIELD_LABELS[name], _house_value(name, mine), _house_value(name, theirs),
            (last.recorded_by.display_name or last.recorded_by.username) if last else "Someone",
            last.recorded_at if last else None))
    return conflicts


def save_tiers(house_id: int, tiers: list[TierDetails]) -> list[Tier]:
    """Replace a house's ladder with ``tiers``, lowest first, in one transaction.

    Tiers keep their identity (``id``), so residents and history stay linked
    when a tier is renamed or moved.  A tier that anyone is in, or ever was in,
    cannot be removed.
    """
    permissions.require(permissions.Right.CHANGE_HOUSE, house_id=house_id)
    with one_write("changed a house's tiers", kinds={"house", "tier"}) as scope:
        house = get_house(house_id)
        problems = _tier_problems(tiers)
        existing = {tier.id: tier for tier in tiers_of(house_id)}
        kept = {tier.id for tier in tiers if tier.id is not None}
        unknown = kept - set(existing)
        if unknown:
            problems.append(Problem("tiers", "A tier being edited belongs to another house."))
        for removed_id in set(existing) - kept:
            removed = existing[removed_id]
            in_use = Resident.select().where(Resident.tier == removed_id).exists()
            in_history = TierChange.select().where(
                (TierChange.to_tier == removed_id) | (TierChange.from_tier == removed_id)).exists()
            if in_use or in_history:
                problems.append(Problem(
                    "tiers", f'"{removed.name}" can\'t be removed: residents are or were in it. '
                             f"Rename it instead."))
        if problems:
            raise RuleViolation(problems)
        # Park positions out of the way first: (house, position) is unique.
        for offset, tier in enumerate(existing.values(), start=1):
            Tier.update(position=-offset).where(Tier.id == tier.id).execute()
        for removed_id in set(existing) - kept:
            Tier.delete().where(Tier.id == removed_id).execute()
        scope.rows_deleted("tier", sorted(set(existing) - kept), {"house": house.id})
        result = []
        for position, details in enumerate(tiers, start=1):
            if details.id is None:
                result.append(_create_tier(house, details, position))
                scope.describe(f"Tier {position} added: {details.name.strip()}")
                continue
            before = existing[details.id]
            _describe_tier_edit(scope, before, position, details)
            (Tier.update(position=position, version=Tier.version + 1, **details.columns())
             .where(Tier.id == details.id).execute())
            scope.row_updated("tier", details.id, {
                "position": (before.position, position),
                **{name: (getattr(before, name), value)
                   for name, value in details.columns().items()}}, {"house": house.id})
            result.append(Tier.get_by_id(details.id))
        for removed_id in set(existing) - kept:
            scope.describe(f"Tier removed: {existing[removed_id].name}")
    return result


def _describe_tier_edit(scope: WriteScope, before: Tier, position: int,
                        details: TierDetails) -> None:
    """Each changed setting of a tier, old → new, in the write's change entry."""
    if before.position != position:
        scope.describe(f"{before.name}: step {before.position} → {position}")
    for name, new in details.columns().items():
        old = getattr(before, name)
        if old != new:
            label = name.replace("_", " ")
            scope.describe(f"{before.name}: {label} {history_text(old) or 'none'} → "
                           f"{history_text(new) or 'none'}")
