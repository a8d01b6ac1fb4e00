"""``soberhouse import residents``, ``export residents`` and ``demo`` end to end."""

from __future__ import annotations

import datetime as dt
from soberhouse import sqlite_driver
import time
from pathlib import Path

import pytest

from soberhouse import accounts, database
from soberhouse.cli import main
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import Resident

pytestmark = pytest.mark.usefixtures("command_line_user")  # commands sign in

GOOD = "Ana;Ruiz;04/02/1990;Maple House;10/03/2026;09/20/2026"
BAD = "Bo;Lee;31/02/1990;Maple House;10/03/2026;09/20/2026"
HEADER = "First name;Last name;DOB;House;Move-in;Sobriety date"


@pytest.fixture
def database_file(tmp_path: Path, today: dt.date) -> Path:
    """A database with Maple House, closed again so the command opens it itself."""
    path = tmp_path / "cli.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Maple House", beds=8))
    database.close()
    return path


def new_file_with_owner(path: Path) -> None:
    """An empty data file whose owner is the commands' test account."""
    database.connect(path)
    accounts.act_as("test-manager")
    database.close()


def residents_in(path: Path) -> list[str]:
    database.connect(path)
    try:
        return sorted(r.full_name for r in Resident.select())
    finally:
        database.close()


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8-sig")
    return path


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "import" in out and "export" in out and "demo" in out
    with pytest.raises(SystemExit):
        main(["import", "residents", "--help"])
    out = capsys.readouterr().out
    for option in ("--date-order", "--house", "--skip-bad", "--dry-run"):
        assert option in out


def test_import_a_good_file(database_file: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    file = csv_file(tmp_path, GOOD)
    code = main(["--database", str(database_file), "import", "residents", str(file),
                 "--date-order", "mdy"])
    assert code == 0
    assert "Imported 1 resident." in capsys.readouterr().out
    assert residents_in(database_file) == ["Ana Ruiz"]


def test_bad_lines_are_listed_and_nothing_is_imported(
        database_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = csv_file(tmp_path, GOOD, BAD)
    code = main(["--database", str(database_file), "import", "residents", str(file),
                 "--date-order", "mdy"])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 row ready, 1 with problems" in captured.out
    assert ('Line 3: DOB "31/02/1990" is not a date in month/day/year order (there is no '
            "month 31)") in captured.out
    assert "Nothing was imported" in captured.err
    assert residents_in(database_file) == []


def test_dry_run_and_skip_bad(database_file: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    file = csv_file(tmp_path, GOOD, BAD)
    args = ["--database", str(database_file), "import", "residents", str(file),
            "--date-order", "mdy", "--skip-bad"]
    assert main([*args, "--dry-run"]) == 0
    assert "Dry run: nothing was imported (1 would be)." in capsys.readouterr().out
    assert residents_in(database_file) == []
    assert main(args) == 0
    assert "Imported 1 resident, 1 lines with problems left out." in capsys.readouterr().out
    assert residents_in(database_file) == ["Ana Ruiz"]


def test_a_default_house_for_a_file_without_one(database_file: Path, tmp_path: Path) -> None:
    file = tmp_path / "no-house.csv"
    file.write_text("First,Last,DOB,Move-in,Sobriety date\nAna,Ruiz,1990-04-02,2026-10-03,"
                    "2026-09-20\n", encoding="utf-8")
    base = ["--database", str(database_file), "import", "residents", str(file)]
    assert main(base) == 2  # no House column and no --house
    assert main([*base, "--house", "Oak House"]) == 2
    assert main([*base, "--house", "maple house"]) == 0
    assert residents_in(database_file) == ["Ana Ruiz"]


def test_usage_and_file_problems_exit_with_2(database_file: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.csv"
    assert main(["--database", str(database_file), "import", "residents", str(missing)]) == 2
    assert "there is no file" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(f"{HEADER}\nJosé;Álvarez;1990-01-01;Maple House;2026-10-03;"
                       f"2026-09-20\n".encode("cp1252"))
    assert main(["--database", str(database_file), "import", "residents", str(latin1)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["import", "residents", str(latin1), "--date-order", "ydm"])
    assert usage.value.code == 2


def test_export_then_import(database_file: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    main(["--database", str(database_file), "import", "residents",
          str(csv_file(tmp_path, GOOD)), "--date-order", "mdy"])
    exported = tmp_path / "out.csv"
    assert main(["--database", str(database_file), "export", "residents", str(exported)]) == 0
    assert f"Exported 1 resident to {exported}." in capsys.readouterr().out
    assert "Ana,Ruiz,,given-first,1990-04-02,Maple House,Newcomer" in exported.read_text(
        "utf-8-sig")
    # Importing the same people again: each line is a likely duplicate.
    code = main(["--database", str(database_file), "import", "residents", str(exported)])
    assert code == 1
    assert "already on record: Ana Ruiz" in capsys.readouterr().out


def test_demo_fills_an_empty_database_only(tmp_path: Path, today: dt.date,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    demo = tmp_path / "demo.sqlite3"
    new_file_with_owner(demo)
    assert main(["--database", str(demo), "demo", "--seed", "7"]) == 0
    assert "2 houses, 25 residents" in capsys.readouterr().out
    assert len(residents_in(demo)) == 25
    assert main(["--database", str(demo), "demo"]) == 2
    assert "already has houses" in capsys.readouterr().err
    assert len(residents_in(demo)) == 25


def test_export_then_import_into_an_empty_file_with_create_houses(tmp_path: Path,
                                                                   capsys) -> None:  # type: ignore[no-untyped-def]
    from soberhouse.cli import main

    filled = tmp_path / "filled.sqlite3"
    empty = tmp_path / "empty.sqlite3"
    exported = tmp_path / "residents.csv"
    new_file_with_owner(filled)
    new_file_with_owner(empty)
    assert main(["--database", str(filled), "demo"]) == 0
    assert main(["--database", str(filled), "export", "residents", str(exported)]) == 0
    assert main(["--database", str(empty), "import", "residents", str(exported)]) == 1
    assert main(["--database", str(empty), "import", "residents", str(exported),
                 "--create-houses"]) == 0
    out = capsys.readouterr().out
    assert "Maple House will be created with" in out and "Imported 25 residents." in out
    assert main(["--database", str(empty), "export", "residents",
                 str(tmp_path / "again.csv")]) == 0
    assert (tmp_path / "again.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == \
        exported.read_text(encoding="utf-8-sig").splitlines()[1:]


def test_a_dry_run_checks_the_file_while_another_program_is_saving(
        database_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The check only reads: it neither waits for another writer nor makes one wait
    (the sign-in before it is audited, so the rival starts saving after it)."""
    from soberhouse.command_line import opening

    file = csv_file(tmp_path, GOOD, GOOD.replace("Ana", "Eva"))
    rival = sqlite_driver.connect(database_file, timeout=0.2, isolation_level=None)
    sign_in = opening.sign_in

    def sign_in_then_rival_saves(args: object) -> None:
        sign_in(args)  # type: ignore[arg-type]
        rival.execute("BEGIN IMMEDIATE")  # holds the write lock for the whole check

    monkeypatch.setattr(opening, "sign_in", sign_in_then_rival_saves)
    try:
        started = time.perf_counter()
        code = main(["--database", str(database_file), "import", "residents", str(file),
                     "--date-order", "mdy", "--dry-run"])
        took = time.perf_counter() - started
    finally:
        rival.execute("ROLLBACK")
        rival.close()
    assert code == 0, capsys.readouterr().err
    assert "Dry run: nothing was imported (2 would be)." in capsys.readouterr().out
    assert took < 2  # no waiting for the lock (the busy timeout is 5 s)
    assert residents_in(database_file) == []
