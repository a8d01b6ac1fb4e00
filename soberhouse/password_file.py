"""Signing in without typing: a password file for scheduled jobs.

A command run by a scheduler (a nightly report, a backup) can't answer a
password prompt.  ``SOBERHOUSE_PASSWORD_FILE`` names a file holding the
password (its first line); the file must be readable by its owner only
(``chmod 600``), else it is refused: a password others can read is no
password.  On Windows, where the POSIX mode bits mean little, the file
must sit in the user's own profile folder.

``SOBERHOUSE_USER`` gives the sign-in name when ``--user`` is not given.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PASSWORD_FILE_VARIABLE = "SOBERHOUSE_PASSWORD_FILE"
USER_VARIABLE = "SOBERHOUSE_USER"


class PasswordFileRefused(Exception):
    """The password file can't be used (missing, empty, readable by others)."""


def named_password_file() -> Path | None:
    value = os.environ.get(PASSWORD_FILE_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def named_user() -> str | None:
    value = os.environ.get(USER_VARIABLE, "").strip()
    return value or None


def read_password_file(path: Path) -> str:
    """The password in ``path`` (its first line, without the line end)."""
    try:
        info = path.stat()
    except OSError as error:
        raise PasswordFileRefused(
            f"The password file {path} ({PASSWORD_FILE_VARIABLE}) can't be read: "
            f"{error.strerror or error}.") from error
    if not stat.S_ISREG(info.st_mode):
        raise PasswordFileRefused(f"The password file {path} is not a file.")
    if sys.platform == "win32":
        home = Path.home().resolve()
        if not path.resolve().is_relative_to(home):
            raise PasswordFileRefused(
                f"The password file {path} must be in your own folder ({home}), where "
                f"other people at this computer can't read it.")
    elif info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PasswordFileRefused(
            f"The password file {path} can be read by other people at this computer, so "
            f"Soberhouse won't use it. Make it yours alone: chmod 600 {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PasswordFileRefused(f"The password file {path} can't be read: {error}.") from error
    password = text.splitlines()[0] if text else ""
    if not password:
        raise PasswordFileRefused(f"The password file {path} is empty.")
    return password
