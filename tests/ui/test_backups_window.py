"""Settings > Backups in the window (ui.settings_section.backups_panel), the
window's automatic backups (ui.automatic_backups), Restore and Open
Read-Only through the data-file session (ui.app), and Today's backup item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from soberhouse import accounts, backups
from soberhouse.houses import HouseDetails, create_house, list_houses
from soberhouse.models import AppUser, House, Role
from ui import app
from ui.automatic_backups import AutomaticBackups, back_up_on_quit
from ui.file_claim import FileClaim
from ui.main_window import MainWindow
from ui.settings_section import backups_panel
from ui.settings_section.backups_panel import BackupsDialog
from ui.sign_in import SignInDialog


@pytest.fixture(autouse=True)
def questions(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every question and warning the backups screen could ask, answered:
    Restore? Yes; warnings listed; each sign-in as the tests' manager."""
    asked: dict[str, list[str]] = {"restore": [], "problems": [], "sign_in": []}

    def restore(parent: object, question: str) -> bool:
        asked["restore"].append(question)
        return True

    def sign_in(parent: object = None, place: str = "") -> tuple[AppUser, str]:
        asked["sign_in"].append(place)
        return accounts.act_as("test-manager"), ""

    monkeypatch.setattr(backups_panel, "ask_to_restore", restore)
    monkeypatch.setattr(backups_panel, "say_problem",
                        lambda parent, title, text: asked["problems"].append(text))
    monkeypatch.setattr(SignInDialog, "ask", sign_in)
    monkeypatch.setattr(app, "report_open_failure",
                        lambda title, text: asked["problems"].append(text))
    return asked


def open_backups(window: MainWindow, qtbot: QtBot) -> BackupsDialog:
    window.show_section("settings")
    settings = window.section("settings")
    assert settings.backups_button.isEnabled()
    qtbot.mouseClick(settings.backups_button, Qt.MouseButton.LeftButton)
    dialog = settings.backups_dialog
    assert dialog.isVisible()
    return dialog


def column(dialog: BackupsDialog, number: int) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_the_panel_lists_the_backups_with_their_check(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House,
        db_path: Path) -> None:
    first = backups.take_backup("manual")
    create_house(HouseDetails(name="Birch House", beds=3))
    backups.take_backup("before-import")
    dialog = open_backups(open_window(), qtbot)

    assert dialog.folder_label.text() == str(db_path.parent / "backups")
    assert dialog.table.model().rowCount() == 2
    assert column(dialog, 4) == ["Passed its check"] * 2
    assert column(dialog, 6) == ["before an import", "Back Up Now"]
    assert column(dialog, 0)[1] == backups_panel.when(first.taken_at)
    newest = backups.list_backups()[0]
    assert newest.last_change_at is not None  # "Birch House" added
    assert column(dialog, 3)[0] == backups_panel.when(newest.last_change_at)
    assert not dialog.empty_label.isVisible()


def test_back_up_now_runs_in_the_background_and_lists_the_checked_backup(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    window = open_window()
    dialog = open_backups(window, qtbot)
    assert dialog.table.model().rowCount() == 0 and dialog.empty_label.isVisible()

    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    # The click came back before the backup was done: the window kept going.
    assert dialog.task is not None and dialog.task.is_running()
    assert not dialog.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 1, timeout=10_000)

    assert column(dialog, 4) == ["Passed its check"]
    assert dialog.back_up_button.isEnabled()
    assert backups.last_backup() is not None
    assert window.statusBar().currentMessage().startswith("Backup taken and checked")


def test_keep_marks_the_backup_and_dont_keep_takes_it_back(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    record = backups.take_backup("manual")
    dialog = open_backups(open_window(), qtbot)

    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert column(dialog, 5) == ["Keep"]
    assert backups.list_backups()[0].keep
    assert dialog.keep_button.text() == "Don't &Keep"

    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert column(dialog, 5) == [""]
    assert not backups.list_backups()[0].keep
    assert backups.list_backups()[0].path == record.path


def test_choose_folder_sends_the_backups_there(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb-drive"
    monkeypatch.setattr(backups_panel, "choose_folder", lambda parent, start: str(usb))
    dialog = open_backups(open_window(), qtbot)

    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)

    assert dialog.folder_label.text() == str(usb.resolve())
    assert backups.backup_folder() == usb.resolve()


@pytest.fixture
def session(db: peewee.Database, db_path: Path, house: House,
            qtbot: QtBot) -> Iterator[app.DataFileSession]:
    """The window opened the way the program starts (its windows are closed
    here: the session itself deletes those it closes)."""
    claim = FileClaim.at_start(str(db_path))
    assert claim is not None
    opened = app.DataFileSession(str(db_path), claim)
    with qtbot.waitExposed(window := opened.show_window()):
        window.show()
    yield opened
    if opened.window is not None:
        opened.window.close()
        opened.window.deleteLater()
    opened.claim.release()


def new_window(session: app.DataFileSession, old: MainWindow, qtbot: QtBot) -> MainWindow:
    qtbot.waitUntil(lambda: session.window is not None and session.window is not old,
                    timeout=10_000)
    window = session.window
    assert window is not None
    return window


def test_restore_asks_with_what_the_backup_holds_then_reopens_on_it(
        qtbot: QtBot, session: app.DataFileSession, db_path: Path,
        questions: dict[str, list[str]]) -> None:
    backups.take_backup("manual")
    create_house(HouseDetails(name="Birch House", beds=3))
    first = session.window
    assert first is not None
    dialog = open_backups(first, qtbot)
    dialog.table.selectRow(0)

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    second = new_window(session, first, qtbot)
    [question] = questions["restore"]
    assert question.startswith("The backup of ")
    assert "holds 0 residents" in question
    assert "\n\nThe file now holds 0 residents" in question
    assert question.count("last change '") == 2  # the backup's, and the file's now
    assert "A backup of the file as it is now is taken first" in question
    assert questions["sign_in"]  # the restored file's accounts: signed in again
    assert [house.name for house in list_houses()] == ["Maple House"]
    assert session.target == str(db_path)
    assert second.statusBar().currentMessage().startswith("Restored the backup of")
    before = [r for r in backups.list_backups() if r.reason == "before-restore"]
    assert len(before) == 1 and before[0].keep  # the file as it was, kept


def test_a_failed_restore_reopens_the_file_as_it_was_and_says_why(
        qtbot: QtBot, session: app.DataFileSession, questions: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    backups.take_backup("manual")
    create_house(HouseDetails(name="Birch House", beds=3))

    def fails(backup: object, target: object) -> None:
        raise backups.BackupFailed("The backup folder's drive was unplugged.")

    monkeypatch.setattr(backups, "restore", fails)
    first = session.window
    assert first is not None
    dialog = open_backups(first, qtbot)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    new_window(session, first, qtbot)
    assert questions["problems"] == ["The backup folder's drive was unplugged.\n\n"
                                     "The data file is as it was."]
    assert not questions["sign_in"]  # back as the same person
    assert [house.name for house in list_houses()] == ["Birch House", "Maple House"]


def test_open_read_only_shows_the_backup_with_the_read_only_bar(
        qtbot: QtBot, session: app.DataFileSession) -> None:
    record = backups.take_backup("manual")
    create_house(HouseDetails(name="Birch House", beds=3))
    first = session.window
    assert first is not None
    dialog = open_backups(first, qtbot)

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    second = new_window(session, first, qtbot)
    assert session.target == str(record.path)
    assert second.read_only_notice.isVisible()
    assert second.read_only_notice.label.text() == (
        f"Read-only: this is a backup ({record.path.name}), opened only to look something "
        f"up; File > Open Recent goes back to the data file. Nothing can be saved.")
    assert [house.name for house in list_houses()] == ["Maple House"]
    assert not second.window_actions.new_item.isEnabled()


def test_today_names_a_missing_backup_until_one_is_taken(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    window = open_window()
    today = window.section("today")
    assert today.wait_until_counted()
    assert today.backup_warning.isVisible()
    assert today.backup_warning.text().startswith("No backup of this data file")

    today.backup_warning.linkActivated.emit("backups")  # the item's link
    settings = window.section("settings")
    assert window.current_section_key() == "settings"
    assert settings.backups_dialog.isVisible()
    settings.backups_dialog.reject()

    backups.take_backup("manual")
    today.refresh()
    assert today.wait_until_counted()
    assert not today.backup_warning.isVisible()


def test_a_failed_automatic_backup_shows_in_the_status_bar_and_on_today(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    backups.take_backup("manual")
    window = open_window()
    window.automatic_backups.failed.emit("Automatic backup failed: the disk is full.")

    assert window.statusBar().currentMessage() == "Automatic backup failed: the disk is full."
    today = window.section("today")
    assert today.wait_until_counted()
    assert today.backup_warning.isVisible()
    assert today.backup_warning.text().startswith("Automatic backup failed: the disk is full.")


@pytest.mark.parametrize("role", [Role.HOUSE_MANAGER, Role.READ_ONLY, Role.PEER_COACH])
def test_only_the_owner_has_the_backups_button(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House, role: Role) -> None:
    accounts.act_as("casey", role=role)
    window = open_window()
    window.show_section("settings")
    button = window.section("settings").backups_button

    assert not button.isEnabled()
    assert button.toolTip() == ("Only the owner can take or restore backups: a backup holds "
                                "every house's records.")
    today = window.section("today")
    assert today.wait_until_counted()
    assert not today.backup_warning.isHidden()  # said to them too, with who can act on it
    assert today.backup_warning.text().endswith("(The owner takes backups, in Settings "
                                                "&gt; Backups.)")


def test_the_timer_backs_up_only_when_data_changed(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House) -> None:
    window = open_window()
    backups.take_backup("manual")
    timer = AutomaticBackups(window, interval_ms=20, every=dt.timedelta(0))

    qtbot.wait(200)  # ten looks, nothing changed
    assert len(backups.list_backups()) == 1

    create_house(HouseDetails(name="Birch House", beds=3))
    qtbot.waitUntil(lambda: len(backups.list_backups()) == 2, timeout=10_000)
    timer.stop()
    newest = backups.list_backups()[0]
    assert newest.reason == "automatic" and newest.verified


def test_quitting_backs_up_only_what_changed(db: peewee.Database, db_path: Path,
                                             house: House) -> None:
    taken = back_up_on_quit(str(db_path))
    assert taken is not None and taken.reason == "on-close" and taken.verified

    assert back_up_on_quit(str(db_path)) is None  # nothing changed since
    assert len(backups.list_backups()) == 1


def test_the_list_tells_an_encrypted_backup_from_a_plain_one(qtmodeltester: object,
                                                             tmp_path: Path) -> None:
    from PySide6.QtCore import Qt as QtNames

    from ui.settings_section.backup_table_model import CHECKED_COLUMN, BackupTableModel

    def record(name: str, encrypted: bool, reason: str) -> backups.BackupRecord:
        return backups.BackupRecord(
            path=tmp_path / name, taken_at=dt.datetime(2026, 11, 15, 9, 30), reason=reason,
            size=4096, residents=3, last_change_id=1, last_change_at=None, last_audit_id=1,
            schema_version=12, encrypted=encrypted)

    model = BackupTableModel()
    model.show([record("soberhouse-2026-11-15-0930-manual.sqlite3", True, "manual"),
                record("soberhouse-2026-11-15-0929-before-encryption.sqlite3", False,
                       "before-encryption"),
                record("soberhouse-2026-11-15-0928-before-upgrade-from-7.sqlite3", True,
                       "before-upgrade-from-7")])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    tips = [model.index(row, CHECKED_COLUMN).data(QtNames.ItemDataRole.ToolTipRole)
            for row in range(3)]
    assert tips[0] == ("Passed its check. Encrypted with the data file's key; its key file "
                       "(soberhouse-2026-11-15-0930-manual.sqlite3.keys) is beside it: keep "
                       "the two together.")
    assert tips[1].startswith("Passed its check. Not encrypted: anyone with this file can "
                              "read it")
    assert [model.index(row, 6).data() for row in range(3)] == [
        "Back Up Now", "before the file was encrypted", "before an upgrade"]
