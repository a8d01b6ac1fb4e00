"""Attendance speed on the issue's large database (benchmarks.attendance_database).

    python -m benchmarks.attendance_speed [--runs 7] [--rebuild]

(a) one roll call of 20 residents saved with ``save_roll_call`` (median of
    ``--runs``, a new meeting each time); target < 100 ms;
(b) Today (``today_overview``) for one house and for all 20 houses (median),
    with its number of queries, which must be the same for both; target < 300 ms;
(c) importing 100,000 outside meetings from CSV (check + import) against a plain
    sqlite3 ``executemany`` of the same rows into the same database (median of
    three, rolled back); target: the import at least half as fast (ratio >= 0.5).

Work is done on a copy of the cached database, so the cache stays as built.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
from soberhouse import sqlite_driver
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.attendance_database import TODAY, attendance_database

TARGET_ROLL_CALL_MS = 100.0
TARGET_TODAY_MS = 300.0
TARGET_IMPORT_RATIO = 0.5
IMPORT_ROWS = 100_000


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """The SQL run inside the block."""
    from soberhouse.models import database_proxy

    executed: list[str] = []
    database = database_proxy.obj
    original = database.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        executed.append(sql)
        return original(sql, *args, **kwargs)

    database.execute_sql = counting
    try:
        yield executed
    finally:
        del database.execute_sql


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def roll_call(runs: int) -> str:
    from soberhouse.meetings.records import MeetingDetails, record_meeting
    from soberhouse.meetings.roll_call import RollCallMark, members_on, save_roll_call
    from soberhouse.models import House
    from soberhouse.models.meetings import AttendanceStatus

    house = House.select().order_by(House.id).get()
    times = []
    day = TODAY - dt.timedelta(days=1)
    while len(times) < runs:
        members = members_on(house.id, day)
        if len(members) >= 20:
            meeting = record_meeting(MeetingDetails(house.id, day, "21:00", "special"))
            marks = [RollCallMark(member.resident_id,
                                  AttendanceStatus.EXCUSED if n == 3 else AttendanceStatus.PRESENT,
                                  "Work" if n == 3 else "")
                     for n, member in enumerate(members[:20])]
            times.append(timed(lambda: save_roll_call(meeting.id, marks)))  # noqa: B023
        day -= dt.timedelta(days=1)
    median = statistics.median(times)
    return (f"(a) roll call of 20 residents saved (median of {runs}): {median:.1f} ms, worst "
            f"{max(times):.1f} ms (target < {TARGET_ROLL_CALL_MS:.0f} ms) "
            f"{verdict(median < TARGET_ROLL_CALL_MS)}")


def today(runs: int) -> str:
    try:
        from soberhouse.today import today_overview
    except ImportError:
        return "(b) Today: skipped, soberhouse.today.today_overview does not exist yet"
    from soberhouse.models import House

    first_house = House.select().order_by(House.id).get().id
    figures = {}
    for label, house_id in (("1 house", first_house), ("20 houses", None)):
        today_overview(house_id, TODAY)  # warm the cache
        times = [timed(lambda: today_overview(house_id, TODAY)) for _ in range(runs)]  # noqa: B023
        with counting_queries() as queries:
            overview = today_overview(house_id, TODAY)
        figures[label] = (statistics.median(times), len(queries), overview.total)
    worst = max(median for median, _, _ in figures.values())
    constant = len({count for _, count, _ in figures.values()}) == 1
    shown = "; ".join(f"{label} {median:.0f} ms, {count} queries, {items} items"
                      for label, (median, count, items) in figures.items())
    return (f"(b) Today (median of {runs}): {shown} (target < {TARGET_TODAY_MS:.0f} ms, "
            f"queries {'constant' if constant else 'NOT constant'}) "
            f"{verdict(worst < TARGET_TODAY_MS and constant)}")


def import_file(folder: Path) -> tuple[Path, list[tuple[object, ...]]]:
    """A CSV of IMPORT_ROWS outside meetings of residents living in a house in the
    last 90 days (by name and id: names repeat among 4,000 residents), and the
    rows an import writes for it, for the baseline."""
    import random

    from soberhouse.models import AppUser, Resident, Stay

    rng = random.Random(5)
    start = TODAY - dt.timedelta(days=90)
    living = [(rid, first, last, max(move_in, start))
              for rid, first, last, move_in in Resident.select(
                  Resident.id, Resident.first_name, Resident.last_name, Stay.move_in_date)
              .join(Stay, on=(Stay.resident == Resident.id))
              .where(Stay.move_out_date.is_null(), Stay.move_in_date < TODAY).tuples()]
    user_id = AppUser.get().id
    path = folder / "outside-meetings.csv"
    rows: list[tuple[object, ...]] = []
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Resident", "Resident id", "Date", "Fellowship", "Meeting name",
                         "Type", "Verified", "Verified by"])
        for number in range(IMPORT_ROWS):
            rid, first, last, begin = rng.choice(living)
            day = begin + dt.timedelta(days=rng.randrange((TODAY - begin).days + 1))
            fellowship = rng.choice(["AA", "NA", "SMART Recovery", "CA"])
            verified = rng.random() < 0.6
            name = f"Imported group {number}"
            writer.writerow([f"{first} {last}", rid, day.strftime("%d/%m/%Y"), fellowship,
                             name, "Big Book", "yes" if verified else "no",
                             "Chair" if verified else ""])
            rows.append((rid, day.isoformat(), fellowship.split()[0].lower(), name,
                         "big_book", verified, "Chair" if verified else "", "", user_id,
                         f"{TODAY} 09:00:00"))
    return path, rows


def baseline(path: Path, rows: list[tuple[object, ...]]) -> float:
    """Seconds for a plain sqlite3 executemany of ``rows`` (rolled back)."""
    connection = sqlite_driver.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=1")
    connection.execute("PRAGMA journal_mode=wal")
    try:
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO outside_meeting (resident_id, attended_on, fellowship, meeting_name, "
            "meeting_type, verified, verified_by, removed_reason, recorded_by_id, recorded_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        seconds = time.perf_counter() - started
        connection.execute("ROLLBACK")
    finally:
        connection.close()
    return seconds


def csv_import(path: Path, folder: Path) -> str:
    from soberhouse import database
    from soberhouse.backups import automatic_backups_paused
    from soberhouse.outside_meetings_csv import apply_outside_meetings, read_outside_meetings_csv

    file, rows = import_file(folder)
    database.close()
    plain = statistics.median(baseline(path, rows) for _ in range(3))
    database.connect(path)
    started = time.perf_counter()
    preview = read_outside_meetings_csv(file, "dmy", today=TODAY)
    checked = time.perf_counter()
    if preview.bad_rows:
        raise SystemExit("the benchmark file has bad lines: " + "; ".join(preview.messages()[:3]))
    with automatic_backups_paused():  # the backup before an import is timed elsewhere
        imported = apply_outside_meetings(preview)
    ours = time.perf_counter() - started
    assert imported == IMPORT_ROWS
    ratio = plain / ours
    return (f"(c) CSV import of {IMPORT_ROWS:,} outside meetings into "
            f"{1_000_000:,}+: {IMPORT_ROWS / ours:,.0f} rows/s ({ours:.2f} s: check "
            f"{checked - started:.2f} s, import {ours - (checked - started):.2f} s); plain "
            f"sqlite3 executemany {IMPORT_ROWS / plain:,.0f} rows/s ({plain:.2f} s); ratio "
            f"{ratio:.2f} (target >= {TARGET_IMPORT_RATIO}) {verdict(ratio >= TARGET_IMPORT_RATIO)}")


def measure(runs: int = 7, rebuild: bool = False) -> list[str]:
    from soberhouse import accounts, clock, database

    cached, described = attendance_database(rebuild)
    lines = [f"attendance database: {described}"]
    with tempfile.TemporaryDirectory(prefix="soberhouse-attendance-") as work:
        folder = Path(work)
        path = folder / "attendance.sqlite3"
        shutil.copyfile(cached, path)
        with clock.frozen(TODAY):
            database.connect(path)
            accounts.act_as("benchmark")
            try:
                lines.append(roll_call(runs))
                lines.append(today(runs))
                lines.append(csv_import(path, folder))
            finally:
                database.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    args = parser.parse_args()
    for line in measure(args.runs, args.rebuild):
        print(line, flush=True)


if __name__ == "__main__":
    main()
