"""Encrypted data files in the core: a new one encrypted from its first byte,
a plain one encrypted in place (and left as it was when that fails), the
locks that follow every password, and the recovery key."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, database, encrypting, encryption
from soberhouse.accounts import PersonDetails
from soberhouse.audit import Action
from soberhouse.database import SQLITE_MAGIC
from soberhouse.errors import RuleViolation, SignInRefused, StorageProblem
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import AppUser, Resident, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident

from .conftest import details_for
from .test_backups import counts_of

OWNER_PASSWORD = "maple kettle river"
DANA_PASSWORD = "cedar lantern morning"
CANARY = "Quillfeather"  # a made-up name that must never be readable in the file


def open_is_closed() -> bool:
    opened = database_object()
    return opened is None or opened.is_closed()


def database_object() -> peewee.Database | None:
    from soberhouse.models import database_proxy

    return database_proxy.obj


def stdlib_sqlite_reads(path: Path) -> subprocess.CompletedProcess[str]:
    """The standard sqlite3 module, in a process of its own (never the same
    process as SQLCipher's SQLite), reading the file's tables."""
    return subprocess.run(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1])\n"
         "print(c.execute('SELECT count(*) FROM sqlite_master').fetchone()[0])\n", str(path)],
        capture_output=True, text=True, timeout=60)


@pytest.fixture
def data_file(tmp_path: Path, today: dt.date) -> Iterator[Path]:
    path = tmp_path / "house.sqlite3"
    yield path
    accounts.end_session()
    database.close()


@pytest.fixture
def encrypted(data_file: Path) -> Path:
    """A new encrypted data file, its owner Olive signed in, Dana a house
    manager (with a lock of her own), one house and one resident."""
    encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(house, last_name=CANARY))
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      all_houses=True), DANA_PASSWORD)
    return data_file


def reopen_as(path: Path, username: str, password: str) -> AppUser:
    return encrypting.unlock_and_sign_in(path, username, password)


# ---------------------------------------------------------------- a new file


def test_a_new_file_is_encrypted_from_its_first_byte(data_file: Path) -> None:
    keys = encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    assert accounts.current_user().username == "olive"
    assert accounts.current_role() is Role.OWNER
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(house, last_name=CANARY))
    assert keys.key_file == encryption.key_file_path(data_file)
    assert len(keys.recovery_code.split("-")) == 6
    database.close()
    accounts.end_session()

    raw = data_file.read_bytes()
    assert not raw.startswith(SQLITE_MAGIC)
    assert CANARY.encode() not in raw and b"Maple House" not in raw
    assert CANARY.encode() not in keys.key_file.read_bytes()
    refused = stdlib_sqlite_reads(data_file)
    assert refused.returncode != 0 and "not a database" in refused.stderr

    olive = reopen_as(data_file, "olive", OWNER_PASSWORD)
    assert olive.username == "olive"
    assert [r.last_name for r in Resident.select()] == [CANARY]


def test_a_wrong_password_is_refused_before_the_file_is_read(encrypted: Path) -> None:
    database.close()
    accounts.end_session()
    with pytest.raises(SignInRefused) as refused:
        reopen_as(encrypted, "olive", "not the password at all")
    assert refused.value.for_field("password") == [encryption.WRONG_PASSWORD]
    with pytest.raises(SignInRefused) as unknown:
        reopen_as(encrypted, "nobody", OWNER_PASSWORD)
    assert unknown.value.for_field("password") == [encryption.WRONG_PASSWORD]
    assert open_is_closed()
    assert accounts.signed_in_user() is None


def test_a_missing_key_file_says_where_to_find_one(encrypted: Path) -> None:
    database.close()
    encryption.key_file_path(encrypted).rename(encrypted.with_name("elsewhere.keys"))
    with pytest.raises(encryption.KeyFileMissing) as missing:
        reopen_as(encrypted, "olive", OWNER_PASSWORD)
    assert "or it is encrypted and its key file house.sqlite3.keys is not beside it" in \
        missing.value.message
    assert "every backup folder holds one" in missing.value.message


def test_a_new_file_checks_the_owner_first_and_writes_nothing(data_file: Path) -> None:
    with pytest.raises(RuleViolation) as refused:
        encrypting.new_encrypted_file(data_file, "", "olive smith", "short")
    assert refused.value.for_field("display_name") == ["Enter the person's name."]
    assert refused.value.for_field("username") == [
        "A sign-in name is one word of at most 80 characters, without spaces."]
    with pytest.raises(RuleViolation) as weak:
        encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", "short")
    assert weak.value.for_field("password")
    assert not data_file.exists()
    assert not encryption.key_file_path(data_file).exists()


def test_a_new_file_is_never_made_over_a_data_file(data_file: Path) -> None:
    database.connect(data_file)
    database.close()
    before = data_file.read_bytes()
    with pytest.raises(RuleViolation) as refused:
        encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    assert "is there already" in refused.value.for_field("data_file")[0]
    assert data_file.read_bytes() == before
    assert not encryption.key_file_path(data_file).exists()


def test_a_half_made_file_is_removed(data_file: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise StorageProblem("The disk holding the data file is full.")

    monkeypatch.setattr(accounts, "create_owner", broken)
    with pytest.raises(StorageProblem):
        encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    assert sorted(p.name for p in data_file.parent.iterdir()) == []


# ---------------------------------------------------------------- locks follow passwords


def test_a_person_added_unlocks_with_their_own_password(encrypted: Path) -> None:
    database.close()
    dana = reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert dana.shown_name == "Dana Reyes"
    assert accounts.current_role() is Role.HOUSE_MANAGER


def test_a_changed_password_locks_anew(encrypted: Path) -> None:
    accounts.change_own_password(OWNER_PASSWORD, "willow harbour stone")
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "olive", OWNER_PASSWORD)
    assert reopen_as(encrypted, "olive", "willow harbour stone").username == "olive"
    keys = encryption.KeyFile.read(encrypted)
    assert len(keys.locks_of("olive")) == 1


def test_a_reset_password_locks_anew(encrypted: Path) -> None:
    dana = accounts.find_account("dana")
    accounts.reset_password(dana.id, "orchard pebble candle")
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert reopen_as(encrypted, "dana", "orchard pebble candle").must_change_password


def test_a_failed_password_change_keeps_the_old_lock(encrypted: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse import recording

    def refuse(_scope: object) -> int:
        raise StorageProblem("The disk holding the data file is full.")

    monkeypatch.setattr(recording, "_record_entry", refuse)
    with pytest.raises(StorageProblem):
        accounts.change_own_password(OWNER_PASSWORD, "willow harbour stone")
    monkeypatch.undo()
    database.close()
    assert len(encryption.KeyFile.read(encrypted).locks_of("olive")) == 1
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "olive", "willow harbour stone")
    assert reopen_as(encrypted, "olive", OWNER_PASSWORD).username == "olive"


def test_a_person_switched_off_can_no_longer_unlock(encrypted: Path) -> None:
    dana = accounts.find_account("dana")
    accounts.set_active(dana.id, False)
    assert not encryption.KeyFile.read(encrypted).has_lock("dana")
    accounts.set_active(dana.id, True)
    assert accounts.needs_new_password(accounts.find_account("dana"))
    assert [p.username for p in accounts.people_needing_new_password()] == ["dana"]
    with pytest.raises(SignInRefused) as refused:  # the file open: the reason told
        accounts.check_password("dana", DANA_PASSWORD)
    assert refused.value.for_field("password") == [accounts.NO_LOCK_YET]
    assert "ask the owner to reset your password" in accounts.NO_LOCK_YET
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "dana", DANA_PASSWORD)
    reopen_as(encrypted, "olive", OWNER_PASSWORD)
    accounts.reset_password(accounts.find_account("dana").id, "orchard pebble candle")
    assert not accounts.needs_new_password(accounts.find_account("dana"))
    database.close()
    assert reopen_as(encrypted, "dana", "orchard pebble candle").username == "dana"


def test_a_new_sign_in_name_keeps_its_lock(encrypted: Path) -> None:
    dana = accounts.find_account("dana")
    accounts.change_person(dana.id, PersonDetails("Dana Reyes", "dreyes",
                                                  Role.HOUSE_MANAGER, all_houses=True))
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert reopen_as(encrypted, "dreyes", DANA_PASSWORD).shown_name == "Dana Reyes"


def test_plain_files_have_no_locks_and_nobody_needs_a_new_password(db: peewee.Database,
                                                                   house: object) -> None:
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      all_houses=True), DANA_PASSWORD)
    dana = accounts.find_account("dana")
    assert not accounts.needs_new_password(dana)
    accounts.set_active(dana.id, False)
    accounts.set_active(dana.id, True)
    assert accounts.people_needing_new_password() == []
    assert not encryption.key_file_path(db.place).exists()


# ---------------------------------------------------------------- the recovery key


def test_the_recovery_key_opens_the_file_and_sets_a_new_password(data_file: Path) -> None:
    keys = encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    database.close()
    accounts.end_session()
    typed = keys.recovery_code.lower().replace("-", " ")  # read off the sheet loosely
    olive = encrypting.recover(data_file, typed, "olive", "juniper meadow bright")
    assert accounts.current_user().id == olive.id
    event = AuditEvent.select().where(AuditEvent.action == Action.PASSWORD.value).order_by(
        AuditEvent.id.desc()).get()
    assert event.summary == "password set with the recovery key"
    assert event.who == "olive"
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(data_file, "olive", OWNER_PASSWORD)
    assert reopen_as(data_file, "olive", "juniper meadow bright").username == "olive"


def test_a_wrong_recovery_key_opens_nothing(encrypted: Path) -> None:
    database.close()
    accounts.end_session()
    with pytest.raises(SignInRefused) as refused:
        encrypting.recover(encrypted, "00000-00000-00000-00000-00000-00000", "olive",
                           "juniper meadow bright")
    assert refused.value.for_field("recovery_key") == [encryption.WRONG_RECOVERY_KEY]
    assert open_is_closed()
    assert accounts.signed_in_user() is None


def test_the_recovery_key_sets_only_an_owners_password(data_file: Path) -> None:
    keys = encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      all_houses=True), DANA_PASSWORD)
    database.close()
    with pytest.raises(RuleViolation) as refused:
        encrypting.recover(data_file, keys.recovery_code, "dana", "juniper meadow bright")
    assert "Dana Reyes is not an owner" in refused.value.for_field("username")[0]
    with pytest.raises(RuleViolation) as unknown:
        encrypting.recover(data_file, keys.recovery_code, "zed", "juniper meadow bright")
    assert "No one has the sign-in name 'zed'" in unknown.value.for_field("username")[0]
    with pytest.raises(RuleViolation) as weak:
        encrypting.recover(data_file, keys.recovery_code, "olive", "olive")
    assert weak.value.for_field("password")
    assert open_is_closed()
    assert reopen_as(data_file, "olive", OWNER_PASSWORD).username == "olive"


def test_a_new_recovery_key_replaces_the_old(data_file: Path) -> None:
    keys = encrypting.new_encrypted_file(data_file, "Olive Owner", "olive", OWNER_PASSWORD)
    code = encrypting.new_recovery_key()
    assert code != keys.recovery_code
    assert AuditEvent.select().where(AuditEvent.action == Action.RECOVERY_KEY.value).count() == 1
    database.close()
    with pytest.raises(SignInRefused):
        encryption.unlock_with_recovery_key(data_file, keys.recovery_code)
    assert encryption.unlock_with_recovery_key(data_file, code) == keys.data_key


def test_only_the_owner_makes_a_new_recovery_key(encrypted: Path) -> None:
    from soberhouse.errors import NotAllowed

    database.close()
    reopen_as(encrypted, "dana", DANA_PASSWORD)
    with pytest.raises(NotAllowed):
        encrypting.new_recovery_key()


# ---------------------------------------------------------------- a plain file encrypted


@pytest.fixture
def plain(db_path: Path, today: dt.date) -> Iterator[Path]:
    """A plain data file from before encryption: the owner Olive signed in,
    Dana a house manager, a house and two residents."""
    database.connect(db_path)
    accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(house, last_name=CANARY))
    admit_resident(details_for(house, first_name="Ana", last_name="Ruiz", room="3"))
    accounts.add_person(PersonDetails("Dana Reyes", "dana", Role.HOUSE_MANAGER,
                                      all_houses=True), DANA_PASSWORD)
    yield db_path
    accounts.end_session()
    database.close()


def plain_counts(path: Path) -> dict[str, int]:
    database.close()
    try:
        return counts_of(path, None)
    finally:
        database.connect(path)


def test_a_plain_file_encrypted_keeps_every_row(plain: Path) -> None:
    before = plain_counts(plain)
    user_version = database.current().execute_sql("PRAGMA user_version").fetchone()[0]
    done = encrypting.encrypt_file(OWNER_PASSWORD)

    assert done.people_without_lock == ["Dana Reyes"]
    assert done.backup_path.is_file() and done.backup_path.read_bytes().startswith(SQLITE_MAGIC)
    assert accounts.current_user().username == "olive"
    assert database.current().data_key is not None
    assert encryption.open_file_is_encrypted()
    event = AuditEvent.select().where(AuditEvent.action == Action.ENCRYPTED.value).get()
    assert event.summary == "Encrypted the data file"
    assert database.current().execute_sql("PRAGMA user_version").fetchone()[0] == user_version
    key = database.current().data_key
    database.close()
    after = counts_of(plain, key)
    assert set(after) == set(before)
    assert {t: n for t, n in after.items() if t != "audit_event"} == {
        t: n for t, n in before.items() if t != "audit_event"}
    assert after["audit_event"] == before["audit_event"] + 2  # backed up, encrypted

    raw = plain.read_bytes()
    assert not raw.startswith(SQLITE_MAGIC) and CANARY.encode() not in raw
    assert not Path(f"{plain}{encrypting.ENCRYPTING_SUFFIX}").exists()
    refused = stdlib_sqlite_reads(plain)
    assert refused.returncode != 0 and "not a database" in refused.stderr
    assert encryption.unlock_with_recovery_key(plain, done.recovery_code) == key

    assert reopen_as(plain, "olive", OWNER_PASSWORD).username == "olive"
    create_house(HouseDetails(name="Cedar House", beds=2))  # the file works on
    assert accounts.needs_new_password(accounts.find_account("dana"))
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(plain, "dana", DANA_PASSWORD)


def test_the_copy_holds_what_the_file_held_at_the_export(plain: Path) -> None:
    """Row counts in every table, the moment of the export: the encrypted
    file against the backup taken just before (the only writes between the
    two are the audit trail's own entries)."""
    done = encrypting.encrypt_file(OWNER_PASSWORD)
    key = database.current().data_key
    database.close()
    backup, after = counts_of(done.backup_path, None), counts_of(plain, key)
    assert {t: n for t, n in backup.items() if t != "audit_event"} == {
        t: n for t, n in after.items() if t != "audit_event"}
    # The backup holds its own "backed up" entry; the file adds "encrypted".
    assert after["audit_event"] == backup["audit_event"] + 1


def test_a_failure_after_the_export_leaves_the_plain_file_as_it_was(
        plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_check(*_: object) -> None:
        raise encrypting.EncryptionFailed("The encrypted copy failed its check (injected).")

    monkeypatch.setattr(encrypting, "_check_encrypted_copy", broken_check)
    with pytest.raises(encrypting.EncryptionFailed):
        encrypting.encrypt_file(OWNER_PASSWORD)
    assert not Path(f"{plain}{encrypting.ENCRYPTING_SUFFIX}").exists()
    assert not encryption.key_file_path(plain).exists()
    assert database.current().data_key is None
    assert accounts.current_user().username == "olive"
    create_house(HouseDetails(name="Cedar House", beds=2))  # the file still works
    assert [r.last_name for r in Resident.select().order_by(Resident.id)] == [CANARY, "Ruiz"]
    database.close()
    assert plain.read_bytes().startswith(SQLITE_MAGIC)
    assert stdlib_sqlite_reads(plain).returncode == 0


def test_a_failure_at_the_swap_leaves_the_plain_file_as_it_was(
        plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    rename = os.replace

    def refused_rename(source: object, target: object) -> None:
        if str(source).endswith(encrypting.ENCRYPTING_SUFFIX):
            raise PermissionError(13, "Permission denied")
        rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refused_rename)
    with pytest.raises(PermissionError):
        encrypting.encrypt_file(OWNER_PASSWORD)
    monkeypatch.undo()
    assert not Path(f"{plain}{encrypting.ENCRYPTING_SUFFIX}").exists()
    assert not encryption.key_file_path(plain).exists()
    assert database.current().data_key is None and not database.current().is_closed()
    assert accounts.current_user().username == "olive"
    assert Resident.select().count() == 2


def test_encrypting_asks_the_owners_password_again(plain: Path) -> None:
    with pytest.raises(SignInRefused) as refused:
        encrypting.encrypt_file("not my password")
    assert "not your password" in refused.value.for_field("password")[0]
    assert not encryption.key_file_path(plain).exists()
    assert database.current().data_key is None


def test_only_the_owner_encrypts(plain: Path) -> None:
    from soberhouse.errors import NotAllowed

    accounts.end_session()
    accounts.sign_in("dana", DANA_PASSWORD)
    with pytest.raises(NotAllowed):
        encrypting.encrypt_file(DANA_PASSWORD)


def test_an_encrypted_file_is_not_encrypted_twice(encrypted: Path) -> None:
    with pytest.raises(RuleViolation) as refused:
        encrypting.encrypt_file(OWNER_PASSWORD)
    assert "encrypted already" in str(refused.value)


def test_unlock_and_sign_in_opens_plain_files_too(plain: Path) -> None:
    database.close()
    accounts.end_session()
    assert encrypting.unlock_and_sign_in(plain, "dana", DANA_PASSWORD).username == "dana"
    assert database.current().data_key is None


def test_an_encrypted_file_opens_read_only_with_a_password(encrypted: Path) -> None:
    database.close()
    dana = encrypting.unlock_and_sign_in(encrypted, "dana", DANA_PASSWORD,
                                         read_only="it is a backup")
    assert dana.username == "dana"
    assert database.read_only_reason() == "it is a backup"
    assert [r.last_name for r in Resident.select()] == [CANARY]


def test_the_canary_is_in_neither_the_file_its_log_nor_a_backup(encrypted: Path) -> None:
    """While the file is open its write-ahead log holds the newest pages:
    SQLCipher encrypts those too, and every backup of the file."""
    from soberhouse import backups

    wal = Path(f"{encrypted}-wal")
    assert wal.is_file() and wal.stat().st_size > 0
    for path in (encrypted, wal):
        assert CANARY.encode() not in path.read_bytes(), path
    backup = backups.take_backup("manual", key=database.current().data_key)
    assert CANARY.encode() not in backup.path.read_bytes()
    assert not backup.path.read_bytes().startswith(SQLITE_MAGIC)


def count_hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from soberhouse import passwords

    calls: list[int] = []
    matches = passwords.matches

    def counted(stored_hash: str, password: str) -> bool:
        calls.append(1)
        return matches(stored_hash, password)

    monkeypatch.setattr(passwords, "matches", counted)
    return calls


def test_the_lock_opened_counts_as_the_password_check(
        encrypted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One Argon2id derivation per sign-in on an encrypted file, not two: the
    person's only lock opened by the password proves it."""
    database.close()
    calls = count_hash_checks(monkeypatch)
    assert reopen_as(encrypted, "dana", DANA_PASSWORD).username == "dana"
    assert calls == []
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (event.action, event.who) == (Action.SIGNED_IN.value, "dana")
    database.close()
    with pytest.raises(SignInRefused):
        reopen_as(encrypted, "dana", "not her password at all")
    assert open_is_closed()


def test_two_locks_leave_the_hash_to_decide(encrypted: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A password change that stopped between its lock and its hash: the old
    password still opens the older lock, and the hash refuses it."""
    keys = encryption.KeyFile.read(encrypted)
    keys.add_password(database.current().data_key, "dana", "the older password here")
    keys.write()
    database.close()
    calls = count_hash_checks(monkeypatch)
    with pytest.raises(SignInRefused) as refused:
        reopen_as(encrypted, "dana", "the older password here")
    assert refused.value.for_field("password") == [
        "That sign-in name and password don't match an account. Check both and try again."]
    assert calls == [1]
    assert reopen_as(encrypted, "dana", DANA_PASSWORD).username == "dana"
    assert calls == [1, 1]


def test_a_switched_off_account_is_refused_even_with_a_lock(
        encrypted: Path) -> None:
    """The lock stands for the password only: the other checks still apply."""
    from soberhouse.models import AppUser
    from soberhouse.recording import internal_write

    with internal_write():  # switched off by another program, its lock left behind
        AppUser.update(active=False).where(AppUser.username == "dana").execute()
    database.close()
    with pytest.raises(SignInRefused) as refused:
        reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert "is switched off" in refused.value.for_field("username")[0]


def test_a_key_file_that_cant_be_written_saves_no_password(
        encrypted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption.KeyFile, "write", full_disk)
    with pytest.raises(StorageProblem) as refused:
        accounts.change_own_password(OWNER_PASSWORD, "willow harbour stone")
    assert "house.sqlite3.keys can't be written (No space left on device): nothing was " \
           "saved" in refused.value.message
    monkeypatch.undo()
    database.close()
    assert reopen_as(encrypted, "olive", OWNER_PASSWORD).username == "olive"


# ---------------------------------------------------------------- wrong passwords before the file opens


def test_wrong_passwords_at_an_encrypted_file_wait_and_are_audited_at_the_next_sign_in(
        encrypted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse import clock

    accounts.sign_out()
    database.close()
    now = [dt.datetime(2026, 11, 15, 9, 0, 0)]
    monkeypatch.setattr(clock, "_wall_clock", lambda: now[0])
    for _ in range(3):
        with pytest.raises(SignInRefused, match="don't match"):
            reopen_as(encrypted, "dana", "not dana's password")
    assert open_is_closed()
    # The fourth try, even with the right password, waits: the file stays shut.
    with pytest.raises(SignInRefused, match="wait 1 second"):
        reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert open_is_closed()
    now[0] += dt.timedelta(seconds=2)
    assert reopen_as(encrypted, "dana", DANA_PASSWORD).username == "dana"
    failures = [event.summary for event in AuditEvent.select().where(
        AuditEvent.action == Action.SIGN_IN_FAILED.value).order_by(AuditEvent.id)]
    assert len(failures) == 4
    assert all("before the encrypted file was opened" in text for text in failures)
    assert "'dana': wrong name or password" in failures[0]
    assert "during the wait after 3 wrong passwords" in failures[3]
    # Said once: the next sign-in adds none.
    accounts.sign_out()
    database.close()
    reopen_as(encrypted, "dana", DANA_PASSWORD)
    assert AuditEvent.select().where(
        AuditEvent.action == Action.SIGN_IN_FAILED.value).count() == 4
