"""What encryption at rest costs: the same work on an encrypted data file and
on the same data in a plain file, taken in turns in the same run.

    python -m benchmarks.encryption_cost [--runs 15] [--keep DIR]

The data: the large database (benchmarks.large_database: 4,000 residents in
20 houses, three years of history), built once, then copied into an
encrypted file with SQLCipher's ``sqlcipher_export`` and a key file whose
lock opens with the benchmark account's password (both files hold the same
rows and accounts).

1. Start-up: the whole program (``python -m ui.launch``), signing in with the
   password file (on the encrypted file: the data key unlocked by Argon2id
   first), from launch to the first paint of the window, median of the runs.
2. Month batch: the real command line, ``soberhouse report --house "House 01"
   --all --month 2026-10`` (200 residents' reports into one PDF), whole
   process, median of the runs.
3. Opening alone: ``database.connect`` with the raw key against without.

Target (issue 12): the encrypted file at most 1.1 times the plain one for
the start-up and the month batch.  Figures are printed; nothing fails.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run_benchmarks import ROOT, _environment, compile_program, time_to_first_paint

TARGET_RATIO = 1.1
MONTH = "2026-10"
HOUSE = "House 01"


def build_pair(work: Path) -> tuple[Path, Path, dict[str, str]]:
    """The plain large database, its encrypted copy, and the environment a
    started program signs in with (the same account and password on both)."""
    from benchmarks import large_database, signed_in_start
    from soberhouse import encryption, sqlite_driver

    plain = work / "plain" / "soberhouse.sqlite3"
    encrypted = work / "encrypted" / "soberhouse.sqlite3"
    plain.parent.mkdir(parents=True, exist_ok=True)
    encrypted.parent.mkdir(parents=True, exist_ok=True)
    if not plain.exists():
        large_database.build(plain)
    sign_in = signed_in_start.environment(plain, work / "sign-in")
    for leftover in encrypted.parent.iterdir():  # the copy is made afresh each run
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    keys = encryption.create_key_file(encrypted, signed_in_start.USERNAME,
                                      signed_in_start.PASSWORD)
    with sqlite_driver.connect(str(plain), isolation_level=None) as source:
        source.execute(f"ATTACH DATABASE '{encrypted}' AS encrypted "
                       f"KEY \"x'{keys.data_key.hex()}'\"")
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute("DETACH DATABASE encrypted")
    with sqlite_driver.connect(str(encrypted), key=keys.data_key) as check:
        check.execute("PRAGMA journal_mode = wal")
    return plain, encrypted, sign_in


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    return time.perf_counter() - start


def measure(work: Path, runs: int) -> dict[str, float]:
    from soberhouse import database, encryption

    compile_program()
    plain, encrypted, sign_in = build_pair(work)
    env = _environment(work / "config")
    env.update(sign_in)
    program = {name: [sys.executable, "-m", "ui.launch", "--database", str(path)]
               for name, path in (("plain", plain), ("encrypted", encrypted))}
    batch_env = dict(env)
    batch_env.pop("SOBERHOUSE_EXIT_AFTER_PAINT", None)
    batch = {name: [sys.executable, "-m", "soberhouse", "--database", str(path), "report",
                    "--house", HOUSE, "--all", "--month", MONTH,
                    "--out", str(work / f"batch-{name}.pdf")]
             for name, path in (("plain", plain), ("encrypted", encrypted))}
    for name in ("plain", "encrypted"):  # untimed: disk cache, preferences
        time_to_first_paint(program[name], env)
        _timed(batch[name], batch_env)
    start: dict[str, list[float]] = {"plain": [], "encrypted": []}
    month: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(runs):
        for name in ("plain", "encrypted"):
            start[name].append(time_to_first_paint(program[name], env)[0])
            month[name].append(_timed(batch[name], batch_env))
    key = encryption.unlock(encrypted, "benchmark", sign_in_password(sign_in))
    opening: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(runs * 3):
        for name, path, with_key in (("plain", plain, None), ("encrypted", encrypted, key)):
            began = time.perf_counter()
            database.connect(path, key=with_key)
            opening[name].append(time.perf_counter() - began)
            database.close()
    figures = {}
    for label, samples in (("start", start), ("month", month), ("open", opening)):
        figures[f"{label}_plain_s"] = statistics.median(samples["plain"])
        figures[f"{label}_encrypted_s"] = statistics.median(samples["encrypted"])
        figures[f"{label}_plain_min_s"] = min(samples["plain"])
        figures[f"{label}_encrypted_min_s"] = min(samples["encrypted"])
    figures["pages"] = _pages(work / "batch-encrypted.pdf")
    return figures


def sign_in_password(sign_in: dict[str, str]) -> str:
    return Path(sign_in["SOBERHOUSE_PASSWORD_FILE"]).read_text(encoding="utf-8").strip()


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def describe(figures: dict[str, float]) -> str:
    lines = []
    for label, what, unit in (("start", "start-up to the first paint (whole process)", 1000),
                              ("month", f"200-resident month batch ({int(figures['pages'])} "
                                        f"pages, whole command)", 1000),
                              ("open", "opening the data file (connect, migrations checked)",
                               1000)):
        plain, encrypted = figures[f"{label}_plain_s"], figures[f"{label}_encrypted_s"]
        ratio = encrypted / plain
        goal = ("" if label == "open" else
                f"  [{'meets' if ratio <= TARGET_RATIO else 'misses'} the goal of "
                f"{TARGET_RATIO}x]")
        fastest = figures[f"{label}_encrypted_min_s"] / figures[f"{label}_plain_min_s"]
        lines.append(f"{what}: median encrypted {encrypted * unit:,.1f} ms, plain "
                     f"{plain * unit:,.1f} ms, ratio {ratio:.3f}{goal}; fastest runs "
                     f"{figures[f'{label}_encrypted_min_s'] * unit:,.1f} against "
                     f"{figures[f'{label}_plain_min_s'] * unit:,.1f} ms, ratio {fastest:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="work folder to keep (else a temporary one)")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        print(describe(measure(args.keep, args.runs)))
        return
    work = Path(tempfile.mkdtemp(prefix="soberhouse-encryption-"))
    try:
        print(describe(measure(work, args.runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
