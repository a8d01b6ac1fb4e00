"""Cloud-sync folders (soberhouse.cloud_folders): which service syncs a path,
and what Today and Settings > Backups say about the data file, its backups
and a data file not encrypted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from soberhouse import accounts, backups, cloud_folders, database, encryption
from soberhouse.cloud_folders import cloud_sync_folder
from soberhouse.models import Role

NOWHERE: dict[str, str] = {}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home folder of this computer with no cloud service set up."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def nothing_synced(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """This computer as the tests see it: no OneDrive variables, no Dropbox."""
    for name in (*cloud_folders.ONEDRIVE_VARIABLES, "APPDATA", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    return home


@pytest.mark.parametrize(("folder", "service"), [
    ("Users/dana/OneDrive/Soberhouse", "OneDrive"),
    ("Users/dana/OneDrive - Maple Recovery LLC/Documents", "OneDrive"),
    ("Users/dana/Library/CloudStorage/OneDrive-Personal/House", "OneDrive"),
    ("home/dana/Dropbox/house files", "Dropbox"),
    ("Users/dana/Dropbox (Maple Recovery)/office", "Dropbox"),
    ("Users/dana/Google Drive/Soberhouse", "Google Drive"),
    ("Users/dana/GoogleDrive/Soberhouse", "Google Drive"),
    ("Users/dana/Library/CloudStorage/GoogleDrive-dana@example.org/My Drive", "Google Drive"),
    ("G/My Drive/office", "Google Drive"),
    ("Users/dana/iCloudDrive/Soberhouse", "iCloud Drive"),
    ("Users/dana/iCloud Drive/Soberhouse", "iCloud Drive"),
    ("Users/dana/Library/Mobile Documents/com~apple~CloudDocs/Soberhouse", "iCloud Drive"),
    ("Users/dana/onedrive/soberhouse", "OneDrive"),  # Windows and macOS ignore case
])
def test_the_folder_names_of_each_service_are_known(tmp_path: Path, home: Path, folder: str,
                                                    service: str) -> None:
    path = tmp_path / folder / "soberhouse.sqlite3"
    assert cloud_sync_folder(path, environ=NOWHERE, home=home) == service


@pytest.mark.parametrize("folder", [
    "Users/dana/Documents/Soberhouse", "home/dana/drives/office", "Users/dana/OneDriveOld",
    "Users/dana/Dropboxes", "srv/share/my drives",
])
def test_other_folders_are_not_cloud_folders(tmp_path: Path, home: Path, folder: str) -> None:
    assert cloud_sync_folder(tmp_path / folder / "x.sqlite3", environ=NOWHERE,
                             home=home) is None


def test_onedrives_variables_name_its_folders_whatever_they_are_called(
        tmp_path: Path, home: Path) -> None:
    synced = tmp_path / "Users" / "dana" / "Work Files"
    for name in cloud_folders.ONEDRIVE_VARIABLES:
        environ = {name: str(synced)}
        assert cloud_sync_folder(synced / "house" / "soberhouse.sqlite3", environ=environ,
                                 home=home) == "OneDrive"
        assert cloud_sync_folder(tmp_path / "Users" / "dana" / "Work Files 2" / "x",
                                 environ=environ, home=home) is None


@pytest.mark.parametrize("where", ["APPDATA", "LOCALAPPDATA", "home"])
def test_dropboxs_info_file_names_its_folders(tmp_path: Path, home: Path, where: str) -> None:
    synced = tmp_path / "D" / "Office Files"
    business = tmp_path / "D" / "Company Share"
    info_folder = (home / ".dropbox" if where == "home" else tmp_path / where / "Dropbox")
    info_folder.mkdir(parents=True)
    (info_folder / "info.json").write_text(json.dumps({
        "personal": {"path": str(synced), "host": 1, "is_team": False},
        "business": {"path": str(business), "host": 2, "is_team": True}}), encoding="utf-8")
    environ = {} if where == "home" else {where: str(tmp_path / where)}
    assert cloud_sync_folder(synced / "soberhouse.sqlite3", environ=environ,
                             home=home) == "Dropbox"
    assert cloud_sync_folder(business / "backups", environ=environ, home=home) == "Dropbox"
    assert cloud_sync_folder(tmp_path / "D" / "Elsewhere", environ=environ, home=home) is None


def test_a_damaged_dropbox_info_file_is_passed_over(tmp_path: Path, home: Path) -> None:
    (home / ".dropbox").mkdir()
    (home / ".dropbox" / "info.json").write_text("{not json", encoding="utf-8")
    assert cloud_sync_folder(tmp_path / "x" / "y", environ=NOWHERE, home=home) is None


def test_the_sentences_say_what_leaves_and_what_to_do(tmp_path: Path, home: Path) -> None:
    in_onedrive = tmp_path / "OneDrive" / "soberhouse.sqlite3"
    sentence = cloud_folders.data_file_warning(in_onedrive, environ=NOWHERE, home=home)
    assert sentence is not None
    assert sentence.startswith("The data file is in a OneDrive folder: a copy of it leaves "
                               "this computer for OneDrive's servers every time it changes")
    assert "Move it to a folder OneDrive does not sync" in sentence
    icloud = cloud_folders.backup_folder_warning(tmp_path / "iCloudDrive" / "backups",
                                                 environ=NOWHERE, home=home)
    assert icloud == ("The backup folder is in an iCloud Drive folder: every backup leaves "
                      "this computer for iCloud Drive's servers. Choose a backup folder "
                      "iCloud Drive does not sync (a USB drive, say) in Settings > Backups.")
    assert cloud_folders.data_file_warning(tmp_path / "Documents" / "x", environ=NOWHERE,
                                           home=home) is None


# ---------------------------------------------------------------- Today's sentences


def test_today_names_a_data_file_in_a_cloud_folder_and_one_not_encrypted(
        tmp_path: Path, today: dt.date, nothing_synced: Path) -> None:
    path = tmp_path / "Dropbox" / "house.sqlite3"
    database.connect(path)
    try:
        accounts.act_as("owner-dana")
        warnings = cloud_folders.today_warnings()
        assert [w.split(":")[0] for w in warnings] == [
            "The data file is in a Dropbox folder",
            "The backup folder is in a Dropbox folder",  # beside it, by default
            "This data file is not encrypted"]
        assert warnings[2] == cloud_folders.NOT_ENCRYPTED
        assert warnings[2].endswith("Encrypt it in Settings > Encryption.")
        accounts.act_as("casey", role=Role.HOUSE_MANAGER)  # the owner's to encrypt
        assert cloud_folders.NOT_ENCRYPTED not in cloud_folders.today_warnings()
        assert len(cloud_folders.today_warnings()) == 2
    finally:
        database.close()


def test_today_says_nothing_of_an_encrypted_file_outside_cloud_folders(
        tmp_path: Path, today: dt.date, nothing_synced: Path) -> None:
    path = tmp_path / "office" / "house.sqlite3"
    path.parent.mkdir()
    keys = encryption.create_key_file(path, "dana", "copper-meadow-violin-31")
    database.connect(path, key=keys.data_key)
    try:
        accounts.create_owner("Dana Whitlock", "dana", "copper-meadow-violin-31")
        assert cloud_folders.today_warnings() == []
    finally:
        database.close()


def test_today_names_a_backup_folder_chosen_in_a_cloud_folder(
        db: object, tmp_path: Path, nothing_synced: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    synced = tmp_path / "Work Files"
    monkeypatch.setenv("OneDriveCommercial", str(synced))
    backups.set_backup_folder(synced / "Soberhouse backups")
    assert cloud_folders.today_warnings()[0].startswith(
        "The backup folder is in a OneDrive folder: every backup leaves this computer")


def test_nothing_is_said_on_a_file_open_read_only(tmp_path: Path, today: dt.date,
                                                  nothing_synced: Path) -> None:
    path = tmp_path / "OneDrive" / "house.sqlite3"
    database.connect(path)
    accounts.act_as("owner-dana")
    database.close()
    database.connect(path, read_only=True)
    try:
        assert cloud_folders.today_warnings() == []
    finally:
        database.close()


def test_the_owner_is_told_of_plain_backups_beside_an_encrypted_file(
        tmp_path: Path, today: dt.date, nothing_synced: Path) -> None:
    plain = tmp_path / "before.sqlite3"
    database.connect(plain)
    accounts.act_as("owner-dana")
    folder = tmp_path / "office" / "backups"
    backups.take_backup("before-encryption", folder)
    database.close()
    path = tmp_path / "office" / "house.sqlite3"
    keys = encryption.create_key_file(path, "dana", "copper-meadow-violin-31")
    database.connect(path, key=keys.data_key)
    try:
        accounts.create_owner("Dana Whitlock", "dana", "copper-meadow-violin-31")
        backups.take_backup("manual")  # encrypted: not counted
        (sentence,) = cloud_folders.today_warnings()
        assert sentence == (
            f"1 backup in {folder} was taken before the data file was encrypted and is not "
            f"encrypted: anyone who can open that folder can read it. Once the encrypted file "
            f"is checked, delete it (Settings > Encryption names it).")
        accounts.act_as("casey", role=Role.HOUSE_MANAGER)
        assert cloud_folders.today_warnings() == []
    finally:
        database.close()
