"""Shared fixtures: a real SQLite file per test, and a pinned "today"."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from soberhouse import accounts, clock, database, encryption, passwords  # noqa: E402
from soberhouse.houses import HouseDetails, create_house  # noqa: E402
from soberhouse.models import House  # noqa: E402
from soberhouse.residents import ResidentDetails  # noqa: E402

TODAY = dt.date(2026, 11, 15)

# Tests make hundreds of accounts: Argon2id with its smallest settings.
passwords.use_cheap_hashing_for_tests()
encryption.use_cheap_derivation_for_tests()


@pytest.fixture(autouse=True)
def default_date_style() -> Iterator[None]:
    """Every test starts and ends writing dates day-month-year (a window
    follows the saved choice or the computer's; a test may choose another)."""
    from soberhouse import date_style

    date_style.use_style(date_style.DEFAULT_STYLE)
    yield
    date_style.use_style(date_style.DEFAULT_STYLE)


@pytest.fixture
def today() -> Iterator[dt.date]:
    with clock.frozen(TODAY):
        yield TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "house.sqlite3"


@pytest.fixture
def db(db_path: Path, today: dt.date) -> Iterator[peewee.Database]:
    database_ = database.connect(db_path)
    accounts.act_as("test-manager")
    yield database_
    database.close()


@pytest.fixture
def house(db: peewee.Database) -> House:
    return create_house(HouseDetails(name="Maple House", beds=8, address="12 Maple St"))


@pytest.fixture
def other_house(db: peewee.Database) -> House:
    return create_house(HouseDetails(name="Cedar House", beds=2, week_start=6))


@pytest.fixture
def command_line_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ``soberhouse`` commands sign in as "test-manager" with a password
    file (tests/command_line_helpers.py): the accounts ``accounts.act_as``
    makes get its password.  The password file's path."""
    from tests.command_line_helpers import (
        PASSWORD_FILE_VARIABLE,
        TEST_USER,
        USER_VARIABLE,
        give_password,
        password_file,
    )

    path = password_file(tmp_path)
    monkeypatch.setenv(USER_VARIABLE, TEST_USER)
    monkeypatch.setenv(PASSWORD_FILE_VARIABLE, str(path))
    act_as = accounts.act_as

    def act_as_with_password(username: str, **options: object) -> object:
        user = act_as(username, **options)  # type: ignore[arg-type]
        if not user.password_hash:
            give_password(username)
        return accounts.signed_in_user()

    monkeypatch.setattr(accounts, "act_as", act_as_with_password)
    return path


def details_for(house: House, **changes: object) -> ResidentDetails:
    """A valid intake for ``house``; keywords change any field."""
    values: dict[str, object] = dict(
        first_name="Zoë",
        last_name="Nguyễn",
        date_of_birth=dt.date(1990, 4, 2),
        house_id=house.id,
        move_in_date=dt.date(2026, 10, 3),
        sobriety_date=dt.date(2026, 9, 20),
        phone="555-0101",
        emergency_contact_name="Bảo Nguyễn",
        emergency_contact_phone="555-0102",
        room="2",
        bed="A",
        substances="alcohol",
    )
    values.update(changes)
    return ResidentDetails(**values)  # type: ignore[arg-type]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI every test must run: a skipped test, or no test at all, fails the run."""
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped or session.testscollected == 0:
        if reporter:
            reporter.write_line(f"CI: {skipped} skipped test(s) / {session.testscollected} "
                                f"collected: every test must run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder of this test: Python's, SQLite's and Qt's."""
    folder = tmp_path / "temp"
    folder.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP", "SQLITE_TMPDIR"):
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
