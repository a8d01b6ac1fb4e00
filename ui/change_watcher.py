"""Notices what other windows (another office, another PC) saved.

Every few seconds it asks the core for change entries newer than the last
one it saw (one indexed query) and leaves out this window's own writes,
which it hears of directly.  The main window then refreshes the sections,
which keep what the manager is typing (unsaved marks, an open form).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from soberhouse import recording

POLL_MILLISECONDS = 3000


class OtherWritersWatcher(QObject):
    """``changed_elsewhere(summary, kinds)`` when someone else's write is seen."""

    changed_elsewhere = Signal(str, list)

    def __init__(self, parent: QObject | None = None,
                 interval_ms: int = POLL_MILLISECONDS) -> None:
        super().__init__(parent)
        self._own: set[int] = set()
        try:
            with recording.storage_errors():  # a damaged or vanished file: start at 0
                self._last_seen = recording.latest_entry_id()
        except Exception:  # noqa: BLE001 - as check_now: reported where the file is used
            self._last_seen = 0
        recording.add_listener(self._heard_own)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.timer.start()
        self.destroyed.connect(self._stop_listening)

    def _heard_own(self, changed: recording.Changed) -> None:
        if changed.entry_id is not None:
            self._own.add(changed.entry_id)

    def _stop_listening(self) -> None:
        recording.remove_listener(self._heard_own)

    def check_now(self) -> None:
        try:
            entries = recording.entries_after(self._last_seen)
        except Exception:  # noqa: BLE001 - a lost connection is reported where it is used
            return
        if not entries:
            return
        self._last_seen = entries[-1].id
        others = [entry for entry in entries if entry.id not in self._own]
        self._own.difference_update(entry.id for entry in entries)
        if not others:
            return
        last = others[-1]
        summary = f"{last.recorded_by} {last.action}"
        if len(others) > 1:
            summary += f" (and {len(others) - 1} more change{'s' if len(others) > 2 else ''})"
        kinds = sorted({kind for entry in others for kind in entry.kinds})
        self.changed_elsewhere.emit(summary, kinds)
