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
from soberhouse.models import House, Resident, ResidentStatus, Tier, database_proxy
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


# Made-up people.  Maple House is a men's house, Cedar House a women's house.
DEMO_PEOPLE = (
    DemoPerson("Łukasz", "Wójcik", "", "Maple House", "graduated", "Anna Wójcik"),
    DemoPerson("José", "Álvarez", "Pepe", "Maple House", "current", "Lucía Álvarez"),
    DemoPerson("伟", "李", "Li Wei", "Maple House", "current", "李娜"),
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
            preferred_name=person.preferred_name,
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


def fill_demo_database(seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty database with the demo; refuses if there are houses already."""
    today = today or clock.today()
    if list_houses():
        raise RuleViolation("The demo fills an empty database only: this one has houses.")
    world = DemoWorld(random.Random(seed), today)
    with database_proxy.atomic():
        for plan in DEMO_HOUSES:
            house = create_house(HouseDetails(plan.name, beds=len(plan.beds),
                                              address=plan.address))
            world.houses[house.name] = house
            world.free_beds[house.id] = list(plan.beds)
        for step in DEMO_STEPS:
            step(world)
        for event in sorted(world.events):
            # Every rule compares with "today": each event sees its own day.
            with clock.frozen(event.day):
                event.action()
    return DemoSummary(houses=len(world.houses), residents=len(world.residents))
