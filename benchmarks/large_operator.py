"""Build (or reuse) issue 13's large operator database.

A large operator: ``--residents`` people ever admitted (10,000 by default;
1,000 and 4,000 for the scaling figures) in 20 houses over 5 years, 60 % of
them living there now (:mod:`benchmarks.large_database` writes the residents
and their first history rows), and around them what such an operator records:

- a weekly house meeting in every house for 5 years, with the roll call of
  everyone living there that day;
- about three outside meetings a week for each resident while they lived in a
  house;
- the mentoring roster: 40 % of the residents who reached the Senior tier
  mentor from that day until they moved out (their tier's cap of 3 mentees at any
  time), five staff coaches (cap 8) for the mentees no senior could take; a
  primary assignment for each resident's first 120 days in the house (ended
  when they reached Senior, moved out or their mentor did), weekly check-ins,
  one or two goals per assignment with their reviews;
- a sponsor for most residents (some change sponsor once), and step work in
  order, each step started after the one before was completed.

Every row follows the rules the core checks: one active resident per bed, no
more active residents than beds, dates in order and within the stay, the
mentor living in the house and above the mentee's tier, caseload caps never
exceeded on any day.  Names are made up (the lists of
:mod:`benchmarks.large_database`).  Rows are written with one ``executemany``
per table (in chunks) inside one transaction; the plain SQLite file (not
encrypted) is cached under /tmp/soberhouse-benchmarks, keyed by
:data:`VERSION`, the schema version and the number of residents.

    python -m benchmarks.large_operator [--residents 10000] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from benchmarks.large_database import FIRST, LAST
from benchmarks.large_database import build as build_residents
from benchmarks.raw_rows import insert_rows
from soberhouse import database
from soberhouse.migrations import latest_version
from soberhouse.text_matching import name_key
from soberhouse.models import AppUser, House, Resident, Stay, Tier
from soberhouse.models.meetings import Attendance, HouseMeeting
from soberhouse.models.mentoring import (
    CheckIn,
    Goal,
    GoalStatusChange,
    Mentor,
    MentorAssignment,
    ResidentProfile,
)
from soberhouse.models.twelve_step import OutsideMeeting, Sponsor, StepWork

VERSION = 2
"""Raise when what the builder writes changes: the cached files are then rebuilt."""
CACHE = Path("/tmp/soberhouse-benchmarks")
TODAY = dt.date(2026, 11, 15)
YEARS = 5
HOUSES = 20
SIZES = (1_000, 4_000, 10_000)
OUTSIDE_MEETINGS_A_WEEK = 3
SENIOR_AFTER_DAYS = 120  # benchmarks.large_database: a tier every 60 days, Senior the third
MENTORING_SENIORS = 0.4  # the share of residents reaching Senior who mentor
RESIDENT_MENTOR_CAP = 3  # the default Senior tier's caseload cap
STAFF_COACHES = 5
STAFF_CAP = 8
CHUNK = 200_000
STATUSES = ["present"] * 15 + ["late"] * 2 + ["excused", "unexcused"]
FELLOWSHIPS = ["aa", "aa", "aa", "na", "na", "ca", "cma", "smart", "celebrate", "other"]
TYPES = ["", "", "step", "big_book", "speaker", "open_discussion", "closed_discussion"]
PROFILE_FELLOWSHIPS = ("AA", "NA", "CA", "SMART Recovery")
LANGUAGES = ("English", "Spanish", "Vietnamese", "Polish", "Russian")
FOCUS = ("employment", "housing", "family", "emotional management", "education")
GOALS = [("Find full-time work", "Three applications a week"),
         ("Open a bank account", "Account open, first deposit made"),
         ("Reconnect with family", "One call home a week"),
         ("Finish the Big Book study", "Every chapter read and discussed"),
         ("Get a driving licence back", "Licence in hand"),
         ("Save a deposit for an apartment", "$1,500 saved"),
         ("Attend 90 meetings in 90 days", "Meeting slips signed")]


def cached_path(residents: int = 10_000) -> Path:
    return CACHE / f"operator-{residents}-v{VERSION}-schema{latest_version()}.sqlite3"


def large_operator(residents: int = 10_000, rebuild: bool = False) -> tuple[Path, str]:
    """The cached database of ``residents`` (built first if missing) and a line
    describing it (with the build time when it was built now)."""
    path = cached_path(residents)
    if path.exists() and not rebuild:
        return path, f"reused {path} ({path.stat().st_size / 1e6:.0f} MB)"
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    started = time.perf_counter()
    counts = build(building, residents)
    building.replace(path)
    return path, (f"built {path} in {time.perf_counter() - started:.0f} s "
                  f"({path.stat().st_size / 1e6:.0f} MB): {counts.line()}")


@dataclass
class RowCounts:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, rows: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows

    def line(self) -> str:
        return ", ".join(f"{table} {rows:,}" for table, rows in self.counts.items())


@dataclass(frozen=True)
class Lived:
    """One resident's stay, as large_database wrote it."""

    resident_id: int
    house_id: int
    move_in: dt.date
    move_out: dt.date | None  # None: living there now
    senior_tier: bool  # their tier now is the house's mentoring tier

    @property
    def until(self) -> dt.date:
        """The last day counted: the move-out day is no longer living there."""
        return self.move_out if self.move_out is not None else TODAY


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(connection: Any, counts: RowCounts, model: type[peewee.Model],
           columns: Sequence[str], rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]
           ) -> None:
    for chunk in _chunks(iter(rows)):
        insert_rows(connection, model, columns, chunk)
        counts.add(model._meta.table_name, len(chunk))


HISTORY = ["recorded_by_id", "recorded_at"]


def build(path: Path, residents: int = 10_000, seed: int = 13) -> RowCounts:
    """Write the whole database to ``path``; its row counts by table."""
    if path.exists():
        path.unlink()
    build_residents(path, residents=residents, houses=HOUSES, today=TODAY,
                    history_days=YEARS * 365)
    rng = random.Random(seed)
    db = database.connect(path)
    user_id = AppUser.get().id
    now = f"{TODAY.isoformat()} 09:00:00"
    senior_tiers = {tier_id for (tier_id,) in Tier.select(Tier.id)
                    .where(Tier.may_mentor == True).tuples()}  # noqa: E712
    stays = [Lived(resident_id, house_id, move_in, move_out, tier_id in senior_tiers)
             for resident_id, house_id, move_in, move_out, tier_id in
             Stay.select(Stay.resident, Stay.house, Stay.move_in_date, Stay.move_out_date,
                         Resident.tier).join(Resident, on=(Stay.resident == Resident.id))
             .order_by(Stay.resident).tuples()]
    houses = [(h.id, h.meeting_weekday or 0) for h in House.select().order_by(House.id)]
    counts = RowCounts({"resident": len(stays), "house": len(houses)})
    connection = db.connection()
    with db.atomic():
        _distinct_people(connection)
        _meetings_and_roll_calls(connection, counts, rng, houses, stays, user_id, now)
        _outside_meetings(connection, counts, rng, stays, user_id, now)
        _profiles(connection, counts, rng, stays)
        _mentoring(connection, counts, rng, stays, user_id, now)
        _sponsors(connection, counts, rng, stays, user_id, now)
        _step_work(connection, counts, rng, stays, user_id, now)
    connection.execute("ANALYZE")
    database.close()
    return counts


def _distinct_people(connection: Any) -> None:
    """No two residents with the same name and date of birth (the core's
    likely-duplicate check refuses those in an import): a later one is born a
    day later.  Written before any row that mentions a date of birth."""
    seen: set[tuple[str, str, dt.date]] = set()
    moved = []
    for resident_id, first, last, born in connection.execute(
            "SELECT id, first_name, last_name, date_of_birth FROM resident ORDER BY id"):
        day = dt.date.fromisoformat(born)
        while (name_key(first), name_key(last), day) in seen:
            day += dt.timedelta(days=1)
        seen.add((name_key(first), name_key(last), day))
        if day.isoformat() != born:
            moved.append((day.isoformat(), resident_id))
    connection.executemany("UPDATE resident SET date_of_birth = ? WHERE id = ?", moved)


def _meetings_and_roll_calls(connection: Any, counts: RowCounts, rng: random.Random,
                             houses: list[tuple[int, int]], stays: list[Lived], user_id: int,
                             now: str) -> None:
    by_house: dict[int, list[Lived]] = {}
    for stay in stays:
        by_house.setdefault(stay.house_id, []).append(stay)
    start = TODAY - dt.timedelta(days=YEARS * 365)
    meeting_id = 0
    for house_id, weekday in houses:
        day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
        meetings, marks = [], []
        while day < TODAY:
            meeting_id += 1
            meetings.append((meeting_id, user_id, now, house_id, day.isoformat(), "19:00",
                             "regular", "", "", "", 0, ""))
            for stay in by_house.get(house_id, ()):
                if stay.move_in <= day < stay.until:
                    status = rng.choice(STATUSES)
                    marks.append((user_id, now, meeting_id, stay.resident_id, status,
                                  "Work" if status == "excused" else ""))
            day += dt.timedelta(days=7)
        _write(connection, counts, HouseMeeting,
               ["id", *HISTORY, "house_id", "held_on", "starts_at", "kind", "facilitator_name",
                "topic", "minutes", "cancelled", "cancel_reason"], meetings)
        _write(connection, counts, Attendance,
               [*HISTORY, "meeting_id", "resident_id", "status", "reason"], marks)


def _outside_meetings(connection: Any, counts: RowCounts, rng: random.Random,
                      stays: list[Lived], user_id: int, now: str) -> None:
    def rows() -> Iterator[tuple[Any, ...]]:
        for stay in stays:
            span = (stay.until - stay.move_in).days
            if span <= 0:
                continue
            for _ in range(round(span * OUTSIDE_MEETINGS_A_WEEK / 7)):
                day = stay.move_in + dt.timedelta(days=rng.randrange(span))
                yield (user_id, now, stay.resident_id, day.isoformat(), rng.choice(FELLOWSHIPS),
                       f"Group {rng.randrange(400)}", rng.choice(TYPES), rng.random() < 0.6,
                       "", "")

    _write(connection, counts, OutsideMeeting,
           [*HISTORY, "resident_id", "attended_on", "fellowship", "meeting_name", "meeting_type",
            "verified", "verified_by", "removed_reason"], rows())


def _profiles(connection: Any, counts: RowCounts, rng: random.Random,
              stays: list[Lived]) -> None:
    _write(connection, counts, ResidentProfile,
           ["resident_id", "gender", "fellowship", "languages", "focus_areas"],
           [(stay.resident_id, rng.choice(("male", "female")), rng.choice(PROFILE_FELLOWSHIPS),
             "; ".join(rng.sample(LANGUAGES, 2)), "; ".join(rng.sample(FOCUS, 2)))
            for stay in stays])


@dataclass
class _MentorOnRoster:
    mentor_id: int
    house_id: int | None  # None: a staff coach, every house
    since: dt.date
    until: dt.date  # the day they stopped (TODAY: still mentoring)
    cap: int
    name: str
    pairings: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    def can_take(self, start: dt.date, end: dt.date) -> bool:
        """Covers [start, end] and has fewer than ``cap`` pairings overlapping
        it (so the cap holds on every day of it)."""
        if not (self.since <= start and end <= self.until):
            return False
        overlapping = sum(1 for begin, finish in self.pairings if begin <= end and start <= finish)
        return overlapping < self.cap


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _mentoring(connection: Any, counts: RowCounts, rng: random.Random, stays: list[Lived],
               user_id: int, now: str) -> None:
    roster: list[_MentorOnRoster] = []
    mentor_rows = []
    for stay in stays:  # some residents who reached Senior mentor from that day
        since = stay.move_in + dt.timedelta(days=SENIOR_AFTER_DAYS)
        volunteers = rng.random() < MENTORING_SENIORS
        if stay.senior_tier and volunteers and since < stay.until - dt.timedelta(days=14):
            stopped = stay.move_out
            last_day = stopped - dt.timedelta(days=1) if stopped else TODAY
            roster.append(_MentorOnRoster(len(roster) + 1, stay.house_id, since, last_day,
                                          RESIDENT_MENTOR_CAP, ""))
            mentor_rows.append((roster[-1].mentor_id, user_id, now, "resident", stay.resident_id,
                                None, "", "", "", None, since.isoformat(),
                                stopped.isoformat() if stopped else None,
                                "Moved out" if stopped else ""))
    first_day = TODAY - dt.timedelta(days=YEARS * 365)
    staff = []
    for number in range(STAFF_COACHES):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        staff.append(_MentorOnRoster(len(roster) + len(staff) + 1, None, first_day, TODAY,
                                     STAFF_CAP, f"{first} {last}"))
        mentor_rows.append((staff[-1].mentor_id, user_id, now, "staff", None, None, first, last,
                            "Peer recovery coach", STAFF_CAP, first_day.isoformat(), None, ""))
    _write(connection, counts, Mentor,
           ["id", *HISTORY, "kind", "resident_id", "house_id", "first_name", "last_name", "role",
            "caseload_cap", "since", "stopped_on", "stop_reason"], mentor_rows)
    by_house: dict[int, list[_MentorOnRoster]] = {}
    for mentor in roster:
        assert mentor.house_id is not None
        by_house.setdefault(mentor.house_id, []).append(mentor)

    assignments, check_ins, goals, reviews = [], [], [], []
    for stay in sorted(stays, key=lambda s: s.move_in):
        start = stay.move_in + dt.timedelta(days=rng.randint(1, 7))
        senior_on = stay.move_in + dt.timedelta(days=SENIOR_AFTER_DAYS)
        last_day = stay.until - dt.timedelta(days=1)  # the last day living there
        if start > min(last_day, TODAY):
            continue
        if senior_on <= last_day and senior_on <= TODAY:
            end, reason = senior_on, "completed"
        elif stay.move_out is not None:
            end, reason = last_day, "mentee_left"
        else:
            end, reason = None, ""  # still a newcomer: mentored now
        covers = end or TODAY
        candidates = by_house.get(stay.house_id, [])
        mentor = next((m for m in rng.sample(candidates, min(40, len(candidates)))
                       if m.can_take(start, covers)), None)
        mentor = mentor or next((m for m in staff if m.can_take(start, covers)), None)
        if mentor is None:
            continue  # no mentor free: Today lists them as needing one
        mentor.pairings.append((start, covers))
        assignment_id = len(assignments) + 1
        assignments.append((assignment_id, user_id, now, mentor.mentor_id, stay.resident_id,
                            "primary", start.isoformat(), end.isoformat() if end else None,
                            reason, "", user_id if end else None, now if end else None))
        day = start + dt.timedelta(days=3)
        while day <= covers:
            if rng.random() < 0.9:
                check_ins.append((user_id, now, assignment_id, day.isoformat(),
                                  rng.choice((20, 30, 45, 60)),
                                  rng.choice(("in_person", "phone", "video")),
                                  rng.choice(("emotional", "emotional;practical",
                                              "informational", "connecting")), ""))
            day += dt.timedelta(days=7)
        for _ in range(rng.randint(1, 2)):
            set_on = start + dt.timedelta(days=rng.randint(0, 10))
            if set_on > min(last_day, TODAY):
                continue
            target = set_on + dt.timedelta(days=rng.randint(30, 90))
            what, measure = rng.choice(GOALS)
            goal_id = len(goals) + 1
            status = "open"
            decided = min(target, last_day)
            if decided < TODAY:
                status = rng.choice(("met", "met", "missed")) if decided == target else "dropped"
                reviews.append((user_id, now, goal_id, None, "open", status,
                                decided.isoformat(), "Reviewed" if decided == target
                                else "Moved out"))
            goals.append((goal_id, user_id, now, stay.resident_id, what, measure,
                          target.isoformat(), set_on.isoformat(),
                          mentor.name or "Resident mentor", status))
    _write(connection, counts, MentorAssignment,
           ["id", *HISTORY, "mentor_id", "mentee_id", "role", "started_on", "ended_on",
            "end_reason", "end_note", "ended_by_id", "ended_at"], assignments)
    _write(connection, counts, CheckIn,
           [*HISTORY, "assignment_id", "held_on", "minutes", "mode", "support_kinds", "note"],
           check_ins)
    _write(connection, counts, Goal,
           ["id", *HISTORY, "resident_id", "what", "measure", "target_date", "set_on", "set_by",
            "status"], goals)
    _write(connection, counts, GoalStatusChange,
           [*HISTORY, "goal_id", "check_in_id", "from_status", "to_status", "effective_date",
            "reason"], reviews)


def _sponsors(connection: Any, counts: RowCounts, rng: random.Random, stays: list[Lived],
              user_id: int, now: str) -> None:
    rows = []
    for stay in stays:
        last_day = min(stay.until - dt.timedelta(days=1), TODAY)
        since = stay.move_in + dt.timedelta(days=rng.randint(5, 60))
        if rng.random() > 0.75 or since > last_day:
            continue
        phone = f"555-02{rng.randrange(100):02d}"
        change = since + dt.timedelta(days=rng.randint(30, 400))
        if rng.random() < 0.2 and change <= last_day:
            rows.append((user_id, now, stay.resident_id, _person(rng), phone, since.isoformat(),
                         change.isoformat(), "Sponsor moved away"))
            since = change
        rows.append((user_id, now, stay.resident_id, _person(rng), phone, since.isoformat(),
                     None, ""))
    _write(connection, counts, Sponsor,
           [*HISTORY, "resident_id", "name", "phone", "since", "ended_on", "end_reason"], rows)


def _step_work(connection: Any, counts: RowCounts, rng: random.Random, stays: list[Lived],
               user_id: int, now: str) -> None:
    def rows() -> Iterator[tuple[Any, ...]]:
        for stay in stays:
            last_day = min(stay.until - dt.timedelta(days=1), TODAY)
            started = stay.move_in + dt.timedelta(days=rng.randint(7, 30))
            for step in range(1, 13):  # in order, each after the one before was completed
                if started > last_day:
                    break
                completed = started + dt.timedelta(days=rng.randint(14, 60))
                done = completed <= last_day
                yield (user_id, now, stay.resident_id, step, started.isoformat(),
                       completed.isoformat() if done else None, False, "")
                if not done:
                    break
                started = completed + dt.timedelta(days=rng.randint(0, 7))

    _write(connection, counts, StepWork,
           [*HISTORY, "resident_id", "step", "started_on", "completed_on", "restart",
            "restart_reason"], rows())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=10_000,
                        help="residents ever admitted (a multiple of 20)")
    parser.add_argument("--rebuild", action="store_true", help="build it even if cached")
    args = parser.parse_args()
    path, described = large_operator(args.residents, args.rebuild)
    print(described)
    print(path)
    if described.startswith("reused"):
        from soberhouse import sqlite_driver

        connection = sqlite_driver.connect(path)
        try:
            tables = [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            print(", ".join(
                f"{table} {connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,}"
                for table in tables))
        finally:
            connection.close()


if __name__ == "__main__":
    main()
