"""Who holds the data file: one window at a time writes to a SQLite file.

A window that opens a SQLite file for writing *claims* it: it writes a small
JSON file beside it (``soberhouse.sqlite3.holder``) naming the person, the
computer, the process and the time, refreshes it every minute while it runs
and deletes it when it closes.  A second window that finds a live claim says
who holds the file and offers to open it read-only.  A claim left by an
instance that stopped without closing is recognised and can be taken over:

- on the same computer, its process is gone (or it has not refreshed the
  claim for three minutes: a hung program, or its process number reused);
- on another computer (a folder shared over the network), it has not
  refreshed the claim for three minutes.

The holder file is always written whole (a temporary file, then a rename), so
a reader never sees half of one.  The command line does not claim the file
(its jobs are short); its writing commands look at the claim first (see
:mod:`soberhouse.command_line.opening`).

No Qt here: the window's timer and dialogs are in ``ui/file_claim.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

HOLDER_SUFFIX = ".holder"
REFRESH_SECONDS = 60
"""How often a running window rewrites its claim."""
STALE_AFTER_SECONDS = 180
"""A claim not refreshed for this long belongs to an instance that stopped."""

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def this_computer() -> str:
    return socket.gethostname() or "this computer"


def holder_path(data_file: str | os.PathLike[str]) -> Path:
    """The holder file beside ``data_file``."""
    path = Path(data_file)
    return path.with_name(path.name + HOLDER_SUFFIX)


def clock_time(moment: dt.datetime, now: dt.datetime) -> str:
    """10:42 today, else 2026-11-14 10:42 (local time)."""
    local, local_now = moment.astimezone(), now.astimezone()
    if local.date() == local_now.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Holder:
    """One instance's claim on a data file, as read from the holder file."""

    user: str
    computer: str
    pid: int
    since: dt.datetime
    refreshed: dt.datetime
    token: str

    def to_json(self) -> str:
        return json.dumps({
            "program": "Soberhouse", "user": self.user, "computer": self.computer,
            "pid": self.pid, "since": self.since.isoformat(),
            "refreshed": self.refreshed.isoformat(), "token": self.token,
        }, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Holder:
        """Raises ValueError (or KeyError, TypeError) for what is not a holder file."""
        data = json.loads(text)
        since = dt.datetime.fromisoformat(data["since"])
        refreshed = dt.datetime.fromisoformat(data["refreshed"])
        if since.tzinfo is None or refreshed.tzinfo is None:
            raise ValueError("times without a time zone")
        return cls(str(data["user"]), str(data["computer"]), int(data["pid"]), since,
                   refreshed, str(data["token"]))

    def on_computer(self, computer: str) -> bool:
        return self.computer.casefold() == computer.casefold()

    def who(self, now: dt.datetime) -> str:
        """"open on OFFICE-2 by maria since 10:42"."""
        return f"open on {self.computer} by {self.user} since {clock_time(self.since, now)}"


class ClaimStatus(Enum):
    FREE = "free"
    """Nobody holds the file."""
    CLAIMED = "claimed"
    """The file is ours now (it was free, or we took it over)."""
    HELD = "held"
    """Another running instance holds it."""
    STALE = "stale"
    """Another instance claimed it and seems to have stopped without closing."""


@dataclass(frozen=True)
class ClaimResult:
    status: ClaimStatus
    holder: Holder | None = None
    """The other instance's claim (HELD or STALE)."""
    last_sign_of_life: dt.datetime | None = None

    def sentence(self, now: dt.datetime | None = None) -> str:
        """What the window and the command line tell the manager."""
        if self.holder is None:
            return "This file is free."
        now = now or _utc_now()
        if self.status is ClaimStatus.STALE:
            last = clock_time(self.last_sign_of_life or self.holder.refreshed, now)
            return (f"Soberhouse was {self.holder.who(now)} and seems to have stopped "
                    f"without closing (no sign of life since {last}).")
        return f"Soberhouse is {self.holder.who(now)}."


def process_is_running(pid: int) -> bool:
    """Whether a process with this number exists on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return _windows_process_is_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return True


def _windows_process_is_running(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


class FileHolder:
    """This instance's claim on one data file."""

    def __init__(self, data_file: str | os.PathLike[str], user: str, *,
                 computer: str | None = None, pid: int | None = None,
                 now: Clock = _utc_now,
                 process_alive: Callable[[int], bool] = process_is_running) -> None:
        self.data_file = Path(data_file)
        self.path = holder_path(self.data_file)
        self.user = user
        self.computer = computer or this_computer()
        self.pid = os.getpid() if pid is None else pid
        self.token = uuid.uuid4().hex
        self._now = now
        self._process_alive = process_alive
        self._since: dt.datetime | None = None

    @property
    def holds(self) -> bool:
        """Whether this instance holds the file (claimed and not taken over since)."""
        return self._since is not None

    # Reading ---------------------------------------------------------------------

    def read(self) -> tuple[Holder, dt.datetime] | None:
        """The claim in the holder file and its last sign of life (the later of
        the time written in it and the file's modification time); None when
        there is no holder file."""
        try:
            text = self.path.read_text(encoding="utf-8")
            modified = dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.UTC)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:  # there, but we may not read it
            return self._unreadable(None)
        try:
            holder = Holder.from_json(text)
        except (ValueError, KeyError, TypeError):
            return self._unreadable(modified)
        return holder, max(holder.refreshed, modified)

    def _unreadable(self, modified: dt.datetime | None) -> tuple[Holder, dt.datetime]:
        """A holder file we can't read: someone made it, we don't know who."""
        moment = modified or self._now()
        return Holder("someone", "another computer", 0, moment, moment, ""), moment

    def is_alive(self, holder: Holder, last_sign_of_life: dt.datetime) -> bool:
        """Whether the instance behind ``holder`` still runs."""
        if holder.token == self.token:
            return True
        if holder.on_computer(self.computer) and not self._process_alive(holder.pid):
            return False
        silent = (self._now() - last_sign_of_life).total_seconds()
        return silent < STALE_AFTER_SECONDS

    def check(self) -> ClaimResult:
        """Who holds the file now, without claiming it."""
        found = self.read()
        if found is None:
            return ClaimResult(ClaimStatus.FREE)
        if found[0].token == self.token:
            return ClaimResult(ClaimStatus.CLAIMED)
        holder, last = found
        status = ClaimStatus.HELD if self.is_alive(holder, last) else ClaimStatus.STALE
        return ClaimResult(status, holder, last)

    def other_holder(self) -> ClaimResult | None:
        """The claim of another instance (live or stale), or None when none."""
        result = self.check()
        return None if result.holder is None else result

    # Writing ---------------------------------------------------------------------

    def claim(self, *, take_over: bool = False) -> ClaimResult:
        """Claim the file when it is free; with ``take_over``, also when another
        instance holds it (the caller asked the manager).  OSError when the
        holder file can't be written."""
        if self.holds:
            return ClaimResult(ClaimStatus.CLAIMED)
        other = self.other_holder()
        if other is not None and not take_over:
            return other
        now = self._now()
        mine = Holder(self.user, self.computer, self.pid, now, now, self.token)
        if other is None:
            if not self._write_new(mine):  # someone claimed it a moment ago
                return self.check()
        else:
            self._replace(mine)
        found = self.read()
        if found is None or found[0].token != self.token:  # two took over at once
            return self.check()
        self._since = now
        return ClaimResult(ClaimStatus.CLAIMED)

    def refresh(self) -> ClaimResult:
        """Rewrite the claim's time (every :data:`REFRESH_SECONDS`).  When
        another instance has taken the file over meanwhile, our claim is gone:
        the result names the new holder and this instance holds nothing."""
        if self._since is None:
            return ClaimResult(ClaimStatus.CLAIMED)
        found = self.read()
        if found is not None and found[0].token != self.token:
            self._since = None
            holder, last = found
            return ClaimResult(ClaimStatus.HELD, holder, last)
        mine = Holder(self.user, self.computer, self.pid, self._since, self._now(),
                      self.token)
        self._replace(mine)
        return ClaimResult(ClaimStatus.CLAIMED)

    def release(self) -> None:
        """Delete the holder file if the claim in it is still ours."""
        if self._since is None:
            return
        self._since = None
        found = self.read()
        if found is not None and found[0].token == self.token:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _temporary(self, holder: Holder) -> Path:
        temporary = self.path.with_name(f".{self.path.name}.{self.token}.tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(holder.to_json())
            out.flush()
            os.fsync(out.fileno())
        return temporary

    def _write_new(self, holder: Holder) -> bool:
        """Create the holder file whole, only if there is none: False when
        another instance created one first."""
        temporary = self._temporary(holder)
        try:
            os.link(temporary, self.path)  # fails if the file exists: no race
            return True
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if self.path.exists():
                return False
            os.replace(temporary, self.path)
            return True
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()

    def _replace(self, holder: Holder) -> None:
        os.replace(self._temporary(holder), self.path)
