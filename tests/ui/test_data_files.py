"""File > Open Data File and Open Recent (ui.app.DataFileSession, the same way
as start-up: the new file claimed, the old one released), and the house
chosen in the toolbar remembered per data file (ui.data_files)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from soberhouse import accounts, database
from soberhouse.file_holder import holder_path
from soberhouse.houses import HouseDetails, create_house, list_houses
from soberhouse.models import AppUser, House
from ui import app, data_files
from ui.file_claim import FileClaim
from ui.main_window import MainWindow
from ui.sign_in import SignInDialog
from ui.unsaved_work import Leaving


@pytest.fixture(autouse=True)
def signing_in(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each file opened is signed in to (as at start-up: ui.sign_in), here as
    the tests' manager without a password; the files' places are listed."""
    asked: list[str] = []

    def ask(parent: object = None, place: str = "") -> tuple[AppUser, str]:
        asked.append(place)
        return accounts.act_as("test-manager"), ""

    monkeypatch.setattr(SignInDialog, "ask", ask)
    return asked


@pytest.fixture
def other_file(db: peewee.Database, db_path: Path, house: House, other_house: House,
               tmp_path: Path) -> Path:
    """A second data file with two houses of its own (numbered 1 and 2, like
    the first file's), the first file open again afterwards."""
    path = tmp_path / "elm.sqlite3"
    database.close()
    database.connect(path)
    accounts.act_as("test-manager")
    create_house(HouseDetails(name="Elm House", beds=6))
    create_house(HouseDetails(name="Oak House", beds=4))
    database.close()
    database.connect(db_path)
    accounts.act_as("test-manager")
    return path


@pytest.fixture
def session(other_file: Path, db_path: Path, qtbot: QtBot) -> Iterator[app.DataFileSession]:
    """The window on the first file, opened the way the program starts."""
    claim = FileClaim.at_start(str(db_path))
    assert claim is not None
    opened = app.DataFileSession(str(db_path), claim)
    window = opened.show_window()
    qtbot.addWidget(window)
    window.show()
    yield opened
    opened.claim.release()


def window_of(session: app.DataFileSession, qtbot: QtBot) -> MainWindow:
    window = session.window
    assert window is not None
    if window.isHidden():
        qtbot.addWidget(window)
        window.show()
    return window


def house_names() -> list[str]:
    return [house.name for house in list_houses()]


def test_opening_another_file_reopens_the_window_on_it(
        session: app.DataFileSession, other_file: Path, db_path: Path, qtbot: QtBot) -> None:
    first = window_of(session, qtbot)
    assert holder_path(db_path).exists()  # claimed at start

    assert session.open_other(str(other_file))

    second = window_of(session, qtbot)
    assert second is not first and first.isHidden()
    assert house_names() == ["Elm House", "Oak House"]
    assert str(other_file) in second.database_label.toolTip()
    assert not holder_path(db_path).exists()  # the old file released...
    assert holder_path(other_file).exists()  # ...the new one claimed
    assert session.target == str(other_file)
    assert data_files.recent_files() == [str(other_file.resolve()), str(db_path.resolve())]


def test_file_open_asks_for_the_file(session: app.DataFileSession, other_file: Path,
                                     qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_of(session, qtbot)
    actions = window.window_actions
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu.actions()[:2] == [actions.open_file, window.recent_menu.menuAction()]
    assert actions.open_file.shortcut().toString() == "Ctrl+O"
    monkeypatch.setattr(MainWindow, "choose_data_file", lambda self: "")
    actions.open_file.trigger()  # Cancel: nothing changes
    assert session.window is window and house_names() == ["Cedar House", "Maple House"]
    monkeypatch.setattr(MainWindow, "choose_data_file", lambda self: str(other_file))
    actions.open_file.trigger()
    assert session.window is not window
    assert house_names() == ["Elm House", "Oak House"]


def test_open_recent_lists_the_last_files_and_greys_out_missing_ones(
        session: app.DataFileSession, other_file: Path, db_path: Path, tmp_path: Path,
        qtbot: QtBot) -> None:
    gone = tmp_path / "moved-away.sqlite3"
    gone.write_bytes(b"")
    data_files.remember_recent(str(gone))
    gone.unlink()
    data_files.remember_recent(str(other_file))
    window = window_of(session, qtbot)
    window.recent_menu.aboutToShow.emit()
    entries = [action for action in window.recent_menu.actions() if not action.isSeparator()]
    texts = [action.text() for action in entries]
    assert texts[0].startswith("&1 ") and texts[0].endswith("elm.sqlite3")
    assert entries[0].isEnabled()
    assert texts[1].endswith("moved-away.sqlite3  (not found)") and not entries[1].isEnabled()
    assert texts[2].endswith("house.sqlite3  (open now)") and not entries[2].isEnabled()
    assert entries[-1] is window.window_actions.forget_recent

    entries[0].trigger()
    assert house_names() == ["Elm House", "Oak House"]
    for path in (tmp_path / f"file{number}.sqlite3" for number in range(6)):
        data_files.remember_recent(str(path))
    assert len(data_files.recent_files()) == data_files.MOST_RECENT == 5

    data_files.forget_recent()
    assert data_files.recent_files() == []


def test_a_file_that_cannot_be_opened_leaves_the_old_one_open(
        session: app.DataFileSession, db_path: Path, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "report_open_failure", lambda title, text: said.append((title, text)))
    not_ours = tmp_path / "notes.sqlite3"
    not_ours.write_text("shopping list\n", encoding="utf-8")
    first = window_of(session, qtbot)

    assert not session.open_other(str(not_ours))

    assert said and said[0][0] == "Can't open the data file"
    again = window_of(session, qtbot)
    assert again is not first  # a window on the old file again, as at start
    assert house_names() == ["Cedar House", "Maple House"]
    assert session.target == str(db_path) and holder_path(db_path).exists()
    assert not holder_path(not_ours).exists()


def test_another_file_is_signed_in_to_and_quit_there_goes_back_as_before(
        session: app.DataFileSession, other_file: Path, db_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, signing_in: list[str]) -> None:
    window_of(session, qtbot)
    assert session.open_other(str(other_file))
    assert len(signing_in) == 1 and "elm.sqlite3" in signing_in[0]  # its own accounts
    shown = window_of(session, qtbot)
    monkeypatch.setattr(SignInDialog, "ask", lambda parent=None, place="": None)  # Quit

    assert not session.open_other(str(db_path))

    again = window_of(session, qtbot)
    assert again is not shown and session.target == str(other_file)
    assert house_names() == ["Elm House", "Oak House"]
    assert accounts.current_user().username == "test-manager"  # as before, not asked again
    assert holder_path(other_file).exists() and not holder_path(db_path).exists()


def test_cancel_about_unsaved_work_keeps_the_file_open(
        session: app.DataFileSession, other_file: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_of(session, qtbot)
    asked: list[Leaving] = []

    def settle(reason: Leaving) -> bool:
        asked.append(reason)
        return False

    monkeypatch.setattr(window, "settle_unsaved_work", settle)
    assert not session.open_other(str(other_file))
    assert asked == [Leaving.OTHER_FILE]
    assert session.window is window and window.isVisible()
    assert house_names() == ["Cedar House", "Maple House"]


def test_the_file_open_already_is_not_opened_again(session: app.DataFileSession,
                                                   db_path: Path, qtbot: QtBot) -> None:
    window = window_of(session, qtbot)
    assert not session.open_other(str(db_path.parent / "." / db_path.name))
    assert session.window is window
    assert window.statusBar().currentMessage() == "That data file is open already"


def test_the_house_chosen_is_remembered_per_data_file(
        session: app.DataFileSession, other_file: Path, db_path: Path, house: House,
        qtbot: QtBot) -> None:
    window = window_of(session, qtbot)
    window.house_combo.setCurrentIndex(window.house_combo.findData(house.id))  # Maple House
    assert window.current_house_id() == house.id

    # The other file has a house with the same number: it is not chosen there.
    session.open_other(str(other_file))
    elm_window = window_of(session, qtbot)
    assert house.id in [elm_window.house_combo.itemData(i)
                        for i in range(elm_window.house_combo.count())]
    assert elm_window.house_combo.currentText() == "All houses"
    oak = next(h for h in list_houses() if h.name == "Oak House")
    elm_window.house_combo.setCurrentIndex(elm_window.house_combo.findData(oak.id))

    session.open_other(str(db_path))
    assert window_of(session, qtbot).house_combo.currentText() == "Maple House"
    session.open_other(str(other_file))
    assert window_of(session, qtbot).house_combo.currentText() == "Oak House"


def test_a_remembered_house_that_is_gone_falls_back_to_the_first(
        open_window: Callable[[], MainWindow], house: House, other_house: House,
        db_path: Path) -> None:
    data_files.remember_house(data_files.file_key(str(db_path)), 999)
    window = open_window()
    assert window.house_combo.currentIndex() == 1
    assert window.current_house_id() == other_house.id  # Cedar House, first by name


def test_file_keys_follow_the_file_not_the_spelling(tmp_path: Path) -> None:
    path = tmp_path / "house.sqlite3"
    assert data_files.file_key(str(tmp_path / "." / "house.sqlite3")) == str(path.resolve())
    assert data_files.file_key("postgresql://maria:secret@server/houses") == (
        "postgresql://server/houses")
    data_files.remember_recent("postgresql://maria:secret@server/houses")
    assert data_files.recent_files() == []  # a server is not a file to reopen
    assert QApplication.instance() is not None
