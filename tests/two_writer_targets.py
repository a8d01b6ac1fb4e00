"""The two-writer races' database fixture, for the test modules that race
(``pytest_plugins = ["tests.two_writer_targets"]``): each test runs once on a
SQLite file and once on the PostgreSQL server of the test run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from soberhouse import accounts, database

from .test_postgresql import empty_the_server_database, server_url


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path, today: dt.date) -> Iterator[str]:
    """The database both writers open: a SQLite file's path or the server's URL."""
    if request.param == "sqlite":
        url = str(tmp_path / "shared.sqlite3")
    else:
        url = server_url()
        empty_the_server_database(url)
    database.connect(url)
    accounts.act_as("test-manager")
    yield url
    database.close()
