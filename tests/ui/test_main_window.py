"""The main window: first run, navigation, shortcuts, the house selector."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from benchmarks import signed_in_start
from soberhouse import database, migrations
from soberhouse.houses import list_houses, tiers_of
from soberhouse.models import House
from soberhouse.residents import admit_resident
from tests.conftest import details_for
from ui import app, data_files, error_reporting, launch
from ui.main_window import MainWindow
from ui.meetings.section import MeetingsSection
from ui.mentoring.section import MentoringSection
from ui.reports.section import ReportsSection
from ui.residents.section import ResidentsSection
from ui.settings_section.house_dialog import HouseDialog
from ui.settings_section.section import SettingsSection
from ui.today.section import TodaySection
from ui.twelve_step.section import TwelveStepSection

OpenWindow = Callable[[], MainWindow]


def save_house_through_dialog(name: str, beds: int) -> Callable[..., House | None]:
    """A replacement for HouseDialog.ask that fills the real dialog and clicks Save."""

    def ask(parent: QWidget | None, house: House | None = None) -> House | None:
        dialog = HouseDialog(house, parent)
        dialog.name_edit.setText(name)
        dialog.beds_spin.setValue(beds)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.saved_house

    return ask


def test_an_empty_data_file_opens_on_the_welcome_page(open_window: OpenWindow) -> None:
    window = open_window()
    assert window.welcome is not None
    assert window.pages.currentWidget() is window.welcome
    assert not window.window_actions.new_item.isEnabled()
    assert not any(action.isEnabled() for action in window.window_actions.go_to)


def test_set_up_my_house_creates_it_and_shows_residents(
        open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    monkeypatch.setattr(HouseDialog, "ask", save_house_through_dialog("Oak House", 6))
    assert window.welcome is not None
    window.welcome.set_up_button.click()

    [house] = list_houses()
    assert (house.name, house.beds) == ("Oak House", 6)
    assert [tier.name for tier in tiers_of(house.id)] == ["Newcomer", "Established", "Senior"]
    assert window.pages.currentWidget() is window.workspace
    assert window.current_section_key() == "residents"
    assert isinstance(window.section_stack.currentWidget(), ResidentsSection)
    assert window.statusBar().currentMessage() == "House added: Oak House"


def test_cancelling_set_up_stays_on_the_welcome_page(
        open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    monkeypatch.setattr(HouseDialog, "ask", lambda parent, house=None: None)
    assert window.welcome is not None
    window.welcome.set_up_button.click()
    assert window.pages.currentWidget() is window.welcome
    assert list_houses() == []


def test_explore_with_a_demo_house_fills_the_file_and_shows_residents(
        open_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.welcome is not None
    window.welcome.demo_button.click()
    assert not window.welcome.demo_button.isEnabled()  # written in the background
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.workspace, timeout=20000)

    assert list_houses()
    assert window.pages.currentWidget() is window.workspace
    assert window.current_section_key() == "residents"
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    assert residents.model.rowCount() > 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Demo data added: ") and "residents" in message


def test_a_file_with_a_house_opens_on_today(open_window: OpenWindow, house: House) -> None:
    window = open_window()
    assert window.welcome is None
    assert window.current_section_key() == "today"
    assert window.navigation.currentItem().text() == "Today"


@pytest.mark.parametrize(("number", "key", "kind"), [
    (1, "today", TodaySection),
    (2, "residents", ResidentsSection),
    (3, "mentoring", MentoringSection),
    (4, "meetings", MeetingsSection),
    (5, "steps", TwelveStepSection),
    (6, "reports", ReportsSection),
    (7, "settings", SettingsSection),
])
def test_ctrl_and_a_number_jumps_to_a_section(
        open_window: OpenWindow, house: House, qtbot: QtBot,
        number: int, key: str, kind: type[QWidget]) -> None:
    window = open_window()
    other = 2 if number != 2 else 7
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{other}"), Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_section_key() == key
    assert isinstance(window.section_stack.currentWidget(), kind)
    assert window.navigation.currentRow() == number - 1


def test_sections_are_built_on_first_visit(open_window: OpenWindow, house: House) -> None:
    window = open_window()
    assert window.section_stack.count() == 1
    window.navigation.setCurrentRow(3)
    assert window.current_section_key() == "meetings"
    assert window.section_stack.count() == 2
    page = window.section_stack.currentWidget()
    assert isinstance(page, MeetingsSection)
    assert window.window_actions.new_item.isEnabled()
    assert window.window_actions.new_item.text() == "New &Extra Meeting..."


def test_new_and_find_follow_the_current_section(
        open_window: OpenWindow, house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    added: list[str] = []
    monkeypatch.setattr(ResidentsSection, "add_resident", lambda self: added.append("resident"))
    monkeypatch.setattr(SettingsSection, "add_house", lambda self: added.append("house"))

    window.show_section("residents")
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    residents.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.window_actions.new_item.text() == "&New Resident..."
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert residents.search.hasFocus()

    window.show_section("settings")
    assert window.window_actions.new_item.text() == "&New House..."
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert added == ["resident", "house"]


def test_house_selector_shows_only_with_two_houses_and_is_remembered(
        open_window: OpenWindow, house: House, other_house: House,
        db_path: Path) -> None:
    window = open_window()
    assert window.house_combo.isVisible()
    assert [window.house_combo.itemText(i) for i in range(window.house_combo.count())] == [
        "All houses", "Cedar House", "Maple House"]
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)

    window.house_combo.setCurrentIndex(window.house_combo.findData(house.id))
    assert window.current_house_id() == house.id
    assert residents.house_filter.currentData() == house.id
    assert data_files.remembered_house(data_files.file_key(str(db_path))) == house.id
    window.close()

    reopened = open_window()
    assert reopened.current_house_id() == house.id
    reopened_residents = reopened.section("residents")
    assert isinstance(reopened_residents, ResidentsSection)
    assert reopened_residents.house_filter.currentData() == house.id


def test_house_selector_is_hidden_with_one_house(open_window: OpenWindow, house: House) -> None:
    window = open_window()
    assert not window.house_combo.isVisible()
    assert window.current_house_id() is None


def test_adding_a_second_house_in_settings_shows_the_selector(
        open_window: OpenWindow, house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    monkeypatch.setattr(HouseDialog, "ask", save_house_through_dialog("Birch House", 4))
    window.show_section("settings")
    window.window_actions.new_item.trigger()
    qtbot.waitUntil(window.house_combo.isVisible)
    assert window.house_combo.findText("Birch House") > 0
    assert window.statusBar().currentMessage() == "House added: Birch House"


def test_residents_status_messages_reach_the_status_bar(
        open_window: OpenWindow, house: House) -> None:
    window = open_window()
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    residents.status_message.emit("Resident saved")
    assert window.statusBar().currentMessage() == "Resident saved"


def test_resident_shortcut_does_not_clash_with_the_window(
        open_window: OpenWindow, house: House) -> None:
    window = open_window()
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    shortcuts = [action.shortcut().toString() for action in residents.menu_actions()
                 if not action.shortcut().isEmpty()]
    assert window.window_actions.new_item.shortcut().toString() not in shortcuts


def test_status_bar_names_the_data_file(open_window: OpenWindow, db_path: Path) -> None:
    window = open_window()
    assert str(db_path) in window.database_label.toolTip()


def test_geometry_is_saved_and_restored(open_window: OpenWindow, house: House) -> None:
    window = open_window()
    window.resize(700, 500)
    window.close()
    reopened = open_window()
    assert (reopened.width(), reopened.height()) == (700, 500)


def test_print_follows_the_section_that_can_print(
        open_window: OpenWindow, house: House, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    print_action = window.window_actions.print
    assert print_action.isEnabled()  # Today prints its list
    window.show_section("settings")
    assert not print_action.isEnabled()  # Settings has nothing to print
    printed: list[str] = []
    monkeypatch.setattr(ReportsSection, "print_current", lambda self: printed.append("report"))
    window.show_section("reports")
    assert print_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == ["report"]


def test_refresh_reads_residents_again(open_window: OpenWindow, house: House,
                                       qtbot: QtBot) -> None:
    window = open_window()
    window.show_section("residents")
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    before = residents.model.rowCount()
    admit_resident(details_for(house))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert residents.model.rowCount() == before + 1


def test_a_newer_data_file_is_explained_not_traced(
        qapp: object, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    connection = database.connect(db_path)
    from soberhouse.recording import allowing_writes

    with allowing_writes():
        connection.execute_sql("UPDATE schema_version SET version = 999")
    database.close()
    reported: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "report_open_failure",
                        lambda title, message: reported.append((title, message)))

    assert app.run_window(str(db_path), ["soberhouse"]) == 2
    [(title, message)] = reported
    assert title == "Newer data file"
    assert "newer version of Soberhouse" in message
    assert migrations.latest_version() < 999


def test_an_unreadable_file_is_explained_not_traced(
        qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"these are not the records you are looking for" * 100)
    reported: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "report_open_failure",
                        lambda title, message: reported.append((title, message)))

    assert app.run_window(str(not_a_database), ["soberhouse"]) == 2
    [(title, message)] = reported
    assert title == "Can't open the data file"
    assert str(not_a_database) in message


def test_the_program_prints_first_paint_and_exits(tmp_path: Path) -> None:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       SOBERHOUSE_EXIT_AFTER_PAINT="1",
                       XDG_CONFIG_HOME=str(tmp_path / "config"),
                       **signed_in_start.environment(tmp_path / "start.sqlite3", tmp_path))
    finished = subprocess.run(
        [sys.executable, "-m", "ui.launch", "--database", str(tmp_path / "start.sqlite3")],
        env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "first-paint"


START_UP_WITH_COLLECTOR_CHECKS = """
import gc, sys
from ui import app, launch
building = app.create_main_window
paused_while_building = []
def create_main_window(target):
    paused_while_building.append(not gc.isenabled())
    return building(target)
app.create_main_window = create_main_window
status = launch.main(["--database", sys.argv[1]])
print(paused_while_building, gc.isenabled(), gc.get_freeze_count() > 0)
sys.exit(status)
"""


def test_start_up_pauses_the_cycle_collector_until_the_window_has_painted(
        tmp_path: Path) -> None:
    # Its own process: the program's event loop, once quit, is not the tests' to reuse.
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       SOBERHOUSE_EXIT_AFTER_PAINT="1",
                       XDG_CONFIG_HOME=str(tmp_path / "config"),
                       **signed_in_start.environment(tmp_path / "start.sqlite3", tmp_path))
    finished = subprocess.run(
        [sys.executable, "-c", START_UP_WITH_COLLECTOR_CHECKS, str(tmp_path / "start.sqlite3")],
        env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    # Paused while the window was built; collecting again after the first
    # paint, with start-up's objects frozen out of later sweeps.
    assert finished.stdout.split("\n")[:2] == ["first-paint", "[True] True True"]


def test_a_file_that_cannot_open_leaves_the_cycle_collector_running(
        qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"not a data file" * 100)
    monkeypatch.setattr(app, "report_open_failure", lambda title, message: None)
    try:
        assert launch.main(["--database", str(not_a_database)]) == 2
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_resident_toolbar_shows_only_with_residents(
        open_window: OpenWindow, house: House, qtbot: QtBot) -> None:
    window = open_window()
    window.show_section("residents")
    [toolbar] = [bar for bar in window.findChildren(QToolBar)
                 if bar.objectName() == "residentsToolBar"]
    assert toolbar.isVisible()
    window.show_section("settings")
    assert not toolbar.isVisible()
    window.show_section("residents")
    qtbot.waitUntil(toolbar.isVisible)


def test_only_the_current_sections_menu_and_toolbar_show(
        open_window: OpenWindow, house: House, qtbot: QtBot) -> None:
    window = open_window()
    window.show_section("meetings")
    window.section("residents")  # built (to print a report, say) but not shown

    def shown_menus() -> list[str]:
        return [action.text().replace("&", "") for action in window.menuBar().actions()
                if action.isVisible()]

    def shown_toolbars() -> list[str]:
        return sorted(bar.objectName() for bar in window.findChildren(QToolBar)
                      if bar.isVisible())

    assert shown_menus() == ["File", "Edit", "View", "Meetings", "Help"]
    assert shown_toolbars() == ["mainToolBar", "meetingsToolBar"]
    window.show_section("residents")
    qtbot.waitUntil(lambda: "residentsToolBar" in shown_toolbars())
    assert shown_menus() == ["File", "Edit", "View", "Resident", "Help"]
    assert shown_toolbars() == ["mainToolBar", "residentsToolBar"]


def test_a_resident_change_refreshes_the_settings_counts(
        open_window: OpenWindow, house: House) -> None:
    window = open_window()
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    assert settings.model.index(0, 3).data() == 0
    residents = window.section("residents")
    assert isinstance(residents, ResidentsSection)
    admit_resident(details_for(house))
    residents.residents_changed.emit()
    assert settings.model.index(0, 3).data() == 1


START_WITH_A_FAILING_ACTION = """
import sys
from PySide6.QtCore import QTimer
from ui import app, error_reporting, launch
shown = []
error_reporting.ProblemMessage.ask = classmethod(
    lambda cls, parent, title, text, details="": shown.append((title, text)))
building = app.create_main_window
def create_main_window(target):
    window = building(target)
    def failing_action():
        raise RuntimeError("a slot that fails")
    QTimer.singleShot(0, failing_action)
    return window
app.create_main_window = create_main_window
status = launch.main(["--database", sys.argv[1]])
print(shown)
sys.exit(status)
"""


def test_an_action_that_fails_in_the_running_program_is_shown_to_the_manager(
        tmp_path: Path) -> None:
    # Without the last-resort hook, Qt only prints the traceback on a terminal nobody reads.
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       SOBERHOUSE_EXIT_AFTER_PAINT="1",
                       XDG_CONFIG_HOME=str(tmp_path / "config"),
                       **signed_in_start.environment(tmp_path / "start.sqlite3", tmp_path))
    finished = subprocess.run(
        [sys.executable, "-c", START_WITH_A_FAILING_ACTION, str(tmp_path / "start.sqlite3")],
        env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines()[-1] == repr(
        [(error_reporting.UNEXPECTED_TITLE, error_reporting.UNEXPECTED_TEXT)])
    assert "a slot that fails" in finished.stderr  # the details, for whoever supports the office
