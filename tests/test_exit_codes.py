"""Every subcommand answers a problem with a message and a distinct exit code,
never a traceback: 0 done, 1 problems in the input, 2 usage or an unknown
name, 3 the data can't be opened or written.  The causes are real: damaged
files, another program's file, a read-only open, a locked file, a folder that
can't be made, a server that is not there, a window on another computer."""

from __future__ import annotations

import datetime as dt
import os
import socket
from soberhouse import sqlite_driver
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from soberhouse import accounts, database
from soberhouse.cli import main
from soberhouse.file_holder import FileHolder, holder_path
from soberhouse.houses import HouseDetails, create_house
from soberhouse.residents import admit_resident
from tests.conftest import details_for

pytestmark = pytest.mark.usefixtures("command_line_user")  # commands sign in

DONE, LINES_WITH_PROBLEMS, USAGE, DATABASE = 0, 1, 2, 3


@pytest.fixture
def data_file(tmp_path: Path, today: dt.date) -> Path:
    """Maple House with Ana Ruiz (moved in 2026-10-03); closed so that each
    command opens it itself."""
    path = tmp_path / "office" / "soberhouse.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    for number in range(20):  # some pages, so that a cut-off copy loses some
        house = create_house(HouseDetails(
            name="Maple House" if number == 0 else f"House {number}", beds=4,
            address="1 Long Road, " + "x" * 400))
        if number == 0:
            admit_resident(details_for(house, first_name="Ana", last_name="Ruiz"))
    database.close()
    return path


@pytest.fixture
def csv_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "residents": "First name;Last name;DOB;House;Move-in;Sobriety date\n"
                     "Bea;Ortiz;1991-05-06;Maple House;2026-10-04;2026-09-21\n",
        "outside-meetings": "Resident;Date;Fellowship\nAna Ruiz;2026-10-05;AA\n",
        "roll-calls": "House;Date;Resident;Status\nMaple House;2026-10-05;Ana Ruiz;P\n",
    }
    paths = {}
    for kind, text in files.items():
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_text(text, encoding="utf-8")
    return paths


def every_command(csv_files: dict[str, Path], out: Path) -> dict[str, list[str]]:
    """Each subcommand with arguments that would do its work on a good file."""
    return {
        "info": ["info"],
        "demo": ["demo"],
        "import residents": ["import", "residents", str(csv_files["residents"])],
        "import outside-meetings": ["import", "outside-meetings",
                                    str(csv_files["outside-meetings"])],
        "import roll-calls": ["import", "roll-calls", str(csv_files["roll-calls"])],
        "export residents": ["export", "residents", str(out / "residents.csv")],
        "export outside-meetings": ["export", "outside-meetings", str(out / "om.csv")],
        "export roll-calls": ["export", "roll-calls", str(out / "rc.csv")],
        "report": ["report", "--house", "Maple House", "--month", "2026-10",
                   "--out", str(out / "october.pdf")],
        "encrypt": ["encrypt"],
    }


WRITING = {"demo", "import residents", "import outside-meetings", "import roll-calls",
           "encrypt"}


def run(target: Path | str, command: list[str], *options: str) -> int:
    return main(["--database", str(target), *options, *command])


def assert_database_problem(capsys: pytest.CaptureFixture[str], target: Path | str,
                            *words: str) -> str:
    err = capsys.readouterr().err
    assert err.startswith("soberhouse: "), err
    assert str(target) in err, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    return err


def damaged_files(data_file: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    random_bytes = tmp_path / "random.sqlite3"
    random_bytes.write_bytes(os.urandom(16384))
    cut = tmp_path / "cut.sqlite3"
    whole = data_file.read_bytes()
    cut.write_bytes(whole[: len(whole) // 2])
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite_driver.connect(foreign) as raw:
        raw.execute("PRAGMA application_id = 42")
        raw.execute("CREATE TABLE invoice (number INTEGER)")
    raw.close()
    scrambled = tmp_path / "scrambled.sqlite3"  # the header intact, the tables not
    page = 4096
    scrambled.write_bytes(whole[:page] + os.urandom(len(whole) - page))
    text = tmp_path / "notes.sqlite3"
    text.write_text("Not a database, just some notes about Maple House.\n" * 50)
    return {
        "random bytes": (random_bytes, "not a Soberhouse data file, or it is damaged"),
        "cut short": (cut, "shorter than it should be"),
        "another application id": (foreign, "another program's database"),
        "a text file": (text, "not a Soberhouse data file, or it is damaged"),
        "tables scrambled": (scrambled, "is damaged and can't be read"),
    }


def test_damaged_and_foreign_files_give_3_for_every_command(
        data_file: Path, tmp_path: Path, csv_files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for cause, (path, words) in damaged_files(data_file, tmp_path).items():
        before = path.read_bytes()
        for name, command in every_command(csv_files, out).items():
            assert run(path, command) == DATABASE, (cause, name)
            assert_database_problem(capsys, path, words)
        assert path.read_bytes() == before, cause
    assert list(out.iterdir()) == []


def test_a_newer_file_gives_3(data_file: Path, tmp_path: Path, csv_files: dict[str, Path],
                              capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite_driver.connect(data_file) as raw:
        raw.execute("UPDATE schema_version SET version = 99")
    raw.close()
    for name, command in every_command(csv_files, tmp_path).items():
        assert run(data_file, command) == DATABASE, name
        assert "newer version of Soberhouse" in capsys.readouterr().err


def test_read_only_writing_commands_give_3_and_reading_ones_work(
        data_file: Path, tmp_path: Path, csv_files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    before = data_file.read_bytes()
    for name, command in every_command(csv_files, tmp_path).items():
        code = run(data_file, command, "--read-only")
        if name == "demo":  # the demo fills only an empty file: it says so first
            assert code == USAGE
            capsys.readouterr()
        elif name in WRITING:
            assert code == DATABASE, name
            assert_database_problem(capsys, data_file, "open read-only",
                                    "nothing can be saved")
        else:
            assert code == DONE, name
            captured = capsys.readouterr()
            assert "Traceback" not in captured.err
    assert data_file.read_bytes() == before
    assert run(data_file, ["info"], "--read-only") == DONE
    assert "Read-only: you chose to open it read-only" in capsys.readouterr().out


def test_demo_on_an_empty_file_opened_read_only_gives_3(
        tmp_path: Path, today: dt.date, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.sqlite3"
    database.connect(empty)
    accounts.act_as("test-manager")  # the owner, who signs in
    database.close()
    assert run(empty, ["demo"], "--read-only") == DATABASE
    assert_database_problem(capsys, empty, "open read-only", "nothing can be saved")


@pytest.fixture
def locked(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Another program in the middle of a save (it holds SQLite's write lock)."""
    monkeypatch.setenv(database.BUSY_TIMEOUT_VARIABLE, "200")
    other = sqlite_driver.connect(data_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield data_file
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_file_gives_3_to_every_command(
        locked: Path, tmp_path: Path, csv_files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    """Readers too: every command's sign-in is an audit entry, written under
    the write lock (and so are their exports and reports)."""
    for command in every_command(csv_files, tmp_path).values():
        assert run(locked, command) == DATABASE, command
        assert_database_problem(capsys, locked, "saving to this file",
                                "try again in a moment")


def test_demo_on_a_locked_empty_file_gives_3(tmp_path: Path, today: dt.date,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.sqlite3"
    database.connect(empty)
    accounts.act_as("test-manager")  # the owner, who signs in
    database.close()
    monkeypatch.setenv(database.BUSY_TIMEOUT_VARIABLE, "200")
    other = sqlite_driver.connect(empty, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert run(empty, ["demo"]) == DATABASE
        assert_database_problem(capsys, empty, "try again in a moment")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_folder_that_cannot_be_made_gives_3(tmp_path: Path, csv_files: dict[str, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    in_the_way = tmp_path / "backups"
    in_the_way.write_text("a file where the folder should be")
    target = in_the_way / "office" / "soberhouse.sqlite3"
    for name, command in every_command(csv_files, tmp_path).items():
        assert run(target, command) == DATABASE, name
        err = assert_database_problem(capsys, in_the_way / "office",
                                      "Check that the folder exists")
        assert "can't create or open" in err
    assert in_the_way.read_text() == "a file where the folder should be"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_that_is_not_there_gives_3(tmp_path: Path, csv_files: dict[str, Path],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://soberhouse:secret@127.0.0.1:{free_port()}/soberhouse"
    shown = f"postgresql://127.0.0.1:{url.rpartition(':')[2]}"
    for name, command in every_command(csv_files, tmp_path).items():
        assert run(url, command) == DATABASE, name
        err = assert_database_problem(capsys, shown)
        assert "secret" not in err
        assert "can't reach the database server" in err or "needs its driver" in err


def test_a_window_on_another_computer_makes_writers_refuse(
        data_file: Path, tmp_path: Path, csv_files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    FileHolder(data_file, "maria", computer="OFFICE-2").claim()
    for name, command in every_command(csv_files, tmp_path).items():
        code = run(data_file, command)
        if name in WRITING:
            assert code == DATABASE, name
            assert_database_problem(capsys, data_file, "Soberhouse is open on OFFICE-2 by "
                                                       "maria since", "close Soberhouse on "
                                                                      "OFFICE-2 first")
        else:
            assert code == DONE, name
            capsys.readouterr()
    assert holder_path(data_file).exists()


def test_a_window_on_this_computer_only_draws_a_note(
        data_file: Path, tmp_path: Path, csv_files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    FileHolder(data_file, "maria").claim()  # this computer, this (running) process
    bad = tmp_path / "bad.csv"
    bad.write_text("Resident;Date;Fellowship\nNobody Known;2026-10-05;AA\n")
    assert run(data_file, ["import", "outside-meetings", str(bad)]) == LINES_WITH_PROBLEMS
    captured = capsys.readouterr()
    assert captured.err.startswith(f"Note: Soberhouse is open on {socket.gethostname()} by "
                                   f"maria since ")
    assert "shows this command's changes after a refresh (F5)" in captured.err
    assert "Nobody Known" in captured.out  # it went on to read the file


def test_usage_problems_give_2(data_file: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "x.pdf")
    assert run(data_file, ["report", "--house", "Oak House", "--out", out]) == USAGE
    assert 'There is no house called "Oak House"' in capsys.readouterr().err
    assert run(data_file, ["report", "--house", "Maple House", "--month", "2026-13",
                           "--out", out]) == USAGE
    assert '"2026-13" is not a month' in capsys.readouterr().err
    assert run(data_file, ["report", "--house", "Maple House", "--resident", "999",
                           "--out", out]) == USAGE
    assert run(data_file, ["import", "residents", str(tmp_path / "missing.csv")]) == USAGE
    assert "there is no file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as wrong_option:
        run(data_file, ["import", "residents", "--no-such-option"])
    assert wrong_option.value.code == USAGE


def test_problems_in_the_input_give_1(data_file: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Resident;Date;Fellowship\nNobody Known;2026-13-45;AA\n")
    assert run(data_file, ["import", "outside-meetings", str(bad)]) == LINES_WITH_PROBLEMS
    assert "Nothing was imported" in capsys.readouterr().err
    assert run(data_file, ["report", "--house", "House 1", "--month", "2026-10",
                           "--out", str(tmp_path / "x.pdf")]) == LINES_WITH_PROBLEMS
    assert "no one lived in House 1 in October 2026" in capsys.readouterr().err


def test_the_real_program_prints_no_traceback(tmp_path: Path) -> None:
    damaged = tmp_path / "soberhouse.sqlite3"
    damaged.write_bytes(os.urandom(4096))
    finished = subprocess.run(
        [sys.executable, "-m", "soberhouse", "--database", str(damaged), "info"],
        capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == DATABASE
    assert "Traceback" not in finished.stderr
    assert finished.stderr.startswith(f"soberhouse: {damaged} is not a Soberhouse data file")
