"""``soberhouse import|export outside-meetings`` and ``roll-calls`` end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from soberhouse import accounts, database
from soberhouse.cli import main
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models.meetings import Attendance, HouseMeeting
from soberhouse.models.twelve_step import OutsideMeeting
from soberhouse.residents import admit_resident

from .conftest import details_for

pytestmark = pytest.mark.usefixtures("command_line_user")  # commands sign in


@pytest.fixture
def database_file(tmp_path: Path, today: dt.date) -> Path:
    """Maple House with Zoë (moved in 2026-10-03), closed so the command opens it."""
    path = tmp_path / "cli.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(house))
    database.close()
    return path


def count(path: Path, model: type[OutsideMeeting | Attendance | HouseMeeting]) -> int:
    database.connect(path)
    try:
        return model.select().count()
    finally:
        database.close()


def csv_file(tmp_path: Path, *lines: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_help_lists_every_kind_of_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "residents" in out and "outside-meetings" in out and "roll-calls" in out
    with pytest.raises(SystemExit):
        main(["export", "roll-calls", "--help"])
    out = capsys.readouterr().out
    for option in ("--house", "--from", "--to"):
        assert option in out


def test_import_outside_meetings_day_first(database_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    file = csv_file(tmp_path, "Resident;Date;Fellowship;Verified",
                    "Zoë Nguyễn;03/11/2026;AA;yes", "Zoë Nguyễn;04/11/2026;NA;")
    code = main(["--database", str(database_file), "import", "outside-meetings", str(file),
                 "--date-order", "dmy"])
    assert code == 0
    assert "Imported 2 outside meetings." in capsys.readouterr().out
    assert count(database_file, OutsideMeeting) == 2


def test_bad_lines_are_listed_and_nothing_is_imported(
        database_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = csv_file(tmp_path, "House,Date,Resident,Status,Reason",
                    "Maple House,2026-11-03,Zoë Nguyễn,present,",
                    "Maple House,2026-11-10,Zoë Nguyễn,excused,")
    code = main(["--database", str(database_file), "import", "roll-calls", str(file)])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 row ready, 1 with problems" in captured.out
    assert "Line 3: Zoë Nguyễn: an excused absence needs a reason (Reason)." in captured.out
    assert "Nothing was imported" in captured.err
    assert count(database_file, HouseMeeting) == 0

    code = main(["--database", str(database_file), "import", "roll-calls", str(file),
                 "--dry-run", "--skip-bad"])
    assert code == 0 and "Dry run: nothing was imported (1 would be)." in capsys.readouterr().out
    assert count(database_file, Attendance) == 0

    code = main(["--database", str(database_file), "import", "roll-calls", str(file),
                 "--skip-bad"])
    assert code == 0
    assert ("Imported 1 roll-call mark, 1 lines with problems left out."
            in capsys.readouterr().out)
    assert count(database_file, Attendance) == 1


def test_export_then_import_roll_calls_and_outside_meetings(
        database_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meetings = csv_file(tmp_path, "Resident,Date,Fellowship,Meeting name",
                        "Zoë Nguyễn,2026-11-03,AA,Downtown", "Zoë Nguyễn,2026-10-20,CA,",
                        name="in.csv")
    assert main(["--database", str(database_file), "import", "outside-meetings",
                 str(meetings)]) == 0
    out = tmp_path / "out.csv"
    assert main(["--database", str(database_file), "export", "outside-meetings", str(out),
                 "--house", "maple house", "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    assert "Exported 1 outside meeting to" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "Resident,Resident id,House,Date,Fellowship,Meeting name,Type,Verified,Verified by",
        "Zoë Nguyễn,1,Maple House,2026-11-03,AA,Downtown,,no,"]
    # The same file again: already on record, so refused line by line.
    assert main(["--database", str(database_file), "import", "outside-meetings",
                 str(out)]) == 1
    assert "Line 2: Already on record" in capsys.readouterr().out


def test_usage_problems_exit_2(database_file: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", str(database_file), "import", "roll-calls",
                 str(tmp_path / "missing.csv")]) == 2
    assert "there is no file" in capsys.readouterr().err
    assert main(["--database", str(database_file), "export", "roll-calls",
                 str(tmp_path / "x.csv"), "--from", "yesterday"]) == 2
    assert "--from/--to" in capsys.readouterr().err
    assert main(["--database", str(database_file), "export", "roll-calls",
                 str(tmp_path / "x.csv"), "--house", "Oak House"]) == 2
    assert 'There is no house called "Oak House"' in capsys.readouterr().err
    file = csv_file(tmp_path, "Date,Status", "2026-11-03,P")
    assert main(["--database", str(database_file), "import", "roll-calls", str(file)]) == 2
    assert "no column for: House" in capsys.readouterr().err
