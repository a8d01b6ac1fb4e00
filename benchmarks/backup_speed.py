"""Benchmark: a verified backup of the large database (4,000 residents in 20
houses, with history), in the same run as its baselines.

- the backup (:func:`soberhouse.backups.take_backup`: the copy a few pages a
  step with a pause, the integrity check, every table's rows counted) against
  a plain copy of the file (``shutil.copyfile``) and SQLite's backup in one
  step without any check;
- the longest pause a thread standing for the window's event loop sees while
  the backup runs in another thread (it wakes every 5 ms and notes how late
  it woke; goal: under 50 ms), and the longest wait of a writer saving one
  row every 20 ms meanwhile.

    python -m benchmarks.backup_speed [--residents 4000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
from soberhouse import sqlite_driver
import statistics
import tempfile
import threading
import time
from pathlib import Path

TICK = 0.005


def _ticker(stop: threading.Event, lateness: list[float]) -> None:
    while not stop.is_set():
        asked = time.perf_counter()
        time.sleep(TICK)
        lateness.append(time.perf_counter() - asked - TICK)


def _writer(path: Path, stop: threading.Event, waits: list[float]) -> None:
    connection = sqlite_driver.connect(path, isolation_level=None, timeout=10)
    connection.execute("CREATE TABLE IF NOT EXISTS benchmark_writes (at REAL)")
    while not stop.is_set():
        started = time.perf_counter()
        connection.execute("INSERT INTO benchmark_writes VALUES (?)", (started,))
        waits.append(time.perf_counter() - started)
        time.sleep(0.02)
    connection.close()


def _idle(path: Path, seconds: float) -> tuple[float, float]:
    """The same ticker and writer for ``seconds`` with no backup running: the
    longest pause and the longest wait the machine gives anyway."""
    stop = threading.Event()
    lateness: list[float] = []
    writes: list[float] = []
    threads = [threading.Thread(target=_ticker, args=(stop, lateness)),
               threading.Thread(target=_writer, args=(path, stop, writes))]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return max(lateness, default=0.0), max(writes, default=0.0)


def measure(residents: int = 4000, runs: int = 5) -> list[str]:
    from benchmarks import large_database
    from soberhouse import accounts, backups, database

    folder = Path(tempfile.mkdtemp(prefix="soberhouse-backup-bench-"))
    try:
        path = folder / "large.sqlite3"
        large_database.build(path, residents=residents)
        database.close()
        plain, one_step, ours, pauses, waits = [], [], [], [], []
        for run in range(runs):
            started = time.perf_counter()
            shutil.copyfile(path, folder / f"plain-{run}.sqlite3")
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            with sqlite_driver.connect(path) as source, \
                    sqlite_driver.connect(folder / f"one-step-{run}.sqlite3") as copy:
                source.backup(copy)
            one_step.append(time.perf_counter() - started)

            database.connect(path)
            accounts.act_as("benchmark")
            stop = threading.Event()
            lateness: list[float] = []
            writes: list[float] = []
            threads = [threading.Thread(target=_ticker, args=(stop, lateness)),
                       threading.Thread(target=_writer, args=(path, stop, writes))]
            for thread in threads:
                thread.start()
            worker = threading.Thread(  # as the window's worker will
                target=backups.backup_file, args=(path, "benchmark", folder / "backups"))
            started = time.perf_counter()
            worker.start()
            worker.join()
            ours.append(time.perf_counter() - started)
            stop.set()
            for thread in threads:
                thread.join()
            database.close()
            pauses.append(max(lateness, default=0.0))
            waits.append(max(writes, default=0.0))
        idle_pause, idle_wait = _idle(path, max(ours))
        size = path.stat().st_size / (1024 * 1024)
        return [
            f"Backup of {residents:,} residents ({size:.1f} MB), median of {runs}: "
            f"{statistics.median(ours) * 1000:,.0f} ms verified "
            f"(plain file copy {statistics.median(plain) * 1000:,.0f} ms, SQLite backup in "
            f"one step unchecked {statistics.median(one_step) * 1000:,.0f} ms)",
            f"  longest pause of a 5 ms ticker while it ran: "
            f"{max(pauses) * 1000:.1f} ms (goal < 50 ms); longest wait of a writer saving "
            f"every 20 ms: {max(waits) * 1000:.1f} ms (with no backup running: "
            f"{idle_pause * 1000:.1f} ms and {idle_wait * 1000:.1f} ms)",
        ]
    finally:
        database.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for line in measure(args.residents, args.runs):
        print(line)


if __name__ == "__main__":
    main()
