"""Issue 13's "today" figures on the large operator (benchmarks.large_operator),
at 1,000, 4,000 and 10,000 residents, each with its baseline from the same run.

    python -m benchmarks.operator_figures [--sizes 1000 4000 10000] [--runs 7]
                                          [--search-at 10000] [--rebuild]

(a) Today, the core figure: ``soberhouse.today.today_overview(None)``, what the
    Today screen's worker counts for all 20 houses (and for one house), median
    of ``--runs``; baseline: the same facts read by six set-based SQL queries
    (active residents and their tier's quota, this week's outside meetings,
    unexcused absences in 90 days, the last meeting of each house, open
    assignments and their last check-in, outside meetings in 90 days).
    Target (issue 13): under 300 ms at 10,000 residents.
(b) Residents CSV import: every resident of the operator exported with the
    program's own export (``residents_csv.export_residents``), then read and
    imported into an empty file holding the same 20 houses
    (``read_residents_csv`` + ``apply_import``, the backup before an import
    paused: it is timed by benchmarks.backup_speed); baseline: a plain
    ``sqlite_driver`` ``executemany`` of the rows that import wrote (residents,
    stays, status, tier, sobriety and bed history) into another copy of the
    same empty file, both committing, both with the program's cache and
    journal settings (WAL, synchronous=full, 16 MB cache).  Target: at least
    0.5 of the plain insert's speed.
(c) Search keystroke (``--search-at`` residents): 100 keys typed into the
    residents section's search field (set and processed until repainted, as
    benchmarks.run_benchmarks.measure_search does), median, 95th percentile
    and worst.  Target: 95th percentile under 50 ms, worst under 100 ms.

Work is done on copies of the cached databases, so the cache stays as built.
The standard sqlite3 module is never used: every outside access goes through
soberhouse.sqlite_driver, the program's own SQLite library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.large_operator import SIZES, TODAY, large_operator

ROOT = Path(__file__).resolve().parent.parent
TARGET_TODAY_MS = 300.0
TARGET_IMPORT_RATIO = 0.5
TARGET_KEY_P95_MS = 50.0
TARGET_KEY_WORST_MS = 100.0
IMPORTED_TABLES = ("resident", "stay", "status_change", "tier_change", "sobriety_date_change",
                   "bed_move")


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def timed_ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


# ---------------------------------------------------------------- (a) Today


def plain_today_queries(connection: object, on: dt.date) -> int:
    """The facts Today shows, read by six set-based queries; the rows read."""
    week_start = on - dt.timedelta(days=on.weekday())
    ninety = (on - dt.timedelta(days=90)).isoformat()
    queries = [
        ("SELECT r.id, r.house_id, t.weekly_meeting_quota FROM resident r "
         "LEFT JOIN tier t ON t.id = r.tier_id WHERE r.status = 'active'", ()),
        ("SELECT o.resident_id, count(*) FROM outside_meeting o JOIN resident r "
         "ON r.id = o.resident_id WHERE r.status = 'active' AND o.removed_at IS NULL "
         "AND o.attended_on BETWEEN ? AND ? GROUP BY o.resident_id",
         (week_start.isoformat(), on.isoformat())),
        ("SELECT a.resident_id, count(*) FROM attendance a JOIN house_meeting m "
         "ON m.id = a.meeting_id WHERE a.status = 'unexcused' AND m.held_on >= ? "
         "GROUP BY a.resident_id", (ninety,)),
        ("SELECT m.house_id, max(m.held_on) FROM house_meeting m WHERE m.held_on <= ? "
         "AND m.cancelled = 0 GROUP BY m.house_id", (on.isoformat(),)),
        ("SELECT a.mentee_id, max(c.held_on) FROM mentor_assignment a LEFT JOIN check_in c "
         "ON c.assignment_id = a.id AND c.removed_at IS NULL WHERE a.ended_on IS NULL "
         "GROUP BY a.mentee_id", ()),
        ("SELECT o.resident_id, count(*) FROM outside_meeting o JOIN resident r "
         "ON r.id = o.resident_id WHERE r.status = 'active' AND o.removed_at IS NULL "
         "AND o.attended_on >= ? GROUP BY o.resident_id", (ninety,)),
    ]
    rows = 0
    for sql, parameters in queries:
        rows += len(connection.execute(sql, parameters).fetchall())  # type: ignore[attr-defined]
    return rows


def measure_today(runs: int) -> dict[str, float]:
    from soberhouse.models import House, database_proxy
    from soberhouse.today import today_overview

    first_house = House.select().order_by(House.id).get().id
    connection = database_proxy.obj.connection()
    figures: dict[str, float] = {}
    for label, house_id in (("all", None), ("one", first_house)):
        today_overview(house_id, TODAY)  # warm the cache
        times = [timed_ms(lambda: today_overview(house_id, TODAY))  # noqa: B023
                 for _ in range(runs)]
        figures[f"{label}_ms"] = statistics.median(times)
        figures[f"{label}_worst_ms"] = max(times)
    figures["items"] = float(today_overview(None, TODAY).total)
    plain_today_queries(connection, TODAY)
    figures["plain_ms"] = statistics.median(
        timed_ms(lambda: plain_today_queries(connection, TODAY)) for _ in range(runs))
    return figures


# ---------------------------------------------------------------- (b) import


def empty_file_with_houses(template: Path, houses: list[tuple[str, int, str]]) -> None:
    """A new data file holding only the operator's houses (default tiers), as
    a manager sets it up before importing their residents."""
    from soberhouse import accounts, clock, database
    from soberhouse.houses import HouseDetails, create_house

    database.connect(template)
    accounts.act_as("benchmark")
    with clock.frozen(TODAY):
        for name, beds, address in houses:
            create_house(HouseDetails(name=name, beds=beds, address=address))
    database.close()


def program_import(file: Path, csv_file: Path) -> tuple[float, float, int]:
    """Seconds to check and to import ``csv_file`` into ``file``; residents imported."""
    from soberhouse import accounts, clock, database
    from soberhouse.backups import automatic_backups_paused
    from soberhouse.residents_csv import apply_import, read_residents_csv

    database.connect(file)
    try:
        accounts.act_as("benchmark")
        with clock.frozen(TODAY):
            started = time.perf_counter()
            preview = read_residents_csv(csv_file, "ymd", today=TODAY)
            checked = time.perf_counter()
            if preview.bad_rows:
                raise SystemExit("the exported residents file has bad lines: "
                                 + "; ".join(preview.messages()[:3]))
            with automatic_backups_paused():
                imported = apply_import(preview)
            done = time.perf_counter()
    finally:
        database.close()
    return checked - started, done - checked, imported


def written_rows(file: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """The rows of the imported tables, with their columns (ids included)."""
    from soberhouse import sqlite_driver

    connection = sqlite_driver.connect(file)
    try:
        found = {}
        for table in IMPORTED_TABLES:
            cursor = connection.execute(f"SELECT * FROM {table}")
            found[table] = ([column[0] for column in cursor.description], cursor.fetchall())
        return found
    finally:
        connection.close()


def plain_insert(file: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]
                 ) -> float:
    """Seconds for a plain executemany of ``rows`` into ``file``, committed,
    with the program's settings (database.SQLITE_PRAGMAS, WAL)."""
    from soberhouse import sqlite_driver
    from soberhouse.database import SQLITE_PRAGMAS

    connection = sqlite_driver.connect(file, isolation_level=None)
    try:
        for name, value in SQLITE_PRAGMAS.items():
            connection.execute(f"PRAGMA {name} = {value}")
        connection.execute("PRAGMA journal_mode = wal")
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        for table, (columns, values) in rows.items():
            marks = ",".join("?" * len(columns))
            connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                   values)
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def measure_import(operator_copy: Path, work: Path, baseline_runs: int = 3) -> dict[str, float]:
    from soberhouse import accounts, database
    from soberhouse.models import House
    from soberhouse.residents_csv import export_residents

    csv_file = work / "residents.csv"
    database.connect(operator_copy)
    try:
        accounts.act_as("benchmark")
        exported = export_residents(csv_file)
        houses = [(h.name, h.beds, h.address) for h in House.select().order_by(House.id)]
    finally:
        database.close()
    template = work / "empty-with-houses.sqlite3"
    empty_file_with_houses(template, houses)
    ours_file = work / "imported.sqlite3"
    shutil.copyfile(template, ours_file)
    check_s, import_s, imported = program_import(ours_file, csv_file)
    assert imported == exported, (imported, exported)
    rows = written_rows(ours_file)
    plain_times = []
    for run in range(baseline_runs):
        plain_file = work / f"plain-{run}.sqlite3"
        shutil.copyfile(template, plain_file)
        plain_times.append(plain_insert(plain_file, rows))
        plain_file.unlink()
    return {"residents": float(exported), "rows": float(sum(len(v) for _, v in rows.values())),
            "check_s": check_s, "import_s": import_s, "plain_s": statistics.median(plain_times),
            "csv_kb": csv_file.stat().st_size / 1024}


# ---------------------------------------------------------------- (c) search


def measure_search(file: Path, work: Path) -> dict[str, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env["PYTHONPATH"] = str(ROOT)
    from benchmarks.run_benchmarks import run_search_session

    return run_search_session(file, 5, env)


# ---------------------------------------------------------------- the run


def measure_size(residents: int, runs: int, search: bool, rebuild: bool) -> list[str]:
    from soberhouse import accounts, clock, database

    cached, described = large_operator(residents, rebuild)
    lines = [f"[{residents:,} residents] operator database: {described}"]
    print(lines[-1], flush=True)
    with tempfile.TemporaryDirectory(prefix="soberhouse-operator-") as folder:
        work = Path(folder)
        copy = work / "operator.sqlite3"
        shutil.copyfile(cached, copy)
        database.connect(copy)
        try:
            accounts.act_as("benchmark")
            with clock.frozen(TODAY):
                today = measure_today(runs)
        finally:
            database.close()
        ratio = today["all_ms"] / today["plain_ms"]
        lines.append(
            f"[{residents:,}] (a) Today core, all 20 houses (median of {runs}): "
            f"{today['all_ms']:.0f} ms (worst {today['all_worst_ms']:.0f}), one house "
            f"{today['one_ms']:.0f} ms, {today['items']:.0f} items; baseline six set-based "
            f"SQL queries of the same facts {today['plain_ms']:.1f} ms; ratio {ratio:.1f}x "
            f"(target < {TARGET_TODAY_MS:.0f} ms at 10,000) "
            f"{verdict(today['all_ms'] < TARGET_TODAY_MS)}")
        print(lines[-1], flush=True)
        figures = measure_import(copy, work)
        ours = figures["check_s"] + figures["import_s"]
        ratio = figures["plain_s"] / ours
        lines.append(
            f"[{residents:,}] (b) residents CSV import of {figures['residents']:,.0f} lines "
            f"({figures['csv_kb']:,.0f} KB, {figures['rows']:,.0f} rows written): "
            f"{ours:.2f} s = {ours * 1000 / figures['residents']:.2f} ms a line (check "
            f"{figures['check_s']:.2f} s, import {figures['import_s']:.2f} s); plain "
            f"executemany of the same rows {figures['plain_s']:.3f} s; ratio {ratio:.3f} "
            f"(target >= {TARGET_IMPORT_RATIO}) {verdict(ratio >= TARGET_IMPORT_RATIO)}")
        print(lines[-1], flush=True)
        if search:
            keys = measure_search(copy, work)
            fast = keys["p95_ms"] < TARGET_KEY_P95_MS and keys["worst_ms"] < TARGET_KEY_WORST_MS
            lines.append(
                f"[{residents:,}] (c) search keystroke ({keys['keys']:.0f} keys): median "
                f"{keys['median_ms']:.1f} ms, 95th percentile {keys['p95_ms']:.1f} ms, worst "
                f"{keys['worst_ms']:.1f} ms (target p95 < {TARGET_KEY_P95_MS:.0f} ms, worst < "
                f"{TARGET_KEY_WORST_MS:.0f} ms) "
                f"{verdict(fast)}")
            print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--search-at", type=int, nargs="*", default=[10_000],
                        help="sizes at which the search keystrokes are timed")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    args = parser.parse_args()
    for residents in args.sizes:
        measure_size(residents, args.runs, residents in args.search_at, args.rebuild)


if __name__ == "__main__":
    main()
