"""Who is recording: every history row names an :class:`AppUser`.

Until named sign-in exists, the person at the keyboard is the operating-system
login that started the program.  :func:`sign_in` is the one place a later
password check (and the audit log) will hook in.
"""

from __future__ import annotations

import getpass

from soberhouse.models import AppUser, database_proxy

_username: str | None = None
_cached: tuple[object, AppUser] | None = None


def _login_name() -> str:
    try:
        return getpass.getuser() or "manager"
    except Exception:  # no login name on some service accounts
        return "manager"


def sign_in(username: str | None = None) -> AppUser:
    """Make ``username`` (default: the OS login) the one who records."""
    global _username, _cached
    _username = (username or _login_name()).strip() or "manager"
    _cached = None
    return current_user()


def current_username() -> str:
    """The name of the person recording (signed in, else the OS login), without
    reading the database: for the data file's holder claim."""
    return _username or _login_name()


def current_user() -> AppUser:
    global _cached
    database = database_proxy.obj
    if _cached is not None and _cached[0] is database:
        return _cached[1]
    username = _username or _login_name()
    user = AppUser.get_or_none(AppUser.username == username)
    if user is None:
        from soberhouse.recording import internal_write

        with internal_write():
            user, _ = AppUser.get_or_create(username=username,
                                            defaults={"display_name": username})
    _cached = (database, user)
    return user
