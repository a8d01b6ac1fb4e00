"""Soberhouse benchmarks, each against a baseline measured in the same run.

    python -m benchmarks.run_benchmarks [--runs 7] [--startup-runs 21] [--keep DIR] [--bundle]

1. Start-up: process start to the first paint of the main window on the large
   database (4,000 residents in 20 houses, with history), against a bare
   PySide6 window with a 1,000-row table.  Target: at most 1.5 times.  The
   window opens on Today, whose counts arrive from a worker thread.
2. Search: time for one keystroke in the residents search (filter applied and
   the table repainted).  Target: under 50 ms.
3. Memory: peak resident memory of the program on that database (start-up, and
   a session that opens the residents section and filters).  Target: 250 MB.
4. Mentoring section: building it and its first paint on a large mentoring
   database (400 mentors, 800 mentees, years of check-ins), against a plain
   table of the same roster rows from one sqlite3 query.  Target: under
   200 ms, in a constant number of queries.
5. Attendance (benchmarks.attendance_speed, on 20 houses with 10 years of weekly
   meetings and roll calls and 1,000,000 outside meetings, cached under /tmp):
   a roll call of 20 saved (target < 100 ms); Today for 1 and 20 houses
   (target < 300 ms, the same number of queries); a CSV import of 100,000
   outside meetings against a plain sqlite3 executemany of the same rows
   (target: at least half its speed).
6. Monthly reports (benchmarks.monthly_reports): 200 residents' reports into
   one PDF against a plain ReportLab script building the same pages (header,
   two tables, a chart, a paragraph).  Target: at most 1.5 times.
7. Audit cost (benchmarks.audit_cost): a roll call of 20 saved (marks added,
   then all changed) and a 2,000-line residents import, with the audit trail
   and with it switched off, taken in turns in the same run.  Target: the
   audit adds at most 10 %.
8. Only with --bundle (benchmarks.bundle_startup): the bundled program's
   start-up (dist/soberhouse, built by scripts/bundle.sh, which takes about a
   minute and is not done here) against the installed program's, on the large
   database, and the bundle's size; skipped when no bundle is built.

Figures are printed; nothing here fails a build (see README for the latest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_STARTUP_RATIO = 1.5
TARGET_KEYSTROKE_MS = 50.0
TARGET_PEAK_MB = 250.0
TARGET_MENTORING_MS = 200.0


def _environment(config_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(config_home)  # fresh window preferences
    env["SOBERHOUSE_EXIT_AFTER_PAINT"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    return env


def time_to_first_paint(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from process start to its ``first-paint`` line, and its peak MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert process.stdout is not None
    painted = None
    for line in process.stdout:
        if line.strip() == "first-paint":
            painted = time.perf_counter() - start
    _, status, usage = os.wait4(process.pid, 0)
    if painted is None or status != 0:
        raise SystemExit(f"{' '.join(command)} did not paint (exit status {status})")
    return painted, usage.ru_maxrss / 1024


def compile_program() -> None:
    """Byte-compile the program as an installation does (pip compiles what it
    installs; scripts/setup.sh compiles the checkout).  Without this, a machine
    with PYTHONDONTWRITEBYTECODE set would time compiling ~40 modules from
    source on every start, which no installed copy does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "soberhouse", "ui", "resources"],
                   check=True, cwd=ROOT)


def measure_startup(database: Path, runs: int, work: Path) -> dict[str, float]:
    from benchmarks import signed_in_start

    compile_program()
    env = _environment(work / "config")
    # The program signs in by itself (ui.sign_in), its password checked as a person's is.
    env.update(signed_in_start.environment(database, work / "sign-in"))
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
    program = [sys.executable, "-m", "ui.launch", "--database", str(database)]
    # One untimed run each warms the disk cache and writes the preferences.
    time_to_first_paint(bare, env)
    time_to_first_paint(program, env)
    bare_times, program_times, program_peaks = [], [], []
    for _ in range(runs):
        seconds, _ = time_to_first_paint(bare, env)
        bare_times.append(seconds)
        seconds, peak = time_to_first_paint(program, env)
        program_times.append(seconds)
        program_peaks.append(peak)
    return {
        "bare_s": statistics.median(bare_times),
        "program_s": statistics.median(program_times),
        "program_peak_mb": max(program_peaks),
    }


SEARCH_SESSION = r'''
import os, resource, statistics, sys, time
from PySide6.QtWidgets import QApplication, QLineEdit
from soberhouse import accounts, database
app = QApplication(sys.argv)
app.setOrganizationName("SoberhouseBenchmark")
database.connect(sys.argv[1])
accounts.act_as("benchmark")
from ui.residents.section import ResidentsSection
section = ResidentsSection()
section.resize(1200, 700)
section.show()
app.processEvents()
search = section.findChild(QLineEdit)
times = []
for word in ["m", "ma", "mar", "mat", "mate", "mateo", "mate", "ma", "m", "", "z", "zo",
             "zoë", "house 1", "house 12", "senior", "", "wó", "wój", "ó", ""] * int(sys.argv[2]):
    start = time.perf_counter()
    search.setText(word)
    app.processEvents()
    times.append((time.perf_counter() - start) * 1000)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
p95 = sorted(times)[int(round(0.95 * (len(times) - 1)))]
print(f"{statistics.median(times):.2f} {p95:.2f} {max(times):.2f} {peak:.1f} {len(times)}")
'''
"""A residents search session in a process of its own (``python -c SEARCH_SESSION
DATABASE REPEATS``): prints the keystrokes' median, 95th percentile and worst
in ms, the peak MB and the number of keys."""


def run_search_session(database: Path, repeats: int, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", SEARCH_SESSION, str(database), str(repeats)],
                         env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    median_ms, p95_ms, max_ms, peak_mb, count = out.split()[-5:]
    return {"median_ms": float(median_ms), "p95_ms": float(p95_ms), "worst_ms": float(max_ms),
            "peak_mb": float(peak_mb), "keys": float(count)}


def measure_search(database: Path, work: Path) -> dict[str, float]:
    env = _environment(work / "config")
    env.pop("SOBERHOUSE_EXIT_AFTER_PAINT")
    session = run_search_session(database, 3, env)
    return {"keystroke_median_ms": session["median_ms"], "keystroke_max_ms": session["worst_ms"],
            "session_peak_mb": session["peak_mb"], "keystrokes": session["keys"]}


def build_mentoring_database(path: Path) -> str:
    """The large mentoring load in its own file; a line describing it."""
    from benchmarks.mentoring_load import build_mentoring_load
    from soberhouse import accounts, clock, database

    if path.exists():
        path.unlink()
    db = database.connect(path)
    accounts.act_as("benchmark")
    with clock.frozen(dt.date(2026, 11, 15)):
        load = build_mentoring_load(db)
    database.close()
    return (f"{load.mentors} mentors, {load.active_mentees} active mentees, "
            f"{load.assignments:,} assignments, {load.check_ins:,} check-ins")


def measure_mentoring(database: Path, runs: int, work: Path) -> dict[str, float]:
    """Median milliseconds to build and first paint the section, and the baseline."""
    env = _environment(work / "config")
    env.pop("SOBERHOUSE_EXIT_AFTER_PAINT")
    results: dict[str, list[tuple[float, int, int]]] = {"section": [], "baseline": []}
    for run in range(runs + 1):  # the first run of each warms the disk cache
        for kind in results:
            out = subprocess.run([sys.executable, "-m", "benchmarks.mentoring_section", kind,
                                  str(database)], env=env, capture_output=True, text=True,
                                 check=True, cwd=ROOT).stdout
            ms, rows, queries = out.split()[-3:]
            if run:
                results[kind].append((float(ms), int(rows), int(queries)))
    section, baseline = results["section"], results["baseline"]
    return {"section_ms": statistics.median(r[0] for r in section),
            "baseline_ms": statistics.median(r[0] for r in baseline),
            "rows": float(section[0][1]), "baseline_rows": float(baseline[0][1]),
            "queries": float(max(r[2] for r in section))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--startup-runs", type=int, default=21,
                        help="start-ups of each program, taken in turns (a start is short "
                             "and this machine's speed wanders: more runs, steadier medians)")
    parser.add_argument("--keep", type=Path, help="build the database in this folder")
    parser.add_argument("--bundle", action="store_true",
                        help="also time the bundled program (dist/soberhouse, built by "
                             "scripts/bundle.sh) against the installed one")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="soberhouse-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    database = work / "large.sqlite3"

    sys.path.insert(0, str(ROOT))
    from benchmarks.large_database import build

    started = time.perf_counter()
    build(database)
    print(f"large database: 4,000 residents, 20 houses, built in "
          f"{time.perf_counter() - started:.1f} s ({database.stat().st_size / 1e6:.1f} MB)")

    startup = measure_startup(database, args.startup_runs, work)
    ratio = startup["program_s"] / startup["bare_s"]
    print(f"start-up to first paint (median of {args.startup_runs}): program "
          f"{startup['program_s'] * 1000:.0f} ms, bare window with 1,000 rows "
          f"{startup['bare_s'] * 1000:.0f} ms, ratio {ratio:.2f} "
          f"(target <= {TARGET_STARTUP_RATIO}) {'OK' if ratio <= TARGET_STARTUP_RATIO else 'MISSED'}")

    search = measure_search(database, work)
    print(f"search keystroke ({search['keystrokes']:.0f} keystrokes on 4,000 residents): median "
          f"{search['keystroke_median_ms']:.1f} ms, worst {search['keystroke_max_ms']:.1f} ms "
          f"(target < {TARGET_KEYSTROKE_MS:.0f} ms) "
          f"{'OK' if search['keystroke_max_ms'] < TARGET_KEYSTROKE_MS else 'MISSED'}")

    peak = max(startup["program_peak_mb"], search["session_peak_mb"])
    print(f"peak memory: start-up {startup['program_peak_mb']:.0f} MB, search session "
          f"{search['session_peak_mb']:.0f} MB (target <= {TARGET_PEAK_MB:.0f} MB) "
          f"{'OK' if peak <= TARGET_PEAK_MB else 'MISSED'}")

    mentoring_database = work / "mentoring.sqlite3"
    started = time.perf_counter()
    described = build_mentoring_database(mentoring_database)
    print(f"large mentoring database: {described}, built in "
          f"{time.perf_counter() - started:.1f} s")
    mentoring = measure_mentoring(mentoring_database, args.runs, work)
    print(f"mentoring section opens (median of {args.runs}, build + first paint, "
          f"{mentoring['rows']:.0f} rows shown, {mentoring['queries']:.0f} queries): "
          f"{mentoring['section_ms']:.0f} ms; plain table of {mentoring['baseline_rows']:.0f} "
          f"rows from one sqlite3 query {mentoring['baseline_ms']:.0f} ms "
          f"(target < {TARGET_MENTORING_MS:.0f} ms) "
          f"{'OK' if mentoring['section_ms'] < TARGET_MENTORING_MS else 'MISSED'}")

    # Its own process: the figures, one line each, as it prints them.
    subprocess.run([sys.executable, "-m", "benchmarks.attendance_speed", "--runs",
                    str(args.runs)], env=_environment(work / "config"), check=True, cwd=ROOT)

    from benchmarks.monthly_reports import describe, measure_monthly_reports

    print(describe(measure_monthly_reports(residents=200, runs=5)))

    subprocess.run([sys.executable, "-m", "benchmarks.audit_cost"],
                   env=_environment(work / "config"), check=True, cwd=ROOT)

    if args.bundle:
        subprocess.run([sys.executable, "-m", "benchmarks.bundle_startup", "--runs",
                        str(args.startup_runs), "--database", str(database)],
                       env=_environment(work / "config"), check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
