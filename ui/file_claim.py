"""The window's claim on its SQLite data file (:mod:`soberhouse.file_holder`):
looked at before the file opens, asked about when someone else holds it,
refreshed every minute while the window runs, released when it closes.

    claim = FileClaim.at_start(target)      # None: the manager chose Quit
    database.connect(target, read_only=claim.read_only_reason or False)
    claim.hold()                            # now that the file is open
    claim.watch(window)                     # refresh; lost -> window.set_read_only
    ...
    claim.release()
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from soberhouse import accounts, database
from soberhouse.file_holder import (
    REFRESH_SECONDS,
    ClaimResult,
    ClaimStatus,
    FileHolder,
    clock_time,
)


class HolderChoice(Enum):
    TAKE_OVER = "take over"
    READ_ONLY = "read-only"
    QUIT = "quit"


class FileHeldDialog:
    """"Soberhouse is open on OFFICE-2 by maria since 10:42.": Open read-only /
    Quit; for a claim left behind, also Take over."""

    @classmethod
    def ask(cls, parent: QWidget | None, held: ClaimResult,
            quit_text: str = "&Quit") -> HolderChoice:
        """What the manager chose (tests replace this).  ``quit_text``: "&Cancel"
        when another file is being opened from the window (nothing quits)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Data file in use")
        box.setText(held.sentence())
        stale = held.status is ClaimStatus.STALE
        if stale:
            box.setInformativeText(
                "If Soberhouse is no longer open there, take the file over. Otherwise open "
                "it read-only to look things up: nothing can be saved.")
        else:
            box.setInformativeText(
                "One window at a time can save to this file. Open it read-only to look "
                "things up (nothing can be saved), or quit and close it there first.")
        buttons = {}
        if stale:
            buttons[box.addButton("&Take Over", QMessageBox.ButtonRole.AcceptRole)] = (
                HolderChoice.TAKE_OVER)
        read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
        buttons[read_only] = HolderChoice.READ_ONLY
        quit_button = box.addButton(quit_text, QMessageBox.ButtonRole.RejectRole)
        buttons[quit_button] = HolderChoice.QUIT
        box.setDefaultButton(read_only)
        box.setEscapeButton(quit_button)
        box.exec()
        return buttons.get(box.clickedButton(), HolderChoice.QUIT)


def _reason_for(held: ClaimResult) -> str:
    """The read-only notice's reason: "Soberhouse is open on OFFICE-2 by maria since 10:42"."""
    return held.sentence().rstrip(".")


class FileClaim(QObject):
    """This window's claim, or the reason it opens read-only without one."""

    lost = Signal(str)
    """Another instance took the file over: the reason, for the read-only notice."""

    def __init__(self, target: str, holder: FileHolder | None,
                 read_only_reason: str | None) -> None:
        super().__init__()
        self.target = target
        self.holder = holder
        self.read_only_reason = read_only_reason
        self._timer: QTimer | None = None

    @classmethod
    def at_start(cls, target: str, *, read_only: bool = False,
                 parent: QWidget | None = None) -> FileClaim | None:
        """Look at who holds the file before it opens; ask when someone does.
        None when the manager chose Quit (Cancel, with a ``parent`` window:
        another file is being opened from it)."""
        if database.is_url(target):  # a server keeps its writers apart itself
            return cls(target, None, None)
        path = Path(target).expanduser()
        if read_only:
            return cls(target, None, database.CHOSEN_READ_ONLY)
        reason = database.why_read_only(path)
        if reason is not None:  # we shall not write: nothing to claim
            return cls(target, None, reason)
        holder = FileHolder(path, accounts.current_username())
        held = holder.other_holder()
        if held is None:
            return cls(target, holder, None)
        choice = (FileHeldDialog.ask(parent, held) if parent is None
                  else FileHeldDialog.ask(parent, held, "&Cancel"))
        if choice is HolderChoice.QUIT:
            return None
        if choice is HolderChoice.READ_ONLY:
            return cls(target, None, _reason_for(held))
        claim = cls(target, holder, None)
        claim.hold(take_over=True)
        return claim

    def hold(self, *, take_over: bool = False) -> None:
        """Claim the file once it is open.  Should another window have claimed
        it in the meantime, the file is opened again read-only."""
        if self.holder is None or self.holder.holds:
            return
        try:
            result = self.holder.claim(take_over=take_over)
        except OSError:  # the holder file can't be written: go on without a claim
            self.holder = None
            return
        if result.status is not ClaimStatus.CLAIMED:
            self.holder = None
            self.read_only_reason = _reason_for(result)
            if database.is_read_only():
                return
            key = getattr(database.database_proxy.obj, "data_key", None)  # encrypted: same key
            database.close()
            database.connect(self.target, read_only=self.read_only_reason, key=key)

    def watch(self, window: QWidget) -> None:
        """Refresh the claim every minute; tell ``window`` when it is lost."""
        self.setParent(window)
        set_read_only = getattr(window, "set_read_only", None)
        if callable(set_read_only):
            self.lost.connect(set_read_only)
        if self.holder is None:
            return
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_SECONDS * 1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        if self.holder is None:
            return
        try:
            result = self.holder.refresh()
        except OSError:  # the shared folder is away for a moment: next minute
            return
        if result.status is ClaimStatus.CLAIMED or result.holder is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self.holder = None
        now = dt.datetime.now(dt.UTC)
        reason = (f"{result.holder.user} on {result.holder.computer} took this file over "
                  f"at {clock_time(result.holder.since, now)}")
        self.read_only_reason = reason
        opened = database.database_proxy.obj
        if opened is not None:
            opened.read_only_reason = reason  # the core refuses every write from now on
        self.lost.emit(reason)

    def release(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.holder is not None:
            try:
                self.holder.release()
            except OSError:
                pass
            self.holder = None
