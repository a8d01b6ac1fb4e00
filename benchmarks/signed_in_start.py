"""Starting the whole program with nobody at the keyboard: an account with a
password, and the password file the window signs in with (``ui.sign_in``:
``SOBERHOUSE_USER`` and ``SOBERHOUSE_PASSWORD_FILE``).

For the start-up benchmarks and the tests that start the program in a
process of its own, where a sign-in dialog would wait for ever::

    env.update(signed_in_start.environment(data_file, work_folder))

The sign-in checks the password as it does for a person (Argon2id), so the
start-up measured includes that check.
"""

from __future__ import annotations

import os
from pathlib import Path

from soberhouse import accounts, database

USERNAME = "benchmark"
PASSWORD = "benchmark window start"  # a made-up passphrase for made-up data


def give_password(username: str = USERNAME, password: str = PASSWORD) -> None:
    """On the open data file: ``username`` becomes the owner when nobody has
    an account yet; else the account (made as an owner when missing, as the
    benchmarks' ``act_as`` makes it) is given ``password``."""
    if not accounts.accounts_exist():
        accounts.create_owner(username.capitalize(), username, password)
        return
    user = accounts.act_as(username)
    accounts.reset_password(user.id, password)  # one's own: no change asked at sign-in


def write_password_file(folder: Path, password: str = PASSWORD) -> Path:
    """The password in a file only its owner can read (else it is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "soberhouse-password"
    path.write_text(password + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def environment(data_file: Path, folder: Path, username: str = USERNAME,
                password: str = PASSWORD) -> dict[str, str]:
    """Give ``username`` its password in ``data_file`` (opened and closed
    here: it must not be open in this process) and write the password file
    in ``folder``; the variables a started program signs in with."""
    database.connect(data_file)
    try:
        give_password(username, password)
    finally:
        accounts.end_session()
        database.close()
    return {"SOBERHOUSE_USER": username,
            "SOBERHOUSE_PASSWORD_FILE": str(write_password_file(folder, password))}
