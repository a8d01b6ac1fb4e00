"""``soberhouse print-list`` writes the house lists without a display, and
``soberhouse report --resident`` takes a name as well as a number."""

from __future__ import annotations

import datetime as dt
import re
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
    """Maple House: Zoë, Kai, two residents called Ana, and Gus (graduated);
    Cedar House: Ola.  Closed again so that the command opens it itself."""
    path = tmp_path / "lists.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8, address="12 Maple St"))
    cedar = create_house(HouseDetails(name="Cedar House", beds=4, meeting_weekday=None))
    admit(maple, "Zoë", "Nguyễn", move_in=D(2026, 9, 1))
    admit(maple, "Kai", "Moana", move_in=D(2026, 10, 15))
    admit(maple, "Ana", "Wiśniewski", move_in=D(2026, 9, 1))
    admit(maple, "Ana", "Kowalska", move_in=D(2026, 9, 1))
    gone = admit(maple, "Gus", "Berg", move_in=D(2026, 8, 1))
    discharge(gone.id, "graduated", D(2026, 9, 15), "Finished the program")
    admit(cedar, "Ola", "Andersen", move_in=D(2026, 9, 1))
    database.close()
    return path


def run(database_file: Path, *args: str) -> int:
    return main(["--database", str(database_file), *args])


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def resident_id(path: Path, first: str, last: str) -> int:
    from soberhouse.models import Resident

    database.connect(path)
    try:
        return Resident.get((Resident.first_name == first) & (Resident.last_name == last)).id
    finally:
        database.close()


@pytest.mark.parametrize(("kind", "heading"), [
    ("sign-in", "Weekly meeting sign-in Monday 16 Nov 2026, 19:00"),
    ("roster", "House roster Sunday 15 Nov 2026"),
    ("emergency-contacts", "Emergency contacts Sunday 15 Nov 2026"),
])
def test_each_list_is_written(database_file: Path, tmp_path: Path, kind: str, heading: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert run(database_file, "print-list", kind, "--house", "maple house",
               "--output", str(out)) == 0
    said = capsys.readouterr().out
    assert said.startswith("Maple House: wrote the ") and f"(4 residents, 1 page) to {out}." in said
    text = pdf_text(out)
    assert text.startswith(f"Maple House 12 Maple St {heading}")
    for name in ("Zoë Nguyễn", "Kai Moana", "Ana Wiśniewski", "Ana Kowalska"):
        assert text.count(name) == 1
    assert "Gus Berg" not in text and "Ola Andersen" not in text
    assert "42 CFR Part 2" in text


def test_a_sign_in_sheet_for_a_later_meeting_into_a_folder(database_file: Path,
                                                           tmp_path: Path) -> None:
    assert run(database_file, "print-list", "sign-in", "--house", "Maple House",
               "--date", "2026-11-17", "--output", str(tmp_path)) == 0
    written = tmp_path / "2026-11-23 Maple House sign-in sheet.pdf"
    assert "Monday 23 Nov 2026, 19:00" in pdf_text(written)


@pytest.mark.parametrize(("args", "message"), [
    (["roster", "--house", "Oak House"],
     'soberhouse: There is no house called "Oak House" (houses: Cedar House, Maple House).'),
    (["sign-in", "--house", "Cedar House"],
     "soberhouse: Cedar House has no house meeting coming: set its weekly meeting day in "
     "Settings, or add an extra meeting."),
    (["roster", "--house", "Maple House", "--date", "next week"],
     'soberhouse: --date "next week" is not a date: write it like 2026-11-16.'),
])
def test_usage_problems_end_with_2(database_file: Path, tmp_path: Path, args: list[str],
                                   message: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "list.pdf"
    assert run(database_file, "print-list", *args, "--output", str(out)) == 2
    assert capsys.readouterr().err.strip() == message
    assert not out.exists()


def test_report_for_a_resident_named(database_file: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "zoe.pdf"
    assert run(database_file, "report", "--month", "2026-10", "--house", "Maple House",
               "--resident", "zoe NGUYEN", "--out", str(out)) == 0
    assert "wrote 1 resident report" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Zoë Nguyễn" in text and "Kai Moana" not in text
    # Family name first, with the list's comma, or only the start of each word.
    for typed in ("Wiśniewski, Ana", "ana wis"):
        assert run(database_file, "report", "--month", "2026-10", "--house", "Maple House",
                   "--resident", typed, "--out", str(tmp_path / "ana.pdf")) == 0
        assert "Ana Wiśniewski" in pdf_text(tmp_path / "ana.pdf")


def test_a_name_several_residents_answer_to_lists_them(database_file: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    kowalska = resident_id(database_file, "Ana", "Kowalska")
    wisniewski = resident_id(database_file, "Ana", "Wiśniewski")
    out = tmp_path / "ana.pdf"
    assert run(database_file, "report", "--month", "2026-10", "--house", "Maple House",
               "--resident", "ana", "--out", str(out)) == 2
    assert capsys.readouterr().err == (
        'soberhouse: 2 residents of Maple House answer to "ana": give the number of the one '
        "you mean (--resident 12):\n"
        f"  no. {kowalska}  Ana Kowalska (Maple House, active)\n"
        f"  no. {wisniewski}  Ana Wiśniewski (Maple House, active)\n")
    assert not out.exists()
    assert run(database_file, "report", "--month", "2026-10", "--house", "Maple House",
               "--resident", str(kowalska), "--out", str(out)) == 0


def test_a_name_nobody_answers_to(database_file: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--month", "2026-10", "--house", "Maple House", "--out",
            str(tmp_path / "x.pdf"), "--resident"]
    assert run(database_file, *args, "Nobody Here") == 2
    assert capsys.readouterr().err == (
        'soberhouse: No resident of Maple House is called "Nobody Here". Check the spelling, '
        "or give the resident's number (--resident 12).\n")
    ola = resident_id(database_file, "Ola", "Andersen")
    assert run(database_file, *args, "Ola Andersen") == 2
    assert capsys.readouterr().err == (
        'soberhouse: No resident of Maple House is called "Ola Andersen". Other houses have: '
        f"no. {ola}  Ola Andersen (Cedar House, active).\n")
