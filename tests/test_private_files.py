"""Files with personal data: owner-only on Linux, written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from soberhouse.private_files import private_file, private_text_file, write_private_bytes


def mode(path: Path) -> int:
    """The permission bits (Linux and macOS; Windows has no such modes)."""
    return stat.S_IMODE(path.stat().st_mode) if os.name == "posix" else 0o600


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0)  # even where every new file would be world-writable
    try:
        target = tmp_path / "residents.csv"
        write_private_bytes(target, b"First name\nZo\xc3\xab\n")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"First name\nZo\xc3\xab\n"
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["residents.csv"]  # no temporary left


def test_a_replaced_file_keeps_nothing_of_the_old_ones_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    with private_text_file(target, "utf-8-sig", newline="") as file:
        file.write("Zoë\r\n")
    assert target.read_bytes() == "\ufeffZoë\r\n".encode()
    assert mode(target) == 0o600


def test_an_error_half_way_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the report of last month")
    with pytest.raises(OSError, match="No space left"), private_file(target) as file:
        file.write(b"half a rep")
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"the report of last month"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_an_error_before_the_first_write_creates_no_file(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    with pytest.raises(RuntimeError), private_text_file(target):
        raise RuntimeError("the query failed")
    assert list(tmp_path.iterdir()) == []


def test_report_pdfs_are_owner_only_in_one_file_and_one_per_resident(tmp_path: Path) -> None:
    from soberhouse.reports.pdf import monthly_batch_pdf, resident_reports_to_folder
    from soberhouse.reports.settings import ReportSettings

    from .report_samples import sample_residents

    residents = sample_residents(2)
    one_file = tmp_path / "october.pdf"
    one_file.write_bytes(b"last year's")
    one_file.chmod(0o644)
    monthly_batch_pdf(residents, ReportSettings(), one_file, invariant=True)
    assert one_file.read_bytes().startswith(b"%PDF") and mode(one_file) == 0o600
    folder = tmp_path / "one each"
    paths = resident_reports_to_folder(residents, ReportSettings(), folder, invariant=True)
    assert len(paths) == 2
    assert {mode(path) for path in paths} == {0o600}
    assert sorted(folder.iterdir()) == sorted(paths)  # no temporary left
