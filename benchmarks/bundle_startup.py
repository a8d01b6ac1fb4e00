"""The bundled program's start-up against the installed one's, in the same run.

    python -m benchmarks.bundle_startup [--runs 21] [--database FILE]

``bundled``: ``dist/soberhouse/soberhouse`` (built by ``scripts/bundle.sh``).
``installed``: ``.venv/bin/python -m ui.launch``, byte-compiled as an
installation is.  Both open the same data file (the demo house, made with the
installed program's ``demo`` command, unless ``--database`` names another),
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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.run_benchmarks import ROOT, _environment, compile_program, time_to_first_paint

BUNDLE = ROOT / "dist" / "soberhouse"
BUNDLED_PROGRAM = BUNDLE / ("soberhouse.exe" if sys.platform == "win32" else "soberhouse")


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


def time_to_exit(command: list[str], env: dict[str, str]) -> float:
    """Seconds from process start to its exit (which must be a success)."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def make_demo_database(path: Path, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "soberhouse", "--database", str(path), "demo"],
                   env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def measure_bundle_startup(runs: int, database: Path | None, work: Path) -> BundleStartup:
    compile_program()
    env = _environment(work / "config")
    described = "the given database"
    if database is None:
        database = work / "demo.sqlite3"
        make_demo_database(database, env)
        described = "the demo house"
    # The bundle carries its own Python: nothing of the checkout's.
    bundled_env = {name: value for name, value in env.items() if name != "PYTHONPATH"}
    bundled = [str(BUNDLED_PROGRAM), "--database", str(database)]
    installed = [sys.executable, "-m", "ui.launch", "--database", str(database)]
    commands = {"bundled": ([str(BUNDLED_PROGRAM), "--version"], bundled_env),
                "installed": ([sys.executable, "-m", "ui.launch", "--version"], env)}
    time_to_first_paint(bundled, bundled_env)
    time_to_first_paint(installed, env)
    times: dict[str, list[float]] = {"bundled": [], "installed": []}
    peaks: dict[str, list[float]] = {"bundled": [], "installed": []}
    command_times: dict[str, list[float]] = {"bundled": [], "installed": []}
    for _ in range(runs):
        for kind, command, environment in (("bundled", bundled, bundled_env),
                                           ("installed", installed, env)):
            seconds, peak = time_to_first_paint(command, environment)
            times[kind].append(seconds)
            peaks[kind].append(peak)
            command_times[kind].append(time_to_exit(*commands[kind]))
    size_mb, files = bundle_size()
    return BundleStartup(
        runs=runs, database=described,
        bundled_s=statistics.median(times["bundled"]),
        installed_s=statistics.median(times["installed"]),
        bundled_peak_mb=max(peaks["bundled"]), installed_peak_mb=max(peaks["installed"]),
        bundle_mb=size_mb, bundle_files=files,
        bundled_command_s=statistics.median(command_times["bundled"]),
        installed_command_s=statistics.median(command_times["installed"]))


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
                        help="open this data file (default: a new demo house)")
    args = parser.parse_args(argv)
    if not BUNDLED_PROGRAM.exists():
        print(f"bundle start-up: skipped, the bundle is not built ({BUNDLED_PROGRAM} is "
              f"missing; bash scripts/bundle.sh builds it)")
        return 0
    with tempfile.TemporaryDirectory(prefix="soberhouse-bundle-bench-") as folder:
        print(describe(measure_bundle_startup(args.runs, args.database, Path(folder))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
