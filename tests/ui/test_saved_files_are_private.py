"""What the window saves where the manager chose (a report, an export) is
readable by the manager's own account only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ui.reports.report_files import ReportFiles, write_pdf


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode) if os.name == "posix" else 0o600


def test_save_pdf_writes_an_owner_only_file_and_replaces_an_open_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2026-10 Zoë Nguyễn.pdf"
    target.write_bytes(b"an older report")
    target.chmod(0o644)
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    assert write_pdf(None, b"%PDF-1.4 report", target.name) == target
    assert target.read_bytes() == b"%PDF-1.4 report"
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name != "preferences"] == [target.name]


def test_save_pdf_into_a_missing_folder_tells_the_manager(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "gone" / "report.pdf"
    told: list[str] = []
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(target)))
    monkeypatch.setattr(ReportFiles, "tell_problem",
                        staticmethod(lambda parent, title, message: told.append(message)))
    assert write_pdf(None, b"%PDF", "report.pdf") is None
    assert told and told[0].startswith("report.pdf could not be written: ")
