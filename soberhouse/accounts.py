"""Named accounts: who is signed in, and so who records.

Every history row names an :class:`~soberhouse.models.AppUser`: the person
signed in (:func:`current_user`).  Nobody is signed in until
:func:`sign_in` has checked a password (or, on a data file without any
account yet, :func:`create_owner` has made the first); the window and the
command line read nothing about residents before that.  The operating
system's login name plays no part: setting ``LOGNAME`` changes nothing.

A data file from before accounts keeps the names its history recorded (the
operating-system logins): they stay rows without a role, which can't sign
in.  The owner made on the first start may take one of those names, and
then history and account are the same person.

People are added, changed and switched off (never deleted: history names
them) by the owner; everyone may change their own password.  Every change
here is a write of the one seam, audited as "people changed"; sign-ins,
failures and sign-outs are audit events of their own.

On an encrypted data file (:mod:`soberhouse.encryption`) every password
also locks the file's data key in its key file: a new password (a person
added, a password reset or changed, the owner made) gets its lock before
the write commits and the older locks go once it has (a failure in between
leaves the new lock out again, never a person without one); a new sign-in
name takes its locks along; switching a person off removes their locks.
Someone switched on again, or with an account from before the file was
encrypted, has no lock: :func:`needs_new_password` tells the owner to
reset their password, and their sign-in is refused saying so.  On a plain
file all of this does nothing.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from soberhouse import audit, clock, encryption, passwords
from soberhouse.audit import Action
from soberhouse.errors import (
    NotAllowed,
    NotSignedIn,
    Problem,
    RuleViolation,
    SignInRefused,
    StorageProblem,
)
from soberhouse.models import AppUser, House, Role, Setting, UserHouse, database_proxy

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 5
FREE_TRIES = 3  # wrong passwords in a row before each try waits
LONGEST_WAIT_SECONDS = 60

_NO_MATCH = "That sign-in name and password don't match an account. Check both and try again."
NO_LOCK_YET = ("Your password is right, but it doesn't open this encrypted data file yet "
               "(your account was made before the file was encrypted, or was switched off "
               "and on again): ask the owner to reset your password.")
# Verified against when the name is unknown, so that a wrong name takes as
# long as a wrong password (the answer says nothing about who has an account).
_STAND_IN_HASH: str | None = None


@dataclass
class _Session:
    database: object
    user: AppUser


_session: _Session | None = None


# ---------------------------------------------------------------- who is signed in


def _data_place() -> object:
    """Which data file (or server database) is open: a session belongs to it,
    and survives the same file being opened again (a reconnect)."""
    database = database_proxy.obj
    if database is None:
        return None
    return getattr(database, "place", None) or (
        type(database).__name__, str(database.database),
        str(getattr(database, "connect_params", {}).get("host", "")))


def signed_in_user() -> AppUser | None:
    """The person signed in on the open data file, or None."""
    if _session is None or _session.database != _data_place():
        return None
    return _session.user


def current_user() -> AppUser:
    """The person signed in; :class:`NotSignedIn` when nobody is."""
    user = signed_in_user()
    if user is None:
        raise NotSignedIn("Sign in first: nobody is signed in to this data file.")
    return user


def current_role() -> Role | None:
    user = signed_in_user()
    if user is None or not user.role:
        return None
    return Role(user.role)


def current_username() -> str:
    """The sign-in name of the person signed in, else the computer's login
    name: only for the data file's holder note ("held by dana on OFFICE-PC"),
    never for history."""
    user = signed_in_user()
    if user is not None:
        return user.username
    try:
        return getpass.getuser() or "someone"
    except Exception:  # no login name on some service accounts
        return "someone"


def _begin(user: AppUser) -> AppUser:
    global _session
    _session = _Session(_data_place(), user)
    return user


def refresh_signed_in_user() -> None:
    """Read the signed-in person's row again (the owner changed their role)."""
    user = signed_in_user()
    if user is not None:
        fresh = AppUser.get_or_none(AppUser.id == user.id)
        if fresh is not None:
            _begin(fresh)


def end_session() -> None:
    """Forget who is signed in, recording nothing (the data file is closing)."""
    global _session
    _session = None


def sign_out() -> None:
    """Audit "signed out" and forget who is signed in."""
    user = signed_in_user()
    if user is not None:
        audit.record(Action.SIGNED_OUT, f"{user.shown_name} signed out", user=user)
    end_session()


# ---------------------------------------------------------------- accounts exist?


def accounts_exist() -> bool:
    """Whether anyone has an account on this data file (else the first start
    creates the owner's)."""
    return AppUser.select().where(AppUser.role != "").exists()


def find_account(username: str) -> AppUser | None:
    return AppUser.get_or_none(peewee.fn.LOWER(AppUser.username) == username.strip().lower())


# ---------------------------------------------------------------- signing in


def _wait_left(user: AppUser) -> int:
    """Seconds before ``user`` may try again (0: now)."""
    if user.failed_sign_ins < FREE_TRIES or user.last_failed_at is None:
        return 0
    wait = min(2 ** (user.failed_sign_ins - FREE_TRIES), LONGEST_WAIT_SECONDS)
    last = user.last_failed_at
    if isinstance(last, str):
        last = dt.datetime.fromisoformat(last)
    left = (last + dt.timedelta(seconds=wait) - clock.now()).total_seconds()
    return max(0, int(left + 0.999))


def _stand_in_hash() -> str:
    global _STAND_IN_HASH
    if _STAND_IN_HASH is None:
        _STAND_IN_HASH = passwords.hash_password("not anybody's password at all")
    return _STAND_IN_HASH


def _failed(user: AppUser | None, typed_name: str, why: str) -> None:
    """Count the failure and audit it; on a data file open read-only nothing
    can be written, so neither happens (the refusal itself still stands)."""
    from soberhouse import database
    from soberhouse.recording import internal_write

    if database.is_read_only():
        return
    with internal_write():
        if user is not None:
            AppUser.update(failed_sign_ins=AppUser.failed_sign_ins + 1,
                           last_failed_at=clock.now()).where(AppUser.id == user.id).execute()
        audit.append([audit.PendingEvent(Action.SIGN_IN_FAILED.value,
                                         f"Sign-in failed for {typed_name!r}: {why}")],
                     user=user, who=typed_name[:120])


def check_password(username: str, password: str, *,
                   password_proven: bool = False) -> AppUser:
    """The account ``username`` names, when ``password`` is its password.

    Refused (:class:`SignInRefused`, audited) for a wrong name or password,
    a switched-off account, or while the wait after repeated failures runs:
    after 3 wrong passwords in a row, each try waits twice as long as the
    one before (1, 2, 4... up to 60 seconds).

    On a data file open read-only the password is checked all the same, but
    a failure can't be counted or audited (nothing can be written): the wait
    only follows the failures counted while the file could be written.

    ``password_proven``: the password has just opened the person's only lock
    on the encrypted file's key (:func:`soberhouse.encrypting.unlock_and_sign_in`),
    which is set with every password and settled once the hash is saved: so
    the hash is not checked again (a second Argon2id derivation, some 45 ms).
    Every other check stays."""
    typed = username.strip()
    user = find_account(typed) if typed else None
    if user is None or not user.has_account:
        passwords.matches(_stand_in_hash(), password)
        if typed:
            _failed(None, typed, "no such account")
        raise SignInRefused([Problem("username", _NO_MATCH)])
    wait = _wait_left(user)
    if wait:
        _failed(user, typed, f"tried during the wait after {user.failed_sign_ins} wrong passwords")
        raise SignInRefused([Problem("password", (
            f"Too many wrong passwords in a row: wait {wait} second{'s' if wait != 1 else ''} "
            f"before trying again."))])
    if not password_proven and not passwords.matches(user.password_hash, password):
        _failed(user, typed, "wrong password")
        raise SignInRefused([Problem("password", _NO_MATCH)])
    if not user.active:
        _failed(user, typed, "account switched off")
        raise SignInRefused([Problem("username", (
            f"The account {user.username!r} is switched off. Ask the owner to switch it "
            f"on again."))])
    if not encryption.has_lock(user.username):
        raise SignInRefused([Problem("password", NO_LOCK_YET)])
    _clear_failures(user)
    return user


def needs_new_password(user: AppUser) -> bool:
    """Whether ``user`` (an active account) can't open the encrypted data file
    open now: they have no lock on its key (made before the file was
    encrypted, or switched off and on again).  The owner resets their
    password (:func:`reset_password`), which gives them one.  Always False
    on a plain file."""
    return (bool(user.has_account) and bool(user.active)
            and encryption.open_file_is_encrypted()
            and not encryption.has_lock(user.username))


def people_needing_new_password() -> list[AppUser]:
    """The active accounts that can't open the encrypted file open now
    (:func:`needs_new_password`), by name: none on a plain file."""
    if not encryption.open_file_is_encrypted():
        return []
    return [person for person in people() if needs_new_password(person)]


def _forget_lock(lock: encryption.Lock) -> None:
    """Take a lock added for a write that then failed out of the key file.
    If even that fails, both locks stay: the person's hash then decides at
    sign-in (:func:`soberhouse.encrypting.unlock_and_sign_in`), so the
    password that was not saved still can't get in."""
    try:
        keys = encryption.KeyFile.read(database_proxy.obj.place)
        keys.locks = [kept for kept in keys.locks
                      if not (kept.salt == lock.salt and kept.nonce == lock.nonce)]
        keys.write()
    except (OSError, StorageProblem):
        pass  # the write's own failure is the one to tell


@contextmanager
def _password_lock(username: str) -> Iterator[Callable[[str], None]]:
    """Around a write that saves ``username``'s new password: gives the
    function that locks the data key with it, to call inside the write
    (under its write lock), so the lock is in the key file before the write
    commits.  Once the write has committed, only that lock opens the key
    for them (:func:`encryption.settle_locks`); when it fails, the new lock
    goes again.  Nothing on a plain file."""
    made: list[encryption.Lock] = []

    def lock_with(password: str) -> None:
        try:
            lock = encryption.lock_for(username, password)
        except OSError as error:
            raise _key_file_problem(error, "nothing was saved") from error
        if lock is not None:
            made.append(lock)

    try:
        yield lock_with
    except BaseException:
        for lock in made:
            _forget_lock(lock)
        raise
    for lock in made:
        try:
            encryption.settle_locks(username, lock)
        except OSError:
            pass  # the older lock stays beside the new: the hash decides at sign-in


def _key_file_problem(error: OSError, outcome: str) -> StorageProblem:
    place = encryption.key_file_path(database_proxy.obj.place)
    return StorageProblem(f"The key file {place} can't be written "
                          f"({error.strerror or error}): {outcome}. Check the disk and that "
                          f"you may write in its folder, then try again.")


def _clear_failures(user: AppUser) -> None:
    """The right password ends a run of wrong ones (at sign-in and at the
    lock screen alike), so the next mistake starts counting afresh."""
    from soberhouse import database
    from soberhouse.recording import internal_write

    if not user.failed_sign_ins or database.is_read_only():
        return
    with internal_write():
        AppUser.update(failed_sign_ins=0, last_failed_at=None).where(
            AppUser.id == user.id).execute()
    user.failed_sign_ins = 0
    user.last_failed_at = None
    user._dirty.clear()


def sign_in(username: str, password: str, *, password_proven: bool = False) -> AppUser:
    """Check the password (:func:`check_password`; ``password_proven``: it
    opened the person's only lock on the encrypted file's key) and make that
    person the one who records; audited "signed in" (not on a data file open
    read-only, where nothing can be written)."""
    user = check_password(username, password, password_proven=password_proven)
    return _signed_in(user, password)


def switch_to(user: AppUser, password: str | None = None) -> AppUser:
    """Another person signed in at the lock screen (their password checked by
    :func:`check_password`): they record from now on."""
    return _signed_in(user, password)


def _signed_in(user: AppUser, password: str | None) -> AppUser:
    """Clear the failures, renew an old hash and audit "signed in", unless
    the data file is open read-only: then only the session begins."""
    from soberhouse import database
    from soberhouse.recording import internal_write

    if database.is_read_only():
        return _begin(user)
    with internal_write():
        changes: dict[str, object] = {}
        if user.failed_sign_ins:
            changes.update(failed_sign_ins=0, last_failed_at=None)
        if password is not None and passwords.needs_new_hash(user.password_hash):
            changes["password_hash"] = passwords.hash_password(password)
        if changes:
            AppUser.update(**changes).where(AppUser.id == user.id).execute()
        audit.append([audit.PendingEvent(Action.SIGNED_IN.value,
                                         f"{user.shown_name} signed in")], user=user)
    fresh = AppUser.get_by_id(user.id)
    return _begin(fresh)


def act_as(username: str, *, role: Role = Role.OWNER, display_name: str = "") -> AppUser:
    """Record as ``username`` without a password: for the tests, the
    benchmarks and the screenshots' made-up data only (the window and the
    command line always check a password).  The account is made when missing."""
    from soberhouse.recording import internal_write

    user = find_account(username)
    if user is None or not user.has_account:
        with internal_write():
            if user is None:
                user = AppUser.create(username=username, display_name=display_name or username,
                                      role=role.value, all_houses=True)
            else:
                AppUser.update(role=role.value, all_houses=True).where(
                    AppUser.id == user.id).execute()
                user = AppUser.get_by_id(user.id)
    return _begin(user)


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonDetails:
    """What the People form edits."""

    display_name: str
    username: str
    role: Role
    house_ids: tuple[int, ...] = ()
    all_houses: bool = False
    mentor_id: int | None = None


def _check_names(display_name: str, username: str) -> list[Problem]:
    """The name and sign-in name as typed (nothing read from the data file)."""
    problems: list[Problem] = []
    name = display_name.strip()
    username = username.strip()
    if not name:
        problems.append(Problem("display_name", "Enter the person's name."))
    elif len(name) > 120:
        problems.append(Problem("display_name", "The name is longer than 120 characters."))
    if not username:
        problems.append(Problem("username", "Enter a sign-in name (for example dana)."))
    elif len(username) > 80 or any(c.isspace() for c in username):
        problems.append(Problem("username", "A sign-in name is one word of at most 80 "
                                            "characters, without spaces."))
    return problems


def check_new_owner(display_name: str, username: str, password: str) -> None:
    """The owner's details and password as :func:`create_owner` checks them,
    before any data file exists (:func:`soberhouse.encrypting.new_encrypted_file`
    checks them before it writes anything): :class:`RuleViolation`, each
    problem naming its field."""
    problems = _check_names(display_name, username)
    if problems:
        raise RuleViolation(problems)
    _check_password(password, (display_name, username))


def _check_details(details: PersonDetails, *, user_id: int | None = None) -> list[Problem]:
    problems = _check_names(details.display_name, details.username)
    username = details.username.strip()
    if not any(problem.field == "username" for problem in problems):
        other = find_account(username)
        if other is not None and other.id != user_id and (other.has_account or user_id is not None):
            problems.append(Problem("username", f"The sign-in name {username!r} is taken "
                                                f"by {other.shown_name}."))
    if details.role is Role.PEER_COACH and details.mentor_id is None:
        problems.append(Problem("mentor_id", "Choose which mentor this peer coach is: they "
                                             "see only their own mentees."))
    if details.role in (Role.HOUSE_MANAGER, Role.READ_ONLY) and not (
            details.all_houses or details.house_ids):
        problems.append(Problem("house_ids", "Choose the houses this person may see."))
    known = {h for (h,) in House.select(House.id).where(
        House.id.in_(list(details.house_ids))).tuples()} if details.house_ids else set()
    if set(details.house_ids) - known:
        problems.append(Problem("house_ids", "One of the houses chosen is not on record."))
    return problems


def _check_password(password: str, details_names: Iterable[str]) -> None:
    problem = passwords.problem_with(password, names=tuple(n for n in details_names if n))
    if problem:
        raise RuleViolation([Problem("password", problem)])


def _set_houses(user: AppUser, details: PersonDetails) -> None:
    """The houses the person may see: only those taken away are deleted (and
    told to the audit trail), only those added created."""
    from soberhouse.recording import current_scope

    wanted = (set() if details.all_houses or details.role is Role.OWNER
              else set(details.house_ids))
    held = dict(UserHouse.select(UserHouse.house, UserHouse.id)
                .where(UserHouse.user == user.id).tuples())
    gone = {house_id: row_id for house_id, row_id in held.items() if house_id not in wanted}
    if gone:
        UserHouse.delete().where(UserHouse.id.in_(sorted(gone.values()))).execute()
        scope = current_scope()
        if scope is not None:
            for house_id, row_id in sorted(gone.items()):
                scope.rows_deleted("user_house", [row_id], {"house": house_id})
    for house_id in sorted(wanted - set(held)):
        UserHouse.create(user=user.id, house=house_id)


def create_owner(display_name: str, username: str, password: str) -> AppUser:
    """The first account of a data file, the owner, signed in at once.  Only
    while no account exists; a name history already knows (an operating-system
    login that recorded before accounts) becomes that account."""
    from soberhouse.recording import one_write

    details = PersonDetails(display_name, username, Role.OWNER, all_houses=True)
    problems = _check_details(details, user_id=-1)
    problems = [p for p in problems if p.field != "username" or "taken" not in p.message]
    if problems:
        raise RuleViolation(problems)
    _check_password(password, (display_name, username))
    hashed = passwords.hash_password(password)
    from soberhouse.recording import internal_write

    with internal_write():
        if accounts_exist():
            raise NotAllowed("This data file has an owner already: sign in instead.")
        user = find_account(username)
        if user is None:
            user = AppUser.create(username=username.strip(), display_name=display_name.strip())
        AppUser.update(display_name=display_name.strip(), role=Role.OWNER.value,
                       password_hash=hashed, all_houses=True, active=True,
                       password_changed_at=clock.now()).where(AppUser.id == user.id).execute()
    owner = _begin(AppUser.get_by_id(user.id))
    with _password_lock(owner.username) as lock_with, one_write(
            f"created the owner's account {owner.username}", kinds={"people"}) as scope:
        scope.describe(f"{owner.shown_name} is the owner")
        audit.record(Action.SIGNED_IN, f"{owner.shown_name} signed in")
        lock_with(password)
    return owner


def require_owner(what: str) -> None:
    role = current_role()
    if role is not Role.OWNER:
        raise NotAllowed(f"Only the owner can {what}.")


def add_person(details: PersonDetails, password: str) -> AppUser:
    """A new account (owner only), with a first password to give them."""
    from soberhouse.recording import one_write

    require_owner("add people")
    problems = _check_details(details)
    if problems:
        raise RuleViolation(problems)
    _check_password(password, (details.display_name, details.username))
    hashed = passwords.hash_password(password)
    with _password_lock(details.username.strip()) as lock_with, one_write(
            f"added {details.display_name.strip()} ({details.role.label})", kinds={"people"}):
        problems = _check_details(details)  # again, under the write lock
        if problems:
            raise RuleViolation(problems)
        existing = find_account(details.username)
        if existing is not None:  # a name from history, without an account
            user = existing
            user.display_name = details.display_name.strip()
        else:
            user = AppUser(username=details.username.strip(),
                           display_name=details.display_name.strip())
        user.role = details.role.value
        user.password_hash = hashed
        user.all_houses = details.all_houses or details.role is Role.OWNER
        user.mentor_id = details.mentor_id
        user.active = True
        user.must_change_password = True
        user.password_changed_at = clock.now()
        user.save()
        _set_houses(user, details)
        lock_with(password)
    return user


def change_person(user_id: int, details: PersonDetails) -> AppUser:
    """Change someone's name, sign-in name, role or houses (owner only).
    The owner can't take away the last owner."""
    from soberhouse.recording import one_write

    require_owner("change people's accounts")
    problems = _check_details(details, user_id=user_id)
    if problems:
        raise RuleViolation(problems)
    with _locks_follow_the_name() as renamed, one_write(
            f"changed {details.display_name.strip()}'s account", kinds={"people"}):
        user = AppUser.get_or_none(AppUser.id == user_id)
        if user is None or not user.has_account:
            raise RuleViolation("That person has no account.")
        if user.role == Role.OWNER.value and details.role is not Role.OWNER:
            _keep_an_owner(user)
        old_username = user.username
        user.display_name = details.display_name.strip()
        user.username = details.username.strip()
        user.role = details.role.value
        user.all_houses = details.all_houses or details.role is Role.OWNER
        user.mentor_id = details.mentor_id if details.role is Role.PEER_COACH else None
        user.version = user.version + 1
        user.save()
        _set_houses(user, details)
        renamed(old_username, user.username)
    refresh_signed_in_user()
    return user


@contextmanager
def _locks_follow_the_name() -> Iterator[Callable[[str, str], None]]:
    """Around a write that may change a sign-in name: gives the function
    that moves the name's locks to the new name (on an encrypted file), to
    call inside the write; when the write then fails, they move back."""
    moved: list[tuple[str, str]] = []

    def renamed(old_username: str, new_username: str) -> None:
        if old_username.strip().casefold() != new_username.strip().casefold():
            try:
                encryption.rename_locks(old_username, new_username)
            except OSError as error:
                raise _key_file_problem(error, "nothing was saved") from error
            moved.append((old_username, new_username))

    try:
        yield renamed
    except BaseException:
        for old_username, new_username in reversed(moved):
            try:
                encryption.rename_locks(new_username, old_username)
            except (OSError, StorageProblem):
                pass  # the write's own failure is the one to tell
        raise


def _keep_an_owner(user: AppUser) -> None:
    others = AppUser.select().where((AppUser.role == Role.OWNER.value) & AppUser.active
                                    & (AppUser.id != user.id)).exists()
    if not others:
        raise RuleViolation([Problem("role", (
            f"{user.shown_name} is the only owner: make someone else owner first, so "
            f"that someone can still add people and read the audit trail."))])


def set_active(user_id: int, active: bool) -> AppUser:
    """Switch an account off (it can't sign in; history keeps naming it) or on
    again (owner only).  Nobody can switch off their own account.

    On an encrypted file, switching off removes the person's locks (their
    password no longer opens the file); switched on again they have none:
    :func:`needs_new_password` is then True, and the owner resets their
    password to give them one."""
    from soberhouse.recording import one_write

    require_owner("switch accounts off or on")
    user = AppUser.get_or_none(AppUser.id == user_id)
    if user is None or not user.has_account:
        raise RuleViolation("That person has no account.")
    if not active and user.id == current_user().id:
        raise RuleViolation("You can't switch off your own account while signed in with it.")
    word = "switched on" if active else "switched off"
    with one_write(f"{word} {user.shown_name}'s account", kinds={"people"}):
        user = AppUser.get_by_id(user_id)
        if not active and user.role == Role.OWNER.value:
            _keep_an_owner(user)
        user.active = active
        user.failed_sign_ins = 0
        user.save()
    if not active:
        try:
            encryption.remove_locks(user.username)  # their password no longer opens the file
        except OSError as error:
            raise _key_file_problem(error, (
                f"{user.shown_name}'s account is off, but their password still opens the "
                f"key file; switch the account on and off again")) from error
    return user


def reset_password(user_id: int, new_password: str) -> AppUser:
    """The owner sets a new password for someone who forgot theirs; they are
    asked to choose their own at their next sign-in."""
    from soberhouse.recording import one_write

    require_owner("reset other people's passwords")
    user = AppUser.get_or_none(AppUser.id == user_id)
    if user is None or not user.has_account:
        raise RuleViolation("That person has no account.")
    _check_password(new_password, (user.display_name, user.username))
    hashed = passwords.hash_password(new_password)
    with _password_lock(user.username) as lock_with, one_write(
            f"reset {user.shown_name}'s password", kinds={"people"}) as scope:
        scope.audit_as(Action.PASSWORD.value, person=user.username)
        user = AppUser.get_by_id(user_id)
        user.password_hash = hashed
        user.must_change_password = user.id != current_user().id
        user.failed_sign_ins = 0
        user.password_changed_at = clock.now()
        user.save()
        if user.active:  # a switched-off account gets its lock when switched on and reset
            lock_with(new_password)
    return user


def change_own_password(old_password: str, new_password: str) -> AppUser:
    """Everyone may change their own password (the old one is asked again)."""
    from soberhouse.recording import one_write

    user = current_user()
    if not passwords.matches(AppUser.get_by_id(user.id).password_hash, old_password):
        raise SignInRefused([Problem("old_password", "Your present password is not right.")])
    if new_password == old_password:
        raise RuleViolation([Problem("password", "The new password is the same as the old one.")])
    _check_password(new_password, (user.display_name, user.username))
    hashed = passwords.hash_password(new_password)
    with _password_lock(user.username) as lock_with, one_write(
            "changed their own password", kinds={"people"}) as scope:
        scope.audit_as(Action.PASSWORD.value, person=user.username)
        fresh = AppUser.get_by_id(user.id)
        fresh.password_hash = hashed
        fresh.must_change_password = False
        fresh.password_changed_at = clock.now()
        fresh.save()
        lock_with(new_password)
    return _begin(AppUser.get_by_id(user.id))


def set_password_with_recovery_key(user: AppUser, new_password: str) -> AppUser:
    """Give the owner ``user`` the password ``new_password`` after the data
    file was opened with its recovery key (only
    :func:`soberhouse.encrypting.recover` calls this: nobody is signed in
    then, and the recovery key stands for the owner's password).  The
    password rules apply (field ``password``); audited "password set with
    the recovery key", recorded by that owner."""
    from soberhouse.recording import one_write

    if user.role != Role.OWNER.value or not user.active:
        raise NotAllowed("The recovery key sets only an active owner's password.")
    _check_password(new_password, (user.display_name, user.username))
    hashed = passwords.hash_password(new_password)
    _begin(user)  # who records the change: the owner the key was used for
    with _password_lock(user.username) as lock_with, one_write(
            "password set with the recovery key", kinds={"people"}) as scope:
        scope.audit_as(Action.PASSWORD.value, person=user.username, recovery_key=True)
        fresh = AppUser.get_by_id(user.id)
        fresh.password_hash = hashed
        fresh.must_change_password = False
        fresh.failed_sign_ins = 0
        fresh.last_failed_at = None
        fresh.password_changed_at = clock.now()
        fresh.save()
        lock_with(new_password)
    return AppUser.get_by_id(user.id)


def people(include_history_names: bool = False) -> list[AppUser]:
    """Everyone with an account (and, asked, the names history knows), by name."""
    query = AppUser.select()
    if not include_history_names:
        query = query.where(AppUser.role != "")
    return sorted(query, key=lambda u: (not u.active, u.shown_name.casefold()))


def house_ids_of(user: AppUser) -> frozenset[int] | None:
    """The houses ``user`` may see: None for every house."""
    if user.role == Role.OWNER.value or user.all_houses:
        return None
    return frozenset(h for (h,) in UserHouse.select(UserHouse.house)
                     .where(UserHouse.user == user.id).tuples())


# ---------------------------------------------------------------- idle lock setting


def idle_lock_minutes() -> int:
    """Minutes without input before the window locks (0: never)."""
    row = Setting.get_or_none(Setting.key == IDLE_LOCK_KEY)
    try:
        return max(0, int(row.value)) if row is not None and row.value != "" else \
            DEFAULT_IDLE_LOCK_MINUTES
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(minutes: int) -> None:
    from soberhouse.recording import one_write

    require_owner("change when the window locks")
    if not 0 <= minutes <= 240:
        raise RuleViolation([Problem("idle_lock_minutes",
                                     "Choose between 0 (never) and 240 minutes.")])
    with one_write(f"set the window to lock after {minutes} minutes without use"
                   if minutes else "set the window never to lock by itself",
                   kinds={"settings"}):
        Setting.put(IDLE_LOCK_KEY, str(minutes))
