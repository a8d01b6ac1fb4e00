"""The data key of an encrypted data file, and the locks that keep it.

An encrypted data file (SQLCipher 4, :mod:`soberhouse.sqlite_driver`) is
opened with one random 256-bit **data key**.  The key is never stored as
it is: the **key file** beside the data file (``soberhouse.sqlite3.keys``)
holds it locked (wrapped) several times over,

- once for each person with an account, by their password: the password
  and a random salt give a key-encryption key through Argon2id (the same
  cost as the password hashes, :mod:`soberhouse.passwords`), which seals
  the data key with AES-256-GCM;
- once by the **recovery key**, a 30-character random code shown once when
  the file is made (and printed on the recovery sheet,
  :mod:`soberhouse.reports.recovery_sheet`) to keep in the safe.

Signing in unlocks the data key with the typed password before the file
is opened (:func:`unlock`); a wrong password fails the seal's check, so
it is refused without the file being read.  Changing a password adds a
new lock and then drops the old (:func:`add_lock`, :func:`drop_old_locks`:
a failure in between leaves both, never none); switching a person off
removes their locks.  Losing every password still leaves the recovery key;
losing both, or the key file and every copy of it (each backup has one),
loses the data: the setup says so plainly.

The key file holds no names: each lock is found by a tag, an HMAC of the
folded sign-in name with the file's own salt.  It is written whole under
a temporary name, flushed and renamed, so it is never half-written.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from soberhouse.errors import DatabaseDamaged, Problem, SignInRefused, StorageProblem
from soberhouse.sqlite_driver import KEY_BYTES

KEY_FILE_SUFFIX = ".keys"
FORMAT = "soberhouse-data-key"
VERSION = 1

RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LENGTH = 5  # 30 characters of 5 bits: 150 random bits

PASSWORD = "password"
RECOVERY = "recovery"

WRONG_PASSWORD = ("That sign-in name and password don't match an account. Check both and "
                  "try again.")
WRONG_RECOVERY_KEY = ("That recovery key doesn't open this data file. Check it against the "
                      "recovery sheet: 30 letters and digits in six groups.")

# Argon2id for the locks: the password hashes' cost (OWASP: 19 MiB, 2 passes).
_KDF_SETTINGS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}


def use_cheap_derivation_for_tests() -> None:
    """Tests make hundreds of locks: derive with the smallest Argon2id
    settings.  Never called by the program (locks keep their own settings,
    so a file made in a test still opens)."""
    _KDF_SETTINGS.update(time_cost=1, memory_cost=8, parallelism=1)


class KeyFileMissing(StorageProblem):
    """The data file is encrypted but its key file is not beside it."""


def key_file_path(data_file: str | os.PathLike[str]) -> Path:
    """``soberhouse.sqlite3.keys`` beside ``soberhouse.sqlite3``."""
    path = Path(data_file)
    return path.with_name(path.name + KEY_FILE_SUFFIX)


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def is_encrypted(data_file: str | os.PathLike[str]) -> bool:
    """Whether ``data_file`` is an encrypted data file: it exists, is not
    empty and does not start as a plain SQLite file does."""
    from soberhouse.database import SQLITE_MAGIC

    try:
        with open(data_file, "rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return bool(start) and start != SQLITE_MAGIC


# ---------------------------------------------------------------- recovery key


def new_recovery_code() -> str:
    """``7KQ2M-…`` : six groups of five of Crockford's base-32 digits."""
    characters = "".join(secrets.choice(RECOVERY_ALPHABET)
                         for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH))
    return "-".join(characters[i:i + RECOVERY_GROUP_LENGTH]
                    for i in range(0, len(characters), RECOVERY_GROUP_LENGTH))


def normalise_recovery_code(typed: str) -> str:
    """The code as typed, read the forgiving way: spaces and dashes left out,
    lower case raised, O read as 0 and I or L as 1."""
    text = "".join(c for c in typed.upper() if c.isalnum())
    text = text.replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(text[i:i + RECOVERY_GROUP_LENGTH]
                    for i in range(0, len(text), RECOVERY_GROUP_LENGTH))


# ---------------------------------------------------------------- the key file


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class Lock:
    """The data key sealed by one secret (a person's password, or the
    recovery key)."""

    kind: str
    tag: str
    salt: bytes
    nonce: bytes
    sealed: bytes
    made_at: str
    kdf: dict[str, int] = field(default_factory=lambda: dict(_KDF_SETTINGS))

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "tag": self.tag, "kdf": "argon2id", **self.kdf,
                "salt": _b64(self.salt), "nonce": _b64(self.nonce),
                "sealed": _b64(self.sealed), "made_at": self.made_at}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Lock:
        return cls(kind=str(data["kind"]), tag=str(data.get("tag", "")),
                   salt=_unb64(str(data["salt"])), nonce=_unb64(str(data["nonce"])),
                   sealed=_unb64(str(data["sealed"])), made_at=str(data.get("made_at", "")),
                   kdf={name: int(data[name])  # type: ignore[call-overload]
                        for name in ("time_cost", "memory_cost", "parallelism")})


def _derive(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(secret.encode("utf-8"), salt, hash_len=32, type=Type.ID, **kdf)


def _aead():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM


@dataclass
class KeyFile:
    """The locks on one data file's key (``<data file>.keys``)."""

    path: Path
    file_id: str
    tag_salt: bytes
    locks: list[Lock]

    # ------------------------------------------------------------ reading

    @classmethod
    def read(cls, data_file: str | os.PathLike[str]) -> KeyFile:
        """The key file beside ``data_file``; :class:`KeyFileMissing` when it
        is not there, :class:`DatabaseDamaged` when it can't be read."""
        path = key_file_path(data_file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as missing:
            raise KeyFileMissing(
                f"{data_file} is encrypted, and its key file {path.name} is not beside it. "
                f"Copy the key file back beside the data file (every backup folder holds "
                f"one), then open it again.") from missing
        except OSError as error:
            raise KeyFileMissing(f"Soberhouse can't read the key file {path}: "
                                 f"{error.strerror or error}.") from error
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError("not a key file")
            return cls(path=path, file_id=str(data["file_id"]),
                       tag_salt=_unb64(str(data["tag_salt"])),
                       locks=[Lock.from_json(item) for item in data["locks"]])
        except (ValueError, KeyError, TypeError) as error:
            raise DatabaseDamaged(
                f"The key file {path} is damaged. Put back a copy of it from a backup folder "
                f"(each backup has one beside it).") from error

    @classmethod
    def new(cls, data_file: str | os.PathLike[str]) -> KeyFile:
        return cls(path=key_file_path(data_file), file_id=secrets.token_hex(16),
                   tag_salt=secrets.token_bytes(16), locks=[])

    # ------------------------------------------------------------ writing

    def write(self, path: Path | None = None) -> Path:
        """Write the whole file under a temporary name, flush it, rename it."""
        target = path or self.path
        data = {"format": FORMAT, "version": VERSION,
                "about": ("The key of the Soberhouse data file beside this one, locked by "
                          "each person's password and by the recovery key. Without this "
                          "file (or a copy from a backup) the data file can't be opened."),
                "file_id": self.file_id, "tag_salt": _b64(self.tag_salt),
                "locks": [lock.as_json() for lock in self.locks]}
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=target.name + ".", suffix=".partial",
                                             dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def copy_to(self, path: Path) -> Path:
        """The same locks under another name (beside a backup)."""
        return self.write(path)

    # ------------------------------------------------------------ locks

    def tag_of(self, username: str) -> str:
        return hmac.new(self.tag_salt, username.strip().casefold().encode("utf-8"),
                        hashlib.sha256).hexdigest()[:32]

    def _associated(self, kind: str) -> bytes:
        return f"{FORMAT}/{self.file_id}/{kind}".encode("ascii")

    def _seal(self, data_key: bytes, secret: str, kind: str, tag: str) -> Lock:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        kdf = dict(_KDF_SETTINGS)
        sealed = _aead()(_derive(secret, salt, kdf)).encrypt(nonce, data_key,
                                                              self._associated(kind))
        made = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        return Lock(kind, tag, salt, nonce, sealed, made, kdf)

    def _open(self, lock: Lock, secret: str) -> bytes | None:
        from cryptography.exceptions import InvalidTag

        try:
            key = _aead()(_derive(secret, lock.salt, lock.kdf)).decrypt(
                lock.nonce, lock.sealed, self._associated(lock.kind))
        except InvalidTag:
            return None
        return key if len(key) == KEY_BYTES else None

    def locks_of(self, username: str) -> list[Lock]:
        tag = self.tag_of(username)
        return [lock for lock in self.locks if lock.kind == PASSWORD and lock.tag == tag]

    def has_lock(self, username: str) -> bool:
        return bool(self.locks_of(username))

    def add_password(self, data_key: bytes, username: str, password: str) -> Lock:
        """Lock the key with ``username``'s password too (their older locks
        stay until :meth:`drop_old_locks`)."""
        lock = self._seal(data_key, password, PASSWORD, self.tag_of(username))
        self.locks.append(lock)
        return lock

    def drop_old_locks(self, username: str, keep: Lock) -> None:
        tag = self.tag_of(username)
        self.locks = [lock for lock in self.locks
                      if lock == keep or lock.kind != PASSWORD or lock.tag != tag]

    def drop_locks(self, username: str) -> int:
        before = len(self.locks)
        tag = self.tag_of(username)
        self.locks = [lock for lock in self.locks if lock.kind != PASSWORD or lock.tag != tag]
        return before - len(self.locks)

    def rename(self, old_username: str, new_username: str) -> None:
        old, new = self.tag_of(old_username), self.tag_of(new_username)
        for lock in self.locks:
            if lock.kind == PASSWORD and lock.tag == old:
                lock.tag = new

    def set_recovery(self, data_key: bytes, code: str) -> None:
        """The recovery key's lock (a new code replaces the old one's)."""
        self.locks = [lock for lock in self.locks if lock.kind != RECOVERY]
        self.locks.append(self._seal(data_key, normalise_recovery_code(code), RECOVERY, ""))

    def open_with_password(self, username: str, password: str) -> bytes | None:
        """The data key, when ``password`` opens one of ``username``'s locks."""
        for lock in reversed(self.locks_of(username)):
            key = self._open(lock, password)
            if key is not None:
                return key
        return None

    def open_with_recovery(self, code: str) -> bytes | None:
        typed = normalise_recovery_code(code)
        for lock in self.locks:
            if lock.kind == RECOVERY:
                key = self._open(lock, typed)
                if key is not None:
                    return key
        return None


# ---------------------------------------------------------------- the usual steps


@dataclass(frozen=True)
class NewKeys:
    """What making an encrypted file gives: the data key, and the recovery
    code to show once and print on the recovery sheet."""

    data_key: bytes
    recovery_code: str
    key_file: Path


def create_key_file(data_file: str | os.PathLike[str], username: str, password: str,
                    *, data_key: bytes | None = None) -> NewKeys:
    """A new data key locked by the owner's password and a new recovery key,
    written beside ``data_file`` (before the encrypted file is made: the
    file never exists without the locks to its key)."""
    keys = KeyFile.new(data_file)
    data_key = data_key or new_data_key()
    code = new_recovery_code()
    keys.add_password(data_key, username, password)
    keys.set_recovery(data_key, code)
    return NewKeys(data_key, code, keys.write())


_STAND_IN_LOCK: tuple[KeyFile, Lock] | None = None


def _spend_the_same_time(password: str) -> None:
    """Derive a key for a name that has no lock, so that a wrong name takes
    as long as a wrong password."""
    global _STAND_IN_LOCK
    if _STAND_IN_LOCK is None:
        stand_in = KeyFile(Path("stand-in"), "stand-in", b"\0" * 16, [])
        _STAND_IN_LOCK = (stand_in, stand_in._seal(new_data_key(), "stand-in", PASSWORD, ""))
    stand_in, lock = _STAND_IN_LOCK
    stand_in._open(lock, password)


def unlock(data_file: str | os.PathLike[str], username: str, password: str) -> bytes:
    """The data key of ``data_file``, opened with ``username``'s password.

    :class:`SignInRefused` (field ``password``) for a wrong name or
    password, in the same words either way; (field ``username``) for an
    account that has no lock on this file yet (made before the file was
    encrypted, or switched off and on again): the owner resets its password."""
    keys = KeyFile.read(data_file)
    if not keys.has_lock(username):
        _spend_the_same_time(password)
        raise SignInRefused([Problem("password", WRONG_PASSWORD)])
    key = keys.open_with_password(username, password)
    if key is None:
        raise SignInRefused([Problem("password", WRONG_PASSWORD)])
    return key


def unlock_with_recovery_key(data_file: str | os.PathLike[str], code: str) -> bytes:
    """The data key, opened with the recovery key; :class:`SignInRefused`
    (field ``recovery_key``) when it doesn't open it."""
    keys = KeyFile.read(data_file)
    key = keys.open_with_recovery(code)
    if key is None:
        raise SignInRefused([Problem("recovery_key", WRONG_RECOVERY_KEY)])
    return key


def _open_key_file() -> tuple[KeyFile, bytes] | None:
    """The key file and data key of the database open now (None: it is not
    an encrypted file)."""
    from soberhouse.models import database_proxy

    database = database_proxy.obj
    key = getattr(database, "data_key", None)
    if not key:
        return None
    return KeyFile.read(database.place), key


def open_file_is_encrypted() -> bool:
    from soberhouse.models import database_proxy

    return bool(getattr(database_proxy.obj, "data_key", None))


def lock_for(username: str, password: str) -> Lock | None:
    """On the encrypted file open now, lock its key with ``username``'s new
    password too, before the password is saved (None on a plain file).
    :func:`settle_locks` drops the older locks once it has been."""
    opened = _open_key_file()
    if opened is None:
        return None
    keys, data_key = opened
    lock = keys.add_password(data_key, username, password)
    keys.write()
    return lock


def settle_locks(username: str, keep: Lock | None) -> None:
    """After a new password was saved: only its lock opens the key for
    ``username`` from now on."""
    opened = _open_key_file()
    if opened is None or keep is None:
        return
    keys, _ = opened
    keys.drop_old_locks(username, keep)
    keys.write()


def remove_locks(username: str) -> int:
    """``username`` was switched off: their password no longer opens the
    key.  How many locks went."""
    opened = _open_key_file()
    if opened is None:
        return 0
    keys, _ = opened
    gone = keys.drop_locks(username)
    if gone:
        keys.write()
    return gone


def rename_locks(old_username: str, new_username: str) -> None:
    opened = _open_key_file()
    if opened is None or old_username.strip().casefold() == new_username.strip().casefold():
        return
    keys, _ = opened
    keys.rename(old_username, new_username)
    keys.write()


def has_lock(username: str) -> bool:
    """Whether ``username`` can open the encrypted file open now (True on a
    plain file: there is nothing to open)."""
    opened = _open_key_file()
    return opened is None or opened[0].has_lock(username)


def new_recovery_key() -> str:
    """A new recovery key for the encrypted file open now; the old sheet no
    longer opens its key file (copies of the key file beside older backups
    still take the old one)."""
    opened = _open_key_file()
    if opened is None:
        raise StorageProblem("This data file is not encrypted: it has no recovery key.")
    keys, data_key = opened
    code = new_recovery_code()
    keys.set_recovery(data_key, code)
    keys.write()
    return code
