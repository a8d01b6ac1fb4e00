"""What the audit trail costs: the same writes with it and without it, in one run.

    python -m benchmarks.audit_cost [--runs 31] [--residents 2000]

(a) a roll call of 20 residents saved with ``save_roll_call`` on a new
    meeting (20 marks added in one insert), and (b) the same roll call saved
    again with every mark changed (20 rows saved one by one: each read once
    for its old values), median of ``--runs`` each;
(c) a residents CSV import of ``--residents`` lines (``apply_import``, the
    write; the check before it reads only), median of seven, each into a fresh
    copy of the same data file.

"Without" is the seam with its audit switched off
(:func:`soberhouse.recording._audit_switched_off`, used by nothing else):
no rows noted, no audit event appended, the change entry still written, as
before the audit trail.  With and without alternate run by run (on, off,
off, on...), on SQLite in WAL mode as the program opens it.  Each line also
gives the audit's own work timed inside the audited writes (:class:`AuditWork`),
which a busy machine disturbs less.  Target: the audit adds at most 10 %.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

TODAY = dt.date(2026, 11, 15)
TARGET_RATIO = 1.10
HOUSES = 8


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


class AuditWork:
    """Time spent inside the audit's own functions during a write (the rows
    noted, the old values read, the event appended: its SQL run included), to
    set beside the write's whole time: steadier than the difference of two
    timings on a busy machine.  The commit's extra pages are not in it."""

    def __init__(self) -> None:
        self.ms = 0.0
        self._patched: list[tuple[object, str, object]] = []

    def __enter__(self) -> AuditWork:
        from soberhouse import audit
        from soberhouse.models import BaseModel
        from soberhouse.recording import WriteScope

        targets = [(audit, "append"), (BaseModel, "_saved_values")] + [
            (WriteScope, name) for name in ("row_created", "row_changed", "row_deleted",
                                            "rows_inserted", "row_updated", "rows_deleted")]
        for owner, name in targets:
            original = getattr(owner, name)
            self._patched.append((owner, name, original))
            setattr(owner, name, self._timing(original))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._patched):
            setattr(owner, name, original)

    def _timing(self, function: Callable[..., object]) -> Callable[..., object]:
        def timed_call(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.ms += (time.perf_counter() - started) * 1000

        return timed_call


def switched(audited: bool) -> AbstractContextManager[None]:
    from soberhouse.recording import _audit_switched_off

    return nullcontext() if audited else _audit_switched_off()


def line(what: str, on: list[float], off: list[float], work: list[float]) -> str:
    """Medians with and without, the fastest runs (the least disturbed by other
    work on the machine), and the audit's own share of the audited runs
    (median of work / time, run by run); the verdict is the medians'."""
    with_audit, without = statistics.median(on), statistics.median(off)
    ratio = with_audit / without
    share = statistics.median(w / (t - w) for w, t in zip(work, on, strict=True))
    return (f"{what}: {with_audit:.1f} ms with the audit, {without:.1f} ms without "
            f"(medians of {len(on)}): ratio {ratio:.3f} (target <= {TARGET_RATIO:.2f}) "
            f"{verdict(ratio <= TARGET_RATIO)}; fastest runs {min(on):.1f} / {min(off):.1f} ms, "
            f"ratio {min(on) / min(off):.3f}; the audit's own work {statistics.median(work):.2f} "
            f"ms a run, +{share:.1%} of the rest")


def roll_calls(runs: int) -> list[str]:
    from soberhouse.houses import HouseDetails, create_house
    from soberhouse.meetings.records import MeetingDetails, record_meeting
    from soberhouse.meetings.roll_call import RollCallMark, save_roll_call
    from soberhouse.models.meetings import AttendanceStatus
    from soberhouse.residents import ResidentDetails, admit_resident

    house = create_house(HouseDetails(name="Roll Call House", beds=24))
    ids = [admit_resident(ResidentDetails(
        first_name=f"Resident{n}", last_name="Example", date_of_birth=dt.date(1980, 1, 1 + n),
        house_id=house.id, move_in_date=dt.date(2020, 1, 1),
        sobriety_date=dt.date(2019, 12, 1), room=str(n), bed="A")).id for n in range(20)]
    first = [RollCallMark(rid, AttendanceStatus.EXCUSED if n == 3 else AttendanceStatus.PRESENT,
                          "Work" if n == 3 else "") for n, rid in enumerate(ids)]
    again = [RollCallMark(rid, AttendanceStatus.LATE) for rid in ids]
    new: dict[bool, list[float]] = {True: [], False: []}
    changed: dict[bool, list[float]] = {True: [], False: []}
    work: dict[str, list[float]] = {"new": [], "changed": []}
    day = TODAY - dt.timedelta(days=1)
    for run in range(2 * runs):
        audited = run % 4 in (0, 3)  # on, off, off, on: no side always goes first
        meeting = record_meeting(MeetingDetails(house.id, day, "21:00", "special"))
        day -= dt.timedelta(days=1)
        with switched(audited), AuditWork() as spent:
            new[audited].append(timed(lambda: save_roll_call(meeting.id, first)))  # noqa: B023
            marks_ms = spent.ms
            changed[audited].append(timed(lambda: save_roll_call(meeting.id, again)))  # noqa: B023
        if audited:
            work["new"].append(marks_ms)
            work["changed"].append(spent.ms - marks_ms)
    return [line("(a) roll call of 20 saved, marks added", new[True], new[False], work["new"]),
            line("(b) the same roll call, all 20 marks changed", changed[True], changed[False],
                 work["changed"])]


def import_file(folder: Path, lines: int) -> Path:
    path = folder / "residents.csv"
    rows = ["First name,Last name,Date of birth,House,Move-in date,Sobriety date,Phone"]
    for n in range(lines):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=n * 7)
        rows.append(f"Person{n},Imported,{born.isoformat()},House {n % HOUSES},"
                    f"2026-10-{1 + n % 28:02d},2026-09-{1 + n % 28:02d},555-{n:04d}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def residents_import(folder: Path, lines: int, runs: int = 7) -> str:
    from soberhouse import accounts, database
    from soberhouse.backups import automatic_backups_paused
    from soberhouse.houses import HouseDetails, create_house
    from soberhouse.residents_csv import apply_import, read_residents_csv

    base = folder / "base.sqlite3"
    database.connect(base)
    accounts.act_as("benchmark")
    for number in range(HOUSES):
        create_house(HouseDetails(name=f"House {number}", beds=lines // HOUSES + 10))
    database.close()
    source = import_file(folder, lines)
    times: dict[bool, list[float]] = {True: [], False: []}
    work: list[float] = []
    for run in range(2 * runs):
        audited = run % 4 in (0, 3)  # on, off, off, on: no side always goes first
        copy = folder / f"run{run}.sqlite3"
        shutil.copyfile(base, copy)
        database.connect(copy)
        accounts.act_as("benchmark")
        try:
            preview = read_residents_csv(source)
            assert len(preview.good_rows) == lines, "every line of the file should be good"
            # the backup taken before an import is not the import's own work
            with switched(audited), AuditWork() as spent, automatic_backups_paused():
                ms = timed(lambda: apply_import(preview))  # noqa: B023
            times[audited].append(ms)
            if audited:
                work.append(spent.ms)
        finally:
            database.close()
        copy.unlink()
    return line(f"(c) residents import of {lines:,} lines", times[True], times[False], work)


def measure(runs: int = 31, residents: int = 2000) -> list[str]:
    from soberhouse import accounts, clock, database

    lines = []
    with tempfile.TemporaryDirectory(prefix="soberhouse-audit-cost-") as work:
        folder = Path(work)
        with clock.frozen(TODAY):
            database.connect(folder / "roll-calls.sqlite3")
            accounts.act_as("benchmark")
            try:
                lines += roll_calls(runs)
            finally:
                database.close()
            lines.append(residents_import(folder, residents))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--residents", type=int, default=2000)
    args = parser.parse_args()
    for text in measure(args.runs, args.residents):
        print(text, flush=True)


if __name__ == "__main__":
    main()
