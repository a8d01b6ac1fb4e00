"""``soberhouse report``: PDFs written without a display, and an exit code
and a message for every way it can go wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from soberhouse import accounts, database
from soberhouse.cli import main
from soberhouse.houses import HouseDetails, create_house
from soberhouse.residents import discharge

from .mentoring_helpers import admit

pytestmark = pytest.mark.usefixtures("command_line_user")  # commands sign in

D = dt.date


@pytest.fixture
def database_file(tmp_path: Path, today: dt.date) -> Path:
    """Maple House with two residents in October, Cedar House empty; closed
    again so that the command opens it itself."""
    path = tmp_path / "reports.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8, address="12 Maple St"))
    create_house(HouseDetails(name="Cedar House", beds=4))
    admit(maple, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    admit(maple, "Kai", "Moana", move_in=D(2026, 10, 15))
    gone = admit(maple, "Gus", "Berg", move_in=D(2026, 8, 1))
    discharge(gone.id, "graduated", D(2026, 9, 15), "Finished the program")
    database.close()
    return path


def resident_id(path: Path, first_name: str) -> int:
    from soberhouse.models import Resident

    database.connect(path)
    try:
        return Resident.get(Resident.first_name == first_name).id
    finally:
        database.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def report(database_file: Path, *args: str) -> int:
    return main(["--database", str(database_file), "report", *args])


def test_every_resident_in_one_pdf(database_file: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "october.pdf"
    assert report(database_file, "--month", "2026-10", "--house", "maple house", "--all",
                  "--out", str(out)) == 0
    assert capsys.readouterr().out == (
        f"Maple House, October 2026: wrote 2 resident reports to {out}.\n")
    text = pdf_text(out)
    assert "Zoë Nguyễn" in text and "Kai Moana" in text and "Gus Berg" not in text
    assert text.index("Kai Moana") < text.index("Zoë Nguyễn")  # sorted by name
    assert "42 CFR Part 2" in text


def test_one_resident_and_the_summary(database_file: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    zoe = resident_id(database_file, "Zoë")
    out = tmp_path / "zoe.pdf"
    assert report(database_file, "--month", "2026-10", "--house", "Maple House",
                  "--resident", str(zoe), "--summary", "--out", str(out)) == 0
    summary = tmp_path / "zoe summary.pdf"
    assert capsys.readouterr().out == (
        f"Maple House, October 2026: wrote 1 resident report to {out} and the house summary "
        f"to {summary}.\n")
    text = pdf_text(out)
    assert "Zoë Nguyễn" in text and "Kai Moana" not in text
    assert "Maple House" in pdf_text(summary)


def test_one_file_per_resident_in_a_folder(database_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    assert report(database_file, "--month", "2026-10", "--house", "Maple House",
                  "--one-file-per-resident", "--summary", "--out", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-10 Kai Moana.pdf", "2026-10 Maple House summary.pdf", "2026-10 Zoë Nguyễn.pdf"]
    assert "Kai Moana" in pdf_text(folder / "2026-10 Kai Moana.pdf")
    assert "2 resident reports in" in capsys.readouterr().out


def test_the_summary_alone_into_an_existing_folder(database_file: Path, tmp_path: Path) -> None:
    assert report(database_file, "--month", "2026-09", "--house", "Maple House", "--summary",
                  "--out", str(tmp_path)) == 0
    text = pdf_text(tmp_path / "2026-09 Maple House summary.pdf")
    assert "September 2026" in text


def test_last_month_by_default(database_file: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert report(database_file, "--house", "Maple House", "--out", str(tmp_path / "a.pdf")) == 0
    assert "October 2026" in capsys.readouterr().out  # today is 2026-11-15


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--month", "2026-10", "--house", "Oak House"], 2,
     'soberhouse: There is no house called "Oak House" (houses: Cedar House, Maple House).'),
    (["--month", "2027-01", "--house", "Maple House"], 2,
     "soberhouse: January 2027 has not started yet: choose this month or an earlier one."),
    (["--month", "Oct", "--house", "Maple House"], 2,
     'soberhouse: "Oct" is not a month: write the year and month, like 2026-10.'),
    (["--month", "2026-10", "--house", "Cedar House"], 1,
     "soberhouse: no one lived in Cedar House in October 2026: no report written."),
    (["--month", "2026-10", "--house", "Maple House", "--resident", "999"], 2,
     "soberhouse: There is no resident number 999."),
])
def test_what_went_wrong(database_file: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str], args: list[str], code: int,
                         message: str) -> None:
    out = tmp_path / "report.pdf"
    assert report(database_file, *args, "--out", str(out)) == code
    assert capsys.readouterr().err.strip() == message
    assert not out.exists()


def test_a_resident_not_in_that_house_that_month(database_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    gus = resident_id(database_file, "Gus")
    out = tmp_path / "gus.pdf"
    assert report(database_file, "--month", "2026-10", "--house", "Maple House",
                  "--resident", str(gus), "--out", str(out)) == 2
    assert capsys.readouterr().err.strip() == (
        f"soberhouse: Gus Berg (resident {gus}) did not live in Maple House in October 2026: "
        f"no report written.")
    assert not out.exists()


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    for option in ("--month", "--house", "--resident", "--all", "--summary",
                   "--one-file-per-resident", "--out", "Exit codes"):
        assert option in out


def test_a_report_for_someone_outside_needs_a_consent_and_is_stamped_and_recorded(
        database_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from soberhouse.consents import (
        MONTHLY_REPORT_SCOPES,
        ConsentDetails,
        Scope,
        accounting_of_disclosures,
        record_consent,
    )

    zoe = resident_id(database_file, "Zoë")
    database.connect(database_file)
    accounts.act_as("test-manager")
    narrow = record_consent(zoe, ConsentDetails(
        recipient="Lakeside Probation Office", purpose="Attendance only",
        scopes=(Scope.ATTENDANCE_AND_PROGRESS,), signed_on=D(2026, 11, 1),
        valid_until=D(2027, 5, 1)))
    full = record_consent(zoe, ConsentDetails(
        recipient="Riverside Outpatient Clinic", purpose="Progress reports to the counsellor",
        scopes=MONTHLY_REPORT_SCOPES, signed_on=D(2026, 11, 1), valid_until=D(2027, 5, 1)))
    database.close()

    refused = tmp_path / "refused.pdf"
    assert report(database_file, "--month", "2026-10", "--house", "Maple House",
                  "--resident", str(zoe), "--for-consent", str(narrow.id),
                  "--out", str(refused)) == 2
    assert "no valid consent" in capsys.readouterr().err
    assert not refused.exists()

    out = tmp_path / "zoe-for-riverside.pdf"
    assert report(database_file, "--month", "2026-10", "--house", "Maple House",
                  "--resident", str(zoe), "--for-consent", str(full.id),
                  "--out", str(out)) == 0
    text = pdf_text(out)
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in text
    assert "Riverside Outpatient Clinic" in text
    database.connect(database_file)
    try:
        accounts.act_as("test-manager")
        [disclosure] = accounting_of_disclosures(zoe)
        assert disclosure.recipient == "Riverside Outpatient Clinic"
        assert disclosure.what == "Monthly progress report, October 2026"
        import hashlib

        from soberhouse.models.consents import Disclosure

        assert Disclosure.get().sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    finally:
        database.close()
