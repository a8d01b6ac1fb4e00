"""The window's sign-in: the owner made on a first start, an old file adopted
with its history names, refusals under their field, the slow-down, a
switched-off account, a forced change of password, Quit, the password file
for unattended starts, and the signed-in person in the status bar."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from pytestqt.qtbot import QtBot

from soberhouse import accounts, database, migrations
from soberhouse.accounts import PersonDetails
from soberhouse.audit import Action
from soberhouse.file_holder import holder_path
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import AppUser, ChangeEntry, Role, SobrietyDateChange
from soberhouse.models.audit import AuditEvent
from soberhouse.password_file import PASSWORD_FILE_VARIABLE, USER_VARIABLE
from soberhouse.recording import allowing_writes
from soberhouse.residents import admit_resident
from ui import app, sign_in
from ui.app import create_main_window
from ui.main_window import MainWindow
from ui.sign_in import AccountForm, ChangePasswordDialog, FirstOwnerDialog, SignInDialog
from ui.unsaved_work import Leaving

from ..conftest import details_for

OWNER_PASSWORD = "maple kettle river"
DANA_PASSWORD = "cedar lantern morning"


@pytest.fixture
def fresh(db_path: Path, today: dt.date) -> Iterator[peewee.Database]:
    """A new data file, nobody signed in, no account yet."""
    connection = database.connect(db_path)
    accounts.end_session()
    yield connection
    accounts.end_session()
    database.close()


@pytest.fixture
def owner(fresh: peewee.Database) -> AppUser:
    return accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)


@pytest.fixture
def dana(owner: AppUser) -> AppUser:
    """A house manager of Maple House, with her own password; nobody signed in."""
    house = create_house(HouseDetails(name="Maple House", beds=6))
    user = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             house_ids=(house.id,)), "first password given")
    accounts.sign_out()
    accounts.sign_in("dana", "first password given")
    accounts.change_own_password("first password given", DANA_PASSWORD)
    accounts.sign_out()
    return AppUser.get_by_id(user.id)


Fill = Callable[[AccountForm], None]


def answer(monkeypatch: pytest.MonkeyPatch, form: type[AccountForm], *fills: Fill
           ) -> list[AccountForm]:
    """Each time ``form`` would show, fill it in with the next of ``fills``
    and press its OK button; a form the core refused is closed as if
    cancelled (its messages are read from the returned list)."""
    shown: list[AccountForm] = []
    pending = list(fills)

    def run(self: AccountForm) -> bool:
        shown.append(self)
        if not pending:
            return False
        pending.pop(0)(self)
        self.accept_button.click()
        return self.result() == AccountForm.DialogCode.Accepted

    monkeypatch.setattr(form, "run", run)
    return shown


def signing_in(name: str, password: str) -> Fill:
    def fill(dialog: AccountForm) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText(name)
        dialog.password.setText(password)
    return fill


def opened_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = create_main_window(str(path))
    qtbot.addWidget(window)
    return window


def test_the_first_start_makes_the_owner_and_opens_signed_in_as_them(
        fresh: peewee.Database, db_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def owner_form(dialog: AccountForm) -> None:
        assert isinstance(dialog, FirstOwnerDialog)
        assert "read the audit trail" in dialog.explanation.text()
        assert not dialog.password.text() and dialog.password.echoMode() == \
            dialog.password.EchoMode.Password
        dialog.display_name.setText("Olive Owner")
        dialog.username.setText("olive")
        dialog.password.setText(OWNER_PASSWORD)
        dialog.password_again.setText(OWNER_PASSWORD)

    shown = answer(monkeypatch, FirstOwnerDialog, owner_form)
    answer(monkeypatch, SignInDialog)  # never asked
    assert sign_in.sign_in_on_open_file()
    assert len(shown) == 1
    assert accounts.current_user().username == "olive"
    assert accounts.current_role() is Role.OWNER
    window = opened_window(qtbot, db_path)
    assert window.signed_in_label.text() == "Signed in: Olive Owner (Owner)"


def test_the_owner_form_refuses_a_weak_or_mistyped_password_under_its_field(
        fresh: peewee.Database, qtbot: QtBot) -> None:
    dialog = FirstOwnerDialog()
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Olive Owner")
    dialog.username.setText("olive")
    dialog.password.setText("password")
    dialog.password_again.setText("password")
    dialog.accept_button.click()
    assert "at least 12 characters" in dialog.errors.message("password")
    dialog.password.setText(OWNER_PASSWORD)
    dialog.password_again.setText("maple kettle rivers")
    dialog.accept_button.click()
    assert "not the same" in dialog.errors.message("password_again")
    assert not accounts.accounts_exist()  # nothing saved half-way


def test_an_old_file_is_adopted_by_its_first_owner_with_its_history_names_kept(
        tmp_path: Path, today: dt.date, qtbot: QtBot) -> None:
    path = tmp_path / "old.sqlite3"
    connection = peewee.SqliteDatabase(str(path))
    with allowing_writes():
        migrations.upgrade(connection, target=7)  # before accounts
        connection.execute_sql("INSERT INTO app_user (username, display_name, created_at) "
                               "VALUES ('jsmith', 'jsmith', '2026-01-02 10:00:00')")
        connection.execute_sql("INSERT INTO change_entry (action, details, kinds, "
                               "resident_ids, recorded_by_id, recorded_at) VALUES "
                               "('admitted a resident', '', 'resident', '', 1, "
                               "'2026-01-02 10:00:00')")
    connection.close()
    database.connect(path)
    try:
        accounts.end_session()
        dialog = FirstOwnerDialog()
        qtbot.addWidget(dialog)
        assert "jsmith" in dialog.explanation.text()
        assert "stay in the history" in dialog.explanation.text()
        dialog.display_name.setText("Dana Reyes")
        dialog.username.setText("dana")
        dialog.password.setText(DANA_PASSWORD)
        dialog.password_again.setText(DANA_PASSWORD)
        dialog.accept_button.click()
        assert dialog.result() == FirstOwnerDialog.DialogCode.Accepted
        assert accounts.current_user().username == "dana"
        assert ChangeEntry.get_by_id(1).recorded_by.username == "jsmith"
        assert not AppUser.get(AppUser.username == "jsmith").has_account
    finally:
        accounts.end_session()
        database.close()


def test_a_wrong_password_is_said_under_the_field_and_cleared(
        owner: AppUser, qtbot: QtBot) -> None:
    accounts.sign_out()
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText("olive")
    dialog.password.setText("not the password at all")
    dialog.accept_button.click()
    assert "don't match" in dialog.errors.message("password")
    assert dialog.password.text() == ""
    assert accounts.signed_in_user() is None
    dialog.username.setText("nobody")
    dialog.password.setText(OWNER_PASSWORD)
    dialog.accept_button.click()
    assert "don't match" in dialog.errors.message("username")
    dialog.username.setText("olive")
    dialog.password.setText(OWNER_PASSWORD)
    dialog.accept_button.click()
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert accounts.current_user().username == "olive"


def test_repeated_wrong_passwords_say_how_long_to_wait(owner: AppUser, qtbot: QtBot) -> None:
    accounts.sign_out()
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText("olive")
    for _ in range(accounts.FREE_TRIES):
        dialog.password.setText("wrong wrong wrong")
        dialog.accept_button.click()
    dialog.password.setText(OWNER_PASSWORD)  # even the right one waits
    dialog.accept_button.click()
    assert "wait 1 second before trying again" in dialog.errors.message("password")
    assert accounts.signed_in_user() is None
    failures = AuditEvent.select().where(AuditEvent.action == Action.SIGN_IN_FAILED.value)
    assert failures.count() == accounts.FREE_TRIES + 1


def test_a_switched_off_account_cannot_sign_in(dana: AppUser, qtbot: QtBot) -> None:
    accounts.sign_in("olive", OWNER_PASSWORD)
    accounts.set_active(dana.id, False)
    accounts.sign_out()
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.username.setText("dana")
    dialog.password.setText(DANA_PASSWORD)
    dialog.accept_button.click()
    assert "switched off" in dialog.errors.message("username")
    assert accounts.signed_in_user() is None


def test_the_sign_in_name_is_remembered_never_the_password(
        owner: AppUser, qtbot: QtBot, isolated_preferences: Path) -> None:
    accounts.sign_out()
    first = SignInDialog()
    qtbot.addWidget(first)
    first.username.setText("olive")
    first.password.setText(OWNER_PASSWORD)
    first.accept_button.click()
    accounts.sign_out()
    second = SignInDialog()
    qtbot.addWidget(second)
    assert second.username.text() == "olive" and second.password.text() == ""
    stored = "".join(p.read_text(encoding="utf-8") for p in isolated_preferences.rglob("*")
                     if p.is_file())
    assert "olive" in stored and OWNER_PASSWORD not in stored


def test_quit_on_the_sign_in_ends_the_program_and_releases_the_file(
        owner: AppUser, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts.end_session()
    database.close()
    built: list[str] = []
    monkeypatch.setattr(app, "create_main_window", lambda target: built.append(target))
    shown = answer(monkeypatch, SignInDialog)  # Quit
    assert app.run_window(str(db_path), ["soberhouse"]) == 0
    assert len(shown) == 1 and built == []  # no window, nothing about residents read
    assert database.database_proxy.obj.is_closed()
    assert not holder_path(db_path).exists()
    database.connect(db_path)  # for the fixture's own close


def test_a_reset_password_must_be_changed_before_the_window_opens(
        dana: AppUser, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    accounts.sign_in("olive", OWNER_PASSWORD)
    accounts.reset_password(dana.id, "given by the owner today")
    accounts.sign_out()

    def new_password(dialog: AccountForm) -> None:
        assert isinstance(dialog, ChangePasswordDialog)
        assert dialog.present.isHidden() or not dialog.present.isVisibleTo(dialog)
        assert dialog.reject_button.text() == "Sign &Out"
        dialog.password.setText("walnut harbour evening")
        dialog.password_again.setText("walnut harbour evening")

    answer(monkeypatch, SignInDialog, signing_in("dana", "given by the owner today"))
    changes = answer(monkeypatch, ChangePasswordDialog, new_password)
    assert sign_in.sign_in_on_open_file()
    assert len(changes) == 1
    assert accounts.current_user().username == "dana"
    assert not AppUser.get_by_id(dana.id).must_change_password
    accounts.sign_out()
    assert accounts.sign_in("dana", "walnut harbour evening").username == "dana"


def test_signing_out_of_a_forced_change_goes_back_to_the_sign_in(
        dana: AppUser, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts.sign_in("olive", OWNER_PASSWORD)
    accounts.reset_password(dana.id, "given by the owner today")
    accounts.sign_out()
    sign_ins = answer(monkeypatch, SignInDialog,
                      signing_in("dana", "given by the owner today"))  # then Quit
    answer(monkeypatch, ChangePasswordDialog)  # Sign Out
    assert not sign_in.sign_in_on_open_file()
    assert len(sign_ins) == 2
    assert accounts.signed_in_user() is None


def test_logname_changes_nothing_about_who_is_recorded(
        dana: AppUser, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LOGNAME", "USER", "USERNAME"):
        monkeypatch.setenv(variable, "mallory")
    answer(monkeypatch, SignInDialog, signing_in("dana", DANA_PASSWORD))
    assert sign_in.sign_in_on_open_file()
    [house_id] = accounts.house_ids_of(dana) or []
    from soberhouse.houses import get_house

    resident = admit_resident(details_for(get_house(house_id)))
    change = SobrietyDateChange.get(SobrietyDateChange.resident == resident.id)
    assert change.recorded_by.username == "dana"
    assert not AppUser.select().where(AppUser.username == "mallory").exists()


def password_file(tmp_path: Path, password: str, mode: int = 0o600) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(password + "\n", encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_the_password_file_signs_in_without_a_dialog(
        dana: AppUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(password_file(tmp_path, DANA_PASSWORD)))
    shown = answer(monkeypatch, SignInDialog)
    assert sign_in.sign_in_on_open_file()
    assert shown == []
    assert accounts.current_user().username == "dana"


def test_a_password_file_others_can_read_is_refused_then_the_dialog_asks(
        dana: AppUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(USER_VARIABLE, "dana")
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE,
                       str(password_file(tmp_path, DANA_PASSWORD, mode=0o644)))
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(sign_in, "report_sign_in_problem",
                        lambda title, message: said.append((title, message)))
    shown = answer(monkeypatch, SignInDialog, signing_in("dana", DANA_PASSWORD))
    assert sign_in.sign_in_on_open_file()
    [(title, message)] = said
    assert title == "Can't use the password file"
    assert "chmod 600" in message
    assert len(shown) == 1 and accounts.current_user().username == "dana"


def test_the_status_bar_names_who_is_signed_in(
        dana: AppUser, db_path: Path, qtbot: QtBot) -> None:
    accounts.sign_in("dana", DANA_PASSWORD)
    window = opened_window(qtbot, db_path)
    assert window.signed_in_label.text() == "Signed in: Dana Reyes (House manager)"
    texts = [action.text() for action in window.menuBar().actions()[0].menu().actions()]
    assert "C&hange My Password..." in texts and "Sign O&ut" in texts


def test_sign_out_settles_the_work_closes_the_window_and_asks_again(
        dana: AppUser, db_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        unsaved_questions: list[tuple[list[str], Leaving]]) -> None:
    from ui.file_claim import FileClaim

    accounts.sign_in("olive", OWNER_PASSWORD)
    claim = FileClaim.at_start(str(db_path))
    assert claim is not None
    session = app.DataFileSession(str(db_path), claim)
    first = session.show_window()
    qtbot.addWidget(first)
    first.show()
    quits: list[bool] = []
    monkeypatch.setattr(app.QCoreApplication, "quit", lambda: quits.append(True))
    answer(monkeypatch, SignInDialog, signing_in("dana", DANA_PASSWORD))
    try:
        monkeypatch.setattr(MainWindow, "unsaved_work", lambda self, reason: [
            OpenFormStandIn(reason)])
        signed_out = AuditEvent.select().where(AuditEvent.action == Action.SIGNED_OUT.value)
        before = signed_out.count()
        first.window_actions.sign_out.trigger()
        assert [leaving for _, leaving in unsaved_questions][:1] == [Leaving.SIGN_OUT]
        second = session.window
        assert second is not None and second is not first and first.isHidden()
        qtbot.addWidget(second)
        assert second.signed_in_label.text() == "Signed in: Dana Reyes (House manager)"
        assert [event.user.username for event in signed_out][before:] == ["olive"]
        second.sign_out()  # Quit on the sign-in: the program ends
        assert quits == [True] and session.window is None
        assert accounts.signed_in_user() is None
    finally:
        session.claim.release()


class OpenFormStandIn:
    """Work not saved, discarded when asked (the question is answered Discard)."""

    def __init__(self, reason: Leaving) -> None:
        self.discarded = False

    def unsaved_description(self) -> str | None:
        return None if self.discarded else "Add Resident: what you typed is not saved."

    def save_unsaved(self) -> bool:
        return True

    def discard_unsaved(self) -> None:
        self.discarded = True
