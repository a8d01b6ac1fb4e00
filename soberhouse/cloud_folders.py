"""Whether the data file or the backups sit in a folder a cloud service
copies off this computer (OneDrive, Dropbox, Google Drive, iCloud Drive),
and what Today says about where the data is.

A file in such a folder is uploaded to the service's servers each time it
changes (encrypted or not, it leaves the house's hands), and the service
copying a database while Soberhouse writes it can leave a damaged or
"conflicted" copy.  :func:`cloud_sync_folder` tells which service, from

- the environment variables OneDrive sets on Windows (``OneDrive``,
  ``OneDriveCommercial``, ``OneDriveConsumer``);
- Dropbox's own record of its folders (``info.json`` in ``%APPDATA%\\Dropbox``,
  ``%LOCALAPPDATA%\\Dropbox`` or ``~/.dropbox``);
- the folder names the services use ("OneDrive", "OneDrive - Company",
  "Dropbox", "Google Drive", "My Drive", "iCloud Drive",
  ``Library/Mobile Documents/com~apple~CloudDocs``...) among the path's
  parents.

:func:`today_warnings` gives Today's sentences: the data file or the backup
folder in a cloud folder (said to everyone), and, to the owner, a data file
that is not encrypted, or an encrypted one whose backup folder still holds
plain backups (taken before it was encrypted).
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

ONEDRIVE = "OneDrive"
DROPBOX = "Dropbox"
GOOGLE_DRIVE = "Google Drive"
ICLOUD_DRIVE = "iCloud Drive"

ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
"""Set by OneDrive on Windows to its folders."""

FOLDER_NAMES: tuple[tuple[str, str], ...] = (
    ("onedrive", ONEDRIVE),
    ("onedrive - *", ONEDRIVE),  # OneDrive for work or school: "OneDrive - Company"
    ("onedrive-*", ONEDRIVE),  # macOS: ~/Library/CloudStorage/OneDrive-Personal
    ("dropbox", DROPBOX),
    ("dropbox (*)", DROPBOX),  # "Dropbox (Personal)", "Dropbox (Company)"
    ("google drive", GOOGLE_DRIVE),
    ("googledrive", GOOGLE_DRIVE),
    ("googledrive-*", GOOGLE_DRIVE),  # macOS: ~/Library/CloudStorage/GoogleDrive-name@...
    ("my drive", GOOGLE_DRIVE),  # Google Drive for desktop's drive G:\My Drive
    ("icloud drive", ICLOUD_DRIVE),
    ("iclouddrive", ICLOUD_DRIVE),  # Windows: C:\Users\name\iCloudDrive
)
"""Folder names (case folded, ``fnmatch`` patterns) the services sync."""

ICLOUD_ON_MAC = ("library", "mobile documents", "com~apple~clouddocs")
"""iCloud Drive's folder on a Mac: ~/Library/Mobile Documents/com~apple~CloudDocs."""


def _dropbox_info_files(environ: Mapping[str, str], home: Path) -> list[Path]:
    places = [Path(environ[name]) / "Dropbox" / "info.json"
              for name in ("APPDATA", "LOCALAPPDATA") if environ.get(name)]
    return [*places, home / ".dropbox" / "info.json"]


def dropbox_folders(environ: Mapping[str, str] | None = None,
                    home: Path | None = None) -> list[Path]:
    """The folders Dropbox syncs, as its ``info.json`` names them (personal
    and business accounts); none when Dropbox is not set up here."""
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    folders: list[Path] = []
    for info in _dropbox_info_files(environ, home):
        try:
            accounts = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(accounts, dict):
            continue
        for account in accounts.values():
            if isinstance(account, dict) and isinstance(account.get("path"), str):
                folders.append(Path(account["path"]))
    return folders


def _absolute(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    folded = [part.casefold() for part in path.parts]
    inner = [part.casefold() for part in _absolute(folder).parts]
    return len(inner) > 1 and folded[:len(inner)] == inner


def _named_like_a_cloud_folder(parts: Iterable[str]) -> str | None:
    folded = [part.casefold() for part in parts]
    for index in range(len(folded)):
        if tuple(folded[index:index + len(ICLOUD_ON_MAC)]) == ICLOUD_ON_MAC:
            return ICLOUD_DRIVE
    for part in folded:
        for pattern, service in FOLDER_NAMES:
            if fnmatch.fnmatchcase(part, pattern):
                return service
    return None


def cloud_sync_folder(path: str | os.PathLike[str], *,
                      environ: Mapping[str, str] | None = None,
                      home: Path | None = None) -> str | None:
    """The service ("OneDrive", "Dropbox", "Google Drive", "iCloud Drive")
    that syncs the folder holding ``path`` (a file or a folder), or None.
    ``environ`` and ``home``: the tests' stand-ins for this computer's."""
    environ = os.environ if environ is None else environ
    place = _absolute(path)
    for name in ONEDRIVE_VARIABLES:
        folder = environ.get(name, "").strip()
        if folder and _inside(place, Path(folder)):
            return ONEDRIVE
    for folder in dropbox_folders(environ, home):
        if _inside(place, folder):
            return DROPBOX
    parents = PurePath(place).parts[1:]  # not the drive or root itself
    return _named_like_a_cloud_folder(parents)


def _a(service: str) -> str:
    return f"an {service}" if service == ICLOUD_DRIVE else f"a {service}"  # "a OneDrive"


def data_file_warning(data_file: str | os.PathLike[str], **this_computer: object) -> str | None:
    """Today's sentence when the data file is in a cloud folder (None: it is not)."""
    service = cloud_sync_folder(data_file, **this_computer)  # type: ignore[arg-type]
    if service is None:
        return None
    return (f"The data file is in {_a(service)} folder: a copy of it leaves this computer for "
            f"{service}'s servers every time it changes, and {service} copying it while "
            f"Soberhouse saves can damage it. Move it to a folder {service} does not sync "
            f"(close Soberhouse, move the file and the files beside it named the same, "
            f"then open it with File > Open Data File).")


def backup_folder_warning(folder: str | os.PathLike[str], **this_computer: object) -> str | None:
    """The sentence (Today, Settings > Backups) when the backups go to a
    cloud folder (None: they do not)."""
    service = cloud_sync_folder(folder, **this_computer)  # type: ignore[arg-type]
    if service is None:
        return None
    return (f"The backup folder is in {_a(service)} folder: every backup leaves this computer "
            f"for {service}'s servers. Choose a backup folder {service} does not sync (a USB "
            f"drive, say) in Settings > Backups.")


NOT_ENCRYPTED = ("This data file is not encrypted: anyone who copies it, or takes this "
                 "computer, can read every resident's records. Encrypt it in Settings > "
                 "Encryption.")


def plain_backups_warning(folder: Path) -> str | None:
    """For an encrypted data file: the backups in ``folder`` that are not
    encrypted (taken before the file was), which anyone can read."""
    from soberhouse import backups, encryption

    plain = [record for record in backups.backups_in(folder)
             if record.path.is_file() and not encryption.is_encrypted(record.path)]
    if not plain:
        return None
    many = len(plain) != 1
    return (f"{len(plain)} backup{'s' if many else ''} in {folder} {'were' if many else 'was'} "
            f"taken before the data file was encrypted and {'are' if many else 'is'} not "
            f"encrypted: anyone who can open that folder can read {'them' if many else 'it'}. "
            f"Once the encrypted file is checked, delete {'them' if many else 'it'} (Settings "
            f"> Encryption names {'them' if many else 'it'}).")


def today_warnings() -> list[str]:
    """What Today says about where the open data file is: in a cloud folder,
    its backups in one (to everyone: they can tell the owner), not encrypted
    (to the owner, who can encrypt it).  Nothing on PostgreSQL (the server
    keeps the data) or on a file open read-only (a backup looked at)."""
    from soberhouse import accounts, backups, database, encryption
    from soberhouse.models import Role

    if database.is_read_only():
        return []
    try:
        data_file = backups.open_data_file()
        folder = backups.backup_folder()
    except backups.BackupsOnTheServer:
        return []
    sentences = [data_file_warning(data_file), backup_folder_warning(folder)]
    if accounts.current_role() is Role.OWNER:
        sentences.append(plain_backups_warning(folder) if encryption.open_file_is_encrypted()
                         else NOT_ENCRYPTED)
    return [sentence for sentence in sentences if sentence]
