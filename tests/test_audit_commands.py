"""The command line signs in (``--user``, a password file or the prompt), and
``soberhouse users add|list|deactivate`` and ``audit verify|export``."""

from __future__ import annotations

import csv
import datetime as dt
import json
from soberhouse import sqlite_driver
from pathlib import Path

import pytest

from soberhouse import accounts, database
from soberhouse.cli import main
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import AppUser, ChangeEntry, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident
from tests.command_line_helpers import (
    PASSWORD_FILE_VARIABLE,
    TEST_PASSWORD,
    USER_VARIABLE,
    password_file,
)
from tests.conftest import details_for

pytestmark = pytest.mark.usefixtures("command_line_user")

SAM_PASSWORD = "copper-meadow-violin-31"
USAGE, DAMAGED = 2, 1


@pytest.fixture
def data_file(tmp_path: Path, today: dt.date) -> Path:
    """Maple House with one resident; the owner test-manager; Sam, a house
    manager of Maple House."""
    path = tmp_path / "audited.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(maple))
    accounts.add_person(accounts.PersonDetails("Sam Ortiz", "sam", Role.HOUSE_MANAGER,
                                               house_ids=(maple.id,)), SAM_PASSWORD)
    database.close()
    return path


def run(path: Path, *arguments: str) -> int:
    return main(["--database", str(path), *arguments])


def as_sam(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(USER_VARIABLE, "sam")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE,
                       str(password_file(tmp_path, SAM_PASSWORD, name="sam-password")))


def events(path: Path) -> list[AuditEvent]:
    database.connect(path)
    try:
        return list(AuditEvent.select().order_by(AuditEvent.id))
    finally:
        database.close()


def tamper(path: Path, statement: str, *values: object, trigger: str) -> None:
    """What an outsider would do with the stdlib sqlite3 module: drop the
    trigger that refuses it, then change the table."""
    outside = sqlite_driver.connect(path)
    outside.execute(f"DROP TRIGGER {trigger}")
    outside.execute(statement, values)
    outside.commit()
    outside.close()


# ---------------------------------------------------------------- signing in


def test_a_command_signs_in_with_the_password_file(
        data_file: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "mallory")  # the computer's login counts for nothing
    monkeypatch.setenv("USER", "mallory")
    assert run(data_file, "info") == 0
    assert "Residents: 1 on record" in capsys.readouterr().out
    last = events(data_file)[-1]
    assert (last.action, last.who, last.summary) == ("signed in", "test-manager",
                                                     "test-manager signed in")


def test_a_write_is_recorded_as_the_person_signed_in_not_the_login(
        data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "mallory")
    as_sam(monkeypatch, tmp_path)
    people = tmp_path / "people.csv"
    people.write_text("First name,Last name,DOB,House,Move-in,Sobriety date\n"
                      "Ana,Ruiz,1990-04-02,Maple House,2026-11-01,2026-10-01\n",
                      encoding="utf-8")
    assert run(data_file, "import", "residents", str(people)) == 0
    database.connect(data_file)
    try:
        entry = ChangeEntry.select().order_by(ChangeEntry.id.desc()).get()
        assert entry.recorded_by.username == "sam"
        assert not AppUser.select().where(AppUser.username == "mallory").exists()
    finally:
        database.close()


def test_a_wrong_password_is_refused_with_2_and_no_traceback(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE,
                       str(password_file(tmp_path, "not-the-password-at-all", name="wrong")))
    assert run(data_file, "--user", "test-manager", "export", "residents",
               str(tmp_path / "out.csv")) == USAGE
    err = capsys.readouterr().err
    assert err.startswith("soberhouse: That sign-in name and password don't match")
    assert "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()
    failed = events(data_file)[-1]
    assert (failed.action, failed.who) == ("sign-in failed", "test-manager")


def test_user_option_overrides_the_environment(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE,
                       str(password_file(tmp_path, SAM_PASSWORD, name="sam-password")))
    assert run(data_file, "--user", "sam", "info") == 0
    assert events(data_file)[-1].who == "sam"


def test_a_password_file_others_can_read_is_refused(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    shared = password_file(tmp_path, TEST_PASSWORD, name="shared", mode=0o640)
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(shared))
    assert run(data_file, "info") == USAGE
    captured = capsys.readouterr()
    assert "can be read by other people at this computer" in captured.err
    assert f"chmod 600 {shared}" in captured.err
    assert "Residents" not in captured.out


def test_without_a_password_file_or_a_terminal_the_command_says_how_to_give_one(
        data_file: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_FILE_VARIABLE)
    assert run(data_file, "info") == USAGE
    err = capsys.readouterr().err
    assert "Give a password:" in err and PASSWORD_FILE_VARIABLE in err


def test_a_password_typed_at_the_terminal(
        data_file: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse.command_line import opening

    monkeypatch.delenv(PASSWORD_FILE_VARIABLE)
    monkeypatch.setattr(opening, "at_terminal", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or TEST_PASSWORD)
    assert run(data_file, "info") == 0
    assert asked == ["Password for test-manager: "]


def test_a_data_file_without_accounts_says_how_to_make_the_owner(
        tmp_path: Path, today: dt.date, capsys: pytest.CaptureFixture[str]) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    database.connect(fresh)
    database.close()
    assert run(fresh, "info") == USAGE
    assert capsys.readouterr().err == (
        "soberhouse: No one has an account on this data file yet: open the window to "
        "create the owner's account, or run `soberhouse users add --owner NAME`.\n")


def test_read_only_opens_sign_in_too(data_file: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    assert run(data_file, "--read-only", "audit", "verify") == 0
    assert capsys.readouterr().out.startswith("Audit trail intact")


# ---------------------------------------------------------------- users


def test_the_first_owner_is_made_from_the_command_line(
        tmp_path: Path, today: dt.date, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    dana = password_file(tmp_path, "lantern-orchard-pebble-77", name="dana-password")
    assert run(fresh, "users", "add", "--owner", "dana", "--display-name", "Dana Reyes",
               "--password-file", str(dana)) == 0
    assert "Created the owner's account dana (Dana Reyes)" in capsys.readouterr().out
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(dana))
    assert run(fresh, "--user", "dana", "users", "list") == 0
    assert "Dana Reyes  dana          Owner" in capsys.readouterr().out
    assert run(fresh, "users", "add", "--owner", "eve", "--display-name", "Eve Mallory",
               "--password-file", str(dana)) == USAGE
    assert "has accounts already" in capsys.readouterr().err


def test_the_owner_adds_lists_and_switches_off_people(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = password_file(tmp_path, "harbour-willow-canvas-12", name="kai-first")
    assert run(data_file, "users", "add", "kai", "--display-name", "Kai Moana", "--role",
               "read_only", "--house", "maple house", "--password-file", str(first)) == 0
    assert ("Added Kai Moana (read only (auditor, certifier), Maple House), sign-in name kai"
            in capsys.readouterr().out)
    assert run(data_file, "users", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Name", "Sign-in", "name", "Role", "Houses", "Account"]
    kai = next(line for line in lines if line.startswith("Kai Moana"))
    assert kai.split("  ")[-1] == "on"
    assert "kai" in kai and "Read only (auditor, certifier)" in kai and "Maple House" in kai
    assert run(data_file, "users", "deactivate", "kai") == 0
    assert "Switched off Kai Moana's account (kai)" in capsys.readouterr().out
    assert run(data_file, "users", "list") == 0
    kai = next(line for line in capsys.readouterr().out.splitlines() if "Kai" in line)
    assert kai.split("  ")[-1] == "off"
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(first))
    assert run(data_file, "--user", "kai", "info") == USAGE
    assert "The account 'kai' is switched off" in capsys.readouterr().err
    people = [event for event in events(data_file) if event.action == "people changed"]
    assert [event.summary for event in people[-2:]] == [
        "added Kai Moana (Read only (auditor, certifier))", "switched off Kai Moana's account"]


def test_a_weak_new_password_is_refused_with_its_reason(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weak = password_file(tmp_path, "password123", name="weak")
    assert run(data_file, "users", "add", "kai", "--display-name", "Kai Moana", "--role",
               "read_only", "--all-houses", "--password-file", str(weak)) == USAGE
    assert "soberhouse: " in capsys.readouterr().err


def test_a_house_manager_may_not_add_list_or_switch_off_people(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    as_sam(monkeypatch, tmp_path)
    first = password_file(tmp_path, "harbour-willow-canvas-12", name="kai-first")
    assert run(data_file, "users", "add", "kai", "--display-name", "Kai Moana", "--role",
               "read_only", "--all-houses", "--password-file", str(first)) == USAGE
    assert "soberhouse: Only the owner can add people.\n" in capsys.readouterr().err
    assert run(data_file, "users", "list") == USAGE
    assert "Only the owner can list the people with an account." in capsys.readouterr().err
    assert run(data_file, "users", "deactivate", "test-manager") == USAGE
    assert "Only the owner can switch accounts off or on." in capsys.readouterr().err


# ---------------------------------------------------------------- audit verify


def test_verify_an_intact_trail(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_file, "audit", "verify") == 0
    count = len(events(data_file))  # the command's own sign-in included
    first = events(data_file)[0].at.date().isoformat()
    assert capsys.readouterr().out == f"Audit trail intact, {count} entries since {first}.\n"


def test_an_edited_row_is_found_and_named(data_file: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    edited = events(data_file)[2]
    tamper(data_file, "UPDATE audit_event SET summary = ? WHERE id = ?",
           "nothing happened here", edited.id, trigger="audit_event_never_update")
    assert run(data_file, "audit", "verify") == DAMAGED
    captured = capsys.readouterr()
    assert captured.err.startswith(f"Audit trail damaged: entry {edited.id} (")
    assert "was changed after it was written" in captured.err


def test_a_deleted_middle_row_is_found(data_file: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    rows = events(data_file)
    taken = rows[len(rows) // 2]
    tamper(data_file, "DELETE FROM audit_event WHERE id = ?", taken.id,
           trigger="audit_event_never_delete")
    assert run(data_file, "audit", "verify") == DAMAGED
    err = capsys.readouterr().err
    following = next(row.id for row in rows if row.id > taken.id)
    assert err.startswith(f"Audit trail damaged: entry {following} (")
    assert "does not follow the one before it" in err


# ---------------------------------------------------------------- audit export


def test_export_csv_filtered_by_person_and_action(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    as_sam(monkeypatch, tmp_path)
    assert run(data_file, "info") == 0  # Sam signs in once
    monkeypatch.setenv(USER_VARIABLE, "test-manager")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(password_file(tmp_path, name="owner")))
    out = tmp_path / "sam.csv"
    assert run(data_file, "audit", "export", "--format", "csv", "--output", str(out),
               "--person", "sam", "--action", "signed in", "--from", "2026-11-15") == 0
    assert "Exported 1 audit entry (person: Sam Ortiz; action: signed in; from " \
        in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Entry", "When", "Person", "Action", "Summary", "Residents", "Details"]
    assert [row[2:5] for row in rows[1:]] == [["Sam Ortiz", "Signed in", "Sam Ortiz signed in"]]
    exported = events(data_file)[-1]
    assert exported.action == "exported" and exported.who == "test-manager"
    details = json.loads(exported.details)
    assert (details["kind"], details["rows"], details["file"]) == ("audit", 1, str(out))


def test_export_pdf_of_one_residents_entries(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.pdf"
    assert run(data_file, "audit", "export", "--format", "pdf", "--out", str(out),
               "--resident", "1") == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Exported 1 audit entry (resident: Zoë Nguyễn (1))" in capsys.readouterr().out
    details = json.loads(events(data_file)[-1].details)
    assert details["kind"] == "audit" and details["pages"] == 1 and len(details["sha256"]) == 64


def test_a_house_manager_is_refused_the_audit_trail(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    as_sam(monkeypatch, tmp_path)
    out = tmp_path / "audit.csv"
    assert run(data_file, "audit", "export", "--format", "csv", "--output", str(out)) == USAGE
    assert ("soberhouse: Only the owner and read-only accounts can read the audit trail.\n"
            in capsys.readouterr().err)
    assert not out.exists()
    assert run(data_file, "audit", "verify") == USAGE


def test_a_date_that_is_not_one(data_file: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_file, "audit", "export", "--format", "csv", "--output",
               str(tmp_path / "a.csv"), "--from", "15/11/2026") == USAGE
    assert '--from "15/11/2026" is not a date' in capsys.readouterr().err


def test_a_read_only_account_may_export_the_audit_trail(
        data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = password_file(tmp_path, "harbour-willow-canvas-12", name="kai-first")
    assert run(data_file, "users", "add", "kai", "--display-name", "Kai Moana", "--role",
               "read_only", "--all-houses", "--password-file", str(first)) == 0
    monkeypatch.setenv(USER_VARIABLE, "kai")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(first))
    out = tmp_path / "for-the-certifier.csv"
    assert run(data_file, "audit", "export", "--format", "csv", "--output", str(out)) == 0
    assert run(data_file, "audit", "verify") == 0
    assert out.read_text(encoding="utf-8-sig").count("Kai Moana signed in") == 1
