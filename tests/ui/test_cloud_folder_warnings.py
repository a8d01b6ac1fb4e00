"""The cloud-folder and "not encrypted" warnings in the window: Today's
lines with their links, and Settings > Backups (soberhouse.cloud_folders)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from soberhouse import backups
from soberhouse.models import House
from tests.test_cloud_folders import home, nothing_synced  # noqa: F401 (the fixtures)
from ui.main_window import MainWindow


def test_today_shows_the_warnings_with_links_to_settings(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House, tmp_path: Path,
        nothing_synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OneDrive", str(tmp_path / "Synced"))
    backups.set_backup_folder(tmp_path / "Synced" / "backups")
    window = open_window()
    today = window.section("today")
    assert today.wait_until_counted()
    assert today.storage_warning.isVisible()
    text = today.storage_warning.text()
    assert "The backup folder is in a OneDrive folder" in text
    assert "<a href=\"backups\">Settings &gt; Backups</a>" in text
    assert ("This data file is not encrypted" in text
            and "<a href=\"encryption\">Settings &gt; Encryption</a>" in text)
    today.storage_warning.linkActivated.emit("encryption")
    settings = window.section("settings")
    assert window.current_section_key() == "settings"
    assert settings.encryption_dialog.isVisible()
    settings.encryption_dialog.reject()


def test_the_backups_panel_warns_of_a_backup_folder_in_a_cloud_folder(
        qtbot: QtBot, house: House, tmp_path: Path, nothing_synced: Path) -> None:
    from ui.settings_section.backups_panel import BackupsDialog

    dialog = BackupsDialog()
    qtbot.addWidget(dialog)
    assert dialog.cloud_warning.isHidden()
    backups.set_backup_folder(tmp_path / "Google Drive" / "Soberhouse")
    dialog.reload()
    assert not dialog.cloud_warning.isHidden()
    assert dialog.cloud_warning.text() == (
        "The backup folder is in a Google Drive folder: every backup leaves this computer "
        "for Google Drive's servers. Choose a backup folder Google Drive does not sync (a "
        "USB drive, say) with the Choose Folder… button.")


def test_others_read_the_cloud_warning_without_links(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House, tmp_path: Path,
        nothing_synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from soberhouse import accounts
    from soberhouse.models import Role

    monkeypatch.setenv("OneDrive", str(tmp_path / "Synced"))
    backups.set_backup_folder(tmp_path / "Synced" / "backups")
    accounts.act_as("casey", role=Role.HOUSE_MANAGER)
    window = open_window()
    today = window.section("today")
    assert today.wait_until_counted()
    text = today.storage_warning.text()
    assert text.startswith("The backup folder is in a OneDrive folder")
    assert "<a " not in text and "not encrypted" not in text  # the owner's to act on


def test_the_not_encrypted_line_goes_once_the_file_is_encrypted(
        qtbot: QtBot, open_window: Callable[[], MainWindow], house: House,
        nothing_synced: Path) -> None:
    from soberhouse import accounts, encrypting

    password = "harbour willow lantern"
    accounts.reset_password(accounts.current_user().id, password)
    window = open_window()
    today = window.section("today")
    assert today.wait_until_counted()
    assert "This data file is not encrypted" in today.storage_warning.text()
    window.show_section("settings")
    encrypting.encrypt_file(password)
    window.show_section("today")
    text = today.storage_warning.text()
    assert "This data file is not encrypted" not in text
    assert "1 backup in" in text and "is not encrypted" in text  # the plain one taken first
