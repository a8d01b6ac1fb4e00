"""Encrypted data files, step by step: made new, a plain one encrypted,
opened with a password or the recovery key.

The keys themselves (the data key and its locks in the key file beside the
data file) are :mod:`soberhouse.encryption`'s; this module does what the
window and the command line ask with them:

- :func:`new_encrypted_file`: a new data file, encrypted from its first
  byte, with the owner's account (the window's first start, and
  ``soberhouse users add --owner``);
- :func:`encrypt_file`: the plain data file open now, encrypted in place
  (Settings, ``soberhouse encrypt``): a verified backup first, then
  SQLCipher's ``sqlcipher_export`` into a new file under the write lock, the
  copy checked (integrity, every table's rows), the key file written, and
  only then the new file renamed over the old one.  A failure before the
  rename leaves the plain file as it was;
- :func:`unlock_and_sign_in`: open a data file (encrypted or not) with a
  person's sign-in name and password;
- :func:`recover`: open it with the recovery key and give an owner a new
  password, when every owner's password is forgotten;
- :func:`new_recovery_key`: a new recovery key (the old sheet was lost).
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import peewee

from soberhouse import accounts, audit, clock, database, encryption, passwords, sqlite_driver
from soberhouse.audit import Action
from soberhouse.errors import (
    DatabaseReadOnly,
    NotOurFile,
    Problem,
    RuleViolation,
    SignInRefused,
    StorageProblem,
)
from soberhouse.models import AppUser, Role

ENCRYPTING_SUFFIX = ".encrypting"
"""The encrypted copy is made as ``<data file>.encrypting`` beside it."""
ATTACHED = "encrypted"

ON_THE_SERVER = ("The data is on a PostgreSQL server: its encryption at rest is the "
                 "server's (ask whoever runs it to encrypt its disk, and connect with "
                 "sslmode=require). Soberhouse encrypts only a SQLite data file.")


class KeyFileMissingOrDamaged(encryption.KeyFileMissing, NotOurFile):
    """A data file that is not plain SQLite, with no key file beside it:
    encrypted and its key file left behind, or damaged (its bytes can't
    tell).  Caught as either."""


class EncryptionFailed(StorageProblem):
    """Encrypting the data file stopped before the swap: the plain file is as
    it was, and the message says why."""


@dataclass(frozen=True)
class Encrypted:
    """What :func:`encrypt_file` did: the recovery code to show once (and
    print on the recovery sheet), the verified backup of the plain file
    taken first, and the people with an account whose password does not
    open the file yet (the owner resets their passwords)."""

    recovery_code: str
    backup_path: Path
    people_without_lock: list[str]
    plain_backups: tuple[Path, ...] = ()
    """The backups in the backup folder that are plain files (taken before,
    the one just taken among them): anyone who can read the folder can read
    them.  The window and the command line say so; the owner deletes them
    once the encrypted file has been checked, or keeps them locked away."""


# ---------------------------------------------------------------- helpers


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _remove(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _open_sqlite_file() -> tuple[peewee.SqliteDatabase, Path]:
    opened = database.current()
    if not isinstance(opened, peewee.SqliteDatabase):
        raise RuleViolation([Problem("", ON_THE_SERVER)])
    place = getattr(opened, "place", "") or str(opened.database)
    return opened, Path(place.removeprefix("file:").partition("?")[0])


# ---------------------------------------------------------------- a new file


def new_encrypted_file(data_file: str | os.PathLike[str], display_name: str, username: str,
                       password: str) -> encryption.NewKeys:
    """Make ``data_file`` a new data file encrypted from its first byte,
    with the owner's account (signed in): the data key locked by the
    owner's password and a new recovery key in the key file beside it.

    Refused (:class:`RuleViolation`, nothing written) when the file exists
    and is not empty, when a key file is already beside it, or when the
    owner's details or password break the rules of
    :func:`accounts.create_owner` (each problem naming its field).  If
    anything fails after the key file is written, the half-made data file
    and key file are removed."""
    if database.is_url(os.fspath(data_file)):
        raise RuleViolation([Problem("", ON_THE_SERVER)])
    path = Path(data_file).expanduser()
    exists_with_data = _size(path) > 0
    if exists_with_data or (path.exists() and not path.is_file()):
        raise RuleViolation([Problem("data_file", (
            f"{path} is there already: a new encrypted data file is made only where no "
            f"data file is. Open that file instead, or choose another name."))])
    keys_path = encryption.key_file_path(path)
    if keys_path.exists():
        raise RuleViolation([Problem("data_file", (
            f"A key file {keys_path.name} is already beside {path.name}, from another data "
            f"file: move it away (or choose another name), then try again."))])
    accounts.check_new_owner(display_name, username, password)
    existed_empty = path.exists()
    database.close()
    accounts.end_session()
    keys = encryption.create_key_file(path, username.strip(), password)
    try:
        database.connect(path, key=keys.data_key)
        accounts.create_owner(display_name, username, password)
    except BaseException:
        accounts.end_session()
        database.close()
        _remove(keys.key_file, *_side_files(path))
        if not existed_empty or _size(path) > 0:
            _remove(path)
        raise
    return keys


# ---------------------------------------------------------------- opening


def unlock_and_sign_in(target: str | os.PathLike[str] | None, username: str, password: str,
                       *, read_only: bool | str = False) -> AppUser:
    """Open the data file ``target`` (resolved as :func:`database.resolve_target`
    does) and sign ``username`` in with ``password``.

    An encrypted file is unlocked first, with the password, before anything
    in it is read (:func:`encryption.unlock`: a wrong name or password is
    refused, :class:`SignInRefused` field ``password``; a missing key file
    is :class:`encryption.KeyFileMissing`); a plain file (or a server) is
    opened, then the password checked (:func:`accounts.sign_in`).  A data
    file open before is closed first; on any refusal nothing is left open."""
    resolved = database.resolve_target(target)
    accounts.end_session()
    database.close()
    key = None
    proven = False
    path = Path(resolved).expanduser()
    if not database.is_url(resolved) and encryption.is_encrypted(path):
        if not encryption.key_file_path(path).exists():
            raise damaged_or_without_key_file(path)
        key = _unlock_counting_failures(path, username, password)
        proven = _only_lock(path, username)
    try:
        database.connect(resolved, read_only=read_only, key=key)
        user = accounts.sign_in(username, password, password_proven=proven)
    except BaseException:
        accounts.end_session()
        database.close()
        raise
    _audit_failed_unlocks(path)
    return user


@dataclass(frozen=True)
class _FailedUnlock:
    typed_name: str
    at: dt.datetime
    why: str


_failed_unlocks: dict[Path, list[_FailedUnlock]] = {}
"""Wrong passwords typed at an encrypted file's sign-in, by file, in this
program: the file is still closed then, so they are counted here (the wait
after 3 in a row, as :func:`accounts.check_password` does) and written to
its audit trail at the next sign-in (:func:`_audit_failed_unlocks`)."""


def _unlock_counting_failures(path: Path, username: str, password: str) -> bytes:
    failures = _failed_unlocks.setdefault(path.resolve(), [])
    wait = _wait_left(failures)
    if wait:
        failures.append(_FailedUnlock(username.strip()[:120], clock.now(),
                                      f"tried during the wait after {len(failures)} wrong "
                                      f"passwords"))
        raise SignInRefused([Problem("password", (
            f"Too many wrong passwords in a row: wait {wait} second{'s' if wait != 1 else ''} "
            f"before trying again."))])
    try:
        return encryption.unlock(path, username, password)
    except SignInRefused:
        failures.append(_FailedUnlock(username.strip()[:120], clock.now(),
                                      "wrong name or password"))
        raise


def _wait_left(failures: list[_FailedUnlock]) -> int:
    """Seconds before the next try (0: now): after 3 wrong passwords in a row,
    each waits twice as long as the one before, up to a minute."""
    if len(failures) < accounts.FREE_TRIES:
        return 0
    wait = min(2 ** (len(failures) - accounts.FREE_TRIES), accounts.LONGEST_WAIT_SECONDS)
    left = (failures[-1].at + dt.timedelta(seconds=wait) - clock.now()).total_seconds()
    return max(0, int(left + 0.999))


def _audit_failed_unlocks(path: Path) -> None:
    """The wrong passwords typed before this sign-in opened the file, into its
    audit trail ("Sign-in failed for 'dana': wrong name or password, before
    the encrypted file was opened"); not on a file open read-only, which
    can't be written (they are kept for the next sign-in that can)."""
    from soberhouse.recording import internal_write

    failures = _failed_unlocks.get(path.resolve())
    if not failures or database.is_read_only():
        return
    with internal_write():
        for failure in failures:
            audit.append([audit.PendingEvent(
                Action.SIGN_IN_FAILED.value,
                f"Sign-in failed for {failure.typed_name!r}: {failure.why}, before the "
                f"encrypted file was opened ({failure.at:%Y-%m-%d %H:%M:%S})")],
                user=accounts.find_account(failure.typed_name), who=failure.typed_name)
    failures.clear()


def _only_lock(path: Path, username: str) -> bool:
    """Whether ``username`` has one lock on the key, the one their password
    just opened: every password is locked before its hash is saved and the
    older locks go once it has been, so that lock's password is the hash's,
    and the sign-in need not derive the hash again.  Two locks (a password
    change that stopped half-way) leave the hash to decide: an old password
    that opens the older lock must not get in."""
    return len(encryption.KeyFile.read(path).locks_of(username)) == 1


def damaged_or_without_key_file(path: Path) -> KeyFileMissingOrDamaged:
    """What to say of a file that is not plain SQLite and has no key file
    beside it: encrypted (its key file left behind) or damaged, nobody can
    tell from its bytes, so both are said."""
    keys = encryption.key_file_path(path).name
    return KeyFileMissingOrDamaged(
        f"{path} is not a Soberhouse data file, or it is damaged, or it is encrypted and "
        f"its key file {keys} is not beside it. Soberhouse left it as it was. If it is "
        f"encrypted, copy the key file back beside it (every backup folder holds one); "
        f"else check the file name (--database), or restore the file from a backup.")


def recover(data_file: str | os.PathLike[str], code: str, username: str,
            new_password: str) -> AppUser:
    """Open the encrypted ``data_file`` with the recovery key ``code`` and
    give the owner ``username`` the password ``new_password`` (locking the
    data key with it); they are signed in, and the audit trail says
    "password set with the recovery key".

    A wrong code is refused (:class:`SignInRefused` field ``recovery_key``)
    before the file is opened; an account that is not an active owner
    (field ``username``) or a password that breaks the rules (field
    ``password``) is refused with the file closed again."""
    path = Path(data_file).expanduser()
    accounts.end_session()
    database.close()
    if encryption.is_encrypted(path) and not encryption.key_file_path(path).exists():
        raise damaged_or_without_key_file(path)
    key = encryption.unlock_with_recovery_key(path, code)
    try:
        database.connect(path, key=key)
        user = accounts.find_account(username) if username.strip() else None
        if user is None or not user.has_account:
            raise RuleViolation([Problem("username", (
                f"No one has the sign-in name {username.strip()!r} on this data file: give "
                f"an owner's sign-in name."
                if username.strip() else "Give the sign-in name of an owner."))])
        if user.role != Role.OWNER.value:
            raise RuleViolation([Problem("username", (
                f"{user.shown_name} is not an owner: the recovery key sets only an owner's "
                f"password. The owner then resets everyone else's."))])
        if not user.active:
            raise RuleViolation([Problem("username", (
                f"{user.shown_name}'s account is switched off: give the sign-in name of an "
                f"owner whose account is on."))])
        user = accounts.set_password_with_recovery_key(user, new_password)
        return accounts.switch_to(user, new_password)
    except BaseException:
        accounts.end_session()
        database.close()
        raise


# ---------------------------------------------------------------- the recovery key


def new_recovery_key() -> str:
    """A new recovery key for the encrypted file open now (owner only): the
    old recovery sheet no longer opens it (the key files beside older
    backups still take the old one).  Audited."""
    accounts.require_owner("make a new recovery key")
    if not encryption.open_file_is_encrypted():
        raise RuleViolation([Problem("", (
            "This data file is not encrypted, so it has no recovery key: encrypt it first "
            "(Settings, or soberhouse encrypt)."))])
    code = encryption.new_recovery_key()
    audit.record(Action.RECOVERY_KEY,
                 "Made a new recovery key: the old recovery sheet no longer opens the data "
                 "file")
    return code


# ---------------------------------------------------------------- encrypting a plain file


def _table_counts(connection: object, schema: str = "main") -> dict[str, int]:
    execute = connection.execute  # type: ignore[attr-defined]
    names = [name for (name,) in execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        f"AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: int(execute(f'SELECT COUNT(*) FROM {schema}."{name}"').fetchone()[0])
            for name in names}


def _export(opened: peewee.SqliteDatabase, copy: Path, key: bytes) -> dict[str, int]:
    """Copy the open data file into the new encrypted file ``copy`` with
    ``sqlcipher_export``, under the write lock so that nobody writes
    meanwhile; the file's own marks (``application_id``, ``user_version``),
    which the export leaves out, are carried over.  Every table's row count,
    read in the same transaction."""
    from soberhouse.recording import internal_write

    connection = opened.connection()
    try:
        with internal_write():
            connection.execute(f"ATTACH DATABASE ? AS {ATTACHED} KEY \"x'{key.hex()}'\"",
                               (str(copy),))
            connection.execute(f"SELECT sqlcipher_export('{ATTACHED}')").fetchall()
            for mark in ("application_id", "user_version"):
                value = int(connection.execute(f"PRAGMA main.{mark}").fetchone()[0])
                connection.execute(f"PRAGMA {ATTACHED}.{mark} = {value}")
            counts = _table_counts(connection)
    finally:
        try:  # after the transaction ends: SQLite keeps an attached file while it runs
            connection.execute(f"DETACH DATABASE {ATTACHED}")
        except sqlite_driver.ERRORS:
            pass  # it was never attached
    return counts


def _check_encrypted_copy(copy: Path, key: bytes, expected: dict[str, int],
                          marks: dict[str, int]) -> None:
    """The encrypted copy opens with the key, its integrity check is ok and
    every table holds the rows the data file held (else
    :class:`EncryptionFailed`)."""
    try:
        with closing(sqlite_driver.connect(str(copy), key=key, isolation_level=None)) as check:
            problems = [row[0] for row in check.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise EncryptionFailed(
                    f"The encrypted copy failed its integrity check ({problems[0]}): the data "
                    f"file was left as it was, not encrypted. Try again; if it fails again, "
                    f"check the disk.")
            found = _table_counts(check)
            found_marks = {mark: int(check.execute(f"PRAGMA {mark}").fetchone()[0])
                           for mark in marks}
    except sqlite_driver.ERRORS as error:
        raise EncryptionFailed(
            f"The encrypted copy can't be read back ({error}): the data file was left as it "
            f"was, not encrypted.") from error
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            raise EncryptionFailed(
                f"The encrypted copy's table {table} holds {found.get(table, 0):,} rows where "
                f"the data file holds {expected.get(table, 0):,}: the data file was left as "
                f"it was, not encrypted.")
    if found_marks != marks:
        raise EncryptionFailed("The encrypted copy lost the data file's schema version: the "
                               "data file was left as it was, not encrypted.")


def _swap(path: Path, copy: Path) -> None:
    """Put the checked copy in place of the closed data file (one rename)."""
    if any(side.exists() for side in _side_files(path)[:2]):
        raise EncryptionFailed(
            f"Another window or command still has {path.name} open (its write-ahead log is "
            f"there): close it, then encrypt again. The data file was left as it was.")
    os.replace(copy, path)
    if os.name == "posix":
        handle = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def encrypt_file(password: str) -> Encrypted:
    """Encrypt the plain data file open now (the owner, whose ``password``
    is asked again).  In order: a verified backup of the plain file; the
    encrypted copy ``<file>.encrypting`` made under the write lock and
    checked (integrity, every table's rows); the key file written (the
    owner's lock and a new recovery key); the data file closed and the copy
    renamed over it; the file opened again with its key, the owner still
    signed in; audited "encrypted".  Any failure before the rename leaves
    the plain file as it was and removes the copy and the key file.

    Everyone else with an account has no lock yet
    (:attr:`Encrypted.people_without_lock`): the owner resets their
    passwords."""
    from soberhouse import backups

    accounts.require_owner("encrypt the data file")
    opened, path = _open_sqlite_file()
    if getattr(opened, "data_key", None):
        raise RuleViolation([Problem("", f"{path.name} is encrypted already.")])
    if database.is_read_only():
        raise DatabaseReadOnly(
            f"{path} is open read-only ({database.read_only_reason()}): nothing can be "
            f"saved, so it can't be encrypted. Open it so it can be written, then encrypt it.")
    owner = AppUser.get_by_id(accounts.current_user().id)
    if not passwords.matches(owner.password_hash, password):
        raise SignInRefused([Problem("password", (
            "That is not your password: the data file was left as it was, not encrypted."))])
    others = [person.shown_name for person in accounts.people()
              if person.active and person.id != owner.id]
    backup = backups.take_backup("before-encryption")
    copy = path.with_name(path.name + ENCRYPTING_SUFFIX)
    keys_path = encryption.key_file_path(path)
    old_keys = keys_path.read_bytes() if keys_path.is_file() else None
    _remove(copy, *_side_files(copy))
    key = encryption.new_data_key()
    swapped = False
    try:
        marks = {mark: int(opened.execute_sql(f"PRAGMA {mark}").fetchone()[0])
                 for mark in ("application_id", "user_version")}
        counts = _export(opened, copy, key)
        _check_encrypted_copy(copy, key, counts, marks)
        keys = encryption.create_key_file(path, owner.username, password, data_key=key)
        database.close()
        _swap(path, copy)
        swapped = True
    except BaseException:
        _remove(copy, *_side_files(copy))
        if not swapped:
            if old_keys is None:
                _remove(keys_path)
            else:
                keys_path.write_bytes(old_keys)
            if opened.is_closed():
                database.connect(path)
                accounts.refresh_signed_in_user()
        raise
    _remove(*_side_files(path))
    try:
        database.connect(path, key=key)
    except StorageProblem as problem:
        raise EncryptionFailed(
            f"{path.name} was encrypted but does not open again ({problem.message}). The "
            f"plain file as it was is the backup {backup.path}: restore it.") from problem
    if accounts.signed_in_user() is None:
        accounts.switch_to(owner, password)
    else:
        accounts.refresh_signed_in_user()
    audit.record(Action.ENCRYPTED, "Encrypted the data file",
                 details={"backup": str(backup.path), "people_without_lock": others})
    return Encrypted(keys.recovery_code, backup.path, others, _plain_backups(backup.path))


def _plain_backups(taken: Path) -> tuple[Path, ...]:
    """The plain backups beside the one taken before the encryption (and in
    the backup folder the file's settings name)."""
    from soberhouse import backups

    folders = {taken.parent}
    try:
        folders.add(backups.backup_folder())
    except StorageProblem:
        pass
    found = {record.path for folder in folders for record in backups.backups_in(folder)
             if not record.encrypted and record.path.is_file()}
    return tuple(sorted(found))

