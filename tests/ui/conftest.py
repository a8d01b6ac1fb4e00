"""UI test fixtures: per-test window preferences, and the main window on a test file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.reports_fixtures import october, section  # noqa: F401 - shared fixtures
from ui.app import create_main_window
from ui.main_window import MainWindow
from ui.unsaved_work import Leaving, UnsavedQuestion

UI_TESTS = Path(__file__).resolve().parent

# The offscreen platform cannot pass a window's minimum size on: it warns for
# every top-level window with a layout.  Only that warning is let through.
OFFSCREEN_LIMITATION = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UI_TESTS):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITATION))


@pytest.fixture(autouse=True)
def isolated_preferences(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """Window preferences (QSettings) in an INI file of this test's own folder."""
    folder = tmp_path / "preferences"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("SoberhouseTests")
    QCoreApplication.setApplicationName("Soberhouse")
    yield folder


@pytest.fixture(autouse=True)
def computer_locale_restored() -> Iterator[None]:
    """A test that starts the program (configure_application) or sets a
    language of its own leaves the next test the locale it found: the window
    writes dates as the computer does unless Settings says otherwise."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def unsaved_questions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], Leaving]]:
    """"Save before quitting?" is answered Discard unless a test answers it
    (a question left on screen when a test's window closes would wait for
    ever); the questions asked are listed here."""
    asked: list[tuple[list[str], Leaving]] = []

    def discard(parent: object, descriptions: list[str], leaving: Leaving
                ) -> QMessageBox.StandardButton:
        asked.append((list(descriptions), leaving))
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(UnsavedQuestion, "ask", discard)
    return asked


@pytest.fixture(autouse=True)
def who_for_questions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """"Who is this for?" before a resident's report is printed or saved is
    answered "the house's own file" unless a test answers it; the residents
    asked about are listed here."""
    from ui.disclosure_question import DisclosureQuestion, OwnFile

    asked: list[int] = []

    def own_file(parent: object, resident_id: int, scopes: object, what: str) -> OwnFile:
        asked.append(resident_id)
        return OwnFile()

    monkeypatch.setattr(DisclosureQuestion, "ask", staticmethod(own_file))
    return asked


@pytest.fixture
def open_window(qtbot: QtBot, db: peewee.Database, db_path: Path) -> Callable[[], MainWindow]:
    """A function that opens the main window on the test's data file, as at start."""

    def open_() -> MainWindow:
        window = create_main_window(str(db_path))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # window shortcuts need the active window
            window.show()
            window.activateWindow()
        return window

    return open_
