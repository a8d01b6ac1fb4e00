"""A large mentoring load for the benchmarks and the speed checks.

``build_mentoring_load`` fills an open, migrated database with houses whose
seniors mentor, alumni and staff coaches, active mentees each with a primary
mentor, former mentees with ended assignments, and weekly check-ins over
several years.  Rows go in with ``insert_many`` in one transaction (the
models' own SQL, so it runs on PostgreSQL too); the rules are respected
(mentors above mentees, caps, dates in order).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from soberhouse import accounts
from soberhouse.houses import HouseDetails, create_house, tiers_of
from soberhouse.models import Resident
from soberhouse.models.mentoring import CheckIn, Mentor, MentorAssignment, ResidentProfile
from soberhouse.recording import one_write

FELLOWSHIPS = ("AA", "NA", "CA", "SMART Recovery")
LANGUAGES = ("English", "Spanish", "Vietnamese", "Polish", "Russian")
FOCUS = ("employment", "housing", "family", "emotional management", "education")


@dataclass(frozen=True)
class MentoringLoad:
    mentors: int
    active_mentees: int
    assignments: int
    check_ins: int


def _insert(model: type[peewee.Model], rows: Sequence[dict[str, Any]],
            chunk: int = 500) -> None:
    """insert_many takes its columns from the first row: give every row every key."""
    keys = {key for row in rows for key in row}
    rows = [{key: row.get(key, _default(model, key)) for key in keys} for row in rows]
    for start in range(0, len(rows), chunk):
        model.insert_many(rows[start:start + chunk]).execute()


def _default(model: type[peewee.Model], key: str) -> Any:
    field = model._meta.fields[key]
    return field.default if not callable(field.default) else field.default()


def _weekly(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start + dt.timedelta(days=3)
    while day <= end:
        yield day
        day += dt.timedelta(days=7)


def build_mentoring_load(db: peewee.Database, *, houses: int = 10, seniors_per_house: int = 36,
                         mentees_per_house: int = 80, alumni: int = 30, staff: int = 10,
                         former_mentees: int = 1500, years: int = 3, seed: int = 11,
                         today: dt.date = dt.date(2026, 11, 15)) -> MentoringLoad:
    rng = random.Random(seed)
    user = accounts.current_user()
    now = dt.datetime.combine(today, dt.time(9))
    house_rows = [create_house(HouseDetails(f"Load House {n:02d}",
                                            beds=seniors_per_house + mentees_per_house))
                  for n in range(1, houses + 1)]
    first_day = today - dt.timedelta(days=365 * years)
    residents: list[dict[str, Any]] = []
    plan: list[tuple[int, str]] = []  # (house id, "senior" | "mentee" | "former")
    for house in house_rows:
        plan += [(house.id, "senior")] * seniors_per_house
        plan += [(house.id, "mentee")] * mentees_per_house
    plan += [(house_rows[n % houses].id, "former") for n in range(former_mentees + alumni)]
    ladders = {house.id: tiers_of(house.id) for house in house_rows}
    for number, (house_id, role) in enumerate(plan, start=1):
        ladder = ladders[house_id]
        if role == "senior":
            move_in = today - dt.timedelta(days=rng.randint(120, 700))
            tier, status, left = ladder[2], "active", None
        elif role == "mentee":
            move_in = today - dt.timedelta(days=rng.randint(10, 80))
            tier, status, left = ladder[rng.randint(0, 1)], "active", None
        else:
            move_in = first_day + dt.timedelta(days=rng.randint(0, 365 * years - 200))
            tier, status = ladder[2], "graduated"
            left = move_in + dt.timedelta(days=rng.randint(100, 190))
        residents.append(dict(
            id=number, first_name=f"Person{number}", last_name=f"Load{number % 97}",
            date_of_birth=dt.date(1970, 1, 1) + dt.timedelta(days=number), house=house_id,
            tier=tier.id, room=str(number) if status == "active" else "",
            bed="A" if status == "active" else "", move_in_date=move_in,
            sobriety_date=move_in - dt.timedelta(days=rng.randint(0, 60)), status=status,
            discharge_date=left, created_at=now, updated_at=now))
    profiles = [dict(resident=row["id"], gender=rng.choice(("male", "female")),
                     fellowship=rng.choice(FELLOWSHIPS),
                     languages="; ".join(rng.sample(LANGUAGES, 2)),
                     focus_areas="; ".join(rng.sample(FOCUS, 2))) for row in residents]
    seniors = [row for row in residents if row["status"] == "active"
               and row["tier"] == ladders[row["house"]][2].id]
    mentees = [row for row in residents if row["status"] == "active"
               and row["tier"] != ladders[row["house"]][2].id]
    formers = [row for row in residents if row["status"] == "graduated"]
    mentors: list[dict[str, Any]] = []
    for row in seniors:
        mentors.append(dict(kind="resident", resident=row["id"], since=row["move_in_date"]
                            + dt.timedelta(days=95), recorded_by=user.id, recorded_at=now))
    for row in formers[:alumni]:
        mentors.append(dict(kind="alumnus", resident=row["id"], caseload_cap=3,
                            since=row["discharge_date"], recorded_by=user.id, recorded_at=now))
    for number in range(staff):
        mentors.append(dict(kind="staff", first_name=f"Coach{number}", last_name="Staff",
                            role="Peer recovery coach", caseload_cap=8, since=first_day,
                            fellowship=rng.choice(FELLOWSHIPS), languages="English",
                            recorded_by=user.id, recorded_at=now))
    with one_write("loaded a large mentoring load"):
        _insert(Resident, residents)
        _insert(ResidentProfile, profiles)
        _insert(Mentor, mentors)
        mentor_rows = list(Mentor.select(Mentor.id, Mentor.kind, Mentor.resident, Mentor.since)
                           .tuples())
        by_house: dict[int | None, list[int]] = {}
        resident_house = {row["id"]: row["house"] for row in residents}
        for mentor_id, kind, resident_id, _since in mentor_rows:
            if kind == "resident":
                by_house.setdefault(resident_house[resident_id], []).append(mentor_id)
        caseload: dict[int, int] = {}
        assignments: list[dict[str, Any]] = []
        for row in mentees:
            candidates = [m for m in by_house[row["house"]] if caseload.get(m, 0) < 3]
            mentor_id = rng.choice(candidates)
            caseload[mentor_id] = caseload.get(mentor_id, 0) + 1
            assignments.append(dict(mentor=mentor_id, mentee=row["id"], role="primary",
                                    started_on=row["move_in_date"] + dt.timedelta(days=2),
                                    recorded_by=user.id, recorded_at=now))
        every_mentor = [mentor_id for mentor_id, *_ in mentor_rows]
        for row in formers[alumni:]:
            start = row["move_in_date"] + dt.timedelta(days=2)
            assignments.append(dict(mentor=rng.choice(every_mentor), mentee=row["id"],
                                    role="primary", started_on=start,
                                    ended_on=row["discharge_date"], end_reason="completed",
                                    recorded_by=user.id, recorded_at=now, ended_by=user.id,
                                    ended_at=now))
        _insert(MentorAssignment, assignments)
        check_ins: list[dict[str, Any]] = []
        for assignment_id, start, end in (MentorAssignment
                                          .select(MentorAssignment.id,
                                                  MentorAssignment.started_on,
                                                  MentorAssignment.ended_on).tuples()):
            for day in _weekly(start, min(end or today, today)):
                if rng.random() < 0.9:
                    check_ins.append(dict(assignment=assignment_id, held_on=day,
                                          minutes=rng.choice((20, 30, 45, 60)),
                                          mode=rng.choice(("in_person", "phone", "video")),
                                          support_kinds="emotional;practical", note="",
                                          recorded_by=user.id, recorded_at=now))
        _insert(CheckIn, check_ins)
    return MentoringLoad(len(mentors), len(mentees), len(assignments), len(check_ins))
