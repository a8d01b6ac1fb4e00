"""Build (or reuse) the issue's large attendance database.

The large database of :mod:`benchmarks.large_database` (4,000 residents in 20
houses, moved in over 10 years here), plus 10 years of weekly house meetings
in every house with the roll call of everyone living there that day, and about
1,000,000 outside meetings (about three a week for each resident while they
lived in a house).  Rows are written with one ``executemany`` per table inside
one transaction, so a build takes well under a minute; the file is cached
under /tmp, keyed by :data:`VERSION` and the schema version, and reused.

    python -m benchmarks.attendance_database [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

from benchmarks.large_database import build as build_residents
from benchmarks.raw_rows import insert_rows
from soberhouse import database
from soberhouse.migrations import latest_version
from soberhouse.models import AppUser, House, Stay
from soberhouse.models.meetings import HouseMeeting

VERSION = 2
"""Raise when what the builder writes changes: the cached file is then rebuilt."""
CACHE = Path("/tmp/soberhouse-benchmarks")
TODAY = dt.date(2026, 11, 15)
YEARS = 10
OUTSIDE_MEETINGS = 1_000_000
STATUSES = ["present"] * 15 + ["late"] * 2 + ["excused", "unexcused"]
FELLOWSHIPS = ["aa", "aa", "aa", "na", "na", "ca", "cma", "smart", "celebrate", "other"]
TYPES = ["", "", "step", "big_book", "speaker", "open_discussion", "closed_discussion"]


def cached_path() -> Path:
    return CACHE / f"attendance-v{VERSION}-schema{latest_version()}.sqlite3"


def attendance_database(rebuild: bool = False) -> tuple[Path, str]:
    """The cached database (built first if missing) and a line describing it."""
    path = cached_path()
    if path.exists() and not rebuild:
        return path, f"reused {path}"
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    started = time.perf_counter()
    counts = build(building)
    building.replace(path)
    return path, (f"built {path} in {time.perf_counter() - started:.0f} s: {counts}")


def build(path: Path, seed: int = 11) -> str:
    """Write the whole database to ``path``; a line counting its rows."""
    if path.exists():
        path.unlink()
    build_residents(path, today=TODAY, history_days=YEARS * 365)
    rng = random.Random(seed)
    db = database.connect(path)
    user_id = AppUser.get().id
    now = f"{TODAY.isoformat()} 09:00:00"
    houses = [(h.id, h.meeting_weekday or 0) for h in House.select()]
    stays: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for resident_id, house_id, move_in, move_out in Stay.select(
            Stay.resident, Stay.house, Stay.move_in_date, Stay.move_out_date).tuples():
        stays.setdefault(house_id, []).append((resident_id, move_in, move_out))
    connection = db.connection()
    meetings = marks = 0
    start = TODAY - dt.timedelta(days=YEARS * 365)
    with db.atomic():
        for house_id, weekday in houses:
            day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
            meeting_rows = []
            while day < TODAY:
                meeting_rows.append((user_id, now, house_id, day.isoformat(), "19:00",
                                     "regular", "", "", "", 0, ""))
                day += dt.timedelta(days=7)
            insert_rows(connection, HouseMeeting,
                        ["recorded_by_id", "recorded_at", "house_id", "held_on", "starts_at",
                         "kind", "facilitator_name", "topic", "minutes", "cancelled",
                         "cancel_reason"], meeting_rows)
            first_id = connection.execute("SELECT last_insert_rowid()").fetchone()[0] \
                - len(meeting_rows) + 1
            attendance_rows = []
            for number, row in enumerate(meeting_rows):
                held_on = dt.date.fromisoformat(row[3])
                for resident_id, move_in, move_out in stays.get(house_id, ()):
                    if move_in <= held_on and (move_out is None or move_out > held_on):
                        status = rng.choice(STATUSES)
                        attendance_rows.append((user_id, now, first_id + number, resident_id,
                                                status, "Work" if status == "excused" else ""))
            connection.executemany(
                "INSERT INTO attendance (recorded_by_id, recorded_at, meeting_id, resident_id, "
                "status, reason) VALUES (?,?,?,?,?,?)", attendance_rows)
            meetings += len(meeting_rows)
            marks += len(attendance_rows)
        lived = [(resident_id, move_in, min(move_out or TODAY, TODAY))
                 for house in stays.values() for resident_id, move_in, move_out in house]
        days = sum((end - begin).days for _, begin, end in lived)
        per_day = OUTSIDE_MEETINGS / max(days, 1)
        outside_rows = []
        for resident_id, begin, end in lived:
            span = (end - begin).days
            for _ in range(round(span * per_day)):
                day = begin + dt.timedelta(days=rng.randrange(span))
                outside_rows.append((user_id, now, resident_id, day.isoformat(),
                                     rng.choice(FELLOWSHIPS), f"Group {rng.randrange(400)}",
                                     rng.choice(TYPES), rng.random() < 0.6, "", ""))
        for begin in range(0, len(outside_rows), 100_000):
            connection.executemany(
                "INSERT INTO outside_meeting (recorded_by_id, recorded_at, resident_id, "
                "attended_on, fellowship, meeting_name, meeting_type, verified, verified_by, "
                "removed_reason) VALUES (?,?,?,?,?,?,?,?,?,?)",
                outside_rows[begin:begin + 100_000])
    connection.execute("ANALYZE")
    database.close()
    return (f"20 houses, 4,000 residents, {meetings:,} house meetings, {marks:,} roll-call "
            f"marks, {len(outside_rows):,} outside meetings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true", help="build it even if cached")
    args = parser.parse_args()
    print(attendance_database(args.rebuild)[1])


if __name__ == "__main__":
    main()
