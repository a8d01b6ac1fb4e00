"""The window on encrypted data files: the first start makes one and shows
its recovery key, the sign-in unlocks it (a wrong password said under its
field, a missing key file said in words), the recovery key sets the owner a
new password, Settings > Encryption encrypts a plain file (its rows kept),
the password file opens an encrypted file without a dialog, and Sign Out
closes the file for the next person."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest
from pytestqt.qtbot import QtBot

from soberhouse import accounts, database, encrypting, encryption
from soberhouse.accounts import PersonDetails
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import Resident, Role
from soberhouse.password_file import PASSWORD_FILE_VARIABLE, USER_VARIABLE
from soberhouse.residents import admit_resident
from ui import app, sign_in
from ui.file_claim import FileClaim
from ui.recovery_key_dialog import TICK_TEXT, RecoveryKeyDialog
from ui.settings_section.encryption_panel import (
    ENCRYPTED,
    NOT_ENCRYPTED,
    EncryptDialog,
    EncryptionDialog,
    PasswordCheckDialog,
)
from ui.settings_section.people_panel import PeopleDialog
from ui.sign_in import AccountForm, FirstOwnerDialog, RecoveryDialog, SignInDialog

from ..conftest import details_for
from .test_sign_in import answer, signing_in

OWNER_PASSWORD = "maple kettle river"
DANA_PASSWORD = "cedar lantern morning"
NEW_PASSWORD = "walnut harbour evening"


@pytest.fixture
def closed_afterwards(today: dt.date) -> Iterator[None]:
    """Whatever the test opened is closed and signed out of at its end."""
    yield
    accounts.end_session()
    database.close()


@pytest.fixture
def new_path(tmp_path: Path, closed_afterwards: None) -> Path:
    return tmp_path / "new-house.sqlite3"


@pytest.fixture
def encrypted_file(new_path: Path) -> tuple[Path, str]:
    """An encrypted data file with Olive (owner), Dana (house manager, her
    own password) and one resident; closed, nobody signed in.  With the
    file's recovery key."""
    keys = encrypting.new_encrypted_file(new_path, "Olive Owner", "olive", OWNER_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=6))
    admit_resident(details_for(house, first_name="Avery", last_name="Stone"))
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      house_ids=(house.id,)), "first password given")
    accounts.sign_out()
    accounts.sign_in("dana", "first password given")
    accounts.change_own_password("first password given", DANA_PASSWORD)
    accounts.sign_out()
    accounts.end_session()
    database.close()
    return new_path, keys.recovery_code


def stdlib_sqlite_reads(path: Path) -> str:
    """What the standard sqlite3 module makes of ``path``, in another process
    (two SQLite libraries in one process clobber each other's locks)."""
    script = ("import sqlite3, sys\n"
              "try:\n"
              "    c = sqlite3.connect(sys.argv[1])\n"
              "    print('read', c.execute('SELECT count(*) FROM sqlite_master').fetchone())\n"
              "except sqlite3.DatabaseError as error:\n"
              "    print('refused:', error)\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip()


def open_key() -> bytes | None:
    return getattr(database.database_proxy.obj, "data_key", None)


def looked_at_and_continued(seen: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    """A stand-in for RecoveryKeyDialog.exec: note what it shows, check that
    Continue waits for the tick (Esc too), tick, Continue."""

    def exec_(self: RecoveryKeyDialog) -> int:
        seen.append({"code": self.code, "shown": self.code_label.text(),
                     "warning": self.warning.text(), "data_file": self.data_file,
                     "big": self.code_label.font().pointSizeF() > self.font().pointSizeF() * 1.5,
                     "continue_at_first": self.continue_button.isEnabled()})
        self.reject()  # Esc before the tick: it stays
        seen[-1]["closed_by_esc"] = self.result() == RecoveryKeyDialog.DialogCode.Accepted
        self.kept.setChecked(True)
        seen[-1]["continue_after_tick"] = self.continue_button.isEnabled()
        self.continue_button.click()
        return self.result()

    return exec_


# ---------------------------------------------------------------- first start


def test_the_first_start_makes_an_encrypted_file_and_shows_its_recovery_key(
        new_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def owner_form(dialog: AccountForm) -> None:
        assert isinstance(dialog, FirstOwnerDialog)
        assert "encrypted" in dialog.explanation.text()
        dialog.display_name.setText("Olive Owner")
        dialog.username.setText("olive")
        dialog.password.setText(OWNER_PASSWORD)
        dialog.password_again.setText(OWNER_PASSWORD)

    target = str(new_path)
    assert app.open_database(target)
    assert not new_path.exists()  # the window did not make a plain file first
    shown = answer(monkeypatch, FirstOwnerDialog, owner_form)
    seen: list[dict[str, object]] = []
    monkeypatch.setattr(RecoveryKeyDialog, "exec", looked_at_and_continued(seen))
    assert app.signed_in(target)
    assert len(shown) == 1 and len(seen) == 1
    [dialog] = seen
    code = str(dialog["code"])
    assert len(code.replace("-", "")) == 30 and code.count("-") == 5
    assert [group for group in str(dialog["shown"]).split() if group.isalnum()] == \
        code.split("-")  # six groups
    assert dialog["big"]
    assert "loses the data" in str(dialog["warning"])
    assert "can open every record" in str(dialog["warning"])
    assert dialog["continue_at_first"] is False and dialog["closed_by_esc"] is False
    assert dialog["continue_after_tick"] is True

    assert accounts.current_user().username == "olive"
    assert encryption.is_encrypted(new_path)
    assert encryption.key_file_path(new_path).exists()
    assert encryption.unlock_with_recovery_key(new_path, code) == open_key()
    accounts.sign_out()
    database.close()
    assert stdlib_sqlite_reads(new_path).startswith("refused: file is not a database")


def test_the_recovery_key_dialog_saves_the_recovery_sheet(
        new_path: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    from ui.reports.report_files import ReportFiles

    keys = encrypting.new_encrypted_file(new_path, "Olive Owner", "olive", OWNER_PASSWORD)
    dialog = RecoveryKeyDialog(keys.recovery_code, data_file=str(new_path),
                               made_by="Olive Owner")
    qtbot.addWidget(dialog)
    assert dialog.kept.text() == TICK_TEXT
    sheet = tmp_path / "sheet.pdf"
    monkeypatch.setattr(ReportFiles, "pdf_path_from_user",
                        staticmethod(lambda parent, title, suggested: str(sheet)))
    dialog.save_button.click()
    assert dialog.saved_to == sheet and sheet.exists()
    text = "".join(page.extract_text() for page in PdfReader(str(sheet)).pages)
    squeezed = "".join(character for character in text if character.isalnum())
    assert keys.recovery_code.replace("-", "") in squeezed
    assert "Soberhouse recovery sheet" in text
    assert str(sheet) in dialog.done_label.text()


# ---------------------------------------------------------------- signing in


def test_an_encrypted_file_is_opened_by_the_sign_in_and_a_wrong_password_is_said(
        encrypted_file: tuple[Path, str], qtbot: QtBot) -> None:
    path, _ = encrypted_file
    target = str(path)
    assert app.open_database(target)
    assert database.database_proxy.obj.is_closed()  # nothing opened before the sign-in
    dialog = SignInDialog(None, place=target, target=target)
    qtbot.addWidget(dialog)
    assert dialog.recovery_button is not None
    assert dialog.recovery_button.text() == "Forgot your password? Use the &recovery key..."
    dialog.username.setText("dana")
    dialog.password.setText("not dana's password")
    dialog.accept_button.click()
    assert "don't match" in dialog.errors.message("password")
    assert dialog.password.text() == ""
    assert accounts.signed_in_user() is None and database.database_proxy.obj.is_closed()
    dialog.password.setText(DANA_PASSWORD)
    dialog.accept_button.click()
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert accounts.current_user().username == "dana"
    assert open_key() == encryption.unlock(path, "olive", OWNER_PASSWORD)
    assert Resident.select().count() == 1
    window = app.create_main_window(target)
    qtbot.addWidget(window)
    assert window.signed_in_label.text() == "Signed in: Dana Reyes (House manager)"


def test_a_missing_key_file_is_said_in_words(
        encrypted_file: tuple[Path, str], qtbot: QtBot) -> None:
    path, _ = encrypted_file
    keys = encryption.key_file_path(path)
    keys.rename(path.with_name("elsewhere.keys"))
    reported: list[tuple[str, str]] = []
    assert not app.open_database(str(path), report=lambda title, text: reported.append(
        (title, text)))
    [(title, text)] = reported
    assert title == "Can't open the data file"
    assert "encrypted" in text and keys.name in text and "every backup folder" in text
    # The key file gone between the start and the sign-in: said under the form.
    dialog = SignInDialog(None, place=str(path), target=str(path))
    qtbot.addWidget(dialog)
    dialog.username.setText("olive")
    dialog.password.setText(OWNER_PASSWORD)
    dialog.accept_button.click()
    said = dialog.errors.message("")
    assert "key file" in said and keys.name in said and "beside" in said
    assert dialog.result() != SignInDialog.DialogCode.Accepted
    assert accounts.signed_in_user() is None


def test_the_recovery_key_sets_the_owner_a_new_password_from_the_sign_in(
        encrypted_file: tuple[Path, str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    path, code = encrypted_file
    wrong = RecoveryDialog(str(path), "olive")
    qtbot.addWidget(wrong)
    wrong.recovery_key.setText("00000-00000-00000-00000-00000-00000")
    wrong.password.setText(NEW_PASSWORD)
    wrong.password_again.setText(NEW_PASSWORD)
    wrong.accept_button.click()
    assert "doesn't open this data file" in wrong.errors.message("recovery_key")
    assert accounts.signed_in_user() is None

    def recovery(dialog: AccountForm) -> None:
        assert isinstance(dialog, RecoveryDialog)
        assert dialog.username.text() == "olive"  # what the sign-in had
        dialog.recovery_key.setText(code.lower().replace("-", " "))  # typed loosely
        dialog.password.setText(NEW_PASSWORD)
        dialog.password_again.setText(NEW_PASSWORD)

    used = answer(monkeypatch, RecoveryDialog, recovery)
    dialog = SignInDialog(None, place=str(path), target=str(path))
    qtbot.addWidget(dialog)
    dialog.username.setText("olive")
    assert dialog.recovery_button is not None
    dialog.recovery_button.click()
    assert len(used) == 1
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.user is not None and dialog.user.username == "olive"
    assert accounts.current_user().username == "olive" and open_key() is not None
    accounts.sign_out()
    database.close()
    assert encryption.unlock(path, "olive", NEW_PASSWORD)
    with pytest.raises(encryption.SignInRefused):
        encryption.unlock(path, "olive", OWNER_PASSWORD)


def test_the_password_file_opens_an_encrypted_file_without_a_dialog(
        encrypted_file: tuple[Path, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = encrypted_file
    password = tmp_path / "password.txt"
    password.write_text(DANA_PASSWORD + "\n", encoding="utf-8")
    os.chmod(password, 0o600)
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(password))
    shown = answer(monkeypatch, SignInDialog)
    assert app.open_database(str(path))
    assert app.signed_in(str(path))
    assert shown == []
    assert accounts.current_user().username == "dana" and open_key() is not None


def test_a_wrong_password_file_is_said_then_the_dialog_asks(
        encrypted_file: tuple[Path, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = encrypted_file
    password = tmp_path / "password.txt"
    password.write_text("not her password\n", encoding="utf-8")
    os.chmod(password, 0o600)
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(password))
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(sign_in, "report_sign_in_problem",
                        lambda title, message: said.append((title, message)))
    shown = answer(monkeypatch, SignInDialog, signing_in("dana", DANA_PASSWORD))
    assert app.signed_in(str(path))
    [(title, message)] = said
    assert title == "Can't sign in with the password file" and "don't match" in message
    assert len(shown) == 1 and accounts.current_user().username == "dana"


def session_on(target: str, qtbot: QtBot) -> app.DataFileSession:
    """The window of ``target`` (open, someone signed in) as the program shows it."""
    claim = FileClaim.at_start(target)
    assert claim is not None
    session = app.DataFileSession(target, claim)
    window = session.show_window()
    qtbot.addWidget(window)
    window.show()
    return session


def test_sign_out_closes_the_encrypted_file_and_the_next_person_unlocks_it(
        encrypted_file: tuple[Path, str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = encrypted_file
    target = str(path)
    encrypting.unlock_and_sign_in(target, "olive", OWNER_PASSWORD)
    session = session_on(target, qtbot)
    first = session.window
    assert first is not None
    quits: list[bool] = []
    monkeypatch.setattr(app.QCoreApplication, "quit", lambda: quits.append(True))
    while_asked: list[tuple[bool, object]] = []

    def dana(dialog: AccountForm) -> None:
        while_asked.append((database.database_proxy.obj.is_closed(), open_key()))
        signing_in("dana", DANA_PASSWORD)(dialog)

    answer(monkeypatch, SignInDialog, dana)
    try:
        first.window_actions.sign_out.trigger()
        assert while_asked == [(True, None)]  # closed, its key forgotten
        second = session.window
        assert second is not None and second is not first
        qtbot.addWidget(second)
        assert second.signed_in_label.text() == "Signed in: Dana Reyes (House manager)"
        assert open_key() is not None and Resident.select().count() == 1
        second.sign_out()  # Quit on the sign-in
        assert quits == [True] and session.window is None
        assert database.database_proxy.obj.is_closed() and open_key() is None
    finally:
        session.claim.release()


def test_a_file_that_fails_to_open_goes_back_to_the_encrypted_one_as_the_same_person(
        encrypted_file: tuple[Path, str], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = encrypted_file
    target = str(path)
    encrypting.unlock_and_sign_in(target, "dana", DANA_PASSWORD)
    session = session_on(target, qtbot)
    first = session.window
    assert first is not None
    not_ours = tmp_path / "notes.sqlite3"
    not_ours.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)  # damaged
    reported: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "report_open_failure",
                        lambda title, text: reported.append((title, text)))
    shown = answer(monkeypatch, SignInDialog)
    try:
        assert not session.open_other(str(not_ours))
        assert shown == []  # nobody asked to type the password again
        assert len(reported) == 1
        window = session.window
        assert window is not None and window is not first
        qtbot.addWidget(window)
        assert accounts.current_user().username == "dana"
        assert open_key() is not None and Resident.select().count() == 1
    finally:
        session.claim.release()


# ---------------------------------------------------------------- Settings > Encryption


@pytest.fixture
def plain_file(new_path: Path) -> Path:
    """A plain data file with an owner (Olive, signed in), Dana and three
    residents: a file from before encryption."""
    database.connect(new_path)
    accounts.end_session()
    accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=6))
    for room, first in enumerate(("Avery", "Blake", "Casey"), start=1):
        admit_resident(details_for(house, first_name=first, last_name="Stone", room=str(room)))
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      house_ids=(house.id,)), DANA_PASSWORD)
    return new_path


def test_settings_encrypts_a_plain_file_keeping_every_row(
        plain_file: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = app.create_main_window(str(plain_file))
    qtbot.addWidget(window)
    window.show()
    window.show_section("settings")
    settings = window.section("settings")
    counts_before = {table: database.current().execute_sql(
        f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in database.current().get_tables()}
    settings.encryption_button.click()
    panel = settings.encryption_dialog
    assert isinstance(panel, EncryptionDialog)
    assert panel.state.text() == NOT_ENCRYPTED
    assert panel.encrypt_button.isVisible() and panel.encrypt_button.isEnabled()

    def wrong(dialog: AccountForm) -> None:
        assert isinstance(dialog, EncryptDialog)
        assert "backup" in dialog.explanation.text()
        assert "new password" in dialog.explanation.text()
        dialog.password.setText("not the owner's password")

    refused = answer(monkeypatch, EncryptDialog, wrong)
    panel.encrypt_button.click()
    assert refused[0].errors.message("password")
    assert not encryption.is_encrypted(plain_file) and panel.state.text() == NOT_ENCRYPTED

    def right(dialog: AccountForm) -> None:
        assert isinstance(dialog, EncryptDialog)
        dialog.password.setText(OWNER_PASSWORD)

    answer(monkeypatch, EncryptDialog, right)
    codes: list[str] = []
    monkeypatch.setattr(RecoveryKeyDialog, "ask", classmethod(
        lambda cls, parent, code, **options: codes.append(code)))
    messages: list[str] = []
    panel.status_message.connect(messages.append)
    panel.encrypt_button.click()
    assert len(codes) == 1
    assert panel.state.text() == ENCRYPTED
    assert str(encryption.key_file_path(plain_file)) in panel.details.text()
    assert "Dana Reyes" in panel.people.text() and panel.people.isVisibleTo(panel)
    # The backup taken just before is plain: said, with what to do.
    assert panel.plain.isVisibleTo(panel)
    assert panel.plain.text().startswith("1 backup in ")
    assert "NOT encrypted" in panel.plain.text() and "delete it" in panel.plain.text()
    assert panel.new_key_button.isVisibleTo(panel) and not panel.encrypt_button.isVisibleTo(
        panel)
    assert messages and "Data file encrypted" in messages[-1] and "Dana" in messages[-1]
    assert accounts.current_user().username == "olive"
    counts_after = {table: database.current().execute_sql(
        f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in database.current().get_tables()}
    for table, count in counts_before.items():
        # The encryption adds its own audit entries and the backup's: nothing less.
        assert counts_after[table] >= count, table
    assert counts_after["resident"] == counts_before["resident"] == 3
    assert encryption.unlock_with_recovery_key(plain_file, codes[0]) == open_key()
    assert stdlib_sqlite_reads(plain_file).startswith("refused: file is not a database")

    people = PeopleDialog(window)
    qtbot.addWidget(people)
    assert people.needs_password.isVisibleTo(people)
    assert people.needs_password.text().startswith(
        "Dana Reyes needs a new password (reset it so they can sign in)")
    panel.close()


def test_a_new_recovery_key_asks_the_password_and_replaces_the_old_key(
        encrypted_file: tuple[Path, str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    path, old_code = encrypted_file
    encrypting.unlock_and_sign_in(str(path), "olive", OWNER_PASSWORD)
    panel = EncryptionDialog()
    qtbot.addWidget(panel)
    assert panel.state.text() == ENCRYPTED
    assert panel.new_key_button.isEnabled()

    def password(dialog: AccountForm) -> None:
        assert isinstance(dialog, PasswordCheckDialog)
        dialog.password.setText(OWNER_PASSWORD)

    answer(monkeypatch, PasswordCheckDialog, password)
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(RecoveryKeyDialog, "ask", classmethod(
        lambda cls, parent, code, **options: shown.append((code, options["replaced"]))))
    panel.new_key_button.click()
    [(code, replaced)] = shown
    assert replaced and code != old_code
    assert encryption.unlock_with_recovery_key(path, code) == open_key()
    with pytest.raises(encryption.SignInRefused):
        encryption.unlock_with_recovery_key(path, old_code)


def test_others_see_the_state_with_the_buttons_off(
        encrypted_file: tuple[Path, str], qtbot: QtBot) -> None:
    path, _ = encrypted_file
    encrypting.unlock_and_sign_in(str(path), "dana", DANA_PASSWORD)
    panel = EncryptionDialog()
    qtbot.addWidget(panel)
    assert panel.state.text() == ENCRYPTED
    assert not panel.new_key_button.isEnabled()
    assert "Only the owner" in panel.new_key_button.toolTip()


def test_the_program_started_on_a_new_file_makes_it_encrypted_and_opens_its_window(
        new_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    def owner_form(dialog: AccountForm) -> None:
        dialog.display_name.setText("Olive Owner")
        dialog.username.setText("olive")
        dialog.password.setText(OWNER_PASSWORD)
        dialog.password_again.setText(OWNER_PASSWORD)

    answer(monkeypatch, FirstOwnerDialog, owner_form)
    codes: list[str] = []
    monkeypatch.setattr(RecoveryKeyDialog, "ask", classmethod(
        lambda cls, parent, code, **options: codes.append(code)))
    windows: list[object] = []
    real = app.create_main_window

    def built(target: str) -> object:
        window = real(target)
        windows.append(window)
        return window

    monkeypatch.setattr(app, "create_main_window", built)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # the window shown, then closed
    try:
        assert app.run_window(str(new_path), ["soberhouse"]) == 0
    finally:
        for window in windows:
            window.close()  # type: ignore[attr-defined]
            window.deleteLater()  # type: ignore[attr-defined]
    assert len(windows) == 1 and len(codes) == 1
    assert encryption.is_encrypted(new_path)
    assert stdlib_sqlite_reads(new_path).startswith("refused: file is not a database")
    assert encryption.unlock(new_path, "olive", OWNER_PASSWORD) == \
        encryption.unlock_with_recovery_key(new_path, codes[0])


def test_print_sends_the_recovery_sheet_to_the_printer(
        new_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from pypdf import PdfReader

    from ui.reports import printing

    keys = encrypting.new_encrypted_file(new_path, "Olive Owner", "olive", OWNER_PASSWORD)
    printed: list[tuple[bytes, str]] = []

    def print_pdf(parent: object, data: bytes, settings: object, title: str,
                  *args: object, **options: object) -> int:
        printed.append((data, title))
        return 1

    monkeypatch.setattr(printing, "print_pdf", print_pdf)
    dialog = RecoveryKeyDialog(keys.recovery_code, data_file=str(new_path),
                               made_by="Olive Owner")
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    [(data, title)] = printed
    assert title == "Soberhouse recovery sheet" and dialog.printed
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert keys.recovery_code.replace("-", "") in "".join(c for c in text if c.isalnum())
    assert "printer" in dialog.done_label.text()


def test_an_encrypted_backup_opens_read_only_through_the_sign_in_on_its_own_path(
        encrypted_file: tuple[Path, str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse import backups

    path, _ = encrypted_file
    encrypting.unlock_and_sign_in(str(path), "olive", OWNER_PASSWORD)
    record = backups.take_backup("manual")
    assert encryption.is_encrypted(record.path)
    session = session_on(str(path), qtbot)
    asked: list[tuple[str, object, bool]] = []

    def olive(dialog: AccountForm) -> None:
        assert isinstance(dialog, SignInDialog)
        asked.append((str(dialog.target), dialog.read_only, dialog.recovery_button is None))
        signing_in("olive", OWNER_PASSWORD)(dialog)

    answer(monkeypatch, SignInDialog, olive)
    try:
        assert session.open_read_only(str(record.path))
        [(target, read_only, no_recovery)] = asked
        assert target == str(record.path) and "this is a backup" in str(read_only)
        assert no_recovery  # nothing can be written to a backup opened to look
        window = session.window
        assert window is not None
        qtbot.addWidget(window)
        assert window.read_only_notice.isVisible()
        assert database.is_read_only() and open_key() is not None
        assert Resident.select().count() == 1
    finally:
        session.claim.release()


def test_restoring_an_encrypted_backup_signs_in_again_on_the_restored_file(
        encrypted_file: tuple[Path, str], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse import backups

    path, _ = encrypted_file
    encrypting.unlock_and_sign_in(str(path), "olive", OWNER_PASSWORD)
    record = backups.take_backup("manual")
    house = create_house(HouseDetails(name="Birch House", beds=3))
    admit_resident(details_for(house, first_name="Rowan", last_name="Birch"))
    session = session_on(str(path), qtbot)
    answer(monkeypatch, SignInDialog, signing_in("dana", DANA_PASSWORD))
    try:
        assert session.restore_backup(str(record.path))
        window = session.window
        assert window is not None
        qtbot.addWidget(window)
        assert accounts.current_user().username == "dana"
        assert Resident.select().count() == 1  # Rowan came after the backup
        assert encryption.is_encrypted(path) and open_key() is not None
    finally:
        session.claim.release()
