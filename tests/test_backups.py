"""Verified backups, their retention, restore, and the commands
``soberhouse backup``, ``backups`` and ``restore``."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import signal
from soberhouse import sqlite_driver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest

from soberhouse import accounts, backups, database
from soberhouse.audit import Action
from soberhouse.backups import BackupFailed, BackupRecord
from soberhouse.cli import main
from soberhouse.houses import HouseDetails, create_house
from soberhouse.migrations import upgrade
from soberhouse.models import House, Resident, Role
from soberhouse.models.audit import AuditEvent
from soberhouse.residents import admit_resident
from soberhouse.residents_csv import apply_import, read_residents_csv
from tests.command_line_helpers import PASSWORD_FILE_VARIABLE, USER_VARIABLE, password_file
from tests.conftest import details_for
from tests.test_postgresql import postgresql  # noqa: F401 (the fixture)

USAGE, DATABASE_PROBLEM = 2, 3
OTHER_PASSWORD = "copper-meadow-violin-31"


def counts_of(path: Path, key: bytes | None = None) -> dict[str, int]:
    """Every table's rows, read through the program's driver (with ``key``:
    an encrypted file)."""
    connection = sqlite_driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       key=key)
    try:
        names = [n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: connection.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]
                for n in names}
    finally:
        connection.close()


def admit_some(house: House, how_many: int, first: str = "Resident") -> None:
    for number in range(how_many):
        admit_resident(details_for(house, first_name=f"{first}{number}", room=f"{first}{number}",
                                   bed="A", date_of_birth=dt.date(1980, 1, 1 + number)))


def final_backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("soberhouse-*.sqlite3"))


# ---------------------------------------------------------------- taking one


def test_a_backup_holds_every_tables_rows_and_says_so(house: House, db_path: Path) -> None:
    admit_some(house, 3)
    record = backups.take_backup("manual")
    assert record.path.parent == db_path.parent / "backups"
    assert record.path.name.startswith("soberhouse-2026-11-15-")
    assert record.path.name.endswith("-manual.sqlite3")
    assert counts_of(record.path) == counts_of(db_path) == dict(record.tables)
    assert record.residents == 3 and record.verified and not record.keep
    manifest = json.loads(record.manifest_path.read_text(encoding="utf-8"))
    assert manifest["verified"] is True and manifest["residents"] == 3
    assert manifest["size"] == record.path.stat().st_size
    assert manifest["last_change_id"] is not None
    assert not list(record.path.parent.glob(".partial-*"))
    # The copy is one plain file (no log beside it) and holds its own audit entry.
    assert sqlite_driver.connect(record.path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert AuditEvent.select().where(AuditEvent.action == Action.BACKED_UP.value).count() == 1
    assert backups.last_backup() == backups.list_backups()[0]
    assert backups.list_backups()[0].path == record.path


def test_a_backup_while_another_connection_writes_is_consistent(
        house: House, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    admit_some(house, 2)
    filler = sqlite_driver.connect(db_path, isolation_level=None)
    filler.execute("CREATE TABLE notes_from_elsewhere (body BLOB)")
    filler.executemany("INSERT INTO notes_from_elsewhere VALUES (?)",
                       [(os.urandom(1000),) for _ in range(3000)])
    filler.close()
    monkeypatch.setattr(backups, "PAGES_PER_STEP", 4)
    monkeypatch.setattr(backups, "PAUSE_SECONDS", 0.0005)
    stop = threading.Event()
    written = []

    def write_meanwhile() -> None:
        writer = sqlite_driver.connect(db_path, isolation_level=None, timeout=5)
        while not stop.is_set():
            writer.execute("INSERT INTO notes_from_elsewhere VALUES (?)", (os.urandom(500),))
            written.append(time.monotonic())
        writer.close()

    thread = threading.Thread(target=write_meanwhile)
    thread.start()
    try:
        started = time.monotonic()
        record = backups.take_backup("manual")
        ended = time.monotonic()
    finally:
        stop.set()
        thread.join()
    during = [t for t in written if started < t < ended]
    assert len(during) > 10  # the writer was not held up by the backup
    assert record.verified
    assert counts_of(record.path) == dict(record.tables)
    assert record.tables["notes_from_elsewhere"] < counts_of(db_path)["notes_from_elsewhere"]


@pytest.mark.parametrize("damage", ["overwritten", "cut short"])
def test_a_copy_that_fails_its_check_is_put_aside_and_reported(
        house: House, db_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    admit_some(house, 4)
    good = backups.take_backup("manual")
    copy = backups._copy

    def damaged_copy(source: sqlite_driver.Connection, destination: Path, key: bytes | None) -> None:
        copy(source, destination, key)
        size = destination.stat().st_size
        with open(destination, "r+b") as file:
            if damage == "overwritten":
                file.seek(size // 2)
                file.write(b"\x5a" * 20000)
            else:
                file.truncate(size // 2)

    monkeypatch.setattr(backups, "_copy", damaged_copy)
    with pytest.raises(BackupFailed) as failed:
        backups.take_backup("manual")
    assert "failed its check" in failed.value.message
    assert "does not count as a backup" in failed.value.message
    folder = db_path.parent / "backups"
    assert final_backups(folder) == [good.path]  # no final name for the damaged copy
    assert not list(folder.glob(".partial-*"))
    put_aside = list((folder / "failed").glob("soberhouse-*.sqlite3"))
    assert len(put_aside) == 1
    listed = backups.list_backups()
    assert [r.verified for r in listed if r.path == put_aside[0]] == [False]
    assert backups.last_backup() == good
    assert AuditEvent.select().where(
        AuditEvent.action == Action.BACKUP_FAILED.value).count() == 1


def test_a_backup_damaged_later_is_refused_for_a_restore(house: House, db_path: Path) -> None:
    admit_some(house, 2)
    record = backups.take_backup("manual")
    with open(record.path, "r+b") as file:
        file.seek(record.size // 2)
        file.write(b"\x00\xff" * 6000)
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupFailed, match="damaged|can't be read"):
        backups.restore(record.path, db_path)
    assert db_path.read_bytes() == before


def test_postgresql_backups_are_the_servers(postgresql: peewee.Database,  # noqa: F811
                                            tmp_path: Path) -> None:
    with pytest.raises(backups.BackupsOnTheServer, match="Back up the PostgreSQL server "
                                                         "with pg_dump"):
        backups.take_backup("manual", tmp_path)
    assert backups.backup_before("import") is None  # an import goes on: the server's backups
    assert not list(tmp_path.iterdir())


def test_the_backup_folder_is_the_owners_choice(house: House, tmp_path: Path) -> None:
    usb = tmp_path / "usb" / "soberhouse"
    assert backups.set_backup_folder(usb) == usb.resolve()
    assert backups.take_backup("manual").path.parent == usb.resolve()
    with accounts_as(Role.HOUSE_MANAGER, house):
        with pytest.raises(Exception, match="Only the owner can choose where backups go"):
            backups.set_backup_folder(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(Exception, match="Backups can't be written in"):
        backups.set_backup_folder(blocked)
    backups.set_backup_folder(None)
    assert backups.backup_folder() == tmp_path / "backups"


def accounts_as(role: Role, house: House) -> Iterator[None]:
    from tests.role_helpers import person, signed_in_as

    return signed_in_as(person(role, [house], sign_in=False))


# ---------------------------------------------------------------- when


def test_a_backup_is_due_only_when_data_changed(house: House) -> None:
    assert backups.data_changed_since(None)
    record = backups.take_backup("manual")
    assert not backups.data_changed_since(record)
    assert not backups.backup_due(record, False, closing_now=True)
    admit_some(house, 1)
    changed = backups.data_changed_since(record)
    assert changed
    assert not backups.backup_due(record, changed, now=record.taken_at
                                  + dt.timedelta(minutes=29))
    assert backups.backup_due(record, changed, now=record.taken_at + dt.timedelta(minutes=30))
    assert backups.backup_due(record, changed, now=record.taken_at, closing_now=True)
    assert backups.backup_due(None, True)


def test_today_is_told_when_the_backups_are_missing_or_old(house: House,
                                                          tmp_path: Path) -> None:
    assert "No backup of this data file has been taken yet" in backups.backup_warning()
    record = backups.take_backup("manual")
    assert backups.backup_warning(record.taken_at + dt.timedelta(hours=23)) is None
    assert "is 2 days old" in backups.backup_warning(record.taken_at + dt.timedelta(days=2))
    usb = tmp_path / "usb"
    backups.set_backup_folder(usb)
    usb.rmdir()
    assert f"The backup folder {usb} is missing" in backups.backup_warning()


def test_the_backup_benchmark_runs_small() -> None:
    from benchmarks import backup_speed

    verified, pauses, encrypted, encrypted_pauses, automatic = backup_speed.measure(
        residents=60, runs=1)
    assert "Backup of 60 residents" in verified and "ms verified" in verified
    assert "longest pause of a 5 ms ticker" in pauses
    assert encrypted.startswith("Encrypted (SQLCipher) backup of the same 60 residents")
    assert "longest pause of a 5 ms ticker" in encrypted_pauses
    assert "longest pause of the Qt event loop" in automatic


def test_an_upgrade_is_preceded_by_a_backup_of_the_old_file(tmp_path: Path,
                                                            today: dt.date) -> None:
    path = tmp_path / "old.sqlite3"
    old = peewee.SqliteDatabase(str(path))
    upgrade(old, target=7)  # a file an older Soberhouse made
    old.close()
    database.connect(path)  # brings it to the newest schema
    database.close()
    (taken,) = backups.backups_in(tmp_path / "backups")
    assert taken.reason == "before-upgrade-from-7" and taken.verified
    assert taken.schema_version == 7
    assert "audit_event" not in counts_of(taken.path)  # the file as it was


def test_an_import_is_preceded_by_a_backup(house: House, tmp_path: Path) -> None:
    admit_some(house, 1)
    source = tmp_path / "residents.csv"
    source.write_text("First name,Last name,Date of birth,House,Move-in date,Sobriety date,"
                      "Room,Bed\nAmara,Okafor,1991-03-04,Maple House,2026-10-01,2026-09-01,"
                      "7,A\n", encoding="utf-8")
    assert apply_import(read_residents_csv(source)) == 1
    (taken,) = backups.list_backups()
    assert taken.reason == "before-import" and taken.residents == 1
    assert Resident.select().count() == 2


# ---------------------------------------------------------------- retention


def series(now: dt.datetime) -> list[BackupRecord]:
    """A backup every day at noon for three years up to ``now``, three more
    today, two of them in the past marked keep."""
    def record(at: dt.datetime, keep: bool = False) -> BackupRecord:
        return BackupRecord(path=Path(f"/b/{at:%Y%m%d%H%M}.sqlite3"), taken_at=at,
                            reason="test", size=1, residents=1, last_change_id=1,
                            last_change_at=at, last_audit_id=1, schema_version=9,
                            keep=keep)

    kept = {dt.date(2024, 3, 15), dt.date(2025, 6, 10)}
    day, records = now.date() - dt.timedelta(days=3 * 365), []
    while day <= now.date():
        records.append(record(dt.datetime.combine(day, dt.time(12)), keep=day in kept))
        day += dt.timedelta(days=1)
    records += [record(now.replace(hour=h, minute=0)) for h in (13, 15, 17)]
    records.append(BackupRecord(path=Path("/b/failed.sqlite3"), taken_at=now, reason="x",
                                size=1, residents=0, last_change_id=None, last_change_at=None,
                                last_audit_id=None, schema_version=9, verified=False,
                                failure="damaged"))
    random.Random(7).shuffle(records)
    return records


def test_retention_keeps_the_last_ten_days_weeks_months_and_those_marked_keep() -> None:
    now = dt.datetime(2026, 12, 3, 18, 0)  # a Thursday
    kept = {r.taken_at for r in backups.backups_to_keep(series(now), now)}
    noon = dt.time(12)
    last_ten = {now.replace(hour=h, minute=0) for h in (17, 15, 13, 12)} | {
        dt.datetime.combine(dt.date(2026, 12, 3) - dt.timedelta(days=n), noon)
        for n in range(1, 7)}  # Dec 2 .. Nov 27
    days = {dt.datetime.combine(dt.date(2026, 11, d), noon) for d in range(20, 27)}
    weeks = {dt.datetime.combine(d, noon) for d in (
        dt.date(2026, 11, 15), dt.date(2026, 11, 8), dt.date(2026, 11, 1),
        dt.date(2026, 10, 25), dt.date(2026, 10, 18))}  # the Sundays ending 5 more weeks
    months = set()
    year, month = 2026, 10
    while (year, month) >= (2025, 1):
        months.add(dt.datetime(year, month, calendar.monthrange(year, month)[1], 12))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    marked = {dt.datetime(2024, 3, 15, 12), dt.datetime(2025, 6, 10, 12)}
    assert len(months) == 22
    assert kept == last_ten | days | weeks | months | marked
    assert len(kept) == 46


def test_prune_removes_the_rest_and_leaves_failed_and_unknown_files(
        house: House, db_path: Path) -> None:
    folder = db_path.parent / "backups"
    taken = [backups.take_backup("manual", keep=(n == 0)) for n in range(13)]
    # take_backup prunes after each backup: the last 10 of today, and the one marked keep
    names = {p.name for p in final_backups(folder)}
    assert names == {r.path.name for r in taken[-10:]} | {taken[0].path.name}
    stranger = folder / "soberhouse-from-elsewhere.sqlite3"
    stranger.write_bytes(b"someone's file")
    backups.set_keep(taken[0].path, False)
    result = backups.prune(folder)
    assert taken[0].path.name in {r.path.name for r in result.removed}
    assert stranger.exists()
    assert {p.name for p in final_backups(folder)} == (
        {r.path.name for r in taken[-10:]} | {stranger.name})


# ---------------------------------------------------------------- restore


def test_a_restore_round_trip_gives_every_tables_rows_back(house: House,
                                                           db_path: Path) -> None:
    admit_some(house, 3)
    backup = backups.take_backup("manual")
    admit_some(house, 2, first="Later")
    before_counts = counts_of(db_path)
    comparison = backups.compare(backup.path, db_path)
    assert (comparison.in_backup.residents, comparison.in_current.residents) == (3, 5)
    assert comparison.in_current.last_changes[0].what.startswith("admitted")
    database.close()
    restored = backups.restore(backup.path, db_path)
    assert counts_of(db_path) == dict(backup.tables)
    assert not Path(f"{db_path}-wal").exists()
    first = restored.before_restore
    assert first is not None and first.reason == "before-restore" and first.keep
    assert counts_of(first.path) == before_counts  # the current file was backed up first
    database.connect(db_path)
    assert Resident.select().count() == 3


def test_a_damaged_data_file_is_kept_as_it_was_and_the_backup_restored(
        house: House, db_path: Path) -> None:
    admit_some(house, 2)
    backup = backups.take_backup("manual")
    database.close()
    size = db_path.stat().st_size
    with open(db_path, "r+b") as file:  # the disk failed under the data file
        file.seek(4096)
        file.write(b"\xee" * (size - 4096))
    damaged = db_path.read_bytes()
    restored = backups.restore(backup.path, db_path)
    assert restored.before_restore is None
    assert restored.kept_as_it_was is not None
    assert restored.kept_as_it_was.parent == db_path.parent / "backups" / "failed"
    assert restored.kept_as_it_was.read_bytes() == damaged
    assert counts_of(db_path) == dict(backup.tables)


def test_a_backup_of_a_newer_soberhouse_is_not_restored(house: House, db_path: Path) -> None:
    backup = backups.take_backup("manual")
    newer = sqlite_driver.connect(backup.path)
    newer.execute("UPDATE schema_version SET version = version + 1")
    newer.commit()
    newer.close()
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupFailed, match="written by a newer version of Soberhouse"):
        backups.restore(backup.path, db_path)
    assert db_path.read_bytes() == before


def test_a_restore_refuses_while_the_file_is_open(house: House, db_path: Path) -> None:
    backup = backups.take_backup("manual")
    admit_some(house, 1)
    with pytest.raises(BackupFailed, match="still open"):
        backups.restore(backup.path, db_path)
    assert Resident.select().count() == 1


# ---------------------------------------------------------------- kill -9


def _slow_backup(data_file: str, folder: str, key: bytes | None) -> None:
    backups.PAGES_PER_STEP = 2
    backups.PAUSE_SECONDS = 0.001
    try:
        backups.backup_file(data_file, "trial", folder, key=key)
    finally:
        os._exit(0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kill_during_backups(data_file: Path, folder: Path, key: bytes | None,
                        untouched: dict[Path, str],
                        check_whole: Callable[[Path], None]) -> tuple[dict[str, int], float]:
    """20 backups of ``data_file`` into ``folder``, each killed (kill -9) at a
    random moment of its copy or check: after each, the files of
    ``untouched`` still have their SHA-256, and at most one new backup is
    there, which ``check_whole`` checks.  How many were absent and whole,
    and how long one backup takes."""
    fork = multiprocessing.get_context("fork")
    started = time.monotonic()
    child = fork.Process(target=_slow_backup, args=(str(data_file), str(folder), key))
    child.start()
    child.join(60)
    one_backup = time.monotonic() - started
    seen = set(final_backups(folder))
    outcomes = {"absent": 0, "whole": 0}
    rng = random.Random(12)
    for _ in range(20):
        child = fork.Process(target=_slow_backup, args=(str(data_file), str(folder), key))
        child.start()
        time.sleep(rng.uniform(0.02, one_backup * 1.3))
        if child.pid is not None:
            try:
                os.kill(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        child.join(10)
        for path, digest in untouched.items():
            assert sha256(path) == digest
        new = set(final_backups(folder)) - seen
        assert len(new) <= 1
        for path in new:
            check_whole(path)
        outcomes["whole" if new else "absent"] += 1
        seen |= new
    return outcomes, one_backup


def test_kill_during_a_backup_leaves_earlier_ones_intact_and_the_new_one_absent_or_whole(
        house: House, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    admit_some(house, 3)
    database.close()
    filler = sqlite_driver.connect(db_path, isolation_level=None)
    filler.execute("CREATE TABLE ballast (body BLOB)")
    filler.executemany("INSERT INTO ballast VALUES (?)",
                       [(os.urandom(2000),) for _ in range(3000)])  # about 6 MB
    filler.close()
    folder = db_path.parent / "backups"
    earlier = [backups.backup_file(db_path, "earlier", folder, keep=True) for _ in range(2)]
    hashes = {r.path: sha256(r.path) for r in earlier}

    def whole(path: Path) -> None:
        checked = backups.check_backup(path)  # whole: it passes the restore's check
        assert checked.verified and counts_of(path) == dict(checked.tables)

    outcomes, one_backup = kill_during_backups(db_path, folder, None, hashes, whole)
    assert sum(outcomes.values()) == 20
    with capsys.disabled():
        print(f"\nkill -9 during a backup, 20 trials ({one_backup:.2f} s a backup): "
              f"{outcomes['absent']} absent, {outcomes['whole']} whole, 0 damaged")


# ---------------------------------------------------------------- the command line


@pytest.fixture
def data_file(tmp_path: Path, today: dt.date, command_line_user: Path) -> Path:
    path = tmp_path / "house.sqlite3"
    database.connect(path)
    accounts.act_as("test-manager")
    maple = create_house(HouseDetails(name="Maple House", beds=8))
    admit_resident(details_for(maple))
    for role, name in ((Role.READ_ONLY, "rio"), (Role.HOUSE_MANAGER, "sam")):
        accounts.add_person(accounts.PersonDetails(name.title(), name, role,
                                                   house_ids=(maple.id,)), OTHER_PASSWORD)
    database.close()
    return path


def run(path: Path, *arguments: str) -> int:
    return main(["--database", str(path), *arguments])


def test_the_commands_back_up_list_and_restore(data_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_file, "backup", "--keep") == 0
    said = capsys.readouterr().out
    assert "Backup taken and checked:" in said and "1 resident, kept" in said
    (taken,) = final_backups(tmp_path / "backups")
    database.connect(data_file)
    accounts.act_as("test-manager")
    admit_resident(details_for(House.get(), first_name="Later", room="3"))
    database.close()
    assert run(data_file, "backups") == 0
    listed = capsys.readouterr().out
    assert taken.name in listed and "verified" in listed and "keep" in listed
    assert run(data_file, "restore", taken.name) == USAGE  # not at a terminal: --yes needed
    refused = capsys.readouterr()
    assert "It holds: 1 residents" in refused.out
    assert "The current file holds: 2 residents" in refused.out
    assert "give --yes" in refused.err
    assert run(data_file, "restore", taken.name, "--yes") == 0
    assert "The file as it was is kept in" in capsys.readouterr().out
    database.connect(data_file)
    assert Resident.select().count() == 1
    restored = AuditEvent.select().where(AuditEvent.action == Action.RESTORED.value).get()
    assert restored.who == "test-manager" and taken.name in restored.summary
    database.close()
    names = [r.reason for r in backups.backups_in(tmp_path / "backups")]
    assert "before-restore" in names


@pytest.mark.parametrize("who", ["rio", "sam"])
def test_only_the_owner_backs_up_and_restores(data_file: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str],
                                              who: str) -> None:
    assert run(data_file, "backup") == 0
    (taken,) = final_backups(tmp_path / "backups")
    monkeypatch.setenv(USER_VARIABLE, who)
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE,
                       str(password_file(tmp_path, OTHER_PASSWORD, name=f"{who}-password")))
    capsys.readouterr()
    assert run(data_file, "backup") == USAGE
    assert "Only the owner can take or restore backups" in capsys.readouterr().err
    assert run(data_file, "restore", str(taken), "--yes") == USAGE
    assert "Only the owner can take or restore backups" in capsys.readouterr().err
    assert final_backups(tmp_path / "backups") == [taken]
    assert run(data_file, "backups") == 0  # the list holds no one's records


def test_a_missing_or_damaged_backup_is_refused(data_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_file, "restore", "no-such-backup.sqlite3", "--yes") == USAGE
    assert "There is no backup no-such-backup.sqlite3" in capsys.readouterr().err
    not_a_backup = tmp_path / "notes.sqlite3"
    not_a_backup.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    assert run(data_file, "restore", str(not_a_backup), "--yes") == DATABASE_PROBLEM
    assert "Choose another backup" in capsys.readouterr().err
