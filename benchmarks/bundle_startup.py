"""The bundled program's start-up against the installed one's, in the same run.

    python -m benchmarks.bundle_startup [--runs 21] [--database FILE]

``bundled``: ``dist/soberhouse/soberhouse`` (built by ``scripts/bundle.sh``).
``installed``: ``.venv/bin/python -m ui.launch``, byte-compiled as an
installation is.  Both open the same data (the demo house, made with the
bundled program's ``demo`` command, unless ``--database`` names a file), each
its own copy of it (the installed program may be newer and upgrade its copy),
offscreen, with ``SOBERHOUSE_EXIT_AFTER_PAINT=1``: the time is from process
start to the ``first-paint`` line, the median of N start-ups of each taken in
turns after one untimed start of each (disk cache, preferences).  Prints both
medians, their ratio, both peaks of memory, and the bundle's size; and the
same for the command line (``soberhouse --version``: Python, the parser and
every command's module, no Qt), the start of a scheduled ``report`` job.

Without a bundle in dist/ it says so and stops (exit status 0): building one
takes about a minute, so neither this nor ``run_benchmarks`` builds it;
``run_benchmarks --bundle`` runs this after the other benchmarks.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import signed_in_start
from benchmarks.run_benchmarks import ROOT, _environment, compile_program

BUNDLE = ROOT / "dist" / "soberhouse"
BUNDLED_PROGRAM = BUNDLE / ("soberhouse.exe" if sys.platform == "win32" else "soberhouse")
PAINT_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class BundleStartup:
    runs: int
    database: str
    bundled_s: float
    installed_s: float
    bundled_peak_mb: float
    installed_peak_mb: float
    bundle_mb: float
    bundle_files: int
    bundled_command_s: float
    installed_command_s: float

    @property
    def ratio(self) -> float:
        return self.bundled_s / self.installed_s


def bundle_size() -> tuple[float, int]:
    """Megabytes (MiB, as ``du -sm``) and number of files in dist/soberhouse."""
    files = [path for path in BUNDLE.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) / 2**20, len(files)


def changed_since_the_build() -> list[str]:
    """The program's files edited after the bundle was built."""
    built = BUNDLED_PROGRAM.stat().st_mtime
    return sorted(str(path.relative_to(ROOT)) for folder in ("soberhouse", "ui")
                  for path in (ROOT / folder).rglob("*.py") if path.stat().st_mtime > built)


def time_to_first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from process start to its ``first-paint`` line, as run_benchmarks
    times it; but a program that shows a dialog instead, offscreen where no one
    can answer it, is stopped after a minute."""
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors,
                                   text=True, cwd=ROOT)
        watchdog = threading.Timer(PAINT_TIMEOUT_S, process.kill)
        watchdog.start()
        painted = None
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if painted is None and line.strip() == "first-paint":
                    painted = time.perf_counter() - start
            status = process.wait()
        finally:
            watchdog.cancel()
        errors.seek(0)
        said = errors.read().strip()[-500:]
    if painted is None and status == -9:
        raise SystemExit(f"{' '.join(command)} did not paint within {PAINT_TIMEOUT_S:.0f} s "
                         f"(waiting in a dialog? a data file newer than the bundle is one "
                         f"reason: rebuild it with scripts/bundle.sh)")
    if painted is None or status != 0:
        raise SystemExit(f"{' '.join(command)} did not paint (exit status {status}): {said}")
    return painted


def time_to_exit(command: list[str], env: dict[str, str]) -> float:
    """Seconds from process start to its exit (which must be a success)."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   timeout=PAINT_TIMEOUT_S)
    return time.perf_counter() - start


def measure_bundle_startup(runs: int, database: Path | None, work: Path) -> BundleStartup:
    compile_program()
    env = _environment(work / "config")
    # The bundle carries its own Python: nothing of the checkout's.
    bundled_env = {name: value for name, value in env.items() if name != "PYTHONPATH"}
    described = database.name if database is not None else "the demo house"
    # Both sign in by themselves (ui.sign_in), as the benchmark's owner.
    sign_in = {"SOBERHOUSE_USER": signed_in_start.USERNAME, "SOBERHOUSE_PASSWORD_FILE": str(
        signed_in_start.write_password_file(work / "sign-in"))}
    if database is None:
        database = work / "demo.sqlite3"
        # The owner first, by the bundled command line (a bundle from before
        # accounts has no 'users' command, and needs no sign-in either).
        subprocess.run([str(BUNDLED_PROGRAM), "--database", str(database), "users", "add",
                        "--owner", signed_in_start.USERNAME, "--display-name", "Benchmark",
                        "--password-file", sign_in["SOBERHOUSE_PASSWORD_FILE"]],
                       env=bundled_env, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run([str(BUNDLED_PROGRAM), "--database", str(database), "demo"],
                       env=bundled_env | sign_in, check=True, stdout=subprocess.DEVNULL)
    else:
        # A copy given the password by this checkout (which brings it up to
        # its schema: the bundle must be built from this checkout too).
        given = work / "given.sqlite3"
        shutil.copyfile(database, given)
        signed_in_start.environment(given, work / "sign-in")
        database = given
    env.update(sign_in)
    bundled_env.update(sign_in)
    copies = {kind: work / f"{kind}.sqlite3" for kind in ("bundled", "installed")}
    for copy in copies.values():
        shutil.copyfile(database, copy)
    starts = {
        "bundled": ([str(BUNDLED_PROGRAM), "--database", str(copies["bundled"])], bundled_env),
        "installed": ([sys.executable, "-m", "ui.launch", "--database",
                       str(copies["installed"])], env),
    }
    commands = {"bundled": ([str(BUNDLED_PROGRAM), "--version"], bundled_env),
                "installed": ([sys.executable, "-m", "ui.launch", "--version"], env)}
    for command, environment in starts.values():  # untimed: disk cache, preferences
        time_to_first_paint(command, environment)
    times: dict[str, list[float]] = {"bundled": [], "installed": []}
    command_times: dict[str, list[float]] = {"bundled": [], "installed": []}
    for _ in range(runs):
        for kind, (command, environment) in starts.items():
            times[kind].append(time_to_first_paint(command, environment))
            command_times[kind].append(time_to_exit(*commands[kind]))
    # One more start of each, under a parent of its own: the peak is that program's alone.
    peaks = {kind: float(subprocess.run(
        [sys.executable, "-c", PEAK_OF_ONE_START, *command], env=environment, check=True,
        capture_output=True, text=True, timeout=PAINT_TIMEOUT_S).stdout.split()[-1])
        for kind, (command, environment) in starts.items()}
    size_mb, files = bundle_size()
    return BundleStartup(
        runs=runs, database=described,
        bundled_s=statistics.median(times["bundled"]),
        installed_s=statistics.median(times["installed"]),
        bundled_peak_mb=peaks["bundled"], installed_peak_mb=peaks["installed"],
        bundle_mb=size_mb, bundle_files=files,
        bundled_command_s=statistics.median(command_times["bundled"]),
        installed_command_s=statistics.median(command_times["installed"]))


PEAK_OF_ONE_START = r'''
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
'''


def describe(result: BundleStartup) -> str:
    return (f"bundle start-up to first paint (median of {result.runs}, {result.database}): "
            f"bundled {result.bundled_s * 1000:.0f} ms, installed (.venv python -m ui.launch) "
            f"{result.installed_s * 1000:.0f} ms, ratio {result.ratio:.2f}; peak memory "
            f"{result.bundled_peak_mb:.0f} MB bundled, {result.installed_peak_mb:.0f} MB "
            f"installed; command line (soberhouse --version) bundled "
            f"{result.bundled_command_s * 1000:.0f} ms, installed "
            f"{result.installed_command_s * 1000:.0f} ms; bundle {result.bundle_mb:.0f} MB in "
            f"{result.bundle_files} files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--database", type=Path,
                        help="open (copies of) this data file (default: a new demo house)")
    args = parser.parse_args(argv)
    if not BUNDLED_PROGRAM.exists():
        print(f"bundle start-up: skipped, the bundle is not built ({BUNDLED_PROGRAM} is "
              f"missing; bash scripts/bundle.sh builds it)")
        return 0
    changed = changed_since_the_build()
    if changed:
        print(f"bundle start-up: note, {len(changed)} of the program's files changed since "
              f"the bundle was built ({', '.join(changed[:3])}{', ...' if changed[3:] else ''}): "
              f"the two programs differ by more than the bundling")
    with tempfile.TemporaryDirectory(prefix="soberhouse-bundle-bench-") as folder:
        print(describe(measure_bundle_startup(args.runs, args.database, Path(folder))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
