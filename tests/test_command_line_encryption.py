"""The command line and encrypted data files: ``users add --owner`` makes one,
every command signs in by unlocking it, ``encrypt`` encrypts a plain one,
``recover`` and ``recovery-key --new``; the exit codes say what went wrong."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from pypdf import PdfReader

from soberhouse import accounts, database, encryption, sqlite_driver
from soberhouse.cli import main
from soberhouse.command_line import opening
from soberhouse.database import SQLITE_MAGIC
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident
from tests.command_line_helpers import PASSWORD_FILE_VARIABLE, USER_VARIABLE, password_file

from .conftest import details_for

DANA_PASSWORD = "lantern-orchard-pebble-77"
CANARY = "Quillfeather"
DONE, USAGE, DATABASE = 0, 2, 3
CODE = re.compile(r"Recovery key \(shown this once\): ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){5})")


def run(path: Path, *arguments: str) -> int:
    return main(["--database", str(path), *arguments])


def stdlib_sqlite_reads(path: Path) -> subprocess.CompletedProcess[str]:
    """The standard sqlite3 module, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM sqlite_master')"
         ".fetchone()[0])", str(path)], capture_output=True, text=True, timeout=60)


@pytest.fixture
def dana(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date) -> Path:
    """Dana's password file; the commands sign in as her."""
    path = password_file(tmp_path, DANA_PASSWORD, name="dana-password")
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(path))
    monkeypatch.setattr(opening, "at_terminal", lambda: False)
    return path


def new_encrypted(path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
                  *extra: str) -> str:
    """``users add --owner dana`` on a new file: the recovery code printed."""
    assert run(path, "users", "add", "--owner", "dana", "--display-name", "Dana Reyes",
               "--password-file", str(dana), *extra) == DONE
    out = capsys.readouterr().out
    found = CODE.search(out)
    assert found, out
    return found.group(1)


def test_the_first_owner_makes_an_encrypted_file(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.sqlite3"
    sheet = tmp_path / "recovery sheet.pdf"
    assert run(path, "users", "add", "--owner", "dana", "--display-name", "Dana Reyes",
               "--password-file", str(dana), "--recovery-sheet", str(sheet)) == DONE
    out = capsys.readouterr().out
    assert (f"Created the owner's account dana (Dana Reyes) in the new encrypted data file "
            f"{path}.") in out
    code = CODE.search(out).group(1)  # type: ignore[union-attr]
    assert ("keep it in the safe. Anyone holding it and the key file "
            f"{path}.keys can open every record; without it and without any password the "
            "data is lost.") in " ".join(out.split())
    assert f"Recovery sheet written to {sheet}" in out
    sheet_text = " ".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert f"As typed: {code}" in " ".join(sheet_text.split())
    assert "Dana Reyes (dana)" in sheet_text

    assert not path.read_bytes().startswith(SQLITE_MAGIC)
    refused = stdlib_sqlite_reads(path)
    assert refused.returncode != 0 and "not a database" in refused.stderr

    # Every command signs in by unlocking it with the password file.
    assert run(path, "users", "list") == DONE
    assert "Dana Reyes  dana          Owner" in capsys.readouterr().out
    assert run(path, "info") == DONE
    assert "Encrypted: yes" in capsys.readouterr().out
    # A second owner is refused as before.
    assert run(path, "users", "add", "--owner", "eve", "--display-name", "Eve Mallory",
               "--password-file", str(dana)) == USAGE
    assert "has accounts already" in capsys.readouterr().err


def test_a_wrong_password_and_a_missing_key_file_are_told(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite3"
    new_encrypted(path, dana, capsys)
    wrong = password_file(tmp_path, "not-her-password-at-all", name="wrong")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(wrong))
    assert run(path, "users", "list") == USAGE
    assert capsys.readouterr().err == f"soberhouse: {encryption.WRONG_PASSWORD}\n"
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(dana))
    encryption.key_file_path(path).rename(tmp_path / "moved.keys")
    assert run(path, "users", "list") == DATABASE
    err = " ".join(capsys.readouterr().err.split())
    assert ("or it is encrypted and its key file office.sqlite3.keys is not beside it"
            in err)
    assert "every backup folder holds one" in err


def test_a_password_asked_at_the_terminal_before_the_file_is_opened(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite3"
    new_encrypted(path, dana, capsys)
    monkeypatch.delenv(PASSWORD_FILE_VARIABLE)
    monkeypatch.setattr(opening, "at_terminal", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or DANA_PASSWORD)
    assert run(path, "info") == DONE
    assert asked == ["Password for dana: "]


def test_recover_sets_a_new_password_with_the_recovery_key(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite3"
    code = new_encrypted(path, dana, capsys)
    key_file = password_file(tmp_path, code.lower().replace("-", " "), name="recovery")
    new = password_file(tmp_path, "willow-harbour-stone-31", name="new-password")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(new))
    assert run(path, "recover", "--user", "dana", "--recovery-key-file", str(key_file)) == DONE
    assert ("The recovery key opened" in capsys.readouterr().out)
    assert run(path, "users", "list") == DONE  # the new password opens it
    capsys.readouterr()
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(dana))
    assert run(path, "users", "list") == USAGE  # the old one no longer does
    capsys.readouterr()

    wrong = password_file(tmp_path, "00000-00000-00000-00000-00000-00000", name="wrong-key")
    assert run(path, "recover", "--user", "dana", "--recovery-key-file", str(wrong)) == USAGE
    assert capsys.readouterr().err == f"soberhouse: {encryption.WRONG_RECOVERY_KEY}\n"


def test_recover_types_the_key_and_the_password_twice_at_a_terminal(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite3"
    code = new_encrypted(path, dana, capsys)
    monkeypatch.delenv(PASSWORD_FILE_VARIABLE)
    monkeypatch.setattr(opening, "at_terminal", lambda: True)
    answers = iter([code, "juniper-meadow-bright-4", "juniper-meadow-bright-4"])
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or next(answers))
    assert run(path, "recover", "--user", "dana") == DONE
    assert asked == ["Recovery key (from the recovery sheet; not shown): ",
                     "New password for dana: ", "The same password again: "]
    database.connect(path, key=encryption.unlock(path, "dana", "juniper-meadow-bright-4"))
    try:
        summaries = [e.summary for e in AuditEvent.select().order_by(AuditEvent.id)]
    finally:
        database.close()
    assert "password set with the recovery key" in summaries


def test_a_new_recovery_key_replaces_the_printed_one(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.sqlite3"
    old = new_encrypted(path, dana, capsys)
    assert run(path, "recovery-key") == USAGE
    assert "give --new" in capsys.readouterr().err
    sheet = tmp_path / "new sheet.pdf"
    assert run(path, "recovery-key", "--new", "--recovery-sheet", str(sheet)) == DONE
    out = capsys.readouterr().out
    new = CODE.search(out).group(1)  # type: ignore[union-attr]
    assert new != old and sheet.is_file()
    with pytest.raises(Exception):
        encryption.unlock_with_recovery_key(path, old)
    assert encryption.unlock_with_recovery_key(path, new)


def test_encrypt_turns_a_plain_file_into_an_encrypted_one(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plain.sqlite3"
    database.connect(path)
    accounts.create_owner("Dana Reyes", "dana", DANA_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(house, last_name=CANARY))
    accounts.add_person(accounts.PersonDetails("Sam Ortiz", "sam",
                                               accounts.Role.HOUSE_MANAGER, all_houses=True),
                        "harbour-willow-canvas-12")
    accounts.end_session()
    database.close()
    assert run(path, "info") == DONE
    assert "Encrypted: no" in capsys.readouterr().out

    sheet = tmp_path / "sheet.pdf"
    assert run(path, "encrypt", "--recovery-sheet", str(sheet)) == DONE
    out = capsys.readouterr().out
    assert "Backup of the plain file taken and checked first:" in out
    assert f"Encrypted {path}" in out
    code = CODE.search(out).group(1)  # type: ignore[union-attr]
    assert ("reset their passwords (Settings > People > Reset Password, or soberhouse users "
            "reset-password NAME): Sam Ortiz.") in out
    assert ("1 backup is still a plain file, the one just taken among them, in "
            f"{tmp_path / 'backups'}: anyone who can read that folder can read it.") in out
    assert CANARY.encode() not in path.read_bytes()
    assert stdlib_sqlite_reads(path).returncode != 0
    assert sheet.is_file()

    assert run(path, "info") == DONE
    assert "Residents: 1 on record" in capsys.readouterr().out
    key = encryption.unlock_with_recovery_key(path, code)
    with closing(sqlite_driver.connect(str(path), key=key)) as connection:
        assert connection.execute("SELECT last_name FROM resident").fetchall() == [(CANARY,)]
    assert run(path, "encrypt") == USAGE
    assert "encrypted already" in capsys.readouterr().err


def test_backup_and_restore_of_an_encrypted_file(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "office.sqlite3"
    new_encrypted(path, dana, capsys)
    assert run(path, "backup") == DONE
    out = capsys.readouterr().out
    backup = Path(out.split("Backup taken and checked: ")[1].split(" (")[0])
    assert not backup.read_bytes().startswith(SQLITE_MAGIC)
    assert run(path, "restore", str(backup), "--yes") == DONE
    assert "Restored" in capsys.readouterr().out
    assert run(path, "users", "list") == DONE


def test_the_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "encrypt" in out and "recover" in out and "recovery-key" in out
    assert "key file missing" in " ".join(out.split())


def test_encrypt_waits_for_the_window_that_has_the_file_open(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from soberhouse.file_holder import FileHolder

    path = tmp_path / "plain.sqlite3"
    database.connect(path)
    accounts.create_owner("Dana Reyes", "dana", DANA_PASSWORD)
    accounts.end_session()
    database.close()
    window = FileHolder(path, "dana")  # a window on this computer, still running
    window.claim()
    try:
        assert run(path, "encrypt") == DATABASE
    finally:
        window.release()
    err = " ".join(capsys.readouterr().err.split())
    assert "Encrypting puts a new file in place of this one: close Soberhouse on" in err
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert not encryption.key_file_path(path).exists()


def test_the_owner_gives_a_new_password_to_someone_without_a_lock(
        tmp_path: Path, dana: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite3"
    new_encrypted(path, dana, capsys)
    sam_first = password_file(tmp_path, "harbour-willow-canvas-12", name="sam-first")
    assert run(path, "users", "add", "sam", "--display-name", "Sam Ortiz", "--role",
               "house_manager", "--all-houses", "--password-file", str(sam_first)) == DONE
    assert run(path, "users", "deactivate", "sam") == DONE
    assert run(path, "users", "activate", "sam") == DONE
    out = capsys.readouterr().out
    assert "Switched on Sam Ortiz's account (sam)." in out
    assert "give them a new one with `soberhouse users reset-password sam`" in out
    monkeypatch.setenv(USER_VARIABLE, "sam")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(sam_first))
    assert run(path, "info") == USAGE  # switched off and on: no lock
    capsys.readouterr()
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(dana))
    sam_new = password_file(tmp_path, "orchard-pebble-candle-90", name="sam-new")
    assert run(path, "users", "reset-password", "sam", "--password-file", str(sam_new)) == DONE
    assert ("Reset Sam Ortiz's password (sam): they choose their own at their next sign-in"
            in capsys.readouterr().out)
    monkeypatch.setenv(USER_VARIABLE, "sam")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(sam_new))
    assert run(path, "info") == DONE


@pytest.mark.usefixtures("command_line_user")
def test_a_server_keeps_its_own_encryption(capsys: pytest.CaptureFixture[str],
                                           today: dt.date) -> None:
    from .test_postgresql import empty_the_server_database, server_url

    url = server_url()
    empty_the_server_database(url)
    try:
        database.connect(url)
        accounts.act_as("test-manager")
        accounts.end_session()
        database.close()
        assert main(["--database", url, "encrypt"]) == USAGE
        err = " ".join(capsys.readouterr().err.split())
        assert "its encryption at rest is the server's" in err and "sslmode=require" in err
        assert main(["--database", url, "recover", "--user", "test-manager"]) == USAGE
        assert "is not an encrypted data file" in capsys.readouterr().err
    finally:
        database.close()
        empty_the_server_database(url)
