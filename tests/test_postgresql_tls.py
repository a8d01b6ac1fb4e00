"""The connection to a PostgreSQL server is encrypted (TLS) when the address
asks for it with ``sslmode``: the server's own view of the connection says so.

scripts/postgresql.sh switches TLS on for the local test server (a
certificate of its own), as an office's server should have it."""

from __future__ import annotations

import peewee
import pytest

from soberhouse import database
from soberhouse.errors import StorageProblem

from .test_postgresql import empty_the_server_database, server_url


def with_sslmode(url: str, mode: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}sslmode={mode}"


def connection_is_encrypted(db: peewee.Database) -> bool:
    return bool(db.execute_sql(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0])


def test_sslmode_require_gives_an_encrypted_connection_that_the_program_uses() -> None:
    url = server_url()
    empty_the_server_database(url)
    opened = database.connect(with_sslmode(url, "require"))
    try:
        assert connection_is_encrypted(opened)
        assert opened.execute_sql("SELECT count(*) FROM schema_version").fetchone()[0] == 1
        assert "sslmode=require" in database.describe(with_sslmode(url, "require"))
        assert "soberhouse_test:" not in database.describe(with_sslmode(url, "require"))
    finally:
        database.close()


def test_sslmode_disable_is_a_plain_connection() -> None:
    opened = database.connect(with_sslmode(server_url(), "disable"), migrate=False)
    try:
        assert not connection_is_encrypted(opened)
    finally:
        database.close()


def test_a_server_without_tls_is_explained_in_words() -> None:
    error = peewee.OperationalError('connection to server at "db.office" failed: server does '
                                    'not support SSL, but SSL was required')
    problem = database._server_problem(error, "postgresql://db.office/houses")
    assert isinstance(problem, StorageProblem)
    assert "encrypted connection (TLS)" in problem.message
    assert "ssl = on" in problem.message


def test_a_key_is_refused_for_a_server() -> None:
    with pytest.raises(StorageProblem, match="own encryption"):
        database.connect(server_url(), key=b"k" * 32)
