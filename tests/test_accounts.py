"""Named accounts in the core: the owner first, passwords only as Argon2id
hashes, sign-in refusals and their slow-down, people kept (never deleted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, audit, clock, database, passwords
from soberhouse.accounts import PersonDetails
from soberhouse.audit import Action
from soberhouse.errors import NotAllowed, NotSignedIn, RuleViolation, SignInRefused
from soberhouse.models import AppUser, House, Role, SobrietyDateChange
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident

from .conftest import details_for

OWNER_PASSWORD = "maple kettle river"
DANA_PASSWORD = "cedar lantern morning"


@pytest.fixture
def fresh(db_path: Path, today: dt.date) -> Iterator[peewee.Database]:
    """A new data file with nobody signed in and no account yet."""
    connection = database.connect(db_path)
    accounts.end_session()
    yield connection
    accounts.end_session()
    database.close()


@pytest.fixture
def owner(fresh: peewee.Database) -> AppUser:
    return accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)


def test_nothing_is_written_before_someone_signs_in(fresh: peewee.Database) -> None:
    assert not accounts.accounts_exist()
    with pytest.raises(NotSignedIn):
        accounts.current_user()
    from soberhouse.houses import HouseDetails, create_house

    with pytest.raises(NotSignedIn):
        create_house(HouseDetails(name="Maple House", beds=4))
    assert House.select().count() == 0


def test_the_first_start_makes_the_owner_and_stores_only_a_hash(owner: AppUser) -> None:
    assert accounts.current_user().username == "olive"
    assert accounts.current_role() is Role.OWNER
    stored = AppUser.get(AppUser.username == "olive").password_hash
    assert stored.startswith("$argon2id$") and OWNER_PASSWORD not in stored
    assert accounts.accounts_exist()
    with pytest.raises(NotAllowed, match="has an owner already"):
        accounts.create_owner("Someone Else", "else", "another good passphrase")


@pytest.mark.parametrize(("password", "words"), [
    ("short1", "at least 12 characters"),
    ("password1234", "most common"),
    ("onedayatatime", "most common"),
    ("aaaaaaaaaaaaaa", "run of keys"),
    ("qwertyuiopasd", "run of keys"),
    ("olive owner 12", "your name"),
])
def test_weak_passwords_are_refused_with_the_reason(fresh: peewee.Database, password: str,
                                                    words: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        accounts.create_owner("Olive Owner", "olive", password)
    assert words in refused.value.for_field("password")[0]
    assert not accounts.accounts_exist()


def test_a_good_passphrase_passes() -> None:
    assert passwords.problem_with("maple kettle river", names=("Olive",)) is None


def test_signing_in_and_the_wrong_password(owner: AppUser) -> None:
    accounts.sign_out()
    with pytest.raises(SignInRefused, match="don't match"):
        accounts.sign_in("olive", "not the password at all")
    with pytest.raises(SignInRefused, match="don't match"):
        accounts.sign_in("nobody", OWNER_PASSWORD)  # same words: nothing told about names
    assert accounts.signed_in_user() is None
    user = accounts.sign_in("OLIVE", OWNER_PASSWORD)  # the name's case doesn't matter
    assert user.username == "olive" and user.failed_sign_ins == 0
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-4:] == [Action.SIGN_IN_FAILED.value, Action.SIGN_IN_FAILED.value,
                            Action.SIGN_IN_FAILED.value, Action.SIGNED_IN.value][-4:] or \
        actions.count(Action.SIGN_IN_FAILED.value) == 2
    failed = AuditEvent.select().where(AuditEvent.action == Action.SIGN_IN_FAILED.value)
    assert {e.who for e in failed} == {"olive", "nobody"}
    assert audit.verify().intact


def test_repeated_failures_slow_down(owner: AppUser) -> None:
    accounts.sign_out()
    for _ in range(accounts.FREE_TRIES):
        with pytest.raises(SignInRefused, match="don't match"):
            accounts.sign_in("olive", "wrong wrong wrong")
    with pytest.raises(SignInRefused, match=r"wait 1 second before trying again"):
        accounts.sign_in("olive", OWNER_PASSWORD)  # even the right one waits
    row = AppUser.get(AppUser.username == "olive")
    assert row.failed_sign_ins == accounts.FREE_TRIES + 1
    later = clock.now() + dt.timedelta(seconds=3)
    with clock.one_moment(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: later)
        assert accounts.sign_in("olive", OWNER_PASSWORD).failed_sign_ins == 0


def test_logname_does_not_change_who_records(owner: AppUser, house_for_owner: House,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LOGNAME", "USER", "USERNAME", "LNAME"):
        monkeypatch.setenv(variable, "mallory")
    resident = admit_resident(details_for(house_for_owner))
    change = SobrietyDateChange.get(SobrietyDateChange.resident == resident.id)
    assert change.recorded_by.username == "olive"
    assert not AppUser.select().where(AppUser.username == "mallory").exists()


@pytest.fixture
def house_for_owner(owner: AppUser) -> House:
    from soberhouse.houses import HouseDetails, create_house

    return create_house(HouseDetails(name="Maple House", beds=6))


def test_the_owner_adds_changes_resets_and_switches_off(owner: AppUser,
                                                        house_for_owner: House) -> None:
    dana = accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                             house_ids=(house_for_owner.id,)), DANA_PASSWORD)
    assert accounts.house_ids_of(dana) == {house_for_owner.id}
    assert dana.must_change_password  # a first password someone else chose
    changed = accounts.change_person(dana.id, PersonDetails(
        "Dana Reyes", "dreyes", Role.READ_ONLY, house_ids=(house_for_owner.id,)))
    assert changed.username == "dreyes" and changed.role == Role.READ_ONLY.value
    accounts.reset_password(dana.id, "harbour willow stone")
    accounts.set_active(dana.id, False)
    accounts.sign_out()
    with pytest.raises(SignInRefused, match="switched off"):
        accounts.sign_in("dreyes", "harbour willow stone")
    accounts.sign_in("olive", OWNER_PASSWORD)
    accounts.set_active(dana.id, True)
    accounts.sign_out()
    signed = accounts.sign_in("dreyes", "harbour willow stone")
    assert signed.must_change_password
    accounts.change_own_password("harbour willow stone", "quiet orchard bicycle")
    assert not accounts.current_user().must_change_password
    people_events = AuditEvent.select().where(AuditEvent.action.in_(
        [Action.PEOPLE.value, Action.PASSWORD.value]))
    assert people_events.count() >= 5
    assert all("harbour" not in e.details for e in people_events)  # no password in the trail


def test_only_the_owner_manages_people(owner: AppUser, house_for_owner: House) -> None:
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      house_ids=(house_for_owner.id,)), DANA_PASSWORD)
    accounts.sign_out()
    accounts.sign_in("dana", DANA_PASSWORD)
    with pytest.raises(NotAllowed, match="Only the owner can add people"):
        accounts.add_person(PersonDetails("Eli Moss", "eli", Role.READ_ONLY,
                                          all_houses=True), "another fine passphrase")
    with pytest.raises(NotAllowed, match="Only the owner"):
        accounts.reset_password(owner.id, "another fine passphrase")
    accounts.change_own_password(DANA_PASSWORD, "quiet orchard bicycle")  # anyone may


def test_the_last_owner_stays_an_owner(owner: AppUser) -> None:
    with pytest.raises(RuleViolation, match="only owner"):
        accounts.change_person(owner.id, PersonDetails("Olive Owner", "olive",
                                                       Role.READ_ONLY, all_houses=True))
    with pytest.raises(RuleViolation, match="your own account"):
        accounts.set_active(owner.id, False)


def test_a_sign_in_name_is_one_person(owner: AppUser) -> None:
    with pytest.raises(RuleViolation, match="taken by Olive Owner"):
        accounts.add_person(PersonDetails("Olive Two", "OLIVE", Role.READ_ONLY,
                                          all_houses=True), "another fine passphrase")
    with pytest.raises(RuleViolation) as refused:
        accounts.add_person(PersonDetails("", "two words", Role.HOUSE_MANAGER), "x")
    fields = {p.field for p in refused.value.problems}
    assert {"display_name", "username", "house_ids"} <= fields


def test_the_right_password_at_the_lock_ends_a_run_of_wrong_ones(owner: AppUser) -> None:
    """check_password (the lock screen's) clears the failures like a sign-in."""
    for _ in range(accounts.FREE_TRIES - 1):
        with pytest.raises(SignInRefused):
            accounts.check_password("olive", "wrong wrong wrong")
    accounts.check_password("olive", OWNER_PASSWORD)
    assert AppUser.get(AppUser.username == "olive").failed_sign_ins == 0
    with pytest.raises(SignInRefused, match="don't match"):  # counted afresh: no wait
        accounts.check_password("olive", "wrong wrong wrong")
    accounts.check_password("olive", OWNER_PASSWORD)


def test_a_hash_made_with_other_settings_is_made_again_at_sign_in(
        owner: AppUser, monkeypatch: pytest.MonkeyPatch) -> None:
    """A password stored by an older version (other Argon2id settings) is
    hashed again with today's at the next successful sign-in."""
    from argon2 import PasswordHasher

    before = AppUser.get(AppUser.username == "olive").password_hash
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=2, memory_cost=16,
                                                             parallelism=1))
    accounts.sign_out()
    accounts.sign_in("olive", OWNER_PASSWORD)
    after = AppUser.get(AppUser.username == "olive").password_hash
    assert after != before and "t=2" in after and passwords.matches(after, OWNER_PASSWORD)
