"""Opening a PostgreSQL database is as careful as opening a file: another
program's tables are refused as they are, a wrong password or a missing
database is said in words (without the password), and exits with 3."""

from __future__ import annotations

import pytest

from soberhouse import database
from soberhouse.cli import main
from soberhouse.database import CannotOpen
from soberhouse.errors import NotOurFile

from .test_postgresql import empty_the_server_database, server_url

pytestmark = pytest.mark.usefixtures("command_line_user")  # commands sign in


def test_another_programs_tables_are_refused_and_left_as_they_are() -> None:
    import psycopg2

    url = server_url()
    empty_the_server_database(url)
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE invoice (number integer)")
            cursor.execute("INSERT INTO invoice VALUES (7)")
        with pytest.raises(NotOurFile, match="holds another program's tables"):
            database.connect(url)
        database.close()
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert cursor.fetchall() == [("invoice",)]
            cursor.execute("SELECT number FROM invoice")
            assert cursor.fetchall() == [(7,)]
    finally:
        connection.close()
        empty_the_server_database(url)


def test_a_wrong_password_and_a_missing_database_are_said_in_words(
        capsys: pytest.CaptureFixture[str]) -> None:
    url = server_url()
    scheme, _, rest = url.partition("://")
    credentials, _, place = rest.rpartition("@")
    user = credentials.partition(":")[0]
    wrong_password = f"{scheme}://{user}:not-the-password@{place}"
    with pytest.raises(CannotOpen, match="refused the name or password") as refused:
        database.connect(wrong_password)
    assert "not-the-password" not in str(refused.value)

    host, _, _ = place.rpartition("/")
    missing = f"{scheme}://{credentials}@{host}/no_such_soberhouse_database"
    assert main(["--database", missing, "info"]) == 3
    err = capsys.readouterr().err
    assert "has no such database" in err
    assert f"{credentials}@" not in err
    assert f"{scheme}://{host}/no_such_soberhouse_database" in err
