"""The window's automatic backups: every 30 minutes while data has changed,
in a worker thread (the window never waits), and one when the program
quits.

Every :data:`CHECK_EVERY_MS` the window asks the core whether a backup is
due (:func:`soberhouse.backups.backup_due`: data changed since the last
verified backup, and that one 30 minutes old); if so it is taken in the
background.  A backup that fails is never silent: ``failed`` carries the
reason, which the window shows in the status bar and on Today.

On quit (:func:`back_up_on_quit`) the backup is taken on the spot, because
the program is about to end: a 4,000-resident file takes about 100 ms, 160
ms encrypted (see ``benchmarks/backup_speed.py``).  A quit must not wait
long, so a data file larger than :data:`QUIT_BACKUP_LIMIT` bytes is not
backed up on quit (the 30-minute backups and Back Up Now cover it); the
README says so.  An encrypted file's backups are encrypted with its key
(:func:`soberhouse.database.open_data_key`), each with its key file beside it.
Nothing here runs on a read-only file or on PostgreSQL (the server's backups).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
from PySide6.QtCore import QObject, QTimer, Signal

from soberhouse import backups, clock, database
from soberhouse.errors import RuleViolation, StorageProblem
from ui.background import BackgroundTask

CHECK_EVERY_MS = 60_000
"""How often the window asks whether a backup is due (it is due 30 minutes
after the last one, when data changed)."""

QUIT_BACKUP_LIMIT = 50 * 1024 * 1024
"""A data file up to this size is backed up on quit; a larger one is left
to the 30-minute backups, so that quitting never waits long.  The copy goes
1 MB a step with a 2 ms pause (soberhouse.backups), then the check reads the
copy once: well under a second for 50 MB on an office PC's disk, and a
4,000-resident file takes about 100 ms (160 ms encrypted, with its key file)."""


def _backs_up() -> bool:
    """A writable SQLite data file (read-only files and servers: no backups here)."""
    if database.is_read_only():
        return False
    try:
        backups.backup_folder()
    except backups.BackupsOnTheServer:
        return False
    return True


class AutomaticBackups(QObject):
    """The 30-minute backups of the window's data file."""

    backed_up = Signal(object)  # the BackupRecord
    failed = Signal(str)  # why, in words

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_EVERY_MS,
                 every: dt.timedelta | None = None) -> None:
        """``interval_ms`` and ``every`` (how old the last backup must be) are
        the tests' hooks for a short interval."""
        super().__init__(parent)
        self.every = every
        self.task: BackgroundTask | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.back_up_if_due)
        self.timer.start()

    def is_due(self) -> bool:
        last = backups.last_backup()
        changed = backups.data_changed_since(last)
        if self.every is None:
            return backups.backup_due(last, changed)
        return changed and (last is None or clock.now() - last.taken_at
                            >= self.every)

    def back_up_if_due(self) -> bool:
        """Start a backup in the background when one is due; True if started."""
        if self.task is not None and self.task.is_running():
            return False
        try:
            if not _backs_up() or not self.is_due():
                return False
            folder = backups.backup_folder()
            key = database.open_data_key()  # an encrypted file: its backup is too
        except Exception as problem:  # noqa: BLE001 - said, never an uncaught error
            self.failed.emit(f"Automatic backup not taken: {problem}")
            return False
        task = BackgroundTask(
            lambda progress: backups.take_backup("automatic", folder, key=key), self)
        task.succeeded.connect(self.backed_up)
        task.failed.connect(lambda error: self.failed.emit(
            f"Automatic backup failed: {getattr(error, 'message', '') or error}"))
        self.task = task
        task.start()
        return True

    def stop(self) -> None:
        """No more backups (the window closes): a running one is finished first."""
        self.timer.stop()
        if self.task is not None and self.task.is_running():
            self.task.wait()


def back_up_on_quit(data_file: str) -> backups.BackupRecord | None:
    """The backup taken as the program quits, when data changed since the
    last one; None when none was due or the file is too large to keep the
    quit short (:data:`QUIT_BACKUP_LIMIT`).  A failure is noted in the audit
    trail by the core and shows on Today at the next start (no backup of
    today)."""
    try:
        if not _backs_up():
            return None
        path = Path(data_file).expanduser()
        if path.is_file() and path.stat().st_size > QUIT_BACKUP_LIMIT:
            return None
        last = backups.last_backup()
        if not backups.backup_due(last, backups.data_changed_since(last), closing_now=True):
            return None
        return backups.take_backup("on-close", key=database.open_data_key())
    except (RuntimeError, StorageProblem, RuleViolation, peewee.DatabaseError, OSError):
        # No file open (it could not be opened again), nobody signed in, or the
        # backup failed (the core noted it in the audit trail): the quit goes on.
        return None
