"""Signing the command line in, for the tests that run ``soberhouse`` commands.

Every command that reads or writes records signs in
(:func:`soberhouse.command_line.opening.sign_in`).  The tests make their
data files with :func:`soberhouse.accounts.act_as` ("test-manager", the
owner); the ``command_line_user`` fixture (tests/conftest.py) gives those
accounts :data:`TEST_PASSWORD` and points ``SOBERHOUSE_USER`` and
``SOBERHOUSE_PASSWORD_FILE`` at a password file only its owner can read,
as a scheduled job would.
"""

from __future__ import annotations

from pathlib import Path

from soberhouse import accounts, passwords
from soberhouse.models import AppUser
from soberhouse.password_file import PASSWORD_FILE_VARIABLE, USER_VARIABLE

TEST_USER = "test-manager"
TEST_PASSWORD = "quiet-harbour-lantern-58"

__all__ = ["PASSWORD_FILE_VARIABLE", "TEST_PASSWORD", "TEST_USER", "USER_VARIABLE",
           "give_password", "password_file"]


def password_file(folder: Path, password: str = TEST_PASSWORD, name: str = "password",
                  mode: int = 0o600) -> Path:
    """A file holding ``password``, readable by its owner only (by default)."""
    path = folder / name
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def give_password(username: str = TEST_USER, password: str = TEST_PASSWORD) -> None:
    """Give the account ``username`` of the open data file ``password`` (an
    account :func:`accounts.act_as` made has none)."""
    from soberhouse.recording import internal_write

    with internal_write():
        AppUser.update(password_hash=passwords.hash_password(password)).where(
            AppUser.username == username).execute()
    accounts.refresh_signed_in_user()
