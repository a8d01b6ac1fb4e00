"""Settings > People (owner only): the accounts table, adding a house manager
with two houses, changing a role, resetting a password (changed at the next
sign-in), switching off; the core's refusals under their fields; the People
button disabled with the reason for everyone but the owner."""

from __future__ import annotations

from collections.abc import Callable

import peewee
import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from soberhouse import accounts
from soberhouse.accounts import PersonDetails
from soberhouse.models import AppUser, House, Role, UserHouse
from ui import sign_in
from ui.main_window import MainWindow
from ui.settings_section.people_panel import PeopleDialog
from ui.settings_section.people_table_model import PeopleTableModel
from ui.settings_section.person_dialog import PersonDialog, ResetPasswordDialog
from ui.settings_section.section import SettingsSection
from ui.sign_in import AccountForm, ChangePasswordDialog, SignInDialog

OpenWindow = Callable[[], MainWindow]
FIRST_PASSWORD = "given on the first day"
OWNER_PASSWORD = "maple kettle river"


@pytest.fixture
def owner(db: peewee.Database) -> AppUser:
    """The tests' manager, the owner, with a password of their own."""
    user = accounts.current_user()
    accounts.reset_password(user.id, OWNER_PASSWORD)
    return AppUser.get_by_id(user.id)


@pytest.fixture
def people(owner: AppUser, qtbot: QtBot) -> PeopleDialog:
    dialog = PeopleDialog()
    qtbot.addWidget(dialog)
    return dialog


def row_values(dialog: PeopleDialog, username: str) -> tuple[str, ...]:
    [row] = [row for row in dialog.model.rows if row.username == username]
    return row.values()


def person_form(qtbot: QtBot, person: AppUser | None = None) -> PersonDialog:
    form = PersonDialog(person)
    qtbot.addWidget(form)
    return form


def fill_new(form: PersonDialog, name: str, username: str, role: Role) -> None:
    form.display_name.setText(name)
    form.username.setText(username)
    form.role.setCurrentIndex(form.role.findData(role.value))
    form.password.setText(FIRST_PASSWORD)
    form.password_again.setText(FIRST_PASSWORD)


def test_the_owner_adds_a_house_manager_with_two_houses(
        people: PeopleDialog, house: House, other_house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert [row.username for row in people.model.rows] == ["test-manager"]
    form = person_form(qtbot)
    assert form.password.echoMode() == form.password.EchoMode.Password
    fill_new(form, "Dana Reyes", "dana", Role.HOUSE_MANAGER)
    form.houses.check(house.id)
    form.houses.check(other_house.id)
    form.save_button.click()
    assert form.saved is not None and form.errors.message("house_ids") == ""

    monkeypatch.setattr(PersonDialog, "ask", lambda parent=None, person=None: (
        form.saved, form.status_text))
    people.add_button.click()
    assert row_values(people, "dana")[:5] == (
        "Dana Reyes", "dana", "House manager", "Cedar House, Maple House", "On")
    assert row_values(people, "dana")[5].endswith("(given)")  # theirs at the next sign-in
    dana = AppUser.get(AppUser.username == "dana")
    assert {h for (h,) in UserHouse.select(UserHouse.house).where(
        UserHouse.user == dana.id).tuples()} == {house.id, other_house.id}
    assert dana.password_hash.startswith("$argon2id$")


def test_the_cores_refusals_show_under_their_fields_and_nothing_is_saved(
        owner: AppUser, house: House, qtbot: QtBot) -> None:
    form = person_form(qtbot)
    fill_new(form, "", "dana reyes", Role.HOUSE_MANAGER)  # no name, a space, no house
    form.save_button.click()
    assert form.errors.message("display_name") == "Enter the person's name."
    assert "without spaces" in form.errors.message("username")
    assert form.errors.message("house_ids") == "Choose the houses this person may see."
    fill_new(form, "Dana Reyes", "dana", Role.PEER_COACH)
    assert not form.houses.isVisibleTo(form) and form.mentor.isVisibleTo(form)
    form.save_button.click()
    assert "Choose which mentor this peer coach is" in form.errors.message("mentor_id")
    fill_new(form, "Dana Reyes", "dana", Role.READ_ONLY)
    form.houses.check(house.id)
    form.password_again.setText("given on the first night")
    form.save_button.click()
    assert "not the same" in form.errors.message("password_again")
    form.password.setText("password")
    form.password_again.setText("password")
    form.save_button.click()
    assert "at least 12 characters" in form.errors.message("password")
    assert not AppUser.select().where(AppUser.username == "dana").exists()


def test_the_owner_changes_a_role(people: PeopleDialog, house: House, qtbot: QtBot) -> None:
    dana = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             house_ids=(house.id,)), FIRST_PASSWORD)
    people.reload(select=dana.id)
    form = person_form(qtbot, AppUser.get_by_id(dana.id))
    assert form.houses.chosen_ids() == (house.id,)
    assert not form.password.isVisibleTo(form)  # no password in a change
    form.role.setCurrentIndex(form.role.findData(Role.READ_ONLY.value))
    form.save_button.click()
    assert form.saved is not None
    people.reload()
    assert row_values(people, "dana")[2:4] == ("Read only (auditor, certifier)", "Maple House")
    assert AppUser.get_by_id(dana.id).role == Role.READ_ONLY.value


def test_a_reset_password_is_changed_at_the_next_sign_in(
        people: PeopleDialog, house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dana = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             all_houses=True), FIRST_PASSWORD)
    form = ResetPasswordDialog(AppUser.get_by_id(dana.id))
    qtbot.addWidget(form)
    form.password.setText("a fresh start at noon")
    form.password_again.setText("a fresh start at noon")
    form.save_button.click()
    assert "they choose their own at their next sign-in" in form.status_text
    accounts.sign_out()

    shown: list[AccountForm] = []

    def run(self: AccountForm) -> bool:
        shown.append(self)
        if isinstance(self, SignInDialog):
            self.username.setText("dana")
            self.password.setText("a fresh start at noon")
        else:
            assert isinstance(self, ChangePasswordDialog)
            self.password.setText("my own words now")
            self.password_again.setText("my own words now")
        self.accept_button.click()
        return self.result() == AccountForm.DialogCode.Accepted

    monkeypatch.setattr(AccountForm, "run", run)
    assert sign_in.sign_in_on_open_file()
    assert [type(form) for form in shown] == [SignInDialog, ChangePasswordDialog]
    assert accounts.current_user().username == "dana"
    assert not AppUser.get_by_id(dana.id).must_change_password


def test_switching_off_keeps_the_person_and_stops_their_sign_in(
        people: PeopleDialog, house: House) -> None:
    dana = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             all_houses=True), FIRST_PASSWORD)
    people.reload(select=dana.id)
    assert people.switch_button.text() == "Switch &Off"
    people.switch_button.click()
    assert row_values(people, "dana")[4] == "Switched off"
    assert people.switch_button.text() == "Switch &On"
    assert AppUser.select().where(AppUser.username == "dana").exists()  # never deleted
    with pytest.raises(accounts.SignInRefused, match="switched off"):
        accounts.check_password("dana", FIRST_PASSWORD)
    people.switch_button.click()
    assert row_values(people, "dana")[4] == "On"


def test_switching_off_your_own_account_is_refused_with_the_reason(
        people: PeopleDialog) -> None:
    people.reload(select=accounts.current_user().id)
    people.switch_button.click()
    assert people.message.isVisibleTo(people)
    assert "can't switch off your own account" in people.message.text()
    assert row_values(people, "test-manager")[4] == "On"


@pytest.mark.parametrize("role", [Role.HOUSE_MANAGER, Role.PEER_COACH, Role.READ_ONLY])
def test_people_is_the_owners_alone_and_says_so(
        open_window: OpenWindow, house: House, role: Role) -> None:
    window = open_window()
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    assert settings.people_button.isEnabled()
    accounts.act_as(f"someone-{role.value}", role=role)
    settings.refresh()
    assert not settings.people_button.isEnabled()
    assert settings.people_button.toolTip() == "Only the owner can add and change people."


def test_the_people_model_passes_the_model_tester(
        owner: AppUser, house: House, qtmodeltester: ModelTester) -> None:
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.READ_ONLY,
                                      house_ids=(house.id,)), FIRST_PASSWORD)
    model = PeopleTableModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
