"""A realistic, made-up demo: two houses, about 25 residents, months of history.

Everything is written through the core's own record functions, each on its
historical date (``clock.frozen``), so the history looks as if a manager had
kept it day by day.  The same seed and the same ``today`` give the same records.

How it is built: :func:`fill_demo_database` creates the houses, then asks each
*step* in :data:`DEMO_STEPS` for its events (a date and an action); all events
run in date order, so every rule (free beds, dates) is checked as it would have
been on that day.  A later part of the program (mentoring, meetings, 12-step
work) adds its own step that reads ``DemoWorld`` (houses, residents and their
stays) and returns more events.

All names, phone numbers (555-01xx) and addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from soberhouse import clock
from soberhouse.errors import RuleViolation
from soberhouse.houses import HouseDetails, create_house, list_houses, tiers_of
from soberhouse.mentoring.assignments import (
    assign_mentor,
    assignment_views,
    continue_as_alumnus,
    end_assignment,
    reassign,
)
from soberhouse.mentoring.certification import add_years, log_education, record_certificate
from soberhouse.mentoring.check_ins import log_check_in
from soberhouse.mentoring.goals import GoalDetails, goal_views, set_goal
from soberhouse.mentoring.mentors import (
    StaffCoachDetails,
    register_alumnus,
    register_resident_mentor,
    register_staff_coach,
    stop_mentoring,
)
from soberhouse.mentoring.profiles import (
    FELLOWSHIPS,
    FOCUS_AREAS,
    MatchingAttributes,
    save_profile,
)
from soberhouse.mentoring.roster import (
    assignments_of_departed_mentees,
    mentees_needing_new_mentor,
    mentor_roster,
    residents_without_mentor,
)
from soberhouse.mentoring.settings import HouseMentoringSettings, save_mentoring_settings
from soberhouse.mentoring.suggestions import suggest_mentors
from soberhouse.models import House, Resident, ResidentStatus, Tier
from soberhouse.models.mentoring import (
    CheckInMode,
    GoalStatus,
    Mentor,
    MentorAssignment,
    MentorKind,
    SupportKind,
)
from soberhouse.names import NameOrder
from soberhouse.recording import one_write
from soberhouse.residents import (
    ResidentDetails,
    admit_resident,
    change_tier,
    discharge,
    move_bed,
    readmit,
    record_relapse,
)


@dataclass(frozen=True)
class DemoSummary:
    houses: int
    residents: int


@dataclass(frozen=True)
class DemoHouse:
    name: str
    address: str
    rooms: tuple[str, ...]
    beds_per_room: tuple[str, ...] = ("A", "B")

    @property
    def beds(self) -> tuple[tuple[str, str], ...]:
        return tuple((room, bed) for room in self.rooms for bed in self.beds_per_room)


DEMO_HOUSES = (
    DemoHouse("Maple House", "214 Maple Street, Anytown, ST 00000 (demo)",
              rooms=("1", "2", "3", "4", "5", "6")),
    DemoHouse("Cedar House", "87 Cedar Court, Anytown, ST 00000 (demo)",
              rooms=("1", "2", "3", "4")),
)

# What happens to a person, in order.  "current" lives in the house today.
STORIES = ("current", "relapse", "bed_move", "graduated", "discharged", "left", "readmitted")


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    preferred_name: str
    house: str
    story: str
    contact: str  # emergency contact's name
    name_order: NameOrder = NameOrder.GIVEN_FIRST


# Made-up people.  Maple House is a men's house, Cedar House a women's house.
DEMO_PEOPLE = (
    DemoPerson("Łukasz", "Wójcik", "", "Maple House", "graduated", "Anna Wójcik"),
    DemoPerson("José", "Álvarez", "Pepe", "Maple House", "current", "Lucía Álvarez"),
    DemoPerson("伟", "李", "Li Wei", "Maple House", "current", "李娜", NameOrder.FAMILY_FIRST),
    DemoPerson("Søren", "Ødegård", "", "Maple House", "relapse", "Ingrid Ødegård"),
    DemoPerson("Daniel", "Brooks", "Danny", "Maple House", "discharged", "Karen Brooks"),
    DemoPerson("Kevin", "O'Neill", "", "Maple House", "current", "Siobhan O'Neill"),
    DemoPerson("Marcus", "Reed", "", "Maple House", "bed_move", "Denise Reed"),
    DemoPerson("Дмитрий", "Волков", "Dima", "Maple House", "left", "Ольга Волкова"),
    DemoPerson("Mateo", "Ruiz", "", "Maple House", "current", "Carmen Ruiz"),
    DemoPerson("Tyler", "Jenkins", "", "Maple House", "graduated", "Pam Jenkins"),
    DemoPerson("Kwame", "Mensah", "", "Maple House", "current", "Ama Mensah"),
    DemoPerson("Brandon", "Hayes", "", "Maple House", "readmitted", "Linda Hayes"),
    DemoPerson("Chris", "Dunn", "", "Maple House", "current", "Robert Dunn"),
    DemoPerson("Jordan", "Price", "", "Maple House", "current", "Alex Price"),
    DemoPerson("Zoë", "Nguyễn", "", "Cedar House", "current", "Bảo Nguyễn"),
    DemoPerson("Thị Mai", "Đặng", "Mai", "Cedar House", "relapse", "Đặng Văn Hùng"),
    DemoPerson("Σοφία", "Παπαδοπούλου", "Sofia", "Cedar House", "graduated",
               "Νίκος Παπαδόπουλος"),
    DemoPerson("Aoife", "Ní Bhriain", "", "Cedar House", "current", "Clodagh Ní Bhriain"),
    DemoPerson("Ngozi", "Okafor", "", "Cedar House", "current", "Chinedu Okafor"),
    DemoPerson("Юлия", "Смирнова", "", "Cedar House", "discharged", "Мария Смирнова"),
    DemoPerson("Sarah", "Mitchell", "", "Cedar House", "current", "Tom Mitchell"),
    DemoPerson("Maria", "Santos", "", "Cedar House", "left", "Rosa Santos"),
    DemoPerson("Ashley", "Turner", "Ash", "Cedar House", "current", "Gail Turner"),
    DemoPerson("Priya", "Raman", "", "Cedar House", "current", "Lakshmi Raman"),
    DemoPerson("Emily", "Foster", "", "Cedar House", "graduated", "Mark Foster"),
)

SUBSTANCES = ("alcohol", "opioids", "methamphetamine", "cocaine", "alcohol, cannabis",
              "fentanyl", "alcohol, benzodiazepines")

# When each story moves in, as days before today (earliest, latest).
MOVE_IN_DAYS_AGO: dict[str, tuple[int, int]] = {
    "graduated": (300, 260),
    "discharged": (250, 200),
    "left": (230, 190),
    "readmitted": (240, 215),
    "relapse": (160, 110),
    "bed_move": (150, 100),
}
CURRENT_MOVE_IN_DAYS_AGO = (200, 3)  # spread evenly over current residents


@dataclass
class DemoResident:
    """A person of the demo as it is being written: the plan, then the record."""

    person: DemoPerson
    house: House
    move_in: dt.date
    details: ResidentDetails
    resident_id: int | None = None


Action = Callable[[], object]


@dataclass(order=True)
class DemoEvent:
    day: dt.date
    sequence: int
    action: Action = field(compare=False)


@dataclass
class DemoWorld:
    """What the steps share: the random source, today, houses and people."""

    rng: random.Random
    today: dt.date
    houses: dict[str, House] = field(default_factory=dict)
    residents: list[DemoResident] = field(default_factory=list)
    free_beds: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    events: list[DemoEvent] = field(default_factory=list)

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def on(self, day: dt.date, action: Action) -> None:
        """Run ``action`` on ``day`` (after the earlier events of that day)."""
        self.events.append(DemoEvent(day, len(self.events), action))

    def tier(self, house: House, position: int) -> Tier:
        return tiers_of(house.id)[position - 1]

    def take_bed(self, house: House) -> tuple[str, str]:
        free = self.free_beds[house.id]
        return free.pop(self.rng.randrange(len(free)))

    def free_bed(self, house: House, room: str, bed: str) -> None:
        self.free_beds[house.id].append((room, bed))


def _phone(number: int) -> str:
    return f"555-01{number % 100:02d}"


def _plan_residents(world: DemoWorld) -> None:
    """Each person's details and move-in date (nothing written yet)."""
    current = [p for p in DEMO_PEOPLE if p.story == "current"]
    earliest, latest = CURRENT_MOVE_IN_DAYS_AGO
    step = (earliest - latest) / max(len(current) - 1, 1)
    current_days_ago = {id(p): round(earliest - i * step) for i, p in enumerate(current)}
    for number, person in enumerate(DEMO_PEOPLE):
        rng = world.rng
        if person.story == "current":
            days_ago = current_days_ago[id(person)] + rng.randint(-2, 2)
        else:
            days_ago = rng.randint(*sorted(MOVE_IN_DAYS_AGO[person.story]))
        move_in = world.days_ago(max(days_ago, 1))
        details = ResidentDetails(
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_name=person.preferred_name, name_order=person.name_order,
            date_of_birth=dt.date(world.today.year - rng.randint(21, 58),
                                  rng.randint(1, 12), rng.randint(1, 28)),
            house_id=world.houses[person.house].id,
            move_in_date=move_in,
            sobriety_date=move_in - dt.timedelta(days=rng.randint(0, 45)),
            phone=_phone(2 * number),
            emergency_contact_name=person.contact,
            emergency_contact_phone=_phone(2 * number + 1),
            substances=rng.choice(SUBSTANCES),
        )
        world.residents.append(DemoResident(person, world.houses[person.house], move_in,
                                            details))


def _promotions(world: DemoWorld, demo: DemoResident, start: dt.date,
                until: dt.date) -> None:
    """Newcomer -> Established after about a month, -> Senior after about 3 months."""
    for position, after_days, reason in (
            (2, 31, "30 days in the house, meetings and chores on track"),
            (3, 90, "90 days sober; ready to mentor newcomers")):
        day = start + dt.timedelta(days=after_days + world.rng.randint(0, 9))
        if day < until:
            tier = world.tier(demo.house, position)
            world.on(day, partial(_change_tier, demo, tier, day, reason))


def _id(demo: DemoResident) -> int:
    assert demo.resident_id is not None, "admitted by an earlier event"
    return demo.resident_id


def _change_tier(demo: DemoResident, tier: Tier, day: dt.date, reason: str) -> None:
    change_tier(_id(demo), tier.id, day, reason)


def _relapse(demo: DemoResident, day: dt.date, reason: str) -> None:
    record_relapse(_id(demo), day, reason)


def _admit(world: DemoWorld, demo: DemoResident) -> None:
    room, bed = world.take_bed(demo.house)
    demo.details.room, demo.details.bed = room, bed
    demo.resident_id = admit_resident(demo.details).id


def _discharge(world: DemoWorld, demo: DemoResident, status: ResidentStatus, day: dt.date,
               reason: str) -> None:
    resident = Resident.get_by_id(_id(demo))
    discharge(resident.id, status.value, day, reason)
    world.free_bed(demo.house, resident.room, resident.bed)


def _readmit(world: DemoWorld, demo: DemoResident, day: dt.date) -> None:
    room, bed = world.take_bed(demo.house)
    readmit(_id(demo), demo.house.id, day, room=room, bed=bed,
            sobriety_date=day - dt.timedelta(days=world.rng.randint(5, 20)),
            reason="Came back after detox; wants to restart the program")


def _move_bed(world: DemoWorld, demo: DemoResident, day: dt.date) -> None:
    resident = Resident.get_by_id(_id(demo))
    room, bed = world.take_bed(demo.house)
    move_bed(resident.id, demo.house.id, room, bed, day, "Moved to a quieter room")
    world.free_bed(demo.house, resident.room, resident.bed)


LEAVING: dict[str, tuple[ResidentStatus, int, int, str]] = {
    # story: status, days in the house (from, to), reason
    "graduated": (ResidentStatus.GRADUATED, 170, 200,
                  "Completed the program; moved to own apartment"),
    "discharged": (ResidentStatus.DISCHARGED, 35, 60,
                   "Repeated curfew violations after warnings"),
    "left": (ResidentStatus.LEFT, 20, 40, "Moved back in with family out of state"),
    "readmitted": (ResidentStatus.LEFT, 20, 30, "Left without notice"),
}


def residents_step(world: DemoWorld) -> None:
    """Intakes, promotions, relapses, a bed move, departures and a readmission."""
    _plan_residents(world)
    for demo in world.residents:
        world.on(demo.move_in, partial(_admit, world, demo))
        story = demo.person.story
        stay_ends = world.today + dt.timedelta(days=1)
        if story in LEAVING:
            status, shortest, longest, reason = LEAVING[story]
            stay_ends = demo.move_in + dt.timedelta(days=world.rng.randint(shortest, longest))
            if story == "discharged" and demo.person.house == "Cedar House":
                status, reason = ResidentStatus.DISCHARGED, "Relapsed; referred to detox"
                relapse_day = stay_ends - dt.timedelta(days=3)
                world.on(relapse_day, partial(_relapse, demo, relapse_day,
                                              "Used alcohol; admitted it at the house meeting"))
            world.on(stay_ends, partial(_discharge, world, demo, status, stay_ends, reason))
        if story == "relapse":
            day = world.days_ago(world.rng.randint(35, 55))
            world.on(day, partial(_relapse, demo, day,
                                  "Relapsed over a weekend pass; told the house manager"))
            world.on(day, partial(_change_tier, demo, world.tier(demo.house, 1), day,
                                  "Relapse: back to Newcomer, restarting the phase"))
            _promotions(world, demo, demo.move_in, day)
            _promotions(world, demo, day, stay_ends)
            continue
        _promotions(world, demo, demo.move_in, stay_ends)
        if story == "readmitted":
            back = world.days_ago(world.rng.randint(50, 70))
            world.on(back, partial(_readmit, world, demo, back))
            _promotions(world, demo, back, world.today + dt.timedelta(days=1))
        elif story == "bed_move":
            day = world.days_ago(world.rng.randint(20, 40))
            world.on(day, partial(_move_bed, world, demo, day))


DemoStep = Callable[[DemoWorld], None]

DEMO_STEPS: list[DemoStep] = [residents_step]
"""Steps that add events; later parts of the program append theirs."""


DEMO_KINDS = frozenset({"house", "tier", "resident", "mentor", "mentoring", "check_in", "goal",
                        "profile", "settings", "meeting", "attendance", "outside_meeting",
                        "sponsor", "step_work"})
"""Every kind of record the demo writes: every screen reloads."""


def fill_demo_database(seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty database with the demo; refuses if there are houses already."""
    today = today or clock.today()
    world = DemoWorld(random.Random(seed), today)
    # One write for the whole demo (all of it or nothing, one change entry,
    # the write lock held throughout), but not one moment: each event's
    # history rows are recorded on the event's own day.
    with one_write("built the demo houses", kinds=DEMO_KINDS) as scope:
        if list_houses():
            raise RuleViolation("The demo fills an empty database only: this one has houses.")
        for plan in DEMO_HOUSES:
            house = create_house(HouseDetails(plan.name, beds=len(plan.beds),
                                              address=plan.address))
            world.houses[house.name] = house
            world.free_beds[house.id] = list(plan.beds)
        for step in DEMO_STEPS:
            step(world)
        for event in sorted(world.events):
            # Every rule compares with "today": each event sees its own day.
            with clock.frozen(event.day, this_thread_only=True), clock.moment_on(event.day):
                event.action()
        summary = DemoSummary(houses=len(world.houses), residents=len(world.residents))
        # One line for the log, not one per action the demo took.
        first_day = min(event.day for event in world.events)
        scope.details[:] = [f"{summary.houses} houses, {summary.residents} residents, "
                            f"history from {first_day.isoformat()}"]
    return summary


# ---------------------------------------------------------------- mentoring
# Weekly, the demo manager does what the mentoring section asks: end the
# pairings of mentees who moved out, register new senior mentors and the
# alumnus, find mentors for those who need one (the top suggestion), log the
# week's check-ins and review goals.  One assignment is reassigned, one is
# left without check-ins (overdue) and the newest residents wait for a mentor.

DEMO_LANGUAGES: dict[str, tuple[str, ...]] = {
    "José": ("Spanish", "English"), "伟": ("Mandarin", "English"),
    "Łukasz": ("Polish", "English"), "Søren": ("Norwegian", "English"),
    "Дмитрий": ("Russian", "English"), "Mateo": ("Spanish", "English"),
    "Kwame": ("English", "Twi"), "Zoë": ("Vietnamese", "English"),
    "Thị Mai": ("Vietnamese", "English"), "Σοφία": ("Greek", "English"),
    "Юлия": ("Russian", "English"), "Maria": ("Portuguese", "Spanish", "English"),
    "Priya": ("Tamil", "English"),
}
DEMO_GENDER = {"Maple House": "male", "Cedar House": "female"}
DEMO_ALUMNI = (("Łukasz", "Wójcik"), ("Emily", "Foster"))
RESIDENT_MENTORS_PER_HOUSE = 2
WAIT_BEFORE_A_MENTOR = 10  # days in the house before the demo manager pairs someone
DEMO_GOALS = (
    ("Go to 90 meetings in 90 days", "Signed attendance cards, counted weekly", 90),
    ("Apply for three jobs", "Applications sent, shown to the mentor", 21),
    ("Open a bank account and save $200", "Bank statement", 45),
    ("Call family once a week", "Calls noted in the journal", 30),
    ("Finish step 3 with my sponsor", "Sponsor confirms", 60),
    ("Get a state ID", "The ID card", 30),
)
CHECK_IN_NOTES = (
    "Talked through a rough week at work.", "Went to a meeting together afterwards.",
    "Worked on a plan for weekend triggers.", "Practised a phone call to family.",
    "Looked at job listings together.", "Checked on sleep and cravings; both better.",
    "Introduced to two people from the home group.", "Went over the budget for the month.",
)


@dataclass
class _MentoringDemo:
    rng: random.Random
    world: DemoWorld
    reassigned: bool = False
    overdue_assignment: int | None = None
    coach_id: int | None = None


def _mentoring_rng(world: DemoWorld) -> random.Random:
    """Its own random source, drawn from the world's without advancing it, so the
    residents are the same with or without this step."""
    own = random.Random()
    own.setstate(world.rng.getstate())
    own.seed(own.getrandbits(64) ^ 0x6D656E746F72)
    return own


def mentoring_step(world: DemoWorld) -> None:
    """Mentors, assignments with history, months of check-ins, and goals."""

    plan = _MentoringDemo(_mentoring_rng(world), world)
    save_mentoring_settings(HouseMentoringSettings(world.houses["Cedar House"].id,
                                                   pair_by_gender=True))
    for demo in world.residents:
        world.on(demo.move_in, partial(_demo_profile, plan, demo))
    world.on(world.days_ago(650), partial(_demo_coach, plan))
    for days_ago, hours, topic, ethics in (
            (600, 6, "Motivational interviewing", False),
            (420, 3, "Trauma-informed peer support", False),
            (250, 2, "Confidentiality and 42 CFR Part 2", True),
            (90, 1.5, "Naloxone training", False)):
        taken_on = world.days_ago(days_ago)
        world.on(taken_on, partial(_demo_education, plan, taken_on, hours, topic, ethics))
    day = world.days_ago(290)
    while day <= world.today:
        world.on(day, partial(_mentoring_round, plan, day))
        day += dt.timedelta(days=7)


def _demo_profile(plan: _MentoringDemo, demo: DemoResident) -> None:
    if demo.resident_id is None or Resident.get_by_id(demo.resident_id).move_in_date != \
            demo.move_in:
        return  # a readmission keeps the profile of the first stay
    rng = plan.rng
    save_profile(demo.resident_id, MatchingAttributes(
        DEMO_GENDER[demo.person.house], rng.choice(FELLOWSHIPS[:3] + FELLOWSHIPS[4:5]),
        DEMO_LANGUAGES.get(demo.person.first_name, ("English",)),
        tuple(rng.sample(FOCUS_AREAS[:5], 2))))


def _demo_coach(plan: _MentoringDemo) -> None:

    world, rng = plan.world, plan.rng
    coach = register_staff_coach(StaffCoachDetails(
        "Renata", "Holloway", caseload_cap=4, attributes=MatchingAttributes(
            "female", "SMART Recovery", ("English", "Spanish"), ("employment", "housing"))))
    expires = world.today + dt.timedelta(days=rng.randint(35, 75))  # within 90 days
    record_certificate(coach.id, f"PRC-{rng.randint(10000, 99999)}", add_years(expires, -2),
                       expires)
    plan.coach_id = coach.id


def _demo_education(plan: _MentoringDemo, taken_on: dt.date, hours: float, topic: str,
                    law_and_ethics: bool) -> None:
    """Fewer than 20 hours in the cycle, 2 of them law and ethics: a warning."""
    assert plan.coach_id is not None, "registered by an earlier event"
    log_education(plan.coach_id, taken_on, hours, topic, law_and_ethics)


def _mentoring_round(plan: _MentoringDemo, day: dt.date) -> None:

    for gap in assignments_of_departed_mentees():
        end_assignment(gap.assignment_id, Resident.get_by_id(gap.mentee_id).discharge_date,
                       "mentee_left", "Moved out")
    for first, last in DEMO_ALUMNI:
        _demo_alumnus(first, last, day)
    for house in plan.world.houses.values():
        _demo_resident_mentors(house, day)
    _demo_gaps(plan, day)
    _demo_pairings(plan, day)
    _demo_reassignment(plan, day)
    _demo_check_ins(plan, day)


def _demo_alumnus(first: str, last: str, day: dt.date) -> None:
    person = Resident.get_or_none((Resident.first_name == first) & (Resident.last_name == last))
    if person is None or person.status != ResidentStatus.GRADUATED.value:
        return
    records = list(Mentor.select().where((Mentor.resident == person.id)
                                         & Mentor.stopped_on.is_null()))
    if any(r.kind == MentorKind.ALUMNUS.value for r in records):
        return
    since: dt.date = person.discharge_date
    if records:
        mentees = (MentorAssignment.select()
                   .where((MentorAssignment.mentor == records[0].id)
                          & MentorAssignment.ended_on.is_null()).count())
        continue_as_alumnus(records[0].id, max(2, mentees), since)
    else:
        register_alumnus(person.id, 2, min(day, since + dt.timedelta(days=7)))


def _demo_resident_mentors(house: House, day: dt.date) -> None:

    current = (Mentor.select().join(Resident, on=(Mentor.resident == Resident.id))
               .where((Resident.house == house.id) & Mentor.stopped_on.is_null()
                      & (Mentor.kind == MentorKind.RESIDENT.value)
                      & (Resident.status == ResidentStatus.ACTIVE.value)).count())
    candidates = (Resident.select().join(Tier, on=(Resident.tier == Tier.id))
                  .where((Resident.house == house.id) & Tier.may_mentor
                         & (Resident.status == ResidentStatus.ACTIVE.value)
                         & Resident.id.not_in(Mentor.select(Mentor.resident).where(
                             Mentor.resident.is_null(False) & Mentor.stopped_on.is_null())))
                  .order_by(Resident.move_in_date, Resident.id))
    for resident in candidates[:max(0, RESIDENT_MENTORS_PER_HOUSE - current)]:
        register_resident_mentor(resident.id, day)


def _demo_gaps(plan: _MentoringDemo, day: dt.date) -> None:

    for gap in mentees_needing_new_mentor():
        if "a higher tier than the mentee" in gap.why:
            end_assignment(gap.assignment_id, day, "completed",
                           f"{gap.mentee_name} reached the mentor's tier")
            continue
        best = suggest_mentors(gap.mentee_id, limit=1)
        if best:
            reason = "reassigned" if "tier" in gap.why else "mentor_left"
            reassign(gap.assignment_id, best[0].mentor.mentor_id, day, reason, gap.why)
    for row in mentor_roster(on=day):
        if row.not_mentoring_because and row.active_mentees == 0:
            stop_mentoring(row.mentor_id, row.mentor.left_on or day, row.not_mentoring_because)


def _demo_pairings(plan: _MentoringDemo, day: dt.date) -> None:

    rng = plan.rng
    for waiting in residents_without_mentor(on=day):
        if waiting.days_in_house < WAIT_BEFORE_A_MENTOR:
            continue
        best = suggest_mentors(waiting.resident_id, limit=1)
        if not best:
            continue
        mentor = best[0].mentor
        assign_mentor(mentor.mentor_id, waiting.resident_id, day)
        for what, measure, days in rng.sample(DEMO_GOALS, rng.randint(1, 2)):
            set_goal(waiting.resident_id, GoalDetails(
                what, measure, day + dt.timedelta(days=days),
                f"{waiting.name.split()[0]} with {mentor.name}", day))


def _demo_reassignment(plan: _MentoringDemo, day: dt.date) -> None:
    """Once, about three months ago: a mentee moves to the coach for job help."""

    if plan.reassigned or day < plan.world.days_ago(100):
        return
    for view in reversed(assignment_views(on=day)):  # the oldest first
        if view.mentor_kind is not MentorKind.RESIDENT:
            continue
        others = suggest_mentors(view.mentee_id, limit=1)
        if others:
            reassign(view.id, others[0].mentor.mentor_id, day,
                     note="Needs help with the job search: the new mentor runs the job club")
            plan.reassigned = True
            return


def _demo_check_ins(plan: _MentoringDemo, day: dt.date) -> None:

    rng, world = plan.rng, plan.world
    views = assignment_views(on=day)
    if plan.overdue_assignment is None and day >= world.days_ago(21):
        current = {d.resident_id for d in world.residents if d.person.story == "current"}
        chosen = [v.id for v in views if v.mentee_id in current]
        plan.overdue_assignment = min(chosen) if chosen else -1
    open_goals: dict[int, list[tuple[int, dt.date]]] = {}
    for goal in goal_views([v.mentee_id for v in views], status=GoalStatus.OPEN):
        open_goals.setdefault(goal.resident_id, []).append((goal.id, goal.target_date))
    for view in sorted(views, key=lambda v: v.id):
        if view.id == plan.overdue_assignment:
            continue
        if day < world.days_ago(14) and rng.random() < 0.15:
            continue  # a missed week now and then, made up the next week
        held_on = max(view.started_on, day - dt.timedelta(days=rng.randint(0, 2)))
        reviewed: dict[int, GoalStatus] = {}
        for goal_id, target in open_goals.get(view.mentee_id, []):
            if target <= held_on:
                reviewed[goal_id] = rng.choices(
                    (GoalStatus.MET, GoalStatus.MISSED, GoalStatus.DROPPED), (7, 2, 1))[0]
            elif rng.random() < 0.5:
                reviewed[goal_id] = GoalStatus.OPEN
        log_check_in(view.id, held_on, rng.choice((20, 30, 30, 45, 60, 90)),
                     rng.choices(list(CheckInMode), (6, 3, 1))[0],
                     rng.sample(list(SupportKind), rng.randint(1, 3)),
                     rng.choice(CHECK_IN_NOTES), reviewed)


DEMO_STEPS.append(mentoring_step)


# ---------------------------------------------------------------- meetings and 12-step
from soberhouse.meetings.demo_data import meetings_step  # noqa: E402
from soberhouse.twelve_step.demo_data import twelve_step_step  # noqa: E402

DEMO_STEPS.append(meetings_step)
DEMO_STEPS.append(twelve_step_step)
