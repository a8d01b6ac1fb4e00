"""benchmarks/bundle_startup.py without building a bundle: it says so when
there is none, and times a stand-in "bundle" (a script starting the installed
program) the way it times the real one."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from benchmarks import bundle_startup
from soberhouse import database

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_bundle_it_says_so_and_succeeds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bundle_startup, "BUNDLED_PROGRAM", tmp_path / "dist" / "soberhouse")

    assert bundle_startup.main(["--runs", "1"]) == 0
    assert "skipped, the bundle is not built" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in bundle is a shell script, "
                    "and peak memory is read with the resource module")
def test_it_times_the_bundled_and_the_installed_program_on_copies_of_one_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "dist" / "soberhouse"
    bundle.mkdir(parents=True)
    program = bundle / "soberhouse"
    program.write_text(f"#!/bin/sh\nPYTHONPATH='{ROOT}' exec '{sys.executable}' -m ui.launch "
                       f'"$@"\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(bundle_startup, "BUNDLE", bundle)
    monkeypatch.setattr(bundle_startup, "BUNDLED_PROGRAM", program)
    data = tmp_path / "house.sqlite3"
    database.connect(data)
    database.close()
    given = data.read_bytes()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")

    result = bundle_startup.measure_bundle_startup(1, data, work)

    assert result.bundled_s > 0 and result.installed_s > 0
    assert result.bundled_command_s > 0 and result.installed_command_s > 0
    assert result.bundled_peak_mb > 10 and result.installed_peak_mb > 10
    assert result.bundle_files == 1
    assert (work / "bundled.sqlite3").exists() and (work / "installed.sqlite3").exists()
    assert data.read_bytes() == given  # each program opened a copy
    assert "ratio" in bundle_startup.describe(result)
