"""Slow core work (an import, a batch of PDFs, a backup) in a worker thread.

The work is a core function that takes a ``progress(done, total)`` function
and stops when that answers ``False``.  :class:`BackgroundTask` runs it in its
own thread and reports on the GUI thread, through signals::

    task = BackgroundTask(lambda progress: apply_import(preview, progress=progress), self)
    task.progress.connect(...)   # (done, total)
    task.succeeded.connect(...)  # the work's return value
    task.failed.connect(...)     # the exception it raised
    task.cancelled.connect(...)  # it stopped because cancel() asked it to
    task.start()

Every signal is emitted on the GUI thread, so slots may touch widgets; the
work itself must touch none.  The outcome arrives through the event loop, so
connecting right after :meth:`~BackgroundTask.start` is safe.  The worker
closes its own database connection when the work ends (peewee keeps one
connection per thread); whatever the work committed is visible to the GUI
thread's connection when ``succeeded`` arrives.

:class:`ProgressRow` is the matching widget: a label, a progress bar and
Cancel, shown only when the work lasts long enough to be noticed.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from soberhouse.models import database_proxy

Progress = Callable[[int, int], bool]
Work = Callable[[Progress], Any]

PROGRESS_INTERVAL = 0.02
"""Seconds between two progress signals at most (the first and the last always go)."""


class _Worker(QThread):
    """The thread: runs the work once and keeps its outcome for the task."""

    progressed = Signal(int, int)

    def __init__(self, work: Work, cancel: threading.Event) -> None:
        super().__init__()  # no parent: see _running
        self._work = work
        self._cancel = cancel
        self._last_report = 0.0
        self.outcome: tuple[str, Any] = ("failed", RuntimeError("The work did not run."))

    def request_stop(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        if self._cancel.is_set():
            return False
        now = time.monotonic()
        if done >= total or now - self._last_report >= PROGRESS_INTERVAL:
            self._last_report = now
            self.progressed.emit(done, total)
        return True

    def run(self) -> None:
        database = database_proxy.obj
        try:
            result = self._work(self._progress)
        except BaseException as error:  # whatever happens, the task gets an outcome
            self.outcome = ("cancelled" if self._cancel.is_set() else "failed", error)
        else:
            self.outcome = ("succeeded", result)
        finally:
            # This thread's own connections (peewee keeps one per thread): to
            # the database open when the work began, and to the one open now,
            # if another file was opened meanwhile.  One left open is closed by
            # the thread's end, which sqlcipher3 does without the GIL: a crash.
            for opened in (database, database_proxy.obj):
                if opened is not None and not opened.is_closed():
                    opened.close()


_running: set[_Worker] = set()
"""Threads still running, kept alive even if their task's owner is deleted first
(destroying a running QThread aborts the program)."""


def wait_for_running_work() -> None:
    """Block until every worker thread has ended: called when the program
    quits, because a thread still running at exit aborts the process (the
    window closed while Today was still counting, say).  Work that listens
    to progress is asked to stop first."""
    for worker in list(_running):
        worker.request_stop()
    for worker in list(_running):
        worker.wait()
    _running.clear()


class BackgroundTask(QObject):
    """One run of ``work(progress)`` in a worker thread, with progress and cancel.

    Exactly one of ``succeeded(result)``, ``failed(exception)`` and ``cancelled()``
    is emitted, then ``finished()``.  ``cancelled`` means the work raised after
    :meth:`cancel` was asked; work that still completed reports ``succeeded``
    (what it did was done).
    """

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work: Work | None = work
        self._cancel = threading.Event()
        self._worker: _Worker | None = None
        self._started = False
        self._delivered = False

    def start(self) -> None:
        if self._started:
            raise RuntimeError("A BackgroundTask runs once; make a new one.")
        self._started = True
        _running.difference_update([w for w in _running if w.isFinished()])
        work, self._work = self._work, None  # the thread keeps it, until it is done
        assert work is not None
        worker = _Worker(work, self._cancel)
        worker.progressed.connect(self._report, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        _running.add(worker)
        worker.start()

    def is_running(self) -> bool:
        """Started, and its outcome not yet delivered."""
        return self._started and not self._delivered

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (returns at once)."""
        self._cancel.set()

    def is_cancelling(self) -> bool:
        return self._cancel.is_set()

    def wait(self, msecs: int | None = None) -> bool:
        """Block until the work ends (at most ``msecs``), then deliver its outcome now.

        True when the task is over and its outcome signals have been emitted.
        """
        if self._worker is None or self._delivered:
            return True
        ended = self._worker.wait() if msecs is None else self._worker.wait(msecs)
        if ended:
            self._deliver()
        return ended

    def stop(self) -> None:
        """Cancel and wait: when this returns, no thread is left running."""
        self.cancel()
        self.wait()

    def _report(self, done: int, total: int) -> None:
        if not self._delivered:
            self.progress.emit(done, total)

    def _deliver(self) -> None:
        worker = self._worker
        if self._delivered or worker is None:
            return
        self._delivered = True
        worker.wait()  # finished is emitted just before the thread really ends
        kind, value = worker.outcome
        # Let go of the thread here, on the GUI thread: no reference to it is
        # left (an exception's traceback would hold the worker's frame).
        worker.outcome = ("", None)
        self._worker = None
        _running.discard(worker)
        del worker
        try:
            if kind == "succeeded":
                self.succeeded.emit(value)
            elif kind == "cancelled":
                self.cancelled.emit()
            else:
                self.failed.emit(value)
        finally:
            if isinstance(value, BaseException):
                traceback.clear_frames(value.__traceback__)
            self.finished.emit()


def run_in_background(work: Work, parent: QObject | None = None) -> BackgroundTask:
    """Start ``work(progress)`` in a worker thread; connect to the task it returns.

    Give a parent (the window) or keep the task: an unreferenced task is
    deleted, and its outcome lost (the thread itself still ends normally).
    """
    task = BackgroundTask(work, parent)
    task.start()
    return task


class ProgressRow(QWidget):
    """"Importing 1,200 of 3,995…", a progress bar and Cancel, for one task at a time.

    Hidden for work done within :attr:`SHOW_AFTER_MS`, so quick work does not flicker.
    """

    SHOW_AFTER_MS = 300

    def __init__(self, parent: QWidget | None = None, *, cancel_button: bool = True) -> None:
        """``cancel_button=False`` when the window's own Cancel stops the work
        (a dialog: call :meth:`cancel` from it)."""
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(cancel_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self._task: BackgroundTask | None = None
        self._describe: Callable[[int, int], str] = lambda done, total: ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._appear)
        self.hide()

    def follow(self, task: BackgroundTask, describe: Callable[[int, int], str],
               cancel_tip: str = "") -> None:
        """Show ``task``'s progress (``describe(done, total)``) once it has run a while."""
        self._task = task
        self._describe = describe
        self.label.setText(describe(0, 0))
        self.bar.setRange(0, 0)  # busy until the first report
        self.label.setMinimumWidth(0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setToolTip(cancel_tip)
        task.progress.connect(self._progress)
        task.finished.connect(self._finished)
        self._timer.start(self.SHOW_AFTER_MS)

    def cancel(self) -> None:
        """Ask the task to stop; says "Cancelling…" until it has."""
        if self._task is not None and self._task.is_running():
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")

    def _appear(self) -> None:
        if self._task is not None and self._task.is_running():
            self.show()

    def _progress(self, done: int, total: int) -> None:
        if self.sender() is not self._task or self._task.is_cancelling():
            return
        if self.bar.maximum() != max(total, 1):
            self.bar.setRange(0, max(total, 1))
            # As wide as the longest text, so the bar does not move as numbers grow.
            longest = self._describe(total, total)
            self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(longest))
        self.bar.setValue(min(done, total))
        self.label.setText(self._describe(done, total))

    def _finished(self) -> None:
        if self.sender() is self._task:
            self._task = None
            self._timer.stop()
            self.hide()
