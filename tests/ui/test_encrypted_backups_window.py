"""The window's backups of an encrypted data file: Back Up Now, the
30-minute backups and the one on quit are encrypted with the file's key
and carry its key file; the restore question reads the backup with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from soberhouse import accounts, backups, database, encryption
from soberhouse.database import SQLITE_MAGIC
from soberhouse.houses import HouseDetails, create_house
from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from tests.ui.test_backups_window import open_backups, questions  # noqa: F401 (a fixture)
from ui.automatic_backups import AutomaticBackups, back_up_on_quit
from ui.main_window import MainWindow

PASSWORD = "copper-meadow-violin-31"


@pytest.fixture
def db(db_path: Path, today: dt.date) -> Iterator[peewee.Database]:
    """The test's data file, encrypted the way the program makes one, its
    owner ("test-manager", as the window's tests sign in) signed in."""
    keys = encryption.create_key_file(db_path, "test-manager", PASSWORD)
    opened = database.connect(db_path, key=keys.data_key)
    accounts.create_owner("Test Manager", "test-manager", PASSWORD)
    yield opened
    database.close()


def encrypted_with_its_key_file(record: backups.BackupRecord) -> bool:
    with open(record.path, "rb") as file:
        plain = file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    return (not plain and record.encrypted
            and encryption.unlock(record.path, "test-manager", PASSWORD)
            == database.open_data_key())


def test_back_up_now_takes_an_encrypted_backup_with_its_key_file(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    window = open_window()
    assert database.open_data_key() is not None
    dialog = open_backups(window, qtbot)
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 1, timeout=10_000)
    (record,) = backups.list_backups()
    assert record.verified and encrypted_with_its_key_file(record)
    assert window.statusBar().currentMessage().startswith("Backup taken and checked")


def test_the_automatic_and_quit_backups_are_encrypted(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House,
        db_path: Path) -> None:
    window = open_window()
    timer = AutomaticBackups(window, interval_ms=20, every=dt.timedelta(0))
    qtbot.waitUntil(lambda: len(backups.list_backups()) == 1, timeout=10_000)
    timer.stop()
    (automatic,) = backups.list_backups()
    assert automatic.reason == "automatic" and encrypted_with_its_key_file(automatic)

    create_house(HouseDetails(name="Birch House", beds=3))
    on_quit = back_up_on_quit(str(db_path))
    assert on_quit is not None and encrypted_with_its_key_file(on_quit)


def test_the_restore_question_reads_the_encrypted_backup(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House,
        questions: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    admit_resident(details_for(house, first_name="Ada"))
    backups.take_backup("manual")
    admit_resident(details_for(house, first_name="Bea", room="3"))
    dialog = open_backups(open_window(), qtbot)
    from ui.settings_section import backups_panel

    monkeypatch.setattr(backups_panel, "ask_to_restore",
                        lambda parent, question: questions["restore"].append(question) or False)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert questions["problems"] == []
    (question,) = questions["restore"]
    assert question.startswith("The backup of ") and " holds 1 resident (1 living" in question
    assert "The file now holds 2 residents (2 living in a house)" in question
