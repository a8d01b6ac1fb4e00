"""Residents: intake, edits, discharge, relapse, tier changes, bed moves.

Every write checks the rules first and raises :class:`RuleViolation` (each
problem naming its field) before anything is saved; every write that touches
more than one row runs in one transaction and leaves a history row saying
what changed, when, why, and who recorded it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from peewee import JOIN, fn

from soberhouse import clock, permissions
from soberhouse.accounts import current_user
from soberhouse.date_style import written_date
from soberhouse.errors import (  # FieldConflict: the areas import it from here too
    EditConflict,
    FieldConflict,
    LikelyDuplicate,
    NotFound,
    Problem,
    RuleViolation,
)
from soberhouse.houses import active_count, entry_tier, get_house
from soberhouse.milestones import Milestone, days_between, next_milestone
from soberhouse.models import (
    AppUser,
    BedMove,
    HistoryModel,
    House,
    Resident,
    ResidentCorrection,
    ResidentStatus,
    SobrietyChangeKind,
    SobrietyDateChange,
    StatusChange,
    Stay,
    Tier,
    TierChange,
    bed_label,
    column_date,
    database_proxy,
    display_name,
    history_text,
)
from soberhouse.names import NameOrder, full_name, name_sort_key
from soberhouse.permissions import Right
from soberhouse.recording import one_write
from soberhouse.text_input import (
    character_problem,
    cleaned_text,
    has_visible_text,
    length_problem,
    multiline_fields,
    text_limits,
)
from soberhouse.text_matching import name_key
from soberhouse.undo import FieldStep

MINIMUM_AGE = 16
MAXIMUM_AGE = 110  # older than this on record is a mistyped year
EARLIEST_DATE = dt.date(1900, 1, 1)  # no date on a resident's record comes before it

FIELD_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "name_order": "Name order",
    "date_of_birth": "Date of birth",
    "phone": "Phone",
    "emergency_contact_name": "Emergency contact",
    "emergency_contact_phone": "Emergency contact phone",
    "house_id": "House",
    "tier_id": "Tier",
    "room": "Room",
    "bed": "Bed",
    "move_in_date": "Move-in date",
    "sobriety_date": "Sobriety date",
    "substances": "Primary substance(s)",
    "status": "Status",
    "discharge_date": "Discharge date",
    "discharge_reason": "Discharge reason",
    "notes": "Notes",
    # the matching profile (soberhouse.mentoring.profiles)
    "gender": "Gender",
    "fellowship": "Fellowship",
    "languages": "Languages",
    "focus_areas": "Focus areas",
    # goals (soberhouse.mentoring.goals.update_goal)
    "goal_what": "Goal",
    "goal_measure": "Goal measure",
    "goal_target_date": "Goal target date",
    "goal_set_by": "Goal set by",
}

NAME_ORDERS = tuple(order.value for order in NameOrder)

# Plain fields an edit may change; each change leaves a ResidentCorrection.
CORRECTABLE_FIELDS = (
    "first_name", "last_name", "preferred_name", "name_order", "date_of_birth", "phone",
    "emergency_contact_name", "emergency_contact_phone", "substances", "notes",
)


@dataclass
class ResidentDetails:
    """What the intake form (or one CSV line) says about a resident."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: dt.date | None = None
    house_id: int | None = None
    move_in_date: dt.date | None = None
    sobriety_date: dt.date | None = None
    preferred_name: str = ""
    name_order: str = NameOrder.GIVEN_FIRST.value  # how the person writes their name
    phone: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    tier_id: int | None = None
    room: str = ""
    bed: str = ""
    substances: str = ""
    status: str = ResidentStatus.ACTIVE.value
    discharge_date: dt.date | None = None
    discharge_reason: str = ""
    notes: str = ""

    @classmethod
    def of(cls, resident: Resident) -> ResidentDetails:
        return cls(**{
            f.name: getattr(resident, f.name) for f in fields(cls)
            if f.name not in ("house_id", "tier_id")
        }, house_id=resident.house_id, tier_id=resident.tier_id)

    def cleaned(self) -> ResidentDetails:
        """The same details with every text cleaned as
        :func:`soberhouse.text_input.cleaned_text` says: one Unicode form (NFC),
        no surrounding spaces nor invisible characters, no zero-width spaces,
        the line endings of notes and reasons made one."""
        multiline = multiline_fields(Resident)
        return replace(self, **{
            f.name: cleaned_text(getattr(self, f.name), multiline=f.name in multiline)
            for f in fields(self) if isinstance(getattr(self, f.name), str)
        })


# ---------------------------------------------------------------- reading


def get_resident(resident_id: int) -> Resident:
    """A resident the signed-in person may see (else :class:`NotAllowed`)."""
    resident = Resident.get_or_none(Resident.id == resident_id)
    if resident is None:
        raise NotFound(f"There is no resident number {resident_id}.")
    permissions.require_view(resident_id=resident.id)
    return resident


@dataclass(slots=True)
class ResidentRow:
    """One line of the residents list, with the figures already computed.

    (Not frozen: a frozen dataclass costs four times as much to build, which
    shows at start-up with thousands of residents.  Treat it as read-only.)
    """

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    name_order: str
    house_id: int
    house_name: str
    tier_id: int | None
    tier_name: str
    tier_position: int
    room: str
    bed: str
    status: str
    move_in_date: dt.date
    sobriety_date: dt.date
    discharge_date: dt.date | None
    days_sober: int | None  # None when not living in the house
    next_milestone: Milestone | None

    @property
    def display_name(self) -> str:
        """As lists show it: ``Nguyễn, Zoë "Zo"``, "李伟 (Li Wei)"."""
        return display_name(self.first_name, self.last_name, self.preferred_name,
                            self.name_order)

    @property
    def full_name(self) -> str:
        """In the person's order: "Zoë Nguyễn", "李伟"."""
        return full_name(self.first_name, self.last_name, self.name_order)

    @property
    def bed_label(self) -> str:
        return bed_label(self.room, self.bed)


def resident_rows(on: dt.date | None = None) -> list[ResidentRow]:
    """Every resident with house, tier, days sober and next milestone, in one
    query; by last name then first name, case and accents not counting
    (:func:`~soberhouse.names.name_sort_key`: "Đặng" among the D's), family
    name first or not.  Only the residents the signed-in person may see
    (:func:`soberhouse.permissions.narrowed`)."""
    on = on or clock.today()
    query = permissions.narrowed(
        Resident.select(
            Resident.id, Resident.first_name, Resident.last_name, Resident.preferred_name,
            Resident.name_order, Resident.house, House.name, Resident.tier, Tier.name,
            Tier.position, Resident.room, Resident.bed, Resident.status, Resident.move_in_date,
            Resident.sobriety_date, Resident.discharge_date,
        )
        .join(House, on=(Resident.house == House.id))
        .switch(Resident)
        .join(Tier, JOIN.LEFT_OUTER, on=(Resident.tier == Tier.id))
        .order_by(Resident.last_name, Resident.first_name, Resident.id),
        house=Resident.house, resident=Resident.id)
    # Raw cursor rows: peewee's per-field conversion costs more than the query
    # for thousands of rows, and only the three dates need converting.
    cursor = database_proxy.execute(query)
    rows = []
    active = ResidentStatus.ACTIVE.value
    for (rid, first, last, preferred, order, house_id, house_name, tier_id, tier_name,
         position, room, bed, status, move_in, sober_since, discharged) in cursor.fetchall():
        move_in, sober_since = column_date(move_in), column_date(sober_since)
        discharged = column_date(discharged) if discharged is not None else None
        living_here = status == active
        rows.append(ResidentRow(
            rid, first, last, preferred, order, house_id, house_name, tier_id, tier_name or "",
            position or 0, room, bed, status, move_in, sober_since, discharged,
            days_between(sober_since, on) if living_here else None,
            next_milestone(sober_since, on) if living_here else None,
        ))
    # SQL orders by code point (and PostgreSQL by the server's locale): the
    # same order everywhere comes from the one key the residents list uses.
    rows.sort(key=lambda row: (*name_sort_key(row.first_name, row.last_name), row.id))
    return rows


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a resident's timeline."""

    effective_date: dt.date
    recorded_at: dt.datetime
    kind: str  # "status", "tier", "sobriety", "bed", "correction"
    summary: str
    reason: str
    recorded_by: str


def _written_if_date(value: str) -> str:
    """A date kept in a correction's history (ISO text) as the screens write dates."""
    try:
        return written_date(dt.date.fromisoformat(value)) if len(value) == 10 else value
    except ValueError:
        return value


def resident_history(resident_id: int) -> list[HistoryEntry]:
    """Tier, status, sobriety-date, bed and field changes, newest first."""
    permissions.require_view(resident_id=resident_id)
    entries: list[HistoryEntry] = []
    user_name = fn.COALESCE(AppUser.display_name, AppUser.username)

    for change in (StatusChange.select(StatusChange, user_name.alias("who"))
                   .join(AppUser).where(StatusChange.resident == resident_id).objects()):
        if not change.from_status:
            summary = f"Admitted ({change.to_status})"
        elif change.to_status == ResidentStatus.ACTIVE.value:
            summary = "Readmitted"
        else:
            summary = f"Status: {change.from_status} → {change.to_status}"
        entries.append(HistoryEntry(change.effective_date, change.recorded_at, "status",
                                    summary, change.reason, change.who))

    tiers = {t.id: t.name for t in Tier.select(Tier.id, Tier.name)}
    for change in (TierChange.select(TierChange, user_name.alias("who"))
                   .join(AppUser).where(TierChange.resident == resident_id).objects()):
        to_name = tiers.get(change.to_tier_id, "?")
        if change.from_tier_id is None:
            summary = f"Tier: {to_name}"
        else:
            summary = f"Tier: {tiers.get(change.from_tier_id, '?')} → {to_name}"
        entries.append(HistoryEntry(change.effective_date, change.recorded_at, "tier",
                                    summary, change.reason, change.who))

    first_move_in = (Stay.select(fn.MIN(Stay.move_in_date)).where(Stay.resident == resident_id)
                     .scalar())
    if isinstance(first_move_in, str):
        first_move_in = column_date(first_move_in)
    for change in (SobrietyDateChange.select(SobrietyDateChange, user_name.alias("who"))
                   .join(AppUser).where(SobrietyDateChange.resident == resident_id).objects()):
        if change.previous_date is None:
            summary = f"Sobriety date {written_date(change.new_date)}"
        elif change.kind == SobrietyChangeKind.RELAPSE.value:
            summary = (f"Relapse: sobriety date {written_date(change.previous_date)} → "
                       f"{written_date(change.new_date)}")
        else:
            summary = (f"Sobriety date {change.kind}: {written_date(change.previous_date)} → "
                       f"{written_date(change.new_date)}")
        if change.kind == SobrietyChangeKind.RELAPSE.value:
            when = change.new_date
        elif change.kind == SobrietyChangeKind.INTAKE.value:
            when = first_move_in or change.recorded_at.date()
        else:
            when = change.recorded_at.date()
        entries.append(HistoryEntry(when,
                                    change.recorded_at, "sobriety", summary, change.reason,
                                    change.who))

    houses = {h.id: h.name for h in House.select(House.id, House.name)}
    for move in (BedMove.select(BedMove, user_name.alias("who"))
                 .join(AppUser).where(BedMove.resident == resident_id).objects()):
        target = bed_label(move.to_room, move.to_bed) or "no bed assigned"
        if move.from_house_id is None:
            summary = f"Bed: {houses.get(move.to_house_id, '?')}, {target}"
        elif move.from_house_id != move.to_house_id:
            summary = (f"Moved from {houses.get(move.from_house_id, '?')} to "
                       f"{houses.get(move.to_house_id, '?')}, {target}")
        else:
            origin = bed_label(move.from_room, move.from_bed) or "no bed"
            summary = f"Bed: {origin} → {target}"
        entries.append(HistoryEntry(move.effective_date, move.recorded_at, "bed", summary,
                                    move.reason, move.who))

    for correction in (ResidentCorrection.select(ResidentCorrection, user_name.alias("who"))
                       .join(AppUser).where(ResidentCorrection.resident == resident_id)
                       .objects()):
        label = FIELD_LABELS.get(correction.field_name, correction.field_name)
        old, new = correction.old_value, correction.new_value
        if correction.field_name == "name_order":  # "Given name first", not "given-first"
            old, new = NameOrder.of(old).label, NameOrder.of(new).label
        old, new = _written_if_date(old), _written_if_date(new)
        summary = f"{label} corrected: “{old}” → “{new}”"
        entries.append(HistoryEntry(correction.recorded_at.date(), correction.recorded_at,
                                    "correction", summary, "", correction.who))

    entries.sort(key=lambda e: (e.effective_date, e.recorded_at), reverse=True)
    return entries


# ---------------------------------------------------------------- rules


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


def _date_problems(details: ResidentDetails, today: dt.date) -> list[Problem]:
    problems = []
    birth = details.date_of_birth
    earliest = EARLIEST_DATE.year
    if birth is None:
        problems.append(Problem("date_of_birth", "Date of birth is required."))
    elif birth > today:
        problems.append(Problem("date_of_birth", "Date of birth can't be in the future."))
    elif birth < EARLIEST_DATE:
        problems.append(Problem("date_of_birth", f"Date of birth can't be before {earliest}."))
    elif age_on(birth, today) > MAXIMUM_AGE:
        problems.append(Problem(
            "date_of_birth", f"This date of birth makes them {age_on(birth, today)}: "
                             f"check the year."))
    elif birth > _years_before(today, MINIMUM_AGE):
        problems.append(Problem(
            "date_of_birth", f"Residents must be at least {MINIMUM_AGE}: this date of birth "
                             f"makes them {age_on(birth, today)}."))
    for name, label in (("sobriety_date", "Sobriety date"), ("move_in_date", "Move-in date")):
        value = getattr(details, name)
        if value is None:
            problems.append(Problem(name, f"{label} is required."))
        elif value < EARLIEST_DATE:
            problems.append(Problem(name, f"{label} can't be before {earliest}."))
        elif value > today:
            problems.append(Problem(name, f"{label} can't be after today."))
        elif birth is not None and birth <= today and value < birth:
            problems.append(Problem(name, f"{label} can't be before the date of birth."))
    return problems


def _status_problems(details: ResidentDetails, today: dt.date) -> list[Problem]:
    problems = []
    try:
        status = ResidentStatus(details.status)
    except ValueError:
        choices = ", ".join(s.value for s in ResidentStatus)
        return [Problem("status", f'Status "{details.status}" is not one of: {choices}.')]
    if status is ResidentStatus.ACTIVE:
        if details.discharge_date is not None:
            problems.append(Problem(
                "discharge_date", "An active resident can't have a discharge date: "
                                  "clear it, or choose the status they left with."))
    else:
        if details.discharge_date is None:
            problems.append(Problem(
                "discharge_date", f"A {status.value} resident needs the date they moved out."))
        elif details.discharge_date > today:
            problems.append(Problem("discharge_date", "Discharge date can't be after today."))
        elif details.move_in_date is not None and details.discharge_date < details.move_in_date:
            problems.append(Problem("discharge_date",
                                    "Discharge date can't be before the move-in date."))
    return problems


def _bed_problems(house: House, room: str, bed: str, resident_id: int | None) -> list[Problem]:
    """A bed holds one active resident; beds in use never exceed the house's beds."""
    problems = []
    if room or bed:
        taken = (Resident.select()
                 .where((Resident.house == house.id)
                        & (Resident.status == ResidentStatus.ACTIVE.value)
                        & (fn.LOWER(Resident.room) == room.lower())
                        & (fn.LOWER(Resident.bed) == bed.lower())))
        if resident_id is not None:
            taken = taken.where(Resident.id != resident_id)
        occupant = taken.first()
        if occupant is not None:
            problems.append(Problem(
                "bed", f"{occupant.bed_label} in {house.name} is taken by "
                       f"{occupant.full_name}."))
    in_use = active_count(house.id, excluding_resident=resident_id)
    if in_use + 1 > house.beds:
        problems.append(Problem(
            "house_id", f"{house.name} is full: all {house.beds} beds are in use."))
    return problems


def _required_text_problems(details: ResidentDetails) -> list[Problem]:
    """The names are filled in (with something that shows), and no text holds
    a character that is refused (:mod:`soberhouse.text_input`)."""
    problems = []
    for name in ("first_name", "last_name"):
        if not has_visible_text(getattr(details, name)):
            problems.append(Problem(name, f"{FIELD_LABELS[name]} is required."))
    if details.name_order not in NAME_ORDERS:
        problems.append(Problem("name_order", f'Name order "{details.name_order}" is not '
                                              f'one of: {", ".join(NAME_ORDERS)}.'))
    multiline = multiline_fields(Resident)
    for f in fields(details):
        value = getattr(details, f.name)
        if isinstance(value, str) and f.name in FIELD_LABELS and f.name != "status":
            problem = character_problem(value, FIELD_LABELS[f.name],
                                        multiline=f.name in multiline)
            if problem is not None:
                problems.append(Problem(f.name, problem))
    return problems


def _length_problems(details: ResidentDetails) -> list[Problem]:
    """No text longer than its column (the model's ``max_length``)."""
    problems = []
    for name, limit in text_limits(Resident).items():
        value = getattr(details, name, None)
        if isinstance(value, str) and name != "status":
            problem = length_problem(value, FIELD_LABELS[name], limit)
            if problem is not None:
                problems.append(Problem(name, problem))
    return problems


def _house_and_tier(details: ResidentDetails) -> tuple[House | None, Tier | None, list[Problem]]:
    if details.house_id is None:
        return None, None, [Problem("house_id", "Choose the house.")]
    house = House.get_or_none(House.id == details.house_id)
    if house is None:
        return None, None, [Problem("house_id", "That house no longer exists.")]
    if details.tier_id is None:
        tier = entry_tier(house.id)
        if tier is None:
            return house, None, [Problem("tier_id", f"{house.name} has no tiers yet: "
                                                    f"add them in Settings.")]
        return house, tier, []
    tier = Tier.get_or_none((Tier.id == details.tier_id) & (Tier.house == house.id))
    if tier is None:
        return house, None, [Problem("tier_id", f"That tier is not one of {house.name}'s tiers.")]
    return house, tier, []


def check_new_resident(details: ResidentDetails, today: dt.date | None = None) -> list[Problem]:
    """Every rule an intake must meet (without the duplicate question)."""
    today = today or clock.today()
    details = details.cleaned()
    problems = _required_text_problems(details)
    problems += _length_problems(details)
    problems += _date_problems(details, today)
    problems += _status_problems(details, today)
    house, _, house_problems = _house_and_tier(details)
    problems += house_problems
    bed_typed_wrong = any(p.field in ("room", "bed") for p in problems)
    if house is not None and details.status == ResidentStatus.ACTIVE.value and not bed_typed_wrong:
        problems += _bed_problems(house, details.room, details.bed, None)
    return problems


def likely_duplicates(first_name: str, last_name: str, date_of_birth: dt.date | None,
                      excluding: int | None = None) -> list[Resident]:
    """Residents with the same date of birth and the same name, case, accents
    and invisible characters not counting: "Zoe Nguyen" born 1990-04-02 is
    likely "Zoë Nguyễn" born 1990-04-02 (:func:`~soberhouse.text_matching.name_key`).

    Compared in Python over the few residents born that day (the column is
    indexed): SQL's LOWER() knows neither accents nor every alphabet."""
    if date_of_birth is None:
        return []
    query = Resident.select().where(Resident.date_of_birth == date_of_birth)
    if excluding is not None:
        query = query.where(Resident.id != excluding)
    wanted = (name_key(first_name), name_key(last_name))
    return [resident for resident in query.order_by(Resident.id)
            if (name_key(resident.first_name), name_key(resident.last_name)) == wanted]


# ---------------------------------------------------------------- writing


def admit_resident(details: ResidentDetails, *, allow_duplicate: bool = False,
                   reason: str = "Intake", today: dt.date | None = None) -> Resident:
    """Intake: the resident, their stay, and the first row of each history.

    A resident recorded with a status other than active (an import of past
    residents) gets a closed stay ending on the discharge date.
    """
    permissions.require(Right.CHANGE_RECORDS, house_id=details.house_id)
    today = today or clock.today()
    details = details.cleaned()
    with one_write("admitted a resident", kinds={"resident"}) as scope:
        # Checked inside the write: a rival writer's intake is either seen
        # here or waits until this one is committed.
        problems = check_new_resident(details, today)
        if problems:
            raise RuleViolation(problems)
        if not allow_duplicate:
            matches = likely_duplicates(details.first_name, details.last_name,
                                        details.date_of_birth)
            if matches:
                raise LikelyDuplicate(matches)
        house, tier, _ = _house_and_tier(details)
        assert house is not None and tier is not None
        resident = _create_resident(details, house, tier)
        _record_intake_history(resident, details, house, tier, current_user(), reason)
        scope.touch("resident", resident.id)
    return resident


def _create_resident(details: ResidentDetails, house: House, tier: Tier) -> Resident:
    values = {f.name: getattr(details, f.name) for f in fields(details)
              if f.name not in ("house_id", "tier_id")}
    return Resident.create(house=house, tier=tier, **values)


def _record_intake_history(resident: Resident, details: ResidentDetails, house: House,
                           tier: Tier, user: AppUser, reason: str) -> None:
    move_in = details.move_in_date
    assert move_in is not None and details.sobriety_date is not None
    leaving = details.status != ResidentStatus.ACTIVE.value
    Stay.create(resident=resident, house=house, move_in_date=move_in,
                move_out_date=details.discharge_date if leaving else None,
                end_status=details.status if leaving else "",
                end_reason=details.discharge_reason if leaving else "")
    StatusChange.create(resident=resident, from_status="",
                        to_status=ResidentStatus.ACTIVE.value, effective_date=move_in,
                        reason=reason, recorded_by=user)
    if leaving:
        assert details.discharge_date is not None
        StatusChange.create(resident=resident, from_status=ResidentStatus.ACTIVE.value,
                            to_status=details.status, effective_date=details.discharge_date,
                            reason=details.discharge_reason, recorded_by=user)
    TierChange.create(resident=resident, from_tier=None, to_tier=tier, effective_date=move_in,
                      reason=reason, recorded_by=user)
    SobrietyDateChange.create(resident=resident, previous_date=None,
                              new_date=details.sobriety_date,
                              kind=SobrietyChangeKind.INTAKE.value, reason=reason,
                              recorded_by=user)
    BedMove.create(resident=resident, from_house=None, to_house=house, to_room=details.room,
                   to_bed=details.bed, effective_date=move_in, reason=reason, recorded_by=user)


EDITABLE_FIELDS = CORRECTABLE_FIELDS + ("move_in_date", "sobriety_date")


def _who_changed(resident: Resident, name: str) -> tuple[str, dt.datetime | None]:
    """Who last changed ``name`` on the resident's record, and when."""
    user_name = fn.COALESCE(AppUser.display_name, AppUser.username)
    if name == "sobriety_date":
        model: type[SobrietyDateChange] | type[ResidentCorrection] = SobrietyDateChange
        query = (SobrietyDateChange.select(SobrietyDateChange.recorded_at, user_name.alias("who"))
                 .join(AppUser).where(SobrietyDateChange.resident == resident.id))
    else:
        model = ResidentCorrection
        query = (ResidentCorrection.select(ResidentCorrection.recorded_at, user_name.alias("who"))
                 .join(AppUser).where((ResidentCorrection.resident == resident.id)
                                      & (ResidentCorrection.field_name == name)))
    row = query.order_by(model.id.desc()).dicts().first()
    if row is None:
        return "Someone else", None
    return str(row["who"]), row["recorded_at"]


def edit_conflicts(resident: Resident, details: ResidentDetails,
                   base: ResidentDetails) -> list[FieldConflict]:
    """Fields this edit changes (from ``base``, what the form opened with)
    that were also changed on file since, to another value."""
    conflicts = []
    for name in EDITABLE_FIELDS:
        mine, opened, on_file = getattr(details, name), getattr(base, name), getattr(resident, name)
        if mine != opened and on_file != opened and on_file != mine:
            who, when = _who_changed(resident, name)
            conflicts.append(FieldConflict(name, FIELD_LABELS[name], history_text(mine),
                                           history_text(on_file), who, when))
    return conflicts


def update_resident(resident_id: int, details: ResidentDetails, *,
                    allow_duplicate: bool = False, today: dt.date | None = None,
                    base: ResidentDetails | None = None,
                    base_version: int | None = None) -> Resident:
    """Save an edit of the personal fields and dates, keeping every old value.

    House, tier, bed and status are not changed here: they have their own
    actions (move bed, change tier, discharge, readmit) with a reason.
    A changed sobriety date here is a correction, not a relapse.

    ``base`` is what the form showed when it opened, ``base_version`` the
    record's version then: only the fields changed from ``base`` are written,
    so a field someone else changed meanwhile is kept; a field both changed
    raises :class:`EditConflict` (nothing saved) listing each with both
    values.  The form asks which to keep and saves again with the new version.
    """
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    today = today or clock.today()
    details = details.cleaned()
    base = base.cleaned() if base is not None else None
    with one_write("changed a resident's record", kinds={"resident"},
                   resident_ids=[resident_id]) as scope:
        resident = get_resident(resident_id)
        if base is None:
            changed = {name for name in EDITABLE_FIELDS
                       if getattr(details, name) != getattr(resident, name)}
        else:
            changed = {name for name in EDITABLE_FIELDS
                       if getattr(details, name) != getattr(base, name)}
            if base_version is not None and resident.version != base_version:
                conflicts = edit_conflicts(resident, details, base)
                if conflicts:
                    raise EditConflict(conflicts, resident.version, resident.full_name)
        # What the record will hold: my changes over what is on file now.
        merged = replace(ResidentDetails.of(resident),
                         **{name: getattr(details, name) for name in changed})
        problems = _required_text_problems(merged) + _date_problems(merged, today)
        problems += _length_problems(merged)
        problems += _status_problems(merged, today)
        if problems:
            raise RuleViolation(problems)
        if not allow_duplicate and (
                (merged.first_name.lower(), merged.last_name.lower(), merged.date_of_birth)
                != (resident.first_name.lower(), resident.last_name.lower(),
                    resident.date_of_birth)):
            matches = likely_duplicates(merged.first_name, merged.last_name,
                                        merged.date_of_birth, excluding=resident.id)
            if matches:
                raise LikelyDuplicate(matches)
        user = current_user()
        who = resident.full_name  # as the record named them before this edit

        def can_undo(name: str, old: object, new: object, history: HistoryModel) -> None:
            scope.can_undo(FieldStep(resident.id, who, name, FIELD_LABELS[name], old, new,
                                     history.id))

        for name in CORRECTABLE_FIELDS:
            old, new = getattr(resident, name), getattr(merged, name)
            if old != new:
                can_undo(name, old, new, ResidentCorrection.create(
                    resident=resident, field_name=name, old_value=history_text(old),
                    new_value=history_text(new), recorded_by=user))
                setattr(resident, name, new)
                scope.describe(f"{FIELD_LABELS[name]}: {history_text(old)} → {history_text(new)}")
        if merged.move_in_date != resident.move_in_date:
            can_undo("move_in_date", resident.move_in_date, merged.move_in_date,
                     ResidentCorrection.create(
                         resident=resident, field_name="move_in_date",
                         old_value=history_text(resident.move_in_date),
                         new_value=history_text(merged.move_in_date), recorded_by=user))
            for stay in Stay.select().where((Stay.resident == resident.id)
                                            & (Stay.move_in_date == resident.move_in_date)):
                stay.move_in_date = merged.move_in_date
                stay.save()  # a save, not a query: the audit trail notes old and new
            resident.move_in_date = merged.move_in_date
        if merged.sobriety_date != resident.sobriety_date:
            can_undo("sobriety_date", resident.sobriety_date, merged.sobriety_date,
                     SobrietyDateChange.create(
                         resident=resident, previous_date=resident.sobriety_date,
                         new_date=merged.sobriety_date,
                         kind=SobrietyChangeKind.CORRECTION.value,
                         reason="Corrected on the resident's record", recorded_by=user))
            resident.sobriety_date = merged.sobriety_date
        if resident.is_dirty():
            _save(resident)
    return resident


def _save(resident: Resident) -> None:
    """Write the resident's changed fields, one version further."""
    resident.updated_at = clock.now()
    resident.version = resident.version + 1
    resident.save()


def _require_reason(reason: str) -> list[Problem]:
    return [] if reason.strip() else [Problem("reason", "Please give a reason.")]


def _require_active(resident: Resident, doing: str) -> None:
    if resident.status != ResidentStatus.ACTIVE.value:
        raise RuleViolation(Problem(
            "status", f"{resident.full_name} is {resident.status}, not living in the house: "
                      f"can't {doing}."))


def _effective_date_problems(resident: Resident, when: dt.date | None, today: dt.date,
                             label: str = "Date") -> list[Problem]:
    if when is None:
        return [Problem("effective_date", f"{label} is required.")]
    if when > today:
        return [Problem("effective_date", f"{label} can't be after today.")]
    if when < resident.move_in_date:
        return [Problem("effective_date",
                        f"{label} can't be before the move-in date "
                        f"({written_date(resident.move_in_date)}).")]
    return []


def record_relapse(resident_id: int, new_sobriety_date: dt.date | None, reason: str,
                   today: dt.date | None = None) -> Resident:
    """A new sobriety date after a relapse; the old one stays in the history."""
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    today = today or clock.today()
    with one_write("recorded a relapse", kinds={"resident"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        problems = _require_reason(reason)
        if new_sobriety_date is None:
            problems.append(Problem("sobriety_date", "The new sobriety date is required."))
        elif new_sobriety_date > today:
            problems.append(Problem("sobriety_date", "Sobriety date can't be after today."))
        elif new_sobriety_date <= resident.sobriety_date:
            problems.append(Problem(
                "sobriety_date", f"After a relapse the new sobriety date comes after the current "
                                 f"one ({written_date(resident.sobriety_date)})."))
        if problems:
            raise RuleViolation(problems)
        assert new_sobriety_date is not None
        SobrietyDateChange.create(resident=resident, previous_date=resident.sobriety_date,
                                  new_date=new_sobriety_date,
                                  kind=SobrietyChangeKind.RELAPSE.value, reason=reason.strip(),
                                  recorded_by=current_user())
        resident.sobriety_date = new_sobriety_date
        _save(resident)
    return resident


def change_tier(resident_id: int, tier_id: int, effective_date: dt.date | None, reason: str,
                today: dt.date | None = None) -> Resident:
    """Promote or demote; never done by the program on its own."""
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    today = today or clock.today()
    with one_write("changed a tier", kinds={"resident"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        _require_active(resident, "change their tier")
        problems = _require_reason(reason)
        problems += _effective_date_problems(resident, effective_date, today)
        tier = Tier.get_or_none((Tier.id == tier_id) & (Tier.house == resident.house_id))
        if tier is None:
            problems.append(Problem("tier_id", "That tier is not one of this house's tiers."))
        elif tier.id == resident.tier_id:
            problems.append(Problem("tier_id", f"{resident.full_name} is already in {tier.name}."))
        if problems:
            raise RuleViolation(problems)
        TierChange.create(resident=resident, from_tier=resident.tier_id, to_tier=tier,
                          effective_date=effective_date, reason=reason.strip(),
                          recorded_by=current_user())
        resident.tier = tier
        _save(resident)
    return resident


def _end_stays(resident_id: int, move_out_date: dt.date, end_status: str, reason: str) -> None:
    """End the resident's open stay (saved row by row: the audit trail shows
    each stay ended, with its move-out date)."""
    for stay in Stay.select().where((Stay.resident == resident_id)
                                    & Stay.move_out_date.is_null()):
        stay.move_out_date, stay.end_status, stay.end_reason = move_out_date, end_status, reason
        stay.save()


LEAVING_STATUSES = (ResidentStatus.GRADUATED, ResidentStatus.DISCHARGED, ResidentStatus.LEFT)


def discharge(resident_id: int, status: str, discharge_date: dt.date | None, reason: str,
              today: dt.date | None = None) -> Resident:
    """Graduated, discharged or left: the stay ends and the bed is free."""
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    today = today or clock.today()
    with one_write("recorded a move-out", kinds={"resident"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        _require_active(resident, "discharge them")
        problems = _require_reason(reason)
        if status not in {s.value for s in LEAVING_STATUSES}:
            problems.append(Problem("status", "Choose graduated, discharged or left."))
        if discharge_date is None:
            problems.append(Problem("discharge_date", "Discharge date is required."))
        elif discharge_date > today:
            problems.append(Problem("discharge_date", "Discharge date can't be after today."))
        elif discharge_date < resident.move_in_date:
            problems.append(Problem("discharge_date",
                                    f"Discharge date can't be before the move-in date "
                                    f"({written_date(resident.move_in_date)})."))
        if problems:
            raise RuleViolation(problems)
        _end_stays(resident.id, discharge_date, status, reason.strip())
        StatusChange.create(resident=resident, from_status=resident.status, to_status=status,
                            effective_date=discharge_date, reason=reason.strip(),
                            recorded_by=current_user())
        resident.status = status
        resident.discharge_date = discharge_date
        resident.discharge_reason = reason.strip()
        _save(resident)
    return resident


def readmit(resident_id: int, house_id: int, move_in_date: dt.date | None, *, room: str = "",
            bed: str = "", tier_id: int | None = None, sobriety_date: dt.date | None = None,
            reason: str = "", today: dt.date | None = None) -> Resident:
    """A former resident moves in again: a new stay, active, at the entry tier
    unless another tier is chosen; a new sobriety date if given."""
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    permissions.require(Right.CHANGE_RECORDS, house_id=house_id)
    today = today or clock.today()
    with one_write("readmitted a resident", kinds={"resident"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        if resident.status == ResidentStatus.ACTIVE.value:
            raise RuleViolation(Problem("status",
                                        f"{resident.full_name} already lives in the house."))
        room, bed = room.strip(), bed.strip()
        problems = _require_reason(reason)
        if move_in_date is None:
            problems.append(Problem("move_in_date", "Move-in date is required."))
        elif move_in_date > today:
            problems.append(Problem("move_in_date", "Move-in date can't be after today."))
        elif resident.discharge_date is not None and move_in_date < resident.discharge_date:
            problems.append(Problem("move_in_date",
                                    f"Move-in date can't be before they moved out "
                                    f"({written_date(resident.discharge_date)})."))
        if sobriety_date is not None and sobriety_date != resident.sobriety_date:
            if sobriety_date > today:
                problems.append(Problem("sobriety_date", "Sobriety date can't be after today."))
            elif sobriety_date < resident.date_of_birth:
                problems.append(Problem("sobriety_date",
                                        "Sobriety date can't be before the date of birth."))
        house, tier, house_problems = _house_and_tier(
            ResidentDetails(house_id=house_id, tier_id=tier_id))
        problems += house_problems
        if house is not None:
            problems += _bed_problems(house, room, bed, resident.id)
        if problems:
            raise RuleViolation(problems)
        assert house is not None and tier is not None and move_in_date is not None
        user = current_user()
        Stay.create(resident=resident, house=house, move_in_date=move_in_date)
        StatusChange.create(resident=resident, from_status=resident.status,
                            to_status=ResidentStatus.ACTIVE.value, effective_date=move_in_date,
                            reason=reason.strip(), recorded_by=user)
        TierChange.create(resident=resident, from_tier=resident.tier_id, to_tier=tier,
                          effective_date=move_in_date, reason=reason.strip(), recorded_by=user)
        BedMove.create(resident=resident, from_house=resident.house_id, from_room=resident.room,
                       from_bed=resident.bed, to_house=house, to_room=room, to_bed=bed,
                       effective_date=move_in_date, reason=reason.strip(), recorded_by=user)
        if sobriety_date is not None and sobriety_date != resident.sobriety_date:
            SobrietyDateChange.create(resident=resident, previous_date=resident.sobriety_date,
                                      new_date=sobriety_date,
                                      kind=SobrietyChangeKind.READMISSION.value,
                                      reason=reason.strip(), recorded_by=user)
            resident.sobriety_date = sobriety_date
        resident.status = ResidentStatus.ACTIVE.value
        resident.discharge_date = None
        resident.discharge_reason = ""
        resident.move_in_date = move_in_date
        resident.house = house
        resident.tier = tier
        resident.room, resident.bed = room, bed
        _save(resident)
    return resident


def _tier_in_other_house(current: Tier | None, house: House) -> Tier | None:
    """The new house's tier at the same step of the ladder (or the highest below)."""
    position = current.position if current is not None else 1
    return (Tier.select().where((Tier.house == house.id) & (Tier.position <= position))
            .order_by(Tier.position.desc()).first()) or entry_tier(house.id)


def move_bed(resident_id: int, house_id: int, room: str, bed: str,
             effective_date: dt.date | None, reason: str,
             today: dt.date | None = None) -> Resident:
    """Another bed, in the same house or another one.

    A move to another house ends the stay in the old house and starts one in
    the new house on the same date (so each house's roll calls are right);
    the tier becomes the new house's tier at the same step, and the move-in
    date the resident's days in the program count from stays as it was.
    """
    permissions.require(Right.CHANGE_RECORDS, resident_id=resident_id)
    permissions.require(Right.CHANGE_RECORDS, house_id=house_id)
    today = today or clock.today()
    with one_write("moved a resident's bed", kinds={"resident"}, resident_ids=[resident_id]):
        resident = get_resident(resident_id)
        _require_active(resident, "move their bed")
        room, bed = room.strip(), bed.strip()
        problems = _require_reason(reason)
        problems += _effective_date_problems(resident, effective_date, today)
        house = House.get_or_none(House.id == house_id)
        if house is None:
            problems.append(Problem("house_id", "Choose the house."))
        else:
            if (house.id == resident.house_id and room.lower() == resident.room.lower()
                    and bed.lower() == resident.bed.lower()):
                problems.append(Problem("bed", "That is the bed they already have."))
            problems += _bed_problems(house, room, bed, resident.id)
        if problems:
            raise RuleViolation(problems)
        assert house is not None and effective_date is not None
        user = current_user()
        BedMove.create(resident=resident, from_house=resident.house_id, from_room=resident.room,
                       from_bed=resident.bed, to_house=house, to_room=room, to_bed=bed,
                       effective_date=effective_date, reason=reason.strip(), recorded_by=user)
        if house.id != resident.house_id:
            _end_stays(resident.id, effective_date, "transferred", reason.strip())
            Stay.create(resident=resident, house=house, move_in_date=effective_date)
            new_tier = _tier_in_other_house(resident.tier, house)
            if new_tier is not None:
                TierChange.create(resident=resident, from_tier=resident.tier_id, to_tier=new_tier,
                                  effective_date=effective_date,
                                  reason=f"Moved to {house.name}", recorded_by=user)
                resident.tier = new_tier
            resident.house = house
        resident.room, resident.bed = room, bed
        _save(resident)
    return resident


def house_of(resident: Resident) -> House:
    return get_house(resident.house_id)
