"""Backups of an encrypted data file (issue 12): encrypted with the same
key, each with a copy of the key file beside it, checked with the key,
kept and pruned with their key files, restored with them; kill -9 during
such a backup; the backup before an upgrade of an encrypted file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from soberhouse import accounts, backups, clock, database, encryption, sqlite_driver
from soberhouse.backups import BackupFailed
from soberhouse.database import SQLITE_MAGIC, SoberhouseSqliteDatabase
from soberhouse.errors import SignInRefused
from soberhouse.houses import HouseDetails, create_house
from soberhouse.migrations import upgrade
from soberhouse.models import House, Resident
from soberhouse.recording import allowing_writes
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from tests.test_backups import (
    admit_some,
    counts_of,
    final_backups,
    kill_during_backups,
    sha256,
)

OWNER = "dana"
PASSWORD = "copper-meadow-violin-31"


def starts_plain(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def make_encrypted_file(path: Path) -> bytes:
    """An encrypted data file the way the program makes one, its owner
    signed in; the data key."""
    keys = encryption.create_key_file(path, OWNER, PASSWORD)
    database.connect(path, key=keys.data_key)
    accounts.create_owner("Dana Whitlock", OWNER, PASSWORD)
    return keys.data_key


@pytest.fixture
def data_key(db_path: Path, today: dt.date) -> Iterator[bytes]:
    yield make_encrypted_file(db_path)
    database.close()


@pytest.fixture
def house(data_key: bytes) -> House:
    return create_house(HouseDetails(name="Maple House", beds=8, address="12 Maple St"))


# ---------------------------------------------------------------- taking one


def test_a_backup_of_an_encrypted_file_is_encrypted_with_its_key_file_beside(
        house: House, db_path: Path, data_key: bytes) -> None:
    admit_some(house, 3)
    record = backups.take_backup("manual")  # the open file's key, not given

    assert record.encrypted and record.verified
    assert not starts_plain(record.path)
    assert counts_of(record.path, data_key) == dict(record.tables)
    assert record.tables["resident"] == 3
    keys = backups.key_file_of(record.path)
    assert keys.name == record.path.name + ".keys"
    # On a USB stick, the PC gone: the backup opens with the owner's password.
    assert encryption.unlock(record.path, OWNER, PASSWORD) == data_key
    with pytest.raises(SignInRefused):
        encryption.unlock(record.path, OWNER, "not-the-password-at-all")
    manifest = json.loads(record.manifest_path.read_text(encoding="utf-8"))
    assert manifest["encrypted"] is True
    assert backups.check_backup(record.path, data_key).encrypted
    (listed,) = backups.list_backups()
    assert listed.encrypted and listed.path == record.path


def test_an_encrypted_backup_is_refused_without_its_key_in_words(
        house: House, data_key: bytes) -> None:
    record = backups.take_backup("manual", key=data_key)
    with pytest.raises(BackupFailed, match=f"The backup {record.name} is encrypted: it opens "
                                           f"with the data file's key"):
        backups.check_backup(record.path)
    with pytest.raises(BackupFailed, match="does not open with this data file's key"):
        backups.check_backup(record.path, bytes(32))


def test_the_standard_sqlite3_module_cant_read_an_encrypted_backup(
        house: House, data_key: bytes) -> None:
    admit_some(house, 1)
    record = backups.take_backup("manual")
    database.close()  # nothing of this process holds the files (one SQLite per process)
    reading = subprocess.run(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1])\n"
         "c.execute('SELECT count(*) FROM sqlite_master').fetchone()\n",
         str(record.path)], capture_output=True, text=True, timeout=60)
    assert reading.returncode != 0
    assert "file is not a database" in reading.stderr


def test_a_backup_without_the_key_file_is_not_taken(house: House, db_path: Path,
                                                    data_key: bytes) -> None:
    encryption.key_file_path(db_path).rename(db_path.with_name("elsewhere.keys"))
    with pytest.raises(BackupFailed, match="No backup was taken: .* its key file "
                                           "house.sqlite3.keys is not beside it"):
        backups.take_backup("manual")
    assert final_backups(db_path.parent / "backups") == []


def test_a_failed_copy_is_put_aside_with_its_key_file(
        house: House, db_path: Path, data_key: bytes,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups, "_problem_with_copy",
                        lambda path, expected, key: "its table resident holds 0 rows")
    with pytest.raises(BackupFailed, match="failed its check"):
        backups.take_backup("manual")
    folder = db_path.parent / "backups"
    assert final_backups(folder) == []
    (failed,) = final_backups(folder / "failed")
    assert backups.key_file_of(failed).is_file()
    assert encryption.unlock(failed, OWNER, PASSWORD) == data_key
    assert not list(folder.glob(".partial-*"))


def test_prune_removes_each_key_file_with_its_backup_and_leftovers(
        house: House, db_path: Path, data_key: bytes) -> None:
    folder = db_path.parent / "backups"
    taken = [backups.take_backup("manual") for _ in range(12)]
    kept = final_backups(folder)
    assert len(kept) == 10  # the last 10 (all of today: the newest of the day among them)
    for record in taken[:2]:
        assert not record.path.exists() and not backups.key_file_of(record.path).exists()
    for path in kept:
        assert backups.key_file_of(path).is_file()
    # What a backup that stopped leaves: its copy's key file, a key file half
    # written, a key file whose backup never got its name.
    left = [folder / ".partial-soberhouse-2026-11-14-0900-automatic.sqlite3.keys",
            folder / "soberhouse-2026-11-14-0900-automatic.sqlite3.keys.abc123.partial",
            folder / "soberhouse-2026-11-14-0901-automatic.sqlite3.keys"]
    now = clock.now().timestamp()
    for path in left:
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (now - 600, now - 600))
    backups.prune(folder)
    assert all(path.exists() for path in left)  # not an hour old: maybe being written
    for path in left:
        os.utime(path, (now - 2 * 3600, now - 2 * 3600))
    result = backups.prune(folder)
    assert set(result.leftovers) == set(left)
    assert not any(path.exists() for path in left)
    assert final_backups(folder) == kept
    assert all(backups.key_file_of(path).is_file() for path in kept)


# ---------------------------------------------------------------- restore


def test_an_encrypted_restore_round_trip_gives_every_table_back_and_the_same_passwords(
        house: House, db_path: Path, data_key: bytes) -> None:
    admit_some(house, 3)
    backup = backups.take_backup("manual")
    admit_some(house, 2, first="Later")
    comparison = backups.compare(backup.path, db_path, key=data_key)
    assert (comparison.in_backup.residents, comparison.in_current.residents) == (3, 5)
    before_counts = counts_of(db_path, data_key)
    database.close()

    restored = backups.restore(backup.path, db_path, key=data_key)

    assert counts_of(db_path, data_key) == dict(backup.tables)
    assert not starts_plain(db_path)
    first = restored.before_restore
    assert first is not None and first.encrypted and first.keep
    assert counts_of(first.path, data_key) == before_counts
    assert backups.key_file_of(first.path).is_file()
    assert (encryption.key_file_path(db_path).read_bytes()
            == backups.key_file_of(backup.path).read_bytes())  # the backup's key file
    assert not list(db_path.parent.glob(".restoring-*"))
    key = encryption.unlock(db_path, OWNER, PASSWORD)  # the same password opens it
    database.connect(db_path, key=key)
    accounts.sign_in(OWNER, PASSWORD)
    assert Resident.select().count() == 3


def test_the_restored_file_opens_with_the_passwords_its_backup_knew(
        house: House, db_path: Path, data_key: bytes) -> None:
    backup = backups.take_backup("manual")
    # After the backup, the key file loses the owner's lock for a new one.
    keys = encryption.KeyFile.read(db_path)
    newer = keys.add_password(data_key, OWNER, "a-newer-password-for-dana-7")
    keys.drop_old_locks(OWNER, newer)
    keys.write()
    with pytest.raises(SignInRefused):
        encryption.unlock(db_path, OWNER, PASSWORD)
    database.close()
    restored = backups.restore(backup.path, db_path, key=data_key)
    assert encryption.unlock(db_path, OWNER, PASSWORD) == data_key
    # The key file as it was is kept with the file's own backup.
    assert encryption.unlock(restored.before_restore.path, OWNER,
                             "a-newer-password-for-dana-7") == data_key


def test_a_plain_backup_restored_over_an_encrypted_file_leaves_a_plain_file(
        tmp_path: Path, today: dt.date) -> None:
    plain = tmp_path / "before.sqlite3"
    database.connect(plain)
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Birch House", beds=3))
    old = backups.take_backup("before-encryption", tmp_path / "backups")
    database.close()
    assert starts_plain(old.path) and not old.encrypted

    encrypted = tmp_path / "house.sqlite3"
    key = make_encrypted_file(encrypted)
    assert backups.check_backup(old.path, key).tables == old.tables  # read without the key
    database.close()
    restored = backups.restore(old.path, encrypted, folder=tmp_path / "backups", key=key)
    assert starts_plain(encrypted)
    assert not encryption.key_file_path(encrypted).exists()
    assert encryption.unlock(restored.before_restore.path, OWNER, PASSWORD) == key
    database.connect(encrypted)
    assert [h.name for h in House.select()] == ["Birch House"]
    database.close()


def test_a_restore_that_fails_leaves_the_data_file_and_its_key_file_as_they_were(
        house: House, db_path: Path, data_key: bytes,
        monkeypatch: pytest.MonkeyPatch) -> None:
    backup = backups.take_backup("manual")
    admit_some(house, 1)
    database.close()
    data_before = db_path.read_bytes()
    keys_before = encryption.key_file_path(db_path).read_bytes()
    real_replace = os.replace

    def disk_gone(source: object, target: object) -> None:
        if Path(str(target)) == db_path:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(backups.os, "replace", disk_gone)
    with pytest.raises(BackupFailed, match="could not be finished .* left as it was"):
        backups.restore(backup.path, db_path, key=data_key)
    assert db_path.read_bytes() == data_before
    assert encryption.key_file_path(db_path).read_bytes() == keys_before


def test_an_upgrade_of_an_encrypted_file_is_preceded_by_an_encrypted_backup(
        tmp_path: Path, today: dt.date) -> None:
    path = tmp_path / "old.sqlite3"
    keys = encryption.create_key_file(path, OWNER, PASSWORD)
    old = SoberhouseSqliteDatabase(str(path))
    old.data_key = keys.data_key
    with allowing_writes():
        upgrade(old, target=7)  # an encrypted file at an older schema
    old.close()
    database.connect(path, key=keys.data_key)  # brings it to the newest schema
    database.close()
    (taken,) = backups.backups_in(tmp_path / "backups")
    assert taken.reason == "before-upgrade-from-7" and taken.verified and taken.encrypted
    assert not starts_plain(taken.path)
    assert "audit_event" not in counts_of(taken.path, keys.data_key)
    assert encryption.unlock(taken.path, OWNER, PASSWORD) == keys.data_key


# ---------------------------------------------------------------- kill -9


def test_kill_during_an_encrypted_backup_leaves_earlier_ones_intact_and_the_new_one_absent_or_whole(  # noqa: E501
        house: House, db_path: Path, data_key: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    admit_some(house, 3)
    database.close()
    filler = sqlite_driver.connect(str(db_path), isolation_level=None, key=data_key)
    filler.execute("CREATE TABLE ballast (body BLOB)")
    filler.executemany("INSERT INTO ballast VALUES (?)",
                       [(os.urandom(2000),) for _ in range(3000)])  # about 6 MB
    filler.close()
    folder = db_path.parent / "backups"
    earlier = [backups.backup_file(db_path, "earlier", folder, keep=True, key=data_key)
               for _ in range(2)]
    hashes = {path: sha256(path) for record in earlier
              for path in (record.path, backups.key_file_of(record.path))}

    def whole(path: Path) -> None:  # it passes the restore's check, and its key file opens it
        checked = backups.check_backup(path, data_key)
        assert checked.verified and checked.encrypted
        assert counts_of(path, data_key) == dict(checked.tables)
        assert encryption.unlock(path, OWNER, PASSWORD) == data_key

    outcomes, one_backup = kill_during_backups(db_path, folder, data_key, hashes, whole)
    assert sum(outcomes.values()) == 20
    for path in final_backups(folder):
        assert not starts_plain(path)
    with capsys.disabled():
        print(f"\nkill -9 during an encrypted backup, 20 trials ({one_backup:.2f} s a "
              f"backup): {outcomes['absent']} absent, {outcomes['whole']} whole, 0 damaged")


# ---------------------------------------------------------------- the command line


def test_the_commands_back_up_and_restore_an_encrypted_file(
        tmp_path: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from soberhouse import encrypting
    from soberhouse.cli import main
    from tests.command_line_helpers import (
        PASSWORD_FILE_VARIABLE,
        TEST_PASSWORD,
        TEST_USER,
        USER_VARIABLE,
        password_file,
    )

    path = tmp_path / "house.sqlite3"
    encrypting.new_encrypted_file(path, "Test Manager", TEST_USER, TEST_PASSWORD)
    house = create_house(HouseDetails(name="Maple House", beds=8))
    admit_some(house, 2)
    database.close()
    monkeypatch.setenv(USER_VARIABLE, TEST_USER)
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(password_file(tmp_path)))

    assert main(["--database", str(path), "backup"]) == 0
    (taken,) = final_backups(tmp_path / "backups")
    assert not starts_plain(taken)
    key = encryption.unlock(taken, TEST_USER, TEST_PASSWORD)  # its own key file opens it
    assert counts_of(taken, key)["resident"] == 2

    database.connect(path, key=key)
    accounts.sign_in(TEST_USER, TEST_PASSWORD)
    admit_some(house, 1, first="Later")
    database.close()
    capsys.readouterr()
    assert main(["--database", str(path), "restore", taken.name, "--yes"]) == 0
    said = capsys.readouterr().out
    assert "It holds: 2 residents on record" in said
    assert "The current file holds: 3 residents on record" in said
    database.close()
    assert counts_of(path, encryption.unlock(path, TEST_USER, TEST_PASSWORD))["resident"] == 2
    restored_before = [p for p in final_backups(tmp_path / "backups") if "before-restore" in
                       p.name]
    assert len(restored_before) == 1 and not starts_plain(restored_before[0])


def test_a_backup_copied_without_its_key_file_is_restored_with_the_data_files(
        house: House, db_path: Path, data_key: bytes, tmp_path: Path) -> None:
    admit_some(house, 2)
    backup = backups.take_backup("manual")
    admit_some(house, 1, first="Later")
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    alone = stick / backup.path.name  # only the .sqlite3 was copied to the stick
    alone.write_bytes(backup.path.read_bytes())
    database.close()
    keys_before = encryption.key_file_path(db_path).read_bytes()

    backups.restore(alone, db_path, key=data_key)  # the data file's key file opens it too
    assert encryption.key_file_path(db_path).read_bytes() == keys_before
    assert counts_of(db_path, encryption.unlock(db_path, OWNER, PASSWORD))["resident"] == 2

    encryption.key_file_path(db_path).rename(tmp_path / "elsewhere.keys")
    before = db_path.read_bytes()
    taken = final_backups(db_path.parent / "backups")
    with pytest.raises(BackupFailed, match=f"The backup {alone.name} is encrypted and its key "
                                           f"file {alone.name}.keys is not beside it"):
        backups.restore(alone, db_path, key=data_key)
    assert db_path.read_bytes() == before  # refused before anything was done
    assert final_backups(db_path.parent / "backups") == taken
