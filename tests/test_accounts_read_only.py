"""Signing in to a data file open read-only: the password is checked all the
same, but nothing can be written (no failure counted, no audit row)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from soberhouse import accounts, database
from soberhouse.errors import SignInRefused
from soberhouse.models import AppUser
from soberhouse.models.audit import AuditEvent

OWNER_PASSWORD = "maple kettle river"


def test_a_read_only_file_checks_the_password_and_writes_nothing(
        db_path: Path, today: dt.date) -> None:
    database.connect(db_path)
    accounts.end_session()
    accounts.create_owner("Olive Owner", "olive", OWNER_PASSWORD)
    accounts.sign_out()
    events = AuditEvent.select().count()
    database.close()

    database.connect(db_path, read_only=True)
    try:
        assert database.is_read_only()
        for _ in range(accounts.FREE_TRIES + 1):  # no wait: no failure can be counted
            with pytest.raises(SignInRefused, match="don't match"):
                accounts.sign_in("olive", "not the password at all")
        with pytest.raises(SignInRefused, match="don't match"):
            accounts.sign_in("nobody", OWNER_PASSWORD)
        assert accounts.signed_in_user() is None
        assert accounts.sign_in("olive", OWNER_PASSWORD).username == "olive"
        assert accounts.current_user().username == "olive"
        accounts.sign_out()
        assert AuditEvent.select().count() == events
        assert AppUser.get(AppUser.username == "olive").failed_sign_ins == 0
    finally:
        accounts.end_session()
        database.close()
